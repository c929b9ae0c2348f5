"""`GET /api/v1/search/`: the portal's search as JSON, same parameters, same Chinese messages.

Anonymous and without a session (nothing here depends on who asks). Answers are revalidated on
every request (max-age=0) so a withdrawn item is gone at once; errors are not stored at all."""

from django.utils.cache import add_never_cache_headers, patch_cache_control
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.search.params import read_params, run
from gongkai.search.query import MAX_PER_PAGE, PER_PAGE, SearchError
from gongkai.search.sources import KIND_CODES

from ..serializers.search import (
    KINDS,
    SearchErrorSerializer,
    SearchPageSerializer,
)


@extend_schema(
    tags=["全站搜索"], summary="全站搜索",
    description="检索已公开的信息、办事指南、互动交流问答、警情通报和年度报告。多个词用空格隔开，结果须同时包含各词；"
                "引号内为完整短语；可直接输入文号。查询内容为空、过长或无可检索的字，以及参数不正确时返回 400。",
    parameters=[
        OpenApiParameter("q", str, required=True, description="搜索内容，不超过 100 字"),
        OpenApiParameter("kind", str, enum=list(KIND_CODES), description=f"内容类型：{KINDS}"),
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
