"""Demo annual reports: every disclosure body's report for last year, written in the workbench's
words and published on 20 January (before the 31 January deadline of Art. 50), as a bureau using
the system since last year would have them."""

from datetime import date, datetime, time

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.demo import DemoContext
from gongkai.core.models import DisclosureBody

from . import services
from .models import ReportVersion

OVERVIEW = (
    "{year}年，{name}坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕群众关注的治安形势、交通管理、出入境和户籍办理等事项，扎实推进政府信息公开工作。\n"
    "（一）主动公开。通过门户网站“政府信息公开”专栏、政务微博和微信公众号主动公开政府信息，"
    "每周一发布上一周警情通报，行政许可和行政处罚结果在作出决定之日起7个工作日内公开，政策解读与政策文件同步发布。\n"
    "（二）依申请公开。严格按照法定时限办理政府信息公开申请，所有申请均在法定期限内答复，"
    "答复文书载明理由、依据和救济途径。\n"
    "（三）政府信息管理。落实“先审查、后公开”和“一事一审”制度，发布前经单位审核和保密审查，"
    "对涉及个人信息的内容依法作去标识化处理。\n"
    "（四）平台建设。完善政府信息公开目录和信息公开指南，优化检索功能，局长信箱来信均在5个工作日内答复。\n"
    "（五）监督保障。将政府信息公开工作纳入绩效考核，按月通报各单位公开信息数量和及时率。")
PROBLEMS = (
    "{year}年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一，"
    "图解、视频等解读方式运用不多；二是基层单位信息公开的及时性有待提高。\n"
    "下一步，我局将丰富政策解读形式，加强对基层单位的业务培训和督促检查，进一步提高政府信息公开的质量和时效。")
OTHER = ("{year}年度，{name}未收取信息处理费。\n"
         "本年度无人大代表建议和政协委员提案涉及政府信息公开事项。")


def _pinned(day: date):
    """The services date what they publish with `clock.today()`; here, the day the report went out."""
    return clock.override(today=lambda: day)


def build(ctx: DemoContext) -> None:
    office = ctx.users["gongkaiban"]
    year = clock.today().year - 1
    published_on = date(year + 1, 1, 20)
    for body in DisclosureBody.objects.select_related("unit").order_by("unit__path"):
        words = {"year": year, "name": body.letter_name}
        report = services.open_report(actor=office, body=body, year=year)
        services.save_text(actor=office, report=report, overview=OVERVIEW.format(**words),
                           problems=PROBLEMS.format(**words), other_matters=OTHER.format(**words))
        with _pinned(published_on):
            version = services.publish(actor=office, report=report)
        moment = timezone.make_aware(datetime.combine(published_on, time(10, 0)))
        ReportVersion.objects.filter(pk=version.pk).update(published_at=moment)  # demo only: see `_pinned`
