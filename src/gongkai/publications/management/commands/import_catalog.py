"""`gongkai import_catalog FILE --actor USERNAME [--dry-run]`: import a legacy catalog (XLSX or CSV).
`--user` is the earlier name of `--actor`, still accepted.

Every row is checked first; if any row is bad nothing is imported, every problem is printed
("第 5 行“发布日期”：……") and the command exits with status 1 (`core/management/table_import.py`)."""

from gongkai.core.management.table_import import TableImportCommand
from gongkai.publications.importer import MAX_BYTES, import_catalog


class Command(TableImportCommand):
    help = (
        "从 XLSX 或 CSV 文件导入旧网站已公开的政府信息目录。先逐行检查，任何一行有错误则不导入任何信息，"
        "列出全部错误并以退出码 1 结束；全部正确时在一个事务中全部导入。"
    )
    max_bytes = MAX_BYTES
    actor_help = "以该用户的身份导入（须有“管理公开目录”权限）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", metavar="USERNAME", help="已弃用，同 --actor")
        parser.add_argument("--acknowledge-findings", action="store_true",
                            help="标题、概述、正文中的敏感信息确认为可公开（须有保密审查权限）")

    def actor_name(self, options):
        if options["user"] and not options["actor"]:
            self.stderr.write("--user 已弃用，请改用 --actor")
        return options["actor"] or options["user"]

    def run_import(self, *, actor, path, data, options):
        return import_catalog(actor=actor, filename=path.name, data=data, dry_run=options["dry_run"],
                              acknowledge_findings=options["acknowledge_findings"])

    def refused(self, actor, exc):
        return f"用户“{actor.username}”没有导入目录的权限（{exc}）"
