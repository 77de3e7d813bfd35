"""Blind evaluation sets for the command model: hand-written sentences, labelled by hand.

Every sentence below was written by hand for models/nlu/eval/home.json. This script only turns the hand-written
(area, sentence, calls) rows into JSONL (attaching ids and expanding "area + kind" / "floor + kind" targets into
entity ids from the home), and validates both files.

    python models/nlu/blind/write_sets.py          # write both files and validate them
    python models/nlu/blind/write_sets.py --check  # validate the committed files only

The sets are never used for training or tuning (see README.md).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME = json.loads((ROOT / "models/nlu/eval/home.json").read_text(encoding="utf-8"))
LABELS = json.loads((ROOT / "models/nlu/labels.json").read_text(encoding="utf-8"))
PARA_OUT = ROOT / "models/nlu/eval/blind_paraphrase.jsonl"
MULTI_OUT = ROOT / "models/nlu/eval/blind_multi.jsonl"
KEY_ARGS = {"brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage",
            "hours", "minutes", "seconds", "state"}

ENTITIES = {e["id"]: e for e in HOME["entities"]}
AREAS = {a["id"]: a for a in HOME["areas"]}
FLOORS = {f["id"] for f in HOME["floors"]}


def _domain(eid: str) -> str:
    return eid.split(".", 1)[0]


def targets(spec: str) -> list[str]:
    """'lava_lamp' -> the entity whose object id is that; 'den/light' -> every light in the den;
    '^top_floor/light' -> every light on that floor; '*/light' -> every light; 'x/cover:curtain' filters the class."""
    if "/" in spec:
        where, kind = spec.split("/", 1)
        domain, _, dclass = kind.partition(":")
        out = []
        for eid, ent in ENTITIES.items():
            if _domain(eid) != domain or (dclass and ent.get("device_class") != dclass):
                continue
            area = ent.get("area")
            if where == "*":
                out.append(eid)
            elif where.startswith("^"):
                if area and AREAS[area].get("floor") == where[1:]:
                    out.append(eid)
            elif area == where:
                out.append(eid)
        assert out, spec
        return sorted(out)
    found = [eid for eid in ENTITIES if eid.split(".", 1)[1] == spec]
    assert len(found) == 1, (spec, found)
    return found


def call(tool: str, specs, **args) -> dict:
    ents: list[str] = []
    for spec in specs:
        for eid in targets(spec):
            if eid not in ents:
                ents.append(eid)
    return {"tool": tool, "args": {k: v for k, v in args.items() if v is not None}, "entities": sorted(ents)}


def on(*t): return call("HassTurnOn", t)
def off(*t): return call("HassTurnOff", t)
def bri(n, *t): return call("HassLightSet", t, brightness=n)
def col(c, *t): return call("HassLightSet", t, color=c)
def kel(k, *t): return call("HassLightSet", t, temperature=k)
def pos(n, *t): return call("HassSetPosition", t, position=n)
def heat(n, *t): return call("HassClimateSetTemperature", t, temperature=n)
def gtemp(*t): return call("HassClimateGetTemperature", t)
def spd(n, *t): return call("HassFanSetSpeed", t, percentage=n)
def vol(n, *t): return call("HassSetVolume", t, volume_level=n)
def vrel(s, *t): return call("HassSetVolumeRelative", t, volume_step=s)
def pause(*t): return call("HassMediaPause", t)
def unpause(*t): return call("HassMediaUnpause", t)
def nxt(*t): return call("HassMediaNext", t)
def prv(*t): return call("HassMediaPrevious", t)
def mute(*t): return call("HassMediaPlayerMute", t)
def unmute(*t): return call("HassMediaPlayerUnmute", t)
def st(state, *t): return call("HassGetState", t, state=state)
def timer(h=None, m=None, s=None): return call("HassStartTimer", (), hours=h, minutes=m, seconds=s)
def tstat(): return call("HassTimerStatus", ())
def tcancel(): return call("HassCancelTimer", ())
def tcancelall(): return call("HassCancelAllTimers", ())
def now(): return call("HassGetCurrentTime", ())
def today(): return call("HassGetCurrentDate", ())
def nvm(): return call("HassNevermind", ())


PARA: list[tuple] = []
MULTI: list[tuple] = []


def P(area, sentence, *calls):
    PARA.append((area, sentence, list(calls)))


def M(area, sentence, *calls):
    MULTI.append((area, sentence, list(calls)))


N = None  # no speaker area

# ------------------------------------------------------------------------------------------------------------
# Single-action paraphrases
# ------------------------------------------------------------------------------------------------------------

# lights on / off
P("den", "hey, can you get the lights on in here? I can't see a thing", on("den/light"))
P("studio", "ugh it's pitch black, lights please", on("studio/light"))
P("loft", "kill the lights", off("loft/light"))
P("conservatory", "could you be a dear and switch the lights off in here", off("conservatory/light"))
P("games_room", "lights off, I'm heading to bed", off("games_room/light"))
P("mudroom", "um, lights on please", on("mudroom/light"))
P(N, "turn the lava lamp on would you", on("lava_lamp"))
P(N, "switch off the crystal lamp", off("crystal_lamp"))
P("wine_cellar", "it's a bit dark down here, can you put the light on", on("wine_cellar/light"))
P("utility_room", "lights out in here thanks", off("utility_room/light"))
P(N, "can you turn on the lights in the den for me", on("den/light"))
P("pantry", "hey hearth, switch the lights off in here", off("pantry/light"))
P(N, "would you mind turning off the lantern led strip", off("lantern_led_strip"))
P(N, "turn on Mateo's light please", on("mateo_s_light"))
P(N, "pixel light off", off("pixel_light"))
P(N, "could you please switch on the tripod spotlight", on("tripod_spotlight"))
P("games_room", "I'm off to bed, can you kill the lights in the studio", off("studio/light"))
P(N, "switch the tripod bulb on", on("tripod_bulb"))
P(N, "turn the den ceiling light off, it's giving me a headache", off("den_ceiling_light"))
P(N, "put the moroccan lamp on", on("moroccan_lamp"))
P(N, "lights on in the games room please", on("games_room/light"))
P("parlour", "turn off all the lights on the top floor", off("^top_floor/light"))
P(N, "shut off every light on the main floor", off("^main_floor/light"))
P(N, "turn off every single light in the house", off("*/light"))
P(N, "could u turn on the wine cellar lamp", on("wine_cellar_lamp"))
P("den", "trun the lava lamp off", off("lava_lamp"))
P(N, "switch the loft lamp on pls", on("loft_lamp"))
P(N, "turn on the studio lamp", on("studio_lamp"))
P(N, "moroccan light off please", off("moroccan_light"))
P(N, "turn off the conservatory lights", off("conservatory/light"))
P(N, "switch on the lights in the mudroom", on("mudroom/light"))
P(N, "turn off the utility room lights", off("utility_room/light"))
P("loft", "it's way too bright in here", off("loft/light"))
P(N, "turn on the games room lamp", on("games_room_lamp"))
P(N, "switch off the tripod lamp", off("tripod_lamp"))
P(N, "turn the conservatory lamp on", on("conservatory_lamp"))
P(N, "could you turn the lights on in the loft?", on("loft/light"))
P("parlour", "lights on please, cheers", on("parlour/light"))
P(N, "lights in the den off", off("den/light"))
P("studio", "oi, lihgts off", off("studio/light"))
P("conservatory", "I can barely see what I'm reading, lights on please", on("conservatory/light"))
P(N, "would you be so kind as to turn the lava lamp on for me", on("lava_lamp"))

# light brightness / colour / colour temperature
P(N, "dim the den lights to 30 percent", bri(30, "den/light"))
P("studio", "can you set the lights in here to half brightness", bri(50, "studio/light"))
P(N, "make the lava lamp red", col("red", "lava_lamp"))
P(N, "set the pixel light to purple", col("purple", "pixel_light"))
P("loft", "turn the lights in here blue", col("blue", "loft/light"))
P(N, "bring the crystal lamp down to forty percent", bri(40, "crystal_lamp"))
P(N, "lantern led strip to green please", col("green", "lantern_led_strip"))
P("games_room", "lights to 75% please", bri(75, "games_room/light"))
P(N, "could you make the conservatory lamp warm white", kel(2700, "conservatory_lamp"))
P(N, "set the studio lamp to 4000 kelvin", kel(4000, "studio_lamp"))
P(N, "tripod bulb to full brightness", bri(100, "tripod_bulb"))
P(N, "set the wine cellar lamp to 10 percent", bri(10, "wine_cellar_lamp"))
P("den", "the lights are too harsh, can you take them down to twenty percent", bri(20, "den/light"))
P(N, "change the moroccan lamp to orange", col("orange", "moroccan_lamp"))
P(N, "make the games room lamp pink", col("pink", "games_room_lamp"))
P(N, "set the mudroom lights to daylight", kel(6500, "mudroom/light"))
P(N, "brighten the loft lamp to ninety percent", bri(90, "loft_lamp"))
P("parlour", "make the pixel light yellow", col("yellow", "pixel_light"))
P(N, "den ceiling light brightness sixty percent", bri(60, "den_ceiling_light"))
P("conservatory", "warm white in here please", kel(2700, "conservatory/light"))
P(N, "put the tripod spotlight on its lowest setting", bri(1, "tripod_spotlight"))
P(N, "turn the crystal lamp green", col("green", "crystal_lamp"))
P(N, "set the loft lights to 2700 kelvin", kel(2700, "loft/light"))
P(N, "studio lights at max brightness", bri(100, "studio/light"))
P("utility_room", "set the brightness in here to 35 percent", bri(35, "utility_room/light"))
P(N, "can you dim the tripod lamp to 15%", bri(15, "tripod_lamp"))
P("wine_cellar", "make the light in here a nice warm white", kel(2700, "wine_cellar/light"))
P(N, "I'd like the lava lamp at about 70 percent please", bri(70, "lava_lamp"))
P(N, "mateo's light to daylight please", kel(6500, "mateo_s_light"))

# covers
P("mudroom", "close the curtains", off("mudroom_curtain"))
P("parlour", "can you open the curtains, it's morning", on("parlour_curtain"))
P("games_room", "the sun is right in my eyes", off("games_room_window"))
P(N, "shut the den window", off("den_window"))
P(N, "open the pantry window a bit, like 20 percent", pos(20, "pantry_window"))
P(N, "open the garage", on("garage_door"))
P(N, "close the garage door please", off("garage_door"))
P("wine_cellar", "draw the curtains shut", off("wine_cellar_curtain"))
P(N, "open the parlour curtain halfway", pos(50, "parlour_curtain"))
P(N, "pull the mudroom curtain open", on("mudroom_curtain"))
P(N, "set the wine cellar curtain to 75 percent", pos(75, "wine_cellar_curtain"))
P("pantry", "close the window, it's freezing", off("pantry_window"))
P(N, "could you open up the games room window", on("games_room_window"))
P(N, "lower the garage door", off("garage_door"))
P(N, "open the parlour curtain a quarter of the way", pos(25, "parlour_curtain"))
P("games_room", "open the window to sixty percent", pos(60, "games_room_window"))
P(N, "close all the curtains on the top floor", off("^top_floor/cover:curtain"))
P(N, "open every window on the main floor", on("^main_floor/cover:window"))
P("parlour", "shut the curtains, the neighbours are nosey", off("parlour_curtain"))
P(N, "raise the garage door for me", on("garage_door"))
P(N, "shut the garage, I'm home", off("garage_door"))
P("mudroom", "curtains halfway please", pos(50, "mudroom_curtain"))
P(N, "can you close the den window", off("den_window"))
P("den", "let some fresh air in, open the window", on("den_window"))
P(N, "wine cellar curtain open pls", on("wine_cellar_curtain"))
P(N, "put the mudroom curtain at thirty percent", pos(30, "mudroom_curtain"))

# climate
P("wine_cellar", "set the heating to 21 degrees", heat(21, "wine_cellar_underfloor_heating"))
P("games_room", "can you bump the air con down to 19", heat(19, "games_room_mini_split"))
P(N, "set the loft mini split to twenty two", heat(22, "loft_mini_split"))
P(N, "conservatory to 23 degrees please", heat(23, "conservatory_climate_control"))
P("loft", "make it 20 degrees in here", heat(20, "loft_mini_split"))
P(N, "turn the underfloor heating up to 24", heat(24, "wine_cellar_underfloor_heating"))
P(N, "please put the games room mini split on 18 degrees", heat(18, "games_room_mini_split"))
P("conservatory", "I'd like it a bit warmer, say 24 degrees", heat(24, "conservatory_climate_control"))
P(N, "set the thermostat in the loft to 21.5", heat(21.5, "loft_mini_split"))
P("wine_cellar", "turn the underfloor heating off", off("wine_cellar_underfloor_heating"))
P(N, "switch on the games room mini split", on("games_room_mini_split"))
P(N, "turn off the conservatory climate control", off("conservatory_climate_control"))
P(N, "set the wine cellar to seventeen degrees", heat(17, "wine_cellar_underfloor_heating"))
P("games_room", "cool it down to 20 in here", heat(20, "games_room_mini_split"))
P(N, "twenty one degrees in the conservatory please", heat(21, "conservatory_climate_control"))
P("loft", "it's chilly, could you set the temprature to 23", heat(23, "loft_mini_split"))
P(N, "how warm is it in the conservatory", gtemp("conservatory_climate_control"))
P("loft", "what's the temperature in here", gtemp("loft_mini_split"))
P("wine_cellar", "is it cold down here?", gtemp("wine_cellar_underfloor_heating"))
P(N, "what's the temperature in the games room right now", gtemp("games_room_mini_split"))
P("games_room", "how hot is it in here", gtemp("games_room_mini_split"))
P(N, "hey, how cold is it in the loft at the moment", gtemp("loft_mini_split"))
P("conservatory", "what temperature is it in here", gtemp("conservatory_climate_control"))
P("mudroom", "what's the mudroom temperature", gtemp("mudroom_temperature"))
P(N, "how cold is the wine cellar", gtemp("wine_cellar_underfloor_heating"))

# fans
P("den", "I'm boiling, put the fan on", on("wall_mounted_fan"))
P("mudroom", "fan off please", off("rattan_fan"))
P(N, "turn on the oscillating fan", on("oscillating_fan"))
P(N, "switch off the bladeless fan", off("bladeless_fan"))
P(N, "set the rattan fan to 40 percent", spd(40, "rattan_fan"))
P("games_room", "fan to full speed please", spd(100, "oscillating_fan"))
P(N, "can you put the wall mounted fan on half speed", spd(50, "wall_mounted_fan"))
P(N, "loft fan to twenty percent", spd(20, "loft_fan"))
P("pantry", "turn the fan down to 30%", spd(30, "loft_fan"))
P("wine_cellar", "crank the fan up to eighty percent", spd(80, "bladeless_fan"))
P(N, "turn on the loft fan", on("loft_fan"))
P(N, "switch the oscillating fan off", off("oscillating_fan"))
P("pantry", "I'm so hot", on("loft_fan"))
P(N, "set the bladeless fan speed to 65", spd(65, "bladeless_fan"))
P("den", "fan at 10 percent", spd(10, "wall_mounted_fan"))
P("mudroom", "it's stuffy, stick the fan on would you", on("rattan_fan"))

# locks
P(N, "lock the french doors", on("french_doors"))
P(N, "can you unlock the studio door", off("studio_door"))
P("den", "make sure the french doors are locked", on("french_doors"))
P(N, "I'm going out, lock up the studio door", on("studio_door"))
P(N, "unlock the french doors, my friend is here", off("french_doors"))
P(N, "let my sister in through the french doors", off("french_doors"))
P(N, "bolt the studio door", on("studio_door"))
P("conservatory", "can you lock the studio door before I forget", on("studio_door"))
P(N, "unlok the studio door please", off("studio_door"))

# state questions
P(N, "is the french door locked?", st("locked", "french_doors"))
P(N, "did I remember to lock the studio door?", st("locked", "studio_door"))
P(N, "is the studio door unlocked", st("unlocked", "studio_door"))
P(N, "are the french doors locked", st("locked", "french_doors"))
P(N, "is the garage door open?", st("open", "garage_door"))
P(N, "is the lava lamp on", st("on", "lava_lamp"))
P(N, "did I leave the waffle iron on?", st("on", "waffle_iron"))
P(N, "is the espresso machine still on", st("on", "espresso_machine"))
P(N, "are the den lights on", st("on", "den/light"))
P(N, "is the parlour curtain closed", st("closed", "parlour_curtain"))
P(N, "is the slow cooker switched off", st("off", "slow_cooker"))
P(N, "are any lights on on the top floor", st("on", "^top_floor/light"))
P(N, "is the 3d printer on", st("on", "3d_printer"))
P(N, "is the den window shut", st("closed", "den_window"))
P(N, "is the sound machine on", st("on", "sound_machine"))
P(N, "is the pantry window open", st("open", "pantry_window"))
P(N, "are the mudroom lights off", st("off", "mudroom/light"))
P(N, "is the grow lamp socket on", st("on", "grow_lamp_socket"))
P(N, "is mateo's light still on", st("on", "mateo_s_light"))
P(N, "any fans on in the games room?", st("on", "games_room/fan"))
P(N, "is the wine cellar curtain open", st("open", "wine_cellar_curtain"))
P(N, "is the rattan fan off", st("off", "rattan_fan"))
P(N, "are the studio lights on", st("on", "studio/light"))
P(N, "is the crystal lamp off?", st("off", "crystal_lamp"))
P(N, "are all the curtains closed on the top floor", st("closed", "^top_floor/cover:curtain"))
P(N, "hey, is the garage closed", st("closed", "garage_door"))

# media
P("pantry", "pause the music", pause("jukebox"))
P(N, "pause the den tv", pause("den_tv"))
P("conservatory", "hold on, pause it a sec", pause("den_tv"))
P("loft", "stop the music for a moment", pause("echo"))
P(N, "can you pasue the jukebox", pause("jukebox"))
P("studio", "hey hearth, pause", pause("loft_speaker"))
P("pantry", "ok you can carry on playing now", unpause("jukebox"))
P(N, "resume the echo", unpause("echo"))
P("utility_room", "unpause the telly", unpause("utility_room_den_tv"))
P("conservatory", "right, I'm back, resume the show", unpause("den_tv"))
P(N, "unpause the loft speaker", unpause("loft_speaker"))
P("pantry", "skip this track", nxt("jukebox"))
P("studio", "ugh, I hate this song, next", nxt("loft_speaker"))
P(N, "next song on the echo", nxt("echo"))
P("utility_room", "skip to the next episode", nxt("utility_room_den_tv"))
P("conservatory", "can you skip this one", nxt("den_tv"))
P(N, "skip the song on the jukebox", nxt("jukebox"))
P("loft", "go back a song", prv("echo"))
P(N, "play the previous track on the loft speaker", prv("loft_speaker"))
P("pantry", "play that last song again", prv("jukebox"))
P("utility_room", "back one track please", prv("utility_room_den_tv"))
P("conservatory", "mute the telly", mute("den_tv"))
P(N, "mute the echo", mute("echo"))
P("studio", "shh, mute it", mute("loft_speaker"))
P(N, "silence the jukebox", mute("jukebox"))
P(N, "unmute the den tv", unmute("den_tv"))
P("loft", "unmute please", unmute("echo"))
P("pantry", "turn the sound back on", unmute("jukebox"))
P(N, "set the jukebox volume to 30", vol(30, "jukebox"))
P("studio", "volume to forty percent", vol(40, "loft_speaker"))
P(N, "turn the echo to half volume", vol(50, "echo"))
P("conservatory", "put the volume on 25", vol(25, "den_tv"))
P(N, "set the utility room den tv volume to 60 percent", vol(60, "utility_room_den_tv"))
P("loft", "volume 15", vol(15, "echo"))
P("pantry", "turn the music up a bit", vrel("up", "jukebox"))
P("loft", "it's too loud, turn it down", vrel("down", "echo"))
P(N, "turn the volume down on the den tv", vrel("down", "den_tv"))
P("studio", "louder please", vrel("up", "loft_speaker"))
P(N, "turn the jukebox volume up by 10", vrel(10, "jukebox"))
P("utility_room", "bring the volume down by twenty", vrel(-20, "utility_room_den_tv"))
P("conservatory", "a little quieter please, I'm on the phone", vrel("down", "den_tv"))
P(N, "can you make the echo louder", vrel("up", "echo"))
P("studio", "volume down 5", vrel(-5, "loft_speaker"))
P("conservatory", "turn the tv off", off("den_tv"))
P(N, "switch on the jukebox", on("jukebox"))
P(N, "turn off the echo", off("echo"))

# switches
P(N, "turn on the espresso machine, I need coffee", on("espresso_machine"))
P(N, "switch off the waffle iron", off("waffle_iron"))
P(N, "start the slow cooker", on("slow_cooker"))
P(N, "turn the 3d printer off", off("3d_printer"))
P("loft", "put the sound machine on, I'm trying to sleep", on("sound_machine"))
P(N, "grow lamp socket off please", off("grow_lamp_socket"))
P(N, "turn the sound machine off", off("sound_machine"))
P(N, "can you turn on the waffle iron", on("waffle_iron"))
P(N, "switch on the grow lamp socket", on("grow_lamp_socket"))
P(N, "espresso machine off, I'm done", off("espresso_machine"))

# timers, time, date, never mind
P(N, "give me a ten minute countdown", timer(m=10))
P(N, "set a timer for 5 minutes", timer(m=5))
P("pantry", "timer for twenty minutes please, the pasta's on", timer(m=20))
P(N, "can you start a timer for half an hour", timer(m=30))
P(N, "set a timer for 45 seconds", timer(s=45))
P(N, "I need a two hour timer", timer(h=2))
P(N, "start a 90 second timer", timer(s=90))
P(N, "set a timer for an hour", timer(h=1))
P(N, "timer, 3 minutes", timer(m=3))
P(N, "start a timer for 1 hour and 15 minutes", timer(h=1, m=15))
P(N, "set a timer for 8 minutes for the eggs", timer(m=8))
P(N, "put a 25 minute timer on", timer(m=25))
P(N, "how long's left on the timer", tstat())
P(N, "how much time is left on my timer", tstat())
P(N, "is my timer nearly done?", tstat())
P(N, "cancel the timer", tcancel())
P(N, "stop the timer, I've taken it out", tcancel())
P(N, "actually, scrap that timer", tcancel())
P(N, "cancel all my timers", tcancelall())
P(N, "get rid of every timer", tcancelall())
P(N, "what time is it", now())
P(N, "hey, what's the time?", now())
P(N, "what's the date today", today())
P(N, "ah, never mind then", nvm())

# must not act
P(N, "my sister bought a new lamp")
P("den", "the lava lamp was a birthday present")
P(N, "I think the garage door needs painting")
P("studio", "tell me a joke")
P(N, "what's the capital of Australia")
P("loft", "how are you today")
P(N, "order a pizza")
P(N, "call mum")
P("utility_room", "turn on the dishwasher")
P(N, "start the washing machine")
P(N, "lock the front door")
P("pantry", "I love this song")
P(N, "the jukebox is so old")
P("den", "we should get a new fan")
P(N, "how do I fix a leaking tap")
P(N, "what's the best temperature for sleeping")
P("games_room", "my brother always leaves the lights on")
P(N, "how many days until christmas")
P("mudroom", "I'm going to the shop")
P(N, "turn on the sprinklers")
P(N, "close the blinds in the kitchen")
P("conservatory", "the den tv is on the fritz again")
P(N, "I just finished painting the studio")
P(N, "who invented the light bulb")
P(N, "what does a mini split do")
P("parlour", "hearth, you're brilliant")
P(N, "can dogs eat grapes")
P(N, "the french doors are squeaky")
P(N, "set an alarm for 7am")
P(N, "book me a taxi")
P(N, "what's 15 times 12")
P("wine_cellar", "my fan makes a weird noise")
P(N, "the heating bill was huge this month")
P(N, "turn on the hot tub")
P(N, "how long do I boil an egg for")
P(N, "where did I leave my keys")
P("studio", "I'm bored")
P(N, "feed the cat")
P(N, "my mate says curtains are better than blinds")
P("loft", "do you like music?")
P(N, "start the car")
P(N, "what's a good film to watch tonight")

# ------------------------------------------------------------------------------------------------------------
# Multi-action sentences (2-3 actions each)
# ------------------------------------------------------------------------------------------------------------

# one verb, several named devices
M(N, "turn off the lava lamp and the rattan fan", off("lava_lamp"), off("rattan_fan"))
M(N, "switch on the crystal lamp and the oscillating fan", on("crystal_lamp"), on("oscillating_fan"))
M(N, "turn off the waffle iron and the espresso machine", off("waffle_iron"), off("espresso_machine"))
M(N, "lock the french doors and the studio door", on("french_doors"), on("studio_door"))
M(N, "unlock the studio door and the french doors please", off("studio_door"), off("french_doors"))
M(N, "could you switch off the pixel light, the loft lamp and the tripod bulb", off("pixel_light"), off("loft_lamp"), off("tripod_bulb"))
M(N, "turn on the slow cooker and the grow lamp socket", on("slow_cooker"), on("grow_lamp_socket"))
M(N, "close the den window and the pantry window", off("den_window"), off("pantry_window"))
M(N, "open the parlour curtain and the mudroom curtain", on("parlour_curtain"), on("mudroom_curtain"))
M(N, "switch off the bladeless fan and the wall mounted fan", off("bladeless_fan"), off("wall_mounted_fan"))
M(N, "turn on the studio lamp and the tripod spotlight", on("studio_lamp"), on("tripod_spotlight"))
M(N, "pause the jukebox and the echo", pause("jukebox"), pause("echo"))
M(N, "mute the den tv and the loft speaker", mute("den_tv"), mute("loft_speaker"))
M(N, "turn the 3d printer and the sound machine off", off("3d_printer"), off("sound_machine"))
M(N, "turn on the lantern led strip, the moroccan lamp and mateo's light", on("lantern_led_strip"), on("moroccan_lamp"), on("mateo_s_light"))
M(N, "switch the games room lamp and the conservatory lamp off", off("games_room_lamp"), off("conservatory_lamp"))
M(N, "shut the garage door and the wine cellar curtain", off("garage_door"), off("wine_cellar_curtain"))
M(N, "turn the loft fan and the oscillating fan on", on("loft_fan"), on("oscillating_fan"))
M(N, "switch off the tripod lamp as well as the den ceiling light", off("tripod_lamp"), off("den_ceiling_light"))
M(N, "turn off the jukebox and the den tv", off("jukebox"), off("den_tv"))
M(N, "open the games room window and the den window", on("games_room_window"), on("den_window"))
M(N, "turn on the wine cellar lamp and the moroccan light", on("wine_cellar_lamp"), on("moroccan_light"))
M(N, "unpause the echo and the jukebox", unpause("echo"), unpause("jukebox"))
M(N, "switch off the crystal lamp, the lava lamp and the pixel light", off("crystal_lamp"), off("lava_lamp"), off("pixel_light"))
M(N, "turn on the espresso machine and the waffle iron, it's breakfast time", on("espresso_machine"), on("waffle_iron"))
M(N, "turn off the games room mini split and the loft mini split", off("games_room_mini_split"), off("loft_mini_split"))
M(N, "set the rattan fan and the bladeless fan to 50 percent", spd(50, "rattan_fan"), spd(50, "bladeless_fan"))
M(N, "make the lava lamp and the pixel light purple", col("purple", "lava_lamp"), col("purple", "pixel_light"))
M(N, "dim the crystal lamp and the games room lamp to 20 percent", bri(20, "crystal_lamp"), bri(20, "games_room_lamp"))
M(N, "close the parlour curtain, the mudroom curtain and the wine cellar curtain", off("parlour_curtain"), off("mudroom_curtain"), off("wine_cellar_curtain"))
M(N, "unmute the jukebox and the echo", unmute("jukebox"), unmute("echo"))
M(N, "switch on mateo's light and the tripod bulb", on("mateo_s_light"), on("tripod_bulb"))
M(N, "turn the den ceiling light and the loft lamp on please", on("den_ceiling_light"), on("loft_lamp"))
M(N, "turn off the grow lamp socket and the slow cooker", off("grow_lamp_socket"), off("slow_cooker"))
M(N, "set the conservatory lamp and the tripod bulb to warm white", kel(2700, "conservatory_lamp"), kel(2700, "tripod_bulb"))
M(N, "switch the wall mounted fan and the rattan fan on", on("wall_mounted_fan"), on("rattan_fan"))
M(N, "pause the den tv and the utility room den tv", pause("den_tv"), pause("utility_room_den_tv"))
M(N, "turn the echo and the loft speaker off", off("echo"), off("loft_speaker"))
M(N, "lower the garage door and the mudroom curtain", off("garage_door"), off("mudroom_curtain"))
M(N, "put the oscillating fan and the loft fan on full speed", spd(100, "oscillating_fan"), spd(100, "loft_fan"))

# one verb, several areas
M(N, "turn on the den and pantry lights", on("den/light"), on("pantry/light"))
M(N, "switch off the lights in the studio and the loft", off("studio/light"), off("loft/light"))
M(N, "turn off the games room and conservatory lights", off("games_room/light"), off("conservatory/light"))
M(N, "lights on in the mudroom and the den please", on("mudroom/light"), on("den/light"))
M(N, "kill the lights in the utility room and the studio", off("utility_room/light"), off("studio/light"))
M(N, "turn on the lights in the loft, the studio and the mudroom", on("loft/light"), on("studio/light"), on("mudroom/light"))
M(N, "switch off the lights in the den, the games room and the conservatory", off("den/light"), off("games_room/light"), off("conservatory/light"))
M(N, "close the windows in the den and the games room", off("den_window"), off("games_room_window"))
M(N, "open the curtains in the mudroom and the wine cellar", on("mudroom_curtain"), on("wine_cellar_curtain"))
M(N, "turn on the fans in the den and the mudroom", on("wall_mounted_fan"), on("rattan_fan"))
M(N, "dim the studio and loft lights to 40 percent", bri(40, "studio/light"), bri(40, "loft/light"))
M(N, "turn the lights in the conservatory and the den blue", col("blue", "conservatory/light"), col("blue", "den/light"))
M(N, "set the games room and loft to 21 degrees", heat(21, "games_room_mini_split"), heat(21, "loft_mini_split"))
M(N, "pause the music in the pantry and the loft", pause("jukebox"), pause("echo"))
M(N, "switch off the fans in the games room and the wine cellar", off("oscillating_fan"), off("bladeless_fan"))
M(N, "lights off in the mudroom and the utility room, thanks", off("mudroom/light"), off("utility_room/light"))
M(N, "turn on the studio, utility room and conservatory lights", on("studio/light"), on("utility_room/light"), on("conservatory/light"))
M(N, "turn the lights on in the wine cellar and the loft", on("wine_cellar/light"), on("loft/light"))
M(N, "put the den and games room lights on 60 percent", bri(60, "den/light"), bri(60, "games_room/light"))
M(N, "switch off the lights on the main floor and the top floor", off("^main_floor/light"), off("^top_floor/light"))

# speaker's room implied
M("wine_cellar", "close the curtains and turn the heating to 20", off("wine_cellar_curtain"), heat(20, "wine_cellar_underfloor_heating"))
M("den", "turn the lights off and close the window", off("den/light"), off("den_window"))
M("games_room", "open the window and turn the fan on", on("games_room_window"), on("oscillating_fan"))
M("mudroom", "draw the curtains shut and put the lights on", off("mudroom_curtain"), on("mudroom/light"))
M("pantry", "lights on and pause the music", on("pantry/light"), pause("jukebox"))
M("loft", "turn the lights down to 30 percent and put the sound machine on", bri(30, "loft/light"), on("sound_machine"))
M("conservatory", "pause the tv and turn the lights on", pause("den_tv"), on("conservatory/light"))
M("studio", "skip this song and turn it up a bit", nxt("loft_speaker"), vrel("up", "loft_speaker"))
M("parlour", "open the curtains and switch off the lights", on("parlour_curtain"), off("parlour/light"))
M("games_room", "set the air con to 19 and close the window", heat(19, "games_room_mini_split"), off("games_room_window"))
M("wine_cellar", "fan on and curtains closed please", on("bladeless_fan"), off("wine_cellar_curtain"))
M("den", "lights on, fan off", on("den/light"), off("wall_mounted_fan"))
M("utility_room", "pause the telly and put the lights on", pause("utility_room_den_tv"), on("utility_room/light"))
M("loft", "make it 22 degrees in here and turn the lights on", heat(22, "loft_mini_split"), on("loft/light"))
M("mudroom", "turn off the fan and the lights", off("rattan_fan"), off("mudroom/light"))
M("pantry", "close the window and turn the fan off", off("pantry_window"), off("loft_fan"))
M("conservatory", "set it to 23 degrees in here, then dim the lights to 40 percent", heat(23, "conservatory_climate_control"), bri(40, "conservatory/light"))
M("studio", "lights off and pause the music", off("studio/light"), pause("loft_speaker"))
M("wine_cellar", "turn the light on, open the curtains and switch the fan off", on("wine_cellar/light"), on("wine_cellar_curtain"), off("bladeless_fan"))
M("games_room", "lights to half and the fan to 40 percent", bri(50, "games_room/light"), spd(40, "oscillating_fan"))
M("den", "open the window, then turn the fan on", on("den_window"), on("wall_mounted_fan"))
M("parlour", "shut the curtains and make the lights red", off("parlour_curtain"), col("red", "parlour/light"))
M("loft", "mute the echo and switch the lights off", mute("echo"), off("loft/light"))
M("pantry", "skip this track and turn the volume up", nxt("jukebox"), vrel("up", "jukebox"))
M("conservatory", "turn the tv down a bit and the lights to warm white", vrel("down", "den_tv"), kel(2700, "conservatory/light"))
M("utility_room", "next episode and volume to 40", nxt("utility_room_den_tv"), vol(40, "utility_room_den_tv"))
M("mudroom", "open the curtains halfway and switch the lights off", pos(50, "mudroom_curtain"), off("mudroom/light"))
M("games_room", "turn the mini split off and open the window", off("games_room_mini_split"), on("games_room_window"))
M("studio", "go back a track and turn the volume down to 20", prv("loft_speaker"), vol(20, "loft_speaker"))
M("den", "fan to 30 percent and lights to 70 percent", spd(30, "wall_mounted_fan"), bri(70, "den/light"))
M("wine_cellar", "heating to 18, then lights off", heat(18, "wine_cellar_underfloor_heating"), off("wine_cellar/light"))
M("loft", "unmute the music and make the lights purple", unmute("echo"), col("purple", "loft/light"))
M("parlour", "curtains to 25 percent and lights on please", pos(25, "parlour_curtain"), on("parlour/light"))
M("pantry", "turn the lights on and the music down", on("pantry/light"), vrel("down", "jukebox"))
M("conservatory", "lock the studio door and switch off the tv", on("studio_door"), off("den_tv"))
M("den", "lock the french doors and turn the lights off", on("french_doors"), off("den/light"))
M("games_room", "I'm off to bed, turn the lights off, shut the window and turn the air con off", off("games_room/light"), off("games_room_window"), off("games_room_mini_split"))
M("loft", "pause the music, turn the lights off and put the sound machine on", pause("echo"), off("loft/light"), on("sound_machine"))
M("mudroom", "fan to 60 percent, then close the curtains", spd(60, "rattan_fan"), off("mudroom_curtain"))
M("studio", "resume the music and lights to 80 percent", unpause("loft_speaker"), bri(80, "studio/light"))
M("utility_room", "mute the telly and turn the lights off", mute("utility_room_den_tv"), off("utility_room/light"))
M("wine_cellar", "open the garage door and turn the light on", on("garage_door"), on("wine_cellar/light"))
M("conservatory", "next episode please, and turn the lights down to 20 percent", nxt("den_tv"), bri(20, "conservatory/light"))
M("pantry", "open the window, turn on the fan and put the music on pause", on("pantry_window"), on("loft_fan"), pause("jukebox"))
M("den", "close the window and set the fan to 50 percent", off("den_window"), spd(50, "wall_mounted_fan"))
M("games_room", "turn on the lights, then put the espresso machine on", on("games_room/light"), on("espresso_machine"))
M("parlour", "lights to daylight and open the curtains", kel(6500, "parlour/light"), on("parlour_curtain"))
M("loft", "set the temperature to 20 and the lights to 10 percent", heat(20, "loft_mini_split"), bri(10, "loft/light"))
M("mudroom", "turn on the waffle iron and the lights", on("waffle_iron"), on("mudroom/light"))
M("studio", "volume to 35 and skip to the next song", vol(35, "loft_speaker"), nxt("loft_speaker"))
M("wine_cellar", "close the garage door, the curtains as well", off("garage_door"), off("wine_cellar_curtain"))
M("conservatory", "resume the show and turn the heating up to 22", unpause("den_tv"), heat(22, "conservatory_climate_control"))
M("games_room", "switch the fan off and the lights on", off("oscillating_fan"), on("games_room/light"))
M("utility_room", "play the previous episode and unmute it", prv("utility_room_den_tv"), unmute("utility_room_den_tv"))
M("pantry", "turn off the slow cooker and the lights, I'm done in here", off("slow_cooker"), off("pantry/light"))
M("den", "turn the lights green and the fan on", col("green", "den/light"), on("wall_mounted_fan"))
M("loft", "turn the echo up by 10 and dim the lights to 50 percent", vrel(10, "echo"), bri(50, "loft/light"))

# mixed domains, named devices and areas
M(N, "turn off the tv in the conservatory and lock the studio door", off("den_tv"), on("studio_door"))
M(N, "close the garage door and then lock the french doors", off("garage_door"), on("french_doors"))
M(N, "switch on the lava lamp and set the wall mounted fan to 40 percent", on("lava_lamp"), spd(40, "wall_mounted_fan"))
M(N, "set the conservatory to 21 degrees and turn on the conservatory lamp", heat(21, "conservatory_climate_control"), on("conservatory_lamp"))
M(N, "pause the jukebox and turn the lights in the pantry off", pause("jukebox"), off("pantry/light"))
M(N, "turn off the espresso machine, oh and close the games room window", off("espresso_machine"), off("games_room_window"))
M(N, "open the parlour curtain and turn off the pixel light", on("parlour_curtain"), off("pixel_light"))
M(N, "lock the french doors, close the garage door and turn off the den lights", on("french_doors"), off("garage_door"), off("den/light"))
M(N, "set a timer for 10 minutes and turn on the slow cooker", timer(m=10), on("slow_cooker"))
M(N, "turn the waffle iron on and start a timer for four minutes", on("waffle_iron"), timer(m=4))
M(N, "make the lava lamp red and the crystal lamp blue", col("red", "lava_lamp"), col("blue", "crystal_lamp"))
M("pantry", "skip the song on the jukebox and turn the volume up to 60", nxt("jukebox"), vol(60, "jukebox"))
M("loft", "turn on the loft mini split and set it to 22", on("loft_mini_split"), heat(22, "loft_mini_split"))
M(N, "open the garage door and turn on the wine cellar lamp", on("garage_door"), on("wine_cellar_lamp"))
M(N, "switch off the 3d printer and the studio lights", off("3d_printer"), off("studio/light"))
M(N, "set the bladeless fan to 30 percent and the underfloor heating to 19", spd(30, "bladeless_fan"), heat(19, "wine_cellar_underfloor_heating"))
M(N, "mute the den tv then pause the echo", mute("den_tv"), pause("echo"))
M(N, "unlock the french doors and open the den window", off("french_doors"), on("den_window"))
M(N, "turn on the grow lamp socket and close the den window", on("grow_lamp_socket"), off("den_window"))
M(N, "dim the tripod lamp to 25 percent and turn the studio lamp off", bri(25, "tripod_lamp"), off("studio_lamp"))
M(N, "switch on the sound machine and turn off the loft lamp", on("sound_machine"), off("loft_lamp"))
M(N, "turn the lantern led strip pink and the loft lamp to 40 percent", col("pink", "lantern_led_strip"), bri(40, "loft_lamp"))
M(N, "open the mudroom curtain, turn off the mudroom lights and switch off the rattan fan", on("mudroom_curtain"), off("mudroom/light"), off("rattan_fan"))
M(N, "turn the games room mini split to 20 and switch off the oscillating fan", heat(20, "games_room_mini_split"), off("oscillating_fan"))
M(N, "pause the loft speaker and turn off the 3d printer", pause("loft_speaker"), off("3d_printer"))
M(N, "turn down the echo and switch off the lantern led strip", vrel("down", "echo"), off("lantern_led_strip"))
M(N, "turn on the utility room den tv and turn off the tripod spotlight", on("utility_room_den_tv"), off("tripod_spotlight"))
M(N, "close the pantry window and switch on the loft fan", off("pantry_window"), on("loft_fan"))
M(N, "set the parlour curtain to 40 percent and the pixel light to 40 percent", pos(40, "parlour_curtain"), bri(40, "pixel_light"))
M(N, "switch off the espresso machine and the games room lights", off("espresso_machine"), off("games_room/light"))
M(N, "turn the wine cellar lamp on, then close the wine cellar curtain", on("wine_cellar_lamp"), off("wine_cellar_curtain"))
M(N, "lock the studio door and set the conservatory to 19 degrees", on("studio_door"), heat(19, "conservatory_climate_control"))
M(N, "turn off the den tv, the conservatory lights and the conservatory climate control", off("den_tv"), off("conservatory/light"), off("conservatory_climate_control"))
M(N, "switch the jukebox off and the lights in the pantry on", off("jukebox"), on("pantry/light"))
M(N, "open the wine cellar curtain halfway and turn the bladeless fan off", pos(50, "wine_cellar_curtain"), off("bladeless_fan"))
M(N, "put the echo on 20 percent volume and pause the jukebox", vol(20, "echo"), pause("jukebox"))
M(N, "turn the den lights to warm white and lock the french doors", kel(2700, "den/light"), on("french_doors"))
M(N, "start a 20 minute timer and turn off the waffle iron", timer(m=20), off("waffle_iron"))
M(N, "turn on mateo's light, then close the mudroom curtain", on("mateo_s_light"), off("mudroom_curtain"))
M(N, "lower the garage door, lock the studio door and lock the french doors", off("garage_door"), on("studio_door"), on("french_doors"))
M(N, "set the studio lamp to 4000 kelvin and the tripod lamp to 2700 kelvin", kel(4000, "studio_lamp"), kel(2700, "tripod_lamp"))
M(N, "turn on the crystal lamp and open the games room window halfway", on("crystal_lamp"), pos(50, "games_room_window"))
M(N, "resume the den tv and turn the conservatory lamp off", unpause("den_tv"), off("conservatory_lamp"))
M(N, "switch off the moroccan lamp and the slow cooker", off("moroccan_lamp"), off("slow_cooker"))
M(N, "turn the rattan fan to 70 percent and open the mudroom curtain", spd(70, "rattan_fan"), on("mudroom_curtain"))
M(N, "unlock the studio door and turn on the conservatory lights", off("studio_door"), on("conservatory/light"))
M(N, "turn on the den ceiling light and the wall mounted fan, then open the den window", on("den_ceiling_light"), on("wall_mounted_fan"), on("den_window"))
M(N, "turn the jukebox up by 15 and the echo down by 15", vrel(15, "jukebox"), vrel(-15, "echo"))
M(N, "set the wine cellar to 16 degrees and close the garage door", heat(16, "wine_cellar_underfloor_heating"), off("garage_door"))
M(N, "switch off the tripod bulb and turn the conservatory climate control on", off("tripod_bulb"), on("conservatory_climate_control"))
M("games_room", "turn on the oscillating fan and set it to 25 percent", on("oscillating_fan"), spd(25, "oscillating_fan"))
M(N, "mute the jukebox and turn on the lights in the pantry", mute("jukebox"), on("pantry/light"))
M(N, "close the den window, close the pantry window and close the games room window", off("den_window"), off("pantry_window"), off("games_room_window"))
M(N, "turn off the loft lights and put the echo on pause", off("loft/light"), pause("echo"))
M(N, "make the moroccan light orange and mateo's light yellow", col("orange", "moroccan_light"), col("yellow", "mateo_s_light"))
M(N, "turn the parlour curtain down and switch on the lights in the parlour", off("parlour_curtain"), on("parlour/light"))
M(N, "turn on the espresso machine and set the games room mini split to 21", on("espresso_machine"), heat(21, "games_room_mini_split"))
M(N, "pause the utility room den tv and switch off the utility room lights", pause("utility_room_den_tv"), off("utility_room/light"))
M("utility_room", "switch on the tripod spotlight and set it to 60 percent", on("tripod_spotlight"), bri(60, "tripod_spotlight"))
M(N, "turn off the bladeless fan, then the wine cellar lamp", off("bladeless_fan"), off("wine_cellar_lamp"))
M(N, "open the garage, then switch the bladeless fan on", on("garage_door"), on("bladeless_fan"))
M(N, "turn on the lights on the main floor and lock the french doors", on("^main_floor/light"), on("french_doors"))
M("parlour", "close all the curtains on the top floor and turn off the lights there too", off("^top_floor/cover:curtain"), off("^top_floor/light"))
M("studio", "next track on the loft speaker and volume up", nxt("loft_speaker"), vrel("up", "loft_speaker"))
M("pantry", "previous song on the jukebox, and turn it up to 45", prv("jukebox"), vol(45, "jukebox"))
M(N, "set the loft to 18 degrees and switch on the sound machine", heat(18, "loft_mini_split"), on("sound_machine"))
M(N, "turn off the grow lamp socket and the den lights", off("grow_lamp_socket"), off("den/light"))
M("loft", "turn on the lantern led strip and make it blue", on("lantern_led_strip"), col("blue", "lantern_led_strip"))
M(N, "open the den window a quarter and switch the wall mounted fan on", pos(25, "den_window"), on("wall_mounted_fan"))
M(N, "switch the waffle iron off and the espresso machine on", off("waffle_iron"), on("espresso_machine"))
M(N, "turn up the den tv and turn off the tripod bulb", vrel("up", "den_tv"), off("tripod_bulb"))
M("utility_room", "unmute the utility room den tv and set it to 30 percent volume", unmute("utility_room_den_tv"), vol(30, "utility_room_den_tv"))
M(N, "switch on the loft fan and the moroccan lamp", on("loft_fan"), on("moroccan_lamp"))
M(N, "turn off every light in the house and lock the french doors", off("*/light"), on("french_doors"))
M(N, "set the pixel light to 10 percent, then turn off the crystal lamp", bri(10, "pixel_light"), off("crystal_lamp"))

# with timers
M(N, "set a timer for 15 minutes and turn the slow cooker on", timer(m=15), on("slow_cooker"))
M(N, "start a 40 minute timer for the oven, and switch on the lights in the pantry", timer(m=40), on("pantry/light"))
M("pantry", "pause the music and set a timer for five minutes", pause("jukebox"), timer(m=5))
M("loft", "put the sound machine on and set a timer for an hour", on("sound_machine"), timer(h=1))
M(N, "start a timer for 30 seconds, then turn on the espresso machine", timer(s=30), on("espresso_machine"))
M("games_room", "turn the lights off and give me a ten minute countdown", off("games_room/light"), timer(m=10))
M(N, "cancel the timer and turn off the waffle iron", tcancel(), off("waffle_iron"))
M(N, "cancel all the timers and switch off the slow cooker", tcancelall(), off("slow_cooker"))
M("studio", "set a timer for 2 hours and turn off the 3d printer", timer(h=2), off("3d_printer"))
M(N, "turn on the grow lamp socket and set a timer for 3 hours", on("grow_lamp_socket"), timer(h=3))
M("mudroom", "turn the waffle iron on, then set a six minute timer", on("waffle_iron"), timer(m=6))
M("utility_room", "pause the telly and start a 20 minute timer", pause("utility_room_den_tv"), timer(m=20))
M(N, "set a 45 second timer and mute the jukebox", timer(s=45), mute("jukebox"))
M("conservatory", "start a timer for half an hour and turn the lights down to 30 percent", timer(m=30), bri(30, "conservatory/light"))
M(N, "set a timer for 1 hour and 30 minutes and turn on the slow cooker", timer(h=1, m=30), on("slow_cooker"))
M("den", "lights off and set a timer for 25 minutes", off("den/light"), timer(m=25))
M(N, "stop the timer and turn off the espresso machine", tcancel(), off("espresso_machine"))
M(N, "turn off the tripod lamp, then set a timer for 90 seconds", off("tripod_lamp"), timer(s=90))
M("loft", "set a timer for forty minutes and turn the echo down", timer(m=40), vrel("down", "echo"))
M(N, "start a 12 minute timer, oh and switch the waffle iron on", timer(m=12), on("waffle_iron"))
M("wine_cellar", "close the curtains, turn the heating to 20 and set a timer for 15 minutes", off("wine_cellar_curtain"), heat(20, "wine_cellar_underfloor_heating"), timer(m=15))
M(N, "set a timer for 5 minutes and another one for 10 minutes", timer(m=5), timer(m=10))
M("pantry", "skip this song and set a three minute timer", nxt("jukebox"), timer(m=3))
M(N, "how long is left on my timer, and turn the slow cooker off", tstat(), off("slow_cooker"))
M("games_room", "turn on the espresso machine and set a timer for 4 minutes", on("espresso_machine"), timer(m=4))

# media combinations
M("pantry", "turn it down and skip this track", vrel("down", "jukebox"), nxt("jukebox"))
M("loft", "unmute and turn it up to 50", unmute("echo"), vol(50, "echo"))
M("conservatory", "go back to the previous episode and turn the volume up", prv("den_tv"), vrel("up", "den_tv"))
M("studio", "pause this and mute it", pause("loft_speaker"), mute("loft_speaker"))
M(N, "pause the echo, pause the jukebox and pause the loft speaker", pause("echo"), pause("jukebox"), pause("loft_speaker"))
M("pantry", "resume the jukebox and set the volume to 25", unpause("jukebox"), vol(25, "jukebox"))
M(N, "skip this song on the echo and turn the den tv off", nxt("echo"), off("den_tv"))
M("studio", "turn the loft speaker up by 20 and unpause it", vrel(20, "loft_speaker"), unpause("loft_speaker"))
M(N, "mute the utility room den tv and resume the den tv", mute("utility_room_den_tv"), unpause("den_tv"))
M("utility_room", "volume down by ten and skip this episode", vrel(-10, "utility_room_den_tv"), nxt("utility_room_den_tv"))
M("pantry", "turn on the jukebox and set the volume to 40 percent", on("jukebox"), vol(40, "jukebox"))
M(N, "turn off the echo and the utility room den tv", off("echo"), off("utility_room_den_tv"))
M("loft", "next song, and a bit louder please", nxt("echo"), vrel("up", "echo"))
M("conservatory", "unmute the tv and play the next episode", unmute("den_tv"), nxt("den_tv"))
M(N, "set the den tv volume to 15 and the loft speaker volume to 35", vol(15, "den_tv"), vol(35, "loft_speaker"))
M(N, "unpause the loft speaker and mute the echo", unpause("loft_speaker"), mute("echo"))
M("pantry", "previous track then volume to 70", prv("jukebox"), vol(70, "jukebox"))
M(N, "turn up the jukebox and turn down the echo", vrel("up", "jukebox"), vrel("down", "echo"))
M(N, "pause the den tv, and after that switch off the conservatory lights", pause("den_tv"), off("conservatory/light"))
M("studio", "unmute, then skip to the next track", unmute("loft_speaker"), nxt("loft_speaker"))

# three actions
M(N, "turn off the lava lamp, the rattan fan and the espresso machine", off("lava_lamp"), off("rattan_fan"), off("espresso_machine"))
M(N, "lock the french doors, lock the studio door and shut the garage", on("french_doors"), on("studio_door"), off("garage_door"))
M("den", "lights off, fan off and lock the french doors", off("den/light"), off("wall_mounted_fan"), on("french_doors"))
M(N, "turn on the loft lamp, the studio lamp and the conservatory lamp", on("loft_lamp"), on("studio_lamp"), on("conservatory_lamp"))
M("games_room", "open the window, set the fan to 50 percent and turn the mini split off", on("games_room_window"), spd(50, "oscillating_fan"), off("games_room_mini_split"))
M(N, "switch off the den tv, the jukebox and the echo", off("den_tv"), off("jukebox"), off("echo"))
M("parlour", "open the curtains, turn off the lights and, uh, set a timer for 10 minutes", on("parlour_curtain"), off("parlour/light"), timer(m=10))
M(N, "turn the crystal lamp red, the lava lamp green and the pixel light blue", col("red", "crystal_lamp"), col("green", "lava_lamp"), col("blue", "pixel_light"))
M("mudroom", "close the curtains, turn the lights on and switch off the waffle iron", off("mudroom_curtain"), on("mudroom/light"), off("waffle_iron"))
M(N, "set the loft to 20, the games room to 21 and the conservatory to 22", heat(20, "loft_mini_split"), heat(21, "games_room_mini_split"), heat(22, "conservatory_climate_control"))
M("wine_cellar", "open the garage, turn on the light and turn the heating off", on("garage_door"), on("wine_cellar/light"), off("wine_cellar_underfloor_heating"))
M(N, "turn off the slow cooker, the grow lamp socket and the 3d printer", off("slow_cooker"), off("grow_lamp_socket"), off("3d_printer"))
M("pantry", "lights on, window open and fan on please", on("pantry/light"), on("pantry_window"), on("loft_fan"))
M("loft", "lights off, sound machine on and the temperature to 19", off("loft/light"), on("sound_machine"), heat(19, "loft_mini_split"))
M(N, "open the den window, the pantry window and the games room window", on("den_window"), on("pantry_window"), on("games_room_window"))
M("conservatory", "pause the tv, turn the lights up to 100 percent and unlock the studio door", pause("den_tv"), bri(100, "conservatory/light"), off("studio_door"))
M(N, "switch on the bladeless fan, the rattan fan and the wall mounted fan", on("bladeless_fan"), on("rattan_fan"), on("wall_mounted_fan"))
M("studio", "turn off the 3d printer, the lights and the speaker", off("3d_printer"), off("studio/light"), off("loft_speaker"))
M(N, "turn on the lights in the den, then the pantry, then the games room", on("den/light"), on("pantry/light"), on("games_room/light"))
M("utility_room", "lights on, telly on and volume to 30", on("utility_room/light"), on("utility_room_den_tv"), vol(30, "utility_room_den_tv"))
M(N, "close the mudroom curtain, the parlour curtain and the garage door", off("mudroom_curtain"), off("parlour_curtain"), off("garage_door"))
M(N, "dim the den ceiling light to 10 percent, turn off the lava lamp and switch on the grow lamp socket", bri(10, "den_ceiling_light"), off("lava_lamp"), on("grow_lamp_socket"))
M("games_room", "espresso machine on, lights on and open the window", on("espresso_machine"), on("games_room/light"), on("games_room_window"))
M(N, "mute the echo, pause the jukebox and turn the den tv off", mute("echo"), pause("jukebox"), off("den_tv"))
M(N, "turn on the tripod lamp, the tripod bulb and the tripod spotlight", on("tripod_lamp"), on("tripod_bulb"), on("tripod_spotlight"))

# a question with an action
M(N, "is the garage door closed? and turn off the wine cellar lamp", st("closed", "garage_door"), off("wine_cellar_lamp"))
M(N, "lock the french doors and tell me if the studio door is locked", on("french_doors"), st("locked", "studio_door"))
M(N, "turn off the espresso machine, and is the waffle iron still on?", off("espresso_machine"), st("on", "waffle_iron"))
M(N, "close the den window and what's the temperature in the games room", off("den_window"), gtemp("games_room_mini_split"))
M("loft", "how warm is it in here, and turn the lights on", gtemp("loft_mini_split"), on("loft/light"))
M(N, "is the slow cooker on? and switch off the lights in the pantry", st("on", "slow_cooker"), off("pantry/light"))
M(N, "turn on the loft mini split and tell me how warm it is in the loft", on("loft_mini_split"), gtemp("loft_mini_split"))
M(N, "what time is it, and set a timer for 20 minutes", now(), timer(m=20))

# more everyday combinations, various connectors
M(N, "hey hearth, turn on the studio lights and then pause the loft speaker", on("studio/light"), pause("loft_speaker"))
M(N, "um switch off the den lights, oh and close the den window", off("den/light"), off("den_window"))
M(N, "could you please turn on the games room lights and also set the games room mini split to 22", on("games_room/light"), heat(22, "games_room_mini_split"))
M(N, "lock the studio door, after that turn off the conservatory lights", on("studio_door"), off("conservatory/light"))
M(N, "open the garage door, then switch on the bladeless fan", on("garage_door"), on("bladeless_fan"))
M(N, "switch the espresso machine on as well as the games room lamp", on("espresso_machine"), on("games_room_lamp"))
M(N, "turn the waffle iron off, and then the mudroom lights", off("waffle_iron"), off("mudroom/light"))
M(N, "dim the loft lights to 15 percent and also turn on the sound machine", bri(15, "loft/light"), on("sound_machine"))
M(N, "set the wall mounted fan to 80 and the oscillating fan to 20", spd(80, "wall_mounted_fan"), spd(20, "oscillating_fan"))
M(N, "close the parlour curtain, then dim the lights in the parlour to 30 percent", off("parlour_curtain"), bri(30, "parlour/light"))
M(N, "turn on the utility room lights and the utility room den tv", on("utility_room/light"), on("utility_room_den_tv"))
M(N, "please lock the french doors, oh and turn off the lava lamp", on("french_doors"), off("lava_lamp"))
M(N, "pause the den tv and also switch on the tripod bulb", pause("den_tv"), on("tripod_bulb"))
M(N, "turn off the grow lamp socket, then lock the french doors", off("grow_lamp_socket"), on("french_doors"))
M(N, "switch off the loft lamp and the lantern led strip", off("loft_lamp"), off("lantern_led_strip"))
M(N, "turn the moroccan lamp to 50 percent and the pantry window to 50 percent", bri(50, "moroccan_lamp"), pos(50, "pantry_window"))
M(N, "open the wine cellar curtain, after that set the underfloor heating to 21", on("wine_cellar_curtain"), heat(21, "wine_cellar_underfloor_heating"))
M(N, "switch on the rattan fan and turn off mateo's light", on("rattan_fan"), off("mateo_s_light"))
M("conservatory", "turn on the den tv, and then turn it up", on("den_tv"), vrel("up", "den_tv"))
M(N, "turn off the crystal lamp and the oscillating fan and the espresso machine", off("crystal_lamp"), off("oscillating_fan"), off("espresso_machine"))
M(N, "set the studio lights to cool white and the loft lights to warm white", kel(4000, "studio/light"), kel(2700, "loft/light"))
M(N, "switch off the tripod spotlight, turn the utility room den tv off as well", off("tripod_spotlight"), off("utility_room_den_tv"))
M(N, "turn on the pixel light and open the parlour curtain a bit, 20 percent", on("pixel_light"), pos(20, "parlour_curtain"))
M(N, "close the garage door and the wine cellar curtain, then turn the bladeless fan off", off("garage_door"), off("wine_cellar_curtain"), off("bladeless_fan"))
M(N, "switch off the moroccan light and the moroccan lamp", off("moroccan_light"), off("moroccan_lamp"))
M(N, "turn the mudroom lights to 40 percent and the rattan fan to 40 percent", bri(40, "mudroom/light"), spd(40, "rattan_fan"))
M("loft", "put the echo on and set it to 25 percent volume", on("echo"), vol(25, "echo"))
M(N, "turn the slow cooker on, and the lights in the pantry off", on("slow_cooker"), off("pantry/light"))
M(N, "set the conservatory climate control to 20, and turn off the den tv", heat(20, "conservatory_climate_control"), off("den_tv"))
M(N, "set the mudroom curtain and the parlour curtain to halfway", pos(50, "mudroom_curtain"), pos(50, "parlour_curtain"))
M(N, "turn off the sound machine and the loft mini split", off("sound_machine"), off("loft_mini_split"))
M("den", "turn on the wall mounted fan and set it to 60", on("wall_mounted_fan"), spd(60, "wall_mounted_fan"))
M(N, "lock the studio door and unlock the french doors", on("studio_door"), off("french_doors"))
M(N, "switch on the 3d printer and the studio lamp", on("3d_printer"), on("studio_lamp"))
M(N, "close the games room window and switch on the games room mini split", off("games_room_window"), on("games_room_mini_split"))
M(N, "set the tripod bulb to yellow and the conservatory lamp to orange", col("yellow", "tripod_bulb"), col("orange", "conservatory_lamp"))
M(N, "switch the lights off in the parlour and in the mudroom", off("parlour/light"), off("mudroom/light"))
M(N, "set the pantry window and the den window to 30 percent", pos(30, "pantry_window"), pos(30, "den_window"))
M(N, "turn on the wine cellar underfloor heating and close the wine cellar curtain", on("wine_cellar_underfloor_heating"), off("wine_cellar_curtain"))
M(N, "turn off the lights on the top floor and switch off the sound machine", off("^top_floor/light"), off("sound_machine"))
M(N, "mute the den tv, oh and turn off the conservatory lamp", mute("den_tv"), off("conservatory_lamp"))
M(N, "skip to the next song on the jukebox and switch on the moroccan lamp", nxt("jukebox"), on("moroccan_lamp"))
M(N, "turn the tripod lamp blue and turn the studio lamp off", col("blue", "tripod_lamp"), off("studio_lamp"))
M(N, "turn the loft speaker down by 10 and turn the studio lights to 50 percent", vrel(-10, "loft_speaker"), bri(50, "studio/light"))
M(N, "open the games room window, then switch off the games room mini split", on("games_room_window"), off("games_room_mini_split"))
M(N, "switch on the crystal lamp and make the games room lamp pink", on("crystal_lamp"), col("pink", "games_room_lamp"))
M(N, "set the den lights to 100 percent and the wall mounted fan to 100 percent", bri(100, "den/light"), spd(100, "wall_mounted_fan"))
M(N, "shut the den window and lock the french doors please", off("den_window"), on("french_doors"))
M(N, "turn the jukebox volume to 20 and switch the lights in the pantry to warm white", vol(20, "jukebox"), kel(2700, "pantry/light"))
M(N, "turn off the wine cellar lamp and the bladeless fan and close the garage door", off("wine_cellar_lamp"), off("bladeless_fan"), off("garage_door"))
M(N, "resume the utility room den tv and turn the tripod spotlight down to 20 percent", unpause("utility_room_den_tv"), bri(20, "tripod_spotlight"))
M(N, "switch on the lights in the studio and the loft, then turn on the echo", on("studio/light"), on("loft/light"), on("echo"))
M("wine_cellar", "turn off the lights in the wine cellar and close the curtain down there", off("wine_cellar/light"), off("wine_cellar_curtain"))
M(N, "unlock the french doors, open the den window and turn on the wall mounted fan", off("french_doors"), on("den_window"), on("wall_mounted_fan"))
M(N, "turn on the loft lamp and turn the echo down a bit", on("loft_lamp"), vrel("down", "echo"))
M(N, "turn on the espresso machine and then the waffle iron", on("espresso_machine"), on("waffle_iron"))
M(N, "close the mudroom curtain and dim mateo's light to 25 percent", off("mudroom_curtain"), bri(25, "mateo_s_light"))
M(N, "switch the loft fan to 50 percent and the slow cooker on", spd(50, "loft_fan"), on("slow_cooker"))
M(N, "turn off the lights in the pantry and the jukebox", off("pantry/light"), off("jukebox"))
M(N, "open the garage door halfway and switch on the wine cellar lamp", pos(50, "garage_door"), on("wine_cellar_lamp"))
M(N, "turn the conservatory lights on and unlock the studio door", on("conservatory/light"), off("studio_door"))
M(N, "switch off the lava lamp and the den ceiling light, then lock the french doors", off("lava_lamp"), off("den_ceiling_light"), on("french_doors"))
M(N, "set the games room lamp to 30 percent and the crystal lamp to 70 percent", bri(30, "games_room_lamp"), bri(70, "crystal_lamp"))
M(N, "pause the echo and turn the lantern led strip to 10 percent", pause("echo"), bri(10, "lantern_led_strip"))
M(N, "turn the underfloor heating on and the bladeless fan off", on("wine_cellar_underfloor_heating"), off("bladeless_fan"))
M(N, "turn off the games room mini split and the oscillating fan", off("games_room_mini_split"), off("oscillating_fan"))
M(N, "switch on the lights in the games room and the den, and open the den window", on("games_room/light"), on("den/light"), on("den_window"))
M("loft", "unmute the echo and resume it", unmute("echo"), unpause("echo"))
M(N, "turn the parlour curtain up and the pixel light off", on("parlour_curtain"), off("pixel_light"))
M(N, "set the loft mini split to 23 degrees, then mute the echo", heat(23, "loft_mini_split"), mute("echo"))

# speaker's room, more
M("den", "turn the lava lamp off and the fan on", off("lava_lamp"), on("wall_mounted_fan"))
M("mudroom", "switch off mateo's light and open the curtains", off("mateo_s_light"), on("mudroom_curtain"))
M("pantry", "turn the slow cooker on and the fan off", on("slow_cooker"), off("loft_fan"))
M("games_room", "turn off the crystal lamp and close the window", off("crystal_lamp"), off("games_room_window"))
M("loft", "switch off the lantern led strip and turn the echo off", off("lantern_led_strip"), off("echo"))
M("conservatory", "tripod bulb off and tv on", off("tripod_bulb"), on("den_tv"))
M("studio", "turn the music down and the lights up to 90 percent", vrel("down", "loft_speaker"), bri(90, "studio/light"))
M("parlour", "make the lights warm white and close the curtains halfway", kel(2700, "parlour/light"), pos(50, "parlour_curtain"))
M("wine_cellar", "set the fan to 20 percent and the heating to 22", spd(20, "bladeless_fan"), heat(22, "wine_cellar_underfloor_heating"))
M("utility_room", "turn the volume up by 10 and the lights off", vrel(10, "utility_room_den_tv"), off("utility_room/light"))
M("den", "switch on the grow lamp socket and close the window", on("grow_lamp_socket"), off("den_window"))
M("games_room", "air con to 18 and fan on", heat(18, "games_room_mini_split"), on("oscillating_fan"))
M("loft", "turn the heating off and the lights on", off("loft_mini_split"), on("loft/light"))
M("mudroom", "curtains closed, lights to 20 percent", off("mudroom_curtain"), bri(20, "mudroom/light"))
M("pantry", "mute the music and close the window", mute("jukebox"), off("pantry_window"))
M("conservatory", "turn the heating off and the tv volume to 10", off("conservatory_climate_control"), vol(10, "den_tv"))
M("studio", "switch on the 3d printer and pause the music", on("3d_printer"), pause("loft_speaker"))
M("wine_cellar", "light on and heating on", on("wine_cellar/light"), on("wine_cellar_underfloor_heating"))
M("games_room", "lights orange and the espresso machine off", col("orange", "games_room/light"), off("espresso_machine"))
M("den", "set the lights to 25 percent and lock the french doors", bri(25, "den/light"), on("french_doors"))
M("parlour", "pixel light on and curtains shut", on("pixel_light"), off("parlour_curtain"))
M("utility_room", "resume the show and lights to 15 percent", unpause("utility_room_den_tv"), bri(15, "utility_room/light"))
M("loft", "switch the sound machine off and open, um, turn the lights on", off("sound_machine"), on("loft/light"))
M("mudroom", "rattan fan off and waffle iron on", off("rattan_fan"), on("waffle_iron"))
M("pantry", "turn the moroccan lamp on and the music up by 20", on("moroccan_lamp"), vrel(20, "jukebox"))
M("conservatory", "turn on the conservatory lamp and turn the heating to 21", on("conservatory_lamp"), heat(21, "conservatory_climate_control"))
M("studio", "lights to daylight and the volume to 50", kel(6500, "studio/light"), vol(50, "loft_speaker"))
M("wine_cellar", "close the garage and open the curtains", off("garage_door"), on("wine_cellar_curtain"))
M("games_room", "turn the fan to max and the lights off", spd(100, "oscillating_fan"), off("games_room/light"))
M("den", "it's roasting, open the window and turn the fan up to 70 percent", on("den_window"), spd(70, "wall_mounted_fan"))


# ------------------------------------------------------------------------------------------------------------
# Speaker areas for sentences that name their own target: every third such case is said at a satellite, the
# satellites taken in turn, so that about half of the paraphrase cases carry an area. Sentences that rely on
# the speaker's room have their area written by hand above.
# ------------------------------------------------------------------------------------------------------------
ROTATION = ["studio", "den", "wine_cellar", "games_room", "loft", "mudroom", "pantry", "conservatory", "parlour",
            "utility_room"]


def _cases(rows, prefix: str) -> list[dict]:
    out = []
    spare = 0
    for index, (area, sentence, calls) in enumerate(rows, start=1):
        if area is None:
            if spare % 3 == 2:
                area = ROTATION[(spare // 3) % len(ROTATION)]
            spare += 1
        case = {"id": f"{prefix}-{index:05d}", "sentence": sentence, "language": "en"}
        if area is not None:
            case["area"] = area
        case["expect"] = {"intent": calls[0]["tool"] if calls else None, "calls": calls}
        out.append(case)
    return out


def validate(path: Path, *, multi: bool) -> list[str]:
    errors: list[str] = []
    tools = set(LABELS["intents"]) - {"none"}
    seen_ids: set[str] = set()
    seen_sentences: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.name}:{number}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"{where}: bad JSON {err}")
            continue
        if set(case) - {"id", "sentence", "language", "area", "expect"}:
            errors.append(f"{where}: unexpected keys {set(case)}")
        if not isinstance(case.get("id"), str) or case["id"] in seen_ids:
            errors.append(f"{where}: missing or duplicate id")
        seen_ids.add(case.get("id"))
        sentence = case.get("sentence")
        if not isinstance(sentence, str) or not sentence.strip():
            errors.append(f"{where}: empty sentence")
        elif sentence.lower() in seen_sentences:
            errors.append(f"{where}: duplicate sentence")
        else:
            seen_sentences.add(sentence.lower())
        if case.get("language") != "en":
            errors.append(f"{where}: language")
        if "area" in case and case["area"] not in AREAS:
            errors.append(f"{where}: unknown area {case['area']}")
        expect = case.get("expect")
        if not isinstance(expect, dict) or set(expect) != {"intent", "calls"}:
            errors.append(f"{where}: expect must have intent and calls")
            continue
        calls = expect["calls"]
        intent = expect["intent"]
        if not isinstance(calls, list):
            errors.append(f"{where}: calls must be a list")
            continue
        if (intent is None) != (len(calls) == 0):
            errors.append(f"{where}: calls must be non-empty iff intent is not null")
        if calls and intent != calls[0].get("tool"):
            errors.append(f"{where}: intent is not the first call's tool")
        if multi and not 2 <= len(calls) <= 3:
            errors.append(f"{where}: a multi case needs 2-3 calls, has {len(calls)}")
        for c in calls:
            if set(c) != {"tool", "args", "entities"}:
                errors.append(f"{where}: call keys {set(c)}")
                continue
            if c["tool"] not in tools:
                errors.append(f"{where}: unknown tool {c['tool']}")
            if set(c["args"]) - KEY_ARGS:
                errors.append(f"{where}: args not allowed {set(c['args']) - KEY_ARGS}")
            for k, v in c["args"].items():
                if k == "color" and not isinstance(v, str):
                    errors.append(f"{where}: color must be a string")
                if k not in ("color", "state") and k != "volume_step" and not isinstance(v, int | float):
                    errors.append(f"{where}: {k} must be a number")
                if k == "volume_step" and not (v in ("up", "down") or isinstance(v, int)):
                    errors.append(f"{where}: volume_step must be up/down or a signed number")
            for eid in c["entities"]:
                if eid not in ENTITIES:
                    errors.append(f"{where}: unknown entity {eid}")
            if len(set(c["entities"])) != len(c["entities"]):
                errors.append(f"{where}: duplicate entity in a call")
            timerish = c["tool"] in {"HassStartTimer", "HassTimerStatus", "HassCancelTimer", "HassCancelAllTimers",
                                     "HassGetCurrentTime", "HassGetCurrentDate", "HassNevermind"}
            if timerish == bool(c["entities"]):
                errors.append(f"{where}: {c['tool']} entities {c['entities']}")
    return errors


def tool_counts(path: Path) -> tuple[Counter, Counter]:
    first, every = Counter(), Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        first[case["expect"]["intent"] or "none"] += 1
        for c in case["expect"]["calls"]:
            every[c["tool"]] += 1
    return first, every


def main(argv: list[str]) -> int:
    if "--check" not in argv:
        for rows, prefix, path in ((PARA, "blind-para", PARA_OUT), (MULTI, "blind-multi", MULTI_OUT)):
            with path.open("w", encoding="utf-8") as handle:
                for case in _cases(rows, prefix):
                    handle.write(json.dumps(case, ensure_ascii=False) + "\n")
    status = 0
    for path, multi in ((PARA_OUT, False), (MULTI_OUT, True)):
        errors = validate(path, multi=multi)
        lines = path.read_text(encoding="utf-8").splitlines()
        with_area = sum(1 for line in lines if "area" in json.loads(line))
        first, every = tool_counts(path)
        print(f"{path.relative_to(ROOT)}: {len(lines)} cases, {with_area} with a speaker area, "
              f"{len(errors)} errors")
        print("  first-call intent:", dict(sorted(first.items(), key=lambda kv: -kv[1])))
        print("  all calls:", dict(sorted(every.items(), key=lambda kv: -kv[1])))
        for err in errors:
            print("  ", err)
        status |= bool(errors)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
