from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开 Disclosure on application"

    def ready(self) -> None:
        from gongkai.workdays.calendar import year_entered

        from .services import recount_after_calendar

        year_entered.connect(recount_after_calendar, dispatch_uid="applications-recount")
