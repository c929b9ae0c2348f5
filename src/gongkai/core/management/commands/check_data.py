from django.core.management.base import BaseCommand, CommandError

from gongkai.core import keyring
from gongkai.core.backup.checks import format_checks, run_checks


class Command(BaseCommand):
    help = ("核对数据能否正常使用（恢复后或任何时候）：密钥与数据库记录的指纹和数据是否相符、审计日志、"
            "数据库引用的每个文件（存在、大小、SHA-256）、全文检索索引。有一项不通过即以非零状态退出。")

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="不计算文件的 SHA-256，只核对存在和大小")
        parser.add_argument("--accept-keys", action="store_true",
                            help="密钥确已丢失时：把当前密钥记为数据的密钥（记入审计日志）。旧密钥保护的查询码"
                                 "不会因此恢复，须逐件重新生成")

    def handle(self, *args, **options):
        if options["accept_keys"]:
            changed = keyring.accept_current()
            if not changed:
                self.stdout.write("当前密钥与数据库记录的一致，无需改动。")
            for name, accepted in changed.items():
                spec = keyring.KEYS[name]
                redone = f"已用新密钥重新计算 {accepted.rekeyed} 个值；" if accepted.rekeyed else ""
                self.stdout.write(f"{spec.label}：数据库记录由 {accepted.old_id or '（无）'} 改为当前密钥 "
                                  f"{accepted.new_id}。{redone}只有旧密钥能核验的{spec.protects}不会因此恢复"
                                  "（查询码须逐件重新生成）。")
        checks = run_checks(hash_files=not options["quick"])
        for line in format_checks(checks):
            self.stdout.write(line)
        failed = [c.name for c in checks if not c.ok]
        if failed:
            raise CommandError(f"数据核对未通过：{'、'.join(failed)}")
        self.stdout.write("数据核对全部通过。")
