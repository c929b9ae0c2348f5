"""The fonts letters and reports are set in, and the promise that no PDF leaves without its glyphs.

Typst takes its fonts from the system (GONGKAI_DOCUMENT_SYSTEM_FONTS, default on) and from the
bureau's own font folders (GONGKAI_DOCUMENT_FONT_PATHS). When no installed font has a character
Typst prints nothing for it and carries on, which on a machine without Chinese fonts produced
letters with every Chinese character missing. So:

- `problems()` is the start-up check (a Django system check, the health check): the fonts must be
  able to show Chinese;
- `require_glyphs(texts)` runs before every PDF is compiled: a character no installed font can
  show raises `MissingGlyphs` (a ValidationError, so the service's transaction stores nothing and
  the form says why) instead of a PDF with a gap.

Coverage is read from each font's cmap (fontTools), one face per family, once per process.
"""

import functools
import logging
import unicodedata
from collections.abc import Iterable

import typst
from django.conf import settings
from django.core.exceptions import ValidationError
from fontTools.ttLib import TTFont

log = logging.getLogger(__name__)

PACKAGE = "fonts-noto-cjk"
# Characters every notice has: the statute's name, the letter's words, full-width punctuation.
PROBE = "中华人民共和国政府信息公开条例申请告知书答复依法予以（）《》〔〕，。：；、“”"


class MissingGlyphs(ValidationError):
    """The text of a document has characters no installed font can show."""


def _settings() -> tuple[bool, tuple[str, ...]]:
    return (bool(getattr(settings, "GONGKAI_DOCUMENT_SYSTEM_FONTS", True)),
            tuple(getattr(settings, "GONGKAI_DOCUMENT_FONT_PATHS", ())))


@functools.cache
def _index(system: bool, paths: tuple[str, ...]) -> typst.Fonts:
    # Scanning the font folders costs ~100 ms (the CJK collections are large) against ~40 ms for a
    # whole letter, so the index is built once per process; a newly installed font needs a restart.
    from pathlib import Path

    return typst.Fonts(include_system_fonts=system, font_paths=[p for p in paths if Path(p).is_dir()])


def index() -> typst.Fonts:
    """The fonts Typst will use, as the settings say."""
    return _index(*_settings())


@functools.cache
def _codepoints(path: str, number: int) -> frozenset[int]:
    if not path:  # fonts built into Typst itself (Libertinus, New Computer Modern): Latin only
        return frozenset(range(0x20, 0x250))
    try:
        with TTFont(path, fontNumber=number, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # a damaged or unusual font file: it shows nothing we can count on
        log.warning("documents: cannot read the character map of %s (#%s)", path, number, exc_info=True)
        return frozenset()


def _families(fonts: typst.Fonts) -> dict[str, list]:
    by_family: dict[str, list] = {}
    for info in fonts.fonts():
        by_family.setdefault(info.family.casefold(), []).append(info)
    return by_family


def _family_codepoints(faces: list) -> frozenset[int]:
    # The faces of one family share their character set; take the regular one.
    face = min(faces, key=lambda f: (f.style != "normal", abs(f.weight - 400)))
    return _codepoints(str(face.path or ""), face.index)


def _needs_glyph(c: str) -> bool:
    # Spaces, line breaks and format characters (the zero-width spaces we insert) print nothing.
    return unicodedata.category(c) not in {"Zs", "Zl", "Zp", "Cc", "Cf"}


def uncovered(texts: Iterable[str], preferred: Iterable[str] = ()) -> list[str]:
    """Characters of `texts` that no installed font can show, in order of first appearance.
    `preferred` families are tried first (the cheap, usual case); Typst falls back to any other
    installed font, so those are tried next."""
    order = list(dict.fromkeys(c for text in texts for c in text if _needs_glyph(c)))
    missing = {ord(c) for c in order}
    families = _families(index())
    names = [n.casefold() for n in preferred if n.casefold() in families]
    names += [n for n in families if n not in names]
    for name in names:
        if not missing:
            break
        missing -= _family_codepoints(families[name])
    return [c for c in order if ord(c) in missing]


def require_glyphs(texts: Iterable[str], preferred: Iterable[str] = (), *, what: str = "文书") -> None:
    """Raise MissingGlyphs unless every character of `texts` can be shown."""
    missing = uncovered(texts, preferred)
    if missing:
        shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing[:10]) + ("等" if len(missing) > 10 else "")
        raise MissingGlyphs(
            f"无法生成{what}：已安装的字体中没有{shown}的字形，生成的PDF会缺字。"
            f"请安装包含这些字的字体（系统字体包 {PACKAGE}，或在 GONGKAI_DOCUMENT_FONT_PATHS 中加入本单位字体目录）后重启服务。",
            code="missing_glyphs")


@functools.cache
def _problems(system: bool, paths: tuple[str, ...]) -> tuple[str, ...]:
    missing = uncovered([PROBE])
    if not missing:
        return ()
    folders = "、".join(paths) or "未设置"
    where = (f"系统字体和本单位字体目录（{folders}）中" if system else
             f"已关闭系统字体（GONGKAI_DOCUMENT_SYSTEM_FONTS=0），本单位字体目录（{folders}）中")
    return (
        f"文书字体不能显示中文：{where}没有能显示中文的字体，告知书、年度报告等PDF将缺字。"
        f"请安装 {PACKAGE}（apt-get install {PACKAGE}），"
        "或用 GONGKAI_DOCUMENT_FONT_PATHS（以冒号分隔）指定本单位的字体目录。 / "
        f"No font for letters and reports can show Chinese: install the Debian package {PACKAGE} "
        "or point GONGKAI_DOCUMENT_FONT_PATHS at the bureau's font folders.",
    )


def problems() -> tuple[str, ...]:
    """What is wrong with the document fonts (empty when they can show Chinese)."""
    return _problems(*_settings())
