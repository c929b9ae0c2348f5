import signal
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.search import index, indexer
from gongkai.search.sources import SOURCES


class Command(BaseCommand):
    help = ("全文检索索引：sync 应用待处理的变更（--follow 持续运行）；reindex 从数据库重建并原子切换；"
            "check 列出索引中缺少或不应存在的内容")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync", "reindex", "check"])
        parser.add_argument("--follow", action="store_true", help="sync：持续运行，每隔 --interval 秒应用一次")
        parser.add_argument("--interval", type=float, default=0.5, help="--follow 的间隔（秒）")
        parser.add_argument("--quiet", action="store_true", help="reindex：不显示进度条")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "sync":
            if options["follow"]:
                self.stdout.write(f"持续同步索引 {index.root()}（Ctrl+C 结束）")
                # SIGTERM (systemd, `gongkai serve`) ends the loop between two syncs, never inside one.
                stopping = []
                signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
                try:
                    indexer.follow(interval=max(0.1, options["interval"]), stop=lambda: bool(stopping))
                except KeyboardInterrupt:
                    pass
                return
            try:
                outcome = indexer.sync()
            except index.Busy:
                raise CommandError("另一个进程正在写入索引，请稍后再试") from None
            if outcome.rebuilt:
                self.stdout.write("索引已从数据库建立。")
            else:
                self.stdout.write(f"已应用 {outcome.rows} 条变更：写入 {outcome.added} 条，移除 {outcome.removed} 条。")
        elif action == "reindex":
            started = time.monotonic()
            outcome = indexer.reindex(progress=None if options["quiet"] else self._progress(started))
            seconds = time.monotonic() - started
            if not options["quiet"]:
                sys.stderr.write("\n")
            rate = outcome.added / seconds if seconds else 0
            self.stdout.write(f"重建完成：{outcome.added:,} 条，用时 {seconds:.1f} 秒（{rate:,.0f} 条/秒），"
                              f"重建期间的变更 {outcome.rows} 条已应用；索引目录 {index.current()}")
        else:
            try:
                report = indexer.check()
            except index.Missing:
                raise CommandError("索引尚未建立：请先运行 gongkai search sync") from None
            self.stdout.write(f"数据库中公开 {report.public:,} 条，索引中 {report.indexed:,} 条。")
            for kind in SOURCES:
                label = kind.label
                if report.missing[kind]:
                    self.stdout.write(f"  {label} 缺少 {len(report.missing[kind])} 条：{_ids(report.missing[kind])}")
                if report.extra[kind]:
                    self.stdout.write(f"  {label} 多出 {len(report.extra[kind])} 条：{_ids(report.extra[kind])}")
            if not report.ok:
                raise CommandError("索引与数据库不一致：运行 gongkai search sync，仍不一致时运行 gongkai search reindex")
            self.stdout.write("索引与数据库一致。")

    @staticmethod
    def _progress(started: float):
        def show(done: int, total: int) -> None:
            width = 30
            share = done / total if total else 1
            bar = "█" * int(width * share) + "░" * (width - int(width * share))
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            sys.stderr.write(f"\r{bar} {done:,}/{total:,}（{share:.0%}）{rate:,.0f} 条/秒")
            sys.stderr.flush()
        return show


def _ids(ids: list[int], limit: int = 20) -> str:
    shown = "、".join(map(str, ids[:limit]))
    return shown + (f" 等 {len(ids)} 条" if len(ids) > limit else "")
