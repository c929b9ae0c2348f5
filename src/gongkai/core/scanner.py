"""Sensitive content in text that is about to be published. Pure: no Django.

`scan(text)` returns `Finding`s with Python string offsets into `text`, sorted by start, never
overlapping. Full-width ASCII (１３８…, ＡＢＣ, ：) is read as its half-width form, so digits
typed in a Chinese input method are found too; offsets and `Finding.text` still refer to the
original text. Kinds and their rules:

id_number
    18-character resident ID (17 digits and a digit or X): province code 11–83, a real birth
    date from 1900 up to today, and a correct ISO 7064 MOD 11-2 check character. Written as one
    block or grouped 6-8-4 or 6-4-4-4 by the same space or hyphen (350402 19850317 1233,
    350402-1985-0317-1233). Not when the number is part of a longer run of ASCII letters/digits.
    The 15-digit legacy number has no check digit, so any 15-digit order or serial number with a
    date in it would match: it is deliberately not detected.
id_number_unverified
    The same shape (province code and birth date) with a wrong check character, when a label
    身份证 (身份证号, 身份证号码…), 公民身份号码 or 证件号码 ends at most `ID_LABEL_GAP` characters
    before it, with no letter, digit, line break or sentence end (。；！？) in between: a
    mistyped or altered ID number is still a person's identifier. Without such a label (订单号,
    流水号…) a number with a wrong check character is not reported.
mobile
    1[3-9] and 9 more digits, as one block or grouped 3-4-4 by the same space or hyphen,
    optionally after +86 / 0086 / 86 / (+86). Not inside a longer run of letters/digits.
    Landlines (0598-8250000) never start with 1[3-9] and are not mobiles. Also written in
    Chinese numerals (一三九〇五九八一二三四, with 幺 for 1 and 零 or 〇 for 0, as one block or
    grouped 3-4-4), not inside a longer run of Chinese numerals (十, 百, 千, 万, 两 included).
bank_card
    16–19 digits, as one block or grouped by four (4-4-4-4 with an optional last group of 1–3),
    that pass the Luhn check and start with an issuer digit 3, 4, 5, 6 or 9 (or are a 16-digit
    2221–2720 Mastercard). An 18-digit number shaped like an ID number (province code and birth
    date) is a mistyped ID, not a card: id_number_unverified after an ID label, otherwise left
    out. Not inside a longer run.
plate
    Province abbreviation, a letter (no I/O), an optional separator (· • ・ or a space), then
    5 characters (ordinary, at most 3 letters; or 4 plus 学/警/挂/港/澳) or 6 for new-energy
    plates (D/F + 5, or 5 digits + D/F). No letters/digits may follow, so ICP licence numbers
    (京ICP备…, I is never used on plates) and document numbers (闽公〔2016〕5号) do not match.
secrecy_mark
    A classification *mark*, not the words used in prose. The marks are 绝密, 机密, 秘密
    (also written with a space, 秘　密), 警务工作秘密, 工作秘密 (a category of its own under the
    2024 保守国家秘密法) and 内部 / 内部资料 / 内部文件 / 内部事项 / 内部材料 / 内部使用; the longest
    wins (警务工作秘密 over 工作秘密 over 秘密). One is flagged (a) when followed by a star (★, ☆
    or *) and not preceded by a Han character, letter or digit — the span includes the star and
    a period such as 1年 / 10年 / 长期 / 启用前; or (b) when it stands alone on its line,
    optionally with such a period or a note like 注意保存; or (c) for 绝密/机密/秘密/警务工作秘密/
    工作秘密 (not 内部), at the end of a line after whitespace or a colon ("密级：机密",
    "附件标注：工作秘密"). So 商业秘密, 国家秘密, 机密性, 秘密侦查, 内部管理, "涉及工作秘密的事项"
    and "涉及警务工作秘密的" in running text are not marks.
name
    A Chinese personal name is reported only next to an identifier (id_number,
    id_number_unverified, mobile, bank_card, plate), on the same line: a run of 2–3 Han
    characters (3–4 with a compound surname) starting with a common surname, either after a
    label word (姓名：, 当事人, 联系人：, 车主…) or ending at most `NAME_GAP` characters before
    the identifier. Words that trail the name in the same run (身份证号, 电话, 的手机号…) are
    split off. Given names with 某 (already pseudonymised) and titles such as 先生/警官 are not
    names; a stop list keeps common words (高速, 万元, 周一, 金额, 龙岩…) out. Names after the
    identifier are not looked for.

`KIND_LABELS` names each kind in Chinese for those who review findings. `redact(text, findings)`
blacks out each finding with the same fixed-width mark (REDACTION_MARK).

Longer than the house limit (an eighth of it this specification): the kinds' patterns, their
checks and the overlap rule are one pass over the text, and the names are found beside the
identifiers the same pass found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

KINDS = ("id_number", "id_number_unverified", "mobile", "bank_card", "plate", "secrecy_mark", "name")
IDENTIFIER_KINDS = frozenset({"id_number", "id_number_unverified", "mobile", "bank_card", "plate"})
# How each kind is named to the people who review findings (workbench, catalog import, Q&A).
KIND_LABELS = {
    "id_number": "身份证号",
    "id_number_unverified": "疑似身份证号（校验位不符）",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "plate": "车牌号",
    "secrecy_mark": "密级标志",
    "name": "姓名",
}

# How far (in characters) a name may end before the identifier it belongs to.
NAME_GAP = 10
# How far (in characters) an ID label may end before an ID-shaped number with a wrong check
# character for the number to count as an ID: room for 号码为：, （号码 and the like.
ID_LABEL_GAP = 6

REDACTION_CHAR = "█"
# Every finding is blacked out with the same mark, whatever its length: a mark as long as what it
# hides would tell a two-character name from a three-character one (issue #16, hole 13).
REDACTION_MARK = REDACTION_CHAR * 4


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


# Full-width ASCII and the ideographic space map one-to-one to ASCII: offsets do not move.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"

# --------------------------------------------------------------------------- ID numbers

# The first character comes before the lookbehind (which then looks past it) so that the regex
# engine can skip ahead to candidates instead of trying the lookbehind at every position.
_ID_RE = re.compile(
    r"""
    [1-8](?<![0-9A-Za-z].)
    \d{5}
    (?:\d{11}                                          # one block
      | (?P<sep>[ -])\d{4}(?P=sep)?\d{4}(?P=sep)\d{3}  # 6-8-4 or 6-4-4-4
    )
    [0-9Xx]
    (?![0-9A-Za-z])
    """,
    re.ASCII | re.VERBOSE,
)
# 身份证 covers 身份证号 and 身份证号码 (the rest fits in the gap); a sentence end breaks the link
# (the text is half-width by then: ；！？ are ;!?).
_ID_LABELS = ("身份证", "公民身份号码", "证件号码")
_ID_LABEL_BEFORE_RE = re.compile(rf"(?:{'|'.join(_ID_LABELS)})[^0-9A-Za-z\n。;!?]{{0,{ID_LABEL_GAP}}}\Z")
_ID_LABEL_REACH = ID_LABEL_GAP + max(map(len, _ID_LABELS))
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83".split()
)


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _birth_date_ok(yyyymmdd: str, today: date) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def _id_shaped(digits: str, today: date) -> bool:
    """Province code and birth date of an ID number, whatever the check character."""
    return digits[:2] in _PROVINCES and _birth_date_ok(digits[6:14], today)


def is_valid_id_number(value: str, today: date | None = None) -> bool:
    value = value.translate(_HALF_WIDTH)
    if len(value) != 18 or not value[:17].isascii() or not value[:17].isdigit():
        return False
    today = today or date.today()  # pure module: callers with a bureau pass clock.today()
    return _id_shaped(value, today) and id_check_char(value[:17]) == value[17].upper()


# --------------------------------------------------------------------------- mobiles

_MOBILE_RE = re.compile(
    r"""
    (?<![0-9A-Za-z+])
    (?:(?:\+86|0086|86)[ -]?|\(\+?86\)[ ]?)?
    1[3-9]\d(?:\d{8}|(?P<sep>[ -])\d{4}(?P=sep)\d{4})
    (?![0-9A-Za-z])
    """,
    re.ASCII | re.VERBOSE,
)

# In Chinese numerals: read aloud, 1 is often 幺 and 0 is 零 or 〇.
_CN_NUMERAL = "〇零一幺二三四五六七八九"
# Any character of a Chinese number: a mobile is not part of a longer one.
_CN_NUMBER = _CN_NUMERAL + "十百千万亿两"
_CN_MOBILE_RE = re.compile(
    rf"""
    [一幺](?<![{_CN_NUMBER}].)   # first, as in _ID_RE, so that the search skips ahead
    [三四五六七八九][{_CN_NUMERAL}]
    (?:[{_CN_NUMERAL}]{{8}}|(?P<sep>[ -])[{_CN_NUMERAL}]{{4}}(?P=sep)[{_CN_NUMERAL}]{{4}})
    (?![{_CN_NUMBER}])
    """,
    re.VERBOSE,
)

# --------------------------------------------------------------------------- bank cards

_CARD_RE = re.compile(
    r"""
    (?<![0-9A-Za-z])
    (?:\d{16,19}|\d{4}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?)
    (?![0-9A-Za-z])
    """,
    re.ASCII | re.VERBOSE,
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_ok(digits: str, today: date) -> bool:
    if not 16 <= len(digits) <= 19 or not luhn_ok(digits):
        return False
    if len(digits) == 18 and _id_shaped(digits, today):
        return False
    if digits[0] in "34569":
        return True
    return len(digits) == 16 and 2221 <= int(digits[:4]) <= 2720


# --------------------------------------------------------------------------- plates

_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "A-HJ-NP-Z"
_PLATE_RE = re.compile(
    rf"""
    [{_PLATE_PROVINCES}][{_PLATE_LETTER}][·•・‧ ]?
    (?P<serial>
        [DF][{_PLATE_LETTER}0-9]\d{{4}}          # new-energy, small vehicles
      | \d{{5}}[DF]                              # new-energy, large vehicles
      | [{_PLATE_LETTER}0-9]{{4}}[学警挂港澳]    # coach, police, trailer, cross-border
      | [{_PLATE_LETTER}0-9]{{5}}                # ordinary
    )
    (?![0-9A-Za-z])
    """,
    re.ASCII | re.VERBOSE,
)

# --------------------------------------------------------------------------- secrecy marks

_STAR = "[★☆*]"
_PERIOD = r"(?:\d{1,3} ?(?:年|个月)|[一二两三四五六七八九十]{1,3}(?:年|个月)|长期|永久|启用前)"
_LEVEL = "(?:[绝机秘] ?密)"
_WORK_SECRET = "(?:(?:警务)?工作秘密)"
_MARK = rf"(?:{_WORK_SECRET}|{_LEVEL}|内部(?:资料|文件|事项|材料|使用)?)"
_LINE_END = r"(?=[ \t\r]*(?:\n|\Z))"
_MARK_RES = (
    # (a) with a star, wherever it stands, unless it ends a word (商业秘密★ is not a thing)
    re.compile(rf"(?<![{_HAN}0-9A-Za-z]){_MARK} *{_STAR}(?: *{_PERIOD})?"),
    # (b) alone on its line
    re.compile(rf"(?m)^[ \t]*(?P<mark>{_MARK}(?: *{_PERIOD})?(?: *(?:注意保存|妥善保管|严禁外传))?){_LINE_END}"),
    # (c) a classification level or work-secret mark closing a line after whitespace or a colon:
    # 密级：机密, 附件标注：警务工作秘密
    re.compile(rf"(?<=[\s:])(?:{_WORK_SECRET}|{_LEVEL})(?: +{_PERIOD})?{_LINE_END}"),
)

# --------------------------------------------------------------------------- names

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    # frequent in Fujian and elsewhere beyond the top hundred
    "傅翁詹游连池蓝卓柯阮庄常康施洪温牛葛庞樊兰殷乔齐祝倪柳岳童颜俞章聂凌季盛"
)
_COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 申屠 轩辕 钟离 闻人 澹台"
).split()
# Label words after which a name is expected (longest first so 被申请人 beats 申请人).
_LABELS = sorted(
    """姓名 当事人 申请人 被申请人 联系人 车主 户主 机动车所有人 所有人 驾驶人 驾驶员 法定代表人 法人代表
    负责人 代理人 委托代理人 委托人 收件人 寄件人 报案人 报警人 举报人 投诉人 受害人 被害人 嫌疑人
    犯罪嫌疑人 违法行为人 违法嫌疑人 被处罚人 持卡人 开户人 户名 账户名 监护人 经办人 承办人 签收人 见证人
    证人 曾用名 本人""".split(),
    key=len,
    reverse=True,
)
# Words that may trail a name inside the same run of Han characters.
_TRAILERS = sorted(
    """公民身份号码 身份证号码 身份证号 身份证 身份号码 证件号码 证件号 手机号码 手机号 手机 联系电话 电话号码 电话
    联系方式 车牌号码 车牌号 车牌 号牌号码 号牌 驾驶 银行卡号 银行卡 银行账号 卡号 账号 住址 先生 女士 同志""".split(),
    key=len,
    reverse=True,
)
# A given name never contains these (function words; 某 marks a name already pseudonymised).
_NOT_GIVEN = "的了是在和与及或等某被把"
_GIVEN = rf"(?:(?![{_NOT_GIVEN}])[{_HAN}])"
_RUN_RE = re.compile(
    rf"""^
    (?P<label>{"|".join(_LABELS)})?
    (?P<name>(?:{"|".join(_COMPOUND_SURNAMES)}){_GIVEN}{{1,2}}|[{_SURNAMES}]{_GIVEN}{{1,2}})
    (?:的?(?:{"|".join(_TRAILERS)}))?
    $""",
    re.VERBOSE,
)
_HAN_RUN_RE = re.compile(rf"[{_HAN}]+")
_LABEL_BEFORE_RE = re.compile(rf"(?:{'|'.join(_LABELS)}|姓 +名)[ \t:]*\Z")
# Titles and roles that follow a surname but are not a given name.
_STOP_GIVEN = frozenset(
    "先生 女士 同志 警官 老师 师傅 经理 主任 总 局长 所长 队长 科长 处长 民警 辅警 律师 医生 书记 主席 院长 校长 "
    "阿姨 大爷 某 某某".split()
)
# Ordinary words that begin with a surname character (first two characters of a candidate).
_STOP_WORDS = frozenset(
    """高速 高新 高中 高级 高度 高温 高峰 高于 高层 万元 万人 万台 万一 周一 周二 周三 周四 周五 周六 周日 周末
    周边 周期 周围 周年 周岁 周内 金额 金融 金属 金色 余额 余款 余下 方式 方向 方面 方法 方案 方便 方位 方针
    程序 程度 任何 任务 任职 任意 付款 付费 付清 付给 江苏 江西 江河 龙岩 石狮 邵武 武夷 武警 武汉 武器 黄山
    黄金 黄色 白色 白天 马上 马路 石油 钱款 毛重 夏季 夏天 于是 于此 向东 向西 向南 向北 曾经 曾用 许可 许多
    范围 董事 顾客 谢谢 何时 何处 何人 何地 何况 陆续 陆地 林业 林地 林场 段落 常住 常用 常规 常态 施工 康复
    洪水 温度 游客 游戏 连续 连同 连江 连城 蓝色 颜色 季度 凌晨 易燃 齐全 祝贺 章程 章节 严格 严禁 严重 史上
    田间 雷达 童年 庄严 盛大 庞大 宋体 罗列 郑重 胡同 陈述 陈列 张贴 孙子 孙女 苏州 沈阳 徐州 温州 兰州 柳州
    牛奶 卓越 池塘""".split()
)
# A 3-character candidate starting with one of these before another surname is a preposition
# and a 2-character name: 向张三…, 于李四….
_PARTICLE_SURNAMES = frozenset("于向")


# --------------------------------------------------------------------------- scanning


def scan(text: str, kinds: Iterable[str] | None = None, *, today: date | None = None) -> list[Finding]:
    """Findings of sensitive content in `text`, sorted by start, not overlapping.

    `kinds` restricts what is reported (names are still looked for next to identifiers of every
    kind). `today` bounds birth dates; it defaults to the current date.
    """
    wanted = frozenset(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"未知的检查类型：{'、'.join(sorted(unknown))}；可用类型：{'、'.join(KINDS)}")
    today = today or date.today()  # pure module: callers with a bureau pass clock.today()
    norm = text.translate(_HALF_WIDTH)

    spans = _id_numbers(norm, today)
    spans.extend(_search_all(_CARD_RE, norm, "bank_card", lambda s: _card_ok(re.sub(r"[ -]", "", s), today)))
    spans.extend(_search_all(_MOBILE_RE, norm, "mobile", None))
    spans.extend(_search_all(_CN_MOBILE_RE, norm, "mobile", None))
    spans.extend(_search_all(_PLATE_RE, norm, "plate", _plate_serial_ok))
    if "secrecy_mark" in wanted:
        spans.extend(_secrecy_marks(norm))
    spans = _without_overlaps(spans)
    if "name" in wanted:
        spans = sorted(spans + _names(norm, [s for s in spans if s[2] in IDENTIFIER_KINDS]))
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in spans if kind in wanted]


def _search_all(pattern: re.Pattern[str], text: str, kind: str, accept) -> list[tuple[int, int, str]]:
    """Every match that `accept` takes; after a rejected match the search resumes one character
    later, so a valid number right after an invalid group is still found."""
    found = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if accept is None or accept(m.group()):
            found.append((m.start(), m.end(), kind))
            pos = m.end()
        else:
            pos = m.start() + 1
    return found


def _id_numbers(text: str, today: date) -> list[tuple[int, int, str]]:
    """ID numbers, and ID-shaped numbers with a wrong check character after an ID label. No ID
    can start inside a rejected candidate (after its first separator fewer than 18 digits are
    left), so the search goes on after it."""
    found = []
    for m in _ID_RE.finditer(text):
        number = m.group() if m.group("sep") is None else m.group().replace(m.group("sep"), "")
        if not _id_shaped(number, today):
            continue
        if id_check_char(number[:17]) == number[17].upper():
            found.append((m.start(), m.end(), "id_number"))
        elif _ID_LABEL_BEFORE_RE.search(text, max(0, m.start() - _ID_LABEL_REACH), m.start()):
            found.append((m.start(), m.end(), "id_number_unverified"))
    return found


def _plate_serial_ok(plate: str) -> bool:
    serial = plate[2:].lstrip("·•・‧ ")
    letters = sum(1 for ch in serial if "A" <= ch <= "Z")
    return letters <= 3


def _secrecy_marks(text: str) -> list[tuple[int, int, str]]:
    found = []
    for pattern in _MARK_RES:
        for m in pattern.finditer(text):
            start, end = m.span("mark") if "mark" in pattern.groupindex else m.span()
            found.append((start, end, "secrecy_mark"))
    return found


_PRIORITY = {"secrecy_mark": 0, "id_number": 1, "id_number_unverified": 2, "bank_card": 3, "mobile": 4, "plate": 5,
             "name": 6}


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the earliest, then longest, then most specific of overlapping spans."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], s[0] - s[1], _PRIORITY[s[2]])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    return kept


def _names(text: str, identifiers: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    if not identifiers:
        return []
    # Identifiers blanked out, so a plate's province character never joins a name's run.
    pieces, pos = [], 0
    for start, end, _ in identifiers:
        pieces.append(text[pos:start])
        pieces.append("\x00" * (end - start))
        pos = end
    pieces.append(text[pos:])
    masked = "".join(pieces)

    starts = [s for s, _, _ in identifiers]
    lines: dict[int, int] = {}
    for start, _, _ in identifiers:
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in lines:
            line_end = text.find("\n", start)
            lines[line_start] = len(text) if line_end < 0 else line_end

    found = []
    for line_start, line_end in lines.items():
        for run in _HAN_RUN_RE.finditer(masked, line_start, line_end):
            m = _RUN_RE.match(run.group())
            if m is None:
                continue
            name_start, name_end = run.start() + m.start("name"), run.start() + m.end("name")
            name = m.group("name")
            if len(name) == 3 and name[0] in _PARTICLE_SURNAMES and name[1] in _SURNAMES and not m.group("label"):
                name, name_start = name[1:], name_start + 1
            if not _plausible_name(name):
                continue
            labelled = m.group("label") is not None or (
                _LABEL_BEFORE_RE.search(masked, max(line_start, run.start() - 12), run.start()) is not None
            )
            i = bisect_left(starts, name_end)
            near = i < len(starts) and starts[i] - name_end <= NAME_GAP and starts[i] < line_end
            if labelled or near:
                found.append((name_start, name_end, "name"))
    return found


def _plausible_name(name: str) -> bool:
    surname_len = 2 if name[:2] in _COMPOUND_SURNAMES else 1
    given = name[surname_len:]
    if not 1 <= len(given) <= 2 or given in _STOP_GIVEN or given[0] in _STOP_GIVEN:
        return False
    return name[:2] not in _STOP_WORDS and name not in _STOP_WORDS


def redact(text: str, findings: Iterable[Finding]) -> str:
    """`text` with every finding replaced by REDACTION_MARK (one width for all)."""
    for f in sorted(findings, key=lambda f: f.start, reverse=True):  # from the end: offsets hold
        text = text[:f.start] + REDACTION_MARK + text[f.end:]
    return text
