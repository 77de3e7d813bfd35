"""Draw the integration's brand icon (a flame inside a house) into custom_components/hearth/brand/.

Original artwork, drawn from geometry so it can be regenerated and reviewed as code. Needs Pillow, which the HA
root has: `scripts/ha_root.sh run python scripts/draw_brand.py`. Drawn 8x larger and scaled down (anti-aliased
edges), transparent background, palette-quantised to keep the PNGs small.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "custom_components" / "hearth" / "brand"
UNIT = 4096  # drawing canvas; every coordinate below is a fraction of it
HOUSE = (47, 72, 88, 255)  # slate
DOOR = (236, 240, 243, 255)  # hearth opening, light so it reads on dark backgrounds too
FLAME = (242, 107, 29, 255)  # orange
CORE = (255, 201, 60, 255)  # yellow


def _pt(x: float, y: float) -> tuple[float, float]:
    return (x * UNIT, y * UNIT)


def _flame(draw: ImageDraw.ImageDraw, cx: float, base: float, width: float, height: float,
           color: tuple[int, int, int, int]) -> None:
    """A teardrop: a circle at the bottom and a pointed top, with a slight lean, as a polygon."""
    import math

    points: list[tuple[float, float]] = []
    radius = width / 2
    centre_y = base - radius
    for step in range(0, 181, 6):  # the round bottom, from the right side to the left
        angle = math.radians(step)
        points.append(_pt(cx + radius * math.cos(angle), centre_y + radius * math.sin(angle)))
    tip = (cx + width * 0.12, base - height)
    for step in range(1, 20):  # left flank up to the tip, curving in
        t = step / 20
        x = (cx - radius) + (tip[0] - (cx - radius)) * t + math.sin(t * math.pi) * width * -0.05
        y = centre_y + (tip[1] - centre_y) * (t ** 0.8)
        points.append(_pt(x, y))
    points.append(_pt(*tip))
    for step in range(19, 0, -1):  # right flank back down
        t = step / 20
        x = (cx + radius) + (tip[0] - (cx + radius)) * t + math.sin(t * math.pi) * width * 0.08
        y = centre_y + (tip[1] - centre_y) * (t ** 0.8)
        points.append(_pt(x, y))
    draw.polygon(points, fill=color)


def draw() -> Image.Image:
    image = Image.new("RGBA", (UNIT, UNIT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # Chimney, then the roof and walls as one silhouette.
    draw.rectangle([_pt(0.66, 0.14), _pt(0.77, 0.36)], fill=HOUSE)
    draw.polygon([_pt(0.5, 0.06), _pt(0.95, 0.47), _pt(0.86, 0.47), _pt(0.86, 0.94), _pt(0.14, 0.94),
                  _pt(0.14, 0.47), _pt(0.05, 0.47)], fill=HOUSE)
    # The hearth: a rounded opening with the fire in it.
    draw.rounded_rectangle([_pt(0.29, 0.45), _pt(0.71, 0.94)], radius=0.2 * UNIT, fill=DOOR)
    draw.rectangle([_pt(0.29, 0.70), _pt(0.71, 0.94)], fill=DOOR)
    _flame(draw, 0.5, 0.88, 0.30, 0.40, FLAME)
    _flame(draw, 0.5, 0.88, 0.16, 0.22, CORE)
    draw.rectangle([_pt(0.31, 0.88), _pt(0.69, 0.91)], fill=HOUSE)  # the log the fire sits on
    return image


def save(image: Image.Image, size: int, path: Path) -> None:
    small = image.resize((size, size), Image.Resampling.LANCZOS)
    small.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    save(image, 256, OUT / "icon.png")
    save(image, 512, OUT / "icon@2x.png")
    for name in ("icon.png", "icon@2x.png"):
        print(name, (OUT / name).stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
