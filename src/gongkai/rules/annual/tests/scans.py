"""Scanned reports for the OCR tests and ``bench/parse_ocr.py`` (测试用).

A report is rendered by the project's own PDF renderer, each page rasterised (pypdfium2) at the
scan resolution, optionally damaged the way scanners and re-compression damage pages — skew
(±1°), blur, JPEG — and the images bound into a PDF with no text layer, as county and township
sites publish them.
"""

from __future__ import annotations

import io
import random
from typing import Any

from PIL import Image, ImageFilter

from gongkai.rules.annual.render.pdf import render_pdf


def page_images(pdf: bytes, dpi: int) -> list[Image.Image]:
    import pypdfium2

    doc: Any = pypdfium2.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def damage(page: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """Skew within ±1°, a blur of about a tenth of a point, JPEG at quality 50–70."""
    angle = rng.uniform(-1.0, 1.0)
    out = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(radius=dpi / 300 * rng.uniform(0.6, 1.2)))
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=rng.randint(50, 70))
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scanned_pdf(pdf: bytes, dpi: int, noisy: bool, rng: random.Random | None = None) -> bytes:
    """The rendered PDF ``pdf`` as a scan: page images only, no text layer."""
    rng = rng or random.Random(0)
    pages = page_images(pdf, dpi)
    if noisy:
        pages = [damage(p, rng, dpi) for p in pages]
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return buf.getvalue()


def rendered(report: dict[str, Any]) -> bytes:
    return render_pdf(report)
