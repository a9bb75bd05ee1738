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
from .models import Application

SESSION_CODES = "application_codes"
SESSION_ACCESS = "application_access"


def apply(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        token = request.POST.get("token", "")[:64]
        if form.is_valid():
            app, code = services.submit(agency, form.cleaned_data, idempotency_key=token)
            codes = request.session.get(SESSION_CODES, {})
            if code:
                codes[str(app.pk)] = code
                request.session[SESSION_CODES] = codes
            access = set(request.session.get(SESSION_ACCESS, []))
            access.add(app.pk)
            request.session[SESSION_ACCESS] = sorted(access)
            return redirect("applications_portal:done", slug=slug, pk=app.pk)
    else:
        form = ApplicationForm()
        token = uuid.uuid4().hex
    return render(request, "applications/portal/apply.html", {"agency": agency, "form": form, "token": token})


def done(request, slug: str, pk: int):
    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    code = request.session.get(SESSION_CODES, {}).get(str(app.pk))
    return render(request, "applications/portal/done.html", {"agency": app.agency, "app": app, "code": code})


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
                access = set(request.session.get(SESSION_ACCESS, []))
                access.add(app.pk)
                request.session[SESSION_ACCESS] = sorted(access)
                return redirect("applications_portal:status", slug=slug, pk=app.pk)
    return render(request, "applications/portal/lookup.html", {"agency": agency, "form": form})


def _authorised(request, slug: str, pk: int) -> Application | None:
    """The application, if this browser proved it knows the number and code; otherwise ``None``."""
    app = get_object_or_404(Application.objects.select_related("agency"), pk=pk, agency__slug=slug)
    return app if app.pk in request.session.get(SESSION_ACCESS, []) else None


def _ask_for_code(request, slug: str):
    messages.error(request, "请输入申请编号和查询码查看办理进度")
    return redirect(reverse("applications_portal:lookup", args=[slug]))


def status(request, slug: str, pk: int):
    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    clock = services.clock_of(app)  # a GET writes nothing: the cache is refreshed by actions and daily
    letter = getattr(app, "letter", None)
    return render(request, "applications/portal/status.html", {
        "agency": app.agency, "app": app, "clock": clock,
        "notices": app.notices.filter(to_applicant=True),
        "letter": letter if letter and letter.state == "sent" else None,
    })


def letter_file(request, slug: str, pk: int, kind: str):
    """The frozen reply letter (PDF or DOCX) as sent."""
    from .letters import sent_letter_response

    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    return sent_letter_response(app, kind)
