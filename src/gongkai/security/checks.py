"""`gongkai check` (and `check --deploy`): the audit's retention and no default accounts in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_accounts_in_production(app_configs=None, **kwargs):
    if not settings.GONGKAI_PRODUCTION:
        return []
    from django.db import DatabaseError

    from gongkai.agencies.models import User

    try:
        names = list(User.objects.filter(is_demo_account=True).values_list("username", flat=True)[:5])
    except DatabaseError:
        return []
    if not names:
        return []
    return [
        Error(
            f"生产环境中存在演示账号：{'、'.join(names)}（它们不能登录，请删除或停用）。", id="gongkai.E101"
        )
    ]


@register(Tags.security)
def audit_retention(app_configs=None, **kwargs):
    if settings.GONGKAI_AUDIT_RETENTION_DAYS < 180:
        return [
            Error(
                f"审计记录保存期 GONGKAI_AUDIT_RETENTION_DAYS={settings.GONGKAI_AUDIT_RETENTION_DAYS}天，"
                "不得少于180天（网络安全法第二十一条）。",
                id="gongkai.E102",
            )
        ]
    return []
