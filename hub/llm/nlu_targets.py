"""Which devices a command's words mean: slot queries from the tagged spans, checked against the home's own names.

The tagger's spans are a first reading. A tagged name is widened to the whole name of the home it overlaps, a
room plus a kind of device is that room's devices of that kind ("the studio lights", "the lights in the
pantry"), names and kinds said in one list are all targets, and a room or floor the home does not have is read
as the device whose name holds it ("open the garage"). The queries go to the shared resolver, so names, aliases,
areas, floors and the speaker's room work the same as in every tier.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Final

from hub.home.model import Home
from hub.home.resolver import Resolution, SlotQuery, normalize_name, resolve
from hub.llm.nlu_model import Prediction, SlotSpan
from hub.llm.nlu_values import parse_state
from hub.tools.registry import TOOLS

HINT_CONFIDENCE: Final = 0.5
"""The domain or device-class head is used only when at least this sure."""


_KIND_TOOLS: Final = frozenset(
    {"HassTurnOn", "HassTurnOff", "HassToggle", "HassLightSet", "HassGetState", "HassSetPosition"}
)
"""Tools whose schema takes `domain` and `device_class`."""


_NO_FLOOR_TOOLS: Final = frozenset(
    {"HassMediaPause", "HassMediaUnpause", "HassMediaNext", "HassMediaPrevious", "HassSetVolume",
     "HassMediaPlayerMute", "HassMediaPlayerUnmute"}
)
"""Tools whose schema takes a name and an area only."""


_MAX_NAME_WORDS: Final = 4


_EVERYWHERE = re.compile(
    r"\b(everywhere|all over|(the|my|our) ((entire|whole) )?(home|house|apartment|flat)"
    r"|(all|every|each)( (single|and every|of (the|my|our)|the|my|our))? (room|area|floor)s?)\b"
)


_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def home_entity_labels(home: Home, allowed: frozenset[str] = frozenset()) -> set[str]:
    """Every entity name and alias of the home, normalized; only entities of `allowed` domains when given."""
    return {
        label
        for entity in home.entities.values()
        if not allowed or entity.domain in allowed
        for label in (normalize_name(n) for n in (entity.name, *entity.aliases))
        if label
    }


def home_area_labels(home: Home) -> set[str]:
    """Every area name and alias of the home, normalized."""
    return {normalize_name(n) for a in home.areas.values() for n in (a.name, *a.aliases)}


def _label_mentions(
    text: str, labels: set[str], *, max_words: int = _MAX_NAME_WORDS + 1
) -> list[tuple[int, int, str]]:
    """Where the sentence says one of `labels` (normalized) word for word: longest first, no overlaps, in order."""
    words = [(m.start(), m.end(), normalize_name(m.group())) for m in _WORD.finditer(text)]
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for size in range(min(max_words, len(words)), 0, -1):
        for first in range(len(words) - size + 1):
            if taken.intersection(range(first, first + size)):
                continue
            candidate = " ".join(w[2] for w in words[first : first + size] if w[2])
            if candidate in labels:
                found.append((words[first][0], words[first + size - 1][1], candidate))
                taken.update(range(first, first + size))
    return sorted(found)


def name_mentions(text: str, home: Home, allowed: frozenset[str]) -> list[tuple[int, int, str]]:
    """Where the sentence says one of the home's entity names or aliases word for word, longest first.

    The tagger often stops a name at a word that also names a kind of device ("moroccan" of "Moroccan Lamp",
    "loft mini" of "Loft Mini Split") or splits one across a room's name ("Wine" + "Cellar" + "Lamp"). The
    home's own names are the best evidence of where a name ends, so a tagged name that overlaps one is read as
    that whole name. Returns (start, end, normalized label), in sentence order, without overlaps.
    """
    return _label_mentions(text, home_entity_labels(home, allowed))


def _overlapping(start: int, end: int, mentions: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    return next((m for m in mentions if m[0] < end and start < m[1]), None)


_LIST_JOINER = re.compile(r"\s*(?:,|\band\b|&)\s*")


def list_pieces(spans: list[SlotSpan], labels: set[str]) -> list[SlotSpan]:
    """Name spans the tagger ran together over a list ("loft lamp, loft fan"), cut into one span per name; a
    name the home has ("Salt and Pepper Lamp") stays whole."""
    pieces: list[SlotSpan] = []
    for span in spans:
        if normalize_name(span.text) in labels:
            pieces.append(span)
            continue
        start = 0
        for joiner in [*_LIST_JOINER.finditer(span.text), None]:
            end = joiner.start() if joiner is not None else len(span.text)
            piece = span.text[start:end]
            if piece.strip():
                pieces.append(SlotSpan(span.label, span.start + start, span.start + end, piece))
            if joiner is not None:
                start = joiner.end()
    return pieces


def _names_and_areas(
    text: str, prediction: Prediction, home: Home, allowed: frozenset[str], area_labels: set[str],
    entity_labels: set[str],
) -> tuple[list[str], list[str]]:
    """Tagged names, widened to the home's whole names they overlap, and the tagged rooms outside those."""
    mentions = name_mentions(text, home, allowed)
    used: list[tuple[int, int, str]] = []
    named: list[tuple[int, str]] = []  # (where it is said, the name)
    for span in list_pieces(prediction.slots("name"), entity_labels):
        mention = _overlapping(span.start, span.end, mentions)
        if (
            mention is not None
            and (mention[0] > span.start or mention[1] < span.end)
            and normalize_name(span.text) != mention[2]
        ):
            mention = None  # only ever widen a name: "zebra lamp" is not the home's "Lamp"
        if mention is not None:
            used.append(mention)
        named.append((span.start, mention[2] if mention is not None else span.text))
    rooms = [s for s in prediction.spans if s.label in ("area", "floor")]
    for span in rooms:
        # "the loft lamp" in a home with a "Loft Lamp": the tagger read a room and a kind of device, but the
        # words say one of the home's names in full, and a name beats a room (as in HA's own matching).
        mention = _overlapping(span.start, span.end, mentions)
        if (
            mention is not None
            and mention not in used
            and mention[1] - mention[0] > span.end - span.start
            and len(mention[2].split()) > 1
            and normalize_name(span.text) != mention[2]
        ) or (
            # "turn on the aquarium and the picture light": a device's whole name tagged as a room the home lacks
            mention is not None
            and mention not in used
            and normalize_name(span.text) == mention[2]
            and mention[2] not in area_labels
        ):
            used.append(mention)
            named.append((mention[0], mention[2]))
    places = [(s.start, s.end, s.label) for s in prediction.spans if s.label in ("area", "floor")]
    if named and ("," in text or " and " in text):
        # A list of devices ("the loft lamp, loft fan and mateo's light"): the tagger may miss one in the middle;
        # every other name of the home said word for word there is part of the list.
        for mention in mentions:
            if mention not in used and _overlapping(mention[0], mention[1], places) is None:
                used.append(mention)
                named.append((mention[0], mention[2]))
    unique: dict[str, str] = {}
    for _start, name in sorted(named):
        unique.setdefault(normalize_name(name), name)
    names = list(unique.values()) or _said_names(text, prediction, home, allowed)
    areas = [
        a
        for s in prediction.slots("area")
        if _overlapping(s.start, s.end, used) is None
        for a in _snap(text, s.start, s.end, area_labels)
    ]
    if not names and not places:
        # No target tagged at all ("parlour light to 70%"): a room said word for word is the target, before
        # falling back to the speaker's room.
        areas = [label for _s, _e, label in _label_mentions(text, area_labels)]
    return names, areas


def kind_domain(
    intent: str, text: str, prediction: Prediction, kinds: list[str], allowed: frozenset[str]
) -> tuple[str, ...]:
    """The kinds of device a target without a name covers: the head's reading, a kind said in words, or all."""
    domain: tuple[str, ...] = ()
    if prediction.domain and prediction.domain_confidence >= HINT_CONFIDENCE:
        domain = (prediction.domain,)
    said_one = said_kind(text)
    if said_one is not None and said_one != "light":
        # The words name the kind ("turn the heating off"): they beat the head's guess. Not "light", which is
        # daylight as often as a lamp ("let the light in" opens the curtains).
        domain = (said_one,)
    if intent == "HassGetState" and {parse_state(s.text) for s in prediction.slots("state")} & {"locked", "unlocked"}:
        domain = ("lock",)  # "is any window unlocked": the locks, as HA's own sentences mean it
    if kinds and kinds[0]:
        domain = (kinds[0],)
    if not domain and intent in SWITCH_TOOLS:
        # On/off for a whole room must not mean "every device in it" by accident: a kind of device said in
        # words ("the wine cellar lamps"), else the kind the domain head leans to, even when it is unsure.
        if said_one is not None:
            domain = (said_one,)
        elif prediction.domain:
            domain = (prediction.domain,)
    if intent in SWITCH_TOOLS and not kinds and said_one is None and EVERY_THING.search(text.casefold()):
        domain = ()  # "turn off everything in the pantry" means every device there, whatever the head leans to
    if allowed:
        domain = tuple(d for d in domain if d in allowed) or tuple(sorted(allowed))
    return domain


def slot_queries(intent: str, text: str, prediction: Prediction, home: Home) -> list[SlotQuery]:
    """One slot query per target: each name, else each area, else the floor, the home or the speaker's room."""
    tool = TOOLS[intent]
    allowed = tool.target_domains or frozenset()
    area_labels = home_area_labels(home)
    entity_labels = home_entity_labels(home)
    prediction = _rooms_with_kinds(text, prediction, entity_labels, area_labels)
    names, areas = _names_and_areas(text, prediction, home, allowed, area_labels, entity_labels)
    # A "name" that is only a room's name ("illuminate my parlour") is the room.
    rooms = [n for n in names if normalize_name(n) not in entity_labels and normalize_name(n) in area_labels]
    if rooms:
        names = [n for n in names if n not in rooms]
        areas = [*areas, *rooms]
    # A piece of a room's name the tagger took for a name ("wine" of "wine cellar") goes with the room.
    said_areas = [f" {normalize_name(a)} " for a in areas]
    names = [
        n for n in names
        if normalize_name(n) in entity_labels or not any(f" {normalize_name(n)} " in a for a in said_areas)
    ]
    names, kind_targets = _kinds_among_names(names, entity_labels, area_labels)
    areas.extend(room for room, _kind in kind_targets if room is not None)
    kinds = [kind for _room, kind in kind_targets]
    in_names = _label_mentions(text, entity_labels)
    if names and not kind_targets:
        kind_targets = _untagged_kinds(text, prediction, in_names, area_labels)
    floor_labels = {normalize_name(f.name) for f in home.floors.values()}
    floors = [
        f
        for s in prediction.slots("floor")
        if _overlapping(s.start, s.end, in_names) is None  # "floor" of the Arc Floor Lamp
        for f in _snap(text, s.start, s.end, floor_labels)
    ]
    # "the scullery and workshop lights" with "scullery" tagged as a floor: a room of the home is a room
    areas.extend(f for f in floors if normalize_name(f) not in floor_labels and normalize_name(f) in area_labels)
    floors = [f for f in floors if f not in areas]
    floor = floors[0] if floors else None
    if names:
        qualifiers = [a for a in areas if a not in {room for room, _kind in kind_targets}]
        area = qualifiers[0] if len(qualifiers) == 1 else None
        domains = tuple(sorted(allowed))
        states = [parse_state(s.text) for s in prediction.slots("state")]
        if intent == "HassGetState" and states and states[0] in ("locked", "unlocked"):
            domains = ("lock",)  # "is the front door locked": the lock, not the door's contact sensor
        named = [SlotQuery(name=name, area=area, floor=floor, domain=domains) for name in names]
        # "switch off the 3d printer and the studio lights": devices by name and a room's kind of device.
        return named + [
            SlotQuery(area=room, floor=floor, domain=(kind,))
            for room, kind in kind_targets
            if intent in _KIND_TOOLS and (not allowed or kind in allowed)
        ]
    free = _without_labels(text, area_labels)
    domain = kind_domain(intent, free, prediction, kinds, allowed)
    device_class: tuple[str, ...] = ()
    if prediction.device_class and prediction.device_class_confidence >= HINT_CONFIDENCE and "cover" in domain:
        device_class = (prediction.device_class,)
    whole_home = _EVERYWHERE.search(text.casefold()) is not None
    targets: list[str | None] = list(areas) if areas else [None]
    if areas and _IN_HERE.search(text):
        targets.insert(0, None)  # "the lights in here and in the den": the speaker's room is one of them
    # "turn on the fan and the lights in here": one verb, two kinds of device, so one call per kind.
    said = _said_kinds(free) if intent in SWITCH_TOOLS and not kinds else []
    per_kind = [(d,) for d in said if not allowed or d in allowed] if len(said) > 1 else [domain]
    return [
        SlotQuery(
            area=area, floor=floor, domain=kind, device_class=device_class if kind == domain else (),
            whole_home=whole_home and area is None,
        )
        for area in targets
        for kind in per_kind
    ]


def _kinds_among_names(
    names: list[str], entity_labels: set[str], area_labels: set[str]
) -> tuple[list[str], list[tuple[str | None, str]]]:
    """The names that are devices, and the (room or the speaker's, kind) targets among them: "the wine cellar
    lights" are the lights in the Wine Cellar, a bare "lights" next to named devices the lights in here."""
    kept: list[str] = []
    kind_targets: list[tuple[str | None, str]] = []
    for name in names:
        fixed = _generic_name(name, entity_labels, area_labels)
        bare = normalize_name(name)
        if fixed is None and bare not in entity_labels and GENERIC_NOUNS.get(bare):
            kind_targets.append((None, GENERIC_NOUNS[bare]))
        elif fixed is None:
            kept.append(name)
        elif fixed[0] == "name":
            kept.append(fixed[1])
        else:
            kind_targets.append((fixed[1], fixed[2]))
    return kept, kind_targets


def _untagged_kinds(
    text: str, prediction: Prediction, in_names: list[tuple[int, int, str]], area_labels: set[str]
) -> list[tuple[str | None, str]]:
    """Kinds of device said in a list of named devices that the tagger left untagged ("turn on the waffle iron
    and the lights in here", "turn off the lights and the projector"): each is that kind in the speaker's room,
    or in the room said right before it ("the snug lights"). Only a kind next to a list joiner and "the"
    counts, so "the lamp by the sofa" or a kind inside a name the home has do not."""
    covered = [(s.start, s.end) for s in prediction.spans if s.label != "sep"]
    covered += [(m[0], m[1]) for m in in_names]
    folded = text.casefold()
    found: list[tuple[int, str | None, str]] = []
    for start, end, room in _label_mentions(text, area_labels):
        # "turn off the snug lights and the soundbar", the room and its kind both untagged
        after = _NEXT_WORD.match(folded[end:])
        kind = GENERIC_NOUNS.get(after.group(1)) if after is not None else None
        kind_end = end + after.end(1) if after is not None else end
        if kind and not any(a < kind_end and start < b for a, b in covered):
            found.append((start, room, kind))
            covered.append((start, kind_end))
    for pattern in (_LISTED_KIND, _KIND_LISTED):
        for match in pattern.finditer(folded):
            kind = GENERIC_NOUNS.get(match.group("kind"))
            start, end = match.start("kind"), match.end("kind")
            if kind and not any(a < end and start < b for a, b in covered):
                found.append((start, None, kind))
                covered.append((start, end))
    return [(room, kind) for _start, room, kind in sorted(found, key=lambda f: f[0])]


_KIND_LISTED: Final = re.compile(
    r"\b(?:the|my|our|all the)\s+(?P<kind>[a-z]+)\s*(?:,|\band\b|\bplus\b|\bas well as\b)"
)
_LISTED_KIND: Final = re.compile(
    r"(?:,|\band|\bplus|\bas well as)\s+(?:also\s+)?(?:the|my|our|all the)\s+(?P<kind>[a-z]+)\b"
    r"(?!\s+(?:in|on|of)\s+(?!here\b))"
)


_IN_HERE: Final = re.compile(r"\b(in|of|out) (here|this room)\b", re.IGNORECASE)


_IN_ROOM: Final = re.compile(r"^\s+in( the)?\s+$")


def _rooms_with_kinds(
    text: str, prediction: Prediction, entity_labels: set[str], area_labels: set[str]
) -> Prediction:
    """A kind of device the tagger took for a name next to a room ("the conservatory | lights", "the lights in
    | the pantry") is one name span "conservatory lights", which is read as that room's lights; the home's own
    names ("Pantry Lights") are left alone."""
    spans = sorted(prediction.spans, key=lambda s: s.start)
    merged: list[SlotSpan] = []
    skip: set[int] = set()
    for index, span in enumerate(spans):
        if index in skip:
            continue
        noun = normalize_name(span.text)
        before = merged[-1] if merged else None
        if span.label == "name" and before is not None and before.label == "area" and noun not in entity_labels:
            # "the attic | office lights": the room's name runs on into the name span, which ends in a kind
            words = f"{normalize_name(before.text)} {noun}".split()
            if (
                not text[before.end : span.start].strip()
                and GENERIC_NOUNS.get(words[-1])
                and " ".join(words[:-1]) in area_labels
                and normalize_name(before.text) not in area_labels
            ):
                merged[-1] = SlotSpan("name", before.start, span.end, " ".join(words))
                continue
        widened = _room_said_before(text, span, noun, entity_labels, area_labels)
        if widened is not None:
            merged.append(widened)  # "the sun | porch lights": the room's name started before the span
            continue
        if span.label == "name" and GENERIC_NOUNS.get(noun) and noun not in entity_labels:
            after = spans[index + 1] if index + 1 < len(spans) else None
            if before is not None and before.label == "area" and not text[before.end : span.start].strip():
                merged[-1] = SlotSpan("name", before.start, span.end, f"{before.text} {noun}")
                continue
            if after is not None and after.label == "area" and _IN_ROOM.match(text[span.end : after.start]):
                merged.append(SlotSpan("name", span.start, after.end, f"{noun} in the {after.text}"))
                skip.add(index + 1)
                continue
        merged.append(span)
    return replace(prediction, spans=tuple(_untagged_room_kinds(text, merged, entity_labels, area_labels)))


def _room_said_before(
    text: str, span: SlotSpan, noun: str, entity_labels: set[str], area_labels: set[str]
) -> SlotSpan | None:
    """A name span "porch lights" that is the end of "sun porch lights", a room and a kind, as one span."""
    words = noun.split()
    if span.label != "name" or noun in entity_labels or len(words) < 2 or not GENERIC_NOUNS.get(words[-1]):
        return None
    before = list(re.finditer(r"[^\W_]+", text[: span.start]))
    for back in (1, 2):
        if len(before) < back:
            break
        said = [normalize_name(m.group()) for m in before[-back:]]
        if " ".join([*said, *words[:-1]]) in area_labels and not text[before[-1].end() : span.start].strip():
            start = before[-back].start()
            return SlotSpan("name", start, span.end, " ".join([*said, *words]))
    return None


_NEXT_WORD: Final = re.compile(r"^\s+([a-z]+)\b")


_KIND_IN: Final = re.compile(r"\b([a-z]+)\s+in(?: the)?\s+$")


def _untagged_room_kinds(
    text: str, spans: list[SlotSpan], entity_labels: set[str], area_labels: set[str]
) -> list[SlotSpan]:
    """A room followed by a kind the tagger left untagged ("the studio | lights", "the lights in | the
    pantry") becomes the one span "studio lights", so it reads as that room's lights even among names."""
    named = [
        s for s in spans
        if (s.label == "name" or normalize_name(s.text) in entity_labels) and normalize_name(s.text) not in area_labels
    ]
    if not named:
        return spans  # no device named: the room and the kind said are read as they always are
    folded = text.casefold()
    covered = [(s.start, s.end) for s in spans]
    result: list[SlotSpan] = []
    for span in spans:
        room = normalize_name(span.text)
        if span.label in ("name", "area") and room in area_labels:
            after = _NEXT_WORD.match(folded[span.end :])
            before = _KIND_IN.search(folded[: span.start])
            if after is not None and GENERIC_NOUNS.get(after.group(1)):
                end = span.end + after.end(1)
                taken = f"{room} {after.group(1)}" in entity_labels  # "the pantry lights": a device's name
                if not taken and not any(a < end and span.end < b for a, b in covered):
                    result.append(SlotSpan("name", span.start, end, f"{span.text} {after.group(1)}"))
                    continue
            if before is not None and GENERIC_NOUNS.get(before.group(1)):
                start = before.start(1)
                if not any(a < span.start and start < b for a, b in covered):
                    result.append(SlotSpan("name", start, span.end, f"{before.group(1)} in the {span.text}"))
                    continue
        result.append(span)
    return result


def _snap(text: str, start: int, end: int, labels: set[str]) -> list[str]:
    """A room or floor span made to fit the home's own names.

    The tagger may take part of a name ("cellar" of "wine cellar"), run two rooms together ("studio,
    conservatory") or keep a trailing "floor" ("top floor floor"); the words around and inside the span are
    matched against the home's names, longest first. Without a match the span is kept as said, so the
    resolver can still correct a near miss or say what it does not know.
    """
    span = text[start:end]
    if normalize_name(span) in labels:
        return [span]
    before = text[:start].split()[-2:]
    after = text[end:].split()[:2]
    inner = normalize_name(span).split()
    best: str | None = None
    for left in range(len(before), -1, -1):
        for right in range(len(after), -1, -1):
            candidate = " ".join([*before[len(before) - left :], span, *after[:right]])
            if normalize_name(candidate) in labels and (best is None or len(candidate) > len(best)):
                best = candidate
    if best is not None:
        return [best]
    if inner and inner[-1] == "floor" and " ".join(inner[:-1]) in labels:
        return [" ".join(inner[:-1])]
    parts = [p for p in _LIST_JOINER.split(span) if p.strip()]
    if len(parts) > 1 and any(normalize_name(p) in labels for p in parts):
        return parts
    return [span]


GENERIC_NOUNS: Final[dict[str, str]] = {
    "light": "light", "lights": "light", "lamp": "light", "lamps": "light", "lighting": "light", "bulb": "light",
    "fan": "fan", "fans": "fan", "lock": "lock", "locks": "lock", "blind": "cover", "blinds": "cover",
    "curtain": "cover", "curtains": "cover", "shade": "cover", "shades": "cover", "shutters": "cover",
    "tv": "media_player", "speaker": "media_player", "music": "media_player", "heating": "climate",
    "thermostat": "climate", "device": "", "devices": "", "stuff": "", "telly": "media_player",
    "television": "media_player", "heater": "climate", "aircon": "climate", "radiator": "climate",
    "split": "climate", "con": "climate", "conditioning": "climate", "conditioner": "climate", "ac": "climate",
    "window": "cover", "windows": "cover", "drapes": "cover", "shutter": "cover", "awning": "cover",
    "awnings": "cover",
}
"""Words that name a kind of device, not one device, at the end of a spoken name."""




SWITCH_TOOLS: Final = frozenset({"HassTurnOn", "HassTurnOff"})


EVERY_THING = re.compile(r"\b(everything|every ?thing|all (the )?(devices|things|stuff)|every device|all of it)\b")
"""Words that do ask for every device in a room ("turn off everything in the kitchen")."""


def _without_labels(text: str, labels: set[str]) -> str:
    """The sentence with `labels` (the home's rooms) blanked out: "the music room lights" say lights, not
    music."""
    blanked = text
    for start, end, _label in _label_mentions(text, labels):
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    return blanked


def _said_kinds(text: str) -> list[str]:
    """The kinds of device the sentence names with plain nouns ("lamps", "fan", "blinds"), in order."""
    return list(dict.fromkeys(GENERIC_NOUNS[w] for w in normalize_name(text).split() if GENERIC_NOUNS.get(w)))


def said_kind(text: str) -> str | None:
    """The one kind of device the sentence names with a plain noun, if exactly one."""
    kinds = _said_kinds(text)
    return kinds[0] if len(kinds) == 1 else None


_KIND_IN_ROOM: Final = re.compile(rf"^({'|'.join(w for w, k in GENERIC_NOUNS.items() if k)}) in (?:the )?(.+)$")


def _generic_name(name: str, entity_labels: set[str], area_labels: set[str]) -> tuple[str, str, str] | None:
    """For a name the home does not have: ("name", shorter name) when dropping a trailing kind word finds one
    ("the studio door lock" -> "studio door"), ("area", room, domain) when it is a room plus a kind ("the wine
    cellar lights"), else `None`."""
    kind_in_room = _KIND_IN_ROOM.match(normalize_name(name))
    if kind_in_room is not None and kind_in_room.group(2) in area_labels:
        return ("area", kind_in_room.group(2), GENERIC_NOUNS[kind_in_room.group(1)])  # "lights in the den"
    words = normalize_name(name).split()
    if not words or " ".join(words) in entity_labels or words[-1] not in GENERIC_NOUNS:
        return None
    head = " ".join(words[:-1])
    if head in entity_labels:
        return ("name", head, "")
    if head in area_labels:
        return ("area", head, GENERIC_NOUNS[words[-1]])
    return None


def _said_names(text: str, prediction: Prediction, home: Home, allowed: frozenset[str]) -> list[str]:
    """A home's own entity name or alias said word for word, when the tagger read it as a kind of device.

    "turn off the lamp" in a home with entities called "Lamp" is about those entities (the speaker's one
    first, else a question), as HA's own matcher would take it, not about every light in the room.
    """
    tagged = [(s.start, s.end) for s in prediction.spans if s.label in ("area", "floor")]
    free = "".join(" " if any(a <= i < b for a, b in tagged) else ch for i, ch in enumerate(text))
    mentions = _label_mentions(free, home_entity_labels(home, allowed), max_words=_MAX_NAME_WORDS)
    if not mentions:
        return []
    if len(mentions) > 1 and _LIST_JOINER.search(text):
        return list(dict.fromkeys(m[2] for m in mentions))  # "shut the roman blind and the velvet drapes"
    longest = max(mentions, key=lambda m: (len(m[2].split()), -m[0]))  # the longest, the first said of those
    return [longest[2]]


def named_instead(
    intent: str, text: str, query: SlotQuery, home: Home, speaker_area: str | None
) -> tuple[Resolution, SlotQuery] | None:
    """A room or floor reading that found nothing, read again as the entity whose name holds that word: the
    name said in full ("set the loft fan to 50%"), else the one name of the home that holds it ("open the
    garage" for the Garage Door, "the underfloor heating" for the Wine Cellar Underfloor Heating)."""
    said = normalize_name(query.area or query.floor or "")
    if not said:
        return None
    allowed = TOOLS[intent].target_domains or frozenset()
    floor = query.floor if query.area is not None else None
    said_in_full = [label for _s, _e, label in name_mentions(text, home, allowed)]
    holding = sorted(label for label in home_entity_labels(home, allowed) if f" {said} " in f" {label} ")
    for label in [*said_in_full, *(holding if len(holding) == 1 else [])]:
        if f" {said} " in f" {label} ":
            named = SlotQuery(name=label, floor=floor, domain=tuple(sorted(allowed)))
            resolution = resolve_target(intent, named, home, speaker_area)
            if resolution.ok:
                return resolution, named
    return None


def area_instead(query: SlotQuery, home: Home) -> SlotQuery | None:
    """A room said by part of its name ("the bedroom" for the Main Bedroom), when only one room has it."""
    said = normalize_name(query.area or "")
    if not said:
        return None
    holding = [label for label in home_area_labels(home) if f" {said} " in f" {label} " and label != said]
    return replace(query, area=holding[0]) if len(holding) == 1 else None


def only_one_of_kind(intent: str, text: str, query: SlotQuery, home: Home) -> SlotQuery | None:
    """A kind said where no room decides ("close the awning" with no speaker's room): the one device of that
    kind whose name says the kind word (the Retractable Awning), if there is exactly one."""
    if query.name is not None or query.area is not None or len(query.domain) != 1:
        return None
    allowed = TOOLS[intent].target_domains or frozenset()
    labels = home_entity_labels(home, allowed)
    free = normalize_name(_without_labels(text, labels)).split()
    words = [w for w in free if GENERIC_NOUNS.get(w) == query.domain[0]]
    holding = {label for w in words for label in labels if f" {w} " in f" {label} "}
    if len(holding) != 1:
        return None
    return SlotQuery(name=holding.pop(), floor=query.floor, domain=query.domain)


_GARAGE: Final = re.compile(r"\bgarage\b", re.IGNORECASE)


def garage_instead(intent: str, text: str, query: SlotQuery) -> SlotQuery | None:
    """A garage door the home names otherwise ("open the garage door" for the Roller Door): the covers of the
    garage class, in the room said or the speaker's."""
    if "cover" not in (TOOLS[intent].target_domains or frozenset()) or not _GARAGE.search(text):
        return None
    area = query.area if query.area is not None and normalize_name(query.area) != "garage" else None
    return SlotQuery(area=area, floor=query.floor, domain=("cover",), device_class=("garage",))


def resolve_target(intent: str, query: SlotQuery, home: Home, speaker_area: str | None) -> Resolution:
    if intent != "HassClimateGetTemperature":
        return resolve(query, home, speaker_area_id=speaker_area)
    thermostats = SlotQuery(query.name, query.area, query.floor, ("climate",), (), query.whole_home)
    resolution = resolve(thermostats, home, speaker_area_id=speaker_area)
    if resolution.failure is not None and query.name is None:
        # No thermostat there: a room temperature sensor answers the question just as well.
        sensors = SlotQuery(None, query.area, query.floor, ("sensor",), ("temperature",), query.whole_home)
        alternative = resolve(sensors, home, speaker_area_id=speaker_area)
        if alternative.ok:
            return alternative
    return resolution


def target_args(intent: str, query: SlotQuery, resolution: Resolution, home: Home) -> dict[str, Any]:
    """`name`, `area`, `floor`, `domain` and `device_class` as HA expects them, from what was resolved."""
    args: dict[str, Any] = {}
    if query.name is not None:
        if len(resolution.entity_ids) == 1:
            args["name"] = home.entities[resolution.entity_ids[0]].name
        elif resolution.matched_name is not None:
            args["name"] = resolution.matched_name
    elif intent in _KIND_TOOLS:
        if query.domain and len(query.domain) == 1:
            args["domain"] = list(query.domain)
        if query.device_class:
            args["device_class"] = list(query.device_class)
    if resolution.area_id is not None and resolution.area_id in home.areas and (query.name is None or query.area):
        args["area"] = home.areas[resolution.area_id].name
    if resolution.floor_id is not None and resolution.floor_id in home.floors and intent not in _NO_FLOOR_TOOLS:
        args["floor"] = home.floors[resolution.floor_id].name
    return args
