"""A bulk corpus for the benchmarks: N published, proactive publications written straight to the
database on top of an existing demo (`gongkai demo --items N`).

What it is for: search and page timings at 100k and 1M items, where the service-built demo (a few
hundred items, each living through the review services) cannot go. So nothing here goes through
the services: no review trail, no audit rows, no scanner findings, no attachments, no channels,
and no search change-log rows (the benchmark runs `gongkai search reindex` afterwards; a running
`search sync` does not see these items).

The text is realistic enough for search timings: titles from templates over a vocabulary of ~300
domain words (1–4 characters, some Latin and digits: C1, 110, 12123); bodies of about 300–1,500
characters recombined from clauses of the demo's own items and of the seed documents, three
quarters from texts of the item's own theme (traffic items read like traffic items), with domain
words spliced in; about 6 % of the sentences in Traditional characters; about 15 % of the
items with a document number such as 明公〔2019〕12号, which some other bodies cite. Items are spread
over the demo's disclosure bodies with their units and drafters, the public topics (no sealed
ones), the genres, and publication dates over the last three years. Index numbers
`<org9>/<year>-<serial>` use serials from 100001 up, a range the services' yearly sequence does
not reach, so publishing through the services keeps working without skipping numbers; a second
run continues after the first.

Speed: rows go in with one `executemany` per batch of 5,000, made in a second thread meanwhile.
On the 2-core development machine: the rows alone ~32,000 items/s, SQLite's insert alone ~19,500
(ten indexes on the table), together ~10,000 items/s with the machine busy (1M items in 101 s).
Django's `bulk_create` is capped at 999 parameters per statement on SQLite, i.e. 30 rows of this
model, and overwrites `created_at` with the current time; both make it several times slower here.
"""

from __future__ import annotations

import queue
import random
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from pathlib import Path

import opencc
from django.db import connection, transaction
from django.db.models.functions import Length
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.index_numbers import org9
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.publications.models import CatalogTopic, Genre, Publication

P = Publication

SEEDS_DIR = Path(__file__).resolve().parents[4] / "shared" / "seeds"
SERIAL_BASE = 100_000  # bulk serials are 100001 and up (the services count from 1)
YEARS = 3
DOCNO_SHARE = 0.15
DOCNO_MAX = 120  # numbers per issuer and year: a number searched for has a few items
TRADITIONAL_SHARE = 0.06
POOL_SENTENCES = 30_000
MIXED_SHARE = 0.25  # of an item's sentences drawn from another theme
SEED_THEME = "15"  # 年度报告: the seeds are annual reports and a notice on disclosure work

# Domain words, 1–4 characters: what people search for on a police bureau's disclosure site.
VOCABULARY = """
车 证 户 照 卡 税 案 警 罚 费 枪 船 火 毒 赌 盗 骗 牌 章 网
户口 护照 签注 身份证 驾驶证 行驶证 通行证 居住证 暂住证 户籍 落户 迁移 迁入 迁出 分户 立户 出生登记
死亡注销 姓名变更 更正 补领 换领 申领 临时身份证 户口簿 集体户 投靠 随迁 人才引进 积分落户
出入境 港澳 台湾 签证 口岸 边检 外国人 居留 停留 旅游签注 商务签注 探亲 团队旅游 出境 入境 电子证件
机动车 驾驶人 号牌 车辆 摩托车 电动车 电动自行车 头盔 酒驾 醉驾 超速 超载 闯红灯 违停 违法停车
交通事故 事故认定 快处快赔 年检 检验 报废 过户 转籍 抵押登记 学法减分 记分 罚款 扣分 交管 高速公路
C1 C2 B2 A1 A2 D证 110 119 120 122 12123 96110 12345 APP 5G ETC GPS
治安 巡逻 盘查 防控 重点人员 特种行业 旅馆业 典当业 公章刻制 保安 保安员 娱乐场所 易制爆 剧毒化学品
烟花爆竹 管制刀具 枪支 弹药 危险物品 大型活动 安全许可 群众性活动 治安调解 矛盾纠纷 噪声 寻衅滋事
诈骗 电诈 反诈 刷单 网贷 杀猪盘 冒充客服 冒充公检法 安全账户 洗钱 帮信罪 两卡 银行卡 电话卡 跑分
非法集资 养老诈骗 传销 套路贷 校园贷 网络赌博 黄赌毒 吸毒 禁毒 戒毒 毒品 制毒 贩毒 缉毒
消防 火灾 隐患 飞线充电 灭火器 逃生 疏散 九小场所 出租屋 群租房 消防通道 高层建筑 燃气
政务公开 信息公开 依申请公开 主动公开 年度报告 公开指南 公开目录 保密审查 先审查 后公开 一事一审
行政许可 行政处罚 行政强制 行政复议 行政诉讼 听证 告知书 决定书 执法 执法公开 执法监督 法制 案卷
规范性文件 规章 政策解读 征求意见 废止 有效 失效 文号 发文 印发 通知 公告 通告 意见 办法 规定 方案
预算 决算 三公经费 政府采购 招标 中标 项目 资金 专项资金 财政 经费 公务接待 公务用车 因公出国
招聘 录用 辅警 公务员 政审 体检 面试 笔试 人事 任免 表彰 奖励 立功 英模
警情 通报 周报 月报 发案 破案 刑事案件 治安案件 抓获 嫌疑人 逃犯 追逃 打拐 寻亲 走失 救助
社区 网格 警务室 派出所 分局 支队 大队 中队 民警 辅警队伍 警力 接警 出警 报警 求助 投诉 举报
网上办 一网通办 跨省通办 就近办 预约 窗口 自助 不见面 容缺受理 告知承诺 减证便民 最多跑一次
网络安全 等级保护 等保三级 个人信息 数据安全 网吧 网站备案 黑客 病毒 勒索 电信网络
春运 春节 清明 五一 国庆 暑期 开学 高考 防溺水 汛期 台风 雨雪 冰冻 应急 预案 演练 安保
便民 服务 满意度 好差评 回访 信箱 局长信箱 留言 答复 咨询 热线 微博 微信 公众号 短视频 政务新媒体
学校 幼儿园 校园 医院 银行 商场 车站 码头 景区 工地 企业 商户 快递 物流 外卖 网约车 出租车
""".split()

UNIT_PLACES = ["三元", "沙县", "永安", "明溪", "清流", "宁化", "大田", "尤溪", "将乐", "泰宁", "建宁", "梅列", "列东",
               "列西", "徐碧", "城关", "荆西", "岩前", "富兴", "凤岗", "虬江", "夏茂", "高砂", "青州"]
DOCNO_PREFIXES = ["明公", "明公交", "明公治", "明公出", "明公法", "明公办", "明公规", "明三公", "明沙公",
                  "明公综", "三公通", "明公刑"]

# Title templates: {u} unit short name, {a} {b} domain words, {p} place, {y} year, {m} month.
TITLES = [
    "{u}关于{a}{b}的通知", "关于进一步加强{a}{b}工作的通知", "{y}年{m}月{u}{a}情况通报", "{a}{b}办事指南",
    "{u}开展{a}{b}专项行动", "警方提示：谨防{a}{b}", "关于{p}{a}{b}的公告", "{u}{y}年{a}{b}工作总结",
    "《{a}{b}管理办法》政策解读", "{y}年度{a}{b}行政许可结果公示", "关于调整{a}{b}办理时间的通告",
    "{u}召开{a}{b}工作推进会", "{p}辖区{a}{b}安全提示", "关于公开征求《{a}{b}规定》意见的公告",
    "{u}{y}年{a}{b}统计", "{a}{b}常见问题解答", "{u}关于{a}{b}行政处罚决定的公示", "关于印发{a}{b}实施方案的通知",
    "{y}年{m}月{p}{a}{b}周报", "{u}{a}{b}窗口服务安排",
]
CONNECTORS = ["，", "，", "，", "；", "、"]
LEADS = ["根据{d}文件要求，", "依照{d}的规定，", "按照{d}部署，", "为贯彻落实{d}精神，"]


@dataclass(frozen=True, slots=True)
class Place:
    body_id: int
    org9: str
    unit_id: int
    unit_short: str
    drafter_id: int


# --- text --------------------------------------------------------------------------------------

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")  # seed 004's garbled conversion
_SENTENCE_END = re.compile(r"[。！？；\n]+")
_CLAUSE = re.compile(r"[，、,]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _clauses(texts: list[str]) -> list[str]:
    """Clauses of 4–60 characters that are mostly Han characters (web page debris left out)."""
    found = []
    for text in texts:
        text = _PINYIN.sub("", text).replace("\ufffd", "").replace("?", "")
        for sentence in _SENTENCE_END.split(text):
            for clause in _CLAUSE.split(sentence):
                clause = clause.strip(" \t\u3000•·:：")
                if 4 <= len(clause) <= 60 and len(_HAN.findall(clause)) >= 0.75 * len(clause):
                    found.append(clause)
    return found


def source_texts(seeds_dir: Path | None = None) -> dict[str, list[str]]:
    """Texts by theme (the first two digits of a topic code): the demo's own items under their
    topic's, the seed documents under 年度报告's."""
    folder = seeds_dir or SEEDS_DIR
    themes: dict[str, list[str]] = {}
    if folder.is_dir():
        themes[SEED_THEME] = [p.read_text(encoding="utf-8", errors="replace")
                              for p in sorted(folder.glob("*.txt"))]
    demo = (P.objects.filter(body_text__gt="").order_by("pk")
            .values_list("topic__code", "summary", "body_text"))
    for code, summary, body_text in demo[:5000]:
        themes.setdefault(code[:2], []).extend((summary, body_text))
    return themes


def sentence_pool(rng: random.Random, clauses: list[str], size: int) -> list[str]:
    """Sentences of 2–4 clauses, most with a domain word or two spliced in; some in Traditional."""
    to_traditional = opencc.OpenCC("s2t")
    pool = []
    for _ in range(size):
        parts = rng.sample(clauses, min(len(clauses), rng.randint(2, 4)))
        for _ in range(rng.choice((0, 1, 1, 2))):
            at = rng.randrange(len(parts))
            word = rng.choice(VOCABULARY)
            parts[at] = parts[at] + word if rng.random() < 0.5 else word + parts[at]
        sentence = parts[0] + "".join(rng.choice(CONNECTORS) + p for p in parts[1:]) + "。"
        if rng.random() < TRADITIONAL_SHARE:
            sentence = to_traditional.convert(sentence)
        pool.append(sentence)
    return pool


def theme_pools(rng: random.Random) -> dict[str, list[str]]:
    """Per theme, sentences recombined from that theme's clauses (in proportion to how many it
    has, at least a few hundred): a traffic item reads like traffic items, a report like reports,
    so common words are as common as in a real catalog and not in every item."""
    clauses = {theme: found for theme, texts in sorted(source_texts().items())
               if len(found := _clauses(texts)) >= 8}
    total = sum(map(len, clauses.values()))
    if total < 50:
        raise ValueError("可用于生成正文的文本太少：请先运行 gongkai demo")
    return {theme: sentence_pool(rng, found, max(300, POOL_SENTENCES * len(found) // total))
            for theme, found in clauses.items()}


# --- the places items come from -------------------------------------------------------------------

def places() -> list[Place]:
    """Every (body, unit, drafter) the demo has: each unit belongs to the nearest disclosure body
    above it (or itself); the drafter is a user of the body who drafted demo items, else any user
    of its units, else the first user."""
    bodies = {b.unit.path: b for b in DisclosureBody.objects.select_related("unit")}
    if not bodies:
        raise ValueError("数据库中没有公开主体：请先运行 gongkai demo")
    drafters = {body.pk: P.objects.filter(body=body).order_by("pk").values_list("created_by_id", flat=True)
                .first() for body in bodies.values()}
    users_by_unit = dict(User.objects.filter(unit__isnull=False).order_by("-pk").values_list("unit_id", "pk"))
    fallback = User.objects.order_by("pk").values_list("pk", flat=True).first()
    if fallback is None:
        raise ValueError("数据库中没有用户：请先运行 gongkai demo")
    found = []
    for unit in Unit.objects.filter(is_active=True).order_by("path"):
        owner = max((path for path in bodies if unit.path.startswith(path)), key=len, default=None)
        if owner is None:
            continue
        body = bodies[owner]
        drafter = (drafters.get(body.pk) or users_by_unit.get(body.unit_id) or users_by_unit.get(unit.pk)
                   or fallback)
        found.append(Place(body.pk, org9(body.org_code), unit.pk, unit.short_name or unit.name, drafter))
    return found


def _next_serials(orgs: set[str], years: list[int]) -> dict[tuple[str, int], int]:
    """Per (org9, year), the last bulk serial already used (a second run continues after it)."""
    last = {}
    for org in orgs:
        for year in years:
            prefix = f"{org}/{year}-"
            # A range over the unique index (LIKE would read every row), then the longest serial.
            top = (P.objects.filter(index_number__gte=prefix, index_number__lt=prefix + "~")
                   .annotate(n=Length("index_number")).filter(n__gte=len(prefix) + 6)
                   .order_by("-n", "-index_number").values_list("index_number", flat=True).first())
            serial = int(top.rsplit("-", 1)[1]) if top else SERIAL_BASE
            last[(org, year)] = max(serial, SERIAL_BASE)
    return last


# --- generation --------------------------------------------------------------------------------------

COLUMNS = ["body_id", "unit_id", "title", "summary", "body_text", "document_number", "created_on", "topic_id",
           "genre_id", "keywords", "full_text_electronic", "legal_form", "validity", "attribute",
           "attribute_basis", "attribute_reason", "status", "current_step", "index_number", "published_at",
           "publish_due_provisional", "version", "correction_note", "withdraw_reason", "created_by_id",
           "created_at", "updated_at"]


def generate(n: int, *, seed: int = 2026, batch: int = 5000, today: date | None = None,
             progress: Callable[[int, int], None] | None = None) -> int:
    """Insert `n` published, proactive publications; returns how many were inserted."""
    if n <= 0:
        return 0
    rows = _rows(n, random.Random(seed), today or clock.today())
    sql = (f"INSERT INTO {P._meta.db_table} ({', '.join(COLUMNS)}) "
           f"VALUES ({', '.join(['%s'] * len(COLUMNS))})")
    # The next batch is made in a thread while SQLite writes this one (sqlite3 lets go of the GIL
    # while it steps): about 1.5× as fast as taking turns.
    batches: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand_over(item) -> None:
        while not stop.is_set():
            try:
                batches.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            while chunk := list(islice(rows, batch)):
                hand_over(chunk)
        except Exception as exc:  # raised by the writer
            hand_over(exc)
        hand_over(None)

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    done = 0
    try:
        with _bulk_writing():
            while (chunk := batches.get()) is not None:
                if isinstance(chunk, Exception):
                    raise chunk
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, chunk)
                done += len(chunk)
                if progress:
                    progress(done, n)
    finally:
        stop.set()
        producer.join()
    return done


@contextmanager
def _bulk_writing():
    """On SQLite: no foreign-key checks (every id comes from the database just read), a large page
    cache (ten indexes take rows at random places) and no syncing of the WAL at checkpoints while
    the rows go in: about twice as fast. A crash of the machine meanwhile could lose the file; this
    builds benchmark databases only."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("PRAGMA cache_size=-262144")
        cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-2000")
            cursor.execute("PRAGMA foreign_keys=ON")


@dataclass(frozen=True)
class _Frame:
    """What every row is made from, read from the database before the first row is made."""
    where: list[Place]
    topics: list[tuple[int, str]]
    topic_pool: dict[str, list[str]]  # per topic code, the sentences its items are written from
    any_theme: list[list[str]]
    genre_ids: list[int]
    legal: dict[str, tuple[str, int | None]]  # topic code -> (legal form, genre)
    days: int  # items are published on days 1 … days-1 of the window
    day_values: list  # per day of the window, the date adapted for the database
    day_years: list[int]
    base: float  # 08:00 on the first day, as a timestamp
    serials: dict[tuple[str, int], int]


def _frame(rng: random.Random, today: date) -> _Frame:
    where = places()
    topics = list(CatalogTopic.objects.filter(is_active=True, is_sealed=False).values_list("pk", "code"))
    genres = {name: pk for pk, name in Genre.objects.values_list("pk", "name")}
    if not topics or not genres:
        raise ValueError("数据库中没有主题分类或体裁分类：请先运行 gongkai demo")
    pools = theme_pools(rng)
    # A topic without texts of its own theme borrows another theme's, always the same one.
    themes = sorted(pools)
    topic_pool = {code: pools.get(code[:2]) or pools[rng.choice(themes)] for _, code in topics}
    first_day = today - timedelta(days=365 * YEARS)
    days = (today - first_day).days
    adapt_date = connection.ops.adapt_datefield_value
    day_years = [(first_day + timedelta(days=d)).year for d in range(days)]
    return _Frame(
        where=where, topics=topics, topic_pool=topic_pool, any_theme=list(pools.values()),
        genre_ids=list(genres.values()),
        legal={"0201": ("rule", genres.get("规定")), "0202": ("normative", genres.get("办法")),
               "06": ("", genres.get("解读"))},
        days=days, day_values=[adapt_date(first_day + timedelta(days=d)) for d in range(days)], day_years=day_years,
        base=datetime.combine(first_day, time(8), tzinfo=timezone.get_current_timezone()).timestamp(),
        serials=_next_serials({p.org9 for p in where}, sorted(set(day_years))))


def _rows(n: int, rng: random.Random, today: date) -> Iterator[tuple]:
    """The rows to insert (values adapted for the database), one per item. Reads the database
    now; the rows it yields later need no database (they are made in another thread)."""
    fr = _frame(rng, today)
    adapt = connection.ops.adapt_datetimefield_value
    random_, choices, randint = rng.random, rng.choices, rng.randint

    def pick(seq):
        return seq[int(random_() * len(seq))]

    def produce() -> Iterator[tuple]:
        vocab, serials, day_years = VOCABULARY, fr.serials, fr.day_years
        valid, proactive = P.Validity.VALID.value, P.Attribute.PROACTIVE.value
        published = P.Status.PUBLISHED.value
        for _ in range(n):
            place = pick(fr.where)
            topic_id, topic_code = pick(fr.topics)
            d = 1 + int(random_() * (fr.days - 1))
            moment = adapt(datetime.fromtimestamp(fr.base + d * 86400 + int(random_() * 39600), tz=UTC))
            year = day_years[d]
            key = (place.org9, year)
            serials[key] += 1
            a, b = pick(vocab), pick(vocab)
            title = pick(TITLES).format(u=place.unit_short, a=a, b=b, p=pick(UNIT_PLACES), y=year,
                                        m=1 + int(random_() * 12))
            docno = ""
            if random_() < DOCNO_SHARE:
                issued = year - int(random_() * 6)
                docno = f"{pick(DOCNO_PREFIXES)}〔{issued}〕{1 + int(random_() * DOCNO_MAX)}号"
            k = randint(7, 34)  # sentences of ~45 characters: ~300–1,500 in all
            mixed = int(k * MIXED_SHARE + random_())
            sentences = choices(fr.topic_pool[topic_code], k=k - mixed)
            if mixed:
                at = int(random_() * len(sentences))
                sentences[at:at] = choices(pick(fr.any_theme), k=mixed)
            if random_() < 0.1:
                cited = f"{pick(DOCNO_PREFIXES)}〔{randint(2016, year)}〕{1 + int(random_() * DOCNO_MAX)}号"
                sentences[0] = pick(LEADS).format(d=cited) + sentences[0]
            body_text = "\n".join(["".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)])
            first = sentences[0]
            summary = first if len(first) <= 80 else first[:80] + "……"
            form, genre_id = fr.legal.get(topic_code, ("", None))
            yield (place.body_id, place.unit_id, title[:200], summary, body_text, docno,
                   fr.day_values[max(0, d - int(random_() * 6))], topic_id, genre_id or pick(fr.genre_ids),
                   " ".join(dict.fromkeys((a, b, pick(vocab)))), True, form, valid, proactive, "", "",
                   published, "", f"{place.org9}/{year}-{serials[key]}", moment, False, 1, "", "",
                   place.drafter_id, moment, moment)

    return produce()
