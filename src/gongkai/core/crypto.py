"""Field encryption of applicants' personal data at rest (数据保密性 / 个人信息保护).

Keys come from the environment: ``GONGKAI_FIELD_KEY`` is a comma-separated list of Fernet keys
(AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package); the FIRST encrypts, every one
decrypts, so a key can be rotated without downtime (docs/security.md):

1. ``gongkai rotate_field_key --new-key`` prints a fresh key;
2. put it first: ``GONGKAI_FIELD_KEY=<new>,<old>``, restart the processes;
3. ``gongkai rotate_field_key`` re-encrypts every row and recomputes the lookup hashes under the new key;
4. drop the old key from the variable and restart.

Without ``GONGKAI_FIELD_KEY`` (demo, development) a key is derived from ``SECRET_KEY``;
``gongkai check --deploy`` warns about it, since changing ``SECRET_KEY`` would then make the stored
data unreadable.

Values that must be found again (an applicant's ID number) also get a keyed hash
(HMAC-SHA256 under a key derived from each field key): equal values give equal hashes, and
the hash tells nothing without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - not a secret: every Fernet token (version byte 0x80 and a 64-bit timestamp) starts so


class FieldKeyError(ImproperlyConfigured):
    """The configured keys cannot decrypt a stored value (wrong or missing key)."""


def _configured() -> tuple[str, ...]:
    raw = getattr(settings, "GONGKAI_FIELD_KEY", "") or ""
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    if keys:
        return keys
    derived = hashlib.sha256(b"gongkai-field-key:" + settings.SECRET_KEY.encode()).digest()
    return (base64.urlsafe_b64encode(derived).decode(),)


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "GONGKAI_FIELD_KEY 无效：应为逗号分隔的 Fernet 密钥（44个字符，可用 gongkai rotate_field_key --new-key 生成）"
        ) from exc


def is_explicit() -> bool:
    """Whether the keys come from GONGKAI_FIELD_KEY (not derived from SECRET_KEY)."""
    return bool((getattr(settings, "GONGKAI_FIELD_KEY", "") or "").strip())


def new_key() -> str:
    return Fernet.generate_key().decode()


def encrypt(value: str) -> str:
    """The token of ``value`` under the current key; the empty string stays empty."""
    if not value:
        return ""
    return _fernets(_configured()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernets(_configured()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise FieldKeyError(
            "无法解密已存储的个人信息：GONGKAI_FIELD_KEY 与加密时所用密钥不符"
            "（轮换密钥时旧密钥须保留在列表中，直到 gongkai rotate_field_key 完成）"
        ) from exc


def rotate(token: str) -> str:
    """``token`` re-encrypted under the current (first) key."""
    if not token:
        return ""
    try:
        return _fernets(_configured()).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise FieldKeyError("无法用已配置的任何密钥解密存储的个人信息，轮换中止") from exc


def _hash_key(field_key: str) -> bytes:
    return hmac.new(field_key.encode(), b"gongkai-lookup-hash", hashlib.sha256).digest()


def lookup_hash(value: str, *, key: str | None = None) -> str:
    """Keyed hash of ``value`` (already normalised) under the current key; empty for empty."""
    if not value:
        return ""
    return hmac.new(_hash_key(key or _configured()[0]), value.encode(), hashlib.sha256).hexdigest()


def lookup_hashes(value: str) -> list[str]:
    """The hashes of ``value`` under every configured key (finds rows not yet rotated too)."""
    return [lookup_hash(value, key=k) for k in _configured()] if value else []
