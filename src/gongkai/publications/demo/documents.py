"""The bureau's documents in the demo catalog: its organisation, yearly plans and policy
documents, normative documents (行政规范性文件) with their interpretations (政策解读), the decision
repealing the old ones, and a new one waiting at sign-off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from gongkai.core.demo.kernel import BODIES

from ..models import Publication
from .acts import NORMATIVE, OLD_NORMATIVE, ORGANISATION, POLICY_DOCS
from .base import PlannerBase
from .items import CITY, CORRECTED, DRAFT, REVIEW, SIGN, Item, abstract, cn_date, joined

P = Publication

def normative_numbers() -> Callable[[int], str]:
    """The numbers of normative documents (明公规〔year〕n号), consecutive within each year."""
    serial: dict[int, int] = {}

    def number(year: int) -> str:
        serial[year] = serial.get(year, 0) + 1
        return f"明公规〔{year}〕{serial[year]}号"

    return number


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def articles_text(articles: list[str], valid_from: date) -> str:
    numbers = "一二三四五六七八九十"
    lines = [f"第{numbers[i]}条　{a}" for i, a in enumerate(articles)]
    lines.append(f"第{numbers[len(articles)]}条　本文件自{cn_date(valid_from)}起施行，有效期五年。")
    return "\n".join(lines)


class DocumentPlans(PlannerBase):
    def organisation(self) -> None:
        for body, text in ORGANISATION.items():
            self.add(Item(unit=body, topic="01", created_on=self.day(hi=self.start + timedelta(days=20)),
                          genre="其他", title=f"{self.name(body)}机构职能", body=joined(
                              text, f"办公地址：{BODIES[body]['address']}",
                              f"办公时间：{BODIES[body]['office_hours']}", f"联系电话：{BODIES[body]['phone']}"),
                          summary=f"{self.name(body)}的主要职责、内设机构和联系方式。", keywords="机构职能 内设机构",
                          lag=self.rng.randint(1, 3)))

    def plans_and_policies(self) -> None:
        rng = self.rng
        for year in self.years:
            for title, months, genre in (("三明市公安局{y}年政务公开工作要点", [3, 4], "其他"),
                                         ("三明市公安局{y}年法治政府建设工作计划", [2, 3], "方案")):
                day = self.day(months=months, lo=date(year, 1, 1), hi=min(self.end, date(year, 12, 31)))
                if day.year != year:
                    continue
                self.add(Item(unit=CITY if "政务" in title else "35040002", topic="04", created_on=day, genre=genre,
                              title=title.format(y=year), number=f"明公〔{year}〕{rng.randint(5, 30)}号",
                              body=joined(f"为做好{year}年相关工作，现提出以下工作安排：",
                                          "一、深化主动公开，重点做好行政执法、便民服务、财政资金等信息公开；",
                                          "二、加强政策解读，做到政策文件与解读材料同步组织、同步审签、同步部署；",
                                          "三、规范依申请公开办理，严格依法答复；",
                                          "四、强化平台建设和监督考核。"),
                              summary=f"部署{year}年重点工作任务。", keywords="工作要点 工作计划", lag=rng.randint(2, 6)))
            day = self.day(months=[1, 2, 3], lo=date(year, 1, 1), hi=min(self.end, date(year, 3, 31)))
            if day.year == year:
                self.add(Item(unit=CITY, topic="16", created_on=day, genre="报告",
                              title=f"三明市公安局{year - 1}年度法治政府建设情况报告",
                              body=joined(f"{year - 1}年，三明市公安局深入推进法治公安建设，全面落实行政执法三项制度，"
                                          f"全年办理行政复议案件{rng.randint(8, 30)}件，行政诉讼案件{rng.randint(3, 15)}件。",
                                          "下一步，我局将持续深化执法规范化建设，提升依法行政水平。"),
                              summary=f"{year - 1}年度法治政府建设情况。", keywords="法治政府建设 年度报告",
                              lag=rng.randint(2, 6)))
        for i in range(self.n(3)):
            title, genre, text = POLICY_DOCS[i % len(POLICY_DOCS)]
            day = self.day()
            self.add(Item(unit=CITY, topic="0203", created_on=day, genre=genre, title=title.format(y=day.year),
                          number=f"明公〔{day.year}〕{rng.randint(10, 60)}号", body=text, summary=abstract(text, 50),
                          keywords="政策文件", channels=("website", "gazette"), lag=rng.randint(2, 6)))
        self.add(Item(unit="35040002", topic="16", created_on=self.day(hi=self.start + timedelta(days=90)), genre="公示",
                      title="三明市公安局行政执法“三项制度”公示事项清单",
                      body="公示执法主体、执法人员、执法依据、执法程序、随机抽查事项清单和救济渠道等事前公开信息。",
                      keywords="行政执法公示 三项制度", lag=2))

    def normative(self) -> None:
        number = normative_numbers()
        olds = self.old_normative()
        count = min(len(NORMATIVE), 4 + 2 * self.scale)
        for i in range(count):
            self.normative_with_interpretation(i, count, number)
        self.repeal(olds, number)
        if count < len(NORMATIVE):
            self.normative_at_sign_off(NORMATIVE[count], number)

    def old_normative(self) -> list[Item]:
        """The documents catalogued when the system went live, repealed later."""
        rng = self.rng
        olds = []
        for title, genre, year, articles in OLD_NORMATIVE:
            valid_from = date(year, rng.randint(2, 11), 1)
            item = self.add(Item(
                unit=CITY, topic="0202", created_on=self.day(hi=self.start + timedelta(days=40)), genre=genre,
                title=title, number=f"明公规〔{year}〕{rng.randint(1, 4)}号", body=articles_text(articles, valid_from),
                summary=articles[0], keywords="行政规范性文件", channels=("website", "gazette"), lag=2,
                fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=valid_from,
                            valid_until=years_later(valid_from, 5))))
            olds.append(item)
        return olds

    def normative_with_interpretation(self, i: int, count: int, number: Callable[[int], str]) -> None:
        """The `i`th of `count` documents spread over the window, and its interpretation."""
        rng = self.rng
        span = (self.end - self.start).days - 80
        title, genre, articles, points = NORMATIVE[i]
        created = self.day(lo=self.start + timedelta(days=40 + span * i // count),
                           hi=self.start + timedelta(days=40 + span * (i + 1) // count))
        lag = rng.randint(3, 8)
        valid_from = self.add_wd(created, lag) + timedelta(days=30)
        item = self.add(Item(
            unit=CITY, topic="0202", created_on=created, genre=genre, title=title, number=number(created.year),
            body=articles_text(articles, valid_from), summary=abstract(articles[0]), lag=lag,
            keywords="行政规范性文件", channels=("website", "gazette", "wechat"),
            fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=valid_from,
                        valid_until=years_later(valid_from, 5))))
        published = self.publish_on(item)
        # 政策解读 within 3 working days of the policy (interpretations in 2 cases by figures: 图解).
        interp_day = self.add_wd(published, rng.randint(0, 1)) if rng.random() < 0.5 else published
        self.add(Item(
            unit="35040002", topic="03", created_on=interp_day, genre="解读",
            title=(f"图解：《{title}》" if i % 3 == 2 else f"《{title}》政策解读"),
            body=joined(f"一、制定背景：为贯彻落实上级有关部署，结合我市公安工作实际，我局制定了《{title}》。",
                        f"二、主要内容：{points}",
                        f"三、施行时间：自{cn_date(valid_from)}起施行，有效期五年。",
                        f"四、解读机关及联系方式：三明市公安局法制支队，电话{BODIES[CITY]['phone']}。"),
            summary=points, keywords="政策解读 " + title[6:16], channels=("website", "wechat"),
            lag=rng.randint(1, 3), interprets=item))

    def repeal(self, olds: list[Item], number: Callable[[int], str]) -> None:
        """The decision repealing the old documents; the old items are corrected to 已废止."""
        created = self.day(lo=self.today - timedelta(days=200), hi=self.today - timedelta(days=60))
        lag = self.rng.randint(3, 6)
        repeal_from = self.add_wd(created, lag)
        names = "、".join(f"《{t[0]}》" for t in OLD_NORMATIVE)
        decision = self.add(Item(
            unit=CITY, topic="0202", created_on=created, genre="决定",
            title="三明市公安局关于废止部分行政规范性文件的决定", number=number(created.year), lag=lag,
            body=joined("根据行政规范性文件清理工作要求，经局党委会研究，决定废止以下行政规范性文件：", names,
                        f"本决定自{cn_date(repeal_from)}起施行。"),
            summary=f"废止{names}。", keywords="规范性文件清理 废止", channels=("website", "gazette"),
            fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=repeal_from)))
        for old in olds:
            old.fate, old.after_days = CORRECTED, (self.publish_on(decision) - self.publish_on(old)).days
            old.note = f"根据《三明市公安局关于废止部分行政规范性文件的决定》（{decision.number}），本文件自" \
                       f"{cn_date(repeal_from)}起废止。"
            old.changes = dict(validity=P.Validity.REPEALED, repealed_on=repeal_from)

    def normative_at_sign_off(self, entry: tuple, number: Callable[[int], str]) -> None:
        """A new document at sign-off, its interpretation drafted alongside (同步起草)."""
        title, genre, articles, points = entry
        created = self.recent(25)
        valid_from = self.add_wd(self.today, 20)
        policy = self.add(Item(
            unit=CITY, topic="0202", created_on=created, genre=genre, title=title, number=number(created.year),
            body=articles_text(articles, valid_from), summary=abstract(articles[0]), fate=REVIEW, step=SIGN,
            keywords="行政规范性文件", channels=("website", "gazette"),
            fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=valid_from,
                        valid_until=years_later(valid_from, 5))))
        self.add(Item(unit="35040002", topic="03", created_on=created, genre="解读",
                      title=f"《{title}》政策解读", fate=DRAFT, interprets=policy,
                      body=joined("一、制定背景：……（待文件签发后完善）", f"二、主要内容：{points}"),
                      summary=points, keywords="政策解读"))
