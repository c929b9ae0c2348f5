from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.calendar import add_working_days
from gongkai.core.models import Region
from gongkai.core.workdays import WorkdayError


class Command(BaseCommand):
    help = "工作日计算：workdays add 起算日 工作日数（起算日当天不计入）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add"])
        parser.add_argument("start", help="起算日，YYYY-MM-DD")
        parser.add_argument("days", help="工作日数")
        parser.add_argument("--region", default=Region.NATIONAL, choices=Region.values)

    def handle(self, *args, **options):
        try:
            start = date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(f"起算日“{options['start']}”不是有效日期，请写成 2026-09-28 的形式") from None
        try:
            days = int(options["days"])
            due = add_working_days(start, days, options["region"])
        except ValueError as exc:
            message = str(exc) if isinstance(exc, WorkdayError) else "工作日数必须是整数"
            raise CommandError(message) from None
        note = "（暂定：期间含尚未录入节假日安排的年份，按周一至周五并扣除法定节假日计算）" if due.provisional else ""
        self.stdout.write(f"{start} 起 {days} 个工作日：{due.date}{note}")
        self.stdout.write(f"due={due.date.isoformat()} provisional={str(due.provisional).lower()}")
