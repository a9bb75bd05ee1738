import django.db.models.deletion
from django.db import migrations, models


def online_applied_on(apps, schema_editor):
    """An online application's own date is the day it was submitted (the applicant's local day)."""
    from django.utils import timezone

    Application = apps.get_model("applications", "Application")
    for app in Application.objects.filter(channel="online", applied_on__isnull=True).only("pk", "submitted_at"):
        Application.objects.filter(pk=app.pk).update(applied_on=timezone.localtime(app.submitted_at).date())


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0002_staff_security'),
        ('applications', '0005_intake_agent_proof_waiver'),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='applied_on',
            field=models.DateField(blank=True, null=True, verbose_name='申请日期'),
        ),
        migrations.AddField(
            model_name='notice',
            name='data',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='文书数据'),
        ),
        migrations.CreateModel(
            name='LetterSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number_prefix', models.CharField(blank=True, help_text='如“鄂民依公开”，文号为 鄂民依公开〔2026〕12号', max_length=30, verbose_name='告知书发文字号的机关代字')),
                ('reconsideration_body', models.CharField(blank=True, help_text='一般为本级人民政府（行政复议法第二十四条）', max_length=100, verbose_name='行政复议机关')),
                ('court', models.CharField(blank=True, max_length=100, verbose_name='管辖人民法院（选填）')),
                ('fee_payment', models.CharField(blank=True, help_text='写入收费通知书，如收款单位、开户行和账号；未设置的由承办人在通知书中填写', max_length=300, verbose_name='信息处理费缴纳方式（选填）')),
                ('agency', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='letter_settings', to='agencies.agency', verbose_name='机关')),
            ],
            options={
                'verbose_name': '告知书设置',
                'verbose_name_plural': '告知书设置',
            },
        ),
        migrations.RunPython(online_applied_on, migrations.RunPython.noop),
    ]
