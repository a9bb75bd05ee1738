"""What a reply gives and how: the form of the information (Art. 40) and, for information already
published, the documents of the catalogue the letter points to (Art. 36(一)).

The rules are :mod:`gongkai.rules.provision` (which form may be given, when a reason is needed) and
:func:`gongkai.rules.letters.reply.published_text`; this module reads the case and the catalogue
(through :mod:`gongkai.disclosure.selectors`, published documents only) and is called by
:func:`.letters.draft_reply` inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure import selectors
from gongkai.rules.letters.reply import PublishedRef
from gongkai.rules.provision import Form, FormDecision, FormError, Medium, Route, decide_form
from gongkai.rules.same_information import similarity, subject_of

from .models import Application

# Outcomes that give information, and so have a form (Art. 40): granted (not Art. 36(一)) and partly.
GIVING = ("granted", "partially_granted")
MAX_PUBLISHED = 10


def requested_form(app: Application) -> Form:
    return Form(Medium(app.medium), Route(app.delivery))


def decide(app: Application, form: dict | None) -> FormDecision:
    """The form given for ``app`` (Art. 40): ``form`` holds ``medium``, ``delivery``, ``ground``,
    ``reason``, ``arrangement`` (each may be empty: the form asked for). A form error in Chinese."""
    form = form or {}
    requested = requested_form(app)
    try:
        given = Form(
            Medium(form.get("medium") or requested.medium), Route(form.get("delivery") or requested.route)
        )
        decision = decide_form(
            requested,
            given,
            form.get("ground") or None,
            form.get("reason") or "",
            form.get("arrangement") or "",
        )
    except FormError as exc:
        raise ValidationError(str(exc)) from exc
    except ValueError:
        raise ValidationError("提供形式无效") from None
    _reachable(app, decision)
    return decision


def _reachable(app: Application, decision: FormDecision) -> None:
    """A changed route must reach the applicant: e-mail needs their address, post their postal address."""
    if decision.as_requested:
        return
    route = decision.given.route
    if route == Route.EMAIL and not app.email:
        raise ValidationError(
            "申请人未留电子邮箱，不能改为通过电子邮件提供；请选择其他方式或先与申请人确认邮箱"
        )
    if route == Route.POST and not app.address:
        raise ValidationError("申请人未留通信地址，不能改为邮寄提供；请选择其他方式或先与申请人确认地址")


def public_base(request=None) -> str:
    """The portal's address for links in letters: ``GONGKAI_PUBLIC_URL`` if set, else the site's
    网站域名 (网站信息, https), else the address the staff page was reached at."""
    configured = str(getattr(settings, "GONGKAI_PUBLIC_URL", "") or "").strip().rstrip("/")
    if configured:
        return configured
    from gongkai.portal.frame import frame_for

    domain = frame_for().domain.strip().rstrip("/")
    if domain:
        return domain if "://" in domain else f"https://{domain}"
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


def document_path(doc) -> str:
    return reverse("portal:document", args=[doc.agency.slug, doc.pk])


def published_refs(app: Application, ids, base: str) -> tuple[list, list[PublishedRef]]:
    """The agency's published documents ``ids`` (refused unless every one is published by the
    case's agency) and their references for the letter, each with its absolute address."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    if not ids:
        raise ValidationError("请从本机关已主动公开的信息中选择至少一篇（第三十六条第（一）项）")
    if len(ids) > MAX_PUBLISHED:
        raise ValidationError(f"一次最多选择{MAX_PUBLISHED}篇已公开的信息")
    docs = selectors.agency_public_by_ids(app.agency_id, ids)
    if len(docs) != len(ids):
        raise ValidationError("所选信息不是本机关已主动公开的信息（可能已撤回或尚未发布），请重新选择")
    if not base:
        raise ValidationError(
            "未设置门户网址，无法在告知书中写明链接：请设置 GONGKAI_PUBLIC_URL 或网站信息中的网站域名"
        )
    refs = [
        PublishedRef(
            title=d.title,
            url=base + document_path(d),
            doc_number=d.doc_number,
            index_number=d.index_number,
            published_on=timezone.localdate(d.published_at) if d.published_at else None,
        )
        for d in docs
    ]
    return docs, refs


@dataclass
class Candidate:
    doc: object
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def candidates(app: Application, text: str = "") -> list[Candidate]:
    """The agency's published documents for an Art. 36(一) reply: those matching ``text`` (name,
    文号 or 索引号), or without it all of them; those most like what was asked first (the similarity
    of :mod:`gongkai.rules.same_information`), then the newest."""
    docs = selectors.agency_public_documents(app.agency_id, text)
    asked = subject_of(app.document_title, app.description)
    number = app.document_number.strip()
    out = []
    for doc in docs:
        score = similarity(asked, doc.title)
        if number and doc.doc_number and _same_number(number, doc.doc_number):
            score = 1.0
        out.append(Candidate(doc, score))
    out.sort(key=lambda c: -c.score)  # stable: the newest first among equals
    return out


def _same_number(a: str, b: str) -> bool:
    from gongkai.rules.same_information import document_number_key

    ka, kb = document_number_key(a), document_number_key(b)
    return bool(ka) and ka == kb
