from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from gongkai.agencies.scoping import scope
from gongkai.disclosure.deadlines import publication_clock
from gongkai.disclosure.models import Document, State


@login_required
def dashboard(request):
    documents = scope(Document.objects.select_related("agency"), request.user)
    soon, overdue = publication_clock(documents, timezone.localdate())
    counts = dict(documents.values_list("state").annotate(n=Count("pk")))
    return render(request, "staff/dashboard.html", {
        "soon": soon,
        "overdue": overdue,
        "counts": [(label, counts.get(value, 0), value) for value, label in State.choices],
        "to_review": documents.filter(state=State.SUBMITTED).order_by("updated_at")[:20],
    })
