from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.core.demo import DEMO_PASSWORD, build
from gongkai.core.demo.kernel import ACCOUNTS
from gongkai.core.models import Role, Unit


class Command(BaseCommand):
    help = "生成演示数据：一个市公安局及其分局、支队、派出所，以及每种角色一个账号"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--scale", type=int, default=1, help="数据量倍数（基准测试用）")
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有单位时不再生成，只打印账号")

    def handle(self, *args, **options):
        if Unit.objects.exists():
            if not options["if_empty"]:
                self.stderr.write("数据库中已有单位数据，演示数据只能生成到空库中。")
                return
        else:
            with transaction.atomic():
                build(options["seed"], max(1, options["scale"]))
            self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
        self.print_accounts()

    def print_accounts(self):
        roles = dict(Role.objects.values_list("code", "name"))
        units = dict(Unit.objects.values_list("code", "name"))
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}），登录地址 http://127.0.0.1:8000/workbench/")
        for username, name, role, unit in ACCOUNTS:
            self.stdout.write(f"  {username:<12} {name:<4} {roles.get(role, role):<8} {units.get(unit, unit)}")
        self.stdout.write("")
