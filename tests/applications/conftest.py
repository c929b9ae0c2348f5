from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications import services
from gongkai.core.models import DisclosureBody

SHANGHAI = ZoneInfo("Asia/Shanghai")

PERSON = {
    "applicant_kind": "person", "name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X",
    "phone": "13805981234", "email": "zhangsan@example.com", "address": "福建省三明市三元区列东街1号",
    "postcode": "365000",
    "description": "2025年度三元区道路交通事故统计数据", "medium": "electronic", "collection": "email", "items": 1,
}
COMPANY = {
    "applicant_kind": "legal", "name": "福建明理律师事务所", "credit_code": "91350400MA31XXXX0X",
    "legal_representative": "李四", "contact_name": "王五", "phone": "0598-8250001",
    "description": "关于城区停车收费标准的批复文件", "items": 2,
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def city_body(bureau):
    body = DisclosureBody.objects.get(unit=bureau["city"])
    body.reconsideration_authority = "三明市人民政府"
    body.litigation_court = "三明市三元区人民法院"
    body.phone = "0598-8250000"
    body.save()
    return body


@pytest.fixture
def staff(make_user):
    return {
        "handler": make_user("handler", "city", username="handler"),
        "office": make_user("office", "office", username="office_head"),
        "leader": make_user("leader", "city", username="leader_city"),
        "outsider": make_user("handler", "shaxian", username="outsider_sx"),
    }


@pytest.fixture
def online(city_body, pin_today):
    def submit(day: date, **overrides):
        pin_today(day)
        return services.submit_online(body=city_body, data={**PERSON, **overrides}, now=at(day))
    return submit
