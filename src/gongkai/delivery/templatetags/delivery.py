"""``{% reply_files app as files %}`` (case page) and ``{% applicant_files app as files %}`` (status
page): the information given with a reply, for the templates the applications pages include."""

from django import template

from gongkai.agencies.scoping import can_change
from gongkai.core.masking import mask_id_number

from .. import handover, services
from ..forms import AttachForm, ServiceForm
from ..models import ReplyFile, ServiceRecord

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_files(context, app):
    user = context["request"].user
    rows = list(ReplyFile.objects.filter(application=app).select_related("source"))
    redacted_sources = {r.source_id for r in rows if r.origin == ReplyFile.Origin.REDACTED}
    sent = handover.is_sent(app)
    until, open_ = handover.window(app)
    records = [
        {
            "row": r,
            "collector": handover.mask_name(r.collector_name),
            "collector_id": mask_id_number(r.collector_id) if r.collector_id else "",
        }
        for r in ServiceRecord.objects.filter(application=app).select_related("recorded_by")
    ]
    may = can_change(user, app.agency_id, *services.ROLES)
    return {
        "files": [
            {
                "row": r,
                "kept": r.pk in redacted_sources or not r.release,
                "has_copy": r.pk in redacted_sources,
                "marks": len(services.areas(r)),
            }
            for r in rows
        ],
        "sent": sent,
        "until": until,
        "open": open_,
        "days": handover.delivery_days(),
        "may": may and not sent,
        "may_record": may and sent,
        "attach_form": AttachForm(auto_id="id_attach_%s"),
        "service_form": ServiceForm(
            initial={"served_on": services.app_services.today()}, auto_id="id_service_%s"
        ),
        "records": records,
        "email_link": handover.email_link(app) if sent and app.delivery == "email" and may else "",
        "max_mb": services.max_bytes() // 1048576,
    }


@register.simple_tag
def applicant_files(app):
    until, open_ = handover.window(app)
    return {
        "files": list(handover.released(app)),
        "until": until,
        "open": open_,
        "days": handover.delivery_days(),
    }
