from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import checks, layout, recovery


class Command(BaseCommand):
    help = ("从 gongkai backup 的归档恢复：先校验整个归档，密钥或文件与数据库不符时拒绝恢复（不作任何改动）；"
            "恢复数据库、文件、密钥和审计检查点后，核对密钥、审计日志、文件并重建全文检索索引。")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="gongkai backup 写出的归档文件")
        parser.add_argument("--force", action="store_true",
                            help="当前数据库不是空的时也恢复（覆盖它；被替换的文件目录、密钥和检查点留作 *.before-restore-时间）")

    def handle(self, *args, **options):
        try:
            result = recovery.restore(options["archive"], force=options["force"], say=self.stdout.write)
        except layout.RestoreRefused as exc:
            raise CommandError(f"拒绝恢复，没有作任何改动：\n{exc}") from None
        except (layout.RestoreIncomplete, layout.BackupError) as exc:
            raise CommandError(f"恢复未完成：{exc}") from None
        for path in result.set_aside:
            self.stdout.write(f"原有的 {path.name.split('.before-restore-')[0]} 已保留为 {path}")
        self.stdout.write("恢复后的检查：")
        for line in checks.format_checks(result.checks):
            self.stdout.write(line)
        if not result.ok:
            raise CommandError("恢复后的检查未通过：数据已恢复，但如上所列的部分不能正常使用")
        self.stdout.write("恢复完成。请重新启动服务；有多台服务器时，在每一台上运行 gongkai search reindex。")
