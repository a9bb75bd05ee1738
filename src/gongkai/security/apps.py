from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gongkai.security"
    verbose_name = "安全（身份鉴别、访问控制）"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
