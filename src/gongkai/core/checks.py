"""System checks of the production settings (``gongkai check --deploy``)."""

from django.core.checks import Warning, register


@register(deploy=True)
def field_key_check(app_configs, **kwargs):
    from . import crypto

    if crypto.is_explicit():
        return []
    return [
        Warning(
            "未设置 GONGKAI_FIELD_KEY：个人信息的加密密钥由 SECRET_KEY 派生，更换 SECRET_KEY 将无法解密已存数据",
            hint="用 gongkai rotate_field_key --new-key 生成密钥并设置 GONGKAI_FIELD_KEY（见 docs/security.md）",
            id="gongkai.W101",
        )
    ]
