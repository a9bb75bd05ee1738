from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    verbose_name = "主动公开 Proactive disclosure"

    def ready(self) -> None:
        from gongkai.workdays.calendar import year_entered

        from .deadlines import recount_after_calendar

        year_entered.connect(recount_after_calendar, dispatch_uid="disclosure-recount")
