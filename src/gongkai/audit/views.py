"""The audit administrator's page (审计管理员): the audit trail with filters, read-only."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import Refused
from gongkai.core.widgets import date_field

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    since = date_field("起始日期", required=False)
    until = date_field("截止日期", required=False)
    action = forms.CharField(label="操作", required=False, max_length=60)
    actor = forms.CharField(label="操作人", required=False, max_length=80)
    source_ip = forms.CharField(label="来源地址", required=False, max_length=45)
    object_type = forms.CharField(label="对象类型", required=False, max_length=60)
    security_only = forms.BooleanField(label="只看安全事件", required=False)


def visible_entries(user):
    """The audit administrator reads the entries of their agency's subtree; at a root agency also
    the entries that belong to no agency (failed logins under unknown names, system tasks)."""
    if not user.is_authenticated or not user.has_role(Role.AUDIT_ADMIN) or user.agency_id is None:
        raise Refused("无此页面")
    q = Q(agency__path__startswith=user.agency.path)
    if user.agency.parent_id is None:
        q |= Q(agency__isnull=True)
    return AuditEntry.objects.filter(q)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@login_required
def audit_list(request):
    entries = visible_entries(request.user).select_related("agency")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["since"]:
            entries = entries.filter(at__gte=_day_start(data["since"]))
        if data["until"]:
            entries = entries.filter(at__lt=_day_start(data["until"] + dt.timedelta(days=1)))
        if data["action"]:
            entries = entries.filter(action__icontains=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data["source_ip"]:
            entries = entries.filter(source_ip__startswith=data["source_ip"])
        if data["object_type"]:
            entries = entries.filter(object_type__icontains=data["object_type"])
        if data["security_only"]:
            entries = entries.filter(object_type="security.event")
    page = Paginator(entries.order_by("-pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})
