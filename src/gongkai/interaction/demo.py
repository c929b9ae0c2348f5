"""Demo data for the mailbox: about 200 letters (more with --scale) over the previous and the current
year, across every channel, topic and kind, in the proportions the seeds report (三明: Weibo ahead
of QQ and the website; complaints mostly about public order and traffic). Each letter lives its life
through `gongkai.interaction.services` on the days it would have happened: entered or written,
assigned by the office (林晓燕, gongkaiban), answered by the unit's handler (jingban, jingban_cg,
jingban_sx; the office answers for city-level units itself), reviewed, closed, rated; a share of
those whose writers consented is published as Q&A. Letters of the last days are still open, a few
of them overdue; a few replies were late. Today one letter became a disclosure application and one
application became a letter (Art. 39).

Dates are relative to today, as in the other demos; names and phone numbers are invented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from gongkai.applications import services as application_services
from gongkai.applications.demo.people import People
from gongkai.core import clock
from gongkai.core.calendar import get_calendar
from gongkai.core.demo import DemoContext, so_far
from gongkai.core.models import DisclosureBody
from gongkai.core.workdays import Calendar

from . import services
from .models import Letter, LetterTopic

CITY, SANYUAN, SHAXIAN = "350400", "350404", "350405"
OFFICE = "gongkaiban"

# Weights: 三明 2016 — Weibo 3,364, QQ 1,603, website 776 letters; the rest as other bureaus report.
CHANNELS = [("weibo", 30), ("website", 24), ("qq", 14), ("wechat", 12), ("phone", 8), ("hotline", 6), ("visit", 3),
            ("higher", 2), ("other", 1)]

# Per topic: (weight, units it goes to, letters as (kind, subject, content, reply)).
TOPICS = {
    "public_order": (30, ["35040401", "35040402", "35040403", "35040501", "35040502"], [
        ("complaint", "小区夜间烧烤摊噪音扰民",
         "我住的小区门口每天晚上有烧烤摊营业到凌晨两三点，喝酒划拳声音很大，多次打110都没有根本解决，希望派出所加强管理。",
         "收到您的来信后，我所会同城管、街道于次日夜间对该路段进行了联合整治，烧烤摊已承诺晚上十一时前收摊。"
         "我所已将该路段列入夜间巡逻重点，您如再遇扰民情况，可随时拨打110或辖区派出所值班电话。"),
        ("report", "反映某棋牌室疑似聚众赌博",
         "东新二路一家棋牌室每天下午有很多人进出，听说赌注很大，还有人放高利贷，请公安机关调查。",
         "感谢您提供的线索。我所已安排民警对该棋牌室开展检查，相关情况正在依法核查处理中。"
         "举报人信息我们将严格保密，如有新的线索欢迎继续向我们反映。"),
        ("suggestion", "建议学校周边上下学时段增加警力",
         "列西小学门口上下学时段人车混杂，建议派出所在这两个时段安排民警或辅警值守。",
         "您的建议很好。我所已在辖区中小学上下学高峰时段实行“护学岗”制度，安排民警、辅警在校门口定点值守，并加强周边巡逻。"),
        ("help", "老人走失求助",
         "我父亲有老年痴呆，今天上午在徐碧菜市场附近走失，穿灰色外套，请帮忙寻找。",
         "接到求助后，我所立即组织警力并调取沿线视频，于当日下午在绿岩路附近找到老人并护送回家。"
         "建议为老人佩戴写有家属电话的防走失手环。"),
        ("director", "关于加强城区治安巡逻的建议",
         "局长您好，近期城区电动车被盗案件较多，希望能加强夜间巡逻，增加视频监控。",
         "感谢您对公安工作的关心。我局已部署开展电动车盗窃专项整治，增加夜间巡逻频次，并在重点路段新增视频监控点位。"),
    ]),
    "traffic": (28, ["35040404", "35040007", "3504000701"], [
        ("complaint", "路口红绿灯时间设置不合理",
         "列东街与东新二路路口行人绿灯只有15秒，老人走不过去，机动车绿灯却很长，请交警部门调整。",
         "经现场测算，我大队已将该路口行人绿灯时间由15秒调整为30秒，并在路口增设行人过街提示标志。"),
        ("enquiry", "异地驾驶证到期换证怎么办理",
         "我的驾驶证是外省核发的，现在在三明工作，驾驶证快到期了，能否在三明换证？需要什么材料？",
         "驾驶证有效期满换证可以在全国任一车辆管理所办理，也可通过“交管12123”APP网上申请。"
         "需提交身份证明和县级以上医疗机构出具的体检证明，办理时限为当日办结。"),
        ("suggestion", "建议在学校路段设置减速带",
         "三元区富兴路学校路段车速很快，孩子过马路很危险，建议设置减速带和限速标志。",
         "您反映的路段我大队已会同道路管理部门现场勘查，将增设限速30公里标志和减速标线，工程预计两周内完成。"),
        ("report", "举报货车长期违法占道停放",
         "工业中路两侧长期停放大货车，占用非机动车道，晚上没有警示，很危险。",
         "我大队已对该路段开展专项整治，依法查处违法停车行为，并协调在附近设置临时货车停车区。"),
        ("enquiry", "交通事故责任认定多久出结果",
         "上个月发生一起交通事故，已经报警处理，请问事故认定书一般多长时间能出来？",
         "根据《道路交通事故处理程序规定》，交警部门应当自现场调查之日起十日内制作道路交通事故认定书；"
         "需要检验、鉴定的，自检验报告、鉴定意见确定之日起五日内制作。具体进度可向承办民警咨询。"),
    ]),
    "unsolved": (8, ["350404", "350405", "35040401"], [
        ("director", "被骗案件迟迟没有进展",
         "去年我在网上被骗两万元，已经报案一年多了，一直没有消息，请局长过问一下。",
         "您报案的案件已立案侦查，办案单位正在依法开展资金查询、追赃挽损等工作。"
         "办案民警已与您电话联系通报进展，如有新的线索请及时提供。"),
        ("complaint", "电动车被盗报案后无人回复",
         "三个月前我的电动车在小区被盗，报案后没有任何反馈，希望能给个说法。",
         "经核查，您报案的案件已立案，办案民警已调取小区及周边视频，目前仍在侦查中。我所已向您当面通报情况，今后将定期反馈进展。"),
    ]),
    "exit_entry": (8, ["35040006"], [
        ("enquiry", "办理护照需要预约吗",
         "我想给孩子办理护照，请问需要提前预约吗？未成年人需要父母都到场吗？",
         "办理普通护照可通过“移民局”APP或微信小程序预约，也可现场取号。"
         "未满16周岁的申请人须由监护人陪同，并提交监护关系证明，监护人一方到场即可。"),
        ("enquiry", "港澳通行证签注可以自助办理吗",
         "去香港旅游需要办理签注，请问可以在自助机上办吗？在哪里有自助机？",
         "持电子往来港澳通行证的，可在出入境管理支队办证大厅及各区县出入境窗口的自助签注机办理，即时取证。"),
        ("suggestion", "建议出入境窗口延长周末办公时间",
         "上班族工作日很难请假办证，建议出入境窗口周末也开放。",
         "感谢您的建议。我支队已在每周六上午开设便民服务窗口，办理护照、往来港澳台通行证及签注业务。"),
    ]),
    "household": (10, ["35040401", "35040402", "35040501", "35040502"], [
        ("enquiry", "新生儿落户需要哪些材料",
         "孩子刚出生，想把户口落在我这边，请问需要带哪些材料到派出所办理？",
         "新生儿落户需提交《出生医学证明》、父母双方户口簿和居民身份证、父母结婚证。"
         "现已开通“出生一件事”网上联办，可在网上一次提交，无需到窗口。"),
        ("enquiry", "身份证丢失补办要多久",
         "身份证丢了，补办需要多长时间？可以办临时身份证吗？",
         "补领居民身份证一般在60日内办结，可同时申领临时居民身份证，临时身份证当场或3个工作日内领取。"
         "目前已实现全省通办，可就近到任一派出所户籍窗口办理。"),
        ("complaint", "户籍窗口办事排队时间太长",
         "周一上午到派出所办户口迁移，排了两个多小时，只有一个窗口开着。",
         "经核实，当日因一名户籍民警外出学习导致窗口人手不足。我所已调整排班，确保工作日至少两个窗口对外服务，并推行网上预约。"),
    ]),
    "supervision": (6, ["35040004"], [
        ("complaint", "反映民警执法态度生硬",
         "上周在路口被交警拦下检查，民警态度很差，说话很冲，希望能够教育一下。",
         "经督察部门调查核实，涉事民警在执法过程中存在语言不规范问题，已对其进行批评教育并责令整改。感谢您的监督。"),
        ("director", "对公安机关执法规范化的建议",
         "建议执法时全程佩戴执法记录仪，并在办案场所公开投诉电话。",
         "您的建议已吸收采纳。我局要求现场执法全程佩戴并开启执法记录仪，各办案场所均已公示监督投诉电话。"),
    ]),
    "other": (10, ["35040001"], [
        ("suggestion", "建议公安门户网站增加长辈版",
         "网站字太小，老人看不清，建议增加大字版。",
         "感谢您的建议。本局门户网站已上线“长辈版”，点击页面右上角“长辈版”即可切换为大字、高对比度页面。"),
        ("enquiry", "无犯罪记录证明怎么开",
         "单位要求提供无犯罪记录证明，请问在哪里办理，需要多长时间？",
         "本人可持居民身份证到户籍所在地或居住地派出所申请开具，也可通过“闽政通”APP网上申请；"
         "符合条件的当场出具，需要核查的在3个工作日内出具。"),
        ("help", "手机遗失在出租车上",
         "昨天晚上打车把手机落在出租车上了，记得是在火车站上的车，请帮忙联系司机。",
         "接到求助后，民警通过出租车运营监管平台查找到涉事车辆并联系司机，手机已于当日送还。"),
    ]),
}
KIND_NAME_OPTIONAL = {"enquiry", "suggestion"}

# The letter that is really a request for information, and the application that is a complaint.
TO_APPLICATION = ("enquiry", "申请公开2025年城区交通事故统计数据",
                  "请提供2025年三明市区道路交通事故起数、死亡人数的统计数据，我在做交通安全方面的课题研究。")
FROM_APPLICATION = "申请公开城关派出所民警张某某违规办案的处理结果，并要求对其严肃处理，赔偿我的损失。"


@dataclass
class Plan:
    day: date                # received
    channel: str
    topic: str
    kind: str
    subject: str
    content: str
    reply: str
    unit: str
    anonymous: bool
    consent: bool
    assign_after: int        # working days after receipt
    reply_after: int         # working days after assignment
    review_after: int        # working days after the draft (0: the same day)
    returned: bool
    close_after: int | None
    rating: str
    publish: bool
    note: str = ""


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def plan(rng, scale: int, today: date, cal: Calendar) -> list[Plan]:
    start = date(today.year - 1, 1, 1)
    span = (today - start).days
    topics = [(code, weight) for code, (weight, _, _) in TOPICS.items()]
    plans = []
    for _ in range(200 * scale):
        day = start + timedelta(days=rng.randrange(span))
        topic = _pick(rng, topics)
        _, units, letters = TOPICS[topic]
        kind, subject, content, reply = rng.choice(letters)
        late = rng.random() < 0.08
        plans.append(Plan(
            day=day, channel=_pick(rng, CHANNELS), topic=topic, kind=kind, subject=subject, content=content,
            reply=reply, unit=rng.choice(units), anonymous=kind in KIND_NAME_OPTIONAL and rng.random() < 0.3,
            consent=rng.random() < 0.45, assign_after=rng.choice([0, 0, 1, 1, 2]),
            reply_after=rng.randint(6, 12) if late else rng.choice([1, 1, 2, 2, 3]),
            review_after=rng.choice([0, 0, 1]), returned=rng.random() < 0.06,
            close_after=None if rng.random() < 0.12 else rng.randint(1, 6),
            rating=_pick(rng, [("satisfied", 70), ("basic", 14), ("unsatisfied", 6), ("", 10)]),
            publish=rng.random() < 0.6,
            note=rng.choice(["已电话联系来信人核实情况", "来信人补充了现场照片", ""]) if rng.random() < 0.15 else ""))
    # Still open today: two letters of today, and three the units have let run past their due date.
    # And one reply of 城关派出所 waiting for the office's review.
    for back, reply_after, review_after in ((0, 1, 0), (0, 1, 0), (2, 1, 40), (8, 40, 0), (10, 40, 0), (13, 40, 0)):
        day = _back(cal, today, back)
        topic = "public_order" if review_after else _pick(rng, topics)
        _, units, letters = TOPICS[topic]
        kind, subject, content, reply = rng.choice(letters)
        plans.append(Plan(day=day, channel=_pick(rng, CHANNELS), topic=topic, kind=kind, subject=subject,
                          content=content, reply=reply, unit=units[0] if review_after else rng.choice(units),
                          anonymous=False, consent=False, assign_after=0 if back else 3, reply_after=reply_after,
                          review_after=review_after, returned=False, close_after=None, rating="", publish=False))
    return sorted(plans, key=lambda p: p.day)


def _back(cal: Calendar, day: date, n: int) -> date:
    """The working day `n` working days before `day` (`day` itself for 0)."""
    while n > 0:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


class Runner:
    def __init__(self, ctx: DemoContext, today: date, cal: Calendar):
        self.ctx, self.today, self.cal, self.rng = ctx, today, cal, ctx.rng
        self.people = People(ctx.rng)
        self.office = ctx.users[OFFICE]
        self.city = DisclosureBody.objects.get(unit=ctx.units[CITY])
        self.topics = {t.code: t for t in LetterTopic.objects.all()}
        self.pinned = [today]
        self.last: datetime | None = None

    def wd(self, day: date, n: int) -> date:
        return self.cal.add_working_days(day, n).date if n else day

    def at(self, day: date, hours: tuple[int, int] = (8, 16)) -> datetime:
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, self.rng.randint(*hours),
                                              self.rng.randint(0, 59)))
        # Nothing happens later than the real now (a letter of today was not received tonight).
        return so_far(moment, timedelta(minutes=self.rng.randint(1, 30)))

    def later(self, day: date) -> datetime:
        """The services' "now" on a pinned day: after that day's letters came in."""
        if day >= self.today:  # never before what already happened today
            return max(clock.now(), (self.last or clock.now()) + timedelta(seconds=1))
        evening = self.at(day, (17, 21))
        # On a busy day the last letter may have come in after the evening hour drawn here.
        if self.last is not None and timezone.localdate(self.last) == day:
            return max(evening, self.last + timedelta(minutes=1))
        return evening

    def on(self, day: date) -> bool:
        """Move the services' clock to `day`; False if that day has not come yet."""
        if day > self.today:
            return False
        self.pinned[0] = day
        return True

    def handler_for(self, unit) -> object:
        for code, username in (("35040401", "jingban_cg"), (SANYUAN, "jingban"), (SHAXIAN, "jingban_sx")):
            if self.ctx.units[code].contains(unit):
                return self.ctx.users[username]
        return self.office  # city-level units: the office answers for them

    def writer(self, p: Plan) -> dict:
        name = "" if p.anonymous else self.people.name()
        phone = self.people.mobile() if self.rng.random() < 0.9 else ""
        email = ""
        if not phone or self.rng.random() < 0.3:
            email = f"{self.rng.choice(['sm', 'mx', 'hello', 'wang', 'lin'])}{self.rng.randint(10, 9999)}@163.com"
        return {"writer_name": name, "phone": phone, "email": email, "wants_reply": True}

    def received_at(self, day: date) -> datetime:
        """When a letter of `day` came in: after the day's previous one, so numbers follow the times
        within a day too."""
        received = self.at(day)
        if self.last is not None and timezone.localdate(self.last) == day:
            received = max(received, self.last + timedelta(minutes=self.rng.randint(3, 40)))
            if day == self.today:  # a busy morning just after midnight: still not after now
                received = max(min(received, clock.now() - timedelta(seconds=1)), self.last)
        self.last = received
        return received

    def live(self, p: Plan) -> Letter | None:
        data = {"kind": p.kind, "topic": self.topics[p.topic], "subject": p.subject, "content": p.content,
                "consent_publish": p.consent, **self.writer(p)}
        self.on(p.day)
        received = self.received_at(p.day)
        if p.channel == "website":
            letter, _ = services.submit_online(body=self.city, data=data, now=received)
        else:
            letter, _ = services.register(actor=self.office, body=self.city, data=data, channel=p.channel,
                                          received_at=received)
        unit = self.ctx.units[p.unit]
        handler = self.handler_for(unit)
        day = self.wd(p.day, p.assign_after)
        if not self.on(day):
            return letter
        services.assign(actor=self.office, letter=letter, unit=unit,
                        handler=handler if handler is not self.office else None)
        if p.note:
            services.add_note(actor=handler, letter=letter, text=p.note)
        day = self.wd(day, p.reply_after)
        if not self.on(day):
            return letter
        if p.returned and handler is not self.office:
            services.reply(actor=handler, letter=letter, text=p.reply.split("。")[0] + "。")
            day = self.wd(day, 1)
            if not self.on(day):
                return letter
            services.return_reply(actor=self.office, letter=letter, comment="答复过于简单，请写明处理结果和后续措施")
            day = self.wd(day, 1)
            if not self.on(day):
                return letter
        services.reply(actor=handler, letter=letter, text=p.reply)
        if letter.status == "review":
            day = self.wd(day, p.review_after)
            if not self.on(day):
                return letter
            services.approve_reply(actor=self.office, letter=letter)
        if p.rating:
            day = self.wd(day, self.rng.randint(0, 3))
            if not self.on(day):
                return letter
            services.rate(letter=letter, value=p.rating,
                          comment="处理及时，谢谢！" if p.rating == "satisfied" and self.rng.random() < 0.3 else "")
        if p.consent and p.publish and p.rating != "unsatisfied":
            day = self.wd(day, 1)
            if not self.on(day):
                return letter
            try:
                services.publish(actor=self.office, letter=letter, subject=p.subject, content=p.content,
                                 reply=p.reply)
            except services.PersonalDataFound:
                pass  # the office would edit the text first; the demo leaves it unpublished
        if p.close_after is not None:
            day = self.wd(day, p.close_after)
            if self.on(day):
                services.close(actor=self.office, letter=letter)
        return letter

    def conversions(self) -> None:
        """Art. 39 both ways, today: a letter becomes an application, an application a letter. After every
        application the applications demo made, so application and notice numbers still follow the dates."""
        from gongkai.applications.models import Application

        day = self.today
        self.on(day)
        latest = (Application.objects.filter(body=self.city).order_by("-submitted_at")
                  .values_list("submitted_at", flat=True).first())
        moment = max(filter(None, [latest, self.last, self.at(day)])) + timedelta(minutes=1)
        self.last = moment + timedelta(minutes=5)  # the application below
        person = self.people.person()
        kind, subject, content = TO_APPLICATION
        letter, _ = services.submit_online(
            body=self.city, now=moment,
            data={"kind": kind, "topic": self.topics["traffic"], "subject": subject, "content": content,
                  "writer_name": person["name"], "phone": person["phone"], "email": person["email"]})
        services.convert_to_application(actor=self.office, letter=letter, unit=self.ctx.units[CITY],
                                        data={**person, "description": content, "medium": "electronic",
                                              "collection": "email", "items": 1})
        app, _ = application_services.register(
            actor=self.office, unit=self.ctx.units[CITY], channel="in_person",
            submitted_at=self.last,
            data={**self.people.person(), "description": FROM_APPLICATION, "medium": "paper", "collection": "post"})
        services.convert_from_application(actor=self.office, app=app, kind="director",
                                          topic=self.topics["supervision"], subject="反映民警违规办案，要求严肃处理")

    def run(self, plans: list[Plan]) -> None:
        with _pinned(self.pinned, self.later):
            for p in plans:
                self.live(p)
            self.conversions()


def _pinned(pinned: list[date], at):
    """The services date their acts with the clock; during the demo, the step's day."""
    return clock.override(today=lambda: pinned[0], now=lambda: at(pinned[0]))


def build_letters(ctx: DemoContext) -> None:
    """The mailbox: about 200 letters per demo (more with --scale)."""
    today = clock.today()
    cal = get_calendar()
    Runner(ctx, today, cal).run(plan(ctx.rng, ctx.scale, today, cal))
