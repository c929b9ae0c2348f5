"""Serializers of the bulletins' and guides' API. Fields listed explicitly: nothing of the staff
side leaks by default."""

from django.urls import reverse
from rest_framework import serializers

from gongkai.bulletins.models import Bulletin, GuideCategory, GuideForm, ServiceGuide


class PublicBulletinSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.unit.code")
    body_name = serializers.CharField(source="body.letter_name")
    week_end = serializers.DateField()
    total = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = ["id", "body", "body_name", "year", "week", "week_start", "week_end", "criminal", "public_order",
                  "traffic", "fire", "total", "comparison", "notable_cases", "prevention_advice", "version",
                  "correction_note", "published_at", "url"]

    def get_url(self, bulletin) -> str:
        return reverse("portal:bulletin", args=[bulletin.pk])


class StaffBulletinSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.unit.code", read_only=True, help_text="公开主体的单位代码")
    created_by = serializers.CharField(source="created_by.display_name", read_only=True)
    published_by = serializers.CharField(source="published_by.display_name", read_only=True, default=None)

    class Meta:
        model = Bulletin
        fields = ["id", "body", "year", "week", "week_start", "version", "criminal", "public_order", "traffic", "fire",
                  "comparison", "notable_cases", "prevention_advice", "status", "replaces", "correction_note",
                  "return_note", "created_by", "created_at", "published_by", "published_at", "withdrawn_at",
                  "withdraw_reason"]
        read_only_fields = ["year", "week", "week_start", "version", "status", "replaces", "correction_note",
                            "return_note", "created_at", "published_at", "withdrawn_at", "withdraw_reason"]


class StaffBulletinCreateSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="公开主体的单位代码，如 350404")
    year = serializers.IntegerField()
    week = serializers.IntegerField()
    criminal = serializers.IntegerField(min_value=0)
    public_order = serializers.IntegerField(min_value=0)
    traffic = serializers.IntegerField(min_value=0)
    fire = serializers.IntegerField(min_value=0)
    comparison = serializers.CharField(required=False, allow_blank=True, default="")
    notable_cases = serializers.CharField(required=False, allow_blank=True, default="")
    prevention_advice = serializers.CharField(required=False, allow_blank=True, default="")


class BulletinActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, help_text="退回意见或更正说明")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="撤回理由")


class GuideCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = GuideCategory
        fields = ["code", "name"]


class GuideFormSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = GuideForm
        fields = ["id", "original_name", "kind", "size", "url"]

    def get_url(self, form) -> str:
        return reverse("portal:guide_form", args=[form.guide_id, form.pk])


class PublicGuideSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    unit = serializers.CharField(source="unit.name")
    forms = GuideFormSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ServiceGuide
        fields = ["id", "name", "category", "category_name", "kind", "legal_basis", "conditions", "materials",
                  "procedure", "statutory_days", "promised_days", "time_limit_note", "charges", "fee", "fee_basis",
                  "handling_unit", "place", "hours", "phone", "unit", "published_at", "updated_at", "forms", "url"]

    def get_url(self, guide) -> str:
        return reverse("portal:guide_detail", args=[guide.pk])


class StaffGuideSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", help_text="责任单位 id")
    category = serializers.SlugRelatedField(slug_field="code", queryset=GuideCategory.objects.all())
    materials = serializers.ListField(child=serializers.CharField(), help_text="申请材料，每项一个字符串")

    class Meta:
        model = ServiceGuide
        fields = ["id", "unit", "name", "category", "kind", "legal_basis", "conditions", "materials", "procedure",
                  "statutory_days", "promised_days", "time_limit_note", "charges", "fee", "fee_basis",
                  "handling_unit", "place", "hours", "phone", "status", "published_at", "withdrawn_at",
                  "withdraw_reason"]
        read_only_fields = ["status", "published_at", "withdrawn_at", "withdraw_reason"]
