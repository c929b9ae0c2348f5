"""Benchmark: the annual report for a year of 100,000 applications (target ≤ 2 s).

Builds a fresh database (SQLite under a temporary data folder, or DATABASE_URL if set) with N
applications received over the year (5 % carried in from December, 2 % still open), 2,000
remedies and 2,000 catalog items, then times:

  compute()    sections 二–四 with the ids behind every cell (reports.annual.compute)
  figures()    what every workbench page view does: compute + adjustments + the five checks
  publish()    figures + PDF, DOCX and XLSX rendering + storing the frozen version

against, as the baseline in the same run, the floor: fetching the same application rows with one
`values_list` query and doing nothing with them.

    .venv/bin/python bench/annual_report.py [N]
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-annual-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from gongkai.applications import outcomes  # noqa: E402
from gongkai.applications.models import Application, Remedy, Status  # noqa: E402
from gongkai.core import services as core_services  # noqa: E402
from gongkai.core.models import Role, Unit  # noqa: E402
from gongkai.reports import annual, services  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
KINDS = ["person"] * 6 + ["business", "research", "nonprofit", "legal", "other_org"]
YEAR = 2025


def timed(func, repeats=5) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = func()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), result


def build(n: int):
    call_command("migrate", verbosity=0)
    city = core_services.create_unit(actor=None, name="三明市公安局", code="350400", level=Unit.Level.CITY)
    body = core_services.save_disclosure_body(actor=None, unit=city, org_code="11350400003614578A",
                                              letter_name="三明市公安局", notice_prefix="明公信告")
    office = core_services.create_user(actor=None, username="bench_office", name="政务公开办", unit=city,
                                       password="Bench#2026x", roles=[Role.objects.get(code="office")],
                                       must_change_password=False)
    rnd = random.Random(7)
    codes = [o.code for o in outcomes.OUTCOMES]
    rows = []
    for i in range(n):
        received = date(YEAR, 1, 1) + timedelta(days=rnd.randrange(365))
        if i < n // 20:
            received = date(YEAR - 1, 12, 1) + timedelta(days=rnd.randrange(31))
        decided = received + timedelta(days=rnd.randrange(1, 40))
        still_open = decided > date(YEAR + 1, 1, 31) or rnd.random() < 0.02
        rows.append(Application(
            body=body, unit=city, tracking_number=f"B-{i:07d}", query_code_hash="x", applicant_kind=rnd.choice(KINDS),
            name="x", phone="1", applicant_key=f"k{i}", description="x", channel="online",
            submitted_at=datetime(received.year, received.month, received.day, 9, tzinfo=TZ), received_on=received,
            status=Status.PROCESSING if still_open else Status.CLOSED,
            outcome="" if still_open else rnd.choice(codes), decided_on=None if still_open else decided))
    Application.objects.bulk_create(rows, batch_size=5000)
    ids = list(Application.objects.values_list("id", flat=True)[:2000])
    Remedy.objects.bulk_create([Remedy(application_id=i, kind=rnd.choice(Remedy.Kind.values), authority="x",
                                       filed_on=date(YEAR, 6, 1), result=rnd.choice(Remedy.Result.values))
                                for i in ids])
    return body, office


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    body, office = build(n)
    print(f"annual report, {n} applications ({connection_name()}); built in {time.perf_counter() - t0:.1f} s")
    floor, _ = timed(lambda: list(Application.objects.filter(body=body).values_list(
        "id", "applicant_kind", "received_on", "decided_on", "outcome")))
    took, report = timed(lambda: annual.compute(body, YEAR))
    assert annual.check(report) == [], "the synthetic year must pass the five rules"
    working = services.open_report(actor=office, body=body, year=YEAR)
    services.save_text(actor=office, report=working, overview="总体情况。", problems="存在的问题。", other_matters="无。")
    fig, _ = timed(lambda: services.figures(working))
    pub, _ = timed(lambda: services.publish(actor=office, report=working, correction="基准测试重新公布。"), repeats=1)
    print(f"  received {report.value('三', 'received', 'total')}, decided {report.value('三', 'total', 'total')}, "
          f"carried out {report.value('三', 'carried_out', 'total')}")
    print(f"  compute()                {took * 1000:8.0f} ms  ratio {took / floor:5.1f}×  (target ≤ 2000 ms)")
    print(f"  figures() (page view)    {fig * 1000:8.0f} ms  ratio {fig / floor:5.1f}×")
    print(f"  publish() incl. 3 files  {pub * 1000:8.0f} ms  ratio {pub / floor:5.1f}×")
    print(f"  fetch the rows only      {floor * 1000:8.0f} ms  (baseline)")


def connection_name() -> str:
    from django.db import connection
    return connection.vendor


if __name__ == "__main__":
    main()
