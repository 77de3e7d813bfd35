"""Synthetic homes for the data recipe, in the HOME.json shape, built from one name pool.

Names are unique within a home, so the expected entities of a generated command are never ambiguous.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from models.nlu.vocab import COVER_KINDS, LIGHT_NOUNS, Pool


@dataclass
class SynthEntity:
    """One entity of a synthetic home."""

    entity_id: str
    name: str
    area: str | None
    device_class: str | None = None

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]


@dataclass
class SynthHome:
    """A home: floors, areas (id -> name, floor) and entities."""

    floors: dict[str, str] = field(default_factory=dict)
    areas: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    entities: list[SynthEntity] = field(default_factory=list)

    def in_area(self, area_id: str) -> list[SynthEntity]:
        return [e for e in self.entities if e.area == area_id]

    def on_floor(self, floor_id: str) -> list[SynthEntity]:
        areas = {a for a, (_n, f) in self.areas.items() if f == floor_id}
        return [e for e in self.entities if e.area in areas]

    def to_json(self) -> dict[str, Any]:
        return {
            "floors": [{"id": f, "name": n} for f, n in self.floors.items()],
            "areas": [{"id": a, "name": n, "floor": f} for a, (n, f) in self.areas.items()],
            "entities": [
                {
                    "id": e.entity_id,
                    "name": e.name,
                    "area": e.area,
                    **({"device_class": e.device_class} if e.device_class else {}),
                    "state": "off",
                }
                for e in self.entities
            ],
        }


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_") or "x"


def titled(text: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in text.split())


def make_home(pool: Pool, rng: random.Random, *, n_areas: int = 8) -> SynthHome:
    """A plausible home: every area has lights and most have a cover, fan, media player, thermostat, sensor."""
    home = SynthHome()
    floors = rng.sample(pool.floors, k=min(2, len(pool.floors)))
    for name in floors:
        home.floors[slug(name)] = titled(name)
    floor_ids = list(home.floors)
    used: set[str] = set()
    ids: set[str] = set()

    def add(domain: str, name: str, area: str | None, device_class: str | None = None) -> None:
        key = name.casefold()
        if key in used:
            return
        used.add(key)
        entity_id = f"{domain}.{slug(name)}"
        while entity_id in ids:
            entity_id += "_2"
        ids.add(entity_id)
        home.entities.append(SynthEntity(entity_id, titled(name), area, device_class))

    for area_name in rng.sample(pool.areas, k=min(n_areas, len(pool.areas))):
        area_id = slug(area_name)
        home.areas[area_id] = (titled(area_name), rng.choice(floor_ids))
        # Lights: one named after the room, one after a modifier.
        add("light", f"{area_name} {rng.choice(('light', 'lights', 'ceiling light', 'lamp'))}", area_id)
        add("light", f"{rng.choice(pool.light_mods)} {rng.choice(LIGHT_NOUNS)}", area_id)
        if rng.random() < 0.6:
            kind = rng.choice(("blind", "curtain", "shade", "shutter", "window", "blind", "curtain"))
            add("cover", f"{area_name} {COVER_KINDS[kind][0]}", area_id, kind)
        if rng.random() < 0.5:
            add("fan", f"{rng.choice(pool.fan_mods)} fan", area_id)
        if rng.random() < 0.5:
            add("climate", f"{area_name} {rng.choice(pool.climate_names)}", area_id)
        if rng.random() < 0.5:
            add(
                "media_player",
                rng.choice((f"{area_name} {rng.choice(pool.media_names)}", rng.choice(pool.media_names))),
                area_id,
            )
        if rng.random() < 0.6:
            add("switch", rng.choice(pool.switch_names), area_id)
        if rng.random() < 0.5:
            add("sensor", f"{area_name} temperature", area_id, "temperature")
    area_ids = list(home.areas)
    for lock in rng.sample(pool.lock_names, k=min(2, len(pool.lock_names))):
        add("lock", lock, rng.choice(area_ids))
    if rng.random() < 0.7:
        gate = rng.random() < 0.5
        add("cover", "driveway gate" if gate else "garage door", rng.choice(area_ids), "gate" if gate else "garage")
    person = rng.choice(pool.people)
    add("light", f"{person}'s {rng.choice(('lamp', 'light', 'night light'))}", rng.choice(area_ids))
    return home
