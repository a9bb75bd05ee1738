"""The 政民互动 workbench: the queue (coloured by working days left), the overdue list, the case page
with the actions of :mod:`.workflow`, and the box settings. Every lookup goes through
:mod:`.selectors` (own agency, supervisors' subtree, transferred-on read access); anything else 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change, scope
from gongkai.audit.services import history
from gongkai.core.masking import mask_phone
from gongkai.rules.calendar import UnknownYearError
from gongkai.rules.interaction import DEFAULT_DEADLINES, KIND_LABELS, urgency
from gongkai.workdays.calendar import holiday_table

from . import selectors, services
from .forms import AssignForm, BoxForm, NotAcceptForm, ReasonForm, ReplyForm, ReviewForm, TransferForm
from .models import KIND_CHOICES, SOURCE_CHOICES, Box, Message, State
from .workflow import available


def _left(due, today, table) -> int | None:
    if due is None:
        return None
    try:
        return table.workdays_between(today, due)
    except UnknownYearError:
        return None


@login_required
def queue(request):
    """Open messages and work orders of the agency by due date (overdue first); other lists newest first."""
    status = request.GET.get("status", "open")
    source = request.GET.get("source", "")
    kind = request.GET.get("kind", "")
    handler = request.GET.get("handler", "")
    qs = scope(Message.objects.select_related("agency", "handler"), request.user)
    today = services.today()
    if status == "open":
        qs = qs.filter(is_open=1)
    elif status == "overdue":
        qs = qs.filter(is_open=1, due_on__lt=today)
    elif status == "transferred":
        qs = (
            selectors.visible_messages(request.user)
            .exclude(agency_id=request.user.agency_id)
            .select_related("agency", "handler")
        )
    elif status in State.values:
        qs = qs.filter(state=status)
    if source in dict(SOURCE_CHOICES):
        qs = qs.filter(source=source)
    if kind in dict(KIND_CHOICES):
        qs = qs.filter(kind=kind)
    if handler == "me":
        qs = qs.filter(handler=request.user)
    qs = qs.order_by("due_on", "id") if status in ("open", "overdue") else qs.order_by("-submitted_at", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    table = holiday_table()
    rows = []
    for m in page:
        left = _left(m.due_on, today, table) if m.is_open else None
        rows.append({"m": m, "left": left, "urgency": urgency(left), "phone": mask_phone(m.phone)})
    return render(
        request,
        "interaction/staff/queue.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "source": source,
            "kind": kind,
            "handler": handler,
            "states": State.choices,
            "sources": SOURCE_CHOICES,
            "kinds": KIND_CHOICES,
            "reminders": request.user.message_reminders.filter(read=False).select_related("message")[:10],
            "can_boxes": can_change(request.user, request.user.agency_id or 0, Role.AGENCY_ADMIN),
        },
    )


ACTIONS = {
    "accept": (None, lambda u, m, d: services.accept(u, m)),
    "not_accept": (NotAcceptForm, lambda u, m, d: services.not_accept(u, m, d["reason"], d["note"])),
    "assign": (
        AssignForm,
        lambda u, m, d: services.assign(u, m, handler=d["handler"], department=d["department"]),
    ),
    "transfer": (TransferForm, lambda u, m, d: services.transfer(u, m, d["to"], d["reason"])),
    "return": (ReasonForm, lambda u, m, d: services.return_to_dispatcher(u, m, d["reason"])),
    "reply": (ReplyForm, lambda u, m, d: services.reply(u, m, d["text"], d["unit"])),
    "approve_reply": (
        ReviewForm,
        lambda u, m, d: services.review_reply(u, m, True, d["note"], publish=d["publish"]),
    ),
    "reject_reply": (ReasonForm, lambda u, m, d: services.review_reply(u, m, False, d["reason"])),
    "close": (ReasonForm, lambda u, m, d: services.close(u, m, d["reason"])),
    "publish": (None, lambda u, m, d: services.publish(u, m)),
    "unpublish": (ReasonForm, lambda u, m, d: services.unpublish(u, m, d["reason"])),
    "hide": (ReasonForm, lambda u, m, d: services.hide(u, m, d["reason"])),
}


def _form(action: str, msg: Message, data=None):
    form_class = ACTIONS[action][0]
    if form_class is None:
        return None
    if form_class in (AssignForm, TransferForm):
        return form_class(data, agency=msg.agency)
    return form_class(data)


@login_required
def case(request, pk: int):
    msg = selectors.message_for(request.user, pk)
    holder = can_change(request.user, msg.agency_id)
    left = _left(msg.due_on, services.today(), holiday_table()) if msg.is_open else None
    actions = [(t, _form(t.action, msg)) for t in available(msg, request.user)]
    return render(
        request,
        "interaction/staff/case.html",
        {
            "m": msg,
            "left": left,
            "urgency": urgency(left),
            "holder": holder,
            # The handler's case page is the one place the full phone number is shown.
            "phone": msg.phone if holder else mask_phone(msg.phone),
            "actions": actions,
            "history": history_rows(msg),
            "attachments": msg.attachments.all(),
        },
    )


EXTRA_LABELS = {
    "submit": "提交留言",
    "transfer_received": "接收转办",
    "import": "导入工单",
    "import_update": "导入更新",
}


def history_rows(msg: Message) -> list[dict]:
    """The audit trail in words: action and states by their Chinese labels."""
    from .workflow import TRANSITIONS

    states = dict(State.choices)
    return [
        {
            "at": h.at,
            "actor": h.actor_label,
            "reason": h.reason,
            "action": TRANSITIONS[h.action].label
            if h.action in TRANSITIONS
            else EXTRA_LABELS.get(h.action, h.action),
            "states": f"{states.get(h.from_state, h.from_state or '—')} → {states.get(h.to_state, h.to_state)}",
        }
        for h in history(msg)
    ]


@login_required
@require_POST
def act(request, pk: int, action: str):
    msg = selectors.message_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form = _form(action, msg, request.POST)
    if form is not None and not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label if f in form.fields else ''}：{e}"
                for f, errs in form.errors.items()
                for e in errs
            ),
        )
        return redirect("staff:interaction_case", pk=pk)
    try:
        ACTIONS[action][1](request.user, msg, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限")
    else:
        messages.success(request, "已办理")
    return redirect("staff:interaction_case", pk=pk)


@login_required
def attachment(request, pk: int, attachment_id: int):
    from django.http import FileResponse

    msg = selectors.message_for(request.user, pk)
    att = get_object_or_404(msg.attachments, pk=attachment_id)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@login_required
def boxes(request):
    if not request.user.agency_id:
        raise Http404
    items = Box.objects.filter(agency_id=request.user.agency_id)
    rows = [
        (
            b,
            [
                (KIND_LABELS[k], int(b.deadlines.get(k.value) or d))
                for k, d in DEFAULT_DEADLINES.items()
                if k.value in dict(b.kind_choices())
            ],
        )
        for b in items
    ]
    return render(
        request,
        "interaction/staff/boxes.html",
        {"rows": rows, "can_edit": can_change(request.user, request.user.agency_id, Role.AGENCY_ADMIN)},
    )


@login_required
def box_edit(request, pk: int | None = None):
    agency = request.user.agency
    if agency is None or not can_change(request.user, agency, Role.AGENCY_ADMIN):
        raise PermissionDenied("只有机关管理员可以设置信箱")
    box = get_object_or_404(Box, pk=pk, agency=agency) if pk else None
    initial = {"kinds": [k for k, _ in KIND_CHOICES], "active": True}
    if box:
        initial = {
            "name": box.name,
            "description": box.description,
            "kinds": box.kinds,
            "active": box.active,
            **{f"days_{k}": v for k, v in box.deadlines.items()},
        }
    form = BoxForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "deadlines": form.deadlines()}
        try:
            services.save_box(request.user, box, agency, data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, "信箱设置已保存")
            return redirect("staff:interaction_boxes")
    return render(
        request,
        "interaction/staff/box_edit.html",
        {"form": form, "box": box, "defaults": [(KIND_LABELS[k], d) for k, d in DEFAULT_DEADLINES.items()]},
    )
