"""Forms of the legacy tables' pages: choosing a table, the template editor, the yearly figures."""

from django import forms
from django.core.exceptions import ValidationError

from gongkai.reports import legacy_measures, legacy_services


class ChooseForm(forms.Form):
    template = forms.TypedChoiceField(label="模板", coerce=int)
    body = forms.ChoiceField(label="公开主体")
    year = forms.IntegerField(label="年度")
    branches = forms.BooleanField(label="含下级机关汇总", required=False)

    def __init__(self, *args, templates, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.pk, t.name) for t in templates]
        self.fields["body"].choices = [(b.unit.code, b.letter_name) for b in bodies]

    def clean_year(self):
        try:
            return legacy_services.check_year(self.cleaned_data["year"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["year"]) from None


class TemplateForm(forms.Form):
    name = forms.CharField(label="模板名称", max_length=60)
    title = forms.CharField(label="表题", max_length=100, help_text="可用占位符 {主体}、{年度}，如“{主体}{年度}年政府信息公开统计报表”")
    year_label = forms.CharField(label="本年度列名", max_length=20, help_text="可用占位符 {年度}，如“{年度}年度”“数量”")
    cumulative_label = forms.CharField(label="历年累计列名", max_length=20, required=False,
                                       help_text="如“历年累计”（自系统中最早的记录起至该年12月31日）；留空则不设此列")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RowForm(forms.Form):
    block = forms.CharField(label="分表", max_length=60, required=False,
                            widget=forms.TextInput(attrs={"size": 12}))
    label = forms.CharField(label="指标名称", max_length=100, required=False,
                            widget=forms.TextInput(attrs={"size": 26}))
    unit = forms.CharField(label="计量单位", max_length=10, required=False, widget=forms.TextInput(attrs={"size": 3}))
    level = forms.IntegerField(label="缩进", required=False, initial=0,
                               widget=forms.TextInput(attrs={"size": 1, "inputmode": "numeric"}))
    # A text field with a select widget: the service checks the measure and says what is wrong.
    measure = forms.CharField(label="统计口径", required=False, widget=forms.Select(
        choices=[("", "（请选择）"), *((m.key, m.label) for m in legacy_measures.MEASURES)]))
    params = forms.CharField(label="参数", required=False, widget=forms.TextInput(attrs={"size": 30}))


class BaseRowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        n = "新增" if index is None or index >= self.initial_form_count() else f"第{index + 1}行"
        for field in form.fields.values():  # the column headers name them on screen; these for screen readers
            field.widget.attrs["aria-label"] = f"{n}：{field.label}"

    @classmethod
    def get_ordering_widget(cls):
        return forms.TextInput(attrs={"size": 2, "inputmode": "numeric"})


class FiguresForm(forms.Form):
    note = forms.CharField(label="说明（数据来源）", max_length=200, required=False,
                           help_text="如：网站访问量取自网站访问统计系统")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        figure_fields = {f.key: forms.CharField(label=f"{f.label}（{f.unit}）", required=False, max_length=20,
                                                help_text=f.help) for f in legacy_measures.FIGURES}
        self.fields = {**figure_fields, **self.fields}
