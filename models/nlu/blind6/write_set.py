"""Write models/nlu/eval/blind_multi_6.jsonl: hand-written multi-action commands on models/nlu/eval/home_d.json.

Every sentence below was written by hand, one by one, next to the calls it should give. Targets are written as
an entity's object id ("arco_lamp"), as "area/domain" for a room's kind of device ("lounge/light" = every
light in the Lounge, in one call), or as "*/domain" for that kind in the speaker's area. Media and climate
tools with no target use "*" (the device of that domain in the speaker's area).

    python3 models/nlu/blind6/write_set.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME = ROOT / "models/nlu/eval/home_d.json"
LABELS = ROOT / "models/nlu/labels.json"
OUT = ROOT / "models/nlu/eval/blind_multi_6.jsonl"

KEY_ARGS = (
    "brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage", "hours",
    "minutes", "seconds", "state",
)
TOOL_DOMAIN = {
    "HassLightSet": "light",
    "HassClimateSetTemperature": "climate",
    "HassSetPosition": "cover",
    "HassFanSetSpeed": "fan",
    "HassMediaPause": "media_player",
    "HassMediaUnpause": "media_player",
    "HassMediaNext": "media_player",
    "HassMediaPrevious": "media_player",
    "HassSetVolume": "media_player",
    "HassSetVolumeRelative": "media_player",
    "HassMediaPlayerMute": "media_player",
    "HassMediaPlayerUnmute": "media_player",
}
ON_OFF_DOMAINS = {"light", "switch", "fan", "cover", "lock", "media_player", "climate"}

N = None
LO, GA, DN, FO, MR = "lounge", "galley", "dining_nook", "foyer", "media_room"
HO, PR, PS, BR, RT = "home_office", "powder_room", "primary_suite", "bunk_room", "roof_terrace"


def _c(tool: str, target: str | None, **args: object) -> dict:
    return {"tool": tool, "target": target, "args": args}


def on(t: str) -> dict:
    return _c("HassTurnOn", t)


def off(t: str) -> dict:
    return _c("HassTurnOff", t)


def ls(t: str, b: int | None = None, c: str | None = None, k: int | None = None) -> dict:
    args: dict = {}
    if b is not None:
        args["brightness"] = b
    if c is not None:
        args["color"] = c
    if k is not None:
        args["temperature"] = k
    return _c("HassLightSet", t, **args)


def pos(t: str, p: int) -> dict:
    return _c("HassSetPosition", t, position=p)


def fan(t: str, p: int) -> dict:
    return _c("HassFanSetSpeed", t, percentage=p)


def ct(t: str, deg: float) -> dict:
    return _c("HassClimateSetTemperature", t, temperature=deg)


def pause(t: str = "*") -> dict:
    return _c("HassMediaPause", t)


def play(t: str = "*") -> dict:
    return _c("HassMediaUnpause", t)


def nxt(t: str = "*") -> dict:
    return _c("HassMediaNext", t)


def prv(t: str = "*") -> dict:
    return _c("HassMediaPrevious", t)


def vol(t: str, v: int) -> dict:
    return _c("HassSetVolume", t, volume_level=v)


def step(t: str, s: int | str) -> dict:
    return _c("HassSetVolumeRelative", t, volume_step=s)


def mute(t: str = "*") -> dict:
    return _c("HassMediaPlayerMute", t)


def unmute(t: str = "*") -> dict:
    return _c("HassMediaPlayerUnmute", t)


def timer(h: int = 0, m: int = 0, s: int = 0) -> dict:
    args = {k: v for k, v in (("hours", h), ("minutes", m), ("seconds", s)) if v}
    return _c("HassStartTimer", None, **args)


# (sentence, speaker area or N, call, call[, call])
CASES: list[tuple] = [
    # --- named devices, no speaker area
    ("turn off the arco lamp and the hue go", N, off("arco_lamp"), off("hue_go")),
    ("switch on the coffee grinder then open the venetian blind", N, on("coffee_grinder"), on("venetian_blind")),
    ("lock the street door and close the up and over door", N, on("street_door"), off("up_and_over_door")),
    ("pause the sonos arc and turn on the cove lighting", N, pause("sonos_arc"), on("cove_lighting")),
    ("set the misting fan to 40 percent and turn on the edison bulbs", N, fan("misting_fan", 40), on("edison_bulbs")),
    ("dim the globe chandelier to 30% and close the cafe curtain", N,
     ls("globe_chandelier", b=30), off("cafe_curtain")),
    ("unlock the balcony door and open the honeycomb shade", N, off("balcony_door"), on("honeycomb_shade")),
    ("set a timer for 12 minutes and turn on the dishwasher", N, timer(m=12), on("dishwasher")),
    ("next song on the roberts radio and turn it up", N, nxt("roberts_radio"), step("roberts_radio", "up")),
    ("make the nanoleaf panels purple and the bias lighting blue", N,
     ls("nanoleaf_panels", c="purple"), ls("bias_lighting", c="blue")),
    ("turn the heated floor up to 24 and switch on the xpelair", N, ct("heated_floor", 24), on("xpelair")),
    ("turn on the moon lamp and the clip fan", N, on("moon_lamp"), on("clip_fan")),
    ("switch off the fish tank and the toadstool lamp please", N, off("fish_tank"), off("toadstool_lamp")),
    ("turn off the anglepoise, the monitor light bar and the laser printer", N,
     off("anglepoise"), off("monitor_light_bar"), off("laser_printer")),
    ("set the desk fan to 60% then turn the convector heater to 19", N,
     fan("desk_fan", 60), ct("convector_heater", 19)),
    ("unlock the courtyard door and then open the lightwell shutter halfway", N,
     off("courtyard_door"), pos("lightwell_shutter", 50)),
    ("play the sonos move and put the planter uplights on", N, play("sonos_move"), on("planter_uplights")),
    ("mute the lg oled and dim the star ceiling to 10%", N, mute("lg_oled"), ls("star_ceiling", b=10)),
    ("set the ecobee to 20 degrees and turn on the heated mattress pad", N,
     ct("ecobee", 20), on("heated_mattress_pad")),
    ("volume 30 on the homepod mini and turn off tom's lamp", N, vol("homepod_mini", 30), off("tom_s_lamp")),
    ("priya's reading light to warm white and the honeycomb shade to 25 percent", N,
     ls("priya_s_reading_light", k=2700), pos("honeycomb_shade", 25)),
    ("open the pirate curtains and turn off the moon lamp", N, on("pirate_curtains"), off("moon_lamp")),
    ("start the aroma diffuser and turn the backlit mirror on", N, on("aroma_diffuser"), on("backlit_mirror")),
    ("porthole light off and xpelair on", N, off("porthole_light"), on("xpelair")),
    ("set a 20 minute timer and pause the roberts radio", N, timer(m=20), pause("roberts_radio")),
    ("turn off the step lights and the brass wall light, then lock the street door", N,
     off("step_lights"), off("brass_wall_light"), on("street_door")),
    ("open the up and over door and switch on the step lights", N, on("up_and_over_door"), on("step_lights")),
    ("close the sash window and turn the daikin to 22", N, off("sash_window"), ct("daikin", 22)),
    ("turn on the track spots and the dishwasher", N, on("track_spots"), on("dishwasher")),
    ("put the cove lighting on cool white and turn the hue go off", N,
     ls("cove_lighting", k=4000), off("hue_go")),
    ("set the vornado to 30 percent and open the cafe curtain", N, fan("vornado", 30), on("cafe_curtain")),
    ("candle sconces on and globe chandelier off", N, on("candle_sconces"), off("globe_chandelier")),
    ("hue go to red, arco lamp to 70 percent", N, ls("hue_go", c="red"), ls("arco_lamp", b=70)),
    ("turn on the arco lamp and set it to 60 percent", N, on("arco_lamp"), ls("arco_lamp", b=60)),
    ("switch the laser printer on and then lock the courtyard door", N, on("laser_printer"), on("courtyard_door")),
    ("could you turn off the edison bulbs and the misting fan", N, off("edison_bulbs"), off("misting_fan")),
    ("pause the lg oled and then turn the bias lighting on", N, pause("lg_oled"), on("bias_lighting")),
    ("set the clip fan to 20 percent and close the pirate curtains", N, fan("clip_fan", 20), off("pirate_curtains")),
    ("unmute the sonos arc and set the volume on it to 35", N, unmute("sonos_arc"), vol("sonos_arc", 35)),
    ("turn on heated floor and aroma diffuser", N, on("heated_floor"), on("aroma_diffuser")),
    ("raise the venetian blind to 75 percent and start the coffee grinder", N,
     pos("venetian_blind", 75), on("coffee_grinder")),
    ("lock the balcony door, lock the courtyard door and lock the street door", N,
     on("balcony_door"), on("courtyard_door"), on("street_door")),
    ("the anglepoise to daylight and the desk fan to 50", N, ls("anglepoise", k=6500), fan("desk_fan", 50)),
    ("previous track on the sonos move and turn the edison bulbs to 40 percent", N,
     prv("sonos_move"), ls("edison_bulbs", b=40)),
    ("start a 45 minute timer, then switch off the dishwasher", N, timer(m=45), off("dishwasher")),
    ("turn off the fish tank plus the clip fan", N, off("fish_tank"), off("clip_fan")),
    ("open the sash window a quarter and turn on the hue go", N, pos("sash_window", 25), on("hue_go")),
    ("can you turn down the homepod mini by 10 and then switch off priya's reading light", N,
     step("homepod_mini", -10), off("priya_s_reading_light")),
    ("set star ceiling to blue and nanoleaf panels to 20 percent", N,
     ls("star_ceiling", c="blue"), ls("nanoleaf_panels", b=20)),
    ("turn on the track spots, open the venetian blind and play the roberts radio", N,
     on("track_spots"), on("venetian_blind"), play("roberts_radio")),
    ("switch off the backlit mirror and the porthole light", N, off("backlit_mirror"), off("porthole_light")),
    ("vornado off and candle sconces on", N, off("vornado"), on("candle_sconces")),
    ("tom's lamp on at 25 percent and close the honeycomb shade", N,
     ls("tom_s_lamp", b=25), off("honeycomb_shade")),
    ("open the up and over door, turn on the brass wall light and unlock the street door", N,
     on("up_and_over_door"), on("brass_wall_light"), off("street_door")),
    ("put the monitor light bar on 80 percent and turn the convector heater to 21", N,
     ls("monitor_light_bar", b=80), ct("convector_heater", 21)),
    ("turn the misting fan to max and pause the sonos move", N, fan("misting_fan", 100), pause("sonos_move")),
    ("skip to the next one on the lg oled and turn the volume down on it", N,
     nxt("lg_oled"), step("lg_oled", "down")),
    ("planter uplights green and edison bulbs warm white", N,
     ls("planter_uplights", c="green"), ls("edison_bulbs", k=2700)),
    ("turn the heated mattress pad off and lock the balcony door", N,
     off("heated_mattress_pad"), on("balcony_door")),
    ("set the heated floor to 23 and the ecobee to 19", N, ct("heated_floor", 23), ct("ecobee", 19)),
    ("open the lightwell shutter and turn off the star ceiling", N, on("lightwell_shutter"), off("star_ceiling")),
    ("timer for half an hour and turn off the coffee grinder", N, timer(m=30), off("coffee_grinder")),
    ("turn on the moon lamp, set it to orange", N, on("moon_lamp"), ls("moon_lamp", c="orange")),
    ("switch on the xpelair and set it to 70 percent", N, on("xpelair"), fan("xpelair", 70)),
    ("close the cafe curtain and the venetian blind", N, off("cafe_curtain"), off("venetian_blind")),
    ("mute the roberts radio and also the sonos arc", N, mute("roberts_radio"), mute("sonos_arc")),
    ("turn off hue go, cove lighting and arco lamp", N, off("hue_go"), off("cove_lighting"), off("arco_lamp")),
    ("bring the pirate curtains down to 25 percent and turn on the toadstool lamp", N,
     pos("pirate_curtains", 25), on("toadstool_lamp")),
    ("unlock the courtyard door oh and turn on the anglepoise", N, off("courtyard_door"), on("anglepoise")),
    ("resume the homepod mini and turn tom's lamp down to 15 percent", N,
     play("homepod_mini"), ls("tom_s_lamp", b=15)),
    ("switch on the laser printer as well as the desk fan", N, on("laser_printer"), on("desk_fan")),
    ("set the daikin to 18 and close the sash window, then pause the sonos arc", N,
     ct("daikin", 18), off("sash_window"), pause("sonos_arc")),
    ("globe chandelier to full brightness and open the cafe curtain halfway", N,
     ls("globe_chandelier", b=100), pos("cafe_curtain", 50)),
    ("turn off the bias lighting and the nanoleaf panels and mute the lg oled", N,
     off("bias_lighting"), off("nanoleaf_panels"), mute("lg_oled")),
    ("set the sonos move volume to 60 and turn the misting fan on", N, vol("sonos_move", 60), on("misting_fan")),
    ("turn the fish tank on and the clip fan off", N, on("fish_tank"), off("clip_fan")),
    ("set a timer for 5 minutes and another for 15 minutes", N, timer(m=5), timer(m=15)),
    ("switch off the aroma diffuser and then the heated floor", N, off("aroma_diffuser"), off("heated_floor")),
    ("close the honeycomb shade and the pirate curtains", N, off("honeycomb_shade"), off("pirate_curtains")),
    ("step lights to 20 percent then close the up and over door", N,
     ls("step_lights", b=20), off("up_and_over_door")),
    # --- with a speaker area
    ("turn off the lights and pause the music", MR, off("*/light"), pause()),
    ("close the blind and start the coffee grinder", GA, off("*/cover"), on("coffee_grinder")),
    ("set the heating to 21 and turn the lights down to 40 percent", LO, ct("*", 21), ls("*/light", b=40)),
    ("lights off, shade down, and lock the balcony door", PS, off("*/light"), off("*/cover"), on("balcony_door")),
    ("skip this track and turn the volume up", LO, nxt(), step("*", "up")),
    ("go back a song then set the volume to 50", RT, prv(), vol("*", 50)),
    ("dim the lights to 50% and close the curtain", DN, ls("*/light", b=50), off("*/cover")),
    ("turn the fan on and the lights off", BR, on("*/fan"), off("*/light")),
    ("pause this and open the shutter", MR, pause(), on("*/cover")),
    ("lock the door and turn the heater up to 22", HO, on("*/lock"), ct("*", 22)),
    ("fan to 35 percent and lights on", HO, fan("*/fan", 35), on("*/light")),
    ("turn the music down a bit and switch on the dishwasher", GA, step("*", "down"), on("dishwasher")),
    ("mute it and turn the lights to 10 percent", MR, mute(), ls("*/light", b=10)),
    ("set it to 19 degrees in here and close the window", LO, ct("*", 19), off("*/cover")),
    ("open the curtains halfway and switch the fish tank on", BR, pos("*/cover", 50), on("fish_tank")),
    ("turn the floor heating to 25 and the fan on", PR, ct("*", 25), on("*/fan")),
    ("lights on and play some music", RT, on("*/light"), play()),
    ("close the shade, turn off the lights, and pause the homepod mini", PS,
     off("*/cover"), off("*/light"), pause("homepod_mini")),
    ("next track, and volume to 40", GA, nxt(), vol("*", 40)),
    ("switch off the fan and the backlit mirror", PR, off("*/fan"), off("backlit_mirror")),
    ("turn on the lights and open the up and over door", FO, on("*/light"), on("up_and_over_door")),
    ("turn the lights warm white and set the heating to 20", PS, ls("*/light", k=2700), ct("*", 20)),
    ("open the blind to 75 percent then resume the radio", GA, pos("*/cover", 75), play("roberts_radio")),
    ("fan on 20 percent, lights off", DN, fan("*/fan", 20), off("*/light")),
    ("turn the volume up by 15 and skip this song", RT, step("*", 15), nxt()),
    ("set a timer for 8 minutes and turn off the lights", GA, timer(m=8), off("*/light")),
    ("pause the tv then turn on the star ceiling", MR, pause("lg_oled"), on("star_ceiling")),
    ("close the window and turn the heat down to 17", LO, off("*/cover"), ct("*", 17)),
    ("lights to daylight and fan to 45 percent", HO, ls("*/light", k=6500), fan("*/fan", 45)),
    ("turn the misting fan off and the music down", RT, off("misting_fan"), step("*", "down")),
    ("turn off the lights in here and lock the street door", FO, off("*/light"), on("street_door")),
    ("unmute and go to the previous song", LO, unmute(), prv()),
    ("open the curtain and turn the candle sconces on", DN, on("*/cover"), on("candle_sconces")),
    ("put the lights on at 30 percent, close the shutter and play", MR,
     ls("*/light", b=30), off("*/cover"), play()),
    ("turn off the fan and the lights, oh and the aroma diffuser", PR,
     off("*/fan"), off("*/light"), off("aroma_diffuser")),
    ("set the temperature to 22.5 and turn the heated mattress pad on", PS, ct("*", 22.5), on("heated_mattress_pad")),
    ("toadstool lamp on and the curtains closed", BR, on("toadstool_lamp"), off("*/cover")),
    ("stop the music and lights off", LO, pause(), off("*/light")),
    ("set the lights to pink and turn the volume to 25", RT, ls("*/light", c="pink"), vol("*", 25)),
    ("lights down to 1 percent and mute the speaker", PS, ls("*/light", b=1), mute()),
    ("switch the laser printer off and then the lights", HO, off("laser_printer"), off("*/light")),
    ("turn on the coffee grinder and open the blind", GA, on("coffee_grinder"), on("*/cover")),
    ("set the vornado to 100 percent and open the window halfway", LO, fan("vornado", 100), pos("*/cover", 50)),
    ("brightness to minimum and pause", MR, ls("*/light", b=1), pause()),
    ("turn on the heated floor and set it to 26", PR, on("heated_floor"), ct("heated_floor", 26)),
    ("the lights to cool white and the shade up", PS, ls("*/light", k=4000), on("*/cover")),
    ("lower the volume by 20 and then pause it", GA, step("*", -20), pause()),
    ("lights off and fan off", BR, off("*/light"), off("*/fan")),
    ("play the music and turn the volume to 70", MR, play(), vol("*", 70)),
    ("start a 3 minute timer and turn on the track spots", GA, timer(m=3), on("track_spots")),
    ("open the shutter, turn off the lights and mute the lg oled", MR,
     on("*/cover"), off("*/light"), mute("lg_oled")),
    ("brass wall light on and step lights off", FO, on("brass_wall_light"), off("step_lights")),
    ("unlock the door and switch on the lights", HO, off("*/lock"), on("*/light")),
    ("turn the lights up to full and close the curtain", DN, ls("*/light", b=100), off("*/cover")),
    ("heating to 18 and lights off please", PS, ct("*", 18), off("*/light")),
    ("pause the music, then turn on the edison bulbs", RT, pause(), on("edison_bulbs")),
    ("shade to 25 percent and priya's reading light on", PS, pos("*/cover", 25), on("priya_s_reading_light")),
    ("turn on the fan and set it to 30 percent", BR, on("*/fan"), fan("*/fan", 30)),
    ("set the lights to indigo and the volume to 15", MR, ls("*/light", c="indigo"), vol("*", 15)),
    ("turn the heater off and the fan on", HO, off("convector_heater"), on("*/fan")),
    ("next song and turn it up by 10", PS, nxt(), step("*", 10)),
    ("turn on the backlit mirror and the porthole light", PR, on("backlit_mirror"), on("porthole_light")),
    ("open the window and turn off the daikin", LO, on("*/cover"), off("daikin")),
    ("set a timer for 10 minutes and then dim the lights to 20", LO, timer(m=10), ls("*/light", b=20)),
    ("lights on to 60, fan at 50 and curtain open", DN, ls("*/light", b=60), fan("*/fan", 50), on("*/cover")),
    ("close the up and over door and lock the street door", FO, off("up_and_over_door"), on("street_door")),
    ("stop the radio and turn off the dishwasher", GA, pause("roberts_radio"), off("dishwasher")),
    ("play something and set the lights to purple", RT, play(), ls("*/light", c="purple")),
    ("shutter down to a quarter and volume down", MR, pos("*/cover", 25), step("*", "down")),
    ("mute the speaker and lock the balcony door", PS, mute(), on("balcony_door")),
    ("turn the anglepoise on and the monitor light bar off", HO, on("anglepoise"), off("monitor_light_bar")),
    ("close the curtains, turn off the moon lamp and put the fan on 10 percent", BR,
     off("*/cover"), off("moon_lamp"), fan("*/fan", 10)),
    ("volume to 20 and back one track", LO, vol("*", 20), prv()),
    ("turn off the lights here and in the foyer", DN, off("*/light"), off("foyer/light")),
    ("set the heat to 23 and switch on the aroma diffuser", PR, ct("*", 23), on("aroma_diffuser")),
    ("turn on the edison bulbs and the planter uplights and the misting fan", RT,
     on("edison_bulbs"), on("planter_uplights"), on("misting_fan")),
    ("pause, and open the blind", GA, pause(), on("*/cover")),
    ("lights to 35 percent and then next episode", MR, ls("*/light", b=35), nxt()),
    ("fan off then lights to warm white", HO, off("*/fan"), ls("*/light", k=2700)),
    ("turn the sonos arc up and the cove lighting down to 30 percent", LO,
     step("sonos_arc", "up"), ls("cove_lighting", b=30)),
    ("unlock the balcony door and open the shade halfway", PS, off("balcony_door"), pos("*/cover", 50)),
    ("switch on the fish tank and the lights", BR, on("fish_tank"), on("*/light")),
    ("close the window, then set the heating to 20.5", LO, off("*/cover"), ct("*", 20.5)),
    ("turn the fan to 80 and the lights off", PR, fan("*/fan", 80), off("*/light")),
    ("resume the music and turn the planter uplights on", RT, play(), on("planter_uplights")),
    ("step lights on and open the garage", FO, on("step_lights"), on("up_and_over_door")),
    ("set the volume to 45 and the lights to 70 percent", PS, vol("*", 45), ls("*/light", b=70)),
    ("turn off the lights and set a timer for 25 minutes", BR, off("*/light"), timer(m=25)),
    ("dim the bias lighting to 5 percent and unmute", MR, ls("bias_lighting", b=5), unmute()),
    # --- rooms named, mixed with devices
    ("turn off the lounge lights and the media room lights", N, off("lounge/light"), off("media_room/light")),
    ("switch on the foyer lights then unlock the street door", N, on("foyer/light"), off("street_door")),
    ("dim the dining nook lights to 40 and close the galley blind", N,
     ls("dining_nook/light", b=40), off("galley/cover")),
    ("turn the bunk room lights on, the bunk room fan on, and open the pirate curtains", N,
     on("bunk_room/light"), on("bunk_room/fan"), on("pirate_curtains")),
    ("put the roof terrace lights on and set the misting fan to 25 percent", N,
     on("roof_terrace/light"), fan("misting_fan", 25)),
    ("turn off the home office lights and the desk fan, then lock the courtyard door", N,
     off("home_office/light"), off("desk_fan"), on("courtyard_door")),
    ("set the powder room lights to 60 percent and turn on the xpelair", N,
     ls("powder_room/light", b=60), on("xpelair")),
    ("primary suite lights off and the ecobee to 18", N, off("primary_suite/light"), ct("ecobee", 18)),
    ("make the media room lights red and pause the lg oled", N,
     ls("media_room/light", c="red"), pause("lg_oled")),
    ("turn on the galley lights, then the coffee grinder, then the roberts radio", N,
     on("galley/light"), on("coffee_grinder"), play("roberts_radio")),
    ("close the lounge window and switch off the lounge lights", N, off("lounge/cover"), off("lounge/light")),
    ("turn the lounge lights to warm white plus set the daikin to 21", N,
     ls("lounge/light", k=2700), ct("daikin", 21)),
    ("open the media room shutter and turn off the bias lighting", N,
     on("media_room/cover"), off("bias_lighting")),
    ("set the bunk room fan to 15 percent and the toadstool lamp to 10 percent", N,
     fan("bunk_room/fan", 15), ls("toadstool_lamp", b=10)),
    ("switch off the step lights, close the up and over door, then turn off the foyer lights", N,
     off("step_lights"), off("up_and_over_door"), off("foyer/light")),
    ("turn off the roof terrace lights and pause the sonos move", N, off("roof_terrace/light"), pause("sonos_move")),
    ("turn on the dining nook lights and the vornado", N, on("dining_nook/light"), on("vornado")),
    ("home office heater to 20 and the home office lights to 75 percent", N,
     ct("convector_heater", 20), ls("home_office/light", b=75)),
    ("set a timer for an hour and turn off the primary suite lights", N, timer(h=1), off("primary_suite/light")),
    ("lights in the powder room off and the heated floor off too", N, off("powder_room/light"), off("heated_floor")),
    ("open the honeycomb shade, turn on tom's lamp and play the homepod mini", N,
     on("honeycomb_shade"), on("tom_s_lamp"), play("homepod_mini")),
    ("turn the cafe curtain to 75 percent and turn on the candle sconces", N,
     pos("cafe_curtain", 75), on("candle_sconces")),
    ("turn off the galley lights, the dining nook lights and the lounge lights", N,
     off("galley/light"), off("dining_nook/light"), off("lounge/light")),
    ("lock up the street door and the courtyard door", N, on("street_door"), on("courtyard_door")),
    ("set the media room lights to daylight and then skip forward on the lg oled", N,
     ls("media_room/light", k=6500), nxt("lg_oled")),
    ("turn on the powder room fan, the backlit mirror and the aroma diffuser", N,
     on("powder_room/fan"), on("backlit_mirror"), on("aroma_diffuser")),
    ("hue go blue, arco lamp warm white, cove lighting off", N,
     ls("hue_go", c="blue"), ls("arco_lamp", k=2700), off("cove_lighting")),
    ("set the sonos arc to 40 and the roberts radio to 20", N, vol("sonos_arc", 40), vol("roberts_radio", 20)),
    ("pause the sonos arc, the roberts radio and the sonos move", N,
     pause("sonos_arc"), pause("roberts_radio"), pause("sonos_move")),
    ("set a timer for 90 seconds then switch off the coffee grinder", N, timer(s=90), off("coffee_grinder")),
    ("start a timer for two hours and set the heated floor to 21", N, timer(h=2), ct("heated_floor", 21)),
    ("turn the ecobee to 21 and the daikin to 22 and the convector heater to 19", N,
     ct("ecobee", 21), ct("daikin", 22), ct("convector_heater", 19)),
    ("turn off the desk fan, the clip fan and the vornado", N, off("desk_fan"), off("clip_fan"), off("vornado")),
    ("set the misting fan and the clip fan to 50 percent", N, fan("misting_fan", 50), fan("clip_fan", 50)),
    ("close the sash window, the venetian blind and the cafe curtain", N,
     off("sash_window"), off("venetian_blind"), off("cafe_curtain")),
    ("open the lightwell shutter and the honeycomb shade halfway", N,
     pos("lightwell_shutter", 50), pos("honeycomb_shade", 50)),
    ("moon lamp to 5 percent and toadstool lamp off", N, ls("moon_lamp", b=5), off("toadstool_lamp")),
    ("anglepoise to 90 percent, then start the laser printer", N, ls("anglepoise", b=90), on("laser_printer")),
    ("turn the star ceiling to white and nanoleaf panels to turquoise", N,
     ls("star_ceiling", c="white"), ls("nanoleaf_panels", c="turquoise")),
    ("laser printer on and after that the monitor light bar on", N, on("laser_printer"), on("monitor_light_bar")),
    ("unlock the balcony door and after that turn off the heated mattress pad", N,
     off("balcony_door"), off("heated_mattress_pad")),
    ("set a 10 second timer and a 1 minute timer", N, timer(s=10), timer(m=1)),
    ("mute the homepod mini, close the honeycomb shade and turn off priya's reading light", N,
     mute("homepod_mini"), off("honeycomb_shade"), off("priya_s_reading_light")),
    ("edison bulbs off, planter uplights off, pause the sonos move", N,
     off("edison_bulbs"), off("planter_uplights"), pause("sonos_move")),
    ("switch on the dishwasher, then set a timer for 2 hours", N, on("dishwasher"), timer(h=2)),
    ("set brightness of the globe chandelier to 45 and candle sconces to 25", N,
     ls("globe_chandelier", b=45), ls("candle_sconces", b=25)),
    ("close the pirate curtains all the way and turn on the moon lamp", N, off("pirate_curtains"), on("moon_lamp")),
    ("could you pause the homepod mini then lock the balcony door", N, pause("homepod_mini"), on("balcony_door")),
    ("switch on the clip fan and set it to 60 percent", N, on("clip_fan"), fan("clip_fan", 60)),
    ("turn up the lg oled by 5 and dim the nanoleaf panels to 15", N, step("lg_oled", 5), ls("nanoleaf_panels", b=15)),
    ("close the up and over door, and then lock the street door, and turn off the step lights", N,
     off("up_and_over_door"), on("street_door"), off("step_lights")),
    ("priya's reading light to 50 percent and tom's lamp to 50 percent", N,
     ls("priya_s_reading_light", b=50), ls("tom_s_lamp", b=50)),
    ("turn off the heated floor and turn on the xpelair, also switch off the aroma diffuser", N,
     off("heated_floor"), on("xpelair"), off("aroma_diffuser")),
    ("put the porthole light on at 20 percent and the backlit mirror on at full", N,
     ls("porthole_light", b=20), ls("backlit_mirror", b=100)),
    ("skip this one on the sonos move and set it to 35", N, nxt("sonos_move"), vol("sonos_move", 35)),
    ("the venetian blind halfway and the track spots on", N, pos("venetian_blind", 50), on("track_spots")),
    ("switch off the fish tank and the heated mattress pad", N, off("fish_tank"), off("heated_mattress_pad")),
    ("turn the vornado to 75 percent and the desk fan to 25 percent", N, fan("vornado", 75), fan("desk_fan", 25)),
    ("unmute the lg oled then play", N, unmute("lg_oled"), play("lg_oled")),
    ("put the bias lighting on warm white and turn it down to 30 percent", N,
     ls("bias_lighting", k=2700), ls("bias_lighting", b=30)),
    ("switch off the coffee grinder and the dishwasher and the track spots", N,
     off("coffee_grinder"), off("dishwasher"), off("track_spots")),
    ("pause the roberts radio and then open the venetian blind all the way", N,
     pause("roberts_radio"), on("venetian_blind")),
    ("turn the edison bulbs on and then set them to orange", N, on("edison_bulbs"), ls("edison_bulbs", c="orange")),
    ("lock the courtyard door and switch off the convector heater", N, on("courtyard_door"), off("convector_heater")),
    ("turn the honeycomb shade to three quarters and the ecobee to 22", N,
     pos("honeycomb_shade", 75), ct("ecobee", 22)),
    ("volume down on the sonos arc and next song", N, step("sonos_arc", "down"), nxt("sonos_arc")),
    ("turn on the hue go and the arco lamp, then close the sash window", N,
     on("hue_go"), on("arco_lamp"), off("sash_window")),
    ("lower the lightwell shutter to 10 percent and mute the lg oled", N,
     pos("lightwell_shutter", 10), mute("lg_oled")),
    ("go back one song on the homepod mini and turn it down by 5", N,
     prv("homepod_mini"), step("homepod_mini", -5)),
    ("start the aroma diffuser plus set the heated floor to 22", N, on("aroma_diffuser"), ct("heated_floor", 22)),
    ("brass wall light to 70 percent then open the up and over door", N,
     ls("brass_wall_light", b=70), on("up_and_over_door")),
    ("close the cafe curtain, turn off the candle sconces and switch off the vornado", N,
     off("cafe_curtain"), off("candle_sconces"), off("vornado")),
    ("turn on the monitor light bar, the anglepoise, and the desk fan", N,
     on("monitor_light_bar"), on("anglepoise"), on("desk_fan")),
    ("set the daikin to 24 and then resume the sonos arc", N, ct("daikin", 24), play("sonos_arc")),
    # --- more, mixed
    ("set a timer for 15 minutes, turn off the lights and close the shade", PS,
     timer(m=15), off("*/light"), off("*/cover")),
    ("turn the volume down to 10, dim the lights to 20 and close the shutter", MR,
     vol("*", 10), ls("*/light", b=20), off("*/cover")),
    ("heating to 21, window shut, and arco lamp on", LO, ct("*", 21), off("*/cover"), on("arco_lamp")),
    ("lights on, blind up, and resume the radio", GA, on("*/light"), on("*/cover"), play("roberts_radio")),
    ("open the curtains, switch on the lights and turn off the fish tank", BR,
     on("*/cover"), on("*/light"), off("fish_tank")),
    ("turn the fan up to 90, lights off, and heat to 24", PR, fan("*/fan", 90), off("*/light"), ct("*", 24)),
    ("pause the music, lights off and fan off", RT, pause(), off("*/light"), off("*/fan")),
    ("turn on the lights, unlock the street door and open the up and over door", FO,
     on("*/light"), off("street_door"), on("up_and_over_door")),
    ("play the previous track and unmute", RT, prv(), unmute()),
    ("turn the heater down to 16 and the lights off", HO, ct("*", 16), off("*/light")),
    ("set the lights to green then turn the music up", LO, ls("*/light", c="green"), step("*", "up")),
    ("close the curtain halfway and turn the fan to 40", DN, pos("*/cover", 50), fan("*/fan", 40)),
    ("curtains to 75 and the moon lamp on", BR, pos("*/cover", 75), on("moon_lamp")),
    ("switch off the heated mattress pad and the lights", PS, off("heated_mattress_pad"), off("*/light")),
    ("turn the lights on to max and switch on the laser printer", HO, ls("*/light", b=100), on("laser_printer")),
    ("mute the tv and open the shutter to a quarter", MR, mute("lg_oled"), pos("*/cover", 25)),
    ("turn the misting fan to 60 and the lights to warm white", RT, fan("misting_fan", 60), ls("*/light", k=2700)),
    ("unlock the door, open the shade, and put the lights on", PS, off("*/lock"), on("*/cover"), on("*/light")),
    ("stop the music and set a 40 minute timer", GA, pause(), timer(m=40)),
    ("turn the lights down to 25 and then pause", LO, ls("*/light", b=25), pause()),
    ("turn on the vornado and dim the candle sconces to 35", DN, on("vornado"), ls("candle_sconces", b=35)),
    ("volume up by 5 and next", MR, step("*", 5), nxt()),
    ("porthole light on, backlit mirror off", PR, on("porthole_light"), off("backlit_mirror")),
    ("set the heat to 19.5 and turn off the lights", PS, ct("*", 19.5), off("*/light")),
    ("turn off the lights here and the lights in the media room", LO, off("*/light"), off("media_room/light")),
    ("close the blind and turn the lights to cool white", GA, off("*/cover"), ls("*/light", k=4000)),
    ("lock the door, turn off the fan and switch off the anglepoise", HO,
     on("*/lock"), off("*/fan"), off("anglepoise")),
    ("back a track and volume 55", GA, prv(), vol("*", 55)),
    ("start the xpelair and set the heated floor to 20", PR, on("xpelair"), ct("heated_floor", 20)),
    ("edison bulbs to 80 percent and planter uplights to 40 percent", RT,
     ls("edison_bulbs", b=80), ls("planter_uplights", b=40)),
    ("turn off the arco lamp and the hue go but leave the cove lighting on at 20 percent", N,
     off("arco_lamp"), off("hue_go"), ls("cove_lighting", b=20)),
    ("set the sonos move volume to 50 then play it", N, vol("sonos_move", 50), play("sonos_move")),
    ("switch off the moon lamp and the toadstool lamp, then close the pirate curtains", N,
     off("moon_lamp"), off("toadstool_lamp"), off("pirate_curtains")),
    ("timer for 1 hour 30 minutes and turn on the heated mattress pad", N, timer(h=1, m=30), on("heated_mattress_pad")),
    ("set the convector heater to 20, turn on the anglepoise and unlock the courtyard door", N,
     ct("convector_heater", 20), on("anglepoise"), off("courtyard_door")),
    ("open the cafe curtain a quarter, and also turn off the globe chandelier", N,
     pos("cafe_curtain", 25), off("globe_chandelier")),
    ("mute the sonos arc and the homepod mini", N, mute("sonos_arc"), mute("homepod_mini")),
    ("play the lg oled and set the star ceiling to violet", N, play("lg_oled"), ls("star_ceiling", c="violet")),
    ("lock the street door then the balcony door", N, on("street_door"), on("balcony_door")),
    ("switch on the aroma diffuser, the backlit mirror and the porthole light", N,
     on("aroma_diffuser"), on("backlit_mirror"), on("porthole_light")),
    ("the step lights and the brass wall light on please", N, on("step_lights"), on("brass_wall_light")),
    ("dim tom's lamp to the minimum and turn off priya's reading light", N,
     ls("tom_s_lamp", b=1), off("priya_s_reading_light")),
    ("turn the roberts radio up by 10 and switch on the coffee grinder", N,
     step("roberts_radio", 10), on("coffee_grinder")),
    ("set the desk fan to 30, the clip fan to 20, and the misting fan to 70", N,
     fan("desk_fan", 30), fan("clip_fan", 20), fan("misting_fan", 70)),
    ("open the up and over door all the way and set a timer for 2 minutes", N, on("up_and_over_door"), timer(m=2)),
    ("put the heated floor on 22 and the xpelair on 40 percent", N, ct("heated_floor", 22), fan("xpelair", 40)),
    ("turn the monitor light bar to 4000 kelvin and the anglepoise to 3000 kelvin", N,
     ls("monitor_light_bar", k=4000), ls("anglepoise", k=3000)),
    ("close the sash window and the honeycomb shade, then lock the balcony door", N,
     off("sash_window"), off("honeycomb_shade"), on("balcony_door")),
    ("next on the roberts radio and previous on the sonos arc", N, nxt("roberts_radio"), prv("sonos_arc")),
    ("turn off the dining nook lights and the vornado and close the cafe curtain", N,
     off("dining_nook/light"), off("vornado"), off("cafe_curtain")),
    ("unmute the homepod mini and turn it down to 20", N, unmute("homepod_mini"), vol("homepod_mini", 20)),
    ("set the lounge lights to 50 percent, then set the daikin to 20", N, ls("lounge/light", b=50), ct("daikin", 20)),
    ("switch on the fish tank, oh and the clip fan as well", N, on("fish_tank"), on("clip_fan")),
    ("turn on the nanoleaf panels and the star ceiling, then pause the lg oled", N,
     on("nanoleaf_panels"), on("star_ceiling"), pause("lg_oled")),
    ("raise the lightwell shutter to 60 and turn down the lg oled by 10", N,
     pos("lightwell_shutter", 60), step("lg_oled", -10)),
    ("turn off the misting fan, the edison bulbs and the planter uplights", N,
     off("misting_fan"), off("edison_bulbs"), off("planter_uplights")),
    ("set a timer for 30 seconds and then turn off the xpelair", N, timer(s=30), off("xpelair")),
    ("globe chandelier on and make it warm white", N, on("globe_chandelier"), ls("globe_chandelier", k=2700)),
    ("resume the roberts radio and open the venetian blind", N, play("roberts_radio"), on("venetian_blind")),
    ("turn the ecobee off and the heated mattress pad on", N, off("ecobee"), on("heated_mattress_pad")),
    ("turn on the bunk room lights and set them to 30 percent", N, on("bunk_room/light"), ls("bunk_room/light", b=30)),
    ("close the galley blind and pause the roberts radio, then turn off the galley lights", N,
     off("galley/cover"), pause("roberts_radio"), off("galley/light")),
    ("set the volume of the lg oled to 80 and the bias lighting to 10 percent", N,
     vol("lg_oled", 80), ls("bias_lighting", b=10)),
    ("turn off the laser printer and the monitor light bar and then the desk fan", N,
     off("laser_printer"), off("monitor_light_bar"), off("desk_fan")),
    ("open the pirate curtains halfway and switch off the fish tank", N, pos("pirate_curtains", 50), off("fish_tank")),
    ("set the daikin to 23 and close the lounge window", N, ct("daikin", 23), off("lounge/cover")),
    ("the hue go to yellow then the arco lamp to 40", N, ls("hue_go", c="yellow"), ls("arco_lamp", b=40)),
    ("skip on the homepod mini and turn tom's lamp on", N, nxt("homepod_mini"), on("tom_s_lamp")),
    ("unlock the street door and the courtyard door", N, off("street_door"), off("courtyard_door")),
    ("switch off the dishwasher as well as the coffee grinder", N, off("dishwasher"), off("coffee_grinder")),
    ("start a 25 minute timer and a 50 minute timer", N, timer(m=25), timer(m=50)),
    ("turn the planter uplights blue and play the sonos move", N, ls("planter_uplights", c="blue"), play("sonos_move")),
    ("open the sash window three quarters of the way and turn off the daikin", N,
     pos("sash_window", 75), off("daikin")),
    ("turn on the foyer lights and the dining nook lights", N, on("foyer/light"), on("dining_nook/light")),
    ("pause the homepod mini and the sonos arc", N, pause("homepod_mini"), pause("sonos_arc")),
    ("set the candle sconces to pink and the globe chandelier to 60 percent, then open the cafe curtain", N,
     ls("candle_sconces", c="pink"), ls("globe_chandelier", b=60), on("cafe_curtain")),
    ("turn off the powder room lights and the xpelair", N, off("powder_room/light"), off("xpelair")),
    ("close the lightwell shutter, mute the lg oled and then set a timer for 20 minutes", N,
     off("lightwell_shutter"), mute("lg_oled"), timer(m=20)),
    ("switch off the heated floor and then the aroma diffuser and the porthole light", N,
     off("heated_floor"), off("aroma_diffuser"), off("porthole_light")),
    ("volume up on the sonos move and turn on the misting fan", N, step("sonos_move", "up"), on("misting_fan")),
    ("set the media room lights to 40, close the media room shutter and play the lg oled", N,
     ls("media_room/light", b=40), off("media_room/cover"), play("lg_oled")),
    ("open the honeycomb shade to a quarter and set the ecobee to 21", N, pos("honeycomb_shade", 25), ct("ecobee", 21)),
]


def fail(errors: list[str], msg: str) -> None:
    errors.append(msg)


def check_home(home: dict, errors: list[str]) -> None:
    floors = [f["id"] for f in home["floors"]]
    areas = [a["id"] for a in home["areas"]]
    ids = [e["id"] for e in home["entities"]]
    names = [e["name"].lower() for e in home["entities"]]
    area_names = [a["name"].lower() for a in home["areas"]]
    for what, seq in (("floor", floors), ("area", areas), ("entity", ids), ("entity name", names),
                      ("area name", area_names)):
        for item, n in Counter(seq).items():
            if n > 1:
                fail(errors, f"home_d: duplicate {what} {item!r}")
    for a in home["areas"]:
        if a.get("floor") not in floors:
            fail(errors, f"home_d: area {a['id']} on unknown floor {a.get('floor')!r}")
    for e in home["entities"]:
        if e.get("area") not in areas:
            fail(errors, f"home_d: entity {e['id']} in unknown area {e.get('area')!r}")
        for other in home["areas"]:
            if other["id"] != e["area"] and other["name"].lower() in e["name"].lower():
                fail(errors, f"home_d: {e['id']} holds another room's name {other['name']!r}")
        own = next(a["name"] for a in home["areas"] if a["id"] == e["area"])
        if e["name"].lower().startswith(own.lower() + " "):
            fail(errors, f"home_d: {e['id']} is named room + kind")


def resolve(target: str, domain: str | None, area: str | None, home: dict, where: str,
            errors: list[str]) -> list[str]:
    ents = home["entities"]
    if "/" in target or target == "*":
        room, _, dom = target.partition("/")
        dom = dom or domain
        if room == "*":
            if area is None:
                fail(errors, f"{where}: {target!r} needs a speaker area")
                return []
            room = area
        found = sorted(e["id"] for e in ents if e["area"] == room and e["id"].split(".")[0] == dom)
        if not found:
            fail(errors, f"{where}: no {dom} in {room}")
        return found
    found = [e["id"] for e in ents if e["id"].split(".", 1)[1] == target]
    if len(found) != 1:
        fail(errors, f"{where}: unknown or ambiguous device {target!r}")
        return []
    return found


def main() -> int:
    home = json.loads(HOME.read_text(encoding="utf-8"))
    tools = set(json.loads(LABELS.read_text(encoding="utf-8"))["intents"]) - {"none"}
    area_ids = {a["id"] for a in home["areas"]}
    entity_ids = {e["id"] for e in home["entities"]}
    errors: list[str] = []
    check_home(home, errors)
    lines: list[str] = []
    seen: set[str] = set()
    per_tool: Counter = Counter()
    per_len: Counter = Counter()
    with_area = 0
    for number, case in enumerate(CASES, start=1):
        sentence, area, *raw = case
        cid = f"blind6-multi-{number:05d}"
        where = f"{cid} {sentence!r}"
        key = " ".join(sentence.lower().split())
        if key in seen:
            fail(errors, f"{where}: duplicate sentence")
        seen.add(key)
        if area is not None and area not in area_ids:
            fail(errors, f"{where}: unknown area {area!r}")
        if not 2 <= len(raw) <= 3:
            fail(errors, f"{where}: {len(raw)} calls")
        calls = []
        for c in raw:
            tool = c["tool"]
            if tool not in tools:
                fail(errors, f"{where}: unknown tool {tool}")
            for k in c["args"]:
                if k not in KEY_ARGS:
                    fail(errors, f"{where}: not a key arg {k}")
            domain = TOOL_DOMAIN.get(tool)
            if tool == "HassStartTimer":
                entities: list[str] = []
                if c["target"] is not None or not c["args"]:
                    fail(errors, f"{where}: a timer takes a duration and no target")
            else:
                entities = resolve(c["target"], domain, area, home, where, errors)
                if not entities:
                    fail(errors, f"{where}: {tool} without entities")
            for ent in entities:
                dom = ent.split(".")[0]
                if ent not in entity_ids:
                    fail(errors, f"{where}: unknown entity {ent}")
                if domain is not None and dom != domain:
                    fail(errors, f"{where}: {ent} does not fit {tool}")
                if tool in ("HassTurnOn", "HassTurnOff") and dom not in ON_OFF_DOMAINS:
                    fail(errors, f"{where}: {ent} cannot be turned on/off")
            calls.append({"tool": tool, "args": c["args"], "entities": entities})
            per_tool[tool] += 1
        per_len[len(calls)] += 1
        record: dict = {"id": cid, "sentence": sentence, "language": "en"}
        if area is not None:
            record["area"] = area
            with_area += 1
        record["expect"] = {"intent": calls[0]["tool"] if calls else None, "calls": calls}
        lines.append(json.dumps(record, ensure_ascii=False))
    # read back what is written
    ids = set()
    for line in lines:
        data = json.loads(line)
        if data["id"] in ids:
            fail(errors, f"duplicate id {data['id']}")
        ids.add(data["id"])
        if data["expect"]["intent"] != data["expect"]["calls"][0]["tool"]:
            fail(errors, f"{data['id']}: intent is not the first call's tool")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} errors; nothing written", file=sys.stderr)
        return 1
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases -> {OUT.relative_to(ROOT)}")
    print("calls per case:", dict(sorted(per_len.items())))
    print("with a speaker area:", with_area)
    print("calls per tool:")
    for tool, n in per_tool.most_common():
        print(f"  {tool}: {n}")
    print("home_d:", len(home["entities"]), "entities,", len(home["areas"]), "areas,", len(home["floors"]), "floors")
    print("0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
