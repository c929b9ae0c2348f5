"""The index and the change log: sync, reindex with its swap, check, the re-check of every hit
against the database, and several indexes converging on one log."""

import threading
import time
from datetime import date

import pytest
import tantivy
from django.conf import settings
from django.db import connection, transaction

from gongkai.bulletins.models import Bulletin, ServiceGuide
from gongkai.core import services as core_services
from gongkai.publications.models import Publication
from gongkai.reports.models import ReportVersion
from gongkai.search import changes, index, indexer, query
from gongkai.search.models import Change, Kind


def titles(text, **kwargs):
    return [hit.result.title for hit in query.search(text, **kwargs).hits]


def kinds_found(text):
    return {hit.result.kind for hit in query.search(text).hits}


# --- sync ---------------------------------------------------------------------------------------

def test_first_sync_builds_the_index_from_the_database(make):
    make.publication(title="关于开通户口迁移跨省通办业务的公告")
    assert index.current() is None
    outcome = indexer.sync()
    assert outcome.rebuilt and index.current() is not None
    assert titles("户口迁移") == ["关于开通户口迁移跨省通办业务的公告"]
    assert index.load_state(index.current()).applied == Change.objects.latest("id").pk


def test_sync_applies_only_what_is_pending(make):
    make.publication(title="普通护照办理指南")
    indexer.sync()
    assert indexer.sync().rows == 0  # nothing new
    make.guide(name="护照加注")
    outcome = indexer.sync()
    assert (outcome.rows, outcome.added) == (1, 1)
    assert sorted(titles("护照")) == ["护照加注", "普通护照办理指南"]


def test_every_kind_of_public_content_is_found(make):
    make.publication(title="通告", body_text="摩托车限行区域调整")
    make.guide(name="剧毒化学品购买许可", conditions="摩托车")
    make.qa(subject="摩托车能进城吗", content="请问摩托车能进城吗", reply="可以")
    make.bulletin(notable="查处摩托车违法行为十二起。")
    make.report(overview="摩托车管理")
    indexer.sync()
    assert kinds_found("摩托车") == {Kind.PUBLICATION, Kind.GUIDE, Kind.QA, Kind.BULLETIN, Kind.REPORT}


def test_the_change_is_applied_right_after_commit(make, django_capture_on_commit_callbacks):
    """settings.GONGKAI_SEARCH_SYNC_ON_COMMIT (on in tests and under `make run`)."""
    indexer.sync()  # an empty index
    with django_capture_on_commit_callbacks(execute=True):
        make.publication(title="关于夜间施工噪声的公告")
    assert titles("噪声") == ["关于夜间施工噪声的公告"]


def test_a_rolled_back_change_leaves_nothing_to_apply(make):
    indexer.sync()
    with pytest.raises(RuntimeError), transaction.atomic():
        make.publication(title="不会发布的公告")
        raise RuntimeError("rollback")
    assert indexer.sync().rows == 0
    assert titles("公告") == []


# --- nothing unpublished, ever ------------------------------------------------------------------

def _unpublish(kind, obj):
    """Take the object out of public view in the database only, with no log row and no sync:
    what the index says no longer matters."""
    if kind == Kind.PUBLICATION:
        Publication.objects.filter(pk=obj.pk).update(status=Publication.Status.WITHDRAWN)
    elif kind == Kind.GUIDE:
        ServiceGuide.objects.filter(pk=obj.pk).update(status=ServiceGuide.Status.WITHDRAWN)
    elif kind == Kind.QA:
        type(obj).objects.filter(pk=obj.pk).update(published=False)
    elif kind == Kind.BULLETIN:
        Bulletin.objects.filter(pk=obj.pk).update(status=Bulletin.Status.WITHDRAWN)
    elif kind == Kind.REPORT:
        # A correction: version 2 replaces version 1, which leaves the search at once.
        ReportVersion(report=obj.report, number=2, published_at=obj.published_at, document={
            **obj.document, "title": "三明市公安局2025年政府信息公开工作年度报告（更正）"},
            pdf=b"", docx=b"", xlsx=b"", sha256="0" * 64).save()


@pytest.mark.parametrize("kind", [Kind.PUBLICATION, Kind.GUIDE, Kind.QA, Kind.BULLETIN, Kind.REPORT])
def test_a_hit_no_longer_public_is_never_shown_even_before_the_indexer_runs(make, kind):
    text = {Kind.PUBLICATION: "通告", Kind.GUIDE: "许可", Kind.QA: "上牌", Kind.BULLETIN: "盗窃",
            Kind.REPORT: "标准化"}[kind]
    obj = getattr(make, {Kind.PUBLICATION: "publication", Kind.GUIDE: "guide", Kind.QA: "qa",
                         Kind.BULLETIN: "bulletin", Kind.REPORT: "report"}[kind])()
    indexer.sync()
    page = query.search(text, filters=query.Filters(kind=kind))
    assert page.count == 1 and [h.result.object_id for h in page.hits] == [obj.pk]

    _unpublish(kind, obj)
    page = query.search(text, filters=query.Filters(kind=kind))
    assert [h.result.object_id for h in page.hits] == []
    assert page.count == 0  # the dropped hit is not counted either
    report = indexer.check()
    assert report.extra[kind] == [obj.pk]  # the index still holds it until the next sync


def test_withdrawal_through_the_service_leaves_the_index_on_the_next_sync(make, make_user):
    from gongkai.publications import services

    pub = make.publication(title="关于道路施工的通告")
    indexer.sync()
    services.withdraw(actor=make_user("office", "office", username="office2"), publication=pub, reason="内容有误")
    assert titles("施工") == []
    assert indexer.sync().removed == 1
    assert indexer.check().ok


def test_only_public_objects_are_written_to_the_index(make):
    draft = make.publication(title="草稿里的通告")
    Publication.objects.filter(pk=draft.pk).update(status=Publication.Status.DRAFT)
    not_proactive = make.publication(title="依申请公开的通告")
    Publication.objects.filter(pk=not_proactive.pk).update(attribute=Publication.Attribute.ON_APPLICATION)
    indexer.reindex()
    assert index.reader().searcher().num_docs == 0


# --- unit renamed ------------------------------------------------------------------------------------

def test_a_renamed_unit_is_found_under_its_new_name(make, bureau, make_user):
    make.publication(title="城关辖区治安情况通报", unit=bureau["station"])
    indexer.sync()
    assert titles("城关派出所") == ["城关辖区治安情况通报"]
    core_services.update_unit(actor=make_user("admin", "city", username="sysadmin"), unit=bureau["station"],
                              name="列东派出所")
    indexer.sync()
    assert titles("列东派出所") == ["城关辖区治安情况通报"]
    assert titles("城关派出所") == []


# --- reindex, check -------------------------------------------------------------------------------

def test_reindex_builds_a_new_generation_swaps_it_in_and_removes_the_old(make):
    make.publication(title="关于开展夏季治安整治的通告")
    indexer.sync()
    old = index.current()
    outcome = indexer.reindex()
    assert outcome.added == 1
    assert index.current() != old and not old.exists()
    assert index.generations() == [index.current()]
    assert titles("治安") == ["关于开展夏季治安整治的通告"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reindex_under_load_drops_no_query(make, no_sync_on_commit):
    for i in range(30):
        make.publication(title=f"第{i}号交通管制通告")
    indexer.sync()
    errors, answers, stop = [], [], threading.Event()

    def searching():
        try:
            while not stop.is_set():
                try:
                    answers.append(query.search("交通管制").count)
                except Exception as exc:  # any failure is the test's failure
                    errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        for _ in range(3):
            indexer.reindex()
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert answers and set(answers) == {30}


def test_check_lists_what_is_missing_and_what_should_not_be_there(make, no_sync_on_commit):
    kept = make.publication(title="保留的通告")
    indexer.sync()
    gone = make.publication(title="撤回的通告")
    indexer.sync()
    Publication.objects.filter(pk=gone.pk).update(status=Publication.Status.WITHDRAWN)
    new = make.publication(title="新的通告")  # logged, not yet synced
    report = indexer.check()
    assert not report.ok
    assert report.missing[Kind.PUBLICATION] == [new.pk]
    assert report.extra[Kind.PUBLICATION] == [gone.pk]
    indexer.sync()
    with transaction.atomic():
        changes.changed(Kind.PUBLICATION, gone.pk)
    indexer.sync()
    assert indexer.check().ok
    assert kept.pk in indexer.indexed_ids()[Kind.PUBLICATION]


def test_an_index_ahead_of_the_log_is_rebuilt(make):
    """A new or restored database under an old index: the log ends before what the index applied."""
    make.publication(title="关于户籍业务的通告")
    indexer.sync()
    path = index.current()
    index.save_state(path, index.State(applied=10_000))
    outcome = indexer.sync()
    assert outcome.rebuilt and index.load_state(index.current()).applied < 10_000
    assert titles("户籍") == ["关于户籍业务的通告"]


# --- several indexes on one log --------------------------------------------------------------------

def test_two_indexes_fed_from_the_same_log_converge(make, tmp_path):
    def on(server):
        settings.GONGKAI_SEARCH_DIR = tmp_path / server
        return indexer

    make.publication(title="第一条通告")
    on("a").sync()
    b = make.publication(title="第二条通告")
    on("b").sync()
    Publication.objects.filter(pk=b.pk).update(status=Publication.Status.WITHDRAWN)
    with transaction.atomic():
        changes.changed(Kind.PUBLICATION, b.pk)
    make.guide(name="第三条指南")
    on("a").sync()
    ids_a = on("a").indexed_ids()
    on("b").sync()
    ids_b = on("b").indexed_ids()
    assert ids_a == ids_b
    assert sum(map(len, ids_a.values())) == 2
    assert on("a").check().ok and on("b").check().ok


def test_a_commit_is_seen_by_another_reader_within_a_second(make, tmp_path):
    make.publication(title="第一条通告")
    indexer.sync()
    other = tantivy.Index.open(str(index.current()))  # as another web process opens it
    before = other.searcher().num_docs
    make.publication(title="第二条通告")
    indexer.sync()
    deadline = time.monotonic() + 1.0
    while other.searcher().num_docs == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert other.searcher().num_docs == before + 1


def test_one_writer_at_a_time(make):
    make.publication(title="通告")
    indexer.sync()
    with transaction.atomic():
        changes.changed(Kind.PUBLICATION, 1)
    with index.writer(index.current()), pytest.raises(index.Busy):
        indexer.sync(wait=0.1)
    assert indexer.sync().rows == 1  # the lock is released afterwards


# --- gaps: ids visible out of order ------------------------------------------------------------------

def test_a_row_that_becomes_visible_after_a_later_one_is_still_applied():
    state = index.State(applied=10)
    indexer._advance(state, [11, 13], now=1000.0)  # 12 not visible yet
    assert state.applied == 13 and state.gaps == [[12, 12, 1000.0]]
    indexer._advance(state, [12, 14], now=1001.0)
    assert state.applied == 14 and state.gaps == []


def test_a_gap_left_by_a_rollback_is_given_up_after_a_while():
    state = index.State(applied=10)
    indexer._advance(state, [15], now=1000.0)
    assert state.gaps == [[11, 14, 1000.0]]
    indexer._advance(state, [12], now=1001.0)
    assert state.gaps == [[11, 11, 1000.0], [13, 14, 1000.0]]
    indexer._advance(state, [], now=1000.0 + indexer.GAP_SECONDS + 1)
    assert state.gaps == [] and state.applied == 15


def test_pending_rows_include_the_gaps(make):
    first = make.publication(title="先提交的通告")
    second = make.publication(title="后提交的通告")
    indexer.sync()
    path = index.current()
    row = Change.objects.get(kind=Kind.PUBLICATION, object_id=first.pk)
    # As if the first row had not been visible when the second was applied.
    index.save_state(path, index.State(applied=Change.objects.latest("id").pk, gaps=[[row.pk, row.pk, time.time()]]))
    outcome = indexer.sync()
    assert outcome.rows == 1 and index.load_state(path).gaps == []
    assert second.pk in indexer.indexed_ids()[Kind.PUBLICATION]


def test_the_date_field_sorts_newest_first(make):
    make.publication(title="旧的治安通告", published=date(2025, 3, 1))
    make.publication(title="新的治安通告", published=date(2026, 3, 1))
    indexer.sync()
    assert titles("治安通告", sort="date") == ["新的治安通告", "旧的治安通告"]


def test_the_job_worker_runs_the_sync_every_minute(make):
    from django_q.models import Schedule

    job = Schedule.objects.get(name="全文检索索引同步")
    assert (job.func, job.schedule_type, job.minutes) == ("gongkai.search.indexer.scheduled_sync", "I", 1)
    make.publication(title="关于夜间施工的公告")
    assert indexer.scheduled_sync() == "已从数据库建立索引"
    make.publication(title="关于白天施工的公告")
    assert indexer.scheduled_sync() == "已应用 1 条变更"
    assert len(titles("施工")) == 2


# --- robustness -----------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_builds_leave_one_working_index(make, no_sync_on_commit):
    make.publication(title="关于开展夏季治安整治的通告")
    errors = []

    def build():
        try:
            indexer.reindex()
        except Exception as exc:  # any failure is the test's failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert index.generations() == [index.current()]
    assert titles("治安") == ["关于开展夏季治安整治的通告"]


def test_an_unreadable_state_file_means_a_rebuild(make):
    make.publication(title="关于户籍业务的通告")
    indexer.sync()
    path = index.current()
    path.with_name(path.name + ".json").write_text("{")
    assert indexer.sync().rebuilt
    assert index.current() != path and titles("户籍") == ["关于户籍业务的通告"]


def test_an_index_of_another_database_is_rebuilt(make):
    """A database replaced by another whose log is as long: the first row of the log differs."""
    make.publication(title="旧库的通告")
    indexer.sync()
    Change.objects.all().delete()
    Publication.objects.all().delete()
    make.publication(title="新库的通告")
    make.publication(title="新库的第二条通告")
    assert indexer.sync().rebuilt
    assert titles("旧库") == [] and indexer.check().ok


def test_a_request_does_not_rebuild_a_large_index(make, monkeypatch, caplog):
    monkeypatch.setattr(indexer, "REBUILD_IN_REQUEST_MAX", 0)
    make.publication(title="通告")
    indexer.sync_after_commit()
    assert index.current() is None
    assert "gongkai search reindex" in caplog.text


def test_the_follower_outlives_a_failing_sync(monkeypatch, db):
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database restarted")

    monkeypatch.setattr(indexer, "sync", failing)
    indexer.follow(interval=0.01, stop=lambda: len(calls) >= 2)
    assert len(calls) == 2
