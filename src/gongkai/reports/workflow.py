"""The annual report's process as data (see :mod:`gongkai.core.workflow`): prepared by editors,
office heads and agency admins while a draft; finalised (定稿) and reopened by office heads and
agency admins; sent for publication by an editor (then 保密审查 and publication follow the
document's own table, :mod:`gongkai.disclosure.workflow`, and come back through
:func:`.services.mark_published` and its neighbours)."""

from __future__ import annotations

from gongkai.agencies.models import Role
from gongkai.core.workflow import Step, table

from .models import ReportState as R

PREPARERS = (Role.EDITOR, Role.OFFICE_HEAD, Role.AGENCY_ADMIN)
FINALISERS = (Role.OFFICE_HEAD, Role.AGENCY_ADMIN)
STATE_LABELS = dict(R.choices)
_DRAFT_ONLY = "报告状态为“{state}”，不能修改；如需修改请先退回草稿"

STEPS = table(
    Step("figures", "录入数字", (R.DRAFT,), PREPARERS, refused=_DRAFT_ONLY),
    Step("carried_over", "填报上年结转", (R.DRAFT,), PREPARERS, refused=_DRAFT_ONLY),
    Step("prose", "修改文字部分", (R.DRAFT,), PREPARERS, refused=_DRAFT_ONLY),
    Step("rebuild", "按记录重新计算", (R.DRAFT,), PREPARERS, refused=_DRAFT_ONLY),
    Step("finalise", "定稿", (R.DRAFT,), FINALISERS, (R.FINAL,), "第五十条", refused=_DRAFT_ONLY),
    Step(
        "reopen",
        "退回草稿",
        (R.FINAL, R.WITHDRAWN),
        FINALISERS,
        (R.DRAFT,),
        refused="只有定稿（未在审查中）或已撤回的报告可以退回草稿",
    ),
    # The PDF is typeset off the request (正在生成送审), then the document goes to 保密审查 (IN_REVIEW).
    Step(
        "publish",
        "送审发布",
        (R.FINAL,),
        (Role.EDITOR,),
        (R.SENDING,),
        "第四十九条",
        refused="只有定稿的报告可以送审发布",
    ),
)
