"""Names the data recipe puts into sentences: two disjoint pools, one for training and one held out for tests.

Every entity, area and floor name in the held-back test split, the HA-template sample and the paraphrase and
multi-action sets comes from the `TEST` pool, so the model is scored on names it never saw in training.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pool:
    """Word lists for one side of the split."""

    areas: tuple[str, ...]
    floors: tuple[str, ...]
    people: tuple[str, ...]
    light_mods: tuple[str, ...]
    switch_names: tuple[str, ...]
    fan_mods: tuple[str, ...]
    lock_names: tuple[str, ...]
    climate_names: tuple[str, ...]
    media_names: tuple[str, ...]
    sensor_mods: tuple[str, ...]


TRAIN = Pool(
    areas=(
        "kitchen", "living room", "lounge", "bedroom", "master bedroom", "guest room", "office", "study",
        "bathroom", "hallway", "garage", "dining room", "basement", "attic", "laundry room", "nursery",
        "kids room", "porch", "patio", "garden", "family room", "entryway", "closet", "balcony", "toilet",
        "shed", "gym", "media room", "guest bathroom", "back yard", "front yard", "landing", "cellar",
        "emma's room", "jack's room", "noah's room", "spare room", "sitting room", "breakfast nook",
    ),
    floors=("downstairs", "upstairs", "ground floor", "first floor", "basement level", "attic floor"),
    people=("emma", "jack", "noah", "olivia", "liam", "sophie", "mum", "dad", "grandma", "lucas"),
    light_mods=(
        "ceiling", "desk", "floor", "reading", "bedside", "pendant", "accent", "strip", "porch", "vanity",
        "night", "wall", "corner", "island", "cabinet", "mirror", "spot", "hallway", "kitchen", "bedroom",
        "table", "dresser", "shelf", "stair", "garden", "patio", "chandelier", "sofa", "piano", "bar",
    ),
    switch_names=(
        "kettle", "coffee maker", "printer", "space heater", "dehumidifier", "aquarium pump", "christmas tree",
        "fountain", "monitor", "toaster", "electric blanket", "router", "fairy lights", "sprinkler",
        "water heater", "hot tub", "towel rail", "air purifier", "humidifier", "charger", "iron", "mixer",
    ),
    fan_mods=("ceiling", "desk", "tower", "exhaust", "extractor", "box", "attic", "bathroom", "pedestal"),
    lock_names=(
        "front door", "back door", "side door", "patio door", "garage door lock", "shed lock", "gate lock",
        "basement door", "deadbolt", "porch door", "cat flap",
    ),
    climate_names=("thermostat", "heating", "radiator", "air conditioner", "heat pump", "ac", "boiler"),
    media_names=(
        "tv", "television", "speaker", "soundbar", "stereo", "radio", "sonos", "chromecast", "apple tv",
        "record player", "smart speaker", "projector", "roku", "home pod",
    ),
    sensor_mods=("kitchen", "bedroom", "outdoor", "attic", "fridge", "freezer", "porch", "garage"),
)

TEST = Pool(
    areas=(
        "conservatory", "mudroom", "den", "pantry", "sunroom", "playroom", "library", "workshop", "loft",
        "utility room", "ava's room", "studio", "games room", "wine cellar", "snug", "annex", "parlour",
        "scullery", "boot room", "music room",
    ),
    floors=("second floor", "top floor", "main floor", "lower level", "mezzanine"),
    people=("priya", "oleksandr", "tomasz", "ingrid", "kofi", "mateo", "yuki", "ava"),
    light_mods=(
        "arc", "tripod", "tiffany", "lava", "tulip", "paper", "globe", "moroccan", "salt", "banker",
        "neon", "lantern", "rattan", "crystal", "edison", "mushroom", "pixel", "sconce",
    ),
    switch_names=(
        "espresso machine", "3d printer", "heated blanket", "soda maker", "bread machine", "slow cooker",
        "sound machine", "grow lamp socket", "pond pump", "bubble machine", "waffle iron", "ionizer",
    ),
    fan_mods=("bladeless", "rattan", "loft", "box window", "oscillating", "wall mounted"),
    lock_names=("cellar door", "studio door", "annex door", "bike shed", "french doors", "garden gate", "side gate"),
    climate_names=("underfloor heating", "mini split", "wall heater", "climate control"),
    media_names=("kitchen radio", "jukebox", "hifi", "bose", "echo", "boombox", "den tv", "loft speaker"),
    sensor_mods=("pantry", "cellar", "loft", "greenhouse", "studio", "wine fridge"),
)

LIGHT_NOUNS = ("light", "lamp", "lights", "bulb", "spotlight", "sconce", "led strip", "downlights")
COVER_KINDS = {
    "blind": ("blind", "blinds", "roller blind", "venetian blinds"),
    "curtain": ("curtain", "curtains", "drapes"),
    "shade": ("shade", "shades", "roman shade"),
    "shutter": ("shutter", "shutters"),
    "awning": ("awning",),
    "garage": ("garage door", "roller door"),
    "gate": ("gate", "driveway gate"),
    "window": ("window", "skylight", "roof window"),
    "door": ("door", "sliding door"),
}
COLORS = (
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "white", "brown", "black", "cyan", "magenta",
    "violet", "gold", "teal", "turquoise", "indigo", "lime", "crimson", "lavender", "amber", "warm white",
)
