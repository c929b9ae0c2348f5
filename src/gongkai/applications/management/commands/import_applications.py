"""`gongkai import_applications FILE --body 350400 --actor USERNAME [--dry-run]`: import past
applications from a bureau's ledger (XLSX or CSV), see docs/applications-import.md.

Every row is checked first; if any row is bad nothing is imported, every problem is printed
("第 5 行：……") and the command exits with status 1."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.ledger import MAX_BYTES, find_body, import_ledger
from gongkai.core.models import User


class Command(BaseCommand):
    help = (
        "从 XLSX 或 CSV 文件导入系统启用前的政府信息公开申请台账，供年度报告统计。先逐行检查，任何一行有错误则不导入，"
        "列出全部错误并以退出码 1 结束；全部正确时在一个事务中全部导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="XLSX 或 CSV 文件（UTF-8 或 GB18030 编码）")
        parser.add_argument("--body", required=True, metavar="CODE",
                            help="默认公开主体（单位代码或文书署名）：“公开主体”列为空的行属于该主体")
        parser.add_argument("--actor", required=True, metavar="USERNAME",
                            help="以该用户的身份导入（须有该公开主体的“审批答复与延期”权限）")
        parser.add_argument("--dry-run", action="store_true", help="仅检查，不导入")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            actor = User.objects.get(username=options["actor"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"用户“{options['actor']}”不存在或已停用") from None
        try:
            body = find_body(options["body"])
        except ValueError as exc:
            raise CommandError(f"--body：{exc}") from None
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path}：文件过大，不能超过 {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}：无法读取（{exc.strerror or exc}）") from None
        try:
            report = import_ledger(actor=actor, filename=path.name, data=data, default_body=body,
                                   dry_run=options["dry_run"])
        except PermissionDenied as exc:
            raise CommandError(f"用户“{actor.username}”不能导入申请台账：{exc}") from None
        if report.format:
            self.stdout.write(f"文件：{path.name}（{report.format}，SHA-256 {report.sha256}），默认公开主体：{body.letter_name}")
        for warning in report.warnings:
            self.stdout.write(f"提示：{warning}")
        for message in report.messages():
            self.stdout.write(message)
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
        if report.imported:
            self.stdout.write(f"受理编号（按文件顺序）：第一件 {report.imported[0]}，最后一件 {report.imported[-1]}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
