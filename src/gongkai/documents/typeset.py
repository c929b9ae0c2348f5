"""PDF through Typst: a template and its data (passed as JSON in `sys.inputs`, never spliced into
markup) compiled with the fonts that can show every character, or refused."""

import json
import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import typst

from gongkai.core import fonts

from .style import font_roles

log = logging.getLogger(__name__)


def available(fonts: dict[str, list[str]], index: typst.Fonts) -> dict[str, list[str]]:
    """Each role's list cut down to installed families (Typst warns about the others); a role with
    none installed keeps its list so Typst falls back to any font with the glyphs."""
    installed = {f.casefold() for f in index.families()}
    return {role: [f for f in names if f.casefold() in installed] or list(names) for role, names in fonts.items()}


LONG_TOKEN = re.compile(r"[!-~]{41,}")


def breakable(text: str) -> str:
    """Zero-width spaces every 10 characters of a Latin token longer than a line (a URL, a hash):
    Typst finds no break in it and would run it past the right margin."""
    return LONG_TOKEN.sub(lambda m: "\u200b".join(re.findall(r".{1,10}", m.group())), text)


def compile_pdf(template: Path, make_data, *, what: str, files: dict[str, bytes] | None = None) -> bytes:
    """Compile a Typst template with the document's data (from `make_data(fonts)`, the fonts per
    role cut down to installed families) as JSON in sys.inputs; refuses, rather than renders, a
    text the installed fonts cannot show. `files` (name -> bytes, an image) are all the template
    can read: it is compiled in a directory of its own holding them and nothing else."""
    index = fonts.index()
    roles = available(font_roles(), index)
    data = make_data(roles)
    fonts.require_glyphs(strings(data), [f for names in roles.values() for f in names], what=what)
    with tempfile.TemporaryDirectory(prefix="gongkai-typst-") as root:
        main = Path(root, template.name)
        main.write_bytes(template.read_bytes())
        for name, content in (files or {}).items():
            Path(root, name).write_bytes(content)
        pdf, warnings = typst.compile_with_warnings(
            main, root=root, format="pdf", font_paths=index, sys_inputs={"data": json.dumps(data)})
    for warning in warnings:
        log.warning("%s template: %s", template.stem, warning.message)
    return pdf


def strings(value) -> Iterator[str]:
    """Every text a document's data will print (not the font names and sizes that set it)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"fonts", "sizes", "red", "title_weight", "seal", "seal_mm"}:
                yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
