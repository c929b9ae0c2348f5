from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications import services


class Command(BaseCommand):
    help = "依申请公开每日检查：逾期未补正、未缴费的申请办结，征询期满登记为逾期未答复，发送到期提醒"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期运行（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        on = None
        if options["date"]:
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        result = services.daily(on)
        self.stdout.write(f"办结 {result['closed']} 件；征询期满 {result['silent']} 件；新提醒 {result['reminders']} 条")
