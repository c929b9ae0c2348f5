"""`gongkai import_catalog FILE --actor USERNAME [--dry-run]`: import a legacy catalog (XLSX or CSV).
`--user` is the earlier name of `--actor`, still accepted.

Every row is checked first; if any row is bad nothing is imported, every problem is printed
("第 5 行“发布日期”：……") and the command exits with status 1."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.models import User
from gongkai.publications.importer import MAX_BYTES, import_catalog


class Command(BaseCommand):
    help = (
        "从 XLSX 或 CSV 文件导入旧网站已公开的政府信息目录。先逐行检查，任何一行有错误则不导入任何信息，"
        "列出全部错误并以退出码 1 结束；全部正确时在一个事务中全部导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="XLSX 或 CSV 文件（UTF-8、GB18030 或 UTF-16 编码）")
        parser.add_argument("--actor", metavar="USERNAME", help="以该用户的身份导入（须有“管理公开目录”权限）")
        parser.add_argument("--user", metavar="USERNAME", help="已弃用，同 --actor")
        parser.add_argument("--dry-run", action="store_true", help="仅检查，不导入")
        parser.add_argument("--acknowledge-findings", action="store_true",
                            help="标题、概述、正文中的敏感信息确认为可公开（须有保密审查权限）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        username = options["actor"] or options["user"]
        if not username:
            raise CommandError("请用 --actor 指定以哪个用户的身份导入")
        if options["user"] and not options["actor"]:
            self.stderr.write("--user 已弃用，请改用 --actor")
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"用户“{username}”不存在或已停用") from None
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path}：文件过大，不能超过 {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}：无法读取（{exc.strerror or exc}）") from None
        try:
            report = import_catalog(actor=user, filename=path.name, data=data, dry_run=options["dry_run"],
                                    acknowledge_findings=options["acknowledge_findings"])
        except PermissionDenied as exc:
            raise CommandError(f"用户“{user.username}”没有导入目录的权限（{exc}）") from None
        if report.format:
            self.stdout.write(f"文件：{path.name}（{report.format}，SHA-256 {report.sha256}）")
        for warning in report.warnings:
            self.stdout.write(f"提示：{warning}")
        for message in report.messages():
            self.stdout.write(message)
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
        self.stdout.write(self.style.SUCCESS(report.summary()))
