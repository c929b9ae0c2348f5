"""Forms of the second factor's pages."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=20, strip=True,
                           help_text="身份验证器上的 6 位数字；手机不在身边时，可输入一个恢复码。",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autofocus": True}))


class EnrolForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=12, strip=True,
                           help_text="扫码添加后，输入身份验证器上显示的 6 位数字。",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
