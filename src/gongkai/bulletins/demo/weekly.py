"""Demo data: a year of weekly incident bulletins for the city and its two branches (see the
package's note for the seasons and the times)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from gongkai.core import clock
from gongkai.core.demo import DemoContext

from .. import services
from ..models import Bulletin
from .base import CITY, SANYUAN, SHAXIAN, at

WEEKS = 52

# Weekly means per body: (criminal, public order, traffic, fire).
BASE = {CITY: (58, 176, 142, 11), SANYUAN: (16, 47, 38, 3), SHAXIAN: (12, 36, 31, 2)}
# Day of the year each category peaks, and how strongly (fraction of the mean).
SEASON = {"criminal": (15, 0.10), "public_order": (200, 0.22), "traffic": (40, 0.18), "fire": (20, 0.45)}
HOLIDAY_TRAFFIC = {(2, 10): 0.25, (10, 3): 0.2}  # (month, day): Spring Festival travel, National Day week

PLACES = {
    CITY: ["三元区", "沙县区", "永安市", "明溪县", "清流县", "宁化县", "大田县", "尤溪县", "将乐县", "泰宁县", "建宁县"],
    SANYUAN: ["城关派出所辖区", "列东派出所辖区", "徐碧派出所辖区"],
    SHAXIAN: ["凤岗派出所辖区", "虬江派出所辖区"],
}
POLICE = {CITY: "当地公安机关", SANYUAN: "辖区派出所", SHAXIAN: "辖区派出所"}
CASES = [
    "{d}，{a}一居民接到冒充“电商客服”的电话，被以“退款”为由诱导下载屏幕共享软件，被骗{m}元。{p}已立案侦查，"
    "并对受害人开展心理疏导。",
    "{d}，{a}一小区连续发生电动车被盗案件，{p}调取监控、连夜蹲守，抓获犯罪嫌疑人{s}，追回被盗电动车{n}辆。",
    "{d}，{a}发生一起两车追尾事故，造成{i}人轻伤。经交警部门勘查，事故系后车驾驶人{s}驾驶时使用手机、未保持安全车距所致。",
    "{d}，{a}一烧烤店因油烟管道积油起火，{p}与消防救援人员及时处置，未造成人员伤亡。",
    "{d}，{a}两名男子因琐事在夜宵摊发生口角并互殴，{p}接警后快速到场处置，依法对{s}等人作出行政处罚。",
    "{d}，{p}在{a}开展夜间酒驾醉驾整治，查处酒后驾驶{n}起，其中醉酒驾驶{k}起，已依法处理。",
    "{d}，{a}一老人在菜市场走失，{p}民警接警后调取沿途监控，两小时后在公交站找到老人并送其回家。",
    "{d}，{a}一出租屋因电动车违规在室内充电引发火灾，{p}协助疏散群众{n}人，无人员伤亡。",
]
ADVICE = {
    "winter": ["冬季天干物燥，请勿在室内、楼道为电动车充电，离家前检查取暖设备和燃气阀门。",
               "春运期间出行人多车多，请合理安排行程，不疲劳驾驶、不超员超载。"],
    "spring": ["清明祭扫期间请文明祭祀，林区严禁野外用火。",
               "凡是自称“客服”要求您下载屏幕共享软件、提供验证码的，都是诈骗。"],
    "summer": ["夏季夜市人多，请看管好随身财物；饮酒后请勿驾驶机动车。",
               "暑期学生独自在家，家长请提醒孩子不随意给陌生人开门，远离野外水域。"],
    "autumn": ["国庆长假外出旅游，请锁好门窗，贵重物品不要放在车内显眼处。",
               "网络刷单、“高额返利”投资都是诈骗，请牢记“不听、不信、不转账”。"],
}
SURNAMES = "王李张刘陈杨黄吴林郑"


def _season(day) -> str:
    return {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
            6: "summer", 7: "summer", 8: "summer"}.get(day.month, "autumn")


def _counts(rng, body_code: str, monday) -> dict:
    counts = {}
    doy = (monday + timedelta(days=3)).timetuple().tm_yday
    for (code, (peak, amp)), base in zip(SEASON.items(), BASE[body_code], strict=True):
        factor = 1 + amp * math.cos(2 * math.pi * (doy - peak) / 365)
        if code == "traffic":
            for (month, day), extra in HOLIDAY_TRAFFIC.items():
                if abs((monday - monday.replace(month=month, day=day)).days) <= 10:
                    factor += extra
        mean = base * factor
        counts[code] = max(0, round(rng.gauss(mean, math.sqrt(mean) * 1.1)))
    return counts


def _change(now: int, before: int) -> str:
    if before == 0:
        return "持平" if now == 0 else "上升"
    pct = (now - before) / before * 100
    if abs(pct) < 1:
        return "基本持平"
    return f"{'上升' if pct > 0 else '下降'} {abs(pct):.1f}%"


def _texts(rng, body_code: str, monday, counts: dict, previous: dict | None) -> dict:
    comparison = ""
    if previous:
        comparison = (f"与上周相比，刑事警情{_change(counts['criminal'], previous['criminal'])}，"
                      f"治安警情{_change(counts['public_order'], previous['public_order'])}，"
                      f"交通警情{_change(counts['traffic'], previous['traffic'])}。")
    cases = []
    for template in rng.sample(CASES, 2):
        day = monday + timedelta(days=rng.randint(0, 6))
        cases.append(template.format(d=f"{day.month}月{day.day}日", a=rng.choice(PLACES[body_code]),
                                     p=POLICE[body_code], m=rng.randint(8, 180) * 100,
                                     s=rng.choice(SURNAMES) + "某", n=rng.randint(2, 9), k=rng.randint(1, 2),
                                     i=rng.randint(1, 2)))
    return {"comparison": comparison, "notable_cases": "\n".join(cases),
            "prevention_advice": rng.choice(ADVICE[_season(monday)])}


def build_bulletins(ctx: DemoContext, clerks: dict) -> None:
    rng, office = ctx.rng, ctx.users["gongkaiban"]
    today = clock.today()
    last_monday = today - timedelta(days=today.weekday() + 7)  # the last week that has ended
    mondays = [last_monday - timedelta(weeks=i) for i in range(WEEKS - 1, -1, -1)]
    stamps: dict[int, tuple[datetime, datetime | None]] = {}
    for code in (CITY, SANYUAN, SHAXIAN):
        body, clerk = ctx.units[code].body, clerks[code]
        previous = None
        for i, monday in enumerate(mondays):
            iso = monday.isocalendar()
            counts = _counts(rng, code, monday)
            bulletin = services.create_bulletin(actor=clerk, body=body, year=iso.year, week=iso.week, **counts,
                                                **_texts(rng, code, monday, counts, previous))
            previous = counts
            entered = at(monday + timedelta(days=7), 8, rng.randint(30, 59))
            last = i == len(mondays) - 1
            # The newest week: 三元's waits for the office's review, 沙县's is still a draft.
            if last and code == SHAXIAN:
                stamps[bulletin.pk] = (entered, None)
                continue
            services.submit_bulletin(actor=clerk, bulletin=bulletin)
            if last and code == SANYUAN:
                stamps[bulletin.pk] = (entered, None)
                continue
            services.publish_bulletin(actor=office, bulletin=bulletin)
            stamps[bulletin.pk] = (entered, entered + timedelta(minutes=rng.randint(40, 110)))
    _corrections(ctx, office, clerks, mondays, stamps)
    for pk, (entered, published) in stamps.items():
        fields = {"created_at": entered, "updated_at": published or entered}
        if published:
            fields["published_at"] = published
        Bulletin.objects.filter(pk=pk).update(**fields)


def _corrections(ctx, office, clerks, mondays, stamps) -> None:
    """One corrected bulletin (a miscount) and one withdrawn and entered again."""
    city = ctx.units[CITY].body
    iso = mondays[-9].isocalendar()
    wrong = Bulletin.objects.get(body=city, year=iso.year, week=iso.week, status=Bulletin.Status.PUBLISHED)
    fixed = services.start_correction(actor=clerks[CITY], bulletin=wrong,
                                      note="原通报将沙县区一起交通事故重复统计，交通警情数由"
                                           f"{wrong.traffic}起更正为{wrong.traffic - 1}起。")
    services.update_bulletin(actor=clerks[CITY], bulletin=fixed, traffic=wrong.traffic - 1)
    services.submit_bulletin(actor=clerks[CITY], bulletin=fixed)
    services.publish_bulletin(actor=office, bulletin=fixed)
    published = stamps[wrong.pk][1] + timedelta(days=1, hours=2)
    stamps[fixed.pk] = (published - timedelta(hours=1), published)

    sanyuan = ctx.units[SANYUAN].body
    iso = mondays[-20].isocalendar()
    old = Bulletin.objects.get(body=sanyuan, year=iso.year, week=iso.week, status=Bulletin.Status.PUBLISHED)
    services.withdraw_bulletin(actor=office, bulletin=old, reason="误将列东派出所辖区上月数据录入本周，撤回后重新填报")
    counts = {f: max(0, getattr(old, f) - ctx.rng.randint(1, 4)) for f in services.COUNT_FIELDS}
    again = services.create_bulletin(actor=clerks[SANYUAN], body=sanyuan, year=iso.year, week=iso.week, **counts,
                                     comparison="", notable_cases=old.notable_cases,
                                     prevention_advice=old.prevention_advice)
    services.submit_bulletin(actor=clerks[SANYUAN], bulletin=again)
    services.publish_bulletin(actor=office, bulletin=again)
    published = stamps[old.pk][1] + timedelta(hours=5)
    stamps[again.pk] = (published - timedelta(hours=1), published)
    Bulletin.objects.filter(pk=old.pk).update(withdrawn_at=published - timedelta(hours=2))
