"""人大代表建议 and 政协委员提案: registered by session, handled by a 主办单位 with 会办单位, answered by a
signed 复文 classified A/B/C, published without the deputies' contact details (国办发〔2014〕46号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.core.fields import EncryptedTextField
from gongkai.rules.interaction import PROPOSAL_CLASSES, RATINGS


class Body(models.TextChoices):
    NPC = "npc", "人大"
    CPPCC = "cppcc", "政协"


class Session(models.Model):
    """A session of the 人民代表大会 or 政协, e.g. 市七届人大四次会议."""

    name = models.CharField("会议名称", max_length=60, unique=True)
    body = models.CharField("类别", max_length=10, choices=Body.choices)
    year = models.PositiveSmallIntegerField("年度")

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", "人大代表建议"
        PROPOSAL = "proposal", "政协委员提案"

    class State(models.TextChoices):
        HANDLING = "handling", "办理中"
        RETURNED = "returned", "已退回（交办有误）"
        DRAFTED = "drafted", "复文待签发"
        SIGNED = "signed", "复文已签发"
        SENT = "sent", "已答复"

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="proposals", verbose_name="会议"
    )
    number = models.CharField("编号", max_length=20)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    title = models.CharField("题目", max_length=200)
    authors = models.CharField("代表/委员", max_length=200)
    contact = EncryptedTextField("联系方式（不公开）", max_length=100, blank=True)
    lead = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="led_proposals", verbose_name="主办单位"
    )
    received_on = models.DateField("收到日期")
    assigned_on = models.DateField("交办日期")
    due_on = models.DateField("答复期限")
    extended = models.BooleanField("已延期", default=False)
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="批准延期",
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.HANDLING)
    return_reason = models.CharField("退回理由", max_length=200, blank=True)
    reply = models.TextField("复文", blank=True)
    summary = models.TextField("公开摘要", blank=True, help_text="摘要公开时填写")
    classification = models.CharField(
        "办理结果分类",
        max_length=1,
        blank=True,
        choices=[(k, f"{k}类（{v}）") for k, v in PROPOSAL_CLASSES.items()],
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="起草人",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签发领导",
    )
    signed_on = models.DateField("签发日期", null=True, blank=True)
    sent_on = models.DateField("答复日期", null=True, blank=True)
    feedback = models.CharField("意见征求表", max_length=10, blank=True, choices=[(r, r) for r in RATINGS])
    feedback_note = models.CharField("代表/委员意见", max_length=300, blank=True)
    public_interest = models.BooleanField("涉及公共利益（应公开）", default=True)
    publish_mode = models.CharField(
        "公开方式", max_length=10, default="full", choices=[("full", "全文公开"), ("summary", "摘要公开")]
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    document_id_published = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "建议提案"
        ordering = ["-received_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="interaction_proposal_unique")
        ]
        indexes = [models.Index(fields=["lead", "received_on"], name="interaction_proposal_lead")]

    def __str__(self) -> str:
        return f"{self.session.name}第{self.number}号"

    @property
    def on_time(self) -> bool | None:
        return None if self.sent_on is None else self.sent_on <= self.due_on

    def published_text(self) -> str:
        return self.summary if self.publish_mode == "summary" and self.summary else self.reply


class ProposalUnit(models.Model):
    """A 会办单位: sends its opinion to the 主办单位 within 1 month of assignment."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="units")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cohandled_proposals", verbose_name="会办单位"
    )
    due_on = models.DateField("会办意见期限")
    opinion = models.TextField("会办意见", blank=True)
    sent_on = models.DateField("意见送达日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会办单位"
        constraints = [models.UniqueConstraint(fields=["proposal", "agency"], name="interaction_unit_unique")]

    def __str__(self) -> str:
        return f"{self.proposal} 会办 {self.agency}"
