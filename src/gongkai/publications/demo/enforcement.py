"""The results of enforcement in the demo catalog (双公示): licences with the holder's credit
code, traffic penalties and exit-and-entry penalties, the party's name masked."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core.demo.kernel import BODIES

from .acts import LICENCES, VIOLATIONS
from .base import CREDIT_CHARS, PlannerBase
from .items import CITY, SANYUAN, SHAXIAN, Item, cn_date, joined
from .texts import PLACES, ROADS


class EnforcementPlans(PlannerBase):
    def credit_code(self, county: str = "350403") -> str:
        return "91" + county + "MA" + "".join(self.rng.choice(CREDIT_CHARS) for _ in range(8))

    def licence(self, day: date, unit: str | None = None) -> Item:
        rng = self.rng
        what, kind, pattern, basis, content, validity = rng.choice(LICENCES)
        unit = unit or rng.choice(["35040005", "35040005", SANYUAN, SHAXIAN])
        body = self.body_of(unit)
        county = {CITY: "三元区", SANYUAN: "三元区", SHAXIAN: "沙县区"}[body]
        place = rng.choice(PLACES)
        holder = pattern.format(p=place, c=county)
        if kind == "person":
            label = f"{holder}（经营者：{self.masked()}）"
            code = "—（个体经营者）"
        else:
            label = holder
            code = self.credit_code("350427" if body == SHAXIAN else "350403")
        number = f"{self.number_prefix(unit)}（治）许字〔{day.year}〕第{rng.randint(1, 300):03d}号"
        text = joined(
            f"行政许可决定书文号：{number}",
            f"项目名称：{what}",
            "审批类别：普通",
            f"许可内容：{content}",
            f"行政相对人名称：{label}",
            f"统一社会信用代码：{code}",
            f"法定代表人：{self.masked() if kind == 'company' else '—'}",
            f"许可决定日期：{cn_date(day)}",
            f"有效期：{validity}",
            f"许可机关：{BODIES[body]['letter_name']}",
            f"设定依据：{basis}")
        return Item(unit=unit, topic="0502", created_on=day, genre="公示", number=number,
                    title=f"关于准予{holder}{what}的决定公示", body=text,
                    summary=f"{holder}：{what}，{content}。", keywords=f"行政许可 双公示 {what}",
                    lag=rng.randint(1, 5))

    def penalty(self, day: date, unit: str | None = None) -> Item:
        rng = self.rng
        short, fact, law, decision, (lo, hi), vehicle = rng.choice(VIOLATIONS)
        unit = unit or rng.choice(["35040007", "3504000701", "3504000702", "35040404", "35040404", SHAXIAN])
        body = self.body_of(unit)
        info = BODIES[body]
        who = self.masked()
        lim = rng.choice([40, 60, 80])
        values = dict(alc=rng.randint(20, 79), lim=lim, act=int(lim * rng.uniform(1.5, 1.9)),
                      fine=rng.randrange(lo, hi + 1, 100))
        number = f"{self.number_prefix(unit)}交决字〔{day.year}〕第{rng.randint(1, 900):04d}号"
        happened = day - timedelta(days=rng.randint(3, 20))
        road = "长深高速三明段" if unit == "3504000702" else rng.choice(ROADS)
        text = joined(
            f"文书编号：{number}",
            f"被处罚人：{who}，性别：{rng.choice(['男', '男', '男', '女'])}，年龄：{rng.randint(20, 60)}岁"
            "（身份证件号码、住址等个人信息已作去标识化处理）",
            f"违法事实：{cn_date(happened)}，被处罚人驾驶号牌号码为闽G****{rng.randint(0, 9)}的{vehicle}，在{road}"
            f"{fact.format(**values)}。以上事实有现场检测记录、执法记录仪视频、当事人陈述等证据证实。",
            f"处罚依据：{law}",
            f"处罚决定：{decision.format(**values)}。",
            "履行方式和期限：被处罚人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款。"
            "逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
            f"救济途径：被处罚人如不服本决定，可以在收到本决定书之日起六十日内向{info['reconsideration_authority']}"
            f"申请行政复议，或者在六个月内依法向{info['litigation_court']}提起行政诉讼。",
            f"作出决定机关：{info['letter_name']}",
            f"作出决定日期：{cn_date(day)}")
        return Item(unit=unit, topic="0601", created_on=day, genre="决定", number=number,
                    title=f"{who}{short}行政处罚决定书", body=text, summary=f"{who}{short}，{decision.format(**values)}。",
                    keywords=f"交通管理 行政处罚 {short}", lag=rng.randint(1, 5))

    def exit_penalty(self, day: date, kind: str) -> Item:
        rng = self.rng
        nationality, name = rng.choice([("越南", "阮某"), ("缅甸", "吴某某"), ("老挝", "宋某"), ("柬埔寨", "索某")])
        if kind == "overstay":
            days_ = rng.randint(8, 40)
            fact = f"被处罚人持有的签证到期后，未按规定办理延期手续，在本市非法居留{days_}日"
            law, fine, short = "《中华人民共和国出境入境管理法》第七十八条第一款", min(days_ * 500, 10000), "非法居留"
        else:
            fact = "被处罚人未取得工作许可和工作类居留证件，在本市某工厂从事有偿劳动"
            law, fine, short = "《中华人民共和国出境入境管理法》第八十条第一款", rng.randrange(5000, 20001, 1000), "非法就业"
        number = f"明公出决字〔{day.year}〕第{rng.randint(1, 60):03d}号"
        return Item(unit="35040006", topic="0602", created_on=day, genre="决定", number=number,
                    title=f"{nationality}籍人员{name}{short}行政处罚决定书",
                    body=joined(f"文书编号：{number}", f"被处罚人：{name}，国籍：{nationality}（护照号码已作去标识化处理）",
                                f"违法事实：{fact}。", f"处罚依据：{law}", f"处罚决定：罚款人民币{fine}元。",
                                f"救济途径：如不服本决定，可以在收到本决定书之日起六十日内向"
                                f"{BODIES[CITY]['reconsideration_authority']}申请行政复议，或者在六个月内依法向"
                                f"{BODIES[CITY]['litigation_court']}提起行政诉讼。"),
                    summary=f"{nationality}籍人员{name}{short}，罚款{fine}元。", keywords=f"出入境管理 行政处罚 {short}",
                    lag=rng.randint(1, 5))
