"""Password policy (GB/T 22239-2019 8.1.4.1 身份鉴别 a): passwords complex enough and changed
periodically. Pure: the Django validators in ``gongkai.security.passwords`` call these."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable

CLASSES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("数字", lambda c: c in string.digits),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, symbol) the password uses; letters
    outside ASCII (汉字) count as none of the four."""
    return sum(1 for _name, test in CLASSES if any(test(c) for c in password))


def problems(password: str, username: str = "", *, min_length: int = 12, min_classes: int = 3) -> list[str]:
    """Why ``password`` is refused (empty when it is acceptable), in Chinese."""
    found = []
    if len(password) < min_length:
        found.append(f"密码至少{min_length}位。")
    if character_classes(password) < min_classes:
        found.append(f"密码须包含大写字母、小写字母、数字、符号中的至少{min_classes}类。")
    name = (username or "").strip().lower()
    if name and (name in password.lower() or name[::-1] in password.lower()):
        found.append("密码不能包含用户名。")
    return found


def expired(changed_at: dt.datetime | None, now: dt.datetime, max_age_days: int) -> bool:
    """Whether a password set at ``changed_at`` must be changed at ``now`` (0 days = never expires)."""
    if not max_age_days or changed_at is None:
        return False
    return now - changed_at >= dt.timedelta(days=max_age_days)
