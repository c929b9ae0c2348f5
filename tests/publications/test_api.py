"""The publications API: public read shows only published items and only public fields; staff
write goes through the same services (and the same permission checks) as the pages."""

import pytest
from django.test import Client

from gongkai.publications.models import Publication

from .conftest import run_chain

P = Publication


def test_public_list_and_detail(client, draft, team):
    published = run_chain(draft(title="公开甲"), team)
    hidden = draft(title="草稿乙")
    data = client.get("/api/v1/publications/").json()
    titles = [row["title"] for row in data["results"]]
    assert titles == ["公开甲"]
    assert client.get(f"/api/v1/publications/{published.pk}/").json()["index_number"] == published.index_number
    assert client.get(f"/api/v1/publications/{hidden.pk}/").status_code == 404


def test_public_fields_hold_no_staff_data(client, draft, team):
    run_chain(draft(), team)
    row = client.get("/api/v1/publications/").json()["results"][0]
    for field in ["created_by", "attribute_reason", "status", "findings", "reviews"]:
        assert field not in row


def test_anonymous_schema_lists_no_personal_fields(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    public = schema["components"]["schemas"]["PublicPublication"]["properties"]
    assert not {"created_by", "phone", "email", "attribute_reason"} & set(public)


def test_staff_write_through_services(draft, team, bureau):
    api = Client()
    api.force_login(team["drafter"])
    response = api.post("/api/v1/staff/publications/", {
        "unit": bureau["station"].pk, "title": "接口起草的通知", "created_on": "2026-11-02", "topic": "0803",
        "channels": ["website", "weibo"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "draft" and response.json()["publish_due_on"] == "2026-11-30"
    assert api.post(f"/api/v1/staff/publications/{pk}/submit/").json()["current_step"] == "unit_review"
    # the drafter cannot approve; the reviewer can
    assert api.post(f"/api/v1/staff/publications/{pk}/approve/").status_code == 403
    reviewer = Client()
    reviewer.force_login(team["reviewer"])
    rejected = reviewer.post(f"/api/v1/staff/publications/{pk}/reject/", {"opinion": ""},
                             content_type="application/json")
    assert rejected.status_code == 400 and "理由" in rejected.content.decode()


@pytest.mark.parametrize("payload, field", [
    ({"title": "x", "created_on": "2026-02-30", "topic": "0803"}, "created_on"),
    ({"title": "x", "created_on": "2026-11-02", "topic": "nope"}, "topic"),
    ({"title": "x", "created_on": "2026-11-02", "topic": "0803", "attribute": "not_public"}, "attribute_basis"),
])
def test_staff_bad_input_is_refused_and_nothing_written(team, bureau, payload, field):
    api = Client()
    api.force_login(team["drafter"])
    count = P.objects.count()
    response = api.post("/api/v1/staff/publications/", {"unit": bureau["station"].pk, **payload},
                        content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert P.objects.count() == count


def test_staff_cannot_draft_for_another_unit(team, bureau):
    api = Client()
    api.force_login(team["drafter"])
    response = api.post("/api/v1/staff/publications/", {"unit": bureau["shaxian"].pk, "title": "x",
                                                        "created_on": "2026-11-02", "topic": "0803"},
                        content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("body", [
    {"title": "x", "created_on": "2026-11-02", "topic": "08\x0003"},  # a slug looked up in the database
    {"title": "x", "created_on": "2026-11-02", "topic": "0803", "channels": ["web\x00site"]},
    {"title": "x", "created_on": "2026-11-02", "topic": "0803", "keywords\x00": "x"},
])
def test_a_nul_character_anywhere_in_a_json_body_is_a_400_not_a_500(team, bureau, body):
    """Found by a fuzzer on PostgreSQL, which refuses NUL in any text comparison."""
    api = Client()
    api.force_login(team["drafter"])
    count = P.objects.count()
    response = api.post("/api/v1/staff/publications/", {"unit": bureau["station"].pk, **body},
                        content_type="application/json")
    assert response.status_code == 400 and "空字符" in response.json()["detail"]
    assert P.objects.count() == count
    form = api.post("/api/v1/staff/publications/", {"unit": bureau["station"].pk, "title": "x\x00"})
    assert form.status_code == 400 and P.objects.count() == count
