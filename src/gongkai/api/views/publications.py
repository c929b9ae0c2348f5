"""API of proactive disclosure: public read of published items; staff writes through the same
services as the workbench pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.core.access import scope_units
from gongkai.core.permissions import Capability
from gongkai.publications import selectors, services, workflow
from gongkai.publications.models import CatalogTopic, Genre, Publication, PublicationChannel, Reevaluation

from .. import params as query

P = Publication


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
                  "publish_due_provisional", "version"]
        read_only_fields = ["status", "current_step", "index_number", "published_at", "publish_due_on",
                            "publish_due_provisional", "version"]


class StaffCreateSerializer(StaffPublicationSerializer):
    unit = serializers.IntegerField(help_text="发布机构（单位 id）")

    class Meta(StaffPublicationSerializer.Meta):
        pass


@extend_schema(tags=["主动公开"], summary="已发布的公开信息", parameters=[
    OpenApiParameter("topic", str, description="主题分类编码（含下级）"),
    OpenApiParameter("body", str, description="公开主体单位代码"),
    OpenApiParameter("year", int, description="发布年份")])
class PublicPublicationList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicPublicationSerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.public_publications().prefetch_related("channels").order_by("-published_at", "-id")
        params = self.request.query_params
        if params.get("topic"):
            topic = CatalogTopic.objects.filter(code=params["topic"]).first()
            qs = qs.filter(topic__path__startswith=topic.path) if topic else qs.none()
        if params.get("body"):
            qs = qs.filter(body__unit__code=params["body"])
        if year := query.year(params):
            qs = qs.filter(published_at__year=year)
        return qs


@extend_schema(tags=["主动公开"], summary="一条已发布的公开信息")
class PublicPublicationDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicPublicationSerializer

    def get_queryset(self):
        return selectors.public_publications().prefetch_related("channels")


@extend_schema(tags=["主动公开"], summary="主题分类（目录树）")
class TopicList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = TopicSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.public_topics()


@extend_schema(tags=["工作人员"], summary="公开信息（本人权限范围内）；POST 起草")
class StaffPublicationList(generics.ListCreateAPIView):
    filterset_fields = ["status", "attribute"]

    def get_serializer_class(self):
        return StaffCreateSerializer if self.request.method == "POST" else StaffPublicationSerializer

    def get_queryset(self):
        return selectors.staff_publications(self.request.user).prefetch_related("channels").order_by("-id")

    def create(self, request, *args, **kwargs):
        serializer = StaffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = scope_units(request.user, Capability.PUBLICATIONS_DRAFT).filter(pk=data.pop("unit")).first()
        if unit is None:
            raise PermissionDenied("您不能以该单位的名义起草信息")
        channels = data.pop("channels", None)
        pub = services.create_draft(actor=request.user, unit=unit, channels=channels, **data)
        return Response(StaffPublicationSerializer(pub).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["工作人员"], summary="一条公开信息；PATCH 修改草稿")
class StaffPublicationDetail(generics.RetrieveUpdateAPIView):
    serializer_class = StaffPublicationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.staff_publications(self.request.user)

    def update(self, request, *args, **kwargs):
        pub = self.get_object()
        serializer = StaffPublicationSerializer(pub, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        channels = data.pop("channels", None)
        pub = services.update_draft(actor=request.user, publication=pub, channels=channels, **data)
        return Response(StaffPublicationSerializer(pub).data)


class ActionSerializer(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, help_text="approve、reject：审核意见（退回时必填）")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="withdraw：撤回理由；reevaluate：评审理由")
    decision = serializers.ChoiceField(required=False, choices=Reevaluation.Decision.choices,
                                       help_text="reevaluate：评审结论")


# The steps of `publications.workflow` the API takes under their names: how the request's fields
# become the service's arguments. Which steps exist and when they may be taken is the workflow's.
RUN = {
    "submit_for_review": lambda user, pub, d: services.submit_for_review(actor=user, publication=pub),
    "approve": lambda user, pub, d: services.approve(actor=user, publication=pub, opinion=d.get("opinion", "")),
    "reject": lambda user, pub, d: services.reject(actor=user, publication=pub, opinion=d.get("opinion", "")),
    "withdraw": lambda user, pub, d: services.withdraw(actor=user, publication=pub, reason=d.get("reason", "")),
    "reevaluate": lambda user, pub, d: services.reevaluate(actor=user, publication=pub,
                                                           decision=d.get("decision", ""), reason=d.get("reason", "")),
}
# The others, and where they are taken: the API lists no attachments or findings, takes no files
# and no corrected versions.
ELSEWHERE = {
    "update_draft": "PATCH /api/v1/staff/publications/<id>/",
    "add_attachment": "工作台", "remove_attachment": "工作台", "check_now": "工作台",
    "acknowledge_finding": "工作台", "redact_finding": "工作台", "correct": "工作台",
}
assert RUN.keys() | ELSEWHERE.keys() == workflow.STEPS.keys() and not RUN.keys() & ELSEWHERE.keys()

STEP_LIST = "；".join(f"{name} {workflow.STEPS[name].label}" for name in RUN)
ALIAS_LIST = "；".join(f"{old} → {new}" for old, new in workflow.ALIASES.items())


class StepSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="步骤名：即 POST …/<name>/ 的操作名（工作台办理的步骤除外）")
    label = serializers.CharField(help_text="步骤名称")
    available = serializers.BooleanField(help_text="您现在能否办理这一步")
    reason = serializers.CharField(help_text="不能办理的原因；能办理时为空")


class StaffPublicationSteps(APIView):
    @extend_schema(tags=["工作人员"], responses={200: StepSerializer(many=True)},
                   operation_id="staff_publication_steps", summary="公开信息的办理步骤及当前能否办理",
                   description="按信息的办理顺序列出每一个步骤，以及您现在能否办理、不能办理的原因"
                               "（工作台页面与 POST 操作依据同一规则）。")
    def get(self, request, pk):
        pub = generics.get_object_or_404(selectors.staff_publications(request.user), pk=pk)
        flow = workflow.FLOW
        offered = {o.step.name: o.reason for o in flow.offers(pub, request.user)}
        return Response([{"name": s.name, "label": s.label, "available": offered.get(s.name) == "",
                          "reason": offered[s.name] if s.name in offered
                          else flow.permission_refusal(s.name, pub, request.user)}
                         for s in flow.steps.values()])


class StaffPublicationAction(APIView):
    @extend_schema(tags=["工作人员"], summary="审核流程操作：" + "、".join(RUN),
                   description=f"步骤：{STEP_LIST}。每一步当前能否办理及原因见 GET …/steps/。"
                               f"旧的操作名在本版本内仍可使用（{ALIAS_LIST}），下一版本起停用。"
                               "修改草稿用 PATCH；附件、敏感信息检查与更正在工作台办理。",
                   request=ActionSerializer, responses={200: StaffPublicationSerializer},
                   operation_id="staff_publication_action")
    def post(self, request, pk, action):
        step = workflow.step(action)
        if step is None:
            raise ValidationError({"detail": "未知的操作"})
        if step.name not in RUN:
            raise ValidationError({"detail": f"“{step.label}”不能通过本接口办理：{ELSEWHERE[step.name]}"})
        pub = generics.get_object_or_404(selectors.staff_publications(request.user), pk=pk)
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        RUN[step.name](request.user, pub, data.validated_data)
        pub.refresh_from_db()
        return Response(StaffPublicationSerializer(pub).data)
