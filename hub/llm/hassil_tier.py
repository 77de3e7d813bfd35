"""The template tier: Home Assistant's own sentence templates (hassil), run locally in a few milliseconds.

It recognizes what Home Assistant's default agent recognizes (plus a few Hearth phrasings such as "dim the
lights to 30 percent"), with the home's entity, area and floor names as slot lists and the speaker's area as
context, then hands the slots to the shared resolver. A sentence no template matches comes back as `None`,
so the router can escalate to a bigger tier; a near-miss name ("the kitchen lite") is corrected against the
home's names with a stdlib fuzzy match and recognized again, at lower confidence.

Recognition is CPU-bound (2-10 ms per sentence once warm, about 200 ms for the very first), so it runs in a
worker thread, one sentence at a time, and `async_prepare` loads the templates and warms the matcher.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from hassil import Intents, RecognizeResult, SlotList, TextSlotList, TextSlotValue, recognize_best
from hassil.models import MatchEntity
from home_assistant_intents import get_intents

from hub.errors import HearthError
from hub.home.model import Home
from hub.home.resolver import FUZZY_CUTOFF, FUZZY_MIN_CHARS, Resolution, SlotQuery, normalize_name, resolve
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.tools.registry import TOOLS, validate_call

_LOGGER = logging.getLogger(__name__)

MAX_TEXT_CHARS: Final = 2000
"""Longer text is not a voice command; the tier declines at once instead of matching it."""
FUZZY_CONFIDENCE: Final = 0.8
"""Confidence when a name had to be corrected before a template matched."""
FUZZY_MAX_WORDS: Final = 4
"""Longest run of words compared with a name when correcting near misses."""
FUZZY_MAX_CANDIDATES: Final = 2000
"""Past this many plausible names the correction would cost more than escalating; it is skipped."""
FUZZY_PREFIX_CHARS: Final = 3
"""A near-miss name must share a word's first letters with the sentence ("kitchn" and "kitchen": "kit")."""
UNKNOWN_AREA: Final = "__hearth_unknown_area__"
"""Context area for a speaker with no known area, so "turn on the light" can ask "Which room?"."""

_BRIGHTNESS = "{brightness}[([ ]%)| percent]"
HEARTH_SENTENCES: Final[Mapping[str, Mapping[str, Any]]] = MappingProxyType(
    {
        "en": {
            "language": "en",
            "intents": {
                "HassLightSet": {
                    "data": [
                        {
                            "sentences": [
                                f"(dim|brighten) [(<all>|<the>)] <light> [<here>] to {_BRIGHTNESS}",
                                f"(dim|brighten) [(<all>|<the>)] <light> to {_BRIGHTNESS} <here>",
                                f"<numeric_value_set> [(<all>|<the>)] <light> [<here>] to {_BRIGHTNESS}",
                            ],
                            "slots": {"domain": "light"},
                            "requires_context": {"area": {"slot": True}},
                            "metadata": {"slot_combination": "brightness_only", "hearth": True},
                            "response": "brightness",
                        },
                        {
                            "sentences": [
                                "(dim|brighten) [(<all>|<the>)] <light> <in> [<the>] {area} to " + _BRIGHTNESS,
                                f"(dim|brighten) [<the>] {{area}} <light> to {_BRIGHTNESS}",
                            ],
                            "slots": {"domain": "light"},
                            "metadata": {"slot_combination": "area_brightness", "hearth": True},
                            "response": "brightness",
                        },
                        {
                            "sentences": [f"(dim|brighten) [<the>] {{name}} to {_BRIGHTNESS}"],
                            "requires_context": {"domain": ["light"]},
                            "metadata": {"slot_combination": "name_brightness", "hearth": True},
                            "response": "brightness",
                        },
                    ]
                }
            },
        }
    }
)
"""Sentences Hearth adds to HA's templates, per language, in HA's custom-sentences format."""

_SHARED_INTENTS: dict[str, Intents] = {}
"""Compiled templates with the default sentences, by language, shared by every backend in the process."""
_SHARED_LOCK = threading.Lock()

_NUMBER_SLOTS: Final = frozenset(
    {
        "brightness",
        "temperature",
        "position",
        "volume_level",
        "percentage",
        "hours",
        "minutes",
        "seconds",
        "start_hours",
        "start_minutes",
        "start_seconds",
    }
)
_TEXT_SLOTS: Final = frozenset({"state", "color", "conversation_command"})
_LIST_SLOTS: Final = frozenset({"domain", "device_class"})


@dataclass(frozen=True, slots=True)
class _HomeLists:
    """Slot lists for one home revision, plus the labels used to correct near-miss names."""

    slot_lists: dict[str, SlotList]
    labels: dict[str, str]
    """Normalized entity/area/floor label -> the label as the home spells it."""


@dataclass(frozen=True, slots=True)
class _Recognition:
    result: RecognizeResult | None
    corrected_text: str | None
    elapsed_ms: float


class HassilBackend:
    """`UnderstandingBackend` over Home Assistant's sentence templates; its tier name is "template"."""

    def __init__(
        self,
        *,
        languages: Iterable[str] = ("en",),
        extra_sentences: Mapping[str, Mapping[str, Any]] = HEARTH_SENTENCES,
        fuzzy: bool = True,
    ) -> None:
        self._languages = tuple(dict.fromkeys(languages))
        self._extra = extra_sentences
        self._fuzzy = fuzzy
        self._intents: dict[str, Intents] = {}
        self._lists: dict[int, _HomeLists] = {}
        self._lock = asyncio.Lock()

    @property
    def name(self) -> str:
        return "template"

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    async def async_prepare(self) -> None:
        """Load every configured language's templates in a worker thread and warm the matcher."""
        async with self._lock:
            for language in self._languages:
                if language not in self._intents:
                    await asyncio.to_thread(self._load_and_warm, language)

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        """Match `request.text`; `None` when nothing matches, the language is not served or text is empty."""
        text = request.text.strip()
        if not text or len(text) > MAX_TEXT_CHARS:
            return None
        language = self._serving_language(request.language)
        if language is None:
            return None
        lists = self._home_lists(home)
        speaker_area = request.area_id if request.area_id in home.areas else None
        context_area = speaker_area if speaker_area is not None else UNKNOWN_AREA
        context = {
            "area": {
                "value": context_area,
                "text": home.areas[speaker_area].name if speaker_area is not None else "",
            }
        }
        async with self._lock:
            if language not in self._intents:
                await asyncio.to_thread(self._load_and_warm, language)
            intents = self._intents.get(language)
            if intents is None:
                return None
            found = await asyncio.to_thread(self._recognize, text, intents, lists, context, language)
        if found.result is None:
            _LOGGER.debug("No template matched in %.1f ms", found.elapsed_ms)
            return None
        return self._interpret(found, home, speaker_area)

    # Loading and recognition (worker thread)

    def _serving_language(self, language: str) -> str | None:
        candidates = [language, language.replace("_", "-"), language.replace("_", "-").split("-", 1)[0]]
        for candidate in candidates:
            if candidate in self._languages:
                return candidate
        return None

    def _load_and_warm(self, language: str) -> None:
        # Backends with the default sentences share compiled templates, so a restarted hub reuses them.
        shared = self._extra is HEARTH_SENTENCES
        with _SHARED_LOCK:
            cached = _SHARED_INTENTS.get(language) if shared else None
            if cached is None:
                cached = self._compile(language)
                if cached is not None and shared:
                    _SHARED_INTENTS[language] = cached
        if cached is None:
            self._languages = tuple(lang for lang in self._languages if lang != language)
            return
        self._intents[language] = cached

    def _compile(self, language: str) -> Intents | None:
        started = time.perf_counter()
        data = get_intents(language)
        if data is None:
            _LOGGER.warning("Home Assistant has no sentence templates for language %s", language)
            return None
        extra = self._extra.get(language)
        if extra:
            _merge(data, extra)
        intents = Intents.from_dict(data)
        # The first match compiles and caches template internals: pay for it here, not on a first command.
        recognize_best(
            "turn on the warm up light in the warm up room",
            intents,
            slot_lists={
                "name": TextSlotList.from_tuples([("warm up light", "warm up light", {"domain": "light"})]),
                "area": TextSlotList.from_tuples([("warm up room", "warm_up_room")]),
                "floor": TextSlotList.from_tuples([("warm up floor", "warm_up_floor")]),
            },
            language=language,
            best_slot_name="name",
        )
        empty = {name: TextSlotList(name, []) for name in ("name", "area", "floor")}
        for sentence in ("what time is it", "set a timer for 5 minutes", "is the warm up door locked"):
            recognize_best(sentence, intents, slot_lists=dict(empty), language=language)
        _LOGGER.debug("Loaded %s templates in %.0f ms", language, (time.perf_counter() - started) * 1000)
        return intents

    def _recognize(
        self,
        text: str,
        intents: Intents,
        lists: _HomeLists,
        context: dict[str, Any],
        language: str,
    ) -> _Recognition:
        started = time.perf_counter()
        result = recognize_best(
            text,
            intents,
            slot_lists=lists.slot_lists,
            intent_context=context,
            language=language,
            best_slot_name="name",
        )
        corrected: str | None = None
        if result is None and self._fuzzy:
            rewritten = correct_names(text, lists.labels)
            if rewritten is not None:
                corrected = rewritten
                result = recognize_best(
                    rewritten,
                    intents,
                    slot_lists=lists.slot_lists,
                    intent_context=context,
                    language=language,
                    best_slot_name="name",
                )
        return _Recognition(result, corrected, (time.perf_counter() - started) * 1000)

    # Home slot lists (event loop)

    def _home_lists(self, home: Home) -> _HomeLists:
        key = home_signature(home)
        cached = self._lists.get(key)
        if cached is None:
            cached = _build_lists(home)
            if len(self._lists) >= 4:
                self._lists.pop(next(iter(self._lists)))
            self._lists[key] = cached
        return cached

    # From a match to an Understanding

    def _interpret(self, found: _Recognition, home: Home, speaker_area: str | None) -> Understanding | None:
        result = found.result
        if result is None:
            return None
        intent = result.intent.name
        tool = TOOLS.get(intent)
        if tool is None:
            _LOGGER.debug("Template matched %s, which the hub does not run", intent)
            return None
        slots = {entity.name: entity for entity in result.entities_list}
        details: dict[str, Any] = {
            "intent": intent,
            "slot_combination": (result.intent_metadata or {}).get("slot_combination"),
            "response": result.response,
            "recognize_ms": round(found.elapsed_ms, 3),
        }
        if result.intent_sentence is not None:
            details["template"] = result.intent_sentence.text
        confidence = 1.0
        if found.corrected_text is not None:
            details["corrected_text"] = found.corrected_text
            confidence = FUZZY_CONFIDENCE

        args = _plain_args(slots, skip=frozenset({"name", "area", "floor"}) if tool.targets_entities else None)
        entities: tuple[str, ...] = ()
        if tool.targets_entities:
            resolution, args = self._resolve_targets(intent, result, args, home, speaker_area=speaker_area)
            details["resolution"] = {
                "area_id": resolution.area_id,
                "matched_name": resolution.matched_name,
                "fuzzy": resolution.fuzzy,
            }
            if resolution.fuzzy:
                confidence = min(confidence, FUZZY_CONFIDENCE)
            if resolution.clarification is not None:
                details["candidates"] = list(resolution.candidates)
                return Understanding(self.name, confidence, clarification=resolution.clarification, details=details)
            if resolution.failure is not None:
                return Understanding(self.name, confidence, failure=resolution.failure, details=details)
            entities = resolution.entity_ids
        elif "area" in slots:
            area_value = slots["area"].value
            if area_value in (UNKNOWN_AREA, speaker_area) or area_value not in home.areas:
                args.pop("area", None)
            else:
                args["area"] = home.areas[area_value].name
        try:
            call = validate_call(ToolCall(intent, args, entities), home)
        except HearthError as err:
            _LOGGER.debug("Template call did not validate: %s", err)
            return Understanding(self.name, confidence, failure=f"Sorry, I can't do that: {err}.", details=details)
        return Understanding(self.name, confidence, calls=(call,), details=details)

    def _resolve_targets(
        self,
        intent: str,
        result: RecognizeResult,
        args: dict[str, Any],
        home: Home,
        *,
        speaker_area: str | None,
    ) -> tuple[Resolution, dict[str, Any]]:
        slots = {entity.name: entity for entity in result.entities_list}
        tool = TOOLS[intent]
        name = _text(slots.get("name"))
        area_slot = slots.get("area")
        area_value = str(area_slot.value) if area_slot is not None else None
        # An area equal to the speaker's (from context or said aloud) resolves the same way either way.
        explicit_area = None if area_value in (None, speaker_area, UNKNOWN_AREA) else area_value
        floor_slot = slots.get("floor")
        floor_value = str(floor_slot.value) if floor_slot is not None else None
        domains = _as_tuple(slots.get("domain"))
        if name is not None and not domains and isinstance(result.context.get("domain"), str):
            # The name matched as an entity of this domain (the template required it): keep to that domain.
            domains = (result.context["domain"],)
        allowed = tool.target_domains or frozenset()
        if intent == "HassClimateGetTemperature":
            # Thermostats first; temperature sensors only when a room has none (below).
            allowed = frozenset({"climate"})
        if allowed:
            domains = tuple(d for d in domains if d in allowed) if domains else tuple(sorted(allowed))
        query = SlotQuery(
            name=name,
            area=explicit_area,
            floor=floor_value,
            domain=domains,
            device_class=_as_tuple(slots.get("device_class")),
            whole_home=area_slot is None and floor_slot is None and name is None,
        )
        resolution = resolve(query, home, speaker_area_id=speaker_area)
        if intent == "HassClimateGetTemperature" and resolution.failure is not None and name is None:
            # No thermostat there: a room temperature sensor answers the question just as well.
            fallback = SlotQuery(
                area=explicit_area,
                floor=floor_value,
                domain=("sensor",),
                device_class=("temperature",),
                whole_home=query.whole_home,
            )
            alternative = resolve(fallback, home, speaker_area_id=speaker_area)
            if alternative.ok:
                resolution = alternative
        if resolution.ok:
            args = {**args, **_target_args(slots, resolution, home, name is not None)}
        return resolution, args


def _build_lists(home: Home) -> _HomeLists:
    names: list[TextSlotValue] = []
    labels: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for entity in home.entities.values():
        for label in (entity.name, *entity.aliases):
            key = (label.casefold(), entity.domain)
            if key in seen:
                continue
            seen.add(key)
            names.append(TextSlotValue.from_tuple((label, label, {"domain": entity.domain}), allow_template=False))
            labels.setdefault(normalize_name(label), label)
    areas: list[TextSlotValue] = []
    for area in home.areas.values():
        for label in (area.name, *area.aliases):
            areas.append(TextSlotValue.from_tuple((label, area.id), allow_template=False))
            labels.setdefault(normalize_name(label), label)
    floors: list[TextSlotValue] = []
    for floor in home.floors.values():
        floors.append(TextSlotValue.from_tuple((floor.name, floor.id), allow_template=False))
        labels.setdefault(normalize_name(floor.name), floor.name)
    slot_lists: dict[str, SlotList] = {
        "name": TextSlotList("name", names),
        "area": TextSlotList("area", areas),
        "floor": TextSlotList("floor", floors),
    }
    return _HomeLists(slot_lists, labels)


def home_signature(home: Home) -> int:
    """A cheap fingerprint of what the slot lists depend on: names, aliases, areas, floors (not states)."""
    return hash(
        (
            tuple((e.entity_id, e.name, e.aliases) for e in home.entities.values()),
            tuple((a.id, a.name, a.aliases) for a in home.areas.values()),
            tuple((f.id, f.name) for f in home.floors.values()),
        )
    )


def correct_names(text: str, labels: Mapping[str, str]) -> str | None:
    """Replace near-miss names in `text` with the home's spelling; `None` when nothing was close enough.

    Every run of up to `FUZZY_MAX_WORDS` words is compared with every label of similar length; the best
    non-overlapping matches at or above `FUZZY_CUTOFF` win ("the kitchen lite" -> "the Kitchen Light").
    """
    words = normalize_name(text).split()
    if not words:
        return None
    candidates: list[tuple[float, int, int, str]] = []
    spans = [
        (start, end, " ".join(words[start:end]))
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + FUZZY_MAX_WORDS) + 1)
    ]
    # A near miss keeps the first letters of at least one word ("kitchn", "frnt door"); checking that first
    # keeps the difflib work small in homes with thousands of names.
    prefixes = {word[:FUZZY_PREFIX_CHARS] for word in words if len(word) >= FUZZY_PREFIX_CHARS}
    pool = [
        (label, spelled)
        for label, spelled in labels.items()
        if len(label) >= FUZZY_MIN_CHARS and any(w[:FUZZY_PREFIX_CHARS] in prefixes for w in label.split())
    ]
    if not pool or len(pool) > FUZZY_MAX_CANDIDATES:
        return None
    matcher = difflib.SequenceMatcher(autojunk=False)
    for start, end, span in spans:
        # difflib indexes its second sequence: index each span once, then compare every label with it.
        matcher.set_seq2(span)
        for label, spelled in pool:
            if span == label or abs(len(span) - len(label)) > 0.25 * len(label):
                continue
            matcher.set_seq1(label)
            if (
                matcher.real_quick_ratio() >= FUZZY_CUTOFF
                and matcher.quick_ratio() >= FUZZY_CUTOFF
                and (score := matcher.ratio()) >= FUZZY_CUTOFF
            ):
                candidates.append((score, start, end, spelled))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (-c[0], -(c[2] - c[1]), c[1]))
    taken: set[int] = set()
    replacements: dict[int, tuple[int, str]] = {}
    for _score, start, end, spelled in candidates:
        if taken.intersection(range(start, end)):
            continue
        taken.update(range(start, end))
        replacements[start] = (end, spelled)
    out: list[str] = []
    index = 0
    while index < len(words):
        if index in replacements:
            end, spelled = replacements[index]
            out.append(spelled)
            index = end
        else:
            out.append(words[index])
            index += 1
    return " ".join(out)


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Add custom sentences to HA's: intent data lists are extended, other keys merged or replaced."""
    for key, value in extra.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            _merge(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(value)
        else:
            base[key] = value


def _number(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def _text(entity: MatchEntity | None) -> str | None:
    if entity is None:
        return None
    value = entity.value if isinstance(entity.value, str) and entity.value else entity.text
    text = str(value).strip()
    return text or None


def _as_tuple(entity: MatchEntity | None) -> tuple[str, ...]:
    if entity is None or entity.value is None:
        return ()
    if isinstance(entity.value, list | tuple):
        return tuple(str(v) for v in entity.value)
    return (str(entity.value),)


def _plain_args(slots: Mapping[str, MatchEntity], *, skip: frozenset[str] | None) -> dict[str, Any]:
    """HA slot values that need no resolution: numbers as numbers, lists as lists, text as text."""
    args: dict[str, Any] = {}
    for slot, entity in slots.items():
        if skip is not None and slot in skip:
            continue
        if slot in _NUMBER_SLOTS:
            args[slot] = _number(entity.value)
        elif slot in _LIST_SLOTS:
            args[slot] = list(_as_tuple(entity))
        elif slot == "volume_step":
            args[slot] = entity.value if isinstance(entity.value, str) else _number(entity.value)
        elif slot in _TEXT_SLOTS or slot in ("name", "area"):
            text = _text(entity)
            if text is not None:
                args[slot] = text
    return args


def _target_args(slots: Mapping[str, MatchEntity], resolution: Resolution, home: Home, named: bool) -> dict[str, Any]:
    """`name`, `area` and `floor` as HA expects them: display names of what the hub resolved."""
    args: dict[str, Any] = {}
    shared_name = False
    if named:
        if len(resolution.entity_ids) == 1:
            entity = home.entities[resolution.entity_ids[0]]
            args["name"] = entity.name
            # Another entity with the same name: the area tells HA which one the hub meant.
            folded = entity.name.casefold()
            shared_name = any(
                e.name.casefold() == folded for e in home.entities.values() if e.entity_id != entity.entity_id
            )
        elif resolution.matched_name is not None:
            args["name"] = resolution.matched_name
    if resolution.area_id is not None and (not named or shared_name or "area" in slots):
        args["area"] = home.areas[resolution.area_id].name
    if resolution.floor_id is not None:
        args["floor"] = home.floors[resolution.floor_id].name
    return args
