from django import forms


class SiteForm(forms.Form):
    name = forms.CharField(label="网站名称", max_length=100, error_messages={"required": "请填写网站名称"})
    start_url = forms.URLField(
        label="首页地址",
        max_length=500,
        assume_scheme="https",
        error_messages={"required": "请填写首页地址", "invalid": "请填写有效的网址（http:// 或 https://）"},
    )
