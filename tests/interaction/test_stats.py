"""The mailbox figures (stats.py) against counts worked out here, independently, on a known set of
letters that lived through the services."""

from collections import Counter
from datetime import date

import pytest

from gongkai.core import clock
from gongkai.interaction import selectors, services, stats
from gongkai.interaction.models import Kind, LetterChannel, LetterTopic

from .conftest import LETTER

# Received Mon 2 Nov 2026, due Mon 9 Nov (5 working days). Replies on 5 Nov are on time, on 12 Nov late.
RECEIVED, ON_TIME, LATE = date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 12)
ROWS = [
    # channel, topic, kind, unit, what became of it, rating
    ("website", "traffic", "complaint", "station", "closed_on_time", "satisfied"),
    ("weibo", "traffic", "enquiry", "station", "closed_late", "basic"),
    ("weibo", "public_order", "complaint", "sanyuan", "replied_on_time", "unsatisfied"),
    ("qq", "public_order", "suggestion", "sanyuan", "replied_late", ""),
    ("qq", "household", "enquiry", "shaxian", "processing", ""),
    ("phone", "household", "help", "shaxian", "review", ""),
    ("weibo", "other", "director", "city", "pending", ""),
    ("hotline", "exit_entry", "enquiry", "office", "closed_on_time", "satisfied"),
]
UNIT_NAMES = {"station": "城关派出所", "sanyuan": "三元分局", "shaxian": "沙县分局", "city": "三明市公安局",
              "office": "办公室"}


@pytest.fixture
def known(people, bureau, city_body, pin_today):
    handlers = {"station": people["station"], "sanyuan": people["sanyuan"], "shaxian": people["shaxian"],
                "office": people["office"]}
    for channel, topic, kind, unit_key, fate, rating in ROWS:
        pin_today(RECEIVED)
        data = {**LETTER, "kind": kind, "topic": topic}
        if channel == "website":
            letter, _ = services.submit_online(body=city_body, data=data)
        else:
            letter, _ = services.register(actor=people["office"], body=city_body, data=data, channel=channel,
                                          received_at=clock.now())
        if fate == "pending":
            continue
        services.assign(actor=people["office"], letter=letter, unit=bureau[unit_key])
        if fate == "processing":
            continue
        pin_today(LATE if fate.endswith("late") else ON_TIME)
        services.reply(actor=handlers[unit_key], letter=letter, text="答复内容：已经处理完毕。")
        if fate == "review":
            continue
        if letter.status == "review":
            services.approve_reply(actor=people["office"], letter=letter)
        if rating:
            services.rate(letter=letter, value=rating)
        if fate.startswith("closed"):
            services.close(actor=people["office"], letter=letter)
    # Outside the period: a letter of 2025 and one of the day before.
    for day in (date(2025, 12, 31), date(2026, 11, 1)):
        pin_today(day)
        services.submit_online(body=city_body, data=LETTER)


def _expected(rows):
    """The figures by hand: reply rate counts 已答复 and 已办结, on-time counts replies by the due date."""
    answered = [r for r in rows if r[4].startswith(("replied", "closed"))]
    rated = [r for r in rows if r[5]]
    return {
        "received": len(rows),
        "answered": len(answered),
        "on_time": sum(1 for r in answered if r[4].endswith("on_time")),
        "closed": sum(1 for r in rows if r[4].startswith("closed")),
        "rated": len(rated),
        "good": sum(1 for r in rated if r[5] in ("satisfied", "basic")),
    }


def _check(summary: stats.Summary, rows) -> None:
    e = _expected(rows)
    assert summary.received == e["received"]
    assert summary.answered == e["answered"] == summary.replied
    assert summary.on_time == e["on_time"]
    assert summary.closed == e["closed"]
    assert summary.rated == e["rated"]
    assert summary.satisfied + summary.basic == e["good"]
    assert summary.reply_rate.value == (e["answered"] / e["received"] if e["received"] else None)
    assert summary.on_time_rate.value == (e["on_time"] / e["answered"] if e["answered"] else None)
    assert summary.completion_rate.value == (e["closed"] / e["received"] if e["received"] else None)
    assert summary.satisfaction_rate.value == (e["good"] / e["rated"] if e["rated"] else None)


def test_figures_of_the_period_against_counts_by_hand(known, people):
    rows = selectors.stats_rows(people["office"], date(2026, 11, 2), date(2026, 11, 30))
    summary = stats.summarize(rows)
    _check(summary, ROWS)
    # The same numbers, written out: 8 letters, 5 answered (3 closed), 3 on time, 4 rated (3 content).
    assert (summary.reply_rate.percent, summary.on_time_rate.percent, summary.completion_rate.percent,
            summary.satisfaction_rate.percent) == ("62.5%", "60.0%", "37.5%", "75.0%")
    assert stats.summarize(selectors.stats_rows(people["office"], date(2025, 1, 1), date(2026, 12, 31))).received == 10


@pytest.mark.parametrize(("position", "labels", "key"), [
    (0, [c.label for c in LetterChannel], lambda r: r.channel),
    (1, None, lambda r: r.topic),
    (2, [k.label for k in Kind], lambda r: r.kind),
    (3, None, lambda r: r.unit),
])
def test_figures_by_channel_topic_kind_and_unit(known, people, position, labels, key):
    codes = {"channel": dict(LetterChannel.choices), "kind": dict(Kind.choices),
             "topic": dict(LetterTopic.objects.values_list("code", "name"))}
    named = [(codes["channel"][c], codes["topic"][t], codes["kind"][k], UNIT_NAMES[u], fate, rating)
             for c, t, k, u, fate, rating in ROWS]
    rows = selectors.stats_rows(people["office"], date(2026, 11, 2), date(2026, 11, 30))
    order = labels or []
    if position == 1:
        order = list(LetterTopic.objects.values_list("name", flat=True))
    table = dict(stats.group(rows, key, order))
    by_hand = Counter(r[position] for r in named)
    for label, count in by_hand.items():
        _check(table[label], [r for r in named if r[position] == label])
        assert table[label].received == count
    # Every listed value is there, with zeros; nothing else.
    assert set(table) == set(order) | set(by_hand)
    assert all(table[label].received == 0 for label in set(order) - set(by_hand))


def test_staff_see_figures_of_their_own_units_only(known, people):
    rows = selectors.stats_rows(people["sanyuan"], date(2026, 11, 1), date(2026, 11, 30))
    # 三元分局's handler reaches the station and the branch (4 letters); the city's are not theirs.
    assert sorted(r.unit for r in rows) == ["三元分局", "三元分局", "城关派出所", "城关派出所"]


def test_rates_with_nothing_to_divide_by():
    summary = stats.summarize([])
    assert summary.reply_rate.value is None and summary.reply_rate.percent == "—"
    assert str(stats.Rate(49, 50)) == "98.0%" and stats.Rate(2, 3).percent == "66.7%"


def test_every_month_of_the_period_is_listed():
    rows = [stats.Row("咨询", "网站", "其他", "办公室", "closed", date(2026, 1, 5), None, None),
            stats.Row("咨询", "网站", "其他", "办公室", "closed", date(2026, 3, 9), None, None),
            stats.Row("咨询", "网站", "其他", "办公室", "closed", date(2026, 3, 10), None, None)]
    assert stats.monthly(rows, date(2025, 12, 1), date(2026, 3, 31)) == [
        ("2025-12", 0), ("2026-01", 1), ("2026-02", 0), ("2026-03", 2)]
