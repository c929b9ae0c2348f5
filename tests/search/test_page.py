"""The portal's search page (/sousuo/): results of every kind, filters, sorting, pages, the count
cap, escaping, withdrawn items, Chinese messages, and no error 500 whatever is sent."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongkai.publications.models import Publication
from gongkai.search import analyzer, indexer
from tests.search.conftest import FILTER_CASES

URL = "/sousuo/"


def get(client, **params):
    return client.get(URL, params)


def hit_titles(response) -> list[str]:
    """The result titles in page order, marks removed."""
    html = response.content.decode()
    return [re.sub(r"</?mark>", "", t) for t in re.findall(r'class="search-hit-title"><a href="[^"]*">(.*?)</a>', html)]


def test_a_first_visit_shows_the_form_and_a_hint_not_an_error(client, content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search" aria-label="搜索公开信息"' in html and '<label for="search-q">搜索内容</label>' in html
    assert "输入要查找的内容后按“搜索”" in html
    assert "notice error" not in html and "search-hit" not in html
    for label in ["公开信息", "办事指南", "互动交流问答", "警情通报", "年度报告", "相关度", "发布日期"]:
        assert label in html
    assert '<option value="0803">' in html and "三明市公安局三元分局</option>" in html


def test_the_header_search_box_submits_to_the_page(client, content):
    html = client.get("/").content.decode()
    assert '<form class="search-box" role="search" aria-label="全站搜索" action="/sousuo/" method="get">' in html
    assert 'id="site-search" type="search" name="q"' in html


def test_every_kind_is_found_and_highlighted(client, content):
    response = get(client, q="治安")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0"
    assert "找到约 6 条结果" in html
    assert len(hit_titles(response)) == 6
    for label in ["公开信息", "办事指南", "互动交流问答", "警情通报", "年度报告"]:
        assert f'<span class="tag">{label}</span>' in html
    assert f'href="/xxgk/{content["city"].pk}/">城区<mark>治安</mark>通告</a>' in html
    assert "加强<mark>治安</mark>巡逻" in html  # the bulletin's snippet
    assert '<time datetime="2025-05-01">2025-05-01</time>' in html
    assert 'value="治安"' in html  # the query stays in the box
    # Results by kind: a tab per kind with its count, 全部 current.
    assert ('<li><a href="?q=%E6%B2%BB%E5%AE%89" aria-current="page">全部'
            '<span class="search-tab-count">（6）</span></a></li>') in html
    assert ('<li><a href="?q=%E6%B2%BB%E5%AE%89&amp;kind=qa">互动交流问答'
            '<span class="search-tab-count">（1）</span></a></li>') in html


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_each_filter_narrows_the_results_and_stays_chosen(client, content, params, expected):
    response = get(client, q="治安", **params)
    html = response.content.decode()
    assert sorted(hit_titles(response)) == sorted(expected)  # equal scores have no set order
    if "kind" in params:
        assert f'<option value="{params["kind"]}" selected>' in html
        assert re.search(rf'<a href="\?[^"]*kind={params["kind"]}[^"]*" aria-current="page">', html)
    if "year" in params:
        assert f'<option value="{params["year"]}" selected>' in html
    if "unit" in params:
        assert "只显示城关派出所发布的结果" in html and '<input type="hidden" name="unit" value="35040401">' in html


def test_a_parent_topic_takes_in_its_children(client, content):
    assert sorted(hit_titles(get(client, q="治安", topic="08"))) == ["分局治安通告", "城区治安通告"]


def test_sort_by_date(client, make):
    for day in (3, 1, 2):
        make.publication(title=f"交通管制通告（{day}日）", published=date(2026, 3, day))
    indexer.sync()
    response = get(client, q="交通管制", sort="date")
    assert hit_titles(response) == ["交通管制通告（3日）", "交通管制通告（2日）", "交通管制通告（1日）"]
    assert re.search(r'value="date" checked', response.content.decode())


def test_pages_keep_the_filters(client, make):
    for i in range(12):
        make.publication(title=f"交通管制通告（第{i + 1}批）", published=date(2026, 1, i + 1))
    make.guide(name="交通管制许可")
    indexer.sync()
    first = get(client, q="交通管制", kind="publication", sort="date")
    html = first.content.decode()
    assert len(hit_titles(first)) == 10 and "找到约 12 条结果，第 1 / 2 页" in html
    assert 'href="?q=%E4%BA%A4%E9%80%9A%E7%AE%A1%E5%88%B6&amp;kind=publication&amp;sort=date&amp;page=2" rel="next">下一页' in html
    assert 'aria-current="page" aria-label="第 1 页，当前页">1</a>' in html
    assert "上一页" not in html
    second = get(client, q="交通管制", kind="publication", sort="date", page="2")
    html = second.content.decode()
    assert hit_titles(second) == ["交通管制通告（第2批）", "交通管制通告（第1批）"]
    assert '<ol class="search-hits" start="11">' in html
    assert 'aria-current="page" aria-label="第 2 页，当前页">2</a>' in html
    assert 'href="?q=%E4%BA%A4%E9%80%9A%E7%AE%A1%E5%88%B6&amp;kind=publication&amp;sort=date" rel="prev">上一页' in html
    beyond = get(client, q="交通管制", page="3")
    assert beyond.status_code == 200 and "第 3 页没有结果" in beyond.content.decode()


def test_counts_beyond_the_cap_are_shown_with_a_plus(client, make, settings):
    for i in range(5):
        make.publication(title=f"户籍业务通知（{i + 1}）")
    indexer.sync()
    settings.GONGKAI_SEARCH_COUNT_CAP = 3
    html = get(client, q="户籍").content.decode()
    assert "找到 3+ 条结果" in html and "只显示前 3 条" in html
    over = get(client, q="户籍", page="2")
    assert over.status_code == 400 and "最多显示前 3 条结果" in over.content.decode()


def test_tags_in_content_are_shown_escaped(client, make):
    make.publication(title="<script>alert(1)</script>户籍<b>通知</b>",
                     summary="<b>粗体</b>户籍办理<img src=x onerror=alert(2)>须知")
    indexer.sync()
    html = get(client, q="户籍").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>户籍</mark>&lt;b&gt;通知&lt;/b&gt;" in html
    assert "&lt;b&gt;粗体&lt;/b&gt;<mark>户籍</mark>办理&lt;img src=x onerror=alert(2)&gt;须知" in html
    assert "<script>alert" not in html and "<b>" not in html and "<img" not in html


def test_a_withdrawn_item_is_not_shown_even_before_the_index_hears_of_it(client, make):
    kept = make.publication(title="户籍业务通知")
    gone = make.publication(title="户籍业务调整通知")
    indexer.sync()
    assert len(hit_titles(get(client, q="户籍"))) == 2
    Publication.objects.filter(pk=gone.pk).update(status=Publication.Status.WITHDRAWN)
    response = get(client, q="户籍")
    assert hit_titles(response) == [kept.title]
    assert f"/xxgk/{gone.pk}/" not in response.content.decode()


@pytest.mark.parametrize(("params", "message", "status"), [
    # What a visitor typed: an ordinary page with the reason.
    ({"q": ""}, analyzer.MESSAGE_EMPTY, 200),
    ({"q": "   "}, analyzer.MESSAGE_EMPTY, 200),
    ({"q": "长" * 101}, analyzer.MESSAGE_TOO_LONG, 200),
    ({"q": "，。！？"}, analyzer.MESSAGE_NO_TERMS, 200),
    # A parameter no form of the page sends: 400.
    ({"q": "治安", "kind": "news"}, "内容类型不正确", 400),
    ({"q": "治安", "topic": "9999"}, "没有这个主题分类", 400),
    ({"q": "治安", "body": "000000"}, "没有这个公开主体", 400),
    ({"q": "治安", "unit": "x"}, "没有这个发布单位", 400),
    ({"q": "治安", "year": "二〇二六"}, "年份不正确", 400),
    ({"q": "治安", "year": "3000"}, "年份不正确", 400),
    ({"q": "治安", "page": "abc"}, "页码不正确", 400),
    ({"q": "治安", "page": "0"}, "页码不正确", 400),
    ({"q": "治安", "page": "-1"}, "页码不正确", 400),
    ({"q": "治安", "page": "9" * 40}, "最多显示前 10,000 条结果", 400),
    ({"q": "治安", "sort": "hot"}, "排序方式不正确", 400),
])
def test_a_query_or_parameter_that_cannot_be_searched_says_why_in_chinese(client, content, params, message, status):
    response = get(client, **params)
    html = response.content.decode()
    assert response.status_code == status
    assert re.search(r'<div id="search-error" class="notice error" role="alert"><p>[^<]*' + re.escape(message), html)
    assert "no-store" in response["Cache-Control"]  # an error is never kept by a cache
    assert 'aria-invalid="true"' in html and "search-hit" not in html


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(), extra=st.dictionaries(
    st.sampled_from(["kind", "topic", "unit", "body", "year", "sort", "page"]), st.text(max_size=20)))
def test_no_input_gives_an_error_500(client, content, q, extra):
    response = client.get(URL, {"q": q, **extra})
    assert response.status_code in (200, 400), (q, extra)
