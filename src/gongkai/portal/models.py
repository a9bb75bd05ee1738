"""The site frame of the public portal (《政府网站发展指引》, 国办发〔2017〕47号): who runs the site
and its registration numbers, shown in every page's footer and meta tags.

One row without an agency holds the whole site's values; a row for an agency overrides them field
by field on that agency's pages. A field left empty is not shown.
"""

from __future__ import annotations

from django.db import models

from gongkai.agencies.models import Agency


class SiteProfile(models.Model):
    agency = models.OneToOneField(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="机关（留空为全站）",
    )
    site_name = models.CharField("网站名称", max_length=100, blank=True)
    domain = models.CharField("网站域名", max_length=100, blank=True, help_text="如 www.example.gov.cn")
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    contact = models.CharField("联系我们", max_length=200, blank=True, help_text="电话、地址或电子邮箱")
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp = models.CharField("ICP备案号", max_length=40, blank=True)
    police_record = models.CharField("公安机关备案号", max_length=60, blank=True)
    emblem = models.CharField(
        "标志图片地址",
        max_length=200,
        blank=True,
        help_text="页头标志（徽标）的图片地址，如 /static/… ；留空不显示",
    )

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(agency__isnull=True), name="site_profile_one_site_row"
            )
        ]

    def __str__(self) -> str:
        return self.agency.name if self.agency_id else "全站"
