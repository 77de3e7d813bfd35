#!/usr/bin/env python3
"""Write models/nlu/eval/dev_multi_hand.jsonl: a hand-written multi-action DEVELOPMENT set.

Every sentence below was written by hand, next to the calls it should produce. Nothing is generated from a
template grid: this script only numbers the cases, expands "area + kind" targets into entity ids from
models/nlu/eval/home.json, validates everything and writes the JSONL file.

    python3 models/nlu/dev_hand/write_set.py

Target notation inside a call:
    "light.lava_lamp"          one named entity
    "den:light"                every light in the Den (room + kind), one call
    "here:light"               every light in the speaker's area (the case's `area`)
    "wine_cellar:cover/curtain" every cover of device class curtain in the Wine Cellar
Several targets in one call are written as a list. Label conventions: lock = HassTurnOn, unlock = HassTurnOff,
open a cover = HassTurnOn, close = HassTurnOff; halfway = 50, a quarter = 25, three quarters = 75;
warm white 2700 K, cool white 4000 K, daylight 6500 K; minimum brightness 1, full/max 100; relative volume
"up"/"down" (or a signed number when one is said) as volume_step.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME = ROOT / "models/nlu/eval/home.json"
LABELS = ROOT / "models/nlu/labels.json"
OUT = ROOT / "models/nlu/eval/dev_multi_hand.jsonl"

KEY_ARGS = {"brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage",
            "hours", "minutes", "seconds", "state"}
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
    "HassTurnOn": {"light", "switch", "fan", "cover", "lock", "media_player", "climate"},
    "HassTurnOff": {"light", "switch", "fan", "cover", "lock", "media_player", "climate"},
}
# Phrases that are ambiguous in this home (an entity name that is also "area + kind", or a name that another
# entity's name contains); no sentence may use them.
AMBIGUOUS = [r"\bpantry light", r"\bparlou?r light", r"\blights? in the pantry", r"\blights? in the parlou?r",
             r"\bloft speaker", r"(?<!room )\bden tv\b", r"\bgames room lamps\b"]

CASES: list[tuple[str, str | None, list[tuple[str, object, dict]]]] = []


def S(sentence: str, area: str | None, *calls: tuple[str, object, dict]) -> None:
    """One hand-written case: the sentence, the speaker's area (or None) and its calls in order."""
    CASES.append((sentence, area, list(calls)))


def _c(tool: str, target: object = None, **args: object) -> tuple[str, object, dict]:
    return (tool, target, dict(args))


def on(t): return _c("HassTurnOn", t)
def off(t): return _c("HassTurnOff", t)
def ls(t, **a): return _c("HassLightSet", t, **a)
def pos(t, n): return _c("HassSetPosition", t, position=n)
def fan(t, n): return _c("HassFanSetSpeed", t, percentage=n)
def clim(t, n): return _c("HassClimateSetTemperature", t, temperature=n)
def pause(t): return _c("HassMediaPause", t)
def play(t): return _c("HassMediaUnpause", t)
def nxt(t): return _c("HassMediaNext", t)
def prev(t): return _c("HassMediaPrevious", t)
def vol(t, n): return _c("HassSetVolume", t, volume_level=n)
def step(t, v): return _c("HassSetVolumeRelative", t, volume_step=v)
def mute(t): return _c("HassMediaPlayerMute", t)
def unmute(t): return _c("HassMediaPlayerUnmute", t)
def timer(**a): return _c("HassStartTimer", None, **a)


# ---------------------------------------------------------------------------------------------------------
# No speaker area: every target is named or given as room + kind.
# ---------------------------------------------------------------------------------------------------------
S("turn off the lava lamp and the crystal lamp", None,
  off("light.lava_lamp"), off("light.crystal_lamp"))
S("kill the den lights and lock the french doors", None,
  off("den:light"), on("lock.french_doors"))
S("switch on the espresso machine and then open the games room window", None,
  on("switch.espresso_machine"), on("cover.games_room_window"))
S("shut the garage door, then lock the studio door", None,
  off("cover.garage_door"), on("lock.studio_door"))
S("flip on the loft lights and set the loft mini split to 21 degrees", None,
  on("loft:light"), clim("climate.loft_mini_split", 21))
S("turn the rattan fan off and the waffle iron on", None,
  off("fan.rattan_fan"), on("switch.waffle_iron"))
S("can you dim the wine cellar lamp to 20 percent and close the wine cellar curtain", None,
  ls("light.wine_cellar_lamp", brightness=20), off("cover.wine_cellar_curtain"))
S("turn on the lava lamp and set it to 40 percent", None,
  on("light.lava_lamp"), ls("light.lava_lamp", brightness=40))
S("set a timer for ten minutes and turn on the slow cooker", None,
  timer(minutes=10), on("switch.slow_cooker"))
S("pause the jukebox and turn off the moroccan lamp", None,
  pause("media_player.jukebox"), off("light.moroccan_lamp"))
S("open the parlour curtain halfway and turn on the pixel light", None,
  pos("cover.parlour_curtain", 50), on("light.pixel_light"))
S("unlock the french doors, then open the den window", None,
  off("lock.french_doors"), on("cover.den_window"))
S("crank the bladeless fan up to 80 percent and turn off the wine cellar lamp", None,
  fan("fan.bladeless_fan", 80), off("light.wine_cellar_lamp"))
S("make the tripod bulb blue and the conservatory lamp purple", None,
  ls("light.tripod_bulb", color="blue"), ls("light.conservatory_lamp", color="purple"))
S("turn off the studio lights and the 3d printer", None,
  off("studio:light"), off("switch.3d_printer"))
S("skip this song on the echo and turn it up a bit", None,
  nxt("media_player.echo"), step("media_player.echo", "up"))
S("knock off the sound machine and the loft lamp", None,
  off("switch.sound_machine"), off("light.loft_lamp"))
S("set the conservatory climate control to 23 and lock the studio door while you're at it", None,
  clim("climate.conservatory_climate_control", 23), on("lock.studio_door"))
S("turn on the mudroom lights, then the utility room lights", None,
  on("mudroom:light"), on("utility_room:light"))
S("lights off in the games room and the den please", None,
  off("games_room:light"), off("den:light"))
S("put the lantern led strip on warm white and turn the loft lamp off", None,
  ls("light.lantern_led_strip", temperature=2700), off("light.loft_lamp"))
S("open the garage door and turn on the wine cellar lamp as well", None,
  on("cover.garage_door"), on("light.wine_cellar_lamp"))
S("turn the jukebox volume down to 30 and then skip to the next track", None,
  vol("media_player.jukebox", 30), nxt("media_player.jukebox"))
S("set a timer for 25 minutes and also turn off the espresso machine", None,
  timer(minutes=25), off("switch.espresso_machine"))
S("close the mudroom curtain and the parlour curtain", None,
  off("cover.mudroom_curtain"), off("cover.parlour_curtain"))
S("turn on the wall mounted fan and set it to 40 percent", None,
  on("fan.wall_mounted_fan"), fan("fan.wall_mounted_fan", 40))
S("mute the echo and turn the sound machine on", None,
  mute("media_player.echo"), on("switch.sound_machine"))
S("shut off the grow lamp socket and the den ceiling light", None,
  off("switch.grow_lamp_socket"), off("light.den_ceiling_light"))
S("dim down the utility room lights to 15 percent and pause the tv in the utility room", None,
  ls("utility_room:light", brightness=15), pause("media_player.utility_room_den_tv"))
S("lock the studio door and the french doors, then turn off the conservatory lights", None,
  on("lock.studio_door"), on("lock.french_doors"), off("conservatory:light"))
S("set the games room mini split to 20 degrees and turn the oscillating fan off", None,
  clim("climate.games_room_mini_split", 20), off("fan.oscillating_fan"))
S("flip on the crystal lamp then make it red", None,
  on("light.crystal_lamp"), ls("light.crystal_lamp", color="red"))
S("open the pantry window a quarter of the way and switch on the loft fan", None,
  pos("cover.pantry_window", 25), on("fan.loft_fan"))
S("put the echo on 40 percent volume and play the previous song", None,
  vol("media_player.echo", 40), prev("media_player.echo"))
S("turn off mateo's light and the moroccan light", None,
  off("light.mateo_s_light"), off("light.moroccan_light"))
S("close the games room window and the den window, and turn on the games room lights", None,
  off("cover.games_room_window"), off("cover.den_window"), on("games_room:light"))
S("resume the jukebox and turn it down by 10", None,
  play("media_player.jukebox"), step("media_player.jukebox", -10))
S("turn on the tripod spotlight and the tripod lamp", None,
  on("light.tripod_spotlight"), on("light.tripod_lamp"))
S("set the wine cellar underfloor heating to 18 and close the garage door", None,
  clim("climate.wine_cellar_underfloor_heating", 18), off("cover.garage_door"))
S("start a timer for an hour and 15 minutes and turn off the slow cooker", None,
  timer(hours=1, minutes=15), off("switch.slow_cooker"))
S("turn the studio lights up to full and the 3d printer on", None,
  ls("studio:light", brightness=100), on("switch.3d_printer"))
S("bring the den window down to three quarters and then turn the wall mounted fan off", None,
  pos("cover.den_window", 75), off("fan.wall_mounted_fan"))
S("unmute the echo, then turn the volume up to 50", None,
  unmute("media_player.echo"), vol("media_player.echo", 50))
S("turn the conservatory lamp to daylight and switch off the tripod bulb", None,
  ls("light.conservatory_lamp", temperature=6500), off("light.tripod_bulb"))
S("shut the parlour curtain plus turn off the pixel light", None,
  off("cover.parlour_curtain"), off("light.pixel_light"))
S("turn on the oscillating fan, the espresso machine and the crystal lamp", None,
  on("fan.oscillating_fan"), on("switch.espresso_machine"), on("light.crystal_lamp"))
S("set the rattan fan to 30 percent and the bladeless fan to 60 percent", None,
  fan("fan.rattan_fan", 30), fan("fan.bladeless_fan", 60))
S("turn off the lights in the studio and in the loft", None,
  off("studio:light"), off("loft:light"))
S("open the mudroom curtain all the way and turn mateo's light off", None,
  on("cover.mudroom_curtain"), off("light.mateo_s_light"))
S("pause the tv in the conservatory and turn the conservatory lights on", None,
  pause("media_player.den_tv"), on("conservatory:light"))
S("turn on the lantern led strip and make it pink", None,
  on("light.lantern_led_strip"), ls("light.lantern_led_strip", color="pink"))
S("lock up the french doors and the studio door", None,
  on("lock.french_doors"), on("lock.studio_door"))
S("set a five minute timer and pause the jukebox", None,
  timer(minutes=5), pause("media_player.jukebox"))
S("turn off the waffle iron and the rattan fan and the mudroom lights", None,
  off("switch.waffle_iron"), off("fan.rattan_fan"), off("mudroom:light"))
S("make the loft 22 degrees and then close the parlour curtain", None,
  clim("climate.loft_mini_split", 22), off("cover.parlour_curtain"))
S("brightness of the den lights to 60 percent and the lava lamp orange", None,
  ls("den:light", brightness=60), ls("light.lava_lamp", color="orange"))
S("turn the echo off and the loft lamp on", None,
  off("media_player.echo"), on("light.loft_lamp"))
S("go back a track on the jukebox and crank the volume up to 80", None,
  prev("media_player.jukebox"), vol("media_player.jukebox", 80))
S("turn on the conservatory climate control and set it to 24 degrees", None,
  on("climate.conservatory_climate_control"), clim("climate.conservatory_climate_control", 24))
S("close the wine cellar curtain then the garage door", None,
  off("cover.wine_cellar_curtain"), off("cover.garage_door"))
S("set the tripod spotlight to cool white and the utility room light to 70 percent", None,
  ls("light.tripod_spotlight", temperature=4000), ls("light.utility_room_light", brightness=70))
S("turn on the grow lamp socket and open the den window halfway", None,
  on("switch.grow_lamp_socket"), pos("cover.den_window", 50))
S("set a timer for 90 seconds and then turn off the espresso machine", None,
  timer(seconds=90), off("switch.espresso_machine"))
S("turn the loft fan on and the pantry window open", None,
  on("fan.loft_fan"), on("cover.pantry_window"))
S("switch off the moroccan lamp and the moroccan light", None,
  off("light.moroccan_lamp"), off("light.moroccan_light"))
S("dim the games room lights to 10 percent, pause the jukebox and set a timer for 20 minutes", None,
  ls("games_room:light", brightness=10), pause("media_player.jukebox"), timer(minutes=20))
S("put the studio speaker on mute and turn off the studio lamp", None,
  mute("media_player.loft_speaker"), off("light.studio_lamp"))
S("open the games room window three quarters and turn the oscillating fan on", None,
  pos("cover.games_room_window", 75), on("fan.oscillating_fan"))
S("kill the lights down in the wine cellar and lock the french doors", None,
  off("wine_cellar:light"), on("lock.french_doors"))
S("set the wine cellar heating to 17 and the loft mini split to 21", None,
  clim("climate.wine_cellar_underfloor_heating", 17), clim("climate.loft_mini_split", 21))
S("turn the pixel light green and open the parlour curtain", None,
  ls("light.pixel_light", color="green"), on("cover.parlour_curtain"))
S("next song on the studio speaker and turn it down a bit", None,
  nxt("media_player.loft_speaker"), step("media_player.loft_speaker", "down"))
S("turn on the bladeless fan and the wine cellar lamp, then close the garage door", None,
  on("fan.bladeless_fan"), on("light.wine_cellar_lamp"), off("cover.garage_door"))
S("unlock the studio door and turn on the conservatory lamp", None,
  off("lock.studio_door"), on("light.conservatory_lamp"))
S("turn the utility room lights off and the tv in the utility room off too", None,
  off("utility_room:light"), off("media_player.utility_room_den_tv"))
S("shut the pantry window and turn the slow cooker on", None,
  off("cover.pantry_window"), on("switch.slow_cooker"))
S("flip on the den ceiling light, then the lava lamp too", None,
  on("light.den_ceiling_light"), on("light.lava_lamp"))
S("set the crystal lamp to the lowest brightness and turn the espresso machine off", None,
  ls("light.crystal_lamp", brightness=1), off("switch.espresso_machine"))
S("start a 2 hour timer and turn off the 3d printer", None,
  timer(hours=2), off("switch.3d_printer"))
S("turn off the loft lights, the sound machine and the echo", None,
  off("loft:light"), off("switch.sound_machine"), off("media_player.echo"))
S("lower the parlour curtain to a quarter and set the pixel light to 30 percent", None,
  pos("cover.parlour_curtain", 25), ls("light.pixel_light", brightness=30))
S("resume the echo and the jukebox", None,
  play("media_player.echo"), play("media_player.jukebox"))
S("turn the conservatory lights to warm white and set the conservatory to 22 degrees", None,
  ls("conservatory:light", temperature=2700), clim("climate.conservatory_climate_control", 22))
S("turn off the rattan fan and the oscillating fan", None,
  off("fan.rattan_fan"), off("fan.oscillating_fan"))
S("mute the jukebox and the echo", None,
  mute("media_player.jukebox"), mute("media_player.echo"))
S("switch on mateo's light and make it yellow", None,
  on("light.mateo_s_light"), ls("light.mateo_s_light", color="yellow"))
S("turn on the games room lights and the den lights and the studio lights", None,
  on("games_room:light"), on("den:light"), on("studio:light"))
S("open the wine cellar curtain halfway and put the bladeless fan on 20 percent", None,
  pos("cover.wine_cellar_curtain", 50), fan("fan.bladeless_fan", 20))
S("set a timer for 45 minutes and switch off the grow lamp socket", None,
  timer(minutes=45), off("switch.grow_lamp_socket"))
S("turn the tripod lamp on and the studio lamp off", None,
  on("light.tripod_lamp"), off("light.studio_lamp"))
S("bolt the studio door and switch the conservatory climate control off", None,
  on("lock.studio_door"), off("climate.conservatory_climate_control"))
S("turn off the crystal lamp, oh and lock the french doors", None,
  off("light.crystal_lamp"), on("lock.french_doors"))
S("could you close the den window and after that turn on the den ceiling light", None,
  off("cover.den_window"), on("light.den_ceiling_light"))
S("switch the waffle iron off as well as the slow cooker", None,
  off("switch.waffle_iron"), off("switch.slow_cooker"))
S("put the studio speaker on pause and also switch off the 3d printer", None,
  pause("media_player.loft_speaker"), off("switch.3d_printer"))
S("set the loft lamp to 50 percent plus turn the lantern led strip blue", None,
  ls("light.loft_lamp", brightness=50), ls("light.lantern_led_strip", color="blue"))
S("open the garage door and while you're at it unlock the french doors", None,
  on("cover.garage_door"), off("lock.french_doors"))
S("hey turn on the tripod bulb and also the conservatory lamp", None,
  on("light.tripod_bulb"), on("light.conservatory_lamp"))
S("set the oscillating fan to 70 percent and after that set the games room to 19 degrees", None,
  fan("fan.oscillating_fan", 70), clim("climate.games_room_mini_split", 19))
S("turn the echo up by 20 and then pause the jukebox", None,
  step("media_player.echo", 20), pause("media_player.jukebox"))
S("please shut the mudroom curtain and switch off the waffle iron and the rattan fan", None,
  off("cover.mudroom_curtain"), off("switch.waffle_iron"), off("fan.rattan_fan"))
S("turn the den lights down to 25 percent and the games room lights down to 25 percent as well", None,
  ls("den:light", brightness=25), ls("games_room:light", brightness=25))
S("lock the french doors and the studio door and close the garage door", None,
  on("lock.french_doors"), on("lock.studio_door"), off("cover.garage_door"))
S("set a 15 minute timer, oh and turn the espresso machine on", None,
  timer(minutes=15), on("switch.espresso_machine"))
S("play the jukebox again and also put the moroccan lamp on", None,
  play("media_player.jukebox"), on("light.moroccan_lamp"))
S("turn the mudroom lights to 80 percent and open the mudroom curtain", None,
  ls("mudroom:light", brightness=80), on("cover.mudroom_curtain"))
S("i'm heading out, lock the studio door and turn off the conservatory lights", None,
  on("lock.studio_door"), off("conservatory:light"))
S("switch the sound machine on and set the loft lamp to 5 percent", None,
  on("switch.sound_machine"), ls("light.loft_lamp", brightness=5))
S("make the crystal lamp cool white and the games room lamp warm white", None,
  ls("light.crystal_lamp", temperature=4000), ls("light.games_room_lamp", temperature=2700))
S("the bladeless fan off and the wine cellar curtain open please", None,
  off("fan.bladeless_fan"), on("cover.wine_cellar_curtain"))
S("go to the next song on the jukebox then mute the echo", None,
  nxt("media_player.jukebox"), mute("media_player.echo"))
S("open the games room window a quarter and after that turn on the espresso machine", None,
  pos("cover.games_room_window", 25), on("switch.espresso_machine"))
S("set the loft mini split to 20 and turn on the sound machine and the lantern led strip", None,
  clim("climate.loft_mini_split", 20), on("switch.sound_machine"), on("light.lantern_led_strip"))
S("turn off the tv in the utility room and the tripod spotlight", None,
  off("media_player.utility_room_den_tv"), off("light.tripod_spotlight"))
S("start a timer for three minutes and thirty seconds and unpause the studio speaker", None,
  timer(minutes=3, seconds=30), play("media_player.loft_speaker"))
S("turn the wall mounted fan to full speed and close the den window", None,
  fan("fan.wall_mounted_fan", 100), off("cover.den_window"))
S("set the lava lamp to purple and the den ceiling light to 35 percent", None,
  ls("light.lava_lamp", color="purple"), ls("light.den_ceiling_light", brightness=35))
S("turn off the grow lamp socket plus the lava lamp plus the wall mounted fan", None,
  off("switch.grow_lamp_socket"), off("light.lava_lamp"), off("fan.wall_mounted_fan"))
S("put the parlour curtain up three quarters of the way and turn the pixel light off", None,
  pos("cover.parlour_curtain", 75), off("light.pixel_light"))
S("unmute the jukebox and play the previous track", None,
  unmute("media_player.jukebox"), prev("media_player.jukebox"))
S("switch on the loft fan and set it to 35 percent", None,
  on("fan.loft_fan"), fan("fan.loft_fan", 35))
S("turn up the heat in the wine cellar to 21 and close the wine cellar curtain", None,
  clim("climate.wine_cellar_underfloor_heating", 21), off("cover.wine_cellar_curtain"))
S("turn on the utility room light and then the tripod spotlight too", None,
  on("light.utility_room_light"), on("light.tripod_spotlight"))
S("shut the studio lights off, then pause the studio speaker", None,
  off("studio:light"), pause("media_player.loft_speaker"))
S("close the pantry window and the games room window", None,
  off("cover.pantry_window"), off("cover.games_room_window"))
S("turn the moroccan light orange and mateo's light white", None,
  ls("light.moroccan_light", color="orange"), ls("light.mateo_s_light", color="white"))
S("set a timer for twelve minutes, pause the echo and dim the loft lights to 20 percent", None,
  timer(minutes=12), pause("media_player.echo"), ls("loft:light", brightness=20))
S("switch off the espresso machine and the oscillating fan and after that close the games room window", None,
  off("switch.espresso_machine"), off("fan.oscillating_fan"), off("cover.games_room_window"))
S("lights on in the utility room and the conservatory", None,
  on("utility_room:light"), on("conservatory:light"))
S("turn the echo volume to 25 and the studio speaker volume to 25", None,
  vol("media_player.echo", 25), vol("media_player.loft_speaker", 25))
S("open the den window and switch on the wall mounted fan at 50 percent", None,
  on("cover.den_window"), fan("fan.wall_mounted_fan", 50))
S("turn off the conservatory climate control and the loft mini split", None,
  off("climate.conservatory_climate_control"), off("climate.loft_mini_split"))
S("turn the tripod lamp up to 90 percent and make the studio lamp daylight", None,
  ls("light.tripod_lamp", brightness=90), ls("light.studio_lamp", temperature=6500))
S("unlock the french doors and open the den window and turn on the den lights", None,
  off("lock.french_doors"), on("cover.den_window"), on("den:light"))
S("set the conservatory climate control to 21.5 and turn the tv in the conservatory down by 10", None,
  clim("climate.conservatory_climate_control", 21.5), step("media_player.den_tv", -10))
S("flip the slow cooker on then set a timer for 4 hours", None,
  on("switch.slow_cooker"), timer(hours=4))
S("turn on the moroccan lamp and turn it to 60 percent brightness", None,
  on("light.moroccan_lamp"), ls("light.moroccan_lamp", brightness=60))
S("close the garage door, lock the french doors and lock the studio door", None,
  off("cover.garage_door"), on("lock.french_doors"), on("lock.studio_door"))
S("set the games room mini split to 24 and open the games room window halfway", None,
  clim("climate.games_room_mini_split", 24), pos("cover.games_room_window", 50))
S("skip the song on the tv in the utility room and turn the volume on it to 35", None,
  nxt("media_player.utility_room_den_tv"), vol("media_player.utility_room_den_tv", 35))
S("turn off the wine cellar lamp and turn off the bladeless fan", None,
  off("light.wine_cellar_lamp"), off("fan.bladeless_fan"))
S("turn on mateo's light, the moroccan light and the rattan fan", None,
  on("light.mateo_s_light"), on("light.moroccan_light"), on("fan.rattan_fan"))
S("make the studio lights red, and then turn the 3d printer off", None,
  ls("studio:light", color="red"), off("switch.3d_printer"))
S("lower the mudroom curtain halfway and open the parlour curtain all the way", None,
  pos("cover.mudroom_curtain", 50), on("cover.parlour_curtain"))
S("set a timer for 8 minutes and another thing, turn the slow cooker off", None,
  timer(minutes=8), off("switch.slow_cooker"))
S("pause the echo, also pause the jukebox", None,
  pause("media_player.echo"), pause("media_player.jukebox"))
S("turn the loft fan to 60 percent and the pantry window to 75 percent", None,
  fan("fan.loft_fan", 60), pos("cover.pantry_window", 75))
S("switch on the games room mini split and the oscillating fan", None,
  on("climate.games_room_mini_split"), on("fan.oscillating_fan"))
S("dim the conservatory lamp to 45 and the tripod bulb to 45", None,
  ls("light.conservatory_lamp", brightness=45), ls("light.tripod_bulb", brightness=45))
S("turn the tv in the conservatory off and the conservatory lamp on", None,
  off("media_player.den_tv"), on("light.conservatory_lamp"))
S("crank up the echo to 70 and skip this track", None,
  vol("media_player.echo", 70), nxt("media_player.echo"))
S("open the wine cellar curtain and the mudroom curtain and the parlour curtain", None,
  on("cover.wine_cellar_curtain"), on("cover.mudroom_curtain"), on("cover.parlour_curtain"))
S("set the wine cellar underfloor heating to 19 degrees, then turn on the bladeless fan", None,
  clim("climate.wine_cellar_underfloor_heating", 19), on("fan.bladeless_fan"))
S("turn the pixel light to 100 percent and also turn it cool white", None,
  ls("light.pixel_light", brightness=100), ls("light.pixel_light", temperature=4000))
S("shut off the loft lamp and the studio lamp", None,
  off("light.loft_lamp"), off("light.studio_lamp"))
S("switch off the utility room lights and lock the studio door and the french doors", None,
  off("utility_room:light"), on("lock.studio_door"), on("lock.french_doors"))
S("turn the rattan fan on to 45 percent and open the mudroom curtain", None,
  fan("fan.rattan_fan", 45), on("cover.mudroom_curtain"))
S("play the previous song on the echo and then unmute it", None,
  prev("media_player.echo"), unmute("media_player.echo"))
S("set a timer for 30 seconds and then another one for 2 minutes", None,
  timer(seconds=30), timer(minutes=2))
S("turn on the den ceiling light and dim it to 15 percent", None,
  on("light.den_ceiling_light"), ls("light.den_ceiling_light", brightness=15))
S("turn off the games room lights, the espresso machine and the games room mini split", None,
  off("games_room:light"), off("switch.espresso_machine"), off("climate.games_room_mini_split"))
S("open the garage door a quarter and turn on the wine cellar lamp at 50 percent", None,
  pos("cover.garage_door", 25), ls("light.wine_cellar_lamp", brightness=50))
S("the studio speaker volume down by 15 and the echo volume up by 15", None,
  step("media_player.loft_speaker", -15), step("media_player.echo", 15))
S("turn on the sound machine and the echo as well as the loft lamp", None,
  on("switch.sound_machine"), on("media_player.echo"), on("light.loft_lamp"))
S("make the lantern led strip turquoise and set the loft lamp to warm white", None,
  ls("light.lantern_led_strip", color="turquoise"), ls("light.loft_lamp", temperature=2700))
S("turn the mudroom lights off and after that switch the rattan fan off", None,
  off("mudroom:light"), off("fan.rattan_fan"))
S("open up the pantry window and put the jukebox on", None,
  on("cover.pantry_window"), on("media_player.jukebox"))
S("set the conservatory to 25 degrees and the loft to 25 degrees", None,
  clim("climate.conservatory_climate_control", 25), clim("climate.loft_mini_split", 25))
S("turn off the tripod lamp, the tripod bulb and the tripod spotlight", None,
  off("light.tripod_lamp"), off("light.tripod_bulb"), off("light.tripod_spotlight"))
S("switch the grow lamp socket on and set a timer for six hours", None,
  on("switch.grow_lamp_socket"), timer(hours=6))
S("pull the den window down to a quarter and lock the french doors", None,
  pos("cover.den_window", 25), on("lock.french_doors"))
# ---------------------------------------------------------------------------------------------------------
# With a speaker area (the satellite's room); many rely on it as the implied target.
# ---------------------------------------------------------------------------------------------------------
S("turn off the lights in here and close the curtain", "mudroom",
  off("here:light"), off("here:cover"))
S("pause the music and set the temperature in here to 21 degrees", "loft",
  pause("here:media_player"), clim("here:climate", 21))
S("turn the lights down to 30 percent and pause the tv", "conservatory",
  ls("here:light", brightness=30), pause("here:media_player"))
S("close the window and turn the fan on", "games_room",
  off("here:cover"), on("here:fan"))
S("kill the lights and set a timer for 20 minutes", "studio",
  off("here:light"), timer(minutes=20))
S("skip this song and turn it up", "pantry",
  nxt("here:media_player"), step("here:media_player", "up"))
S("lights to warm white and volume down to 20", "loft",
  ls("here:light", temperature=2700), vol("here:media_player", 20))
S("open the window halfway and switch the fan off", "den",
  pos("here:cover", 50), off("here:fan"))
S("turn on the lights in here and make them blue", "parlour",
  on("here:light"), ls("here:light", color="blue"))
S("mute the tv and turn the lights off", "utility_room",
  mute("here:media_player"), off("here:light"))
S("set the heating to 20 and close the curtain", "wine_cellar",
  clim("here:climate", 20), off("wine_cellar:cover/curtain"))
S("pause that, then turn on the slow cooker", "pantry",
  pause("here:media_player"), on("switch.slow_cooker"))
S("turn the fan up to 60 percent and open the curtain a quarter", "mudroom",
  fan("here:fan", 60), pos("here:cover", 25))
S("it's movie time, dim the lights to 10 percent and turn the volume up to 45", "conservatory",
  ls("here:light", brightness=10), vol("here:media_player", 45))
S("turn off the lights in here and in the den", "games_room",
  off("here:light"), off("den:light"))
S("next track and then volume to 60", "studio",
  nxt("here:media_player"), vol("here:media_player", 60))
S("make it 22 degrees in here and turn off the fan", "games_room",
  clim("here:climate", 22), off("here:fan"))
S("resume the music and turn on the sound machine as well", "loft",
  play("here:media_player"), on("switch.sound_machine"))
S("shut the window and kill the fan and turn off the lights", "pantry",
  off("here:cover"), off("here:fan"), off("here:light"))
S("lights on and curtain open", "parlour",
  on("here:light"), on("here:cover"))
S("go back one song and unmute", "utility_room",
  prev("here:media_player"), unmute("here:media_player"))
S("turn the lights in here to daylight and lock the studio door", "conservatory",
  ls("here:light", temperature=6500), on("lock.studio_door"))
S("lock the french doors and turn off the lights in here", "den",
  on("lock.french_doors"), off("here:light"))
S("turn the fan on to 30 percent and the lamp in the wine cellar to 40 percent", "wine_cellar",
  fan("here:fan", 30), ls("light.wine_cellar_lamp", brightness=40))
S("turn down the music by 10 and turn the lights to 50 percent", "studio",
  step("here:media_player", -10), ls("here:light", brightness=50))
S("turn on the waffle iron and the lights in here", "mudroom",
  on("switch.waffle_iron"), on("here:light"))
S("put the window at three quarters and then set the mini split to 23", "games_room",
  pos("here:cover", 75), clim("here:climate", 23))
S("mute this and set a timer for 10 minutes", "loft",
  mute("here:media_player"), timer(minutes=10))
S("turn the lights off in here and then turn on the ones in the den", "studio",
  off("here:light"), on("den:light"))
S("pause the tv, turn on the lights and open the window", "pantry",
  pause("here:media_player"), on("here:light"), on("here:cover"))
S("open the curtain halfway and dim the lights to 40 percent", "parlour",
  pos("here:cover", 50), ls("here:light", brightness=40))
S("turn on the fan and set it to 25 percent", "den",
  on("here:fan"), fan("here:fan", 25))
S("set the temperature to 19 and turn on the lights in here", "wine_cellar",
  clim("here:climate", 19), on("here:light"))
S("play the music again and turn it down a bit", "conservatory",
  play("here:media_player"), step("here:media_player", "down"))
S("turn off the espresso machine and the lights in here", "games_room",
  off("switch.espresso_machine"), off("here:light"))
S("the lights in here off and the den lights on", "utility_room",
  off("here:light"), on("den:light"))
S("volume to 15, then set a 5 minute timer", "studio",
  vol("here:media_player", 15), timer(minutes=5))
S("turn off the lights, close the curtain and switch the fan off", "wine_cellar",
  off("here:light"), off("wine_cellar:cover/curtain"), off("here:fan"))
S("make the lights in here red and turn the music up to 70", "loft",
  ls("here:light", color="red"), vol("here:media_player", 70))
S("open the curtain and switch on mateo's light", "mudroom",
  on("here:cover"), on("light.mateo_s_light"))
S("set the fan to 80 percent and also shut the window", "pantry",
  fan("here:fan", 80), off("here:cover"))
S("next song please and turn the lights to cool white", "utility_room",
  nxt("here:media_player"), ls("here:light", temperature=4000))
S("turn the air to 18 and close the window", "games_room",
  clim("here:climate", 18), off("here:cover"))
S("turn on the lights in here and also the loft lights", "studio",
  on("here:light"), on("loft:light"))
S("unlock the french doors, open the window and turn on the fan", "den",
  off("lock.french_doors"), on("here:cover"), on("here:fan"))
S("pause the music and make it 20 degrees", "conservatory",
  pause("here:media_player"), clim("here:climate", 20))
S("turn the lights in here down to 5 percent and turn on the pixel light to 5 percent too", "mudroom",
  ls("here:light", brightness=5), ls("light.pixel_light", brightness=5))
S("turn off the 3d printer and pause the music", "studio",
  off("switch.3d_printer"), pause("here:media_player"))
S("close the curtain halfway then turn the lights on", "parlour",
  pos("here:cover", 50), on("here:light"))
S("turn up the fan to 100 and open the curtain", "wine_cellar",
  fan("here:fan", 100), on("wine_cellar:cover/curtain"))
S("shut off the lights in here and the tv", "utility_room",
  off("here:light"), off("here:media_player"))
S("set a timer for 40 minutes and turn the heat down to 17", "loft",
  timer(minutes=40), clim("here:climate", 17))
S("turn on the lava lamp and turn off the den ceiling light", "den",
  on("light.lava_lamp"), off("light.den_ceiling_light"))
S("mute the music and flip on the lights in here", "pantry",
  mute("here:media_player"), on("here:light"))
S("switch the fan off and the espresso machine on and the window closed", "games_room",
  off("here:fan"), on("switch.espresso_machine"), off("here:cover"))
S("turn the lights in here to 75 percent and then the studio speaker volume to 30", "studio",
  ls("here:light", brightness=75), vol("here:media_player", 30))
S("crank up the volume and turn the lights purple", "loft",
  step("here:media_player", "up"), ls("here:light", color="purple"))
S("turn off the lights in here and lock the studio door", "conservatory",
  off("here:light"), on("lock.studio_door"))
S("turn on the fan and close the window", "den",
  on("here:fan"), off("here:cover"))
S("turn the rattan fan on and the lights off", "mudroom",
  on("fan.rattan_fan"), off("here:light"))
S("close the garage door and the curtain in here", "wine_cellar",
  off("cover.garage_door"), off("wine_cellar:cover/curtain"))
S("previous track, and turn it down by 20", "pantry",
  prev("here:media_player"), step("here:media_player", -20))
S("set the temperature to 24 in here, turn off the loft lamp and switch on the sound machine", "loft",
  clim("here:climate", 24), off("light.loft_lamp"), on("switch.sound_machine"))
S("set the lights to warm white and pause the tv", "utility_room",
  ls("here:light", temperature=2700), pause("here:media_player"))
S("lights in here to full and the mini split to 21", "games_room",
  ls("here:light", brightness=100), clim("here:climate", 21))
S("open the window all the way and turn off the grow lamp socket", "den",
  on("here:cover"), off("switch.grow_lamp_socket"))
S("turn off the lights in here, then close the curtain in the mudroom", "parlour",
  off("here:light"), off("cover.mudroom_curtain"))
S("unpause and volume up by 10", "studio",
  play("here:media_player"), step("here:media_player", 10))
S("set a timer for 3 minutes and turn on the espresso machine", "games_room",
  timer(minutes=3), on("switch.espresso_machine"))
S("turn on the tv and set the volume to 25", "utility_room",
  on("here:media_player"), vol("here:media_player", 25))
S("turn the lights in here off and the lights in the studio on", "loft",
  off("here:light"), on("studio:light"))
S("put the window at a quarter and turn the fan down to 20", "pantry",
  pos("here:cover", 25), fan("here:fan", 20))
S("make the lights in here green and the moroccan light blue", "mudroom",
  ls("here:light", color="green"), ls("light.moroccan_light", color="blue"))
S("turn on the heating and set it to 22", "wine_cellar",
  on("here:climate"), clim("here:climate", 22))
S("mute it, turn on the lights and set a timer for 30 minutes", "conservatory",
  mute("here:media_player"), on("here:light"), timer(minutes=30))
S("turn off the lights in here and switch on the lights in the games room", "den",
  off("here:light"), on("games_room:light"))
S("stop the music and turn off the 3d printer and the lights", "studio",
  pause("here:media_player"), off("switch.3d_printer"), off("here:light"))
S("turn off the fan and the waffle iron", "mudroom",
  off("here:fan"), off("switch.waffle_iron"))
S("open the curtain three quarters and turn the pixel light on", "parlour",
  pos("here:cover", 75), on("light.pixel_light"))
S("pause the echo and turn the lights down to 20", "loft",
  pause("media_player.echo"), ls("here:light", brightness=20))
S("turn the slow cooker off and then pause the jukebox", "pantry",
  off("switch.slow_cooker"), pause("media_player.jukebox"))
S("the fan to 55 percent please and the lights to 55 percent too", "games_room",
  fan("here:fan", 55), ls("here:light", brightness=55))
S("set the climate in here to 23 and turn the volume to 35", "conservatory",
  clim("here:climate", 23), vol("here:media_player", 35))
S("close the window, turn off the fan, turn off the grow lamp socket", "den",
  off("here:cover"), off("here:fan"), off("switch.grow_lamp_socket"))
S("dim the lights in here to 1 percent and turn on the wine cellar lamp", "utility_room",
  ls("here:light", brightness=1), on("light.wine_cellar_lamp"))
S("turn the lamp on and open the curtain halfway", "wine_cellar",
  on("light.wine_cellar_lamp"), pos("wine_cellar:cover/curtain", 50))
S("set a timer for one hour and turn off all the lights in here", "mudroom",
  timer(hours=1), off("here:light"))
S("turn on the lights in here and turn off the ones in the parlour", "den",
  on("here:light"), off("parlour:light"))
S("skip to the next song and unmute it", "loft",
  nxt("here:media_player"), unmute("here:media_player"))
S("turn the tripod lamp to 30 percent and pause the music", "studio",
  ls("light.tripod_lamp", brightness=30), pause("here:media_player"))
S("open the window and pause the music and turn the fan on", "pantry",
  on("here:cover"), pause("here:media_player"), on("here:fan"))
S("the crystal lamp to pink and the mini split off", "games_room",
  ls("light.crystal_lamp", color="pink"), off("here:climate"))
S("ok so turn off the lights in here, pause the music and set a timer for 25 minutes", "pantry",
  off("here:light"), pause("here:media_player"), timer(minutes=25))
S("close the window, turn the fan down to 40 and set the mini split to 22", "games_room",
  off("here:cover"), fan("here:fan", 40), clim("here:climate", 22))
S("I'm going to bed so lock the french doors, turn off the lights in here and close the window", "den",
  on("lock.french_doors"), off("here:light"), off("here:cover"))
S("pause the tv, dim the lights to 20 percent, oh and make it 21 degrees in here", "conservatory",
  pause("here:media_player"), ls("here:light", brightness=20), clim("here:climate", 21))
S("turn the music down to 10 and while you're at it switch off the sound machine", "loft",
  vol("here:media_player", 10), off("switch.sound_machine"))
S("flip on the lights in here and after that open the curtain halfway", "mudroom",
  on("here:light"), pos("here:cover", 50))
S("open the curtain, switch the lights to daylight and turn the pixel light up to max", "parlour",
  on("here:cover"), ls("here:light", temperature=6500), ls("light.pixel_light", brightness=100))
S("turn on the fan at 50 percent, open the curtain a quarter and turn the lamp off", "wine_cellar",
  fan("here:fan", 50), pos("wine_cellar:cover/curtain", 25), off("light.wine_cellar_lamp"))
S("unmute the tv and turn it up by 5, plus turn on the tripod spotlight", "utility_room",
  unmute("here:media_player"), step("here:media_player", 5), on("light.tripod_spotlight"))
S("set the lights in here to 65 percent and also switch on the 3d printer", "studio",
  ls("here:light", brightness=65), on("switch.3d_printer"))
S("turn off the lights in here as well as the lights in the games room", "den",
  off("here:light"), off("games_room:light"))
S("go to the previous song, turn it up to 55 and make the lights orange", "loft",
  prev("here:media_player"), vol("here:media_player", 55), ls("here:light", color="orange"))
S("shut the window and turn off the loft fan", "pantry",
  off("here:cover"), off("fan.loft_fan"))
S("could you close the garage door and also turn the heating to 16", "wine_cellar",
  off("cover.garage_door"), clim("here:climate", 16))
S("turn the lights in here off, turn the waffle iron off and shut the curtain", "mudroom",
  off("here:light"), off("switch.waffle_iron"), off("here:cover"))
S("switch the tv off, then the lights in here, then lock the studio door", "conservatory",
  off("here:media_player"), off("here:light"), on("lock.studio_door"))
S("set the temperature in here to 20, close the window halfway and turn the fan on", "games_room",
  clim("here:climate", 20), pos("here:cover", 50), on("here:fan"))
S("pause, and then turn the lights in the studio down to 10", "utility_room",
  pause("here:media_player"), ls("studio:light", brightness=10))
S("open the curtain three quarters of the way and turn the lights off in here", "parlour",
  pos("here:cover", 75), off("here:light"))
S("turn the fan off, the lights on and the grow lamp socket on", "den",
  off("here:fan"), on("here:light"), on("switch.grow_lamp_socket"))
S("set a timer for 7 minutes, and turn the music back on", "studio",
  timer(minutes=7), play("here:media_player"))
S("hey, turn off mateo's light and the moroccan light but turn the mudroom light on", "mudroom",
  off("light.mateo_s_light"), off("light.moroccan_light"), on("light.mudroom_light"))
S("next song, volume up by 10 and lights to 30 percent", "pantry",
  nxt("here:media_player"), step("here:media_player", 10), ls("here:light", brightness=30))
S("turn on the heating to 23 in here and open the garage door", "wine_cellar",
  clim("here:climate", 23), on("cover.garage_door"))
S("turn the lights in here blue and the lantern led strip blue too", "studio",
  ls("here:light", color="blue"), ls("light.lantern_led_strip", color="blue"))
S("mute the music and turn on the lights in here to 40 percent", "loft",
  mute("here:media_player"), ls("here:light", brightness=40))
S("open the window halfway, turn on the fan and also unlock the french doors", "den",
  pos("here:cover", 50), on("here:fan"), off("lock.french_doors"))
S("it's too bright in here, dim the lights to 35 percent and close the curtain", "parlour",
  ls("here:light", brightness=35), off("here:cover"))
S("switch on the espresso machine, open the window and make it 24 degrees in here", "games_room",
  on("switch.espresso_machine"), on("here:cover"), clim("here:climate", 24))
S("turn the volume down to 20 and turn off the utility room light", "utility_room",
  vol("here:media_player", 20), off("light.utility_room_light"))
S("resume the jukebox and open the window a quarter", "pantry",
  play("media_player.jukebox"), pos("here:cover", 25))
S("set the conservatory lamp to 80 percent and the tripod bulb to 20 percent, then pause the tv", "conservatory",
  ls("light.conservatory_lamp", brightness=80), ls("light.tripod_bulb", brightness=20), pause("here:media_player"))
S("turn the fan to 70 and close the curtain, after that turn off the lights in here", "mudroom",
  fan("here:fan", 70), off("here:cover"), off("here:light"))
S("turn off the lights in here and in the utility room and in the conservatory", "studio",
  off("here:light"), off("utility_room:light"), off("conservatory:light"))
S("unpause the echo, set the volume to 30 and turn the sound machine off", "loft",
  play("media_player.echo"), vol("media_player.echo", 30), off("switch.sound_machine"))
S("turn off the lamp, turn off the fan and turn off the heating", "wine_cellar",
  off("light.wine_cellar_lamp"), off("here:fan"), off("here:climate"))
S("set the den ceiling light to warm white and then the lava lamp to red", "den",
  ls("light.den_ceiling_light", temperature=2700), ls("light.lava_lamp", color="red"))
S("turn the crystal lamp on, put that one at 25 percent and turn the fan on too", "games_room",
  on("light.crystal_lamp"), ls("light.crystal_lamp", brightness=25), on("here:fan"))
S("previous track and mute the echo in the loft", "studio",
  prev("here:media_player"), mute("media_player.echo"))
S("set a timer for 15 minutes then close the curtain", "parlour",
  timer(minutes=15), off("here:cover"))
# Three actions, no speaker area.
S("close the mudroom curtain, turn off the rattan fan and then set a timer for ten minutes", None,
  off("cover.mudroom_curtain"), off("fan.rattan_fan"), timer(minutes=10))
S("lock the french doors, close the den window and turn the wall mounted fan to 20 percent", None,
  on("lock.french_doors"), off("cover.den_window"), fan("fan.wall_mounted_fan", 20))
S("turn on the lantern led strip, set it to warm white and switch on the sound machine", None,
  on("light.lantern_led_strip"), ls("light.lantern_led_strip", temperature=2700), on("switch.sound_machine"))
S("open the garage door halfway, turn on the wine cellar lamp and crank the bladeless fan to 90", None,
  pos("cover.garage_door", 50), on("light.wine_cellar_lamp"), fan("fan.bladeless_fan", 90))
S("mute the echo, pause the jukebox and turn off the tv in the utility room", None,
  mute("media_player.echo"), pause("media_player.jukebox"), off("media_player.utility_room_den_tv"))
S("set the loft to 19, the conservatory to 21 and the games room to 20", None,
  clim("climate.loft_mini_split", 19), clim("climate.conservatory_climate_control", 21),
  clim("climate.games_room_mini_split", 20))
S("turn the studio lamp on, make it cool white and then turn off the 3d printer", None,
  on("light.studio_lamp"), ls("light.studio_lamp", temperature=4000), off("switch.3d_printer"))
S("close the pantry window, switch off the slow cooker and turn the jukebox down by 25", None,
  off("cover.pantry_window"), off("switch.slow_cooker"), step("media_player.jukebox", -25))
S("turn the parlour curtain to a quarter, the mudroom curtain to halfway and the wine cellar curtain to three quarters", None,
  pos("cover.parlour_curtain", 25), pos("cover.mudroom_curtain", 50), pos("cover.wine_cellar_curtain", 75))
S("turn on the den lights, open the den window and after that switch on the grow lamp socket", None,
  on("den:light"), on("cover.den_window"), on("switch.grow_lamp_socket"))
S("set a timer for 20 minutes, turn on the espresso machine and turn the crystal lamp on", None,
  timer(minutes=20), on("switch.espresso_machine"), on("light.crystal_lamp"))
S("pause the studio speaker, turn off the studio lights and lock the studio door", None,
  pause("media_player.loft_speaker"), off("studio:light"), on("lock.studio_door"))
S("switch off the loft fan, the bladeless fan and the oscillating fan", None,
  off("fan.loft_fan"), off("fan.bladeless_fan"), off("fan.oscillating_fan"))
S("turn the moroccan lamp green, the moroccan light yellow and mateo's light off", None,
  ls("light.moroccan_lamp", color="green"), ls("light.moroccan_light", color="yellow"), off("light.mateo_s_light"))
S("turn on the utility room lights, then the tv in the utility room, then set its volume to 40", None,
  on("utility_room:light"), on("media_player.utility_room_den_tv"), vol("media_player.utility_room_den_tv", 40))
S("close the games room window and the pantry window and open the den window", None,
  off("cover.games_room_window"), off("cover.pantry_window"), on("cover.den_window"))
S("unlock the studio door, turn the conservatory lights on and turn the climate control up to 22", None,
  off("lock.studio_door"), on("conservatory:light"), clim("climate.conservatory_climate_control", 22))
S("shut everything down in the loft: the lights, the sound machine and the mini split", None,
  off("loft:light"), off("switch.sound_machine"), off("climate.loft_mini_split"))
S("make the tripod spotlight indigo, and the tripod lamp too, and after that the tripod bulb", None,
  ls("light.tripod_spotlight", color="indigo"), ls("light.tripod_lamp", color="indigo"),
  ls("light.tripod_bulb", color="indigo"))
S("set an 18 minute timer and a 40 second timer and then skip the song on the jukebox", None,
  timer(minutes=18), timer(seconds=40), nxt("media_player.jukebox"))
S("turn off the games room lights, dim the den lights to 40 and turn on the mudroom lights", None,
  off("games_room:light"), ls("den:light", brightness=40), on("mudroom:light"))
S("turn the wine cellar heating off and the bladeless fan on and open the garage door", None,
  off("climate.wine_cellar_underfloor_heating"), on("fan.bladeless_fan"), on("cover.garage_door"))


# ---------------------------------------------------------------------------------------------------------
# Expansion, validation, output.
# ---------------------------------------------------------------------------------------------------------
def main() -> int:
    home = json.loads(HOME.read_text(encoding="utf-8"))
    tools = set(json.loads(LABELS.read_text(encoding="utf-8"))["intents"]) - {"none"}
    entities = {e["id"]: e for e in home["entities"]}
    areas = {a["id"] for a in home["areas"]}
    errors: list[str] = []

    def expand(target: object, area: str | None, where: str) -> list[str]:
        if target is None:
            return []
        out: list[str] = []
        for t in target if isinstance(target, list) else [target]:
            if ":" in t:
                room, kind = t.split(":", 1)
                if room == "here":
                    if area is None:
                        errors.append(f"{where}: 'here' target without a speaker area")
                        continue
                    room = area
                domain, _, dclass = kind.partition("/")
                if room not in areas:
                    errors.append(f"{where}: unknown area {room!r}")
                found = sorted(e for e, v in entities.items() if v.get("area") == room and e.split(".")[0] == domain
                               and (not dclass or v.get("device_class") == dclass))
                if not found:
                    errors.append(f"{where}: {t!r} matches no entity")
                out.extend(found)
            else:
                if t not in entities:
                    errors.append(f"{where}: unknown entity {t!r}")
                out.append(t)
        return sorted(set(out))

    rows = []
    seen_sentences: set[str] = set()
    for number, (sentence, area, calls) in enumerate(CASES, start=1):
        case_id = f"devhand-multi-{number:05d}"
        where = f"{case_id} ({sentence!r})"
        norm = re.sub(r"\s+", " ", sentence.strip().lower())
        if norm in seen_sentences:
            errors.append(f"{where}: duplicate sentence")
        seen_sentences.add(norm)
        if sentence != sentence.strip() or not sentence:
            errors.append(f"{where}: empty or padded sentence")
        for pattern in AMBIGUOUS:
            if re.search(pattern, norm):
                errors.append(f"{where}: uses an ambiguous phrase ({pattern})")
        if area is not None and area not in areas:
            errors.append(f"{where}: unknown speaker area {area!r}")
        if not 2 <= len(calls) <= 3:
            errors.append(f"{where}: {len(calls)} calls (need 2 or 3)")
        out_calls = []
        for tool, target, args in calls:
            if tool not in tools:
                errors.append(f"{where}: unknown tool {tool!r}")
            bad = set(args) - KEY_ARGS
            if bad:
                errors.append(f"{where}: non-key args {sorted(bad)}")
            ents = expand(target, area, where)
            if tool.endswith("Timer"):
                if ents:
                    errors.append(f"{where}: timer with entities")
                if not args:
                    errors.append(f"{where}: timer without a duration")
            else:
                if not ents:
                    errors.append(f"{where}: {tool} without entities")
                allowed = TOOL_DOMAINS.get(tool)
                for e in ents:
                    if allowed is not None and e.split(".")[0] not in allowed:
                        errors.append(f"{where}: {tool} on {e}")
            if tool == "HassLightSet" and not args:
                errors.append(f"{where}: HassLightSet without a value")
            out_calls.append({"tool": tool, "args": args, "entities": ents})
        row = {"id": case_id, "sentence": sentence, "language": "en"}
        if area is not None:
            row["area"] = area
        row["expect"] = {"intent": out_calls[0]["tool"] if out_calls else None, "calls": out_calls}
        rows.append(row)

    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} errors", file=sys.stderr)
        return 1

    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    # Read it back as the scorer would: one JSON object per line.
    back = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    assert len(back) == len(rows)
    n_calls = collections.Counter(len(r["expect"]["calls"]) for r in rows)
    per_tool = collections.Counter(c["tool"] for r in rows for c in r["expect"]["calls"])
    first = collections.Counter(r["expect"]["intent"] for r in rows)
    with_area = sum(1 for r in rows if "area" in r)
    print(f"wrote {OUT}: {len(rows)} cases")
    print("calls per case: " + ", ".join(f"{k}: {v}" for k, v in sorted(n_calls.items())))
    print(f"with a speaker area: {with_area} ({with_area / len(rows):.0%})")
    print(f"total calls: {sum(per_tool.values())}")
    for tool, count in per_tool.most_common():
        print(f"  {tool:28s} {count:4d} calls, first call of {first.get(tool, 0)} cases")
    print("0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
