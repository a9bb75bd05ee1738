"""The applicant's side: the online form (Art. 29) and the private status page (number + code)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.core import lookup_throttle

from . import services
from .forms import ApplicationForm, StatusLookupForm
from .models import Application, IntakeOptions

# Art. 33, in words, on the 回执 the applicant keeps.
REPLY_PERIOD_IN_WORDS = (
    "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起二十个工作日内予以答复；"
    "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过"
    "二十个工作日（《中华人民共和国政府信息公开条例》第三十三条）。征求第三方和其他机关意见"
    "所需时间不计算在内。"
)
SESSION_CODES = "application_codes"
SESSION_ACCESS = "application_access"


def _form_options(agency) -> dict:
    options = IntakeOptions.objects.filter(agency=agency).first()
    return {
        "waiver_grounds": services.fee_waiver_grounds(),
        "asks_id_proof": bool(options and options.asks_id_proof),
    }


def apply(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, **_form_options(agency))
        token = request.POST.get("token", "")[:64]
        if form.is_valid():
            app, code = services.submit(agency, form.cleaned_data, idempotency_key=token)
            if code is None:  # a repeat: the same form twice (double click), or Back and submit again
                known = _knows(request, app)
                if not known and app.idempotency_key != token:  # same data, another form: show no more
                    return render(request, "applications/portal/repeat.html", {"agency": agency, "app": app})
                if known:
                    messages.info(request, "您已提交过相同的申请，以下是该申请，未重复登记。")
                return redirect("applications_portal:done", slug=slug, pk=app.pk)
            codes = request.session.get(SESSION_CODES, {})
            if code:
                codes[str(app.pk)] = code
                request.session[SESSION_CODES] = codes
            _grant(request, app)
            return redirect("applications_portal:done", slug=slug, pk=app.pk)
    else:
        form = ApplicationForm(**_form_options(agency))
        token = uuid.uuid4().hex
    return render(request, "applications/portal/apply.html", {"agency": agency, "form": form, "token": token})


def done(request, slug: str, pk: int):
    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    code = request.session.get(SESSION_CODES, {}).get(str(app.pk))
    return render(
        request,
        "applications/portal/done.html",
        {"agency": app.agency, "app": app, "code": code, "period": REPLY_PERIOD_IN_WORDS},
    )


def lookup(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        scope = f"application:{agency.pk}"
        if lookup_throttle.refused(request, scope, number):
            form.add_error(None, lookup_throttle.refusal_message())
        else:
            app = services.find_for_applicant(agency, number, form.cleaned_data["code"])
            if app is None:
                lookup_throttle.note_failure(request, scope, number)
                form.add_error(None, "申请编号或查询码不正确")
            else:
                _grant(request, app)
                return redirect("applications_portal:status", slug=slug, pk=app.pk)
    return render(request, "applications/portal/lookup.html", {"agency": agency, "form": form})


def _proofs(request) -> dict:
    proofs = request.session.get(SESSION_ACCESS, {})
    return proofs if isinstance(proofs, dict) else {}  # an older session's list: prove again


def _grant(request, app: Application) -> None:
    """This browser knows the application's current code: remember which one (by its hash), so
    that a code staff reissued (:func:`.services.reissue_access_code`) ends the old one's access."""
    proofs = _proofs(request)
    proofs[str(app.pk)] = app.access_code_hash[:16]
    request.session[SESSION_ACCESS] = proofs


def _knows(request, app: Application) -> bool:
    return _proofs(request).get(str(app.pk)) == app.access_code_hash[:16]


def _authorised(request, slug: str, pk: int) -> Application | None:
    """The application, if this browser proved it knows the number and current code; otherwise ``None``."""
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk, agency__slug=slug)
    return app if _knows(request, app) else None


def _ask_for_code(request, slug: str):
    messages.error(request, "请输入申请编号和查询码查看办理进度")
    return redirect(reverse("applications_portal:lookup", args=[slug]))


def status(request, slug: str, pk: int):
    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    clock = services.clock_of(app)  # a GET writes nothing: the cache is refreshed by actions and daily
    letter = getattr(app, "letter", None)
    return render(
        request,
        "applications/portal/status.html",
        {
            "agency": app.agency,
            "app": app,
            "clock": clock,
            "notices": app.notices.filter(to_applicant=True),
            "letter": letter if letter and letter.state == "sent" else None,
            "published": _published(letter),
        },
    )


def _published(letter) -> list[dict]:
    """The published documents a sent Art. 36(一) reply points to, with their portal addresses
    (those since withdrawn are left out: their page says so, but the list shows what is public)."""
    if not letter or letter.state != "sent":
        return []
    from gongkai.disclosure.selectors import public_ids

    from .provision import document_path

    docs = list(letter.published_documents.select_related("agency"))
    public = public_ids(d.pk for d in docs)
    return [{"doc": d, "path": document_path(d)} for d in docs if d.pk in public]


def letter_file(request, slug: str, pk: int, kind: str):
    """The frozen reply letter (PDF or DOCX) as sent."""
    from .letters import sent_letter_response

    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    return sent_letter_response(app, kind)
