"""Forms of the mailbox workbench. They parse input only; the rules and their Chinese messages are
in interaction/services/, so the portal, the API and these pages say the same thing."""

from datetime import UTC, date

from django import forms
from django.core.exceptions import ValidationError

from gongkai.interaction import services
from gongkai.interaction.models import Kind, LetterChannel, LetterTopic

from .applications import EntryForm, StepForm
from .core import unit_choices

STAFF_CHANNELS = [(c.value, c.label) for c in LetterChannel if c != LetterChannel.WEBSITE]
DATE = {"type": "date"}


def _topics():
    return [("", "请选择")] + [(t.pk, t.name) for t in LetterTopic.objects.filter(is_active=True)]


class LetterEntryForm(forms.Form):
    """Staff entry of a letter that came by Weibo, WeChat, QQ, phone, a visit, the 12345 hotline
    or a higher office (a call or a visit is written down here)."""

    GROUPS = [
        ("收信", ["body", "channel", "received_at"]),
        ("来信", ["kind", "topic", "subject", "content"]),
        ("来信人", ["writer_name", "phone", "email", "wants_reply", "consent_publish"]),
    ]
    MARKED = {"body", "channel", "received_at", "kind", "topic", "subject", "content"}

    body = forms.TypedChoiceField(label="收信机关", coerce=int)
    channel = forms.ChoiceField(label="来信渠道", choices=[("", "请选择")] + STAFF_CHANNELS)
    received_at = forms.DateTimeField(
        label="收信时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="来电、来访为当时；热线和上级转办为本机关收到转办单之时。答复期限自收信次一工作日起算")
    kind = forms.ChoiceField(label="来信类型", required=False, choices=[("", "请选择")] + Kind.choices)
    topic = forms.ChoiceField(label="来信分类", required=False)
    subject = forms.CharField(label="标题", required=False, max_length=services.SUBJECT_MAX)
    content = forms.CharField(label="来信内容", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=services.CONTENT_MAX, help_text="来电、来访请如实记录来信人所述")
    writer_name = forms.CharField(label="来信人姓名", required=False, max_length=100,
                                  help_text="咨询和建议可以不署名")
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    email = forms.CharField(label="电子邮箱", required=False, max_length=254)
    wants_reply = forms.BooleanField(label="来信人需要答复", required=False, initial=True)
    consent_publish = forms.BooleanField(label="来信人同意去除个人信息后公开来信及答复", required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, b.letter_name) for b in bodies]
        self.fields["topic"].choices = _topics()
        for name, field in self.fields.items():
            field.marked = name in self.MARKED
            if field.required:
                verb = "请选择" if isinstance(field, forms.ChoiceField) else "请填写"
                field.error_messages["required"] = f"{verb}{field.label}"

    def clean_received_at(self):
        # The dates themselves are checked by the service (registration window); only what cannot
        # be compared at all (year 1 has no UTC equivalent) is refused here.
        value = self.cleaned_data["received_at"]
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ValidationError("收信时间不正确") from None
        return value

    def clean(self):
        data = super().clean()
        try:
            services.clean_letter(data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        return data

    def groups(self):
        return [(title, [(self[name], name in self.MARKED) for name in names]) for title, names in self.GROUPS]


# --- One small form per step of the letter page ------------------------------------------------

class AssignForm(StepForm):
    unit = forms.TypedChoiceField(label="承办单位", coerce=int)
    handler = forms.TypedChoiceField(label="承办人", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, units=(), handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(units)
        self.fields["handler"].choices = [("", "暂不指定")] + [
            (u.pk, f"{u.display_name}（{u.unit.name if u.unit_id else '未分配单位'}）") for u in handlers]


class ReplyForm(StepForm):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                           help_text="答复将显示在来信人的查询页面；需要审核的，经政务公开办审核后显示")


class EmptyForm(StepForm):
    pass


class ReturnForm(StepForm):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(StepForm):
    note = forms.CharField(label="办结说明（选填）", required=False, max_length=200)


class NoteForm(StepForm):
    text = forms.CharField(label="备注内容", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="内部备注不对来信人公开")


class PublishForm(StepForm):
    public_subject = forms.CharField(label="公开标题", max_length=services.SUBJECT_MAX)
    public_content = forms.CharField(label="公开的来信内容", widget=forms.Textarea(attrs={"rows": 6}))
    public_reply = forms.CharField(label="公开的答复内容", widget=forms.Textarea(attrs={"rows": 6}))


class UnpublishForm(StepForm):
    reason = forms.CharField(label="撤回理由", max_length=200)


class ToApplicationForm(EntryForm):
    """Art. 29 fields of the application a letter becomes; channel and dates come from the letter."""

    GROUPS = [
        ("承办", ["unit"]),
        ("申请人", ["applicant_kind", "name", "phone", "email", "address", "postcode"]),
        ("申请人为自然人时填写", ["id_type", "id_number"]),
        ("申请人为法人或其他组织时填写", ["credit_code", "legal_representative", "contact_name"]),
        ("所需信息", ["description", "document_number", "purpose", "items", "medium", "collection"]),
    ]
    MARKED = {"unit", "applicant_kind", "name", "phone", "description"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("channel", "submitted_at", "received_on"):
            del self.fields[name]


class FromApplicationForm(StepForm):
    kind = forms.ChoiceField(label="转为", choices=[(k.value, k.label) for k in services.FROM_APPLICATION_KINDS],
                             widget=forms.RadioSelect)
    topic = forms.TypedChoiceField(label="来信分类", coerce=int)
    subject = forms.CharField(label="来信标题", required=False, max_length=services.SUBJECT_MAX,
                              help_text="留空则为“由政府信息公开申请……转来”")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _topics()


class StatsForm(forms.Form):
    start = forms.DateField(label="收信日期自", required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def period(self, day: date) -> tuple[date, date]:
        """The chosen period; this year up to today unless said otherwise."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or date(day.year, 1, 1)
        end = data.get("end") or (day if start.year == day.year else date(start.year, 12, 31))
        return start, end

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "结束日期不能早于开始日期")
        return data
