"""Staff pages of 人大代表建议 / 政协委员提案: list, registration (交办), the item with its actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change

from . import proposals
from .forms import DraftForm, FeedbackForm, LeadForm, OpinionForm, ProposalForm, ReasonForm


@login_required
def listing(request):
    items = proposals.visible(request.user).order_by("due_on", "pk")
    state = request.GET.get("state", "")
    if state in proposals.State.values:
        items = items.filter(state=state)
    return render(
        request,
        "interaction/staff/proposals.html",
        {
            "items": items[:500],
            "state": state,
            "states": proposals.State.choices,
            "today": proposals.today(),
            "can_register": request.user.has_role(*proposals.REGISTRARS) and bool(request.user.agency_id),
        },
    )


@login_required
def register(request):
    if not (request.user.agency_id and request.user.has_role(*proposals.REGISTRARS)):
        raise PermissionDenied("只有机关管理员或公开工作机构负责人可以登记交办")
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = proposals.register(
                request.user,
                session=d["session"],
                number=d["number"],
                title=d["title"],
                authors=d["authors"],
                lead=d["lead"],
                received_on=d["received_on"],
                assigned_on=d["assigned_on"],
                cohandlers=list(d["cohandlers"]),
                contact=d["contact"],
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记{p}")
            return redirect("staff:interaction_proposal", pk=p.pk)
    return render(request, "interaction/staff/proposal_new.html", {"form": form})


ACTION_LABELS = {
    "register": "登记交办",
    "return": "交办有误退回",
    "reassign": "重新交办",
    "extend": "批准延期",
    "cohandler_opinion": "会办意见",
    "draft": "起草复文",
    "sign": "签发复文",
    "send": "答复",
    "feedback": "意见征求表",
    "publish": "公开复文",
}


def _forms(p, user) -> list[tuple[str, str, object]]:
    """(action, label, form) the user may take now."""
    S = proposals.State
    lead = lambda *roles: can_change(user, p.lead_id, *roles)  # noqa: E731
    out = []
    if p.state == S.HANDLING and lead(*proposals.REGISTRARS, Role.HANDLER):
        out.append(("return", "交办有误，退回（交办之日起10日内）", ReasonForm()))
    if p.state in (S.HANDLING, S.DRAFTED) and not p.extended and lead(Role.LEADER, Role.OFFICE_HEAD):
        out.append(("extend", "批准延期一个月（仅一次）", ReasonForm()))
    if p.state in (S.HANDLING, S.DRAFTED) and lead(Role.HANDLER, Role.AGENCY_ADMIN):
        out.append(
            (
                "draft",
                "起草复文",
                DraftForm(
                    initial={
                        "reply": p.reply,
                        "classification": p.classification,
                        "public_interest": p.public_interest,
                        "summary": p.summary,
                        "publish_mode": p.publish_mode,
                    }
                ),
            )
        )
    if p.state == S.DRAFTED and lead(Role.LEADER) and p.drafted_by_id != user.pk:
        out.append(("sign", "签发复文", None))
    if p.state == S.SIGNED and lead(Role.HANDLER, Role.AGENCY_ADMIN):
        out.append(("send", "答复代表/委员", None))
    if p.state == S.SENT and lead(Role.HANDLER, Role.AGENCY_ADMIN) and not p.feedback:
        out.append(("feedback", "登记意见征求表", FeedbackForm()))
    if p.state == S.SENT and p.public_interest and not p.published_at and lead(Role.LEADER, Role.REVIEWER):
        out.append(("publish", "在建议提案办理栏目公开复文", None))
    if p.state == S.RETURNED and user.has_role(*proposals.REGISTRARS):
        out.append(("reassign", "重新交办", LeadForm()))
    for unit in p.units.all():
        if not unit.sent_on and can_change(user, unit.agency_id, Role.HANDLER, Role.AGENCY_ADMIN):
            out.append(
                (f"opinion-{unit.pk}", f"会办意见（{unit.due_on:%Y-%m-%d}前送主办单位）", OpinionForm())
            )
    return out


@login_required
def detail(request, pk: int):
    p = proposals.proposal_for(request.user, pk)
    from gongkai.audit.services import history

    return render(
        request,
        "interaction/staff/proposal.html",
        {
            "p": p,
            "units": p.units.select_related("agency"),
            "actions": _forms(p, request.user),
            "history": [
                {
                    "at": h.at,
                    "actor": h.actor_label,
                    "reason": h.reason,
                    "action": ACTION_LABELS.get(h.action, h.action),
                }
                for h in history(p)
            ],
            "today": proposals.today(),
            "lead_staff": can_change(request.user, p.lead_id),
        },
    )


def _valid(form, message: str) -> dict:
    if not form.is_valid():
        raise ValidationError(message)
    return form.cleaned_data


def _opinion(user, p, unit_id: str, post) -> None:
    unit = p.units.filter(pk=int(unit_id)).first() if unit_id.isdigit() else None
    if unit is None:
        raise Http404
    proposals.cohandler_opinion(user, unit, post.get("text", ""))


# One line per button of the proposal page: the service it calls with what the form posted.
ACTIONS = {
    "return": lambda u, p, post: proposals.return_wrong(u, p, post.get("reason", "")),
    "extend": lambda u, p, post: proposals.extend(u, p, post.get("reason", "")),
    "draft": lambda u, p, post: proposals.draft(
        u, p, **_valid(DraftForm(post), "请填写复文并选择办理结果分类")
    ),
    "sign": lambda u, p, post: proposals.sign(u, p),
    "send": lambda u, p, post: proposals.send(u, p),
    "feedback": lambda u, p, post: proposals.record_feedback(
        u, p, **_valid(FeedbackForm(post), "请选择意见征求表的评价")
    ),
    "publish": lambda u, p, post: proposals.publish(u, p),
    "reassign": lambda u, p, post: proposals.reassign(u, p, _valid(LeadForm(post), "请选择主办单位")["lead"]),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    p = proposals.proposal_for(request.user, pk)
    post = request.POST
    try:
        if action.startswith("opinion-"):
            _opinion(request.user, p, action[len("opinion-") :], post)
        elif action in ACTIONS:
            ACTIONS[action](request.user, p, post)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限")
    else:
        messages.success(request, "已办理")
    return redirect("staff:interaction_proposal", pk=pk)
