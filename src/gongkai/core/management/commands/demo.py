import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, build, item_generators
from gongkai.core.models import Unit, User


class Command(BaseCommand):
    help = "生成演示数据：一个市公安局及其分局、支队、派出所，以及每种角色一个账号"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--scale", type=int, default=1, help="数据量倍数（基准测试用）")
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有单位时不再生成，只打印账号")
        parser.add_argument("--items", type=int, default=0,
                            help="另外批量生成 N 条已发布的主动公开信息（基准测试用，不经业务流程、不写检索变更记录，"
                                 "之后请运行 gongkai search reindex）")

    def handle(self, *args, **options):
        if Unit.objects.exists():
            if not options["if_empty"]:
                self.stderr.write("数据库中已有单位数据，演示数据只能生成到空库中。")
                return
        else:
            with transaction.atomic():
                build(options["seed"], max(1, options["scale"]))
            self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
        if options["items"] > 0:
            self.add_items(options["items"], options["seed"])
        self.print_accounts()

    def add_items(self, n: int, seed: int) -> None:
        started = time.monotonic()

        def show(done: int, total: int) -> None:
            sys.stderr.write(f"\r批量生成公开信息 {done:,}/{total:,}")
            sys.stderr.flush()

        try:
            # The bulk generators the features register (proactive disclosure's corpus).
            added = sum(generate(n, seed=seed, progress=show) for generate in item_generators())
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.monotonic() - started
        sys.stderr.write("\n")
        self.stdout.write(self.style.SUCCESS(
            f"已批量生成 {added:,} 条公开信息，用时 {seconds:.1f} 秒（{added / seconds:,.0f} 条/秒）；"
            "请运行 gongkai search reindex 建立检索索引。"))

    def print_accounts(self):
        # Demo accounts are the ones that may log in without first changing the password.
        users = (User.objects.filter(must_change_password=False, is_active=True).select_related("unit")
                 .prefetch_related("roles").order_by("unit__path", "username"))
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}），登录地址 http://127.0.0.1:8000/workbench/")
        self.stdout.write(f"双因素认证：在任一身份验证器（TOTP）中手动添加密钥 {DEMO_TOTP_SECRET}，登录时输入其 6 位数字")
        for user in users:
            roles = "、".join(r.name for r in user.roles.all())
            self.stdout.write(f"  {user.username:<12} {user.name:<4} {roles:<8} {user.unit.name if user.unit else ''}")
        self.stdout.write("")
