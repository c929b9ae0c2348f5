"""Forms of the annual report's pages."""

from django import forms

from gongkai.reports import labels as L


class OpenForm(forms.Form):
    body = forms.TypedChoiceField(label="公开主体", coerce=int)
    year = forms.IntegerField(label="年度")
    with_branches = forms.BooleanField(label="含下级机关汇总（上级机关要求时）", required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, b.letter_name) for b in bodies]


class TextForm(forms.Form):
    overview = forms.CharField(label=L.SECTION_TITLES["overview"], required=False,
                               widget=forms.Textarea(attrs={"rows": 12}),
                               help_text="每段一行；可用“（一）主动公开”等小标题开头")
    problems = forms.CharField(label=L.SECTION_TITLES["problems"], required=False,
                               widget=forms.Textarea(attrs={"rows": 8}))
    other_matters = forms.CharField(label=L.SECTION_TITLES["other"], required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}),
                                    help_text="如收取信息处理费的情况、人大代表建议和政协提案办理结果、年度工作要点落实情况")


class AdjustForm(forms.Form):
    value = forms.CharField(label="填报数", max_length=20)
    reason = forms.CharField(label="调整原因", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="如：系统启用前（2025年1—5月）的纸质台账数据")


class PublishForm(forms.Form):
    correction = forms.CharField(label="更正说明", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="重新公布时必填：更正了什么、为什么；将随新版本公开")
