"""The demo's cases as tables: who asks what, by which channel, and what happens to it. Every
outcome occurs at the city bureau, every channel and applicant type somewhere; `CARRIED_OVER` came
in in December and was answered in January, `OPEN` waits at each step today, `FILLER` adds
ordinary cases per --scale."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

CITY, SANYUAN, SHAXIAN = "350400", "350404", "350405"
CHENGGUAN = "35040401"


@dataclass
class Case:
    key: str
    body: str
    channel: str
    who: str
    description: str
    outcome: str = ""       # "" = still open
    reply: str = ""
    reason: str = ""
    extra: dict = field(default_factory=dict)   # further arguments of services.decide
    document_number: str = ""
    unit: str = ""          # the unit that registers it (a police station), default the body
    items: int = 1
    medium: str = "electronic"
    collection: str = "email"
    days: int = 12          # working days from receipt to the handler's draft
    supplement: str = ""    # what to supplement (Art. 30)
    supplement_answer: str = ""
    lapse: bool = False     # the supplement or the fee never comes
    consult: tuple = ()     # (party, name, matter, opinion, opinion text)
    fee: tuple = ()         # (method, quantity)
    extension: tuple = ()   # (days, reason)
    reasons: tuple = ()     # Art. 35: (applicant's reasons, reasonable)
    stop: str = ""          # open cases: "awaiting_confirmation" | "supplement" | "consultation" | "fee" |
    #                         "extension" (requested) | "processing" | "reasons" | "approval"
    earlier: str = ""       # key of the earlier case (repeat)
    on_the_spot: bool = False
    remedies: tuple = ()    # (kind, days after the reply, result, days to conclude, case number)
    satisfaction: str = ""
    when: tuple = ()        # ("slot", i) | ("ago", working days) | ("december", day)
    received: date | None = None


REFERRAL_PRICE = ("三明市发展和改革委员会", "三明市三元区新市中路 58 号，电话 0598-8233456")
REFERRAL_TRANSPORT = ("三明市交通运输局", "三明市三元区新市北路 1 号，电话 0598-8221234")
PORTAL = "https://gaj.sm.gov.cn/zwgk/"
# Art. 36(七): the law under which a driver's records are queried, named in the reply.
QUERY_TRAFFIC = "《中华人民共和国道路交通安全法》"
# 其他处理 3: the basis the handler states for ending a withdrawn application (the application is
# the applicant's to make, Art. 27, and so to withdraw).
WITHDRAWAL_BASIS = "《中华人民共和国政府信息公开条例》第二十七条"

CLOSED = [
    Case("published", CITY, "online", "person", "《三明市公安局关于规范电动自行车登记管理的通告》全文",
         outcome="published", satisfaction="satisfied",
         reply=f"您申请的信息已在本机关门户网站“政府信息公开—通知公告”栏目主动公开（{PORTAL}tzgg/），您可自行查阅、下载。"),
    Case("hukou", CITY, "in_person", "person:hukou", "三明市户籍迁移（投靠落户、人才落户）政策文件及办理材料清单",
         outcome="disclosed", medium="paper", collection="collect", days=6,
         reply="现向您提供《三明市户籍迁移管理规定》（明公规〔2023〕3号）及《户口迁移办理材料清单》复印件各一份，共9页，"
               "请于收到本告知书之日起10个工作日内到本机关政务公开办领取。"),
    Case("truck_pass", CITY, "email", "三明市鑫达物流有限公司", "三明市区货车通行证核发条件、办理流程及{上年}年度核发数量",
         outcome="disclosed", days=10,
         reply="1.货车通行证核发条件和办理流程见附件《三明市区货车通行证办理指南》；\n2.{上年}年度全市共核发货车通行证3126张，"
               "其中长期通行证418张、临时通行证2708张。"),
    Case("accident_stats", CITY, "online", "福建明理律师事务所",
         "{上年}年度全市道路交通事故统计数据，包括每起死亡事故的发生地点、时间和当事人信息",
         outcome="partial", days=15, extra={"withheld_reasons": ["third_party"]},
         reply="向您提供{上年}年度全市道路交通事故统计表（按月份、事故形态、道路类型分列），见附件。",
         reason="每起死亡事故当事人的姓名、身份证号码、车牌号等信息属于个人隐私，公开会对第三方合法权益造成损害，"
                "该部分不予公开。",
         remedies=(("reconsideration", 25, "corrected", 55, "明政复〔{year}〕31号"),)),
    Case("plan_secret", CITY, "letter", "person", "三明市公安局处置大规模群体性事件预案（含警力部署方案）",
         outcome="secret", days=14,
         reason="您申请公开的预案经本机关保密审查，属于国家秘密（机密级）。",
         remedies=(("reconsideration", 20, "maintained", 50, "明政复〔{year}〕12号"),
                   ("litigation_after", 75, "maintained", 120, "（{year}）闽04行初57号"))),
    Case("minor", CITY, "registered_post", "person", "{上年}年11月三元区某中学学生斗殴事件中涉案未成年人的处理情况",
         outcome="law_forbids",
         reason="您申请的信息涉及未成年人违法犯罪记录，依照《中华人民共和国预防未成年人犯罪法》第五十九条的规定应当封存，"
                "不得向任何单位和个人提供。"),
    Case("cctv", CITY, "online", "三明市爱心志愿者协会", "三明市城区治安视频监控探头分布点位图",
         outcome="security", days=9,
         reason="治安视频监控探头点位属于社会治安防控体系的组成部分，公开后可能被不法分子利用以规避监控，危及公共安全和社会稳定。"),
    Case("licence_files", CITY, "email", "三明市恒泰物业管理有限公司",
         "{上年}年度市区大型群众性活动安全许可中“山海音乐节”承办单位提交的营业收入、演出合同等申请材料",
         outcome="third_party", days=20,
         consult=("third_party", "三明市山海文化传媒有限公司", "是否同意公开该公司申请大型群众性活动安全许可时提交的营业收入、"
                  "演出合同等材料", "object", "上述材料涉及本公司商业秘密，不同意公开。"),
         reason="经征求第三方意见，该第三方以涉及商业秘密为由不同意公开，本机关认为不公开不会对公共利益造成重大影响。"),
    Case("attendance", CITY, "online", "person", "三明市公安局机关{上年}年度干部职工考勤情况及年休假安排表",
         outcome="internal", days=8,
         reason="您申请的考勤情况及年休假安排属于本机关的人事管理、内部工作流程信息。"),
    Case("parking_minutes", CITY, "fax", "三明学院地方治理研究中心",
         "关于调整城区机动车停车收费标准的局长办公会议纪要及向市政府的请示",
         outcome="process", days=11,
         reason="您申请的会议纪要和请示属于本机关在履行行政管理职能过程中形成的讨论记录、请示报告等过程性信息。",
         remedies=(("reconsideration", 30, "other", 40, "明政复〔{year}〕46号"),)),
    Case("my_case_file", CITY, "in_person", "person", "本人{上年}年6月被治安管理处罚案件的全部卷宗材料（含询问笔录、证人证言）",
         outcome="case_file", medium="paper", collection="collect",
         reason="您申请的材料属于行政执法案卷信息。作为案件当事人，您可以依照《公安机关办理行政案件程序规定》向办案单位申请查阅。"),
    Case("violations", CITY, "online", "person", "本人名下机动车2023年以来的全部交通违法记录",
         outcome="query", days=5, satisfaction="basic", extra={"query_law": QUERY_TRAFFIC},
         reason="您申请的信息属于行政查询事项，可通过“交管12123”手机应用或到公安交通管理部门业务窗口凭本人身份证件查询。"),
    Case("exit_entry_old", CITY, "email", "福建三明正诚律师事务所",
         "2010年至2014年三明市出入境证件（护照、往来港澳通行证）办理数量，按年度和证件类型统计",
         outcome="not_exist", days=13,
         reply="本机关对出入境管理信息系统和纸质档案进行了检索，现存统计数据自2015年起按年度汇总，",
         remedies=(("litigation", 40, "maintained", 100, "（{year}）闽04行初112号"),)),
    Case("parking_fees", CITY, "online", "三明市安驰机动车驾驶员培训有限公司", "三明市城区公共停车场收费标准的批复文件",
         outcome="not_ours", days=4,
         extra={"referral_agency": REFERRAL_PRICE[0], "referral_contact": REFERRAL_PRICE[1]}),
    Case("ebike_analysis", CITY, "registered_post", "福建省交通科学研究院三明分院",
         "近五年全市按乡镇、车型分列的电动自行车登记数量，以及登记数量与交通事故的关联分析",
         outcome="needs_processing", days=28, extension=(20, "需调取各县（市、区）交警大队的登记数据并逐一核对"),
         reason="本机关没有按乡镇、车型分列的现成统计，也没有登记数量与交通事故的关联分析；您要求的内容需要本机关对现有数据"
                "重新加工、分析后制作，依照《条例》第三十八条，本机关不予提供。现有全市电动自行车登记总数已在门户网站公布。"),
    Case("vague", CITY, "letter", "person", "我家附近那起事故的所有材料",
         outcome="still_unclear", supplement="1.请写明事故发生的时间、地点；\n2.请说明所需材料的名称或者便于查询的特征。",
         supplement_answer="去年秋天在我家小区门口那起",
         reason="您补正后仍未写明事故发生的具体时间、地点，本机关无法确定您所需的政府信息。"),
    Case("complaint", CITY, "online", "person",
         "投诉城关派出所民警在办理户口迁移时态度恶劣、拖延办理，要求公开对该民警的处理结果",
         outcome="petition", days=5,
         reply="您提交的材料系对民警执法执勤行为的投诉，不属于政府信息公开申请。",
         reason="本机关已将您的投诉转三明市公安局督察支队（电话0598-8250110）依照《信访工作条例》处理。"),
    Case("hukou_again", CITY, "in_person", "person:hukou", "三明市户籍迁移（投靠落户、人才落户）政策文件及办理材料清单",
         outcome="repeat", earlier="hukou", days=3, medium="paper", collection="collect"),
    Case("yearbook", CITY, "email", "person", "《三明年鉴（{上年}）》公安篇全文",
         outcome="publication", days=4,
         reply="您要求提供的《三明年鉴（{上年}）》系公开出版物，",
         reason="您可以到三明市图书馆、三明市档案馆查阅，或者通过新华书店购买。"),
    Case("flood", CITY, "online", "person:flood",
         "2016年至{上年}年每月全市110接警数量、出警时间及每起警情的处理结果",
         outcome="excessive", days=15, reasons=("个人兴趣，想研究本市治安状况的变化。", False),
         reason="您在一个月内提交了27件政府信息公开申请，经要求说明理由，您说明的理由不能证明申请的合理性。"),
    Case("certify", CITY, "in_person", "person",
         "要求对本人持有的《关于同意户口迁入的批复》复印件加盖公章，确认与原件一致",
         outcome="confirm", on_the_spot=True, days=0, medium="paper", collection="collect",
         reply="您要求本机关确认或重新出具已获取的信息，不属于政府信息公开申请的范围，本机关不予处理。"),
    Case("hotline", CITY, "other", "person", "派出所的那个规定",
         outcome="no_supplement", lapse=True,
         supplement="1.请写明所需规定的名称或文号；\n2.请写明是哪个派出所、哪一方面的规定。"),
    Case("driving_school", CITY, "online", "福建沙县闽运汽车租赁有限公司",
         "{上年}年1月至6月全市各驾驶员培训机构科目一至科目四考试合格率等15项统计数据",
         outcome="no_fee", lapse=True, items=15, fee=("per_item", 15)),
    Case("withdrawn", CITY, "online", "person", "本人户口迁移申请的办理进度",
         outcome="other", days=3, extra={"stated_basis": WITHDRAWAL_BASIS},
         reply="您于本机关作出答复前书面撤回了申请，本机关终止办理。"),
    Case("exit_entry", CITY, "email", "三明学院地方治理研究中心",
         "{上年}年全市出入境证件办理数据（按月份、证件类型分列）及出入境业务窗口设置情况",
         outcome="disclosed", fee=("per_page", 60), days=16, satisfaction="satisfied",
         reply="现向您提供{上年}年全市出入境证件办理统计表（12个月、6类证件）及出入境业务窗口设置情况，共60页，已通过电子邮件发送。"),
    Case("signals", CITY, "online", "person", "{本年}年城区主要路口交通信号灯配时方案",
         outcome="disclosed", days=18,
         consult=("agency", "三明市城市管理局", "该配时方案由本机关会同贵局制定，是否同意公开", "consent", "同意公开。"),
         reply="城区主要路口交通信号灯配时方案见附件，共12页。"),
    # 三元分局
    Case("ebike_outlets", SANYUAN, "in_person", "person", "城关派出所辖区电动自行车登记上牌网点及办理时间",
         unit=CHENGGUAN, outcome="disclosed", days=2, on_the_spot=True, medium="paper", collection="on_site",
         reply="城关派出所辖区设有电动自行车登记上牌网点2处：崇宁社区警务室（工作日8:30-17:30）、"
               "列东街城关派出所户籍大厅（工作日及周六上午）。"),
    Case("my_hukou", SANYUAN, "online", "person", "本人户籍档案中的历次迁移记录",
         outcome="query", days=6, extra={"query_law": "《中华人民共和国户口登记条例》"},
         reason="您申请的信息属于户籍档案查询事项，请本人携带居民身份证到户籍所在地派出所户籍窗口查询。",
         remedies=(("reconsideration", 20, "pending", 0, "三元政复〔{year}〕8号"),)),
    Case("bus_lines", SANYUAN, "online", "三元区列东街道碧湖社区居民委员会", "三元区城区公交线路调整方案",
         outcome="not_ours", days=4,
         extra={"referral_agency": REFERRAL_TRANSPORT[0], "referral_contact": REFERRAL_TRANSPORT[1]}),
    Case("noise", SANYUAN, "letter", "person", "举报列东街某KTV夜间噪声扰民，要求公开查处结果",
         outcome="petition", days=6,
         reply="您反映的是噪声扰民问题的举报，不属于政府信息公开申请。",
         reason="本机关已将您的举报转列东派出所依法处理，处理结果将由该所另行告知。"),
    Case("sy_withdrawn", SANYUAN, "email", "三明市青少年发展基金会", "三元区中小学校周边治安巡逻防控安排",
         outcome="other", days=5, extra={"stated_basis": WITHDRAWAL_BASIS}, reply="贵会于本机关作出答复前来电并书面撤回申请，本机关终止办理。"),
    # 沙县分局
    Case("sx_accidents", SHAXIAN, "online", "person", "沙县区{上年}年度道路交通事故统计数据",
         outcome="disclosed", days=9, satisfaction="unsatisfied",
         reply="沙县区{上年}年共发生道路交通事故312起，造成死亡19人、受伤287人，按月份和事故形态分列的统计表见附件。"),
    Case("sx_case_file", SHAXIAN, "registered_post", "person", "本人{上年}年3月交通违法行为处罚案件的全部执法案卷",
         outcome="case_file", days=8, medium="paper", collection="post",
         reason="您申请的材料属于行政执法案卷信息，您可以依法向办案单位申请查阅案卷材料。"),
    Case("sx_old_permits", SHAXIAN, "fax", "person", "2012年沙县烟花爆竹燃放许可审批名单",
         outcome="not_exist", days=10,
         reply="本机关对档案室和治安管理信息系统进行了检索，2012年的烟花爆竹燃放许可档案已超过保管期限按规定销毁，"),
    Case("sx_guide", SHAXIAN, "online", "person", "沙县分局居住证办理指南",
         outcome="published", days=2,
         reply=f"《居住证办理指南》已在本机关门户网站“办事服务”栏目主动公开（{PORTAL}bszn/），您可自行查阅。"),
]

CARRIED_OVER = [
    Case("cameras", CITY, "online", "person", "城区主要路口交通违法抓拍设备设置地点清单",
         outcome="disclosed", days=14, when=("december", 15),
         reply="城区主要路口交通违法抓拍设备设置地点清单（共86处）见附件。"),
    Case("discretion", CITY, "email", "福建明理律师事务所", "全市治安管理处罚裁量基准及其执行情况统计",
         outcome="partial", days=26, when=("december", 10), extra={"withheld_reasons": ["internal"]},
         extension=(20, "需会同法制支队对各县（市、区）执行情况逐项统计并进行保密审查"),
         reply="向您提供《三明市公安机关治安管理处罚裁量基准》全文及按案由分列的执行情况统计表。",
         reason="各办案单位内部考评通报属于内部管理信息，不予公开。"),
    Case("sy_registrations", SANYUAN, "online", "person", "三元分局2015年居住证办理数量",
         outcome="not_exist", days=12, when=("december", 22),
         reply="经检索，居住证制度于2016年起在本市实施，"),
]

OPEN = [
    Case("o_letter", SANYUAN, "letter", "person", "列东派出所辖区去年入室盗窃案件发案数", stop="awaiting_confirmation",
         when=("ago", 1)),
    Case("o_exam", CITY, "online", "person", "三明市本年度机动车驾驶人考试计划安排", stop="processing", when=("ago", 3)),
    Case("o_residence", SANYUAN, "in_person", "person", "城关派出所辖区居住证办理数量（按季度）", unit=CHENGGUAN,
         stop="processing", when=("ago", 7), medium="paper", collection="collect"),
    Case("o_sx_ebike", SHAXIAN, "email", "福建沙县闽运汽车租赁有限公司", "沙县区今年上半年电动自行车登记上牌数量",
         stop="processing", when=("ago", 11)),
    Case("o_vague", CITY, "online", "person", "关于停车的那个文件", stop="supplement", when=("ago", 5),
         supplement="1.请写明所需文件的名称或文号；\n2.请说明涉及的路段或停车场。"),
    Case("o_muck", CITY, "email", "福建三明正诚律师事务所", "城区渣土运输车辆通行证核发名单（含企业名称、车辆数）",
         stop="consultation", when=("ago", 9),
         consult=("third_party", "三明市恒安渣土运输有限公司", "是否同意公开贵公司取得城区渣土运输车辆通行证的情况及车辆数",
                  "", "")),
    Case("o_fee", CITY, "online", "三明市鑫达物流有限公司", "{上年}年全市货运车辆交通违法查处情况等15项统计数据",
         items=15, fee=("per_item", 15), stop="fee", when=("ago", 6)),
    Case("o_fraud", CITY, "registered_post", "三明学院地方治理研究中心",
         "近五年全市电信网络诈骗案件发案数、类型分布及涉案金额统计", stop="extension", when=("ago", 17),
         extension=(20, "需调取刑侦支队、科技信息化支队多年数据并进行保密审查")),
    Case("o_discretion", SANYUAN, "online", "person", "三元分局去年治安管理处罚裁量基准的适用情况", stop="processing",
         when=("ago", 26), extension=(15, "需对辖区各派出所的处罚决定逐件统计")),
    Case("o_passport", CITY, "online", "person", "出入境证件办理地点、时间及所需材料", stop="approval", when=("ago", 10),
         days=8, outcome="published",
         reply=f"出入境证件办理指南已在本机关门户网站“办事服务”栏目主动公开（{PORTAL}bszn/crj/），您可自行查阅。"),
    Case("o_outlets", SANYUAN, "in_person", "person", "城关派出所户籍窗口周末办理时间", unit=CHENGGUAN, stop="approval",
         when=("ago", 9), days=7, outcome="disclosed", medium="paper", collection="post",
         reply="城关派出所户籍窗口每周六上午8:30-12:00办理户籍业务，法定节假日除外。"),
    Case("o_drunk", CITY, "online", "person", "去年全市酒驾、醉驾查处数量及处罚结果统计", stop="processing",
         when=("ago", 24)),
    Case("o_sx_schools", SHAXIAN, "fax", "三明市爱心志愿者协会", "沙县区中小学校周边交通安全设施设置情况",
         stop="processing", when=("ago", 30)),
    Case("o_migration", CITY, "online", "person:flood2", "2015年以来全市历年户籍迁入、迁出人数（按月统计）",
         stop="reasons", when=("ago", 14), reasons=("撰写本市人口流动研究报告，需要连续的月度数据。", True)),
]

# More ordinary cases per --scale above 1: (outcome, description, reply or reason)
FILLER = [
    ("disclosed", "城区{p}路段交通组织调整方案", "交通组织调整方案见附件。"),
    ("published", "{p}派出所办公地址和联系电话", f"该信息已在本机关门户网站“机构信息”栏目主动公开（{PORTAL}jgxx/）。"),
    ("not_exist", "{p}片区2013年治安巡逻记录", "经检索，"),
    ("query", "本人驾驶证记分情况", "您申请的信息属于行政查询事项，可通过“交管12123”手机应用查询。"),
    ("petition", "举报{p}某网吧接纳未成年人", "您反映的是违法行为举报，不属于政府信息公开申请。"),
]
FILLER_PLACES = ["东霞", "荆西", "岩前", "富兴", "碧湖", "翠竹", "白沙", "洋溪", "列西", "江滨"]
