"""Sensitive content in text (core/scanner.py) and the `gongkai scan` command.

ID numbers and card numbers are generated here with their check digits computed independently of
the scanner, so the tests do not trust the code they test.
"""

import io
import json
import time
from datetime import date

import docx
import pytest
import typst
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from pypdf import PdfReader

from gongkai.core.files.extraction import extract_text
from gongkai.core.scanner import KIND_LABELS, KINDS, REDACTION_MARK, Finding, redact, scan

TODAY = date(2026, 11, 24)


def with_check_digit(first17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_check_digit(first17: str) -> str:
    right = with_check_digit(first17)[-1]
    return first17 + ("0" if right != "0" else "1")


def luhn_complete(prefix: str) -> str:
    for last in "0123456789":
        number = prefix + last
        digits = [int(d) for d in reversed(number)]
        total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


def luhn_broken(prefix: str) -> str:
    good = luhn_complete(prefix)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


ID_SANMING = with_check_digit("35040219900307123")  # 三明市梅列区, born 1990-03-07
ID_X = next(
    with_check_digit(f"1101051949123100{i}") for i in range(10)
    if with_check_digit(f"1101051949123100{i}").endswith("X")
)
ID_BAD = wrong_check_digit("35040219900307123")  # the same person, check character mistyped
CARD_19 = luhn_complete("622202000000000000")  # 19-digit UnionPay debit card
CARD_16 = luhn_complete("436742000000123")  # 16-digit card


def found(text: str, kind: str | None = None, **kwargs) -> list[Finding]:
    findings = scan(text, today=TODAY, **kwargs)
    for f in findings:
        assert text[f.start:f.end] == f.text
    return [f for f in findings if kind is None or f.kind == kind]


def texts(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in found(text, kind)]


# --------------------------------------------------------------------------- id_number


def test_id_number_in_sentence_with_offsets():
    text = f"当事人张三（公民身份号码：{ID_SANMING}）于2026年11月提出申请。"
    [f] = found(text, "id_number")
    assert f == Finding("id_number", text.index(ID_SANMING), text.index(ID_SANMING) + 18, ID_SANMING)


def test_id_number_with_x_check_character_upper_lower_and_full_width():
    assert texts(f"身份证：{ID_X}", "id_number") == [ID_X]
    assert texts(f"身份证：{ID_X.lower()}", "id_number") == [ID_X.lower()]
    full_width = ID_X.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert texts(f"身份证：{full_width}", "id_number") == [full_width]


def test_id_number_wrong_check_digit_is_not_an_id():
    assert found(f"身份证号 {ID_BAD}", "id_number") == []


@pytest.mark.parametrize(
    "first17",
    [
        "35040219900230123",  # 30 February
        "35040219901301123",  # month 13
        "35040218991231123",  # born before 1900
        "35040220271231123",  # born in the future
        "99040219900307123",  # no such province
        "20261124000012345",  # an order number: "province" 20, "date" 24000012
    ],
)
def test_id_number_impossible_date_or_province_is_not_an_id(first17):
    number = with_check_digit(first17)  # checksum right, structure wrong
    assert found(f"编号 {number}", "id_number") == []


def test_order_number_and_date_are_not_ids():
    assert found("订单号 202611240000123456，下单日期 20261124。") == []


def test_id_number_inside_longer_runs_is_not_an_id():
    assert found(f"流水号 9{ID_SANMING}", "id_number") == []
    assert found(f"流水号 {ID_SANMING}7", "id_number") == []
    assert found(f"编号 NO{ID_SANMING}", "id_number") == []
    assert texts(f"身份证号:{ID_SANMING};", "id_number") == [ID_SANMING]


def grouped(number: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, pos = [], 0
    for size in sizes:
        parts.append(number[pos:pos + size])
        pos += size
    assert pos == len(number)
    return sep.join(parts)


@pytest.mark.parametrize("sizes", [(6, 8, 4), (6, 4, 4, 4)])
@pytest.mark.parametrize("sep", [" ", "-", "\u3000", "－"])
def test_id_number_grouped_by_spaces_or_hyphens(sizes, sep):
    number = grouped(ID_SANMING, sizes, sep)
    text = f"当事人（公民身份号码 {number}）"
    [f] = found(text, "id_number")
    assert (f.start, f.end, f.text) == (text.index(number), text.index(number) + len(number), number)
    # Without a label too: a valid check character is enough.
    assert texts(f"名单：{number}，", "id_number") == [number]


def test_id_number_grouping_needs_one_separator_and_no_longer_run():
    assert found(f"身份证号 {ID_SANMING[:6]} {ID_SANMING[6:14]}-{ID_SANMING[14:]}") == []
    assert found(f"身份证号 {ID_SANMING[:6]}-{ID_SANMING[6:10]} {ID_SANMING[10:14]}-{ID_SANMING[14:]}") == []
    assert found(f"身份证号 {ID_SANMING[:4]} {ID_SANMING[4:8]} {ID_SANMING[8:12]} {ID_SANMING[12:16]} "
                 f"{ID_SANMING[16:]}", "id_number") == []  # 4-4-4-4-2 is no ID grouping
    number = grouped(ID_SANMING, (6, 8, 4), " ")
    assert found(f"编号 A{number}", "id_number") == []
    assert found(f"编号 {number}5", "id_number") == []


# --------------------------------------------------------------------------- id_number_unverified


@pytest.mark.parametrize(
    "before",
    ["身份证", "身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证号：", "身份证号码为", "公民身份号码（",
     "证件号码: ", "身份证号码是：", "居民身份证（号码 ", "身份证号码 ："],
)
def test_id_shaped_number_with_wrong_check_digit_after_a_label(before):
    text = f"当事人{before}{ID_BAD}）"
    [f] = found(text, "id_number_unverified")
    assert (f.start, f.end, f.text) == (text.index(ID_BAD), text.index(ID_BAD) + 18, ID_BAD)
    assert found(text, "id_number") == []


def test_unverified_id_number_grouped_and_full_width():
    number = grouped(ID_BAD, (6, 4, 4, 4), "-")
    assert texts(f"证件号码：{number}", "id_number_unverified") == [number]
    full_width = ID_BAD.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert texts(f"身份证号：{full_width}", "id_number_unverified") == [full_width]


@pytest.mark.parametrize(
    "text",
    [
        f"订单号 {ID_BAD}",
        f"流水号：{ID_BAD}，",
        f"编号 {grouped(ID_BAD, (6, 8, 4), ' ')}",
        f"序列号{ID_BAD}",
        f"{ID_BAD}",
        f"身份证复印件已收齐，订单号{ID_BAD}",  # the label is more than a few characters away
        f"请携带身份证。订单号{ID_BAD}",  # a sentence ends between them
        f"请携带身份证\n{ID_BAD}",  # another line
        f"身份证号 9{ID_BAD}",  # inside a longer run
        f"身份证号 {with_check_digit('35040219900230123')[:-1]}0",  # 30 February: not ID-shaped
        f"身份证号 {with_check_digit('99040219900307123')[:-1]}0",  # no such province
    ],
)
def test_wrong_check_digit_without_a_near_label_stays_unflagged(text):
    assert [f for f in found(text) if f.kind.startswith("id_number")] == []


# --------------------------------------------------------------------------- mobile


@pytest.mark.parametrize(
    "number",
    ["13800138000", "19912345678", "138 0013 8000", "138-0013-8000", "+86 13800138000", "+8613800138000",
     "86-13800138000", "0086 13800138000", "(+86) 13800138000"],
)
def test_mobile_forms(number):
    assert texts(f"联系电话：{number}。", "mobile") == [number]


def test_mobile_negatives():
    assert found("值班电话 0598-8250000，传真 0598-8250001", "mobile") == []
    assert found("编号 12345678901", "mobile") == []  # 12x is not a mobile prefix
    assert found("流水 213800138000 与 138001380001", "mobile") == []  # longer digit runs
    assert found("电话 138 0013-8000", "mobile") == []  # mixed separators: not a 3-4-4 grouping
    assert found("型号 AB13800138000", "mobile") == []


@pytest.mark.parametrize(
    "number",
    ["一三九〇五九八一二三四", "一三九零五九八一二三四", "幺三九〇五九八幺二三四", "一三九 〇五九八 一二三四",
     "一三九-〇五九八-一二三四", "一八八〇〇〇〇〇〇〇〇"],
)
def test_mobile_in_chinese_numerals(number):
    text = f"联系电话：{number}。"
    [f] = found(text, "mobile")
    assert (f.start, f.end, f.text) == (5, 5 + len(number), number)


@pytest.mark.parametrize(
    "text",
    [
        "二〇二四年十一月二十日",  # dates are short
        "一二三四五六七八九〇一",  # 12x is not a mobile prefix
        "一三九〇五九八一二三",  # ten numerals
        "一三九〇五九八一二三四五",  # twelve
        "二一三九〇五九八一二三四",  # inside a longer run
        "一三九〇五九八一二三四十",
        "一千一三九〇五九八一二三四",
        "一三九 〇五九八-一二三四",  # mixed separators
        "一三九〇 五九八一 二三四",  # not 3-4-4
        "一二三四五六七八九十百千万",
        "一一对应，三三两两，五五分成，七七八八，九九归一",
    ],
)
def test_chinese_numerals_that_are_not_mobiles(text):
    assert found(text, "mobile") == []


def test_name_next_to_a_mobile_in_chinese_numerals():
    assert texts("联系人李明，手机一三九〇五九八一二三四", "name") == ["李明"]
    assert texts("李明手机幺三九〇五九八幺二三四", "name") == ["李明"]


def test_mobile_offsets_with_prefix():
    text = "咨询：+86 138 0013 8000（工作日）"
    [f] = found(text, "mobile")
    assert (f.start, f.end) == (3, 3 + len("+86 138 0013 8000"))


# --------------------------------------------------------------------------- bank_card


def test_bank_card_compact_and_grouped():
    grouped = " ".join([CARD_19[i:i + 4] for i in range(0, 19, 4)])
    assert texts(f"银行卡号：{CARD_19}", "bank_card") == [CARD_19]
    assert texts(f"卡号 {grouped} 开户行 农业银行", "bank_card") == [grouped]
    dashed = "-".join([CARD_16[i:i + 4] for i in range(0, 16, 4)])
    assert texts(f"卡号{dashed}", "bank_card") == [dashed]


def test_bank_card_failing_luhn_is_not_a_card():
    assert found(f"订单号 {luhn_broken('622202000000000000')}", "bank_card") == []
    assert found(f"订单号 {luhn_broken('62220200000000000')} 已支付", "bank_card") == []


def test_bank_card_needs_an_issuer_digit_and_no_longer_run():
    assert found(f"编号 {luhn_complete('722202000000000000')}", "bank_card") == []
    assert found(f"编号 {luhn_complete('12220200000000000')}", "bank_card") == []
    assert found(f"流水号 {CARD_19}5", "bank_card") == []
    assert found(f"流水号 8{CARD_19}", "bank_card") == []


def test_mistyped_id_number_is_not_a_card():
    # 18 digits shaped like an ID (province 35, birth date 1990-03-07) but with a wrong check
    # character: not a bank card even when it happens to pass Luhn; after an ID label it is an
    # unverified ID number, elsewhere nothing.
    candidates = [f"3504021990030712{i:02d}" for i in range(100)]
    shaped = next(c for c in candidates if luhn_complete(c[:-1]) == c and with_check_digit(c[:17]) != c)
    assert [(f.kind, f.text) for f in found(f"身份证号 {shaped}")] == [("id_number_unverified", shaped)]
    assert found(f"流水号 {shaped}") == []


def test_card_after_an_invalid_group_is_still_found():
    grouped = " ".join([CARD_16[i:i + 4] for i in range(0, 16, 4)])
    assert texts(f"卡号：{grouped}", "bank_card") == [grouped]


# --------------------------------------------------------------------------- plate


@pytest.mark.parametrize(
    "plate",
    ["闽G12345", "闽G·12345", "闽G 12345", "闽GA1234", "京AD12345", "粤B12345D", "沪AF12345",
     "闽A1234学", "闽A1234警", "粤Z1234港", "浙B1234挂"],
)
def test_plate_forms(plate):
    assert texts(f"肇事车辆（{plate}）逃逸", "plate") == [plate]


def test_plate_negatives():
    prose = (
        "根据闽公〔2016〕5号、闽公交〔2026〕12号文件，明公〔2016〕5号同时废止。"
        "网站备案号：闽ICP备12345678号，增值电信业务经营许可证：沪B2-20050000。"
        "新A轮融资完成，京东方A股上涨，苏州河治理，宁夏回族自治区，闽G123456789，闽GABCDE。"
    )
    assert found(prose, "plate") == []


# --------------------------------------------------------------------------- secrecy_mark


@pytest.mark.parametrize(
    ("line", "mark"),
    [
        ("秘密★1年", "秘密★1年"),
        ("机密★10年", "机密★10年"),
        ("绝密★启用前", "绝密★启用前"),
        ("机密★", "机密★"),
        ("内部★", "内部★"),
        ("警务工作秘密", "警务工作秘密"),
        ("警务工作秘密★", "警务工作秘密★"),
        ("  内部资料", "内部资料"),
        ("内部资料 注意保存", "内部资料 注意保存"),
        ("秘　密", "秘　密"),
        ("密级：机密", "机密"),
        ("份号 000123  秘密", "秘密"),
        ("工作秘密", "工作秘密"),
        ("工作秘密★", "工作秘密★"),
        ("工作秘密★长期", "工作秘密★长期"),
        ("  工作秘密  注意保存", "工作秘密  注意保存"),
        ("附件标注：警务工作秘密", "警务工作秘密"),
        ("附件标注：工作秘密", "工作秘密"),
        ("附件标注:工作秘密  ", "工作秘密"),
        ("标注 警务工作秘密", "警务工作秘密"),
        ("密级 工作秘密 1年", "工作秘密 1年"),
    ],
)
def test_secrecy_marks(line, mark):
    text = f"{line}\n三明市公安局关于……的通知\n"
    assert texts(text, "secrecy_mark") == [mark]


def test_longest_mark_wins():
    [f] = found("警务工作秘密★长期\n正文", "secrecy_mark")
    assert f.text == "警务工作秘密★长期"
    assert f.start == 0
    for text in ("警务工作秘密\n", "附件标注：警务工作秘密\n"):
        [f] = found(text, "secrecy_mark")
        assert f.text == "警务工作秘密"


@pytest.mark.parametrize(
    "prose",
    [
        "涉及商业秘密、个人隐私的政府信息，行政机关不得公开。",  # 条例第十五条
        "属于国家秘密的，不予公开。",
        "商业秘密\n",
        "加强信息系统的机密性、完整性保护。",
        "依法采取秘密侦查措施。",
        "本文件涉及警务工作秘密的内容已删除。",
        "涉及工作秘密的事项\n",
        "涉及工作秘密的事项，依照保守国家秘密法管理。",
        "机关、单位应当加强对工作秘密的管理。\n",
        "不得泄露工作秘密★\n",  # ends a word: not a mark even with a star
        "属于工作秘密\n",  # no whitespace or colon before it
        "工作秘密管理办法\n",
        "内部管理信息不属于应当公开的政府信息。",
        "单位内部\n事项",
    ],
)
def test_ordinary_words_are_not_marks(prose):
    assert found(prose, "secrecy_mark") == []


# --------------------------------------------------------------------------- name


def test_name_before_id_number():
    text = f"张三（身份证号：{ID_SANMING}）"
    assert texts(text, "name") == ["张三"]


def test_name_after_label_with_phone():
    assert texts("联系人：李明，电话 138 0013 8000", "name") == ["李明"]
    assert texts("车主王小红 闽G12345", "name") == ["王小红"]
    assert texts(f"申请人欧阳娜娜身份证号{ID_SANMING}", "name") == ["欧阳娜娜"]


def test_name_in_a_table_row_far_from_identifier():
    row = f"姓名\t张三丰\t性别\t男\t民族\t汉族\t出生日期\t1990-03-07\t公民身份号码\t{ID_SANMING}"
    assert texts(row, "name") == ["张三丰"]


def test_name_with_trailing_word_in_same_run():
    assert texts("李明的手机号13800138000", "name") == ["李明"]
    assert texts("王芳电话13800138000", "name") == ["王芳"]


def test_name_next_to_an_unverified_id_number():
    assert texts(f"张三（身份证号：{ID_BAD}）", "name") == ["张三"]
    assert texts(f"姓名\t李明\t公民身份号码\t{ID_BAD}", "name") == ["李明"]
    assert found(f"张三 订单号 {ID_BAD}", "name") == []  # no label, no identifier, no name


def test_no_name_without_identifier():
    assert found("张三、李四、王小红参加了会议。联系人：李明。", "name") == []


def test_name_on_another_line_or_too_far_is_not_taken():
    assert found("李明\n电话 13800138000", "name") == []
    assert found("李明参加会议后通过电话联系了我们 13800138000", "name") == []


def test_common_words_and_pseudonyms_are_not_names():
    assert found(f"金额 {CARD_19}", "name") == []
    assert found("周一 13800138000 高速 闽G12345 万元 13912345678", "name") == []
    assert found(f"张某（身份证号：{ID_SANMING}）", "name") == []
    assert found("张先生 13800138000", "name") == []
    assert found("龙岩市 13800138000", "name") == []


def test_preposition_before_name_is_dropped():
    assert texts(f"向张三（身份证号：{ID_SANMING}）送达", "name") == ["张三"]


# --------------------------------------------------------------------------- whole scan


MIXED = (
    "秘密★1年\n"
    f"当事人：张三，公民身份号码 {ID_SANMING}，电话 138 0013 8000，\n"
    f"银行卡号 {CARD_19}，车辆闽G·D12345。涉及商业秘密的不予公开。\n"
    "订单号 202611240000123456，值班电话 0598-8250000，依据闽公〔2016〕5号。\n"
)


# Issue #16, hole 12: what the scanner missed before.
HOLE_12 = (
    "附件标注：工作秘密\n"
    f"当事人身份证号 {ID_BAD}，手机一三九〇五九八一二三四，证件号码 {grouped(ID_SANMING, (6, 4, 4, 4), '-')}。\n"
    f"订单号 {ID_BAD}，编号 一二三四五六七八九〇一二三四五六七八九〇，涉及工作秘密的事项另行处理。\n"
)


def test_hole_12_document():
    assert [(f.kind, f.text) for f in found(HOLE_12)] == [
        ("secrecy_mark", "工作秘密"),
        ("id_number_unverified", ID_BAD),
        ("mobile", "一三九〇五九八一二三四"),
        ("id_number", grouped(ID_SANMING, (6, 4, 4, 4), "-")),
    ]


def test_mixed_document():
    kinds = [(f.kind, f.text) for f in found(MIXED)]
    assert kinds == [
        ("secrecy_mark", "秘密★1年"),
        ("name", "张三"),
        ("id_number", ID_SANMING),
        ("mobile", "138 0013 8000"),
        ("bank_card", CARD_19),
        ("plate", "闽G·D12345"),
    ]


def test_findings_sorted_and_not_overlapping():
    findings = found(MIXED * 20)
    assert findings == sorted(findings, key=lambda f: f.start)
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


def test_kinds_filter_and_unknown_kind():
    assert [f.kind for f in found(MIXED, kinds=["id_number", "mobile"])] == ["id_number", "mobile"]
    # Names still need identifiers, even when only names are asked for.
    assert [f.text for f in found(MIXED, kinds=["name"])] == ["张三"]
    with pytest.raises(ValueError, match="未知的检查类型"):
        scan("x", kinds=["email"])


def test_redact_hides_every_finding_behind_one_width():
    """Hole 13 of issue #16: the mark does not give away the length of what it hides."""
    findings = found(MIXED)
    redacted = redact(MIXED, findings)
    for f in findings:
        assert f.text not in redacted
    assert redacted.count(REDACTION_MARK) == len(findings)
    assert REDACTION_MARK + "█" not in redacted  # no mark longer than the others
    assert "涉及商业秘密的不予公开" in redacted
    # A two-character and a three-character name leave the same mark.
    two = redact("当事人张三，身份证号11010519491231002X", found("当事人张三，身份证号11010519491231002X"))
    three = redact("当事人张三丰，身份证号11010519491231002X", found("当事人张三丰，身份证号11010519491231002X"))
    assert two == three


def test_scan_is_linear_on_100_kb():
    """A guard against catastrophic backtracking (a bad pattern takes seconds to minutes here), not
    a benchmark: `bench/scanner.py` measures the speed (tens of milliseconds for this text). The
    bound is loose because the suite runs in parallel beside other tests."""
    filler = "三明市公安局依照《中华人民共和国政府信息公开条例》主动公开政府信息，订单号 202611240000123456。\n"
    text = (filler * 40 + MIXED + HOLE_12) * 45
    assert len(text) > 100_000
    scan(text)  # warm up compiled patterns
    started = time.perf_counter()
    findings = scan(text)
    elapsed = time.perf_counter() - started
    assert len(findings) == (6 + 4) * 45
    assert elapsed < 2.0, f"scan took {elapsed:.3f}s"


def test_every_kind_is_known_and_labelled():
    assert set(KINDS) == {"id_number", "id_number_unverified", "mobile", "bank_card", "plate", "secrecy_mark",
                          "name"}
    assert set(KIND_LABELS) == set(KINDS)
    assert KIND_LABELS["id_number_unverified"] == "疑似身份证号（校验位不符）"


# --------------------------------------------------------------------------- the command


def run_scan(*args):
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("scan", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as exc:
        error = exc
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return records, err.getvalue(), error


def make_typst_pdf(path, body: str) -> bytes:
    source = path.with_suffix(".typ")
    source.write_text(f'#set text(font: "Noto Sans CJK SC", lang: "zh")\n{body}\n', encoding="utf-8")
    typst.compile(str(source), output=str(path))
    source.unlink()
    return path.read_bytes()


def test_command_text_file_json_lines(tmp_path):
    path = tmp_path / "名单.txt"
    text = f"当事人张三，身份证号 {ID_SANMING}，电话 13800138000。"
    path.write_text(text, encoding="utf-8")
    records, err, error = run_scan(path)
    assert error is None and err == ""
    assert [(r["kind"], r["text"]) for r in records] == [
        ("name", "张三"), ("id_number", ID_SANMING), ("mobile", "13800138000")
    ]
    for r in records:
        assert r["file"] == str(path)
        assert text[r["start"]:r["end"]] == r["text"]


def test_command_pdf_made_with_typst(tmp_path):
    pdf = tmp_path / "处罚决定书.pdf"
    data = make_typst_pdf(pdf, f"行政处罚决定书\n\n被处罚人：李明，公民身份号码：{ID_SANMING}。")
    page_text = PdfReader(pdf).pages[0].extract_text()
    assert ID_SANMING in page_text and "李明" in page_text
    records, _, error = run_scan(pdf)
    assert error is None
    assert {(r["kind"], r["text"]) for r in records} == {("name", "李明"), ("id_number", ID_SANMING)}
    text = extract_text(data, "pdf")
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)


def test_command_docx_and_xlsx_in_a_directory(tmp_path):
    folder = tmp_path / "待公开"
    (folder / "子目录").mkdir(parents=True)
    document = docx.Document()
    document.add_paragraph("关于某路段交通事故的情况通报")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "车主王小红"
    table.cell(0, 1).text = "闽G12345"
    document.sections[0].header.paragraphs[0].text = "内部★"
    document.save(folder / "通报.docx")
    wb = Workbook()
    wb.active.append(["公开目录"])
    hidden = wb.create_sheet("原始")
    hidden.append(["张三", ID_SANMING])
    hidden.sheet_state = "hidden"
    wb.save(folder / "子目录" / "目录.xlsx")
    (folder / "~$通报.docx").write_bytes(b"\x00lock")  # Office lock file: skipped
    (folder / ".DS_Store").write_bytes(b"\x00\x00")

    records, err, error = run_scan(folder)
    assert error is None and err == ""
    by_file = {}
    for r in records:
        by_file.setdefault(r["file"], []).append((r["kind"], r["text"]))
    assert by_file == {
        str(folder / "子目录" / "目录.xlsx"): [("name", "张三"), ("id_number", ID_SANMING)],
        str(folder / "通报.docx"): [("name", "王小红"), ("plate", "闽G12345"), ("secrecy_mark", "内部★")],
    }


def test_command_unsupported_file_fails_but_others_are_scanned(tmp_path):
    (tmp_path / "a.bin").write_bytes(bytes(range(256)))
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (tmp_path / "c.txt").write_text("电话 13800138000", encoding="utf-8")
    records, err, error = run_scan(tmp_path / "a.bin", tmp_path / "b.pdf", tmp_path / "c.txt",
                                   tmp_path / "missing.txt")
    assert [r["text"] for r in records] == ["13800138000"]
    assert "无法识别文件类型" in err
    assert "PDF 文件已损坏" in err
    assert "文件不存在" in err
    assert isinstance(error, CommandError)
    assert str(error) == "有 3 个文件无法检查"
    assert error.returncode == 1


def test_command_html_named_pdf_is_scanned_as_text(tmp_path):
    path = tmp_path / "公告.pdf"
    path.write_text("<html><body>联系电话 13800138000</body></html>", encoding="utf-8")
    records, err, error = run_scan(path)
    assert error is None
    assert [r["text"] for r in records] == ["13800138000"]
    assert "内容实际是文本" in err


def test_command_kinds_and_fail_on_findings(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(MIXED, encoding="utf-8")
    records, _, error = run_scan(path, "--kinds", "id_number,mobile")
    assert error is None
    assert [r["kind"] for r in records] == ["id_number", "mobile"]

    records, _, error = run_scan(path, "--kinds", "mobile", "--fail-on-findings")
    assert len(records) == 1
    assert error is not None and error.returncode == 2
    assert "发现 1 处" in str(error)

    clean = tmp_path / "clean.txt"
    clean.write_text("三明市公安局政府信息公开指南", encoding="utf-8")
    records, _, error = run_scan(clean, "--fail-on-findings")
    assert records == [] and error is None

    _, _, error = run_scan(path, "--kinds", "email")
    assert error is not None and "未知的检查类型" in str(error)


def test_command_reports_hidden_content(tmp_path):
    wb = Workbook()
    wb.active.append(["公开目录"])
    wb.create_sheet("Sheet2").sheet_state = "hidden"
    wb.properties.creator = ""
    wb.save(tmp_path / "目录.xlsx")
    records, _, error = run_scan(tmp_path / "目录.xlsx", "--hidden")
    assert error is None
    assert records == [{"file": str(tmp_path / "目录.xlsx"), "kind": "hidden_content", "start": None,
                        "end": None, "text": "隐藏工作表：Sheet2"}]
