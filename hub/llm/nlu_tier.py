"""The local command-model tier: Hearth's own fine-tuned encoder, answering in a few milliseconds on the hub.

A sentence goes through the shipped model (`nlu_model.CommandModel`): an intent with a calibrated confidence,
the kind of device the words imply (domain, device class) and BIO slot spans. Spans tagged `sep` split a
sentence into several actions ("turn off the TV and dim the lights to 20 percent"); each part is read again on
its own and becomes its own calls; `nlu_parts` checks those cuts against the words (a part that only lists more
targets carries on the action before it, "it" is the device named before). One action on several targets ("the
kitchen and hallway lights", "the lamp and the fan") becomes one call per target; `nlu_targets` turns the spans
into slot queries for the shared resolver, so names, aliases, areas, floors and the speaker's room work the same
as in every tier.

The tier declines (returns `None`, so the next tier tries) when the sentence is not a home command ("none"),
when its confidence is under `escalate_below`, for languages it was not trained on, and for empty or very
long text. The reason is logged at debug level and kept in `last_decision`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from hub.errors import HearthError
from hub.home.model import Home
from hub.home.resolver import Resolution, SlotQuery, normalize_name
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.llm.nlu_model import DEFAULT_MODEL_DIR, CommandModel, Prediction
from hub.llm.nlu_names import NameEmbeddings
from hub.llm.nlu_parts import cut_switches, merge_continuations, resolve_pronouns, switched
from hub.llm.nlu_targets import (
    EVERY_THING,
    HINT_CONFIDENCE,
    SWITCH_TOOLS,
    area_instead,
    garage_instead,
    name_mentions,
    named_instead,
    only_one_of_kind,
    resolve_target,
    said_kind,
    slot_queries,
    target_args,
)
from hub.llm.nlu_values import (
    parse_color_temperature,
    parse_number,
    parse_state,
    spoken_position,
    volume_direction,
)
from hub.memory.embed import DEFAULT_MODEL_DIR as EMBED_MODEL_DIR
from hub.memory.embed import CTranslate2Embedder
from hub.tools.registry import TOOLS, validate_call

_LOGGER = logging.getLogger(__name__)

TIER_NAME: Final = "nlu"
MAX_TEXT_CHARS: Final = 2000
"""Longer text is not a voice command; the tier declines at once."""
ESCALATE_BELOW: Final = 0.5
"""Below this calibrated intent confidence the tier lets the next tier try (see the model card's table)."""
MAX_ACTIONS: Final = 5
"""At most this many actions are read from one sentence."""
LANGUAGES: Final = ("en",)

_LEVEL_ARGS: Final = frozenset({"brightness", "position", "volume_level", "percentage"})
_WHITE_SHADE: Final = re.compile(r"\b(warm|cool|cold)\s*$")
_NUMBER_ARGS: Final = ("brightness", "position", "volume_level", "percentage", "hours", "minutes", "seconds")
_TIMER_TOOLS: Final = frozenset({"HassStartTimer", "HassCancelTimer", "HassTimerStatus"})
_VALUE_ARGS: Final[dict[str, frozenset[str]]] = {
    "HassLightSet": frozenset({"brightness", "color", "temperature"}),
    "HassClimateSetTemperature": frozenset({"temperature"}),
    "HassSetPosition": frozenset({"position"}),
    "HassSetVolume": frozenset({"volume_level"}),
    "HassSetVolumeRelative": frozenset({"volume_step"}),
    "HassFanSetSpeed": frozenset({"percentage"}),
    "HassStartTimer": frozenset({"hours", "minutes", "seconds"}),
    "HassGetState": frozenset({"state"}),
}
"""The value arguments each tool takes from slot spans."""
_WHICH = re.compile(r"^\W*(which|what)\b")
_HOW_MANY = re.compile(r"\bhow many\b")
_ARE_ALL = re.compile(r"^\W*(are|is) (all|every)\b")


@dataclass(frozen=True, slots=True)
class Decision:
    """Why the tier answered or declined the last sentence (for logs, diagnostics and tests)."""

    answered: bool
    reason: str
    confidence: float
    elapsed_ms: float


class _Declined(Exception):
    """A part of the sentence the tier will not answer; the whole sentence goes to the next tier."""


class CommandModelBackend:
    """`UnderstandingBackend` over the shipped command model; its tier name is "nlu"."""

    def __init__(
        self,
        *,
        model_dir: Path = DEFAULT_MODEL_DIR,
        escalate_below: float = ESCALATE_BELOW,
        compute_type: str = "int8",
        model: CommandModel | None = None,
        embed_names: bool = True,
        names: NameEmbeddings | None = None,
    ) -> None:
        self._model_dir = model_dir
        self._escalate_below = escalate_below
        self._compute_type = compute_type
        self._model = model
        self._embed_names = embed_names
        self._names = names
        self._lock = asyncio.Lock()
        self.last_decision: Decision | None = None

    @property
    def name(self) -> str:
        return TIER_NAME

    @property
    def model(self) -> CommandModel | None:
        return self._model

    async def async_prepare(self) -> None:
        """Load and verify the model (and the name embedder, when shipped) in a worker thread."""
        async with self._lock:
            if self._model is None:
                self._model = await asyncio.to_thread(
                    CommandModel.load, self._model_dir, compute_type=self._compute_type
                )
            if self._names is None and self._embed_names and (EMBED_MODEL_DIR / "model.bin").is_file():
                try:
                    embedder = await asyncio.to_thread(CTranslate2Embedder, EMBED_MODEL_DIR)
                except HearthError as err:
                    _LOGGER.warning("Name embeddings unavailable, near misses use spelling only: %s", err)
                else:
                    self._names = NameEmbeddings(embedder)

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        text = request.text.strip()
        if not text or len(text) > MAX_TEXT_CHARS:
            self._decide(False, "empty or too long", 0.0, 0.0)
            return None
        if request.language.replace("_", "-").split("-", 1)[0].casefold() not in LANGUAGES:
            self._decide(False, f"language {request.language} not served", 0.0, 0.0)
            return None
        await self.async_prepare()
        async with self._lock:
            model = self._model
            if model is None:  # pragma: no cover - async_prepare sets it or raises
                return None
            return await asyncio.to_thread(self.understand_sync, model, text, request.area_id, home)

    def understand_sync(self, model: CommandModel, text: str, area_id: str | None, home: Home) -> Understanding | None:
        """The whole tier on one sentence, synchronously (the benchmark times exactly this)."""
        started = time.perf_counter()
        speaker_area = area_id if area_id is not None and area_id in home.areas else None
        first = model.predict(text)
        parts, predictions = self._read_parts(model, text, first, home, speaker_area)
        confidence = min(p.confidence for p in predictions)
        details: dict[str, Any] = {
            "intent": first.intent,
            "predictions": [_describe(p) for p in predictions],
            "model_ms": round(sum(p.elapsed_ms for p in predictions), 3),
        }
        if len(parts) > 1:
            details["parts"] = parts
        declined = self._declined(predictions)
        if declined is not None:
            self._decide(False, declined, confidence, (time.perf_counter() - started) * 1000)
            return None

        calls: list[ToolCall] = []
        failures: list[str] = []
        unclear: Understanding | None = None
        several = len(predictions) > 1
        for part, prediction in zip(parts, predictions, strict=False):
            try:
                outcome = self._calls_for(part, prediction, home, speaker_area, details)
            except _Declined as declined:
                self._decide(False, str(declined), confidence, (time.perf_counter() - started) * 1000)
                return None
            except _Invalid as err:
                if several:
                    failures.append(f"I couldn't do \"{part}\": {err}.")
                    continue
                self._decide(True, "invalid call", confidence, (time.perf_counter() - started) * 1000)
                return Understanding(TIER_NAME, confidence, failure=f"Sorry, I can't do that: {err}.", details=details)
            if isinstance(outcome, Understanding) and outcome.failure is not None and several:
                # One part names something the home does not have: the other parts still run, and the answer
                # says which part was not done (nothing is skipped silently).
                failures.append(outcome.failure)
                continue
            if isinstance(outcome, Understanding) and several:
                # A part that would need a question back ("i'm heading out, lock the door and ..."): the parts
                # that are clear still run and the answer says which was left; asked alone if nothing ran.
                unclear = unclear or outcome
                failures.append(f'I wasn\'t sure what "{part}" should do, so I left it.')
                continue
            if isinstance(outcome, Understanding):
                self._decide(True, "clarify or fail", confidence, (time.perf_counter() - started) * 1000)
                return Understanding(
                    TIER_NAME,
                    confidence,
                    clarification=outcome.clarification,
                    failure=outcome.failure,
                    details={**details, **outcome.details},
                )
            calls.extend(c for i, c in enumerate(outcome) if c not in outcome[:i])  # one target read twice: once
        if unclear is not None and not calls:
            self._decide(True, "clarify", confidence, (time.perf_counter() - started) * 1000)
            return Understanding(TIER_NAME, confidence, clarification=unclear.clarification,
                                 details={**details, **unclear.details})
        if failures:
            details["unresolved"] = failures
            if not calls:
                self._decide(True, "every part failed", confidence, (time.perf_counter() - started) * 1000)
                return Understanding(TIER_NAME, confidence, failure=" ".join(failures), details=details)
        if len(predictions) == 1 and first.intent == "HassGetState":
            details["response"] = _state_response(text)
        self._decide(True, "answered", confidence, (time.perf_counter() - started) * 1000)
        details["tier_ms"] = round((time.perf_counter() - started) * 1000, 3)
        return Understanding(TIER_NAME, confidence, calls=tuple(calls), details=details)

    def _declined(self, predictions: list[Prediction]) -> str | None:
        """Why the tier lets the next one try, if it does: some part is not a command it is sure of."""
        for prediction in predictions:
            if prediction.intent == "none":
                return "not a home command"
            if prediction.confidence < self._escalate_below:
                return f"confidence {prediction.confidence:.2f} under {self._escalate_below:.2f}"
            if prediction.intent not in TOOLS:
                return f"intent {prediction.intent} is not a hub tool"
            if prediction.intent == "HassGetState" and _vague(prediction):
                return "a question about nothing in particular"
        return None

    def _read_parts(
        self, model: CommandModel, text: str, first: Prediction, home: Home, speaker_area: str | None
    ) -> tuple[list[str], list[Prediction]]:
        """The sentence's actions: cut at the tagged connectors, then parts that are not actions of their own are
        joined back and pronouns take the target of the part before."""
        parts = _split(text, first)[:MAX_ACTIONS]
        predictions = [first] if len(parts) == 1 else [model.predict(part) for part in parts]
        parts, predictions = cut_switches(model, parts, predictions)
        parts, predictions = parts[:MAX_ACTIONS], predictions[:MAX_ACTIONS]
        parts, predictions = resolve_pronouns(model, parts, predictions, home, speaker_area)
        parts, predictions = self._rejoin_weak_parts(model, parts, predictions)
        parts, predictions = merge_continuations(model, parts, predictions, home)
        parts, predictions = resolve_pronouns(model, parts, predictions, home, speaker_area)
        return parts, [switched(part, _consistent(p)) for part, p in zip(parts, predictions, strict=True)]

    def _weak(self, prediction: Prediction) -> bool:
        return prediction.intent == "none" or prediction.confidence < self._escalate_below

    def _rejoin_weak_parts(
        self, model: CommandModel, parts: list[str], predictions: list[Prediction]
    ) -> tuple[list[str], list[Prediction]]:
        """A part that makes no sense alone ("set the den" of "set the den and pantry lights to 40%") was cut at a
        connector that joined two targets, not two actions: it is read again together with its neighbour."""
        while len(parts) > 1:
            weak = next((i for i, p in enumerate(predictions) if self._weak(p)), None)
            if weak is None:
                break
            left = weak - 1 if weak > 0 else weak
            joined = f"{parts[left]} and {parts[left + 1]}"
            again = model.predict(joined)
            if self._weak(again):
                break
            parts = [*parts[:left], joined, *parts[left + 2 :]]
            predictions = [*predictions[:left], again, *predictions[left + 2 :]]
        return parts, predictions

    def _decide(self, answered: bool, reason: str, confidence: float, elapsed_ms: float) -> None:
        self.last_decision = Decision(answered, reason, confidence, elapsed_ms)
        _LOGGER.debug("Command model %s: %s (%.2f, %.1f ms)", "answered" if answered else "declined", reason,
                      confidence, elapsed_ms)

    def _calls_for(
        self, text: str, prediction: Prediction, home: Home, speaker_area: str | None, details: dict[str, Any]
    ) -> list[ToolCall] | Understanding:
        """The calls one action makes, or an Understanding that asks back or fails."""
        said_names = name_mentions(text, home, frozenset())
        prediction = _setting_of_named(text, _values_outside_names(prediction, said_names), home, said_names)
        intent = prediction.intent
        tool = TOOLS[intent]
        args = _value_args(intent, text, prediction)
        if not tool.targets_entities:
            if intent in _TIMER_TOOLS and (names := prediction.slots("name")):
                args["name"] = names[0].text.strip()
            if intent == "HassStartTimer":
                label = {k: v for k, v in args.items() if k == "name"}
                return [self._validated(ToolCall(intent, {**d, **label}, ()), home) for d in _timers(text, prediction)]
            return [self._validated(ToolCall(intent, args, ()), home)]
        queries = slot_queries(intent, text, prediction, home)
        paired = _paired_values(intent, text, prediction, len(queries))
        calls: list[ToolCall] = []
        by_name: set[str] = set()
        for index, asked in enumerate(queries):
            query = asked
            if paired is not None:
                args = paired[index]
            if (
                intent in SWITCH_TOOLS
                and query.name is None
                and set(query.domain) == set(tool.target_domains or ())
                and not EVERY_THING.search(text.casefold())
            ):
                # Nothing says which devices: a bigger tier may know ("brightness where I cook"), so decline.
                raise _Declined("on/off for a room without any kind of device")
            resolution, query = self._resolved(intent, text, query, home, speaker_area, details)
            if resolution.clarification is not None:
                return Understanding(TIER_NAME, prediction.confidence, clarification=resolution.clarification,
                                     details={"candidates": list(resolution.candidates)})
            if resolution.failure is not None:
                return Understanding(TIER_NAME, prediction.confidence, failure=resolution.failure)
            if resolution.fuzzy:
                details["fuzzy"] = True
            if query.name is not None:
                by_name.update(resolution.entity_ids)
            elif by_name and (rest := tuple(e for e in resolution.entity_ids if e not in by_name)) != ():
                # "close the garage door and the curtains in here": the room's covers other than the one named
                resolution = replace(resolution, entity_ids=rest)
            elif by_name:
                continue
            acting, acting_args = intent, args
            position = _cover_position(intent, text, prediction)
            if position is not None and {e.split(".", 1)[0] for e in resolution.entity_ids} == {"cover"}:
                # "open the den window halfway": a position, not all the way open
                acting, acting_args = "HassSetPosition", {"position": position}
            target = target_args(acting, query, resolution, home)
            calls.append(
                self._validated(ToolCall(acting, {**acting_args, **target}, resolution.entity_ids), home)
            )
        return calls

    def _resolved(
        self, intent: str, text: str, query: SlotQuery, home: Home, speaker_area: str | None, details: dict[str, Any]
    ) -> tuple[Resolution, SlotQuery]:
        """The query resolved, or read again the ways a failed one may have been meant."""
        resolution = resolve_target(intent, query, home, speaker_area)
        if resolution.failure is not None and query.name is None and (query.area or query.floor) is not None:
            # "set the loft fan to 50%": no fan in the Loft, but a fan called Loft Fan.
            named = named_instead(intent, text, query, home, speaker_area)
            if named is not None:
                resolution, query = named
        if resolution.failure is not None and (room := area_instead(query, home)) is not None:
            retry = resolve_target(intent, room, home, speaker_area)
            if retry.ok:
                resolution, query = retry, room
        if not resolution.ok and (one := only_one_of_kind(intent, text, query, home)) is not None:
            retry = resolve_target(intent, one, home, speaker_area)
            if retry.ok:
                resolution, query = retry, one
        if resolution.failure is not None and (garage := garage_instead(intent, text, query)) is not None:
            retry = resolve_target(intent, garage, home, speaker_area)
            if retry.ok:
                resolution, query = retry, garage
        if resolution.failure is not None and query.name is not None and self._names is not None:
            match = self._names.closest(query.name, home, TOOLS[intent].target_domains or ())
            if match is not None:
                retry = resolve_target(intent, replace(query, name=match.label), home, speaker_area)
                if retry.ok:
                    resolution = retry
                    details["embedding_match"] = {"said": query.name, "name": match.label,
                                                  "similarity": round(match.similarity, 3)}
        return resolution, query

    @staticmethod
    def _validated(call: ToolCall, home: Home) -> ToolCall:
        try:
            return validate_call(call, home)
        except HearthError as err:
            _LOGGER.debug("Command model call did not validate: %s", err)
            raise _Invalid(str(err)) from None


class _Invalid(HearthError):
    """A call built from the model's reading failed validation."""


_SETTER_OF: Final[dict[str, str]] = {
    "brightness": "HassLightSet",
    "color": "HassLightSet",
    "position": "HassSetPosition",
    "volume_level": "HassSetVolume",
    "percentage": "HassFanSetSpeed",
    "temperature": "HassClimateSetTemperature",
}
"""The setting tool each kind of value belongs to (a colour temperature in kelvin is the light's)."""


def _consistent(prediction: Prediction) -> Prediction:
    """A setting intent whose value the tagger did not find, but which found exactly one other kind of value,
    is read as the setting that value belongs to ("set the loft mini split to 21" read as a volume, with 21
    tagged as a temperature, is a temperature). The slot head sees the words; the intent head only the whole."""
    wanted = _VALUE_ARGS.get(prediction.intent)
    if wanted is None or prediction.intent in ("HassGetState", "HassStartTimer", "HassSetVolumeRelative"):
        return prediction
    found = {s.label for s in prediction.spans if s.label in _SETTER_OF}
    if found & wanted or len(found) != 1:
        return prediction
    label = found.pop()
    setter = _SETTER_OF[label]
    if label == "temperature":
        values = [parse_number(s.text) for s in prediction.slots("temperature")]
        if values and values[0] is not None and values[0] >= 1000:
            setter = "HassLightSet"
    return replace(prediction, intent=setter)


_ONE_UNIT: Final = re.compile(r"(?<!half )\b(?:an?|one)\s+(hour|minute|second)\b(?!\s+and\s+a\s+half)", re.IGNORECASE)


def _timers(text: str, prediction: Prediction) -> list[dict[str, Any]]:
    """The durations of the timers a part starts: one per stretch between connectors that says a duration
    ("a timer for 30 seconds and another one for 2 minutes"), with "an hour" read where the tagger left it."""
    bounds = [0, *(s.start for s in prediction.slots("sep")), len(text)]
    timers: list[dict[str, Any]] = []
    for start, end in itertools.pairwise(bounds):
        inside = tuple(s for s in prediction.spans if start <= s.start < end and s.label != "sep")
        duration = _value_args("HassStartTimer", text[start:end], replace(prediction, spans=inside))
        for match in _ONE_UNIT.finditer(text, start, end):
            duration.setdefault(f"{match.group(1).casefold()}s", 1)
        if duration:
            timers.append(duration)
    return timers or [{}]


_SETTER_FOR_DOMAIN: Final = {
    "climate": ("HassClimateSetTemperature", "temperature"),
    "fan": ("HassFanSetSpeed", "percentage"),
    "cover": ("HassSetPosition", "position"),
    "media_player": ("HassSetVolume", "volume_level"),
    "light": ("HassLightSet", "brightness"),
}
_SETTERS: Final = frozenset(tool for tool, _arg in _SETTER_FOR_DOMAIN.values())
_LEVEL_BEFORE: Final = re.compile(r"\b(to|at|on)\s+(the\s+)?$", re.IGNORECASE)
_UP_OR_DOWN: Final = re.compile(r"\b(up|down|louder|quieter)\b", re.IGNORECASE)


def _values_outside_names(prediction: Prediction, names: list[tuple[int, int, str]]) -> Prediction:
    """A value the tagger found inside one of the home's names ("neon" of "Neon Sign", "red" of "Red Lamp") is
    part of the name, not the setting: "turn the neon sign red" is red."""
    kept = tuple(
        s for s in prediction.spans
        if s.label not in _SETTER_OF or not any(a <= s.start and s.end <= b for a, b, _label in names)
    )
    return prediction if len(kept) == len(prediction.spans) else replace(prediction, spans=kept)


def _setting_of_named(
    text: str, prediction: Prediction, home: Home, names: list[tuple[int, int, str]]
) -> Prediction:
    """A number set on a device named in full is that device's own setting, whatever the intent head leaned to:
    "set the loft mini split to 20" is a temperature, "turn the jukebox up by 15" a volume step. Only when
    every name said is one device of one kind, and the intent cannot act on that kind."""
    if prediction.intent not in _SETTERS | SWITCH_TOOLS:
        return prediction
    said = [m[2] for m in names]
    domains = {e.domain for e in home.entities.values() if normalize_name(e.name) in said}
    if not said and (kind := said_kind(text)) in _SETTER_FOR_DOMAIN:
        domains = {kind}  # "fan to full": the kind said in words, when no device is named
    if len(domains) != 1:
        return prediction
    domain = domains.pop()
    allowed = TOOLS[prediction.intent].target_domains or frozenset()
    numbers = [s for s in prediction.spans if s.label in _LEVEL_ARGS | {"temperature", "volume_step"}]
    if domain == "media_player" and prediction.intent in SWITCH_TOOLS and _UP_OR_DOWN.search(text):
        steps = tuple(replace(s, label="volume_step") for s in numbers)
        others = tuple(s for s in prediction.spans if s not in numbers)
        return replace(prediction, intent="HassSetVolumeRelative", spans=(*others, *steps))
    if (domain in allowed and prediction.intent in _SETTERS) or domain not in _SETTER_FOR_DOMAIN or len(numbers) != 1:
        return prediction
    if prediction.intent in SWITCH_TOOLS and not _LEVEL_BEFORE.search(text[: numbers[0].start]):
        return prediction  # "turn the lamp on to 50", "put the strip on full", not "turn on the lamp 2"
    setter, label = _SETTER_FOR_DOMAIN[domain]
    others = tuple(s for s in prediction.spans if s not in numbers)
    return replace(prediction, intent=setter, spans=(*others, replace(numbers[0], label=label)))


def _cover_position(intent: str, text: str, prediction: Prediction) -> int | None:
    """The position an open/close/position command says in words ("halfway", "a quarter") or as a level."""
    if intent not in ("HassTurnOn", "HassTurnOff", "HassSetPosition"):
        return None
    spoken = spoken_position(text)
    if spoken is not None:
        return spoken
    if intent == "HassSetPosition":
        return None
    for span in prediction.spans:
        if span.label in ("position", "brightness", "percentage"):
            number = parse_number(span.text)
            if number is not None and 0 <= number <= 100:
                return round(number)
    return None


def _vague(prediction: Prediction) -> bool:
    """A state question with no name, place, state or kind of device ("where's the spare key?")."""
    named = any(s.label in ("name", "area", "floor", "state") for s in prediction.spans)
    kind = bool(prediction.domain) and prediction.domain_confidence >= HINT_CONFIDENCE
    return not named and not kind


def _split(text: str, prediction: Prediction) -> list[str]:
    """The sentence cut at `sep` spans, keeping only parts that still say something."""
    seps = prediction.slots("sep")
    if not seps:
        return [text]
    parts: list[str] = []
    start = 0
    for sep in seps:
        parts.append(text[start : sep.start])
        start = sep.end
    parts.append(text[start:])
    cleaned = [part.strip(" ,;.") for part in parts]
    cleaned = [part for part in cleaned if re.search(r"\w", part)]
    return cleaned or [text]


def _describe(prediction: Prediction) -> dict[str, Any]:
    return {
        "intent": prediction.intent,
        "confidence": round(prediction.confidence, 4),
        "domain": prediction.domain,
        "device_class": prediction.device_class,
        "slots": [[s.label, s.text] for s in prediction.spans],
    }


def _value_args(intent: str, text: str, prediction: Prediction) -> dict[str, Any]:
    """Number, colour, state and volume arguments from the tagged spans."""
    args: dict[str, Any] = {}
    for span in prediction.spans:
        label = span.label
        if label in _NUMBER_ARGS and label not in args:
            number = parse_number(span.text)
            if label in _LEVEL_ARGS and spoken_position(span.text) == 50:
                number = 50  # "lights to half": half of the level (it is 30 only as "half an hour")
            if number is not None:
                args[label] = round(number) if label != "seconds" or float(number).is_integer() else number
        elif label == "color" and "color" not in args:
            said = " ".join(span.text.casefold().split()).strip(" .,!?")
            if said == "white" and (shade := _WHITE_SHADE.search(text[: span.start].casefold())) is not None:
                said = f"{shade.group(1)} white"  # the tagger left "cool" of "cool white" out
            kelvin = parse_color_temperature(said) if intent == "HassLightSet" and not said.isdigit() else None
            if kelvin is not None and "temperature" not in args:
                args["temperature"] = kelvin  # "warm white" is a colour temperature, as HA's intents take it
            else:
                args["color"] = said
        elif label == "temperature" and "temperature" not in args:
            value = parse_color_temperature(span.text) if intent == "HassLightSet" else parse_number(span.text)
            if value is not None:
                args["temperature"] = value
        elif label == "state" and "state" not in args:
            state = parse_state(span.text)
            if state is not None:
                args["state"] = state
        elif label == "volume_step" and "volume_step" not in args:
            number = parse_number(span.text)
            if number is not None:
                args["volume_step"] = int(number)
            elif (direction := volume_direction(span.text)) is not None:
                args["volume_step"] = direction
    if intent == "HassSetVolumeRelative":
        direction = volume_direction(text)
        step = args.get("volume_step")
        if isinstance(step, int) and direction == "down" and step > 0:
            args["volume_step"] = -step
        elif step is None:
            args["volume_step"] = direction or "up"
    wanted = _VALUE_ARGS.get(intent, frozenset())
    level = _LEVEL_OF.get(intent)
    if level is not None and not wanted & args.keys() and (level_said := _LEVEL_SAID.search(text)) is not None:
        # "fan to full", "lights to max": a level the tagger left untagged in a short part
        word = level_said.group(1).casefold()
        args[level] = spoken_position(word) if word == "half" else parse_number(word)
    return {k: v for k, v in args.items() if k in wanted}


_LEVEL_OF: Final = {tool: arg for tool, arg in _SETTER_FOR_DOMAIN.values() if arg in _LEVEL_ARGS}
"""The level each setting tool takes ("brightness" for HassLightSet), for a level said in words."""
_LEVEL_SAID: Final = re.compile(r"\b(?:to|at|on)\s+(?:the\s+)?(full|max|maximum|min|minimum|half)\b", re.IGNORECASE)


def _paired_values(intent: str, text: str, prediction: Prediction, targets: int) -> list[dict[str, Any]] | None:
    """One value per target, in order, when the sentence gives as many values of one kind as targets ("make the
    crystal lamp red and the games room lamp blue"); `None` when one value is shared by all targets."""
    if targets < 2:
        return None
    for label in sorted(_VALUE_ARGS.get(intent, frozenset())):
        spans = [s for s in prediction.spans if s.label == label]
        if len(spans) == targets:
            others = tuple(s for s in prediction.spans if s.label != label)
            return [_value_args(intent, text, replace(prediction, spans=(*others, span))) for span in spans]
    wanted = _VALUE_ARGS.get(intent, frozenset())
    numbers = [s for s in prediction.spans if s.label in _LEVEL_ARGS | {"temperature"}]
    if len(wanted) == 1 and len(numbers) == targets:
        # "the loft to 19, the conservatory to 21 and the games room to 20", the last number tagged as a
        # brightness: a tool that takes one kind of value takes each number as that kind
        label = next(iter(wanted))
        others = tuple(s for s in prediction.spans if s not in numbers)
        return [
            _value_args(intent, text, replace(prediction, spans=(*others, replace(span, label=label))))
            for span in numbers
        ]
    return None


def _state_response(text: str) -> str | None:
    folded = text.casefold()
    if _HOW_MANY.search(folded):
        return "how_many"
    if _WHICH.search(folded):
        return "which"
    if _ARE_ALL.search(folded):
        return "all"
    return None
