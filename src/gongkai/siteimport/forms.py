from __future__ import annotations

from django import forms

from gongkai.core.widgets import date_field


class StartForm(forms.Form):
    url = forms.URLField(
        label="原网站地址",
        max_length=1000,
        assume_scheme="https",
        help_text="本机关原网站（或其信息公开栏目）的地址",
    )
    dry_run = forms.BooleanField(
        label="先试运行（只列出找到的信息和栏目，不导入）", required=False, initial=True
    )
    since = date_field("只导入此日期以后发布的（可留空）", required=False)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith(("http://", "https://")):
            raise forms.ValidationError("网站地址应以 http:// 或 https:// 开头")
        return url


class SettingsForm(forms.Form):
    published_on_old_site = forms.BooleanField(
        label="已由原网站发布：迁移的信息直接发布（不开启时须逐条核对后发布）", required=False
    )
