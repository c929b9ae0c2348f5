"""The bureau itself: units, disclosure bodies, one account per role."""

from gongkai.core import services
from gongkai.core.models import Role, Unit

from . import DEMO_PASSWORD, DemoContext

L = Unit.Level

# (code, name, short name, level, parent code)
UNITS = [
    ("350400", "三明市公安局", "市局", L.CITY, None),
    ("35040001", "三明市公安局办公室", "办公室", L.DIVISION, "350400"),
    ("35040002", "三明市公安局法制支队", "法制支队", L.DETACHMENT, "350400"),
    ("35040003", "三明市公安局科技信息化支队", "科信支队", L.DETACHMENT, "350400"),
    ("35040004", "三明市公安局督察支队", "督察支队", L.DETACHMENT, "350400"),
    ("35040005", "三明市公安局治安管理支队", "治安支队", L.DETACHMENT, "350400"),
    ("35040006", "三明市公安局出入境管理支队", "出入境支队", L.DETACHMENT, "350400"),
    ("35040007", "三明市公安局交通警察支队", "交警支队", L.DETACHMENT, "350400"),
    ("3504000701", "交警支队直属一大队", "直属一大队", L.BRIGADE, "35040007"),
    ("350400070101", "直属一大队一中队", "一中队", L.SQUADRON, "3504000701"),
    ("3504000702", "交警支队高速公路大队", "高速大队", L.BRIGADE, "35040007"),
    ("350404", "三明市公安局三元分局", "三元分局", L.BRANCH, "350400"),
    ("35040401", "三元分局城关派出所", "城关派出所", L.STATION, "350404"),
    ("3504040101", "城关派出所崇宁社区警务室", "崇宁警务室", L.POST, "35040401"),
    ("35040402", "三元分局列东派出所", "列东派出所", L.STATION, "350404"),
    ("35040403", "三元分局徐碧派出所", "徐碧派出所", L.STATION, "350404"),
    ("35040404", "三元分局交警大队", "三元交警大队", L.BRIGADE, "350404"),
    ("350405", "三明市公安局沙县分局", "沙县分局", L.BRANCH, "350400"),
    ("35040501", "沙县分局凤岗派出所", "凤岗派出所", L.STATION, "350405"),
    ("3504050101", "凤岗派出所西门社区警务室", "西门警务室", L.POST, "35040501"),
    ("35040502", "沙县分局虬江派出所", "虬江派出所", L.STATION, "350405"),
]

BODIES = {
    "350400": dict(org_code="11350400003614578A", letter_name="三明市公安局", notice_prefix="明公信告",
                   address="福建省三明市三元区新市中路 1 号", postcode="365000", phone="0598-8250000",
                   fax="0598-8250001", email="gkb@gaj.sm.gov.cn", office_hours="工作日 8:00-12:00，14:30-17:30",
                   reconsideration_authority="三明市人民政府", litigation_court="三明市中级人民法院"),
    "350404": dict(org_code="11350404003614586Q", letter_name="三明市公安局三元分局", notice_prefix="明三公信告",
                   address="福建省三明市三元区城关街 2 号", postcode="365001", phone="0598-8230000",
                   email="gk@sy.gaj.sm.gov.cn", office_hours="工作日 8:00-12:00，14:30-17:30",
                   reconsideration_authority="三明市三元区人民政府", litigation_court="三明市三元区人民法院"),
    "350405": dict(org_code="11350427003614594L", letter_name="三明市公安局沙县分局", notice_prefix="明沙公信告",
                   address="福建省三明市沙县区凤岗街道府西路 3 号", postcode="365500", phone="0598-5820000",
                   email="gk@sx.gaj.sm.gov.cn", office_hours="工作日 8:00-12:00，15:00-18:00",
                   reconsideration_authority="三明市沙县区人民政府", litigation_court="三明市沙县区人民法院"),
}

# (username, name, role code, unit code)
ACCOUNTS = [
    ("admin", "陈建国", "admin", "35040003"),
    ("gongkaiban", "林晓燕", "office", "35040001"),
    ("jingban", "黄志强", "handler", "350404"),
    ("shencha", "吴丽娟", "reviewer", "350404"),
    ("qianfa", "郑国平", "leader", "350404"),
    ("shenji", "刘敏", "auditor", "35040004"),
    ("jingban_sx", "罗文斌", "handler", "350405"),
    ("jingban_cg", "张婷", "handler", "35040401"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌婷晓燕鹏飞"
PLACES = "东西南北中新安和平兴富荣城岭溪江湖山水桥港"


def build_kernel(ctx: DemoContext) -> None:
    for code, name, short, level, parent in UNITS:
        ctx.units[code] = services.create_unit(actor=None, name=name, short_name=short, code=code,
                                               level=level, parent=ctx.units.get(parent))
    # --scale adds police stations (with a community office each) under the branches.
    branches = [ctx.units["350404"], ctx.units["350405"]]
    for i in range(max(0, ctx.scale - 1) * 10):
        branch = branches[i % 2]
        place = "".join(ctx.rng.sample(PLACES, 2))
        code = f"{branch.code}9{i:04d}"
        station = services.create_unit(actor=None, name=f"{branch.short_name}{place}派出所",
                                       short_name=f"{place}派出所", code=code, level=L.STATION, parent=branch)
        services.create_unit(actor=None, name=f"{place}派出所{place}社区警务室", short_name=f"{place}警务室",
                             code=f"{code}01", level=L.POST, parent=station)
    for code, fields in BODIES.items():
        services.save_disclosure_body(actor=None, unit=ctx.units[code], **fields)
    roles = {r.code: r for r in Role.objects.all()}
    for username, name, role, unit_code in ACCOUNTS:
        ctx.users[username] = services.create_user(
            actor=None, username=username, name=name, unit=ctx.units[unit_code], password=DEMO_PASSWORD,
            roles=[roles[role]], phone=f"0598-82{ctx.rng.randint(10000, 99999)}", must_change_password=False)
        ctx.accounts.append((username, roles[role].name, ctx.units[unit_code].name))
    # Further staff so lists look like a real bureau; they must set their own password first.
    stations = [u for u in ctx.units.values() if u.level == L.STATION]
    for i in range(6 * ctx.scale):
        unit = stations[i % len(stations)]
        name = ctx.rng.choice(SURNAMES) + "".join(ctx.rng.sample(GIVEN, ctx.rng.choice([1, 2])))
        services.create_user(actor=None, username=f"staff{i + 1:03d}", name=name, unit=unit,
                             password=DEMO_PASSWORD, roles=[roles["handler"]])


# Review staff beside the units' own: the city and 沙县 need their own reviewer and leader,
# because the drafter may not review their own item, and every body a second reviewer for
# 保密审查, because one person takes one step of an item (四眼原则, core/four_eyes.py).
# (username, name, role, unit)
REVIEW_ACCOUNTS = [
    ("shencha_sj", "邱海燕", "reviewer", "350400"),
    ("baomi_sj", "江婉清", "reviewer", "350400"),
    ("qianfa_sj", "蓝志坚", "leader", "350400"),
    ("baomi", "曾丽萍", "reviewer", "350404"),
    ("shencha_sx", "詹秀英", "reviewer", "350405"),
    ("baomi_sx", "范永辉", "reviewer", "350405"),
    ("qianfa_sx", "邓建平", "leader", "350405"),
]
FIXED_PHONES = {"baomi_sj": "0598-8231101", "baomi": "0598-8231102", "baomi_sx": "0598-8231103"}


def ensure_reviewers(ctx: DemoContext) -> None:
    """The review staff of REVIEW_ACCOUNTS, once (proactive disclosure and applications both need them)."""
    roles = {r.code: r for r in Role.objects.all()}
    for username, name, role, unit_code in REVIEW_ACCOUNTS:
        if username in ctx.users:
            continue
        phone = FIXED_PHONES.get(username) or f"0598-82{ctx.rng.randint(10000, 99999)}"
        ctx.users[username] = services.create_user(
            actor=None, username=username, name=name, unit=ctx.units[unit_code], password=DEMO_PASSWORD,
            roles=[roles[role]], phone=phone, must_change_password=False)
        ctx.accounts.append((username, roles[role].name, ctx.units[unit_code].name))
