from rest_framework import serializers

from gongkai.core import bounds
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear, DisclosureBody, Unit, User
from gongkai.core.workdays import MAX_DAYS


class WorkdaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="起算日（该日不计入），YYYY-MM-DD",
                                  error_messages={"invalid": "start 不是有效日期，请使用 YYYY-MM-DD 格式",
                                                  "required": "缺少参数 start（起算日，YYYY-MM-DD）"})
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, help_text="工作日数",
                                    error_messages={"invalid": "days 必须是整数",
                                                    "required": "缺少参数 days（工作日数）",
                                                    "min_value": "days 不能为负数",
                                                    "max_value": f"days 不能超过 {MAX_DAYS}"})
    region = serializers.ChoiceField(choices=["CN", "GX", "XZ", "XJ", "NX"], required=False, default="CN",
                                     help_text="节假日地区，默认全国（CN）",
                                     error_messages={"invalid_choice": "region 不是已知的地区代码"})

    def validate_start(self, start):
        if not bounds.date_in_range(start):
            raise serializers.ValidationError(bounds.DATE_MESSAGE)
        return start


class WorkdaysResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    due = serializers.DateField(help_text="期限届满日")
    provisional = serializers.BooleanField(help_text="为 true 时期间含尚未录入节假日安排的年份，按周一至周五并扣除法定节假日暂定")


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]


class CalendarYearSerializer(serializers.ModelSerializer):
    days = CalendarDaySerializer(many=True, read_only=True)

    class Meta:
        model = CalendarYear
        fields = ["region", "year", "source", "days"]


class DisclosureBodySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = DisclosureBody
        fields = ["code", "letter_name", "org_code", "address", "postcode", "phone", "email", "office_hours",
                  "reconsideration_authority"]


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    is_disclosure_body = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "level", "parent", "is_active", "is_disclosure_body"]

    def get_is_disclosure_body(self, unit) -> bool:
        return hasattr(unit, "body")


class MeSerializer(serializers.ModelSerializer):
    unit = UnitSerializer(read_only=True)
    roles = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["username", "name", "unit", "roles", "must_change_password"]


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "at", "actor_name", "unit_name", "action", "object_type", "object_id", "object_repr",
                  "before", "after", "ip", "prev_hash", "hash"]


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)  # no account's name is longer (core.User)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                help_text="身份验证器上的 6 位数字，或一个恢复码（双因素认证）")
