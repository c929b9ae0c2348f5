from datetime import date

import pytest

from gongkai.bulletins import services
from gongkai.bulletins.models import GuideCategory
from gongkai.core.models import DisclosureBody, Role

TODAY = date(2026, 11, 24)  # a Tuesday: week 47 (16–22 November) has ended, week 48 has begun


def id_number(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


COUNTS = {"criminal": 12, "public_order": 35, "traffic": 28, "fire": 1}


@pytest.fixture(autouse=True)
def pinned_today(pin_today):
    pin_today(TODAY)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded forms go to a temporary directory, not the checkout's data/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bodies(bureau):
    return {"city": DisclosureBody.objects.get(unit=bureau["city"]),
            "sanyuan": DisclosureBody.objects.get(unit=bureau["sanyuan"])}


@pytest.fixture
def people(make_user, bureau):
    """Two office staff (all units), a clerk of 三元分局 and one of 沙县分局 (bulletins and guides of
    their own subtree only), and a handler without either capability."""
    clerk = Role.objects.create(code="clerk", name="通报维护员", scope=Role.Scope.SUBTREE,
                                capabilities=[services.BULLETIN_CAPABILITY, services.GUIDE_CAPABILITY])
    people = {
        "office": make_user("office", "office", username="office_a"),
        "office2": make_user("office", "office", username="office_b"),
        "clerk_sy": make_user(None, "sanyuan", username="clerk_sy"),
        "clerk_sx": make_user(None, "shaxian", username="clerk_sx"),
        "handler": make_user("handler", "sanyuan", username="handler_sy"),
    }
    people["clerk_sy"].roles.add(clerk)
    people["clerk_sx"].roles.add(clerk)
    return people


@pytest.fixture
def make_bulletin(bodies, people):
    def make(body="sanyuan", week=47, year=2026, actor="clerk_sy", **fields):
        data = {**COUNTS, "comparison": "与上周相比，刑事警情下降 7.7%", "notable_cases": "城关派出所破获盗窃电动车案一起。",
                "prevention_advice": "请将电动车停放在有监控的车棚。", **fields}
        return services.create_bulletin(actor=people[actor], body=bodies[body], year=year, week=week, **data)
    return make


@pytest.fixture
def publish(people):
    """Submit (by the drafter) and publish (by the office)."""
    def run(bulletin, reviewer="office"):
        services.submit_bulletin(actor=bulletin.created_by, bulletin=bulletin)
        services.publish_bulletin(actor=people[reviewer], bulletin=bulletin)
        bulletin.refresh_from_db()
        return bulletin
    return run


GUIDE = {
    "name": "剧毒化学品购买许可", "kind": "licence", "legal_basis": "《危险化学品安全管理条例》第三十八条",
    "conditions": "因科研、医疗等需要购买剧毒化学品的单位。", "materials": ["营业执照", "购买用途说明"],
    "procedure": "提出申请\n受理审查\n作出决定", "statutory_days": 3, "promised_days": 3,
    "handling_unit": "所在地县级公安机关治安管理部门", "place": "三明市行政服务中心公安窗口",
    "hours": "工作日 8:00-12:00，14:30-17:30", "phone": "0598-8250160",
}


@pytest.fixture
def make_guide(people, bureau):
    def make(actor="clerk_sy", unit="sanyuan", **fields):
        data = {**GUIDE, "category": GuideCategory.objects.get(code="zhian"), **fields}
        return services.create_guide(actor=people[actor], unit=bureau[unit], **data)
    return make


def pdf_bytes() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()
