"""``{% appeal_cases app as cases %}``: the appeal cases of an application for its case page."""

from django import template

from gongkai.agencies.scoping import can_change

from ..models import AppealCase
from ..services import ROLES

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_cases(context, app):
    user = context["request"].user
    return {
        "cases": list(AppealCase.objects.filter(application=app)),
        "can_add": can_change(user, app.agency_id, *ROLES),
    }
