"""Each letter a case sends — every notice and the reply — takes its own number (发文字号) from the
agency's sequence of the year (GB/T 9704-2012 7.2.4: 鄂民依公开〔2026〕12号, 13号 …). The number is
taken inside the transaction that sends the letter, with the counter row locked: a send that is
refused or rolled back gives its number back, so the sequence has no gaps and no repeats."""

from __future__ import annotations

from gongkai.core.counters import lock_counter, take_next
from gongkai.rules.letters.model import issued_number

from .facts import number_prefix
from .models import LetterCounter


def take_number(agency, year: int) -> str:
    """The next letter number of ``agency`` in ``year`` (call inside the sending transaction)."""
    counter = lock_counter(LetterCounter, agency.pk, year)
    return issued_number(number_prefix(agency), year, take_next(counter))
