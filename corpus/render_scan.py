"""Turn a born-digital PDF into what a scanner or a photocopier makes of it: page images only.

Real archives hold many LKj as scans: printed, signed and stamped, then fed through a
scanner at 150-300 dpi, a little crooked. :func:`scan_pdf` makes the same from a PDF of
:mod:`lkj.corpus.render_pdf`, page by page:

1. rasterise with pdfium at ``dpi`` (grey), as displayed (``/Rotate`` applied);
2. paper and toner: a greyish background, slightly soft strokes;
3. a stamp (a ring of text) and a signature scribble on the cover and the last page, away
   from the text that says who and when;
4. rotate by 0.3-1 degrees either way (the page was fed crooked);
5. noise: grain over the page and a sprinkle of specks;
6. JPEG at quality 55-75 (the artefacts around strokes come from here);
7. the images go back into a PDF of the same page size, with no text layer.

Every random choice comes from ``random.Random(seed)`` and the page number, so the output
depends only on (pdf bytes, dpi, seed). The text layer is gone: the page geometry is kept, so
the page and the place of each line of the born-digital rendering (its
:class:`~lkj.corpus.render_pdf.PdfLayout`) still say where each record stands.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

#: the resolutions real scans come at
DPIS = (150, 300)
#: how crooked a page may be fed, degrees (either way)
MIN_ANGLE, MAX_ANGLE = 0.3, 1.0


@dataclass
class ScanInfo:
    """What the scanner did to each page: its angle (degrees, counter-clockwise) and quality."""

    dpi: int
    angles: list[float] = field(default_factory=list)
    jpeg_quality: list[int] = field(default_factory=list)


def scan_pdf(data: bytes, *, dpi: int = 300, seed: int = 0) -> tuple[bytes, ScanInfo]:
    """The scanned-looking copy of a PDF (``data``): one JPEG image per page, no text layer."""
    import pypdfium2 as pdfium

    if dpi < 72 or dpi > 600:
        raise ValueError(f"dpi must be between 72 and 600, not {dpi}")
    pdf = pdfium.PdfDocument(data)
    info = ScanInfo(dpi)
    images: list[tuple[bytes, tuple[int, int]]] = []
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                image = bitmap.to_pil().convert("L")
            finally:
                page.close()
            rng = random.Random(f"{seed}:{dpi}:{i}")
            marks = i == 0 or (i == n - 1 and n > 1)
            scanned, angle, quality = _scan_page(image, dpi, rng, marks)
            info.angles.append(angle)
            info.jpeg_quality.append(quality)
            images.append((scanned, image.size))
    finally:
        pdf.close()
    return _to_pdf(images, dpi), info


def _scan_page(
    image: Image.Image, dpi: int, rng: random.Random, marks: bool
) -> tuple[bytes, float, int]:
    """One page through the photocopier: returns its JPEG bytes, angle and quality."""
    import cv2

    paper, toner = _paper_grey(rng), rng.randint(15, 45)
    lut = np.array([toner + (paper - toner) * v / 255 for v in range(256)], dtype=np.uint8)
    a: np.ndarray = lut[np.asarray(image, dtype=np.uint8)]
    sigma = 0.35 * dpi / 150
    page = Image.fromarray(cv2.GaussianBlur(a, (0, 0), sigma), mode="L")
    if marks:
        _stamp(page, dpi, rng)
        _signature(page, dpi, rng)
    flat = np.asarray(page, dtype=np.uint8)
    angle = rng.uniform(MIN_ANGLE, MAX_ANGLE) * rng.choice((-1, 1))
    h, w = flat.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(flat, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper)
    a = _noise(turned, dpi, rng)
    quality = rng.randint(55, 75)
    ok, jpeg = cv2.imencode(".jpg", a, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return jpeg.tobytes(), round(angle, 3), quality


def _paper_grey(rng: random.Random) -> int:
    return rng.randint(228, 246)


def _noise(a: np.ndarray, dpi: int, rng: random.Random) -> np.ndarray:
    """Grain over the whole page and a few hundred dark specks."""
    import cv2

    np_rng = np.random.default_rng(rng.randrange(1 << 32))
    grain = np_rng.standard_normal(a.shape, dtype=np.float32) * rng.uniform(3.0, 6.0)
    out = cv2.add(a.astype(np.float32), grain)
    out = np.clip(out, 0, 255).astype(np.uint8)
    h, w = out.shape
    n = int(rng.uniform(150, 400) * (w * h) / (1240 * 1754))
    ys = np_rng.integers(0, h, n)
    xs = np_rng.integers(0, w, n)
    tone = np_rng.integers(20, 120, n)
    r = max(1, dpi // 150)
    for y, x, t in zip(ys, xs, tone, strict=True):
        out[max(0, y - r + 1) : y + r, max(0, x - r + 1) : x + r] = t
    return out


def _stamp(image: Image.Image, dpi: int, rng: random.Random) -> None:
    """A round office stamp, faint, in the lower part of the page (over the signature place)."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    r = int(0.6 * dpi)  # about 3 cm across
    cx = int(w * rng.uniform(0.55, 0.75))
    cy = int(h * rng.uniform(0.80, 0.88))
    grey = rng.randint(120, 170)
    width = max(2, dpi // 60)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=grey, width=width)
    draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), outline=grey, width=1)
    # letters round the ring stand in for the office name
    for k in range(18):
        t = 2 * math.pi * k / 18
        x, y = cx + 0.85 * r * math.cos(t), cy + 0.85 * r * math.sin(t)
        s = max(2, dpi // 50)
        draw.rectangle((x - s, y - s, x + s, y + s), fill=grey)
    s = max(3, dpi // 25)
    draw.line((cx - 3 * s, cy, cx + 3 * s, cy), fill=grey, width=width)
    draw.ellipse((cx - s, cy - 2 * s, cx + s, cy - 0 * s), outline=grey, width=width)


def _signature(image: Image.Image, dpi: int, rng: random.Random) -> None:
    """A scribbled signature beside the stamp: a few loops joined by a stroke."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    x0 = w * rng.uniform(0.50, 0.60)
    y0 = h * rng.uniform(0.83, 0.87)
    points = []
    for k in range(60):
        t = k / 59
        x = x0 + t * 0.9 * dpi
        y = y0 + 0.12 * dpi * math.sin(t * rng.uniform(10, 16)) * (1 - 0.5 * t)
        points.append((x, y))
    draw.line(points, fill=rng.randint(30, 80), width=max(2, dpi // 75), joint="curve")


def _to_pdf(images: list[tuple[bytes, tuple[int, int]]], dpi: int) -> bytes:
    """The JPEG page images as a PDF, each page sized to its image at ``dpi``.

    Written by hand: a page is one DCTDecode image XObject drawn over the whole page, the
    JPEG bytes embedded as they are (a PDF library would compress them again, or, in pure
    Python, spend seconds a page encoding them as text).
    """
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []

    def obj(body: bytes, stream: bytes | None = None) -> None:
        offsets.append(out.tell())
        out.write(f"{len(offsets)} 0 obj\n".encode() + body)
        if stream is not None:
            out.write(b"\nstream\n" + stream + b"\nendstream")
        out.write(b"\nendobj\n")

    n = len(images)
    # objects: 1 catalog, 2 pages, then per page: the page (3 + 3i), its content, its image
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, (jpeg, (w, h)) in enumerate(images):
        content, image = 4 + 3 * i, 5 + 3 * i
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        obj(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
            f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        draw = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        obj(f"<< /Length {len(draw)} >>".encode(), draw)
        obj(
            f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
            f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>".encode(),
            jpeg,
        )
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
