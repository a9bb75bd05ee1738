"""Applications for disclosure (依申请公开申请), their history of events, notices and reply letters.

Status and outcome are kept apart from the process: the case's events are the source of truth;
``status``, ``due_on``, ``outcome`` and ``closed_on`` are a cache of replaying them through
:func:`gongkai.rules.deadlines.compute_clock`, refreshed on every change and daily.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.core import crypto
from gongkai.core.fields import EncryptedTextField
from gongkai.rules.deadline_events import EVENT_CHOICES, Status
from gongkai.rules.outcomes import APPLICANT_KINDS, OutcomeError, get_outcome, outcome_choices
from gongkai.rules.provision import Ground


class Channel(models.TextChoices):
    """How the application arrived; Art. 31 fixes the receipt date for each."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面递交"
    REGISTERED_POST = "registered_post", "挂号信/快递（需签收）"
    ORDINARY_LETTER = "ordinary_letter", "平信"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ORAL = "oral", "口头提出（代为填写）"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他"


class Medium(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    PICKUP = "pickup", "自行领取"
    INSPECT = "inspect", "当面查阅"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


FORM_GROUND_CHOICES = [(g.value, g.label) for g in Ground]
STATUS_CHOICES = [(s.value, s.label) for s in Status]
APPLICANT_KIND_CHOICES = [
    (k.code, k.name if k.code == "natural_person" else f"{k.category}·{k.name}") for k in APPLICANT_KINDS
]


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="applications", verbose_name="受理机关"
    )
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("申请编号", max_length=20)
    access_code_hash = models.CharField(max_length=64, editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    # Applicant (Art. 29 ¶2 (一)).
    applicant_kind = models.CharField("申请人类型", max_length=30, choices=APPLICANT_KIND_CHOICES)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    contact_person = models.CharField("联系人（法人或其他组织）", max_length=50, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    # ID number, phone and address are encrypted at rest (数据保密性); the ID number is found again
    # through its keyed hash ``applicant_key`` (same applicant's other cases, 按件计收).
    id_number = EncryptedTextField("证件号码", max_length=40)
    applicant_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    phone = EncryptedTextField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    # What is wanted (Art. 29 ¶2 (二), (三)).
    description = models.TextField("所需信息的内容描述")
    document_title = models.CharField("信息名称", max_length=300, blank=True)
    document_number = models.CharField("文号", max_length=60, blank=True)
    purpose = models.TextField("用途（可不填）", blank=True)
    medium = models.CharField("信息载体", max_length=20, choices=Medium.choices)
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices)
    # An agent applying for the applicant (代理人, with a 委托书), the applicant's proof of identity where
    # the agency asks for it, and a request to reduce or waive the 信息处理费 (国办函〔2020〕109号).
    agent_name = models.CharField("代理人姓名", max_length=50, blank=True)
    agent_id_number = EncryptedTextField("代理人证件号码", max_length=40, blank=True)
    agent_phone = EncryptedTextField("代理人联系电话", max_length=30, blank=True)
    authorisation = models.FileField("授权委托书", upload_to="applications/authorisations/", blank=True)
    id_proof = models.FileField("身份证明", upload_to="applications/id_proofs/", blank=True)
    fee_waiver_request = models.CharField("减免信息处理费的申请", max_length=300, blank=True)
    submitted_at = models.DateTimeField("提交/登记时间")
    # The date the applicant wrote on the application (申请日期), apart from the day it was received
    # (Art. 31) and the day staff registered it: a letter says "于…收到您于…提交的申请".
    applied_on = models.DateField("申请日期", null=True, blank=True)
    # Receipt (Art. 31): who confirmed it and how.
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    receipt_note = models.CharField("收到日期确认方式", max_length=200, blank=True)
    receipt_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="确认人",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
        verbose_name="承办人",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    # Cache of the replayed clock.
    status = models.CharField(
        "办理状态", max_length=30, choices=STATUS_CHOICES, default=Status.NOT_RECEIVED, db_index=True
    )
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    outcome = models.CharField("办理结果", max_length=40, choices=outcome_choices(), blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    overdue = models.BooleanField("已超期", default=False)
    fee_method = models.CharField("收费方式", max_length=10, blank=True)
    fee_quantity = models.PositiveIntegerField("计费数量", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", null=True, blank=True)
    fee_paid = models.BooleanField("已缴费", default=False)
    fee_waiver = models.CharField("信息处理费减免（理由与金额）", max_length=200, blank=True)
    # When the applicant's personal data was removed after the retention period (the case stays).
    anonymised_at = models.DateTimeField("个人信息已匿名化", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="application_serial_unique"),
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="application_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["agency", "due_on", "id"]),
            # The workbench queue (open cases by due date): without the closed ones, which are most
            # rows, its pages need not skip past thousands of closed cases due earlier.
            models.Index(
                fields=["agency", "due_on", "id"],
                name="application_open_due",
                condition=models.Q(status__in=[s.value for s in Status if s != Status.CLOSED]),
            ),
            # The queue's "all" and per-status lists, newest first (scanned backwards).
            models.Index(fields=["agency", "submitted_at", "id"], name="application_agency_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.agency.short_name}"

    def save(self, *args, **kwargs):
        self.applicant_key = applicant_hash(self.id_type, self.id_number)
        fields = kwargs.get("update_fields")
        if fields is not None and {"id_type", "id_number"} & set(fields):
            kwargs["update_fields"] = {*fields, "applicant_key"}
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


def applicant_hash(id_type: str, id_number: str, *, key: str | None = None) -> str:
    """Keyed hash of an applicant's document (type and number, normalised); empty without a number."""
    number = "".join((id_number or "").split()).upper()
    return crypto.lookup_hash(f"{id_type}:{number}", key=key) if number else ""


def applicant_hashes(id_type: str, id_number: str) -> list[str]:
    """The hashes under every configured key (rows not yet rotated are found too)."""
    number = "".join((id_number or "").split()).upper()
    return crypto.lookup_hashes(f"{id_type}:{number}") if number else []


class IntakeOptions(models.Model):
    """What an agency's online form asks for beyond Art. 29 (set in the admin; absent = nothing more)."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="intake_options", verbose_name="机关"
    )
    asks_id_proof = models.BooleanField("请申请人上传身份证明（选填）", default=False)

    class Meta:
        verbose_name = "网上申请设置"
        verbose_name_plural = "网上申请设置"

    def __str__(self) -> str:
        return str(self.agency)


class LetterSettings(models.Model):
    """What an agency's letters need beyond its contacts (set by the agency admin on the staff page
    “告知书设置”; absent = not set).

    * ``number_prefix``: the 机关代字 of the letters' number (发文字号): ``鄂民依公开`` gives
      ``鄂民依公开〔2026〕12号`` for application 2026-0012 (GB/T 9704-2012 7.2.4).
    * ``reconsideration_body``: the 行政复议机关 the remedy notice names (行政复议法 2023 Art. 20 ¶3:
      unnamed, the 60 days run up to a year), normally the 本级人民政府 (Art. 24).
    * ``court``: the court named for 行政诉讼 (optional).
    * ``fee_payment``: how to pay the 信息处理费, printed in the fee notice (Art. 42).
    """

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="letter_settings", verbose_name="机关"
    )
    number_prefix = models.CharField(
        "告知书发文字号的机关代字",
        max_length=30,
        blank=True,
        help_text="如“鄂民依公开”，文号为 鄂民依公开〔2026〕12号",
    )
    reconsideration_body = models.CharField(
        "行政复议机关", max_length=100, blank=True, help_text="一般为本级人民政府（行政复议法第二十四条）"
    )
    court = models.CharField("管辖人民法院（选填）", max_length=100, blank=True)
    fee_payment = models.CharField(
        "信息处理费缴纳方式（选填）",
        max_length=300,
        blank=True,
        help_text="写入收费通知书，如收款单位、开户行和账号；未设置的由承办人在通知书中填写",
    )

    class Meta:
        verbose_name = "告知书设置"
        verbose_name_plural = "告知书设置"

    def __str__(self) -> str:
        return str(self.agency)


class ApplicationCounter(models.Model):
    """Last tracking-number serial per agency and year (locked while numbering)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="application_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class LetterCounter(models.Model):
    """Last serial of the letters (告知书, 函) an agency issued in a year: each notice and reply takes
    the next one when it is sent (GB/T 9704-2012 7.2.4), locked while numbering so no number is
    taken twice or skipped (:mod:`gongkai.core.counters`)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="letter_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class CaseEvent(models.Model):
    """One row of a case's history, replayed by the rules package (see :mod:`gongkai.rules.deadline_events`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=EVENT_CHOICES)
    date = models.DateField("日期")
    days = models.PositiveSmallIntegerField("期限（工作日）", null=True, blank=True)
    served = models.DateField("送达日期", null=True, blank=True)
    until = models.DateField("截止日期", null=True, blank=True)
    party = models.CharField("征求意见对象", max_length=200, blank=True)
    outcome = models.CharField("答复结果", max_length=40, blank=True)
    excused = models.BooleanField("有正当理由", default=False)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="经办人",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理事项"
        verbose_name_plural = "办理事项"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def outcome_label(self) -> str:
        """“答复告知书（予以公开）”, not the report row's code ``granted``."""
        if not self.outcome:
            return ""
        try:
            return f"答复告知书（{get_outcome(self.outcome).display}）"
        except OutcomeError:
            return self.outcome


class Notice(models.Model):
    """A written notice sent to the applicant (or a consultation letter); shown on the status page."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    event = models.OneToOneField(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="notice"
    )
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    sent_on = models.DateField("发出日期")
    # Its own 发文字号 from the agency's sequence (LetterCounter), given when sent; empty on old notices.
    number = models.CharField("文号", max_length=60, blank=True)
    to_applicant = models.BooleanField("送申请人", default=True)
    # The composed letter (:func:`gongkai.rules.letters.letter_to_dict`), rendered as DOCX/PDF on download.
    data = models.JSONField("文书数据", default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ReplyLetter(models.Model):
    """The 政府信息公开申请答复告知书: drafted from the outcome's template, edited, signed by a
    leader and frozen when sent (DOCX and PDF kept with their SHA-256)."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SIGNED = "signed", "已签发"
        SENT = "sent", "已送达"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="letter")
    outcome = models.CharField("答复结果", max_length=40, choices=outcome_choices())
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文段落", help_text="每段一行，可修改")
    data = models.JSONField("文书数据", default=dict, editable=False)
    body_text = models.TextField("送达文本", blank=True, editable=False)
    holder_agency = models.CharField("信息掌握机关", max_length=100, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签发人",
    )
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    sent_on = models.DateField("答复日期", null=True, blank=True)
    # Its own 发文字号 from the agency's sequence (LetterCounter), given when sent and kept.
    number = models.CharField("文号", max_length=60, blank=True)
    # The form the information is given in (Art. 40): as asked (``given_*`` equal to the application's
    # medium and delivery) or another, with the ground and the facts the letter states.
    given_medium = models.CharField("提供的信息载体", max_length=20, choices=Medium.choices, blank=True)
    given_delivery = models.CharField("提供方式", max_length=20, choices=Delivery.choices, blank=True)
    form_ground = models.CharField(
        "未按申请形式提供的理由（第四十条）", max_length=20, choices=FORM_GROUND_CHOICES, blank=True
    )
    form_reason = models.CharField("具体情况", max_length=300, blank=True)
    form_arrangement = models.CharField("领取或查阅的时间、地点", max_length=300, blank=True)
    # Art. 36(一): the published documents the letter points to (chosen from the catalogue).
    published_documents = models.ManyToManyField(
        "disclosure.Document", blank=True, related_name="+", verbose_name="已主动公开的信息"
    )
    docx = models.FileField(upload_to="letters/", blank=True)
    pdf = models.FileField(upload_to="letters/", blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "答复告知书"
        verbose_name_plural = "答复告知书"

    def __str__(self) -> str:
        return self.title

    @property
    def form_differs(self) -> bool:
        """The information is given in another form than the application asked for (Art. 40)."""
        app = self.application
        return bool(self.given_medium) and (
            self.given_medium != app.medium or self.given_delivery != app.delivery
        )


class Reminder(models.Model):
    """A deadline reminder to the handler (at 5 and 2 working days left)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    workdays_left = models.SmallIntegerField()
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    read = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "due_on", "workdays_left"], name="reminder_once")
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application} 剩余{self.workdays_left}个工作日"
