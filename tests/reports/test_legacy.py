"""The older tables (issue #6, "The older tables"; annual-report.md): the seeded legacy templates
reproduce the seeds' tables from records equivalent to the seeds' numbers, every cell compared —
三明市公安局 2016 统计报表 (本年度 and 历年累计, seed 001) and 广州市公安局 2011 附表1–4 (seed 002) —
with records that must not count beside them; cells carry the records they count; templates are
edited (rows added, removed, reordered), validated with Chinese messages and audited; the yearly
figures are entered and audited; staff outside a body's units see nothing of it."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from openpyxl import load_workbook

from gongkai.applications import ledger
from gongkai.applications.models import Application, Remedy, Status
from gongkai.core.calendar import get_calendar
from gongkai.core.models import AuditEvent, Role
from gongkai.interaction.models import Letter, LetterTopic
from gongkai.publications.models import CatalogTopic, Publication, PublicationChannel
from gongkai.reports import legacy, legacy_measures, legacy_services
from gongkai.reports.models import LegacyFigure, LegacyRow, LegacyTemplate
from tests.applications.test_ledger import xlsx

SHANGHAI = ZoneInfo("Asia/Shanghai")
SANMING, GUANGZHOU = "三明式统计报表（2016年）", "广州式附表1—4（2011年）"

# The seeds' tables, label → (本年度, 历年累计) or → 数量, as printed.
SANMING_2016 = {
    "主动公开文件数": (4047, 24112),
    "其中:1.政府网站公开数": (2936, 21506),
    "2.政府公报公开数": (0, 0),
    "受理政府信息公开申请总数": (1, 2),
    "其中:1.当面申请数": (0, 0),
    "2.网上申请数": (1, 2),
    "3.信函、传真申请数": (0, 0),
    "对申请的答复总数": (1, 2),
    "其中:1.同意公开答复数": (0, 1),
    "2.同意部分公开答复数": (0, 0),
    "3.不予公开答复数": (0, 0),
    "4.其他类型答复数": (1, 1),
    "政府信息公开收费减免金额": (0, 0),
    "行政复议数": (0, 0),
    "行政诉讼数": (0, 0),
    "接受行政申诉、举报数": (0, 0),
}
SANMING_UNITS = ["条"] * 12 + ["元", "件", "件", "件"]

GUANGZHOU_2011 = [  # (附表, label, 数量) in the seed's order
    ("附表1 主动公开情况统计", "主动公开信息数", 4884),
    ("附表1 主动公开情况统计", "其中:全文电子化的主动公开信息数", 4884),
    ("附表1 主动公开情况统计", "新增的行政规范性文件数", 22),
    ("附表2 依申请公开情况统计", "依申请公开信息目录数", 54),
    ("附表2 依申请公开情况统计", "申请总数", 54),
    ("附表2 依申请公开情况统计", "其中:1.当面申请数", 0),
    ("附表2 依申请公开情况统计", "2.传真申请数", 0),
    ("附表2 依申请公开情况统计", "3.电子邮件申请数", 0),
    ("附表2 依申请公开情况统计", "4.网上申请数", 51),
    ("附表2 依申请公开情况统计", "5.信函申请数", 3),
    ("附表2 依申请公开情况统计", "6.其他形式申请数", 0),
    ("附表2 依申请公开情况统计", "对申请的答复总数", 54),
    ("附表2 依申请公开情况统计", "其中:1.同意公开答复数", 34),
    ("附表2 依申请公开情况统计", "2.同意部分公开答复数", 4),
    ("附表2 依申请公开情况统计", "3.不予公开答复数", 5),
    ("附表2 依申请公开情况统计", "4.信息不存在答复数", 0),
    ("附表2 依申请公开情况统计", "5.非本机关政府信息答复数", 7),
    ("附表2 依申请公开情况统计", "6.申请内容不明确答复数", 4),
    ("附表3 咨询情况统计", "网上咨询数", 53829),
    ("附表3 咨询情况统计", "现场接待人数", 1204102),
    ("附表3 咨询情况统计", "网站专栏页面访问量", 7303650),
    ("附表4 申诉情况统计表", "行政复议数", 1),
    ("附表4 申诉情况统计表", "行政诉讼数", 0),
    ("附表4 申诉情况统计表", "行政申诉数", 0),
    ("附表4 申诉情况统计表", "其中:对本单位首次处理不满意的行政申诉数", 0),
]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def spread(year: int, n: int):
    """n days spread over a year."""
    return (date(year, 1, 1) + timedelta(days=i * 365 // max(n, 1)) for i in range(n))


# --- Fixtures ------------------------------------------------------------------------------------

@pytest.fixture
def office(make_user):
    return make_user("office", "office", username="office_legacy")


@pytest.fixture
def branch_clerk(make_user):
    """Keeps the reports of 三元分局 only."""
    role = Role.objects.create(code="legacy_clerk", name="统计员", scope=Role.Scope.SUBTREE,
                               capabilities=[legacy_measures.CAPABILITY])
    user = make_user(None, "sanyuan", username="legacy_clerk")
    user.roles.add(role)
    return user


@pytest.fixture
def make(bodies, office):
    """Bulk writers of records as they stand in the database."""
    topic = CatalogTopic.objects.get(code="0803")
    letter_topic = LetterTopic.objects.get(code="other")
    serial = count(1)
    channel = {c.code: c for c in PublicationChannel.objects.all()}

    def publications(days, body="city", channels=(), electronic=True, form="", status="published",
                     withdrawn=None, attribute="proactive", hour=10, minute=0) -> list[int]:
        owner = bodies[body]
        batch = f"batch{next(serial)}"
        fast_insert(Publication, dict(
            body=owner, unit=owner.unit, title="警情通报", keywords=batch, created_on=date(2008, 1, 1), topic=topic,
            legal_form=form, attribute=attribute, status=status, withdrawn_at=withdrawn,
            full_text_electronic=electronic, created_by=office),
            ({"created_on": day, "published_at": at(day, hour, minute) if status in ("published", "withdrawn")
              else None} for day in days))
        ids = list(Publication.objects.filter(keywords=batch).values_list("id", flat=True))
        through = Publication.channels.through
        for code in channels:
            fast_insert(through, {"publication_id": 0, "publicationchannel": channel[code]}, ({"publication": pk} for pk in ids))
        return ids

    def applications(specs, body="city") -> list[Application]:
        """specs: (channel, received_on, decided_on, outcome)."""
        owner = bodies[body]
        apps = []
        for channel_code, received, decided, outcome in specs:
            n = next(serial)
            apps.append(Application(
                body=owner, unit=owner.unit, tracking_number=f"L-{n:05d}", query_code_hash="test",
                applicant_kind="person", name=f"申请人{n}", phone="020-83116412", applicant_key=f"k{n}",
                description="测试申请", channel=channel_code, submitted_at=at(received or date(2011, 12, 1)),
                received_on=received, clock_start=received,
                status=Status.CLOSED if decided else (Status.PROCESSING if received else Status.AWAITING_CONFIRMATION),
                outcome=outcome if decided else "", decided_on=decided, closed_on=decided))
        return Application.objects.bulk_create(apps)

    def letters(days, kind, channel, body="city") -> None:
        owner = bodies[body]
        fast_insert(Letter, dict(body=owner, unit=owner.unit, query_code_hash="test", kind=kind, channel=channel,
                                 topic=letter_topic, subject="咨询", content="咨询内容", status="closed",
                                 received_at=at(date(2011, 1, 1)), received_on=date(2011, 1, 1)),
                    ({"tracking_number": f"XX-{next(serial):06d}", "received_at": at(day), "received_on": day}
                     for day in days))

    return {"publications": publications, "applications": applications, "letters": letters}


def fast_insert(model, fixed: dict, rows: Iterable[dict]) -> None:
    """Rows written with one `executemany`: the `fixed` fields prepared once, each row's own values
    per row (bulk_create splits wide rows into batches of ~20 on SQLite and prepares every field of
    every row, which makes the seeds' 24,112 items and 53,829 letters take tens of seconds)."""
    proto = model(**fixed)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    by_name = {f.name: f for f in fields}
    prepared = [f.get_db_prep_save(f.pre_save(proto, True), connection) for f in fields]
    position = {f.name: i for i, f in enumerate(fields)}
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    params = []
    for values in rows:
        row = list(prepared)
        for name, value in values.items():
            row[position[name]] = by_name[name].get_db_prep_save(value, connection)
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def template(name: str) -> LegacyTemplate:
    return LegacyTemplate.objects.get(name=name)


@pytest.fixture
def sanming(bodies, make, office):
    """三明 2016: records equal to the seed's numbers, and records that must not count."""
    r = {}
    pub = make["publications"]
    # 2016: 4047 items, 2936 of them on the government website (one also in the gazette? no: the
    # seed has 0 in the gazette). Among them an item withdrawn in 2017 (public on 31 December 2016)
    # and one published at 23:30 on 31 December, Beijing time.
    days = list(spread(2016, 4045))
    pub(days[:2934], channels=["website"])
    pub(days[2934:], channels=["weibo", "wechat"])
    pub([date(2016, 12, 31)], channels=["website"], hour=23, minute=30)
    r["withdrawn_later"] = pub([date(2016, 3, 1)], channels=["website", "press_conference"], status="withdrawn",
                               withdrawn=at(date(2017, 2, 1)))
    # 2008–2015: 20065 items, 18570 on the website.
    earlier = [date(2008, 5, 1) + timedelta(days=i % 2700) for i in range(20065)]
    pub(earlier[:18570], channels=["website"])
    pub(earlier[18570:], channels=["media"])
    # Not counted: withdrawn in 2016, published in 2017 (also 00:30 on 1 January = 31 December UTC),
    # a draft, a non-public item, an on-application item, and the branch's (another body).
    pub([date(2016, 4, 1)], channels=["gazette", "website"], status="withdrawn", withdrawn=at(date(2016, 6, 1)))
    pub([date(2017, 1, 1)], channels=["gazette", "website"], hour=0, minute=30)
    pub([date(2017, 3, 1)], channels=["gazette"])
    pub([date(2016, 5, 1)], status="draft")
    pub([date(2016, 5, 1)], status="not_public", attribute="not_public")
    pub([date(2016, 5, 1)], status="not_public", attribute="on_application")
    pub([date(2016, 5, 1)], body="branch", channels=["website", "gazette"])

    apps = make["applications"]
    # The one 2016 application: online, about a criminal case, referred to 将乐县公安局 (not ours).
    r["app2016"], r["app2014"] = apps([("online", date(2016, 6, 6), date(2016, 6, 20), "not_ours"),
                                       ("online", date(2014, 3, 3), date(2014, 3, 20), "disclosed")])
    # Not counted: received in 2017, the branch's, a fax never confirmed (not received, Art. 31).
    r["app2017"], *_ = apps([("in_person", date(2017, 1, 5), date(2017, 1, 20), "secret"),
                             ("fax", None, None, "")])
    apps([("letter", date(2016, 7, 1), date(2016, 7, 10), "secret")], body="branch")
    Remedy.objects.create(application=r["app2017"], kind="reconsideration", authority="三明市人民政府",
                          filed_on=date(2017, 3, 1))
    # The yearly figures: none for 2016 (as the seed: nothing waived, no 申诉), 2 complaints in 2017.
    legacy_services.save_figures(actor=office, body=bodies["city"], year=2016, values={"fee_waived": "0", "complaints": "0"})
    legacy_services.save_figures(actor=office, body=bodies["city"], year=2017, values={"complaints": "2"})
    return r


@pytest.fixture
def guangzhou(bodies, make, office):
    """广州 2011: records equal to the seed's numbers, and records that must not count."""
    r = {}
    pub = make["publications"]
    days = list(spread(2011, 4862))
    pub(days, channels=["website"])
    pub(list(spread(2011, 22)), channels=["website"], form="normative")
    pub([date(2010, 6, 1)], electronic=False)                       # 2010
    pub([date(2012, 1, 5)], form="normative")                       # 2012
    pub([date(2011, 8, 1)], status="withdrawn", withdrawn=at(date(2011, 9, 1)))  # not public on 31 Dec

    # 54 applications received and answered in 2011: 51 online, 3 by letter (one registered).
    outcomes = (["published"] * 4 + ["disclosed"] * 30 + ["partial"] * 4
                + ["secret", "third_party", "internal", "process", "case_file"] + ["not_ours"] * 7
                + ["still_unclear"] * 4)
    channels = ["online"] * 51 + ["letter", "letter", "registered_post"]
    received = list(spread(2011, 54))
    specs = [(ch, day, min(day + timedelta(days=15), date(2011, 12, 30)), outcome)
             for ch, day, outcome in zip(channels, received, outcomes, strict=True)]
    r["apps"] = make["applications"](specs)
    # Not counted: 2010 and 2012 cases; one received in 2010 and answered in 2011 would be an
    # answer of 2011 (so none here: the seed's answers equal its applications).
    make["applications"]([("in_person", date(2010, 5, 5), date(2010, 5, 20), "not_exist"),
                          ("email", date(2012, 2, 2), date(2012, 2, 20), "disclosed")])
    Remedy.objects.create(application=r["apps"][40], kind="reconsideration", authority="广州市人民政府",
                          filed_on=date(2011, 9, 1), result="maintained", concluded_on=date(2011, 11, 1))
    Remedy.objects.create(application=r["apps"][41], kind="litigation", authority="越秀区人民法院",
                          filed_on=date(2012, 1, 10))

    # 53829 online enquiries (mailbox website, Weibo, WeChat, QQ); not counted: complaints online,
    # enquiries by phone or visit, an enquiry of 2012.
    letters = make["letters"]
    per = 53829 // 4
    for i, channel in enumerate(["website", "weibo", "wechat", "qq"]):
        letters(spread(2011, per + (53829 - 4 * per if i == 0 else 0)), "enquiry", channel)
    letters([date(2011, 3, 3)] * 5, "complaint", "website")
    letters([date(2011, 3, 3)] * 3, "enquiry", "phone")
    letters([date(2011, 3, 3)] * 2, "enquiry", "visit")
    letters([date(2012, 1, 3)], "enquiry", "website")

    legacy_services.save_figures(actor=office, body=bodies["city"], year=2011, note="网站访问统计系统、窗口登记",
                        values={"onsite_reception": "1,204,102", "page_views": "7303650", "complaints": "0",
                                "complaints_first": "0"})
    legacy_services.save_figures(actor=office, body=bodies["city"], year=2010, values={"page_views": "6000000"})
    return r


# --- The seeds' tables, every cell ---------------------------------------------------------------

def test_sanming_2016_every_cell(sanming, bodies):
    table = legacy.compute(template(SANMING), bodies["city"], 2016)
    assert table.title == "三明市公安局2016年政府信息公开统计报表"
    assert [c.label for c in table.columns] == ["2016年度", "历年累计"]
    assert [r.label for r in table.rows] == list(SANMING_2016)
    assert [r.unit for r in table.rows] == SANMING_UNITS
    got = {r.label: (r.cells["year"].value, r.cells["total"].value) for r in table.rows}
    assert got == SANMING_2016
    assert [b.title for b in table.blocks] == [""]
    # The cells carry the records they count.
    online = next(r for r in table.rows if r.label == "2.网上申请数")
    assert online.cells["year"].ids == (sanming["app2016"].pk,)
    assert set(online.cells["total"].ids) == {sanming["app2016"].pk, sanming["app2014"].pk}
    assert online.cells["total"].model == "applications.Application"
    other = next(r for r in table.rows if r.label == "4.其他类型答复数")
    assert other.cells["year"].ids == (sanming["app2016"].pk,)       # the referral to 将乐县公安局
    website = next(r for r in table.rows if r.label == "其中:1.政府网站公开数")
    assert sanming["withdrawn_later"][0] in website.cells["year"].ids
    assert len(website.cells["total"].ids) == 21506
    fee = next(r for r in table.rows if r.label == "政府信息公开收费减免金额")
    assert fee.cells["year"].model == "reports.LegacyFigure" and len(fee.cells["year"].ids) == 1
    assert not fee.cells["year"].unfilled

    # What 2016 left out counts in 2017, or for the branch.
    table = legacy.compute(template(SANMING), bodies["city"], 2017)
    assert table.value("主动公开文件数") == 2                 # published 1 January and 1 March 2017
    assert table.value("2.政府公报公开数") == 2
    assert table.value("主动公开文件数", "total") == 24112 - 1 + 2  # the 2016 item withdrawn in 2017 leaves
    assert table.value("其中:1.当面申请数") == 1
    assert table.value("3.不予公开答复数") == 1
    assert table.value("行政复议数") == 1 and table.value("行政复议数", "total") == 1
    assert table.value("接受行政申诉、举报数") == 2
    assert table.value("接受行政申诉、举报数", "total") == 2
    fee = next(r for r in table.rows if r.label == "政府信息公开收费减免金额")
    assert fee.cells["year"].unfilled and fee.cells["year"].value == 0
    summed = legacy.compute(template(SANMING), bodies["city"], 2016, with_branches=True)
    assert summed.value("主动公开文件数") == 4048
    assert summed.value("2.政府公报公开数") == 1
    assert summed.value("3.信函、传真申请数") == 1 and summed.value("3.不予公开答复数") == 1
    branch = legacy.compute(template(SANMING), bodies["branch"], 2016)
    assert branch.value("主动公开文件数") == 1 and branch.value("受理政府信息公开申请总数") == 1


def test_guangzhou_2011_every_cell(guangzhou, bodies, django_assert_max_num_queries):
    table = legacy.compute(template(GUANGZHOU), bodies["city"], 2011)
    assert [c.label for c in table.columns] == ["数量"]
    got = [(r.block, r.label, r.cells["year"].value) for r in table.rows]
    assert got == GUANGZHOU_2011
    assert [b.title for b in table.blocks] == ["附表1 主动公开情况统计", "附表2 依申请公开情况统计",
                                               "附表3 咨询情况统计", "附表4 申诉情况统计表"]
    assert [b.has_units for b in table.blocks] == [False, False, True, False]
    answers = [r.cells["year"].value for r in table.rows if r.block.startswith("附表2")][-6:]
    assert sum(answers) == table.value("对申请的答复总数")    # every 2011 outcome found one of the six rows
    upheld = next(r for r in table.rows if r.label == "行政复议数").cells["year"]
    assert Remedy.objects.get(pk=upheld.ids[0]).result == "maintained"


    # The cumulative column of a yearly figure sums the years (2010 and 2011 here).
    views = next(r for r in template(GUANGZHOU).rows.all() if r.label == "网站专栏页面访问量")
    cumulative = legacy.Period(None, date(2011, 12, 31))
    cell = legacy.COMPUTE["figure"](legacy._load_figures(bodies["city"], False, 2011), views.params, cumulative)
    assert cell.value == 13303650 and len(cell.ids) == 2
    # One query per model: rows, publications, applications, remedies, letters, figures.
    gz = template(GUANGZHOU)
    with django_assert_max_num_queries(6):
        legacy.compute(gz, bodies["city"], 2011)


# --- Measures and their parameters ---------------------------------------------------------------

def test_answer_groups_cover_every_outcome():
    from gongkai.applications import outcomes

    assert set(legacy_measures.ANSWER_GROUP_OF) == {o.code for o in outcomes.OUTCOMES}
    assert {legacy_measures.ANSWER_GROUP_OF[c] for c in ("published", "disclosed")} == {"public"}
    assert legacy_measures.ANSWER_GROUP_OF["not_ours"] == "not_ours"
    assert legacy_measures.ANSWER_GROUP_OF["still_unclear"] == "unclear"
    assert legacy_measures.ANSWER_GROUP_OF["petition"] == legacy_measures.ANSWER_GROUP_OF["no_fee"] == "other"
    assert {legacy_measures.ANSWER_GROUP_OF[o.code] for o in outcomes.WITHHOLDING} == {"refused"}


def test_fees_charged_in_the_year_they_were_paid(bodies, make):
    paid, unpaid, last_year = make["applications"]([("online", date(2024, 3, 1), date(2024, 4, 1), "disclosed")] * 3)
    Application.objects.filter(pk=paid.pk).update(fee_amount=300, fee_paid_on=date(2024, 3, 20))
    Application.objects.filter(pk=unpaid.pk).update(fee_amount=100)
    Application.objects.filter(pk=last_year.pk).update(fee_amount=40, fee_paid_on=date(2023, 12, 30))
    rows = legacy._load_applications(bodies["city"], False, date(2024, 12, 31))
    year = legacy.COMPUTE["fees_charged"](rows, {}, legacy.Period(date(2024, 1, 1), date(2024, 12, 31)))
    assert (year.value, year.ids) == (300, (paid.pk,))
    total = legacy.COMPUTE["fees_charged"](rows, {}, legacy.Period(None, date(2024, 12, 31)))
    assert total.value == 340


def test_seeded_templates_are_valid(db):
    for t in LegacyTemplate.objects.all():
        rows = [{"block": r.block, "label": r.label, "unit": r.unit, "level": r.level, "measure": r.measure,
                 "params": r.params} for r in t.rows.all()]
        assert legacy_services.clean_rows(rows) == rows


def test_params_are_parsed_and_checked_in_chinese():
    assert legacy_measures.parse_params("channels=letter，fax；full_text_electronic=是") == {
        "channels": ["letter", "fax"], "full_text_electronic": ["是"]}
    assert legacy_measures.clean_params("publications", legacy_measures.parse_params("full_text_electronic=是")) == {
        "full_text_electronic": True}
    assert legacy_measures.clean_params("publications", {"full_text_electronic": "否"}) == {"full_text_electronic": False}
    with pytest.raises(ValidationError, match="应为“是”或“否”"):
        legacy_measures.clean_params("publications", {"full_text_electronic": ["是", "否"]})
    assert legacy_measures.format_params({"channels": ["letter", "fax"], "full_text_electronic": False}) == (
        "channels=letter,fax; full_text_electronic=否")
    with pytest.raises(ValidationError, match="未知的统计口径“page_views”"):
        legacy_measures.clean_params("page_views", {})
    with pytest.raises(ValidationError, match="没有参数“topics”"):
        legacy_measures.clean_params("publications", {"topics": ["traffic"]})
    with pytest.raises(ValidationError, match="取值“telegram”无效"):
        legacy_measures.clean_params("letters", {"channels": ["website", "telegram"]})
    with pytest.raises(ValidationError, match="须填写参数“key”"):
        legacy_measures.clean_params("figure", {})
    with pytest.raises(ValidationError, match="只能填一个值"):
        legacy_measures.clean_params("figure", {"key": ["page_views", "complaints"]})
    with pytest.raises(ValidationError, match="应写成“参数名=取值”"):
        legacy_measures.parse_params("channels")


# --- Editing templates ---------------------------------------------------------------------------

def rows_of(t: LegacyTemplate) -> list[dict]:
    return [{"block": r.block, "label": r.label, "unit": r.unit, "level": r.level, "measure": r.measure,
             "params": r.params} for r in t.rows.order_by("position")]


def settings_of(t: LegacyTemplate) -> dict:
    return {"name": t.name, "title": t.title, "year_label": t.year_label, "cumulative_label": t.cumulative_label,
            "note": t.note}


def test_a_bad_measure_is_refused_and_nothing_is_written(office):
    t = template(SANMING)
    before, events = rows_of(t), AuditEvent.objects.count()
    rows = before + [{"label": "网站访问量", "unit": "次", "measure": "page_views"}]
    with pytest.raises(ValidationError) as exc:
        legacy_services.save_template(actor=office, template=t, rows=rows, **settings_of(t))
    assert exc.value.message_dict["rows"] == [
        "第17行“网站访问量”：未知的统计口径“page_views”，可选：publications、applications_received、"
        "applications_answered、fees_charged、remedies、letters、figure"]
    bad_param = before[:1] + [{"label": "网站公开数", "measure": "publications", "params": "channel=website"}]
    with pytest.raises(ValidationError, match="没有参数“channel”"):
        legacy_services.save_template(actor=office, template=t, rows=bad_param, **settings_of(t))
    with pytest.raises(ValidationError) as exc:
        legacy_services.save_template(actor=office, template=t, rows=[], **{**settings_of(t), "title": "{单位}统计表"})
    assert exc.value.message_dict == {"title": ["只能使用占位符{主体}、{年度}"], "rows": ["模板至少要有一行指标"]}
    assert rows_of(template(SANMING)) == before
    assert AuditEvent.objects.count() == events


def test_rows_are_added_removed_reordered_and_audited(office, make, bodies):
    make["publications"]([date(2016, 3, 1)] * 3, channels=["gazette"])
    t = template(SANMING)
    rows = rows_of(t)
    rows = [r for r in rows if r["label"] != "2.政府公报公开数"]             # removed
    rows.insert(0, rows.pop(rows.index(next(r for r in rows if r["label"] == "行政复议数"))))  # moved up
    rows.append({"label": "网站专栏页面访问量", "unit": "人次", "level": "0", "measure": "figure",
                 "params": "key=page_views"})                                # added, as the editor sends it
    legacy_services.save_template(actor=office, template=t, rows=rows, **{**settings_of(t), "cumulative_label": ""})
    t.refresh_from_db()
    labels = [r.label for r in t.rows.order_by("position")]
    assert labels[0] == "行政复议数" and labels[-1] == "网站专栏页面访问量" and "2.政府公报公开数" not in labels
    assert len(labels) == 16
    event = AuditEvent.objects.filter(action="legacy_template.update").latest("seq")
    assert event.actor == office and len(event.before["rows"]) == 16 and event.after["rows"][-1]["params"] == {
        "key": "page_views"}
    assert event.before["cumulative_label"] == "历年累计" and event.after["cumulative_label"] == ""
    table = legacy.compute(t, bodies["city"], 2016)
    assert [c.key for c in table.columns] == ["year"]
    assert table.value("主动公开文件数") == 3 and table.value("网站专栏页面访问量") == 0


def test_templates_belong_to_the_office_or_to_a_unit(office, branch_clerk, bureau):
    t = template(GUANGZHOU)
    with pytest.raises(PermissionDenied):
        legacy_services.save_template(actor=branch_clerk, template=t, rows=rows_of(t), **settings_of(t))
    mine = legacy_services.save_template(actor=branch_clerk, rows=rows_of(t), **{**settings_of(t), "name": "三元分局附表"})
    assert mine.unit == bureau["sanyuan"] and mine.rows.count() == 25
    assert AuditEvent.objects.filter(action="legacy_template.create", object_id=str(mine.pk)).exists()
    assert legacy.can_edit(branch_clerk, mine) and legacy.can_edit(office, mine)
    with pytest.raises(ValidationError, match="已有同名模板"):
        legacy_services.save_template(actor=office, rows=rows_of(t), **settings_of(t))
    global_one = legacy_services.save_template(actor=office, rows=rows_of(t), **{**settings_of(t), "name": "全局副本"})
    assert global_one.unit is None
    legacy_services.delete_template(actor=office, template=global_one)
    assert AuditEvent.objects.filter(action="legacy_template.delete").latest("seq").before["name"] == "全局副本"


# --- Yearly figures ------------------------------------------------------------------------------

def test_yearly_figures_are_checked_entered_cleared_and_audited(office, bodies, branch_clerk):
    city = bodies["city"]
    with pytest.raises(ValidationError) as exc:
        legacy_services.save_figures(actor=office, body=city, year=2016, values={"page_views": "很多", "complaints": "1.5",
                                                                         "fee_waived": "-3"})
    assert exc.value.message_dict == {"page_views": ["请填写数字"], "complaints": ["件数应为整数"],
                                      "fee_waived": ["应为不小于0的数字"]}
    with pytest.raises(ValidationError, match="年度应在2008年"):
        legacy_services.save_figures(actor=office, body=city, year=2007, values={"page_views": "1"})
    assert not LegacyFigure.objects.exists()
    legacy_services.save_figures(actor=office, body=city, year=2016, values={"page_views": "220000", "fee_waived": "12.50"})
    assert legacy.figures_of(city, 2016)["fee_waived"].value == Decimal("12.50")
    legacy_services.save_figures(actor=office, body=city, year=2016, values={"page_views": "", "fee_waived": "12.50"})
    assert set(legacy.figures_of(city, 2016)) == {"fee_waived"}
    events = list(AuditEvent.objects.filter(action="legacy_figure.save").order_by("seq"))
    assert len(events) == 2
    assert events[1].before == {"year": 2016, "page_views": "220000", "fee_waived": "12.50"}
    assert events[1].after == {"year": 2016, "note": "", "fee_waived": "12.50"}
    with pytest.raises(PermissionDenied):
        legacy_services.save_figures(actor=branch_clerk, body=city, year=2016, values={"page_views": "1"})


# --- Pages ---------------------------------------------------------------------------------------

def test_table_page_links_every_number_and_exports_xlsx(sanming, office, bodies, client):
    client.force_login(office)
    t = template(SANMING)
    listing = client.get("/workbench/reports/legacy/").content.decode()
    assert SANMING in listing and GUANGZHOU in listing
    chosen = client.get("/workbench/reports/legacy/", {"template": t.pk, "body": "350400", "year": "2016"})
    assert chosen.status_code == 302
    url = chosen["Location"]
    assert url == f"/workbench/reports/legacy/table/{t.pk}/?body=350400&year=2016"
    page = client.get(url).content.decode()
    assert "三明市公安局2016年政府信息公开统计报表" in page
    for row in t.rows.all():
        for column in ("year", "total"):
            assert f"/workbench/reports/legacy/table/{t.pk}/cell/{row.pk}/{column}/?body=350400&amp;year=2016" in page
    assert ">24112</a>" in page and ">21506</a>" in page
    online = t.rows.get(label="2.网上申请数")
    cell = client.get(f"/workbench/reports/legacy/table/{t.pk}/cell/{online.pk}/total/",
                      {"body": "350400", "year": "2016"}).content.decode()
    assert sanming["app2016"].tracking_number in cell and sanming["app2014"].tracking_number in cell
    assert sanming["app2016"].name not in cell  # no applicant names on the drill-down
    fee = t.rows.get(label="政府信息公开收费减免金额")
    cell = client.get(f"/workbench/reports/legacy/table/{t.pk}/cell/{fee.pk}/year/",
                      {"body": "350400", "year": "2016"}).content.decode()
    assert "/workbench/reports/legacy/figures/?body=350400&amp;year=2016" in cell
    response = client.get(f"/workbench/reports/legacy/table/{t.pk}/xlsx/", {"body": "350400", "year": "2016"})
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "三明市公安局2016年政府信息公开统计报表"
    assert values[2] == ["指标名称", "计量单位", "2016年度", "历年累计"]
    assert {v[0]: (v[2], v[3]) for v in values[3:]} == SANMING_2016
    assert client.get(f"/workbench/reports/legacy/table/{t.pk}/cell/99999/year/",
                      {"body": "350400", "year": "2016"}).status_code == 404
    assert client.get(url.replace("2016", "2003")).status_code == 404


def test_template_editor_refuses_a_bad_measure_and_saves_a_good_edit(office, client):
    client.force_login(office)
    t = template(SANMING)
    page = client.get(f"/workbench/reports/legacy/templates/{t.pk}/").content.decode()
    assert 'value="其中:1.政府网站公开数"' in page and 'value="channels=website"' in page
    rows = list(t.rows.order_by("position"))
    data = {**settings_of(t), "rows-TOTAL_FORMS": str(len(rows) + 1), "rows-INITIAL_FORMS": str(len(rows)),
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "80"}
    for i, r in enumerate(rows):
        data.update({f"rows-{i}-{k}": v for k, v in {
            "block": r.block, "label": r.label, "unit": r.unit, "level": str(r.level), "measure": r.measure,
            "params": legacy_measures.format_params(r.params), "ORDER": str(i + 1)}.items()})
    data.update({f"rows-{len(rows)}-label": "网站访问量", f"rows-{len(rows)}-measure": "visits",
                 f"rows-{len(rows)}-ORDER": "0", f"rows-{len(rows)}-level": "0"})
    response = client.post(f"/workbench/reports/legacy/templates/{t.pk}/", data)
    assert response.status_code == 200
    assert "第1行“网站访问量”：未知的统计口径“visits”" in response.content.decode()
    assert t.rows.count() == 16
    data.update({f"rows-{len(rows)}-measure": "figure", f"rows-{len(rows)}-params": "key=page_views",
                 "rows-2-DELETE": "on"})
    response = client.post(f"/workbench/reports/legacy/templates/{t.pk}/", data)
    assert response.status_code == 302
    labels = list(t.rows.order_by("position").values_list("label", flat=True))
    assert labels[0] == "网站访问量" and "2.政府公报公开数" not in labels and len(labels) == 16
    assert AuditEvent.objects.filter(action="legacy_template.update", object_id=str(t.pk)).count() == 1


def test_figures_page_saves_and_the_table_shows_them(office, bodies, client):
    client.force_login(office)
    response = client.post("/workbench/reports/legacy/figures/?body=350400&year=2011",
                           {"page_views": "7303650", "onsite_reception": "abc", "note": ""})
    assert response.status_code == 200 and "请填写数字" in response.content.decode()
    assert not LegacyFigure.objects.exists()
    response = client.post("/workbench/reports/legacy/figures/?body=350400&year=2011",
                           {"page_views": "7303650", "onsite_reception": "1204102", "note": "网站访问统计"})
    assert response.status_code == 302
    t = template(GUANGZHOU)
    page = client.get(f"/workbench/reports/legacy/table/{t.pk}/", {"body": "350400", "year": "2011"}).content.decode()
    assert ">7303650</a>" in page and ">1204102</a>" in page and "未填报" in page  # 申诉 not entered


def test_scope_another_units_body_is_not_found(bodies, branch_clerk, make_user, bureau, client):
    t = template(SANMING)
    client.force_login(branch_clerk)
    mine = client.get(f"/workbench/reports/legacy/table/{t.pk}/", {"body": "350404", "year": "2016"})
    assert mine.status_code == 200 and "三明市公安局三元分局2016年政府信息公开统计报表" in mine.content.decode()
    row = t.rows.first()
    for url in (f"/workbench/reports/legacy/table/{t.pk}/", f"/workbench/reports/legacy/table/{t.pk}/xlsx/",
                f"/workbench/reports/legacy/table/{t.pk}/cell/{row.pk}/year/"):
        assert client.get(url, {"body": "350400", "year": "2016"}).status_code == 404
    listing = client.get("/workbench/reports/legacy/").content.decode()
    assert 'value="350400"' not in listing and 'value="350404"' in listing
    response = client.post("/workbench/reports/legacy/figures/?body=350400&year=2016", {"page_views": "1"})
    assert response.status_code == 404 and not LegacyFigure.objects.filter(key="page_views").exists()
    assert client.get(f"/workbench/reports/legacy/templates/{t.pk}/").status_code == 302  # copy instead
    assert client.post(f"/workbench/reports/legacy/templates/{t.pk}/delete/").status_code == 403
    theirs = LegacyTemplate.objects.create(name="沙县分局模板", title="{主体}{年度}年统计表", unit=bureau["shaxian"])
    LegacyRow.objects.create(template=theirs, position=1, label="申请总数", measure="applications_received")
    assert client.get(f"/workbench/reports/legacy/table/{theirs.pk}/",
                      {"body": "350404", "year": "2016"}).status_code == 404
    assert "沙县分局模板" not in client.get("/workbench/reports/legacy/").content.decode()
    plain = make_user("handler", "sanyuan", username="no_reports")
    client.force_login(plain)
    assert client.get("/workbench/reports/legacy/").status_code == 403
    assert LegacyRow.objects.filter(template=t).count() == 16


def test_decree_492_art24_on_time_and_late_replies_follow_the_regulation_of_the_day_received(office, bodies):
    """国务院令第492号 第二十四条: the older tables count a reply to a case received before 2019-05-15
    as late after 15 working days, one received from 2019-05-15 (国务院令第711号 第三十三条) after 20,
    from the imported ledger as from any case."""
    cal = get_calendar()
    old, new = date(2019, 5, 10), date(2019, 5, 15)

    def row(name: str, received: date, day: int) -> list:
        return ["", "", "自然人", name, "网上申请", received, "申请内容", "予以公开",
                cal.add_working_days(received, day).date, "", "", "", ""]

    report = ledger.import_ledger(actor=office, filename="2019年台账.xlsx", default_body=bodies["city"], data=xlsx(
        [row("旧按期", old, 15), row("旧逾期", old, 16), row("新按期", new, 20), row("新逾期", new, 21)]))
    assert report.ok, report.messages()
    ids = dict(Application.objects.values_list("name", "id"))
    rows = [{"label": label, "unit": "件", "level": "0", "measure": "applications_answered", "params": params}
            for label, params in (("对申请的答复总数", ""), ("其中：按期答复数", "timeliness=on_time"),
                                  ("逾期答复数", "timeliness=late"),
                                  ("同意公开的逾期答复数", "groups=public; timeliness=late"))]
    t = legacy_services.save_template(actor=office, name="按期答复", title="{主体}{年度}年答复情况",
                                      year_label="本年度", rows=rows)
    table = legacy.compute(t, bodies["city"], 2019)
    assert table.value("对申请的答复总数") == 4
    on_time, late = (next(r for r in table.rows if r.label == label).cells["year"]
                     for label in ("其中：按期答复数", "逾期答复数"))
    assert set(on_time.ids) == {ids["旧按期"], ids["新按期"]}
    assert set(late.ids) == {ids["旧逾期"], ids["新逾期"]}
    assert table.value("同意公开的逾期答复数") == 2
    assert legacy_measures.describe("applications_answered", {"timeliness": "late"}) == "答复数（是否按期：逾期答复）"
