"""Old cases under the old regulation (issue #18, item 6; regulation.md §6): an application received
before 2019-05-15, when the revised regulation (国务院令第711号) took effect, is judged under the 2008
one (国务院令第492号 第二十四条第二款): reply within 15 working days, extension at most 15. Its due
date, its overdue flag, its extension and the ledger import all follow `applications/regimes.py`."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import deadlines, ledger, regimes, selectors, services, workflow
from gongkai.applications.models import Application, Status
from gongkai.core.calendar import get_calendar
from gongkai.core.models import DisclosureBody

from .test_ledger import HEADER, xlsx


def due(received: date, days: int) -> date:
    return get_calendar().add_working_days(received, days).date


def ledger_row(received: date, decided: date | None = None, extended: str = "", name: str = "陈某") -> list:
    return ["", "", "自然人", name, "网上申请", received, f"{received}收到的申请", "予以公开" if decided else "",
            decided or "", extended, "", "", ""]


def run(actor, rows):
    return ledger.import_ledger(actor=actor, filename="台账.xlsx", data=xlsx(rows, header=HEADER),
                                default_body=DisclosureBody.objects.get(unit__code="350400"))


def test_decree_492_art24_governs_cases_received_before_2019_05_15():
    """国务院令第492号 第二十四条: 15 + 15 working days before the cut-over; 国务院令第711号 第三十三条 from it."""
    old = regimes.governing(date(2019, 5, 14))
    assert (old.key, old.decree, old.reply_days, old.extension_max) == ("2008", "国务院令第492号", 15, 15)
    assert old.summary == "适用2008年《政府信息公开条例》：答复期限15个工作日"
    assert old.basis == "2008年《条例》第二十四条"
    new = regimes.governing(regimes.CUTOVER, reply_days=20, extension_max=20)
    assert (new.key, new.decree, new.reply_days, new.extension_max, new.legacy) == ("2019", "国务院令第711号", 20, 20,
                                                                                    False)
    assert regimes.governing(None).key == "2019"  # not yet received: the regulation in force
    assert regimes.governing(date(2008, 5, 1)).legacy


def test_decree_492_art24_imported_case_due_in_15_working_days_and_late_on_day_16(staff, city_body):
    """国务院令第492号 第二十四条: received 2019-05-10, due 15 working days later; a reply on day 15 is
    on time, one on day 16 is overdue (under the 20 days of Art. 33 it would not be)."""
    received = date(2019, 5, 10)
    day15, day16 = due(received, 15), due(received, 16)
    assert day16 < due(received, 20)
    report = run(staff["office"], [ledger_row(received, day15, name="按期"), ledger_row(received, day16, name="逾期")])
    assert report.ok, report.messages()
    in_time, late = Application.objects.get(name="按期"), Application.objects.get(name="逾期")
    for app in (in_time, late):
        assert app.status == Status.CLOSED and app.due_on == day15 == date(2019, 5, 31)
    assert not deadlines.overdue(in_time) and deadlines.clock_state(in_time).limit == 15
    assert deadlines.overdue(late) and deadlines.clock_state(late).remaining == -1


def test_art33_case_received_on_2019_05_15_gets_20_working_days(staff, city_body):
    """国务院令第711号 第三十三条 from the day it took effect: a case received 2019-05-15 gets 20; a
    reply on day 16 is on time."""
    received = regimes.CUTOVER
    report = run(staff["office"], [ledger_row(received, due(received, 16))])
    assert report.ok, report.messages()
    app = Application.objects.get()
    assert app.due_on == due(received, 20) and not deadlines.overdue(app)
    assert deadlines.clock_state(app).limit == 20


def test_decree_492_art24_ledger_extension_at_most_15(staff, city_body):
    """国务院令第492号 第二十四条: a 2008-regime row may record at most 15 days of extension (是 = 15);
    a row received from 2019-05-15 keeps the 20 of Art. 33."""
    received = date(2019, 5, 10)
    report = run(staff["office"], [ledger_row(received, due(received, 30), extended="16")])
    assert not report.ok
    assert any("延长期限最多15个工作日（2008年《条例》第二十四条），不能是“16”" in m for m in report.messages())
    assert not Application.objects.exists()
    report = run(staff["office"], [ledger_row(received, due(received, 30), extended="是", name="延期"),
                                   ledger_row(regimes.CUTOVER, due(regimes.CUTOVER, 40), extended="20", name="新")])
    assert report.ok, report.messages()
    old, new = Application.objects.get(name="延期"), Application.objects.get(name="新")
    assert old.extension_days == 15 and old.due_on == due(received, 30) and not deadlines.overdue(old)
    assert new.extension_days == 20 and new.due_on == due(regimes.CUTOVER, 40)


def test_decree_492_art24_extension_above_15_refused(staff, city_body, pin_today):
    """国务院令第492号 第二十四条: an open old case's extension of 16 working days is refused, in
    Chinese naming the article; 15 is granted, and the clock counts 15 + 15."""
    received = date(2019, 5, 10)
    pin_today(date(2019, 5, 20))
    assert run(staff["office"], [ledger_row(received)]).ok
    app = Application.objects.get()
    assert app.status == Status.PROCESSING and app.due_on == due(received, 15)
    with pytest.raises(ValidationError, match=r"延长期限为1至15个工作日（2008年《条例》第二十四条）"):
        services.request_extension(actor=staff["handler"], app=app, days=16, reason="需调取档案")
    app.refresh_from_db()
    assert app.extension_requested_days == 0
    services.request_extension(actor=staff["handler"], app=app, days=15, reason="需调取档案")
    services.approve_extension(actor=staff["office"], app=app)
    app.refresh_from_db()
    assert app.extension_days == 15 and app.due_on == due(received, 30)
    reason = next(o.reason for o in workflow.offers(app, staff["handler"]) if o.step.name == "request_extension")
    assert reason == "本申请已申请过延期；延期只能一次，最长15个工作日（2008年《条例》第二十四条）"


def test_decree_492_art24_more_than_15_days_pending_is_not_approved(staff, city_body, pin_today):
    """国务院令第492号 第二十四条: an extension of more than 15 days standing on an old case (written
    before the rule) is not approved, and the clock never grants more than 15."""
    received = date(2019, 5, 10)
    pin_today(date(2019, 5, 20))
    assert run(staff["office"], [ledger_row(received)]).ok
    app = Application.objects.get()
    Application.objects.filter(pk=app.pk).update(extension_requested_days=20)
    app.refresh_from_db()
    reason = next(o.reason for o in workflow.offers(app, staff["office"]) if o.step.name == "approve_extension")
    assert reason == "申请延期20个工作日，超过2008年《条例》第二十四条规定的最长15个工作日，不能批准"
    Application.objects.filter(pk=app.pk).update(extension_days=20)
    app.refresh_from_db()
    assert deadlines.clock_state(app).due == due(received, 30)


def test_decree_492_art24_queue_flags_an_old_carried_over_case_by_15_days(staff, city_body, pin_today):
    """国务院令第492号 第二十四条: the queue's overdue flag of a carried-over old case counts from day 16."""
    received = date(2019, 5, 10)
    pin_today(date(2019, 5, 20))
    assert run(staff["office"], [ledger_row(received)]).ok
    app = Application.objects.get()
    pin_today(due(received, 15))
    assert selectors.urgency(app).css != "overdue" and not deadlines.overdue(app)
    pin_today(due(received, 16))
    assert selectors.urgency(app).css == "overdue" and deadlines.overdue(app)
