"""The audit trail's hash chain (GB/T 22239-2019 8.1.4.3 安全审计 c: audit records protected
against deletion, modification and overwriting). Each entry carries the hash of the one before;
editing an entry breaks its own hash, deleting one breaks the next entry's link, deleting the last
ones breaks the agreement with the recorded head. Pure: the app feeds rows as dicts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

# The fields that are hashed, in this order; ``prev_hash`` links the chain.
FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "agency_id",
    "object_type",
    "object_id",
    "action",
    "from_state",
    "to_state",
    "reason",
    "data",
    "source_ip",
    "prev_hash",
)


def _stable(value: Any) -> Any:
    """A whole float as an int: PostgreSQL's jsonb gives ``1e20`` back as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value


def canonical(row: Mapping[str, Any]) -> str:
    """A stable text of the row's hashed fields (keys sorted, no spaces, UTF-8 kept)."""
    return json.dumps(
        {name: _stable(row.get(name)) for name in FIELDS},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )


def entry_hash(row: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(row).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """One place where the chain does not hold: ``pk`` is the row (or ``None`` for the tail)."""

    pk: int | None
    message: str


def verify(
    rows: Iterable[Mapping[str, Any]],
    *,
    head_hash: str | None = None,
    head_count: int | None = None,
    start: str | None = GENESIS,
) -> list[Break]:
    """Walk ``rows`` (in chain order, each with ``pk``, ``hash`` and the hashed fields) and report
    every edited row, every missing link and a tail that does not reach the recorded head.
    ``start`` is the hash before the first row (``None``: take the first row's link as given, for
    an archive that begins in the middle of the chain)."""
    breaks: list[Break] = []
    previous = start
    count = 0
    for row in rows:
        count += 1
        pk = row["pk"]
        if previous is None:
            previous = row.get("prev_hash")
        if row.get("prev_hash") != previous:
            breaks.append(
                Break(pk, f"第{count}条审计记录（编号{pk}）之前的记录被删除或改动：链接的前一条哈希不符。")
            )
        if entry_hash(row) != row.get("hash"):
            breaks.append(Break(pk, f"第{count}条审计记录（编号{pk}）的内容被修改：哈希不符。"))
        previous = row.get("hash") or ""
    if head_hash is not None and head_hash != previous:
        breaks.append(
            Break(
                None,
                f"审计记录末尾被删除或改动：最后一条记录的哈希与链头不符（链头记有{head_count}条，现有{count}条）。",
            )
        )
    elif head_count is not None and head_count != count:
        breaks.append(Break(None, f"审计记录条数与链头不符（链头记有{head_count}条，现有{count}条）。"))
    return breaks
