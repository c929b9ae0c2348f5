"""信息公开年报 on the portal: every published annual report by body and year, its page (text and
tables as published, not recomputed), its earlier versions, and the PDF, DOCX and XLSX files."""

from datetime import date

from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import render

from gongkai.core.models import DisclosureBody
from gongkai.documents import chinese_date
from gongkai.publications.models import CatalogTopic
from gongkai.publications.selectors import public_publications
from gongkai.reports import selectors
from gongkai.reports.downloads import file_response
from gongkai.reports.models import ReportVersion

COLUMN = "信息公开年报"
LEGACY_TOPIC = "15"  # the catalog's 年度报告 (seeded code): reports from before this system, as catalog items


def annual_reports(request):
    # The list needs each title, not the frozen numbers (which hold the ids of every counted record).
    versions = list(selectors.public_versions().defer("document").annotate(title=KT("document__title"))
                    .order_by("-report__year", "report__body__unit__path", "report__with_branches"))
    bodies = []
    for body in DisclosureBody.objects.select_related("unit").order_by("unit__path"):
        own = [v for v in versions if v.report.body_id == body.pk]
        if own:
            bodies.append({"body": body, "versions": own})
    topic = CatalogTopic.objects.filter(code=LEGACY_TOPIC).first()
    older = (public_publications().filter(topic__path__startswith=topic.path).order_by("-published_at")[:50]
             if topic else [])
    return render(request, "portal/reports/list.html", {"column": COLUMN, "bodies": bodies, "older": older})


def _version(pk) -> ReportVersion:
    version = ReportVersion.objects.select_related("report__body__unit").filter(pk=pk).first()
    if version is None:
        raise Http404("该年度报告不存在")
    return version


def annual_report(request, pk):
    version = _version(pk)
    report = version.report
    history = list(selectors.versions_of(report))
    doc = version.document
    adjusted = {(a["section"], a["row_key"], a["column_key"]) for a in doc["adjustments"]}
    sections = [("一", "一、总体情况"), ("五", "五、存在的主要问题及改进情况"), ("六", "六、其他需要报告的事项")]
    return render(request, "portal/reports/detail.html", {
        "column": COLUMN, "version": version, "doc": doc, "history": history, "current": history[0],
        "tables": selectors.tables(doc["figures"], adjusted=adjusted),
        "text": {key: [p for p in doc["narrative"].get(key, "").split("\n") if p.strip()] for key, _ in sections},
        "titles": dict(sections), "date": chinese_date(date.fromisoformat(doc["date"]))})


def annual_report_file(request, pk, ext):
    return file_response(_version(pk), ext)
