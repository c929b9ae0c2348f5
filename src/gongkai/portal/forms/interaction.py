"""Forms of the public mailbox: writing a letter, looking it up, rating the reply. The service
decides what is valid (interaction.services.clean_letter); these forms carry the input and put
its Chinese messages next to the fields they concern."""

from django import forms
from django.core.exceptions import ValidationError

from gongkai.core.models import DisclosureBody
from gongkai.interaction import services
from gongkai.interaction.models import Kind, LetterTopic, Satisfaction

KIND_HELP = ("咨询：询问办事程序、政策规定；投诉：反映民警违法违纪、不作为；举报：检举违法犯罪线索；"
             "建议：对公安工作的意见建议；求助：遇到困难请求帮助；局长信箱：直接写给局长。")
# Required by the service for some kinds or choices; marked with * on the page.
MARKED = {"kind", "topic", "subject", "content"}


def _text(label, max_length, help_text="", **attrs):
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text,
                           widget=forms.TextInput(attrs=attrs),
                           error_messages={"max_length": f"{label}不能超过 %(limit_value)d 个字"})


class LetterForm(forms.Form):
    body = forms.ModelChoiceField(
        label="写信给", queryset=DisclosureBody.objects.none(), empty_label=None,
        help_text="市局各部门的事项写给市公安局；分局辖区内的事项也可以直接写给分局",
        error_messages={"required": "请选择收信机关", "invalid_choice": "请选择收信机关"})
    kind = forms.ChoiceField(label="来信类型", choices=Kind.choices, widget=forms.RadioSelect, help_text=KIND_HELP,
                             error_messages={"required": "请选择来信类型", "invalid_choice": "请选择来信类型"})
    topic = forms.ChoiceField(label="来信分类", required=False, error_messages={"invalid_choice": "请选择来信分类"})
    subject = _text("标题", services.SUBJECT_MAX, "用一句话概括您反映的问题")
    content = forms.CharField(
        label="来信内容", required=False, max_length=services.CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请写明时间、地点、经过和您的诉求。请勿在内容中填写身份证号码、银行卡号等个人信息。",
        error_messages={"max_length": "来信内容不能超过 %(limit_value)d 个字"})
    writer_name = _text("姓名", 100, "投诉、举报、求助和写给局长的信须署真实姓名；咨询和建议可以不署名",
                        autocomplete="name")
    phone = _text("联系电话", 30, "手机号码或带区号的固定电话", autocomplete="tel", inputmode="tel")
    email = _text("电子邮箱", 254, "", autocomplete="email", inputmode="email")
    wants_reply = forms.BooleanField(label="需要答复", required=False, initial=True,
                                     help_text="需要答复的，电话和电子邮箱请至少留下一项")
    consent_publish = forms.BooleanField(
        label="同意本机关在去除个人信息后，将来信和答复作为问答在本网站公开", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = DisclosureBody.objects.select_related("unit").order_by("unit__path")
        self.fields["body"].queryset = bodies
        first = bodies.first()
        if first is not None:
            self.fields["body"].initial = first.pk
        self.fields["topic"].choices = [("", "请选择")] + [(t.pk, t.name) for t in LetterTopic.objects.filter(is_active=True)]
        for name in MARKED:
            self.fields[name].marked = True

    def service_data(self) -> dict:
        data = {name: (self.data.get(name) or "") for name in
                ("kind", "topic", "subject", "content", "writer_name", "phone", "email")}
        data["wants_reply"] = bool(self.data.get("wants_reply"))
        data["consent_publish"] = bool(self.data.get("consent_publish"))
        return data

    def apply_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.message_dict.items():
            target = field if field in self.fields else None
            if target is not None and target in self.errors:
                continue  # the form's own message for that field already stands
            self.add_error(target, errors)

    def precheck(self) -> None:
        """The service's checks without writing, so every problem shows at once."""
        try:
            services.clean_letter(self.service_data())
        except ValidationError as exc:
            self.apply_service_errors(exc)


class TrackForm(forms.Form):
    tracking_number = forms.CharField(
        label="来信编号", max_length=40, help_text="写信成功后页面显示的编号，如 XX350400-2026-0012",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写来信编号", "max_length": "来信编号不正确"})
    query_code = forms.CharField(
        label="查询码", max_length=20, help_text="写信成功后页面显示的 8 位查询码",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "请填写查询码", "max_length": "查询码不正确"})


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="您对本次答复是否满意？", widget=forms.RadioSelect, choices=Satisfaction.choices,
        error_messages={"required": "请选择满意程度", "invalid_choice": "请选择满意程度"})
    comment = forms.CharField(label="意见和建议（选填）", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": "意见不能超过 %(limit_value)d 个字"})
