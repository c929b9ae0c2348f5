"""What is still open on the day the demo is built: drafts (some long overdue), items waiting at
each review step, items returned to their drafter, and the planted ones whose personal data the
scanner has found."""

from __future__ import annotations

from datetime import timedelta

from gongkai.core.demo.kernel import BODIES, GIVEN

from .enforcement import EnforcementPlans
from .items import CITY, CONF, DRAFT, RETURNED, REVIEW, SANYUAN, SHAXIAN, SIGN, UR, Item, joined, md
from .news import NewsPlans
from .notices import NoticePlans
from .texts import GUIDES


class PipelinePlans(NewsPlans, NoticePlans, EnforcementPlans):
    def pipeline(self) -> None:
        """What is still open today: drafts, items at each review step, returned ones, a few overdue,
        and the planted ones whose personal data the scanner has found."""
        for _ in range(self.scale):
            self.drafts()
            self.overdue()
            self.in_review()
            self.returned()
            self.planted()

    def drafts(self) -> None:
        """Drafted lately, not yet submitted."""
        rng = self.rng
        drafts = [self.news(self.recent(12), rng.choice(self.pools[SANYUAN])),
                  self.tip(self.recent(12), CITY),
                  self.guide(self.recent(12), 13, "35040501"),
                  self.service(self.recent(12), 3, SHAXIAN),
                  self.notice(self.recent(12), 0, "35040007"),
                  self.news(self.recent(12), "35040004", which=7),
                  self.licence(self.recent(3), SANYUAN),
                  self.penalty(self.recent(3), "3504000702")]
        for item in drafts:
            item.fate = DRAFT
            self.add(item)

    def overdue(self) -> None:
        """Drafted long ago, still not published."""
        late = [self.news(self.day(lo=self.today - timedelta(days=120), hi=self.today - timedelta(days=60)),
                          "35040003"),
                self.service(self.day(lo=self.today - timedelta(days=90), hi=self.today - timedelta(days=45)), 7,
                             SHAXIAN),
                self.licence(self.day(lo=self.today - timedelta(days=40), hi=self.today - timedelta(days=20)),
                             "35040005")]
        situation = self.day(lo=self.today - timedelta(days=140), hi=self.today - timedelta(days=100))
        late.append(Item(unit=SANYUAN, topic="0801", created_on=situation, genre="报告",
                         title=f"三元分局{situation.year}年上半年社会治安形势分析",
                         body="（初稿）上半年辖区社会治安形势总体平稳，刑事警情同比下降。", keywords="治安形势"))
        for item in late:
            item.fate = DRAFT
            self.add(item)

    def in_review(self) -> None:
        """In review, at each step (sign-off only for topics that have it)."""
        rng = self.rng
        waiting = [
            (self.news(self.recent(10), "35040402"), UR),
            (self.tip(self.recent(10), "35040502"), UR),
            (self.guide(self.recent(12), 12, "35040007"), UR),
            (self.licence(self.recent(4), SHAXIAN), UR),
            (self.service(self.recent(10), 1, "35040006"), UR),
            (self.penalty(self.recent(4), "35040404"), CONF),
            (self.news(self.recent(10), "35040007"), CONF),
            (self.notice(self.recent(10), 1, "3504000701"), CONF),
            (self.tip(self.recent(10), "35040401"), CONF),
            (self.service(self.recent(10), 4, SANYUAN), SIGN),
            (self.notice(self.recent(10), 4, "35040006"), SIGN),
            (self.guide(self.recent(10), 9 + len(GUIDES), "35040005"), SIGN),
            (self.notice(self.recent(10), 6, "35040005"), SIGN),
            (self.service(self.recent(10), 2, SHAXIAN), SIGN),
        ]
        late_policy = self.day(lo=self.today - timedelta(days=75), hi=self.today - timedelta(days=55))
        waiting.append((Item(unit=CITY, topic="0203", created_on=late_policy, genre="意见",
                             title="三明市公安局关于进一步规范警务辅助人员管理的实施意见",
                             number=f"明公〔{late_policy.year}〕{rng.randint(40, 80)}号",
                             body="为规范警务辅助人员招聘、使用、管理和保障工作，结合我市实际，提出如下实施意见。",
                             keywords="警务辅助人员 管理"), SIGN))
        waiting.append((self.notice(self.day(lo=self.today - timedelta(days=50),
                                             hi=self.today - timedelta(days=35)), 7, "35040403"), CONF))
        for item, step in waiting:
            item.fate, item.step = REVIEW, step
            self.add(item)

    def returned(self) -> None:
        """Returned to the drafter with a reason."""
        returned = [
            (self.penalty(self.recent(4), "35040007"), CONF,
             "处罚决定书中被处罚人信息去标识化不完整，请核对后重新提交。"),
            (self.notice(self.recent(10), 0, "35040404"), UR, "通告中管制起止日期与施工方案不一致，请核实后修改。"),
            (self.service(self.day(lo=self.today - timedelta(days=60), hi=self.today - timedelta(days=40)),
                          0, SANYUAN), SIGN, "春节假期安排尚未经局党委研究确定，暂缓发布，请按最终方案修改。"),
        ]
        for item, step, reason in returned:
            item.fate, item.step, item.note = RETURNED, step, reason
            self.add(item)

    def planted(self) -> None:
        """Drafts with personal data left in them, waiting in review: the scanner's findings show."""
        rng = self.rng
        item = self.penalty(self.recent(3), "35040404")
        # The drafter masked the title but left the full name, ID number and plate in the text.
        who, idn, plate = item.title[0] + "".join(rng.sample(GIVEN, 2)), self.id_number("350403"), self.plate()
        item.body = item.body.replace(item.body.splitlines()[1], f"被处罚人：{who}，公民身份号码：{idn}") \
            .replace(item.body.split("号牌号码为")[1][:7], plate)
        item.fate, item.step = REVIEW, UR
        self.add(item)

        item = self.tip(self.recent(8), "35040501")
        item.body += f"\n如发现可疑情况，也可直接联系社区民警{self.person()}，手机{self.mobile()}。"
        item.fate, item.step = REVIEW, CONF
        self.add(item)

        who, idn, phone = self.person(), self.id_number("350427"), self.mobile()
        item = self.licence(self.recent(3), "35040005")
        item.body += f"\n申请人：{who}，身份证号：{idn}，联系电话：{phone}"
        item.fate, item.step = REVIEW, CONF
        self.add(item)

        day = self.recent(8)
        owner, plate = self.person(), self.plate()
        self.add(Item(unit="35040402", topic="13", created_on=day, genre="其他", fate=REVIEW, step=UR,
                      title="列东派出所快速破获一起机动车盗窃案",
                      body=joined(f"{md(day)}，车主{owner}报警称其停放在小区门口的{plate}小型轿车被盗。",
                                  "民警调取沿途视频，连续追踪十余小时，在邻县将犯罪嫌疑人抓获，被盗车辆完璧归赵。"),
                      summary="列东派出所民警连续追踪，快速破获机动车盗窃案。", keywords="机动车盗窃 破案"))

        year = self.today.year
        hired = [(self.person(), rng.choice(["男", "女"])) for _ in range(6)]
        hidden = [("姓名", "身份证号", "联系电话")] + [(n, self.id_number("350402"), self.mobile()) for n, _ in hired]
        self.add(Item(unit=CITY, topic="12", created_on=self.recent(6), genre="公示", fate=REVIEW, step=UR,
                      title=f"三明市公安局{year}年第二批公开招聘警务辅助人员拟聘用人员公示",
                      body=joined("经笔试、体能测评、面试、体检和考察，现将拟聘用人员名单予以公示，详见附件。",
                                  f"公示期为5个工作日。如有异议，请向三明市公安局反映，电话{BODIES[CITY]['phone']}。"),
                      keywords="拟聘用人员 公示",
                      attachment=("xlsx", "拟聘用人员名单.xlsx",
                                  [("拟聘用人员名单", [("序号", "姓名", "性别")] + [(i + 1, n, g) for i, (n, g) in
                                                                           enumerate(hired)]),
                                   ("报名信息", hidden, "hidden")])))
