"""The local command-model tier: Hearth's own fine-tuned encoder, answering in a few milliseconds on the hub.

A sentence goes through the shipped model (`nlu_model.CommandModel`): an intent with a calibrated confidence,
the kind of device the words imply (domain, device class) and BIO slot spans. Spans tagged `sep` split a
sentence into several actions ("turn off the TV and dim the lights to 20 percent"); each part is read again on
its own and becomes its own calls. One action on several targets ("the kitchen and hallway lights", "the lamp
and the fan") becomes one call per target. Slots go to the shared resolver, so names, aliases, areas, floors and
the speaker's room work the same as in every tier.

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
from hub.home.resolver import Resolution, SlotQuery, normalize_name, resolve
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.llm.nlu_model import DEFAULT_MODEL_DIR, CommandModel, Prediction, SlotSpan
from hub.llm.nlu_names import NameEmbeddings
from hub.llm.nlu_parts import carries_on, has_value, pronoun, said_switch, switch_cuts
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
HINT_CONFIDENCE: Final = 0.5
"""The domain or device-class head is used only when at least this sure."""
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
            calls.extend(outcome)
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
        parts, predictions = _cut_switches(model, parts, predictions)
        parts, predictions = self._rejoin_weak_parts(model, parts, predictions)
        parts, predictions = _merge_continuations(model, parts, predictions, home)
        parts, predictions = _resolve_pronouns(model, parts, predictions, home, speaker_area)
        return parts, [_switched(part, _consistent(p)) for part, p in zip(parts, predictions, strict=True)]

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
        prediction = _setting_of_named(text, prediction, home)
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
        queries = _queries(intent, text, prediction, home)
        paired = _paired_values(intent, text, prediction, len(queries))
        calls: list[ToolCall] = []
        by_name: set[str] = set()
        for index, asked in enumerate(queries):
            query = asked
            if paired is not None:
                args = paired[index]
            if (
                intent in _SWITCH_TOOLS
                and query.name is None
                and set(query.domain) == set(tool.target_domains or ())
                and not _EVERY_THING.search(text.casefold())
            ):
                # Nothing says which devices: a bigger tier may know ("brightness where I cook"), so decline.
                raise _Declined("on/off for a room without any kind of device")
            resolution = _resolve(intent, query, home, speaker_area)
            if resolution.failure is not None and query.name is None and (query.area or query.floor) is not None:
                # "set the loft fan to 50%": no fan in the Loft, but a fan called Loft Fan.
                named = _named_instead(intent, text, query, home, speaker_area)
                if named is not None:
                    resolution, query = named
            if resolution.failure is not None and query.name is not None and self._names is not None:
                match = self._names.closest(query.name, home, TOOLS[intent].target_domains or ())
                if match is not None:
                    retry = _resolve(intent, replace(query, name=match.label), home, speaker_area)
                    if retry.ok:
                        resolution = retry
                        details["embedding_match"] = {"said": query.name, "name": match.label,
                                                      "similarity": round(match.similarity, 3)}
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
            target = _target_args(acting, query, resolution, home)
            calls.append(
                self._validated(ToolCall(acting, {**acting_args, **target}, resolution.entity_ids), home)
            )
        return calls

    @staticmethod
    def _validated(call: ToolCall, home: Home) -> ToolCall:
        try:
            return validate_call(call, home)
        except HearthError as err:
            _LOGGER.debug("Command model call did not validate: %s", err)
            raise _Invalid(str(err)) from None


def _carried_target(
    part: str, prediction: Prediction, home: Home, speaker_area: str | None
) -> tuple[list[str], set[str], bool] | None:
    """What a part acted on, said again as words (a device's name, or "the lights in the Den"), the domains
    of those devices and whether every target was named; `None` when it cannot be said so."""
    phrases: list[str] = []
    domains: set[str] = set()
    named = True
    for query in _queries(prediction.intent, part, prediction, home):
        named = named and query.name is not None
        resolution = _resolve(prediction.intent, query, home, speaker_area)
        if not resolution.ok:
            return None
        found = [home.entities[e] for e in resolution.entity_ids if e in home.entities]
        domains.update(e.domain for e in found)
        if len(found) == 1:
            phrases.append(f"the {found[0].name}")
        elif query.name is None and {e.domain for e in found} == {"light"} and resolution.area_id in home.areas:
            phrases.append(f"the lights in the {home.areas[resolution.area_id].name}")
        else:
            return None
    return (phrases, domains, named) if phrases else None


def _has_player(home: Home, area_id: str | None) -> bool:
    return area_id is not None and any(e.domain == "media_player" for e in home.in_area(area_id))


def _plays_on(part: str, prediction: Prediction, before_part: str, before: Prediction, home: Home) -> bool:
    """Whether a media part with no target of its own follows a part that named a media player."""
    if prediction.intent not in _MEDIA_TOOLS or any(s.label in ("name", "area", "floor") for s in prediction.spans):
        return False
    if _name_mentions(part, home, frozenset({"media_player"})):
        return False  # "... and pause the echo": the tagger missed a name of its own
    queries = _queries(before.intent, before_part, before, home)
    players = {e.entity_id for e in home.entities.values() if e.domain == "media_player"}
    return bool(queries) and all(
        q.name is not None and set(resolve(q, home).entity_ids) <= players and resolve(q, home).ok for q in queries
    )


def _cut_switches(
    model: CommandModel, parts: list[str], predictions: list[Prediction]
) -> tuple[list[str], list[Prediction]]:
    """Parts that hold two on/off actions the tagger did not cut ("switch the fan off and the lights on")."""
    cut_parts: list[str] = []
    cut_predictions: list[Prediction] = []
    for part, prediction in zip(parts, predictions, strict=True):
        cuts = switch_cuts(part, prediction)
        if not cuts:
            cut_parts.append(part)
            cut_predictions.append(prediction)
            continue
        bounds = [0, *cuts, len(part)]
        pieces = [_JOINER_AT_START.sub("", part[a:b]).strip(" ,") for a, b in itertools.pairwise(bounds)]
        cut_parts.extend(pieces)
        cut_predictions.extend(model.predict(piece) for piece in pieces)
    return cut_parts[:MAX_ACTIONS], cut_predictions[:MAX_ACTIONS]


_JOINER_AT_START: Final = re.compile(r"^\s*,?\s*(and\s+)?(then\s+)?", re.IGNORECASE)


def _switched(part: str, prediction: Prediction) -> Prediction:
    """"the fan off": a part that ends in on or off is that switch, whatever the intent head leans to."""
    said = said_switch(part)
    if said is not None and prediction.intent in _SWITCH_TOOLS and prediction.intent != said:
        return replace(prediction, intent=said)
    return prediction


def _merge_continuations(
    model: CommandModel, parts: list[str], predictions: list[Prediction], home: Home
) -> tuple[list[str], list[Prediction]]:
    """Parts that only add targets or the value to the action before them are read together with it."""
    if len(parts) < 2:
        return parts, predictions
    labels = _entity_labels(home) | _area_labels(home)
    known = {word for label in labels for word in label.split()} | set(_GENERIC_NOUNS)
    index = 1
    while index < len(parts):
        before, part = predictions[index - 1], parts[index]
        if not carries_on(parts[index - 1], before, part, predictions[index], known):
            index += 1
            continue
        joined = f"{parts[index - 1]} and {part}"
        again = model.predict(joined)
        if not has_value(again) and before.intent in _SWITCH_TOOLS:
            again = replace(again, intent=before.intent)  # the verb was said in the part before
        parts = [*parts[: index - 1], joined, *parts[index + 1 :]]
        predictions = [*predictions[: index - 1], again, *predictions[index + 1 :]]
    return parts, predictions


_MEDIA_TOOLS: Final = frozenset(
    {"HassMediaPause", "HassMediaUnpause", "HassMediaNext", "HassMediaPrevious", "HassSetVolume",
     "HassSetVolumeRelative", "HassMediaPlayerMute", "HassMediaPlayerUnmute"}
)


def _resolve_pronouns(
    model: CommandModel, parts: list[str], predictions: list[Prediction], home: Home, speaker_area: str | None
) -> tuple[list[str], list[Prediction]]:
    """"turn on the lava lamp and set it to 40 percent": "it" is what the part before acted on, so the part is
    read again with that target in the pronoun's place: the device's name when it was one device, "the Den
    lights" when it was a room's lights."""
    for index in range(1, len(parts)):
        before, part = predictions[index - 1], parts[index]
        if before.intent not in TOOLS or not TOOLS[before.intent].targets_entities:
            continue
        said = pronoun(part, predictions[index])
        if said is not None:
            start, end, template, many = said.start(), said.end(), "{}", said.group(1).casefold() != "it"
        elif not _has_player(home, speaker_area) and _plays_on(part, predictions[index], parts[index - 1], before,
                                                               home):
            # "unmute the jukebox and play the previous track" where the speaker's room has no player of its
            # own (or no room is known): the player just named
            start, end, template, many = len(part), len(part), " on {}", False
        else:
            continue
        carried = _carried_target(parts[index - 1], before, home, speaker_area)
        if carried is None or (len(carried[0]) > 1 and not many):
            continue
        phrases, domains, named = carried
        now = predictions[index].intent
        if now in _MEDIA_TOOLS and "media_player" not in domains:
            continue  # "... and keep it down": the music, not the window named before
        if not named and now in TOOLS and domains <= (TOOLS[now].target_domains or frozenset()):
            continue  # the part already reads as the same kind of device in the same room
        text = f"{part[:start]}{template.format(' and '.join(phrases))}{part[end:]}"
        again = model.predict(text)
        allowed = TOOLS[again.intent].target_domains if again.intent in TOOLS else None
        if allowed is not None and domains <= allowed:
            parts[index], predictions[index] = text, again
    return parts, predictions


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
_UP_OR_DOWN: Final = re.compile(r"\b(up|down|louder|quieter)\b", re.IGNORECASE)


def _setting_of_named(text: str, prediction: Prediction, home: Home) -> Prediction:
    """A number set on a device named in full is that device's own setting, whatever the intent head leaned to:
    "set the loft mini split to 20" is a temperature, "turn the jukebox up by 15" a volume step. Only when
    every name said is one device of one kind, and the intent cannot act on that kind."""
    if prediction.intent not in _SETTERS | _SWITCH_TOOLS:
        return prediction
    said = [m[2] for m in _name_mentions(text, home, frozenset())]
    if not said:
        return prediction
    domains = {
        e.domain for e in home.entities.values() if normalize_name(e.name) in said
    }
    if len(domains) != 1:
        return prediction
    domain = domains.pop()
    allowed = TOOLS[prediction.intent].target_domains or frozenset()
    numbers = [s for s in prediction.spans if s.label in _LEVEL_ARGS | {"temperature", "volume_step"}]
    if domain == "media_player" and prediction.intent in _SWITCH_TOOLS and _UP_OR_DOWN.search(text):
        steps = tuple(replace(s, label="volume_step") for s in numbers)
        others = tuple(s for s in prediction.spans if s not in numbers)
        return replace(prediction, intent="HassSetVolumeRelative", spans=(*others, *steps))
    if (domain in allowed and prediction.intent in _SETTERS) or domain not in _SETTER_FOR_DOMAIN or len(numbers) != 1:
        return prediction
    if prediction.intent in _SWITCH_TOOLS and not re.search(r"\b(to|at)\b", text, re.IGNORECASE):
        return prediction
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
    return {k: v for k, v in args.items() if k in wanted}


_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def _entity_labels(home: Home, allowed: frozenset[str] = frozenset()) -> set[str]:
    """Every entity name and alias of the home, normalized; only entities of `allowed` domains when given."""
    return {
        label
        for entity in home.entities.values()
        if not allowed or entity.domain in allowed
        for label in (normalize_name(n) for n in (entity.name, *entity.aliases))
        if label
    }


def _area_labels(home: Home) -> set[str]:
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


def _name_mentions(text: str, home: Home, allowed: frozenset[str]) -> list[tuple[int, int, str]]:
    """Where the sentence says one of the home's entity names or aliases word for word, longest first.

    The tagger often stops a name at a word that also names a kind of device ("moroccan" of "Moroccan Lamp",
    "loft mini" of "Loft Mini Split") or splits one across a room's name ("Wine" + "Cellar" + "Lamp"). The
    home's own names are the best evidence of where a name ends, so a tagged name that overlaps one is read as
    that whole name. Returns (start, end, normalized label), in sentence order, without overlaps.
    """
    return _label_mentions(text, _entity_labels(home, allowed))


def _overlapping(start: int, end: int, mentions: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    return next((m for m in mentions if m[0] < end and start < m[1]), None)


_LIST_JOINER = re.compile(r"\s*(?:,|\band\b|&)\s*")


def _list_pieces(spans: list[SlotSpan], labels: set[str]) -> list[SlotSpan]:
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
    mentions = _name_mentions(text, home, allowed)
    used: list[tuple[int, int, str]] = []
    named: list[tuple[int, str]] = []  # (where it is said, the name)
    for span in _list_pieces(prediction.slots("name"), entity_labels):
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
    rooms = prediction.slots("area")
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


def _kind_domain(
    intent: str, text: str, prediction: Prediction, kinds: list[str], allowed: frozenset[str]
) -> tuple[str, ...]:
    """The kinds of device a target without a name covers: the head's reading, a kind said in words, or all."""
    domain: tuple[str, ...] = ()
    if prediction.domain and prediction.domain_confidence >= HINT_CONFIDENCE:
        domain = (prediction.domain,)
    said_one = _said_kind(text)
    if said_one is not None and said_one != "light":
        # The words name the kind ("turn the heating off"): they beat the head's guess. Not "light", which is
        # daylight as often as a lamp ("let the light in" opens the curtains).
        domain = (said_one,)
    if kinds and kinds[0]:
        domain = (kinds[0],)
    if not domain and intent in _SWITCH_TOOLS:
        # On/off for a whole room must not mean "every device in it" by accident: a kind of device said in
        # words ("the wine cellar lamps"), else the kind the domain head leans to, even when it is unsure.
        if said_one is not None:
            domain = (said_one,)
        elif prediction.domain:
            domain = (prediction.domain,)
    if intent in _SWITCH_TOOLS and not kinds and said_one is None and _EVERY_THING.search(text.casefold()):
        domain = ()  # "turn off everything in the pantry" means every device there, whatever the head leans to
    if allowed:
        domain = tuple(d for d in domain if d in allowed) or tuple(sorted(allowed))
    return domain


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


def _queries(intent: str, text: str, prediction: Prediction, home: Home) -> list[SlotQuery]:
    """One slot query per target: each name, else each area, else the floor, the home or the speaker's room."""
    tool = TOOLS[intent]
    allowed = tool.target_domains or frozenset()
    area_labels = _area_labels(home)
    entity_labels = _entity_labels(home)
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
    if names and not kind_targets:
        kind_targets = _untagged_kinds(text, prediction, home)
    floor_labels = {normalize_name(f.name) for f in home.floors.values()}
    floors = [f for s in prediction.slots("floor") for f in _snap(text, s.start, s.end, floor_labels)]
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
    domain = _kind_domain(intent, text, prediction, kinds, allowed)
    device_class: tuple[str, ...] = ()
    if prediction.device_class and prediction.device_class_confidence >= HINT_CONFIDENCE and "cover" in domain:
        device_class = (prediction.device_class,)
    whole_home = _EVERYWHERE.search(text.casefold()) is not None
    targets: list[str | None] = list(areas) if areas else [None]
    if areas and _IN_HERE.search(text):
        targets.insert(0, None)  # "the lights in here and in the den": the speaker's room is one of them
    # "turn on the fan and the lights in here": one verb, two kinds of device, so one call per kind.
    said = _said_kinds(text) if intent in _SWITCH_TOOLS and not kinds else []
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
        if fixed is None and bare not in entity_labels and _GENERIC_NOUNS.get(bare):
            kind_targets.append((None, _GENERIC_NOUNS[bare]))
        elif fixed is None:
            kept.append(name)
        elif fixed[0] == "name":
            kept.append(fixed[1])
        else:
            kind_targets.append((fixed[1], fixed[2]))
    return kept, kind_targets


def _untagged_kinds(text: str, prediction: Prediction, home: Home) -> list[tuple[str | None, str]]:
    """Kinds of device said in a list of named devices that the tagger left untagged ("turn on the waffle iron
    and the lights in here"): each is that kind in the speaker's room. Only a kind that follows a list joiner
    and "the" counts, so "the lamp by the sofa" or a kind inside a name the home has do not."""
    covered = [(s.start, s.end) for s in prediction.spans if s.label != "sep"]
    covered += [(m[0], m[1]) for m in _name_mentions(text, home, frozenset())]
    found: list[tuple[str | None, str]] = []
    for match in _LISTED_KIND.finditer(text.casefold()):
        kind = _GENERIC_NOUNS.get(match.group("kind"))
        start, end = match.start("kind"), match.end("kind")
        if kind and not any(a < end and start < b for a, b in covered):
            found.append((None, kind))
    return found


_LISTED_KIND: Final = re.compile(
    r"(?:,|\band|\bplus|\bas well as)\s+(?:also\s+)?(?:the|my|our|all the)\s+(?P<kind>[a-z]+)\b"
    r"(?!\s+(?:in|on|of)\s+(?!here\b))"
)


_IN_HERE: Final = re.compile(r"\b(in|of) (here|this room)\b", re.IGNORECASE)
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
        if span.label == "name" and _GENERIC_NOUNS.get(noun) and noun not in entity_labels:
            before = merged[-1] if merged else None
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


_NEXT_WORD: Final = re.compile(r"^\s+([a-z]+)\b")
_KIND_IN: Final = re.compile(r"\b([a-z]+)\s+in(?: the)?\s+$")


def _untagged_room_kinds(
    text: str, spans: list[SlotSpan], entity_labels: set[str], area_labels: set[str]
) -> list[SlotSpan]:
    """A room followed by a kind the tagger left untagged ("the studio | lights", "the lights in | the
    pantry") becomes the one span "studio lights", so it reads as that room's lights even among names."""
    if not any(s.label == "name" and normalize_name(s.text) not in area_labels for s in spans):
        return spans  # no device named: the room and the kind said are read as they always are
    folded = text.casefold()
    covered = [(s.start, s.end) for s in spans]
    result: list[SlotSpan] = []
    for span in spans:
        room = normalize_name(span.text)
        if span.label in ("name", "area") and room in area_labels:
            after = _NEXT_WORD.match(folded[span.end :])
            before = _KIND_IN.search(folded[: span.start])
            if after is not None and _GENERIC_NOUNS.get(after.group(1)):
                end = span.end + after.end(1)
                taken = f"{room} {after.group(1)}" in entity_labels  # "the pantry lights": a device's name
                if not taken and not any(a < end and span.end < b for a, b in covered):
                    result.append(SlotSpan("name", span.start, end, f"{span.text} {after.group(1)}"))
                    continue
            if before is not None and _GENERIC_NOUNS.get(before.group(1)):
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


_GENERIC_NOUNS: Final[dict[str, str]] = {
    "light": "light", "lights": "light", "lamp": "light", "lamps": "light", "lighting": "light", "bulb": "light",
    "fan": "fan", "fans": "fan", "lock": "lock", "locks": "lock", "blind": "cover", "blinds": "cover",
    "curtain": "cover", "curtains": "cover", "shade": "cover", "shades": "cover", "shutters": "cover",
    "tv": "media_player", "speaker": "media_player", "music": "media_player", "heating": "climate",
    "thermostat": "climate", "device": "", "devices": "", "stuff": "", "telly": "media_player",
    "television": "media_player", "heater": "climate", "aircon": "climate", "radiator": "climate",
    "split": "climate", "con": "climate", "conditioning": "climate", "conditioner": "climate", "ac": "climate",
}
"""Words that name a kind of device, not one device, at the end of a spoken name."""


_SWITCH_TOOLS: Final = frozenset({"HassTurnOn", "HassTurnOff"})
_EVERY_THING = re.compile(r"\b(everything|every ?thing|all (the )?(devices|things|stuff)|every device|all of it)\b")
"""Words that do ask for every device in a room ("turn off everything in the kitchen")."""


def _said_kinds(text: str) -> list[str]:
    """The kinds of device the sentence names with plain nouns ("lamps", "fan", "blinds"), in order."""
    return list(dict.fromkeys(_GENERIC_NOUNS[w] for w in normalize_name(text).split() if _GENERIC_NOUNS.get(w)))


def _said_kind(text: str) -> str | None:
    """The one kind of device the sentence names with a plain noun, if exactly one."""
    kinds = _said_kinds(text)
    return kinds[0] if len(kinds) == 1 else None


_KIND_IN_ROOM: Final = re.compile(rf"^({'|'.join(w for w, k in _GENERIC_NOUNS.items() if k)}) in (?:the )?(.+)$")


def _generic_name(name: str, entity_labels: set[str], area_labels: set[str]) -> tuple[str, str, str] | None:
    """For a name the home does not have: ("name", shorter name) when dropping a trailing kind word finds one
    ("the studio door lock" -> "studio door"), ("area", room, domain) when it is a room plus a kind ("the wine
    cellar lights"), else `None`."""
    kind_in_room = _KIND_IN_ROOM.match(normalize_name(name))
    if kind_in_room is not None and kind_in_room.group(2) in area_labels:
        return ("area", kind_in_room.group(2), _GENERIC_NOUNS[kind_in_room.group(1)])  # "lights in the den"
    words = normalize_name(name).split()
    if not words or " ".join(words) in entity_labels or words[-1] not in _GENERIC_NOUNS:
        return None
    head = " ".join(words[:-1])
    if head in entity_labels:
        return ("name", head, "")
    if head in area_labels:
        return ("area", head, _GENERIC_NOUNS[words[-1]])
    return None


def _said_names(text: str, prediction: Prediction, home: Home, allowed: frozenset[str]) -> list[str]:
    """A home's own entity name or alias said word for word, when the tagger read it as a kind of device.

    "turn off the lamp" in a home with entities called "Lamp" is about those entities (the speaker's one
    first, else a question), as HA's own matcher would take it, not about every light in the room.
    """
    tagged = [(s.start, s.end) for s in prediction.spans if s.label in ("area", "floor")]
    free = "".join(" " if any(a <= i < b for a, b in tagged) else ch for i, ch in enumerate(text))
    mentions = _label_mentions(free, _entity_labels(home, allowed), max_words=_MAX_NAME_WORDS)
    if not mentions:
        return []
    longest = max(mentions, key=lambda m: (len(m[2].split()), -m[0]))  # the longest, the first said of those
    return [longest[2]]


def _named_instead(
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
    said_in_full = [label for _s, _e, label in _name_mentions(text, home, allowed)]
    holding = sorted(label for label in _entity_labels(home, allowed) if f" {said} " in f" {label} ")
    for label in [*said_in_full, *(holding if len(holding) == 1 else [])]:
        if f" {said} " in f" {label} " and label != said:
            named = SlotQuery(name=label, floor=floor, domain=tuple(sorted(allowed)))
            resolution = _resolve(intent, named, home, speaker_area)
            if resolution.ok:
                return resolution, named
    return None


def _resolve(intent: str, query: SlotQuery, home: Home, speaker_area: str | None) -> Resolution:
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


def _target_args(intent: str, query: SlotQuery, resolution: Resolution, home: Home) -> dict[str, Any]:
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


def _state_response(text: str) -> str | None:
    folded = text.casefold()
    if _HOW_MANY.search(folded):
        return "how_many"
    if _WHICH.search(folded):
        return "which"
    if _ARE_ALL.search(folded):
        return "all"
    return None
