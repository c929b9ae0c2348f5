"""The search index in `gongkai check_data` and after a restore (registered with core/backup/checks.py
in this app's `ready()`): the index against the database, rebuilt first after a restore."""

from gongkai.core.backup.checks import Check

from . import index, indexer


def data_check(*, rebuild: bool = False) -> Check:
    if rebuild:
        indexer.reindex()
    try:
        report = indexer.check()
    except index.Missing:
        return Check("全文检索", False, "索引尚未建立", ["运行 gongkai search reindex 从数据库建立索引"])
    problems = []
    for kind, ids in report.missing.items():
        if ids:
            problems.append(f"{kind} 缺少 {len(ids)} 条：{'、'.join(map(str, ids[:20]))}")
    for kind, ids in report.extra.items():
        if ids:
            problems.append(f"{kind} 多出 {len(ids)} 条：{'、'.join(map(str, ids[:20]))}")
    summary = (f"{'已从数据库重建，' if rebuild else ''}索引与数据库一致（公开 {report.public} 条）" if report.ok
               else "索引与数据库不一致：运行 gongkai search sync，仍不一致时运行 gongkai search reindex")
    return Check("全文检索", report.ok, summary, problems)
