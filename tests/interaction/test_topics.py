"""Letter topics are data the office keeps (issue #5: "Topics are data"): created, renamed,
deactivated — never deleted once used — with per-field Chinese errors and an audit entry."""

from gongkai.core.models import AuditEvent
from gongkai.interaction.models import LetterTopic

from .conftest import LETTER


def test_office_adds_renames_and_deactivates_a_topic(client, city_body, people, write):
    client.force_login(people["office"])
    assert "来信分类" in client.get("/workbench/interaction/").content.decode()
    response = client.post("/workbench/interaction/topics/new/", {"name": "网络安全", "code": "cyber", "sort_order": 75,
                                                                 "is_active": "on"})
    assert response.status_code == 302
    topic = LetterTopic.objects.get(code="cyber")
    assert AuditEvent.objects.filter(action="letter_topic.save", object_id=str(topic.pk)).exists()
    letter, _ = write(topic="cyber")
    assert letter.topic == topic
    # Deactivated: kept on the letter and in the list, but no longer offered for new letters.
    client.post(f"/workbench/interaction/topics/{topic.pk}/", {"name": "网络安全", "code": "cyber", "sort_order": 75})
    topic.refresh_from_db()
    assert not topic.is_active
    letter.refresh_from_db()
    assert letter.topic == topic
    page = client.get("/workbench/interaction/topics/").content.decode()
    assert "网络安全" in page and "停用" in page
    assert "网络安全" not in client.get("/hudong/xiexin/").content.decode()
    response = client.post("/api/v1/public/letters/", {**LETTER, "topic": "cyber"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["topic"] == ["请选择来信分类"]


def test_bad_codes_and_clashes_in_chinese_nothing_written(client, people):
    client.force_login(people["office"])
    before = LetterTopic.objects.count()
    page = client.post("/workbench/interaction/topics/new/", {"name": "交通安全", "code": "交通",
                                                             "sort_order": 1}).content.decode()
    assert "编码只能使用小写字母" in page and "名称“交通安全”已存在" in page
    page = client.post("/workbench/interaction/topics/new/", {"name": "新分类", "code": "traffic",
                                                             "sort_order": 1}).content.decode()
    assert "编码“traffic”已被使用" in page
    assert LetterTopic.objects.count() == before


def test_only_the_office_keeps_the_topics(client, people):
    client.force_login(people["sanyuan"])  # handles letters of its own unit only
    assert client.get("/workbench/interaction/topics/").status_code == 403
    assert client.post("/workbench/interaction/topics/new/", {"name": "网络安全", "code": "cyber",
                                                             "sort_order": 1}).status_code == 403
    assert "/workbench/interaction/topics/" not in client.get("/workbench/interaction/").content.decode()
    assert not LetterTopic.objects.filter(code="cyber").exists()


def test_home_page_counts_open_and_overdue_letters_in_scope(client, city_body, people, write, pin_today, bureau):
    from datetime import date

    from gongkai.interaction import services

    late, _ = write(date(2026, 9, 1))
    fresh, _ = write(date(2026, 11, 20))
    services.assign(actor=people["office"], letter=late, unit=bureau["station"])
    pin_today(date(2026, 11, 24))
    client.force_login(people["office"])
    page = client.get("/workbench/").content.decode()
    assert '待办来信</span><span class="num small">2</span>' in page
    assert '超期未答复的来信</span><span class="num small">1</span>' in page
    client.force_login(people["shaxian"])  # another branch: none of these letters
    page = client.get("/workbench/").content.decode()
    assert '待办来信</span><span class="num small">0</span>' in page
    assert fresh.status == "pending"
