"""Second factor for staff (GB/T 22239-2019 8.1.4.1 d: two or more authentication techniques):
TOTP (django-otp) with one-time recovery codes (django-otp's static tokens)."""

from __future__ import annotations

import secrets
from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.db import transaction
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY_CODES = 10


def required_for(user) -> bool:
    """Whether the user's roles make a second factor mandatory (GONGKAI_OTP_REQUIRED_ROLES). Demo
    accounts are not forced outside production (where they cannot log in at all)."""
    if user.is_demo_account and not settings.GONGKAI_PRODUCTION:
        return False
    return user.has_role(*settings.GONGKAI_OTP_REQUIRED_ROLES)


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_key() -> str:
    return random_hex(20)


def secret_text(key_hex: str) -> str:
    """The key as the Base32 text an authenticator app accepts, in groups of four."""
    text = b32encode(unhexlify(key_hex)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user, key_hex: str) -> str:
    return TOTPDevice(user=user, key=key_hex, name="动态口令").config_url


def qr_svg(url: str) -> str:
    """The otpauth URL as an inline SVG QR code (no script, no external image)."""
    return segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def token_matches(key_hex: str, token: str) -> bool:
    try:
        value = int(token)
    except (TypeError, ValueError):
        return False
    return TOTP(unhexlify(key_hex)).verify(value, tolerance=1)


@transaction.atomic
def enrol(user, key_hex: str) -> list[str]:
    """Bind the TOTP key (replacing any earlier one) and issue fresh recovery codes (returned once)."""
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="动态口令", key=key_hex, confirmed=True)
    return new_recovery_codes(user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def reset(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def verify(user, token: str):
    """The device that accepts ``token`` (a TOTP code or an unused recovery code), else ``None``."""
    token = (token or "").strip().replace(" ", "").lower()
    if not token:
        return None
    return match_token(user, token)
