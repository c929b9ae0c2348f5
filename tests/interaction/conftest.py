from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from gongkai.core.models import DisclosureBody
from gongkai.interaction import services
from gongkai.interaction.models import LetterTopic

SHANGHAI = ZoneInfo("Asia/Shanghai")

LETTER = {
    "kind": "complaint", "topic": "traffic", "subject": "列东街路口红绿灯时间太短",
    "content": "列东街与东新二路路口行人绿灯只有15秒，老人过不去马路，建议延长。",
    "writer_name": "王小明", "phone": "13905981234", "email": "wxm@example.com",
    "wants_reply": True, "consent_publish": True,
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def city_body(bureau):
    return DisclosureBody.objects.get(unit=bureau["city"])


@pytest.fixture
def people(make_user):
    return {
        "office": make_user("office", "office", username="office"),
        "sanyuan": make_user("handler", "sanyuan", username="jb_sanyuan"),
        "station": make_user("handler", "station", username="jb_station"),
        "shaxian": make_user("handler", "shaxian", username="jb_shaxian"),
        "leader": make_user("leader", "sanyuan", username="leader_sanyuan"),  # stats.view, no handling
    }


@pytest.fixture
def write(city_body, pin_today):
    """write(day, **overrides) → (letter, code): a letter written on the portal that day."""
    def submit(day: date = date(2026, 9, 25), **overrides):
        pin_today(day)
        return services.submit_online(body=city_body, data={**LETTER, **overrides}, now=at(day))
    return submit


@pytest.fixture
def topic(db):
    return LetterTopic.objects.get(code="traffic")


@pytest.fixture
def staff_client():
    """staff_client(user) → a test client logged in as that user."""
    def login(user):
        c = Client()
        c.force_login(user)
        return c
    return login
