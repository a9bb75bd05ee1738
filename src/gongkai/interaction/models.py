"""政民互动: boxes (领导信箱/留言板), the messages written into them and the 12345 work orders
imported from the city platform (one model, one workflow: :mod:`.workflow`), and 人大代表建议/
政协委员提案 (:mod:`.proposal_models`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.core.fields import EncryptedTextField
from gongkai.rules.interaction import KIND_LABELS, RATINGS, SOURCE_LABELS, Kind, Source

KIND_CHOICES = [(k.value, label) for k, label in KIND_LABELS.items()]
SOURCE_CHOICES = [(s.value, label) for s, label in SOURCE_LABELS.items() if s != Source.PROPOSAL]
RATING_CHOICES = [(r, r) for r in RATINGS]


class State(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    ACCEPTED = "accepted", "待分办"
    ASSIGNED = "assigned", "办理中"
    REPLIED = "replied", "答复待审核"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


OPEN_STATES = (State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.REPLIED)
# Accepted (valid) messages: every state but waiting for acceptance and not accepted.
VALID_STATES = (State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.ANSWERED, State.CLOSED)


class Box(models.Model):
    """One mailbox or message board of an agency (e.g. 局长信箱, 咨询投诉), with the kinds it takes
    and its own deadlines (working days per kind; empty = the defaults of the rules package)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="boxes", verbose_name="机关")
    name = models.CharField("信箱名称", max_length=40)
    description = models.TextField("说明", blank=True)
    kinds = models.JSONField(
        "受理类型", default=list, help_text="咨询、求助、建议、投诉、举报、其他中的若干项"
    )
    deadlines = models.JSONField(
        "办理时限（工作日）", default=dict, blank=True, help_text="按类型设置，未设置的用默认值"
    )
    active = models.BooleanField("开放", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "信箱"
        ordering = ["agency", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="interaction_box_name_unique")]

    def __str__(self) -> str:
        return f"{self.agency.short_name}{self.name}"

    def kind_choices(self) -> list[tuple[str, str]]:
        return [
            (k, KIND_LABELS[Kind(k)])
            for k in (self.kinds or [k.value for k in Kind])
            if k in Kind._value2member_map_
        ]


class Message(models.Model):
    """A message to a box, or a 12345 work order (工单). ``agency`` is the agency that holds it now:
    a transfer (转办) moves it and leaves the sender read access (:class:`Access`); ``received_on``
    never changes, so the clock runs on from the first receipt."""

    source = models.CharField("来源", max_length=10, choices=SOURCE_CHOICES, default=Source.MAILBOX)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="messages", verbose_name="办理机关"
    )
    box = models.ForeignKey(
        Box, null=True, blank=True, on_delete=models.PROTECT, related_name="messages", verbose_name="信箱"
    )
    number = models.CharField("编号", max_length=40)
    access_code_hash = models.CharField(max_length=64, editable=False, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    kind = models.CharField("类型", max_length=10, choices=KIND_CHOICES)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容")
    name = models.CharField("姓名", max_length=50)
    # Phone and e-mail are encrypted at rest like applicants' (core.crypto); shown in full only on
    # the holding agency's case page, masked everywhere else, never published.
    phone = EncryptedTextField("联系电话", max_length=30, blank=True)
    email = EncryptedTextField("电子邮箱", max_length=254, blank=True)
    public_ok = models.BooleanField("同意公开", default=False)
    submitted_at = models.DateTimeField("提交时间")
    received_on = models.DateField("收到日期", db_index=True)
    deadline_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    state = models.CharField("状态", max_length=15, choices=State.choices, default=State.SUBMITTED)
    # 1 while open, 0 once not; kept from ``state`` on every save. The queue's index (agency, is_open,
    # due_on, id) is then one range in due-date order on both databases: SQLite cannot match a partial
    # index to a bound IN list, and a boolean is compared bare ("WHERE is_open"), which no index serves.
    is_open = models.PositiveSmallIntegerField(default=1, editable=False)
    not_accepted_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    department = models.CharField("承办部门", max_length=60, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_messages",
        verbose_name="承办人",
    )
    reply = models.TextField("答复内容", blank=True)
    reply_unit = models.CharField("答复单位", max_length=100, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="答复人",
    )
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审核领导",
    )
    answered_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    workdays_taken = models.SmallIntegerField("答复用时（工作日）", null=True, blank=True)
    on_time = models.BooleanField("按期", null=True)
    rating = models.CharField("满意度", max_length=10, blank=True, choices=RATING_CHOICES)
    rating_note = models.CharField("评价意见", max_length=300, blank=True)
    reopened = models.PositiveSmallIntegerField("重新办理次数", default=0)
    publish_approved = models.BooleanField("审核同意公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    document_id_published = models.PositiveIntegerField("公开信息编号", null=True, blank=True, editable=False)
    hidden = models.BooleanField("已屏蔽", default=False)
    hidden_reason = models.CharField("屏蔽理由", max_length=300, blank=True)
    # 12345 work orders: the platform's deadline (办理时限) and a fingerprint of the imported row.
    platform_due_on = models.DateField("平台办理时限", null=True, blank=True)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "留言与工单"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="interaction_message_number_unique"),
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="interaction_message_idempotency_unique",
            ),
        ]
        indexes = [
            # The queue: open cases by due date, per agency; the year's figures by receipt date.
            models.Index(fields=["agency", "is_open", "due_on", "id"], name="interaction_queue"),
            models.Index(fields=["agency", "submitted_at", "id"], name="interaction_agency_submitted"),
            models.Index(fields=["agency", "state"], name="interaction_agency_state"),
            models.Index(fields=["agency", "received_on"], name="interaction_agency_received"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.is_open = int(self.state in OPEN_STATES)
        fields = kwargs.get("update_fields")
        if fields is not None and "state" in fields:
            kwargs["update_fields"] = {*fields, "is_open"}
        super().save(*args, **kwargs)


class MessageCounter(models.Model):
    """Last message serial per agency and year (locked while numbering)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="interaction_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class Access(models.Model):
    """Read access of an agency that no longer holds a message (it transferred it on)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="access")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=40, default="转办")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "agency"], name="interaction_access_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} → {self.message_id}"


def attachment_path(instance: MessageAttachment, filename: str) -> str:
    return f"interaction/{instance.message_id}/{instance.sha256[:16]}.{instance.kind}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class MessageReminder(models.Model):
    """A deadline reminder to the handler (at 2 and 0 working days left), once each."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reminders"
    )
    workdays_left = models.SmallIntegerField()
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    read = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "due_on", "workdays_left"], name="interaction_reminder_once"
            )
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.message} 剩余{self.workdays_left}个工作日"


from .proposal_models import Body, Proposal, ProposalUnit, Session  # noqa: E402, F401 - one app, one models module
