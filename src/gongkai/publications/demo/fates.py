"""What happens to the demo's items besides being published: the records not public (and their
yearly re-evaluation), and among the published ones the few later withdrawn or corrected, returned
once, published late, or stopped by the scanner before publication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .acts import NOT_PUBLIC_ITEMS
from .base import PLATE_LETTERS
from .items import (
    ACKNOWLEDGED,
    CITY,
    CORRECTED,
    NOT_PUBLIC,
    PUBLISHED,
    REDACTED,
    REEVAL_KEEP,
    REEVAL_OPEN,
    RESUBMITTED,
    SANYUAN,
    WITHDRAWN,
    Item,
    joined,
    md,
)
from .notices import NoticePlans


class FatePlans(NoticePlans):
    def not_public(self) -> None:
        rng = self.rng
        last, this = self.today.year - 1, self.today.year
        for i in range(self.n(len(NOT_PUBLIC_ITEMS))):
            unit, topic, title, attribute, basis, reason, genre, offset = NOT_PUBLIC_ITEMS[i % len(NOT_PUBLIC_ITEMS)]
            if unit not in self.names:
                continue
            months = [1, 2] if "春节" in title or "{py}" in title else None
            if offset == 0:  # last year: the yearly re-evaluation is due (or done)
                day = self.day(months, lo=max(self.start, date(last, 1, 1)), hi=self.today - timedelta(days=400))
            else:
                day = self.day(months, lo=max(self.start, date(this, 1, 1)))
            fate = NOT_PUBLIC
            if i == 8:
                fate = REEVAL_KEEP
            elif i == 9:
                fate = REEVAL_OPEN
            self.add(Item(unit=unit, topic=topic, created_on=day, genre=genre,
                          title=title.format(s=self.masked(), y=day.year, py=day.year - 1, n=rng.randint(2, 20)),
                          fate=fate,
                          fields=dict(attribute=attribute, attribute_basis=basis, attribute_reason=reason)))

    # --- what happens to the items ------------------------------------------------------------

    def fates(self) -> None:
        """Pick, among the published items, the few that are later withdrawn or corrected, and
        the few that were returned once, published late, or needed the scanner's attention."""
        pick = self.picker()
        self.withdrawn_and_corrected(pick)
        self.returned_or_late(pick)
        for item in self.items:
            item.changes.pop("_taken", None)
            item.changes.pop("_numbers", None)
        self.handled_by_the_scanner()

    def picker(self) -> Callable[..., Item]:
        """`pick(pred, make)`: a published item older than 60 days that matches `pred` and was not
        picked before (or, if none, a new one from `make`)."""
        rng = self.rng
        old = [i for i in self.items if i.fate == PUBLISHED and i.created_on < self.today - timedelta(days=60)]

        def pick(pred, make=None):
            candidates = [i for i in old if i.fate == PUBLISHED and not i.changes.get("_taken") and pred(i)]
            item = rng.choice(candidates) if candidates else self.add(make())
            item.changes["_taken"] = True
            return item

        return pick

    def withdrawn_and_corrected(self, pick: Callable[..., Item]) -> None:
        rng = self.rng
        item = pick(lambda i: i.topic == "0803" and "施工" in i.title,
                    lambda: self.notice(self.day(hi=self.today - timedelta(days=90)), 0))
        item.fate, item.after_days = WITHDRAWN, rng.randint(3, 12)
        item.note = "该路段施工已提前完工，交通管制措施取消。为免误导群众，撤回本通告。"
        item = pick(lambda i: i.topic == "13" and i.unit.startswith(SANYUAN))
        item.fate, item.after_days = WITHDRAWN, rng.randint(1, 4)
        item.note = "与此前已发布的同一事项信息重复，撤回本条，以先前发布的为准。"
        item = pick(lambda i: i.topic == "0802" and i.unit == CITY)
        total, traffic = item.changes["_numbers"]
        fixed = traffic + rng.randint(5, 12)
        item.fate, item.after_days = CORRECTED, rng.randint(1, 3)
        item.note = f"经核实，原文中交通警情数量统计有误，由{traffic}起更正为{fixed}起，警情总数相应更正。"
        item.changes.update(body_text=item.body.replace(f"共接报各类警情{total}起", f"共接报各类警情{total + fixed - traffic}起")
                            .replace(f"交通警情{traffic}起", f"交通警情{fixed}起"))
        item = pick(lambda i: i.topic == "0501" and i.unit == "35040006")
        item.fate, item.after_days = CORRECTED, rng.randint(20, 60)
        item.note = "出入境接待大厅已迁至三明市行政服务中心二楼，更正办理地点。"
        item.changes.update(body_text=item.body.replace("三明市行政服务中心出入境窗口", "三明市行政服务中心二楼出入境窗口"))

    def returned_or_late(self, pick: Callable[..., Item]) -> None:
        rng = self.rng
        for _ in range(2 * self.scale):
            item = pick(lambda i: i.topic in ("0601", "10", "0501", "13"))
            item.fate = RESUBMITTED
            item.note = rng.choice(["内容概述未填写，请补充后重新提交。",
                                    "请补充内容概述，便于群众检索。",
                                    "目录信息不完整：缺少内容概述，请补充后重新提交。"])
            item.lag += 2
        for _ in range(3 * self.scale):  # published after the deadline
            item = pick(lambda i: i.topic in ("13", "10", "0801", "0803"))
            item.lag = rng.randint(22, 30)

    def handled_by_the_scanner(self) -> None:
        """Found by the scanner and handled before publication."""
        rng = self.rng
        day = self.day(lo=self.today - timedelta(days=150), hi=self.today - timedelta(days=30))
        plates = "、".join(f"闽G{rng.choice(PLATE_LETTERS)}{rng.randint(1000, 9999)}（{v}）"
                          for v in ("小型轿车", "小型普通客车", "轻型普通货车"))
        self.add(Item(unit="35040007", topic="0604", created_on=day, genre="公告", fate=ACKNOWLEDGED,
                      title="关于逾期未处理被扣留机动车的公告", lag=rng.randint(2, 4),
                      note="公告车辆号牌号码是通知车辆所有人接受处理的必要信息，依法予以公布。",
                      body=joined("下列机动车因涉嫌交通违法被依法扣留，经通知当事人后逾期仍未接受处理：", plates,
                                  "根据《中华人民共和国道路交通安全法》第一百一十二条规定，请机动车所有人自本公告发布之日起"
                                  "三十日内到三明市公安局交通警察支队车辆停放场接受处理，逾期不接受处理的，将依法处理。"),
                      summary="公告逾期未处理的被扣留机动车，请所有人接受处理。", keywords="扣留机动车 公告"))
        day = self.day(lo=self.today - timedelta(days=200), hi=self.today - timedelta(days=40))
        self.add(Item(unit="35040501", topic="13", created_on=day, genre="其他", fate=REDACTED, lag=rng.randint(1, 3),
                      title="凤岗派出所民警拾金不昧 寻找失主",
                      body=joined(f"{md(day)}，凤岗派出所民警在巡逻中拾得一个黑色钱包，内有现金及银行卡若干。",
                                  f"请失主携带有效身份证件到凤岗派出所认领，或联系值班民警，电话{self.mobile()}。"),
                      summary="凤岗派出所民警拾得钱包，寻找失主。", keywords="拾金不昧 失物招领"))
