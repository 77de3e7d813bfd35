"""Write models/nlu/eval/blind_multi_2.jsonl: hand-written multi-action commands for the eval home.

Each line of CASES below is: sentence | speaker area ("-" for none) | calls separated by ";".
A call is: TOOL TARGET [key=value ...]. TOOL is a short name (see TOOLS). TARGET is an entity id without
its domain (e.g. lava_lamp), "-" for none, or KIND:ROOM (L lights, V covers, F fans, C climate, M media,
S switches) where ROOM may be "here" for the speaker's area; KIND:ROOM expands to every entity of that
domain in the room. Run: python models/nlu/blind2/write_set.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HOME = json.loads((ROOT / "models/nlu/eval/home.json").read_text())
LABELS = json.loads((ROOT / "models/nlu/labels.json").read_text())
OUT = ROOT / "models/nlu/eval/blind_multi_2.jsonl"

TOOLS = {
    "on": "HassTurnOn", "off": "HassTurnOff", "bright": "HassLightSet", "color": "HassLightSet",
    "temp": "HassClimateSetTemperature", "pos": "HassSetPosition", "speed": "HassFanSetSpeed",
    "pause": "HassMediaPause", "play": "HassMediaUnpause", "next": "HassMediaNext", "prev": "HassMediaPrevious",
    "mute": "HassMediaPlayerMute", "unmute": "HassMediaPlayerUnmute", "vol": "HassSetVolume",
    "volrel": "HassSetVolumeRelative", "timer": "HassStartTimer", "cancel": "HassCancelAllTimers",
}
KINDS = {"L": "light", "V": "cover", "F": "fan", "C": "climate", "M": "media_player", "S": "switch"}
ALLOWED_ARGS = {"brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage",
                "hours", "minutes", "seconds", "state"}

CASES = r"""
switch off the lava lamp and the rattan fan|-|off lava_lamp; off rattan_fan
turn on the crystal lamp and then open the games room window|-|on crystal_lamp; on games_room_window
close the window and turn the heat to 20|games_room|off games_room_window; temp C:here temperature=20
lock the french doors and turn off the den lights|-|on french_doors; off L:den
pause the jukebox, then set a timer for ten minutes|-|pause jukebox; timer - minutes=10
turn on the studio and conservatory lights|-|on L:studio; on L:conservatory
set the bladeless fan to 40 and close the garage door|-|speed bladeless_fan percentage=40; off garage_door
mute the echo and switch off the sound machine|-|mute echo; off sound_machine
turn the espresso machine on and then start a five minute timer|-|on espresso_machine; timer - minutes=5
open the mudroom curtain, switch on the mudroom light and turn on the waffle iron|-|on mudroom_curtain; on mudroom_light; on waffle_iron
turn off the lights and close the curtain|mudroom|off L:here; off mudroom_curtain
could you turn on the lights and set the fan to fifty percent|den|on L:here; speed F:here percentage=50
pause the music and turn the lights off|studio|pause M:here; off L:here
set the temperature to 21 and turn off the lights|conservatory|temp C:here temperature=21; off L:here
turn the lights on and then unmute the speaker|loft|on L:here; unmute M:here
dim the lights to 30 percent and pause the tv|utility_room|bright L:here brightness=30; pause M:here
open the window, turn on the fan and switch on the lights|games_room|on games_room_window; on F:here; on L:here
unlock the french doors and then switch on the den ceiling light|-|off french_doors; on den_ceiling_light
lock the studio door and the french doors|-|on studio_door; on french_doors
turn off the tripod lamp and the tripod bulb|-|off tripod_lamp; off tripod_bulb
switch on the tripod spotlight and the utility room light|-|on tripod_spotlight; on utility_room_light
turn off the games room and den lights|-|off L:games_room; off L:den
turn on the loft and wine cellar lights please|-|on L:loft; on L:wine_cellar
switch off the mudroom and studio lights|-|off L:mudroom; off L:studio
turn the utility room lights and the conservatory lights off|-|off L:utility_room; off L:conservatory
set the wine cellar underfloor heating to 18 and turn off the bladeless fan|-|temp wine_cellar_underfloor_heating temperature=18; off bladeless_fan
set the loft mini split to 22 degrees then turn on the sound machine|-|temp loft_mini_split temperature=22; on sound_machine
turn the games room mini split to nineteen and the oscillating fan to 30 percent|-|temp games_room_mini_split temperature=19; speed oscillating_fan percentage=30
set the conservatory climate control to 23, oh and turn on the conservatory lamp|-|temp conservatory_climate_control temperature=23; on conservatory_lamp
next song on the jukebox and turn the volume up|-|next jukebox; volrel jukebox volume_step=up
skip this track and set volume to 40|loft|next M:here; vol M:here volume_level=40
go back a song and turn it up a bit|studio|prev M:here; volrel M:here volume_step=up
turn the volume down and dim the lights to 20%|conservatory|volrel M:here volume_step=down; bright L:here brightness=20
resume the echo and set its volume to 25|-|play echo; vol echo volume_level=25
unpause the jukebox then turn on the moroccan lamp|-|play jukebox; on moroccan_lamp
set the crystal lamp to blue and the games room lamp to red|-|color crystal_lamp color=blue; color games_room_lamp color=red
make the lava lamp purple and turn on the wall mounted fan|-|color lava_lamp color=purple; on wall_mounted_fan
turn the pixel light green and close the parlour curtain|-|color pixel_light color=green; off parlour_curtain
set the lantern led strip to orange and the loft mini split to 20|-|color lantern_led_strip color=orange; temp loft_mini_split temperature=20
set the parlour curtain to 50 percent and turn on the pixel light|-|pos parlour_curtain position=50; on pixel_light
open the den window to 50 and turn off the wall mounted fan|-|pos den_window position=50; off wall_mounted_fan
set the pantry window to 30% and turn off the slow cooker|-|pos pantry_window position=30; off slow_cooker
put the mudroom curtain at 75 and the rattan fan at 25|-|pos mudroom_curtain position=75; speed rattan_fan percentage=25
start a timer for 20 minutes and turn on the slow cooker|-|timer - minutes=20; on slow_cooker
set a 3 minute timer and switch on the espresso machine|-|timer - minutes=3; on espresso_machine
cancel all my timers and turn off the waffle iron|-|cancel -; off waffle_iron
cancel all timers and then switch off the 3d printer|-|cancel -; off 3d_printer
turn on the 3d printer and set a timer for two hours|-|on 3d_printer; timer - hours=2
set a timer for 45 seconds and pause the tv|utility_room|timer - seconds=45; pause M:here
turn off the grow lamp socket and lock the french doors|-|off grow_lamp_socket; on french_doors
switch on the grow lamp socket, open the den window and turn on the lava lamp|-|on grow_lamp_socket; on den_window; on lava_lamp
close the garage door and lock the studio door|-|off garage_door; on studio_door
open the garage door then turn on the wine cellar lamp|-|on garage_door; on wine_cellar_lamp
close the wine cellar curtain and turn the underfloor heating to 17|-|off wine_cellar_curtain; temp wine_cellar_underfloor_heating temperature=17
mute the tv and turn on the lights|conservatory|mute M:here; on L:here
unmute the jukebox and turn off the moroccan lamp|-|unmute jukebox; off moroccan_lamp
turn off the echo and the lantern led strip|-|off echo; off lantern_led_strip
turn on the jukebox and set the volume to thirty|-|on jukebox; vol jukebox volume_level=30
hey, turn off the espresso machine and the crystal lamp thanks|-|off espresso_machine; off crystal_lamp
umm turn on the mateo's light and the moroccan light|-|on mateo_s_light; on moroccan_light
switch off mateo's light and close the mudroom curtain|-|off mateo_s_light; off mudroom_curtain
please set the rattan fan to 60% and open the mudroom curtain|-|speed rattan_fan percentage=60; on mudroom_curtain
turn the wall mounted fan up to 80 percent and the den ceiling light to 40 percent|-|speed wall_mounted_fan percentage=80; bright den_ceiling_light brightness=40
set the oscillating fan to 100 and open the games room window|-|speed oscillating_fan percentage=100; on games_room_window
dim the games room lamp to 10% then pause the jukebox|-|bright games_room_lamp brightness=10; pause jukebox
brighten the studio lamp to 90 percent and turn the tripod lamp off|-|bright studio_lamp brightness=90; off tripod_lamp
set the conservatory lamp to 55% and the tripod bulb to 55% too|-|bright conservatory_lamp brightness=55; bright tripod_bulb brightness=55
turn the wine cellar lamp to 15 percent and set the heating to 19|wine_cellar|bright wine_cellar_lamp brightness=15; temp C:here temperature=19
turn up the heat to 24 and close the window|games_room|temp C:here temperature=24; off games_room_window
kill the lights and lock the french doors|den|off L:here; on french_doors
lights off, fan off|den|off L:here; off F:here
lights on, curtain open|mudroom|on L:here; on mudroom_curtain
lights to 50 and music paused|studio|bright L:here brightness=50; pause M:here
fan on and window open|games_room|on F:here; on games_room_window
heat to 22, lights off|conservatory|temp C:here temperature=22; off L:here
turn off the lights in here and start a 10 minute timer|studio|off L:here; timer - minutes=10
could you switch the lights off and then put a timer on for 30 minutes|loft|off L:here; timer - minutes=30
can you open the window and turn off the fan please|den|on den_window; off F:here
would you mind closing the curtain and switching on the lights|mudroom|off mudroom_curtain; on L:here
i'd like the lights at 70 percent and the speaker a bit quieter|loft|bright L:here brightness=70; volrel M:here volume_step=down
turn the heating down to 18 and the fan off|games_room|temp C:here temperature=18; off F:here
turn off the bladeless fan, close the garage door and turn off the wine cellar lamp|-|off bladeless_fan; off garage_door; off wine_cellar_lamp
pause the echo, turn off the loft lights and switch on the sound machine|-|pause echo; off L:loft; on sound_machine
turn on the den lights, open the den window and set the wall mounted fan to 20%|-|on L:den; on den_window; speed wall_mounted_fan percentage=20
lock the french doors, lock the studio door and cancel all timers|-|on french_doors; on studio_door; cancel -
set the jukebox volume to 50, skip to the next song and turn on the moroccan lamp|-|vol jukebox volume_level=50; next jukebox; on moroccan_lamp
turn the lava lamp off and the den ceiling light on|-|off lava_lamp; on den_ceiling_light
switch the crystal lamp on and the games room lamp off|-|on crystal_lamp; off games_room_lamp
turn on the pixel light and turn off the moroccan lamp|-|on pixel_light; off moroccan_lamp
turn off the pixel light then close the parlour curtain|-|off pixel_light; off parlour_curtain
open the parlour curtain and turn off the pixel light|-|on parlour_curtain; off pixel_light
after you close the pantry window, turn off the jukebox|-|off pantry_window; off jukebox
close the pantry window and after that turn off the slow cooker|-|off pantry_window; off slow_cooker
turn on the slow cooker and then set a timer for 4 hours|-|on slow_cooker; timer - hours=4
set a timer for one hour and thirty minutes and turn off the grow lamp socket|-|timer - hours=1 minutes=30; off grow_lamp_socket
start a 90 second timer and turn the volume up|pantry|timer - seconds=90; volrel M:here volume_step=up
set the volume to 20 and turn off the lights|utility_room|vol M:here volume_level=20; off L:here
mute it and turn the lights down to 25|conservatory|mute M:here; bright L:here brightness=25
pause the tv and turn the heating to 21|conservatory|pause M:here; temp C:here temperature=21
play the music again and turn on the lights|studio|play M:here; on L:here
next track, and turn the volume up|studio|next M:here; volrel M:here volume_step=up
previous track and volume to 35|pantry|prev M:here; vol M:here volume_level=35
switch off the 3d printer and the studio lamp|-|off 3d_printer; off studio_lamp
turn on the 3d printer, then turn on the tripod lamp|-|on 3d_printer; on tripod_lamp
switch on the sound machine and turn off the lantern led strip|-|on sound_machine; off lantern_led_strip
turn the sound machine off and the echo on|-|off sound_machine; on echo
turn on the waffle iron and the espresso machine|-|on waffle_iron; on espresso_machine
switch off the waffle iron, the espresso machine and the slow cooker|-|off waffle_iron; off espresso_machine; off slow_cooker
turn off the rattan fan, the wall mounted fan and the bladeless fan|-|off rattan_fan; off wall_mounted_fan; off bladeless_fan
turn on the oscillating fan and the bladeless fan|-|on oscillating_fan; on bladeless_fan
close the den window and the pantry window|-|off den_window; off pantry_window
open the games room window and the den window|-|on games_room_window; on den_window
close the mudroom curtain and the parlour curtain|-|off mudroom_curtain; off parlour_curtain
open the wine cellar curtain and the parlour curtain please|-|on wine_cellar_curtain; on parlour_curtain
unlock the studio door and open the garage door|-|off studio_door; on garage_door
unlock the french doors and the studio door|-|off french_doors; off studio_door
pause the jukebox and the echo|-|pause jukebox; pause echo
mute the jukebox and the echo|-|mute jukebox; mute echo
turn the heating in the wine cellar to 16 and the loft mini split to 21|-|temp wine_cellar_underfloor_heating temperature=16; temp loft_mini_split temperature=21
set the games room mini split to 20 and the conservatory climate control to 20|-|temp games_room_mini_split temperature=20; temp conservatory_climate_control temperature=20
turn off the mudroom lights and the rattan fan|-|off L:mudroom; off rattan_fan
turn on the games room lights and set the oscillating fan to 45|-|on L:games_room; speed oscillating_fan percentage=45
dim the studio lights to 40 and pause the music|studio|bright L:studio brightness=40; pause M:here
set the conservatory lights to 60% and the climate control to 22|-|bright L:conservatory brightness=60; temp conservatory_climate_control temperature=22
turn the loft lights red and the echo volume to 10|-|color L:loft color=red; vol echo volume_level=10
make the den lights blue and switch off the grow lamp socket|-|color L:den color=blue; off grow_lamp_socket
set the utility room lights to yellow and turn the tv down|utility_room|color L:utility_room color=yellow; volrel M:here volume_step=down
turn the mudroom lights to white and open the curtain|mudroom|color L:mudroom color=white; on mudroom_curtain
turn on the lights in the wine cellar and close the garage door|-|on L:wine_cellar; off garage_door
switch the studio lights off and the utility room lights on|-|off L:studio; on L:utility_room
turn off the conservatory and the loft lights, then lock the studio door|-|off L:conservatory; off L:loft; on studio_door
turn off the den, games room and mudroom lights|-|off L:den; off L:games_room; off L:mudroom
turn on the studio, utility room and conservatory lights|-|on L:studio; on L:utility_room; on L:conservatory
set a timer for 15 minutes, oh and turn off the slow cooker|-|timer - minutes=15; off slow_cooker
turn off the crystal lamp, oh and close the games room window|-|off crystal_lamp; off games_room_window
switch off the lava lamp, oh and lock the french doors too|-|off lava_lamp; on french_doors
turn the fan to 35 percent, also turn off the lights|mudroom|speed F:here percentage=35; off L:here
close the window, also switch off the fan|pantry|off pantry_window; off fan.loft_fan
open the curtain, also set the heating to 20|wine_cellar|on wine_cellar_curtain; temp C:here temperature=20
turn on the tripod bulb plus the conservatory lamp|-|on tripod_bulb; on conservatory_lamp
lock the french doors plus turn off the den lights|-|on french_doors; off L:den
turn off the echo plus the sound machine|-|off echo; off sound_machine
turn on the jukebox as well as the moroccan lamp|-|on jukebox; on moroccan_lamp
close the garage door as well as the wine cellar curtain|-|off garage_door; off wine_cellar_curtain
switch on the espresso machine as well as the games room lamp|-|on espresso_machine; on games_room_lamp
turn off the lights and could you set a timer for 8 minutes|studio|off L:here; timer - minutes=8
open the garage door and could you turn on the bladeless fan|-|on garage_door; on bladeless_fan
pause the echo and could you turn the heat to 19|loft|pause echo; temp C:here temperature=19
set the heat to 23 and could you also close the window|games_room|temp C:here temperature=23; off games_room_window
turn the lights down to 5 percent and then turn the volume down|loft|bright L:here brightness=5; volrel M:here volume_step=down
turn the lights up to 100 and then turn the tv off|utility_room|bright L:here brightness=100; off M:here
turn off the tv and turn off the lights|utility_room|off M:here; off L:here
switch the tv on and dim the lights to 30|conservatory|on M:here; bright L:here brightness=30
turn the speaker on and set the volume to 45|studio|on M:here; vol M:here volume_level=45
turn on the echo and then play the next song|-|on echo; next echo
skip the song on the echo and unmute it|-|next echo; unmute echo
unmute the music and skip this one|pantry|unmute M:here; next M:here
stop the music for a sec and turn the slow cooker on|pantry|pause M:here; on slow_cooker
pause the music and open the window|pantry|pause M:here; on pantry_window
turn off the lava lamp and set the fan to forty percent|den|off lava_lamp; speed F:here percentage=40
set the heating to twenty two and shut the window|games_room|temp C:here temperature=22; off games_room_window
set the volume to fifty and skip to the next track|loft|vol M:here volume_level=50; next M:here
dim the lights to twenty percent, then start a timer for twenty minutes|conservatory|bright L:here brightness=20; timer - minutes=20
put the telly on pause and switch the lights off|utility_room|pause M:here; off L:here
switch the telly off and lock the studio door|conservatory|off M:here; on studio_door
close the curtain and switch off the lamps|mudroom|off mudroom_curtain; off L:here
close the parlour curtain and switch on the pixel light|-|off parlour_curtain; on pixel_light
open the curtains in the mudroom and switch the rattan fan off|-|on mudroom_curtain; off rattan_fan
turn the heating up to 21 degrees and put the lights on|wine_cellar|temp C:here temperature=21; on L:here
whack the heating up to 25 and switch the fan off|games_room|temp C:here temperature=25; off F:here
knock the volume down and dim the lights to 35|loft|volrel M:here volume_step=down; bright L:here brightness=35
turn teh lights off and close the window|den|off L:here; off den_window
trun on the lava lamp and the wall mounted fan|-|on lava_lamp; on wall_mounted_fan
swich off the crystal lamp and the espresso machine|-|off crystal_lamp; off espresso_machine
set a timer for 10 minuts and turn on the waffle iron|-|timer - minutes=10; on waffle_iron
lock the frenchdoors and turn off the grow lamp socket|-|on french_doors; off grow_lamp_socket
close the garge door and turn off the bladeless fan|-|off garage_door; off bladeless_fan
pause the jukbox and turn off the moroccan lamp|-|pause jukebox; off moroccan_lamp
turn on the lights plz and open the curtian|mudroom|on L:here; on mudroom_curtain
set the temprature to 20 and turn off the lights|loft|temp C:here temperature=20; off L:here
turn the volume up and turn on the moroccan lamp|pantry|volrel M:here volume_step=up; on moroccan_lamp
uh, turn off the studio lamp and uh the tripod lamp|-|off studio_lamp; off tripod_lamp
so like, close the den window and turn on the wall mounted fan|-|off den_window; on wall_mounted_fan
ok so turn the heat to 19 and then pause the speaker|loft|temp C:here temperature=19; pause M:here
alright, lights off and timer for 25 minutes|studio|off L:here; timer - minutes=25
right, lock the french doors and switch off the den ceiling light|-|on french_doors; off den_ceiling_light
hey hearth, open the garage door and switch on the wine cellar lamp|-|on garage_door; on wine_cellar_lamp
hearth, turn off the echo and the sound machine|-|off echo; off sound_machine
please turn on the conservatory lamp and set the climate control to 24|-|on conservatory_lamp; temp conservatory_climate_control temperature=24
kindly close the pantry window and turn off the jukebox|-|off pantry_window; off jukebox
turn on the oscillating fan thanks and then set the mini split to 18|games_room|on oscillating_fan; temp C:here temperature=18
set the fan speed to 70% then turn on the lights|wine_cellar|speed F:here percentage=70; on L:here
bladeless fan to 20, wine cellar lamp to 50|-|speed bladeless_fan percentage=20; bright wine_cellar_lamp brightness=50
rattan fan off, mudroom curtain closed|-|off rattan_fan; off mudroom_curtain
crystal lamp on, games room lamp on, espresso machine on|-|on crystal_lamp; on games_room_lamp; on espresso_machine
den window open, french doors unlocked|-|on den_window; off french_doors
jukebox off and slow cooker off|-|off jukebox; off slow_cooker
echo to 30 and lantern led strip on|-|vol echo volume_level=30; on lantern_led_strip
timer for 7 minutes and espresso machine on|-|timer - minutes=7; on espresso_machine
set the lights to 80 percent and the fan to 80 percent|den|bright L:here brightness=80; speed F:here percentage=80
set the lights to 45% and the curtain to 45%|mudroom|bright L:here brightness=45; pos mudroom_curtain position=45
set the window to 60 percent and the fan to 20 percent|games_room|pos games_room_window position=60; speed F:here percentage=20
set the parlour curtain to twenty five percent and the pixel light to blue|-|pos parlour_curtain position=25; color pixel_light color=blue
set the wine cellar curtain to 10% and close the garage door|-|pos wine_cellar_curtain position=10; off garage_door
open the pantry window to 40% and set the jukebox volume to 40|-|pos pantry_window position=40; vol jukebox volume_level=40
open the den window to 33 percent and turn on the lava lamp|-|pos den_window position=33; on lava_lamp
turn the tripod spotlight to pink and the utility room light off|-|color tripod_spotlight color=pink; off utility_room_light
make the tripod bulb orange and switch on the conservatory lamp|-|color tripod_bulb color=orange; on conservatory_lamp
change the lantern led strip to purple then mute the echo|-|color lantern_led_strip color=purple; mute echo
change the mateo's light to green and turn off the moroccan light|-|color mateo_s_light color=green; off moroccan_light
set the moroccan lamp to red and the jukebox volume to 20|-|color moroccan_lamp color=red; vol jukebox volume_level=20
turn the studio lamp blue and the tripod lamp red|-|color studio_lamp color=blue; color tripod_lamp color=red
turn the lights blue and turn the music up|studio|color L:here color=blue; volrel M:here volume_step=up
make the lights red and the heat 20|conservatory|color L:here color=red; temp C:here temperature=20
set the lights to green and start a 12 minute timer|loft|color L:here color=green; timer - minutes=12
cancel every timer and switch off the espresso machine|-|cancel -; off espresso_machine
stop all the timers and turn the lights back on|den|cancel -; on L:here
cancel all timers then unpause the jukebox|-|cancel -; play jukebox
clear all my timers, lights off|studio|cancel -; off L:here
set a timer for 1 hour and turn off the 3d printer|-|timer - hours=1; off 3d_printer
set a timer for two minutes thirty seconds and unpause the music|pantry|timer - minutes=2 seconds=30; play M:here
set a thirty second timer then pause the tv|conservatory|timer - seconds=30; pause M:here
timer for 50 minutes and turn the underfloor heating to 18|wine_cellar|timer - minutes=50; temp C:here temperature=18
set a forty minute timer and turn the slow cooker on|-|timer - minutes=40; on slow_cooker
start a timer for 3 hours and lock the french doors|-|timer - hours=3; on french_doors
turn the tv volume to 15 and the lights to 15|utility_room|vol M:here volume_level=15; bright L:here brightness=15
volume up and lights down to 10 percent|studio|volrel M:here volume_step=up; bright L:here brightness=10
volume down, heat to 21|loft|volrel M:here volume_step=down; temp C:here temperature=21
mute the speaker then set a timer for 5 minutes|studio|mute M:here; timer - minutes=5
unmute the tv and set the volume to 60|utility_room|unmute M:here; vol M:here volume_level=60
unmute and turn it up|conservatory|unmute M:here; volrel M:here volume_step=up
previous song and unmute please|loft|prev M:here; unmute M:here
go back to the last track on the jukebox and then turn it down|-|prev jukebox; volrel jukebox volume_step=down
skip to the next song on the echo and turn on the sound machine|-|next echo; on sound_machine
resume the music and close the window|pantry|play M:here; off pantry_window
unpause the tv and turn the climate control to 22|conservatory|play M:here; temp C:here temperature=22
play again and set the volume to 30|studio|play M:here; vol M:here volume_level=30
pause the tv, lock the studio door and turn off the lights|conservatory|pause M:here; on studio_door; off L:here
turn off the lights, close the curtain and switch off the fan|mudroom|off L:here; off mudroom_curtain; off F:here
turn on the fan, open the window and put the heating on 20|games_room|on F:here; on games_room_window; temp C:here temperature=20
open the curtain, set the heat to 19 and turn on the lamp|wine_cellar|on wine_cellar_curtain; temp C:here temperature=19; on wine_cellar_lamp
turn off the tv, turn off the lights and cancel all timers|utility_room|off M:here; off L:here; cancel -
set the volume to 25, dim the lights to 40 and set a timer for an hour|loft|vol M:here volume_level=25; bright L:here brightness=40; timer - hours=1
turn off the tripod lamp then turn off the 3d printer then turn off the studio lamp|-|off tripod_lamp; off 3d_printer; off studio_lamp
close the den window then lock the french doors then turn off the den lights|-|off den_window; on french_doors; off L:den
before bed: lock the french doors and the studio door and turn off the conservatory lights|-|on french_doors; on studio_door; off L:conservatory
i'm heading out so lock the french doors and close the garage door|-|on french_doors; off garage_door
it's cold in here, turn the heat to 24 and close the window|games_room|temp C:here temperature=24; off games_room_window
it's too bright, dim the lights to 20 and close the curtain|mudroom|bright L:here brightness=20; off mudroom_curtain
it's stuffy, open the window and turn the fan on|den|on den_window; on F:here
i'm going to sleep, turn off the lights and switch on the sound machine|loft|off L:here; on sound_machine
movie time: lights to 10 percent and unmute the tv|conservatory|bright L:here brightness=10; unmute M:here
dinner's ready so pause the jukebox and turn off the slow cooker|-|pause jukebox; off slow_cooker
breakfast: espresso machine on and waffle iron on|-|on espresso_machine; on waffle_iron
turn off the waffle iron and then close the curtain|mudroom|off waffle_iron; off mudroom_curtain
switch on the waffle iron and start a timer for 4 minutes|-|on waffle_iron; timer - minutes=4
switch on the grow lamp socket and set a timer for 8 hours|-|on grow_lamp_socket; timer - hours=8
switch off the grow lamp socket and the lava lamp|-|off grow_lamp_socket; off lava_lamp
turn on the den ceiling light and the grow lamp socket|-|on den_ceiling_light; on grow_lamp_socket
lock the studio door and switch off the tripod bulb|-|on studio_door; off tripod_bulb
unlock the studio door and turn on the conservatory lights|-|off studio_door; on L:conservatory
open the garage door, turn on the bladeless fan and set the underfloor heating to 15|-|on garage_door; on bladeless_fan; temp wine_cellar_underfloor_heating temperature=15
set the underfloor heating to 16 and close the wine cellar curtain|-|temp wine_cellar_underfloor_heating temperature=16; off wine_cellar_curtain
set the games room mini split to 21 and turn the espresso machine off|-|temp games_room_mini_split temperature=21; off espresso_machine
set the loft mini split to 23 and pause the echo|-|temp loft_mini_split temperature=23; pause echo
set the conservatory climate control to 18 and turn off the tripod bulb|-|temp conservatory_climate_control temperature=18; off tripod_bulb
turn the oscillating fan to 60 and the games room lamp to 60|-|speed oscillating_fan percentage=60; bright games_room_lamp brightness=60
turn the rattan fan up to 90 percent and the mudroom light off|-|speed rattan_fan percentage=90; off mudroom_light
set the wall mounted fan to 15% and close the den window|-|speed wall_mounted_fan percentage=15; off den_window
set the bladeless fan to 100 percent and open the garage door|-|speed bladeless_fan percentage=100; on garage_door
turn the oscillating fan off and the rattan fan on|-|off oscillating_fan; on rattan_fan
switch on the wall mounted fan and the oscillating fan|-|on wall_mounted_fan; on oscillating_fan
turn the lava lamp to 25 percent and the den ceiling light to 75 percent|-|bright lava_lamp brightness=25; bright den_ceiling_light brightness=75
set the crystal lamp to 30 and the games room lamp to 70|-|bright crystal_lamp brightness=30; bright games_room_lamp brightness=70
dim the pixel light to 20% and close the parlour curtain|-|bright pixel_light brightness=20; off parlour_curtain
brighten the moroccan lamp to 100 and turn on the jukebox|-|bright moroccan_lamp brightness=100; on jukebox
set the tripod spotlight to 65 percent and turn on the tv|utility_room|bright tripod_spotlight brightness=65; on M:here
set the utility room light to 50 and the tripod spotlight to 50|-|bright utility_room_light brightness=50; bright tripod_spotlight brightness=50
set mateo's light to 10 percent and turn off the rattan fan|-|bright mateo_s_light brightness=10; off rattan_fan
dim the moroccan light to 40 and open the mudroom curtain|-|bright moroccan_light brightness=40; on mudroom_curtain
dim the lantern led strip to 15 and turn on the sound machine|-|bright lantern_led_strip brightness=15; on sound_machine
turn the wine cellar lamp up to 85 and the bladeless fan down to 10|-|bright wine_cellar_lamp brightness=85; speed bladeless_fan percentage=10
turn the studio lights on and the 3d printer off|-|on L:studio; off 3d_printer
turn the den lights on and unlock the french doors|-|on L:den; off french_doors
switch off the games room lights and turn on the oscillating fan|-|off L:games_room; on oscillating_fan
turn off the loft lights and turn on the echo|-|off L:loft; on echo
turn off the wine cellar lights and close the garage door|-|off L:wine_cellar; off garage_door
turn on the utility room lights and unmute the tv|utility_room|on L:utility_room; unmute M:here
switch on the mudroom lights and the waffle iron|-|on L:mudroom; on waffle_iron
dim the games room lights to 35 and set the mini split to 20|-|bright L:games_room brightness=35; temp games_room_mini_split temperature=20
dim the den lights to 10 percent and lock the french doors|-|bright L:den brightness=10; on french_doors
set the loft lights to 60 and the loft mini split to 19|-|bright L:loft brightness=60; temp loft_mini_split temperature=19
set the mudroom lights to 90% and open the mudroom curtain|-|bright L:mudroom brightness=90; on mudroom_curtain
set the utility room lights to 5% and the conservatory lights to 5%|-|bright L:utility_room brightness=5; bright L:conservatory brightness=5
make the studio and loft lights blue|-|color L:studio color=blue; color L:loft color=blue
turn on the den lights and the mudroom lights and the games room lights|-|on L:den; on L:mudroom; on L:games_room
switch off the conservatory lights and the wine cellar lights|-|off L:conservatory; off L:wine_cellar
turn off all the lights in the studio and the utility room|-|off L:studio; off L:utility_room
turn on the lights in the games room and in the den|-|on L:games_room; on L:den
turn the lights off in the loft and the studio|-|off L:loft; off L:studio
lights on in the mudroom and the conservatory please|-|on L:mudroom; on L:conservatory
could you please lock the french doors and then close the den window|-|on french_doors; off den_window
would you turn the echo down and switch off the lantern led strip|-|volrel echo volume_step=down; off lantern_led_strip
turn the jukebox up and switch the slow cooker on|-|volrel jukebox volume_step=up; on slow_cooker
turn the echo up a notch then skip the song|-|volrel echo volume_step=up; next echo
put the heating on 22 in the games room and turn on the crystal lamp|-|temp games_room_mini_split temperature=22; on crystal_lamp
set the wine cellar heating to 14 degrees and turn off the wine cellar lamp|-|temp wine_cellar_underfloor_heating temperature=14; off wine_cellar_lamp
set the conservatory to 21 degrees and lock the studio door|-|temp conservatory_climate_control temperature=21; on studio_door
turn off the sound machine and set the loft mini split to 17|-|off sound_machine; temp loft_mini_split temperature=17
switch the 3d printer off and pause the speaker|studio|off 3d_printer; pause M:here
turn on the tripod lamp and set the speaker volume to 20|studio|on tripod_lamp; vol M:here volume_level=20
turn off the tripod spotlight and mute the tv|utility_room|off tripod_spotlight; mute M:here
switch on the tripod bulb and skip to the next episode|conservatory|on tripod_bulb; next M:here
turn off the conservatory lamp and go back one track|conservatory|off conservatory_lamp; prev M:here
lock up the french doors, switch off the lava lamp and set a timer for 20 minutes|-|on french_doors; off lava_lamp; timer - minutes=20
close the pantry window, turn off the moroccan lamp and pause the jukebox|-|off pantry_window; off moroccan_lamp; pause jukebox
open the parlour curtain, turn on the pixel light and set a timer for 10 minutes|-|on parlour_curtain; on pixel_light; timer - minutes=10
set the oscillating fan to 55 percent, the crystal lamp to 55 percent and the games room window to 55 percent|-|speed oscillating_fan percentage=55; bright crystal_lamp brightness=55; pos games_room_window position=55
switch off the espresso machine, the waffle iron and the 3d printer|-|off espresso_machine; off waffle_iron; off 3d_printer
turn on the slow cooker, the grow lamp socket and the sound machine|-|on slow_cooker; on grow_lamp_socket; on sound_machine
lock the doors: the french doors and the studio door|-|on french_doors; on studio_door
shut the garage door and then lock the french doors|-|off garage_door; on french_doors
close the den window and after that set the wall mounted fan to 65|-|off den_window; speed wall_mounted_fan percentage=65
turn on the games room lamp and after that set a timer for 35 minutes|-|on games_room_lamp; timer - minutes=35
"""

ENTITIES = {e["id"]: e for e in HOME["entities"]}
AREAS = {a["id"] for a in HOME["areas"]}


def _entity(short: str) -> str:
    if short in ENTITIES:
        return short
    found = [i for i in ENTITIES if i.split(".", 1)[1] == short]
    if len(found) != 1:
        raise SystemExit(f"unknown or ambiguous entity {short!r}: {found}")
    return found[0]


def _targets(target: str, area: str | None) -> list[str]:
    if target == "-":
        return []
    if ":" in target:
        kind, room = target.split(":", 1)
        room = area if room == "here" else room
        if room not in AREAS:
            raise SystemExit(f"no such area {room!r} in {target!r}")
        domain = KINDS[kind]
        ids = sorted(i for i, e in ENTITIES.items() if e.get("area") == room and i.startswith(domain + "."))
        if not ids:
            raise SystemExit(f"no {domain} in {room}")
        return ids
    return [_entity(target)]


def _value(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        return text


def build() -> list[dict]:
    cases = []
    for number, line in enumerate(row for row in CASES.strip().splitlines() if row.strip()):
        sentence, area, calls_text = (part.strip() for part in line.split("|"))
        area_id = None if area == "-" else area
        calls = []
        for call_text in calls_text.split(";"):
            tool, target, *args = call_text.split()
            calls.append({"tool": TOOLS[tool], "args": {k: _value(v) for k, v in (a.split("=", 1) for a in args)},
                          "entities": _targets(target, area_id)})
        case = {"id": f"blind2-multi-{number + 1:05d}", "sentence": sentence, "language": "en"}
        if area_id:
            case["area"] = area_id
        case["expect"] = {"intent": calls[0]["tool"], "calls": calls}
        cases.append(case)
    return cases


def validate(cases: list[dict]) -> None:
    intents = set(LABELS["intents"])
    ids, sentences = set(), set()
    for case in cases:
        json.loads(json.dumps(case))
        assert case["id"] not in ids, case["id"]
        assert case["sentence"].lower() not in sentences, case["sentence"]
        ids.add(case["id"])
        sentences.add(case["sentence"].lower())
        assert case.get("area") is None or case["area"] in AREAS, case
        calls = case["expect"]["calls"]
        assert 2 <= len(calls) <= 3, case
        assert case["expect"]["intent"] == calls[0]["tool"], case
        for call in calls:
            assert call["tool"] in intents, call
            assert set(call["args"]) <= ALLOWED_ARGS, call
            assert all(e in ENTITIES for e in call["entities"]), call
            if call["tool"] in ("HassStartTimer", "HassCancelAllTimers"):
                assert call["entities"] == [], call
            else:
                assert call["entities"], call
            for key in ("brightness", "temperature", "position", "volume_level", "percentage", "hours", "minutes",
                        "seconds"):
                if key in call["args"]:
                    assert isinstance(call["args"][key], int), call
            if "volume_step" in call["args"]:
                assert call["args"]["volume_step"] in ("up", "down"), call


def main() -> None:
    cases = build()
    validate(cases)
    OUT.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    counts: dict[str, int] = {}
    for case in cases:
        for call in case["expect"]["calls"]:
            counts[call["tool"]] = counts.get(call["tool"], 0) + 1
    by_len = {n: sum(len(c["expect"]["calls"]) == n for c in cases) for n in (2, 3)}
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}; calls per case {by_len}; "
          f"with area {sum('area' in c for c in cases)}")
    for tool, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {tool}: {n}")


if __name__ == "__main__":
    main()
