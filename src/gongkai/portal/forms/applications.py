"""Forms of the public side of disclosure on application: the apply form, the tracking lookup and
the satisfaction question. The services decide what is valid (applications.services.clean_*);
these forms only carry the input, group it as a citizen reads it, and put the services' Chinese
messages next to the fields they concern."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from gongkai.applications import services
from gongkai.applications.models import ApplicantKind, Collection, IdType, Medium
from gongkai.core.models import DisclosureBody

PERSON, ORG = "person", "org"
ORG_KINDS = [(k.value, k.label) for k in ApplicantKind if k != ApplicantKind.PERSON]

PERSON_FIELDS = ["person_name", "id_type", "id_number"]
ORG_FIELDS = ["org_kind", "org_name", "credit_code", "legal_representative", "contact_name"]
CONTACT_FIELDS = ["phone", "email", "address", "postcode"]
REQUEST_FIELDS = ["description", "document_number", "purpose", "items", "medium", "collection"]
# Required by the law for the chosen kind (the service checks them); marked with * on the page.
MARKED = {"person_name", "id_type", "id_number", "org_kind", "org_name", "credit_code", "legal_representative",
          "contact_name", "phone", "description"}

CONSENT_TEXT = ("本人承诺所填信息真实、准确，所附身份证明材料真实有效，"
                "并对所填信息的真实性负责；知悉提供虚假信息应承担相应的法律责任。")


def _text(label, max_length, help_text="", **attrs):
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text,
                           widget=forms.TextInput(attrs=attrs),
                           error_messages={"max_length": f"{label}不能超过 %(limit_value)d 个字"})


class ApplyForm(forms.Form):
    """Every applicant field is optional here: the service says what is missing, in one pass, with
    the same words the staff entry form and the API use."""

    body = forms.ModelChoiceField(
        label="向哪个机关申请", queryset=DisclosureBody.objects.none(), empty_label=None,
        help_text="向掌握所需信息的机关提出申请；分局的信息请选择相应分局",
        error_messages={"required": "请选择受理机关", "invalid_choice": "请选择受理机关"})
    applicant_type = forms.ChoiceField(
        label="申请人类型", choices=[(PERSON, "自然人"), (ORG, "法人或其他组织")], initial=PERSON,
        widget=forms.RadioSelect, error_messages={"required": "请选择申请人类型",
                                                  "invalid_choice": "请选择申请人类型"})

    # 自然人
    person_name = _text("姓名", 100, autocomplete="name")
    id_type = forms.ChoiceField(label="证件类型", required=False, initial=IdType.RESIDENT_ID,
                                choices=[("", "请选择")] + list(IdType.choices),
                                error_messages={"invalid_choice": "请选择证件类型"})
    id_number = _text("证件号码", 40, autocomplete="off", spellcheck="false")

    # 法人或其他组织
    org_kind = forms.ChoiceField(label="组织类型", required=False, choices=[("", "请选择")] + ORG_KINDS,
                                 error_messages={"invalid_choice": "请选择组织类型"})
    org_name = _text("单位名称", 100, autocomplete="organization")
    credit_code = _text("统一社会信用代码", 18, "18位，含最后一位校验码", autocomplete="off", spellcheck="false")
    legal_representative = _text("法定代表人或负责人", 40)
    contact_name = _text("联系人", 40)

    # 联系方式 (both kinds)
    phone = _text("联系电话", 30, "手机号码或带区号的固定电话", autocomplete="tel", inputmode="tel")
    email = _text("电子邮箱", 254, "选择以电子邮件获取信息时请填写", autocomplete="email", inputmode="email")
    address = _text("通信地址", 200, "选择邮寄获取信息时请填写", autocomplete="street-address")
    postcode = _text("邮政编码", 6, "", autocomplete="postal-code", inputmode="numeric")

    # 所需信息 (Art. 29)
    description = forms.CharField(
        label="所需信息的内容描述", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明所需政府信息的名称、文号或者便于查询的其他特征性描述（《政府信息公开条例》第二十九条），"
                  "如制作机关、大致时间、涉及的事项或地点。",
        error_messages={"max_length": "内容描述不能超过 %(limit_value)d 个字"})
    document_number = _text("文件名称、文号", 200, "知道的请填写，如：明公〔2025〕12号；不知道可不填")
    purpose = _text("用途（选填）", 200, "法律不要求说明用途，可不填")
    items = forms.CharField(label="申请信息件数", required=False, initial="1", max_length=3,
                            help_text="一份申请所涉及的政府信息份数",
                            widget=forms.NumberInput(attrs={"min": 1, "max": 999}))
    medium = forms.ChoiceField(label="获取信息的载体形式", required=False, choices=Medium.choices,
                               initial=Medium.PAPER,
                               error_messages={"invalid_choice": "请选择获取信息的载体形式"})
    collection = forms.ChoiceField(label="获取信息的方式", required=False, choices=Collection.choices,
                                   initial=Collection.POST,
                                   error_messages={"invalid_choice": "请选择获取信息的方式"})

    identity_proof = forms.FileField(
        label="身份证明文件（选填）", required=False,
        help_text="身份证件或营业执照等的扫描件或照片，PDF、PNG 或 JPEG 格式，不超过 5 MB。"
                  "如页面提示有错误，请重新选择文件。",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        error_messages={"invalid": "请重新选择身份证明文件", "empty": "所选文件是空的，请重新选择"})
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True,
                                 error_messages={"required": "请阅读并勾选承诺后再提交"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
        self.fields["body"].queryset = bodies
        for name in MARKED:
            self.fields[name].marked = True
        # The city body comes first in unit order: it is the default.
        first = bodies.first()
        if first is not None:
            self.fields["body"].initial = first.pk

    def clean_identity_proof(self):
        upload = self.cleaned_data.get("identity_proof")
        if upload and upload.size > settings.GONGKAI_IDENTITY_PROOF_MAX_BYTES:
            # Checked before reading, so an oversized file is never loaded into memory.
            raise ValidationError("身份证明文件不能超过 5 MB")
        if upload:
            try:
                services.check_identity_proof(upload.read())
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["identity_proof"]) from None
            finally:
                upload.seek(0)
        return upload

    @property
    def upload_refused(self) -> bool:
        """A file was sent and refused (too large, not a PDF or an image, empty)."""
        return bool(self.files.get("identity_proof")) and "identity_proof" in self.errors

    def groups(self) -> dict:
        """The fields as the page shows them, under their headings."""
        return {name: [self[f] for f in fields] for name, fields in [
            ("person", PERSON_FIELDS), ("org", ORG_FIELDS), ("contact", CONTACT_FIELDS), ("request", REQUEST_FIELDS)]}

    # --- Between the form and the service ---------------------------------------------------

    @property
    def is_org(self) -> bool:
        return (self.data.get("applicant_type") or PERSON) == ORG

    def service_data(self) -> dict:
        """The dict `services.submit_online` takes, from what was typed; only the chosen kind's
        group is passed, so a half-filled other group cannot leak into the application."""
        raw = {name: (self.data.get(name) or "") for name in self.fields if name not in ("body", "identity_proof")}
        data = {name: raw[name] for name in CONTACT_FIELDS + REQUEST_FIELDS}
        if self.is_org:
            data.update(applicant_kind=raw["org_kind"], name=raw["org_name"], credit_code=raw["credit_code"],
                        legal_representative=raw["legal_representative"], contact_name=raw["contact_name"])
        else:
            data.update(applicant_kind=ApplicantKind.PERSON, name=raw["person_name"], id_type=raw["id_type"],
                        id_number=raw["id_number"])
        return data

    def identity_proof_upload(self) -> tuple[str, bytes] | None:
        upload = self.cleaned_data.get("identity_proof")
        if not upload:
            return None
        return upload.name, upload.read()

    def field_for(self, service_field: str) -> str | None:
        """Where a service error about `service_field` is shown on this form."""
        if service_field == "name":
            return "org_name" if self.is_org else "person_name"
        if service_field == "applicant_kind":
            return "org_kind" if self.is_org else "applicant_type"
        return service_field if service_field in self.fields else None

    def apply_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.message_dict.items():
            target = self.field_for(field)
            if target is not None and target in self.errors:
                continue  # the form's own message for that field already stands
            if field == "applicant_kind" and target == "org_kind":
                errors = ["请选择法人或其他组织的类型"]
            self.add_error(target, errors)

    def precheck(self) -> None:
        """Run the services' checks without writing, so every problem shows at once."""
        errors: dict[str, list[str]] = {}
        data = self.service_data()
        for check in (services.clean_applicant, services.clean_request):
            try:
                check(data)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            self.apply_service_errors(ValidationError(errors))


class TrackForm(forms.Form):
    tracking_number = forms.CharField(
        label="受理编号", max_length=30, help_text="回执上的受理编号，如 350400-2026-0001",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写受理编号", "max_length": "受理编号不正确"})
    query_code = forms.CharField(
        label="查询码", max_length=20, help_text="提交申请时页面显示、回执中载明的 8 位查询码",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写查询码", "max_length": "查询码不正确"})


class SatisfactionForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="您对本次申请的办理是否满意？", widget=forms.RadioSelect,
        choices=[("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")],
        error_messages={"required": "请选择满意程度", "invalid_choice": "请选择满意程度"})
    comment = forms.CharField(label="意见和建议（选填）", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": "意见不能超过 %(limit_value)d 个字"})
