from datetime import date, datetime
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, Remedy, Status
from gongkai.core.models import DisclosureBody
from gongkai.publications.models import CatalogTopic, EnforcementFigures, Publication

SHANGHAI = ZoneInfo("Asia/Shanghai")

PERSON = {
    "applicant_kind": "person", "name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X",
    "phone": "13805981234", "email": "zhangsan@example.com", "address": "福建省三明市三元区列东街1号",
    "postcode": "365000", "description": "2024年度三元区道路交通事故统计数据", "medium": "electronic",
    "collection": "email", "items": 1,
}
LAW_FIRM = {
    "applicant_kind": "legal", "name": "福建明理律师事务所", "credit_code": "91350400MA31XXXX0X",
    "legal_representative": "李四", "contact_name": "王五", "phone": "0598-8250001",
    "description": "关于城区停车收费标准的批复文件", "items": 1,
}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def bodies(bureau):
    city = DisclosureBody.objects.get(unit=bureau["city"])
    city.reconsideration_authority, city.litigation_court = "三明市人民政府", "三明市三元区人民法院"
    city.phone = "0598-8250000"
    city.save()
    branch = DisclosureBody.objects.get(unit=bureau["sanyuan"])
    branch.reconsideration_authority, branch.litigation_court = "三明市三元区人民政府", "三明市三元区人民法院"
    branch.save()
    return {"city": city, "branch": branch}


@pytest.fixture
def staff(make_user):
    return {"handler": make_user("handler", "city", username="handler"),
            "leader": make_user("leader", "city", username="leader_city")}


@pytest.fixture
def case(bodies):
    """An application row written directly, as a closed or open case would stand in the database."""
    serial = count(1)

    def make(kind: str, received: date | None, decided: date | None = None, outcome: str = "",
             body: str = "city") -> Application:
        owner = bodies[body]
        n = next(serial)
        submitted = received or date(2025, 12, 29)
        return Application.objects.create(
            body=owner, unit=owner.unit, tracking_number=f"T-{body}-{n:04d}", query_code_hash="test",
            applicant_kind=kind, name=f"申请人{n}", phone="0598-8250001", applicant_key=f"key{n}",
            description="测试申请", channel="in_person", submitted_at=at(submitted), received_on=received,
            clock_start=received, status=Status.CLOSED if decided else Status.PROCESSING,
            outcome=outcome if decided else "", decided_on=decided, closed_on=decided)
    return make


@pytest.fixture
def remedy():
    def make(app: Application, kind: str, filed: date, result: str = "pending",
             concluded: date | None = None) -> Remedy:
        return Remedy.objects.create(application=app, kind=kind, authority="三明市人民政府", filed_on=filed,
                                     result=result, concluded_on=concluded)
    return make


@pytest.fixture
def publication(bodies, staff):
    """A catalog item written directly, at any stage of its life."""
    topic = CatalogTopic.objects.get(code="0803")

    def make(form: str, published: datetime | None, body: str = "city", status: str = "published",
             withdrawn: datetime | None = None, validity: str = "valid", repealed_on: date | None = None,
             valid_until: date | None = None, attribute: str = "proactive") -> Publication:
        owner = bodies[body]
        created = (published.date() if published else date(2025, 1, 2))
        return Publication.objects.create(
            body=owner, unit=owner.unit, title="关于规范道路交通管理的通告", created_on=created, topic=topic,
            legal_form=form, validity=validity, repealed_on=repealed_on, valid_until=valid_until,
            attribute=attribute, status=status, published_at=published, withdrawn_at=withdrawn,
            created_by=staff["handler"])
    return make


P, B, R, N, L, OT = "person", "business", "research", "nonprofit", "legal", "other_org"

# Outcomes of the applications received in 2025 and decided in 2025 (one of each of the 23), and
# the applicant type of each. "disclosed" goes through the services (register, decide, approve).
RECEIVED_2025_DECIDED = {
    "published": P, "internal": P, "needs_processing": P, "confirm": P,
    "partial": B, "process": B, "still_unclear": B, "no_supplement": B,
    "secret": R, "case_file": R, "petition": R, "no_fee": R,
    "law_forbids": N, "query": N, "repeat": N, "other": N,
    "security": L, "not_exist": L, "publication": L,
    "third_party": OT, "not_ours": OT, "excessive": OT,
}


@pytest.fixture
def records(bodies, staff, case, remedy, publication, pin_today):
    """Everything the report counts, and everything it must leave out, with the reason in a comment."""
    r = {}
    # --- 2024 -----------------------------------------------------------------------------------
    r["p1"] = case(P, date(2024, 3, 1), date(2024, 3, 20), "disclosed")        # 2024 only
    r["p2"] = case(N, date(2024, 6, 1), date(2024, 12, 31), "repeat")          # decided on 31 Dec 2024
    r["c1"] = case(P, date(2024, 12, 10), date(2025, 1, 8), "disclosed")       # carried into 2025
    r["c2"] = case(B, date(2024, 11, 20), date(2025, 2, 10), "secret")         # carried into 2025
    r["c3"] = case(L, date(2024, 12, 25))                                      # open through 2025
    # A ledger case: received in 2024, decided in 2025, with a reconsideration the ledger gives
    # a result for but no date.
    r["c4"] = services.import_ledger_row(
        actor=staff["handler"], body=bodies["city"], tracking_number="350400-2024-L001", applicant_kind=R,
        name="三明市道路交通研究所", channel="letter", received_on=date(2024, 12, 16), outcome="not_exist",
        decided_on=date(2025, 1, 20),
        remedies=[{"kind": "reconsideration", "result": "maintained", "filed_on": date(2025, 2, 10),
                   "authority": "三明市人民政府"}])
    # A letter that arrived on 30 Dec 2024 and was confirmed with the applicant on 3 Jan 2025 (Art. 31).
    pin_today(date(2024, 12, 30))
    r["letter"], _ = services.register(actor=staff["handler"], unit=bodies["city"].unit, data=PERSON,
                                       channel="letter", submitted_at=at(date(2024, 12, 30)))
    pin_today(date(2025, 1, 3))
    services.confirm_receipt(actor=staff["handler"], app=r["letter"], received_on=date(2025, 1, 3))

    # --- 2025 -----------------------------------------------------------------------------------
    day = date(2025, 2, 3)
    for code, kind in RECEIVED_2025_DECIDED.items():
        r[code] = case(kind, day, date(2025, 11, 28), code)
    r["published"].decided_on = date(2025, 1, 10)
    r["published"].save()
    # Through the services: registered in person, drafted, approved by the leader.
    pin_today(date(2025, 6, 2))
    r["disclosed"], _ = services.register(actor=staff["handler"], unit=bodies["city"].unit, data=PERSON,
                                          channel="in_person", submitted_at=at(date(2025, 6, 2)))
    pin_today(date(2025, 6, 20))
    services.decide(actor=staff["handler"], app=r["disclosed"], outcome="disclosed", reply_text="统计表见附件。")
    pin_today(date(2025, 6, 23))
    services.approve_reply(actor=staff["leader"], app=r["disclosed"])
    # Open on 31 December 2025.
    r["o1"] = case(P, date(2025, 12, 20), date(2026, 1, 10), "disclosed")
    r["o2"] = case(OT, date(2025, 12, 15))
    # Drafted in 2025, approved in 2026: decided in 2026, so open on 31 December.
    pin_today(date(2025, 12, 26))
    r["o3"], _ = services.register(actor=staff["handler"], unit=bodies["city"].unit, data=LAW_FIRM,
                                   channel="in_person", submitted_at=at(date(2025, 12, 26)))
    pin_today(date(2025, 12, 30))
    services.decide(actor=staff["handler"], app=r["o3"], outcome="disclosed", reply_text="批复文件见附件。")
    pin_today(date(2026, 1, 5))
    services.approve_reply(actor=staff["leader"], app=r["o3"])
    # A fax never confirmed with the applicant: not received (Art. 31), so in no row of any year.
    pin_today(date(2025, 12, 29))
    r["fax"], _ = services.register(actor=staff["handler"], unit=bodies["city"].unit, data=PERSON,
                                    channel="fax", submitted_at=at(date(2025, 12, 29)))
    # --- 2026 -----------------------------------------------------------------------------------
    r["new"] = case(P, date(2026, 1, 5), date(2026, 2, 2), "disclosed")

    # --- The branch (三元分局), a disclosure body of its own -------------------------------------
    r["b1"] = case(P, date(2025, 3, 1), date(2025, 3, 15), "disclosed", body="branch")
    r["b2"] = case(B, date(2024, 12, 20), body="branch")
    r["b3"] = case(L, date(2025, 5, 5), date(2025, 5, 20), "security", body="branch")

    # --- Remedies -------------------------------------------------------------------------------
    remedy(r["secret"], "reconsideration", date(2025, 3, 1), "maintained", date(2025, 4, 1))
    pin_today(date(2025, 12, 1))
    services.record_remedy(actor=staff["handler"], app=r["partial"], kind="reconsideration",
                           authority="三明市人民政府", filed_on=date(2025, 12, 1), result="corrected",
                           concluded_on=date(2025, 12, 1))
    remedy(r["internal"], "reconsideration", date(2025, 12, 2), "other", date(2025, 12, 20))
    remedy(r["process"], "reconsideration", date(2025, 12, 3))                          # pending
    remedy(r["case_file"], "reconsideration", date(2025, 12, 4), "maintained", date(2026, 2, 1))  # after 31 Dec
    remedy(r["not_exist"], "litigation", date(2025, 12, 5), "maintained", date(2025, 12, 20))
    remedy(r["not_ours"], "litigation", date(2025, 12, 6), "corrected", date(2025, 12, 22))
    remedy(r["third_party"], "litigation", date(2025, 12, 7))                          # pending
    remedy(r["secret"], "litigation_after", date(2025, 5, 1), "maintained", date(2025, 10, 1))
    remedy(r["security"], "litigation_after", date(2025, 12, 8), "other", date(2025, 12, 31))
    remedy(r["p1"], "reconsideration", date(2024, 5, 6), "corrected", date(2025, 3, 1))  # filed in 2024
    remedy(r["c1"], "litigation", date(2026, 1, 15))                                     # filed in 2026
    remedy(r["b3"], "litigation", date(2025, 7, 1))                                      # the branch's

    # --- Section 二 ------------------------------------------------------------------------------
    publication("normative", at(date(2025, 3, 1)))                                         # issued, in force
    publication("normative", at(date(2023, 5, 4)), validity="repealed", repealed_on=date(2025, 6, 30))
    publication("normative", at(date(2022, 1, 4)))                                         # in force
    publication("normative", at(date(2025, 8, 1)), status="withdrawn", withdrawn=at(date(2025, 9, 1)))
    publication("normative", at(date(2025, 10, 8)), status="withdrawn", withdrawn=at(date(2026, 2, 2)))
    publication("normative", at(date(2024, 2, 1)), validity="expired", valid_until=date(2025, 7, 1))
    publication("normative", at(date(2024, 1, 2)), validity="expired")                    # no date
    publication("normative", at(date(2025, 12, 31), 23, 30))                               # 15:30 UTC
    publication("normative", at(date(2026, 1, 1), 0, 30))                                  # 2025-12-31 UTC
    publication("rule", at(date(2025, 4, 1)))
    publication("rule", at(date(2021, 1, 4)), validity="repealed", repealed_on=date(2026, 3, 1))
    publication("normative", None, status="draft")
    publication("normative", None, status="not_public", attribute="not_public")
    publication("", at(date(2025, 5, 6)))                                                  # not a document type
    publication("normative", at(date(2025, 5, 6)), body="branch")
    EnforcementFigures.objects.create(body=bodies["city"], year=2025, licences=1234, penalties=5678,
                                      coercive_measures=90, fees_wan_yuan=Decimal("12.3456"))
    EnforcementFigures.objects.create(body=bodies["branch"], year=2025, licences=100, penalties=200,
                                      coercive_measures=10, fees_wan_yuan=Decimal("0.5"))
    EnforcementFigures.objects.create(body=bodies["city"], year=2024, licences=1, penalties=2,
                                      coercive_measures=3, fees_wan_yuan=Decimal("4"))
    # The tests read the records as the bureau would after the year: on the day they were written for.
    pin_today(date(2026, 11, 24))
    return r
