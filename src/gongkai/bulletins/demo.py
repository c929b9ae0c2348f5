"""Demo data: a year of weekly incident bulletins for the city and its two branches, and twenty
service guides of a police bureau, all through `gongkai.bulletins.services`.

Counts follow the seasons a city bureau sees (traffic around the Spring Festival and National Day
holidays, public order in the summer nights, fires in the dry winter) with week-to-week noise.
The services stamp every act with the current time; the demo then gives each bulletin the times
it would have had (entered and published on the Monday after its week), as the publications demo
does. The audit log keeps the real times."""

from __future__ import annotations

import io
import math
from datetime import datetime, time, timedelta

from django.utils import timezone

from gongkai.core import clock
from gongkai.core import services as core_services
from gongkai.core.demo import DEMO_PASSWORD, DemoContext
from gongkai.core.models import Role

from . import services
from .models import Bulletin, GuideCategory, ServiceGuide

CITY, SANYUAN, SHAXIAN = "350400", "350404", "350405"
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


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _ensure_staff(ctx: DemoContext) -> dict:
    """A role of its own for the staff who enter bulletins and guides; the office reviews."""
    admin = ctx.users["admin"]
    role = Role.objects.filter(code="bulletin_clerk").first() or core_services.save_role(
        actor=admin, code="bulletin_clerk", name="通报与指南维护员", scope=Role.Scope.SUBTREE,
        description="填报本单位及下级单位的警情通报，维护办事指南；审核发布由政务公开办负责",
        capabilities=[services.BULLETIN_CAPABILITY, services.GUIDE_CAPABILITY])
    people = {}
    for username, name, unit_code in [("tongbao", "周文军", CITY), ("tongbao_sy", "肖丽萍", SANYUAN)]:
        if username not in ctx.users:
            ctx.users[username] = core_services.create_user(
                actor=None, username=username, name=name, unit=ctx.units[unit_code], password=DEMO_PASSWORD,
                roles=[role], phone=f"0598-82{ctx.rng.randint(10000, 99999)}", must_change_password=False)
            ctx.accounts.append((username, role.name, ctx.units[unit_code].name))
        people[unit_code] = ctx.users[username]
    people[SHAXIAN] = people[CITY]  # the city's clerk reaches every branch (subtree of the city)
    return people


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
            entered = _at(monday + timedelta(days=7), 8, rng.randint(30, 59))
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


# --- Service guides -------------------------------------------------------------------------

HOURS = "工作日 8:00-12:00，14:30-17:30（周六上午 9:00-12:00 正常受理）"
HALL = "三明市行政服务中心公安窗口（三元区新市北路 166 号）"
HUZHENG = ("huzheng", "35040005")
CRJ = ("churujing", "35040006")
JT = ("jiaotong", "35040007")
ZA = ("zhian", "35040005")
XF = ("xiaofang", "35040005")
QT = ("other", "350400")
L, C, S = ServiceGuide.Kind.LICENCE, ServiceGuide.Kind.CONFIRMATION, ServiceGuide.Kind.SERVICE

# (category+unit, name, kind, basis, conditions, materials, procedure, statutory, promised, note,
#  fee, fee basis, handling unit, place, phone, forms)
GUIDES = [
    (HUZHENG, "户口迁移（投靠亲属落户）", C, "《中华人民共和国户口登记条例》第十条；《福建省户籍管理若干规定》",
     "夫妻投靠、父母投靠子女、子女投靠父母，投靠人与被投靠人关系真实，被投靠人在本市有合法稳定住所。",
     ["居民户口簿、居民身份证", "结婚证或出生医学证明等亲属关系证明", "被投靠人合法稳定住所证明（房屋所有权证或不动产权证书）",
      "《户口迁移申请表》"],
     "申请人向迁入地派出所户籍窗口提交材料\n派出所受理并审核\n分局户政部门审批\n开具准予迁入证明或网上办理迁移\n迁入地派出所办理落户",
     20, 5, "符合“跨省通办”条件的，可在迁入地一站式办理，无需回迁出地开具迁移证。", "", "",
     "迁入地派出所户籍窗口", "迁入地派出所户籍窗口", "0598-8250110", ["户口迁移申请表.docx"]),
    (HUZHENG, "户口迁移（购房落户）", C, "《中华人民共和国户口登记条例》；《三明市进一步放宽城镇落户条件的实施意见》",
     "在本市城区购买合法产权住房并取得不动产权证书的人员，本人及其共同居住的配偶、未成年子女可申请落户。",
     ["居民身份证、居民户口簿", "不动产权证书", "婚姻状况证明（随迁配偶提供）", "《户口迁移申请表》"],
     "提交申请\n派出所核实房屋产权和居住情况\n审批\n办理迁入",
     20, 5, "", "", "", "房屋所在地派出所户籍窗口", "房屋所在地派出所户籍窗口", "0598-8250110", []),
    (HUZHENG, "出生登记（新生儿入户）", C, "《中华人民共和国户口登记条例》第七条",
     "婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。",
     ["《出生医学证明》", "父母的居民户口簿、居民身份证", "父母结婚证（非婚生育的提交相关说明）"],
     "在“闽政通”APP 或派出所户籍窗口申报\n民警核验材料\n当场办理入户并签发户口簿本人页",
     1, 0, "材料齐全的当场办结；可通过“出生一件事”联办平台同步办理医保、社保卡。", "", "",
     "父亲或母亲户口所在地派出所", "户口所在地派出所户籍窗口", "0598-8250110", []),
    (HUZHENG, "居民身份证申领、换领、补领", C, "《中华人民共和国居民身份证法》",
     "居住在中华人民共和国境内的中国公民；首次申领、有效期满换领、登记项目变更或丢失补领的，可在户籍地或经常居住地办理。",
     ["居民户口簿（首次申领、户籍地办理）", "原居民身份证（换领时交回）", "居住证（在经常居住地异地办理时）",
      "照片由受理点现场免费采集，也可提交符合标准的数码照片回执"],
     "受理窗口采集人像、指纹\n核对户籍信息并收取工本费\n制证\n领取（可选择邮寄）",
     None, 20, "依法自申领之日起 60 日内发放；急需乘机、乘车的，可同时申领临时居民身份证，当场办结。",
     "申领、换领工本费每证 20 元；丢失补领、损坏换领每证 40 元；临时居民身份证每证 10 元",
     "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
     "户籍所在地或经常居住地派出所", "各派出所户籍窗口、" + HALL, "0598-8250110", []),
    (HUZHENG, "居住证申领", S, "《居住证暂行条例》；《福建省流动人口服务管理条例》",
     "离开常住户口所在地，到本市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的公民。",
     ["居民身份证", "近期一寸免冠照片或现场采集", "居住半年以上的证明（居住登记记录）",
      "合法稳定就业、住所或就读证明之一"],
     "先办理居住登记\n居住满半年后提出申请\n派出所审核\n制证发放",
     15, 10, "首次申领免费。", "", "", "居住地派出所", "居住地派出所户籍窗口", "0598-8250110", []),
    (CRJ, "普通护照签发", L, "《中华人民共和国护照法》第五条、第六条",
     "中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国的。",
     ["居民身份证原件", "现场免费采集的数码照片", "登记备案的国家工作人员提交所在单位出具的《同意出境证明》",
      "未满 16 周岁的，由监护人陪同并提交监护关系证明"],
     "在出入境接待大厅取号\n核验身份、采集照片和指纹\n缴费\n审批制证\n领取或邮寄送达",
     15, 7, "全国通办：可在任一出入境接待大厅申请，无需回户籍地。", "每本 120 元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2019〕914号）",
     "三明市公安局出入境管理支队及各县（市、区）出入境接待大厅", "三明市出入境接待大厅（三元区列东街 1 号）",
     "0598-8250300", []),
    (CRJ, "往来港澳通行证及签注", L, "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》",
     "具有中华人民共和国国籍的内地居民，因私事前往香港、澳门地区的，均可申请。",
     ["居民身份证原件", "现场免费采集的数码照片", "办理商务签注的，提交所在单位营业执照等相关材料",
      "未满 16 周岁的，由监护人陪同并提交监护关系证明"],
     "取号受理\n核验身份、采集照片\n缴费\n审批制证\n领取；持证人再次签注可在自助签注机即时办理",
     15, 7, "", "往来港澳通行证（电子证件）每证 60 元；签注每次 15 元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2019〕914号）",
     "三明市公安局出入境管理支队及各县（市、区）出入境接待大厅", "三明市出入境接待大厅（三元区列东街 1 号）",
     "0598-8250300", []),
    (CRJ, "往来台湾通行证及签注", L, "《中国公民往来台湾地区管理办法》",
     "大陆居民因私事前往台湾地区的。",
     ["居民身份证原件", "现场免费采集的数码照片", "未满 16 周岁的，由监护人陪同并提交监护关系证明"],
     "取号受理\n核验身份、采集照片\n缴费\n审批制证\n领取或邮寄送达",
     15, 10, "", "通行证每证 60 元；签注每次 15 元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2019〕914号）",
     "三明市公安局出入境管理支队", "三明市出入境接待大厅（三元区列东街 1 号）", "0598-8250300", []),
    (CRJ, "外国人居留许可", L, "《中华人民共和国出境入境管理法》第三十条；《中华人民共和国外国人入境出境管理条例》",
     "在中国境内工作、学习、探亲以及从事其他事务，需要在中国境内居留 180 日以上的外国人。",
     ["有效护照和签证", "《外国人签证证件申请表》", "近期 2 寸照片", "住宿登记证明",
      "工作许可、学习证明或亲属关系证明等与申请事由相关的材料"],
     "提交申请\n出入境接待大厅受理并留存指纹\n审查\n签发居留许可",
     15, 10, "审查期间可凭受理回执在境内停留。", "1 年以下每证 400 元；1 年至 3 年每证 800 元；3 年至 5 年每证 1000 元",
     "《国家发展改革委 财政部关于外国人签证、居留许可等收费标准有关问题的通知》（发改价格〔2004〕2230号）",
     "三明市公安局出入境管理支队", "三明市出入境接待大厅（三元区列东街 1 号）", "0598-8250300", []),
    (JT, "机动车注册登记", L, "《中华人民共和国道路交通安全法》第八条、第九条；《机动车登记规定》",
     "初次申领机动车号牌、行驶证的机动车所有人。",
     ["机动车所有人身份证明", "购车发票等机动车来历证明", "整车出厂合格证明或者进口凭证",
      "机动车交通事故责任强制保险凭证", "车辆购置税完税证明（免税的除外）"],
     "查验机动车\n申请受理\n选取号牌号码\n审核缴费\n领取号牌、行驶证和登记证书",
     2, 0, "新车可在备案的 4S 店“一站式”办理，材料齐全的当日办结。", "号牌每副 100 元；行驶证每本 10 元；登记证书每本 10 元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2017〕1186号）",
     "三明市公安局交通警察支队车辆管理所", "三明市车管所（三元区富兴路 22 号）或备案汽车销售服务站", "0598-8250122",
     ["机动车注册登记申请表.xlsx"]),
    (JT, "机动车驾驶证申领（初次申领）", L, "《中华人民共和国道路交通安全法》第十九条；《机动车驾驶证申领和使用规定》",
     "年龄、身体条件符合规定，无不得申请驾驶证情形的人员。",
     ["申请人身份证明", "县级或者部队团级以上医疗机构出具的身体条件证明（可网上提交电子证明）"],
     "报名并预约考试\n科目一道路交通安全法律法规考试\n科目二场地驾驶技能考试\n科目三道路驾驶技能和安全文明驾驶常识考试\n领取驾驶证",
     None, 1, "考试合格后当日制发驾驶证。", "考试费按福建省物价部门核定标准收取；驾驶证工本费每证 10 元",
     "《福建省物价局 福建省财政厅关于机动车驾驶人考试收费标准的通知》（闽价费〔2015〕105号）",
     "三明市公安局交通警察支队车辆管理所", "三明市车管所（三元区富兴路 22 号）", "0598-8250122", []),
    (JT, "机动车驾驶证换证（期满换证）", L, "《机动车驾驶证申领和使用规定》第六十八条",
     "机动车驾驶人应当于机动车驾驶证有效期满前九十日内，向机动车驾驶证核发地或者核发地以外的车辆管理所申请换证。",
     ["机动车驾驶人身份证明", "医疗机构出具的有关身体条件的证明（电子证明可免交）"],
     "通过“交管 12123”APP 或车管所窗口申请\n审核\n制证并邮寄或窗口领取",
     1, 0, "网上申请的，新证邮寄到家。", "驾驶证工本费每证 10 元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2017〕1186号）",
     "各车辆管理所、驾驶人考场服务窗口", "三明市车管所（三元区富兴路 22 号）", "0598-8250122", []),
    (JT, "机动车临时通行牌证核发", L, "《中华人民共和国道路交通安全法》第八条；《机动车登记规定》",
     "未销售的、购买或调拨后需要临时上道路行驶的、因修理等原因需要临时上道路行驶的机动车。",
     ["机动车所有人身份证明", "机动车来历证明、整车出厂合格证明或进口凭证", "机动车交通事故责任强制保险凭证"],
     "提交申请\n审核\n当场核发临时行驶车号牌",
     1, 0, "", "临时行驶车号牌每张 5 元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2017〕1186号）",
     "三明市公安局交通警察支队车辆管理所", "三明市车管所（三元区富兴路 22 号）", "0598-8250122", []),
    (ZA, "剧毒化学品购买许可", L, "《危险化学品安全管理条例》第三十八条、第三十九条",
     "依法取得危险化学品安全生产许可证、使用许可证、经营许可证的企业以外的单位，因生产、科研、医疗等需要购买剧毒化学品的。",
     ["营业执照或者法人证书（登记证书）", "拟购买的剧毒化学品品种、数量的说明", "购买剧毒化学品用途的说明",
      "经办人的身份证明", "《剧毒化学品购买许可证申请表》"],
     "向所在地县级公安机关提出申请\n受理审查，必要时实地核查\n作出许可或不予许可的决定\n颁发《剧毒化学品购买许可证》",
     3, 3, "对不予许可的，书面通知申请人并说明理由。", "", "",
     "所在地县级公安机关治安管理部门", HALL, "0598-8250160", ["剧毒化学品购买许可证申请表.docx"]),
    (ZA, "大型群众性活动安全许可", L, "《大型群众性活动安全管理条例》第十一条、第十二条",
     "预计参加人数在 1000 人以上的体育比赛、演唱会、音乐会、展览展销、游园灯会、人才招聘会等活动的承办者。",
     ["承办者合法成立的证明及安全责任人的身份证明", "大型群众性活动方案及其说明",
      "大型群众性活动安全工作方案", "场所管理者同意提供活动场所的证明", "《大型群众性活动安全许可申请表》"],
     "活动举办日的 20 日前提出申请\n受理\n现场勘查和安全检查\n作出许可决定并抄送有关部门",
     7, 7, "预计参加人数 1000 人以上 5000 人以下的，由活动所在地县级公安机关许可；5000 人以上的，由市公安局许可。",
     "", "", "活动所在地公安机关治安管理部门", HALL, "0598-8250160", ["大型群众性活动安全许可申请表.docx"]),
    (ZA, "旅馆业特种行业许可", L, "《旅馆业治安管理办法》第四条；国务院令第 412 号附件第 28 项",
     "申请开办旅馆（宾馆、酒店、民宿等），房屋建筑、消防设备、出入口和通道符合有关规定的。",
     ["营业执照", "法定代表人及治安保卫负责人身份证明", "经营场所产权证明或租赁合同", "旅馆平面图",
      "治安保卫制度和安全防范设施情况说明", "《特种行业许可证申请登记表》"],
     "提出申请\n受理\n实地核查旅馆业治安管理信息系统安装和安全防范设施\n作出许可决定并核发许可证",
     20, 10, "", "", "", "所在地县级公安机关治安管理部门", HALL, "0598-8250160", []),
    (ZA, "无犯罪记录证明开具", S, "《公安部关于印发〈公安机关办理犯罪记录查询工作规定〉的通知》（公通字〔2021〕19号）",
     "中国公民因就业、出国等需要，查询本人有无犯罪记录的。",
     ["居民身份证", "委托他人代办的，提交委托书及受托人身份证"],
     "向户籍地或居住地派出所提出申请（也可在“闽政通”APP 网上申请）\n查询\n出具《无犯罪记录证明》或告知有犯罪记录",
     3, 1, "网上申请的，开具电子证明。", "", "", "户籍地或居住地派出所", "各派出所户籍窗口", "0598-8250110", []),
    (ZA, "烟花爆竹道路运输许可", L, "《烟花爆竹安全管理条例》第二十二条、第二十三条",
     "经由道路运输烟花爆竹的托运人。",
     ["承运人从事危险货物运输的资质证明", "驾驶员、押运员从事危险货物运输的资格证明",
      "危险货物运输车辆的道路运输证明", "托运人从事烟花爆竹生产、经营的资质证明",
      "烟花爆竹的购销合同及运输品种、规格、数量", "烟花爆竹的产品质量和包装合格证明"],
     "向运达地县级公安机关提出申请\n审查\n核发《烟花爆竹道路运输许可证》",
     3, 2, "", "", "", "运达地县级公安机关治安管理部门", HALL, "0598-8250160", []),
    (XF, "焰火晚会及其他大型焰火燃放活动许可", L, "《烟花爆竹安全管理条例》第三十三条、第三十四条",
     "举办焰火晚会以及其他大型焰火燃放活动的主办单位。",
     ["举办焰火晚会以及其他大型焰火燃放活动的时间、地点、环境、活动性质、规模",
      "燃放烟花爆竹的种类、规格、数量", "燃放作业方案", "燃放作业单位、作业人员符合行业标准规定条件的证明"],
     "提出申请\n受理\n审查并现场勘验燃放地点和安全措施\n作出许可决定",
     20, 10, "", "", "", "市公安局治安管理支队（市区）或县级公安机关", HALL, "0598-8250160", []),
    (QT, "拾遗物品认领", S, "《中华人民共和国民法典》第三百一十四条至第三百一十八条",
     "认为本人遗失的物品已由公安机关收存的失主。",
     ["认领人居民身份证", "能证明物品归属的材料（购物凭证、物品特征说明等）"],
     "到收存物品的公安机关说明遗失情况\n民警核对物品特征\n签字认领",
     None, 0, "公安机关收存的遗失物自发布招领公告之日起一年内无人认领的，依法归国家所有。", "", "",
     "收存物品的派出所或市公安局办公室", "收存物品的派出所", "0598-8250000", []),
]


def _docx(title: str) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title.removesuffix(".docx"), level=1)
    table = doc.add_table(rows=6, cols=2)
    for row, label in zip(table.rows, ["申请人（单位）", "统一社会信用代码/证件号码", "联系电话", "地址", "申请事项",
                                       "申请日期"], strict=True):
        row.cells[0].text = label
    doc.add_paragraph("本人（单位）承诺所提交材料真实有效。")
    doc.add_paragraph("申请人（签章）：　　　　　　　　年　　月　　日")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _xlsx(title: str) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申请表"
    ws.append([title.removesuffix(".xlsx")])
    for label in ["机动车所有人", "身份证明名称/号码", "联系电话", "邮寄地址", "车辆品牌型号", "车辆识别代号"]:
        ws.append([label, ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build_guides(ctx: DemoContext, clerks: dict) -> None:
    categories = {c.code: c for c in GuideCategory.objects.all()}
    clerk, office = clerks[CITY], ctx.users["gongkaiban"]
    for ((cat, unit_code), name, kind, basis, conditions, materials, procedure, statutory, promised, note, fee,
         fee_basis, handling, place, phone, forms) in GUIDES:
        guide = services.create_guide(
            actor=clerk, unit=ctx.units[unit_code], name=name, category=categories[cat], kind=kind, legal_basis=basis,
            conditions=conditions, materials=materials, procedure=procedure, statutory_days=statutory,
            promised_days=promised, time_limit_note=note, charges=bool(fee), fee=fee, fee_basis=fee_basis,
            handling_unit=handling, place=place, hours=HOURS, phone=phone)
        for filename in forms:
            data = _docx(filename) if filename.endswith(".docx") else _xlsx(filename)
            services.add_guide_form(actor=clerk, guide=guide, name=filename, data=data)
        services.publish_guide(actor=office, guide=guide)
        _backdate_guide(ctx, guide)
    # One the bureau stopped offering, and one being written.
    old = services.create_guide(
        actor=clerk, unit=ctx.units["35040007"], name="机动车检验合格标志核发", category=categories["jiaotong"],
        kind=L, legal_basis="《中华人民共和国道路交通安全法》第十三条", conditions="机动车安全技术检验合格的。",
        materials=["机动车行驶证", "交通事故责任强制保险凭证"], procedure="检验合格\n申领检验合格标志",
        statutory_days=1, promised_days=0, handling_unit="各车辆管理所", place="三明市车管所（三元区富兴路 22 号）",
        hours=HOURS, phone="0598-8250122")
    services.publish_guide(actor=office, guide=old)
    services.withdraw_guide(actor=office, guide=old, reason="已全面推行机动车检验标志电子化，无需申领纸质标志")
    _backdate_guide(ctx, old)
    services.create_guide(
        actor=clerks[SANYUAN], unit=ctx.units[SANYUAN], name="犬只登记（城关、列东、徐碧辖区）", category=categories["zhian"],
        kind=C, legal_basis="《三明市养犬管理规定》", conditions="在三元区城区养犬的个人和单位。",
        materials=["养犬人居民身份证", "犬只狂犬病免疫证明", "犬只正面、侧面照片"], procedure="提交申请\n审核\n发放犬牌",
        statutory_days=10, promised_days=5, handling_unit="三元分局各派出所", place="辖区派出所",
        hours=HOURS, phone="0598-8230000")


def _backdate_guide(ctx: DemoContext, guide: ServiceGuide) -> None:
    """Guides were written over the past year, some revised since (demo only; see the module note)."""
    rng, now = ctx.rng, clock.now()
    day = timezone.localdate(now) - timedelta(days=rng.randint(200, 360))
    created = _at(day, rng.randint(9, 11), rng.randint(0, 59))
    published = _at(day + timedelta(days=rng.randint(1, 6)), rng.randint(14, 16), rng.randint(0, 59))
    updated = published if rng.random() < 0.6 else _at(day + timedelta(days=rng.randint(20, 150)), 10,
                                                        rng.randint(0, 59))
    fields = {"created_at": created, "published_at": published, "updated_at": min(updated, now)}
    if guide.status == ServiceGuide.Status.WITHDRAWN:
        fields["withdrawn_at"] = fields["updated_at"] = min(published + timedelta(days=120), now)
    ServiceGuide.objects.filter(pk=guide.pk).update(**fields)


def build(ctx: DemoContext) -> None:
    clerks = _ensure_staff(ctx)
    build_bulletins(ctx, clerks)
    build_guides(ctx, clerks)
