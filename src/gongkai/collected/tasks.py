"""Celery tasks of the collected reports (autodiscovered): the harvest."""

from .harvest.tasks import harvest_one

__all__ = ["harvest_one"]
