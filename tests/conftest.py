from datetime import date

import pytest

from gongkai.core import services
from gongkai.core.models import Role, Unit
from gongkai.publications import services as publication_services
from gongkai.publications.models import Topic


@pytest.fixture
def bureau(db):
    """A small bureau: city → two branches → stations, with the city and one branch as bodies."""
    city = services.create_unit(actor=None, name="三明市公安局", code="350400", level=Unit.Level.CITY)
    office = services.create_unit(actor=None, name="办公室", code="35040001", level=Unit.Level.DIVISION, parent=city)
    sanyuan = services.create_unit(actor=None, name="三元分局", code="350404", level=Unit.Level.BRANCH, parent=city)
    station = services.create_unit(actor=None, name="城关派出所", code="35040401", level=Unit.Level.STATION,
                                   parent=sanyuan)
    shaxian = services.create_unit(actor=None, name="沙县分局", code="350405", level=Unit.Level.BRANCH, parent=city)
    services.save_disclosure_body(actor=None, unit=city, org_code="11350400003614578A", letter_name="三明市公安局",
                                  notice_prefix="明公信告")
    services.save_disclosure_body(actor=None, unit=sanyuan, org_code="11350404003614586Q",
                                  letter_name="三明市公安局三元分局", notice_prefix="明三公信告")
    return {"city": city, "office": office, "sanyuan": sanyuan, "station": station, "shaxian": shaxian}


@pytest.fixture
def make_user(bureau):
    def make(role_code: str | None, unit_key: str = "city", username: str | None = None, **kwargs):
        roles = [Role.objects.get(code=role_code)] if role_code else []
        kwargs.setdefault("must_change_password", False)
        return services.create_user(actor=None, username=username or f"{role_code or 'plain'}_{unit_key}",
                                    name=kwargs.pop("name", "测试用户"), unit=bureau[unit_key],
                                    password="Sanming#2026x", roles=roles, **kwargs)
    return make


@pytest.fixture
def team(bureau, make_user):
    """The people of one item's life at 三元分局: drafter, reviewer, leader; and the city office."""
    return {
        "drafter": make_user("handler", "station", username="drafter"),
        "reviewer": make_user("reviewer", "sanyuan", username="reviewer"),
        "leader": make_user("leader", "sanyuan", username="leader"),
        "office": make_user("office", "office", username="office"),
        "outsider": make_user("reviewer", "shaxian", username="outsider"),
    }


@pytest.fixture
def topic(db):
    return Topic.objects.get(code="0803")  # 交通管理: full chain


@pytest.fixture
def draft(team, bureau, topic):
    def make(**fields):
        fields.setdefault("title", "关于调整城区部分道路交通组织的通告")
        fields.setdefault("created_on", date(2026, 11, 2))
        fields.setdefault("body_text", "为缓解城区交通压力，自2026年12月1日起，列东街实行单向通行。")
        return publication_services.create_draft(actor=team["drafter"], unit=bureau["station"], topic=fields.pop("topic", topic),
                                     **fields)
    return make


PASSWORD = "Sanming#2026x"


@pytest.fixture(autouse=True)
def search_dir(settings, tmp_path):
    """Each test has its own search index (the checkout's data/ is left alone)."""
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"
    return settings.GONGKAI_SEARCH_DIR
