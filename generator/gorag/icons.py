"""Gorag's icon, drawn at build time: the web app's icons and the Kiwix ZIM's illustration.

Drawn with Pillow rather than kept as binary files, so the picture has one source (this code) and
any size can be made from it. A white shield holding a heart on Gorag's teal; no emblem of any
institution or campaign (the Blue Heart has its own rules of use).
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

TEAL = (0, 105, 92, 255)  # gorag.css --md-primary-fg-color, #00695c
WHITE = (255, 255, 255, 255)
ACCENT = (191, 54, 12, 255)  # gorag.css accent, #bf360c
SUPERSAMPLE = 4


def _draw(size: int, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed: the platform cuts its own shape; the picture keeps to the safe zone
        draw.rectangle((0, 0, big, big), fill=TEAL)
        scale, offset = 0.62, 0.19
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=TEAL)
        scale, offset = 0.76, 0.12

    def at(x: float, y: float) -> tuple[float, float]:
        return ((offset + x * scale) * big, (offset + y * scale) * big)

    shield = [at(0.5, 0.02), at(0.92, 0.16), at(0.88, 0.56), at(0.5, 0.98), at(0.12, 0.56), at(0.08, 0.16)]
    draw.polygon(shield, fill=WHITE)
    # The heart: two circles and the polygon from their lower tangents to the point.
    r = 0.13 * scale * big
    for cx in (0.38, 0.62):
        x, y = at(cx, 0.40)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=ACCENT)
    draw.polygon([at(0.288, 0.492), at(0.38, 0.40), at(0.5, 0.45), at(0.62, 0.40), at(0.712, 0.492), at(0.5, 0.76)], fill=ACCENT)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def png(size: int, maskable: bool = False) -> bytes:
    """The icon as a PNG of ``size`` × ``size`` pixels (the same bytes every time)."""
    out = io.BytesIO()
    _draw(size, maskable).save(out, format="PNG", optimize=False)
    return out.getvalue()
