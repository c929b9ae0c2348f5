import pytest

from gongkai.core import services
from gongkai.core.models import Role, Unit


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


PASSWORD = "Sanming#2026x"
