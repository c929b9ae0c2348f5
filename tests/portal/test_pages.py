"""The public site's frame (portal.md): what every page must carry, and that it answers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.core.models import AuditEvent, Unit, User

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_home_carries_site_tags_and_footer(client, bureau):
    page = client.get("/").content.decode()
    for tag in ['name="SiteName" content="三明市公安局"', 'name="SiteDomain"', 'name="SiteIDCode"']:
        assert tag in page
    for text in ["网站标识码", "ICP备", "公网安备", "我为政府网站找错", "主办单位", "党政机关"]:
        assert text in page
    assert "三明市公安局三元分局" in page  # disclosure bodies with their contacts
    assert 'lang="zh-CN"' in page and 'href="#main"' in page


def test_navigation_shows_only_columns_that_exist(client, db):
    page = client.get("/").content.decode()
    assert "期限计算器" in page
    # Columns of later features appear once their pages exist, never as empty links.
    assert 'href="None"' not in page


def test_large_text_mode_toggles(client, db):
    response = client.get("/zhangbei/", {"next": "/gongju/qixian/"})
    assert response.status_code == 302 and response.url == "/gongju/qixian/"
    assert 'class="portal large-text"' in client.get("/").content.decode()
    client.get("/zhangbei/")
    assert 'class="portal"' in client.get("/").content.decode()
    assert client.get("/zhangbei/", {"next": "https://evil.example/"}).url == "/"


def test_security_headers(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_workbench_requires_login(client, db):
    response = client.get("/workbench/")
    assert response.status_code == 302 and response.url.startswith("/workbench/login/")


def test_logout_needs_post_with_csrf(db, make_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("handler"))
    assert strict.post("/workbench/logout/").status_code == 403  # no CSRF token


def test_api_schema_and_docs(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/workdays/add" in paths and "/api/v1/units/" in paths
    assert client.get("/api/v1/docs/").status_code == 200


def test_demo_builds_a_bureau_deterministically(db, capsys):
    call_command("demo", "--seed", "7")
    out = capsys.readouterr().out
    assert "gongkaiban" in out and "Gongkai#2026" in out
    names = list(User.objects.order_by("username").values_list("name", flat=True))
    levels = set(Unit.objects.values_list("level", flat=True))
    assert {"city", "branch", "detachment", "station", "post", "brigade", "squadron"} <= levels
    assert Unit.objects.filter(body__isnull=False).count() == 3
    assert AuditEvent.objects.filter(action="user.create").count() == User.objects.count()
    # Same seed, same data; --if-empty leaves a filled database alone.
    call_command("demo", "--if-empty")
    assert list(User.objects.order_by("username").values_list("name", flat=True)) == names


def test_demo_scale_adds_stations(db):
    from gongkai.core.demo import build
    build(seed=1, scale=3, content=False)
    assert Unit.objects.filter(level="station").count() == 5 + (3 - 1) * 10


def test_demo_at_scale_3_builds_every_part_on_a_fresh_installation(tmp_path):
    """`gongkai demo --scale 3` from scratch, as `make run` would, every part of it (the mailbox at
    scale 3 once failed on a January date). In a fresh data folder on SQLite, whatever database
    this run uses: on PostgreSQL the same build took 15 of CI's 30 minutes; the builders are the
    same code on both, and the demo at scale 1 is built on both every run."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    gongkai = [sys.executable, "-m", "gongkai.cli"]
    for args in (["migrate", "--noinput"], ["demo", "--scale", "3"]):
        run = subprocess.run(gongkai + args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    count = subprocess.run(gongkai + ["shell", "-c", "from gongkai.core.models import Unit; "
                                      "print(Unit.objects.filter(level='station').count())"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert count.stdout.strip().splitlines()[-1] == str(5 + (3 - 1) * 10), count.stderr[-2000:]


def test_error_pages_are_chinese_and_framed(client, make_user):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    assert "三明市公安局" in missing.content.decode()
    client.force_login(make_user("auditor"))
    denied = client.get("/workbench/users/")
    assert denied.status_code == 403
    page = denied.content.decode()
    assert "无权访问" in page and "返回工作台首页" in page and "审计日志" in page  # workbench frame


@pytest.mark.parametrize("year", ["0", "10000", "-1", "２０２６", "1948"])
def test_catalog_year_out_of_range_is_a_message_not_a_500(client, db, year):
    page = client.get(reverse("portal:catalog"), {"year": year})
    assert page.status_code == 200
    assert "年份不正确" in page.content.decode()


@pytest.mark.parametrize("year", ["0", "10000", "abc"])
def test_publications_api_year_out_of_range_is_400(client, db, year):
    response = client.get("/api/v1/publications/", {"year": year})
    assert response.status_code == 400
    assert "年份不正确" in response.json()["year"][0]


@pytest.mark.parametrize("start", ["9999-12-31", "9999-12-01", "0001-01-01"])
def test_deadline_calculator_far_dates_are_refused(client, db, start):
    page = client.get(reverse("portal:deadline"), {"start": start, "days": "20"})
    assert page.status_code == 200 and "日期超出范围" in page.content.decode()
    api = client.get("/api/v1/workdays/add", {"start": start, "days": "20"})
    assert api.status_code == 400 and "日期超出范围" in api.json()["start"][0]
