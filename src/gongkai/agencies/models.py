"""Agencies (行政机关) as a tree, and their staff with roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.rules.numbers import DEFAULT_INDEX_PATTERN, NumberError, format_index_number, parse_index_number

# First path segments used by the site itself; an agency's portal lives at /<slug>/.
RESERVED_SLUGS = frozenset(
    {"admin", "staff", "search", "api", "static", "media", "apply", "sitemap", "opendata", "feeds"}
)


class AgencyKind(models.TextChoices):
    """Art. 49: departments file their annual report by 31 January, governments by 31 March."""

    DEPARTMENT = "department", "部门"
    GOVERNMENT = "government", "人民政府"


class Agency(models.Model):
    """A disclosing body (行政机关), e.g. 岳阳市民政局; agencies form a tree.

    ``path`` is a materialised path (``"/1/4/9/"``) so that a subtree is one prefix query.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级机关",
    )
    name = models.CharField("机关全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40)
    code = models.CharField(
        "机构代码（索引号前缀）",
        max_length=30,
        unique=True,
        help_text="组织机构代码（9位）或统一社会信用代码（18位）",
    )
    slug = models.SlugField("网址标识", max_length=40, unique=True)
    kind = models.CharField(
        "机关类型", max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    index_pattern = models.CharField(
        "索引号格式",
        max_length=60,
        default=DEFAULT_INDEX_PATTERN,
        help_text="可用 {code} {year} {serial:05d}",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # Contacts shown in the 依申请公开指南 (guide to applying).
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("受理时间", max_length=100, blank=True)
    website = models.URLField("门户网站", blank=True)
    description = models.TextField("机关职能简介", blank=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            Agency.objects.filter(pk=self.pk).update(path=path)
            self.path = path
            if old:
                for child in Agency.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Agency.objects.filter(pk=child.pk).update(path=path + child.path[len(old) :])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}”为系统保留地址，请换一个"})
        try:
            example = format_index_number(self.code or "000000000", 2025, 1, self.index_pattern)
            parse_index_number(example, self.index_pattern)
        except (KeyError, ValueError, IndexError, NumberError) as exc:
            raise ValidationError({"index_pattern": f"索引号格式无效：{exc}"}) from exc
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级机关不能是本机关或其下级机关"})
            node = node.parent

    def subtree(self) -> models.QuerySet[Agency]:
        """This agency and every agency below it."""
        return Agency.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list[Agency]:
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
        by_id = Agency.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def format_index_number(self, year: int, serial: int) -> str:
        return format_index_number(self.code, year, serial, self.index_pattern)


class Role(models.TextChoices):
    EDITOR = "editor", "编辑"
    REVIEWER = "reviewer", "保密审查员"
    HANDLER = "handler", "申请承办人"
    OFFICE_HEAD = "office_head", "公开工作机构负责人"
    LEADER = "leader", "签发领导"
    AGENCY_ADMIN = "agency_admin", "机关管理员"
    SUPERVISOR = "supervisor", "监督（只读下级）"
    CALENDAR_ADMIN = "calendar_admin", "节假日安排管理员"  # enters the State Council's yearly notice
    # 三员分立 (GB/T 22239-2019 8.1.4.2 访问控制 d): three administrators, none holding another's role.
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# The three administrators' roles: a user holds at most one of them; the audit administrator holds
# no other role at all (reads the audit and nothing else).
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


class User(AbstractUser):
    """A member of staff: belongs to exactly one agency and holds one or more roles.

    A supervisor reads the agency's whole subtree and changes nothing.
    """

    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name="所属机关"
    )
    roles = models.JSONField("角色", default=list, blank=True)
    full_name = models.CharField("姓名", max_length=40, blank=True)
    # 身份鉴别 (docs/security.md): password age, forced change, sessions ended everywhere, demo marker.
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    session_epoch = models.PositiveIntegerField(
        "会话代数", default=0, editable=False, help_text="退出登录时加一，此前的所有会话随之失效"
    )
    is_demo_account = models.BooleanField(
        "演示账号", default=False, editable=False, help_text="由 gongkai demo 创建；生产环境中不能登录"
    )

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        unknown = set(self.roles or []) - set(Role.values)
        if unknown:
            raise ValidationError({"roles": f"未知角色：{'、'.join(sorted(unknown))}"})
        problem = role_separation_problem(self.roles or [])
        if problem:
            raise ValidationError({"roles": problem})

    def save(self, *args, **kwargs) -> None:
        problem = role_separation_problem(self.roles or [])
        if problem:
            raise ValidationError(problem)
        super().save(*args, **kwargs)

    def has_role(self, *roles: str) -> bool:
        return bool(set(self.roles or []) & set(roles))

    @property
    def is_supervisor_only(self) -> bool:
        """Supervisors who hold no working role change nothing."""
        return self.has_role(Role.SUPERVISOR) and not (set(self.roles) - {Role.SUPERVISOR})

    @property
    def is_audit_admin(self) -> bool:
        return self.has_role(Role.AUDIT_ADMIN)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


def role_separation_problem(roles) -> str:
    """Why this set of roles breaks 三员分立 (empty when it does not)."""
    held = [r for r in ADMIN_ROLES if r in set(roles)]
    labels = dict(Role.choices)
    if len(held) > 1:
        return f"三员分立：{'、'.join(labels[r] for r in held)}不能由同一人担任。"
    if Role.AUDIT_ADMIN in held and len(set(roles)) > 1:
        return "三员分立：审计管理员只能查看审计记录，不能兼任其他角色。"
    return ""
