"""The integration ships its own brand images (`brand/`, HA ≥ 2026.3), and HA's brands view serves them."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from PIL import Image
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

import custom_components.hearth

BRAND = Path(custom_components.hearth.__file__).parent / "brand"
SIZES = {"icon.png": (256, 256), "icon@2x.png": (512, 512)}
"""What the brands rules ask for an icon; a missing logo falls back to the icon."""


def test_brand_images_have_the_right_sizes() -> None:
    assert sorted(p.name for p in BRAND.iterdir()) == sorted(SIZES)
    for name, size in SIZES.items():
        path = BRAND / name
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.size == size
            rgba = image.convert("RGBA")
        assert rgba.getpixel((0, 0))[3] == 0  # a transparent background, as the brands rules ask
        assert rgba.getbbox() is not None
        assert path.stat().st_size < 20_000, f"{name} is not optimised"


async def test_home_assistant_serves_the_icon(hass: HomeAssistant, hass_client: ClientSessionGenerator) -> None:
    assert await async_setup_component(hass, "brands", {})
    client = await hass_client()
    for name in ("icon.png", "icon@2x.png"):
        resp = await client.get(f"/api/brands/integration/hearth/{name}")
        assert resp.status == 200
        assert resp.content_type == "image/png"
        assert await resp.read() == (BRAND / name).read_bytes()
    resp = await client.get("/api/brands/integration/hearth/logo.png")  # the icon stands in for a logo
    assert await resp.read() == (BRAND / "icon.png").read_bytes()
