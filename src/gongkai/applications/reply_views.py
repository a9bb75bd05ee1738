"""Staff pages around the reply: choosing the published documents an Art. 36(一) reply links to,
and the groups of applications for the same information (Art. 44). Thin: the services are
:mod:`.letters`, :mod:`.provision` and :mod:`.same_requests`; every read is scoped to the user's agency."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change

from . import provision, same_requests, services, workflow
from .staff_views import _app


@login_required
def choose_published(request, pk: int):
    """Art. 36(一): search the agency's published documents (GET, writes nothing), tick those the
    information is in, and draft the reply linking each (POST)."""
    app = _app(request, pk)
    letter = getattr(app, "letter", None)
    may_draft = (
        can_change(request.user, app.agency_id)
        and app.received_on is not None
        and not app.is_closed
        and workflow.allowed(
            workflow.LETTER_STEPS, "draft", letter.state if letter else workflow.NO_LETTER, request.user
        )
    )
    if request.method == "POST":
        if not may_draft:
            raise PermissionDenied("您不能为本申请起草答复告知书")
        from . import letters

        ids = [i for i in request.POST.getlist("doc") if i.isdigit()]
        try:
            letters.draft_reply(
                request.user, app, "granted", published_ids=ids, base=provision.public_base(request)
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(
                reverse("staff:application_published", args=[app.pk])
                + "?"
                + urlencode({"q": request.POST.get("q", "")})
            )
        messages.success(request, "已生成答复告知书草稿（已主动公开，链接所选信息），请核对后送领导签发")
        return redirect("staff:application", pk=app.pk)
    q = request.GET.get("q", "").strip()[:100]
    chosen = set(letter.published_documents.values_list("pk", flat=True)) if letter else set()
    found = provision.candidates(app, q)
    return render(
        request,
        "applications/staff/choose_published.html",
        {
            "app": app,
            "q": q,
            "candidates": found[:50],
            "more": len(found) > 50,
            "chosen": chosen,
            "may_draft": may_draft,
        },
    )


@login_required
def same_information(request):
    """Art. 44: the agency's groups of applications for the same information in the last 12 months."""
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied("仅机关工作人员可查看本机关的申请")
    today = services.today()
    found = same_requests.agency_groups(agency.pk, today)
    for g in found:
        g.create_url = draft_document_url(g.group.subject)
    return render(
        request,
        "applications/staff/same_information.html",
        {
            "agency": agency,
            "groups": found,
            "today": today,
            "may_create": can_change(request.user, agency.pk, Role.EDITOR),
        },
    )


def draft_document_url(title: str) -> str:
    """The page creating a draft document, its name filled in (the draft still goes to 保密审查)."""
    return reverse("staff:document_create") + "?" + urlencode({"title": title[:300], "from": "art44"})
