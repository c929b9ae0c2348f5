"""Serializers of the site search's API: a page of hits, an error."""

from rest_framework import serializers

from gongkai.search.models import Kind
from gongkai.search.sources import KIND_CODES

from ..schema import choices_text

KINDS = choices_text((kind, Kind(kind).label) for kind in KIND_CODES)


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="标题（纯文本）")
    url = serializers.CharField(help_text="门户页面地址（站内路径）")
    kind = serializers.CharField(help_text=f"内容类型：{KINDS}")
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
