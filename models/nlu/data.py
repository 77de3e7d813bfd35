"""The data recipe: labelled commands sampled from HA's templates and Hearth's own, on synthetic homes.

A sample is a sentence with character spans (slot labels), a sentence intent, a domain and device class (what
kind of device the words imply, e.g. "it's too dark" -> light), and the expected tool calls on its home, so the
same generator makes training data and scored evaluation cases. Run it as part of training
(`python -m models.nlu.train`), or alone: `python -m models.nlu.data --out DIR`.

Label sets are fixed here and shipped with the model (`labels.json`), so the hub decodes what training encoded.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk
from hassil.intents import Intents
from hassil.parse_expression import parse_sentence
from home_assistant_intents import get_intents

from models.nlu import heldout, templates, templates_casual
from models.nlu.homes import SynthEntity, SynthHome, make_home
from models.nlu.vocab import COLORS, COVER_KINDS, TEST, TRAIN, Pool

# The HA intents the hub runs; every other template becomes "none" (the tier then lets the next tier try).
TARGET_DOMAINS: dict[str, tuple[str, ...] | None] = {
    "HassTurnOn": ("light", "switch", "fan", "media_player", "input_boolean", "cover", "lock", "valve", "climate"),
    "HassTurnOff": ("light", "switch", "fan", "media_player", "input_boolean", "cover", "lock", "valve", "climate"),
    "HassLightSet": ("light",),
    "HassClimateSetTemperature": ("climate",),
    "HassClimateGetTemperature": ("climate",),
    "HassGetState": (),
    "HassSetPosition": ("cover", "valve"),
    "HassMediaPause": ("media_player",),
    "HassMediaUnpause": ("media_player",),
    "HassMediaNext": ("media_player",),
    "HassMediaPrevious": ("media_player",),
    "HassSetVolume": ("media_player",),
    "HassSetVolumeRelative": ("media_player",),
    "HassMediaPlayerMute": ("media_player",),
    "HassMediaPlayerUnmute": ("media_player",),
    "HassFanSetSpeed": ("fan",),
    "HassStartTimer": None,
    "HassCancelTimer": None,
    "HassCancelAllTimers": None,
    "HassTimerStatus": None,
    "HassGetCurrentTime": None,
    "HassGetCurrentDate": None,
    "HassNevermind": None,
}
INTENTS: list[str] = ["none", *sorted(TARGET_DOMAINS)]
DOMAINS: list[str] = ["", "light", "fan", "cover", "lock", "climate", "media_player", "switch", "sensor"]
DEVICE_CLASSES: list[str] = ["", "blind", "curtain", "shade", "shutter", "awning", "garage", "gate", "window", "door"]
SLOTS: list[str] = [
    "name",
    "area",
    "floor",
    "state",
    "color",
    "brightness",
    "temperature",
    "position",
    "volume_level",
    "volume_step",
    "percentage",
    "hours",
    "minutes",
    "seconds",
    "sep",
]
TAGS: list[str] = ["O"] + [f"{p}-{s}" for s in SLOTS for p in ("B", "I")]
KEY_ARGS = (
    "brightness",
    "color",
    "temperature",
    "position",
    "volume_level",
    "volume_step",
    "percentage",
    "hours",
    "minutes",
    "seconds",
    "state",
)
"""Arguments the full-call exact match compares (names and areas are compared as resolved entities)."""

_STATE_LISTS = {
    "on_off_states": [("on", "on"), ("off", "off")],
    "onoff": [("on", "on"), ("off", "off")],
    "lock_states": [("locked", "locked"), ("unlocked", "unlocked"), ("securely locked", "locked")],
    "lockstate": [("locked", "locked"), ("unlocked", "unlocked")],
    "cover_states": [("open", "open"), ("closed", "closed"), ("shut", "closed")],
    "coverstate": [("open", "open"), ("closed", "closed"), ("shut", "closed")],
    "bs_open_states": [("open", "on"), ("closed", "off"), ("shut", "off")],
    "bs_occupancy_states": [("occupied", "on"), ("empty", "off"), ("clear", "off")],
}
_COLOR_TEMPS = [
    ("candle light", 1900),
    ("warm white", 2700),
    ("cool white", 4000),
    ("cold white", 4000),
    ("daylight", 6500),
    ("day light", 6500),
]
_TIMER_NAMES = ("pizza", "pasta", "egg", "laundry", "tea", "oven", "nap", "bread", "homework", "cookie", "rice")
_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_PREFIXES = (
    "please ",
    "hey ",
    "could you ",
    "can you ",
    "would you ",
    "um ",
    "ok ",
    "okay ",
    "so ",
    "hey hearth ",
    "could you please ",
    "i'd like you to ",
    "quick one, ",
    "uh ",
    "hearth, ",
    "yo ",
)
_SUFFIXES = (" please", " thanks", " now", " for me", " right now", " thank you", " asap", " if you can")
_CONNECTORS = (
    " and ", ", ", ", and ", " and then ", " then ", ", then ", " and also ", " plus ", " after that ", " as well as ",
    " oh and ", ", oh and ", ", also ", ". also ", " and could you ", " and please ", " and can you ", ". then ",
    " and after that ", ", and also ",
)
_LAST_CONNECTORS = (
    " and ", ", and ", " and then ", " then ", " as well as ", " oh and ", ", oh and ", " and also ", ", also ",
    ". also ", " and could you ", " and please ",
)

NONE_TRAIN = [
    "tell me a joke",
    "what's the capital of france",
    "who won the game last night",
    "how do i boil an egg",
    "i love you",
    "what is the meaning of life",
    "sing me a song",
    "how old are you",
    "what's your name",
    "good morning",
    "good night",
    "thank you",
    "hello",
    "how are you",
    "what can you do",
    "who are you",
    "translate hello into spanish",
    "what's two plus two",
    "how far is the moon",
    "spell necessary",
    "i bought a new lamp yesterday",
    "the kitchen is a mess",
    "my bedroom needs painting",
    "i hate mondays",
    "call my mother",
    "send a message to jack",
    "order a pizza",
    "book a table for two",
    "what's on netflix",
    "how tall is mount everest",
    "who invented the telephone",
    "recommend a good book",
    "let's play a game",
    "what's the news",
    "read me a story",
    "how do you make pancakes",
    "define serendipity",
    "flip a coin",
    "roll a dice",
    "i'm bored",
    "what should i cook tonight",
    "how many ounces in a pound",
    "is it going to rain",
    "what's the weather like tomorrow",
    "where is my phone",
    "find my keys",
    "the light bulb was invented by edison",
    "lamps are expensive these days",
    "doors and windows",
    "my fan club is huge",
    "i need a new tv",
    "the thermostat brand is nest",
    "what does a blind spot mean",
    "the curtains in the film were red",
    "what is a light year",
    "who is the president",
    "explain quantum physics",
    "write a poem about cats",
    "how do magnets work",
    "what's the population of tokyo",
    "play twenty questions",
    "what rhymes with orange",
    "my name is sam",
    "remember that i like tea",
    "what did i say yesterday",
    "open the pod bay doors hal",
    "is the earth flat",
    "convert ten miles to kilometers",
    "what's the square root of 144",
    "buy more milk",
    "email my boss",
    "whats up",
    "yes",
    "no",
    "maybe",
    "hmm",
    "blah blah",
    "asdf",
    "test test",
    "testing one two",
]
NONE_TEST = [
    "what's the tallest building in the world",
    "give me a fun fact",
    "how many legs does a spider have",
    "can you recommend a movie",
    "who painted the mona lisa",
    "what year did the war end",
    "tell me a riddle",
    "i'm feeling sad today",
    "what is photosynthesis",
    "how do i tie a tie",
    "my neighbour's lamp is ugly",
    "the garage sale is on saturday",
    "describe a sunset",
    "what's the speed of light",
    "happy birthday",
]


@dataclass
class Sample:
    """One labelled sentence and what it should do on its home."""

    text: str
    spans: list[tuple[int, int, str]]
    intent: str
    domain: str = ""
    device_class: str = ""
    area: str | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "spans": self.spans,
            "intent": self.intent,
            "domain": self.domain,
            "device_class": self.device_class,
            "area": self.area,
            "calls": self.calls,
            "source": self.source,
        }


def number_words(n: int, rng: random.Random) -> str:
    if n < 20:
        return _NUMBER_WORDS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else rng.choice((" ", "-")) + _NUMBER_WORDS[ones])
    if n == 100:
        return rng.choice(("one hundred", "a hundred", "hundred"))
    return str(n)


class Rejected(Exception):
    """The sample cannot be realized on this home (no entity fits): draw again."""


class _Draw:
    """One random walk through a template, choosing names from the home as list references come up."""

    def __init__(
        self,
        rng: random.Random,
        home: SynthHome,
        block: dict[str, Any],
        rules: dict[str, Any],
        lists: dict[str, Any],
        *,
        noisy: bool = True,
    ) -> None:
        self.rng, self.home, self.block, self.rules, self.lists = rng, home, block, rules, lists
        self.noisy = noisy
        self.pieces: list[tuple[str, str | None]] = []
        self.values: dict[str, list[Any]] = defaultdict(list)
        self.used_rules: set[str] = set()
        slots = block.get("slots", {})
        self.domain: str = slots.get("domain", "") if isinstance(slots.get("domain", ""), str) else ""
        self.device_class: str = slots.get("device_class", "") if isinstance(slots.get("device_class", ""), str) else ""
        self.name_domains: list[str] = list(block.get("name_domains") or [])
        if not self.name_domains and self.domain:
            self.name_domains = [self.domain]

    def walk(self, expr: Expression) -> None:
        rng = self.rng
        if isinstance(expr, TextChunk):
            self.pieces.append((expr.original_text if expr.original_text is not None else expr.text, None))
        elif isinstance(expr, Alternative):
            items = expr.items
            if expr.is_optional:
                nonempty = [i for i in items if not (isinstance(i, TextChunk) and not (i.original_text or i.text))]
                if rng.random() < 0.5 or not nonempty:
                    return
                items = nonempty
            self.walk(rng.choice(items))
        elif isinstance(expr, Permutation):
            items = list(expr.items)
            rng.shuffle(items)
            for item in items:
                self.walk(item)
                self.pieces.append((" ", None))
        elif isinstance(expr, Sequence):
            for item in expr.items:
                self.walk(item)
        elif isinstance(expr, RuleReference):
            self.used_rules.add(expr.rule_name)
            self.walk(self.rules[expr.rule_name])
        elif isinstance(expr, ListReference):
            self.slot(expr.list_name, expr.slot_name)
        else:
            raise TypeError(expr)

    def _entity(self) -> SynthEntity:
        pool = [e for e in self.home.entities if not self.name_domains or e.domain in self.name_domains]
        if self.values["area"]:
            # "the desk lamp in the office": the named entity must be in the area said.
            pool = [e for e in pool if e.area == self.values["area"][0]]
        if self.values["floor"]:
            pool = [e for e in pool if e.area and self.home.areas[e.area][1] == self.values["floor"][0]]
        taken = set(self.values["name"])
        pool = [e for e in pool if e.entity_id not in taken]
        if self.device_class and self.domain == "cover":
            pool = [e for e in pool if e.device_class == self.device_class] or pool
        if not pool:
            raise Rejected
        return self.rng.choice(pool)

    def slot(self, list_name: str, slot_name: str) -> None:
        rng = self.rng
        if list_name == "name" or (slot_name == "name" and list_name == "timer_name"):
            if (
                self.block["intent"] in ("HassStartTimer", "HassCancelTimer", "HassTimerStatus")
                or list_name == "timer_name"
            ):
                text = rng.choice(_TIMER_NAMES)
                self.values["timer_name"].append(text)
                self.pieces.append((text, "name"))
                return
            entity = self._entity()
            self.values["name"].append(entity.entity_id)
            self.pieces.append((_spoken(entity.name, rng, self.noisy), "name"))
        elif list_name == "area":
            area_id = rng.choice([a for a in self.home.areas if a not in self.values["area"]] or list(self.home.areas))
            if self.values["name"] and not self.values["area"]:
                by_id = {e.entity_id: e for e in self.home.entities}
                area_id = by_id[self.values["name"][0]].area or area_id
            self.values["area"].append(area_id)
            self.pieces.append((_spoken(self.home.areas[area_id][0], rng, self.noisy), "area"))
        elif list_name == "floor":
            floor_id = rng.choice(list(self.home.floors))
            if self.values["name"]:
                by_id = {e.entity_id: e for e in self.home.entities}
                area = by_id[self.values["name"][0]].area
                floor_id = self.home.areas[area][1] or floor_id if area else floor_id
            self.values["floor"].append(floor_id)
            self.pieces.append((_spoken(self.home.floors[floor_id], rng, self.noisy), "floor"))
        elif list_name in ("kind", "cover_classes"):
            if not self.device_class:
                classes = sorted({e.device_class for e in self.home.entities if e.domain == "cover" and e.device_class})
                self.device_class = rng.choice(classes or ["blind"])
            self.pieces.append((rng.choice(COVER_KINDS[self.device_class]), None))
        elif list_name in _STATE_LISTS:
            text, value = rng.choice(_STATE_LISTS[list_name])
            self.values["state"].append(value)
            self.pieces.append((text, "state"))
        elif list_name == "color":
            text = rng.choice(COLORS)
            self.values["color"].append(text)
            self.pieces.append((text, "color"))
        elif list_name == "brightness_level":
            text, value = rng.choice(
                [("max", 100), ("maximum", 100), ("highest", 100), ("min", 1), ("minimum", 1), ("lowest", 1)]
            )
            self.values["brightness"].append(value)
            self.pieces.append((text, "brightness"))
        elif list_name == "color_temperature_names":
            text, value = rng.choice(_COLOR_TEMPS)
            self.values["temperature"].append(value)
            self.pieces.append((text, "temperature"))
        elif list_name == "volume_step":
            text, value = rng.choice([("up", "up"), ("down", "down"), ("increase", "up"), ("decrease", "down")])
            self.values["volume_step"].append(value)
            self.pieces.append((text, "volume_step"))
        elif list_name == "timer_half":
            self.values[slot_name].append(30)
            self.pieces.append(("half", slot_name))
        elif list_name in ("temperature", "color_temperature"):
            if list_name == "color_temperature":
                value: int | float = rng.randrange(2000, 6600, 100)
                text = str(value)
            else:
                value = rng.randint(15, 28) + (0.5 if rng.random() < 0.15 else 0)
                text = (
                    str(value)
                    if isinstance(value, float) and not float(value).is_integer()
                    else (number_words(int(value), rng) if rng.random() < 0.3 else str(int(value)))
                )
                value = int(value) if float(value).is_integer() else value
            self.values["temperature"].append(value)
            self.pieces.append((text, "temperature"))
        elif list_name in (
            "brightness",
            "position",
            "volume",
            "fan_speed",
            "volume_level",
            "percentage",
            "volume_step_up",
            "volume_step_down",
            "timer_seconds",
            "timer_minutes",
            "timer_hours",
            "hours",
            "minutes",
            "seconds",
        ):
            if list_name in ("timer_hours", "hours"):
                value = rng.randint(1, 12)
            elif list_name in ("timer_minutes", "minutes", "timer_seconds", "seconds"):
                value = rng.choice((1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 45, 60, 90, rng.randint(1, 99)))
            elif list_name.startswith("volume_step"):
                value = rng.choice((5, 10, 15, 20, 25, 30, 50))
            else:
                value = rng.choice((0, 5, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100, rng.randint(0, 100)))
            text = number_words(value, rng) if rng.random() < 0.3 else str(value)
            self.values[slot_name].append(-value if list_name == "volume_step_down" else value)
            self.pieces.append((text, slot_name))
        else:
            raise Rejected  # wildcards and lists of intents the hub does not run

    def sentence(self) -> tuple[str, list[tuple[int, int, str]]]:
        text = ""
        spans: list[tuple[int, int, str]] = []
        for piece, label in self.pieces:
            if label is None:
                text += piece
                continue
            if text and not text.endswith(" ") and piece and piece[0].isalnum() and text[-1].isalnum():
                text += " "
            start = len(text)
            text += piece
            spans.append((start, len(text), label))
        return _squeeze(text, spans)


def _spoken(name: str, rng: random.Random, noisy: bool = True) -> str:
    text = name.casefold() if rng.random() < 0.85 else name
    if noisy and rng.random() < 0.04 and len(text) > 5:
        text = _typo(text, rng)
    return text


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if not word[i].isalpha():
        return word
    if op < 0.4:
        return word[:i] + word[i + 1 :]
    if op < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if i + 2 <= len(word) - 1 else word
    return word[:i] + word[i] + word[i:]


def _squeeze(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Collapse runs of spaces and strip, keeping span offsets right."""
    out = []
    mapping = []
    prev_space = True
    for ch in text:
        space = ch.isspace()
        if space and prev_space:
            mapping.append(len(out))
            continue
        mapping.append(len(out))
        out.append(" " if space else ch)
        prev_space = space
    mapping.append(len(out))
    result = "".join(out)
    stripped = result.rstrip()
    new_spans = [(mapping[s], min(mapping[e], len(stripped)), label) for s, e, label in spans]
    new_spans = [(s, e, label) for s, e, label in new_spans if e > s]
    return stripped, new_spans


def expected_calls(intent: str, draw: _Draw, speaker: str | None, home: SynthHome) -> list[dict[str, Any]]:
    """The calls the sentence should produce on `home`, from what the walk chose (not from the text)."""
    if intent == "none":
        return []
    args: dict[str, Any] = {}
    for key in KEY_ARGS:
        if draw.values.get(key):
            args[key] = draw.values[key][0]
    slots = draw.block.get("slots", {})
    for key in ("volume_step", "state"):
        if key not in args and isinstance(slots.get(key), str):
            args[key] = slots[key]
    if "timer_name" in draw.values:
        args["name"] = draw.values["timer_name"][0]
    allowed = TARGET_DOMAINS[intent]
    if allowed is None:
        return [{"tool": intent, "args": args, "entities": []}]

    def kind(entities: list[SynthEntity]) -> list[SynthEntity]:
        if intent == "HassClimateGetTemperature":
            found = [e for e in entities if e.domain == "climate"]
            return found or [e for e in entities if e.domain == "sensor" and e.device_class == "temperature"]
        if draw.domain:
            entities = [e for e in entities if e.domain == draw.domain]
        elif allowed:
            entities = [e for e in entities if e.domain in allowed]
        if draw.device_class:
            entities = [e for e in entities if e.device_class == draw.device_class]
        return entities

    groups: list[list[SynthEntity]]
    if draw.values["name"]:
        by_id = {e.entity_id: e for e in home.entities}
        groups = [[by_id[i]] for i in draw.values["name"]]
        if allowed and any(g[0].domain not in allowed for g in groups):
            raise Rejected
    elif draw.values["area"]:
        groups = [kind(home.in_area(a)) for a in draw.values["area"]]
    elif draw.values["floor"]:
        groups = [kind(home.on_floor(f)) for f in draw.values["floor"]]
    elif "everywhere" in draw.used_rules:
        groups = [kind(list(home.entities))]
    elif speaker is not None:
        groups = [kind(home.in_area(speaker))]
    else:
        raise Rejected
    if any(not g for g in groups):
        raise Rejected
    return [{"tool": intent, "args": args, "entities": sorted(e.entity_id for e in g)} for g in groups]


@dataclass
class Block:
    """A template block ready to sample: its parsed sentences and what the walk needs to know."""

    intent: str
    block: dict[str, Any]
    sentences: list[Any]
    source: str


def ha_blocks() -> tuple[list[Block], dict[str, Any]]:
    """HA's English templates (without wildcard-only sentences), and their expansion rules."""
    data = get_intents("en")
    if data is None:
        raise RuntimeError("home-assistant-intents has no English templates")
    intents = Intents.from_dict(data)
    rules = {name: rule.expression for name, rule in intents.expansion_rules.items()}
    blocks: list[Block] = []
    for name, intent in intents.intents.items():
        label = name if name in TARGET_DOMAINS else "none"
        for item in intent.data:
            slots = {k: v for k, v in (item.slots or {}).items() if isinstance(v, str)}
            context = item.requires_context or {}
            domains = context.get("domain")
            name_domains = [domains] if isinstance(domains, str) else list(domains or [])
            block = {"intent": label, "slots": slots, "name_domains": name_domains, "ha_covers": True}
            sentences = [s for s in item.sentences if not any(w in (s.text or "") for w in item.wildcard_list_names)]
            if item.wildcard_list_names:
                sentences = [
                    s
                    for s in item.sentences
                    if not _has_wildcard(s.expression, set(item.wildcard_list_names) - {"timer_name"})
                ]
            local = {**rules, **{k: v.expression for k, v in (item.expansion_rules or {}).items()}}
            if sentences:
                blocks.append(Block(label, {**block, "rules": local}, sentences, "ha"))
    return blocks, rules


def _has_wildcard(expr: Expression, names: set[str]) -> bool:
    if isinstance(expr, ListReference):
        return expr.list_name in names
    return any(_has_wildcard(i, names) for i in getattr(expr, "items", []))


def hearth_blocks(entries: list[dict[str, Any]], rules: dict[str, Any], source: str) -> list[Block]:
    """Hearth's own templates (training or held-out), parsed with HA's rules plus Hearth's."""
    merged = dict(rules)
    for name, body in templates.RULES.items():
        merged[name] = parse_sentence(body).expression
    blocks = []
    for entry in entries:
        sentences = [parse_sentence(s) for s in entry["sentences"]]
        blocks.append(Block(entry["intent"], {**entry, "rules": merged}, sentences, source))
    return blocks


def draw_sample(
    rng: random.Random, home: SynthHome, block: Block, *, speaker: str | None = "random", augment: bool = True
) -> Sample:
    """One sample from one block; raises `Rejected` when it cannot be realized."""
    sentence = rng.choice(block.sentences)
    draw = _Draw(rng, home, block.block, block.block["rules"], {}, noisy=augment)
    draw.walk(sentence.expression)
    text, spans = draw.sentence()
    if not text or len(text) > 200:
        raise Rejected
    if speaker == "random":
        speaker = rng.choice(list(home.areas)) if rng.random() < 0.9 else None
    calls = expected_calls(block.intent, draw, speaker, home)
    domain = draw.domain if draw.domain in DOMAINS else ""
    if block.intent in ("HassClimateGetTemperature", "HassClimateSetTemperature"):
        domain = "climate"
    device_class = draw.device_class if draw.device_class in DEVICE_CLASSES else ""
    sample = Sample(text, spans, block.intent, domain, device_class, speaker, calls, block.source)
    return augment_sample(sample, rng) if augment else sample


def augment_sample(sample: Sample, rng: random.Random) -> Sample:
    """Filler words, typos outside names, capitalization and punctuation."""
    text, spans = sample.text, list(sample.spans)
    if rng.random() < 0.25:
        prefix = rng.choice(_PREFIXES)
        text, spans = prefix + text, [(s + len(prefix), e + len(prefix), lab) for s, e, lab in spans]
    if rng.random() < 0.15:
        text += rng.choice(_SUFFIXES)
    if rng.random() < 0.12:
        words = list(re.finditer(r"[a-z]{5,}", text))
        free = [m for m in words if not any(s < m.end() and m.start() < e for s, e, _ in spans)]
        if free:
            m = rng.choice(free)
            new = _typo(m.group(0), rng)
            delta = len(new) - len(m.group(0))
            text = text[: m.start()] + new + text[m.end() :]
            spans = [(s + delta if s >= m.end() else s, e + delta if e >= m.end() else e, lab) for s, e, lab in spans]
    if rng.random() < 0.15:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.15:
        text += rng.choice(("?", ".", "!")) if not text.endswith("?") else ""
    return Sample(
        text, spans, sample.intent, sample.domain, sample.device_class, sample.area, sample.calls, sample.source
    )


def none_sample(rng: random.Random, sentences: list[str], home: SynthHome) -> Sample:
    text = rng.choice(sentences)
    sample = Sample(text, [], "none", "", "", rng.choice(list(home.areas)), [], "none")
    return augment_sample(sample, rng)


_MULTI_INTENTS = (
    "HassTurnOn",
    "HassTurnOff",
    "HassLightSet",
    "HassClimateSetTemperature",
    "HassSetPosition",
    "HassMediaPause",
    "HassMediaUnpause",
    "HassSetVolume",
    "HassSetVolumeRelative",
    "HassFanSetSpeed",
    "HassStartTimer",
    "HassMediaNext",
    "HassMediaPlayerMute",
    "HassCancelAllTimers",
)


def multi_sample(rng: random.Random, home: SynthHome, blocks: list[Block], *, max_tries: int = 50) -> Sample:
    """Two or three actions joined by connectors (tagged `sep`), on one home and one speaker's room."""
    speaker = rng.choice(list(home.areas))
    pool = [b for b in blocks if b.intent in _MULTI_INTENTS]
    parts: list[Sample] = []
    want = 2 if rng.random() < 0.7 else 3
    for _ in range(max_tries):
        if len(parts) == want:
            break
        try:
            part = draw_sample(rng, home, rng.choice(pool), speaker=speaker, augment=False)
        except Rejected:
            continue
        several_targets = len(part.calls) > 1  # "turn off the lamp and the fan": one action, its "and" is no sep
        if not part.calls or (several_targets and rng.random() < 0.5):
            continue
        if not several_targets and (" and " in part.text or "," in part.text):
            continue
        parts.append(part)
    if len(parts) < 2:
        raise Rejected
    text, spans, calls = "", [], []
    for index, part in enumerate(parts):
        if index:
            connector = (
                rng.choice(_CONNECTORS)
                if index < len(parts) - 1
                else rng.choice(_LAST_CONNECTORS)
            )
            stripped = connector.strip()
            lead = len(connector) - len(connector.lstrip())
            spans.append((len(text) + lead, len(text) + lead + len(stripped), "sep"))
            text += connector
        spans.extend((s + len(text), e + len(text), lab) for s, e, lab in part.spans)
        text += part.text
        calls.extend(part.calls)
    first = parts[0]
    sample = Sample(text, spans, first.intent, first.domain, first.device_class, speaker, calls, "multi")
    return augment_sample(sample, rng)


def generate(
    pool: Pool,
    seed: int,
    *,
    ha_per_block: int,
    hearth_per_block: int,
    n_none: int,
    n_multi: int,
    none_sentences: list[str],
    homes: list[SynthHome] | None = None,
    extra_blocks: list[Block] | None = None,
    include: tuple[str, ...] = ("ha", "hearth"),
    augment: bool = True,
) -> list[Sample]:
    """Samples for one split; `homes` fixes the homes (evaluation), otherwise a fresh home every 40 samples."""
    rng = random.Random(seed)
    ha, rules = ha_blocks()
    hearth = hearth_blocks([*templates.TEMPLATES, *templates_casual.TEMPLATES], rules, "hearth")
    blocks: list[tuple[Block, int]] = []
    if "ha" in include:
        blocks += [
            (b, (ha_per_block if b.intent != "none" else max(1, ha_per_block // 3)) * min(4, 1 + len(b.sentences) // 3))
            for b in ha
        ]
    if "hearth" in include:
        blocks += [(b, hearth_per_block) for b in hearth]
    blocks += [(b, hearth_per_block) for b in extra_blocks or []]
    home_iter = _homes(pool, rng, homes)
    home = next(home_iter)
    out: list[Sample] = []
    for block, count in blocks:
        made = 0
        for _ in range(count * 6):
            if made >= count:
                break
            if len(out) % 40 == 0:
                home = next(home_iter)
            try:
                out.append(draw_sample(rng, home, block, augment=augment))
                made += 1
            except Rejected:
                continue
    for _ in range(n_none):
        out.append(none_sample(rng, none_sentences, home))
    all_blocks = [b for b, _ in blocks]
    made = 0
    while made < n_multi:
        if made % 20 == 0:
            home = next(home_iter)
        try:
            out.append(multi_sample(rng, home, all_blocks))
            made += 1
        except Rejected:
            continue
    rng.shuffle(out)
    return out


def _homes(pool: Pool, rng: random.Random, fixed: list[SynthHome] | None):
    while True:
        if fixed:
            yield rng.choice(fixed)
        else:
            yield make_home(pool, rng, n_areas=rng.randint(5, 10))


def eval_home(seed: int = 7) -> SynthHome:
    """The fixed evaluation home: held-out names only."""
    return make_home(TEST, random.Random(seed), n_areas=10)


def to_case(index: int, prefix: str, sample: Sample) -> dict[str, Any]:
    """An evaluation case in the `hub eval commands` CASES.jsonl shape, with the expectation alongside."""
    case: dict[str, Any] = {"id": f"{prefix}-{index:05d}", "sentence": sample.text, "language": "en"}
    if sample.area is not None:
        case["area"] = sample.area
    case["expect"] = {"intent": sample.intent, "calls": sample.calls}
    return case


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def build_eval_sets(out: Path, *, seed: int = 29) -> None:
    """The committed evaluation files: one home with held-out names, and four case sets."""
    home = eval_home()
    (out / "home.json").write_text(json.dumps(home.to_json(), indent=1) + "\n", encoding="utf-8")
    _, rules = ha_blocks()
    held = hearth_blocks(heldout.TEMPLATES, rules, "heldout")
    sets = {
        "test": generate(
            TEST, seed, ha_per_block=1, hearth_per_block=2, n_none=40, n_multi=0, none_sentences=NONE_TEST, homes=[home]
        ),
        # HA's template sentences as written (no fillers or typos), with the held-out names.
        "ha_templates": generate(
            TEST,
            seed + 1,
            ha_per_block=1,
            hearth_per_block=0,
            n_none=0,
            n_multi=0,
            none_sentences=NONE_TEST,
            homes=[home],
            include=("ha",),
            augment=False,
        ),
        "paraphrase": generate(
            TEST,
            seed + 2,
            ha_per_block=0,
            hearth_per_block=6,
            n_none=0,
            n_multi=0,
            none_sentences=NONE_TEST,
            homes=[home],
            extra_blocks=held,
            include=(),
        ),
        "multi": generate(
            TEST,
            seed + 3,
            ha_per_block=0,
            hearth_per_block=0,
            n_none=0,
            n_multi=320,
            none_sentences=NONE_TEST,
            homes=[home],
            extra_blocks=held,
            include=("hearth",),
        ),
    }
    sets["multi"] = [s for s in sets["multi"] if s.source == "multi"]
    for name, samples in sets.items():
        write_jsonl(out / f"{name}.jsonl", [to_case(i, name, s) for i, s in enumerate(samples)])
        print(f"{name}: {len(samples)} cases")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for train/dev jsonl")
    parser.add_argument("--eval-out", type=Path, help="also write the evaluation sets here")
    args = parser.parse_args()
    none_train = [*NONE_TRAIN, *templates_casual.NONE_SENTENCES]
    train = generate(
        TRAIN, 1, ha_per_block=14, hearth_per_block=60, n_none=2500, n_multi=5000, none_sentences=none_train
    )
    dev = generate(TRAIN, 2, ha_per_block=2, hearth_per_block=6, n_none=200, n_multi=400, none_sentences=none_train)
    write_jsonl(args.out / "train.jsonl", [s.to_json() for s in train])
    write_jsonl(args.out / "dev.jsonl", [s.to_json() for s in dev])
    print(f"train: {len(train)} dev: {len(dev)}")
    if args.eval_out:
        build_eval_sets(args.eval_out)


if __name__ == "__main__":
    main()
