from django.core.management.base import BaseCommand, CommandError

from gongkai.core.audit import verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链，报告第一条被改动或删除的记录"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"审计日志校验失败：{result.problem}（已核对 {result.checked} 条）")
        self.stdout.write(f"审计日志完整：共 {result.checked} 条记录，哈希链校验通过。")
