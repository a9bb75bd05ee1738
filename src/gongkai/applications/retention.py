"""个人信息保护: an applicant's personal data is kept only as long as the case needs it.

``GONGKAI_APPLICANT_RETENTION_DAYS`` after a case closed (and once no 复议/诉讼 about it is still
open), its applicant's name, document number, phone, e-mail, address, postcode and stated purpose are
removed. The case stays — number, dates, events, outcome — so the annual report (a GROUP BY over
outcomes) is unchanged. The sent reply letter stays too: it is an official document kept under the
archive rules (档案法), and it names the applicant but holds no ID number, phone or address.
Run daily by Celery beat (``anonymise-applicants``) and by ``gongkai purge_applicants``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from gongkai.audit.services import record
from gongkai.rules.deadline_events import Status

from . import services
from .models import Application

ANONYMISED_NAME = "（已匿名化）"
CLEARED = {
    "applicant_name": ANONYMISED_NAME,
    "contact_person": "",
    "id_number": "",
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
    "purpose": "",
}


def retention_days() -> int:
    return int(getattr(settings, "GONGKAI_APPLICANT_RETENTION_DAYS", 0) or 0)


def expired(as_of: dt.date | None = None, days: int | None = None):
    """Closed cases past the retention period whose applicant data is still there."""
    from gongkai.appeals.models import AppealCase

    days = retention_days() if days is None else days
    if days <= 0:
        return Application.objects.none()
    cutoff = (as_of or services.today()) - dt.timedelta(days=days)
    open_appeal = AppealCase.objects.filter(application=OuterRef("pk"), closed_on__isnull=True)
    return Application.objects.filter(
        status=Status.CLOSED, closed_on__lte=cutoff, anonymised_at__isnull=True
    ).exclude(Exists(open_appeal))


def anonymise(app: Application) -> None:
    """Remove the applicant's personal data from one case (one transaction, audited)."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=app.pk)
        if app.anonymised_at is not None:
            return
        for field, value in CLEARED.items():
            setattr(app, field, value)
        app.anonymised_at = services.now()
        app.save(update_fields=[*CLEARED, "anonymised_at"])
        record(
            app,
            "anonymise",
            actor_label="系统（个人信息保存期限届满）",
            reason=f"办结满{retention_days()}日，申请人个人信息已删除，案件保留用于统计",
            data={"number": app.number, "closed_on": str(app.closed_on)},
        )


def anonymise_expired(as_of: dt.date | None = None, *, dry_run: bool = False) -> list[str]:
    """Anonymise every expired case; returns their numbers (agency slug and number)."""
    done = []
    for app in expired(as_of).select_related("agency").order_by("pk").iterator():
        if not dry_run:
            anonymise(app)
        done.append(f"{app.agency.short_name} {app.number}")
    return done
