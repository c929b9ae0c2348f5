"""API of the annual report: the published reports as published (frozen), never recomputed."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core.models import DisclosureBody
from gongkai.reports import selectors


class ReportRowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="官方格式的行名称，如“一、本年新收政府信息公开申请数量”“1.属于国家秘密”")
    group = serializers.CharField(required=False, help_text="三：所属大类，如“（三）不予公开”；四：“行政诉讼”或空")
    block = serializers.CharField(required=False, help_text="二：所属项，如“第二十条第（一）项”")
    values = serializers.DictField(child=serializers.FloatField(),
                                   help_text="按官方列名：三为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计；"
                                             "四为 结果维持、结果纠正、其他结果、尚未审结、总计；二为各项的列名")


class ReportSectionsSerializer(serializers.Serializer):
    二 = ReportRowSerializer(many=True, help_text="主动公开政府信息情况")
    三 = ReportRowSerializer(many=True, help_text="收到和处理政府信息公开申请情况（不含无数字的标题行）")
    四 = ReportRowSerializer(many=True, help_text="政府信息公开行政复议、行政诉讼情况")


class AnnualReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    body = serializers.DictField(help_text="公开主体：code 单位代码，name 名称")
    with_branches = serializers.BooleanField(help_text="是否为含下级机关的汇总报告")
    title = serializers.CharField()
    version = serializers.IntegerField(help_text="版本号；大于 1 表示已更正")
    published_at = serializers.DateTimeField()
    correction = serializers.CharField(help_text="更正说明")
    sections = ReportSectionsSerializer()
    text = serializers.DictField(help_text="opening 开头说明；一、五、六 各部分正文")
    adjustments = serializers.ListField(child=serializers.DictField(), help_text="人工调整的单元格及原因")
    files = serializers.DictField(help_text="pdf、docx、xlsx 下载地址")


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
