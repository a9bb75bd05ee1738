from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import scope
from gongkai.disclosure.deadlines import publication_clock
from gongkai.disclosure.models import Document, State
from gongkai.rules.calendar import missing_calendar_year
from gongkai.workdays.calendar import holiday_table


@login_required
def dashboard(request):
    documents = scope(Document.objects.select_related("agency"), request.user)
    today = timezone.localdate()
    soon, overdue = publication_clock(documents, today)
    # From 1 November the agency admins (and the calendar administrators who enter it) see that
    # next year's holidays are missing: periods running into it are only estimates until then.
    calendar_admin = request.user.has_role(Role.CALENDAR_ADMIN)
    missing_year = (
        missing_calendar_year(today, holiday_table().years)
        if calendar_admin or request.user.has_role(Role.AGENCY_ADMIN)
        else None
    )
    counts = dict(documents.values_list("state").annotate(n=Count("pk")))
    return render(
        request,
        "staff/dashboard.html",
        {
            "unconfirmed": _awaiting_receipt(request.user),
            "soon": soon,
            "missing_year": missing_year,
            "today_year": today.year,
            "calendar_admin": calendar_admin,
            "overdue": overdue,
            "counts": [(label, counts.get(value, 0), value) for value, label in State.choices],
            "to_review": documents.filter(state=State.SUBMITTED).order_by("updated_at")[:20],
            **_editors_desk(request.user, documents),
        },
    )


def _editors_desk(user, documents) -> dict:
    """An editor's next work: drafts the reviewer returned (with the reason, 保密审查 under
    《条例》第十七条) and approved documents waiting to be published."""
    if not user.has_role(Role.EDITOR, Role.AGENCY_ADMIN):
        return {}
    return {
        "returned": documents.filter(state=State.DRAFT).exclude(review_note="").order_by("-updated_at")[:20],
        "to_publish": documents.filter(state=State.APPROVED).order_by("updated_at")[:20],
    }


def _awaiting_receipt(user):
    """Applications whose receipt is not yet confirmed (Art. 31: the clock has not started), oldest
    first — on the workbench of those who register and handle applications and of the agency admin."""
    from gongkai.applications.models import Application
    from gongkai.rules.deadline_events import Status

    if not user.has_role(Role.HANDLER, Role.AGENCY_ADMIN, Role.OFFICE_HEAD):
        return None
    return (
        scope(Application.objects.select_related("agency"), user)
        .filter(status=Status.NOT_RECEIVED)
        .order_by("submitted_at", "pk")[:20]
    )
