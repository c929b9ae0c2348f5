"""No document without its glyphs (issue #15): the start-up check fails without fonts that show
Chinese and names the package; a notice or report whose text the fonts cannot show is refused
with a clear message and nothing is stored."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from gongkai.core import fonts
from gongkai.documents import NoticeDocument, render_pdf

# A character of CJK Extension H (2022): in no font Debian ships today.
UNSHOWN = "\U00031350"
NOTO = "/usr/share/fonts/opentype/noto"


def letter(text: str) -> NoticeDocument:
    return NoticeDocument(issuer="三明市公安局", number="明公信告〔2026〕1号", title="政府信息公开申请答复告知书",
                  addressee="张三", paragraphs=[text], signed_on=date(2026, 12, 7))


@pytest.fixture
def no_system_fonts(settings):
    settings.GONGKAI_DOCUMENT_SYSTEM_FONTS = False
    settings.GONGKAI_DOCUMENT_FONT_PATHS = []


def test_the_check_fails_without_system_fonts_and_names_the_package():
    """`GONGKAI_DOCUMENT_SYSTEM_FONTS=0 gongkai check` fails, in Chinese and English."""
    env = {**os.environ, "GONGKAI_DOCUMENT_SYSTEM_FONTS": "0", "GONGKAI_DOCUMENT_FONT_PATHS": ""}
    gongkai = Path(sys.executable).with_name("gongkai")
    run = subprocess.run([str(gongkai), "check"], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "gongkai.E001" in run.stderr and "fonts-noto-cjk" in run.stderr
    assert "不能显示中文" in run.stderr and "can show Chinese" in run.stderr


def test_the_check_passes_with_the_bureaus_own_font_folder(settings, no_system_fonts):
    settings.GONGKAI_DOCUMENT_FONT_PATHS = [NOTO]
    assert fonts.problems() == ()
    call_command("check", tags=["documents"])


def test_the_check_fails_in_process_too(no_system_fonts):
    with pytest.raises(SystemCheckError, match="fonts-noto-cjk"):
        call_command("check", tags=["documents"])


def test_healthz_reports_the_missing_fonts(client, no_system_fonts, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.json()["documents"]


def test_a_letter_is_refused_rather_than_printed_without_glyphs(no_system_fonts):
    with pytest.raises(fonts.MissingGlyphs, match="fonts-noto-cjk") as refused:
        render_pdf(letter("您申请公开的政府信息，本机关决定予以公开。"))
    assert "“三”（U+4E09）、“明”（U+660E）" in refused.value.messages[0]  # in order, from the letterhead


def test_a_character_no_font_has_is_named(db):
    with pytest.raises(ValidationError) as refused:
        render_pdf(letter(f"申请人张{UNSHOWN}："))
    assert f"没有“{UNSHOWN}”（U+31350）的字形" in refused.value.messages[0]
    # Everything the letters need is there with the system fonts.
    assert render_pdf(letter("您申请公开的政府信息，本机关决定予以公开。")).startswith(b"%PDF")
