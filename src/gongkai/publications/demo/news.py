"""The news and warnings of the demo catalog: the weekly incident bulletins (警情通报), the
quarterly analysis of public order, the police's tips (警方提示), work news and press conferences."""

from __future__ import annotations

from datetime import date, timedelta

from .base import PlannerBase
from .items import CITY, CONF, REVIEW, SANYUAN, SHAXIAN, Item, abstract, joined, md
from .texts import CASES, COUNTIES, NEWS, PRESS_EVENTS, ROADS, TIP_END, TIPS


class NewsPlans(PlannerBase):
    def bulletin(self, body: str, monday: date, created_on: date) -> Item:
        rng, sunday = self.rng, monday + timedelta(days=6)
        iso = monday.isocalendar()
        city = body == CITY
        total = rng.randint(1800, 2600) if city else rng.randint(220, 420)
        crim = round(total * rng.uniform(0.06, 0.1))
        theft, fraud = round(crim * rng.uniform(0.3, 0.45)), round(crim * rng.uniform(0.2, 0.35))
        public = round(total * rng.uniform(0.18, 0.25))
        traffic = round(total * rng.uniform(0.15, 0.22))
        fire = max(1, round(total * rng.uniform(0.008, 0.02)))
        help_ = total - crim - public - traffic - fire
        change = rng.choice(["上升", "下降"]) + f"{rng.uniform(0.5, 9.5):.1f}%"
        if city:
            places = [(c, c + "公安局" if c.endswith("市") or c.endswith("县") else "三元分局") for c in COUNTIES]
            places = [(c, p) for c, p in places if c != "沙县区"] + [("沙县区", "沙县分局")]
            scope, prefix = "全市公安机关", "三明市公安局"
        else:
            places = [(self.short(s).replace("派出所", "") + "辖区", self.short(s)) for s in self.stations(body)]
            scope, prefix = f"{self.short(body)}各单位", self.name(body)
        cases = []
        for template in rng.sample(CASES, 2):
            place, police = rng.choice(places)
            day = monday + timedelta(days=rng.randint(0, 6))
            cases.append(template.format(d=md(day), a=place, po=police, road=rng.choice(ROADS), s=self.masked(),
                                         age=rng.randint(19, 56), money=rng.randint(3, 90) * 1000,
                                         n1=rng.randint(3, 15), n2=rng.randint(1, 3), n3=rng.randint(3, 12),
                                         wan=rng.randint(20, 300), inj=rng.randint(1, 3)))
        text = joined(
            f"{md(monday)}至{md(sunday)}，{scope}共接报各类警情{total}起，环比{change}。其中，刑事警情{crim}起"
            f"（盗窃类{theft}起、电信网络诈骗类{fraud}起），治安警情{public}起，交通警情{traffic}起，"
            f"火灾及其他灾害警情{fire}起，群众求助及其他警情{help_}起。",
            "本周主要警情：",
            f"一、{cases[0]}",
            f"二、{cases[1]}",
            "警方提示：" + rng.choice([t[2][-1] for t in TIPS if not t[1] or monday.month in t[1]])
            .removeprefix("警方提醒："),
        )
        return Item(unit=body, topic="0802", created_on=created_on, genre="其他",
                    title=f"{prefix}{iso.year}年第{iso.week}周警情通报（{md(monday)}—{md(sunday)}）",
                    summary=f"{md(monday)}至{md(sunday)}{scope}接报警情{total}起，刑事警情{crim}起。",
                    body=text, keywords="警情通报 治安形势 每周警情", channels=("website", "weibo", "wechat"),
                    lag=rng.randint(1, 2), changes={"_numbers": (total, traffic)})

    def bulletins(self) -> None:
        monday = self.start + timedelta(days=(7 - self.start.weekday()) % 7)
        week = 0
        while True:
            created = self.add_wd(monday + timedelta(days=6), 1)
            if created >= self.today:
                break
            series = [CITY] if week % 2 == 0 else []
            if week % 16 == 5:
                series.append(SANYUAN)
            if week % 16 == 13:
                series.append(SHAXIAN)
            if self.scale > 1 and week % 2 == 1:
                series.append(CITY)
            if self.scale > 2:
                series += [SANYUAN, SHAXIAN][: self.scale - 2]
            for body in dict.fromkeys(series):
                self.add(self.bulletin(body, monday, created))
            last = (monday, created)
            monday += timedelta(days=7)
            week += 1
        # The latest week's city bulletin is drafted and waits at confidentiality review.
        item = next((i for i in reversed(self.items) if i.topic == "0802" and i.unit == CITY), None)
        if item is None or item.created_on != last[1]:
            item = self.add(self.bulletin(CITY, *last))
        item.fate, item.step = REVIEW, CONF

    def quarterly_situation(self) -> None:
        for year in self.years:
            for q in range(1, 5):
                end_month = q * 3
                created = self.add_wd(date(year + (end_month == 12), end_month % 12 + 1, 1), 8)
                if not self.start <= created < self.today - timedelta(days=20):
                    continue
                rng = self.rng
                crim = rng.uniform(3, 15)
                self.add(Item(
                    unit=CITY, topic="0801", created_on=created, genre="报告",
                    title=f"{year}年第{'一二三四'[q - 1]}季度全市社会治安形势分析",
                    summary=f"{year}年第{'一二三四'[q - 1]}季度全市刑事警情同比下降{crim:.1f}%。",
                    body=joined(
                        f"{year}年第{'一二三四'[q - 1]}季度，全市社会治安形势总体平稳。全市公安机关共接报刑事警情同比下降"
                        f"{crim:.1f}%，其中盗窃警情下降{rng.uniform(5, 20):.1f}%，电信网络诈骗警情下降"
                        f"{rng.uniform(2, 25):.1f}%；治安警情同比下降{rng.uniform(1, 10):.1f}%。",
                        f"本季度破获刑事案件{rng.randint(600, 1100)}起，抓获犯罪嫌疑人{rng.randint(500, 900)}名，"
                        f"道路交通事故起数、死亡人数同比实现“双下降”。",
                        "下一步，全市公安机关将持续深化打击治理电信网络诈骗，严厉打击盗抢骗等多发性侵财犯罪，"
                        "不断提升群众安全感和满意度。"),
                    keywords="治安形势 季度分析", lag=rng.randint(2, 6)))

    def tip(self, day: date, unit: str | None = None) -> Item:
        rng = self.rng
        if unit is None:
            title, months, paras, keywords = rng.choice(TIPS)
            if months:
                day = self.day(months=months)
        else:  # the day is fixed: a tip of the season
            title, months, paras, keywords = rng.choice([t for t in TIPS if not t[1] or day.month in t[1]])
        unit = unit or rng.choice([CITY, CITY, "35040005", "35040007"] + self.stations())
        prefix = "警方提示：" if self.body_of(unit) == CITY else f"{self.short(unit)}提醒："
        return Item(unit=unit, topic="09", created_on=day, genre="其他", title=prefix + title,
                    summary=abstract(paras[0]), body=joined(*paras, TIP_END), keywords=keywords,
                    channels=("website", "weibo", "wechat"), lag=rng.randint(0, 3))

    def news(self, day: date, unit: str | None = None, which: int | None = None) -> Item:
        rng = self.rng
        if which is not None:
            entry = NEWS[which]
        elif unit is not None:  # the day is fixed: something this unit does in this season
            entry = rng.choice([e for e in NEWS if self.kind_of(unit) in e[4] and (not e[1] or day.month in e[1])])
        else:
            entry = rng.choice(NEWS)
        title, months, text, keywords, who = entry
        if months and unit is None:
            day = self.day(months=months)
        if unit is None:
            body = rng.choices([CITY, SANYUAN, SHAXIAN], weights=(4, 3, 2))[0]
            unit = rng.choice([u for u in self.pools[body] if self.kind_of(u) in who] or [body])
        values = dict(u=self.name(unit), y=day.year, py=day.year - 1, n=rng.randint(20, 90) * 100,
                      m=rng.randint(30, 300), k=rng.randint(8, 60), k2=rng.randint(3, 20), w=rng.randint(20, 400))
        body = text.format(**values)
        return Item(unit=unit, topic="13", created_on=day, genre="其他", title=title.format(**values),
                    summary=abstract(body), body=body, keywords=keywords,
                    channels=("website", "wechat"), lag=rng.randint(0, 3))

    def press(self) -> None:
        rng = self.rng
        for i in range(self.n(4)):
            title, months, text = PRESS_EVENTS[i % len(PRESS_EVENTS)]
            day = self.day(months=months)
            values = dict(y=day.year, a=rng.randint(300, 900), b=rng.randint(200, 700), c=rng.randint(12, 60))
            unit = SHAXIAN if title.startswith("沙县") else CITY
            self.add(Item(unit=unit, topic="14", created_on=day, genre="其他", title=title.format(**values),
                          body=text.format(**values), summary=abstract(text.format(**values), 50),
                          keywords="新闻发布会", channels=("website", "press_conference", "media", "weibo"),
                          lag=rng.randint(0, 2)))
