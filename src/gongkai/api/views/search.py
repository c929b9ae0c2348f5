"""`GET /api/v1/search/`: the portal's search as JSON, same parameters, same Chinese messages.

Anonymous and without a session (nothing here depends on who asks). Answers are revalidated on
every request (max-age=0) so a withdrawn item is gone at once; errors are not stored at all."""

from django.utils.cache import add_never_cache_headers, patch_cache_control
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.search.models import Kind
from gongkai.search.params import read_params, run
from gongkai.search.query import MAX_PER_PAGE, PER_PAGE, SearchError
from gongkai.search.sources import KIND_CODES

_KINDS = "；".join(f"{kind}＝{Kind(kind).label}" for kind in KIND_CODES)


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="标题（纯文本）")
    url = serializers.CharField(help_text="门户页面地址（站内路径）")
    kind = serializers.CharField(help_text=f"内容类型：{_KINDS}")
    kind_label = serializers.CharField(help_text="内容类型名称")
    date = serializers.DateField(help_text="发布日期（北京时间）")
    snippet = serializers.CharField(
        help_text="摘要，HTML：原文经转义，命中的词以 <mark> 标出；不含原文中的任何标签")


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="命中条数，超过上限时为上限（默认 10000）")
    count_capped = serializers.BooleanField(help_text="命中条数超过上限（显示为“10,000+”）")
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    results = SearchHitSerializer(many=True)


class SearchErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="中文错误说明")
    code = serializers.CharField(help_text="错误代码，如 empty、too_long、no_terms、invalid_page")


@extend_schema(
    tags=["全站搜索"], summary="全站搜索",
    description="检索已公开的信息、办事指南、互动交流问答、警情通报和年度报告。多个词用空格隔开，结果须同时包含各词；"
                "引号内为完整短语；可直接输入文号。查询内容为空、过长或无可检索的字，以及参数不正确时返回 400。",
    parameters=[
        OpenApiParameter("q", str, required=True, description="搜索内容，不超过 100 字"),
        OpenApiParameter("kind", str, enum=list(KIND_CODES), description=f"内容类型：{_KINDS}"),
        OpenApiParameter("topic", str, description="主题分类编码（含下级分类），见 /api/v1/topics/"),
        OpenApiParameter("unit", str, description="发布单位代码"),
        OpenApiParameter("body", str, description="公开主体的单位代码"),
        OpenApiParameter("year", int, description="发布年份"),
        OpenApiParameter("sort", str, enum=["relevance", "date"], description="relevance＝相关度（默认）；date＝发布日期"),
        OpenApiParameter("page", int, description="页码，从 1 开始"),
        OpenApiParameter("per_page", int, description=f"每页条数，1–{MAX_PER_PAGE}，默认 {PER_PAGE}"),
    ],
    responses={200: SearchPageSerializer, 400: SearchErrorSerializer})
class SearchView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request):
        try:
            page = run(read_params(request.query_params, per_page=True))
        except SearchError as exc:
            response = Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
            add_never_cache_headers(response)
            return response
        results = [{"title": hit.result.title, "url": hit.result.url, "kind": hit.result.kind,
                    "kind_label": hit.result.kind_label, "date": hit.date, "snippet": str(hit.snippet_html)}
                   for hit in page.hits]
        response = Response(SearchPageSerializer({
            "count": page.count, "count_capped": page.capped, "page": page.page, "per_page": page.per_page,
            "results": results}).data)
        patch_cache_control(response, max_age=0)
        return response
