"""What the public sees: only published bulletins, on every path — list, page, chart data, table,
CSV, feed, API; the chart's data is the table's; the CSV opens in Excel."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from gongkai.bulletins import services

from .conftest import COUNTS


@pytest.fixture
def weeks(make_bulletin, publish, people):
    """三元分局: weeks 40–47 published, except 44 (withdrawn) and 45 (never entered); the city has a
    draft for week 47 and one in review for week 46."""
    made = {}
    for week in (40, 41, 42, 43, 44, 46, 47):
        made[week] = publish(make_bulletin(week=week, criminal=10 + week - 40, traffic=20 + week - 40,
                                           notable_cases=f"第{week}周典型警情"))
    services.withdraw_bulletin(actor=people["office"], bulletin=made[44], reason="数据有误")
    made["draft"] = make_bulletin(body="city", actor="office", notable_cases="市局草稿警情")
    made["review"] = make_bulletin(body="city", week=46, actor="office", notable_cases="市局待审警情")
    services.submit_bulletin(actor=people["office"], bulletin=made["review"])
    return made


def test_list_shows_published_weeks_only(client, weeks):
    page = client.get("/jingqing/", {"body": "350404"}).content.decode()
    for week in (40, 41, 42, 43, 46, 47):
        assert f"/jingqing/{weeks[week].pk}/" in page
    assert f"/jingqing/{weeks[44].pk}/" not in page
    city = client.get("/jingqing/", {"body": "350400"}).content.decode()
    assert "暂未发布警情通报" in city


def test_unpublished_and_withdrawn_pages_answer_404(client, weeks):
    assert client.get(f"/jingqing/{weeks[47].pk}/").status_code == 200
    for key in (44, "draft", "review"):
        pk = weeks[key].pk
        assert client.get(f"/jingqing/{pk}/").status_code == 404
        assert client.get(f"/jingqing/{pk}/qushi.csv").status_code == 404
    assert client.get("/jingqing/999999/").status_code == 404


def test_withdrawn_week_leaves_the_series_page_csv_feed_and_api(client, weeks):
    page = client.get(f"/jingqing/{weeks[47].pk}/", {"weeks": 12}).content.decode()
    assert "第44周典型警情" not in page
    data = chart_json(page)
    week44 = data["weeks"].index("2026年第44周")
    assert all(s["data"][week44] is None for s in data["series"])
    rows = list(csv.reader(io.StringIO(client.get(f"/jingqing/{weeks[47].pk}/qushi.csv").content.decode("utf-8-sig"))))
    row44 = next(r for r in rows if r[2] == "44")
    assert row44[5:] == ["", "", "", "", ""]
    feed = client.get("/jingqing/rss/").content.decode()
    assert "第44周" not in feed and "三元分局2026年第47周" in feed
    assert "三明市公安局2026年" not in feed  # the city's draft and the one in review
    api = client.get("/api/v1/bulletins/").json()
    assert sorted(r["week"] for r in api["results"]) == [40, 41, 42, 43, 46, 47]
    assert client.get(f"/api/v1/bulletins/{weeks[44].pk}/").status_code == 404
    assert client.get(f"/api/v1/bulletins/{weeks['review'].pk}/").status_code == 404


def test_superseded_address_leads_to_the_version_in_force(client, weeks, people, publish):
    old = weeks[47]
    new = services.start_correction(actor=people["clerk_sy"], bulletin=old, note="更正交通警情")
    services.update_bulletin(actor=people["clerk_sy"], bulletin=new, traffic=26)
    publish(new)
    response = client.get(f"/jingqing/{old.pk}/")
    assert response.status_code == 301 and response.url == f"/jingqing/{new.pk}/"
    page = client.get(response.url).content.decode()
    assert "更正说明（第 2 版" in page and "更正交通警情" in page


def test_csv_series(client, weeks):
    response = client.get(f"/jingqing/{weeks[47].pk}/qushi.csv", {"weeks": 12})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["公开主体", "年份", "周次", "起始日", "截止日", "刑事警情", "治安警情", "交通警情", "火灾警情", "合计"]
    assert len(rows) == 13
    assert rows[1][:5] == ["三明市公安局三元分局", "2026", "36", "2026-08-31", "2026-09-06"]
    assert rows[-1] == ["三明市公安局三元分局", "2026", "47", "2026-11-16", "2026-11-22", "17",
                        str(COUNTS["public_order"]), "27", "1", str(17 + COUNTS["public_order"] + 27 + 1)]
    assert next(r for r in rows if r[2] == "45")[5:] == ["", "", "", "", ""]
    # weeks= is clamped to 12–26
    assert len(client.get(f"/jingqing/{weeks[47].pk}/qushi.csv", {"weeks": 500}).content.decode().splitlines()) == 27


class TableReader(HTMLParser):
    """The rows of <table id="bulletin-series"> as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.inside, self.rows, self.cell = False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "bulletin-series") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def chart_json(page: str) -> dict:
    match = re.search(r'<script id="bulletin-chart-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_chart_data_equals_the_table(client, weeks):
    page = client.get(f"/jingqing/{weeks[47].pk}/").content.decode()
    data = chart_json(page)
    reader = TableReader()
    reader.feed(page)
    header, *rows = reader.rows
    assert header == ["周次", "时段", "刑事警情", "治安警情", "交通警情", "火灾警情"]
    assert len(rows) == len(data["weeks"]) == 26
    assert [r[0] for r in rows] == data["weeks"]
    assert [s["name"] for s in data["series"]] == header[2:]
    for i, series in enumerate(data["series"]):
        column = [None if r[2 + i] == "—" else int(r[2 + i]) for r in rows]
        assert column == series["data"]
    assert data["series"][0]["data"][-8:] == [10, 11, 12, 13, None, None, 16, 17]


def test_page_has_no_inline_script_and_loads_the_vendored_chart(client, weeks):
    page = client.get(f"/jingqing/{weeks[47].pk}/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    for attrs, body in scripts:
        assert 'type="application/json"' in attrs or (body.strip() == "" and "src=" in attrs)
    assert "/static/gongkai/vendor/echarts-5.6.0.min.js" in page and "/static/gongkai/bulletins/chart.js" in page
    assert 'id="bulletin-chart-figure" hidden' in page  # shown by the script; the table stands alone
    for name in ("ArticleTitle", "PubDate", "ContentSource"):
        assert f'name="{name}"' in page


def test_vendored_library_keeps_its_licence_header():
    from pathlib import Path

    import gongkai

    head = (Path(gongkai.__file__).parent / "core/static/gongkai/vendor/echarts-5.6.0.min.js").read_text()[:800]
    assert "Licensed to the Apache Software Foundation" in head and "Apache License, Version 2.0" in head


def test_portal_navigation_links_both_columns(client, db):
    page = client.get("/").content.decode()
    assert 'href="/jingqing/"' in page and 'href="/banshi/"' in page


def test_sitemap_lists_published_bulletins_and_guides_only(client, make_bulletin, publish, make_guide, people):
    """privacy-lessons.md: the sitemap is one more public path; it starts from the public selectors."""
    from gongkai.bulletins import services as bulletin_services

    shown, hidden = make_bulletin(week=45), make_bulletin(week=46)
    publish(shown)
    withdrawn = make_bulletin(week=44)
    publish(withdrawn)
    bulletin_services.withdraw_bulletin(actor=people["office"], bulletin=withdrawn, reason="数据有误")
    guide, draft = make_guide(), make_guide(name="大型群众性活动安全许可（测试）")
    bulletin_services.publish_guide(actor=people["office"], guide=guide)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/jingqing/{shown.pk}/<" in xml and f"/banshi/{guide.pk}/<" in xml
    for absent in (f"/jingqing/{hidden.pk}/<", f"/jingqing/{withdrawn.pk}/<", f"/banshi/{draft.pk}/<"):
        assert absent not in xml


def test_catalog_links_the_guides_and_bulletins_columns_counting_published_only(client, weeks, make_guide, people):
    from gongkai.publications.models import CatalogTopic

    published, draft = make_guide(), make_guide(name="大型群众性活动安全许可")
    services.publish_guide(actor=people["clerk_sy"], guide=published)
    page = client.get("/xxgk/mulu/").content.decode()
    assert re.search(r'href="/banshi/">办事指南</a> <span class="count">\(1项\)', page), page
    # Weeks 40–43, 46 and 47: the withdrawn week and the city's draft and review are not counted.
    assert re.search(r'href="/jingqing/">警情通报</a> <span class="count">\(6期\)', page)
    guides_topic = CatalogTopic.objects.get(code="0501")
    page = client.get("/xxgk/mulu/", {"topic": guides_topic.pk}).content.decode()
    assert "办事指南的结构化内容另见" in page and "共 1 项" in page
    police = CatalogTopic.objects.get(code="0802")
    page = client.get("/xxgk/mulu/", {"topic": police.pk}).content.decode()
    assert "另见<a href=\"/jingqing/\">“警情通报”栏目</a>" in page and "“办事指南”栏目" not in page
    assert draft.status != "published"
