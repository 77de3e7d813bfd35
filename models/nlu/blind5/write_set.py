"""Write models/nlu/eval/blind_multi_5.jsonl, a hand-written blind multi-action set on home_c.json.

Every sentence below was written by hand, one at a time, next to the calls it should give. Targets are written
as an entity's object id ("orb" for light.orb) or as "@area/domain" for "room + kind" (every entity of that
domain in that area, one call). The script expands targets, numbers the cases, validates them and the home,
and writes the JSONL file.

    python3 models/nlu/blind5/write_set.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME = ROOT / "models" / "nlu" / "eval" / "home_c.json"
LABELS = ROOT / "models" / "nlu" / "labels.json"
OUT = ROOT / "models" / "nlu" / "eval" / "blind_multi_5.jsonl"

KEY_ARGS = (
    "brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage", "hours",
    "minutes", "seconds", "state",
)
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


# --- call helpers -------------------------------------------------------------------------------------------


def _call(tool: str, target: str | None, **args: object) -> dict:
    return {"tool": tool, "args": {k: v for k, v in args.items() if v is not None}, "target": target}


def on(t: str) -> dict:
    """Turn on / open a cover / lock."""
    return _call("HassTurnOn", t)


def off(t: str) -> dict:
    """Turn off / close a cover / unlock."""
    return _call("HassTurnOff", t)


def lset(t: str, b: int | None = None, c: str | None = None, k: int | None = None) -> dict:
    return _call("HassLightSet", t, brightness=b, color=c, temperature=k)


def pos(t: str, n: int) -> dict:
    return _call("HassSetPosition", t, position=n)


def spd(t: str, n: int) -> dict:
    return _call("HassFanSetSpeed", t, percentage=n)


def heat(t: str, n: float) -> dict:
    return _call("HassClimateSetTemperature", t, temperature=n)


def pause(t: str) -> dict:
    return _call("HassMediaPause", t)


def play(t: str) -> dict:
    return _call("HassMediaUnpause", t)


def nxt(t: str) -> dict:
    return _call("HassMediaNext", t)


def prev(t: str) -> dict:
    return _call("HassMediaPrevious", t)


def vol(t: str, n: int) -> dict:
    return _call("HassSetVolume", t, volume_level=n)


def step(t: str, s: int | str) -> dict:
    return _call("HassSetVolumeRelative", t, volume_step=s)


def mute(t: str) -> dict:
    return _call("HassMediaPlayerMute", t)


def unmute(t: str) -> dict:
    return _call("HassMediaPlayerUnmute", t)


def timer(h: int | None = None, m: int | None = None, s: int | None = None) -> dict:
    return _call("HassStartTimer", None, hours=h, minutes=m, seconds=s)


CASES: list[tuple[str, str | None, list[dict]]] = []


def C(sentence: str, *calls: dict, a: str | None = None) -> None:
    CASES.append((sentence, a, list(calls)))


# --- the cases, written by hand -----------------------------------------------------------------------------

# CASES_START
C("turn on the orb and the arc floor lamp", on("orb"), on("arc_floor_lamp"))
C("kettle on, and then set a timer for four minutes", on("kettle"), timer(m=4))
C("switch off the treadmill then the turbo fan", off("treadmill"), off("turbo_fan"))
C("lock the oak door and the patio slider please", on("oak_door"), on("patio_slider"))
C("close the carport door and lock the cellar hatch", off("carport_door"), on("cellar_hatch"))
C("dim the island pendants to 30 percent and turn off the under shelf glow",
  lset("island_pendants", b=30), off("under_shelf_glow"))
C("pause the music and turn the lights down to 20", pause("sonos_beam"), lset("@living_room/light", b=20),
  a="living_room")
C("put the toniebox on pause, then close the dinosaur blind", pause("toniebox"), off("dinosaur_blind"))
C("set the nest to 21 and turn on the entry sconce", heat("nest", 21), on("entry_sconce"))
C("open the retractable awning halfway and put the palm leaf fan on 40 percent",
  pos("retractable_awning", 50), spd("palm_leaf_fan", 40))
C("make the glowworm purple and the rainbow ceiling panel blue",
  lset("glowworm", c="purple"), lset("rainbow_ceiling_panel", c="blue"))
C("turn off the halo, the shaving mirror light and the towel rail",
  off("halo"), off("shaving_mirror_light"), off("towel_rail"))
C("next song and turn it up a bit", nxt("boombox"), step("boombox", "up"), a="gym")
C("hey can you unlock the patio slider and open the awning", off("patio_slider"), on("retractable_awning"))
C("turn on the popcorn maker and then resume the big screen", on("popcorn_maker"), play("big_screen"))
C("set the cooling unit to 18 and switch the whisper fan on", heat("cooling_unit", 18), on("whisper_fan"))
C("mum's reading lamp to warm white and close the linen curtains",
  lset("mum_s_reading_lamp", k=2700), off("linen_curtains"))
C("start the tumble dryer and set a timer for 45 minutes", on("tumble_dryer"), timer(m=45))
C("set a 10 minute timer and turn on the bubble machine", timer(m=10), on("bubble_machine"))
C("turn off the kitchen lights and the retro radio", off("@kitchen/light"), off("retro_radio"))
C("open the picture window and turn the dyson off", on("picture_window"), off("dyson"))
C("granny's rocking chair lamp to 40 percent and the orb off",
  lset("granny_s_rocking_chair_lamp", b=40), off("orb"))
C("mute the sonos beam, also lock the oak door", mute("sonos_beam"), on("oak_door"))
C("unmute the boombox and skip to the next track", unmute("boombox"), nxt("boombox"))
C("go back a song on the retro radio and set its volume to 35", prev("retro_radio"), vol("retro_radio", 35))
C("set the radiator valve to 20 degrees and dim the glowworm to 10 percent",
  heat("radiator_valve", 20), lset("glowworm", b=10))
C("turn the heat up to 22 and close the blind", heat("radiator_valve", 22), off("@playroom/cover"), a="playroom")
C("turn on the marquee and make it red", on("marquee"), lset("marquee", c="red"))
C("switch the whisper fan on and put it at 30 percent", on("whisper_fan"), spd("whisper_fan", 30))
C("kill the pool table pendant and the marquee", off("pool_table_pendant"), off("marquee"))
C("shut the frosted blind, turn on the steam extractor and the towel rail",
  off("frosted_blind"), on("steam_extractor"), on("towel_rail"))
C("string bulbs on and hurricane lantern off", on("string_bulbs"), off("hurricane_lantern"))
C("can you put the living room lights on and close the picture window",
  on("@living_room/light"), off("picture_window"))
C("turn the lights off and pause the toniebox", off("@playroom/light"), pause("toniebox"), a="playroom")
C("fire up the treadmill, then put the boombox on", on("treadmill"), on("boombox"))
C("set a timer for half an hour and switch off the kettle", timer(m=30), off("kettle"))
C("set the canopy lights to cool white and the reading lamp off",
  lset("canopy_lights", k=4000), off("mum_s_reading_lamp"))
C("turn down the volume and skip this song", step("retro_radio", "down"), nxt("retro_radio"), a="kitchen")
C("open the bamboo shade to 60 percent and turn the island pendants on",
  pos("bamboo_shade", 60), on("island_pendants"))
C("lock up the cellar hatch and turn off the fluorescent tube", on("cellar_hatch"), off("fluorescent_tube"))
C("oh the tumble dryer's done, turn it off and also the laundry light",
  off("tumble_dryer"), off("@laundry/light"))
C("turbo fan to 80 percent, and boombox volume to 60", spd("turbo_fan", 80), vol("boombox", 60))
C("set maisie's star projector to blue and turn off the rainbow ceiling panel",
  lset("maisie_s_star_projector", c="blue"), off("rainbow_ceiling_panel"))
C("close the linen curtains, turn off the canopy lights, and set the cooling unit to 19",
  off("linen_curtains"), off("canopy_lights"), heat("cooling_unit", 19))
C("open the carport door and then switch on the fluorescent tube", on("carport_door"), on("fluorescent_tube"))
C("play the big screen and dim the rec room lights to 15 percent",
  play("big_screen"), lset("@rec_room/light", b=15))
C("stop the music and lock the patio slider", pause("sonos_beam"), on("patio_slider"), a="living_room")
C("turn the entry sconce on and the stair runner lights on too", on("entry_sconce"), on("stair_runner_lights"))
C("set the oil filled heater to 23 and turn on the popcorn maker", heat("oil_filled_heater", 23), on("popcorn_maker"))
C("halo to full brightness and the shaving mirror light to daylight",
  lset("halo", b=100), lset("shaving_mirror_light", k=6500))
C("put the palm leaf fan on and turn off the string bulbs", on("palm_leaf_fan"), off("string_bulbs"))
C("start a timer for 20 minutes and another for 5 minutes", timer(m=20), timer(m=5))
C("switch off the bubble machine and the glowworm, then close the dinosaur blind",
  off("bubble_machine"), off("glowworm"), off("dinosaur_blind"))
C("set the volume to 25 and turn the heater to 21", vol("big_screen", 25), heat("oil_filled_heater", 21), a="rec_room")
C("open the frosted blind a quarter of the way and turn the steam extractor off",
  pos("frosted_blind", 25), off("steam_extractor"))
C("i'm off to bed, lock the oak door and turn off the stair runner lights",
  on("oak_door"), off("stair_runner_lights"))
C("turn the dyson up to 60 percent and then mute the sonos beam", spd("dyson", 60), mute("sonos_beam"))
C("warm white on the arc floor lamp please, and the orb at 50 percent",
  lset("arc_floor_lamp", k=2700), lset("orb", b=50))
C("previous track, then volume to 40", prev("toniebox"), vol("toniebox", 40), a="playroom")
C("turn on the kettle and the under shelf glow", on("kettle"), on("under_shelf_glow"))
C("unlock the cellar hatch, open the carport door and turn on the fluorescent tube",
  off("cellar_hatch"), on("carport_door"), on("fluorescent_tube"))
C("make it 20 degrees in here and close the curtains", heat("cooling_unit", 20), off("@main_bedroom/cover"),
  a="main_bedroom")
C("pulse strip to green and the turbo fan on", lset("pulse_strip", c="green"), on("turbo_fan"))
C("turn off the tv and the popcorn maker", off("big_screen"), off("popcorn_maker"), a="rec_room")
C("set the bamboo shade to three quarters and the island pendants to 70 percent",
  pos("bamboo_shade", 75), lset("island_pendants", b=70))
C("resume the retro radio, oh and put the kettle on", play("retro_radio"), on("kettle"))
C("set a timer for one hour, then turn off the oil filled heater", timer(h=1), off("oil_filled_heater"))
C("turn the towel rail on and open the frosted blind", on("towel_rail"), on("frosted_blind"))
C("switch on the steam extractor and dim the halo to 30", on("steam_extractor"), lset("halo", b=30))
C("dim the lights to 5 percent and turn the volume down", lset("@living_room/light", b=5),
  step("sonos_beam", "down"), a="living_room")
C("close the awning and the picture window", off("retractable_awning"), off("picture_window"))
C("turn off granny's rocking chair lamp, the orb and the arc floor lamp",
  off("granny_s_rocking_chair_lamp"), off("orb"), off("arc_floor_lamp"))
C("set the nest to 19.5 and lock the oak door", heat("nest", 19.5), on("oak_door"))
C("glowworm to the lowest brightness and the toniebox on",
  lset("glowworm", b=1), on("toniebox"))
C("skip the track on the boombox and the turbo fan to 100 percent", nxt("boombox"), spd("turbo_fan", 100))
C("could you turn on the lights in the gym and start the treadmill", on("@gym/light"), on("treadmill"))
C("bedroom lights off and the whisper fan to 20 percent", off("@main_bedroom/light"), spd("whisper_fan", 20))
C("play some music and put the lights on", play("retro_radio"), on("@kitchen/light"), a="kitchen")
C("make the marquee yellow and the pool table pendant orange",
  lset("marquee", c="yellow"), lset("pool_table_pendant", c="orange"))
C("turn on the hurricane lantern and unlock the patio slider", on("hurricane_lantern"), off("patio_slider"))
# speaker in a room; many rely on it
C("turn the music up and the lights to 80 percent", step("retro_radio", "up"), lset("@kitchen/light", b=80),
  a="kitchen")
C("lights off, radio off", off("@kitchen/light"), off("retro_radio"), a="kitchen")
C("pause it and set a timer for 12 minutes", pause("retro_radio"), timer(m=12), a="kitchen")
C("close the shade and turn the volume down by 10", off("bamboo_shade"), step("retro_radio", -10), a="kitchen")
C("put the kettle on, turn the radio on and open the shade",
  on("kettle"), on("retro_radio"), on("bamboo_shade"), a="kitchen")
C("mute this and turn the under shelf glow on", mute("retro_radio"), on("under_shelf_glow"), a="kitchen")
C("next song please and then set the volume to 50", nxt("retro_radio"), vol("retro_radio", 50), a="kitchen")
C("unmute and turn the pendants to warm white", unmute("retro_radio"), lset("island_pendants", k=2700),
  a="kitchen")
C("resume the music and open the picture window", play("sonos_beam"), on("picture_window"), a="living_room")
C("set the fan to 35 percent and mute the tv", spd("dyson", 35), mute("sonos_beam"), a="living_room")
C("turn the lights on and close the window", on("@living_room/light"), off("picture_window"), a="living_room")
C("volume up by 15 and the orb to cool white", step("sonos_beam", 15), lset("orb", k=4000), a="living_room")
C("go back one song, then turn off the fan", prev("sonos_beam"), off("dyson"), a="living_room")
C("turn on granny's rocking chair lamp and pause the music",
  on("granny_s_rocking_chair_lamp"), pause("sonos_beam"), a="living_room")
C("lights to half brightness, volume to 20 and close the picture window",
  lset("@living_room/light", b=50), vol("sonos_beam", 20), off("picture_window"), a="living_room")
C("open the awning and put the fan on", on("retractable_awning"), on("palm_leaf_fan"), a="sun_porch")
C("turn the lights on out here and unlock the patio slider", on("@sun_porch/light"), off("patio_slider"),
  a="sun_porch")
C("fan to 25 percent and the awning to 40 percent", spd("palm_leaf_fan", 25), pos("retractable_awning", 40),
  a="sun_porch")
C("lock the patio slider, turn off the lights and close the awning",
  on("patio_slider"), off("@sun_porch/light"), off("retractable_awning"), a="sun_porch")
C("string bulbs to orange and the hurricane lantern to 20 percent",
  lset("string_bulbs", c="orange"), lset("hurricane_lantern", b=20), a="sun_porch")
C("set the heating to 20 and turn the lights off", heat("nest", 20), off("@hallway/light"), a="hallway")
C("lock the door and turn the heat down to 17", on("oak_door"), heat("nest", 17), a="hallway")
C("turn on the stair runner lights and set the thermostat to 21.5",
  on("stair_runner_lights"), heat("nest", 21.5), a="hallway")
C("unlock the oak door and switch on the entry sconce", off("oak_door"), on("entry_sconce"), a="hallway")
C("lights on please and set the temperature to 22", on("@hallway/light"), heat("nest", 22), a="hallway")
C("pause the film and turn the lights up to 60 percent", pause("big_screen"), lset("@rec_room/light", b=60),
  a="rec_room")
C("set the heater to 24, put the popcorn maker on and resume the movie",
  heat("oil_filled_heater", 24), on("popcorn_maker"), play("big_screen"), a="rec_room")
C("mute it and dim the marquee to 10", mute("big_screen"), lset("marquee", b=10), a="rec_room")
C("turn the volume to 70 and the pool table pendant to red", vol("big_screen", 70),
  lset("pool_table_pendant", c="red"), a="rec_room")
C("skip to the next episode and turn the heater off", nxt("big_screen"), off("oil_filled_heater"),
  a="rec_room")
C("lights off and the heat to 18", off("@rec_room/light"), heat("oil_filled_heater", 18), a="rec_room")
C("turn on the light and start the tumble dryer", on("@laundry/light"), on("tumble_dryer"), a="laundry")
C("close the garage door and lock the hatch", off("carport_door"), on("cellar_hatch"), a="laundry")
C("turn the tumble dryer off then set a timer for 15 minutes", off("tumble_dryer"), timer(m=15), a="laundry")
C("open the carport door halfway and turn off the light", pos("carport_door", 50), off("@laundry/light"),
  a="laundry")
C("music on and the fan to 70 percent", play("boombox"), spd("turbo_fan", 70), a="gym")
C("start the treadmill, turn the fan on and crank the volume to 80",
  on("treadmill"), on("turbo_fan"), vol("boombox", 80), a="gym")
C("next track, then louder", nxt("boombox"), step("boombox", "up"), a="gym")
C("turn the light blue and set a timer for 30 seconds", lset("@gym/light", c="blue"), timer(s=30), a="gym")
C("stop the music and switch off the treadmill", pause("boombox"), off("treadmill"), a="gym")
C("fan off, light off", off("turbo_fan"), off("@gym/light"), a="gym")
C("volume down 20 and the fan to 50 percent", step("boombox", -20), spd("turbo_fan", 50), a="gym")
C("play the toniebox and close the blind", play("toniebox"), off("dinosaur_blind"), a="playroom")
C("set the radiator to 21 and turn on the bubble machine", heat("radiator_valve", 21), on("bubble_machine"),
  a="playroom")
C("turn the volume down and switch the star projector on", step("toniebox", "down"),
  on("maisie_s_star_projector"), a="playroom")
C("nap time: lights off, blind down and the music to 15",
  off("@playroom/light"), off("dinosaur_blind"), vol("toniebox", 15), a="playroom")
C("glowworm to pink and skip the song", lset("glowworm", c="pink"), nxt("toniebox"), a="playroom")
C("set the heating to 19 and mute the toniebox", heat("radiator_valve", 19), mute("toniebox"), a="playroom")
C("open the blind three quarters and turn off the rainbow ceiling panel", pos("dinosaur_blind", 75),
  off("rainbow_ceiling_panel"), a="playroom")
C("turn on the fan and close the curtains", on("whisper_fan"), off("linen_curtains"), a="main_bedroom")
C("set the ac to 17 and the fan to 40 percent", heat("cooling_unit", 17), spd("whisper_fan", 40),
  a="main_bedroom")
C("lights to the lowest and open the curtains halfway", lset("@main_bedroom/light", b=1),
  pos("linen_curtains", 50), a="main_bedroom")
C("turn off mum's reading lamp and set a timer for 8 hours",
  off("mum_s_reading_lamp"), timer(h=8), a="main_bedroom")
C("canopy lights to red and the temperature to 20", lset("canopy_lights", c="red"), heat("cooling_unit", 20),
  a="main_bedroom")
C("open the curtains, turn the fan off and put the lights on",
  on("linen_curtains"), off("whisper_fan"), on("@main_bedroom/light"), a="main_bedroom")
C("turn on the extractor and the towel rail", on("steam_extractor"), on("towel_rail"), a="bathroom")
C("lights to daylight and close the blind", lset("@bathroom/light", k=6500), off("frosted_blind"),
  a="bathroom")
C("set a timer for 3 minutes and turn on the fan", timer(m=3), on("steam_extractor"), a="bathroom")
C("fan to full speed and open the frosted blind", spd("steam_extractor", 100), on("frosted_blind"),
  a="bathroom")
C("turn the lights off and then the towel rail", off("@bathroom/light"), off("towel_rail"), a="bathroom")
C("halo to 25 percent, and the shaving mirror light off", lset("halo", b=25), off("shaving_mirror_light"),
  a="bathroom")
# no speaker area; named devices, rooms, connectors
C("turn on the orb as well as the dyson", on("orb"), on("dyson"))
C("switch off the popcorn maker, after that pause the big screen", off("popcorn_maker"), pause("big_screen"))
C("lock the cellar hatch plus the oak door", on("cellar_hatch"), on("oak_door"))
C("open the linen curtains and then turn off the whisper fan, oh and the canopy lights to 70 percent",
  on("linen_curtains"), off("whisper_fan"), lset("canopy_lights", b=70))
C("turn on the bathroom fan and the bathroom lights", on("@bathroom/fan"), on("@bathroom/light"))
C("close the blinds in the playroom and the bathroom", off("@playroom/cover"), off("@bathroom/cover"))
C("turn off the lights in the kitchen and the hallway", off("@kitchen/light"), off("@hallway/light"))
C("switch on the sun porch lights and the palm leaf fan", on("@sun_porch/light"), on("palm_leaf_fan"))
C("set the boombox to 45 and then skip ahead a track", vol("boombox", 45), nxt("boombox"))
C("Turn off Maisie's Star Projector and lock the patio slider",
  off("maisie_s_star_projector"), on("patio_slider"))
C("dim the canopy lights to 10 percent, also close the linen curtains",
  lset("canopy_lights", b=10), off("linen_curtains"))
C("turn the gym fan to 90 percent and the gym light to white", spd("@gym/fan", 90), lset("@gym/light", c="white"))
C("timer for 25 minutes, then the oil filled heater off", timer(m=25), off("oil_filled_heater"))
C("pause the retro radio, pause the boombox", pause("retro_radio"), pause("boombox"))
C("put the toniebox on and turn it down", on("toniebox"), step("toniebox", "down"))
C("raise the dinosaur blind and turn on the glowworm", on("dinosaur_blind"), on("glowworm"))
C("lower the bamboo shade to 30 percent, then kettle on", pos("bamboo_shade", 30), on("kettle"))
C("set the sonos beam volume to 10 and mute the boombox", vol("sonos_beam", 10), mute("boombox"))
C("unlock the oak door, turn on the entry sconce and set the nest to 20",
  off("oak_door"), on("entry_sconce"), heat("nest", 20))
C("the stair runner lights at 15 percent and the entry sconce off please",
  lset("stair_runner_lights", b=15), off("entry_sconce"))
C("turn up the big screen by 10 and the oil filled heater to 22",
  step("big_screen", 10), heat("oil_filled_heater", 22))
C("shut the picture window, the awning and the carport door",
  off("picture_window"), off("retractable_awning"), off("carport_door"))
C("switch off the treadmill, the turbo fan and the pulse strip",
  off("treadmill"), off("turbo_fan"), off("pulse_strip"))
C("turn on halo then set it to 40 percent", on("halo"), lset("halo", b=40))
C("make the string bulbs warm white and switch the palm leaf fan off",
  lset("string_bulbs", k=2700), off("palm_leaf_fan"))
C("previous song on the toniebox and volume up on it", prev("toniebox"), step("toniebox", "up"))
C("turn the rec room heater to 25 and the rec room lights on",
  heat("@rec_room/climate", 25), on("@rec_room/light"))
C("start the bubble machine and play the toniebox, oh and close the dinosaur blind",
  on("bubble_machine"), play("toniebox"), off("dinosaur_blind"))
C("set a timer for 1 hour and 20 minutes and turn off the towel rail", timer(h=1, m=20), off("towel_rail"))
C("unmute the big screen then bump the volume up by 5", unmute("big_screen"), step("big_screen", 5))
C("whisper fan off and cooling unit to 21", off("whisper_fan"), heat("cooling_unit", 21))
C("close the frosted blind and the linen curtains", off("frosted_blind"), off("linen_curtains"))
C("rainbow ceiling panel to green, glowworm to yellow", lset("rainbow_ceiling_panel", c="green"),
  lset("glowworm", c="yellow"))
C("put the under shelf glow on 20 percent and the island pendants on full",
  lset("under_shelf_glow", b=20), lset("island_pendants", b=100))
C("can you turn off the dyson and turn on the arc floor lamp", off("dyson"), on("arc_floor_lamp"))
C("open the awning all the way and turn the hurricane lantern on", on("retractable_awning"),
  on("hurricane_lantern"))
C("set the radiator valve to 18.5 and the cooling unit to 18", heat("radiator_valve", 18.5),
  heat("cooling_unit", 18))
C("turn on the pool table pendant and then the marquee, then put the big screen on",
  on("pool_table_pendant"), on("marquee"), on("big_screen"))
C("retro radio volume 30, then set a 6 minute timer", vol("retro_radio", 30), timer(m=6))
C("kettle off and the bamboo shade up", off("kettle"), on("bamboo_shade"))
C("switch the fluorescent tube off as well as the tumble dryer", off("fluorescent_tube"), off("tumble_dryer"))
C("lock the patio slider and the cellar hatch, and close the carport door",
  on("patio_slider"), on("cellar_hatch"), off("carport_door"))
C("turn on mum's reading lamp and make it warm white", on("mum_s_reading_lamp"),
  lset("mum_s_reading_lamp", k=2700))
C("resume the sonos beam and turn the orb to purple", play("sonos_beam"), lset("orb", c="purple"))
C("the treadmill on and the boombox on please", on("treadmill"), on("boombox"))
C("turn off the glowworm, the bubble machine, plus the toniebox",
  off("glowworm"), off("bubble_machine"), off("toniebox"))
C("the steam extractor to 60 percent then the halo off", spd("steam_extractor", 60), off("halo"))
C("Orb to 100%, Dyson off", lset("orb", b=100), off("dyson"))
C("set the living room fan to 45 percent and open the living room window", spd("@living_room/fan", 45),
  on("@living_room/cover"))
C("set a timer for 90 seconds and then turn the kettle off", timer(s=90), off("kettle"))
C("dim granny's rocking chair lamp to 15% and pause the sonos beam",
  lset("granny_s_rocking_chair_lamp", b=15), pause("sonos_beam"))
C("open the frosted blind, turn on the shaving mirror light and start the towel rail",
  on("frosted_blind"), on("shaving_mirror_light"), on("towel_rail"))
C("turn the palm leaf fan to 10 percent and the string bulbs to 30",
  spd("palm_leaf_fan", 10), lset("string_bulbs", b=30))
C("skip this one on the sonos beam, also turn it up", nxt("sonos_beam"), step("sonos_beam", "up"))
C("marquee off, pool table pendant off, big screen off",
  off("marquee"), off("pool_table_pendant"), off("big_screen"))
C("put the carport door at 20 percent and switch on the fluorescent tube", pos("carport_door", 20),
  on("fluorescent_tube"))
C("unlock the cellar hatch and the patio slider", off("cellar_hatch"), off("patio_slider"))
C("set the nest to 18 then lock the oak door then turn off the stair runner lights",
  heat("nest", 18), on("oak_door"), off("stair_runner_lights"))
C("entry sconce to cool white and the stair runner lights to 50 percent",
  lset("entry_sconce", k=4000), lset("stair_runner_lights", b=50))
C("turn the boombox down by 25 and the turbo fan down to 30 percent",
  step("boombox", -25), spd("turbo_fan", 30))
C("turn on the tumble dryer, and start a two hour timer", on("tumble_dryer"), timer(h=2))
C("the picture window to 40 percent and the dyson on", pos("picture_window", 40), on("dyson"))
C("switch the shaving mirror light on and set it to daylight", on("shaving_mirror_light"),
  lset("shaving_mirror_light", k=6500))
C("go back a track on the big screen and unmute it", prev("big_screen"), unmute("big_screen"))
C("mute the toniebox and turn off maisie's star projector", mute("toniebox"), off("maisie_s_star_projector"))
C("play the boombox, turn on the pulse strip and set it to red",
  play("boombox"), on("pulse_strip"), lset("pulse_strip", c="red"))
C("turn the canopy lights and mum's reading lamp off", off("canopy_lights"), off("mum_s_reading_lamp"))
C("put the whisper fan on 15 percent and the linen curtains halfway",
  spd("whisper_fan", 15), pos("linen_curtains", 50))
C("set the radiator valve to 22, and after that close the dinosaur blind",
  heat("radiator_valve", 22), off("dinosaur_blind"))
C("a timer for 40 minutes please and switch off the island pendants", timer(m=40), off("island_pendants"))
C("turn on the kitchen lights and put the retro radio on", on("@kitchen/light"), on("retro_radio"))
C("open the bamboo shade and the picture window", on("bamboo_shade"), on("picture_window"))
C("set the hallway heating to 21 and the main bedroom heating to 19", heat("@hallway/climate", 21),
  heat("@main_bedroom/climate", 19))
C("Hurricane lantern to orange, string bulbs to pink and the palm leaf fan on",
  lset("hurricane_lantern", c="orange"), lset("string_bulbs", c="pink"), on("palm_leaf_fan"))
# more three-action requests, pronouns, timers and media
C("turn on the arc floor lamp, set it to 35 percent and close the picture window",
  on("arc_floor_lamp"), lset("arc_floor_lamp", b=35), off("picture_window"))
C("lock the oak door, lock the patio slider and lock the cellar hatch",
  on("oak_door"), on("patio_slider"), on("cellar_hatch"))
C("set a timer for 8 minutes, another one for 12 minutes and turn the kettle on",
  timer(m=8), timer(m=12), on("kettle"))
C("pause the big screen, turn the marquee on and after that start the popcorn maker",
  pause("big_screen"), on("marquee"), on("popcorn_maker"))
C("open the linen curtains, open the frosted blind, then open the dinosaur blind",
  on("linen_curtains"), on("frosted_blind"), on("dinosaur_blind"))
C("turn the dyson to 20 percent, the whisper fan to 20 percent and the turbo fan off",
  spd("dyson", 20), spd("whisper_fan", 20), off("turbo_fan"))
C("good morning, open the curtains, lights to daylight and fan off",
  on("linen_curtains"), lset("@main_bedroom/light", k=6500), off("whisper_fan"), a="main_bedroom")
C("movie night: lights to 10 percent, close the window and turn on the sonos beam",
  lset("@living_room/light", b=10), off("picture_window"), on("sonos_beam"), a="living_room")
C("set a timer for 15 minutes, turn off the lights and pause the music",
  timer(m=15), off("@playroom/light"), pause("toniebox"), a="playroom")
C("resume, volume to 55 and the fan to 65 percent",
  play("boombox"), vol("boombox", 55), spd("turbo_fan", 65), a="gym")
C("turn the towel rail on, the fan on and the lights to 70 percent",
  on("towel_rail"), on("steam_extractor"), lset("@bathroom/light", b=70), a="bathroom")
C("shut the garage, lock the hatch and the light off",
  off("carport_door"), on("cellar_hatch"), off("@laundry/light"), a="laundry")
C("heat to 20, door locked, stair lights off",
  heat("nest", 20), on("oak_door"), off("stair_runner_lights"), a="hallway")
C("put the heater on 23, dim the lights to 30 and unmute the tv",
  heat("oil_filled_heater", 23), lset("@rec_room/light", b=30), unmute("big_screen"), a="rec_room")
C("open the shade halfway, kettle on and the radio up a bit",
  pos("bamboo_shade", 50), on("kettle"), step("retro_radio", "up"), a="kitchen")
C("awning in, fan off and the lantern off", off("retractable_awning"), off("palm_leaf_fan"),
  off("hurricane_lantern"), a="sun_porch")
C("turn the glowworm on and make it orange, then set the toniebox to 20",
  on("glowworm"), lset("glowworm", c="orange"), vol("toniebox", 20))
C("switch off the halo and the towel rail, then close the frosted blind",
  off("halo"), off("towel_rail"), off("frosted_blind"))
C("previous song, previous song again, and louder", prev("sonos_beam"), prev("sonos_beam"),
  step("sonos_beam", "up"), a="living_room")
C("start a timer for 5 minutes and another for 30 seconds, oh and turn off the kettle",
  timer(m=5), timer(s=30), off("kettle"))
C("Turn on the canopy lights, then mum's reading lamp, then the whisper fan",
  on("canopy_lights"), on("mum_s_reading_lamp"), on("whisper_fan"))
C("close the carport door, lock the cellar hatch and lock the oak door",
  off("carport_door"), on("cellar_hatch"), on("oak_door"))
C("set the playroom heating to 21, the rec room heating to 22 and the hallway heating to 20",
  heat("@playroom/climate", 21), heat("@rec_room/climate", 22), heat("@hallway/climate", 20))
C("mute the retro radio, mute the sonos beam and mute the toniebox",
  mute("retro_radio"), mute("sonos_beam"), mute("toniebox"))
C("turn the pool table pendant to warm white and the marquee to 45 percent, plus pause the big screen",
  lset("pool_table_pendant", k=2700), lset("marquee", b=45), pause("big_screen"))
C("palm leaf fan to 55 percent, awning to 80 percent and string bulbs on",
  spd("palm_leaf_fan", 55), pos("retractable_awning", 80), on("string_bulbs"))
C("turn on the island pendants, the under shelf glow and the retro radio",
  on("island_pendants"), on("under_shelf_glow"), on("retro_radio"))
C("set the cooling unit to 16, turn the whisper fan to 100 percent and close the linen curtains",
  heat("cooling_unit", 16), spd("whisper_fan", 100), off("linen_curtains"))
C("turn on the rainbow ceiling panel and make it violet, then turn on maisie's star projector",
  on("rainbow_ceiling_panel"), lset("rainbow_ceiling_panel", c="violet"), on("maisie_s_star_projector"))
C("boombox off, treadmill off, and a timer for 10 minutes",
  off("boombox"), off("treadmill"), timer(m=10))
C("unlock the patio slider, open the awning and switch the palm leaf fan on",
  off("patio_slider"), on("retractable_awning"), on("palm_leaf_fan"))
C("turn the sonos beam down by 5 then pause it", step("sonos_beam", -5), pause("sonos_beam"))
C("next on the retro radio, then turn it up by 20", nxt("retro_radio"), step("retro_radio", 20))
C("Set the volume on the toniebox to 30 and play it", vol("toniebox", 30), play("toniebox"))
C("open the dinosaur blind to 60 percent, glowworm off",
  pos("dinosaur_blind", 60), off("glowworm"))
C("turn off the pulse strip, after that mute the boombox", off("pulse_strip"), mute("boombox"))
C("timer for 3 hours and then the towel rail off", timer(h=3), off("towel_rail"))
C("set the oil filled heater to 20 and turn the big screen down", heat("oil_filled_heater", 20),
  step("big_screen", "down"))
C("fluorescent tube on and the carport door open", on("fluorescent_tube"), on("carport_door"))
C("could you set the nest to 23 degrees and turn the entry sconce to 60 percent",
  heat("nest", 23), lset("entry_sconce", b=60))
C("turn the shaving mirror light on and the steam extractor to 30 percent",
  on("shaving_mirror_light"), spd("steam_extractor", 30))
C("set the island pendants to cool white and the bamboo shade to 25 percent",
  lset("island_pendants", k=4000), pos("bamboo_shade", 25))
C("turn off the fan and the light in the gym", off("@gym/fan"), off("@gym/light"))
C("switch the popcorn maker off and resume the film", off("popcorn_maker"), play("big_screen"))
C("turn on the stair runner lights and the entry sconce, also unlock the oak door",
  on("stair_runner_lights"), on("entry_sconce"), off("oak_door"))
C("put the dyson on and close the picture window as well", on("dyson"), off("picture_window"))
C("open the bathroom blind and turn the bathroom fan off", on("@bathroom/cover"), off("@bathroom/fan"))
C("set the boombox volume to 0 and then the pulse strip to 5 percent", vol("boombox", 0),
  lset("pulse_strip", b=5))
C("turn the kitchen lights to 40 percent and then set a 20 minute timer", lset("@kitchen/light", b=40),
  timer(m=20))
C("the bedroom curtains to 30 percent and the bedroom fan on", pos("@main_bedroom/cover", 30),
  on("@main_bedroom/fan"))
C("unmute the sonos beam and put the orb on", unmute("sonos_beam"), on("orb"))
C("close the dinosaur blind and turn the radiator valve to 19", off("dinosaur_blind"), heat("radiator_valve", 19))
C("start the treadmill and set a timer for 25 minutes", on("treadmill"), timer(m=25))
C("bubble machine off and toniebox to 35", off("bubble_machine"), vol("toniebox", 35))
C("turn off the sun porch lights and lock the patio slider", off("@sun_porch/light"), on("patio_slider"))
C("halo to blue and the shaving mirror light to 60 percent", lset("halo", c="blue"),
  lset("shaving_mirror_light", b=60))
C("turn the retro radio off and the under shelf glow off", off("retro_radio"), off("under_shelf_glow"))
# more with a speaker area
C("it's freezing, heat to 23 and turn the stair runner lights on", heat("nest", 23), on("stair_runner_lights"),
  a="hallway")
C("play something and set the volume to 45", play("sonos_beam"), vol("sonos_beam", 45), a="living_room")
C("turn the heater up to 24 and the volume down 10", heat("oil_filled_heater", 24), step("big_screen", -10),
  a="rec_room")
C("lights on the lowest setting and set a timer for 40 seconds", lset("@bathroom/light", b=1), timer(s=40),
  a="bathroom")
C("turn off the lights in here and in the hallway", off("@kitchen/light"), off("@hallway/light"), a="kitchen")
C("pause the music and also the boombox in the gym", pause("retro_radio"), pause("boombox"), a="kitchen")
C("lights on and the blind halfway", on("@playroom/light"), pos("dinosaur_blind", 50), a="playroom")
C("mute, then lights off", mute("big_screen"), off("@rec_room/light"), a="rec_room")
C("set the temp to 18.5 and turn off mum's reading lamp", heat("cooling_unit", 18.5),
  off("mum_s_reading_lamp"), a="main_bedroom")
C("turn on the kettle and the radio", on("kettle"), on("retro_radio"), a="kitchen")
C("open the window a quarter and turn the fan up to 50 percent", pos("picture_window", 25),
  spd("dyson", 50), a="living_room")
C("turn everything up: lights to 100 and the volume to 90", lset("@gym/light", b=100), vol("boombox", 90),
  a="gym")
C("skip this song and turn the lights purple", nxt("toniebox"), lset("@playroom/light", c="purple"),
  a="playroom")
C("set the thermostat to 21 and turn on the entry sconce please", heat("nest", 21), on("entry_sconce"),
  a="hallway")
C("the light off and the dryer on", off("@laundry/light"), on("tumble_dryer"), a="laundry")
C("turn the lights to warm white and resume the music", lset("@living_room/light", k=2700),
  play("sonos_beam"), a="living_room")
C("fan on low, 20 percent, and close the curtains", spd("whisper_fan", 20), off("linen_curtains"),
  a="main_bedroom")
C("the blind up and the fan off", on("frosted_blind"), off("steam_extractor"), a="bathroom")
C("turn the volume up by 30 and the marquee on", step("big_screen", 30), on("marquee"), a="rec_room")
C("string bulbs off and the awning to 10 percent", off("string_bulbs"), pos("retractable_awning", 10),
  a="sun_porch")
C("previous track and pause it", prev("retro_radio"), pause("retro_radio"), a="kitchen")
C("lock the door, then set the heating to 16", on("oak_door"), heat("nest", 16), a="hallway")
C("turn the heating to 20, open the blind and play the toniebox",
  heat("radiator_valve", 20), on("dinosaur_blind"), play("toniebox"), a="playroom")
C("turn on the lights and the fan in here", on("@sun_porch/light"), on("@sun_porch/fan"), a="sun_porch")
C("set the volume to 15, then close the picture window", vol("sonos_beam", 15), off("picture_window"),
  a="living_room")
C("pause and turn off the treadmill", pause("boombox"), off("treadmill"), a="gym")
C("unmute and skip", unmute("toniebox"), nxt("toniebox"), a="playroom")
C("curtains closed and the lights at 20 percent", off("linen_curtains"), lset("@main_bedroom/light", b=20),
  a="main_bedroom")
C("turn off the towel rail and set a timer for 2 minutes", off("towel_rail"), timer(m=2), a="bathroom")
C("open the garage door and unlock the cellar hatch", on("carport_door"), off("cellar_hatch"), a="laundry")
C("lights off in here, oh and lock the patio slider", off("@sun_porch/light"), on("patio_slider"),
  a="sun_porch")
C("heater off, tv off and lights off", off("oil_filled_heater"), off("big_screen"), off("@rec_room/light"),
  a="rec_room")
C("volume to 10 and the lights to the lowest", vol("retro_radio", 10), lset("@kitchen/light", b=1),
  a="kitchen")
# a few more without a speaker area
C("turn on the orb and turn it blue", on("orb"), lset("orb", c="blue"))
C("unlock the oak door as well as the patio slider", off("oak_door"), off("patio_slider"))
C("put the palm leaf fan on full and the dyson on 30 percent", spd("palm_leaf_fan", 100), spd("dyson", 30))
C("start a timer for 45 seconds, then switch the kettle off", timer(s=45), off("kettle"))
C("set the whisper fan to 75 percent, oh and turn off the canopy lights", spd("whisper_fan", 75),
  off("canopy_lights"))
C("toniebox volume to 25 plus the glowworm to warm white", vol("toniebox", 25), lset("glowworm", k=2700))
C("turn the entry sconce on, the oak door locked and the nest to 19",
  on("entry_sconce"), on("oak_door"), heat("nest", 19))
C("open the linen curtains three quarters and set the cooling unit to 22", pos("linen_curtains", 75),
  heat("cooling_unit", 22))
C("switch on the tumble dryer, turn off the fluorescent tube, then lock the cellar hatch",
  on("tumble_dryer"), off("fluorescent_tube"), on("cellar_hatch"))
C("close the playroom blind and turn the playroom lights off", off("@playroom/cover"), off("@playroom/light"))
C("make granny's rocking chair lamp warm white and then turn up the sonos beam",
  lset("granny_s_rocking_chair_lamp", k=2700), step("sonos_beam", "up"))
# CASES_END


# --- expansion and validation --------------------------------------------------------------------------------


def main() -> int:
    errors: list[str] = []
    home = json.loads(HOME.read_text(encoding="utf-8"))
    tools = set(json.loads(LABELS.read_text(encoding="utf-8"))["intents"]) - {"none"}

    floor_ids = [f["id"] for f in home["floors"]]
    area_ids = [a["id"] for a in home["areas"]]
    ent_ids = [e["id"] for e in home["entities"]]
    for kind, ids in (("floor", floor_ids), ("area", area_ids), ("entity", ent_ids)):
        for dup in sorted(i for i, n in Counter(ids).items() if n > 1):
            errors.append(f"home: duplicate {kind} id {dup}")
    names = [e["name"].lower() for e in home["entities"]]
    for dup in sorted(i for i, n in Counter(names).items() if n > 1):
        errors.append(f"home: duplicate entity name {dup}")
    for a in home["areas"]:
        if a.get("floor") not in floor_ids:
            errors.append(f"home: area {a['id']} on unknown floor {a.get('floor')}")
    area_names = {a["id"]: a["name"].lower() for a in home["areas"]}
    for e in home["entities"]:
        if e.get("area") not in area_ids:
            errors.append(f"home: entity {e['id']} in unknown area {e.get('area')}")
        for aname in area_names.values():
            if aname in e["name"].lower():
                errors.append(f"home: entity name {e['name']!r} contains the room name {aname!r}")
    by_object = {e["id"].split(".", 1)[1]: e["id"] for e in home["entities"]}
    if len(by_object) != len(ent_ids):
        errors.append("home: object ids are not unique across domains")
    ent_area = {e["id"]: e["area"] for e in home["entities"]}

    def expand(target: str, where: str) -> list[str]:
        if target.startswith("@"):
            area, _, domain = target[1:].partition("/")
            found = sorted(i for i, a in ent_area.items() if a == area and i.split(".")[0] == domain)
            if not found:
                errors.append(f"{where}: {target} matches no entity")
            return found
        if target not in by_object:
            errors.append(f"{where}: unknown entity {target}")
            return []
        return [by_object[target]]

    lines: list[dict] = []
    seen_sentences: set[str] = set()
    for number, (sentence, area, calls) in enumerate(CASES, start=1):
        case_id = f"blind5-multi-{number:05d}"
        where = f"{case_id} ({sentence!r})"
        key = " ".join(sentence.lower().split())
        if key in seen_sentences:
            errors.append(f"{where}: duplicate sentence")
        seen_sentences.add(key)
        if area is not None and area not in area_ids:
            errors.append(f"{where}: unknown speaker area {area}")
        if not 2 <= len(calls) <= 3:
            errors.append(f"{where}: {len(calls)} calls")
        out_calls = []
        for call in calls:
            tool = call["tool"]
            if tool not in tools:
                errors.append(f"{where}: unknown tool {tool}")
            for arg in call["args"]:
                if arg not in KEY_ARGS:
                    errors.append(f"{where}: non-key arg {arg}")
            if tool == "HassStartTimer":
                entities: list[str] = []
                if call["target"] is not None:
                    errors.append(f"{where}: a timer has a target")
                if not call["args"]:
                    errors.append(f"{where}: a timer without a duration")
            else:
                entities = expand(call["target"], where) if call["target"] else []
                if not entities:
                    errors.append(f"{where}: {tool} without entities")
                allowed = TOOL_DOMAINS.get(tool, set())
                for ent in entities:
                    if ent.split(".")[0] not in allowed:
                        errors.append(f"{where}: {ent} does not fit {tool}")
            out_calls.append({"tool": tool, "args": call["args"], "entities": entities})
        line: dict = {"id": case_id, "sentence": sentence, "language": "en"}
        if area is not None:
            line["area"] = area
        line["expect"] = {"intent": out_calls[0]["tool"] if out_calls else "none", "calls": out_calls}
        lines.append(line)

    # round trip: every line must be valid JSON and ids unique
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    ids = [json.loads(row)["id"] for row in text.splitlines()]
    if len(set(ids)) != len(ids):
        errors.append("duplicate case ids")
    for row in text.splitlines():
        parsed = json.loads(row)
        if parsed["expect"]["intent"] != parsed["expect"]["calls"][0]["tool"]:
            errors.append(f"{parsed['id']}: intent is not the first call's tool")

    for err in errors:
        print("ERROR", err)
    if errors:
        print(f"{len(errors)} errors; nothing written")
        return 1
    OUT.write_text(text, encoding="utf-8")

    per_tool = Counter(c["tool"] for line in lines for c in line["expect"]["calls"])
    per_n = Counter(len(line["expect"]["calls"]) for line in lines)
    with_area = sum(1 for line in lines if "area" in line)
    print(f"home_c.json: {len(floor_ids)} floors, {len(area_ids)} areas, {len(ent_ids)} entities")
    print(f"wrote {len(lines)} cases to {OUT.relative_to(ROOT)}")
    print("calls per case:", dict(sorted(per_n.items())))
    print("with a speaker area:", with_area)
    print("calls per tool:")
    for tool, n in per_tool.most_common():
        print(f"  {tool:28s} {n}")
    print("0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
