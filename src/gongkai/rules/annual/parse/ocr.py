"""Reading a scanned PDF (扫描件文字识别): Tesseract on the page images, tables by their grid.

County and township reports are often published as scans: a PDF whose pages are images, with no
text layer. Each page is rendered at 300 dpi (pypdfium2), straightened, and its ruled tables are
found and cut into cells (:mod:`.grid`). Tesseract (Debian ``tesseract-ocr`` and
``tesseract-ocr-chi-sim``, run as a program) reads, in one run per page, the page's text outside
the tables and every cell that holds ink, each cell cropped and stacked on a strip, so that a
cell's words are known to be that cell's. The result is the extractor's plain form: rows on
lines, a tab between cells, a cell in the row where it starts — the same model as an HTML table.

A number Tesseract is not sure of (word confidence below :data:`MIN_CONFIDENCE`, or digits mixed
with letters) is written with :data:`UNSURE` before it: the parser keeps its place and leaves the
cell blank with a warning. Rows whose cells break a 勾稽 rule are blanked after parsing
(:func:`gongkai.rules.annual.parse.report.distrust_ocr_rows`).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image

from gongkai.rules.annual.parse.grid import find_tables, ink_mask, prepare
from gongkai.rules.annual.parse.pieces import UNSURE

DPI = 300
MIN_CONFIDENCE = 60.0
LANGUAGES = "chi_sim"
TIMEOUT_S = 300
MAX_PAGES = 40
_GAP = 24  # white pixels between stacked cells


class OcrUnavailable(RuntimeError):
    """Tesseract or its Chinese model is missing (the message is Chinese)."""


@lru_cache(maxsize=1)
def tesseract() -> str | None:
    """The tesseract program when it and its simplified-Chinese model are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run(  # noqa: S603 - the program found on PATH, constant arguments
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    langs = set((out.stdout + out.stderr).split())
    return exe if "chi_sim" in langs else None


def require_tesseract() -> str:
    exe = tesseract()
    if exe is None:
        raise OcrUnavailable(
            "PDF 没有文字层（扫描件），需要文字识别，但本机未安装 Tesseract 或其简体中文模型"
            "（Debian 软件包 tesseract-ocr、tesseract-ocr-chi-sim；make system-packages 会安装）"
        )
    return exe


@dataclass
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # block, paragraph, line numbers


def run_tesseract(
    image: Image.Image, psm: int = 6, languages: str = LANGUAGES, chars: str = ""
) -> list[Word]:
    """The words Tesseract reads in an image, with their boxes and confidence (``chars``: the
    only characters it may answer, for cells of numbers)."""
    exe = require_tesseract()
    with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        try:
            out = subprocess.run(  # noqa: S603 - tesseract by its full path, our own file
                [
                    exe,
                    str(path),
                    "stdout",
                    "-l",
                    languages,
                    "--psm",
                    str(psm),
                    "--dpi",
                    str(DPI),
                    *(["-c", f"tessedit_char_whitelist={chars}"] if chars else []),
                    "tsv",
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrUnavailable(f"文字识别超时（超过{TIMEOUT_S}秒），未能读取扫描件") from exc
    if out.returncode != 0:
        raise OcrUnavailable(f"文字识别失败：{out.stderr.strip()[:200]}")
    words = []
    for row in csv.DictReader(io.StringIO(out.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if not text or row.get("level") != "5":
            continue
        words.append(
            Word(
                text,
                float(row["conf"]),
                int(row["left"]),
                int(row["top"]),
                int(row["width"]),
                int(row["height"]),
                (int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
            )
        )
    return words


_ASCII_WORD = re.compile(r"[0-9A-Za-z.,+\-%]")
_DIGIT = re.compile(r"\d")
_NUMBERISH = re.compile(r"^[+\-]?[\d.,]+(?:万元|亿元|元)?$")


def join_words(words: list[Word], mark: bool = True) -> str:
    """The text of words on one line: a space only between two words of Latin letters or digits
    (Chinese has no spaces; separate numbers must stay apart)."""
    out = ""
    for w in sorted(words, key=lambda w: w.left):
        text = _mark(w) if mark else w.text
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(text.lstrip(UNSURE)[:1] or " "):
            out += " "
        out += text
    return out


def _mark(w: Word) -> str:
    """A word as written for the parser: an unsure number gets :data:`UNSURE` before it."""
    if not _DIGIT.search(w.text):
        return w.text
    if not _NUMBERISH.match(w.text) and not re.search(r"[\u4e00-\u9fff]", w.text):
        return UNSURE + re.sub(r"[^\d]", "", w.text)  # digits mixed with letters or marks
    if w.conf < MIN_CONFIDENCE:
        return UNSURE + w.text
    return w.text


def lines_of(words: list[Word], mark: bool = True) -> list[tuple[int, str]]:
    """Words grouped into lines (Tesseract's own), each with its top and its text."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault(w.line, []).append(w)
    out = [(min(w.top for w in ws), join_words(ws, mark)) for ws in groups.values()]
    out.sort()
    return out


@dataclass
class _Placed:
    key: tuple[int, int, int]  # table, row, column (the prose: -1, 0, 0)
    image: Image.Image
    top: int = 0  # on the strip
    bottom: int = 0


def _strip(pieces: list[_Placed]) -> Image.Image:
    """The pieces one under another on white (each piece learns its place on the strip)."""
    width = max(p.image.width for p in pieces) + 2 * _GAP
    strip = Image.new("L", (width, sum(p.image.height + _GAP for p in pieces) + _GAP), 255)
    y = _GAP
    for p in pieces:
        strip.paste(p.image, (_GAP, y))
        p.top, p.bottom = y, y + p.image.height
        y += p.image.height + _GAP
    return strip


def _by_piece(words: list[Word], pieces: list[_Placed]) -> dict[tuple[int, int, int], list[Word]]:
    out: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        mid = w.top + w.height // 2
        for p in pieces:
            if p.top - _GAP // 2 <= mid < p.bottom + _GAP // 2:
                out.setdefault(p.key, []).append(w)
                break
    return out


_PROSE = (-1, 0, 0)
# A page number as scans show it ("— 2 —" read as "一2一", "1一" or a lone "7").
_PAGE_NUMBER = re.compile(r"^[\s—–\-一_~|]*[\d|Il]{1,3}[\s—–\-一_~|]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_UNIT = re.compile(r"(万元|亿元|元)$")
_BLANK_WORDS = {"无", "空", "暂无", "/", "—", "——", "-", "--"}


def read_page(image: Image.Image) -> str:
    """One page image's text: lines outside tables and table rows, top to bottom."""
    gray = prepare(image)
    ink = ink_mask(gray)
    tables = find_tables(ink)
    prose = gray.copy()
    for t in tables:
        prose.paste(255, (t.box[0] - 4, t.box[1] - 4, t.box[2] + 5, t.box[3] + 5))
    pieces: list[_Placed] = []
    prose_box = ink_mask(prose).getbbox()
    if prose_box is not None:
        pieces.append(_Placed(_PROSE, prose.crop(prose_box)))
    for ti, table in enumerate(tables):
        for cell in table.cells:
            crop = gray.crop(cell.box)
            box = ink_mask(crop).getbbox() if crop.width > 4 and crop.height > 4 else None
            if box is None or (box[2] - box[0]) * (box[3] - box[1]) < 12:  # paper, or a speck
                continue
            pad = 6
            inner = crop.crop((max(0, box[0] - pad), max(0, box[1] - pad), box[2] + pad, box[3] + pad))
            pieces.append(_Placed((ti, cell.row, cell.col), inner))
    if not pieces:
        return ""
    # Pass 1, Chinese: the text outside the tables and every cell.
    first = _by_piece(run_tesseract(_strip(pieces)), pieces)
    texts = {key: " ".join(t for _top, t in lines_of(ws)) for key, ws in first.items()}
    # Pass 2, digits: the cells that are not Chinese text, read again by the Latin model (the
    # Chinese model misreads digits: 366 → 3606, 4 → 生). Not limited to digits: a limit would turn
    # a 元 or a smudge into a digit, where now it makes the cell unsure.
    numeric = [p for p in pieces if p.key != _PROSE and _not_words(texts.get(p.key, ""))]
    second: dict[tuple[int, int, int], list[Word]] = {}
    if numeric:
        words = run_tesseract(_strip(numeric), languages="eng")
        second = _by_piece(words, numeric)
    for p in numeric:
        texts[p.key] = _number_cell(texts.get(p.key, ""), second.get(p.key, []))
    parts: list[tuple[int, str]] = []
    if prose_box is not None:
        prose_piece = pieces[0]
        for top, text in lines_of(first.get(_PROSE, []), mark=False):
            if not _PAGE_NUMBER.match(text):
                parts.append((top - prose_piece.top + prose_box[1], text))
    for ti, table in enumerate(tables):
        rows = [
            "\t".join(confirm_by_sums([_cell_text(texts.get((ti, c.row, c.col), "")) for c in row]))
            for row in table.rows()
        ]
        parts.append((table.box[1], "\n".join(rows)))
    parts.sort(key=lambda part: part[0])
    return "\n".join(text for _top, text in parts)


_COUNT = re.compile(r"^\d+$")
# Rows whose numbers add up: section 三 (six applicant columns and 总计, rule 1) and the line of
# section 四 (three groups of 维持, 纠正, 其他, 尚未审结 and 总计, rule 4).
_SUM_GROUPS = {7: 7, 15: 5}


def confirm_by_sums(cells: list[str]) -> list[str]:
    """A row's cells with an unsure count confirmed where its row's sum proves the reading.

    Only a number Tesseract did read (not a cell it read as nothing), only when it is the one
    unsure cell of its group and every other cell is a sure count or empty: if the group adds
    up with that reading, two independent readings agree and the mark is removed. Nothing is
    ever computed from the sum.
    """
    first = next((i for i, c in enumerate(cells) if c and (_COUNT.match(c) or c.startswith(UNSURE))), None)
    if first is None:
        return cells
    tail = cells[first:]
    size = _SUM_GROUPS.get(len(tail))
    if size is None or any(c and not _COUNT.match(c.removeprefix(UNSURE)) for c in tail):
        return cells
    out = list(tail)
    for g in range(0, len(tail), size):
        group = tail[g : g + size]
        unsure = [i for i, c in enumerate(group) if c.startswith(UNSURE)]
        if len(unsure) != 1:
            continue
        values = [int(c.removeprefix(UNSURE) or 0) for c in group]
        if sum(values[:-1]) == values[-1]:
            out[g + unsure[0]] = group[unsure[0]].removeprefix(UNSURE)
    return cells[:first] + out


def _not_words(text: str) -> bool:
    """Whether a cell's first reading is not Chinese words: digits, marks, a unit, or one stray
    character (a digit the Chinese model took for a character)."""
    plain = _UNIT.sub("", text.replace(" ", ""))
    return len(_CJK.findall(plain)) <= 1


def _number_cell(chinese: str, digits: list[Word]) -> str:
    """A cell holding ink and no Chinese text: its numbers, a blank mark, or the unsure mark."""
    plain = chinese.replace(" ", "")
    if plain in _BLANK_WORDS and not any(_DIGIT.search(w.text) for w in digits):
        return plain  # 无, /, —: written blank
    numbers = [w for w in digits if _DIGIT.search(w.text)]
    if not numbers:
        return UNSURE  # ink the recogniser could not read: a cell of unknown value
    unit = _UNIT.search(plain)
    suffix = unit.group() if unit else ""
    if len(numbers) == 1 and _NUMBERISH.match(numbers[0].text) and _UNIT.sub("", plain) == numbers[0].text:
        return numbers[0].text + suffix  # both models read the same number: it is kept
    return " ".join(_mark(w) for w in sorted(numbers, key=lambda w: w.left)) + suffix


def _cell_text(text: str) -> str:
    """A cell's lines joined: Chinese lines run on, numbers stay apart."""
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


def render_pages(data: bytes, dpi: int = DPI) -> list[Image.Image]:
    """The PDF's pages as images (pypdfium2), at most :data:`MAX_PAGES`."""
    import pypdfium2

    pdf: Any = pypdfium2.PdfDocument(data)
    try:
        images = []
        for i in range(min(len(pdf), MAX_PAGES)):
            images.append(pdf[i].render(scale=dpi / 72, grayscale=True).to_pil())
        return images
    finally:
        pdf.close()


def ocr_pdf(data: bytes) -> tuple[str, list[str]]:
    """The text of a scanned PDF and notes (Chinese) on how it was read."""
    require_tesseract()
    pages = render_pages(data)
    text = "\n".join(read_page(page) for page in pages)
    notes = [f"PDF 没有文字层（扫描件），已用文字识别（OCR）读取{len(pages)}页；识别结果请与原件核对"]
    return text, notes
