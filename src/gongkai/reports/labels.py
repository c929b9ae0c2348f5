"""The official labels of the annual report in the national format used since the 2021 reports
(国办公开办函〔2021〕30号), exactly as `annual-report.md` gives them, each with a stable key.

Computation (annual.py), checks, exports and the API all take rows, columns and titles from here,
in the order here, so the layout is written once. Keys of section 三's outcome rows are the
`report_row` keys of `gongkai.applications.outcomes` ("public", "refused.1" … "other.3"); its
column keys are the values of `ApplicantKind`; section 四's are those of `Remedy.Kind` and
`Remedy.Result`."""

from dataclasses import dataclass

from gongkai.applications.outcomes import GROUP_LABELS, Group


@dataclass(frozen=True)
class Section:
    key: str
    title: str


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一、总体情况"),
    Section("proactive", "二、主动公开政府信息情况"),
    Section("applications", "三、收到和处理政府信息公开申请情况"),
    Section("remedies", "四、政府信息公开行政复议、行政诉讼情况"),
    Section("problems", "五、存在的主要问题及改进情况"),
    Section("other", "六、其他需要报告的事项"),
)
SECTION_TITLES: dict[str, str] = {s.key: s.title for s in SECTIONS}


@dataclass(frozen=True)
class Column:
    key: str
    label: str


# --- Section 二: four blocks, each a small table of its own -----------------------------------

CONTENT_LABEL = "信息内容"  # the first column of every block: it holds the row label


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    columns: tuple[Column, ...]      # the number columns, after 信息内容
    rows: tuple[Column, ...]         # key and label of each row (its 信息内容)

    @property
    def header(self) -> tuple[str, ...]:
        return (CONTENT_LABEL, *(c.label for c in self.columns))


ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"
DECISIONS, AMOUNT = "decisions", "amount"

SECTION2: tuple[Block, ...] = (
    Block("art20_1", "第二十条第（一）项",
          (Column(ISSUED, "本年制发件数"), Column(REPEALED, "本年废止件数"), Column(IN_FORCE, "现行有效件数")),
          (Column("rule", "规章"), Column("normative", "行政规范性文件"))),
    Block("art20_5", "第二十条第（五）项",
          (Column(DECISIONS, "本年处理决定数量"),),
          (Column("licence", "行政许可"),)),
    Block("art20_6", "第二十条第（六）项",
          (Column(DECISIONS, "本年处理决定数量"),),
          (Column("penalty", "行政处罚"), Column("coercive", "行政强制"))),
    Block("art20_8", "第二十条第（八）项",
          (Column(AMOUNT, "本年收费金额（单位：万元）"),),
          (Column("fee", "行政事业性收费"),)),
)
# Every (row, column) cell of section 二, in reading order.
SECTION2_CELLS: tuple[tuple[str, str], ...] = tuple(
    (row.key, col.key) for block in SECTION2 for row in block.rows for col in block.columns)


# --- Section 三: applications ---------------------------------------------------------------

PERSON = "person"
TOTAL = "total"
ORGANISATION_HEADER = "法人或其他组织"  # groups the five organisation columns; no subtotal of its own

SECTION3_COLUMNS: tuple[Column, ...] = (
    Column(PERSON, "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other_org", "其他"),
    Column(TOTAL, "总计"),
)
APPLICANT_COLUMNS: tuple[Column, ...] = SECTION3_COLUMNS[:-1]
ORGANISATION_COLUMNS: tuple[Column, ...] = SECTION3_COLUMNS[1:-1]
# The two-level header as the official table draws it: (top label, columns under it).
SECTION3_HEADER: tuple[tuple[str, tuple[Column, ...]], ...] = (
    ("", (SECTION3_COLUMNS[0],)),
    (ORGANISATION_HEADER, ORGANISATION_COLUMNS),
    ("", (SECTION3_COLUMNS[-1],)),
)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int            # 0: 一、…; 1: （一）…; 2: 1.…
    counted: bool = True  # False for headings that carry no numbers (三、 and （三）–（六）)


RECEIVED, CARRIED_IN, RESULTS, CARRIED_OUT = "received", "carried_in", "results", "carried_out"

_CN = "一二三四五六七"


def _group_row(group: Group, number: int, *, counted: bool, note: str = "") -> Row:
    return Row(group.value, f"（{_CN[number - 1]}）{GROUP_LABELS[group]}{note}", 1, counted)


def _leaves(group: Group, labels: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(Row(f"{group.value}.{n}", f"{n}.{label}", 2) for n, label in enumerate(labels, 1))


SECTION3_ROWS: tuple[Row, ...] = (
    Row(RECEIVED, "一、本年新收政府信息公开申请数量", 0),
    Row(CARRIED_IN, "二、上年结转政府信息公开申请数量", 0),
    Row(RESULTS, "三、本年度办理结果", 0, counted=False),
    _group_row(Group.PUBLIC, 1, counted=True),
    _group_row(Group.PARTIAL, 2, counted=True, note="（区分处理的，只计这一情形，不计其他情形）"),
    _group_row(Group.REFUSED, 3, counted=False),
    *_leaves(Group.REFUSED, (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    )),
    _group_row(Group.UNAVAILABLE, 4, counted=False),
    *_leaves(Group.UNAVAILABLE, (
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
    )),
    _group_row(Group.NOT_PROCESSED, 5, counted=False),
    *_leaves(Group.NOT_PROCESSED, (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    )),
    _group_row(Group.OTHER, 6, counted=False),
    *_leaves(Group.OTHER, (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    )),
    Row(TOTAL, "（七）总计", 1),
    Row(CARRIED_OUT, "四、结转下年度继续办理", 0),
)
SECTION3_ROW: dict[str, Row] = {r.key: r for r in SECTION3_ROWS}
# The rows one decided application can land in: （一）, （二） and the leaves of （三）–（六）. Their
# keys are exactly the `report_row` values of the outcomes; their sum is （七）总计 (rule 2).
OUTCOME_ROWS: tuple[Row, ...] = tuple(
    r for r in SECTION3_ROWS if r.counted and r.key not in (RECEIVED, CARRIED_IN, TOTAL, CARRIED_OUT))
COUNTED_ROWS: tuple[Row, ...] = tuple(r for r in SECTION3_ROWS if r.counted)


# --- Section 四: reconsideration and litigation ---------------------------------------------

RECONSIDERATION, LITIGATION, LITIGATION_AFTER = "reconsideration", "litigation", "litigation_after"
MAINTAINED, CORRECTED, OTHER_RESULT, PENDING = "maintained", "corrected", "other", "pending"

SECTION4_COLUMNS: tuple[Column, ...] = (
    Column(MAINTAINED, "结果维持"),
    Column(CORRECTED, "结果纠正"),
    Column(OTHER_RESULT, "其他结果"),
    Column(PENDING, "尚未审结"),
    Column(TOTAL, "总计"),
)
RESULT_COLUMNS: tuple[Column, ...] = SECTION4_COLUMNS[:-1]
LITIGATION_HEADER = "行政诉讼"


@dataclass(frozen=True)
class RemedyRow:
    key: str
    label: str
    group: str  # the heading above it in the official table: 行政复议 stands alone, the others under 行政诉讼


SECTION4_ROWS: tuple[RemedyRow, ...] = (
    RemedyRow(RECONSIDERATION, "行政复议", ""),
    RemedyRow(LITIGATION, "未经复议直接起诉", LITIGATION_HEADER),
    RemedyRow(LITIGATION_AFTER, "复议后起诉", LITIGATION_HEADER),
)
SECTION4_CELLS: tuple[tuple[str, str], ...] = tuple(
    (row.key, col.key) for row in SECTION4_ROWS for col in SECTION4_COLUMNS)


def column_label(section: str, key: str) -> str:
    """The official label of a column key in section "二", "三" or "四"."""
    columns = {"二": [c for b in SECTION2 for c in b.columns], "三": SECTION3_COLUMNS, "四": SECTION4_COLUMNS}
    return next(c.label for c in columns[section] if c.key == key)


def row_label(section: str, key: str) -> str:
    """The official label of a row key in section "二", "三" or "四"."""
    if section == "二":
        return next(r.label for b in SECTION2 for r in b.rows if r.key == key)
    if section == "三":
        return SECTION3_ROW[key].label
    row = next(r for r in SECTION4_ROWS if r.key == key)
    return f"{row.group}（{row.label}）" if row.group else row.label
