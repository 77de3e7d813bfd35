"""How a multi-action sentence's parts are read together: which part carries on the one before it.

The tagger cuts a sentence at connectors ("and", "then", "as well as", commas). A connector may join two actions
("turn off the TV and dim the lights") or two targets of one action ("switch off the lamp as well as the fan",
"set the rattan fan and the bladeless fan to 50 percent"). A part read alone has lost what it shares with its
neighbour: "the den ceiling light" alone sounds like "turn it on". These helpers look at the words of each part
to decide whether it is an action of its own, cut two on/off actions the tagger left together, and give a
pronoun ("and set it to 40 percent") or a target-less media part the target of the part before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Final

from hub.home.model import Home
from hub.llm.nlu_model import CommandModel, Prediction
from hub.llm.nlu_targets import (
    GENERIC_NOUNS,
    SWITCH_TOOLS,
    home_area_labels,
    home_entity_labels,
    name_mentions,
    resolve_target,
    slot_queries,
)
from hub.tools.registry import TOOLS

ACTION_WORDS: Final = frozenset(
    {
        # verbs people use for home commands
        "turn", "switch", "set", "put", "make", "dim", "brighten", "open", "close", "shut", "lock", "unlock",
        "start", "stop", "pause", "resume", "unpause", "play", "skip", "mute", "unmute", "silence", "raise",
        "lower", "kill", "flip", "power", "crank", "bump", "boost", "drop", "change", "adjust", "run", "activate",
        "deactivate", "enable", "disable", "cut", "bring", "let", "get", "tone", "paint", "continue", "carry",
        "hit", "increase", "decrease", "reduce", "go", "keep", "leave", "give", "knock",
        "fire", "shutdown", "restart", "toggle", "crack", "draw", "pull", "roll", "lift", "check",
        "tell", "remind", "cancel", "add", "plug", "unplug", "illuminate", "darken", "brighter",
        "dimmer", "louder", "quieter", "softer", "warmer", "cooler", "colder", "hotter", "next", "previous",
        # particles that carry the action on their own ("the fan off", "lights up")
        "on", "off", "up", "down", "closed", "opened", "locked", "unlocked", "back",
        # question words: "and is the door locked?" is an action of its own
        "is", "are", "what", "whats", "how", "which", "who", "when", "where", "why", "timer", "alarm",
    }
)
"""Words that make a part an action of its own; a part without any of them carries on the one before it."""

SETTING_VERBS: Final = frozenset({"set", "put", "dim", "make", "change", "adjust", "turn", "bring", "get"})
"""Verbs that take a value ("set ... to 50 percent"); with one of these and no value, a part waits for one."""

VALUE_LABELS: Final = frozenset(
    {"brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage", "hours",
     "minutes", "seconds", "state"}
)
_WORDS = re.compile(r"[a-z]+")


def has_action_word(part: str) -> bool:
    """Whether the part says a verb, a particle or a question word of its own."""
    return any(word in ACTION_WORDS for word in _WORDS.findall(part.casefold().replace("'", "")))


def has_value(prediction: Prediction) -> bool:
    """Whether the tagger found a setting's value (a level, colour, temperature, duration or state)."""
    return any(span.label in VALUE_LABELS for span in prediction.spans)


FILLER_WORDS: Final = frozenset(
    {"the", "a", "an", "my", "our", "your", "this", "that", "those", "these", "too", "as", "well", "also",
     "please", "then", "and", "now", "for", "me", "us", "to", "at", "percent", "degrees", "of", "in", "here",
     "there", "room", "one", "ones", "both", "all", "plus", "oh", "same", "with", "thanks", "thank", "you",
     "while", "youre", "it", "just", "again", "volume", "brightness", "speed", "setting", "level"}
)
"""Words a bare list of targets may have besides the targets themselves."""


def only_targets(part: str, prediction: Prediction, known: set[str]) -> bool:
    """Whether every word of the part is a filler, a tagged target or value, or a word of one of the home's
    names (`known`, normalized words): "the den ceiling light", "the bladeless fan to 50 percent"."""
    covered = [(s.start, s.end) for s in prediction.spans if s.label != "sep"]
    for match in _WORDS.finditer(part.casefold().replace("'", " ")):
        word = match.group()
        if word in FILLER_WORDS or word in known or word.isdigit():
            continue
        if any(start <= match.start() < end for start, end in covered):
            continue
        return False
    return True


def carries_on(
    before_part: str, before: Prediction, part: str, prediction: Prediction, known: set[str]
) -> bool:
    """Whether `part` is more targets (or the shared value) of the action before it, not an action of its own.

    "switch off the tripod lamp as well as | the den ceiling light": no verb, no value, so the same action.
    "set the rattan fan and | the bladeless fan to 50 percent": the value is shared back to the part that had
    the verb but no value. Two parts that each have a value ("lights to half and | the fan to 40 percent") are
    two actions, even without a verb.
    """
    if has_action_word(part) or not only_targets(part, prediction, known):
        return False
    if before.intent in ("HassStartTimer", "HassCancelTimer", "HassTimerStatus", "HassCancelAllTimers"):
        return False
    if not has_value(prediction):
        return True
    return not has_value(before) and awaits_value(before_part, known)


def awaits_value(part: str, known: set[str]) -> bool:
    """Whether a part is a setting verb and its targets, still waiting for the value: "set the rattan fan",
    "dim the crystal lamp" (not "open the door lock", "make it quieter", "put the fan to sleep")."""
    words = _WORDS.findall(part.casefold().replace("'", ""))
    if not words or not SETTING_VERBS.intersection(words) or words[-1] not in known:
        return False
    return not any(w in ACTION_WORDS and w not in SETTING_VERBS for w in words)


_PRONOUN = re.compile(r"\b(it|them|that one|this one)\b(?!['\u2019]| (is|was|gets|feels)\b)", re.IGNORECASE)
_HERE = re.compile(r"\b(in|of|out) (here|the room|this room)\b", re.IGNORECASE)
TARGET_LABELS: Final = frozenset({"name", "area", "floor"})


def pronoun(part: str, prediction: Prediction) -> re.Match[str] | None:
    """The pronoun a part uses instead of a target ("and set it to 40 percent"), when it tags no target."""
    if any(span.label in TARGET_LABELS for span in prediction.spans) or _HERE.search(part):
        return None
    return _PRONOUN.search(part)


_JOINER: Final = re.compile(
    r"\s*,\s*(?:and\s+|but\s+)?(?:then\s+)?|\s+(?:and|but)\s+(?:then\s+)?|\s+then\s+", re.IGNORECASE
)
_PARTICLE_END: Final = re.compile(
    r"\b(on|off|closed|open|opened|shut|locked|unlocked)"
    r"(?:\W+(?:in here|out here|please|now|for me|too|as well|again|thanks))*\W*$",
    re.IGNORECASE,
)
_SWITCHED: Final = {"on": "HassTurnOn", "off": "HassTurnOff"}


def switch_cuts(part: str, prediction: Prediction) -> list[int]:
    """Where a part the tagger left whole says two actions: at a connector followed by a command verb ("open the
    curtains, turn off the fan"), or between two on/off actions without a verb ("the fan off and the lights on",
    "the lights green and the fan on"): the words after the connector end in on/off without a verb of their own,
    and the words before it end in on/off, up/down, a unit or a value."""
    joiners = list(_JOINER.finditer(part))
    value_ends = {span.end for span in prediction.spans if span.label in VALUE_LABELS}
    cuts: list[int] = []
    for index, joiner in enumerate(joiners):
        after = part[joiner.end() : joiners[index + 1].start() if index + 1 < len(joiners) else len(part)]
        before = part[: joiner.start()]
        if _STARTS_WITH_VERB.match(after):
            if _STARTS_WITH_VERB.match(part):
                # "open the curtains, turn off the fan": two commands; not "time for bed, kill the lamp", where
                # what comes before the verb is no command of its own
                cuts.append(joiner.start())
            continue
        if _PARTICLE_END.search(after) is None or _has_verb(after):
            continue
        if (
            _PARTICLE_END.search(before) is not None
            or _STEP_OR_UNIT_END.search(before) is not None
            or len(before.rstrip()) in value_ends
        ):
            cuts.append(joiner.start())
    return cuts


_COMMAND_VERBS: Final = (
    "turn|switch|open|close|shut|lock|unlock|set|dim|brighten|pause|resume|unpause|mute|unmute|skip|start|stop"
    "|play|put|make|kill|flip|crank"
)
_STARTS_WITH_VERB: Final = re.compile(rf"^\s*(?:please\s+)?(?:{_COMMAND_VERBS})\b", re.IGNORECASE)
_STEP_OR_UNIT_END: Final = re.compile(r"\b(up|down|percent|%|degrees)\W*$", re.IGNORECASE)


def _has_verb(text: str) -> bool:
    particles = {"on", "off", "up", "down", "closed", "opened", "locked", "unlocked", "back", "shut", "open"}
    return any(w in ACTION_WORDS and w not in particles for w in _WORDS.findall(text.casefold().replace("'", "")))


def said_switch(part: str) -> str | None:
    """The on/off tool a part's last word asks for ("the lights on"), if it ends in on or off."""
    match = _PARTICLE_END.search(part)
    if match is None or _NOT_AN_ORDER.search(part) is not None:
        return None  # "nobody needs the fan on", "it's chilly with the fan on" describe, not ask
    return _SWITCHED.get(match.group(1).casefold())


_NOT_AN_ORDER: Final = re.compile(r"\b(no|not|nobody|never|without|with|dont|don't|doesn't|need|needs)\b|n't\b", re.I)


def _carried_target(
    part: str, prediction: Prediction, home: Home, speaker_area: str | None
) -> tuple[list[str], set[str], bool] | None:
    """What a part acted on, said again as words (a device's name, or "the lights in the Den"), the domains
    of those devices and whether every target was named; `None` when it cannot be said so."""
    phrases: list[str] = []
    domains: set[str] = set()
    named = True
    for query in slot_queries(prediction.intent, part, prediction, home):
        named = named and query.name is not None
        resolution = resolve_target(prediction.intent, query, home, speaker_area)
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


def _may_play_on(part: str, prediction: Prediction, home: Home) -> bool:
    """Whether a part is a media action with no target of its own, so it may play on a player named before."""
    if prediction.intent not in _MEDIA_TOOLS or any(s.label in TARGET_LABELS for s in prediction.spans):
        return False
    return not name_mentions(part, home, frozenset({"media_player"}))  # "... and pause the echo": a name


def cut_switches(
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
    return cut_parts, cut_predictions


_JOINER_AT_START: Final = re.compile(r"^\s*,?\s*(and\s+|but\s+)?(then\s+)?", re.IGNORECASE)


def switched(part: str, prediction: Prediction) -> Prediction:
    """"the fan off": a part that ends in on or off is that switch, whatever the intent head leans to."""
    said = said_switch(part)
    if said is not None and prediction.intent in SWITCH_TOOLS and prediction.intent != said:
        return replace(prediction, intent=said)
    return prediction


def merge_continuations(
    model: CommandModel, parts: list[str], predictions: list[Prediction], home: Home
) -> tuple[list[str], list[Prediction]]:
    """Parts that only add targets or the value to the action before them are read together with it."""
    if len(parts) < 2:
        return parts, predictions
    labels = home_entity_labels(home) | home_area_labels(home)
    known = {word for label in labels for word in label.split()} | set(GENERIC_NOUNS)
    index = 1
    while index < len(parts):
        before, part = predictions[index - 1], parts[index]
        if not carries_on(parts[index - 1], before, part, predictions[index], known):
            index += 1
            continue
        joined = f"{parts[index - 1]} and {part}"
        again = model.predict(joined)
        if not has_value(again) and before.intent in SWITCH_TOOLS:
            again = replace(again, intent=before.intent)  # the verb was said in the part before
        parts = [*parts[: index - 1], joined, *parts[index + 1 :]]
        predictions = [*predictions[: index - 1], again, *predictions[index + 1 :]]
    return parts, predictions


_MEDIA_TOOLS: Final = frozenset(
    name for name, tool in TOOLS.items() if tool.target_domains == frozenset({"media_player"})
)


def resolve_pronouns(
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
        plays_on = said is None and not _has_player(home, speaker_area) and _may_play_on(part, predictions[index], home)
        if said is None and not plays_on:
            continue
        carried = _carried_target(parts[index - 1], before, home, speaker_area)
        if carried is None:
            continue
        phrases, domains, named = carried
        if said is not None:
            start, end, template, many = said.start(), said.end(), "{}", said.group(1).casefold() != "it"
        elif named and domains == {"media_player"}:
            # "unmute the jukebox and play the previous track" where the speaker's room has no player of its
            # own (or no room is known): the player just named
            start, end, template, many = len(part), len(part), " on {}", False
        else:
            continue
        if len(phrases) > 1 and not many:
            continue
        now = predictions[index].intent
        if now in _MEDIA_TOOLS and "media_player" not in domains:
            continue  # "... and keep it down": the music, not the window named before
        if not named and now in TOOLS and domains <= (TOOLS[now].target_domains or frozenset()):
            continue  # the part already reads as the same kind of device in the same room
        text = f"{part[:start]}{template.format(' and '.join(phrases))}{part[end:]}"
        again = model.predict(text)
        if not _acts_on(again.intent, domains) and _acts_on(now, domains):
            # "set the Pulse Strip to red" read as a volume: the part's own reading ("set it to red") said what
            # to do, the name only where
            again = replace(again, intent=now)
        if _acts_on(again.intent, domains):
            parts[index], predictions[index] = text, again
    return parts, predictions


def _acts_on(intent: str, domains: set[str]) -> bool:
    allowed = TOOLS[intent].target_domains if intent in TOOLS else None
    return allowed is not None and domains <= allowed
