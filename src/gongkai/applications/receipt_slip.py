"""The 回执 (receipt slip) of an application registered by staff — in person, by post, by fax or by
e-mail (Art. 29 ¶1): agency, 申请编号, 查询码, dates, what happens next with the time limit of
Art. 33, and where to look up the progress. Staff print it (an HTML page with the print
stylesheet) or download it as a PDF (WeasyPrint) to hand over or post.

The 查询码 is stored only as its keyed hash (like an online application's), so it is shown once:
right after registration, or after “重新生成查询码” (:func:`.services.reissue_access_code`,
audited; the old code stops working). Until then it is kept in the registering user's session
for :data:`CODE_SHOWN_FOR`, or until they mark the 回执 handed over.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.scoping import can_change

from . import services, workflow
from .models import Application, Channel
from .portal_views import REPLY_PERIOD_IN_WORDS

SESSION_SLIP_CODES = "staff_slip_codes"
CODE_SHOWN_FOR = dt.timedelta(minutes=30)

# Art. 31: the day the application counts as received, by channel (before staff confirm it).
RECEIPT_RULE = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日",
    Channel.ORAL: "口头提出、由本机关代为填写的，以提出之日为收到申请之日",
    Channel.REGISTERED_POST: "以邮寄方式提交的，以本机关签收之日为收到申请之日",
    Channel.ORDINARY_LETTER: "以平常信函等无需签收的邮寄方式提交的，以双方确认之日为收到申请之日",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日",
    Channel.EMAIL: "通过电子邮件提交的，以双方确认之日为收到申请之日",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日",
}
NEXT_STEPS = (
    "申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知您补正，补正所需时间不计入答复期限"
    "（《条例》第三十条）；涉及第三方合法权益的，本机关书面征求第三方意见，所需时间不计入答复期限"
    "（第三十二条）。"
)


def keep_code(request, app: Application, code: str) -> None:
    """Hold a just-issued code in this user's session for the 回执 (not in the database)."""
    codes = request.session.get(SESSION_SLIP_CODES, {})
    codes[str(app.pk)] = {"code": code, "at": services.now().isoformat(), "hash": app.access_code_hash}
    request.session[SESSION_SLIP_CODES] = codes


def shown_code(request, app: Application) -> str | None:
    """The code issued in this session, while it is fresh and still the case's current code."""
    kept = request.session.get(SESSION_SLIP_CODES, {}).get(str(app.pk))
    if not kept or kept.get("hash") != app.access_code_hash:
        return None
    try:
        at = dt.datetime.fromisoformat(kept["at"])
    except (KeyError, TypeError, ValueError):
        return None
    return kept["code"] if services.now() - at <= CODE_SHOWN_FOR else None


def slip_context(request, app: Application, code: str | None) -> dict:
    """What the 回执 says (the page and the PDF share it)."""
    clock = services.clock_of(app)  # reads only
    agency = app.agency
    applied_on = getattr(app, "applied_on", None)  # the application's own date, where recorded
    return {
        "app": app,
        "agency": agency,
        "code": code,
        "applied_on": applied_on,
        "registered_on": timezone.localtime(app.submitted_at).date(),
        "receipt_rule": RECEIPT_RULE.get(app.channel, ""),
        "due": clock.due if app.received_on else None,
        "period": REPLY_PERIOD_IN_WORDS,
        "next_steps": NEXT_STEPS,
        "lookup_url": request.build_absolute_uri(reverse("applications_portal:lookup", args=[agency.slug])),
    }


def _may_reissue(request, app: Application) -> bool:
    return (
        can_change(request.user, app.agency_id)
        and workflow.allowed(workflow.STEPS, "reissue_code", app.status, request.user)
        and not app.anonymised_at
    )


@login_required
def slip(request, pk: int):
    """The 回执 as a page to print (打印 hides the staff frame: print.css)."""
    from .staff_views import _app

    app = _app(request, pk)
    context = slip_context(request, app, shown_code(request, app))
    context["may_reissue"] = _may_reissue(request, app)
    return render(request, "applications/staff/slip.html", context)


@login_required
def slip_pdf(request, pk: int):
    """The same 回执 as a PDF (A5-sized content on A4, fonts embedded)."""
    from gongkai.rules.annual.render.pdf import chinese_fonts_installed
    from gongkai.security.events import personal_data_exported

    from .staff_views import _app

    app = _app(request, pk)
    if not chinese_fonts_installed():
        messages.error(request, "系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成 PDF，请使用打印")
        return redirect("staff:application_slip", pk=app.pk)
    html = render_to_string(
        "applications/staff/slip_pdf.html", slip_context(request, app, shown_code(request, app))
    )
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    pdf = HTML(string=html).write_pdf()
    # The slip names the applicant (and may carry the code): a download is an export of personal data.
    personal_data_exported(request.user, "下载申请回执（PDF）", app, number=app.number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="huizhi-{app.number}.pdf"'
    return response


@login_required
@require_POST
def slip_handed_over(request, pk: int):
    """The 回执 was printed and handed over or posted: the code leaves the session."""
    from .staff_views import _app

    app = _app(request, pk)
    codes = request.session.get(SESSION_SLIP_CODES, {})
    if codes.pop(str(app.pk), None) is not None:
        request.session[SESSION_SLIP_CODES] = codes
    return redirect("staff:application", pk=app.pk)
