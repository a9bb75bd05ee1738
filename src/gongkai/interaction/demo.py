"""Demo data of 政民互动: boxes, messages in several states (one overdue, one transferred, one
published, one not accepted), a 12345 file to import, and last year's 建议提案. Idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role, User

from . import services
from .models import Box, Message

DEMO_FILES = Path(__file__).parent / "data"
HOTLINE_FILE = DEMO_FILES / "12345工单示例.csv"

MESSAGES = [
    # (days ago, kind, title, content, public_ok, steps)
    (
        40,
        "consult",
        "低保申请需要哪些材料",
        "请问申请城乡最低生活保障需要准备哪些材料，到哪里办理？",
        True,
        "published",
    ),
    (
        20,
        "help",
        "老人高龄津贴没有到账",
        "我父亲今年满80周岁，高龄津贴三个月没有到账，联系电话13800001111。",
        True,
        "closed",
    ),
    (
        25,
        "complain",
        "社区养老服务中心收费不透明",
        "某社区养老服务中心收费项目没有公示，希望核查。",
        False,
        "overdue",
    ),
    (
        6,
        "suggest",
        "建议增加婚姻登记周末预约",
        "上班族工作日请假不便，建议周六上午开放婚姻登记预约。",
        True,
        "replied",
    ),
    (3, "consult", "殡葬补贴怎么申领", "请问本市户籍居民殡葬补贴的标准和申领流程？", True, "assigned"),
    (2, "other", "测试", "测试测试", False, "not_accepted"),
    (1, "report", "有人冒领救助金", "反映某村有人冒领临时救助金的情况，请核查。", False, "submitted"),
    (
        4,
        "consult",
        "岳阳户籍能否在随州办理低保",
        "本人户籍在岳阳，在随州居住，能否在随州申请低保？",
        True,
        "transferred",
    ),
]


def _backdate(msg: Message, days_ago: int) -> Message:
    received = timezone.localdate() - dt.timedelta(days=days_ago)
    days, due = services._due(received, msg.kind, msg.box)
    moment = timezone.make_aware(dt.datetime.combine(received, dt.time(9, 30)))
    Message.objects.filter(pk=msg.pk).update(submitted_at=moment, received_on=received, due_on=due)
    msg.refresh_from_db()
    return msg


def _user(username: str, agency: Agency, roles: list[str], name: str) -> User:
    from gongkai.demo.loader import DEMO_PASSWORD

    user = User.objects.filter(username=username).first()
    return user or User.objects.create_user(
        username, password=DEMO_PASSWORD, agency=agency, roles=roles, full_name=name
    )


@transaction.atomic
def load(by_slug: dict[str, Agency]) -> list[tuple[str, str]]:
    city, other = by_slug["szmzj"], by_slug["yymzj"]
    handler = _user("szmzj-handler", city, [Role.HANDLER], "市民政局承办人")
    logins = [("szmzj-handler", "申请承办人（政民互动承办）")]
    admin = User.objects.get(username="szmzj-admin")
    reviewer = User.objects.get(username="szmzj-reviewer")
    _hotline(city)  # re-importing the same file changes nothing
    _proposals(city, other, admin, reviewer)
    if not Box.objects.filter(agency=city).exists():
        _mailbox(city, other, admin, reviewer, handler)
    return logins


def _mailbox(city: Agency, other: Agency, admin: User, reviewer: User, handler: User) -> None:
    box = Box.objects.create(
        agency=city,
        name="局长信箱",
        description="对民政工作的咨询、建议、投诉和举报。",
        kinds=["consult", "help", "suggest", "complain", "report", "other"],
    )
    Box.objects.create(
        agency=city, name="咨询投诉", kinds=["consult", "complain"], deadlines={"consult": 3}, order=1
    )
    Box.objects.create(
        agency=other, name="局长信箱", kinds=["consult", "help", "suggest", "complain", "report", "other"]
    )
    for days_ago, kind, title, content, public_ok, steps in MESSAGES:
        msg, _ = services.submit(
            box,
            {
                "kind": kind,
                "title": title,
                "content": content,
                "name": "演示留言人",
                "phone": "13800001111",
                "email": "",
                "public_ok": public_ok,
            },
        )
        msg = _backdate(msg, days_ago)
        if steps == "submitted":
            continue
        if steps == "not_accepted":
            services.not_accept(admin, msg, "无实质内容", "留言内容为测试文字")
            continue
        services.accept(admin, msg)
        if steps == "transferred":
            services.transfer(admin, msg, other, "户籍地为岳阳市，属岳阳市民政局职责")
            continue
        services.assign(admin, msg, handler=handler, department="社会救助科")
        if steps in ("assigned", "overdue"):
            continue
        services.reply(
            handler,
            msg,
            "您好！您反映的问题已收悉。经核实，" + content[:20] + "……相关情况如下：请携带身份证、户口簿"
            "到户籍所在地乡镇（街道）社会救助窗口办理，工作人员将在受理后15个工作日内完成审核。感谢您的来信。",
        )
        if steps == "replied":
            continue
        msg = services.review_reply(admin, msg, True, "同意", publish=True)
        if steps == "published":
            services.publish(reviewer, msg)
        elif steps == "closed":
            services.rate(msg, "满意")


def _hotline(city: Agency) -> None:
    from .hotline import import_orders, read_file

    import_orders(city, read_file(HOTLINE_FILE.name, HOTLINE_FILE.read_bytes()))


PROPOSALS = [
    # (session, number, title, authors, class, sent after (days), feedback)
    (
        "随州市五届人大四次会议",
        "0012",
        "关于加快发展社区居家养老服务的建议",
        "王某某、李某某",
        "A",
        70,
        "满意",
    ),
    ("随州市五届人大四次会议", "0057", "关于提高农村低保标准的建议", "张某某", "B", 85, "满意"),
    ("随州市五届人大四次会议", "0103", "关于规范殡葬服务收费的建议", "刘某某", "A", 60, "基本满意"),
    ("政协随州市五届四次会议", "0021", "关于加强未成年人关爱保护的提案", "陈某某", "B", 88, "满意"),
    ("政协随州市五届四次会议", "0066", "关于推进婚俗改革的提案", "赵某某", "C", 80, "基本满意"),
]


def _proposals(city: Agency, other: Agency, admin: User, reviewer: User) -> None:
    """Last year's 建议提案 of the city bureau, all answered and published (one with a 会办单位)."""
    from gongkai.rules.interaction import cohandler_due, proposal_due

    from .proposal_models import Body, Proposal, ProposalUnit, Session
    from .publication import publish_proposal

    year = timezone.localdate().year - 1
    assigned = dt.date(year, 3, 20)
    for session_name, number, title, authors, cls, after, feedback in PROPOSALS:
        body = Body.NPC if "人大" in session_name else Body.CPPCC
        session, _ = Session.objects.get_or_create(name=session_name, defaults={"body": body, "year": year})
        if Proposal.objects.filter(session=session, number=number).exists():
            continue
        sent = assigned + dt.timedelta(days=after)
        p = Proposal.objects.create(
            session=session,
            number=number,
            title=title,
            authors=authors,
            contact="13907220000",
            kind=Proposal.Kind.SUGGESTION if body == Body.NPC else Proposal.Kind.PROPOSAL,
            lead=city,
            received_on=dt.date(year, 3, 10),
            assigned_on=assigned,
            due_on=proposal_due(assigned),
            state=Proposal.State.SENT,
            classification=cls,
            drafted_by=admin,
            signed_by=admin,
            signed_on=sent,
            sent_on=sent,
            feedback=feedback,
            reply=f"{authors}代表（委员）：您提出的《{title}》收悉。我局高度重视，经认真研究，现答复如下：一是完善政策措施；"
            "二是加大资金投入；三是加强督促检查。感谢您对民政工作的关心和支持。",
        )
        if number == "0012":
            ProposalUnit.objects.create(
                proposal=p,
                agency=other,
                due_on=cohandler_due(assigned),
                opinion="同意主办单位意见。",
                sent_on=assigned + dt.timedelta(days=20),
            )
        doc = publish_proposal(p, city)
        Proposal.objects.filter(pk=p.pk).update(published_at=timezone.now(), document_id_published=doc.pk)


PROPOSALS = [
    # (session, number, title, authors, class, sent after (days), feedback)
    (
        "随州市五届人大四次会议",
        "0012",
        "关于加快发展社区居家养老服务的建议",
        "王某某、李某某",
        "A",
        70,
        "满意",
    ),
    ("随州市五届人大四次会议", "0057", "关于提高农村低保标准的建议", "张某某", "B", 85, "满意"),
    ("随州市五届人大四次会议", "0103", "关于规范殡葬服务收费的建议", "刘某某", "A", 60, "基本满意"),
    ("政协随州市五届四次会议", "0021", "关于加强未成年人关爱保护的提案", "陈某某", "B", 88, "满意"),
    ("政协随州市五届四次会议", "0066", "关于推进婚俗改革的提案", "赵某某", "C", 80, "基本满意"),
]


def _proposals(city: Agency, other: Agency, admin: User, reviewer: User) -> None:
    """Last year's 建议提案 of the city bureau, all answered and published (one with a 会办单位)."""
    from gongkai.rules.interaction import cohandler_due, proposal_due

    from .proposal_models import Body, Proposal, ProposalUnit, Session
    from .publication import publish_proposal

    year = timezone.localdate().year - 1
    assigned = dt.date(year, 3, 20)
    for session_name, number, title, authors, cls, after, feedback in PROPOSALS:
        body = Body.NPC if "人大" in session_name else Body.CPPCC
        session, _ = Session.objects.get_or_create(name=session_name, defaults={"body": body, "year": year})
        if Proposal.objects.filter(session=session, number=number).exists():
            continue
        sent = assigned + dt.timedelta(days=after)
        p = Proposal.objects.create(
            session=session,
            number=number,
            title=title,
            authors=authors,
            contact="13907220000",
            kind=Proposal.Kind.SUGGESTION if body == Body.NPC else Proposal.Kind.PROPOSAL,
            lead=city,
            received_on=dt.date(year, 3, 10),
            assigned_on=assigned,
            due_on=proposal_due(assigned),
            state=Proposal.State.SENT,
            classification=cls,
            drafted_by=admin,
            signed_by=admin,
            signed_on=sent,
            sent_on=sent,
            feedback=feedback,
            reply=f"{authors}代表（委员）：您提出的《{title}》收悉。我局高度重视，经认真研究，现答复如下：一是完善政策措施；"
            "二是加大资金投入；三是加强督促检查。感谢您对民政工作的关心和支持。",
        )
        if number == "0012":
            ProposalUnit.objects.create(
                proposal=p,
                agency=other,
                due_on=cohandler_due(assigned),
                opinion="同意主办单位意见。",
                sent_on=assigned + dt.timedelta(days=20),
            )
        doc = publish_proposal(p, city)
        Proposal.objects.filter(pk=p.pk).update(published_at=timezone.now(), document_id_published=doc.pk)
