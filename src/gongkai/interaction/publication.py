"""A published reply is a proactively disclosed document of the agency (genre 互动回应): so it is in
the search index, the catalogue and the feed like any other, through the disclosure app's own
public functions. Personal data never goes there: no name, phone or e-mail, and ID and phone numbers
written into the text are masked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core.masking import mask_personal_data
from gongkai.disclosure.importing import ImportFailed, import_documents, import_key
from gongkai.disclosure.models import Document, Genre, State
from gongkai.disclosure.services import transition

GENRE = "互动回应"
PROPOSAL_GENRE = "建议提案复文"
CATEGORY = "综合政务"


def public_text(text: str) -> str:
    return mask_personal_data(text or "")


def _publish(agency, row: dict, genre: str) -> Document:
    Genre.objects.get_or_create(name=genre, defaults={"order": 90})
    row = {
        "category": CATEGORY,
        "genre": genre,
        "publisher": agency.name,
        "published_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        **row,
    }
    try:
        import_documents(agency, [row], actor_label="政民互动公开")
    except ImportFailed as exc:
        raise ValidationError("；".join(str(e) for e in exc.errors)) from exc
    values = {k: row.get(k, "") for k in ("index_number", "title", "doc_number", "written_on")}
    return Document.objects.filter(agency=agency, import_key=import_key(agency, values)).get()


def publish_reply(msg) -> Document:
    lines = [
        f"留言标题：{msg.title}",
        f"留言类型：{msg.get_kind_display()}",
        f"留言时间：{timezone.localtime(msg.submitted_at):%Y-%m-%d}",
        f"留言内容：{public_text(msg.content)}",
        f"答复单位：{msg.reply_unit or msg.agency.name}",
        f"答复时间：{msg.answered_on:%Y-%m-%d}",
        f"答复内容：{public_text(msg.reply)}",
    ]
    return _publish(
        msg.agency,
        {
            "title": f"关于“{msg.title}”的答复（{msg.number}）",
            "body": "\n".join(lines),
            "summary": public_text(msg.title),
            "keywords": f"{GENRE} {msg.get_kind_display()}",
            "written_on": msg.answered_on.isoformat(),
        },
        GENRE,
    )


def withdraw_published(user, msg, reason: str) -> None:
    """Take the published reply off the portal (the document is withdrawn, never deleted)."""
    if msg.document_id_published:
        doc = Document.objects.filter(pk=msg.document_id_published, state=State.PUBLISHED).first()
        if doc is not None:
            transition(user, doc, "withdraw", reason=reason)
    msg.published_at = None


def _without(text: str, contact: str) -> str:
    """The 代表/委员's contact details never go out, even when the 复文 quotes them."""
    for part in filter(
        None, [contact, *contact.replace("，", " ").replace(",", " ").split()] if contact else []
    ):
        if len(part) >= 5:
            text = text.replace(part, "（联系方式略）")
    return text


def publish_proposal(p, agency) -> Document:
    body = [
        f"{p.session.name}第{p.number}号{p.get_kind_display()}",
        f"题目：{p.title}",
        f"办理单位：{agency.name}",
        f"办理结果：{p.get_classification_display()}",
        f"答复日期：{p.sent_on:%Y-%m-%d}",
        "",
        public_text(_without(p.published_text(), p.contact)),
    ]
    return _publish(
        agency,
        {
            "title": f"对{p.session.name}第{p.number}号{p.get_kind_display()}的答复",
            "body": "\n".join(body),
            "summary": public_text(p.title),
            "keywords": f"建议提案办理 {p.get_kind_display()}",
            "written_on": p.sent_on.isoformat(),
        },
        PROPOSAL_GENRE,
    )
