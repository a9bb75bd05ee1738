"""Daily jobs of disclosure on application (Celery beat in production, in-process in the demo)."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from gongkai.rules.deadline_events import Status
from gongkai.workdays.calendar import holiday_table

REMIND_AT = (5, 2)  # working days left
log = logging.getLogger(__name__)


@shared_task
def remind_handlers(today: str | None = None) -> int:
    """Remind each handler of their running cases with 5 and with 2 working days left (once each;
    late if the run of that day was missed)."""
    from . import services
    from .models import Application, Reminder

    day = dt.date.fromisoformat(today) if today else services.today()
    table = holiday_table()
    created = 0
    horizon = day + dt.timedelta(days=31)
    for app in Application.objects.filter(
        status=Status.RUNNING, handler__isnull=False, due_on__gte=day, due_on__lte=horizon
    ).select_related("handler", "agency"):
        counted = table.left(day, app.due_on)  # an estimate when next year's holidays are not entered
        left = counted.value
        # The threshold this day falls under (5 for 5…3 days left, 2 for 2…0): a run missed on the
        # day itself (broker down, beat stopped) still sends that reminder on the next run.
        due = [t for t in REMIND_AT if left <= t]
        if not due:
            continue
        _, new = Reminder.objects.get_or_create(
            application=app, due_on=app.due_on, workdays_left=min(due), defaults={"user": app.handler}
        )
        if new:
            created += 1
            if app.handler.email:
                estimate = (
                    f"（{counted.year}年节假日安排尚未录入，仅扣除周末估算，实际期限可能稍晚）"
                    if counted.pending
                    else ""
                )
                send_mail(
                    f"【依申请公开】申请{app.number}剩余{left}个工作日",
                    f"申请{app.number}的答复期限为{app.due_on}，"
                    f"还剩{left}个工作日{estimate}。请登录工作台办理。",
                    settings.DEFAULT_FROM_EMAIL,
                    [app.handler.email],
                    fail_silently=True,
                )
    log.info("deadline reminders created: %d", created)
    return created


@shared_task
def refresh_expired_cases() -> int:
    """Close cases whose supplement or fee period ran out (Art. 30, Art. 42)."""
    from .stats import refresh_expired

    return refresh_expired()


@shared_task
def anonymise_expired_applicants() -> int:
    """个人信息保护: remove applicants' personal data once the retention period after closing ran out."""
    from .retention import anonymise_expired

    done = anonymise_expired()
    log.info("applicants anonymised after the retention period: %d", len(done))
    return len(done)


@shared_task(acks_late=True)
def render_sent_letter(row_id: int) -> bool:
    """Render a sent reply letter's Word and PDF files (off the request; see letters.freeze_files).
    ``acks_late``: a worker killed mid-render leaves the message queued, so it is done again."""
    from .letters import freeze_files

    return freeze_files(row_id)
