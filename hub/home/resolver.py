"""Deterministic slots-to-entities resolution, shared by every understanding tier.

A tier says *what* was asked for in HA slot terms (a name, an area, a floor, domains, device classes); this
module decides *which entities* that means in a given home, using only names, aliases, areas, floors and the
speaker's area, plus a small stdlib fuzzy match for near-miss names. It never guesses between equally good
candidates: it asks back instead.

Rules, in order:
1. An explicit name wins. It is matched against entity names and aliases ignoring case and punctuation, then
   as an entity id, then fuzzily (difflib, `FUZZY_CUTOFF`), then as part of a longer name ("the lamp" ->
   "Bedroom Lamp", `partial_matches`). Domain, device class, area and floor then narrow
   it down. Several entities sharing the name: the one(s) in the speaker's area win; otherwise the question
   is asked back.
2. Without a name: the explicit area or floor, else the whole home when the command says so, else the
   speaker's area; with none of these, ask which room. Domain and device class filter what is there.
3. Nothing left after filtering is a failure with a reason a person can act on.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from hub.home.model import Area, Entity, Floor, Home

FUZZY_CUTOFF: Final = 0.85
"""difflib ratio a near-miss name needs ("kitchen lite" vs "kitchen light" scores 0.88)."""
FUZZY_MIN_CHARS: Final = 4
"""Shorter names are never matched fuzzily: "lamb" is not a typo of "lamp"."""
PARTIAL_MIN_CHARS: Final = 3
"""Shorter spoken names are never matched as part of a longer name."""

_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|my|our|a|an)\s+")

DOMAIN_NOUNS: Final[dict[str, tuple[str, str]]] = {
    "light": ("light", "lights"),
    "switch": ("switch", "switches"),
    "fan": ("fan", "fans"),
    "cover": ("cover", "covers"),
    "lock": ("lock", "locks"),
    "climate": ("thermostat", "thermostats"),
    "media_player": ("media player", "media players"),
    "sensor": ("sensor", "sensors"),
    "binary_sensor": ("sensor", "sensors"),
    "valve": ("valve", "valves"),
    "input_boolean": ("switch", "switches"),
}
DEVICE_CLASS_NOUNS: Final[dict[str, tuple[str, str]]] = {
    "awning": ("awning", "awnings"),
    "blind": ("blind", "blinds"),
    "curtain": ("curtain", "curtains"),
    "door": ("door", "doors"),
    "garage": ("garage door", "garage doors"),
    "gate": ("gate", "gates"),
    "shade": ("shade", "shades"),
    "shutter": ("shutter", "shutters"),
    "window": ("window", "windows"),
    "temperature": ("temperature sensor", "temperature sensors"),
    "humidity": ("humidity sensor", "humidity sensors"),
}


@functools.lru_cache(maxsize=16384)
def normalize_name(text: str) -> str:
    """Fold a name for comparison: case, accents, punctuation, spacing and a leading article."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    folded = _PUNCT.sub(" ", folded.casefold().replace("'", "").replace("\u2019", ""))
    folded = _SPACES.sub(" ", folded).strip()
    return _LEADING_ARTICLE.sub("", folded)


@dataclass(frozen=True, slots=True)
class SlotQuery:
    """What a tier understood, in HA slot terms. `area` and `floor` may be ids or spoken names."""

    name: str | None = None
    area: str | None = None
    floor: str | None = None
    domain: tuple[str, ...] = ()
    device_class: tuple[str, ...] = ()
    whole_home: bool = False
    """The command covers the whole home ("turn off all the lights in the house", "are any lights on")."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """Exactly one of: entity ids, a clarification question, or a failure reason."""

    entity_ids: tuple[str, ...] = ()
    clarification: str | None = None
    failure: str | None = None
    area_id: str | None = None
    """The area the entities were taken from, when one area decided it (explicit or the speaker's)."""
    floor_id: str | None = None
    matched_name: str | None = None
    """The entity name or alias the spoken name matched (after fuzzy correction)."""
    fuzzy: bool = False
    candidates: tuple[str, ...] = field(default=())
    """Entities the question is about, when a clarification is asked."""

    @property
    def ok(self) -> bool:
        return bool(self.entity_ids)


def resolve(query: SlotQuery, home: Home, *, speaker_area_id: str | None = None) -> Resolution:
    """Turn a slot query into entities of `home`, a clarification, or a failure."""
    area: Area | None = None
    floor: Floor | None = None
    if query.area is not None:
        area = find_area(home, query.area)
        if area is None:
            return Resolution(failure=f"I don't know an area called {query.area}.")
    if query.floor is not None:
        floor = find_floor(home, query.floor)
        if floor is None:
            return Resolution(failure=f"I don't know a floor called {query.floor}.")
    if query.name is not None and query.name.strip():
        return _resolve_name(query, home, area, floor, speaker_area_id)
    return _resolve_scope(query, home, area, floor, speaker_area_id)


def find_area(home: Home, text: str) -> Area | None:
    """An area by id, name or alias, or a near-miss of one."""
    if text in home.areas:
        return home.areas[text]
    wanted = normalize_name(text)
    by_name: dict[str, Area] = {}
    for area in home.areas.values():
        for label in (area.name, *area.aliases):
            by_name.setdefault(normalize_name(label), area)
    if wanted in by_name:
        return by_name[wanted]
    close = fuzzy_matches(wanted, by_name)
    return by_name[close[0]] if close else None


def find_floor(home: Home, text: str) -> Floor | None:
    """A floor by id or name, or a near-miss of one."""
    if text in home.floors:
        return home.floors[text]
    by_name = {normalize_name(f.name): f for f in home.floors.values()}
    wanted = normalize_name(text)
    if wanted in by_name:
        return by_name[wanted]
    close = fuzzy_matches(wanted, by_name)
    return by_name[close[0]] if close else None


def fuzzy_matches(wanted: str, choices: Iterable[str], *, cutoff: float = FUZZY_CUTOFF) -> list[str]:
    """Near-miss names for `wanted` (already normalized), best first; empty when it is too short to trust."""
    if len(wanted) < FUZZY_MIN_CHARS:
        return []
    pool = [c for c in choices if len(c) >= FUZZY_MIN_CHARS]
    return difflib.get_close_matches(wanted, pool, n=3, cutoff=cutoff)


def partial_matches(wanted: str, index: dict[str, list[Entity]], home: Home) -> list[Entity]:
    """Entities whose name holds every spoken word ("the lamp" -> "Bedroom Lamp"), or whose name plus
    their area's name does ("the bedroom reading light" -> "Reading Light" in the Bedroom).

    Only for names of at least `PARTIAL_MIN_CHARS`; the caller still narrows by area and kind, prefers the
    speaker's area, and asks back when several remain.
    """
    words = set(wanted.split())
    if len(wanted) < PARTIAL_MIN_CHARS or not words:
        return []
    found: dict[str, Entity] = {}
    for label, entities in index.items():
        label_words = set(label.split())
        for entity in entities:
            area_words: set[str] = set()
            if entity.area_id is not None and entity.area_id in home.areas:
                area_words = set(normalize_name(home.areas[entity.area_id].name).split())
            if words <= label_words or (words <= label_words | area_words and words & label_words):
                found.setdefault(entity.entity_id, entity)
    return list(found.values())


def names_by_label(entities: Iterable[Entity]) -> dict[str, list[Entity]]:
    """Every entity under its normalized name and aliases."""
    index: dict[str, list[Entity]] = {}
    for entity in entities:
        for label in dict.fromkeys(normalize_name(n) for n in (entity.name, *entity.aliases)):
            if label:
                index.setdefault(label, []).append(entity)
    return index


def _resolve_name(
    query: SlotQuery, home: Home, area: Area | None, floor: Floor | None, speaker_area_id: str | None
) -> Resolution:
    spoken = (query.name or "").strip()
    wanted = normalize_name(spoken)
    index = names_by_label(home.entities.values())
    fuzzy = False
    matched_label = wanted
    candidates = list(index.get(wanted, ()))
    if not candidates and spoken in home.entities:
        candidates = [home.entities[spoken]]
    if not candidates:
        close = fuzzy_matches(wanted, index)
        if close:
            matched_label, fuzzy = close[0], True
            candidates = list(index[matched_label])
    if not candidates:
        partial = partial_matches(wanted, index, home)
        if partial:
            candidates, fuzzy = partial, True
            matched_label = normalize_name(partial[0].name)
    if not candidates:
        return Resolution(failure=f"I don't know a device called {spoken}.")
    matched_name = _display_label(candidates[0], matched_label)

    filtered = _filter_kind(candidates, query)
    if not filtered:
        return Resolution(failure=f"The {matched_name} can't do that.", matched_name=matched_name, fuzzy=fuzzy)
    if area is not None:
        filtered = [e for e in filtered if e.area_id == area.id]
        if not filtered:
            return Resolution(
                failure=f"There is no device called {matched_name} in the {area.name}.",
                matched_name=matched_name,
                fuzzy=fuzzy,
            )
    if floor is not None:
        on_floor = _areas_on_floor(home, floor.id)
        filtered = [e for e in filtered if e.area_id in on_floor]
        if not filtered:
            return Resolution(
                failure=f"There is no device called {matched_name} on the {floor.name} floor.",
                matched_name=matched_name,
                fuzzy=fuzzy,
            )
    if len(filtered) > 1 and speaker_area_id is not None:
        here = [e for e in filtered if e.area_id == speaker_area_id]
        if here:
            filtered = here
    if len(filtered) > 1:
        ids = tuple(e.entity_id for e in filtered)
        return Resolution(
            clarification=f"Which one do you mean: {_join_or([_described(e, home) for e in filtered])}?",
            matched_name=matched_name,
            fuzzy=fuzzy,
            candidates=ids,
        )
    entity = filtered[0]
    return Resolution(
        entity_ids=(entity.entity_id,),
        area_id=entity.area_id,
        floor_id=floor.id if floor is not None else None,
        matched_name=matched_name,
        fuzzy=fuzzy,
    )


def _resolve_scope(
    query: SlotQuery, home: Home, area: Area | None, floor: Floor | None, speaker_area_id: str | None
) -> Resolution:
    where: str
    area_id: str | None = None
    if area is not None:
        pool = home.in_area(area.id)
        where, area_id = f"in the {area.name}", area.id
    elif floor is not None:
        on_floor = _areas_on_floor(home, floor.id)
        pool = [e for e in home.entities.values() if e.area_id in on_floor]
        where = f"on the {floor.name} floor" if "floor" not in floor.name.casefold() else f"on the {floor.name}"
    elif query.whole_home:
        pool = list(home.entities.values())
        where = "in the home"
    elif speaker_area_id is not None and speaker_area_id in home.areas:
        speaker_area = home.areas[speaker_area_id]
        pool = home.in_area(speaker_area.id)
        where, area_id = f"in the {speaker_area.name}", speaker_area.id
    else:
        return Resolution(clarification="Which room?")
    found = _filter_kind(pool, query)
    if not found:
        return Resolution(failure=f"There are no {describe_kind(query)} {where}.", area_id=area_id)
    return Resolution(
        entity_ids=tuple(e.entity_id for e in found),
        area_id=area_id,
        floor_id=floor.id if floor is not None else None,
    )


def _filter_kind(entities: Sequence[Entity], query: SlotQuery) -> list[Entity]:
    found = list(entities)
    if query.domain:
        found = [e for e in found if e.domain in query.domain]
    if query.device_class:
        found = [e for e in found if e.device_class in query.device_class]
    return found


def _areas_on_floor(home: Home, floor_id: str) -> set[str]:
    return {a.id for a in home.areas.values() if a.floor_id == floor_id}


def describe_kind(query: SlotQuery) -> str:
    """A plural noun for what a query looks for: "lights", "blinds", "devices"."""
    if len(query.device_class) == 1 and query.device_class[0] in DEVICE_CLASS_NOUNS:
        return DEVICE_CLASS_NOUNS[query.device_class[0]][1]
    if len(query.domain) == 1 and query.domain[0] in DOMAIN_NOUNS:
        return DOMAIN_NOUNS[query.domain[0]][1]
    return "devices"


def _display_label(entity: Entity, label: str) -> str:
    for text in (entity.name, *entity.aliases):
        if normalize_name(text) == label:
            return text
    return entity.name


def _described(entity: Entity, home: Home) -> str:
    area = home.areas.get(entity.area_id) if entity.area_id is not None else None
    if area is None or normalize_name(area.name) in normalize_name(entity.name):
        return _the(entity.name)
    return f"{_the(entity.name)} in the {area.name}"


def _the(name: str) -> str:
    return f"the {name}"


def _join_or(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " or ".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"
