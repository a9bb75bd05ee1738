"""Finding ruled tables in a page image (扫描件表格线识别), with Pillow alone.

A scanned report's tables are ruled: every cell is closed by lines. The page is binarised
(Otsu's threshold), straightened (the skew angle that makes the row profile sharpest, within
±3°), then the lines are found as long runs of ink — horizontal runs by averaging the image over
short horizontal windows (a window full of ink is part of a line; no stroke of a character is as
long as several windows in a row), vertical ones the same way on the transposed image. Lines that
touch form a table; the table's line positions cut it into elementary cells, and two neighbours
with no line between them belong to one merged cell (a rowspan or colspan). The result is the
table as HTML would give it: rows of cells, each cell in the row where it starts.

Pure code: no I/O, no OCR (the caller reads each cell's box).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageOps

MAX_SKEW = 3.0  # degrees searched either way


@dataclass(frozen=True)
class Line:
    pos: int  # y of a horizontal line, x of a vertical one
    start: int  # its extent along the other axis
    end: int


@dataclass
class Cell:
    row: int  # the grid row it starts in
    col: int  # the grid column it starts in
    rows: int  # rowspan
    cols: int  # colspan
    box: tuple[int, int, int, int]  # left, top, right, bottom (inside its lines)


@dataclass
class Table:
    box: tuple[int, int, int, int]
    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0

    def rows(self) -> list[list[Cell]]:
        """The cells of each grid row that start in it, left to right (like ``<tr>``/``<td>``)."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out


def otsu(gray: Image.Image) -> int:
    """The grey level that best splits the page into ink and paper (Otsu's method)."""
    hist = gray.histogram()[:256]
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    best, best_t = -1.0, 128
    weight = 0
    acc = 0
    for t in range(256):
        weight += hist[t]
        if weight == 0 or weight == total:
            continue
        acc += t * hist[t]
        m0 = acc / weight
        m1 = (sum_all - acc) / (total - weight)
        between = weight * (total - weight) * (m0 - m1) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def ink_mask(gray: Image.Image) -> Image.Image:
    """255 where there is ink, 0 on paper (mode ``L``)."""
    t = otsu(gray)
    return gray.point(lambda v: 255 if v <= t else 0)


def _profile_sharpness(ink: Image.Image) -> float:
    col = ink.resize((1, ink.height), Image.Resampling.BOX)
    return float(sum(v * v for v in col.tobytes()))


def skew_angle(ink: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes the page's rows horizontal."""
    scale = 800 / max(ink.width, 1)
    small = ink.resize((800, max(1, int(ink.height * scale))), Image.Resampling.BOX) if scale < 1 else ink

    def score(angle: float) -> float:
        return _profile_sharpness(small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0))

    best = max((a / 4 for a in range(int(-MAX_SKEW * 4), int(MAX_SKEW * 4) + 1)), key=score)
    fine = [best + d / 40 for d in range(-10, 11)]
    return max(fine, key=score)


def straighten(gray: Image.Image) -> Image.Image:
    """The page rotated so that its rows are horizontal (white fills the corners)."""
    angle = skew_angle(ink_mask(gray))
    if abs(angle) < 0.02:
        return gray
    return gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)


def _runs(ink: Image.Image, window: int, min_len: int) -> list[Line]:
    """Horizontal lines: rows of ``ink`` holding a run of full windows at least ``min_len`` long."""
    w, h = ink.size
    cols = max(1, w // window)
    small = ink.resize((cols, h), Image.Resampling.BOX)
    data = small.tobytes()
    found: list[tuple[int, int, int]] = []
    need = max(2, min_len // window)
    for y in range(h):
        row = data[y * cols : (y + 1) * cols]
        x = 0
        while x < cols:
            if row[x] >= 160:
                start = x
                while x < cols and row[x] >= 160:
                    x += 1
                if x - start >= need:
                    found.append((y, start * window, x * window))
            else:
                x += 1
    # Rows next to each other are one line (a line is a few pixels thick).
    return _merge_collinear([Line(y, x0, x1) for y, x0, x1 in found], 2)


def _merge_collinear(lines: list[Line], tol: int) -> list[Line]:
    """Pieces of one line (rows of its thickness, stretches broken by noise) made one."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda ln: (ln.pos, ln.start)):
        for i in range(len(out) - 1, -1, -1):
            other = out[i]
            if line.pos - other.pos > tol + 3:
                continue
            if (
                abs(other.pos - line.pos) <= tol
                and line.start <= other.end + 8
                and other.start <= line.end + 8
            ):
                out[i] = Line(other.pos, min(other.start, line.start), max(other.end, line.end))
                break
        else:
            out.append(line)
    return out


def find_lines(ink: Image.Image) -> tuple[list[Line], list[Line]]:
    """The horizontal and vertical ruling lines of a page's ink mask."""
    unit = max(4, ink.width // 150)  # ~16 px at 300 dpi: shorter than a character's stroke
    min_len = unit * 6
    horizontal = _runs(ink, unit, min_len)
    vertical = _runs(ink.transpose(Image.Transpose.TRANSPOSE), unit, min_len)
    return horizontal, vertical


def _close(values: list[int], tol: int) -> list[int]:
    out: list[int] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            out[-1] = (out[-1] + v) // 2
        else:
            out.append(v)
    return out


def find_tables(ink: Image.Image) -> list[Table]:
    """Every ruled table of the page (top first), cut into its cells."""
    horizontal, vertical = find_lines(ink)
    tol = max(4, ink.width // 300)
    # Lines that cross or touch belong to one table (union-find over the crossings).
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # A run's ends are known to a window (ink.width // 150): lines that meet may miss by one.
    reach = tol + 2 * max(4, ink.width // 150)
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.start - reach <= v.pos <= h.end + reach and v.start - reach <= h.pos <= v.end + reach:
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Line], list[Line]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(v)
    tables = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        table = _cut(ink, hs, vs, tol)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.box[1])
    return tables


def _covered(ink: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Whether a thin band along a cell border is ink over most of its length (a line is there)."""
    left, top, right, bottom = box
    band = ink.crop(box)
    if band.width <= 0 or band.height <= 0:
        return False
    # Along the border, each step across the band must hold some ink: the band's maximum.
    if right - left >= bottom - top:
        profile = _band_any(band.transpose(Image.Transpose.TRANSPOSE))
    else:
        profile = _band_any(band)
    inked = sum(1 for v in profile if v)
    return inked >= 0.8 * len(profile)


def _band_any(band: Image.Image) -> bytes:
    """Per row of a narrow band: non-zero when the row holds ink (at least 1 pixel in 4 of it)."""
    means = band.resize((1, band.height), Image.Resampling.BOX)
    floor = max(1, 255 // (4 * max(1, band.width)))
    return means.point(lambda v: 255 if v >= floor else 0).tobytes()


def _cut(ink: Image.Image, hs: list[Line], vs: list[Line], tol: int) -> Table | None:
    ys = _close([h.pos for h in hs], tol)
    xs = _close([v.pos for v in vs], tol)
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    half = max(2, tol)
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    inset = max(2, tol // 2)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols:  # the border to the right: a vertical line at xs[c+1]
                border = (xs[c + 1] - half, ys[r] + inset, xs[c + 1] + half + 1, ys[r + 1] - inset)
                if not _covered(ink, border):
                    parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows:  # the border below: a horizontal line at ys[r+1]
                border = (xs[c] + inset, ys[r + 1] - half, xs[c + 1] - inset, ys[r + 1] + half + 1)
                if not _covered(ink, border):
                    parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
    spans: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            root = find(r * n_cols + c)
            if root not in spans:
                spans[root] = [r, c, r, c]
            else:
                s = spans[root]
                s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    table = Table((xs[0], ys[0], xs[-1], ys[-1]), n_rows=n_rows, n_cols=n_cols)
    for r0, c0, r1, c1 in spans.values():
        table.cells.append(
            Cell(
                r0,
                c0,
                r1 - r0 + 1,
                c1 - c0 + 1,
                (xs[c0] + half, ys[r0] + half, xs[c1 + 1] - half, ys[r1 + 1] - half),
            )
        )
    return table


def prepare(image: Image.Image) -> Image.Image:
    """A page image as grey levels, straightened."""
    gray = ImageOps.grayscale(image) if image.mode != "L" else image
    return straighten(gray)
