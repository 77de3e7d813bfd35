"""Typed snapshot of a home: floors, areas and entities with their live state.

The same JSON shape serves the HA link's `home_snapshot` message and `HOME.json` files given to the evaluation
commands, so a home captured from Home Assistant can be replayed offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import voluptuous as vol

from hub.errors import HomeError, UnknownEntityError

_ENTITY_ID = vol.Match(r"^[a-z0-9_]+\.[a-z0-9_]+$", msg="entity ids look like 'light.kitchen'")
_NONEMPTY = vol.All(str, vol.Length(min=1, max=200))

FLOOR_SCHEMA = vol.Schema({vol.Required("id"): _NONEMPTY, vol.Required("name"): _NONEMPTY}, extra=vol.REMOVE_EXTRA)
AREA_SCHEMA = vol.Schema(
    {
        vol.Required("id"): _NONEMPTY,
        vol.Required("name"): _NONEMPTY,
        vol.Optional("floor"): vol.Any(None, _NONEMPTY),
        vol.Optional("aliases", default=list): [_NONEMPTY],
    },
    extra=vol.REMOVE_EXTRA,
)
ENTITY_SCHEMA = vol.Schema(
    {
        vol.Required("id"): vol.All(str, _ENTITY_ID),
        vol.Required("name"): _NONEMPTY,
        vol.Optional("aliases", default=list): [_NONEMPTY],
        vol.Optional("area"): vol.Any(None, _NONEMPTY),
        vol.Optional("domain"): vol.Any(None, _NONEMPTY),
        vol.Optional("device_class"): vol.Any(None, _NONEMPTY),
        vol.Optional("state", default="unknown"): vol.All(vol.Coerce(str), vol.Length(max=255)),
        vol.Optional("attributes", default=dict): dict,
    },
    extra=vol.REMOVE_EXTRA,
)
HOME_SCHEMA = vol.Schema(
    {
        vol.Optional("floors", default=list): [FLOOR_SCHEMA],
        vol.Optional("areas", default=list): [AREA_SCHEMA],
        vol.Optional("entities", default=list): vol.All([ENTITY_SCHEMA], vol.Length(max=5000)),
    },
    extra=vol.REMOVE_EXTRA,
)


@dataclass(frozen=True, slots=True)
class Floor:
    """A floor groups areas, so "downstairs" can mean several rooms."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Area:
    """A room or zone; satellites live in one, which gives commands their implied target."""

    id: str
    name: str
    floor_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """One controllable or readable thing, with the state last seen for it."""

    entity_id: str
    name: str
    area_id: str | None = None
    aliases: tuple[str, ...] = ()
    device_class: str | None = None
    state: str = "unknown"
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]

    def with_state(self, state: str, attributes: Mapping[str, Any] | None = None) -> Entity:
        return replace(self, state=state, attributes=dict(attributes if attributes is not None else self.attributes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "name": self.name,
            "aliases": list(self.aliases),
            "area": self.area_id,
            "domain": self.domain,
            "device_class": self.device_class,
            "state": self.state,
            "attributes": dict(self.attributes),
        }


@dataclass(slots=True)
class Home:
    """The hub's picture of one home; mutable only through `set_state` and `replace_all`."""

    floors: dict[str, Floor] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Home:
        """Build a home from the snapshot/HOME.json shape; raises `HomeError` with the offending path."""
        try:
            valid = HOME_SCHEMA(dict(data))
        except vol.Invalid as err:
            raise HomeError(f"invalid home description: {humanize_invalid(err)}") from None
        home = cls()
        home.replace_all(valid)
        return home

    def replace_all(self, valid: Mapping[str, Any]) -> None:
        """Swap in a validated snapshot at once so readers never see half of one."""
        floors = {f["id"]: Floor(f["id"], f["name"]) for f in valid["floors"]}
        areas = {
            a["id"]: Area(a["id"], a["name"], a.get("floor"), tuple(a.get("aliases", ())))
            for a in valid["areas"]
        }
        entities: dict[str, Entity] = {}
        for e in valid["entities"]:
            area_id = e.get("area")
            if area_id is not None and area_id not in areas:
                raise HomeError(f"entity {e['id']} names unknown area {area_id!r}")
            entities[e["id"]] = Entity(
                entity_id=e["id"],
                name=e["name"],
                area_id=area_id,
                aliases=tuple(e.get("aliases", ())),
                device_class=e.get("device_class"),
                state=e.get("state", "unknown"),
                attributes=dict(e.get("attributes", {})),
            )
        self.floors, self.areas, self.entities = floors, areas, entities

    def to_dict(self) -> dict[str, Any]:
        return {
            "floors": [{"id": f.id, "name": f.name} for f in self.floors.values()],
            "areas": [
                {"id": a.id, "name": a.name, "floor": a.floor_id, "aliases": list(a.aliases)}
                for a in self.areas.values()
            ],
            "entities": [e.to_dict() for e in self.entities.values()],
        }

    def get(self, entity_id: str) -> Entity:
        try:
            return self.entities[entity_id]
        except KeyError:
            raise UnknownEntityError(f"unknown entity {entity_id!r}") from None

    def set_state(self, entity_id: str, state: str, attributes: Mapping[str, Any] | None = None) -> Entity:
        entity = self.get(entity_id).with_state(state, attributes)
        self.entities[entity_id] = entity
        return entity

    def in_area(self, area_id: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.area_id == area_id]

    def area_by_name(self, name: str) -> Area | None:
        folded = name.casefold().strip()
        for area in self.areas.values():
            if area.name.casefold() == folded or folded in (a.casefold() for a in area.aliases):
                return area
        return None


def humanize_invalid(err: vol.Invalid) -> str:
    """Render a voluptuous error with its data path, which is what a user needs to fix their file."""
    path = "/".join(str(p) for p in err.path) or "<root>"
    return f"{err.msg} at {path}"


def entity_ids(entities: Iterable[Entity]) -> list[str]:
    return [e.entity_id for e in entities]
