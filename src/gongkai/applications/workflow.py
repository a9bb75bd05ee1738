"""The processes of an application as data (see :mod:`gongkai.core.workflow`).

:data:`STEPS` — the case: which action may be taken in which status (办理状态), by which role, and
the statuses it leads to. The status is the one the case's recorded events give
(:func:`state_of`); time running out (a 补正 or 缴费 period, a consultation's 15 days) and the
finer order of the Regulation (补正 once and within 7 working days, one extension, …) are the
rules package's: :func:`gongkai.rules.deadlines.check_action` refuses those, naming the article.
The table is therefore never narrower than the rules — it adds who may act.

:data:`LETTER_STEPS` — the reply letter (答复告知书): drafted by the handler, signed by a leader,
sent (frozen) by the handler.

:func:`possible_now` puts both together for the case page: the actions the rules allow today,
whether this user may take them, and otherwise who can.
"""

from __future__ import annotations

import datetime as dt

from gongkai.agencies.models import Role
from gongkai.core.workflow import Step, allowed, table
from gongkai.rules.calendar import UnknownYearError
from gongkai.rules.deadline_events import ActionRefused, Event, EventKind, Status
from gongkai.rules.deadlines import check_action, compute_clock

S = Status
H = (Role.HANDLER,)
RECEIVED_OPEN = (S.RUNNING, S.AWAITING_SUPPLEMENT, S.CONSULTING, S.AWAITING_FEE)
RUNNING_OR_PAUSED = (S.RUNNING, S.CONSULTING, S.AWAITING_FEE)
__all__ = ["STEPS", "LETTER_STEPS", "allowed", "possible_now", "state_of"]
STATUS_LABELS = {s.value: s.label for s in Status}

STEPS = table(
    Step("receipt", "确认收到日期", (S.NOT_RECEIVED,), H, (S.RUNNING,), "第三十一条"),
    Step("supplement", "告知补正", RUNNING_OR_PAUSED, H, (S.AWAITING_SUPPLEMENT,), "第三十条"),
    Step("supplement_received", "登记收到补正", RECEIVED_OPEN, H, RUNNING_OR_PAUSED, "第三十条"),
    Step(
        "consult",
        "书面征求意见",
        RUNNING_OR_PAUSED,
        H,
        (S.CONSULTING, S.AWAITING_FEE),
        "第三十二条、第三十四条",
    ),
    Step("consultation_answered", "登记收到意见", RECEIVED_OPEN, H, RECEIVED_OPEN, "第三十三条第二款"),
    Step(
        "fee", "发出收费通知", RUNNING_OR_PAUSED, H, (S.AWAITING_FEE, S.RUNNING, S.CONSULTING), "第四十二条"
    ),
    Step("fee_paid", "登记已缴费", (S.AWAITING_FEE, S.AWAITING_SUPPLEMENT), H, RECEIVED_OPEN, "第四十二条"),
    Step(
        "approve_extension",
        "同意延长答复期限",
        RUNNING_OR_PAUSED,
        (Role.OFFICE_HEAD,),
        (),
        "第三十三条第一款",
    ),
    Step("notify_extension", "告知申请人延期", RUNNING_OR_PAUSED, H, (), "第三十三条第一款"),
    Step("request_reasons", "要求说明理由", RUNNING_OR_PAUSED, H, (), "第三十五条"),
    Step("later_date", "确定延迟答复期限", (S.RUNNING, S.AWAITING_FEE), H, (), "第三十五条"),
    Step("withdraw", "登记申请人撤回申请", RECEIVED_OPEN, H, (S.CLOSED,)),
    Step("reply", "送达答复", RECEIVED_OPEN, H, (S.CLOSED,), "第三十六条"),
    Step(
        "assign",
        "分配承办人",
        (S.NOT_RECEIVED, *RECEIVED_OPEN),
        (Role.AGENCY_ADMIN, Role.OFFICE_HEAD, Role.HANDLER),
    ),
    # A new 查询码 for a lost 回执 (the applicant needs it to read the reply, also after closing):
    # whoever may register an application; the old code stops working.
    Step("reissue_code", "重新生成查询码", tuple(Status), (Role.HANDLER, Role.AGENCY_ADMIN)),
)
# Case actions that record no event and are offered apart from the 办理 list.
NO_EVENT = ("assign", "reissue_code")

# The event each case action records (``reply`` is sent with the letter; ``assign`` records none).
EVENTS = {
    "receipt": EventKind.RECEIVED,
    "supplement": EventKind.SUPPLEMENT_REQUESTED,
    "supplement_received": EventKind.SUPPLEMENT_RECEIVED,
    "consultation_answered": EventKind.CONSULTATION_ANSWERED,
    "fee": EventKind.FEE_NOTICE_SENT,
    "fee_paid": EventKind.FEE_PAID,
    "approve_extension": EventKind.EXTENSION_APPROVED,
    "notify_extension": EventKind.EXTENSION_NOTIFIED,
    "request_reasons": EventKind.REASONS_REQUESTED,
    "later_date": EventKind.LATER_DATE_SET,
    "withdraw": EventKind.WITHDRAWN,
    "reply": EventKind.REPLIED,
}
ACTION_OF_EVENT = {
    **{k: a for a, k in EVENTS.items()},
    EventKind.THIRD_PARTY_CONSULTED: "consult",
    EventKind.AGENCY_CONSULTED: "consult",
}

NO_LETTER = "none"
LETTER_LABELS = {NO_LETTER: "未起草", "draft": "草稿", "signed": "已签发", "sent": "已送达"}
LETTER_STEPS = table(
    Step("draft", "起草答复告知书", (NO_LETTER, "draft", "signed"), H, ("draft",), "第三十六条"),
    Step("edit", "修改答复告知书", ("draft",), H, ("draft",)),
    Step("sign", "签发答复告知书", ("draft",), (Role.LEADER,), ("signed",)),
    Step("send", "送达答复告知书", ("signed",), H, ("sent",), "第三十六条"),
)


def state_of(events: list[Event], table_, fee_pauses_clock: bool, cached: str) -> str:
    """The status the recorded events give (not advanced to today: expiry is the rules' to refuse)."""
    try:
        return compute_clock(events, table_, fee_pauses_clock=fee_pauses_clock).status.value
    except (UnknownYearError, ActionRefused):
        return cached


def _trials(action: str, on: dt.date, events: list[Event]) -> list[Event]:
    """Events standing for ``action`` today, to ask the rules whether it is possible at all."""
    kind = EVENTS.get(action)
    if action == "consult":
        return [Event(EventKind.THIRD_PARTY_CONSULTED, on, party="（试算）")]
    if action == "supplement":
        return [Event(kind, on, days=15)]
    if action == "supplement_received":  # late but with a good reason is still possible
        return [Event(kind, on, excused=True, note="（试算）")]
    if action == "consultation_answered":
        parties = dict.fromkeys(
            e.party for e in events if e.kind in (EventKind.THIRD_PARTY_CONSULTED, EventKind.AGENCY_CONSULTED)
        )
        return [Event(kind, on, party=p) for p in ("", *parties)]
    if action == "approve_extension":
        return [Event(kind, on, days=1)]
    if action == "later_date":
        return [Event(kind, on, until=on + dt.timedelta(days=366))]
    if action == "reply":
        return [Event(kind, on, outcome="granted")]
    return [Event(kind, on)]


def rules_allow(action: str, events: list[Event], on: dt.date, table_, fee_pauses_clock: bool) -> bool:
    """Whether the rules package would accept ``action`` on ``on`` (an unknown year: yes — the
    service then says what is missing)."""
    for trial in _trials(action, on, events):
        try:
            check_action(events, trial, table_, fee_pauses_clock=fee_pauses_clock)
        except ActionRefused:
            continue
        except UnknownYearError:
            return True
        return True
    return False


def possible_now(
    events: list[Event], state: str, user, can_act: bool, on: dt.date, table_, fee_pauses_clock: bool
) -> tuple[list[str], list[str]]:
    """(actions this user may take now, actions possible now that need another role) of the case
    actions in :data:`STEPS`, in table order. ``can_act``: the user works at the case's agency."""
    mine, others = [], []
    if not can_act:
        return mine, others
    last = max((e.date for e in events), default=on)
    on = max(on, last)
    for action, step in STEPS.items():
        if action in NO_EVENT or state not in step.sources:
            continue
        if not rules_allow(action, events, on, table_, fee_pauses_clock):
            continue
        (mine if user.has_role(*step.roles) else others).append(action)
    return mine, others
