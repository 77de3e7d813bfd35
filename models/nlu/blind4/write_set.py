"""Write models/nlu/eval/blind_multi_4.jsonl: a hand-written blind multi-action set on home_b.json.

Every sentence below was written by hand, next to the calls it should give. Run:

    python3 models/nlu/blind4/write_set.py

Call mini-language (one string per case, calls separated by " | "): TOOL TARGET [key=value ...]
  TOOL: on off light pos fan temp vol step pause resume next prev mute unmute timer
  TARGET: an entity's object id ("bankers_lamp"; unique in home_b.json), "area:domain" (every entity of that
  domain in that area, one call), "@domain" (every entity of that domain in the speaker's area), or nothing
  for timers.
  keys: b=brightness color=... k=colour temperature (kelvin) t=climate temperature pos=position vol=volume_level
  step=volume_step pct=percentage h= m= s= (timer hours, minutes, seconds)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME = ROOT / "models/nlu/eval/home_b.json"
LABELS = ROOT / "models/nlu/labels.json"
OUT = ROOT / "models/nlu/eval/blind_multi_4.jsonl"

TOOLS = {
    "on": "HassTurnOn",
    "off": "HassTurnOff",
    "light": "HassLightSet",
    "pos": "HassSetPosition",
    "fan": "HassFanSetSpeed",
    "temp": "HassClimateSetTemperature",
    "vol": "HassSetVolume",
    "step": "HassSetVolumeRelative",
    "pause": "HassMediaPause",
    "resume": "HassMediaUnpause",
    "next": "HassMediaNext",
    "prev": "HassMediaPrevious",
    "mute": "HassMediaPlayerMute",
    "unmute": "HassMediaPlayerUnmute",
    "timer": "HassStartTimer",
}
KEYS = {
    "b": "brightness",
    "color": "color",
    "k": "temperature",
    "t": "temperature",
    "pos": "position",
    "vol": "volume_level",
    "step": "volume_step",
    "pct": "percentage",
    "h": "hours",
    "m": "minutes",
    "s": "seconds",
}
KEY_ARGS = {
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
}
DOMAIN_OF_TOOL = {
    "HassLightSet": {"light"},
    "HassClimateSetTemperature": {"climate"},
    "HassSetPosition": {"cover"},
    "HassFanSetSpeed": {"fan"},
    "HassSetVolume": {"media_player"},
    "HassSetVolumeRelative": {"media_player"},
    "HassMediaPause": {"media_player"},
    "HassMediaUnpause": {"media_player"},
    "HassMediaNext": {"media_player"},
    "HassMediaPrevious": {"media_player"},
    "HassMediaPlayerMute": {"media_player"},
    "HassMediaPlayerUnmute": {"media_player"},
    "HassTurnOn": {"light", "switch", "fan", "cover", "lock", "media_player", "climate"},
    "HassTurnOff": {"light", "switch", "fan", "cover", "lock", "media_player", "climate"},
}
TIMER_TOOLS = {"HassStartTimer", "HassCancelAllTimers", "HassCancelTimer", "HassTimerStatus"}

# (sentence, speaker area or None, calls)
S = None
CASES: list[tuple[str, str | None, str]] = [
    # --- named devices, two actions, no speaker area ---
    ("turn off the banker's lamp and the paper lantern", S, "off bankers_lamp | off paper_lantern"),
    ("switch on the box fan and set it to 40 percent", S, "on box_fan | fan box_fan pct=40"),
    ("lock the front door and turn off the ceiling dome", S, "on front_door | off ceiling_dome"),
    ("close the roller door then lock the stable door", S, "off roller_door | on stable_door"),
    ("pause the soundbar and turn the fairy lights on", S, "pause soundbar | on fairy_lights"),
    ("could you open the skylight and turn off the panel heater", S, "on skylight | off panel_heater"),
    (
        "set the heat pump to 21 and dim the banker's lamp to 30 percent",
        S,
        "temp heat_pump t=21 | light bankers_lamp b=30",
    ),
    ("bread maker on, extractor fan on", S, "on bread_maker | on extractor_fan"),
    ("turn the neon sign red and the piano lamp off", S, "light neon_sign color=red | off piano_lamp"),
    ("skip this song on the stereo and turn it up a bit", S, "next stereo | step stereo step=up"),
    ("unlock the side gate, then turn on the festoon lights", S, "off side_gate | on festoon_lights"),
    ("turn off the soldering station and the bench spotlight", S, "off soldering_station | off bench_spotlight"),
    (
        "electric blanket on and the bedside lamp to 20 percent please",
        S,
        "on electric_blanket | light bedside_lamp b=20",
    ),
    ("start a timer for 12 minutes and switch on the bread maker", S, "timer m=12 | on bread_maker"),
    ("mute the projector and put the ring light on", S, "mute projector | on ring_light"),
    ("close the velvet drapes and turn on the piano lamp", S, "off velvet_drapes | on piano_lamp"),
    ("open the roman blind halfway and switch off the reading lamp", S, "pos roman_blind pos=50 | off reading_lamp"),
    ("turn on the aquarium and the picture light", S, "on aquarium | on picture_light"),
    ("set the air con to 19 and close the pleated blind", S, "temp air_con t=19 | off pleated_blind"),
    ("turn the cloud lamp on and set it to blue", S, "on cloud_lamp | light cloud_lamp color=blue"),
    (
        "lullaby speaker volume to 15 and the night light to 10 percent",
        S,
        "vol lullaby_speaker vol=15 | light night_light b=10",
    ),
    ("pull down the blackout shade and turn off the cloud lamp", S, "off blackout_shade | off cloud_lamp"),
    ("tower fan to 25 percent and the night light on", S, "fan tower_fan pct=25 | on night_light"),
    ("hey turn off the transistor radio and the pendant trio", S, "off transistor_radio | off pendant_trio"),
    (
        "put the under cabinet strip on full and start the extractor fan",
        S,
        "light under_cabinet_strip b=100 | on extractor_fan",
    ),
    ("paddle fan off and wicker pendant on", S, "off paddle_fan | on wicker_pendant"),
    (
        "the wicker pendant to warm white and the festoon lights to 60 percent",
        S,
        "light wicker_pendant k=2700 | light festoon_lights b=60",
    ),
    ("resume the stereo and open the velvet drapes", S, "resume stereo | on velvet_drapes"),
    ("go back one track on the soundbar and turn it up by 10", S, "prev soundbar | step soundbar step=10"),
    ("turn on the dehumidifier, and lock the front door", S, "on dehumidifier | on front_door"),
    ("set the storage heater to 18 degrees and turn off the aquarium", S, "temp storage_heater t=18 | off aquarium"),
    ("switch on the magnifier lamp and make it daylight", S, "on magnifier_lamp | light magnifier_lamp k=6500"),
    ("open the roller door and unlock the stable door", S, "on roller_door | off stable_door"),
    ("architect lamp on and box fan off", S, "on architect_lamp | off box_fan"),
    ("turn off the christmas tree and the fairy lights", S, "off christmas_tree | off fairy_lights"),
    ("dim the paper lantern to 15 and pause the soundbar", S, "light paper_lantern b=15 | pause soundbar"),
    (
        "set the pedestal fan to 70 percent then close the velvet drapes",
        S,
        "fan pedestal_fan pct=70 | off velvet_drapes",
    ),
    ("turn the panel heater up to 22 and close the skylight", S, "temp panel_heater t=22 | off skylight"),
    ("next track on the transistor radio and turn the pendant trio on", S, "next transistor_radio | on pendant_trio"),
    ("lower the bay window to a quarter and turn on the heat pump", S, "pos bay_window pos=25 | on heat_pump"),
    ("unmute the soundbar and set its volume to 35", S, "unmute soundbar | vol soundbar vol=35"),
    (
        "make the vanity light cool white and turn the bedside lamp off",
        S,
        "light vanity_light k=4000 | off bedside_lamp",
    ),
    ("stop the stereo and turn off the neon sign", S, "pause stereo | off neon_sign"),
    ("ring light to 80 percent, architect lamp off", S, "light ring_light b=80 | off architect_lamp"),
    ("please lock the side gate and the stable door", S, "on side_gate | on stable_door"),
    ("open the pleated blind and turn off the electric blanket", S, "on pleated_blind | off electric_blanket"),
    ("switch off the extractor fan and the bread maker", S, "off extractor_fan | off bread_maker"),
    ("set a timer for 25 minutes and turn on the soldering station", S, "timer m=25 | on soldering_station"),
    ("turn on the reading lamp and set it to 45 percent", S, "on reading_lamp | light reading_lamp b=45"),
    (
        "the picture light purple and the reading lamp warm white",
        S,
        "light picture_light color=purple | light reading_lamp k=2700",
    ),
    ("turn the soundbar down and dim the fairy lights to 20", S, "step soundbar step=down | light fairy_lights b=20"),
    ("open the skylight three quarters and set the box fan to 60", S, "pos skylight pos=75 | fan box_fan pct=60"),
    ("turn off the projector then turn on the architect lamp", S, "off projector | on architect_lamp"),
    ("close the bay window and turn off the banker's lamp", S, "off bay_window | off bankers_lamp"),
    ("turn on the paddle fan and put it on 30 percent", S, "on paddle_fan | fan paddle_fan pct=30"),
    ("switch off the tower fan and the lullaby speaker", S, "off tower_fan | off lullaby_speaker"),
    ("previous song on the stereo, and turn the neon sign on", S, "prev stereo | on neon_sign"),
    ("set the heat pump to 23 and turn on the christmas tree", S, "temp heat_pump t=23 | on christmas_tree"),
    ("turn the ceiling dome on and unlock the front door", S, "on ceiling_dome | off front_door"),
    ("festoon lights off and lock the side gate", S, "off festoon_lights | on side_gate"),
    # --- room + kind, mixed with named devices, no speaker area ---
    ("turn off the snug lights and the soundbar", S, "off snug:light | off soundbar"),
    ("switch on the library lights and then close the roman blind", S, "on library:light | off roman_blind"),
    ("dim the nursery lights to 10 percent and turn on the tower fan", S, "light nursery:light b=10 | on tower_fan"),
    ("close the nursery shade then play the lullaby speaker", S, "off nursery:cover | resume lullaby_speaker"),
    ("music room lights on, and pause the stereo", S, "on music_room:light | pause stereo"),
    ("turn the workshop lights on and open the roller door", S, "on workshop:light | on roller_door"),
    (
        "set the attic office lights to 70 percent then start the box fan",
        S,
        "light attic_office:light b=70 | on box_fan",
    ),
    ("turn off the scullery lights and the transistor radio", S, "off scullery:light | off transistor_radio"),
    (
        "the garden room lights to warm white and the paddle fan to 20 percent",
        S,
        "light garden_room:light k=2700 | fan paddle_fan pct=20",
    ),
    ("turn on the guest suite lights and set the air con to 20", S, "on guest_suite:light | temp air_con t=20"),
    ("close the library blind, turn the storage heater to 19", S, "off library:cover | temp storage_heater t=19"),
    ("open the snug window and turn off the heat pump", S, "on snug:cover | off heat_pump"),
    ("switch off the attic office lights as well as the projector", S, "off attic_office:light | off projector"),
    ("turn the boot room light on and lock the front door", S, "on boot_room:light | on front_door"),
    (
        "set the music room fan to 45 and close the music room curtains",
        S,
        "fan music_room:fan pct=45 | off music_room:cover",
    ),
    ("turn on the scullery fan then dim the scullery lights to 50", S, "on scullery:fan | light scullery:light b=50"),
    (
        "make the snug lights orange and turn the soundbar up",
        S,
        "light snug:light color=orange | step soundbar step=up",
    ),
    (
        "turn off the guest suite lights and then close the guest suite blind",
        S,
        "off guest_suite:light | off guest_suite:cover",
    ),
    (
        "open the attic office window halfway and turn the attic office fan off",
        S,
        "pos attic_office:cover pos=50 | off attic_office:fan",
    ),
    (
        "the workshop lights to full brightness and unlock the stable door",
        S,
        "light workshop:light b=100 | off stable_door",
    ),
    ("turn on the lights in the library and the aquarium", S, "on library:light | on aquarium"),
    ("turn off the lights in the music room and the pedestal fan", S, "off music_room:light | off pedestal_fan"),
    ("switch on the garden room fan and the garden room lights", S, "on garden_room:fan | on garden_room:light"),
    ("nursery lights off and the nursery fan on low, like 15 percent", S, "off nursery:light | fan nursery:fan pct=15"),
    ("turn off the snug lights and the library lights", S, "off snug:light | off library:light"),
    ("turn on the scullery and workshop lights", S, "on scullery:light | on workshop:light"),
    (
        "dim the guest suite lights to 25 percent, and open the pleated blind a quarter",
        S,
        "light guest_suite:light b=25 | pos pleated_blind pos=25",
    ),
    (
        "turn the attic office lights cool white and the panel heater to 21",
        S,
        "light attic_office:light k=4000 | temp panel_heater t=21",
    ),
    ("close the workshop garage door and turn off the workshop lights", S, "off workshop:cover | off workshop:light"),
    ("library lights to 35 percent and mute the projector", S, "light library:light b=35 | mute projector"),
    # --- timers mixed in, no speaker area ---
    ("set a timer for 40 minutes and turn off the bread maker", S, "timer m=40 | off bread_maker"),
    ("turn on the bread maker and set a timer for 3 hours", S, "on bread_maker | timer h=3"),
    ("start a 5 minute timer and turn on the under cabinet strip", S, "timer m=5 | on under_cabinet_strip"),
    ("timer for 90 seconds, oh and switch off the extractor fan", S, "timer s=90 | off extractor_fan"),
    ("pause the projector and set a timer for 10 minutes", S, "pause projector | timer m=10"),
    ("set a timer for half an hour then turn on the electric blanket", S, "timer m=30 | on electric_blanket"),
    ("turn off the soldering station and set a timer for 15 minutes", S, "off soldering_station | timer m=15"),
    ("a timer for 1 hour and 20 minutes and then turn off the aquarium", S, "timer h=1 m=20 | off aquarium"),
    ("set a timer for 8 minutes and another one for 20 minutes", S, "timer m=8 | timer m=20"),
    ("start a 45 second timer and dim the pendant trio to 40", S, "timer s=45 | light pendant_trio b=40"),
    ("lock the front door and set a timer for 2 minutes", S, "on front_door | timer m=2"),
    ("timer for 6 minutes plus turn the stereo down", S, "timer m=6 | step stereo step=down"),
    # --- three actions, no speaker area ---
    (
        "turn off the banker's lamp, the paper lantern and the fairy lights",
        S,
        "off bankers_lamp | off paper_lantern | off fairy_lights",
    ),
    (
        "lock the front door, lock the side gate and turn off the ceiling dome",
        S,
        "on front_door | on side_gate | off ceiling_dome",
    ),
    (
        "close the skylight, turn off the box fan and set the panel heater to 20",
        S,
        "off skylight | off box_fan | temp panel_heater t=20",
    ),
    (
        "pause the soundbar, turn the heat pump to 22, and dim the paper lantern to 25",
        S,
        "pause soundbar | temp heat_pump t=22 | light paper_lantern b=25",
    ),
    (
        "switch on the bread maker, the extractor fan and the transistor radio",
        S,
        "on bread_maker | on extractor_fan | on transistor_radio",
    ),
    (
        "open the roller door, unlock the stable door and turn on the bench spotlight",
        S,
        "on roller_door | off stable_door | on bench_spotlight",
    ),
    (
        "turn the night light on, set it to 5 percent and close the blackout shade",
        S,
        "on night_light | light night_light b=5 | off blackout_shade",
    ),
    ("stereo off, piano lamp off, neon sign off", S, "off stereo | off piano_lamp | off neon_sign"),
    (
        "set a timer for 20 minutes, turn on the extractor fan and the pendant trio",
        S,
        "timer m=20 | on extractor_fan | on pendant_trio",
    ),
    (
        "turn on the electric blanket and the bedside lamp and then close the pleated blind",
        S,
        "on electric_blanket | on bedside_lamp | off pleated_blind",
    ),
    (
        "make the neon sign pink, the piano lamp warm white and turn the stereo up",
        S,
        "light neon_sign color=pink | light piano_lamp k=2700 | step stereo step=up",
    ),
    (
        "open the velvet drapes, turn off the piano lamp, and set the pedestal fan to 55",
        S,
        "on velvet_drapes | off piano_lamp | fan pedestal_fan pct=55",
    ),
    (
        "next track on the projector, volume to 40, and the ring light off",
        S,
        "next projector | vol projector vol=40 | off ring_light",
    ),
    (
        "turn off the aquarium, the reading lamp and the picture light",
        S,
        "off aquarium | off reading_lamp | off picture_light",
    ),
    (
        "close the roman blind, set the storage heater to 20 and put the reading lamp on",
        S,
        "off roman_blind | temp storage_heater t=20 | on reading_lamp",
    ),
    (
        "turn on the festoon lights and the wicker pendant, then unlock the side gate",
        S,
        "on festoon_lights | on wicker_pendant | off side_gate",
    ),
    (
        "set the air con to 18, switch off the electric blanket and open the pleated blind",
        S,
        "temp air_con t=18 | off electric_blanket | on pleated_blind",
    ),
    (
        "mute the stereo, pause the soundbar and turn off the transistor radio",
        S,
        "mute stereo | pause soundbar | off transistor_radio",
    ),
    (
        "turn the tower fan off, the night light on, and the lullaby speaker to 10",
        S,
        "off tower_fan | on night_light | vol lullaby_speaker vol=10",
    ),
    (
        "close the roller door, lock the stable door and switch off the soldering station",
        S,
        "off roller_door | on stable_door | off soldering_station",
    ),
    (
        "dehumidifier off, ceiling dome off, and lock the front door",
        S,
        "off dehumidifier | off ceiling_dome | on front_door",
    ),
    (
        "set a 10 minute timer, a 25 minute timer and turn on the bread maker",
        S,
        "timer m=10 | timer m=25 | on bread_maker",
    ),
    (
        "turn off the snug lights, close the bay window and switch off the soundbar",
        S,
        "off snug:light | off bay_window | off soundbar",
    ),
    # --- speaker in the snug ---
    ("turn off the lights and pause the music", "snug", "off @light | pause @media_player"),
    ("lights to 40 percent and turn the heat up to 22", "snug", "light @light b=40 | temp @climate t=22"),
    ("pause this and turn on the lights", "snug", "pause @media_player | on @light"),
    ("close the window then set the heating to 21 degrees", "snug", "off @cover | temp @climate t=21"),
    (
        "turn the volume down and dim the lights to 20 percent",
        "snug",
        "step @media_player step=down | light @light b=20",
    ),
    ("next song and turn it up by 15", "snug", "next @media_player | step @media_player step=15"),
    ("mute the sound and turn on the fairy lights", "snug", "mute @media_player | on fairy_lights"),
    ("switch on the christmas tree and make the lights warm white", "snug", "on christmas_tree | light @light k=2700"),
    ("set the temperature to 20 and close the window halfway", "snug", "temp @climate t=20 | pos @cover pos=50"),
    ("turn the banker's lamp off and the music back on", "snug", "off bankers_lamp | resume @media_player"),
    ("volume to 25 and lights off", "snug", "vol @media_player vol=25 | off @light"),
    ("play the previous song, then turn the volume up", "snug", "prev @media_player | step @media_player step=up"),
    ("unmute and turn the lights up to 80 percent", "snug", "unmute @media_player | light @light b=80"),
    (
        "open the window, turn off the heat pump and turn on the paper lantern",
        "snug",
        "on @cover | off heat_pump | on paper_lantern",
    ),
    (
        "lights red, volume 50, and set a timer for 30 minutes",
        "snug",
        "light @light color=red | vol @media_player vol=50 | timer m=30",
    ),
    # --- speaker in the attic office ---
    ("turn on the fan and open the window", "attic_office", "on @fan | on @cover"),
    ("fan to 35 percent and the heater off", "attic_office", "fan @fan pct=35 | off @climate"),
    ("turn the lights on and set them to daylight", "attic_office", "on @light | light @light k=6500"),
    ("pause the projector and turn on the lights", "attic_office", "pause projector | on @light"),
    ("close the skylight and set the temperature to 19", "attic_office", "off skylight | temp @climate t=19"),
    (
        "turn the ring light off and the architect lamp to 60 percent",
        "attic_office",
        "off ring_light | light architect_lamp b=60",
    ),
    ("mute the projector and dim the lights to 30", "attic_office", "mute @media_player | light @light b=30"),
    ("set the heating to 22 then turn off the fan", "attic_office", "temp @climate t=22 | off @fan"),
    ("resume playback and turn the volume to 45", "attic_office", "resume @media_player | vol @media_player vol=45"),
    ("open the window a quarter, fan on", "attic_office", "pos @cover pos=25 | on @fan"),
    (
        "turn off the lights and the projector and close the skylight",
        "attic_office",
        "off @light | off projector | off skylight",
    ),
    (
        "set a timer for 50 minutes and turn the box fan to 20 percent",
        "attic_office",
        "timer m=50 | fan box_fan pct=20",
    ),
    ("skip this one and bring the lights down to 15 percent", "attic_office", "next @media_player | light @light b=15"),
    (
        "fan off, heater to 23, lights to warm white",
        "attic_office",
        "off @fan | temp @climate t=23 | light @light k=2700",
    ),
    # --- speaker in the nursery ---
    ("turn off the lights and close the shade", "nursery", "off @light | off @cover"),
    ("dim the lights to 5 percent and resume the music", "nursery", "light @light b=5 | resume @media_player"),
    ("turn on the fan and set it to 20 percent", "nursery", "on @fan | fan @fan pct=20"),
    ("volume down and turn off the cloud lamp", "nursery", "step @media_player step=down | off cloud_lamp"),
    ("night light on but the cloud lamp off", "nursery", "on night_light | off cloud_lamp"),
    ("pause the music and open the blackout shade", "nursery", "pause @media_player | on blackout_shade"),
    (
        "set the night light to minimum and the volume to 10",
        "nursery",
        "light night_light b=1 | vol @media_player vol=10",
    ),
    ("make the cloud lamp purple and turn off the fan", "nursery", "light cloud_lamp color=purple | off @fan"),
    ("close the shade, turn off the fan and the lights", "nursery", "off @cover | off @fan | off @light"),
    (
        "start a timer for 20 minutes and turn the volume down by 5",
        "nursery",
        "timer m=20 | step @media_player step=-5",
    ),
    ("mute the speaker and turn the lights on", "nursery", "mute @media_player | on @light"),
    ("open the shade halfway and turn on the tower fan", "nursery", "pos @cover pos=50 | on tower_fan"),
    # --- speaker in the library ---
    ("turn on the lights and close the blind", "library", "on @light | off @cover"),
    ("set the heating to 20 and turn on the reading lamp", "library", "temp @climate t=20 | on reading_lamp"),
    ("open the blind and turn off the lights", "library", "on @cover | off @light"),
    ("lights to 55 percent and the aquarium on", "library", "light @light b=55 | on aquarium"),
    ("turn off the heater and open the blind three quarters", "library", "off @climate | pos @cover pos=75"),
    (
        "reading lamp to warm white and the picture light off",
        "library",
        "light reading_lamp k=2700 | off picture_light",
    ),
    ("turn the lights off, the heater off and close the blind", "library", "off @light | off @climate | off @cover"),
    ("make it 21 degrees in here and dim the lights to 40", "library", "temp @climate t=21 | light @light b=40"),
    ("set a timer for an hour and close the blind", "library", "timer h=1 | off @cover"),
    # --- speaker in the guest suite ---
    ("turn off the lights and set the air con to 18", "guest_suite", "off @light | temp @climate t=18"),
    ("close the blind and turn on the electric blanket", "guest_suite", "off @cover | on electric_blanket"),
    (
        "bedside lamp on at 10 percent and the vanity light off",
        "guest_suite",
        "light bedside_lamp b=10 | off vanity_light",
    ),
    ("turn the air con off and open the blind", "guest_suite", "off @climate | on @cover"),
    ("lights to cool white and the blind halfway", "guest_suite", "light @light k=4000 | pos @cover pos=50"),
    ("switch off the blanket and the lights", "guest_suite", "off electric_blanket | off @light"),
    (
        "make it 20 degrees in here, close the blind and dim the lights to 25",
        "guest_suite",
        "temp @climate t=20 | off @cover | light @light b=25",
    ),
    (
        "turn on the vanity light and then set it to 90 percent",
        "guest_suite",
        "on vanity_light | light vanity_light b=90",
    ),
    # --- speaker in the music room ---
    ("pause the music and turn the lights on", "music_room", "pause @media_player | on @light"),
    ("turn the volume up and close the curtains", "music_room", "step @media_player step=up | off @cover"),
    ("next track and the fan to 40 percent", "music_room", "next @media_player | fan @fan pct=40"),
    ("open the curtains, turn off the fan", "music_room", "on @cover | off @fan"),
    (
        "set the volume to 60 and turn the neon sign blue",
        "music_room",
        "vol @media_player vol=60 | light neon_sign color=blue",
    ),
    (
        "go back a song then turn the volume down by 10",
        "music_room",
        "prev @media_player | step @media_player step=-10",
    ),
    ("turn off the lights and the fan", "music_room", "off @light | off @fan"),
    ("unmute and skip to the next track", "music_room", "unmute @media_player | next @media_player"),
    (
        "dim the lights to 35 percent, draw the curtains and start the music",
        "music_room",
        "light @light b=35 | off @cover | resume @media_player",
    ),
    ("piano lamp on and the pedestal fan on 25 percent", "music_room", "on piano_lamp | fan pedestal_fan pct=25"),
    ("mute, and turn the lights off", "music_room", "mute @media_player | off @light"),
    # --- speaker in the scullery ---
    ("turn on the lights and the extractor fan", "scullery", "on @light | on extractor_fan"),
    ("fan to full and start a timer for 18 minutes", "scullery", "fan @fan pct=100 | timer m=18"),
    ("turn the radio off and the lights to 50 percent", "scullery", "off transistor_radio | light @light b=50"),
    ("switch on the bread maker and set a timer for 2 hours", "scullery", "on bread_maker | timer h=2"),
    ("pause the radio and turn off the fan", "scullery", "pause transistor_radio | off @fan"),
    ("lights off, fan off", "scullery", "off @light | off @fan"),
    (
        "turn the volume up and the under cabinet strip on",
        "scullery",
        "step @media_player step=up | on under_cabinet_strip",
    ),
    (
        "set a timer for 7 minutes, then another for 12 minutes, and turn on the fan",
        "scullery",
        "timer m=7 | timer m=12 | on @fan",
    ),
    ("next station and volume to 30", "scullery", "next @media_player | vol @media_player vol=30"),
    ("dim the lights to 20 and switch off the bread maker", "scullery", "light @light b=20 | off bread_maker"),
    # --- speaker in the garden room ---
    ("turn on the lights and the fan", "garden_room", "on @light | on @fan"),
    ("lock the side gate and turn off the lights", "garden_room", "on side_gate | off @light"),
    ("fan to 50 percent and the lights to warm white", "garden_room", "fan @fan pct=50 | light @light k=2700"),
    ("turn off the festoon lights and the fan", "garden_room", "off festoon_lights | off @fan"),
    (
        "wicker pendant green and festoon lights at 30 percent",
        "garden_room",
        "light wicker_pendant color=green | light festoon_lights b=30",
    ),
    ("unlock the gate and turn the lights on", "garden_room", "off side_gate | on @light"),
    ("turn the fan off, lights off and lock the gate", "garden_room", "off @fan | off @light | on side_gate"),
    # --- speaker in the workshop ---
    ("turn on the lights and open the garage door", "workshop", "on @light | on @cover"),
    ("close the garage and lock the stable door", "workshop", "off @cover | on stable_door"),
    ("switch on the soldering station and set a timer for 10 minutes", "workshop", "on soldering_station | timer m=10"),
    (
        "lights to full and the magnifier lamp to daylight",
        "workshop",
        "light @light b=100 | light magnifier_lamp k=6500",
    ),
    ("turn off the soldering station and the lights", "workshop", "off soldering_station | off @light"),
    (
        "open the roller door halfway and turn on the bench spotlight",
        "workshop",
        "pos roller_door pos=50 | on bench_spotlight",
    ),
    (
        "lights off, garage door closed and the stable door locked",
        "workshop",
        "off @light | off @cover | on stable_door",
    ),
    ("unlock the stable door then open the garage", "workshop", "off stable_door | on @cover"),
    # --- speaker in the boot room ---
    ("turn on the light and the dehumidifier", "boot_room", "on @light | on dehumidifier"),
    ("lock the front door and turn off the light", "boot_room", "on front_door | off @light"),
    ("turn the light off and the dehumidifier off", "boot_room", "off @light | off dehumidifier"),
    ("unlock the front door, turn on the light", "boot_room", "off front_door | on @light"),
    (
        "dim the light to 30 percent and switch off the dehumidifier",
        "boot_room",
        "light @light b=30 | off dehumidifier",
    ),
    # --- more connectors and pronouns, no speaker area ---
    ("turn on the pedestal fan, after that set it to 65 percent", S, "on pedestal_fan | fan pedestal_fan pct=65"),
    ("switch off the heat pump, also close the bay window", S, "off heat_pump | off bay_window"),
    ("open the blackout shade plus turn off the night light", S, "on blackout_shade | off night_light"),
    ("turn on the bench spotlight as well as the magnifier lamp", S, "on bench_spotlight | on magnifier_lamp"),
    ("lock the stable door, oh and close the roller door too", S, "on stable_door | off roller_door"),
    ("turn off the ring light and after that pause the projector", S, "off ring_light | pause projector"),
    (
        "set the paddle fan to 80 percent, oh and turn the festoon lights off",
        S,
        "fan paddle_fan pct=80 | off festoon_lights",
    ),
    ("put the storage heater on 17 plus switch the aquarium on", S, "temp storage_heater t=17 | on aquarium"),
    (
        "turn up the transistor radio, also turn on the pendant trio",
        S,
        "step transistor_radio step=up | on pendant_trio",
    ),
    ("turn the soundbar volume to 20 and after that mute the stereo", S, "vol soundbar vol=20 | mute stereo"),
    ("turn off the box fan as well as the panel heater", S, "off box_fan | off panel_heater"),
    (
        "dim the architect lamp to 25 percent, then make it warm white",
        S,
        "light architect_lamp b=25 | light architect_lamp k=2700",
    ),
    ("turn the christmas tree on, oh and the fairy lights as well", S, "on christmas_tree | on fairy_lights"),
    (
        "open the velvet drapes a quarter and also turn the pedestal fan off",
        S,
        "pos velvet_drapes pos=25 | off pedestal_fan",
    ),
    ("switch off the vanity light, then the bedside lamp", S, "off vanity_light | off bedside_lamp"),
    (
        "pause the lullaby speaker plus dim the cloud lamp to 10 percent",
        S,
        "pause lullaby_speaker | light cloud_lamp b=10",
    ),
    ("turn on the air con and set it to 17 degrees", S, "on air_con | temp air_con t=17"),
    ("turn on the heat pump then put it on 24", S, "on heat_pump | temp heat_pump t=24"),
    ("open the skylight and after that turn on the box fan", S, "on skylight | on box_fan"),
    (
        "the extractor fan to 75 percent plus the under cabinet strip off",
        S,
        "fan extractor_fan pct=75 | off under_cabinet_strip",
    ),
    ("turn off the picture light, also unlock the front door", S, "off picture_light | off front_door"),
    ("close the pleated blind halfway and turn on the air con", S, "pos pleated_blind pos=50 | on air_con"),
    (
        "set the magnifier lamp to max and the bench spotlight to 50",
        S,
        "light magnifier_lamp b=100 | light bench_spotlight b=50",
    ),
    ("turn the stereo down by 20 then pause it", S, "step stereo step=-20 | pause stereo"),
    ("resume the lullaby speaker and set its volume to 12", S, "resume lullaby_speaker | vol lullaby_speaker vol=12"),
    ("unmute the projector and skip to the next one", S, "unmute projector | next projector"),
    (
        "go back a track on the transistor radio, then volume up",
        S,
        "prev transistor_radio | step transistor_radio step=up",
    ),
    ("mute the lullaby speaker and the soundbar", S, "mute lullaby_speaker | mute soundbar"),
    ("pause the stereo and the projector", S, "pause stereo | pause projector"),
    (
        "turn the neon sign to 40 percent and then make it yellow",
        S,
        "light neon_sign b=40 | light neon_sign color=yellow",
    ),
    ("banker's lamp to warm white and paper lantern to 70", S, "light bankers_lamp k=2700 | light paper_lantern b=70"),
    ("open the bay window and turn the christmas tree off", S, "on bay_window | off christmas_tree"),
    ("roller door to 30 percent and bench spotlight on", S, "pos roller_door pos=30 | on bench_spotlight"),
    ("set the skylight to 60 and the box fan to 45", S, "pos skylight pos=60 | fan box_fan pct=45"),
    ("turn on the tower fan and the cloud lamp", S, "on tower_fan | on cloud_lamp"),
    ("switch the festoon lights and the wicker pendant off", S, "off festoon_lights | off wicker_pendant"),
    ("Turn off the Piano Lamp and turn on the Neon Sign", S, "off piano_lamp | on neon_sign"),
    ("ok so lock the front door and the stable door", S, "on front_door | on stable_door"),
    ("can you turn off dehumidifier and aquarium", S, "off dehumidifier | off aquarium"),
    ("turn on soundbar and turn on heat pump", S, "on soundbar | on heat_pump"),
    ("set air con to 21 and electric blanket off", S, "temp air_con t=21 | off electric_blanket"),
    ("shut the roman blind and the velvet drapes", S, "off roman_blind | off velvet_drapes"),
    ("raise the blackout shade and the pleated blind", S, "on blackout_shade | on pleated_blind"),
    ("ring light cool white and architect lamp daylight", S, "light ring_light k=4000 | light architect_lamp k=6500"),
    (
        "set the tower fan to 10 percent and the paddle fan to 90 percent",
        S,
        "fan tower_fan pct=10 | fan paddle_fan pct=90",
    ),
    ("set the storage heater and the panel heater to 19", S, "temp storage_heater t=19 | temp panel_heater t=19"),
    ("turn off the extractor fan and the pedestal fan", S, "off extractor_fan | off pedestal_fan"),
    ("dim the reading lamp and the bedside lamp to 30 percent", S, "light reading_lamp b=30 | light bedside_lamp b=30"),
    ("set the stereo and the soundbar volume to 40", S, "vol stereo vol=40 | vol soundbar vol=40"),
    (
        "turn the night light and the cloud lamp to the lowest setting",
        S,
        "light night_light b=1 | light cloud_lamp b=1",
    ),
    # --- three actions, more ---
    (
        "turn on the reading lamp, set it to 60 percent, and close the roman blind",
        S,
        "on reading_lamp | light reading_lamp b=60 | off roman_blind",
    ),
    (
        "unlock the front door, switch on the ceiling dome, and turn off the dehumidifier",
        S,
        "off front_door | on ceiling_dome | off dehumidifier",
    ),
    (
        "open the roman blind, the velvet drapes and the pleated blind",
        S,
        "on roman_blind | on velvet_drapes | on pleated_blind",
    ),
    ("turn off the box fan, the tower fan and the paddle fan", S, "off box_fan | off tower_fan | off paddle_fan"),
    (
        "set a timer for 4 minutes, turn the bread maker off and the pendant trio on",
        S,
        "timer m=4 | off bread_maker | on pendant_trio",
    ),
    (
        "pause the projector, close the skylight, then turn on the ring light",
        S,
        "pause projector | off skylight | on ring_light",
    ),
    (
        "turn on the heat pump, set it to 21 and close the bay window",
        S,
        "on heat_pump | temp heat_pump t=21 | off bay_window",
    ),
    (
        "dim the cloud lamp to 20, turn off the night light and set a timer for 15 minutes",
        S,
        "light cloud_lamp b=20 | off night_light | timer m=15",
    ),
    (
        "neon sign off, piano lamp to 40 and the stereo volume to 25",
        S,
        "off neon_sign | light piano_lamp b=40 | vol stereo vol=25",
    ),
    (
        "switch on the soldering station, the magnifier lamp and the bench spotlight",
        S,
        "on soldering_station | on magnifier_lamp | on bench_spotlight",
    ),
    (
        "open the skylight halfway, set the box fan to 30 and turn off the panel heater",
        S,
        "pos skylight pos=50 | fan box_fan pct=30 | off panel_heater",
    ),
    (
        "turn the festoon lights on, the paddle fan on, and unlock the side gate",
        S,
        "on festoon_lights | on paddle_fan | off side_gate",
    ),
    (
        "turn off the library lights, the storage heater and the aquarium",
        S,
        "off library:light | off storage_heater | off aquarium",
    ),
    ("lock the front door, the side gate and the stable door", S, "on front_door | on side_gate | on stable_door"),
    (
        "mute the soundbar, turn the snug lights to 10 percent and close the bay window",
        S,
        "mute soundbar | light snug:light b=10 | off bay_window",
    ),
    (
        "close the nursery shade, turn on the night light, then play the lullaby speaker",
        S,
        "off blackout_shade | on night_light | resume lullaby_speaker",
    ),
    ("start a 3 minute timer, a 9 minute timer and a 30 second timer", S, "timer m=3 | timer m=9 | timer s=30"),
    (
        "turn off the guest suite lights, the air con and the electric blanket",
        S,
        "off guest_suite:light | off air_con | off electric_blanket",
    ),
    (
        "turn the paper lantern blue, the fairy lights green, and the banker's lamp off",
        S,
        "light paper_lantern color=blue | light fairy_lights color=green | off bankers_lamp",
    ),
    (
        "set the music room lights to 50, open the velvet drapes and resume the stereo",
        S,
        "light music_room:light b=50 | on velvet_drapes | resume stereo",
    ),
    (
        "close the roller door and lock the stable door, then turn off the workshop lights",
        S,
        "off roller_door | on stable_door | off workshop:light",
    ),
    (
        "turn the soundbar off, the stereo off and the transistor radio off",
        S,
        "off soundbar | off stereo | off transistor_radio",
    ),
    (
        "switch on the air con, close the pleated blind and dim the bedside lamp to 15",
        S,
        "on air_con | off pleated_blind | light bedside_lamp b=15",
    ),
    (
        "turn off the scullery lights, the extractor fan, and after that the transistor radio",
        S,
        "off scullery:light | off extractor_fan | off transistor_radio",
    ),
    # --- speaker area given, targets named elsewhere or relied on ---
    (
        "turn on the lights in here and the christmas tree, and pause the soundbar",
        "snug",
        "on @light | on christmas_tree | pause soundbar",
    ),
    ("lock the front door and turn off the lights in here", "library", "on front_door | off @light"),
    ("close the blind in here and open the skylight", "guest_suite", "off @cover | on skylight"),
    ("turn off the extractor fan and the lights here", "attic_office", "off extractor_fan | off @light"),
    ("switch off the bread maker and set a timer for 35 minutes", "library", "off bread_maker | timer m=35"),
    ("turn the stereo down and the soundbar off", "nursery", "step stereo step=down | off soundbar"),
    ("turn on the electric blanket and lock the side gate", "snug", "on electric_blanket | on side_gate"),
    ("close the velvet drapes and turn the lights off in here", "nursery", "off velvet_drapes | off @light"),
    ("set the heat pump to 20 and the heating in here to 18", "library", "temp heat_pump t=20 | temp @climate t=18"),
    (
        "pause the lullaby speaker and turn up the music here",
        "music_room",
        "pause lullaby_speaker | step @media_player step=up",
    ),
    (
        "turn on the fan, open the window and switch off the heating",
        "attic_office",
        "on @fan | on @cover | off @climate",
    ),
    (
        "dim the lights to 45, turn the heat to 20 and mute the music",
        "snug",
        "light @light b=45 | temp @climate t=20 | mute @media_player",
    ),
    ("lights on, fan on 30 percent and curtains open", "music_room", "on @light | fan @fan pct=30 | on @cover"),
    (
        "turn the lights off, close the shade and set a timer for 40 minutes",
        "nursery",
        "off @light | off @cover | timer m=40",
    ),
    (
        "open the garage, turn on the lights and the soldering station",
        "workshop",
        "on @cover | on @light | on soldering_station",
    ),
    (
        "lights to warm white, blind closed, air con on 21",
        "guest_suite",
        "light @light k=2700 | off @cover | temp @climate t=21",
    ),
    ("turn off the lights, the fan and the radio", "scullery", "off @light | off @fan | off transistor_radio"),
    ("turn off the lights in here and the lights in the snug", "library", "off @light | off snug:light"),
    ("turn up the volume by 5 and skip the song", "attic_office", "step @media_player step=5 | next @media_player"),
    ("close the blind to a quarter and set the temperature to 22", "library", "pos @cover pos=25 | temp @climate t=22"),
    ("dim the lights to 60 percent and set a timer for 25 minutes", "garden_room", "light @light b=60 | timer m=25"),
    ("set the fan to 55 percent, turn the lights purple", "nursery", "fan @fan pct=55 | light @light color=purple"),
    (
        "turn off the light and lock the front door and the side gate",
        "boot_room",
        "off @light | on front_door | on side_gate",
    ),
]


def load_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def check_home(home: dict, errors: list[str]) -> None:
    floors = [f["id"] for f in home["floors"]]
    areas = [a["id"] for a in home["areas"]]
    ids = [e["id"] for e in home["entities"]]
    names = [e["name"].lower() for e in home["entities"]]
    for kind, values in (("floor", floors), ("area", areas), ("entity", ids), ("entity name", names)):
        for value, count in Counter(values).items():
            if count > 1:
                errors.append(f"home_b.json: duplicate {kind} {value!r}")
    for area in home["areas"]:
        if area.get("floor") not in floors:
            errors.append(f"home_b.json: area {area['id']} on unknown floor {area.get('floor')!r}")
    for entity in home["entities"]:
        if entity.get("area") not in areas:
            errors.append(f"home_b.json: entity {entity['id']} in unknown area {entity.get('area')!r}")
        if "." not in entity["id"]:
            errors.append(f"home_b.json: entity id without a domain: {entity['id']}")


def value(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def expand(spec: str, area: str | None, home: dict, where: str) -> list[dict]:
    """The mini-language of one case as expected calls."""
    by_object = {}
    for entity in home["entities"]:
        object_id = entity["id"].split(".", 1)[1]
        if object_id in by_object:
            raise ValueError(f"{where}: object id {object_id} is not unique")
        by_object[object_id] = entity["id"]
    area_ids = {a["id"] for a in home["areas"]}
    calls = []
    for part in spec.split("|"):
        words = part.split()
        if not words or words[0] not in TOOLS:
            raise ValueError(f"{where}: bad call {part!r}")
        tool = TOOLS[words[0]]
        rest = words[1:]
        entities: list[str] = []
        if rest and "=" not in rest[0]:
            target = rest.pop(0)
            if target.startswith("@") or ":" in target:
                if target.startswith("@"):
                    room, domain = area, target[1:]
                    if room is None:
                        raise ValueError(f"{where}: {target} needs a speaker area")
                else:
                    room, domain = target.split(":", 1)
                if room not in area_ids:
                    raise ValueError(f"{where}: unknown area {room!r}")
                entities = sorted(
                    e["id"] for e in home["entities"] if e["area"] == room and e["id"].split(".")[0] == domain
                )
                if not entities:
                    raise ValueError(f"{where}: no {domain} in {room}")
            elif target in by_object:
                entities = [by_object[target]]
            else:
                raise ValueError(f"{where}: unknown entity {target!r}")
        args = {}
        for word in rest:
            key, _, raw = word.partition("=")
            if key not in KEYS or not raw:
                raise ValueError(f"{where}: bad argument {word!r}")
            args[KEYS[key]] = value(raw)
        calls.append({"tool": tool, "args": args, "entities": entities})
    return calls


def validate(record: dict, tools: set[str], entity_ids: set[str], area_ids: set[str]) -> list[str]:
    where = record.get("id", "?")
    errors = []
    calls = record["expect"]["calls"]
    if not 2 <= len(calls) <= 3:
        errors.append(f"{where}: {len(calls)} calls")
    if calls and record["expect"]["intent"] != calls[0]["tool"]:
        errors.append(f"{where}: intent is not the first call's tool")
    if "area" in record and record["area"] not in area_ids:
        errors.append(f"{where}: unknown speaker area {record['area']!r}")
    for call in calls:
        tool = call["tool"]
        if tool not in tools:
            errors.append(f"{where}: tool {tool} not in labels.json")
        for key in call["args"]:
            if key not in KEY_ARGS:
                errors.append(f"{where}: argument {key} is not a key argument")
        for entity in call["entities"]:
            if entity not in entity_ids:
                errors.append(f"{where}: unknown entity {entity}")
        if tool in TIMER_TOOLS:
            if call["entities"]:
                errors.append(f"{where}: a timer with entities")
            continue
        if not call["entities"]:
            errors.append(f"{where}: {tool} without entities")
        allowed = DOMAIN_OF_TOOL.get(tool, set())
        for entity in call["entities"]:
            if entity.split(".")[0] not in allowed:
                errors.append(f"{where}: {entity} does not fit {tool}")
    return errors


def main() -> int:
    home = load_json(HOME)
    tools = set(load_json(LABELS)["intents"])
    errors: list[str] = []
    check_home(home, errors)
    entity_ids = {e["id"] for e in home["entities"]}
    area_ids = {a["id"] for a in home["areas"]}
    records = []
    seen: set[str] = set()
    for number, (sentence, area, spec) in enumerate(CASES, start=1):
        case_id = f"blind4-multi-{number:05d}"
        key = " ".join(sentence.lower().split())
        if key in seen:
            errors.append(f"{case_id}: duplicate sentence {sentence!r}")
        seen.add(key)
        try:
            calls = expand(spec, area, home, case_id)
        except ValueError as err:
            errors.append(str(err))
            continue
        record = {"id": case_id, "sentence": sentence, "language": "en"}
        if area is not None:
            record["area"] = area
        record["expect"] = {"intent": calls[0]["tool"], "calls": calls}
        errors.extend(validate(record, tools, entity_ids, area_ids))
        records.append(record)
    if len({r["id"] for r in records}) != len(records):
        errors.append("duplicate ids")
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for line in lines:
        json.loads(line)
    if errors:
        for error in errors:
            print(error)
        print(f"{len(errors)} errors")
        return 1
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_tool = Counter(c["tool"] for r in records for c in r["expect"]["calls"])
    per_size = Counter(len(r["expect"]["calls"]) for r in records)
    with_area = sum(1 for r in records if "area" in r)
    print(f"{len(records)} cases -> {OUT.relative_to(ROOT)}")
    print("calls per case:", dict(sorted(per_size.items())))
    print("with a speaker area:", with_area)
    print("calls per tool:")
    for tool, count in sorted(per_tool.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {tool}: {count}")
    print("0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
