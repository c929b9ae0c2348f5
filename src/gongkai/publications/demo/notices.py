"""The service side of the demo catalog: service guides (办事指南, some with a list of the
materials as a spreadsheet), service notices and the notices of the police-information topics
(traffic control, exit and entry, household registration)."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core.demo.kernel import BODIES

from .base import PlannerBase
from .items import CITY, SANYUAN, SHAXIAN, Item, abstract, cn_date, joined
from .texts import GUIDES, NOTICES, ROADS, SERVICE_NOTICES


class NoticePlans(PlannerBase):
    def guide(self, day: date, i: int, unit: str | None = None) -> Item:
        title, owner, basis, cond, mats, limit, fee = GUIDES[i % len(GUIDES)]
        unit = unit or owner
        body = self.body_of(unit)
        info = BODIES[body]
        where = {"35040006": "三明市行政服务中心出入境窗口及各县（市、区）出入境接待大厅",
                 "35040007": "三明市公安局交通警察支队车辆管理所及各县（市、区）车驾管服务站"}.get(
            unit, f"{self.name(unit)}办证窗口（{info['address']}）")
        text = joined(
            f"一、事项名称：{title.removesuffix('办事指南').removesuffix('办理指南')}",
            f"二、设定依据：{basis}",
            f"三、申请条件：{cond}",
            f"四、申请材料：{mats}",
            "五、办理流程：申请—受理—审核—决定—送达。可通过“闽政通”APP、福建省网上办事大厅在线申请，"
            "或到窗口现场办理。",
            f"六、办理时限：{limit}",
            f"七、收费标准：{fee}",
            f"八、办理地点：{where}",
            f"九、办公时间：{info['office_hours']}",
            f"十、咨询电话：{info['phone']}",
        )
        if i >= len(GUIDES):
            title = f"{title}（{day.year}年修订）"
        return Item(unit=unit, topic="0501", created_on=day, genre="指南", title=title,
                    summary=f"{title}：申请条件、材料、流程、时限和收费标准。", body=text,
                    keywords="办事指南 " + title[:8], channels=("website", "app", "screen"), lag=self.rng.randint(1, 4),
                    attachment=("xlsx", f"{title}申请材料清单.xlsx",
                                [("申请材料清单", [("序号", "材料名称", "要求"),
                                                  *[(j + 1, m, "原件") for j, m in
                                                    enumerate(mats.rstrip("。").split("；"))]])])
                    if i % 3 == 0 else None)

    def service(self, day: date, i: int, unit: str | None = None) -> Item:
        rng = self.rng
        title, months, genre, text, keywords = SERVICE_NOTICES[i % len(SERVICE_NOTICES)]
        if months and unit is None:
            day = self.day(months=months)
        unit = unit or rng.choice([CITY, "35040005", "35040006", SANYUAN, SHAXIAN, *self.stations()])
        # Arrangements for the Spring Festival are made in autumn for the next one.
        values = dict(u=self.name(unit), y=day.year + ("春节" in title and day.month >= 9), k=rng.randint(6, 18))
        return Item(unit=unit, topic="10", created_on=day, genre=genre, title=title.format(**values),
                    body=self.signed(text.format(**values), genre, unit, day),
                    summary=abstract(text.format(**values)), keywords=keywords,
                    channels=("website", "wechat", "screen"), lag=rng.randint(1, 4))

    def notice(self, day: date, i: int, unit: str | None = None) -> Item:
        rng = self.rng
        topic, pool, title, months, genre, text, keywords = NOTICES[i % len(NOTICES)]
        if months and unit is None:
            day = self.day(months=months)
        if unit is None:
            unit = {"traffic": rng.choice(["35040007", "3504000701", "35040404"]), "exit": "35040006",
                    "household": "35040005", "station": rng.choice(self.stations()), "city": CITY}[pool]
        start = self.add_wd(day, rng.randint(3, 8))
        values = dict(road=rng.choice(ROADS[:9]), d1=cn_date(start),
                      d2=cn_date(start + timedelta(days=rng.randint(20, 90))), k=rng.randint(6, 24), y=day.year)
        number = f"{self.number_prefix(unit)}通〔{day.year}〕{rng.randint(1, 40)}号" if genre == "通告" else ""
        return Item(unit=unit, topic=topic, created_on=day, genre=genre, title=title.format(**values),
                    body=self.signed(text.format(**values), genre, unit, day),
                    summary=abstract(text.format(**values)), keywords=keywords, number=number, channels=("website", "weibo", "wechat"), lag=rng.randint(0, 3))
