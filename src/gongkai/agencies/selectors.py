"""Public reads of the agency tree (names, codes and the public contacts of the 依申请公开指南;
never staff or roles)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Agency


def agency_tree() -> QuerySet[Agency]:
    """Every agency, parents before children (ordered by the materialised path)."""
    return Agency.objects.order_by("path")


def agency(pk: int) -> Agency | None:
    return Agency.objects.filter(pk=pk).first()


def agency_by_slug(slug: str) -> Agency | None:
    return Agency.objects.filter(slug=slug).first()


def parent_id_of(a: Agency) -> int | None:
    return a.parent_id
