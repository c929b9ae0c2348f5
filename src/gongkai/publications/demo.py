"""Demo data for proactive disclosure: about two years of a city bureau's catalog.

`plan()` decides every item from the seeded random generator alone: what it is (title, text,
topic, publishing unit, dates, attachment) and what happens to it (published, waiting at a
review step, returned, withdrawn, corrected, repealed, not public …). `build_publications()`
then lives each item's life through `gongkai.publications.services` only, in date order, so the
audit trail, review records, scanner findings and index numbers are what real use leaves behind.

The kinds of items and their wording follow what city police bureaus publish (seeds: 三明 2016,
武汉 2008, 广州 2011, 柳州 2009 reports): weekly incident bulletins, warnings, work news, service
guides, normative documents with their interpretations, budgets and final accounts, licence and
penalty results with the party's name masked, recruitment notices and the yearly reports.

Dates are relative to today (the window starts on the first of the month 22 months back), so the
same seed gives the same data on the same day, and open items are as fresh or as overdue as meant
whenever the demo is built.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.calendar import get_calendar
from gongkai.core.demo import DemoContext, so_far
from gongkai.core.demo.kernel import BODIES, GIVEN, SURNAMES, ensure_reviewers
from gongkai.core.scanner import id_check_char
from gongkai.core.workdays import Calendar

from . import services
from .models import (
    CatalogTopic,
    Finding,
    Genre,
    Publication,
    PublicationChannel,
    PublicationVersion,
    Reevaluation,
    ReviewRecord,
    ReviewStep,
)

P = Publication
A = P.AttributeBasis
UR, CONF, SIGN = ReviewStep.UNIT_REVIEW.value, ReviewStep.CONFIDENTIALITY.value, ReviewStep.SIGN_OFF.value

CITY, SANYUAN, SHAXIAN = "350400", "350404", "350405"
# Publishing units per disclosure body (the kernel's; --scale adds stations under the branches).
CITY_UNITS = ["350400", "35040001", "35040002", "35040003", "35040004", "35040005", "35040006", "35040007",
              "3504000701", "350400070101", "3504000702"]
SANYUAN_UNITS = ["350404", "35040401", "3504040101", "35040402", "35040403", "35040404"]
SHAXIAN_UNITS = ["350405", "35040501", "3504050101", "35040502"]

# Who acts on each step, per disclosure body: a different person each.
REVIEWERS = {
    CITY: {UR: "shencha_sj", CONF: "baomi_sj", SIGN: "qianfa_sj"},
    SANYUAN: {UR: "shencha", CONF: "baomi", SIGN: "qianfa"},
    SHAXIAN: {UR: "shencha_sx", CONF: "baomi_sx", SIGN: "qianfa_sx"},
}
# Who withdraws and corrects (政务公开办 or the body's signing leader).
MANAGERS = {CITY: "gongkaiban", SANYUAN: "qianfa", SHAXIAN: "gongkaiban"}

# What happens to an item.
PUBLISHED = "published"
DRAFT = "draft"
REVIEW = "review"            # waits at `step`
RETURNED = "returned"        # returned at `step` with `note`
RESUBMITTED = "resubmitted"  # returned once, revised, published
WITHDRAWN = "withdrawn"      # published, withdrawn `after_days` later with `note`
CORRECTED = "corrected"      # published, corrected `after_days` later with `note` and `changes`
ACKNOWLEDGED = "acknowledged"  # scanner findings confirmed as publishable by the reviewer, published
REDACTED = "redacted"        # scanner findings blacked out by the reviewer, published
NOT_PUBLIC = "not_public"
REEVAL_KEEP = "reeval_keep"  # not public, reviewed once and kept
REEVAL_OPEN = "reeval_open"  # not public, reviewed and opened, then published

COUNTIES = ["三元区", "沙县区", "永安市", "明溪县", "清流县", "宁化县", "大田县", "尤溪县", "将乐县", "泰宁县",
            "建宁县"]
ROADS = ["列东街", "新市北路", "新市中路", "工业中路", "东新二路", "绿岩路", "三明北站站前路", "府西路", "长深高速三明段",
         "福银高速沙县段", "205国道三元段", "梅列大桥", "沙县城西大道", "徐碧大桥"]
PLACES = ["东霞", "荆西", "岩前", "富兴", "碧湖", "翠竹", "白沙", "洋溪", "琅口", "夏茂", "高砂", "青州", "凤岗", "虬江",
          "列西", "台江", "新亭", "江滨", "沙溪", "金沙"]
TRAFFIC_UNITS = {"35040007", "3504000701", "350400070101", "3504000702", "35040404"}
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class Item:
    unit: str
    topic: str
    title: str
    created_on: date
    genre: str = ""
    summary: str = ""
    body: str = ""
    keywords: str = ""
    number: str = ""
    channels: tuple[str, ...] = ("website",)
    fields: dict = field(default_factory=dict)
    attachment: tuple | None = None  # ("pdf", name, title, paragraphs) | ("xlsx", name, sheets)
    fate: str = PUBLISHED
    step: str = ""
    note: str = ""
    changes: dict = field(default_factory=dict)
    after_days: int = 0
    lag: int = 2  # working days from created_on to publication
    interprets: Item | None = None
    published_on: date | None = None  # set by the planner for published items


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _paras(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _summary(text: str, length: int = 60) -> str:
    first = text.split("\n")[0]
    return first if len(first) <= length else first[:length] + "……"


# ---------------------------------------------------------------------------------------------
# Texts. Nothing here may trip the scanner (no mobiles, full plates, ID or card numbers): the
# planted items below add those on purpose.
# ---------------------------------------------------------------------------------------------

TIP_END = "如发现可疑情况，请立即拨打110报警，或拨打全国反诈专线96110咨询。"

# (title, months or None, paragraphs, keywords)
TIPS = [
    ("警惕“刷单返利”类诈骗", None, [
        "近期，我市发生多起“刷单返利”类电信网络诈骗案件。不法分子通过社交软件、短视频平台发布“动动手指就能赚钱”"
        "“佣金日结”等兼职信息，先以小额返利骗取信任，再以“任务未完成”“账户被冻结”等理由诱导受害人不断加大投入。",
        "警方提醒：所有刷单都是违法行为，所有要求先垫付资金的兼职都是诈骗。切勿轻信高额回报，切勿向陌生账户转账。"],
     "刷单返利 电信网络诈骗 反诈"),
    ("冒充电商物流客服诈骗又出新花样", None, [
        "不法分子冒充电商平台或快递公司客服，以“商品质量问题理赔”“快递丢失赔偿”“误开会员需取消”等为由，诱导群众"
        "下载屏幕共享软件或登录虚假网站，进而骗取银行卡信息和短信验证码。",
        "警方提醒：正规客服不会要求开启屏幕共享，也不会要求向所谓“安全账户”转账。接到此类来电，请通过官方渠道核实。"],
     "冒充客服 屏幕共享 电信网络诈骗"),
    ("春节期间请注意防火防盗", [1, 2], [
        "春节将至，人员流动频繁，入室盗窃、车内财物被盗等案件易发多发。外出探亲访友时请关好门窗，贵重物品妥善保管，"
        "不要在车内存放现金和贵重物品。",
        "燃放烟花爆竹请遵守禁限放规定，选购合格产品，远离易燃物品，儿童燃放须有成年人看护。"],
     "春节 防火 防盗 烟花爆竹"),
    ("暑期防溺水，家长务必看护好孩子", [6, 7, 8], [
        "暑假是未成年人溺水事故的高发期。请家长切实履行监护责任，教育孩子不私自下水游泳，不擅自与他人结伴游泳，"
        "不到无安全设施、无救援人员的水域游泳，不熟悉水性的不擅自下水施救。",
        "发现有人溺水，请立即呼救并拨打110、120，切勿盲目下水施救。"],
     "防溺水 暑期安全 未成年人"),
    ("电动自行车请勿进楼入户充电", None, [
        "电动自行车在楼道、室内充电极易引发火灾，且火势蔓延快、烟气毒性大。请将电动自行车停放在集中停放点，"
        "使用规范的充电设施充电，不私拉电线“飞线充电”，不购买、使用不合格的电池和充电器。"],
     "电动自行车 充电 消防安全"),
    ("谨防以“养老投资”为名的非法集资", None, [
        "一些不法分子以“养老公寓”“以房养老”“保健品投资”等名义，承诺高额回报，诱骗老年人投入养老钱。此类活动往往"
        "先兑付小额利息，待吸收大量资金后卷款跑路。",
        "警方提醒：老年朋友投资理财请选择正规金融机构，子女要多关心老人的日常生活和资金往来，发现异常及时报警。"],
     "养老诈骗 非法集资 老年人"),
    ("开学季谨防“退费”“助学金”诈骗", [8, 9], [
        "开学季，不法分子冒充学校老师、教育部门工作人员，以“学费退费”“发放助学金”“缴纳资料费”等为由实施诈骗；"
        "还有的冒充班主任混入家长群，要求家长扫码缴费。",
        "警方提醒：涉及缴费、退费的通知，请务必通过电话或当面向老师本人核实。"],
     "开学季 冒充老师 助学金诈骗"),
    ("高考结束后谨防录取通知类诈骗", [6, 7], [
        "高考结束后，不法分子冒充招生办、高校工作人员，以“内部指标”“补录名额”“提前查分”为名收取费用，"
        "或发送虚假录取通知书诱骗缴纳学费。",
        "警方提醒：高校录取工作均通过省教育考试院统一进行，不存在所谓“内部指标”，录取通知书以高校寄送的为准。"],
     "高考 录取通知书 诈骗"),
    ("国庆假期出行安全提示", [9, 10], [
        "国庆假期出行车流量大，请合理规划出行路线，避开高峰时段。驾车出行请做到不超速、不疲劳驾驶、不酒后驾驶，"
        "高速公路上发生故障或事故时，车上人员应迅速转移到护栏外，并在车后方设置警告标志。",
        "外出旅游请看管好随身财物，选择正规旅行社和住宿场所。"],
     "国庆 出行安全 交通安全"),
    ("雨季山区道路行车安全注意事项", [4, 5, 6], [
        "雨季山区道路易发生塌方、落石和路面湿滑，请驾驶人降低车速、加大跟车距离，遇积水路段不要冒险涉水通行，"
        "遇道路中断请听从现场民警和工作人员指挥。"],
     "雨季 山区道路 行车安全"),
    ("网购“低价门票”需谨慎", None, [
        "演唱会、热门景区门票一票难求，不法分子借机在社交平台发布“低价转让”“内部渠道”等信息，收款后即将买家拉黑。",
        "警方提醒：购票请认准官方售票渠道，不要私下转账交易。"],
     "门票 网购诈骗"),
    ("警惕冒充公检法“安全账户”诈骗", None, [
        "不法分子冒充公安、检察院、法院工作人员，以“涉嫌洗钱”“涉嫌犯罪”为由恐吓群众，要求将资金转入所谓“安全账户”"
        "配合调查。",
        "警方提醒：公检法机关不会通过电话办案，更不存在“安全账户”。接到此类电话请立即挂断。"],
     "冒充公检法 安全账户 电信网络诈骗"),
    ("防范虚假网络投资理财诈骗", None, [
        "不法分子通过交友、荐股群等方式拉人进入虚假投资平台，先让受害人小额获利，再诱导其大额投入，最后以“系统维护”"
        "“账户异常”为由拒绝提现。",
        "警方提醒：凡是网上推荐的“稳赚不赔”“内幕消息”投资项目都是诈骗。"],
     "投资理财 电信网络诈骗"),
    ("不出租、出借、出售银行卡和电话卡", None, [
        "出租、出借、出售本人银行卡、电话卡，可能被犯罪分子用于电信网络诈骗转账洗钱，涉嫌帮助信息网络犯罪活动罪，"
        "将被依法追究刑事责任，并被实施联合惩戒。"],
     "两卡 帮信罪 银行卡 电话卡"),
    ("清明祭扫文明用火，注意交通安全", [3, 4], [
        "清明期间祭扫车辆和人员集中，请错峰出行，文明祭扫，严禁在林区野外用火。驾车前往山区墓地请注意弯道减速，"
        "服从现场交通疏导。"],
     "清明 森林防火 交通安全"),
    ("冬季取暖用电用气安全提示", [11, 12, 1], [
        "冬季使用电暖器、燃气热水器时请保持通风，不要在取暖设备上烘烤衣物，人员离开时及时断电关气，"
        "谨防火灾和一氧化碳中毒。"],
     "冬季 取暖 用电用气安全"),
    ("谨防冒充熟人、领导添加好友借钱诈骗", None, [
        "不法分子盗用熟人或单位领导的头像、昵称添加好友，以“急需用钱”“帮忙转账”为由要求汇款。",
        "警方提醒：凡是通过网络要求转账的，务必通过电话或当面核实对方身份。"],
     "冒充熟人 冒充领导 诈骗"),
]

# (title, months or None, text, keywords, who); {u} unit, {py} previous year, {y} year, {n} {m} {k} counts;
# who: the kinds of unit that do such things (h 市局/分局, s 派出所/警务室, t 交警, o 其他支队).
NEWS = [
    ("{u}召开{y}年政务公开工作推进会", [3, 4],
     "会议通报了{py}年政府信息公开工作情况，部署了{y}年政务公开重点任务。会议要求，各单位要严格落实“先审查、后公开”"
     "和“一事一审”制度，确保主动公开信息在规定时限内发布，进一步提升公开质量和实效。", "政务公开 工作会议", "h"),
    ("{u}开展“110宣传日”主题活动", [1],
     "1月10日是全国“110宣传日”。当天，{u}在城区广场设立宣传咨询点，通过展示警用装备、发放宣传资料、现场答疑等形式，"
     "宣传110报警服务台职能和防范电信网络诈骗知识，共发放宣传资料{n}余份，接受群众咨询{m}人次。", "110宣传日 警民互动", "hs"),
    ("{u}举办警营开放日活动", None,
     "活动中，{m}余名群众代表走进警营，参观了指挥中心、户籍窗口和执法办案管理中心，观看了警务技能展示。民警现场讲解了"
     "反诈防骗、交通安全等知识，倾听群众对公安工作的意见建议。", "警营开放日", "hs"),
    ("{u}扎实推进夏季治安打击整治行动", [6, 7, 8, 9],
     "行动开展以来，{u}聚焦群众反映强烈的突出违法犯罪，强化街面巡逻防控，累计出动警力{n}人次，破获刑事案件{m}起，"
     "查处治安案件{k}起，夜间警情同比明显下降。", "夏季行动 打击整治", "hs"),
    ("{u}开展“全民反诈在行动”集中宣传活动", None,
     "活动期间，民警走进社区、学校、企业和农村，开展反诈宣讲{k}场次，指导群众安装使用国家反诈中心APP，"
     "现场解答群众疑问，进一步提升群众识骗防骗能力。", "反诈宣传", "hsto"),
    ("{u}开展电动自行车安全隐患专项整治", None,
     "整治期间，民警会同社区网格员对辖区住宅小区、出租屋开展拉网式排查，检查场所{m}处，督促整改“飞线充电”、"
     "楼道停放等隐患{k}处。", "电动自行车 隐患整治", "hs"),
    ("{u}民警成功帮助走失老人回家", None,
     "近日，{u}接到群众求助，称在路边发现一名神情迷茫的老人。民警迅速赶到现场，通过走访询问、查看视频，"
     "仅用两个小时便联系上老人家属，将老人平安送回家中。", "为民服务 走失老人", "st"),
    ("{u}组织开展执法规范化培训", None,
     "培训围绕行政案件办理程序、证据收集固定、执法记录仪使用等内容展开，邀请法制部门骨干授课，并结合典型案例"
     "进行讲评，参训民警{k}人。", "执法规范化 培训", "hto"),
    ("{u}深入校园开展“开学第一课”安全教育", [9],
     "开学之际，{u}民警走进辖区中小学，围绕防溺水、防诈骗、交通安全、防范校园欺凌等内容，为师生上了一堂生动的"
     "安全教育课，覆盖师生{n}余人。", "开学第一课 校园安全", "hst"),
    ("{u}开展“夏夜巡查”专项行动", [6, 7, 8],
     "行动中，民警重点加强对夜市、烧烤摊点、娱乐场所等人员密集区域的巡逻管控，盘查可疑人员{m}人次，现场调处纠纷"
     "{k}起，守护群众夜间平安。", "夏夜巡查 巡逻防控", "hs"),
    ("{u}打击整治养老诈骗取得阶段性成效", None,
     "专项行动开展以来，{u}共破获涉养老诈骗案件{k}起，抓获犯罪嫌疑人{k2}名，为老年群众挽回经济损失{w}万元。",
     "养老诈骗 专项行动", "hs"),
    ("{u}开展道路交通安全“进村入户”宣传", None,
     "民警深入辖区乡村，重点针对驾乘摩托车不戴头盔、农用车违法载人等问题开展宣传，发放宣传资料{n}余份，劝导纠正"
     "交通违法行为{m}起。", "农村交通安全 宣传", "ts"),
    ("{u}开展“百万警进千万家”走访活动", None,
     "社区民警逐户走访辖区群众，了解群众安全需求，排查矛盾纠纷，收集意见建议{k}条，现场为群众解决实际困难{k2}件。",
     "百万警进千万家 社区警务", "s"),
    ("{u}开展冬春火灾防控消防安全检查", [11, 12, 1, 2],
     "民警对辖区“九小场所”和出租屋开展消防安全检查，检查单位{m}家，发现并督促整改火灾隐患{k}处。",
     "消防安全检查 九小场所", "s"),
    ("{u}召开党风廉政建设工作会议", [2, 3],
     "会议总结了{py}年党风廉政建设工作，部署了{y}年重点任务，并与各部门负责人签订党风廉政建设责任书。",
     "党风廉政建设", "h"),
    ("{u}圆满完成春运安保任务", [2, 3],
     "春运期间，{u}共投入警力{n}人次，加强车站、高速公路出入口等重点部位安全管控，辖区治安秩序平稳。", "春运 安保", "ht"),
    ("{u}开展“护航高考”专项行动", [6],
     "高考期间，民警在各考点周边设立护考岗，开展交通疏导和安全巡逻，为考生提供爱心送考、临时身份证办理等服务"
     "{k}件次。", "高考 护考", "hst"),
    ("{u}开展执法质量专项考评", None,
     "考评采取随机抽查案卷、网上巡查执法办案系统等方式，共抽查行政、刑事案卷{k}宗，对发现的问题逐一反馈、限期整改。",
     "执法质量 考评", "o"),
    ("{u}开展政务服务“好差评”回访", None,
     "对近期办结的{m}件政务服务事项开展电话回访，群众满意率保持在较高水平，对群众提出的{k2}条意见建议逐项落实。",
     "好差评 政务服务", "ot"),
]

# (title, unit, basis, conditions, materials, time limit, fee)
GUIDES = [
    ("内地居民往来港澳通行证及签注办理指南", "35040006", "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》",
     "具有中华人民共和国国籍的内地居民，因私事前往香港、澳门地区的，均可申请。",
     "居民身份证原件；未满16周岁的，由监护人陪同并提交监护关系证明。", "受理之日起7个工作日内办结。",
     "往来港澳通行证（电子证件）每证60元；签注每次15元。"),
    ("普通护照办理指南", "35040006", "《中华人民共和国护照法》",
     "中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国的。",
     "居民身份证原件；国家工作人员须提交所在单位出具的意见。", "受理之日起7个工作日内办结。", "每本120元。"),
    ("往来台湾通行证及签注办理指南", "35040006", "《中国公民往来台湾地区管理办法》",
     "大陆居民因私事前往台湾地区的。", "居民身份证原件；未满16周岁的，由监护人陪同。",
     "受理之日起10个工作日内办结。", "通行证每证60元；签注每次15元。"),
    ("居民身份证申领、换领、补领办理指南", "35040005", "《中华人民共和国居民身份证法》",
     "居住在中华人民共和国境内的中国公民，可在户籍所在地或经常居住地申领、换领、补领居民身份证。",
     "居民户口簿；换领的交回原证；照片由受理点现场免费采集。", "受理之日起60日内发放；急需的可申请临时居民身份证。",
     "申领、换领工本费20元；丢失补领或损坏换领工本费40元；临时居民身份证工本费10元。"),
    ("户口迁移（投靠、就业、购房落户）办理指南", "35040005", "《中华人民共和国户口登记条例》及本市户籍管理有关规定",
     "符合本市落户条件的投靠亲属、就业人员及在城区购买住房的人员。",
     "居民身份证、居民户口簿；投靠的提供亲属关系证明，就业的提供劳动合同，购房的提供不动产权证书。",
     "材料齐全的，即时办结；需调查核实的，10个工作日内办结。", "不收费。"),
    ("新生儿出生登记办理指南", "35040401", "《中华人民共和国户口登记条例》",
     "在本辖区出生、父母一方户籍在本辖区的新生儿。", "出生医学证明；父母双方居民身份证、居民户口簿、结婚证。",
     "材料齐全的，即时办结。", "不收费。"),
    ("旅馆业特种行业许可证核发办事指南", "35040005", "《旅馆业治安管理办法》第四条",
     "经营场所符合治安、消防安全要求，安装旅馆业治安管理信息系统，配备安全保卫人员。",
     "申请书；营业执照；经营场所产权证明或租赁合同；场所平面图；安全管理制度。",
     "法定时限20个工作日，承诺时限5个工作日。", "不收费。"),
    ("公章刻制业务备案办事指南", "35040005", "《国务院关于第三批取消中央指定地方实施行政许可事项的决定》",
     "依法设立的企业、事业单位、社会团体等需刻制公章的。", "营业执照或登记证书；经办人居民身份证。",
     "即时办结。", "不收费。"),
    ("保安服务公司设立许可办事指南", "35040005", "《保安服务管理条例》第八条、第九条",
     "有不低于人民币100万元的注册资本，拟任保安服务公司法定代表人和主要管理人员具备任职条件。",
     "申请书；注册资本证明；法定代表人和主要管理人员身份证明及履历；章程和管理制度。",
     "法定时限30个工作日，承诺时限15个工作日。", "不收费。"),
    ("烟花爆竹道路运输许可证核发办事指南", "35040005", "《烟花爆竹安全管理条例》第二十二条",
     "承运人具有危险货物运输资质，驾驶员、押运员具有相应从业资格。",
     "申请表；承运人危险货物运输许可证；驾驶员、押运员从业资格证；烟花爆竹购销合同。",
     "受理之日起3个工作日内办结。", "不收费。"),
    ("大型群众性活动安全许可办事指南", "35040005", "《大型群众性活动安全管理条例》第十一条",
     "预计参加人数1000人以上的体育比赛、演唱会、展览、庙会等活动。",
     "申请表；承办者合法成立的证明；活动方案及安全工作方案；场所管理者同意提供场所的证明。",
     "受理之日起7个工作日内办结。", "不收费。"),
    ("机动车注册登记办事指南", "35040007", "《机动车登记规定》",
     "初次申领机动车号牌、行驶证的机动车所有人。",
     "机动车所有人身份证明；购车发票；整车出厂合格证明或进口凭证；交通事故责任强制保险凭证；车辆购置税完税证明。",
     "材料齐全、查验合格的，当日核发号牌和行驶证。", "号牌、行驶证工本费按省价格主管部门核定标准收取。"),
    ("机动车驾驶证期满换证办事指南", "35040007", "《机动车驾驶证申领和使用规定》",
     "机动车驾驶证有效期满前90日内申请换证，也可通过“交管12123”APP申请。",
     "居民身份证；机动车驾驶证；县级以上医疗机构出具的身体条件证明。", "当日办结。", "工本费10元。"),
    ("无犯罪记录证明开具办事指南", "35040501", "《公安部关于改进和规范公安派出所出具证明工作的意见》",
     "户籍或经常居住地在本辖区的申请人。", "居民身份证；委托他人办理的提交委托书及受托人身份证件。",
     "申请之日起3个工作日内出具。", "不收费。"),
]

# (title, months or None, genre, text, keywords)
SERVICE_NOTICES = [
    ("关于{y}年春节假期户籍、出入境窗口服务安排的公告", [1, 2], "公告",
     "{y}年春节假期期间，全市户籍窗口、出入境接待大厅实行轮班值守，每日9:00至12:00提供居民身份证、临时居民身份证"
     "和出入境证件受理服务；节后第一个工作日起恢复正常工作时间。", "春节 户籍窗口 出入境"),
    ("关于出入境接待大厅推行周末“不打烊”服务的公告", None, "公告",
     "为方便群众办理出入境证件，自公告之日起，市出入境接待大厅每周六上午9:00至12:00正常受理内地居民出入境证件申请，"
     "办理范围与工作日相同。", "出入境 周末服务"),
    ("关于启用居民身份证自助受理设备的公告", None, "公告",
     "我局在各户籍窗口新增居民身份证自助受理设备{k}台，群众可自助完成照片采集、信息核对和缴费，缩短排队时间。",
     "居民身份证 自助受理"),
    ("{u}推出{k}项便民利民服务新举措", None, "其他",
     "为进一步提升公安政务服务水平，{u}推出预约服务、延时服务、上门服务、“跨省通办”等{k}项便民利民服务新举措，"
     "让群众办事少跑腿。", "便民利民 服务举措"),
    ("关于开通户口迁移“跨省通办”业务的公告", None, "公告",
     "自公告之日起，工作调动、大中专院校毕业生就业、父母投靠成年子女等户口迁移业务实行“跨省通办”，"
     "群众可在迁入地户籍窗口直接申请，无需再往返迁出地。", "户口迁移 跨省通办"),
    ("关于为高考考生开通临时居民身份证办理“绿色通道”的通知", [5, 6], "通知",
     "高考前后，各户籍窗口为身份证丢失、损坏的考生开通“绿色通道”，优先受理、当场制发临时居民身份证。",
     "高考 临时居民身份证"),
    ("关于驾驶证期满换证可通过“交管12123”APP办理的提示", None, "其他",
     "驾驶人可通过“交管12123”APP在线申请期满换证，上传身体条件证明后，新证件将邮寄到家。", "交管12123 网上办理"),
    ("关于调整户籍窗口午间延时服务时间的公告", None, "公告",
     "为方便上班族办理户籍业务，自下月起，{u}户籍窗口午间实行延时服务，12:00至14:30不间断受理业务。",
     "户籍窗口 延时服务"),
]

# Notices of the police-information topics: (topic, unit pool key, title, months, genre, text, keywords)
NOTICES = [
    ("0803", "traffic", "关于{road}道路施工期间实施交通管制的通告", None, "通告",
     "因{road}部分路段进行管网改造施工，为保障施工安全和道路交通安全畅通，根据《中华人民共和国道路交通安全法》"
     "第三十九条规定，决定自{d1}起至{d2}止，对施工路段实施半幅封闭、单向通行。请过往车辆和行人提前绕行，"
     "服从现场交通警察和施工人员指挥。", "交通管制 道路施工"),
    ("0803", "traffic", "关于新增道路交通安全违法行为技术监控设备的公告", None, "公告",
     "根据《道路交通安全违法行为处理程序规定》第十九条规定，现将新增的{k}处交通技术监控设备设置地点予以公告，"
     "设备主要位于{road}等路段，自{d1}起启用，主要记录闯红灯、不按导向车道行驶、超速等交通违法行为。",
     "电子警察 技术监控设备"),
    ("0803", "traffic", "关于{y}年中考、高考期间考点周边交通管理措施的通告", [5, 6], "通告",
     "考试期间，各考点周边道路禁止机动车鸣喇叭，考点周边一百米范围内禁止社会车辆停放。送考车辆请按指定地点"
     "有序停放，服从交通警察指挥。", "高考 中考 交通管理"),
    ("0803", "traffic", "关于春节期间城区部分路段交通组织调整的通告", [1, 2], "通告",
     "春节期间，城区商圈和景区周边车流人流集中，交警部门将对{road}等路段实施临时交通组织调整，"
     "高峰时段视情采取分流、限行措施。", "春节 交通组织"),
    ("0804", "exit", "关于出入境证件“全国通办”有关事项的公告", None, "公告",
     "内地居民可在全国任一出入境管理机构申请办理普通护照、往来港澳通行证、往来台湾通行证及签注，"
     "无需提交户籍所在地证明材料。", "出入境证件 全国通办"),
    ("0804", "exit", "关于外国人住宿登记有关事项的提示", None, "其他",
     "根据《中华人民共和国出境入境管理法》第三十九条，外国人在旅馆以外的其他住所居住或者住宿的，应当在入住后"
     "二十四小时内，由本人或者留宿人向居住地的公安机关办理登记。", "外国人 住宿登记"),
    ("0805", "household", "关于开展户籍人口信息核查工作的通告", None, "通告",
     "为提高户籍人口信息准确性，全市公安机关将集中开展户籍人口信息核查工作，重点核查重复户口、死亡未注销户口等"
     "问题，请群众予以配合。", "户籍 信息核查"),
    ("0806", "station", "关于开展冬春火灾防控工作的通告", [11, 12, 1], "通告",
     "冬春季节风干物燥，火灾易发多发。公安派出所将联合有关部门对辖区出租屋、“九小场所”开展消防安全检查，"
     "请各单位和居民落实防火安全责任，及时消除火灾隐患。", "冬春火灾防控 消防检查"),
    ("11", "city", "关于防御强降雨期间加强山区道路交通安全管理的通告", [5, 6, 7], "通告",
     "受持续强降雨影响，我市部分山区道路出现塌方、落石险情。交警部门将对险情路段实施临时交通管制，"
     "请驾驶人密切关注气象预警和路况信息，非必要不前往山区。", "防汛 强降雨 交通管制"),
    ("11", "city", "关于台风影响期间加强道路交通管理的紧急通告", [7, 8, 9], "通告",
     "受台风影响，我市将出现大风和强降雨天气。台风影响期间，高速公路视情采取限速、间断放行等措施，"
     "请广大群众减少不必要外出。", "台风 应急 交通管理"),
]

# (title, genre, number series, articles, interpretation points)
NORMATIVE = [
    ("三明市公安局行政执法公示办法", "办法", [
        "为规范行政执法公示工作，保障公民、法人和其他组织的知情权、参与权和监督权，根据国务院办公厅关于全面推行"
        "行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度的指导意见，结合本局实际，制定本办法。",
        "本办法适用于全市公安机关实施行政许可、行政处罚、行政强制、行政检查等行政执法行为的公示工作。",
        "事前公开执法主体、执法人员、职责权限、执法依据、执法程序、救济渠道和随机抽查事项清单等信息。",
        "行政许可、行政处罚决定自作出之日起7个工作日内公开。公开时应当对自然人姓名、身份证件号码、联系方式等"
        "个人信息作去标识化处理。",
        "公示信息发生变更的，应当及时更新；行政执法决定被依法撤销、确认违法或者要求重新作出的，应当及时撤回"
        "原公示信息。"],
     "明确了事前、事中、事后公示的内容和时限，规定许可和处罚决定7个工作日内公开，并要求对个人信息作去标识化处理。"),
    ("三明市公安局重大行政执法决定法制审核办法", "办法", [
        "为加强对重大行政执法决定的法制监督，保障行政执法决定合法、适当，制定本办法。",
        "本办法所称重大行政执法决定，是指涉及重大公共利益、可能造成重大社会影响或者引发社会风险，以及直接关系"
        "行政相对人重大权益的行政执法决定。",
        "重大行政执法决定作出前，承办单位应当将案卷材料送法制部门审核；未经法制审核或者审核未通过的，不得作出决定。",
        "法制部门应当自收到送审材料之日起5个工作日内完成审核，案情复杂的可以延长3个工作日。"],
     "界定了重大行政执法决定的范围，明确“未经法制审核不得作出决定”，规定了审核时限和审核内容。"),
    ("三明市公安局关于规范公安派出所出具证明工作的规定", "规定", [
        "为进一步便民利民，规范公安派出所出具证明工作，根据公安部有关规定，结合我市实际，制定本规定。",
        "公安派出所只出具与公安机关职责相关、有法律法规依据的证明，对其他单位要求出具的无法律依据的证明，"
        "一律不予出具。",
        "公安派出所出具证明实行“一次告知”“限时办结”，对符合条件的即时出具，需调查核实的3个工作日内出具。",
        "公安派出所出具证明工作纳入执法质量考评，对推诿扯皮、乱开证明的，依规追究责任。"],
     "列明派出所可以出具和不再出具的证明事项，实行一次告知、限时办结，减少群众“跑腿”。"),
    ("三明市公安局行政处罚裁量权基准适用规定", "规定", [
        "为规范行政处罚裁量权的行使，保障法律法规正确实施，根据《中华人民共和国行政处罚法》，制定本规定。",
        "行使行政处罚裁量权，应当以事实为根据，与违法行为的事实、性质、情节以及社会危害程度相当。",
        "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚；初次违法且危害后果轻微并及时改正的，"
        "可以不予行政处罚。",
        "对同一类违法行为，情节相近的，处罚种类和幅度应当基本相当。"],
     "细化了从轻、减轻、不予处罚的情形，推行“首违不罚”，实现同案同罚。"),
    ("三明市公安局关于进一步放宽城区落户条件的实施意见", "意见", [
        "为促进人口有序流动，推进以人为核心的新型城镇化，结合我市实际，提出本实施意见。",
        "在城区合法稳定就业并参加城镇职工社会保险的人员，本人及其共同居住生活的配偶、子女、父母可以在城区落户。",
        "在城区购买住房的人员，本人及其共同居住生活的配偶、子女、父母可以申请落户，不受面积、金额限制。",
        "全日制大中专院校毕业生、技工院校毕业生可以凭毕业证书在城区落户，实行“先落户后就业”。"],
     "取消购房落户面积和金额限制，放开毕业生“先落户后就业”，简化落户手续。"),
    ("三明市公安局电动自行车登记管理办法", "办法", [
        "为加强电动自行车登记管理，维护道路交通秩序，根据《福建省电动自行车管理办法》，制定本办法。",
        "在本市道路上行驶的电动自行车，应当经公安机关交通管理部门登记，取得号牌后方可上道路行驶。",
        "电动自行车登记实行“一车一档”，所有人可以通过网上办理或者到销售网点、登记服务站现场办理。",
        "电动自行车所有人应当按规定悬挂号牌，不得擅自改装车辆。"],
     "明确电动自行车“登记上牌、一车一档”，推行网上办理和销售网点代办。"),
    ("三明市公安局保安服务监督管理实施细则", "规定", [
        "为加强保安服务监督管理，规范保安服务活动，根据《保安服务管理条例》，制定本细则。",
        "保安服务公司应当建立保安员管理档案，依法与保安员订立劳动合同，组织保安员参加岗前培训。",
        "公安机关对保安服务公司实行“双随机、一公开”监督检查，检查结果向社会公开。"],
     "明确保安服务公司的主体责任和公安机关的监管方式，推行“双随机、一公开”检查。"),
]
# Older documents catalogued when the system went live, repealed later by a decision.
OLD_NORMATIVE = [
    ("三明市公安局机动车临时号牌核发管理规定", "规定", 2020, [
        "为规范机动车临时号牌核发工作，制定本规定。",
        "机动车所有人申领临时号牌，应当提交身份证明、机动车来历证明和交通事故责任强制保险凭证。"]),
    ("三明市公安局关于加强旅馆业治安管理的若干规定", "规定", 2021, [
        "为加强旅馆业治安管理，维护社会治安秩序，制定本规定。",
        "旅馆应当按规定如实登记旅客信息，发现违法犯罪嫌疑人员应当立即向公安机关报告。"]),
]

POLICY_DOCS = [
    ("三明市公安局关于进一步优化营商环境的若干措施", "意见",
     "围绕企业开办、证照办理、执法监管等环节，推出压缩审批时限、推行告知承诺、包容审慎监管等措施。"),
    ("三明市公安局深化“放管服”改革工作方案", "方案",
     "明确深化“放管服”改革的目标任务、责任分工和时间节点，推动公安政务服务事项“一网通办”。"),
    ("三明市公安局关于做好{y}年政务公开工作的通知", "通知",
     "部署年度政务公开重点任务，要求各单位落实信息发布审查制度，做好政策解读和回应关切。"),
]

LICENCES = [
    # (item, holder kind, holder pattern, basis, content, validity)
    ("旅馆业特种行业许可", "company", "三明市{p}宾馆有限公司", "《旅馆业治安管理办法》第四条", "准予开办旅馆业",
     "长期"),
    ("旅馆业特种行业许可", "person", "{c}{p}旅社", "《旅馆业治安管理办法》第四条", "准予开办旅馆业", "长期"),
    ("公章刻制业特种行业许可", "company", "三明市{p}印章有限公司", "《印铸刻字业暂行管理规则》第三条",
     "准予从事公章刻制业", "长期"),
    ("保安服务许可", "company", "福建{p}保安服务有限公司", "《保安服务管理条例》第九条", "准予设立保安服务公司",
     "长期"),
    ("烟花爆竹道路运输许可", "company", "三明市{p}烟花爆竹贸易有限公司", "《烟花爆竹安全管理条例》第二十二条",
     "准予运输烟花爆竹（限本次）", "单次有效"),
    ("大型群众性活动安全许可", "company", "三明市{p}文化传媒有限公司", "《大型群众性活动安全管理条例》第十一条",
     "准予举办大型群众性活动", "活动期间"),
    ("剧毒化学品购买许可", "company", "福建三明{p}化工有限公司", "《危险化学品安全管理条例》第三十九条",
     "准予购买剧毒化学品", "三个月"),
    ("民用爆炸物品购买许可", "company", "三明{p}矿业有限公司", "《民用爆炸物品安全管理条例》第二十一条",
     "准予购买民用爆炸物品", "一个月"),
]

VIOLATIONS = [
    # (short, fact, law, decision with {fine}, fine range, vehicle)
    ("饮酒后驾驶机动车", "饮酒后驾驶机动车，经呼气式酒精含量检测，其血液酒精含量为{alc}mg/100ml",
     "《中华人民共和国道路交通安全法》第九十一条第一款", "罚款人民币{fine}元，暂扣机动车驾驶证六个月", (1000, 2000),
     "小型轿车"),
    ("超速百分之五十以上", "驾驶机动车超过规定时速百分之五十以上（该路段限速{lim}公里/小时，实测{act}公里/小时）",
     "《中华人民共和国道路交通安全法》第九十九条第一款第（四）项", "罚款人民币{fine}元", (1000, 2000),
     "小型普通客车"),
    ("无证驾驶机动车", "未取得机动车驾驶证驾驶机动车",
     "《中华人民共和国道路交通安全法》第九十九条第一款第（一）项", "罚款人民币{fine}元", (1000, 2000), "普通二轮摩托车"),
    ("客车超员", "驾驶公路客运车辆载客超过额定乘员百分之二十以上",
     "《中华人民共和国道路交通安全法》第九十二条第一款", "罚款人民币{fine}元", (1000, 2000), "大型普通客车"),
    ("货车超载", "驾驶货运机动车载物超过核定载质量百分之三十以上",
     "《中华人民共和国道路交通安全法》第九十二条第二款", "罚款人民币{fine}元", (1000, 2000), "重型仓栅式货车"),
    ("使用伪造机动车号牌", "使用伪造的机动车号牌",
     "《中华人民共和国道路交通安全法》第九十六条第一款", "罚款人民币{fine}元，收缴伪造的机动车号牌", (2000, 5000),
     "小型轿车"),
    ("驾驶报废机动车", "驾驶已达报废标准的机动车上道路行驶",
     "《中华人民共和国道路交通安全法》第一百条第一款、第二款",
     "罚款人民币{fine}元，吊销机动车驾驶证，收缴机动车并强制报废", (1000, 2000), "轻型普通货车"),
]

# (unit, topic, title, attribute, basis, reason, genre, year offset: 0 = last year, 1 = this year)
NOT_PUBLIC_ITEMS = [
    ("35040401", "0603", "治安管理处罚决定书（{s}某殴打他人案）", P.Attribute.NOT_PUBLIC, A.ART14_LAW,
     "依据《中华人民共和国治安管理处罚法》的规定，违反治安管理的记录应当予以封存，不得向任何单位和个人提供或者公开，"
     "只计入统计数据。", "决定", 1),
    ("350405", "0603", "治安管理处罚决定书（{s}某赌博案）", P.Attribute.NOT_PUBLIC, A.ART14_LAW,
     "依据《中华人民共和国治安管理处罚法》的规定，违反治安管理的记录应当予以封存，不得公开。", "决定", 1),
    ("350400", "16", "三明市公安局{y}年春节期间安保工作方案", P.Attribute.NOT_PUBLIC, A.ART14_SAFETY,
     "方案涉及重点部位警力部署和应急处置安排，公开后可能危及公共安全和社会稳定。", "方案", 0),
    ("35040001", "16", "三明市公安局局务会议纪要（{y}年第{n}期）", P.Attribute.NOT_PUBLIC, A.ART16_INTERNAL,
     "属于本局内部事务信息，依据条例第十六条第一款可以不予公开。", "其他", 0),
    ("35040002", "0202", "《三明市公安局行政处罚裁量权基准适用规定》起草讨论稿及意见汇总", P.Attribute.NOT_PUBLIC,
     A.ART16_PROCESS, "属于规范性文件起草过程中形成的讨论记录和过程稿，依据条例第十六条第二款可以不予公开；"
     "正式文件已主动公开。", "其他", 0),
    ("35040401", "16", "城关派出所{py}年行政复议答复材料汇编", P.Attribute.NOT_PUBLIC, A.ART16_CASE_FILE,
     "属于行政执法案卷信息，依据条例第十六条第二款可以不予公开。", "其他", 0),
    ("35040402", "0803", "列东街道某小区周边路段临时停车调整情况说明", P.Attribute.ON_APPLICATION,
     A.NOT_CONCERNING_PUBLIC, "仅涉及特定小区及周边居民，不涉及公众利益调整，无需社会公众广泛知晓，可依申请公开。",
     "其他", 1),
    ("35040004", "12", "{y}年度民警年度考核结果汇总表", P.Attribute.NOT_PUBLIC, A.ART15,
     "含民警个人考核等次等个人信息，公开会对第三方合法权益造成损害。", "其他", 1),
    ("350400", "11", "三明市公安局处置群体性事件应急预案（{y}年修订）", P.Attribute.NOT_PUBLIC, A.ART14_SAFETY,
     "预案涉及警力调集、处置流程等内容，公开后可能危及公共安全。", "方案", 0),
    ("350405", "10", "沙县分局{y}年户籍业务办理情况统计（分街道）", P.Attribute.ON_APPLICATION, A.NOT_CONCERNING_PUBLIC,
     "属于业务统计明细，不涉及公众利益调整，可依申请公开。", "其他", 0),
]


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------

class Planner:
    def __init__(self, rng: random.Random, scale: int, today: date, cal: Calendar, names: dict[str, tuple]):
        self.rng, self.scale, self.today, self.cal, self.names = rng, scale, today, cal, names
        month = today.year * 12 + today.month - 1 - 22
        self.start = date(month // 12, month % 12 + 1, 1)
        self.end = today - timedelta(days=1)
        self.workdays = [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]
        self.workdays = [d for d in self.workdays if cal.is_working_day(d)]
        self.items: list[Item] = []
        self.years = list(range(self.start.year, today.year + 1))
        extra = sorted(c for c in names if len(c) > 8 and c[:6] in (SANYUAN, SHAXIAN) and c[6] == "9"
                       and len(c) == 11)
        self.pools = {
            CITY: CITY_UNITS,
            SANYUAN: SANYUAN_UNITS + [c for c in extra if c.startswith(SANYUAN)],
            SHAXIAN: SHAXIAN_UNITS + [c for c in extra if c.startswith(SHAXIAN)],
        }

    # --- helpers -------------------------------------------------------------------------------

    def n(self, base: int) -> int:
        return base * self.scale

    def day(self, months=None, lo: date | None = None, hi: date | None = None) -> date:
        lo, hi = lo or self.start, hi or self.end
        days = [d for d in self.workdays if lo <= d <= hi and (months is None or d.month in months)]
        if not days:
            days = [d for d in self.workdays if lo <= d <= hi] or [hi]
        return self.rng.choice(days)

    def recent(self, back: int) -> date:
        """A working day in the last `back` calendar days (not today)."""
        return self.day(lo=self.today - timedelta(days=back))

    def add_wd(self, day: date, n: int) -> date:
        return self.cal.add_working_days(day, n).date

    def body_of(self, unit: str) -> str:
        return SANYUAN if unit.startswith(SANYUAN) else SHAXIAN if unit.startswith(SHAXIAN) else CITY

    def name(self, unit: str) -> str:
        return self.names[unit][0]

    def short(self, unit: str) -> str:
        return self.names[unit][1] or self.names[unit][0]

    def kind_of(self, unit: str) -> str:
        if unit in (CITY, SANYUAN, SHAXIAN):
            return "h"
        if unit in TRAFFIC_UNITS:
            return "t"
        return "s" if self.names[unit][2] in ("station", "post") else "o"

    def stations(self, body: str | None = None) -> list[str]:
        bodies = [body] if body else [SANYUAN, SHAXIAN]
        return [c for b in bodies for c in self.pools[b] if self.names[c][2] == "station"]

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))

    def masked(self) -> str:
        return self.rng.choice(SURNAMES) + "某"

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def publish_on(self, item: Item) -> date:
        item.published_on = self.add_wd(item.created_on, item.lag)
        return item.published_on

    # --- the plan ------------------------------------------------------------------------------

    def plan(self) -> list[Item]:
        self.bulletins()
        self.quarterly_situation()
        for _ in range(self.n(15)):
            self.add(self.tip(self.day()))
        for _ in range(self.n(18)):
            self.add(self.news(self.day()))
        for i in range(self.n(10)):
            self.add(self.guide(self.day(hi=self.start + timedelta(days=300)), i))
        for i in range(self.n(6)):
            self.add(self.service(self.day(), i))
        for i in range(self.n(len(NOTICES))):
            self.add(self.notice(self.day(), i))
        self.press()
        self.organisation()
        self.plans_and_policies()
        self.normative()
        self.finance()
        for _ in range(self.n(14)):
            self.add(self.licence(self.day()))
        for _ in range(self.n(14)):
            self.add(self.penalty(self.day()))
        for _ in range(self.scale):
            self.add(self.exit_penalty(self.day(), "overstay"))
            self.add(self.exit_penalty(self.day(), "work"))
        self.personnel()
        self.annual_reports()
        self.not_public()
        self.fates()
        self.pipeline()
        for item in self.items:
            if item.fate not in (DRAFT, REVIEW, RETURNED, NOT_PUBLIC, REEVAL_KEEP, REEVAL_OPEN):
                item.published_on = item.published_on or self.publish_on(item)
        return self.items

    # --- kinds of items ------------------------------------------------------------------------

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
            cases.append(template.format(d=_md(day), a=place, po=police, road=rng.choice(ROADS), s=self.masked(),
                                         age=rng.randint(19, 56), money=rng.randint(3, 90) * 1000,
                                         n1=rng.randint(3, 15), n2=rng.randint(1, 3), n3=rng.randint(3, 12),
                                         wan=rng.randint(20, 300), inj=rng.randint(1, 3)))
        text = _paras(
            f"{_md(monday)}至{_md(sunday)}，{scope}共接报各类警情{total}起，环比{change}。其中，刑事警情{crim}起"
            f"（盗窃类{theft}起、电信网络诈骗类{fraud}起），治安警情{public}起，交通警情{traffic}起，"
            f"火灾及其他灾害警情{fire}起，群众求助及其他警情{help_}起。",
            "本周主要警情：",
            f"一、{cases[0]}",
            f"二、{cases[1]}",
            "警方提示：" + rng.choice([t[2][-1] for t in TIPS if not t[1] or monday.month in t[1]])
            .removeprefix("警方提醒："),
        )
        return Item(unit=body, topic="0802", created_on=created_on, genre="其他",
                    title=f"{prefix}{iso.year}年第{iso.week}周警情通报（{_md(monday)}—{_md(sunday)}）",
                    summary=f"{_md(monday)}至{_md(sunday)}{scope}接报警情{total}起，刑事警情{crim}起。",
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
                    body=_paras(
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
                    summary=_summary(paras[0]), body=_paras(*paras, TIP_END), keywords=keywords,
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
                    summary=_summary(body), body=body, keywords=keywords,
                    channels=("website", "wechat"), lag=rng.randint(0, 3))

    def guide(self, day: date, i: int, unit: str | None = None) -> Item:
        title, owner, basis, cond, mats, limit, fee = GUIDES[i % len(GUIDES)]
        unit = unit or owner
        body = self.body_of(unit)
        info = BODIES[body]
        where = {"35040006": "三明市行政服务中心出入境窗口及各县（市、区）出入境接待大厅",
                 "35040007": "三明市公安局交通警察支队车辆管理所及各县（市、区）车驾管服务站"}.get(
            unit, f"{self.name(unit)}办证窗口（{info['address']}）")
        text = _paras(
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
                    summary=_summary(text.format(**values)), keywords=keywords,
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
        values = dict(road=rng.choice(ROADS[:9]), d1=_cn_date(start),
                      d2=_cn_date(start + timedelta(days=rng.randint(20, 90))), k=rng.randint(6, 24), y=day.year)
        number = f"{self.number_prefix(unit)}通〔{day.year}〕{rng.randint(1, 40)}号" if genre == "通告" else ""
        return Item(unit=unit, topic=topic, created_on=day, genre=genre, title=title.format(**values),
                    body=self.signed(text.format(**values), genre, unit, day),
                    summary=_summary(text.format(**values)), keywords=keywords, number=number, channels=("website", "weibo", "wechat"), lag=rng.randint(0, 3))

    def signed(self, text: str, genre: str, unit: str, day: date) -> str:
        """A notice ends like one: 特此通告/公告/通知, the issuing authority, the date."""
        if genre not in ("通告", "公告", "通知"):
            return text
        return _paras(text, f"特此{genre}。", BODIES[self.body_of(unit)]["letter_name"], _cn_date(day))

    def number_prefix(self, unit: str) -> str:
        return {CITY: "明公", SANYUAN: "明三公", SHAXIAN: "明沙公"}[self.body_of(unit)]

    def press(self) -> None:
        rng = self.rng
        events = [
            ("三明市公安局召开{y}年“夏季行动”新闻发布会", [9, 10],
             "发布会通报了全市公安机关夏季治安打击整治行动成效：行动期间共破获刑事案件{a}起，抓获犯罪嫌疑人{b}名，"
             "查处治安案件{c}起，并回答了记者提问。"),
            ("三明公安通报{y}年上半年打击治理电信网络诈骗工作成效", [7],
             "上半年，全市公安机关共破获电信网络诈骗案件{a}起，抓获犯罪嫌疑人{b}名，劝阻预警{c}人次，"
             "为群众挽回经济损失一千余万元。"),
            ("三明市公安局召开便民利民服务举措新闻发布会", None,
             "发布会介绍了户籍、出入境、交通管理等领域{c}项便民利民服务举措，现场解答了群众关心的落户、"
             "证件办理等问题。"),
            ("沙县分局召开沙县小吃旅游文化节安保工作新闻通气会", [12],
             "通气会介绍了文化节期间的交通组织、安全管理和便民服务措施，提醒群众错峰出行、绿色出行。"),
        ]
        for i in range(self.n(4)):
            title, months, text = events[i % len(events)]
            day = self.day(months=months)
            values = dict(y=day.year, a=rng.randint(300, 900), b=rng.randint(200, 700), c=rng.randint(12, 60))
            unit = SHAXIAN if title.startswith("沙县") else CITY
            self.add(Item(unit=unit, topic="14", created_on=day, genre="其他", title=title.format(**values),
                          body=text.format(**values), summary=_summary(text.format(**values), 50),
                          keywords="新闻发布会", channels=("website", "press_conference", "media", "weibo"),
                          lag=rng.randint(0, 2)))

    def organisation(self) -> None:
        texts = {
            CITY: "三明市公安局是三明市人民政府主管全市公安工作的职能部门，主要职责是：贯彻执行国家有关公安工作的"
                  "法律法规和方针政策；预防、制止和侦查违法犯罪活动；维护社会治安秩序；管理户政、国籍、出入境事务；"
                  "维护道路交通安全和通行秩序；指导、监督机关、团体、企业事业单位的治安保卫工作等。局机关内设办公室、"
                  "法制支队、科技信息化支队、督察支队、治安管理支队、出入境管理支队、交通警察支队等机构。",
            SANYUAN: "三明市公安局三元分局是三明市公安局的派出机构，负责三元区辖区内的公安工作，下设城关、列东、徐碧等"
                     "派出所和交警大队。",
            SHAXIAN: "三明市公安局沙县分局是三明市公安局的派出机构，负责沙县区辖区内的公安工作，下设凤岗、虬江等派出所。",
        }
        for body, text in texts.items():
            self.add(Item(unit=body, topic="01", created_on=self.day(hi=self.start + timedelta(days=20)),
                          genre="其他", title=f"{self.name(body)}机构职能", body=_paras(
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
                              body=_paras(f"为做好{year}年相关工作，现提出以下工作安排：",
                                          "一、深化主动公开，重点做好行政执法、便民服务、财政资金等信息公开；",
                                          "二、加强政策解读，做到政策文件与解读材料同步组织、同步审签、同步部署；",
                                          "三、规范依申请公开办理，严格依法答复；",
                                          "四、强化平台建设和监督考核。"),
                              summary=f"部署{year}年重点工作任务。", keywords="工作要点 工作计划", lag=rng.randint(2, 6)))
            day = self.day(months=[1, 2, 3], lo=date(year, 1, 1), hi=min(self.end, date(year, 3, 31)))
            if day.year == year:
                self.add(Item(unit=CITY, topic="16", created_on=day, genre="报告",
                              title=f"三明市公安局{year - 1}年度法治政府建设情况报告",
                              body=_paras(f"{year - 1}年，三明市公安局深入推进法治公安建设，全面落实行政执法三项制度，"
                                          f"全年办理行政复议案件{rng.randint(8, 30)}件，行政诉讼案件{rng.randint(3, 15)}件。",
                                          "下一步，我局将持续深化执法规范化建设，提升依法行政水平。"),
                              summary=f"{year - 1}年度法治政府建设情况。", keywords="法治政府建设 年度报告",
                              lag=rng.randint(2, 6)))
        for i in range(self.n(3)):
            title, genre, text = POLICY_DOCS[i % len(POLICY_DOCS)]
            day = self.day()
            self.add(Item(unit=CITY, topic="0203", created_on=day, genre=genre, title=title.format(y=day.year),
                          number=f"明公〔{day.year}〕{rng.randint(10, 60)}号", body=text, summary=_summary(text, 50),
                          keywords="政策文件", channels=("website", "gazette"), lag=rng.randint(2, 6)))
        self.add(Item(unit="35040002", topic="16", created_on=self.day(hi=self.start + timedelta(days=90)), genre="公示",
                      title="三明市公安局行政执法“三项制度”公示事项清单",
                      body="公示执法主体、执法人员、执法依据、执法程序、随机抽查事项清单和救济渠道等事前公开信息。",
                      keywords="行政执法公示 三项制度", lag=2))

    def normative(self) -> None:
        rng = self.rng
        serial: dict[int, int] = {}

        def number(year: int) -> str:
            serial[year] = serial.get(year, 0) + 1
            return f"明公规〔{year}〕{serial[year]}号"

        olds = []
        for title, genre, year, articles in OLD_NORMATIVE:
            valid_from = date(year, rng.randint(2, 11), 1)
            item = self.add(Item(
                unit=CITY, topic="0202", created_on=self.day(hi=self.start + timedelta(days=40)), genre=genre,
                title=title, number=f"明公规〔{year}〕{rng.randint(1, 4)}号", body=self.articles(articles, valid_from),
                summary=articles[0], keywords="行政规范性文件", channels=("website", "gazette"), lag=2,
                fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=valid_from,
                            valid_until=self.years_later(valid_from, 5))))
            olds.append(item)
        count = min(len(NORMATIVE), 4 + 2 * self.scale)
        span = (self.end - self.start).days - 80
        for i in range(count):
            title, genre, articles, points = NORMATIVE[i]
            created = self.day(lo=self.start + timedelta(days=40 + span * i // count),
                               hi=self.start + timedelta(days=40 + span * (i + 1) // count))
            lag = rng.randint(3, 8)
            valid_from = self.add_wd(created, lag) + timedelta(days=30)
            item = self.add(Item(
                unit=CITY, topic="0202", created_on=created, genre=genre, title=title, number=number(created.year),
                body=self.articles(articles, valid_from), summary=_summary(articles[0]), lag=lag,
                keywords="行政规范性文件", channels=("website", "gazette", "wechat"),
                fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=valid_from,
                            valid_until=self.years_later(valid_from, 5))))
            published = self.publish_on(item)
            # 政策解读 within 3 working days of the policy (interpretations in 2 cases by figures: 图解).
            interp_day = self.add_wd(published, rng.randint(0, 1)) if rng.random() < 0.5 else published
            self.add(Item(
                unit="35040002", topic="03", created_on=interp_day, genre="解读",
                title=(f"图解：《{title}》" if i % 3 == 2 else f"《{title}》政策解读"),
                body=_paras(f"一、制定背景：为贯彻落实上级有关部署，结合我市公安工作实际，我局制定了《{title}》。",
                            f"二、主要内容：{points}",
                            f"三、施行时间：自{_cn_date(valid_from)}起施行，有效期五年。",
                            f"四、解读机关及联系方式：三明市公安局法制支队，电话{BODIES[CITY]['phone']}。"),
                summary=points, keywords="政策解读 " + title[6:16], channels=("website", "wechat"),
                lag=rng.randint(1, 3), interprets=item))
        # The decision repealing the old documents; the old items are corrected to 已废止.
        created = self.day(lo=self.today - timedelta(days=200), hi=self.today - timedelta(days=60))
        lag = rng.randint(3, 6)
        repeal_from = self.add_wd(created, lag)
        names = "、".join(f"《{t[0]}》" for t in OLD_NORMATIVE)
        decision = self.add(Item(
            unit=CITY, topic="0202", created_on=created, genre="决定",
            title="三明市公安局关于废止部分行政规范性文件的决定", number=number(created.year), lag=lag,
            body=_paras("根据行政规范性文件清理工作要求，经局党委会研究，决定废止以下行政规范性文件：", names,
                        f"本决定自{_cn_date(repeal_from)}起施行。"),
            summary=f"废止{names}。", keywords="规范性文件清理 废止", channels=("website", "gazette"),
            fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=repeal_from)))
        for old in olds:
            old.fate, old.after_days = CORRECTED, (self.publish_on(decision) - self.publish_on(old)).days
            old.note = f"根据《三明市公安局关于废止部分行政规范性文件的决定》（{decision.number}），本文件自" \
                       f"{_cn_date(repeal_from)}起废止。"
            old.changes = dict(validity=P.Validity.REPEALED, repealed_on=repeal_from)
        if count < len(NORMATIVE):
            title, genre, articles, points = NORMATIVE[count]
            created = self.recent(25)
            valid_from = self.add_wd(self.today, 20)
            # A new document at sign-off, its interpretation drafted alongside (同步起草).
            policy = self.add(Item(
                unit=CITY, topic="0202", created_on=created, genre=genre, title=title, number=number(created.year),
                body=self.articles(articles, valid_from), summary=_summary(articles[0]), fate=REVIEW, step=SIGN,
                keywords="行政规范性文件", channels=("website", "gazette"),
                fields=dict(legal_form=P.LegalForm.NORMATIVE, valid_from=valid_from,
                            valid_until=self.years_later(valid_from, 5))))
            self.add(Item(unit="35040002", topic="03", created_on=created, genre="解读",
                          title=f"《{title}》政策解读", fate=DRAFT, interprets=policy,
                          body=_paras("一、制定背景：……（待文件签发后完善）", f"二、主要内容：{points}"),
                          summary=points, keywords="政策解读"))

    @staticmethod
    def years_later(day: date, years: int) -> date:
        try:
            return day.replace(year=day.year + years) - timedelta(days=1)
        except ValueError:  # 29 February
            return day.replace(year=day.year + years, day=28)

    @staticmethod
    def articles(articles: list[str], valid_from: date) -> str:
        numbers = "一二三四五六七八九十"
        lines = [f"第{numbers[i]}条　{a}" for i, a in enumerate(articles)]
        lines.append(f"第{numbers[len(articles)]}条　本文件自{_cn_date(valid_from)}起施行，有效期五年。")
        return "\n".join(lines)

    def finance(self) -> None:
        rng = self.rng
        base = {CITY: 52000.0, SANYUAN: 11800.0, SHAXIAN: 9600.0}
        for year in self.years:
            for body in (CITY, SANYUAN, SHAXIAN):
                budget = base[body] * rng.uniform(0.95, 1.08)
                for kind, months, y in (("预算", [2, 3], year), ("决算", [8, 9], year - 1)):
                    day = self.day(months=months, lo=date(year, 1, 1), hi=min(self.end, date(year, 12, 31)))
                    if day.year != year or day < self.start:
                        continue
                    total = round(budget * (rng.uniform(0.97, 1.04) if kind == "决算" else 1), 2)
                    basic = round(total * rng.uniform(0.68, 0.78), 2)
                    three = round(total * rng.uniform(0.006, 0.009), 2)
                    reception = round(three * rng.uniform(0.02, 0.05), 2)
                    name = self.name(body)
                    text = _paras(
                        f"一、部门主要职能：{name}负责辖区公安工作，预防、制止和侦查违法犯罪活动，维护社会治安秩序。",
                        f"二、部门{kind}单位构成：本部门{kind}为汇总{kind}，包括本级及所属"
                        f"{rng.randint(2, 8)}个{kind}单位。",
                        f"三、收支{kind}情况：{y}年收入{kind}{total:.2f}万元，其中一般公共预算拨款收入"
                        f"{total - 120:.2f}万元，其他收入120.00万元；支出{kind}{total:.2f}万元，其中基本支出"
                        f"{basic:.2f}万元，项目支出{total - basic:.2f}万元。",
                        f"四、“三公”经费{kind}{three:.2f}万元，其中因公出国（境）费0.00万元，公务接待费"
                        f"{reception:.2f}万元，公务用车购置及运行维护费{three - reception:.2f}万元。",
                        f"五、政府采购{kind}{total * rng.uniform(0.05, 0.1):.2f}万元。",
                        f"六、国有资产占用情况：截至{y - 1 if kind == '预算' else y}年底，共有车辆"
                        f"{rng.randint(40, 300) if body == CITY else rng.randint(20, 80)}辆，其中执法执勤用车占多数。",
                        "七、名词解释：基本支出是指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")
                    topic = "0701" if kind == "预算" else "0702"
                    sheets = [("收支总表", [("项目", f"{y}年{kind}数（万元）"), ("收入合计", total),
                                          ("一般公共预算拨款收入", round(total - 120, 2)), ("其他收入", 120.0),
                                          ("支出合计", total), ("基本支出", basic),
                                          ("项目支出", round(total - basic, 2))]),
                              ("三公经费", [("项目", "金额（万元）"), ("合计", three), ("因公出国（境）费", 0.0),
                                         ("公务接待费", reception), ("公务用车购置及运行维护费",
                                                                round(three - reception, 2))])]
                    self.add(Item(unit=body, topic=topic, created_on=day, genre="报告",
                                  title=f"{name}{y}年部门{kind}说明", body=text,
                                  summary=f"{name}{y}年部门{kind}收支总额{total:.2f}万元。",
                                  keywords=f"部门{kind} 财政信息", lag=rng.randint(2, 8),
                                  attachment=("xlsx", f"{y}年部门{kind}公开表.xlsx", sheets)))
                    if body == CITY:
                        three_day = self.add_wd(day, rng.randint(0, 3))
                        if three_day < self.today:
                            self.add(Item(unit=body, topic="0703", created_on=three_day, genre="报告",
                                          title=f"{name}{y}年“三公”经费{kind}情况说明",
                                          body=_paras(f"{y}年“三公”经费{kind}{three:.2f}万元，其中因公出国（境）费"
                                                      f"0.00万元，公务接待费{reception:.2f}万元，公务用车购置及运行维护费"
                                                      f"{three - reception:.2f}万元。",
                                                      "“三公”经费严格按照中央八项规定精神和厉行节约要求控制，"
                                                      "较上年有所下降。"),
                                          summary=f"{y}年“三公”经费{kind}{three:.2f}万元。", keywords="三公经费",
                                          lag=rng.randint(2, 6)))

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
        text = _paras(
            f"行政许可决定书文号：{number}",
            f"项目名称：{what}",
            "审批类别：普通",
            f"许可内容：{content}",
            f"行政相对人名称：{label}",
            f"统一社会信用代码：{code}",
            f"法定代表人：{self.masked() if kind == 'company' else '—'}",
            f"许可决定日期：{_cn_date(day)}",
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
        text = _paras(
            f"文书编号：{number}",
            f"被处罚人：{who}，性别：{rng.choice(['男', '男', '男', '女'])}，年龄：{rng.randint(20, 60)}岁"
            "（身份证件号码、住址等个人信息已作去标识化处理）",
            f"违法事实：{_cn_date(happened)}，被处罚人驾驶号牌号码为闽G****{rng.randint(0, 9)}的{vehicle}，在{road}"
            f"{fact.format(**values)}。以上事实有现场检测记录、执法记录仪视频、当事人陈述等证据证实。",
            f"处罚依据：{law}",
            f"处罚决定：{decision.format(**values)}。",
            "履行方式和期限：被处罚人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款。"
            "逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
            f"救济途径：被处罚人如不服本决定，可以在收到本决定书之日起六十日内向{info['reconsideration_authority']}"
            f"申请行政复议，或者在六个月内依法向{info['litigation_court']}提起行政诉讼。",
            f"作出决定机关：{info['letter_name']}",
            f"作出决定日期：{_cn_date(day)}")
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
                    body=_paras(f"文书编号：{number}", f"被处罚人：{name}，国籍：{nationality}（护照号码已作去标识化处理）",
                                f"违法事实：{fact}。", f"处罚依据：{law}", f"处罚决定：罚款人民币{fine}元。",
                                f"救济途径：如不服本决定，可以在收到本决定书之日起六十日内向"
                                f"{BODIES[CITY]['reconsideration_authority']}申请行政复议，或者在六个月内依法向"
                                f"{BODIES[CITY]['litigation_court']}提起行政诉讼。"),
                    summary=f"{nationality}籍人员{name}{short}，罚款{fine}元。", keywords=f"出入境管理 行政处罚 {short}",
                    lag=rng.randint(1, 5))

    def personnel(self) -> None:
        rng = self.rng
        for year in self.years:
            for title, months, unit, genre in (
                    ("三明市公安局{y}年公开招聘警务辅助人员公告", [3, 4], CITY, "公告"),
                    ("三明市公安局{y}年公开招聘警务辅助人员拟聘用人员公示", [6, 7], CITY, "公示"),
                    ("三明市公安局{y}年考试录用人民警察体检和考察结果公示", [7, 8], CITY, "公示"),
                    ("{b}{y}年招聘警务辅助人员公告", [4, 5], SANYUAN if year % 2 else SHAXIAN, "公告")):
                day = self.day(months=months, lo=date(year, 1, 1), hi=min(self.end, date(year, 12, 31)))
                if day.year != year:
                    continue
                count = rng.randint(12, 40)
                if "拟聘用" in title or "体检" in title:
                    people = "、".join(f"{self.person()}（{rng.choice(['男', '女'])}）" for _ in range(8))
                    text = _paras(f"根据招聘公告，经笔试、体能测评、面试、体检和考察等程序，现将拟聘用（录用）人员名单"
                                  f"予以公示（部分）：{people}等{count}人。",
                                  f"公示期为5个工作日。公示期间如有异议，请以书面形式向{self.name(unit)}反映，"
                                  f"电话{BODIES[unit]['phone']}。")
                else:
                    text = _paras(f"因工作需要，{self.name(unit)}面向社会公开招聘警务辅助人员{count}名。",
                                  "一、招聘条件：具有中华人民共和国国籍，年龄18周岁以上30周岁以下，具有大专以上学历，"
                                  "身体健康，品行端正。",
                                  "二、报名方式：采取网上报名，报名时间为公告发布之日起7日内。",
                                  "三、考试考核：包括笔试、体能测评、面试、体检和政治考察。",
                                  f"四、咨询电话：{BODIES[unit]['phone']}。")
                self.add(Item(unit=unit, topic="12", created_on=day, genre=genre,
                              title=title.format(y=year, b=self.name(unit)), body=text,
                              summary=_summary(text), keywords="招聘 警务辅助人员 人事信息",
                              channels=("website", "wechat"), lag=rng.randint(1, 3)))

    def annual_reports(self) -> None:
        rng = self.rng
        for year in self.years:
            for body in (CITY, SANYUAN, SHAXIAN):
                day = self.day(lo=date(year, 1, 8), hi=min(self.end, date(year, 1, 22)))
                if day.year != year or not date(year, 1, 8) <= day:
                    continue
                name, y = self.name(body), year - 1
                active = rng.randint(2500, 4200) if body == CITY else rng.randint(300, 800)
                applications = rng.randint(8, 40) if body == CITY else rng.randint(1, 12)
                paragraphs = [
                    f"本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、"
                    f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
                    f"其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
                    f"一、总体情况。{y}年，{name}坚持以公开为常态、不公开为例外，全年主动公开政府信息{active}条，"
                    f"其中政策解读{rng.randint(3, 12)}条，召开新闻发布会{rng.randint(1, 6)}场。",
                    "二、主动公开政府信息情况。规范性文件、行政许可、行政处罚、行政事业性收费等信息按规定公开，"
                    "行政许可和行政处罚决定在作出决定之日起7个工作日内公开。",
                    f"三、收到和处理政府信息公开申请情况。全年收到申请{applications}件，均在法定期限内答复，"
                    f"其中予以公开{rng.randint(0, applications)}件。",
                    f"四、政府信息公开行政复议、行政诉讼情况。全年因政府信息公开被申请行政复议{rng.randint(0, 2)}件，"
                    "被提起行政诉讼0件。",
                    "五、存在的主要问题及改进情况。个别单位信息发布不够及时，政策解读形式较为单一。下一步将加强培训"
                    "和督促检查，丰富图解、视频等解读形式。",
                    "六、其他需要报告的事项。本年度未收取信息处理费。"]
                self.add(Item(unit=body, topic="15", created_on=day, genre="报告",
                              title=f"{name}{y}年政府信息公开工作年度报告", body=_paras(*paragraphs),
                              summary=f"{y}年主动公开政府信息{active}条，收到政府信息公开申请{applications}件。",
                              keywords="政府信息公开 年度报告", channels=("website", "gazette"), lag=rng.randint(2, 5),
                              attachment=("pdf", f"{name}{y}年政府信息公开工作年度报告.pdf",
                                          f"{name}{y}年政府信息公开工作年度报告", paragraphs)
                              if body == CITY else None))

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
        rng = self.rng
        old = [i for i in self.items if i.fate == PUBLISHED and i.created_on < self.today - timedelta(days=60)]

        def pick(pred, make=None):
            candidates = [i for i in old if i.fate == PUBLISHED and not i.changes.get("_taken") and pred(i)]
            item = rng.choice(candidates) if candidates else self.add(make())
            item.changes["_taken"] = True
            return item

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
        for item in self.items:
            item.changes.pop("_taken", None)
            item.changes.pop("_numbers", None)

        # Found by the scanner and handled before publication.
        day = self.day(lo=self.today - timedelta(days=150), hi=self.today - timedelta(days=30))
        plates = "、".join(f"闽G{rng.choice(PLATE_LETTERS)}{rng.randint(1000, 9999)}（{v}）"
                          for v in ("小型轿车", "小型普通客车", "轻型普通货车"))
        self.add(Item(unit="35040007", topic="0604", created_on=day, genre="公告", fate=ACKNOWLEDGED,
                      title="关于逾期未处理被扣留机动车的公告", lag=rng.randint(2, 4),
                      note="公告车辆号牌号码是通知车辆所有人接受处理的必要信息，依法予以公布。",
                      body=_paras("下列机动车因涉嫌交通违法被依法扣留，经通知当事人后逾期仍未接受处理：", plates,
                                  "根据《中华人民共和国道路交通安全法》第一百一十二条规定，请机动车所有人自本公告发布之日起"
                                  "三十日内到三明市公安局交通警察支队车辆停放场接受处理，逾期不接受处理的，将依法处理。"),
                      summary="公告逾期未处理的被扣留机动车，请所有人接受处理。", keywords="扣留机动车 公告"))
        day = self.day(lo=self.today - timedelta(days=200), hi=self.today - timedelta(days=40))
        self.add(Item(unit="35040501", topic="13", created_on=day, genre="其他", fate=REDACTED, lag=rng.randint(1, 3),
                      title="凤岗派出所民警拾金不昧 寻找失主",
                      body=_paras(f"{_md(day)}，凤岗派出所民警在巡逻中拾得一个黑色钱包，内有现金及银行卡若干。",
                                  f"请失主携带有效身份证件到凤岗派出所认领，或联系值班民警，电话{self.mobile()}。"),
                      summary="凤岗派出所民警拾得钱包，寻找失主。", keywords="拾金不昧 失物招领"))

    def mobile(self) -> str:
        return "1" + self.rng.choice("3589") + "".join(str(self.rng.randint(0, 9)) for _ in range(9))

    def id_number(self, area: str) -> str:
        born = date(self.rng.randint(1965, 2002), self.rng.randint(1, 12), self.rng.randint(1, 28))
        first = f"{area}{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
        return first + id_check_char(first)

    def plate(self) -> str:
        return f"闽G{self.rng.choice(PLATE_LETTERS)}{self.rng.randint(1000, 9999)}"

    def pipeline(self) -> None:
        """What is still open today: drafts, items at each review step, returned ones, a few overdue,
        and the planted ones whose personal data the scanner has found."""
        rng = self.rng
        for _ in range(self.scale):
            # Drafts.
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
            # Overdue: drafted long ago, still not published.
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
            # In review, at each step (sign-off only for topics that have it).
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
            # Returned to the drafter with a reason.
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
            self.planted()

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
                      body=_paras(f"{_md(day)}，车主{owner}报警称其停放在小区门口的{plate}小型轿车被盗。",
                                  "民警调取沿途视频，连续追踪十余小时，在邻县将犯罪嫌疑人抓获，被盗车辆完璧归赵。"),
                      summary="列东派出所民警连续追踪，快速破获机动车盗窃案。", keywords="机动车盗窃 破案"))

        year = self.today.year
        hired = [(self.person(), rng.choice(["男", "女"])) for _ in range(6)]
        hidden = [("姓名", "身份证号", "联系电话")] + [(n, self.id_number("350402"), self.mobile()) for n, _ in hired]
        self.add(Item(unit=CITY, topic="12", created_on=self.recent(6), genre="公示", fate=REVIEW, step=UR,
                      title=f"三明市公安局{year}年第二批公开招聘警务辅助人员拟聘用人员公示",
                      body=_paras("经笔试、体能测评、面试、体检和考察，现将拟聘用人员名单予以公示，详见附件。",
                                  f"公示期为5个工作日。如有异议，请向三明市公安局反映，电话{BODIES[CITY]['phone']}。"),
                      keywords="拟聘用人员 公示",
                      attachment=("xlsx", "拟聘用人员名单.xlsx",
                                  [("拟聘用人员名单", [("序号", "姓名", "性别")] + [(i + 1, n, g) for i, (n, g) in
                                                                           enumerate(hired)]),
                                   ("报名信息", hidden, "hidden")])))


CASES = [
    "{d}，{a}一居民报警称其停放在楼道内的电动自行车被盗。民警调取周边视频，于次日将违法嫌疑人{s}（男，{age}岁）查获，"
    "被盗车辆已发还失主。",
    "{d}，{a}一居民接到自称“电商客服”的电话，称其网购商品存在质量问题可以理赔，按对方要求下载屏幕共享软件后被骗"
    "{money}元。案件正在侦办中。",
    "{d}晚，交警部门在{road}开展酒驾醉驾集中整治，查处酒后驾驶{n1}起，其中醉酒驾驶{n2}起。",
    "{d}，{po}民警巡逻时发现一名走失的八旬老人，通过走访群众、查看视频，当晚将老人安全送回家中。",
    "{d}，{po}捣毁一个为电信网络诈骗团伙提供“跑分”洗钱服务的窝点，抓获犯罪嫌疑人{n3}名，冻结涉案资金{wan}万元。",
    "{d}，{a}一出租屋内电动自行车违规充电引发火情，民警与消防救援人员迅速处置，未造成人员伤亡。",
    "{d}，{a}发生一起两车碰撞的道路交通事故，造成{inj}人受伤，事故原因正在进一步调查中。",
    "{d}，{po}成功调解一起因噪音引发的邻里纠纷，避免了矛盾激化。",
    "{d}，{po}破获一起系列入室盗窃案，抓获犯罪嫌疑人{s}，破案{n3}起。",
    "{d}，{po}民警接报一名男子在江边情绪激动欲轻生，迅速赶到现场耐心劝导，成功将其救下并交由家属看护。",
]


def plan(rng: random.Random, scale: int, today: date, cal: Calendar, names: dict[str, tuple]) -> list[Item]:
    """Every item of the demo catalog, decided by `rng` alone (for the same `today`)."""
    return Planner(rng, scale, today, cal, names).plan()


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------

def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A real PDF with the text (typst, ~0.1 s); a blank page if typst is unavailable."""
    try:
        import typst

        source = "\n\n".join([
            "#set document(date: none)",
            '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh", size: 11pt)',
            "#set page(paper: \"a4\", margin: 2.5cm)",
            f'#align(center, text(size: 16pt, weight: "bold", {_typst_string(title)}))',
            *[f"#{_typst_string(p)}" for p in paragraphs],
        ])
        return typst.compile(source.encode("utf-8"))
    except Exception:  # a demo attachment must never stop the demo
        from pypdf import PdfWriter

        writer, out = PdfWriter(), io.BytesIO()
        writer.add_blank_page(width=595, height=842)
        writer.write(out)
        return out.getvalue()


def make_xlsx(sheets: list[tuple]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        title, rows = sheet[0], sheet[1]
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        if len(sheet) > 2 and sheet[2] == "hidden":
            ws.sheet_state = "hidden"
    fixed = datetime(2025, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "三明市公安局"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def attachment_bytes(spec: tuple) -> tuple[str, bytes]:
    if spec[0] == "pdf":
        return spec[1], make_pdf(spec[2], spec[3])
    return spec[1], make_xlsx(spec[2])


# ---------------------------------------------------------------------------------------------
# Living the plan through the services
# ---------------------------------------------------------------------------------------------

class Runner:
    def __init__(self, ctx: DemoContext, cal: Calendar):
        self.ctx, self.cal, self.rng = ctx, cal, ctx.rng
        self.now = clock.now()
        self.tz = timezone.get_current_timezone()
        self.topics = {t.code: t for t in CatalogTopic.objects.all()}
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.channels = {c.code: c for c in PublicationChannel.objects.all()}
        self.pubs: dict[int, Publication] = {}
        self.published_at: dict[int, datetime] = {}
        self.users = ctx.users
        self.body_codes = {u.body.pk: code for code, u in ctx.units.items() if code in BODIES}

    def user(self, username: str):
        return self.users[username]

    def drafter(self, unit_code: str):
        if unit_code.startswith("35040401"):
            return self.user("jingban_cg")
        if unit_code.startswith(SANYUAN):
            return self.user("jingban")
        if unit_code.startswith(SHAXIAN):
            return self.user("jingban_sx")
        return self.user("gongkaiban")

    def reviewer(self, pub: Publication, step: str):
        return self.user(REVIEWERS[self.body_codes[pub.body_id]][step])

    def at(self, day: date, lo: int = 8, hi: int = 17) -> datetime:
        moment = datetime.combine(day, time(self.rng.randint(lo, hi), self.rng.randint(0, 59)), tzinfo=self.tz)
        return so_far(moment, timedelta(minutes=self.rng.randint(5, 50)))

    # --- one item ------------------------------------------------------------------------------

    def create(self, item: Item) -> Publication:
        unit = self.ctx.units[item.unit]
        drafter = self.drafter(item.unit)
        fields = dict(item.fields)
        if item.interprets is not None:
            fields["interprets"] = self.pubs[id(item.interprets)]
        pub = services.create_draft(
            actor=drafter, unit=unit, title=item.title, created_on=item.created_on, topic=self.topics[item.topic],
            channels=[self.channels[c] for c in item.channels], genre=self.genres.get(item.genre),
            summary="" if item.fate == RESUBMITTED else item.summary,  # the reviewer asks for it
            body_text=item.body, document_number=item.number, keywords=item.keywords,
            **fields)
        if item.attachment:
            name, data = attachment_bytes(item.attachment)
            services.add_attachment(actor=drafter, publication=pub, name=name, data=data)
        self.pubs[id(item)] = pub
        return pub

    def approve_until(self, pub: Publication, stop: str | None) -> None:
        for step in services.steps_for(pub):
            if step == stop:
                return
            services.approve(actor=self.reviewer(pub, step), publication=pub,
                             opinion=self.rng.choice(["同意", "同意发布", "经审核，同意", "已审查，未发现涉密内容",
                                                      "同意公开"]) if step != SIGN else "同意发布")

    def live(self, item: Item) -> None:
        pub = self.create(item)
        drafter = self.drafter(item.unit)
        fate = item.fate
        if fate in (DRAFT, NOT_PUBLIC):
            self.backdate(pub, item)
            return
        if fate in (REEVAL_KEEP, REEVAL_OPEN):
            office = self.user("gongkaiban")
            if fate == REEVAL_KEEP:
                services.reevaluate(actor=office, publication=pub, decision="keep",
                                    reason="经评审，不予公开的情形仍然存在，维持原公开属性。")
            else:
                services.reevaluate(actor=office, publication=pub, decision="open",
                                    reason="经评审，该统计数据已不涉及具体个人，且群众关注度较高，转为主动公开。")
                services.update_draft(actor=drafter, publication=pub,
                                      body_text="按街道分列的户籍业务办理情况统计，详见正文表格。",
                                      summary="按街道统计的户籍业务办理情况。", keywords="户籍业务 统计")
                services.submit_for_review(actor=drafter, publication=pub)
                self.approve_until(pub, None)
                # Minutes ago, but today: an item created today is not published yesterday.
                self.published_at[pub.pk] = max(self.now - timedelta(minutes=self.rng.randint(5, 30)),
                                                self.today_began() + (self.now - self.today_began()) / 2)
            self.backdate(pub, item)
            return
        services.submit_for_review(actor=drafter, publication=pub)
        if fate == REVIEW:
            self.approve_until(pub, item.step)
        elif fate == RETURNED:
            self.approve_until(pub, item.step)
            services.reject(actor=self.reviewer(pub, item.step), publication=pub, opinion=item.note)
        elif fate == RESUBMITTED:
            step = self.rng.choice(services.steps_for(pub))
            self.approve_until(pub, step)
            services.reject(actor=self.reviewer(pub, step), publication=pub, opinion=item.note)
            services.update_draft(actor=drafter, publication=pub, summary=item.summary)
            services.submit_for_review(actor=drafter, publication=pub)
            self.approve_until(pub, None)
        elif fate in (ACKNOWLEDGED, REDACTED):
            steps = services.steps_for(pub)
            self.approve_until(pub, CONF)
            reviewer = self.reviewer(pub, CONF)
            for finding in services.open_findings(pub):
                if fate == ACKNOWLEDGED:
                    services.acknowledge_finding(actor=reviewer, finding=finding, reason=item.note)
                else:
                    services.redact_finding(actor=reviewer, finding=finding)
            for step in steps[steps.index(CONF):]:
                services.approve(actor=self.reviewer(pub, step), publication=pub, opinion="敏感信息已处理，同意发布")
        else:
            self.approve_until(pub, None)
        if fate not in (REVIEW, RETURNED):
            self.published_at[pub.pk] = self.at(item.published_on)
        self.backdate(pub, item)

    def after(self, item: Item) -> None:
        """Withdrawal or correction, some days after publication."""
        pub = self.pubs[id(item)]
        actor = self.user(MANAGERS[self.body_codes[pub.body_id]])
        moment = max(self.at(item.published_on + timedelta(days=item.after_days)),
                     self.published_at[pub.pk] + timedelta(minutes=30))
        moment = min(moment, self.now - timedelta(minutes=2))
        if item.fate == WITHDRAWN:
            services.withdraw(actor=actor, publication=pub, reason=item.note)
            Publication.objects.filter(pk=pub.pk).update(withdrawn_at=moment, updated_at=moment)
        else:
            services.correct(actor=actor, publication=pub, note=item.note, **item.changes)
            Publication.objects.filter(pk=pub.pk).update(corrected_at=moment, updated_at=moment)
            PublicationVersion.objects.filter(publication=pub).update(replaced_at=moment)

    # --- dates ---------------------------------------------------------------------------------

    def today_began(self) -> datetime:
        return datetime.combine(timezone.localdate(self.now), datetime.min.time(), tzinfo=self.tz)

    def backdate(self, pub: Publication, item: Item) -> None:
        """Demo data only: the services stamp every act with the current time, which would make two
        years of catalog look published in one minute. Give the item, its review trail and its
        scanner decisions the times they would have had (the audit log keeps the real ones)."""
        start = self.at(item.created_on, 8, 11)
        if item.fate == REEVAL_OPEN:
            start = max(self.now - timedelta(hours=2), self.today_began())
        end = self.published_at.get(pub.pk)
        records = list(ReviewRecord.objects.filter(publication=pub).order_by("pk").values_list("pk", flat=True))
        if end is None:
            end = min(self.now - timedelta(minutes=10), start + timedelta(days=2 * max(1, len(records))))
        end = max(end, start + timedelta(minutes=len(records) + 1))
        end = min(end, max(start, self.now - timedelta(minutes=1)))  # just after midnight, not after now
        stamps = sorted(start + (end - start) * self.rng.random() for _ in records)
        if records and pub.pk in self.published_at:
            stamps[-1] = end
        for pk, moment in zip(records, stamps, strict=True):
            ReviewRecord.objects.filter(pk=pk).update(at=moment)
        Finding.objects.filter(publication=pub).exclude(resolved_at=None).update(
            resolved_at=stamps[-1] - timedelta(minutes=20) if stamps else end)
        Reevaluation.objects.filter(publication=pub).update(at=start)
        fields = dict(created_at=start, updated_at=end if records else start)
        if pub.pk in self.published_at:
            fields["published_at"] = self.published_at[pub.pk] = end
        Publication.objects.filter(pk=pub.pk).update(**fields)


# Accounts added for 四眼原则 get fixed numbers: drawing from ctx.rng would change the rest of the demo.
def _enforcement_figures(ctx: DemoContext, today: date) -> None:
    rng, office = ctx.rng, ctx.users["gongkaiban"]
    sizes = {CITY: (16000, 160000, 900, 950), SANYUAN: (1800, 9500, 220, 85), SHAXIAN: (1400, 7800, 160, 70)}
    for code, (lic, pen, coe, fee) in sizes.items():
        body = ctx.units[code].body
        for year in (today.year - 1, today.year):
            part = 1.0 if year < today.year else (today.timetuple().tm_yday / 365)
            note = "" if year < today.year else f"截至{today.month}月{today.day}日的累计数，年底前更新"
            services.save_enforcement_figures(
                actor=office, body=body, year=year, licences=int(lic * part * rng.uniform(0.9, 1.1)),
                penalties=int(pen * part * rng.uniform(0.9, 1.1)),
                coercive_measures=int(coe * part * rng.uniform(0.85, 1.15)),
                fees_wan_yuan=Decimal(f"{fee * part * rng.uniform(0.9, 1.1):.4f}"), note=note)


def build_publications(ctx: DemoContext) -> None:
    """Proactive disclosure: ~250 items per scale through the services, plus enforcement figures."""
    ensure_reviewers(ctx)
    today = clock.today()
    cal = get_calendar()
    names = {code: (u.name, u.short_name, u.level) for code, u in ctx.units.items()}
    items = plan(ctx.rng, ctx.scale, today, cal, names)
    # One timeline: each item's life from its created_on, withdrawals and corrections on their day.
    events = [(item.created_on, 0, i, item) for i, item in enumerate(items)]
    events += [(item.published_on + timedelta(days=item.after_days), 1, i, item) for i, item in enumerate(items)
               if item.fate in (WITHDRAWN, CORRECTED)]
    runner = Runner(ctx, cal)
    for _, phase, _, item in sorted(events, key=lambda e: e[:3]):
        if phase == 0:
            runner.live(item)
        else:
            runner.after(item)
    _enforcement_figures(ctx, today)
