"""What every spreadsheet import command does, written once: `FILE --actor USERNAME [--dry-run]`,
the actor found, the file read within its limit, the import run, its one report printed
(`core.tables.ImportReport`), and exit status 1 when any row is bad (nothing is then imported).
Each command names its import, its limit and what it adds (`--body`, `--acknowledge-findings`)."""

from abc import ABC, abstractmethod
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.models import User


class TableImportCommand(BaseCommand, ABC):
    max_bytes: int
    file_help = "XLSX 或 CSV 文件（UTF-8、GB18030 或 UTF-16 编码）"
    actor_help = "以该用户的身份导入"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=self.file_help)
        parser.add_argument("--actor", metavar="USERNAME", help=self.actor_help)
        parser.add_argument("--dry-run", action="store_true", help="仅检查，不导入")

    def actor_name(self, options) -> str:
        return options["actor"]

    @abstractmethod
    def run_import(self, *, actor: User, path: Path, data: bytes, options: dict):
        """The import itself: returns its report; raises PermissionDenied for an actor without the right."""

    def refused(self, actor: User, exc: PermissionDenied) -> str:
        return f"用户“{actor.username}”不能执行此导入：{exc}"

    def file_line(self, path: Path, report, options: dict) -> str:
        return f"文件：{path.name}（{report.format}，SHA-256 {report.sha256}）"

    def done(self, report) -> None:
        """What the command prints after a successful import, before its summary."""

    def handle(self, *args, **options):
        path = Path(options["file"])
        username = self.actor_name(options)
        if not username:
            raise CommandError("请用 --actor 指定以哪个用户的身份导入")
        try:
            actor = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"用户“{username}”不存在或已停用") from None
        data = self._read(path)
        try:
            report = self.run_import(actor=actor, path=path, data=data, options=options)
        except PermissionDenied as exc:
            raise CommandError(self.refused(actor, exc)) from None
        if report.format:
            self.stdout.write(self.file_line(path, report, options))
        for warning in report.warnings:
            self.stdout.write(f"提示：{warning}")
        for message in report.messages():
            self.stdout.write(message)
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
        self.done(report)
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _read(self, path: Path) -> bytes:
        try:
            if path.stat().st_size > self.max_bytes:
                raise CommandError(f"{path}：文件过大，不能超过 {self.max_bytes // (1024 * 1024)} MB")
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}：无法读取（{exc.strerror or exc}）") from None
