"""What the applicant gets once the reply is sent (Art. 40): the files released with the letter
(never the original of a redacted file), the period they may be downloaded in, the signed e-mail
link when the form given is e-mail, and the audit line of each download. The use cases that change a
case (attaching, marking, releasing, 送达) are in :mod:`.services`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing

from gongkai.applications import services as app_services
from gongkai.applications.models import Application
from gongkai.audit.services import record

from .models import ReplyFile

EMAIL_SALT = "gongkai.delivery.email-link"
Origin = ReplyFile.Origin


def delivery_days() -> int:
    """How many days after release the applicant may download the files (``GONGKAI_DELIVERY_DAYS``)."""
    return int(getattr(settings, "GONGKAI_DELIVERY_DAYS", 90))


def mask_name(name: str) -> str:
    """张三丰 → 张**: enough for the audit trail to tell cases apart, not the applicant's name."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


# -- which files are released -------------------------------------------------------------------


def released(app: Application):
    """The files the applicant may download: released with the sent letter, and never a file from
    which a redacted copy was made (the original of 区分处理 stays in the case file)."""
    return (
        ReplyFile.objects.filter(application=app, release=True, released_at__isnull=False)
        .exclude(derived__origin=Origin.REDACTED)
        .order_by("pk")
    )


def window(app: Application) -> tuple[dt.date | None, bool]:
    """(last day the files may be downloaded, whether today is within it). ``None`` before release."""
    first = released(app).order_by("released_at").values_list("released_at", flat=True).first()
    if first is None:
        return None, False
    from django.utils import timezone

    until = timezone.localtime(first).date() + dt.timedelta(days=delivery_days())
    return until, app_services.today() <= until


def is_sent(app: Application) -> bool:
    letter = getattr(app, "letter", None)
    return letter is not None and letter.state == "sent"


# -- the e-mail link ----------------------------------------------------------------------------


def email_token(app: Application) -> str:
    """A signed token for the e-mail link: the case and (part of) its 查询码's hash, so a code
    reissued by staff ends the link too; valid for :func:`delivery_days` days."""
    return signing.dumps({"a": app.pk, "h": app.access_code_hash[:16]}, salt=EMAIL_SALT, compress=True)


def app_from_token(token: str, pk: int) -> Application | None:
    """The application of a valid, unexpired e-mail token for ``pk``; None otherwise."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=dt.timedelta(days=delivery_days()))
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("a") != pk:
        return None
    app = Application.objects.select_related("agency").filter(pk=pk).first()
    return app if app and app.access_code_hash[:16] == data.get("h") else None


def email_link(app: Application) -> str:
    from django.urls import reverse

    base = getattr(settings, "GONGKAI_SITE_URL", "").rstrip("/") or "http://127.0.0.1:8000"
    return base + reverse("delivery_portal:email_files", args=[app.agency.slug, app.pk, email_token(app)])


def send_email_link(pk: int) -> None:
    """Tell the applicant by e-mail where to download the information (获取方式：电子邮件)."""
    from django.core.mail import send_mail

    app = Application.objects.select_related("agency").get(pk=pk)
    until, _ = window(app)
    send_mail(
        f"【{app.agency.name}】政府信息公开申请{app.number}的答复及所提供的信息",
        f"您的政府信息公开申请（编号{app.number}）已答复。答复告知书和本机关提供的政府信息可在以下地址查看和下载"
        f"（{until.year}年{until.month}月{until.day}日前有效）：\n{email_link(app)}\n\n也可在门户“申请查询”页用申请编号和查询码查看。",
        settings.DEFAULT_FROM_EMAIL,
        [app.email],
        fail_silently=True,
    )


# -- downloads and 送达 -------------------------------------------------------------------------


def note_download(app: Application, row: ReplyFile, via: str) -> None:
    """Audit one download by the applicant (who in masked form, when, which file, how)."""
    label = "查询码" if via == "code" else "电子邮件链接"
    record(
        app,
        "applicant_download",
        actor_label=f"申请人{mask_name(app.applicant_name)}（{label}）",
        data={"file": row.pk, "sha256": row.sha256, "via": via},
    )
