from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from gongkai.core import crypto, keys, rotation


class Command(BaseCommand):
    help = ("密钥：status 列出各加密字段由哪把密钥写入；rotate personal 生成新的个人信息密钥，"
            "用它重新加密全部个人信息，旧密钥在不再需要时删除")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "rotate"])
        parser.add_argument("name", nargs="?", choices=[crypto.KEY_NAME], default=crypto.KEY_NAME)

    def handle(self, *args, **options):
        if options["action"] == "rotate":
            try:
                old, new, rows = rotation.rotate_personal()
            except ImproperlyConfigured as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"个人信息密钥已轮换：{old} → {new}，重新加密 {rows} 条记录。")
            left = [c for c in rotation.status() if set(c.by_key) - {new}]
            if left:
                raise CommandError("仍有记录未用新密钥加密，旧密钥已保留：" + "、".join(c.label for c in left))
            if keys.in_environment(crypto.KEY_NAME):
                self.stdout.write("旧密钥已不再需要：请从 GONGKAI_PERSONAL_PREVIOUS_KEYS 中删除。")
            else:
                self.stdout.write(f"旧密钥 {old} 已删除。")
            return
        current = keys.key_id(keys.secret(crypto.KEY_NAME))
        self.stdout.write(f"当前个人信息密钥：{current}（算法 {crypto.cipher_name()}）")
        for column in rotation.status():
            parts = [f"{'明文' if kid is None else kid}：{n}" for kid, n in sorted(column.by_key.items(),
                                                                               key=lambda kv: str(kv[0]))]
            self.stdout.write(f"  {column.label}  " + ("；".join(parts) or "无数据"))
