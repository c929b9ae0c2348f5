"""The demo's applicants, invented but valid: people with resident ID numbers, organisations with
unified social credit codes, each carrying correct check characters; the same applicant again
when a case names them ("person:KEY" or an organisation's name)."""

from datetime import date, timedelta

from gongkai.core.demo.kernel import GIVEN, SURNAMES

# Address codes as assigned at birth: the 三明地区 codes until 1983, the 三明市 ones since
# (梅列区, 三元区, 沙县, 明溪, 清流, 大田, 尤溪, 将乐; and 福州鼓楼区 for someone from elsewhere).
BIRTH_PLACES_BEFORE_1983 = ["352701", "352701", "352727", "352721", "352725", "352726"]
BIRTH_PLACES = ["350402", "350403", "350403", "350427", "350421", "350423", "350425", "350426", "350428", "350102"]
MOBILE_PREFIXES = ["138", "139", "137", "135", "158", "159", "188", "187", "150", "151", "182", "189", "180", "133",
                   "153", "130", "131", "155", "156", "186", "177", "199"]
STREETS = [("三元区", "列东街道", "东新二路"), ("三元区", "列西街道", "列西路"), ("三元区", "城关街道", "新市中路"),
           ("三元区", "徐碧街道", "绿岩路"), ("三元区", "白沙街道", "工业中路"), ("沙县区", "凤岗街道", "府西路"),
           ("沙县区", "虬江街道", "城西大道"), ("三元区", "富兴堡街道", "富兴路")]
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z

# name: (applicant kind, registration authority and type, division of the registering office)
ORGS = {
    "三明市鑫达物流有限公司": ("business", "91", "350404"),
    "三明市恒泰物业管理有限公司": ("business", "91", "350404"),
    "福建沙县闽运汽车租赁有限公司": ("business", "91", "350405"),
    "三明市安驰机动车驾驶员培训有限公司": ("business", "91", "350400"),
    "三明学院地方治理研究中心": ("research", "12", "350400"),
    "福建省交通科学研究院三明分院": ("research", "12", "350400"),
    "三明市爱心志愿者协会": ("nonprofit", "51", "350400"),
    "三明市青少年发展基金会": ("nonprofit", "53", "350400"),
    "福建明理律师事务所": ("legal", "31", "350400"),
    "福建三明正诚律师事务所": ("legal", "31", "350400"),
    "三元区列东街道碧湖社区居民委员会": ("other_org", "59", "350404"),
    "三明日报社": ("other_org", "12", "350400"),
}


def ric_check_char(first17: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2): the 18th character of a resident ID number."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    return "10X98765432"[total % 11]


def org_check_char(first8: str) -> str:
    """GB 11714: the 9th character of an organisation code."""
    total = sum(int(c, 36) * w for c, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_check_char(first17: str) -> str:
    """GB 32100: the 18th character of a unified social credit code."""
    total = sum(CODE_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return CODE_CHARS[(31 - total % 31) % 31]


class People:
    def __init__(self, rng):
        self.rng = rng
        self.known: dict[str, dict] = {}

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2, 2])))

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randint(0, 99999999):08d}"

    def address(self) -> tuple[str, str]:
        district, street, road = self.rng.choice(STREETS)
        postcode = "365500" if district == "沙县区" else "365000"
        return f"福建省三明市{district}{street}{road}{self.rng.randint(1, 260)}号", postcode

    def person(self) -> dict:
        rng = self.rng
        born = date(1958, 1, 1) + timedelta(days=rng.randint(0, 365 * 44))
        place = rng.choice(BIRTH_PLACES if born.year >= 1983 else BIRTH_PLACES_BEFORE_1983)
        first17 = f"{place}{born:%Y%m%d}{rng.randint(10, 999):03d}"
        address, postcode = self.address()
        name = self.name()
        return {"applicant_kind": "person", "name": name, "id_type": "resident_id",
                "id_number": first17 + ric_check_char(first17), "phone": self.mobile(),
                "email": f"{rng.choice(['zhang', 'lin', 'chen', 'huang', 'wu', 'li', 'zheng'])}"
                         f"{rng.randint(100, 9999)}@{rng.choice(['163.com', 'qq.com', '126.com'])}",
                "address": address, "postcode": postcode}

    def organisation(self, name: str) -> dict:
        rng = self.rng
        kind, prefix, division = ORGS[name]
        # New enterprises' organisation codes start with MA; others are all digits.
        first8 = "MA" + "".join(rng.choice(CODE_CHARS) for _ in range(6)) if prefix == "91" else \
            "".join(rng.choice(CODE_CHARS[:10]) for _ in range(8))
        org = first8 + org_check_char(first8)
        first17 = prefix + division + org
        address, postcode = self.address()
        return {"applicant_kind": kind, "name": name, "credit_code": first17 + uscc_check_char(first17),
                "legal_representative": self.name(), "contact_name": self.name(),
                "phone": f"0598-8{rng.randint(100000, 999999)}" if rng.random() < 0.5 else self.mobile(),
                "address": address, "postcode": postcode}

    def get(self, who: str) -> dict:
        """"person" is someone new; "person:KEY" the same person each time; else an organisation."""
        if who in self.known:
            return self.known[who]
        data = self.person() if who.startswith("person") else self.organisation(who)
        if who != "person":
            self.known[who] = data
        return data
