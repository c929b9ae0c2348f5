"""query.search: filters, sorting, pages, the count cap, snippets and errors."""

from datetime import date

import pytest

from gongkai.search import analyzer, indexer
from gongkai.search.models import Kind
from gongkai.search.query import Filters, SearchError, search


def titles(text, **kwargs):
    return [hit.result.title for hit in search(text, **kwargs).hits]


def test_filters_narrow_the_results(make, bureau):
    make.publication(title="城区治安通告", body="city", topic="0803", published=date(2025, 5, 1))
    make.publication(title="分局治安通告", body="sanyuan", unit=bureau["station"], topic="0803",
                     published=date(2026, 5, 1))
    make.guide(name="治安许可")
    indexer.sync()
    assert len(titles("治安")) == 3
    assert titles("治安", filters=Filters(kind=Kind.GUIDE)) == ["治安许可"]
    assert titles("治安", filters=Filters(body="350404", kind=Kind.PUBLICATION)) == ["分局治安通告"]
    assert titles("治安", filters=Filters(unit="35040401")) == ["分局治安通告"]
    assert titles("治安", filters=Filters(year=2025)) == ["城区治安通告"]
    assert sorted(titles("治安", filters=Filters(topic="08"))) == ["分局治安通告", "城区治安通告"]  # a parent topic


@pytest.mark.parametrize(("filters", "message"), [
    (Filters(kind="news"), "内容类型不正确"),
    (Filters(topic="9999"), "没有这个主题分类"),
    (Filters(unit="x" * 200), "没有这个发布单位"),
    (Filters(body="000000"), "没有这个公开主体"),
    (Filters(year=3000), "年份不正确"),
])
def test_a_bad_filter_is_refused_in_chinese(make, filters, message):
    indexer.sync()
    with pytest.raises(SearchError, match=message):
        search("通告", filters=filters)


@pytest.mark.parametrize(("text", "message"), [
    ("", analyzer.MESSAGE_EMPTY), ("   ", analyzer.MESSAGE_EMPTY), ("，。！", analyzer.MESSAGE_NO_TERMS),
    ("长" * 101, analyzer.MESSAGE_TOO_LONG), (None, analyzer.MESSAGE_EMPTY),
])
def test_a_query_that_cannot_be_searched_says_why(text, message):
    with pytest.raises(SearchError) as error:
        search(text)
    assert error.value.message == message


def test_pages_and_the_count_cap(make, settings):
    for i in range(7):
        make.publication(title=f"交通管制通告（第{i + 1}批）", published=date(2026, 1, i + 1))
    indexer.sync()
    first = search("交通管制", per_page=3, sort="date")
    assert (first.count, first.pages, first.has_next, first.count_label) == (7, 3, True, "7")
    assert [h.result.title for h in first.hits] == ["交通管制通告（第7批）", "交通管制通告（第6批）", "交通管制通告（第5批）"]
    last = search("交通管制", per_page=3, page=3, sort="date")
    assert [h.result.title for h in last.hits] == ["交通管制通告（第1批）"] and not last.has_next
    settings.GONGKAI_SEARCH_COUNT_CAP = 5
    capped = search("交通管制", per_page=3)
    assert (capped.count, capped.capped, capped.count_label) == (5, True, "5+")
    with pytest.raises(SearchError, match="最多显示前 5 条"):
        search("交通管制", per_page=3, page=3)
    with pytest.raises(SearchError, match="排序方式不正确"):
        search("交通管制", sort="hot")


def test_snippets_are_cut_from_the_original_text_escaped_with_the_matches_marked(make):
    make.publication(title="<b>戶口遷移</b>須知", body_text="前言" * 40 + "辦理戶口\n遷移請攜帶<script>alert(1)</script>身分證。")
    indexer.sync()
    hit = search("户口迁移").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>戶口遷移</mark>&lt;/b&gt;須知"
    assert hit.snippet_html.startswith("…")
    assert "辦理<mark>戶口遷移</mark>請攜帶&lt;script&gt;alert(1)&lt;/script&gt;身分證。" in hit.snippet_html
    assert "<script>" not in hit.snippet_html
    assert "<mark>身分證</mark>" in search("身份证").hits[0].snippet_html


def test_without_an_index_the_search_answers_with_nothing(make):
    make.publication(title="通告")
    page = search("通告")
    assert (page.count, page.hits) == (0, [])


def test_matches_per_kind_for_the_tabs_leave_the_kind_filter_out(make):
    make.publication(title="治安通告")
    make.publication(title="治安公告")
    make.guide(name="治安许可")
    indexer.sync()
    page = search("治安", filters=Filters(kind=Kind.GUIDE), kind_counts=True)
    assert [h.result.title for h in page.hits] == ["治安许可"]
    assert page.kind_counts == {Kind.PUBLICATION: 2, Kind.GUIDE: 1, Kind.QA: 0, Kind.BULLETIN: 0, Kind.REPORT: 0}
    assert search("治安").kind_counts is None  # only when asked (the API does not)


def test_a_snippet_starts_at_a_sentence_when_one_ends_shortly_before_the_match(make):
    make.publication(title="通告", body_text="第一句话很长很长很长。第二句提到户口迁移的办理。")
    indexer.sync()
    assert search("户口迁移").hits[0].snippet_html == "…第二句提到<mark>户口迁移</mark>的办理。"


def test_counts_say_nothing_of_an_item_withdrawn_before_the_indexer_ran(make, make_user, no_sync_on_commit):
    from gongkai.publications import services

    leaked = make.publication(title="通告", body_text="涉及身份证号码350402199001011234的通告")
    make.publication(title="另一条通告")
    indexer.sync()
    services.withdraw(actor=make_user("office", "office", username="office2"), publication=leaked, reason="泄露个人信息")
    page = search("350402199001011234", kind_counts=True)
    assert (page.count, page.hits) == (0, [])
    assert page.kind_counts[Kind.PUBLICATION] == 0
    assert search("通告", per_page=1, page=2).count == 1


def test_a_sealed_topic_takes_its_items_out_of_the_search(make, make_user):
    from gongkai.publications import services
    from gongkai.publications.models import CatalogTopic

    make.publication(title="治安管理处罚决定书", topic="0803")
    indexer.sync()
    assert titles("处罚决定书") == ["治安管理处罚决定书"]
    topic = CatalogTopic.objects.get(code="0803")
    services.save_topic(actor=make_user("office", "office", username="office2"), topic=topic, name=topic.name,
                        code=topic.code, parent=topic.parent, review_steps=topic.review_steps, is_sealed=True)
    assert titles("处罚决定书") == []  # at once (the re-check)
    indexer.sync()
    assert indexer.check().ok and indexer.indexed_ids()[Kind.PUBLICATION] == set()


def test_a_moved_topic_is_filtered_under_its_new_parent(make, make_user):
    from gongkai.publications import services
    from gongkai.publications.models import CatalogTopic

    make.publication(title="道路交通通告", topic="0803")
    indexer.sync()
    topic, new_parent = CatalogTopic.objects.get(code="0803"), CatalogTopic.objects.get(code="01")
    services.save_topic(actor=make_user("office", "office", username="office2"), topic=topic, name=topic.name,
                        code=topic.code, parent=new_parent, review_steps=topic.review_steps)
    indexer.sync()
    assert titles("交通", filters=Filters(topic="01")) == ["道路交通通告"]
    assert titles("交通", filters=Filters(topic="08")) == []


def test_filter_codes_are_looked_up_on_every_search(make, make_user):
    from gongkai.publications import services

    make.publication(title="通告")
    indexer.sync()
    with pytest.raises(SearchError, match="没有这个主题分类"):
        search("通告", filters=Filters(topic="9901"))
    services.save_topic(actor=make_user("office", "office", username="office2"), name="新分类", code="9901")
    assert search("通告", filters=Filters(topic="9901")).count == 0  # now known, and empty


def test_report_hits_do_not_load_the_frozen_document(make, django_assert_max_num_queries):
    make.report(overview="本年度推进政务公开标准化建设。")
    indexer.sync()
    hit = search("标准化").hits[0]
    assert hit.result.title == "三明市公安局2025年政府信息公开工作年度报告"
    assert "<mark>标准化</mark>" in hit.snippet_html
