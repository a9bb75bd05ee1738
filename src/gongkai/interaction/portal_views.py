"""The public's side of 政民互动: the boxes of an agency, the form, the private status page (number +
查询码) with the rating, and the published Q&A (互动回应) per box."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency
from gongkai.core import lookup_throttle
from gongkai.rules.interaction import DEFAULT_DEADLINES, KIND_LABELS

from . import selectors, services
from .forms import LookupForm, MessageForm, RatingForm
from .models import Box, Message, State

SESSION_CODES = "interaction_codes"
SESSION_ACCESS = "interaction_access"


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def boxes(request, slug: str):
    agency = _agency(slug)
    return render(
        request,
        "interaction/portal/boxes.html",
        {
            "agency": agency,
            "boxes": agency.boxes.filter(active=True),
            "replies": selectors.published(agency=agency)[:10],
        },
    )


def _deadline_rows(box: Box) -> list[tuple[str, int]]:
    return [
        (KIND_LABELS[k], int(box.deadlines.get(k.value) or days))
        for k, days in DEFAULT_DEADLINES.items()
        if k.value in dict(box.kind_choices())
    ]


def box(request, slug: str, box_id: int):
    b = get_object_or_404(Box.objects.select_related("agency"), pk=box_id, agency__slug=slug)
    page = Paginator(selectors.published(box=b), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/portal/box.html",
        {"agency": b.agency, "box": b, "page": page, "deadlines": _deadline_rows(b)},
    )


def replies(request, slug: str):
    """互动回应: every published Q&A of the agency's boxes and of the messages it answered."""
    agency = _agency(slug)
    page = Paginator(selectors.published(agency=agency), 20).get_page(request.GET.get("page"))
    return render(request, "interaction/portal/replies.html", {"agency": agency, "page": page})


def write(request, slug: str, box_id: int):
    b = get_object_or_404(Box.objects.select_related("agency"), pk=box_id, agency__slug=slug, active=True)
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES, box=b)
        token = request.POST.get("token", "")[:64]
        if form.is_valid():
            files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
            try:
                msg, code = services.submit(b, form.cleaned_data, files, idempotency_key=token)
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                if code:
                    request.session[SESSION_CODES] = {
                        **request.session.get(SESSION_CODES, {}),
                        str(msg.pk): code,
                    }
                _grant(request, msg)
                return redirect("interaction_portal:done", slug=slug, pk=msg.pk)
    else:
        form = MessageForm(box=b)
        token = uuid.uuid4().hex
    return render(
        request,
        "interaction/portal/write.html",
        {
            "agency": b.agency,
            "box": b,
            "form": form,
            "token": token,
            "deadlines": _deadline_rows(b),
            "max_files": services.MAX_FILES,
            "max_mb": services.MAX_PUBLIC_BYTES // 1048576,
        },
    )


def _grant(request, msg: Message) -> None:
    access = set(request.session.get(SESSION_ACCESS, []))
    access.add(msg.pk)
    request.session[SESSION_ACCESS] = sorted(access)


def _authorised(request, slug: str, pk: int) -> Message | None:
    msg = get_object_or_404(
        Message.objects.select_related("agency", "box__agency"), pk=pk, box__agency__slug=slug
    )
    return msg if msg.pk in request.session.get(SESSION_ACCESS, []) else None


def _ask_for_code(request, slug: str):
    messages.error(request, "请输入留言编号和查询码查看办理情况")
    return redirect("interaction_portal:lookup", slug=slug)


def done(request, slug: str, pk: int):
    msg = _authorised(request, slug, pk)
    if msg is None:
        return _ask_for_code(request, slug)
    code = request.session.get(SESSION_CODES, {}).get(str(msg.pk))
    return render(
        request, "interaction/portal/done.html", {"agency": msg.box.agency, "msg": msg, "code": code}
    )


def lookup(request, slug: str):
    agency = _agency(slug)
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope, number = f"interaction:{agency.pk}", form.cleaned_data["number"]
        if lookup_throttle.refused(request, scope, number):
            form.add_error(None, lookup_throttle.refusal_message())
        else:
            msg = services.find_for_writer(number, form.cleaned_data["code"])
            if msg is None or msg.box is None or msg.box.agency_id != agency.pk:
                lookup_throttle.note_failure(request, scope, number)
                form.add_error(None, "留言编号或查询码不正确")
            else:
                _grant(request, msg)
                return redirect("interaction_portal:status", slug=slug, pk=msg.pk)
    return render(request, "interaction/portal/lookup.html", {"agency": agency, "form": form})


def status(request, slug: str, pk: int):
    msg = _authorised(request, slug, pk)
    if msg is None:
        return _ask_for_code(request, slug)
    answered = msg.state in (State.ANSWERED, State.CLOSED)
    return render(
        request,
        "interaction/portal/status.html",
        {
            "agency": msg.box.agency,
            "msg": msg,
            "answered": answered,
            "transferred": msg.agency_id != msg.box.agency_id,
            "rating_form": RatingForm() if msg.state == State.ANSWERED else None,
        },
    )


@require_POST
def rate(request, slug: str, pk: int):
    msg = _authorised(request, slug, pk)
    if msg is None:
        return _ask_for_code(request, slug)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择评价：满意、基本满意或不满意")
    else:
        try:
            msg = services.rate(msg, form.cleaned_data["rating"], form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request, "感谢您的评价。" + ("您的留言将重新办理。" if msg.state == State.ASSIGNED else "")
            )
    return redirect("interaction_portal:status", slug=slug, pk=pk)


def proposals(request, slug: str):
    """建议提案办理 column: 复文 published under 国办发〔2014〕46号, without contact details."""
    from .proposal_models import Proposal

    agency = _agency(slug)
    items = (
        Proposal.objects.filter(lead=agency, published_at__isnull=False)
        .select_related("session")
        .order_by("-sent_on", "number")
    )
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "interaction/portal/proposals.html", {"agency": agency, "page": page})
