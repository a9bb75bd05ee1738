"""Intake of an application (Art. 29): the fields a form or the counter gives, the 申请编号 from the
agency-year counter, the 查询码 given once (only its keyed hash is stored), the repeat of the same
request recognised instead of registered twice, the applicant's look-up with number and code, and
the count of the same applicant's applications in a month that 按件计收 charges on
(国办函〔2020〕109号). :func:`.services.submit` is the use case (who may register, the time); the
case's clock and actions are in :mod:`.services`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.core.counters import lock_counter, take_next

from .models import Application, ApplicationCounter, Channel

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_access_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def hash_code(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.strip().upper().encode(), hashlib.sha256).hexdigest()


APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_title",
    "document_number",
    "purpose",
    "medium",
    "delivery",
    "agent_name",
    "agent_id_number",
    "agent_phone",
    "fee_waiver_request",
)
FILE_FIELDS = ("id_proof", "authorisation")
# A second online submission by the same applicant of the same request within this time is the first
# one again (the Back button restores the form with a new token): it is shown, not registered twice.
REPEAT_WINDOW = dt.timedelta(minutes=30)


def _request_key(data: dict) -> tuple[str, ...]:
    def norm(value) -> str:
        return " ".join(str(value or "").split())

    return tuple(
        norm(data.get(f))
        for f in ("applicant_name", "id_number", "description", "document_title", "document_number")
    )


def recent_repeat(agency, data: dict, at: dt.datetime) -> Application | None:
    """The same applicant's same request (name, 证件号码, description, title, 文号) submitted online
    to ``agency`` within :data:`REPEAT_WINDOW` before ``at``, if any."""
    from .models import applicant_hashes

    hashes = applicant_hashes(data.get("id_type", ""), data.get("id_number", ""))
    if not hashes:
        return None
    key = _request_key(data)
    candidates = Application.objects.filter(  # the ID number is stored encrypted: found by its keyed hash
        agency=agency, channel=Channel.ONLINE, applicant_key__in=hashes, submitted_at__gte=at - REPEAT_WINDOW
    ).order_by("submitted_at", "pk")
    return next(
        (a for a in candidates if _request_key({f: getattr(a, f) for f in APPLICANT_FIELDS}) == key), None
    )


def create(
    agency, data: dict, submitted_at: dt.datetime, *, channel: str, idempotency_key: str, registered_by
) -> tuple[Application, str | None]:
    """Store a new application submitted at ``submitted_at`` with its 申请编号 and 查询码 (the code
    returned once, only its hash kept), or return the one it repeats (same ``idempotency_key``, or
    :func:`recent_repeat`) and ``None``. One transaction; :func:`.services.submit` checks who
    registers it and retries a race across a year boundary."""
    with transaction.atomic():
        year = timezone.localtime(submitted_at).year
        # Take the numbering lock first: a second click racing the first waits here, then finds
        # the first application instead of colliding with it.
        counter = lock_counter(ApplicationCounter, agency.pk, year)
        if idempotency_key:
            existing = Application.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
            if existing:
                return existing, None
        if channel == Channel.ONLINE:
            repeat = recent_repeat(agency, data, submitted_at)
            if repeat:
                return repeat, None
        serial = take_next(counter)
        number = f"{year}-{serial:04d}"
        code = new_access_code()
        app = Application(
            agency=agency,
            year=year,
            serial=serial,
            number=number,
            access_code_hash=hash_code(code),
            idempotency_key=idempotency_key,
            channel=channel,
            submitted_at=submitted_at,
            registered_by=registered_by,
        )
        for field in APPLICANT_FIELDS:
            setattr(app, field, data.get(field, "") or "")
        # 申请日期: as written on a paper application (registered by staff); online, the day submitted.
        app.applied_on = data.get("applied_on") or (
            timezone.localtime(submitted_at).date() if channel == Channel.ONLINE else None
        )
        for field in FILE_FIELDS:
            upload = data.get(field)
            if upload:
                getattr(app, field).save(f"{agency.pk}-{number}-{field}.{upload.kind}", upload, save=False)
        app.save()
        record(
            app,
            "submit",
            actor=registered_by,
            actor_label="" if registered_by else "申请人（网上提交）",
            to_state=app.status,
            data={"channel": channel, "number": number},
        )
    return app, code


def find_for_applicant(agency, number: str, code: str) -> Application | None:
    app = Application.objects.filter(agency=agency, number=number.strip()).first()
    if app and hmac.compare_digest(app.access_code_hash, hash_code(code)):
        return app
    return None


def same_applicant_in_month(app: Application) -> int:
    """How many applications the same applicant (same document) made to this agency in the calendar
    month of ``app`` — the count 按件计收 charges on (国办函〔2020〕109号). Found by the keyed hash,
    since the ID number itself is stored encrypted."""
    from .models import applicant_hashes

    hashes = applicant_hashes(app.id_type, app.id_number)
    if not hashes:
        return 0
    local = timezone.localtime(app.submitted_at)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return Application.objects.filter(
        agency_id=app.agency_id, applicant_key__in=hashes, submitted_at__gte=start, submitted_at__lt=end
    ).count()
