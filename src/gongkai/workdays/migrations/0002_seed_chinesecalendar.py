"""Seed the holiday calendar from chinesecalendar (2004 to the last year it knows)."""

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    from gongkai.rules.calendar import chinesecalendar_table

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    table = chinesecalendar_table()
    SpecialDay.objects.bulk_create(
        [SpecialDay(date=d, kind="holiday", name=str(constants.holidays.get(d, ""))[:40]) for d in sorted(table.holidays)]
        + [SpecialDay(date=d, kind="workday") for d in sorted(table.workdays)],
        ignore_conflicts=True,
    )
    CalendarYear.objects.bulk_create([CalendarYear(year=y) for y in sorted(table.years)], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
