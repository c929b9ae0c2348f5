"""The office keeps the topic tree and the yearly enforcement figures (annual report section 二)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.core import services as core_services
from gongkai.publications.models import CatalogTopic, EnforcementFigures


@pytest.fixture
def office_client(team):
    c = Client()
    c.force_login(team["office"])
    return c


def test_topic_tree_page_and_edit(office_client):
    page = office_client.get("/workbench/catalog/topics/").content.decode()
    assert "治安管理处罚决定" in page and "封存" in page and "7 个工作日" in page
    parent = CatalogTopic.objects.get(code="08")
    response = office_client.post("/workbench/catalog/topics/new/", {
        "name": "网络安全", "code": "0807", "parent": parent.pk, "sort_order": 50, "publish_within_days": 10,
        "review_steps": ["unit_review", "confidentiality"], "is_active": "on"})
    assert response.status_code == 302
    topic = CatalogTopic.objects.get(code="0807")
    assert topic.path.startswith(parent.path) and topic.effective_deadline_days() == 10
    bad = office_client.post("/workbench/catalog/topics/new/", {
        "name": "快讯", "code": "0808", "sort_order": 0, "review_steps": ["unit_review"], "is_active": "on"})
    assert "保密审查不能省略" in bad.content.decode()


def test_topics_page_needs_manage_capability(team):
    c = Client()
    c.force_login(team["drafter"])
    assert c.get("/workbench/catalog/topics/").status_code == 403


def test_enforcement_figures_entered_per_body_and_year(office_client, bureau):
    response = office_client.post("/workbench/catalog/figures/?body=350404&year=2025", {
        "licences": 1520, "penalties": 8731, "coercive_measures": 64, "fees_wan_yuan": "312.5000"})
    assert response.status_code == 302
    row = EnforcementFigures.objects.get(body=bureau["sanyuan"].body, year=2025)
    assert (row.licences, row.penalties, row.coercive_measures, row.fees_wan_yuan) == (1520, 8731, 64,
                                                                                        Decimal("312.5"))
    bad = office_client.post("/workbench/catalog/figures/?body=350404&year=2025", {
        "licences": -1, "penalties": 0, "coercive_measures": 0, "fees_wan_yuan": "x"})
    assert bad.status_code == 200 and EnforcementFigures.objects.get(pk=row.pk).licences == 1520


def test_index_pattern_is_checked_when_saved(bureau):
    with pytest.raises(ValidationError, match="流水号"):
        core_services.save_disclosure_body(actor=None, unit=bureau["sanyuan"], org_code="11350404003614586Q",
                                           index_pattern="{org9}/{year}")


def test_only_one_menu_entry_is_current(office_client):
    page = office_client.get("/workbench/publications/review/").content.decode()
    assert page.count('aria-current="page"') == 1
