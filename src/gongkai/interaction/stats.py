"""The figures of 政民互动 for a year, per source (信箱/留言, 12345, 建议提案) and kind, counted in the
database (one grouped query per source) and turned into rates by :mod:`gongkai.rules.interaction`.

What is counted, for year Y (docs/interaction.md says the same):

* a message or work order belongs to Y by its receipt date (``received_on``), and to the agency
  that holds it now (a transfer moves it to the receiver);
* received: all; accepted: all but 待受理 and 不予受理; closed (办结): answered to the writer (an
  approved reply) or closed from the 12345 file; on time: closed on or before the deadline (the
  platform's 办理时限 for an imported order that has one); working days: receipt to answer;
  rated/satisfied: 满意 + 基本满意 over the ratings given; overdue now: still open past the deadline.
* 建议提案 belong to Y by their received date; see :mod:`.proposals`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from gongkai.agencies.models import Agency
from gongkai.rules.interaction import SATISFIED, Counts, Source, Table, rank, year_sentence

from .models import VALID_STATES, Message


def _message_counts(agencies, year: int, today: dt.date, by_agency: bool = False):
    keys = ["source", "kind"] + (["agency__name"] if by_agency else [])
    answered = Q(answered_on__isnull=False)
    ids = [a.pk for a in agencies]
    return (
        Message.objects.filter(
            agency_id__in=ids, received_on__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31)
        )
        .values(*keys)
        .order_by()
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(state__in=VALID_STATES)),
            closed=Count("pk", filter=answered),
            closed_on_time=Count("pk", filter=answered & Q(on_time=True)),
            workdays_sum=Sum("workdays_taken", filter=answered),
            workdays_n=Count("workdays_taken", filter=answered),
            rated=Count("pk", filter=~Q(rating="")),
            satisfied=Count("pk", filter=Q(rating__in=SATISFIED)),
            overdue_now=Count("pk", filter=Q(is_open=1, due_on__lt=today)),
        )
    )


def _counts(row: dict) -> Counts:
    return Counts(**{k: row[k] or 0 for k in Counts.__dataclass_fields__})


def table(agencies, year: int, today: dt.date) -> Table:
    out = Table()
    for row in _message_counts(agencies, year, today):
        out.add(row["source"], row["kind"], _counts(row))
    from .proposals import proposal_counts

    for kind, counts in proposal_counts(agencies, year, today).items():
        out.add(Source.PROPOSAL.value, kind, counts)
    return out


def ranking(agencies, year: int, today: dt.date) -> list[dict]:
    per: dict[str, Counts] = {a.name: Counts() for a in agencies}
    for row in _message_counts(agencies, year, today, by_agency=True):
        per.setdefault(row["agency__name"], Counts()).add(_counts(row))
    from .proposals import proposal_counts_by_agency

    for name, counts in proposal_counts_by_agency(agencies, year, today).items():
        per.setdefault(name, Counts()).add(counts)
    return rank((name, c) for name, c in per.items() if c.received)


def agency_stats(agency: Agency, year: int, today: dt.date, *, subtree: bool = False) -> dict:
    """The JSON of ``gongkai interaction stats`` (keys in docs/interaction.md)."""
    agencies = agency.subtree() if subtree else Agency.objects.filter(pk=agency.pk)
    out = {
        "agency": agency.name,
        "code": agency.code,
        "year": year,
        "as_of": today.isoformat(),
        "subtree": subtree,
        **table(agencies, year, today).as_json(),
    }
    if subtree:
        out["ranking"] = ranking(list(agencies), year, today)
    return out


def year_facts(agency: Agency, year: int, today: dt.date) -> list[str]:
    """Sentences of fact for section 一 of the annual report (generated from the records)."""
    t = table(Agency.objects.filter(pk=agency.pk), year, today)
    by_source = t.by_source()
    lines = []
    for source, what in ((Source.MAILBOX, "领导信箱、留言板留言"), (Source.HOTLINE, "12345热线工单")):
        if source.value in by_source:
            lines.append(year_sentence(by_source[source.value], what))
    from .proposals import summary_sentence

    sentence = summary_sentence(agency, year)
    if sentence:
        lines.append(sentence)
    return lines
