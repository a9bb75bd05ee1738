"""The Celery task of the harvest: one agency per task, on the ``harvest`` queue
(``celery -A gongkai worker -Q harvest``). Its arguments are the list's row (机关名称, 类型, 网址 —
public facts, not personal data) and the year; its result is the agency's JSON line."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .walk import harvest_site


@shared_task(name="gongkai.collected.harvest.harvest_one", acks_late=True, ignore_result=False)
def harvest_one(site: dict[str, str], year: int, options: dict[str, Any]) -> dict[str, Any]:
    return harvest_site(site, year, options)
