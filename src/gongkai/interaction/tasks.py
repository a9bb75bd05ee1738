"""Daily jobs of 政民互动 (Celery beat in production, in-process in the demo): deadline reminders
to the handlers, as for applications."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from gongkai.rules.calendar import UnknownYearError
from gongkai.workdays.calendar import holiday_table

REMIND_AT = (2, 0)  # working days left: two days before and on the last day
log = logging.getLogger(__name__)


@shared_task
def remind_handlers(today: str | None = None) -> int:
    """Remind each handler of their open messages with 2 and with 0 working days left (once each)."""
    from . import services
    from .models import Message, MessageReminder, State

    day = dt.date.fromisoformat(today) if today else services.today()
    table = holiday_table()
    created = 0
    for msg in Message.objects.filter(
        state=State.ASSIGNED, handler__isnull=False, due_on__gte=day, due_on__lte=day + dt.timedelta(days=14)
    ).select_related("handler"):
        try:
            left = table.workdays_between(day, msg.due_on)
        except UnknownYearError:
            continue
        if left not in REMIND_AT:
            continue
        _, new = MessageReminder.objects.get_or_create(
            message=msg, due_on=msg.due_on, workdays_left=left, defaults={"user": msg.handler}
        )
        if new:
            created += 1
            if msg.handler.email:
                send_mail(
                    f"【政民互动】{msg.number}剩余{left}个工作日",
                    f"{msg.get_source_display()}{msg.number}"
                    f"“{msg.title}”的答复期限为{msg.due_on}，还剩{left}个工作日。请登录工作台办理。",
                    settings.DEFAULT_FROM_EMAIL,
                    [msg.handler.email],
                    fail_silently=True,
                )
    log.info("interaction reminders created: %d", created)
    return created
