"""工作督查: the monthly ranking of units and the quarterly circular, from a known set of
publications, applications and letters in seven units over May and June 2026. Every number is
compared with one counted by hand (the comments say which records make it)."""

import io
import subprocess
from datetime import date, datetime
from fractions import Fraction
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document

from gongkai.applications.models import Application
from gongkai.applications.models import Status as AppStatus
from gongkai.core import clock
from gongkai.core import services as core_services
from gongkai.core.models import AuditEvent, DisclosureBody, Unit
from gongkai.interaction.models import Letter, LetterTopic
from gongkai.interaction.models import Status as LetterStatus
from gongkai.publications.models import CatalogTopic, Publication
from gongkai.reports import circular, periods
from gongkai.reports import oversight as O

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 7, 15)
MAY, JUNE, Q2 = periods.month(2026, 5), periods.month(2026, 6), periods.quarter(2026, 2)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def units(bureau):
    """The bureau's units and a 治安大队 in each branch (the same name twice)."""
    u = dict(bureau)
    u["zad_sy"] = core_services.create_unit(actor=None, name="治安大队", code="35040402", level=Unit.Level.BRIGADE,
                                            parent=bureau["sanyuan"])
    u["zad_sx"] = core_services.create_unit(actor=None, name="治安大队", code="35040502", level=Unit.Level.BRIGADE,
                                            parent=bureau["shaxian"])
    return u


@pytest.fixture
def world(units, make_user):
    """The records. D(m, d) is a day of 2026."""
    body = DisclosureBody.objects.get(unit=units["city"])
    author = make_user("handler", "city", username="author")
    topic, letter_topic = CatalogTopic.objects.get(code="0803"), LetterTopic.objects.get(code="traffic")
    serial = count(1)
    r = {}

    def pub(name, unit, due, published=None, *, withdrawn=None, attribute="proactive", status=None):
        status = status or ("withdrawn" if withdrawn else "published" if published else "draft")
        r[name] = Publication.objects.create(
            body=body, unit=units[unit], title=f"信息{name}", created_on=date(2026, 4, 1), topic=topic,
            created_by=author, attribute=attribute, status=status, publish_due_on=due,
            published_at=published if isinstance(published, datetime) or published is None else at(published),
            withdrawn_at=at(withdrawn) if withdrawn else None)

    def app(name, unit, due, decided=None):
        n = next(serial)
        r[name] = Application.objects.create(
            body=body, unit=units[unit], tracking_number=f"SQ-{name}", query_code_hash="test",
            applicant_kind="person", name=f"申请人{n}", phone="0598-8250001", applicant_key=f"key{n}",
            description="测试申请", channel="in_person", submitted_at=at(date(2026, 4, 1)),
            received_on=date(2026, 4, 1), clock_start=date(2026, 4, 1), due_on=due, decided_on=decided,
            closed_on=decided, status=AppStatus.CLOSED if decided else AppStatus.PROCESSING,
            outcome="disclosed" if decided else "")

    def letter(name, unit, due, replied=None):
        r[name] = Letter.objects.create(
            body=body, unit=units[unit], tracking_number=f"LX-{name}", query_code_hash="test", kind="complaint",
            channel="website", topic=letter_topic, subject=f"来信{name}", content="测试来信内容",
            received_at=at(date(2026, 4, 1)), received_on=date(2026, 4, 1), due_on=due, replied_on=replied,
            status=LetterStatus.REPLIED if replied else LetterStatus.PROCESSING)

    D = date
    # 城关派出所 (station)
    pub("P1", "station", D(2026, 5, 10), D(2026, 5, 8))          # May: on time
    pub("P2", "station", D(2026, 5, 20), D(2026, 5, 25))         # May: late
    pub("P3", "station", D(2026, 5, 28))                         # May: late, still a draft
    pub("P4", "station", D(2026, 6, 5), D(2026, 5, 30))          # published in May, due in June: on time
    pub("P11", "station", D(2026, 6, 25))                        # June: late (open) on 15 July
    app("A1", "station", D(2026, 5, 15), D(2026, 5, 14))         # May: on time
    app("A5", "station", D(2026, 6, 10), D(2026, 6, 12))         # June: late
    letter("L1", "station", D(2026, 5, 12), D(2026, 5, 12))      # May: on time, on the last day
    # 三元分局 (sanyuan)
    app("A2", "sanyuan", D(2026, 5, 20), D(2026, 5, 22))         # late
    app("A3", "sanyuan", D(2026, 5, 25), D(2026, 5, 25))         # on time
    letter("L2", "sanyuan", D(2026, 5, 6), D(2026, 5, 6))        # on time
    letter("L3", "sanyuan", D(2026, 5, 7), D(2026, 5, 9))        # late
    letter("L4", "sanyuan", D(2026, 5, 8), D(2026, 5, 8))        # on time
    letter("L5", "sanyuan", D(2026, 5, 9))                       # late, never answered
    letter("L7", "sanyuan", D(2026, 6, 3), D(2026, 6, 2))        # June: on time
    # 沙县分局 (shaxian)
    pub("P5", "shaxian", D(2026, 5, 12), D(2026, 5, 12))         # on time
    letter("L6", "shaxian", D(2026, 5, 14), D(2026, 5, 20))      # late
    # The two 治安大队
    pub("P6", "zad_sy", D(2026, 5, 18), D(2026, 5, 18))          # on time
    app("A4", "zad_sx", D(2026, 5, 19), D(2026, 5, 18))          # on time
    # 办公室 (office): an item imported from the old site, no deadline
    pub("P7", "office", None, D(2026, 5, 3))
    # 三明市公安局 (city)
    pub("P8", "city", D(2026, 5, 6), D(2026, 5, 4), withdrawn=D(2026, 5, 20))  # on time, withdrawn in May
    pub("P10", "city", D(2026, 6, 1), at(D(2026, 5, 31), 23, 30))  # 15:30 UTC on 31 May: published in May
    pub("P9", "city", D(2026, 5, 10), attribute="not_public", status="not_public")  # never counted
    # Outside the window
    pub("P12", "station", D(2026, 3, 31), D(2026, 3, 30))
    letter("L8", "station", D(2026, 7, 1), D(2026, 7, 1))
    return r


def ids(*records):
    return tuple(sorted(x.pk for x in records))


def figures(measure: O.Measure) -> tuple:
    return (measure.done.value, measure.on_time.value, measure.due.value, measure.late.value, measure.open.value)


@pytest.fixture
def everyone(units):
    return list(Unit.objects.all())


def test_may_ranking_every_number(world, everyone):
    r = world
    ranking = O.Records(everyone, MAY.start, MAY.end, TODAY).ranking(MAY)
    got = {row.label: (row.rank, row.score, {k: figures(m) for k, m in row.measures.items()}) for row in ranking.rows}
    # (done, on time, due, late, open) per kind; score = mean of the rates the unit has.
    assert got == {
        "三明市公安局": (1, Fraction(1), {"publication": (1, 1, 1, 0, 0), "application": (0, 0, 0, 0, 0),
                                       "letter": (0, 0, 0, 0, 0)}),        # P10 done; P8 due (withdrawn: not done)
        "三元分局治安大队": (1, Fraction(1), {"publication": (1, 1, 1, 0, 0), "application": (0, 0, 0, 0, 0),
                                           "letter": (0, 0, 0, 0, 0)}),
        "沙县分局治安大队": (1, Fraction(1), {"publication": (0, 0, 0, 0, 0), "application": (1, 1, 1, 0, 0),
                                           "letter": (0, 0, 0, 0, 0)}),
        "城关派出所": (4, Fraction(7, 9), {"publication": (3, 1, 3, 2, 1), "application": (1, 1, 1, 0, 0),
                                         "letter": (1, 1, 1, 0, 0)}),     # (1/3 + 1 + 1) / 3
        "三元分局": (5, Fraction(1, 2), {"publication": (0, 0, 0, 0, 0), "application": (2, 1, 2, 1, 0),
                                       "letter": (3, 2, 4, 2, 1)}),       # (1/2 + 2/4) / 2
        "沙县分局": (5, Fraction(1, 2), {"publication": (1, 1, 1, 0, 0), "application": (0, 0, 0, 0, 0),
                                       "letter": (1, 0, 1, 1, 0)}),       # (1 + 0) / 2
        "办公室": (None, None, {"publication": (1, 0, 0, 0, 0), "application": (0, 0, 0, 0, 0),
                                "letter": (0, 0, 0, 0, 0)}),             # P7 has no deadline: listed, not ranked
    }
    # Order: by rank, equal ranks in tree order, the unranked last.
    assert [row.label for row in ranking.rows] == ["三明市公安局", "三元分局治安大队", "沙县分局治安大队", "城关派出所",
                                                   "三元分局", "沙县分局", "办公室"]
    assert [row.score_text for row in ranking.ranked] == ["100.0", "100.0", "100.0", "77.8", "50.0", "50.0"]
    assert [row.label for row in ranking.unranked] == ["办公室"]

    station = ranking.row(world["P1"].unit_id)
    assert station.publication.done.ids == ids(r["P1"], r["P2"], r["P4"])
    assert station.publication.due.ids == ids(r["P1"], r["P2"], r["P3"])
    assert station.publication.on_time.ids == ids(r["P1"])
    assert station.publication.late.ids == ids(r["P2"], r["P3"])
    assert station.publication.open.ids == ids(r["P3"])
    assert station.publication.percent == "33.3%"
    assert station.publication.done.model == "publications.Publication"
    sanyuan = ranking.row(r["L2"].unit_id)
    assert sanyuan.letter.late.ids == ids(r["L3"], r["L5"]) and sanyuan.letter.open.ids == ids(r["L5"])
    assert sanyuan.letter.done.model == "interaction.Letter"
    assert sanyuan.application.late.ids == ids(r["A2"]) and sanyuan.application.done.model == "applications.Application"

    # The whole bureau: every unit together.
    total = ranking.total
    assert {k: figures(m) for k, m in total.measures.items()} == {
        "publication": (7, 4, 6, 2, 1),   # done P1 P2 P4 P5 P6 P7 P10; due P1 P2 P3 P5 P6 P8
        "application": (4, 3, 4, 1, 0),   # A1 A2 A3 A4
        "letter": (5, 3, 6, 3, 1),        # done L1-L4 L6; due L1-L6
    }
    assert total.publication.done.ids == ids(r["P1"], r["P2"], r["P4"], r["P5"], r["P6"], r["P7"], r["P10"])
    assert total.score == (Fraction(4, 6) + Fraction(3, 4) + Fraction(3, 6)) / 3
    # The records behind a cell, in deadline order.
    assert [i.ref for i in ranking.records(total.letter.late)] == ["LX-L3", "LX-L5", "LX-L6"]


def test_june_and_the_trend(world, everyone):
    records = O.Records(everyone, MAY.start, JUNE.end, TODAY)
    june = records.ranking(JUNE)
    assert [(row.label, row.rank, row.score_text) for row in june.ranked] == [
        ("三明市公安局", 1, "100.0"),      # P10 on time
        ("三元分局", 1, "100.0"),          # L7 on time
        ("城关派出所", 3, "25.0"),         # P4 on time, P11 late: 1/2; A5 late: 0/1
    ]
    station = june.row(world["P4"].unit_id)
    assert figures(station.publication) == (0, 1, 2, 1, 1) and figures(station.application) == (1, 0, 1, 1, 0)
    trend = records.trend(JUNE, months=2)
    assert [p.key for p, _ in trend] == ["2026-05", "2026-06"]
    assert [[m[k].percent for k in O.KINDS] for _, m in trend] == [["66.7%", "75.0%", "50.0%"],
                                                                 ["66.7%", "0.0%", "100.0%"]]


def test_an_unfinished_month_counts_only_what_is_settled(world, everyone):
    """On 15 June, P11 (due 25 June, not published) may still be on time: not counted yet."""
    ranking = O.Records(everyone, JUNE.start, JUNE.end, date(2026, 6, 15)).ranking(JUNE)
    assert ranking.partial
    station = ranking.row(world["P4"].unit_id)
    assert figures(station.publication) == (0, 1, 1, 0, 0)
    assert station.score == Fraction(1, 2)  # (1 + 0) / 2


def test_a_quarter_is_its_three_months(world, everyone):
    ranking = O.Records(everyone, Q2.start, Q2.end, TODAY).ranking(Q2)
    assert [(row.label, row.rank, row.score_text) for row in ranking.ranked] == [
        ("三明市公安局", 1, "100.0"), ("三元分局治安大队", 1, "100.0"), ("沙县分局治安大队", 1, "100.0"),
        ("城关派出所", 4, "63.3"),      # pub 2/5, apps 1/2, letters 1/1
        ("三元分局", 5, "55.0"),        # apps 1/2, letters 3/5
        ("沙县分局", 6, "50.0"),
    ]
    assert figures(ranking.total.publication) == (7, 6, 9, 3, 2)  # P12 (March) is outside the window


def test_scope_a_branch_sees_its_subtree_only(world, make_user, units):
    leader = make_user("leader", "sanyuan", username="leader_sy")  # stats.view on 三元分局 and below
    assert set(O.scope(leader).values_list("name", flat=True)) == {"三元分局", "城关派出所", "治安大队"}
    ranking = O.ranking(leader, MAY, TODAY)
    # Alone in this scope, the 治安大队 needs no branch name in front.
    assert [(row.label, row.rank, row.score_text) for row in ranking.rows] == [
        ("治安大队", 1, "100.0"), ("城关派出所", 2, "77.8"), ("三元分局", 3, "50.0")]
    assert figures(ranking.total.letter) == (4, 3, 5, 2, 1)  # L1-L5, not 沙县分局's L6
    plain = make_user("handler", "sanyuan", username="handler_sy")
    assert not O.scope(plain).exists()


def test_periods_and_bad_input():
    assert periods.last_full_month(date(2026, 1, 10)).key == "2025-12"
    assert periods.last_full_quarter(date(2026, 2, 1)).label == "2025年第四季度"
    assert periods.last_full_quarter(date(2026, 11, 24)).key == "2026-Q3"
    assert periods.parse_month("2026-02", TODAY) == periods.month(2026, 2) and periods.month(2024, 2).end == date(2024, 2, 29)
    assert periods.parse_quarter("2026-q2", TODAY) == Q2 and Q2.span() == "4月1日至6月30日"
    for bad in ("2026-13", "202603", "", "2026-08", "2001-01"):
        with pytest.raises(ValidationError):
            periods.parse_month(bad, TODAY)
    for bad in ("2026-Q3", "2026-Q5", "2026Q1", "x"):
        with pytest.raises(ValidationError):
            periods.parse_quarter(bad, TODAY)  # 2026-Q3 has not ended on 15 July


# --- The circular -----------------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return "".join(out.stdout.decode("utf-8").split())


def docx_text(data: bytes) -> str:
    return "".join("".join(p.text.split()) for p in Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def office(world, make_user):
    return make_user("office", "office", username="office_user")


EXPECTED = [
    "关于2026年第二季度政府信息公开工作情况的通报",
    "各分局、局机关各部门、各大队、各派出所：",
    "现将2026年第二季度（4月1日至6月30日）政府信息公开工作情况通报如下",
    # Overall: P1 P2 P4 P5 P6 P7 P10 published; 9 due (P1-P6, P8, P10, P11), 6 on time.
    "主动公开政府信息7条，期限届满的9条中按期公开6条，按期公开率66.7%，逾期3条（其中至今未公开2条）",
    "答复政府信息公开申请5件，期限届满的5件中按期答复3件，按期答复率60.0%，逾期2件",
    "答复信箱来信6件，期限届满的7件中按期答复4件，按期答复率57.1%，逾期3件（其中至今未答复1件）",
    "本季度参加排名的单位6个，另有1个单位本季度无期限届满的事项，不参加排名",
    "第4名：城关派出所，综合得分63.3分（主动公开按期公开率40.0%（2/5），依申请公开按期答复率50.0%（1/2），"
    "信箱来信按期答复率100.0%（1/1））。",
    # Three units tie for the first place: all three are named.
    "综合得分排名前两位的单位（含并列）是：三明市公安局（综合得分100.0分，主动公开按期公开率100.0%（2/2））；"
    "三元分局治安大队（综合得分100.0分，主动公开按期公开率100.0%（1/1））；"
    "沙县分局治安大队（综合得分100.0分，依申请公开按期答复率100.0%（1/1））",
    "综合得分排名后两位的单位是：三元分局（综合得分55.0分，依申请公开按期答复率50.0%（1/2），"
    "信箱来信按期答复率60.0%（3/5））；沙县分局（综合得分50.0分",
    "城关派出所：逾期公开信息3条（《信息P2》、《信息P3》、《信息P11》），其中2条至今未办结；逾期答复申请1件（SQ-A5）",
    "三元分局：逾期答复申请1件（SQ-A2）；逾期答复来信2件（LX-L3、LX-L5），其中1件至今未办结",
    "三元分局、沙县分局要认真分析原因",
    "特此通报",
    "三明市公安局",
    "2026年7月15日",
]


@pytest.mark.parametrize("ext", ["pdf", "docx"])
def test_circular_text_in_both_formats(office, ext, monkeypatch):
    monkeypatch.setattr(circular, "NAMED", 2)  # name two at each end: the top, the bottom and the rest differ
    document = circular.generate(actor=office, period=Q2, ext=ext, today=TODAY)
    assert document.filename == f"关于2026年第二季度政府信息公开工作情况的通报.{ext}"
    text = pdf_text(document.content) if ext == "pdf" else docx_text(document.content)
    if ext == "pdf":
        assert document.content.startswith(b"%PDF")
    position = 0
    for phrase in EXPECTED:
        found = text.find(phrase.replace(" ", ""), position)
        assert found >= 0, phrase
        position = found
    assert "办公室：" not in text  # no overdue items: not in section 三
    event = AuditEvent.objects.filter(action="oversight.circular").latest("seq")
    assert event.actor == office and event.object_id == "2026-Q2"
    assert event.after["format"] == ext and event.after["ranked"] == 6


def test_circular_without_top_and_bottom_when_few(office):
    letter = circular.compose(O.Records(list(Unit.objects.all()), Q2.start, Q2.end, TODAY).ranking(Q2),
                              issuer="三明市公安局", issuer_unit=Unit.objects.get(code="350400"),
                              units=list(Unit.objects.all()), signed_on=TODAY)
    assert "第6名：沙县分局，综合得分50.0分（主动公开按期公开率100.0%（1/1），信箱来信按期答复率0.0%（0/1））。" \
        in letter.paragraphs
    assert not [p for p in letter.paragraphs if "排名前" in p or "排名后" in p]  # six units: the list says it all
    assert "三元分局、沙县分局要认真分析原因" not in "".join(letter.paragraphs)


def test_circular_refusals(world, office, make_user):
    leader = make_user("leader", "sanyuan", username="leader_sy")
    with pytest.raises(PermissionDenied):
        circular.generate(actor=leader, period=Q2, ext="pdf", today=TODAY)
    with pytest.raises(ValidationError):
        circular.generate(actor=office, period=Q2, ext="xlsx", today=TODAY)
    with pytest.raises(ValidationError):
        circular.generate(actor=office, period=periods.quarter(2026, 3), ext="pdf", today=TODAY)
    assert not AuditEvent.objects.filter(action="oversight.circular").exists()


# --- The pages --------------------------------------------------------------------------------------

def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_dashboard_for_the_office(office, world):
    page = client_for(office).get(reverse("workbench:oversight"), {"month": "2026-05"})
    assert page.status_code == 200
    html = page.content.decode()
    # The ranking as a table, readable without JavaScript, every number a link to its records.
    assert "<table class=\"data stats-table oversight-ranking\">" in html
    for label in ("三元分局治安大队", "沙县分局治安大队", "城关派出所", "77.8", "33.3%"):
        assert label in html
    station = world["P1"].unit_id
    assert f"?month=2026-05&amp;kind=publication&amp;figure=late&amp;unit={station}" in html
    # The trend table lists twelve months ending with May 2026; the charts' data is in json_script.
    trend_table = html.split('id="trend-title"')[1].split("</table>")[0]
    assert "2025-06" in trend_table and "2026-05" in trend_table and "2025-05" not in trend_table
    assert 'id="oversight-data"' in html and "gongkai/reports/oversight.js" in html
    assert "<script>" not in html  # nothing inline (CSP)
    assert "办公室" in html.split("不参加排名的单位")[1]
    assert 'action="/workbench/reports/oversight/circular/"' in html
    # Sorting by the lowest publication rate first.
    sorted_page = client_for(office).get(reverse("workbench:oversight"), {"month": "2026-05", "sort": "publication"})
    body = sorted_page.content.decode().split("<tbody>")[1]
    assert body.index("城关派出所") < body.index("三明市公安局")


def test_dashboard_defaults_and_bad_month(office, world):
    page = client_for(office).get(reverse("workbench:oversight"))
    assert page.status_code == 200 and page.context["period"] == periods.last_full_month(clock.today())
    bad = client_for(office).get(reverse("workbench:oversight"), {"month": "2026-13"})
    assert bad.status_code == 200 and "月份格式应为" in bad.content.decode()


def test_dashboard_permissions(world, make_user):
    assert client_for(make_user("handler", "station", username="h")).get(
        reverse("workbench:oversight")).status_code == 403
    leader = make_user("leader", "sanyuan", username="leader_sy")
    page = client_for(leader).get(reverse("workbench:oversight"), {"month": "2026-05"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "沙县分局" not in html and "三明市公安局" not in html.split("<tbody>")[1]
    assert "/oversight/circular/" not in html and "季度通报" not in html
    assert client_for(leader).get(reverse("workbench:oversight_circular"),
                                  {"quarter": "2026-Q2", "format": "pdf"}).status_code == 403


def test_records_page_lists_the_records_of_a_number(office, world, make_user):
    r = world
    station = r["P1"].unit_id
    url = reverse("workbench:oversight_records")
    page = client_for(office).get(url, {"month": "2026-05", "unit": station, "kind": "publication", "figure": "late"})
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("workbench:publication", args=[r["P2"].pk]) in html and "信息P3" in html
    assert "逾期办结" in html and "逾期未办结" in html and "信息P1" not in html
    letters = client_for(office).get(url, {"month": "2026-05", "kind": "letter", "figure": "due"})
    assert [i.ref for i, _, _ in letters.context["items"]] == ["LX-L2", "LX-L3", "LX-L4", "LX-L5", "LX-L1", "LX-L6"]
    assert reverse("workbench:letter", args=[r["L6"].pk]) in letters.content.decode()
    assert [unit for _, _, unit in letters.context["items"]][-1] == "沙县分局"  # all units: each row names its unit
    # A unit outside the user's scope, or nonsense: not found.
    leader = make_user("leader", "sanyuan", username="leader_sy")
    outside = client_for(leader).get(url, {"month": "2026-05", "unit": r["L6"].unit_id, "kind": "letter",
                                           "figure": "late"})
    assert outside.status_code == 404
    for query in ({"month": "2026-05", "kind": "x", "figure": "late"}, {"month": "x", "kind": "letter", "figure": "due"},
                  {"month": "2026-05", "kind": "letter", "figure": "due", "unit": "x"}):
        assert client_for(office).get(url, query).status_code == 404


def test_circular_download(office, world):
    c = client_for(office)
    page = c.get(reverse("workbench:oversight_circular"), {"quarter": "2026-Q2", "format": "docx"})
    assert page.status_code == 200
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in page["Content-Disposition"] and "circular-2026-Q2.docx" in page["Content-Disposition"]
    assert "三元分局治安大队" in docx_text(page.content)
    future = c.get(reverse("workbench:oversight_circular"), {"quarter": "2099-Q1", "format": "pdf"})
    assert future.status_code == 302
    assert "只能生成已经结束的季度的通报" in c.get(future.url).content.decode()


def test_circular_a_long_tie_at_the_top_is_named_without_rates(world, monkeypatch):
    monkeypatch.setattr(circular, "NAMED", 1)
    everyone = list(Unit.objects.all())
    letter = circular.compose(O.Records(everyone, Q2.start, Q2.end, TODAY).ranking(Q2), issuer="三明市公安局",
                              issuer_unit=Unit.objects.get(code="350400"), units=everyone, signed_on=TODAY)
    assert ("综合得分排名前一位的单位（含并列）是：三明市公安局（100.0分）、三元分局治安大队（100.0分）、"
            "沙县分局治安大队（100.0分）。") in letter.paragraphs
    assert ("综合得分排名后一位的单位是：沙县分局（综合得分50.0分，主动公开按期公开率100.0%（1/1），"
            "信箱来信按期答复率0.0%（0/1））。") in letter.paragraphs
    assert "（四）抓好整改落实。沙县分局要认真分析原因" in "".join(letter.paragraphs)


def test_circular_addressee(units):
    post = core_services.create_unit(actor=None, name="列东警务室", code="3504040101", level=Unit.Level.POST,
                                     parent=units["station"])
    assert circular.addressee([units["city"], units["sanyuan"], units["station"], post], units["city"]) == \
        "各分局、各派出所"
    assert circular.addressee([units["city"]], units["city"]) == "各单位"


def test_a_handful_of_queries_whatever_the_number_of_records(world, everyone, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # publications, applications, letters, unit labels
        records = O.Records(everyone, MAY.start, JUNE.end, TODAY)
        records.ranking(MAY), records.ranking(JUNE), records.trend(JUNE, months=2)
