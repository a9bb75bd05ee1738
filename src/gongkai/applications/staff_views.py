"""The workbench (工作台) of application handlers: queue, overdue list, case page and its actions.
Every lookup is scoped to the user's agency; a supervisor reads the subtree and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change, scope
from gongkai.audit.services import history
from gongkai.core.masking import mask_email, mask_id_number, mask_phone
from gongkai.core.workflow import who_can
from gongkai.rules.calendar import Pending
from gongkai.rules.deadline_events import Status
from gongkai.workdays.calendar import holiday_table

from . import receipt_slip, services, workflow
from .forms import (
    AnswerForm,
    AssignForm,
    ConsultForm,
    ExtensionForm,
    FeeForm,
    FeePaidForm,
    LaterDateForm,
    LetterDraftForm,
    LetterEditForm,
    NotifyExtensionForm,
    ReasonsForm,
    ReceiptForm,
    ReissueCodeForm,
    SendForm,
    StaffApplicationForm,
    SupplementForm,
    SupplementReceivedForm,
    WithdrawForm,
)
from .models import Application, Channel

OPEN = [s.value for s in Status if s != Status.CLOSED]


def _left(due, today, table=None) -> Pending | None:
    """Working days left (negative: overdue); pending when next year's holidays are not entered."""
    if due is None:
        return None
    return (table if table is not None else holiday_table()).left(today, due)


def urgency(left: int | None) -> str:
    if left is None:
        return ""
    if left < 0:
        return "overdue"
    return "soon" if left <= 5 else "ok"


@login_required
def queue(request):
    apps = scope(Application.objects.select_related("agency", "handler"), request.user)
    status = request.GET.get("status", "open")
    handler = request.GET.get("handler", "")
    channel = request.GET.get("channel", "")
    if status == "open":
        apps = apps.filter(status__in=OPEN)
    elif status == "overdue":
        apps = apps.filter(status__in=OPEN, due_on__lt=services.today())
    elif status in Status._value2member_map_:
        apps = apps.filter(status=status)
    if handler == "me":
        apps = apps.filter(handler=request.user)
    elif handler == "none":
        apps = apps.filter(handler__isnull=True)
    if channel in Channel.values:
        apps = apps.filter(channel=channel)
    unconfirmed = []
    if status == "open":
        # Not yet received (Art. 31): no due date yet, so listed above the queue, oldest first, on
        # every database alike; the queue below is the received cases by due date.
        unconfirmed = apps.filter(status=Status.NOT_RECEIVED).order_by("submitted_at", "pk")[:20]
        apps = apps.filter(due_on__isnull=False)
    apps = (
        apps.order_by("due_on", "pk")
        if status in ("open", "overdue")
        else apps.order_by("-submitted_at", "-pk")
    )
    page = Paginator(apps, 50).get_page(request.GET.get("page"))
    today = services.today()
    # One table for the page: each holiday_table() call checks the calendar's version in the
    # database (two queries), which need not be repeated for every row.
    table = holiday_table()
    rows = []
    for app in page:
        left = _left(app.due_on, today, table) if not app.is_closed else None
        days = left.value if left is not None else None
        rows.append(
            {
                "app": app,
                "left": days,
                "pending": left.year if left is not None else None,
                "urgency": urgency(days),
                "phone": mask_phone(app.phone),
            }
        )
    return render(
        request,
        "applications/staff/queue.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "unconfirmed": unconfirmed,
            "handler": handler,
            "channel": channel,
            "statuses": [(s.value, s.label) for s in Status],
            "channels": Channel.choices,
            "can_register": can_change(
                request.user, request.user.agency_id or 0, Role.HANDLER, Role.AGENCY_ADMIN
            ),
            "reminders": request.user.reminders.filter(read=False).select_related("application")[:10],
            "can_overview": request.user.has_role(Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.OFFICE_HEAD),
        },
    )


@login_required
def overview(request):
    """Supervisor's view: counts and overdue cases across the subtree."""
    if not request.user.has_role(Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.OFFICE_HEAD):
        raise PermissionDenied("仅监督人员和机关负责人可查看")
    today = services.today()
    apps = scope(Application.objects.all(), request.user)
    # Annotation names must not shadow a field: ``overdue=Count(…)`` made the later
    # ``Q(overdue=True)`` refer to that COUNT, a nested aggregate (SQLite: "misuse of aggregate").
    per_agency = (
        apps.values("agency__name", "agency__path")
        .annotate(
            n_total=Count("pk"),
            n_open=Count("pk", filter=Q(status__in=OPEN)),
            n_overdue=Count("pk", filter=Q(status__in=OPEN, due_on__lt=today)),
            n_late=Count("pk", filter=Q(overdue=True, status=Status.CLOSED)),
        )
        .order_by("agency__path")
    )
    overdue = (
        apps.filter(status__in=OPEN, due_on__lt=today)
        .select_related("agency", "handler")
        .order_by("due_on")[:100]
    )
    return render(request, "applications/staff/overview.html", {"per_agency": per_agency, "overdue": overdue})


@login_required
def register(request):
    """Staff enter an application that came in person, by post, fax or e-mail (or orally, Art. 29)."""
    if not can_change(request.user, request.user.agency_id or 0, Role.HANDLER, Role.AGENCY_ADMIN):
        raise PermissionDenied("只有申请承办人可以登记申请")
    form = StaffApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        app, code = services.submit(
            request.user.agency,
            data,
            channel=data.pop("channel"),
            registered_by=request.user,
            idempotency_key=request.POST.get("token", "")[:64],
        )
        if code is None:  # the same form sent twice: the first registration, its code already shown
            messages.info(request, f"该申请已登记为 {app.number}，未重复登记")
            return redirect("staff:application", pk=app.pk)
        # The 查询码 is kept only as a hash: shown now, on the 回执 to print and hand over or post.
        receipt_slip.keep_code(request, app, code)
        messages.success(
            request, f"已登记申请 {app.number}。请打印回执交申请人（查询码只显示这一次），再确认收到日期"
        )
        return redirect("staff:application_slip", pk=app.pk)
    import uuid

    return render(request, "applications/staff/register.html", {"form": form, "token": uuid.uuid4().hex})


def _app(request, pk: int) -> Application:
    return get_object_or_404(
        scope(Application.objects.select_related("agency", "handler"), request.user), pk=pk
    )


# Each case action: its form and the service it calls (the table of who and when is :mod:`.workflow`).
ACTIONS = {
    "receipt": (ReceiptForm, lambda u, a, d: services.confirm_receipt(u, a, d["received_on"], d["how"])),
    "supplement": (
        SupplementForm,
        lambda u, a, d: services.request_supplement(u, a, d["on"], d["items"], d["days"]),
    ),
    "supplement_received": (
        SupplementReceivedForm,
        lambda u, a, d: services.supplement_received(u, a, d["on"], d["note"], d["excused"]),
    ),
    "consult": (ConsultForm, lambda u, a, d: services.consult(u, a, d["on"], d["party"], agency=d["agency"])),
    "consultation_answered": (
        AnswerForm,
        lambda u, a, d: services.consultation_answered(u, a, d["on"], d["party"], d["note"]),
    ),
    "fee": (
        FeeForm,
        lambda u, a, d: services.send_fee_notice(
            u, a, d["on"], d["method"], d["quantity"], d.get("waiver", ""), payment=d.get("payment", "")
        ),
    ),
    "fee_paid": (FeePaidForm, lambda u, a, d: services.fee_paid(u, a, d["on"])),
    "approve_extension": (
        ExtensionForm,
        lambda u, a, d: services.approve_extension(u, a, d["on"], d["days"], d["note"]),
    ),
    "notify_extension": (NotifyExtensionForm, lambda u, a, d: services.notify_extension(u, a, d["on"])),
    "request_reasons": (
        ReasonsForm,
        lambda u, a, d: services.request_reasons(u, a, d["on"], d["note"], d.get("days")),
    ),
    "later_date": (
        LaterDateForm,
        lambda u, a, d: services.set_later_date(u, a, d["on"], d["until"], d["note"]),
    ),
    "withdraw": (WithdrawForm, lambda u, a, d: services.withdraw(u, a, d["on"], d["note"])),
    "assign": (AssignForm, lambda u, a, d: services.assign(u, a, d["handler"])),
    "reissue_code": (ReissueCodeForm, lambda u, a, d: services.reissue_access_code(u, a, d["note"])),
}


def _form(action: str, app: Application, data=None, **kwargs):
    form_class = ACTIONS[action][0]
    if form_class is AssignForm:
        kwargs["agency"] = app.agency
    elif form_class is FeeForm:
        kwargs["waiver_grounds"] = services.fee_waiver_grounds()
        if data is None:  # the payment method defaults from the agency's 告知书设置
            from .facts import letter_settings

            kwargs["initial"] = {
                **kwargs.get("initial", {}),
                "payment": letter_settings(app.agency).fee_payment,
            }
    return form_class(data, **kwargs)


def _label(action: str) -> str:
    step = workflow.STEPS[action]
    return f"{step.label}（{step.article}）" if step.article else step.label


def may_see_email(user, app: Application, can_act: bool) -> bool:
    """The applicant's e-mail in full: only where the reply is delivered by e-mail (获取方式：电子邮件),
    and only to who delivers it at the case's agency (the roles of “送达答复告知书” in
    :data:`.workflow.LETTER_STEPS`); everyone else sees it masked, like the ID number and phone."""
    from .models import Delivery

    return (
        can_act
        and app.delivery == Delivery.EMAIL
        and bool(app.email)
        and user.has_role(*workflow.LETTER_STEPS["send"].roles)
    )


@login_required
def case(request, pk: int):
    """The case page. It shows only the actions possible now: those the workflow table allows in
    the case's status and the rules package accepts today (:func:`.workflow.possible_now`); an
    action that is possible but belongs to another role is named with who can take it. A GET
    writes nothing (the cached clock is refreshed by the actions and the daily task)."""
    app = _app(request, pk)
    today = services.today()
    clock = services.clock_of(app)
    # Working days left only while the case is open (a closed case has no time left to show).
    left = _left(clock.due or clock.earliest_due, today) if clock.status != Status.CLOSED else None
    events, table = services.events_of(app), holiday_table()
    fee_pauses = services.fee_pauses_clock()
    state = workflow.state_of(events, table, fee_pauses, app.status)
    can_act = can_change(request.user, app.agency_id)
    mine, others = workflow.possible_now(events, state, request.user, can_act, today, table, fee_pauses)
    initial = {"on": today, "received_on": today}
    actions = [
        {"action": a, "label": _label(a), "form": _form(a, app, initial=initial, auto_id=f"id_{a}_%s")}
        for a in mine
        if a != "reply"
    ]
    if can_act and workflow.allowed(workflow.STEPS, "assign", app.status, request.user):
        actions.append(
            {"action": "assign", "label": "分配承办人", "form": _form("assign", app, auto_id="id_assign_%s")}
        )
    letter = getattr(app, "letter", None)
    letter_state = letter.state if letter else workflow.NO_LETTER
    received_open = app.received_on is not None and clock.status != Status.CLOSED

    def letter_may(step: str) -> bool:
        return (
            can_act
            and received_open
            and workflow.allowed(workflow.LETTER_STEPS, step, letter_state, request.user)
        )

    needs_other = [who_can(workflow.STEPS, a, app.agency) for a in others if a != "reply"]
    email_shown = may_see_email(request.user, app, can_act)
    from .reply_views import draft_document_url
    from .same_requests import group_of

    art44 = group_of(app, today)
    if can_act and letter_state == "draft" and not letter_may("sign"):
        needs_other.append(who_can(workflow.LETTER_STEPS, "sign", app.agency))
    return render(
        request,
        "applications/staff/case.html",
        {
            "app": app,
            "clock": clock,
            "left": left.value if left is not None else None,
            "id_masked": mask_id_number(app.id_number),
            "phone_masked": mask_phone(app.phone),
            "email": app.email if email_shown else mask_email(app.email),
            "email_shown": email_shown,
            "same_applicant": services.same_applicant_in_month(app),
            "events": app.events.select_related("actor"),
            "notices": app.notices.all(),
            "history": history(app),
            "actions": actions,
            "needs_other": needs_other,
            "letter": letter,
            "letter_edit": LetterEditForm(initial={"body": letter.body}) if letter else None,
            "may": {
                "draft": letter_may("draft"),
                "edit": letter_may("edit"),
                "sign": letter_may("sign"),
                "send": letter_may("send") and "reply" in mine,
            },
            "send_form": SendForm(initial={"on": today}, auto_id="id_send_%s"),
            "letter_form": LetterDraftForm(auto_id="id_letter_%s"),
            "published": list(letter.published_documents.select_related("agency")) if letter else [],
            "art44": art44,
            "art44_create_url": draft_document_url(art44.group.subject) if art44 else "",
            "may_create_doc": can_change(request.user, app.agency_id, Role.EDITOR),
        },
    )


@login_required
@require_POST
def act(request, pk: int, action: str):
    app = _app(request, pk)
    if action not in ACTIONS:
        raise Http404
    run = ACTIONS[action][1]
    form = _form(action, app, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label if f in form.fields else ''}：{e}"
                for f, errs in form.errors.items()
                for e in errs
            ),
        )
    else:
        try:
            result = run(request.user, app, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            if action == "reissue_code":  # the new code is shown once, on the 回执 to print
                app.refresh_from_db()
                receipt_slip.keep_code(request, app, result)
                messages.success(request, "已重新生成查询码，原查询码即时失效；请打印新的回执交申请人")
                return redirect("staff:application_slip", pk=app.pk)
            messages.success(request, "已办理")
    return redirect("staff:application", pk=app.pk)


@login_required
@require_POST
def letter(request, pk: int, step: str):
    """Reply letter: draft (from the outcome's template), edit, sign (leader), send (freezes it)."""
    from . import letters

    app = _app(request, pk)
    try:
        if step == "draft":
            form = LetterDraftForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请选择答复结果")
            d = form.cleaned_data
            details = {}
            if d["holder_agency"]:
                details["holder_agency"] = d["holder_agency"]
            if d["provided"]:
                details["provided"] = [line for line in d["provided"].splitlines() if line.strip()]
            details["form"] = form.form_choice()
            letters.draft_reply(request.user, app, d["outcome"], **details)
            messages.success(request, "已生成答复告知书草稿，请核对并补全【请填写】处")
        elif step == "edit":
            form = LetterEditForm(request.POST)
            if not form.is_valid():
                raise ValidationError("告知书正文不能为空")
            letters.edit_reply(request.user, app, form.cleaned_data["body"])
            messages.success(request, "告知书已保存")
        elif step == "sign":
            letters.sign_reply(request.user, app)
            messages.success(request, "告知书已签发")
        elif step == "send":
            form = SendForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请填写送达日期")
            letters.send_reply(request.user, app, form.cleaned_data["on"])
            messages.success(request, "答复已送达，告知书已存档（DOCX、PDF 及其 SHA-256）")
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("staff:application", pk=app.pk)


@login_required
def letter_file(request, pk: int, kind: str):
    from gongkai.security.events import personal_data_exported

    from .letters import sent_letter_response

    app = _app(request, pk)
    letter = getattr(app, "letter", None)
    if letter is not None and letter.state != letter.State.SENT:  # a draft or signed letter, rendered now
        from .letter_views import reply_draft_response

        return reply_draft_response(request, app, kind)
    response = sent_letter_response(app, kind)
    # The letter names the applicant and their address: a download is an export of personal data.
    personal_data_exported(request.user, f"下载答复告知书（{kind.upper()}）", app, number=app.number)
    return response
