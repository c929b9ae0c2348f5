from django.core.management.base import BaseCommand, CommandError

from gongkai.core.audit import verify


class Command(BaseCommand):
    help = "审计日志：verify 校验签名链并与库外检查点比对，报告第一条被改动、删除或截断的记录"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"审计日志校验失败：{result.problem}（已核对 {result.checked} 条）")
        for warning in result.warnings:
            self.stderr.write(f"注意：{warning}")
        self.stdout.write(f"审计日志完整：共 {result.checked} 条记录，哈希链校验通过；"
                          f"与 {result.checkpoints} 个库外检查点一致。")
