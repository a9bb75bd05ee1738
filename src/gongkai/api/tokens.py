"""Use cases of the write tokens: create (shown once, stored hashed), revoke, and check a
presented token. Each is one transaction, permission checked, audited (``gongkai.audit``).

Only the agency's administrator (机关管理员) manages its tokens, and only its own agency's."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role, User
from gongkai.agencies.scoping import require_own_agency
from gongkai.audit.services import record

from .models import TOKEN_ROLES, ApiToken

PREFIX = "gk_"
# Expiry offered on the staff page (days; 0 = no expiry).
EXPIRY_CHOICES = ((90, "90天"), (30, "30天"), (365, "一年"), (0, "不设期限"))


class TokenRefused(Exception):
    """A presented token that may not be used: the message (Chinese) says why."""


def _hash(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def _require_admin(user: User, agency) -> None:
    require_own_agency(user, agency)
    if not user.has_role(Role.AGENCY_ADMIN):
        raise PermissionDenied("只有本机关的机关管理员可以管理接口令牌")


def tokens_of(user: User):
    _require_admin(user, user.agency_id or 0)
    return ApiToken.objects.filter(agency_id=user.agency_id).select_related("created_by", "revoked_by")


@transaction.atomic
def create_token(user: User, name: str, roles: list[str], expires_in_days: int = 0) -> tuple[ApiToken, str]:
    """A new token of the user's agency holding ``roles`` (some of :data:`TOKEN_ROLES`); returns the
    token row and the plain token, which is never stored and cannot be shown again."""
    _require_admin(user, user.agency_id or 0)
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写令牌用途（调用系统的名称）"
    roles = sorted(set(roles or []))
    if not roles:
        errors["roles"] = "请至少选择一个角色"
    elif set(roles) - set(TOKEN_ROLES):
        errors["roles"] = "接口令牌只能持有“编辑”“申请承办人”角色"
    if expires_in_days not in dict(EXPIRY_CHOICES):
        errors["expires_in_days"] = "有效期选项无效"
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    plain = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    # The token's own account: the agency's roles it was given, no password (cannot sign in).
    account = User(
        username=f"api-token-{prefix}",
        agency_id=user.agency_id,
        roles=roles,
        full_name=f"接口令牌：{name[:30]}",
    )
    account.set_unusable_password()
    account.save()
    now = timezone.now()
    token = ApiToken.objects.create(
        agency_id=user.agency_id,
        name=name[:60],
        prefix=prefix,
        key_hash=_hash(plain),
        roles=roles,
        account=account,
        created_by=user,
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    record(
        token,
        "api_token_create",
        actor=user,
        to_state="有效",
        data={"name": token.name, "prefix": prefix, "roles": roles, "expires_at": token.expires_at},
    )
    return token, plain


@transaction.atomic
def revoke_token(user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise ValidationError("没有找到该令牌")
    _require_admin(user, token.agency_id)
    if token.revoked_at:
        raise ValidationError("该令牌已经吊销")
    before = token.status()
    token.revoked_at, token.revoked_by = timezone.now(), user
    token.save(update_fields=["revoked_at", "revoked_by"])
    User.objects.filter(pk=token.account_id).update(is_active=False)
    record(
        token,
        "api_token_revoke",
        actor=user,
        from_state=before,
        to_state="已吊销",
        data={"prefix": token.prefix},
    )
    return token


def authenticate(plain: str) -> ApiToken:
    """The usable token ``plain`` is, or :class:`TokenRefused` (Chinese) — unknown, revoked, expired.
    A refusal of a known token is audited (someone holds a token that no longer works)."""
    plain = (plain or "").strip()
    parts = plain[len(PREFIX) :].split("_", 1) if plain.startswith(PREFIX) else []
    token = (
        ApiToken.objects.select_related("account", "agency").filter(prefix=parts[0]).first()
        if len(parts) == 2
        else None
    )
    if token is None or not hmac.compare_digest(token.key_hash, _hash(plain)):
        raise TokenRefused("接口令牌无效")
    status = token.status()
    if status != "有效":
        record(token, "api_token_refused", actor_label=f"接口令牌 {token.prefix}", data={"status": status})
        raise TokenRefused(f"接口令牌{status}，请联系本机关的机关管理员")
    return token


def record_use(token: ApiToken, method: str, path: str) -> None:
    """Every use of a token is audited (who, which endpoint); ``last_used_at`` follows."""
    with transaction.atomic():
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        record(token, "api_token_use", actor=token.account, data={"method": method, "path": path[:200]})
