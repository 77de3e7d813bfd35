"""Paraphrases and indirect requests for the development sets (`eval/paraphrase.jsonl`, clauses in `multi`).

Same format as `templates.py`, never sampled for training. They were first written to be scored on; their errors
were then read while writing `templates_casual.py`, which now shares some of their idioms, so these sets measure
progress during development. The blind score comes from `eval/blind_*.jsonl`, written apart from the recipe.
"""

from __future__ import annotations

from typing import Any

_L = {"domain": "light"}
_F = {"domain": "fan"}
_M = {"domain": "media_player"}
_C = {"domain": "climate"}

TEMPLATES: list[dict[str, Any]] = [
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "context": True,
        "sentences": [
            "i can barely see (anything|what i'm doing)",
            "it's like a cave in here",
            "could we get some illumination",
            "more light please",
            "i'm reading in the dark here",
            "it's getting dark",
            "the room is so dim",
            "lights, please",
            "would you mind putting the lights on",
            "mind switching the lamps on",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "sentences": [
            "can you get the lights going in the {area}",
            "brighten up the {area} for me",
            "the {area} needs some light",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "context": True,
        "sentences": [
            "the glare is killing me",
            "it's blinding in here",
            "lights out please, i'm going to sleep",
            "please get rid of the lights",
            "darkness please",
            "no more lights in here",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "sentences": ["nobody needs the lights in the {area} now", "darken the {area}"],
    },
    {
        "intent": "HassTurnOn",
        "name_domains": ["switch", "fan", "light"],
        "sentences": [
            "could you fire up the {name}",
            "i'd love the {name} on",
            "power the {name} up please",
            "bring the {name} to life",
        ],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": ["switch", "fan", "light"],
        "sentences": [
            "we're done with the {name}",
            "please cut the power to the {name}",
            "the {name} can be switched off now",
            "put the {name} to sleep",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": _F,
        "context": True,
        "sentences": [
            "it's roasting in here",
            "i'm melting",
            "the air in here is so stuffy",
            "can we get some air moving",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": {"domain": "cover"},
        "context": True,
        "sentences": [
            "it's too sunny in here, cover the windows",
            "make it private in here",
            "darken the windows",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": {"domain": "cover"},
        "context": True,
        "sentences": [
            "let's get some daylight in here",
            "let the light in",
            "i want to see outside",
        ],
    },
    {
        "intent": "HassTurnOn",
        "name_domains": ["lock"],
        "sentences": ["make the {name} secure", "bolt the {name} please"],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": ["lock"],
        "sentences": ["let the guests in through the {name}", "open up the {name} lock"],
    },
    {
        "intent": "HassLightSet",
        "slots": _L,
        "context": True,
        "sentences": [
            "bring the lights down to {brightness} percent",
            "i'd like the lighting at {brightness} percent",
            "can the lights be {color}",
            "paint the room {color}",
            "set the mood with {color} light",
        ],
    },
    {
        "intent": "HassLightSet",
        "name_domains": ["light"],
        "sentences": [
            "could the {name} be {color}",
            "tone the {name} down to {brightness} percent",
        ],
    },
    {
        "intent": "HassClimateSetTemperature",
        "slots": _C,
        "context": True,
        "sentences": [
            "i'd like it to be {temperature} degrees",
            "can you get it to {temperature} degrees in here",
            "warm the place up to {temperature}",
            "keep it at {temperature} degrees",
        ],
    },
    {
        "intent": "HassClimateGetTemperature",
        "context": True,
        "sentences": [
            "how chilly is it in here",
            "what's it like temperature wise",
            "what are the degrees in here",
            "is it warm enough in here",
        ],
    },
    {
        "intent": "HassClimateGetTemperature",
        "sentences": ["how toasty is the {area}", "tell me the {area} temperature"],
    },
    {
        "intent": "HassMediaPause",
        "slots": _M,
        "context": True,
        "sentences": [
            "hang on, stop the show",
            "pause the film for a second",
            "give the music a rest",
        ],
    },
    {
        "intent": "HassMediaUnpause",
        "slots": _M,
        "context": True,
        "sentences": ["ok, you can continue the film", "back to the show", "keep it going"],
    },
    {
        "intent": "HassMediaNext",
        "slots": _M,
        "context": True,
        "sentences": ["this song is boring, next", "move on to the next track", "another song please"],
    },
    {
        "intent": "HassMediaPrevious",
        "slots": _M,
        "context": True,
        "sentences": ["put the last song back on", "go back to the previous track"],
    },
    {
        "intent": "HassSetVolumeRelative",
        "slots": {**_M, "volume_step": "up"},
        "context": True,
        "sentences": [
            "i can barely hear the tv",
            "pump up the volume",
            "turn the sound up a notch",
            "make the music louder",
        ],
    },
    {
        "intent": "HassSetVolumeRelative",
        "slots": {**_M, "volume_step": "down"},
        "context": True,
        "sentences": [
            "that's way too loud",
            "the music is deafening",
            "bring the volume down a bit",
            "keep it down",
        ],
    },
    {
        "intent": "HassSetVolume",
        "slots": _M,
        "context": True,
        "sentences": ["i want the volume at {volume_level}", "volume level {volume_level} please"],
    },
    {
        "intent": "HassMediaPlayerMute",
        "slots": _M,
        "context": True,
        "sentences": ["shut the tv up", "cut the sound", "silence please"],
    },
    {
        "intent": "HassStartTimer",
        "sentences": [
            "let me know when {minutes} minutes have passed",
            "tell me when {minutes} minutes are up",
            "i need a timer, {minutes} minutes",
            "count {minutes} minutes for me",
        ],
    },
    {
        "intent": "HassTimerStatus",
        "sentences": ["how much longer on the timer", "is my timer almost done", "what's left on the timer"],
    },
    {"intent": "HassCancelTimer", "sentences": ["i don't need the timer anymore", "get rid of the timer"]},
    {"intent": "HassGetCurrentTime", "sentences": ["what's the time right now", "how late is it", "tell me the time"]},
    {
        "intent": "HassGetCurrentDate",
        "sentences": ["what's the date", "which date is it today", "tell me today's date"],
    },
    {
        "intent": "HassGetState",
        "name_domains": ["light", "switch"],
        "sentences": [
            "is the {name} still running",
            "did anybody turn on the {name}",
            "tell me whether the {name} is {onoff}",
        ],
    },
    {
        "intent": "HassGetState",
        "name_domains": ["lock"],
        "sentences": ["is the {name} secured", "have we locked the {name}"],
    },
    {"intent": "HassNevermind", "sentences": ["never mind that", "actually, forget it", "scratch that"]},
]
