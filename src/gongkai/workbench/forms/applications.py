"""Forms of the disclosure-on-application workbench. They only parse input; the rules (and their
Chinese messages) live in applications/services/ (intake and applicant), so the portal, the API and these pages say
the same thing about the same mistake."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from gongkai.applications import outcomes, services
from gongkai.applications.fees import Method
from gongkai.applications.models import (
    ApplicantKind,
    ApplicationChannel,
    Collection,
    Consultation,
    Delivery,
    IdType,
    Medium,
    Remedy,
)
from gongkai.core import clock

from .core import unit_choices

DATE = {"type": "date"}

EARLIEST = datetime(2008, 5, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
STAFF_CHANNELS = [(c.value, c.label) for c in ApplicationChannel if c != ApplicationChannel.ONLINE]

ART31_HELP = ("依《条例》第三十一条：当面提交为提交当日；挂号信/快递为本机关签收之日（必填）；电子邮件为邮件系统收到之日；"
              "平信、传真须与申请人确认后再确认受理，此处留空。当面、电子邮件留空时按提交日期计。")


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _text(label: str, rows: int = 3, required: bool = True, help_text: str = "", missing: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": missing} if missing else None)


class StepForm(forms.Form):
    """A step of the case page: a missing field says which one ("请填写…"), not Django's generic words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                verb = "请选择" if isinstance(field, forms.ChoiceField) else "请填写"
                field.error_messages["required"] = f"{verb}{field.label}"


class EntryForm(forms.Form):
    """Staff entry of an application that did not come through the website."""

    # Field groups of the page; every group is visible, so it works without JavaScript.
    GROUPS = [
        ("申请渠道与时间", ["unit", "channel", "submitted_at", "received_on"]),
        ("申请人", ["applicant_kind", "name", "phone", "email", "address", "postcode"]),
        ("申请人为自然人时填写", ["id_type", "id_number"]),
        ("申请人为法人或其他组织时填写", ["credit_code", "legal_representative", "contact_name"]),
        ("所需信息", ["description", "document_number", "purpose", "items", "medium", "collection"]),
    ]
    # Required by the service (Art. 29); marked on the page, checked there with its own words.
    MARKED = {"unit", "channel", "submitted_at", "applicant_kind", "name", "phone", "description"}

    unit = forms.TypedChoiceField(label="承办单位", coerce=int)
    channel = forms.ChoiceField(label="申请渠道", choices=[("", "请选择")] + STAFF_CHANNELS,
                                help_text="口头提出的申请由工作人员按本表代为填写，并经申请人确认（条例第二十九条）")
    submitted_at = forms.DateTimeField(
        label="提交/收到时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    received_on = _date("受理日期（收到申请之日）", required=False, help_text=ART31_HELP)

    applicant_kind = forms.ChoiceField(label="申请人类型", required=False, choices=ApplicantKind.choices)
    name = forms.CharField(label="姓名/名称", required=False, max_length=100)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    email = forms.CharField(label="电子邮箱", required=False, max_length=254)
    address = forms.CharField(label="通信地址", required=False, max_length=200)
    postcode = forms.CharField(label="邮政编码", required=False, max_length=6)
    id_type = forms.ChoiceField(label="证件类型", required=False, choices=[("", "请选择")] + IdType.choices)
    id_number = forms.CharField(label="证件号码", required=False, max_length=40)
    credit_code = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    legal_representative = forms.CharField(label="法定代表人/负责人", required=False, max_length=40)
    contact_name = forms.CharField(label="联系人", required=False, max_length=40)

    description = _text("所需信息的内容描述", rows=4, required=False,
                        help_text="信息的名称、文号或者便于查询的其他特征性描述")
    document_number = forms.CharField(label="文件名称、文号", required=False, max_length=200)
    purpose = forms.CharField(label="用途（选填）", required=False, max_length=200)
    items = forms.IntegerField(label="申请信息件数", required=False, min_value=1, max_value=999, initial=1)
    medium = forms.ChoiceField(label="获取信息的载体形式", required=False, choices=Medium.choices)
    collection = forms.ChoiceField(label="获取信息的方式", required=False, choices=Collection.choices)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "请选择承办单位")] + unit_choices(units)

    def clean_submitted_at(self):
        value = self.cleaned_data["submitted_at"]
        # Checked on the year first: comparing 0001-01-01 00:00 (+08:00) with now overflows.
        if value.year < 2008 or value < EARLIEST:
            raise ValidationError("提交/收到时间不能早于《政府信息公开条例》施行之日（2008年5月1日）；"
                                  "更早的申请请通过申请台账导入")
        if value > clock.now() + timedelta(minutes=5):
            raise ValidationError("提交/收到时间不能晚于现在")
        return value

    def clean(self):
        data = super().clean()
        # Every problem at once: the service's own checks of applicant and request, per field.
        for check in (services.clean_applicant, services.clean_request):
            try:
                check(data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    if field in self.fields and field not in self.errors:
                        self.add_error(field, errors)
        return data

    def groups(self):
        return [(title, [(self[name], name in self.MARKED) for name in names]) for title, names in self.GROUPS]


# --- One small form per action of the case page ---------------------------------------------

class ConfirmForm(StepForm):
    received_on = _date("收到申请之日（与申请人确认之日）",
                        help_text="平信为与申请人确认之日；网上申请、传真为双方确认之日；无法联系的，为恢复联系之日（条例第三十一条）")


class AssignForm(StepForm):
    unit = forms.TypedChoiceField(label="承办单位", coerce=int)
    handler = forms.TypedChoiceField(label="承办人", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, units=(), handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(units)
        self.fields["handler"].choices = [("", "暂不指定")] + [
            (u.pk, f"{u.display_name}（{u.unit.name if u.unit_id else '未分配单位'}）") for u in handlers]


class SupplementForm(StepForm):
    items = _text("需补正的事项", rows=4, help_text="一次性逐项列明全部需要补正的事项（条例第三十条）；每项一行",
                  missing="请逐项列明需要补正的事项")


class ReceiveSupplementForm(StepForm):
    on = _date("收到补正日期", help_text="答复期限自该日起重新计算")
    text = _text("补正内容（将附在申请内容之后）", rows=3, required=False)


class ConsultForm(StepForm):
    party = forms.ChoiceField(label="征询对象类型", choices=Consultation.Party.choices,
                              help_text="第三方逾期未提出意见的，由本机关依法决定；其他机关逾期未提出意见的，视为同意公开")
    party_name = forms.CharField(label="征询对象", max_length=100)
    party_address = forms.CharField(label="地址或联系方式", max_length=200, required=False)
    matter = _text("征询事项", rows=3)


class ConsultAnswerForm(StepForm):
    consultation = forms.IntegerField(label="征询", widget=forms.HiddenInput)
    on = _date("收到意见日期")
    opinion = forms.ChoiceField(label="意见", choices=Consultation.Opinion.choices)
    text = _text("意见内容", rows=2, required=False)


class FeeForm(StepForm):
    method = forms.ChoiceField(label="计费方式", choices=Method.CHOICES,
                               help_text="一件申请只能选择一种计费方式，不能同时按件和按量计收")
    quantity = forms.IntegerField(label="计费数量（件或页）", min_value=1, max_value=100000)


class PaymentForm(StepForm):
    on = _date("缴费日期")


class ExtensionForm(StepForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20,
                              help_text="最长20个工作日，只能延长一次，须经政府信息公开工作机构负责人同意（条例第三十三条）")
    reason = _text("延期理由", rows=2, help_text="将写入延期答复告知书：“因……，不能在规定期限内作出答复”")


class EmptyForm(StepForm):
    pass


class ReasonsRecordForm(StepForm):
    text = _text("申请人说明的理由", rows=3)
    reasonable = forms.TypedChoiceField(
        label="审查结论", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "理由合理，可另行确定答复期限"), ("no", "理由不合理，拟以“无正当理由大量反复申请”不予处理")])
    stated_due_on = _date("另行确定的答复期限", required=False, help_text="理由合理但无法在规定期限内答复时填写")


def outcome_choices():
    """DECIDABLE grouped by the row group of the annual report, in the report's order."""
    groups = []
    for group in outcomes.Group:
        options = [(o.code, o.label) for o in outcomes.DECIDABLE if o.group == group]
        if options:
            groups.append((outcomes.GROUP_LABELS[group], options))
    return [("", "请选择办理结果")] + groups


class DecideForm(StepForm):
    outcome = forms.ChoiceField(label="办理结果", choices=outcome_choices,
                                help_text="每件申请只计入年度报告的一项办理结果；部分公开只计为部分公开")
    reply_text = _text("答复内容", rows=4, required=False,
                       help_text="公开的内容，或获取信息的方式、途径和时间；将写入答复文书")
    reason_text = _text("理由说明", rows=3, required=False, help_text="不予公开、部分公开等须说明理由")
    withheld_reasons = forms.MultipleChoiceField(
        label="不予公开部分的理由（部分公开时选择）", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(o.code, o.label.removeprefix("不予公开：")) for o in outcomes.WITHHOLDING])
    referral_agency = forms.CharField(label="负责公开该信息的机关（非本机关信息时填写）", required=False, max_length=100)
    referral_contact = forms.CharField(label="该机关的联系方式", required=False, max_length=200)
    query_law = forms.CharField(
        label="规定该查询的法律、行政法规（行政查询事项时填写）", required=False, max_length=200,
        help_text="如：《中华人民共和国户口登记条例》；答复书告知申请人依照其规定办理（条例第三十六条第（七）项）")
    stated_basis = forms.CharField(
        label="答复依据（其他处理时填写）", required=False, max_length=200,
        help_text="法律、法规或规范性文件的名称和条款；其他办理结果的依据由系统按办理结果写入")
    public_interest_reason = forms.CharField(
        label="决定公开的理由（第三方不同意公开时填写）", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不公开可能对公共利益造成重大影响的理由；将书面告知不同意公开的第三方（条例第三十二条）")
    earlier = forms.ChoiceField(label="此前的申请（重复申请时选择）", required=False)
    on_the_spot = forms.BooleanField(label="当场答复（不报审批，直接出具答复文书）", required=False)

    def __init__(self, *args, duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier"].choices = [("", "无")] + [
            (a.tracking_number, f"{a.tracking_number}（{a.decided_on:%Y-%m-%d}答复）") for a in duplicates]


class ReturnForm(StepForm):
    comment = _text("退回意见", rows=2, missing="请写明退回意见")


class DeliveryForm(StepForm):
    notice = forms.IntegerField(label="文书", widget=forms.HiddenInput)
    method = forms.ChoiceField(label="送达方式", choices=Delivery.Method.choices)
    on = _date("送达日期", help_text="直接送达为签收之日；邮寄为收件人签收之日；电子送达为发送之日")
    posted_on = _date("交邮日期", required=False, help_text="邮寄送达时填写，作为本机关何时寄出的凭证")
    tracking_number = forms.CharField(label="邮件单号", max_length=40, required=False, help_text="邮寄送达必填")
    recipient = forms.CharField(label="签收人/收件地址", max_length=200, required=False)


class NoteForm(StepForm):
    text = _text("备注内容", rows=2)


class RemedyForm(StepForm):
    remedy = forms.TypedChoiceField(label="登记对象", coerce=int, required=False, empty_value=None,
                                    help_text="复议、诉讼审结后，选择已登记的案件更新结果")
    kind = forms.ChoiceField(label="类型", choices=Remedy.Kind.choices)
    authority = forms.CharField(label="复议机关/法院", max_length=100)
    case_number = forms.CharField(label="案号", max_length=60, required=False)
    filed_on = _date("申请/起诉日期")
    result = forms.ChoiceField(label="结果", choices=Remedy.Result.choices, initial=Remedy.Result.PENDING)
    concluded_on = _date("审结日期", required=False)
    summary = _text("说明", rows=2, required=False)

    def __init__(self, *args, remedies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remedy"].choices = [("", "新登记一件")] + [
            (r.pk, f"更新：{r.get_kind_display()} {r.authority} {r.case_number}".strip()) for r in remedies]
        if not remedies:
            del self.fields["remedy"]


class NoticeTemplateForm(StepForm):
    title = forms.CharField(label="标题", max_length=60)
    body = _text("正文", rows=14, help_text="每段一行；可用的占位符见“可用的占位符”，如 {受理日期}。结尾的“特此告知”（回执为“特此回执”）由系统自动添加。")
