from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CalendarYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="年份")),
                ("source", models.CharField(default="chinesecalendar", max_length=200, verbose_name="来源")),
                ("entered_by", models.CharField(blank=True, max_length=80, verbose_name="录入人")),
                ("entered_at", models.DateTimeField(auto_now=True, verbose_name="录入时间")),
            ],
            options={"verbose_name": "节假日安排年度", "verbose_name_plural": "节假日安排年度", "ordering": ["year"]},
        ),
        migrations.CreateModel(
            name="SpecialDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True, verbose_name="日期")),
                ("kind", models.CharField(choices=[("holiday", "放假"), ("workday", "调休上班")], max_length=10, verbose_name="类型")),
                ("name", models.CharField(blank=True, max_length=40, verbose_name="节日")),
            ],
            options={"verbose_name": "节假日/调休日", "verbose_name_plural": "节假日/调休日", "ordering": ["date"]},
        ),
    ]
