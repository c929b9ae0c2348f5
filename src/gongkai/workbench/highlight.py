"""Show scanner findings in place: the text, escaped, with each finding wrapped in <mark>."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from gongkai.core import scanner

# The scanner's kinds, and the hidden content of attachments that publication review adds.
KIND_LABELS = {**scanner.KIND_LABELS, "hidden": "隐藏内容"}


def highlight(text: str, findings) -> str:
    parts, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos or text[f.start:f.end] != f.text:
            continue  # stale or overlapping: shown in the list, not in place
        parts.append(escape(text[pos:f.start]))
        parts.append(format_html('<mark class="finding {}" id="finding-{}" title="{}">{}</mark>', f.state, f.pk,
                                 KIND_LABELS.get(f.kind, f.kind), text[f.start:f.end]))
        pos = f.end
    parts.append(escape(text[pos:]))
    html = "".join(str(p) for p in parts)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 (every piece above is escaped)
