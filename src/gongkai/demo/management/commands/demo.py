"""gongkai demo — load the demo agencies, staff and the five seed documents (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.demo.loader import DEMO_PASSWORD, load_demo
from gongkai.demo.portal import load_portal_demo


class Command(BaseCommand):
    help = "载入演示数据（机关、工作人员、五篇种子信息）；重复运行不会重复创建"

    def handle(self, *args, **opts):
        if settings.GONGKAI_PRODUCTION:
            raise CommandError(
                "生产环境（GONGKAI_PROFILE=production）不能载入演示数据：演示账号的密码是公开的。"
            )
        logins = load_demo()
        load_portal_demo()  # the site frame (every footer item set) and documents for every column
        self.stdout.write("演示数据已就绪。工作人员登录 http://127.0.0.1:8000/staff/login/")
        self.stdout.write(f"  密码（全部账号）：{DEMO_PASSWORD}")
        for username, roles in logins:
            self.stdout.write(f"  {username:<18} {roles}")
        from gongkai.applications.demo import status_lookups

        self.stdout.write(
            "依申请公开演示申请（网上申请，可在门户“申请查询”页用申请编号和查询码查看办理进度）："
        )
        for app, code in status_lookups():
            self.stdout.write(
                f"  {app.agency.name} 申请编号 {app.number}  查询码 {code}  "
                f"{app.get_status_display()}  http://127.0.0.1:8000/{app.agency.slug}/apply/status/"
            )
