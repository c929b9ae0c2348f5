"""GET /api/v1/search/: the same search as the page, as JSON; 400 with a Chinese message and a code
for whatever cannot be searched, never a 500."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongkai.publications.models import Publication
from gongkai.search import analyzer, indexer
from tests.search.conftest import FILTER_CASES

URL = "/api/v1/search/"


def get(client, **params):
    return client.get(URL, params)


def titles(response) -> list[str]:
    return [r["title"] for r in response.json()["results"]]


def test_finds_every_kind_anonymously(client, content):
    response = get(client, q="治安")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0"
    data = response.json()
    assert (data["count"], data["count_capped"], data["page"], data["per_page"]) == (6, False, 1, 10)
    assert {r["kind"] for r in data["results"]} == {"publication", "guide", "qa", "bulletin", "report"}
    city = next(r for r in data["results"] if r["title"] == "城区治安通告")
    assert city == {"title": "城区治安通告", "url": f"/xxgk/{content['city'].pk}/", "kind": "publication",
                    "kind_label": "公开信息", "date": "2025-05-01", "snippet": city["snippet"]}
    bulletin = next(r for r in data["results"] if r["kind"] == "bulletin")
    assert "加强<mark>治安</mark>巡逻" in bulletin["snippet"] and bulletin["kind_label"] == "警情通报"


def test_a_logged_in_session_changes_nothing(client, content, make_user):
    client.force_login(make_user("handler"))
    assert len(titles(get(client, q="治安"))) == 6


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_each_filter_narrows_the_results(client, content, params, expected):
    assert sorted(titles(get(client, q="治安", **params))) == sorted(expected)


def test_sort_by_date_and_pages(client, make):
    for day in range(1, 8):
        make.publication(title=f"交通管制通告（{day}日）", published=date(2026, 3, day))
    indexer.sync()
    first = get(client, q="交通管制", sort="date", per_page="3")
    assert titles(first) == ["交通管制通告（7日）", "交通管制通告（6日）", "交通管制通告（5日）"]
    last = get(client, q="交通管制", sort="date", per_page="3", page="3").json()
    assert [r["title"] for r in last["results"]] == ["交通管制通告（1日）"]
    assert (last["count"], last["page"], last["per_page"]) == (7, 3, 3)
    assert [r["date"] for r in get(client, q="交通管制", sort="date").json()["results"]][:2] == [
        "2026-03-07", "2026-03-06"]


def test_the_count_cap(client, make, settings):
    for i in range(5):
        make.publication(title=f"户籍业务通知（{i + 1}）")
    indexer.sync()
    settings.GONGKAI_SEARCH_COUNT_CAP = 3
    data = get(client, q="户籍").json()
    assert (data["count"], data["count_capped"]) == (3, True)
    response = get(client, q="户籍", per_page="2", page="3")
    assert response.status_code == 400 and "最多显示前 3 条结果" in response.json()["detail"]


def test_tags_in_content_are_escaped_in_the_snippet(client, make):
    make.publication(title="<script>alert(1)</script>户籍<b>通知</b>",
                     summary="<b>粗体</b>户籍办理<img src=x onerror=alert(2)>须知")
    indexer.sync()
    (result,) = get(client, q="户籍").json()["results"]
    assert result["title"] == "<script>alert(1)</script>户籍<b>通知</b>"  # plain text: the client escapes it
    assert result["snippet"] == "&lt;b&gt;粗体&lt;/b&gt;<mark>户籍</mark>办理&lt;img src=x onerror=alert(2)&gt;须知"


def test_a_withdrawn_item_is_not_returned(client, make):
    kept = make.publication(title="户籍业务通知")
    gone = make.publication(title="户籍业务调整通知")
    indexer.sync()
    Publication.objects.filter(pk=gone.pk).update(status=Publication.Status.WITHDRAWN)
    assert titles(get(client, q="户籍")) == [kept.title]


@pytest.mark.parametrize(("params", "message", "code"), [
    ({}, analyzer.MESSAGE_EMPTY, "empty"),
    ({"q": ""}, analyzer.MESSAGE_EMPTY, "empty"),
    ({"q": "长" * 101}, analyzer.MESSAGE_TOO_LONG, "too_long"),
    ({"q": "，。！？"}, analyzer.MESSAGE_NO_TERMS, "no_terms"),
    ({"q": "治安", "kind": "news"}, "内容类型不正确", "invalid_kind"),
    ({"q": "治安", "topic": "9999"}, "没有这个主题分类", "invalid_topic"),
    ({"q": "治安", "body": "000000"}, "没有这个公开主体", "invalid_body"),
    ({"q": "治安", "unit": "x"}, "没有这个发布单位", "invalid_unit"),
    ({"q": "治安", "year": "2o26"}, "年份不正确", "invalid_year"),
    ({"q": "治安", "year": "1900"}, "年份不正确", "invalid_year"),
    ({"q": "治安", "page": "1.5"}, "页码不正确", "invalid_page"),
    ({"q": "治安", "page": "99999"}, "最多显示前 10,000 条结果", "invalid_page"),
    ({"q": "治安", "per_page": "51"}, "每页条数应在 1 到 50 之间", "invalid_per_page"),
    ({"q": "治安", "per_page": "ten"}, "每页条数应在 1 到 50 之间", "invalid_per_page"),
    ({"q": "治安", "sort": "hot"}, "排序方式不正确", "invalid_sort"),
])
def test_errors_are_400_with_a_chinese_message_and_a_code(client, content, params, message, code):
    response = get(client, **params)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert response.json()["code"] == code
    assert "no-store" in response["Cache-Control"]


def test_the_schema_describes_the_endpoint(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "q", "kind", "topic", "unit", "body", "year", "sort", "page", "per_page"}
    # Its own 400 (with the error codes) stays; api/schema.py adds the generic errors of every operation.
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "405", "429"}
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] != {"$ref": "#/components/schemas/Error"}
    page = schema["components"]["schemas"]["SearchPage"]["properties"]
    assert set(page) == {"count", "count_capped", "page", "per_page", "results"}


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(), extra=st.dictionaries(
    st.sampled_from(["kind", "topic", "unit", "body", "year", "sort", "page", "per_page"]), st.text(max_size=20)))
def test_no_input_gives_an_error_500(client, content, q, extra):
    response = client.get(URL, {"q": q, **extra})
    assert response.status_code in (200, 400), (q, extra)
    assert "detail" in response.json() if response.status_code == 400 else "results" in response.json()
