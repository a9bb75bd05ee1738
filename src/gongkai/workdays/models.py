"""The holiday calendar as data: days off and 调休 working days, per year.

Seeded from ``chinesecalendar``; staff enter later years from the State Council's notice
(国务院办公厅关于某年部分节假日安排的通知).
"""

from django.db import models


class CalendarYear(models.Model):
    """A year whose arrangement is known; dates of a year without a row raise an error."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=200, default="chinesecalendar")
    entered_by = models.CharField("录入人", max_length=80, blank=True)
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=40, blank=True)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
