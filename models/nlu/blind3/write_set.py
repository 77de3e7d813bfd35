#!/usr/bin/env python3
"""Write models/nlu/eval/blind_multi_3.jsonl: a hand-written blind multi-action evaluation set.

Every sentence below was written by hand, one by one, next to the calls it should produce. The script only
numbers the cases, expands "area:domain" targets into the entity ids of that area (from home.json), checks
everything and writes the JSONL file. Standard library only.

    python3 models/nlu/blind3/write_set.py
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME_PATH = ROOT / "models/nlu/eval/home.json"
LABELS_PATH = ROOT / "models/nlu/labels.json"
OUT_PATH = ROOT / "models/nlu/eval/blind_multi_3.jsonl"
PREFIX = "blind3-multi-"

KEY_ARGS = (
    "brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage", "hours",
    "minutes", "seconds", "state",
)

HOME = json.loads(HOME_PATH.read_text())
LABELS = json.loads(LABELS_PATH.read_text())
AREA_IDS = {a["id"] for a in HOME["areas"]}
ENTITY_IDS = {e["id"] for e in HOME["entities"]}
BY_OBJECT = collections.defaultdict(list)
for _e in HOME["entities"]:
    BY_OBJECT[_e["id"].split(".", 1)[1]].append(_e["id"])


def resolve(target: str) -> list[str]:
    """'area:domain' -> every entity of that domain in the area; 'domain.object' or a unique 'object' -> one."""
    if ":" in target:
        area, domain = target.split(":", 1)
        if area not in AREA_IDS:
            raise ValueError(f"unknown area {area!r}")
        found = sorted(e["id"] for e in HOME["entities"]
                       if e["area"] == area and e["id"].split(".", 1)[0] == domain)
        if not found:
            raise ValueError(f"no {domain} in {area}")
        return found
    if "." in target:
        return [target]
    ids = BY_OBJECT.get(target, [])
    if len(ids) != 1:
        raise ValueError(f"target {target!r} matches {ids}")
    return ids


def _call(tool: str, args: dict, target: str | None) -> dict:
    return {"tool": tool, "args": args, "entities": resolve(target) if target else []}


# One call per named target (a shared verb gives one call per target).
def on(*targets: str) -> list[dict]:
    return [_call("HassTurnOn", {}, t) for t in targets]


def off(*targets: str) -> list[dict]:
    return [_call("HassTurnOff", {}, t) for t in targets]


lock = open_ = on          # lock = HassTurnOn, open a cover = HassTurnOn
unlock = close = off       # unlock = HassTurnOff, close a cover = HassTurnOff


def bri(target: str, value: int) -> list[dict]:
    return [_call("HassLightSet", {"brightness": value}, target)]


def col(target: str, value: str) -> list[dict]:
    return [_call("HassLightSet", {"color": value}, target)]


def kel(target: str, value: int) -> list[dict]:
    return [_call("HassLightSet", {"temperature": value}, target)]


def spd(target: str, value: int) -> list[dict]:
    return [_call("HassFanSetSpeed", {"percentage": value}, target)]


def pos(target: str, value: int) -> list[dict]:
    return [_call("HassSetPosition", {"position": value}, target)]


def temp(target: str, value: float) -> list[dict]:
    return [_call("HassClimateSetTemperature", {"temperature": value}, target)]


def pause(target: str) -> list[dict]:
    return [_call("HassMediaPause", {}, target)]


def play(target: str) -> list[dict]:
    return [_call("HassMediaUnpause", {}, target)]


def nxt(target: str) -> list[dict]:
    return [_call("HassMediaNext", {}, target)]


def prev(target: str) -> list[dict]:
    return [_call("HassMediaPrevious", {}, target)]


def vol(target: str, value: int) -> list[dict]:
    return [_call("HassSetVolume", {"volume_level": value}, target)]


def step(target: str, value) -> list[dict]:
    return [_call("HassSetVolumeRelative", {"volume_step": value}, target)]


def mute(target: str) -> list[dict]:
    return [_call("HassMediaPlayerMute", {}, target)]


def unmute(target: str) -> list[dict]:
    return [_call("HassMediaPlayerUnmute", {}, target)]


def timer(h: int = 0, m: int = 0, s: int = 0) -> list[dict]:
    args = {k: v for k, v in (("hours", h), ("minutes", m), ("seconds", s)) if v}
    return [_call("HassStartTimer", args, None)]


def cancel() -> list[dict]:
    return [_call("HassCancelTimer", {}, None)]


CASES: list[tuple[str, str | None, list[dict]]] = []


def c(sentence: str, *calls: list[dict], area: str | None = None) -> None:
    CASES.append((sentence, area, [x for group in calls for x in group]))


# ---------------------------------------------------------------------------------------------------------------
# The sentences. Written by hand; `area=` is the speaker's satellite room.
# ---------------------------------------------------------------------------------------------------------------

# --- lights, switches, fans, covers, locks, mixed ---------------------------------------------------------------
c("turn off the lava lamp and the wall mounted fan", off("lava_lamp", "wall_mounted_fan"))
c("kill the crystal lamp then set the oscillating fan to 40 percent", off("crystal_lamp"), spd("oscillating_fan", 40))
c("lock the french doors and close the den window", lock("french_doors"), close("den_window"))
c("pause the jukebox and switch on the slow cooker", pause("jukebox"), on("slow_cooker"))
c("set a timer for 12 minutes and turn off the waffle iron", timer(m=12), off("waffle_iron"))
c("turn off the lights in here and close the window", off("den:light"), close("den_window"), area="den")
c("pause the music and open the window", pause("jukebox"), open_("pantry_window"), area="pantry")
c("flip on the pixel light and the rattan fan", on("pixel_light", "rattan_fan"))
c("shut the parlour curtain, then turn on the pixel light", close("parlour_curtain"), on("pixel_light"))
c("could you turn the espresso machine on and open the games room window", on("espresso_machine"), open_("games_room_window"))
c("dim the den lights to 20 percent and pause the tv in the conservatory", bri("den:light", 20), pause("den_tv"))
c("make the tripod bulb blue and the lava lamp red", col("tripod_bulb", "blue"), col("lava_lamp", "red"))
c("bladeless fan on, wine cellar curtain closed", on("bladeless_fan"), close("wine_cellar_curtain"))
c("turn the sound machine off and then lower the volume on the echo to 15", off("sound_machine"), vol("echo", 15))
c("unlock the studio door and turn on the conservatory lights", unlock("studio_door"), on("conservatory:light"))
c("open the garage door and switch the wine cellar lamp on", open_("garage_door"), on("wine_cellar_lamp"))
c("hey, turn off the grow lamp socket and the 3d printer", off("grow_lamp_socket", "3d_printer"))
c("set the loft mini split to 21 and turn on the lantern led strip", temp("loft_mini_split", 21), on("lantern_led_strip"))
c("next song on the jukebox please, and crank the pantry fan up to 70 percent", nxt("jukebox"), spd("pantry:fan", 70))
c("close the mudroom curtain also switch off the rattan fan", close("mudroom_curtain"), off("rattan_fan"))
c("turn on the moroccan light and the moroccan lamp", on("moroccan_light", "moroccan_lamp"))
c("put the den window at 50 percent, then lock the french doors", pos("den_window", 50), lock("french_doors"))
c("skip this track and turn it up", nxt("echo"), step("echo", "up"), area="loft")
c("mute the tv and turn the lights off", mute("utility_room_den_tv"), off("utility_room:light"), area="utility_room")
c("start a 5 minute timer and then another one for 20 minutes", timer(m=5), timer(m=20))
c("turn the mudroom lights on plus close the curtain in the parlour", on("mudroom:light"), close("parlour_curtain"))
c("set the pixel light to daylight and the tripod lamp to warm white", kel("pixel_light", 6500), kel("tripod_lamp", 2700))
c("turn off the espresso machine, the oscillating fan and the crystal lamp",
  off("espresso_machine", "oscillating_fan", "crystal_lamp"))
c("crank up the wall mounted fan to full and open the den window", spd("wall_mounted_fan", 100), open_("den_window"))
c("switch on the studio lights and pause the speaker", on("studio:light"), pause("loft_speaker"), area="studio")
c("set the heating in the wine cellar to 18 and close the garage door",
  temp("wine_cellar_underfloor_heating", 18), close("garage_door"))
c("turn off mateo's light and lock the french doors", off("mateo_s_light"), lock("french_doors"))
c("resume the jukebox and then set the volume to 35", play("jukebox"), vol("jukebox", 35), area="pantry")
c("make it 23 degrees in here and turn the fan off", temp("games_room_mini_split", 23), off("oscillating_fan"),
  area="games_room")
c("open the pantry window, turn on the slow cooker and start a timer for two hours",
  open_("pantry_window"), on("slow_cooker"), timer(h=2))
c("dim the lava lamp to 10% and the den ceiling light to 60%", bri("lava_lamp", 10), bri("den_ceiling_light", 60))
c("unlock the french doors, then open the den window", unlock("french_doors"), open_("den_window"))
c("volume down on the echo and turn off the sound machine", step("echo", "down"), off("sound_machine"))
c("turn on the lantern led strip and make it purple", on("lantern_led_strip"), col("lantern_led_strip", "purple"))
c("could you close the games room window and turn the mini split to 20", close("games_room_window"),
  temp("games_room_mini_split", 20))
c("shut off the 3d printer after that turn off the studio lights", off("3d_printer"), off("studio:light"))
c("set the bladeless fan to 30 percent and the rattan fan to 60 percent", spd("bladeless_fan", 30), spd("rattan_fan", 60))
c("play the previous song on the studio speaker and turn the volume up by 10", prev("loft_speaker"),
  step("loft_speaker", 10))
c("turn on the lights in the games room and the espresso machine", on("games_room:light"), on("espresso_machine"))
c("lights off in the loft and pause the echo", off("loft:light"), pause("echo"))
c("open the curtain and turn on the fan", open_("mudroom_curtain"), on("rattan_fan"), area="mudroom")
c("lock up the studio door oh and turn off the tripod bulb", lock("studio_door"), off("tripod_bulb"))
c("set the conservatory to 22 degrees and switch off the tv there", temp("conservatory_climate_control", 22),
  off("den_tv"))
c("turn the waffle iron on and set a timer for 4 minutes", on("waffle_iron"), timer(m=4))
c("make the crystal lamp green, then turn off the oscillating fan", col("crystal_lamp", "green"), off("oscillating_fan"))
c("fire up the espresso machine and the slow cooker", on("espresso_machine", "slow_cooker"))
c("mute the jukebox and unmute the echo", mute("jukebox"), unmute("echo"))
c("tripod spotlight off and utility room tv on", off("tripod_spotlight"), on("utility_room_den_tv"))
c("close the parlour curtain and the mudroom curtain", close("parlour_curtain", "mudroom_curtain"))
c("open the wine cellar curtain to 50 percent and turn on the wine cellar lamp",
  pos("wine_cellar_curtain", 50), on("wine_cellar_lamp"))
c("pause it and turn the lights down to 15 percent", pause("den_tv"), bri("conservatory:light", 15), area="conservatory")
c("set the utility room lights to cool white and turn the utility room tv volume to 25", kel("utility_room:light", 4000),
  vol("utility_room_den_tv", 25))
c("turn off the wall mounted fan and the lava lamp, then lock the french doors",
  off("wall_mounted_fan", "lava_lamp"), lock("french_doors"))
c("switch off the den lights also close the den window", off("den:light"), close("den_window"))
c("raise the pantry window to 75 percent and turn the pantry fan off", pos("pantry_window", 75), off("loft_fan"))
c("please turn off the grow lamp socket and set the den window to 30", off("grow_lamp_socket"), pos("den_window", 30))
c("next track and then mute it", nxt("loft_speaker"), mute("loft_speaker"), area="studio")
c("set a timer for 45 seconds and turn on the jukebox", timer(s=45), on("jukebox"))
c("turn the rattan fan up to 90 percent and open the mudroom curtain", spd("rattan_fan", 90), open_("mudroom_curtain"))
c("close the garage door and lock the french doors", close("garage_door"), lock("french_doors"))
c("bring the loft lights to 40 percent and set the loft mini split to 19", bri("loft:light", 40),
  temp("loft_mini_split", 19))
c("turn on the tripod lamp and the tripod bulb", on("tripod_lamp", "tripod_bulb"))
c("turn off the moroccan lamp then turn on the moroccan light", off("moroccan_lamp"), on("moroccan_light"))
c("kill the lights and shut the window", off("games_room:light"), close("games_room_window"), area="games_room")
c("go back one song on the echo and set its volume to 50", prev("echo"), vol("echo", 50))
c("set the crystal lamp to 80 percent brightness and turn the espresso machine off", bri("crystal_lamp", 80),
  off("espresso_machine"))
c("turn the heat up to 24 in the games room and close the window in there", temp("games_room_mini_split", 24),
  close("games_room_window"))
c("switch on the sound machine, dim the loft lights to 5 percent and set a 30 minute timer",
  on("sound_machine"), bri("loft:light", 5), timer(m=30))
c("turn off the pixel light, then close the parlour curtain", off("pixel_light"), close("parlour_curtain"))
c("resume the show on the conservatory tv and turn off the tripod bulb", play("den_tv"), off("tripod_bulb"))
c("make the mudroom lights orange and turn on the rattan fan", col("mudroom:light", "orange"), on("rattan_fan"))
c("open the den window and the games room window", open_("den_window", "games_room_window"))
c("the slow cooker off and the pantry window closed please", off("slow_cooker"), close("pantry_window"))
c("set the fan to 25 percent and dim the lights to 40", spd("wall_mounted_fan", 25), bri("den:light", 40), area="den")
c("turn on the bladeless fan and set the underfloor heating to 20", on("bladeless_fan"),
  temp("wine_cellar_underfloor_heating", 20))
c("turn the utility room tv off and the tripod spotlight on", off("utility_room_den_tv"), on("tripod_spotlight"))
c("cancel the timer and turn off the waffle iron", cancel(), off("waffle_iron"))
c("lights to full in the studio and turn off the 3d printer", bri("studio:light", 100), off("3d_printer"))
c("open the mudroom curtain to 20 percent and turn on mateo's light", pos("mudroom_curtain", 20), on("mateo_s_light"))
c("pause the echo, pause the jukebox", pause("echo"), pause("jukebox"))
c("turn the games room lights off and the oscillating fan on", off("games_room:light"), on("oscillating_fan"))
c("lock the french doors and the studio door", lock("french_doors", "studio_door"))
c("switch the lava lamp to pink and turn the volume down on the conservatory tv", col("lava_lamp", "pink"),
  step("den_tv", "down"))
c("turn on the grow lamp socket plus open the den window to 40 percent", on("grow_lamp_socket"), pos("den_window", 40))
c("set the studio speaker to 60 and skip to the next song",
  vol("loft_speaker", 60), nxt("loft_speaker"))
c("turn off the wine cellar lamp and the bladeless fan and close the garage door",
  off("wine_cellar_lamp", "bladeless_fan"), close("garage_door"))
c("set the conservatory lights to warm white and the conservatory heating to 21",
  kel("conservatory:light", 2700), temp("conservatory_climate_control", 21))
c("unlock the studio door as well as the french doors", unlock("studio_door", "french_doors"))
c("close the curtain and turn off the lights", close("parlour_curtain"), off("parlour:light"), area="parlour")
c("start a 10 minute timer, then switch off the espresso machine", timer(m=10), off("espresso_machine"))
c("turn on the pantry fan and open the pantry window", on("loft_fan"), open_("pantry_window"))
c("mute the utility room tv and turn the tripod spotlight off", mute("utility_room_den_tv"), off("tripod_spotlight"))
c("put the oscillating fan on 50 and the crystal lamp on", spd("oscillating_fan", 50), on("crystal_lamp"))
c("turn off the lantern led strip and the sound machine", off("lantern_led_strip", "sound_machine"))
c("dim the moroccan light to 35 percent and close the mudroom curtain", bri("moroccan_light", 35),
  close("mudroom_curtain"))
c("turn it up a bit and skip this one", step("jukebox", "up"), nxt("jukebox"), area="pantry")
c("set the den window to 10 percent and turn off the wall mounted fan", pos("den_window", 10), off("wall_mounted_fan"))
c("open the garage door, then set a timer for 3 minutes", open_("garage_door"), timer(m=3))
c("turn on the waffle iron and the mudroom lights", on("waffle_iron"), on("mudroom:light"))
c("set the wine cellar lamp to blue, and the pixel light to red", col("wine_cellar_lamp", "blue"),
  col("pixel_light", "red"))
c("turn off the tv and switch on the conservatory lights", off("den_tv"), on("conservatory:light"),
  area="conservatory")
c("close the den window, lock the french doors and turn off the den lights",
  close("den_window"), lock("french_doors"), off("den:light"))
c("turn the echo volume up by 20 and unmute the studio speaker", step("echo", 20), unmute("loft_speaker"))
c("switch off the slow cooker and start a timer for 15 minutes", off("slow_cooker"), timer(m=15))

# --- casual, speaker rooms, lists -------------------------------------------------------------------------------
c("ok so turn off the crystal lamp, the espresso machine and the oscillating fan please",
  off("crystal_lamp", "espresso_machine", "oscillating_fan"), area="games_room")
c("can you dim the lights in here to 25 and put on some daylight in the studio", bri("loft:light", 25),
  kel("studio:light", 6500), area="loft")
c("yo pause the music and kill the slow cooker", pause("jukebox"), off("slow_cooker"), area="pantry")
c("shut the window and lock the doors", close("den_window"), lock("french_doors"), area="den")
c("turn the heat to 19 and pause the echo", temp("loft_mini_split", 19), pause("echo"), area="loft")
c("next song, and set the volume to 40", nxt("den_tv"), vol("den_tv", 40), area="conservatory")
c("uh turn on the fan and open the curtains", on("bladeless_fan"), open_("wine_cellar_curtain"), area="wine_cellar")
c("flip the lights on in here and start a timer for 8 minutes", on("mudroom:light"), timer(m=8), area="mudroom")
c("turn the fan up to 60 percent and close the window", spd("loft_fan", 60), close("pantry_window"), area="pantry")
c("put the lights on warm white and turn the volume down", kel("utility_room:light", 2700),
  step("utility_room_den_tv", "down"), area="utility_room")
c("set the window to 30 percent and turn the fan off", pos("games_room_window", 30), off("oscillating_fan"),
  area="games_room")
c("previous track then turn it up by 5", prev("jukebox"), step("jukebox", 5), area="pantry")
c("switch the lights off here, oh and turn on the pixel light", off("mudroom:light"), on("pixel_light"),
  area="mudroom")
c("turn on the sound machine and dim the lights to 10 percent", on("sound_machine"), bri("loft:light", 10),
  area="loft")
c("pause the tv and turn the lights up to 90", pause("utility_room_den_tv"), bri("utility_room:light", 90),
  area="utility_room")
c("close the curtain and set the heating to 17", close("wine_cellar_curtain"),
  temp("wine_cellar_underfloor_heating", 17), area="wine_cellar")
c("set it to 22 degrees and turn off the lights", temp("conservatory_climate_control", 22),
  off("conservatory:light"), area="conservatory")
c("turn off the 3d printer and mute the speaker", off("3d_printer"), mute("loft_speaker"), area="studio")
c("open the curtain to 50 percent and switch off the pixel light", pos("parlour_curtain", 50),
  off("pixel_light"), area="parlour")
c("lights on, fan on", on("den:light"), on("wall_mounted_fan"), area="den")
c("make the lights blue and play the next song", col("loft:light", "blue"), nxt("echo"), area="loft")
c("resume the music and also turn on the espresso machine in the games room", play("jukebox"),
  on("espresso_machine"), area="pantry")
c("mute this and close the garage door", mute("echo"), close("garage_door"), area="loft")
c("turn the lights in here to red and the lava lamp to purple", col("den:light", "red"), col("lava_lamp", "purple"),
  area="den")
c("turn on the waffle iron, set a 6 minute timer and open the curtain", on("waffle_iron"), timer(m=6),
  open_("mudroom_curtain"), area="mudroom")
c("switch off the tv and the lights", off("utility_room_den_tv"), off("utility_room:light"), area="utility_room")
c("set the fan to 20 percent and the heat to 25", spd("oscillating_fan", 20), temp("games_room_mini_split", 25),
  area="games_room")
c("go back a song and unmute it", prev("loft_speaker"), unmute("loft_speaker"), area="studio")
c("dim the lights to the lowest and pause the tv", bri("conservatory:light", 1), pause("den_tv"),
  area="conservatory")
c("close the window and turn on the slow cooker", close("pantry_window"), on("slow_cooker"), area="pantry")
c("turn off the fan and the lamp", off("bladeless_fan"), off("wine_cellar_lamp"), area="wine_cellar")
c("brighten the lights to full and turn off the sound machine", bri("loft:light", 100), off("sound_machine"),
  area="loft")
c("lights off in here and lights on in the parlour", off("studio:light"), on("parlour:light"), area="studio")
c("volume to 20 on this and turn the lava lamp off", vol("den_tv", 20), off("lava_lamp"), area="conservatory")
c("set the curtain to 70 percent, turn off mateo's light and the moroccan light",
  pos("mudroom_curtain", 70), off("mateo_s_light", "moroccan_light"), area="mudroom")
c("please turn the heating down to 16 and close the curtains", temp("wine_cellar_underfloor_heating", 16),
  close("wine_cellar_curtain"), area="wine_cellar")
c("skip the song and turn the lights to cool white", nxt("utility_room_den_tv"), kel("utility_room:light", 4000),
  area="utility_room")
c("turn the fan up to 100 percent and open the window", spd("wall_mounted_fan", 100),
  open_("den_window"), area="den")
c("unmute and turn it up by 15", unmute("jukebox"), step("jukebox", 15), area="pantry")
c("lock the studio door and turn off the tv", lock("studio_door"), off("den_tv"), area="conservatory")
c("set the lights to 50 percent and the fan to 50 percent", bri("games_room:light", 50),
  spd("oscillating_fan", 50), area="games_room")
c("pause the echo and pause this one too", pause("echo"), pause("loft_speaker"), area="studio")
c("turn on the lights and the grow lamp socket", on("den:light"), on("grow_lamp_socket"), area="den")
c("shut the curtain, kill the lights and set a timer for 1 hour", close("parlour_curtain"), off("parlour:light"),
  timer(h=1), area="parlour")
c("play the previous episode and set the volume to 30", prev("den_tv"), vol("den_tv", 30), area="conservatory")
c("make it 20 degrees in the loft and 23 in here", temp("loft_mini_split", 20), temp("games_room_mini_split", 23),
  area="games_room")
c("turn the lights off in here then turn the jukebox off", off("studio:light"), off("jukebox"), area="studio")
c("crank the music up and turn on the lantern led strip", step("echo", "up"), on("lantern_led_strip"), area="loft")
c("turn on the fan at 35 percent and close the window", spd("loft_fan", 35), close("pantry_window"), area="pantry")
c("put the lights on yellow and open the curtain", col("parlour:light", "yellow"), open_("parlour_curtain"),
  area="parlour")
c("resume playback and dim the tripod spotlight to 30", play("utility_room_den_tv"), bri("tripod_spotlight", 30),
  area="utility_room")
c("turn the wine cellar lamp on then the bladeless fan to 45 percent", on("wine_cellar_lamp"),
  spd("bladeless_fan", 45), area="wine_cellar")
c("open the garage and turn on the lights", open_("garage_door"), on("wine_cellar_lamp"), area="wine_cellar")
c("mute and pause", mute("utility_room_den_tv"), pause("utility_room_den_tv"), area="utility_room")
c("start the espresso machine and make the crystal lamp warm white", on("espresso_machine"),
  kel("crystal_lamp", 2700), area="games_room")
c("set the volume to 10 and turn off the sound machine", vol("echo", 10), off("sound_machine"), area="loft")
c("open the window and switch off the grow lamp socket", open_("den_window"), off("grow_lamp_socket"), area="den")
c("turn on mateo's light and the waffle iron", on("mateo_s_light", "waffle_iron"), area="mudroom")
c("pause and set a timer for 20 minutes", pause("den_tv"), timer(m=20), area="conservatory")
c("turn up the heat to 21 and also the lights to 70", temp("loft_mini_split", 21), bri("loft:light", 70),
  area="loft")
c("kill the fan, close the curtain and turn off the wine cellar lamp", off("bladeless_fan"),
  close("wine_cellar_curtain"), off("wine_cellar_lamp"), area="wine_cellar")
c("lights to 60 percent please and unlock the french doors", bri("den:light", 60), unlock("french_doors"),
  area="den")
c("next one and volume to 45", nxt("jukebox"), vol("jukebox", 45), area="pantry")
c("turn the 3d printer on and put the lights to daylight", on("3d_printer"), kel("studio:light", 6500),
  area="studio")
c("turn off the lights in here and turn on the ones in the mudroom", off("parlour:light"), on("mudroom:light"),
  area="parlour")
c("switch the tv on and turn the lights down to 30", on("utility_room_den_tv"), bri("utility_room:light", 30),
  area="utility_room")
c("close the window, turn off the mini split and the lights", close("games_room_window"),
  off("games_room_mini_split"), off("games_room:light"), area="games_room")

# --- more variety, no speaker room ------------------------------------------------------------------------------
c("switch off the espresso machine and then close the games room window", off("espresso_machine"),
  close("games_room_window"))
c("turn the loft mini split down to 18, after that pause the echo", temp("loft_mini_split", 18), pause("echo"))
c("put the jukebox on mute as well as the echo", mute("jukebox"), mute("echo"))
c("turn on the den ceiling light oh and lock the french doors", on("den_ceiling_light"), lock("french_doors"))
c("set the tripod lamp to 45 percent and also turn on the 3d printer", bri("tripod_lamp", 45), on("3d_printer"))
c("open up the parlour curtain plus turn the pixel light off", open_("parlour_curtain"), off("pixel_light"))
c("can you turn off the slow cooker and set a timer for 1 hour and 30 minutes", off("slow_cooker"),
  timer(h=1, m=30))
c("set the wall mounted fan to 15 percent and the oscillating fan to 85 percent", spd("wall_mounted_fan", 15),
  spd("oscillating_fan", 85))
c("I want the lava lamp orange and the crystal lamp yellow", col("lava_lamp", "orange"), col("crystal_lamp", "yellow"))
c("lower the garage door and the wine cellar curtain", close("garage_door", "wine_cellar_curtain"))
c("turn the volume on the jukebox up by 10 and skip to the next song", step("jukebox", 10), nxt("jukebox"))
c("set the conservatory climate control to 24 and unlock the studio door",
  temp("conservatory_climate_control", 24), unlock("studio_door"))
c("turn on the rattan fan and turn off the waffle iron", on("rattan_fan"), off("waffle_iron"))
c("studio lights off and studio speaker paused", off("studio:light"), pause("loft_speaker"))
c("dim the pixel light to 5 percent then set a 25 minute timer", bri("pixel_light", 5), timer(m=25))
c("close the den window and the pantry window and the mudroom curtain",
  close("den_window", "pantry_window", "mudroom_curtain"))
c("turn the tv in the utility room off and set the volume of the echo to 20", off("utility_room_den_tv"),
  vol("echo", 20))
c("turn the games room mini split on and set it to 22", on("games_room_mini_split"), temp("games_room_mini_split", 22))
c("could you lock the french doors, close the garage door and turn off the den lights",
  lock("french_doors"), close("garage_door"), off("den:light"))
c("mateo's light to green and the moroccan light to white", col("mateo_s_light", "green"),
  col("moroccan_light", "white"))
c("set the wine cellar curtain to 25 percent and turn the bladeless fan off", pos("wine_cellar_curtain", 25),
  off("bladeless_fan"))
c("pause the tv in the conservatory and resume the jukebox", pause("den_tv"), play("jukebox"))
c("flip off the grow lamp socket then flip on the den ceiling light", off("grow_lamp_socket"), on("den_ceiling_light"))
c("set a timer for 90 seconds and after that turn off the espresso machine", timer(s=90), off("espresso_machine"))
c("switch on the loft lights and the studio lights", on("loft:light"), on("studio:light"))
c("the tripod spotlight to 2700 kelvin and the tripod bulb to 5000 kelvin", kel("tripod_spotlight", 2700),
  kel("tripod_bulb", 5000))
c("turn the rattan fan to 10 percent, plus open the mudroom curtain", spd("rattan_fan", 10), open_("mudroom_curtain"))
c("unmute the tv in the conservatory and turn it up", unmute("den_tv"), step("den_tv", "up"))
c("lock the studio door then turn off the conservatory lights", lock("studio_door"), off("conservatory:light"))
c("turn on the lava lamp, the den ceiling light and the wall mounted fan",
  on("lava_lamp", "den_ceiling_light", "wall_mounted_fan"))
c("shut off the sound machine and the 3d printer", off("sound_machine", "3d_printer"))
c("open the games room window to 60 and put the oscillating fan on", pos("games_room_window", 60), on("oscillating_fan"))
c("set the underfloor heating in the wine cellar to 22 and the loft mini split to 20",
  temp("wine_cellar_underfloor_heating", 22), temp("loft_mini_split", 20))
c("play the last song again on the jukebox and turn the volume down by 10", prev("jukebox"), step("jukebox", -10))
c("turn off all the lights in the mudroom and close the curtain there", off("mudroom:light"), close("mudroom_curtain"))
c("please start the slow cooker and open the pantry window a bit, to 20 percent", on("slow_cooker"),
  pos("pantry_window", 20))
c("turn the echo off and the sound machine on", off("echo"), on("sound_machine"))
c("dim the games room lights to 30 and make them warm white", bri("games_room:light", 30),
  kel("games_room:light", 2700))
c("set a timer for two minutes and another for ten minutes", timer(m=2), timer(m=10))
c("turn off the tripod lamp, the tripod spotlight and the tripod bulb",
  off("tripod_lamp", "tripod_spotlight", "tripod_bulb"))
c("close the parlour curtain and then set the conservatory to 20 degrees", close("parlour_curtain"),
  temp("conservatory_climate_control", 20))
c("wall mounted fan off and den window open", off("wall_mounted_fan"), open_("den_window"))
c("turn the jukebox volume up to 70 and turn on the moroccan lamp", vol("jukebox", 70), on("moroccan_lamp"))
c("skip this song on the studio speaker and mute the echo", nxt("loft_speaker"), mute("echo"))
c("set the lantern led strip and the pixel light to teal", col("lantern_led_strip", "teal"),
  col("pixel_light", "teal"))
c("switch the waffle iron off and the espresso machine on", off("waffle_iron"), on("espresso_machine"))
c("bring the mudroom curtain down and turn the rattan fan to 40", close("mudroom_curtain"), spd("rattan_fan", 40))
c("unlock the french doors, open the garage door and turn on the wine cellar lamp",
  unlock("french_doors"), open_("garage_door"), on("wine_cellar_lamp"))
c("set the studio speaker volume to 80 and turn on the studio lights", vol("loft_speaker", 80), on("studio:light"))
c("turn on the pixel light and make it 3000 kelvin", on("pixel_light"), kel("pixel_light", 3000))
c("turn off the conservatory tv and the tripod bulb", off("den_tv", "tripod_bulb"))
c("set the bladeless fan to max and the wine cellar heating to 15", spd("bladeless_fan", 100),
  temp("wine_cellar_underfloor_heating", 15))
c("pause the utility room tv and then dim the tripod spotlight to 10", pause("utility_room_den_tv"),
  bri("tripod_spotlight", 10))
c("close the games room window, close the den window", close("games_room_window"), close("den_window"))
c("switch on the crystal lamp and set it to 65 percent", on("crystal_lamp"), bri("crystal_lamp", 65))
c("turn on the pantry fan, the slow cooker and the moroccan lamp", on("loft_fan", "slow_cooker", "moroccan_lamp"))
c("set the echo volume to 55 and resume it", vol("echo", 55), play("echo"))
c("make the conservatory lights purple and the studio lights pink", col("conservatory:light", "purple"),
  col("studio:light", "pink"))
c("start a timer for 3 hours and switch the slow cooker on", timer(h=3), on("slow_cooker"))
c("lights out in the games room, then lock the french doors", off("games_room:light"), lock("french_doors"))
c("turn the oscillating fan off and the mini split in the games room off too", off("oscillating_fan"),
  off("games_room_mini_split"))
c("open the mudroom curtain and the parlour curtain", open_("mudroom_curtain", "parlour_curtain"))
c("volume on the utility room tv to 40 and the echo to 40 as well", vol("utility_room_den_tv", 40), vol("echo", 40))
c("turn on the lights in the den and close the garage door", on("den:light"), close("garage_door"))
c("set the mudroom lights to 75 percent and the moroccan lamp to 25 percent", bri("mudroom:light", 75),
  bri("moroccan_lamp", 25))
c("turn the grow lamp socket on and after that the wall mounted fan", on("grow_lamp_socket"), on("wall_mounted_fan"))
c("resume the echo and the studio speaker", play("echo"), play("loft_speaker"))
c("set the pantry window to 90 and turn off the moroccan lamp", pos("pantry_window", 90), off("moroccan_lamp"))
c("turn the loft lights cool white and the sound machine on", kel("loft:light", 4000), on("sound_machine"))
c("put a timer on for 40 minutes and close the parlour curtain", timer(m=40), close("parlour_curtain"))
c("turn off the mini split in the loft and open the wine cellar curtain", off("loft_mini_split"),
  open_("wine_cellar_curtain"))
c("mute the studio speaker then turn off the 3d printer", mute("loft_speaker"), off("3d_printer"))
c("turn on the utility room lights and the utility room tv", on("utility_room:light"), on("utility_room_den_tv"))
c("switch the lava lamp off and also the grow lamp socket", off("lava_lamp"), off("grow_lamp_socket"))
c("set the games room lights to red, the den lights to blue and the loft lights to green",
  col("games_room:light", "red"), col("den:light", "blue"), col("loft:light", "green"))
c("lock the french doors and set a timer for 30 seconds", lock("french_doors"), timer(s=30))
c("go to the previous track on the echo and unmute it", prev("echo"), unmute("echo"))
c("turn on the tripod bulb, oh and turn off the pixel light", on("tripod_bulb"), off("pixel_light"))
c("open the den window to 15 percent and the games room window to 85 percent", pos("den_window", 15),
  pos("games_room_window", 85))

# --- three actions, and a few more rooms ------------------------------------------------------------------------
c("turn off the lights, pause the tv and lock the studio door",
  off("conservatory:light"), pause("den_tv"), lock("studio_door"), area="conservatory")
c("good night: lights off in the loft, sound machine on, and set a timer for 45 minutes",
  off("loft:light"), on("sound_machine"), timer(m=45))
c("kill the fan, shut the curtain and turn off the lights", off("rattan_fan"), close("mudroom_curtain"),
  off("mudroom:light"), area="mudroom")
c("turn on the espresso machine, open the window and set the mini split to 21", on("espresso_machine"),
  open_("games_room_window"), temp("games_room_mini_split", 21), area="games_room")
c("pause the jukebox, turn off the slow cooker and then close the pantry window", pause("jukebox"),
  off("slow_cooker"), close("pantry_window"))
c("set the den lights to 40, the fan to 30 and close the window", bri("den:light", 40), spd("wall_mounted_fan", 30),
  close("den_window"), area="den")
c("next song, volume to 60, and turn on the lantern led strip", nxt("echo"), vol("echo", 60),
  on("lantern_led_strip"), area="loft")
c("lock the french doors, lock the studio door and close the garage door", lock("french_doors"),
  lock("studio_door"), close("garage_door"))
c("dim the lights in here to 20 percent, then close the curtain and set a timer for 5 minutes",
  bri("parlour:light", 20), close("parlour_curtain"), timer(m=5), area="parlour")
c("switch on the waffle iron, the espresso machine and the slow cooker",
  on("waffle_iron", "espresso_machine", "slow_cooker"))
c("mute the echo, pause the jukebox and turn off the conservatory tv", mute("echo"), pause("jukebox"), off("den_tv"))
c("make the lights warm white, dim them to 35 and pause the music", kel("studio:light", 2700),
  bri("studio:light", 35), pause("loft_speaker"), area="studio")
c("set the heating to 19, close the curtain and turn the lamp off", temp("wine_cellar_underfloor_heating", 19),
  close("wine_cellar_curtain"), off("wine_cellar_lamp"), area="wine_cellar")
c("open the den window, the games room window and the parlour curtain",
  open_("den_window", "games_room_window", "parlour_curtain"))
c("turn off the oscillating fan, the rattan fan and the bladeless fan",
  off("oscillating_fan", "rattan_fan", "bladeless_fan"))
c("unpause, turn it up by 10 and switch off the tripod spotlight", play("utility_room_den_tv"),
  step("utility_room_den_tv", 10), off("tripod_spotlight"), area="utility_room")
c("set the conservatory to 23, the games room to 21 and the loft to 20", temp("conservatory_climate_control", 23),
  temp("games_room_mini_split", 21), temp("loft_mini_split", 20))
c("turn on the crystal lamp, make it blue and set it to 50 percent", on("crystal_lamp"), col("crystal_lamp", "blue"),
  bri("crystal_lamp", 50))
c("start a 20 minute timer, turn on the slow cooker and after that close the window", timer(m=20),
  on("slow_cooker"), close("pantry_window"), area="pantry")
c("close the mudroom curtain, turn off mateo's light and lock the french doors", close("mudroom_curtain"),
  off("mateo_s_light"), lock("french_doors"))
c("the pixel light on, the parlour curtain open and the echo paused", on("pixel_light"), open_("parlour_curtain"),
  pause("echo"))
c("turn the rattan fan to 70, the wall mounted fan to 70 and the oscillating fan to 70",
  spd("rattan_fan", 70), spd("wall_mounted_fan", 70), spd("oscillating_fan", 70))
c("previous song, unmute, and volume up", prev("jukebox"), unmute("jukebox"), step("jukebox", "up"), area="pantry")
c("turn off the 3d printer and the studio lights and pause the speaker", off("3d_printer"), off("studio:light"),
  pause("loft_speaker"), area="studio")
c("open the garage door, turn on the bladeless fan and set the wine cellar lamp to 100 percent",
  open_("garage_door"), on("bladeless_fan"), bri("wine_cellar_lamp", 100))
c("set the lava lamp to red, the den ceiling light to 2700 kelvin and turn on the grow lamp socket",
  col("lava_lamp", "red"), kel("den_ceiling_light", 2700), on("grow_lamp_socket"))
c("turn the lights in here on, the tv on and the volume to 25", on("utility_room:light"), on("utility_room_den_tv"),
  vol("utility_room_den_tv", 25), area="utility_room")
c("unlock the studio door, turn on the conservatory lights and set the heat to 22", unlock("studio_door"),
  on("conservatory:light"), temp("conservatory_climate_control", 22), area="conservatory")
c("set the curtain to 40, turn on the fan at 20 percent and turn off mateo's light",
  pos("mudroom_curtain", 40), spd("rattan_fan", 20), off("mateo_s_light"), area="mudroom")
c("turn on the sound machine, turn off the echo, and turn off the lights", on("sound_machine"), off("echo"),
  off("loft:light"), area="loft")
c("set timers for 3 minutes, 7 minutes and 12 minutes", timer(m=3), timer(m=7), timer(m=12))
c("turn off the lava lamp and the den ceiling light, and close the den window",
  off("lava_lamp", "den_ceiling_light"), close("den_window"))
c("turn the heat to 24 and the fan off", temp("games_room_mini_split", 24), off("oscillating_fan"), area="games_room")
c("turn the lights off and lock up", off("den:light"), lock("french_doors"), area="den")
c("set the pantry window to 55 percent and turn on the pantry fan", pos("pantry_window", 55),
  on("loft_fan"))
c("pause please and close the parlour curtain", pause("echo"), close("parlour_curtain"), area="loft")
c("turn on the light in here and set a timer for an hour", on("wine_cellar_lamp"), timer(h=1), area="wine_cellar")
c("lights to 80 and volume to 15", bri("conservatory:light", 80), vol("den_tv", 15), area="conservatory")
c("shut off the tv, then the lights", off("utility_room_den_tv"), off("utility_room:light"), area="utility_room")
c("turn the fan to 55 and open up the curtain", spd("rattan_fan", 55), open_("mudroom_curtain"), area="mudroom")
c("set it to 20 degrees and turn on the lantern led strip", temp("loft_mini_split", 20), on("lantern_led_strip"),
  area="loft")
c("turn the studio speaker up by 20 then skip", step("loft_speaker", 20), nxt("loft_speaker"))
c("daylight in here and turn on the 3d printer", kel("studio:light", 6500), on("3d_printer"), area="studio")
c("turn on the games room lights and then make the crystal lamp purple",
  on("games_room:light"), col("crystal_lamp", "purple"), area="games_room")
c("close the window and turn the mini split off", close("games_room_window"), off("games_room_mini_split"),
  area="games_room")
c("dim the lights down to 15 and turn off the pixel light", bri("parlour:light", 15), off("pixel_light"),
  area="parlour")
c("switch the fan on and the lamp on", on("bladeless_fan"), on("wine_cellar_lamp"), area="wine_cellar")
c("turn off the fan and the slow cooker", off("loft_fan"), off("slow_cooker"), area="pantry")
c("turn it down by 5 and turn the lights to 60", step("den_tv", -5), bri("conservatory:light", 60),
  area="conservatory")
c("open the window a little, 25 percent, and turn on the grow lamp socket", pos("den_window", 25),
  on("grow_lamp_socket"), area="den")
c("pause the music and turn the lights on", pause("echo"), on("loft:light"), area="loft")
c("set the mudroom lights to cool white and open the mudroom curtain", kel("mudroom:light", 4000),
  open_("mudroom_curtain"))
c("turn the oscillating fan down to 10 and open the games room window", spd("oscillating_fan", 10),
  open_("games_room_window"))
c("put the conservatory tv on and turn off the conservatory lights", on("den_tv"), off("conservatory:light"))
c("dim the tripod lamp to 20 and turn off the 3d printer", bri("tripod_lamp", 20), off("3d_printer"))
c("please unlock the french doors and open the garage door", unlock("french_doors"), open_("garage_door"))
c("turn the moroccan light to blue plus turn on the waffle iron", col("moroccan_light", "blue"), on("waffle_iron"))
c("set the loft mini split to 17 and then start a 50 minute timer", temp("loft_mini_split", 17), timer(m=50))
c("cancel my timer and pause the jukebox", cancel(), pause("jukebox"))
c("close the wine cellar curtain as well as the parlour curtain", close("wine_cellar_curtain", "parlour_curtain"))
c("set the den window to 80 percent and the wall mounted fan to 80 percent", pos("den_window", 80),
  spd("wall_mounted_fan", 80))
c("turn the echo down by 20 and then turn the lantern led strip on", step("echo", -20), on("lantern_led_strip"))
c("mute the studio speaker and turn on the tripod lamp", mute("loft_speaker"), on("tripod_lamp"))
c("open the pantry window and switch the slow cooker off", open_("pantry_window"), off("slow_cooker"))
c("turn the utility room lights to 45 percent and the tripod spotlight to pink", bri("utility_room:light", 45),
  col("tripod_spotlight", "pink"))
c("close the garage door oh and turn off the bladeless fan", close("garage_door"), off("bladeless_fan"))
c("can you pause the echo and then start a 15 second timer", pause("echo"), timer(s=15))
c("turn up the jukebox to 80 and dim the moroccan lamp to 40", vol("jukebox", 80), bri("moroccan_lamp", 40))
c("turn on the games room mini split and the oscillating fan", on("games_room_mini_split"), on("oscillating_fan"))
c("turn off mateo's light and the rattan fan plus the waffle iron", off("mateo_s_light", "rattan_fan", "waffle_iron"))
c("make the pixel light white and dim it to 25", col("pixel_light", "white"), bri("pixel_light", 25))
c("resume the utility room tv and unmute it", play("utility_room_den_tv"), unmute("utility_room_den_tv"))
c("set the wine cellar underfloor heating to 21 and turn the wine cellar lamp off",
  temp("wine_cellar_underfloor_heating", 21), off("wine_cellar_lamp"))
c("turn on the den lights and the conservatory lights", on("den:light"), on("conservatory:light"))
c("skip the song on the jukebox and skip the one on the echo too", nxt("jukebox"), nxt("echo"))
c("turn the espresso machine off after that close the games room window", off("espresso_machine"),
  close("games_room_window"))
c("set a timer for 1 hour 15 minutes and turn on the sound machine", timer(h=1, m=15), on("sound_machine"))
c("lock the studio door and the french doors, then turn off the den ceiling light",
  lock("studio_door", "french_doors"), off("den_ceiling_light"))
c("open the parlour curtain to 65 percent and turn the pixel light to orange", pos("parlour_curtain", 65),
  col("pixel_light", "orange"))
c("switch on the tripod spotlight and the tripod lamp, and turn on the tripod bulb",
  on("tripod_spotlight", "tripod_lamp"), on("tripod_bulb"))
c("turn the mudroom lights down to 10 and the rattan fan off", bri("mudroom:light", 10), off("rattan_fan"))


# ---------------------------------------------------------------------------------------------------------------
# Validation and output
# ---------------------------------------------------------------------------------------------------------------
TOOL_DOMAINS = {
    "HassLightSet": {"light"},
    "HassClimateSetTemperature": {"climate"},
    "HassSetPosition": {"cover"},
    "HassFanSetSpeed": {"fan"},
    "HassMediaPause": {"media_player"},
    "HassMediaUnpause": {"media_player"},
    "HassMediaNext": {"media_player"},
    "HassMediaPrevious": {"media_player"},
    "HassSetVolume": {"media_player"},
    "HassSetVolumeRelative": {"media_player"},
    "HassMediaPlayerMute": {"media_player"},
    "HassMediaPlayerUnmute": {"media_player"},
    "HassTurnOn": {"light", "switch", "fan", "cover", "lock", "climate", "media_player"},
    "HassTurnOff": {"light", "switch", "fan", "cover", "lock", "climate", "media_player"},
}
TIMER_TOOLS = {"HassStartTimer", "HassCancelTimer", "HassCancelAllTimers", "HassTimerStatus"}
REQUIRED_ARGS = {
    "HassClimateSetTemperature": {"temperature"},
    "HassSetPosition": {"position"},
    "HassFanSetSpeed": {"percentage"},
    "HassSetVolume": {"volume_level"},
    "HassSetVolumeRelative": {"volume_step"},
}


def build() -> list[dict]:
    rows = []
    for n, (sentence, area, calls) in enumerate(CASES, start=1):
        row = {"id": f"{PREFIX}{n:05d}", "sentence": sentence, "language": "en"}
        if area:
            row["area"] = area
        row["expect"] = {"intent": calls[0]["tool"] if calls else None, "calls": calls}
        rows.append(row)
    return rows


def validate(lines: list[str]) -> list[str]:
    errors: list[str] = []
    tools = set(LABELS["intents"])
    ids: set[str] = set()
    sentences: set[str] = set()
    for i, line in enumerate(lines, start=1):
        where = f"line {i}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"{where}: bad JSON ({err})")
            continue
        if row.get("id") in ids:
            errors.append(f"{where}: duplicate id {row.get('id')}")
        ids.add(row.get("id"))
        key = " ".join(str(row.get("sentence", "")).lower().split())
        if not key:
            errors.append(f"{where}: empty sentence")
        if key in sentences:
            errors.append(f"{where}: duplicate sentence {row.get('sentence')!r}")
        sentences.add(key)
        if row.get("language") != "en":
            errors.append(f"{where}: language must be en")
        if "area" in row and row["area"] not in AREA_IDS:
            errors.append(f"{where}: unknown area {row['area']!r}")
        calls = row.get("expect", {}).get("calls", [])
        if not 2 <= len(calls) <= 3:
            errors.append(f"{where}: {len(calls)} calls (want 2 or 3)")
        if calls and row["expect"].get("intent") != calls[0].get("tool"):
            errors.append(f"{where}: intent is not the first call's tool")
        for call in calls:
            tool, args, ents = call.get("tool"), call.get("args", {}), call.get("entities", [])
            if tool not in tools:
                errors.append(f"{where}: tool {tool!r} not in labels.json")
            bad = set(args) - set(KEY_ARGS)
            if bad:
                errors.append(f"{where}: non-key args {sorted(bad)}")
            missing = REQUIRED_ARGS.get(tool, set()) - set(args)
            if missing:
                errors.append(f"{where}: {tool} lacks {sorted(missing)}")
            for k, v in args.items():
                if k == "color" and not isinstance(v, str):
                    errors.append(f"{where}: color must be a string")
                if k == "volume_step" and not (v in ("up", "down") or isinstance(v, int)):
                    errors.append(f"{where}: bad volume_step {v!r}")
                if k in ("brightness", "position", "percentage", "volume_level") and not (
                        isinstance(v, int) and 0 <= v <= 100):
                    errors.append(f"{where}: bad {k} {v!r}")
                if k in ("hours", "minutes", "seconds") and not (isinstance(v, int) and v > 0):
                    errors.append(f"{where}: bad {k} {v!r}")
            if tool in TIMER_TOOLS:
                if ents:
                    errors.append(f"{where}: timer call with entities")
                if tool == "HassStartTimer" and not args:
                    errors.append(f"{where}: timer without a duration")
                continue
            if not ents:
                errors.append(f"{where}: {tool} without entities")
            if len(set(ents)) != len(ents):
                errors.append(f"{where}: repeated entity")
            for ent in ents:
                if ent not in ENTITY_IDS:
                    errors.append(f"{where}: unknown entity {ent!r}")
                elif ent.split(".", 1)[0] not in TOOL_DOMAINS.get(tool, set()):
                    errors.append(f"{where}: {ent} does not fit {tool}")
    return errors


def main() -> int:
    rows = build()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    errors = validate(lines)
    OUT_PATH.write_text("\n".join(lines) + "\n")
    n_calls = collections.Counter(len(r["expect"]["calls"]) for r in rows)
    tools = collections.Counter(c["tool"] for r in rows for c in r["expect"]["calls"])
    with_area = sum(1 for r in rows if "area" in r)
    print(f"wrote {len(rows)} cases to {OUT_PATH.relative_to(ROOT)}")
    print("calls per case:", dict(sorted(n_calls.items())))
    print(f"with a speaker area: {with_area}")
    print("calls per tool:")
    for tool, count in tools.most_common():
        print(f"  {tool:28s} {count}")
    for err in errors:
        print("ERROR", err, file=sys.stderr)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
