"""Staff pages of appeal records: list, record a case from an application, record its result.
Reads go through ``scope``; changes through the services (own agency only, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.agencies.scoping import can_change, scope
from gongkai.applications.models import Application
from gongkai.audit.services import history

from . import services
from .forms import CaseForm, ResultForm
from .models import AppealCase


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


@login_required
def case_list(request):
    cases = scope(AppealCase.objects.select_related("agency", "application"), request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(filed_on__year=int(year))
    return render(request, "appeals/staff/list.html", {"cases": cases[:500], "year": year})


@login_required
def create(request, application_pk: int):
    app = get_object_or_404(
        scope(Application.objects.select_related("agency"), request.user), pk=application_pk
    )
    if not can_change(request.user, app.agency_id, *services.ROLES):
        raise Http404("无此记录")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_case(request.user, app, form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已登记复议诉讼案件")
            return redirect("staff:application", app.pk)
    return render(request, "appeals/staff/form.html", {"app": app, "form": form})


@login_required
def detail(request, pk: int):
    case = get_object_or_404(
        scope(AppealCase.objects.select_related("agency", "application"), request.user), pk=pk
    )
    editable = can_change(request.user, case.agency_id, *services.ROLES)
    form = ResultForm(request.POST or None, initial={"result": case.result, "closed_on": case.closed_on})
    if request.method == "POST":
        if not editable:
            raise Http404("无此记录")
        if form.is_valid():
            try:
                services.set_result(
                    request.user,
                    case,
                    form.cleaned_data["result"],
                    form.cleaned_data["closed_on"],
                    form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, "已记录结果")
                return redirect("staff:appeal", case.pk)
    return render(
        request,
        "appeals/staff/detail.html",
        {"case": case, "form": form if editable else None, "history": history(case)},
    )
