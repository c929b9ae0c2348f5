"""`gongkai import_applications FILE --body 350400 --actor USERNAME [--dry-run]`: import past
applications from a bureau's ledger (XLSX or CSV), see docs/applications-import.md.

Every row is checked first; if any row is bad nothing is imported, every problem is printed
("第 5 行：……") and the command exits with status 1 (`core/management/table_import.py`)."""

from django.core.management.base import CommandError

from gongkai.applications.ledger import MAX_BYTES, find_body, import_ledger
from gongkai.core.management.table_import import TableImportCommand


class Command(TableImportCommand):
    help = (
        "从 XLSX 或 CSV 文件导入系统启用前的政府信息公开申请台账，供年度报告统计。先逐行检查，任何一行有错误则不导入，"
        "列出全部错误并以退出码 1 结束；全部正确时在一个事务中全部导入。"
    )
    max_bytes = MAX_BYTES
    actor_help = "以该用户的身份导入（须有该公开主体的“审批答复与延期”权限）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--body", required=True, metavar="CODE",
                            help="默认公开主体（单位代码或文书署名）：“公开主体”列为空的行属于该主体")

    def run_import(self, *, actor, path, data, options):
        try:
            self.body = find_body(options["body"])
        except ValueError as exc:
            raise CommandError(f"--body：{exc}") from None
        return import_ledger(actor=actor, filename=path.name, data=data, default_body=self.body,
                             dry_run=options["dry_run"])

    def refused(self, actor, exc):
        return f"用户“{actor.username}”不能导入申请台账：{exc}"

    def file_line(self, path, report, options):
        return f"{super().file_line(path, report, options)}，默认公开主体：{self.body.letter_name}"

    def done(self, report):
        if report.imported:
            self.stdout.write(f"受理编号（按文件顺序）：第一件 {report.imported[0]}，最后一件 {report.imported[-1]}")
