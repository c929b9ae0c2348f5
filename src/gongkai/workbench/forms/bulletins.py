from datetime import timedelta

from django import forms

from gongkai.bulletins import imports, services
from gongkai.bulletins.models import Bulletin, GuideCategory, ServiceGuide
from gongkai.core import clock
from gongkai.core.models import DisclosureBody, Unit

from .core import unit_choices


class BulletinForm(forms.Form):
    body = forms.ModelChoiceField(label="公开主体", queryset=DisclosureBody.objects.none(), empty_label="请选择公开主体")
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年份", "invalid": "年份应为整数"})
    week = forms.IntegerField(label="周次", min_value=1, max_value=53,
                              error_messages={"required": "请填写周次", "invalid": "周次应为整数",
                                              "min_value": "周次应为 1–53", "max_value": "周次应为 1–53"})
    criminal = forms.IntegerField(label="刑事警情（起）", min_value=0)
    public_order = forms.IntegerField(label="治安警情（起）", min_value=0)
    traffic = forms.IntegerField(label="交通警情（起）", min_value=0)
    fire = forms.IntegerField(label="火灾警情（起）", min_value=0)
    comparison = forms.CharField(label="对比说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="如：与上周相比，刑事警情下降 8.2%，交通警情基本持平")
    notable_cases = forms.CharField(label="典型警情", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                    help_text="不得含有当事人姓名、身份证号码、手机号码等个人信息；提交和发布前自动检查")
    prevention_advice = forms.CharField(label="防范提示", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, bodies=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ("criminal", "public_order", "traffic", "fire"):
            self.fields[code].error_messages.update({"required": f"请填写{self.fields[code].label[:4]}数",
                                                     "invalid": "应为整数", "min_value": "不能为负数"})
            self.fields[code].widget.attrs.update({"inputmode": "numeric"})
        if editing:  # the body and week of an entry stay; another week is a new entry
            for name in ("body", "year", "week"):
                del self.fields[name]
        else:
            self.fields["body"].queryset = bodies if bodies is not None else DisclosureBody.objects.none()
            last = clock.today() - timedelta(days=7)  # usually last week's bulletin
            iso, monday = last.isocalendar(), last - timedelta(days=last.weekday())
            self.fields["week"].help_text = (
                f"上周为 {iso.year} 年第 {iso.week} 周（{monday:%m-%d} 至 {monday + timedelta(days=6):%m-%d}）。"
                "ISO 周次：每周从周一开始，含当年第一个星期四的那一周为第 1 周")
            if not self.is_bound and "year" not in self.initial:
                self.initial.update({"year": iso.year, "week": iso.week})


class ReasonForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    note = forms.CharField(label="更正说明（将显示在通报页面上）", widget=forms.Textarea(attrs={"rows": 3}))


class BulletinImportForm(forms.Form):
    file = forms.FileField(label="警情通报表格（XLSX 或 CSV）",
                           help_text=f"第 1 行为表头；不超过 {imports.MAX_BYTES // (1024 * 1024)} MB、{imports.MAX_ROWS} 行")


class BulletinFilterForm(forms.Form):
    body = forms.ModelChoiceField(label="公开主体", queryset=DisclosureBody.objects.none(), required=False,
                                  empty_label="全部")
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Bulletin.Status.choices])
    year = forms.IntegerField(label="年份", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else DisclosureBody.objects.none()


class GuideEditForm(forms.ModelForm):
    materials_text = forms.CharField(label="申请材料", widget=forms.Textarea(attrs={"rows": 5}),
                                     help_text="每行一项，如：居民身份证原件及复印件 1 份")

    class Meta:
        model = ServiceGuide
        fields = ["unit", "name", "category", "kind", "legal_basis", "conditions", "procedure", "statutory_days",
                  "promised_days", "time_limit_note", "charges", "fee", "fee_basis", "handling_unit", "place",
                  "hours", "phone"]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 4}),
            "procedure": forms.Textarea(attrs={"rows": 5}),
        }

    field_order = ["unit", "name", "category", "kind", "legal_basis", "conditions", "materials_text", "procedure",
                   "statutory_days", "promised_days", "time_limit_note", "charges", "fee", "fee_basis",
                   "handling_unit", "place", "hours", "phone"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.all()
        self.fields["unit"].queryset = units
        self.fields["unit"].choices = [("", "请选择责任单位")] + unit_choices(units)
        self.fields["category"].queryset = GuideCategory.objects.all()
        self.fields["category"].empty_label = "请选择类别"
        self.fields["fee"].help_text = "收费的事项必填，如：工本费每证 20 元"
        self.fields["fee_basis"].help_text = "收费的事项必填，如：《关于居民身份证收费标准及有关问题的通知》（价费字〔2003〕332号）"
        # The service's own wording for what is missing, so the page reads the same either way.
        for name, message in services.GUIDE_REQUIRED.items():
            self.fields[name].error_messages["required"] = message
        self.fields["materials_text"].error_messages["required"] = "请列出申请材料（每行一项）；无需材料的写“无”"
        self.fields["category"].error_messages["required"] = "请选择类别"
        if self.instance.pk:
            self.fields["materials_text"].initial = "\n".join(self.instance.materials or [])
        self.order_fields(self.field_order)

    def validate_unique(self):
        pass  # the service decides (one guide per item and body)

    def service_data(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields if f != "unit"}
        data["materials"] = self.cleaned_data["materials_text"].splitlines()
        return data


class GuideUploadForm(forms.Form):
    file = forms.FileField(label="表格文件（PDF、DOCX、XLSX）")
