"""The house style of official documents (GB/T 9704-2012): fonts and sizes per role (settings
override the defaults), the type area, heading levels and dates written the Chinese way."""

import re
from datetime import date

from django.conf import settings

DEFAULT_FONTS = {
    "title": ["FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC"],
    "body": ["FangSong_GB2312", "仿宋_GB2312", "FangSong", "Noto Serif CJK SC"],
    "heading": ["SimHei", "黑体", "Noto Sans CJK SC"],
    "kai": ["KaiTi_GB2312", "楷体_GB2312", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"],
    "page_number": ["SimSun", "宋体", "Noto Serif CJK SC"],
}


# pt: 2号 title, 3号 body, 4号 page numbers and 版记; the issuer's red name has no fixed size.
DEFAULT_SIZES = {"title": 22, "body": 16, "page_number": 14, "issuer": 30, "record": 14}


RED = "#FF0000"


# Text block 156 × 225 mm, 22 lines of 28 characters (GB/T 9704 §5.2.1).
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


LINE_PITCH_PT = 225 / 22 * 72 / 25.4


CHAR_PITCH_PT = 156 / 28 * 72 / 25.4


# Heading levels of the body: 一、 → 1 (黑体), （一） → 2 (楷体), 1. → 3, （1） → 4 (both 仿宋).
# "1.5万元" is not a heading, hence the look-ahead.
LEVELS = [
    (1, re.compile(r"[一二三四五六七八九十百]+、")),
    (2, re.compile(r"[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"\d+[.．](?!\d)")),
    (4, re.compile(r"[（(]\d+[）)]")),
]


# Font role of each level's heading words; the rest of a paragraph is body text.
LEVEL_FONT = {0: "body", 1: "heading", 2: "kai", 3: "body", 4: "body"}


def chinese_date(day: date) -> str:
    """成文日期 with Arabic digits and no leading zeros: 2026年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def split_heading(paragraph: str) -> tuple[int, str, str]:
    """(level, heading words, rest). A level-1/2 heading is the text up to its first 。, as in
    "（一）强化领导。各单位要……"; a paragraph without one is a heading line of its own."""
    for level, pattern in LEVELS:
        if pattern.match(paragraph):
            end = paragraph.find("。")
            if level > 2 or end < 0:
                return level, paragraph, ""
            return level, paragraph[: end + 1], paragraph[end + 1 :]
    return 0, "", paragraph


def font_roles() -> dict[str, list[str]]:
    return {**DEFAULT_FONTS, **getattr(settings, "GONGKAI_DOCUMENT_FONTS", DEFAULT_FONTS)}


def font_sizes() -> dict[str, float]:
    return {**DEFAULT_SIZES, **getattr(settings, "GONGKAI_DOCUMENT_SIZES", DEFAULT_SIZES)}


# A round official seal is 42 mm across (4.2 cm, the common size of a body's 公章).
DEFAULT_SEAL_MM = 42


def seal_size_mm() -> float:
    return getattr(settings, "GONGKAI_DOCUMENT_SEAL_MM", DEFAULT_SEAL_MM)


def is_xiaobiaosong(family: str) -> bool:
    return "xiaobiaosong" in family.lower().replace(" ", "") or "小标宋" in family
