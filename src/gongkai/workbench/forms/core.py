"""Forms of the kernel's pages (units, bodies, users, roles, calendar, audit) and the unit picker every form uses."""

from django import forms

from gongkai.core import audit, seals
from gongkai.core.models import DisclosureBody, Region, Role, Unit, User
from gongkai.core.permissions import CAPABILITIES
from gongkai.core.selectors import tree_order
from gongkai.core.services import BODY_FIELDS


def unit_choices(queryset):
    return [(u.pk, "　" * u.depth + u.name) for u in tree_order(queryset)]


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "level", "parent", "sort_order", "is_active"]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Unit.objects.all()
        self.fields["parent"].choices = [("", "（无，顶级单位）")] + unit_choices(self.fields["parent"].queryset)

    def validate_unique(self):
        pass  # the service reports a taken code in Chinese, in one place


class DisclosureBodyForm(forms.ModelForm):
    seal_file = forms.FileField(
        label="印章图片", required=False,
        help_text=f"背景透明的 PNG（带透明通道），宽和高 {seals.MIN_SIDE}～{seals.MAX_SIDE} 像素，"
                  f"不超过 {seals.MAX_SEAL_BYTES // 1024} KB；加盖在正式出具的告知书等文书的署名和日期上。留空不变")
    seal_clear = forms.BooleanField(label="删除已上传的印章", required=False)

    class Meta:
        model = DisclosureBody
        fields = BODY_FIELDS

    def clean_seal_file(self):
        upload = self.cleaned_data.get("seal_file")
        if not upload:
            return None
        # Read one byte past the limit: enough to refuse a larger file without holding all of it.
        data = upload.read(seals.MAX_SEAL_BYTES + 1)
        try:
            seals.check_seal(data)
        except seals.SealError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def validate_unique(self):
        pass


class UserForm(forms.ModelForm):
    roles = forms.ModelMultipleChoiceField(label="角色", queryset=Role.objects.all(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="用户首次登录时须修改。至少 10 位，含 3 类字符。")

    class Meta:
        model = User
        fields = ["username", "name", "unit", "phone", "is_active"]
        labels = {"username": "用户名", "is_active": "启用"}
        help_texts = {"is_active": "停用后不能登录；账号不删除，以保留其审计记录。"}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = True
        self.fields["unit"].queryset = units if units is not None else Unit.objects.all()
        self.fields["unit"].choices = [("", "请选择单位")] + unit_choices(self.fields["unit"].queryset)
        self.fields["username"].help_text = "字母、数字和 @/./+/-/_"
        if self.instance.pk:
            del self.fields["password"]
            self.fields["roles"].initial = list(self.instance.roles.all())

    def validate_unique(self):
        pass


class ResetPasswordForm(forms.Form):
    password = forms.CharField(label="新的初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="用户下次登录时须修改。")


class RoleForm(forms.ModelForm):
    capabilities = forms.MultipleChoiceField(label="权限", choices=list(CAPABILITIES.items()),
                                             widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Role
        fields = ["code", "name", "description", "scope", "capabilities"]

    def validate_unique(self):
        pass


class CalendarYearForm(forms.Form):
    region = forms.ChoiceField(label="地区", choices=Region.choices, initial=Region.NATIONAL)
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100,
                              error_messages={"min_value": "年份应在 2000 至 2100 之间",
                                              "max_value": "年份应在 2000 至 2100 之间"})
    source = forms.CharField(label="依据", max_length=200,
                             help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）")
    text = forms.CharField(
        label="放假和调休日期", required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text="每行一个日期：日期、类型（休 或 班）、名称，如“2027-01-01 休 元旦”“2027-02-06 班 春节调休”。"
                  "周末放假可不填。")
    file = forms.FileField(label="或导入文件（TXT/CSV，UTF-8）", required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 200_000:
                raise forms.ValidationError("导入文件过大（不超过 200 KB）")
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("导入文件须为 UTF-8 编码的文本或 CSV 文件") from None
        if not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError("请填写或导入放假和调休日期")
        return data


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, help_text="对象、操作人")
    action = forms.CharField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "全部"), *audit.object_type_choices()]
