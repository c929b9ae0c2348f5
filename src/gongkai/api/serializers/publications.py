"""Serializers of the proactive disclosure API. The public one lists its fields explicitly
(privacy-lessons.md: no field leaks by default)."""

from rest_framework import serializers

from gongkai.publications import selectors
from gongkai.publications.models import CatalogTopic, Genre, Publication, PublicationChannel, Reevaluation


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = CatalogTopic
        fields = ["id", "code", "name", "parent"]


class PublicPublicationSerializer(serializers.ModelSerializer):
    """Public fields only, listed explicitly (privacy-lessons.md: no field leaks by default)."""

    publishing_unit = serializers.CharField(source="unit.name")
    disclosure_body = serializers.CharField(source="body.unit.code")
    topic = serializers.CharField(source="topic.name")
    genre = serializers.CharField(source="genre.name", default=None)
    channels = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    url = serializers.SerializerMethodField()
    interprets = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = ["id", "index_number", "title", "summary", "body_text", "document_number", "publishing_unit",
                  "disclosure_body", "topic", "genre", "keywords", "channels", "created_on", "published_at",
                  "validity", "valid_from", "valid_until", "repealed_on", "correction_note", "corrected_at",
                  "interprets", "url"]

    def get_url(self, pub) -> str:
        return f"/xxgk/{pub.pk}/"

    def get_interprets(self, pub) -> int | None:
        if pub.interprets_id and selectors.public_publications().filter(pk=pub.interprets_id).exists():
            return pub.interprets_id
        return None


class WithdrawnPublicationSerializer(serializers.ModelSerializer):
    """What stays public of an enforcement decision withdrawn because it was changed or revoked
    (`selectors.STATEMENT_FIELDS`): which decision it was and the statement, never its text."""

    publishing_unit = serializers.CharField(source="unit.name")
    topic = serializers.CharField(source="topic.name")
    withdrawn = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = ["id", "withdrawn", "index_number", "title", "document_number", "publishing_unit", "topic",
                  "published_at", "withdrawn_at", "decision_change", "decision_changed_on", "withdrawal_statement",
                  "url"]

    def get_withdrawn(self, pub) -> bool:
        return True

    def get_url(self, pub) -> str:
        return f"/xxgk/{pub.pk}/"


class StaffPublicationSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(read_only=True)
    channels = serializers.SlugRelatedField(slug_field="code", many=True, queryset=PublicationChannel.objects.all(),
                                            required=False)
    topic = serializers.SlugRelatedField(slug_field="code", queryset=CatalogTopic.objects.all())
    genre = serializers.SlugRelatedField(slug_field="name", queryset=Genre.objects.all(), required=False,
                                         allow_null=True)
    interprets = serializers.PrimaryKeyRelatedField(queryset=Publication.objects.all(), required=False,
                                                    allow_null=True)

    class Meta:
        model = Publication
        fields = ["id", "unit", "title", "summary", "body_text", "document_number", "created_on", "topic", "genre",
                  "keywords", "channels", "full_text_electronic", "legal_form", "validity", "valid_from",
                  "valid_until", "repealed_on", "interprets", "attribute", "attribute_basis", "attribute_reason",
                  "status", "current_step", "index_number", "published_at", "publish_due_on",
                  "publish_due_provisional", "version", "decision_change", "decision_changed_on",
                  "decision_change_document", "withdraw_due_on", "withdraw_due_provisional", "withdrawn_at",
                  "withdrawal_statement"]
        read_only_fields = ["status", "current_step", "index_number", "published_at", "publish_due_on",
                            "publish_due_provisional", "version", "decision_change", "decision_changed_on",
                            "decision_change_document", "withdraw_due_on", "withdraw_due_provisional",
                            "withdrawn_at", "withdrawal_statement"]


class StaffCreateSerializer(StaffPublicationSerializer):
    unit = serializers.IntegerField(help_text="发布机构（单位 id）")

    class Meta(StaffPublicationSerializer.Meta):
        pass


class ActionSerializer(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, help_text="approve、reject：审核意见（退回时必填）")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="withdraw：撤回理由；reevaluate：评审理由")
    decision = serializers.ChoiceField(required=False, choices=Reevaluation.Decision.choices,
                                       help_text="reevaluate：评审结论")
    statement = serializers.CharField(
        required=False, allow_blank=True,
        help_text="withdraw：撤回说明，公开显示在原信息网址和目录中；已登记被依法变更、撤销、确认违法或确认无效的"
                  "行政执法决定必填（行政处罚法第四十八条第二款），其他信息不填")
    change = serializers.ChoiceField(required=False, choices=Publication.DecisionChange.choices,
                                     help_text="record_decision_change：决定被依法变更、撤销、确认违法或确认无效")
    changed_on = serializers.DateField(required=False, help_text="record_decision_change：变更、撤销或确认之日，"
                                                                 "三个工作日的撤回期限由此起算")
    document = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                     help_text="record_decision_change：作出机关及文书（如复议决定书、判决书文号）")
