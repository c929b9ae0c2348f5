"""API of the annual report. Public: the published reports as published (frozen), never
recomputed. Staff: the working copies in their scope, through the same services as the pages."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core.models import DisclosureBody
from gongkai.reports import annual, selectors, services

from ..serializers.reports import (
    AnnualReportSerializer,
    StaffReportActionSerializer,
    StaffReportOpenSerializer,
    StaffReportSerializer,
    StaffReportSummarySerializer,
)


@extend_schema(
    tags=["年度报告"], summary="政府信息公开工作年度报告（已公布的版本）",
    parameters=[OpenApiParameter("body", str, description="公开主体的单位代码；不填为最上级的公开主体"),
                OpenApiParameter("with_branches", bool, description="为 true 时取含下级机关的汇总报告")],
    responses={200: AnnualReportSerializer})
class AnnualReportView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request, year: int):
        bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
        code = request.query_params.get("body", "").strip()
        body = bodies.filter(unit__code=code).first() if code else bodies.first()
        if body is None:
            raise NotFound("未找到该公开主体")
        with_branches = request.query_params.get("with_branches", "").lower() in ("1", "true", "yes")
        version = (selectors.public_versions()
                   .filter(report__body=body, report__year=year, report__with_branches=with_branches).first())
        if version is None:
            raise NotFound(f"{body.letter_name}{year}年度报告尚未公布")
        data = selectors.api_document(version)
        data["files"] = {ext: request.build_absolute_uri(reverse("portal:annual_report_file", args=[version.pk, ext]))
                         for ext in ("pdf", "docx", "xlsx")}
        return Response(data)


# --- Staff: the working copies, through the same services as the workbench pages ----------------

def _staff_detail(report) -> dict:
    figs = services.figures(report)
    return {
        "id": report.pk, "title": services.title(report), "year": report.year, "with_branches": report.with_branches,
        "body": {"code": report.body.unit.code, "name": report.body.letter_name},
        "text": {section: getattr(report, field) for section, field in services.NARRATIVE.items()},
        "figures": annual.to_dict(figs.report)["sections"],
        "checks": {"passed": not figs.failures, "previous_year_checked": figs.previous_checked,
                   "failures": [{"rule": f.rule, "section": f.section, "message": f.message, "expected": f.expected,
                                 "actual": f.actual, "cells": [list(c) for c in f.cells]} for f in figs.failures]},
        "adjustments": [{"section": s, "row": r, "column": c, "computed": annual.json_number(cell.value),
                         "value": annual.json_number(adj.value), "reason": adj.reason}
                        for (s, r, c), (cell, adj) in figs.adjusted.items()],
        "versions": [{"number": v.number, "published_at": v.published_at, "correction": v.correction}
                     for v in selectors.versions_of(report)],
    }


def _unadjust(user, report, d):
    adjustment = report.adjustments.filter(section=d.get("section"), row=d.get("row"), column=d.get("column")).first()
    if adjustment is None:
        raise ValidationError({"detail": ["该单元格没有人工调整"]})
    services.remove_adjustment(actor=user, adjustment=adjustment)


ACTIONS = {
    "text": lambda u, r, d: services.save_text(actor=u, report=r, overview=d.get("overview", r.overview),
                                                problems=d.get("problems", r.problems),
                                                other_matters=d.get("other_matters", r.other_matters)),
    "adjust": lambda u, r, d: services.adjust(actor=u, report=r, section=d.get("section", ""), row=d.get("row", ""),
                                              column=d.get("column", ""), value=d.get("value", ""),
                                              reason=d.get("reason", "")),
    "unadjust": _unadjust,
    "publish": lambda u, r, d: services.publish(actor=u, report=r, correction=d.get("correction", "")),
}


class StaffReportList(APIView):
    @extend_schema(tags=["工作人员"], summary="年度报告（本人权限范围内的公开主体）",
                   responses={200: StaffReportSummarySerializer(many=True)}, operation_id="staff_annual_reports_list")
    def get(self, request):
        reports = selectors.staff_reports(request.user).annotate(n=Count("versions")).order_by("-year", "body__unit__path")
        return Response([{"id": r.pk, "title": services.title(r), "year": r.year, "with_branches": r.with_branches,
                          "body": r.body.unit.code, "versions": r.n} for r in reports])

    @extend_schema(tags=["工作人员"], summary="编制或打开某公开主体某年度的报告", request=StaffReportOpenSerializer,
                   responses={201: StaffReportSerializer}, operation_id="staff_annual_report_open")
    def post(self, request):
        serializer = StaffReportOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        body = DisclosureBody.objects.select_related("unit").filter(unit__code=d["body"]).first()
        if body is None:
            raise ValidationError({"body": ["未找到该公开主体"]})
        report = services.open_report(actor=request.user, body=body, year=d["year"],
                                      with_branches=d["with_branches"])
        return Response(_staff_detail(report), status=201)


class StaffReportDetail(APIView):
    @extend_schema(tags=["工作人员"], summary="年度报告工作稿：按记录重新统计的数字、校验结果、文字、调整和已公布版本",
                   responses={200: StaffReportSerializer}, operation_id="staff_annual_report_detail")
    def get(self, request, pk):
        return Response(_staff_detail(get_object_or_404(selectors.staff_reports(request.user), pk=pk)))


class StaffReportAction(APIView):
    @extend_schema(
        tags=["工作人员"], request=StaffReportActionSerializer, responses={200: StaffReportSerializer},
        operation_id="staff_annual_report_action", summary="年度报告操作：" + "、".join(ACTIONS),
        description="text 保存文字部分；adjust 人工调整一个单元格（填报数和原因）；unadjust 撤销调整；"
                    "publish 校验通过后公布（重新公布须写更正说明；未通过校验返回 400 并列出原因）。回答为操作后的工作稿。")
    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise ValidationError({"detail": ["未知的操作"]})
        report = get_object_or_404(selectors.staff_reports(request.user), pk=pk)
        serializer = StaffReportActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ACTIONS[action](request.user, report, serializer.validated_data)
        report.refresh_from_db()
        return Response(_staff_detail(report))
