"""Hearth's own training phrasings, in hassil template syntax, on top of HA's templates.

Each entry is like an HA intent data block: `sentences`, fixed `slots` (domain, device_class, state, volume_step),
`name_domains` (what a `{name}` may be), and `context` (the target is the speaker's room). Rules such as
`<the>` and `<turn>` come from HA's templates, plus the `RULES` below. `{kind}` is a cover noun matching the
block's device class. These are training data; `heldout.py` makes the development paraphrases, and the
score that counts comes from the blind sets in `eval/blind_*.jsonl`.
"""

from __future__ import annotations

from typing import Any

RULES: dict[str, str] = {
    "pls": "(please|could you|can you|would you|hey|ok|okay|um|so|could you please|can you please)",
    "lights": "(light|lights|lamp|lamps|lighting)",
    "in_here": "([in] here|in this room|in the room)",
    "on_name": "[<the>] {name}",
    "switch_on": "(turn|switch|put|flip|flick) on",
    "switch_off": "(turn|switch|shut|flip|flick|power) off",
}

_L = {"domain": "light"}
_F = {"domain": "fan"}
_M = {"domain": "media_player"}
_C = {"domain": "climate"}

TEMPLATES: list[dict[str, Any]] = [
    # Lights, indirect and casual.
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "context": True,
        "sentences": [
            "it's (too|really|so|very|a bit) dark [<in_here>]",
            "it is (too|so) dark [<in_here>]",
            "i can't see (anything|a thing) [<in_here>]",
            "(give me|i need|i want|we need) [some] light [<in_here>]",
            "<lights> on",
            "<lights> on please",
            "(hit|get) the lights",
            "can we have [some] light [<in_here>]",
            "(brighten|light) up [<in_here>]",
            "<switch_on> the <lights> [<in_here>]",
            "<turn> the <lights> on [<in_here>]",
            "it's (gloomy|pitch black) [<in_here>]",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "sentences": [
            "<switch_on> the <lights> in [the] {area}",
            "<turn> the {area} <lights> on",
            "{area} <lights> on",
            "<lights> on in [the] {area}",
            "it's too dark in [the] {area}",
            "(light up|illuminate) [the] {area}",
            "<switch_on> the <lights> on the {floor}",
            "<switch_on> the <lights> [on the] {floor}",
            "<switch_on> [all] the <lights> <everywhere>",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "context": True,
        "sentences": [
            "it's (too|really|way too) bright [<in_here>]",
            "<lights> off",
            "<lights> off please",
            "kill the <lights>",
            "<switch_off> the <lights> [<in_here>]",
            "<turn> the <lights> off [<in_here>]",
            "(lights|lamps) out",
            "we don't need the <lights> [on] [<in_here>]",
            "(cut|douse) the <lights>",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "sentences": [
            "<switch_off> the <lights> in [the] {area}",
            "<turn> the {area} <lights> off",
            "{area} <lights> off",
            "kill the <lights> in [the] {area}",
            "<switch_off> [all] the <lights> on the {floor}",
            "<switch_off> [all] the <lights> <everywhere>",
            "(all|every) <lights> off <everywhere>",
            "(nobody|no one) is in the {area}, <switch_off> the <lights>",
        ],
    },
    # Any device by name.
    {
        "intent": "HassTurnOn",
        "name_domains": ["light", "switch", "fan", "media_player", "climate"],
        "sentences": [
            "<switch_on> <on_name>",
            "<turn> <on_name> on",
            "{name} on",
            "[<the>] {name} on [please]",
            "(start|activate|enable|power up|power on|fire up) <on_name>",
            "get <on_name> (going|running)",
            "i need <on_name> on",
            "can you put <on_name> on",
            "<on_name> needs to be on",
            "<switch_on> <on_name> in [the] {area}",
        ],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": ["light", "switch", "fan", "media_player", "climate"],
        "sentences": [
            "<switch_off> <on_name>",
            "<turn> <on_name> off",
            "{name} off",
            "[<the>] {name} off [please]",
            "(stop|deactivate|disable|power down|shut down) <on_name>",
            "i don't need <on_name> [anymore]",
            "<on_name> can go off",
            "kill <on_name>",
            "<switch_off> <on_name> in [the] {area}",
        ],
    },
    # Fans and air.
    {
        "intent": "HassTurnOn",
        "slots": _F,
        "context": True,
        "sentences": [
            "it's (hot|stuffy|warm|boiling|sweltering) [<in_here>]",
            "i'm (hot|boiling|sweating|too warm)",
            "(get|start) the fan[s] (going|running)",
            "<switch_on> the fan[s] [<in_here>]",
            "fan[s] on",
            "i need some (air|fresh air|breeze) [<in_here>]",
            "(cool|cool it) down [<in_here>]",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": _F,
        "sentences": [
            "<switch_on> the fan[s] in [the] {area}",
            "{area} fan[s] on",
            "it's stuffy in the {area}",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _F,
        "context": True,
        "sentences": [
            "<switch_off> the fan[s] [<in_here>]",
            "fan[s] off",
            "stop the fan[s]",
            "that fan is too (loud|noisy)",
            "it's (too cold|chilly|freezing) with the fan [on]",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _F,
        "sentences": ["<switch_off> the fan[s] in [the] {area}", "{area} fan[s] off"],
    },
    # Covers.
    {
        "intent": "HassTurnOn",
        "slots": {"domain": "cover"},
        "covers": True,
        "context": True,
        "sentences": [
            "(open|raise|pull up|roll up|draw back) the {kind} [<in_here>]",
            "let (some|the) (sun|sunlight|daylight) in",
            "{kind} up [please]",
            "i want the {kind} open",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": {"domain": "cover"},
        "covers": True,
        "sentences": [
            "(open|raise|pull up|roll up) the {kind} in [the] {area}",
            "(open|raise) the {area} {kind}",
            "(open|raise) (all|every) {kind} <everywhere>",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": {"domain": "cover"},
        "covers": True,
        "context": True,
        "sentences": [
            "(close|shut|lower|pull down|roll down|draw) the {kind} [<in_here>]",
            "{kind} down [please]",
            "the sun is (in my eyes|too bright)",
            "(block|keep) out the (sun|light)",
            "i want [some] privacy",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": {"domain": "cover"},
        "covers": True,
        "sentences": [
            "(close|shut|lower|pull down|draw) the {kind} in [the] {area}",
            "(close|shut|lower) the {area} {kind}",
            "(close|shut) (all|every) {kind} <everywhere>",
        ],
    },
    {"intent": "HassTurnOn", "name_domains": ["cover"], "sentences": ["(open|raise|lift) <on_name>", "<on_name> up"]},
    {
        "intent": "HassTurnOff",
        "name_domains": ["cover"],
        "sentences": ["(close|shut|lower) <on_name>", "<on_name> down"],
    },
    {
        "intent": "HassSetPosition",
        "name_domains": ["cover"],
        "sentences": [
            "(open|set|put|raise|lower) <on_name> (to|at) {position} [percent|%]",
            "<on_name> to {position} [percent|%]",
        ],
    },
    {
        "intent": "HassSetPosition",
        "slots": {"domain": "cover"},
        "covers": True,
        "context": True,
        "sentences": [
            "(open|set|put|raise|lower) the {kind} (to|at) {position} [percent|%] [<in_here>]",
            "{kind} (to|at) {position} [percent|%]",
        ],
    },
    # Locks.
    {
        "intent": "HassTurnOn",
        "name_domains": ["lock"],
        "sentences": [
            "(lock|secure|bolt) <on_name>",
            "lock up <on_name>",
            "make sure <on_name> is locked",
            "<on_name> needs locking",
        ],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": ["lock"],
        "sentences": [
            "(unlock|unbolt|open the lock on) <on_name>",
            "let me in through <on_name>",
            "<on_name> needs unlocking",
        ],
    },
    # Brightness and colour.
    {
        "intent": "HassLightSet",
        "slots": _L,
        "context": True,
        "sentences": [
            "(dim|lower|reduce|drop|bump|raise|turn down|turn up) the <lights> to {brightness} [percent|%] [<in_here>]",
            "<lights> (to|at) {brightness} [percent|%]",
            "{brightness} percent (brightness|light) [<in_here>]",
            "make (it|the lights) {brightness} percent [bright] [<in_here>]",
            "(make|turn|set) the <lights> {color} [<in_here>]",
            "i want {color} <lights> [<in_here>]",
            "make it {color} [<in_here>]",
            "{color} <lights> [please]",
            "change the (colour|color) to {color}",
        ],
    },
    {
        "intent": "HassLightSet",
        "slots": _L,
        "sentences": [
            "(dim|lower|brighten|set) the {area} <lights> to {brightness} [percent|%]",
            "(dim|lower|brighten|set) the <lights> in [the] {area} to {brightness} [percent|%]",
            "{area} <lights> (to|at) {brightness} [percent|%]",
            "(make|turn) the {area} <lights> {color}",
            "(make|turn|set) the <lights> in [the] {area} {color}",
        ],
    },
    {
        "intent": "HassLightSet",
        "name_domains": ["light"],
        "sentences": [
            "(dim|lower|brighten|set) <on_name> to {brightness} [percent|%]",
            "<on_name> (to|at) {brightness} [percent|%]",
            "(make|turn|set) <on_name> {color}",
            "<on_name> {color} [please]",
            "change <on_name> to {color}",
        ],
    },
    # Climate.
    {
        "intent": "HassClimateSetTemperature",
        "slots": _C,
        "context": True,
        "sentences": [
            "(make|set|put) it {temperature} degrees [<in_here>]",
            "i want it (at|to be) {temperature} [degrees] [<in_here>]",
            "(heat|warm|cool) (it|the room) (up|down) to {temperature} [degrees]",
            "{temperature} degrees (please|in here)",
            "(set|turn|put) the (heating|thermostat|heat|ac|air conditioning) (to|at) {temperature} [degrees]",
        ],
    },
    {
        "intent": "HassClimateSetTemperature",
        "slots": _C,
        "sentences": [
            "(make|set) the {area} {temperature} degrees",
            "(set|put) the (heating|thermostat) in [the] {area} to {temperature}",
            "(heat|warm) the {area} (up to|to) {temperature} [degrees]",
        ],
    },
    {
        "intent": "HassClimateSetTemperature",
        "name_domains": ["climate"],
        "sentences": [
            "(set|put|turn) <on_name> (to|at) {temperature} [degrees]",
            "<on_name> to {temperature} [degrees]",
        ],
    },
    {
        "intent": "HassClimateGetTemperature",
        "context": True,
        "sentences": [
            "how (warm|cold|hot) is it [<in_here>]",
            "what's the temperature [<in_here>]",
            "is it (cold|warm|hot) in here",
            "how many degrees is it [<in_here>]",
            "what temperature is it [<in_here>]",
            "(temperature|temp) [<in_here>]",
        ],
    },
    {
        "intent": "HassClimateGetTemperature",
        "sentences": [
            "how (warm|cold|hot) is [it in] the {area}",
            "what's the temperature in [the] {area}",
            "is it (cold|warm) in the {area}",
            "{area} temperature",
        ],
    },
    # Media.
    {
        "intent": "HassMediaPause",
        "slots": _M,
        "context": True,
        "sentences": [
            "(pause|stop|hold|freeze) the (music|movie|show|tv|song|film|video)",
            "(pause|stop) [it] [please]",
            "pause (this|that)",
            "hold on, pause",
        ],
    },
    {
        "intent": "HassMediaPause",
        "name_domains": ["media_player"],
        "sentences": ["(pause|stop) <on_name>", "<on_name> pause"],
    },
    {
        "intent": "HassMediaUnpause",
        "slots": _M,
        "context": True,
        "sentences": [
            "(resume|continue|unpause) [the] (music|movie|show|tv|song|playback)",
            "keep playing",
            "carry on playing",
            "(play|start) (it|the music) again",
            "resume [please]",
        ],
    },
    {
        "intent": "HassMediaUnpause",
        "name_domains": ["media_player"],
        "sentences": ["(resume|unpause|continue) <on_name>"],
    },
    {
        "intent": "HassMediaNext",
        "slots": _M,
        "context": True,
        "sentences": [
            "(skip|next) [this] (song|track|one|episode)",
            "next [please]",
            "play the next (song|track|episode)",
            "skip (it|this)",
            "i don't like this song",
        ],
    },
    {
        "intent": "HassMediaNext",
        "name_domains": ["media_player"],
        "sentences": ["skip (the track|this song) on <on_name>", "next (song|track) on <on_name>"],
    },
    {
        "intent": "HassMediaPrevious",
        "slots": _M,
        "context": True,
        "sentences": [
            "(go back|back up) [a|one] (song|track)",
            "(play|replay) the (previous|last) (song|track|episode)",
            "previous (song|track|one)",
            "play that (song|one) again",
        ],
    },
    {
        "intent": "HassSetVolume",
        "slots": _M,
        "context": True,
        "sentences": [
            "volume (to|at) {volume_level} [percent|%]",
            "(set|put|change|turn) the volume to {volume_level} [percent|%]",
            "make it {volume_level} percent (volume|loud)",
        ],
    },
    {
        "intent": "HassSetVolume",
        "name_domains": ["media_player"],
        "sentences": [
            "(set|put|turn) <on_name> volume to {volume_level} [percent|%]",
            "<on_name> (to|at) {volume_level} percent volume",
            "(set|put) the volume (on|of) <on_name> to {volume_level} [percent|%]",
        ],
    },
    {
        "intent": "HassSetVolumeRelative",
        "slots": {**_M, "volume_step": "up"},
        "context": True,
        "sentences": [
            "louder [please]",
            "(turn|crank|pump) it up",
            "i can't hear [it|the tv|the music|anything]",
            "(make it|a bit|a little) louder",
            "(raise|increase|boost) the volume",
            "more volume",
            "turn the (music|tv|sound) up",
        ],
    },
    {
        "intent": "HassSetVolumeRelative",
        "slots": {**_M, "volume_step": "down"},
        "context": True,
        "sentences": [
            "(quieter|softer) [please]",
            "(turn|bring) it down",
            "it's too loud [<in_here>]",
            "(make it|a bit|a little) quieter",
            "(lower|decrease|reduce) the volume",
            "less volume",
            "turn the (music|tv|sound) down",
            "that's too loud",
        ],
    },
    {
        "intent": "HassMediaPlayerMute",
        "slots": _M,
        "context": True,
        "sentences": [
            "mute [it|the tv|the sound|the music|everything]",
            "silence [the tv|the music|it]",
            "kill the sound",
            "no sound please",
        ],
    },
    {"intent": "HassMediaPlayerMute", "name_domains": ["media_player"], "sentences": ["(mute|silence) <on_name>"]},
    {
        "intent": "HassMediaPlayerUnmute",
        "slots": _M,
        "context": True,
        "sentences": [
            "unmute [it|the tv|the sound|the music]",
            "(bring|turn) the sound back [on]",
            "sound back on",
        ],
    },
    {"intent": "HassMediaPlayerUnmute", "name_domains": ["media_player"], "sentences": ["unmute <on_name>"]},
    {
        "intent": "HassFanSetSpeed",
        "slots": _F,
        "context": True,
        "sentences": [
            "(set|put|run) the fan[s] (to|at) {percentage} [percent|%]",
            "fan speed (to|at) {percentage} [percent|%]",
            "fan[s] (to|at) {percentage} [percent|%]",
        ],
    },
    {
        "intent": "HassFanSetSpeed",
        "name_domains": ["fan"],
        "sentences": [
            "(set|put|run) <on_name> (to|at) {percentage} [percent|%]",
            "<on_name> speed (to|at) {percentage} [percent|%]",
        ],
    },
    # Timers and time.
    {
        "intent": "HassStartTimer",
        "sentences": [
            "(wake|remind|ping|alert|buzz) me in {minutes} minute[s]",
            "{minutes} minute timer [please]",
            "time {minutes} minutes [for me]",
            "(countdown|count down) (from|for) {minutes} minute[s]",
            "(set|start) a {minutes} minute timer",
            "(set|start) a timer for {hours} hour[s]",
            "(set|start) a timer for {seconds} second[s]",
            "{hours} hour timer",
            "give me {minutes} minutes on the clock",
            "(set|start) a {name} timer for {minutes} minute[s]",
            "timer {minutes} minutes",
            "(set|start) a timer for {hours} hour[s] and {minutes} minute[s]",
        ],
    },
    {
        "intent": "HassTimerStatus",
        "sentences": [
            "how (long|much time) (is|'s) left [on the timer]",
            "how's the timer (doing|going)",
            "time left",
            "when (is|will) the timer (done|go off|ring)",
            "how long until the {name} timer (is done|goes off)",
            "is the timer (done|finished) yet",
        ],
    },
    {
        "intent": "HassCancelTimer",
        "sentences": [
            "(stop|kill|forget|drop|scrap|delete) the timer",
            "(stop|cancel) the {name} timer",
            "no more timer",
            "(turn|switch) off the timer",
            "timer off",
        ],
    },
    {
        "intent": "HassCancelAllTimers",
        "sentences": ["(cancel|stop|clear|delete) (every|all [the|my]) timer[s]", "(kill|scrap) all timers"],
    },
    {
        "intent": "HassGetCurrentTime",
        "sentences": [
            "what's the time [now]",
            "(do you have|have you got|got) the time",
            "what time do you have",
            "time (please|check)",
            "what time is it [now|right now]",
            "is it late",
            "what hour is it",
        ],
    },
    {
        "intent": "HassGetCurrentDate",
        "sentences": [
            "what's the date [today]",
            "what day is it [today]",
            "what's today's date",
            "which day is (it|today)",
            "what is the date",
            "date (please|check)",
        ],
    },
    {
        "intent": "HassNevermind",
        "sentences": [
            "never mind",
            "nevermind",
            "forget it",
            "cancel that",
            "oops, nothing",
            "wrong button",
            "sorry, nothing",
            "ignore that",
            "nothing, thanks",
            "i changed my mind",
        ],
    },
    # Questions.
    {
        "intent": "HassGetState",
        "name_domains": ["light", "switch", "fan", "media_player"],
        "sentences": [
            "is <on_name> {onoff}",
            "did (i|someone|we) leave <on_name> on",
            "is <on_name> still {onoff}",
            "(check|tell me) if <on_name> is {onoff}",
            "<on_name> {onoff}?",
            "are <on_name> {onoff}",
        ],
    },
    {
        "intent": "HassGetState",
        "name_domains": ["lock"],
        "sentences": [
            "is <on_name> {lockstate}",
            "did (i|someone|we) lock <on_name>",
            "(check|tell me) if <on_name> is {lockstate}",
            "is <on_name> {lockstate} [yet|now]",
        ],
    },
    {
        "intent": "HassGetState",
        "name_domains": ["cover"],
        "sentences": [
            "is <on_name> {coverstate}",
            "(check|tell me) if <on_name> is {coverstate}",
            "did (i|someone) leave <on_name> open",
        ],
    },
    {
        "intent": "HassGetState",
        "slots": _L,
        "sentences": [
            "are (any|the) <lights> {onoff} in [the] {area}",
            "is (anything|any light) {onoff} in [the] {area}",
            "did (i|someone) leave the <lights> on in [the] {area}",
            "which <lights> are {onoff} <everywhere>",
            "are (any|all the) <lights> {onoff} <everywhere>",
        ],
    },
    # One action on several targets (issue 9 builds on these): each target becomes its own call.
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "sentences": [
            "<switch_on> the {area} and [the] {area} <lights>",
            "<switch_on> the <lights> in the {area} and [the] {area}",
            "<switch_on> the <lights> in the {area}, [the] {area} and [the] {area}",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "sentences": [
            "<switch_off> the {area} and [the] {area} <lights>",
            "<switch_off> the <lights> in the {area} and [the] {area}",
        ],
    },
    {
        "intent": "HassTurnOn",
        "name_domains": ["light", "switch", "fan", "media_player"],
        "sentences": [
            "<switch_on> <on_name> and <on_name>",
            "<switch_on> <on_name>, <on_name> and <on_name>",
            "<turn> <on_name> and <on_name> on",
        ],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": ["light", "switch", "fan", "media_player"],
        "sentences": [
            "<switch_off> <on_name> and <on_name>",
            "<switch_off> <on_name>, <on_name> and <on_name>",
            "<turn> <on_name> and <on_name> off",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": {"domain": "cover"},
        "covers": True,
        "sentences": [
            "(close|shut) the {kind} in the {area} and [the] {area}",
        ],
    },
    {"intent": "HassTurnOn", "name_domains": ["lock"], "sentences": ["lock <on_name> and <on_name>"]},
]
