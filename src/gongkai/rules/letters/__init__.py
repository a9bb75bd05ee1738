"""The letters of disclosure on application (依申请公开文书), as pure code (no Django).

* :func:`compose_reply` — the reply letter (政府信息公开申请答复告知书) for every outcome of
  :data:`gongkai.rules.outcomes.OUTCOMES` (Art. 36–39 of the Regulation), with its remedy notice;
* :func:`compose_notice` — 补正 (Art. 30), 延期 (Art. 33), 信息处理费 (Art. 42), third-party
  and inter-agency consultation (Art. 32, 34), 说明理由 and 延迟答复 (Art. 35);
* :func:`letter_html`, :func:`letter_docx`, :func:`letter_pdf`, :func:`frozen`, :func:`freeze`.
"""

from .model import CaseFacts, Letter, LetterError, letter_from_dict, letter_to_dict
from .notices import NOTICE_CHOICES, NOTICE_TITLES, compose_notice
from .render import FrozenLetter, freeze, frozen, letter_docx, letter_fragment, letter_html, letter_pdf
from .reply import PublishedRef, compose_reply, published_text

__all__ = [
    "NOTICE_CHOICES",
    "NOTICE_TITLES",
    "CaseFacts",
    "FrozenLetter",
    "Letter",
    "LetterError",
    "PublishedRef",
    "compose_notice",
    "compose_reply",
    "freeze",
    "frozen",
    "letter_docx",
    "letter_fragment",
    "letter_from_dict",
    "letter_html",
    "letter_pdf",
    "letter_to_dict",
    "published_text",
]
