from django import forms

from gongkai.core.models import Unit
from gongkai.publications.models import CatalogTopic, Publication, PublicationChannel
from gongkai.publications.selectors import public_publications
from gongkai.publications.workflow import EDITABLE_STATUSES

from .core import unit_choices


class PublicationForm(forms.ModelForm):
    channels = forms.ModelMultipleChoiceField(label="公开渠道", queryset=PublicationChannel.objects.all(), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Publication
        fields = ["unit", "title", "summary", "body_text", "document_number", "created_on", "topic", "genre",
                  "keywords", "channels", "full_text_electronic", "legal_form", "validity", "valid_from",
                  "valid_until", "repealed_on", "interprets", "attribute", "attribute_basis", "attribute_reason"]
        widgets = {
            "created_on": forms.DateInput(attrs={"type": "date"}),
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "repealed_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body_text": forms.Textarea(attrs={"rows": 16}),
            "attribute_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.all()
        self.fields["unit"].queryset = units
        self.fields["unit"].choices = [("", "请选择发布机构")] + unit_choices(units)
        topics = CatalogTopic.objects.filter(is_active=True)
        self.fields["topic"].queryset = topics
        self.fields["topic"].choices = [("", "请选择主题分类")] + [
            (t.pk, "　" * t.depth + t.name + ("（封存，不公开）" if t.is_sealed else "")) for t in topics]
        self.fields["interprets"].queryset = public_publications().filter(interprets__isnull=True)
        self.fields["interprets"].help_text = "本信息是政策解读时，选择它解读的政策文件"
        if not self.instance.pk:
            self.fields["channels"].initial = list(PublicationChannel.objects.filter(code="website"))
        else:
            self.fields["channels"].initial = list(self.instance.channels.all())
        if self.instance.pk and self.instance.status not in EDITABLE_STATUSES:
            for name in ("unit", "attribute", "attribute_basis", "attribute_reason"):
                del self.fields[name]

    def validate_unique(self):
        pass


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX、图片）")


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    """撤回: the reason stays in the record; the statement, for an enforcement decision recorded as
    changed or revoked, is published where the decision was (行政处罚法 第四十八条第二款)."""

    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    statement = forms.CharField(
        label="撤回说明（公开）", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="显示在原信息的网址和信息公开目录中，说明该决定被依法变更、撤销、确认违法或者确认无效及撤回的理由；"
                  "不得含有当事人的个人信息")


class DecisionChangeForm(forms.Form):
    change = forms.ChoiceField(label="决定被依法", choices=[("", "请选择"), *Publication.DecisionChange.choices])
    changed_on = forms.DateField(label="变更、撤销或确认之日", widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text="以有关决定书、判决书生效之日为准；三个工作日的撤回期限由此起算（行政处罚法第八十五条）")
    document = forms.CharField(label="作出机关及文书", max_length=200,
                               help_text="如：三明市人民政府行政复议决定书（明政复决〔2026〕12号）")


class CorrectionForm(forms.Form):
    note = forms.CharField(label="更正说明（将在信息页面上显示）", widget=forms.Textarea(attrs={"rows": 3}))


class ReevaluationForm(forms.Form):
    decision = forms.ChoiceField(label="评审结论", choices=[("keep", "维持原属性"), ("open", "转为主动公开")])
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))
