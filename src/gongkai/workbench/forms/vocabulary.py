"""Forms of the small vocabularies: the mailbox's topics and the guides' categories."""

from django import forms


class TermForm(forms.Form):
    name = forms.CharField(label="名称", max_length=40)
    code = forms.CharField(label="编码", max_length=30,
                           help_text="小写字母、数字、短横线或下划线，如 traffic；导入和接口按编码识别，启用后不宜修改")
    sort_order = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=0,
                                    help_text="数字小的排在前面")


class TopicForm(TermForm):
    is_active = forms.BooleanField(label="启用（停用后写信时不再可选，已有来信和统计不受影响）", required=False,
                                   initial=True)
