from django import forms

from gongkai.core import bounds
from gongkai.core.workdays import MAX_DAYS


class DeadlineForm(forms.Form):
    start = forms.DateField(label="起算日（收到申请之日）", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "请填写起算日", "invalid": "请填写有效日期，如 2026-09-28"})
    days = forms.IntegerField(label="工作日数", initial=20, min_value=0, max_value=MAX_DAYS,
                              error_messages={"required": "请填写工作日数", "invalid": "工作日数必须是整数",
                                              "min_value": "工作日数不能为负数",
                                              "max_value": f"工作日数不能超过 {MAX_DAYS}"})

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not bounds.date_in_range(start):
            raise forms.ValidationError(bounds.DATE_MESSAGE)
        return start
