"""Applications of several applicants for the same information (Art. 44): the groups of an agency
over the last 12 months, and the group a case belongs to.

The rule (what "the same information" is, how many requests make a group) is
:mod:`gongkai.rules.same_information`; this module reads the agency's applications (one query, the
fields the rule needs) and says whether a group's information may be disclosed — then the handler
is prompted to publish it proactively (a draft document, which goes through 保密审查 as any other).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from gongkai.rules.outcomes import OutcomeError, get_outcome
from gongkai.rules.same_information import WINDOW_DAYS, Group, Request, groups, subject_of

from .models import Application, ReplyLetter
from .workflow import STATUS_LABELS

# Outcomes after which the information (or its disclosable part) may be disclosed (Art. 44: 属于可以公开的).
DISCLOSABLE = ("granted", "partially_granted")


def _received(row: dict) -> dt.date:
    return row["received_on"] or timezone.localdate(row["submitted_at"])


def requests_of(agency_id: int, as_of: dt.date) -> tuple[list[Request], dict[int, dict]]:
    """The agency's applications received in the 12 months up to ``as_of`` as the rule's requests,
    and each one's row (number, outcome, status) by id."""
    since = as_of - dt.timedelta(days=WINDOW_DAYS)
    window = Q(received_on__gt=since) | Q(received_on__isnull=True, submitted_at__date__gt=since)
    rows = list(
        Application.objects.filter(window, agency_id=agency_id)
        .values(
            "id",
            "number",
            "received_on",
            "submitted_at",
            "applicant_key",
            "document_title",
            "description",
            "document_number",
            "outcome",
            "status",
        )
        .order_by("id")
    )
    reqs = [
        Request(
            id=r["id"],
            received=_received(r),
            applicant=r["applicant_key"],
            subject=subject_of(r["document_title"], r["description"]),
            document_number=r["document_number"],
        )
        for r in rows
    ]
    return reqs, {r["id"]: r for r in rows}


@dataclass
class AgencyGroup:
    """A group with the case rows the pages show."""

    group: Group
    rows: list[dict]

    @property
    def disclosable(self) -> bool:
        """Some case of the group was (or is drafted to be) answered 予以公开 or 部分公开."""
        if self.already_public:
            return False
        return any(r["outcome"] in DISCLOSABLE or r.get("draft_outcome") in DISCLOSABLE for r in self.rows)

    @property
    def already_public(self) -> bool:
        """A reply of the group points to published documents (Art. 36(一)): nothing left to publish."""
        return any(r.get("already_public") for r in self.rows)


def agency_groups(agency_id: int, as_of: dt.date) -> list[AgencyGroup]:
    """The agency's Art. 44 groups over the 12 months up to ``as_of``, largest first."""
    reqs, rows = requests_of(agency_id, as_of)
    found = groups(reqs, as_of)
    ids = [i for g in found for i in g.ids]
    drafts = dict(
        Application.objects.filter(pk__in=ids, letter__isnull=False).values_list("pk", "letter__outcome")
    )
    # A reply pointing to published documents (Art. 36(一)) shows nothing is left to publish.
    already = set(
        ReplyLetter.published_documents.through.objects.filter(
            replyletter__application_id__in=ids
        ).values_list("replyletter__application_id", flat=True)
    )
    out = []
    for g in found:
        members = [
            dict(
                rows[r.id],
                received=r.received,
                draft_outcome=drafts.get(r.id, ""),
                already_public=r.id in already,
            )
            for r in g.requests
        ]
        for m in members:
            m["outcome_label"] = _outcome_label(m)
        out.append(AgencyGroup(g, members))
    return out


def _outcome_label(row: dict) -> str:
    if row["outcome"]:
        return _display(row["outcome"])
    if row["draft_outcome"]:
        return f"办理中（答复草稿：{_display(row['draft_outcome'])}）"
    return STATUS_LABELS.get(row["status"], row["status"])


def _display(code: str) -> str:
    try:
        return get_outcome(code).display
    except OutcomeError:
        return code


def group_of(app: Application, as_of: dt.date) -> AgencyGroup | None:
    """The Art. 44 group ``app`` belongs to, if any."""
    for g in agency_groups(app.agency_id, as_of):
        if app.pk in g.group.ids:
            return g
    return None
