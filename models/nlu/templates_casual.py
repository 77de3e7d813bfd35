"""More of Hearth's own training phrasings: the casual, idiomatic and roundabout ways people ask.

`templates.py` covers the plain and the common indirect requests; this file widens each intent with idioms
("put the fan to sleep", "give the music a rest"), roundabout time phrases ("tell me when ten minutes are up"),
"have we…" questions and value phrasings ("volume level 30"), written after reading the errors on the
development paraphrase set (`heldout.py`). Scoring uses the blind sets in `eval/blind_*.jsonl`, written by
someone who never saw these files. Same format and rules as `templates.py`.
"""

from __future__ import annotations

from typing import Any

_L = {"domain": "light"}
_F = {"domain": "fan"}
_M = {"domain": "media_player"}
_C = {"domain": "climate"}
_ANY = ["light", "switch", "fan", "media_player", "climate"]

TEMPLATES: list[dict[str, Any]] = [
    # Lights on, the speaker's room.
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "context": True,
        "sentences": [
            "i can (hardly|barely) see [a thing] [<in_here>]",
            "i'm (sitting|reading|standing) in the dark [here]",
            "(a bit of|some) light would be (nice|great|good)",
            "(light|brighten) (the place|things|the room) up",
            "make it brighter [<in_here>]",
            "it's (dim|too dim|so dim|way too dim|getting dark) [<in_here>]",
            "(put|switch|turn) a (light|lamp) on [for me]",
            "let there be light",
            "bring the <lights> (up|on)",
            "(could|can) (we|i) get [some] (lights|lighting|illumination) [<in_here>]",
            "(lights|lamps), please",
            "the room (is|feels) (so|too|really) (dark|dim|gloomy)",
            "it's like a (cave|dungeon|tomb) [<in_here>]",
            "(wake|bring) the <lights> (up|to life)",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": _L,
        "sentences": [
            "the {area} is (too dark|so dark|too dim|pitch black)",
            "(light|brighten) up the {area} [for me]",
            "(could|can) (we|you) get [some] light in the {area}",
            "(get|put) the <lights> (going|on) in the {area}",
            "the {area} needs (light|lights|some light)",
            "make the {area} brighter",
        ],
    },
    # Lights off, the speaker's room.
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "context": True,
        "sentences": [
            "(too much|way too much) light [<in_here>]",
            "the (light|lights|glare) (is|are) (hurting|killing) my eyes",
            "(it's|this is) (blinding|dazzling) [<in_here>]",
            "(darken|dim out) the room",
            "make it dark [<in_here>]",
            "(darkness|dark) please",
            "i'm going to (sleep|bed), <lights> off",
            "time for bed, (kill|cut) the <lights>",
            "(go|going) dark [<in_here>]",
            "no more <lights> [<in_here>]",
            "we're done with the <lights> [<in_here>]",
            "the <lights> can go off [now]",
            "(get rid of|lose) the <lights>",
            "put the <lights> to sleep",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _L,
        "sentences": [
            "(darken|black out) the {area}",
            "make the {area} dark",
            "nobody (needs|is using) the <lights> in the {area} [now|anymore]",
            "(kill|cut) the <lights> in the {area}",
            "the {area} is (too bright|blinding)",
            "we're done with the {area} <lights>",
        ],
    },
    # Any device by name, idioms.
    {
        "intent": "HassTurnOn",
        "name_domains": _ANY,
        "sentences": [
            "bring <on_name> to life",
            "wake [up] <on_name>",
            "wake <on_name> up",
            "(get|start) <on_name> (started|up and running|on)",
            "(switch|turn|put) <on_name> back on",
            "i'd like <on_name> on [please]",
            "(could|can) <on_name> be (turned|switched) on",
            "power up <on_name>",
            "give <on_name> some power",
            "let's have <on_name> on",
            "<on_name> needs to be (running|going)",
        ],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": _ANY,
        "sentences": [
            "put <on_name> to sleep",
            "(cut|kill) the power to <on_name>",
            "we're (done|finished) with <on_name>",
            "i'm (done|finished) with <on_name>",
            "<on_name> can be (switched|turned) off [now]",
            "(could|can) <on_name> be (turned|switched) off",
            "give <on_name> a rest",
            "nobody needs <on_name> [on] [anymore|now]",
            "(switch|turn|shut) <on_name> down",
            "i don't need <on_name> (on|running) [anymore]",
            "unplug <on_name>",
        ],
    },
    # Locks.
    {
        "intent": "HassTurnOn",
        "name_domains": ["lock"],
        "sentences": [
            "(make|get) <on_name> (secure|locked)",
            "secure <on_name> [for the night]",
            "(can|could) you lock <on_name>",
            "<on_name> (should|must) be locked",
            "throw the (bolt|deadbolt) on <on_name>",
        ],
    },
    {
        "intent": "HassTurnOff",
        "name_domains": ["lock"],
        "sentences": [
            "(open|open up) <on_name> lock",
            "open the lock (on|of) <on_name>",
            "let (the guests|them|us|my friend|the kids) in through <on_name>",
            "(can|could) you unlock <on_name>",
            "release <on_name> [lock]",
            "<on_name> (should|can) be unlocked",
        ],
    },
    {
        "intent": "HassGetState",
        "name_domains": ["lock"],
        "sentences": [
            "have (we|you|they) locked <on_name>",
            "did anyone lock <on_name>",
            "is <on_name> secure[d]",
            "(has|was) <on_name> (been locked|locked)",
            "(do you know|can you check) (if|whether) <on_name> is {lockstate}",
        ],
    },
    {
        "intent": "HassGetState",
        "name_domains": ["light", "switch", "fan", "media_player"],
        "sentences": [
            "(did|has) (anyone|anybody|somebody) (left|leave) <on_name> on",
            "is <on_name> (still|currently) {onoff}",
            "(do you know|can you check|tell me) (if|whether) <on_name> is {onoff}",
            "have (we|you) (left|switched) <on_name> {onoff}",
            "<on_name>, is it {onoff}",
        ],
    },
    # Covers.
    {
        "intent": "HassTurnOff",
        "slots": {"domain": "cover"},
        "covers": True,
        "context": True,
        "sentences": [
            "(cover|darken) the windows",
            "(shut|keep) out the (sun|daylight|glare)",
            "it's too sunny [<in_here>]",
            "the sun is (blinding me|too strong|in my face)",
            "{kind} (closed|shut) please",
            "(close|draw|shut) the {kind} [please] [<in_here>]",
            "people can see in",
        ],
    },
    {
        "intent": "HassTurnOn",
        "slots": {"domain": "cover"},
        "covers": True,
        "context": True,
        "sentences": [
            "let (the|some) light in",
            "(open|draw back|pull back) the {kind} [please] [<in_here>]",
            "i want to see outside",
            "{kind} open please",
            "let's get some daylight [<in_here>]",
        ],
    },
    # Brightness and colour, casual.
    {
        "intent": "HassLightSet",
        "slots": _L,
        "context": True,
        "sentences": [
            "(bring|tone|turn) the <lights> down to {brightness} [percent|%]",
            "(bring|turn) the <lights> up to {brightness} [percent|%]",
            "(lighting|brightness) (to|at) {brightness} [percent|%]",
            "(set|put) the brightness (to|at) {brightness} [percent|%]",
            "dim it (to|down to) {brightness} [percent|%]",
            "(can|could) the <lights> be {color}",
            "let's (have|go) {color} [<in_here>]",
            "(paint|bathe) the room (in|with) {color} [light]",
        ],
    },
    {
        "intent": "HassLightSet",
        "name_domains": ["light"],
        "sentences": [
            "(tone|bring|turn) <on_name> down to {brightness} [percent|%]",
            "(bring|turn) <on_name> up to {brightness} [percent|%]",
            "make <on_name> {brightness} percent [bright]",
            "<on_name> brightness (to|at) {brightness} [percent|%]",
            "(can|could) <on_name> be {color}",
            "<on_name> in {color} [please]",
            "i'd like <on_name> {color}",
        ],
    },
    # Climate.
    {
        "intent": "HassClimateSetTemperature",
        "slots": _C,
        "context": True,
        "sentences": [
            "(bump|crank|push) the (heat|heating) (up to|to) {temperature} [degrees]",
            "(can|could) you make it {temperature} [degrees] [<in_here>]",
            "(change|set) the temperature to {temperature} [degrees] [<in_here>]",
            "{temperature} on the thermostat",
            "let's (have|go for) {temperature} degrees",
            "heat (it|the room) to {temperature} [degrees]",
            "(keep|hold) it at {temperature} [degrees]",
        ],
    },
    {
        "intent": "HassClimateSetTemperature",
        "name_domains": ["climate"],
        "sentences": [
            "(make|bring) <on_name> {temperature} [degrees]",
            "(can|could) you (set|put) <on_name> (to|at) {temperature} [degrees]",
            "<on_name> at {temperature} [degrees] [please]",
        ],
    },
    {
        "intent": "HassClimateGetTemperature",
        "context": True,
        "sentences": [
            "how (toasty|chilly|cold|warm) is it [<in_here>]",
            "(is it|it's) (chilly|cold|warm|hot) in here, isn't it",
            "what's the temp [<in_here>]",
            "tell me the temperature [<in_here>]",
            "how's the temperature [<in_here>]",
        ],
    },
    {
        "intent": "HassClimateGetTemperature",
        "sentences": [
            "how (toasty|chilly) is [it in] the {area}",
            "tell me the {area} temperature",
            "what's the temp in [the] {area}",
            "how many degrees (is it|are we at) in the {area}",
            "is the {area} (warm|cold|chilly) [enough]",
        ],
    },
    # Fans.
    {
        "intent": "HassFanSetSpeed",
        "name_domains": ["fan"],
        "sentences": [
            "<on_name> (at|to) {percentage} [percent|%]",
            "(run|put) <on_name> (at|on) {percentage} [percent|%]",
            "<on_name> speed (to|at) {percentage} [percent|%]",
        ],
    },
    {
        "intent": "HassFanSetSpeed",
        "slots": _F,
        "context": True,
        "sentences": [
            "fan (to|at) {percentage} [percent|%]",
            "(set|put) the fan speed (to|at) {percentage} [percent|%]",
            "run the fan at {percentage} [percent|%]",
        ],
    },
    # Media.
    {
        "intent": "HassMediaPause",
        "slots": _M,
        "context": True,
        "sentences": [
            "give the (music|tv|telly|show) a rest",
            "(stop|hold|pause) the (show|film|movie|episode|programme) [for a (second|sec|moment|minute)]",
            "hang on, (stop|pause) [it|the show]",
            "pause (for a|a) (sec|second|moment)",
            "(enough|that's enough) (music|tv) for now",
            "(put|hit) pause",
        ],
    },
    {
        "intent": "HassMediaUnpause",
        "slots": _M,
        "context": True,
        "sentences": [
            "back to the (show|film|movie|music|game)",
            "let's (keep watching|keep listening|carry on)",
            "(hit|press) play [again]",
            "(go on|carry on) (playing|with the show)",
            "(start|put) the (show|music|film) back on",
            "(where were we|let's continue)",
        ],
    },
    {
        "intent": "HassMediaNext",
        "slots": _M,
        "context": True,
        "sentences": [
            "another (song|track|one) please",
            "(skip|jump) (ahead|forward) [to the next (one|track|song)]",
            "(not this|change the) (song|track)",
            "next (one|track|song|episode) please",
        ],
    },
    {
        "intent": "HassMediaPrevious",
        "slots": _M,
        "context": True,
        "sentences": [
            "the (song|track|one) before",
            "(go|jump) back (one|a track|a song)",
            "play the one before (that|this)",
            "rewind to the last (song|track)",
        ],
    },
    {
        "intent": "HassMediaPlayerMute",
        "slots": _M,
        "context": True,
        "sentences": [
            "shut the (tv|telly|music|sound|speaker) up",
            "(cut|kill) the (sound|audio|noise)",
            "sound off [please]",
            "(hush|silence), please",
            "mute (it|everything) [for a (sec|second|moment)]",
        ],
    },
    {
        "intent": "HassMediaPlayerUnmute",
        "slots": _M,
        "context": True,
        "sentences": ["(put|give me) the sound back [on]", "(un-mute|unmute) please", "i want the sound back"],
    },
    {
        "intent": "HassSetVolume",
        "slots": _M,
        "context": True,
        "sentences": [
            "volume level {volume_level} [percent|%] [please]",
            "volume {volume_level} [percent|%] [please]",
            "(set|put|bring) the volume [level] (to|at) {volume_level} [percent|%]",
            "(make|put) it {volume_level} percent (volume|loud)",
            "(turn|set) the (sound|audio) to {volume_level} [percent|%]",
        ],
    },
    {
        "intent": "HassSetVolume",
        "name_domains": ["media_player"],
        "sentences": [
            "<on_name> volume [level] (to|at) {volume_level} [percent|%]",
            "volume on <on_name> to {volume_level} [percent|%]",
        ],
    },
    # The TV or the music by a plain noun: on/off, not mute.
    {
        "intent": "HassTurnOn",
        "slots": _M,
        "context": True,
        "sentences": [
            "<switch_on> the (tv|telly|television|music|speaker|stereo)",
            "<turn> the (tv|telly|television|speaker|stereo) on",
            "put the (tv|telly|television) on",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _M,
        "context": True,
        "sentences": [
            "<switch_off> the (tv|telly|television|music|speaker|stereo)",
            "<turn> the (tv|telly|television|speaker|stereo) off",
            "(kill|shut off) the (tv|telly|television)",
            "nobody is watching the (tv|telly), (turn|switch) it off",
        ],
    },
    {
        "intent": "HassTurnOff",
        "slots": _M,
        "sentences": ["<switch_off> the (tv|telly|television|speaker) in [the] {area}", "{area} (tv|telly) off"],
    },
    # Timers, roundabout.
    {
        "intent": "HassStartTimer",
        "sentences": [
            "(let me know|tell me|shout) when {minutes} minute[s] (have|has) (passed|gone by)",
            "(let me know|tell me) when {minutes} minute[s] (are|is) up",
            "count {minutes} minute[s] [for me] [now]",
            "(start|set) a countdown (of|for) {minutes} minute[s]",
            "{minutes} minute countdown [please]",
            "(give|set) me a {minutes} minute (reminder|alarm|timer)",
            "(time|clock) {minutes} minute[s] (for me|please)",
            "in {minutes} minute[s] (let me know|tell me|give me a shout)",
            "(let me know|tell me) in {hours} hour[s]",
            "(count|time) {seconds} second[s] [for me]",
        ],
    },
    {
        "intent": "HassCancelTimer",
        "sentences": [
            "i don't need the timer [anymore]",
            "(get rid of|lose|ditch) the timer",
            "(stop|cancel|scrap) the countdown",
            "the timer can go",
            "forget about the timer",
        ],
    },
    {
        "intent": "HassTimerStatus",
        "sentences": [
            "how much time is left on the (timer|countdown)",
            "is (my|the) timer still (running|going)",
            "how (long|much longer) (on|for) the timer",
            "how's my countdown (doing|going)",
        ],
    },
    {
        "intent": "HassNevermind",
        "sentences": [
            "scratch that",
            "forget (i said anything|what i said|that)",
            "(no|nah), (stop|leave it)",
            "ignore (me|what i just said)",
            "(that was|my) (a mistake|mistake)",
            "actually no",
            "don't worry about it",
            "never mind that",
        ],
    },
]

NONE_SENTENCES: list[str] = [
    "my sister bought a new lamp",
    "the lamp in the shop was too expensive",
    "i love the colour blue",
    "we should paint the kitchen one day",
    "the tv show last night was great",
    "do you like music",
    "i turned twenty yesterday",
    "the door handle is squeaky",
    "what's a good name for a dog",
    "how do fans actually work",
    "who invented the light bulb",
    "my phone battery is dying",
    "the heating bill was huge this month",
    "i'm going for a walk",
    "can you recommend a movie",
    "tell me about the weather on mars",
    "what does thermostat mean",
    "why is the sky blue",
    "i'm bored",
    "good night",
    "thank you so much",
    "how are you today",
    "remember to buy milk is on my list",
    "the neighbours are loud again",
    "what should i cook for dinner",
    "i need a new curtain rail",
    "lights in the city look pretty at night",
    "the fan club meets on friday",
    "i locked myself out once",
    "the speaker at the conference was boring",
]
"""Near-domain sentences that are not requests: they mention devices or rooms but ask nothing of the home."""
