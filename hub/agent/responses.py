"""Short spoken English for what a turn did or found out, as pure functions of understanding, outcomes, home.

Actions are described from what the executor reports and the home's state afterwards ("Turned off 3 lights in
the Bedroom."); questions are answered from the home's live state, never by running anything ("No, the Front
Door is unlocked."). Failures and clarifications are passed through as the tier or executor phrased them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from hub.home.model import Entity, Home
from hub.home.resolver import DEVICE_CLASS_NOUNS, DOMAIN_NOUNS
from hub.llm.base import ToolCall, Understanding
from hub.tools.executor import ToolOutcome

NOT_UNDERSTOOD: Final = "Sorry, I didn't understand that."
MAX_LISTED: Final = 3
"""Name up to this many entities in one sentence; beyond it, count them."""

_OPEN_CLASSES: Final = frozenset({"door", "garage_door", "opening", "window", "lock"})
_PRESENCE_CLASSES: Final = frozenset({"occupancy", "presence"})
_DEGREE_UNITS: Final = frozenset({"°C", "°F"})


def render_speech(
    understanding: Understanding | None,
    outcomes: Sequence[ToolOutcome],
    home: Home,
    *,
    now: datetime | None = None,
) -> str:
    """What to say for a turn. `outcomes` pair with `understanding.calls` by position; questions need none."""
    if understanding is None:
        return NOT_UNDERSTOOD
    if understanding.clarification is not None:
        return understanding.clarification
    if understanding.failure is not None:
        return understanding.failure
    if not understanding.calls:
        return NOT_UNDERSTOOD
    response_key = understanding.details.get("response")
    parts = []
    for index, call in enumerate(understanding.calls):
        outcome = outcomes[index] if index < len(outcomes) else None
        parts.append(describe_call(call, outcome, home, now=now, response_key=response_key if index == 0 else None))
    return " ".join(p for p in parts if p)


def describe_call(
    call: ToolCall,
    outcome: ToolOutcome | None,
    home: Home,
    *,
    now: datetime | None = None,
    response_key: str | None = None,
) -> str:
    """One call's sentence. Without an outcome only questions and time/date can be answered."""
    if outcome is not None and not outcome.success:
        return failure_speech(outcome.error)
    if call.tool == "HassGetState":
        return answer_state(call, home, response_key=response_key)
    if call.tool == "HassClimateGetTemperature":
        return answer_temperature(call, home)
    if call.tool == "HassGetCurrentTime":
        return _time_speech(outcome, now)
    if call.tool == "HassGetCurrentDate":
        return _date_speech(outcome, now)
    if call.tool == "HassNevermind":
        return "OK."
    if outcome is None:
        return "OK, I'll do that." if call.tool in _ACTIONS else NOT_UNDERSTOOD
    return _describe_action(call, outcome, home)


def failure_speech(error: str | None) -> str:
    """A failed call's sentence: the executor's own words when they are a sentence, else a generic apology."""
    if error and error[:1].isupper() and error.rstrip().endswith((".", "?", "!")):
        return error.strip()
    if error:
        return f"Sorry, that didn't work: {error.rstrip('.')}."
    return "Sorry, that didn't work."


# Questions


def answer_state(call: ToolCall, home: Home, *, response_key: str | None = None) -> str:
    """Answer HassGetState from live state: yes/no for a named entity, any/all/which/how many for a group."""
    entities = [home.entities[eid] for eid in call.entities if eid in home.entities]
    if not entities:
        return "I couldn't find that."
    wanted = call.args.get("state")
    if len(entities) == 1:
        entity = entities[0]
        if wanted is None:
            return _describe_reading(entity, home)
        phrase = state_phrase(entity)
        if _state_matches(entity, str(wanted)):
            return f"Yes, {_the(entity.name)} is {phrase}."
        return f"No, {_the(entity.name)} is {phrase}."
    if wanted is None:
        return " ".join(_capitalize(f"{_the(e.name)} is {state_phrase(e)}.") for e in entities[:MAX_LISTED])
    matched = [e for e in entities if _state_matches(e, str(wanted))]
    unmatched = [e for e in entities if not _state_matches(e, str(wanted))]
    word = _state_word(entities[0], str(wanted))
    noun_one, noun_many = _nouns(entities)
    if response_key == "all":
        if not unmatched:
            return f"Yes, all {noun_many} are {word}."
        return f"No, {_list_names(unmatched)} {_is_are(unmatched)} {state_phrase(unmatched[0])}."
    if response_key == "which":
        if not matched:
            return f"No {noun_many} are {word}."
        return _capitalize(f"{_list_names(matched)} {_is_are(matched)} {word}.")
    if response_key == "how_many":
        if not matched:
            return f"No {noun_many} are {word}."
        noun = noun_one if len(matched) == 1 else noun_many
        return f"{len(matched)} {noun} {_is_are(matched)} {word}."
    if not matched:
        return f"No, no {noun_many} are {word}."
    return f"Yes, {_list_names(matched)} {_is_are(matched)} {word}."


def answer_temperature(call: ToolCall, home: Home) -> str:
    """Answer HassClimateGetTemperature: the measured (not target) temperature where the entities are."""
    readings = []
    for entity_id in call.entities:
        entity = home.entities.get(entity_id)
        if entity is None:
            continue
        value = _temperature_of(entity)
        if value is None:
            continue
        area = home.areas.get(entity.area_id) if entity.area_id is not None else None
        readings.append((value, area.name if area is not None else None))
    if not readings:
        return "I don't know the temperature there."
    spoken = [f"{temp} in the {where}" if where else temp for temp, where in readings]
    return f"It's {_join(spoken)}."


def _describe_reading(entity: Entity, home: Home) -> str:
    if entity.domain == "sensor" and entity.device_class == "temperature":
        area = home.areas.get(entity.area_id) if entity.area_id is not None else None
        value = _temperature_of(entity)
        if value is not None and area is not None:
            return f"It's {value} in the {area.name}."
    return _capitalize(f"{_the(entity.name)} is {state_phrase(entity)}.")


def _temperature_of(entity: Entity) -> str | None:
    unit = str(entity.attributes.get("unit_of_measurement") or "°C")
    if entity.domain == "climate":
        raw = entity.attributes.get("current_temperature")
    elif entity.domain == "sensor":
        raw = entity.state
    else:
        return None
    number = _as_number(raw)
    if number is None:
        return None
    return f"{number} {unit}" if unit in _DEGREE_UNITS else f"{number}{unit}"


def state_phrase(entity: Entity) -> str:
    """How a person would say an entity's current state: "locked", "on at 60%", "20.5 °C", "playing X"."""
    state, attrs, domain = entity.state, entity.attributes, entity.domain
    if state in ("unavailable", "unknown"):
        return state
    if domain == "binary_sensor":
        return _binary_word(entity.device_class, state)
    if domain == "sensor":
        unit = attrs.get("unit_of_measurement")
        if not unit:
            return state
        return f"{state} {unit}" if unit in _DEGREE_UNITS or unit.isalpha() else f"{state}{unit}"
    if domain == "light" and state == "on" and isinstance(attrs.get("brightness"), int | float):
        return f"on at {round(float(attrs['brightness']) * 100 / 255)}%"
    if domain == "cover" and state == "open":
        position = attrs.get("current_position")
        if isinstance(position, int) and 0 < position < 100:
            return f"open at {position}%"
    if domain == "media_player" and state in ("playing", "paused") and attrs.get("media_title"):
        return f"{state} {attrs['media_title']}"
    if domain == "climate":
        target = _as_number(attrs.get("temperature"))
        unit = str(attrs.get("unit_of_measurement") or "°C")
        if state != "off" and target is not None:
            return f"set to {state} at {target} {unit}"
    return state.replace("_", " ")


def _binary_word(device_class: str | None, state: str) -> str:
    on = state == "on"
    if device_class in _OPEN_CLASSES:
        return "open" if on else "closed"
    if device_class in _PRESENCE_CLASSES:
        return "occupied" if on else "empty"
    if device_class == "motion":
        return "detecting motion" if on else "clear"
    return state


def _state_word(entity: Entity, state: str) -> str:
    if entity.domain == "binary_sensor":
        return _binary_word(entity.device_class, state)
    return state


def _state_matches(entity: Entity, wanted: str) -> bool:
    if entity.domain == "cover" and wanted == "open":
        return entity.state in ("open", "opening")
    if entity.domain == "cover" and wanted == "closed":
        return entity.state in ("closed", "closing")
    return entity.state == wanted


# Actions

_ACTIONS: Final = frozenset(
    {
        "HassTurnOn",
        "HassTurnOff",
        "HassToggle",
        "HassLightSet",
        "HassClimateSetTemperature",
        "HassSetPosition",
        "HassMediaPause",
        "HassMediaUnpause",
        "HassMediaNext",
        "HassMediaPrevious",
        "HassSetVolume",
        "HassSetVolumeRelative",
        "HassMediaPlayerMute",
        "HassMediaPlayerUnmute",
        "HassFanSetSpeed",
        "HassStartTimer",
        "HassCancelTimer",
        "HassCancelAllTimers",
        "HassTimerStatus",
    }
)


def _describe_action(call: ToolCall, outcome: ToolOutcome, home: Home) -> str:
    data = outcome.data
    tool = call.tool
    if tool in ("HassStartTimer", "HassCancelTimer", "HassCancelAllTimers", "HassTimerStatus"):
        return _timer_speech(tool, data)
    entity_ids = [str(eid) for eid in data.get("entities", call.entities)]
    entities = [home.entities[eid] for eid in entity_ids if eid in home.entities]
    if not entities:
        return "Done."
    states: Mapping[str, str] = data.get("states", {})
    target = _target_text(entities, call, home)
    if tool in ("HassTurnOn", "HassTurnOff", "HassToggle"):
        return _switch_speech(entities, states, target)
    if tool == "HassLightSet":
        if call.args.get("brightness") == 0:
            return f"Turned off {target}."
        if "color" in call.args:
            return f"Set {target} to {call.args['color']}."
        if "temperature" in call.args:
            return f"Set {target} to {call.args['temperature']} K."
        return f"Set {target} to {call.args.get('brightness')}%."
    if tool == "HassClimateSetTemperature":
        unit = str(entities[0].attributes.get("unit_of_measurement") or "°C")
        return f"Set {target} to {_as_number(call.args['temperature'])} {unit}."
    if tool == "HassSetPosition":
        return f"Set {target} to {call.args['position']}%."
    if tool == "HassFanSetSpeed":
        return f"Set {target} to {call.args['percentage']}%."
    if tool == "HassMediaPause":
        return f"Paused {target}."
    if tool == "HassMediaUnpause":
        return f"Resumed {target}."
    if tool in ("HassMediaNext", "HassMediaPrevious"):
        title = entities[0].attributes.get("media_title")
        verb = "Skipped to" if tool == "HassMediaNext" else "Back to"
        return (
            f"{verb} {title} on {target}."
            if title
            else f"{verb} the {'next' if verb == 'Skipped to' else 'previous'} item."
        )
    if tool in ("HassSetVolume", "HassSetVolumeRelative"):
        level = _as_number(round(float(entities[0].attributes.get("volume_level", 0)) * 100))
        return f"Set the volume of {target} to {level}%."
    if tool == "HassMediaPlayerMute":
        return f"Muted {target}."
    if tool == "HassMediaPlayerUnmute":
        return f"Unmuted {target}."
    return "Done."


def _switch_speech(entities: Sequence[Entity], states: Mapping[str, str], target: str) -> str:
    new_states = {states.get(e.entity_id, e.state) for e in entities}
    domains = {e.domain for e in entities}
    if domains == {"lock"}:
        return f"{'Locked' if new_states == {'locked'} else 'Unlocked'} {target}."
    if domains in ({"cover"}, {"valve"}):
        if new_states <= {"opening"}:
            return f"Opening {target}."
        if new_states <= {"closing"}:
            return f"Closing {target}."
        return f"{'Opened' if new_states <= {'open', 'opening'} else 'Closed'} {target}."
    if new_states <= {"off", "unlocked", "closed"}:
        return f"Turned off {target}."
    return f"Turned on {target}."


def _target_text(entities: Sequence[Entity], call: ToolCall, home: Home) -> str:
    """ "the Kitchen Light", "the Floor Lamp and the Living Room Ceiling Light", "3 lights in the Bedroom"."""
    if len(entities) <= 2:
        return " and ".join(_the(e.name) for e in entities)
    noun = _nouns(entities)[1]
    return f"{len(entities)} {noun}{_where(entities, call, home)}"


def _where(entities: Sequence[Entity], call: ToolCall, home: Home) -> str:
    areas = {e.area_id for e in entities}
    if len(areas) == 1:
        (area_id,) = areas
        area = home.areas.get(area_id) if area_id is not None else None
        if area is not None:
            return f" in the {area.name}"
    floor = call.args.get("floor")
    if isinstance(floor, str):
        if floor.casefold() in ("upstairs", "downstairs"):
            return f" {floor.casefold()}"
        return f" on the {floor}" if "floor" in floor.casefold() else f" on the {floor} floor"
    return ""


def _nouns(entities: Sequence[Entity]) -> tuple[str, str]:
    classes = {e.device_class for e in entities}
    domains = {e.domain for e in entities}
    if len(domains) == 1:
        (domain,) = domains
        if domain in ("cover", "binary_sensor") and len(classes) == 1:
            (device_class,) = classes
            if device_class in DEVICE_CLASS_NOUNS:
                return DEVICE_CLASS_NOUNS[device_class]
        if domain in DOMAIN_NOUNS:
            return DOMAIN_NOUNS[domain]
    return ("device", "devices")


# Timers, time and date


def _timer_speech(tool: str, data: Mapping[str, Any]) -> str:
    if tool == "HassStartTimer":
        timer = data.get("timer", {})
        duration = duration_phrase(
            int(timer.get("start_hours", 0)),
            int(timer.get("start_minutes", 0)),
            int(timer.get("start_seconds", 0)),
        )
        name = timer.get("name")
        return f"{_capitalize(str(name))} timer set for {duration}." if name else f"Timer set for {duration}."
    if tool == "HassCancelTimer":
        cancelled = data.get("cancelled", [])
        name = cancelled[0].get("name") if cancelled else None
        return f"{_capitalize(str(name))} timer cancelled." if name else "Timer cancelled."
    if tool == "HassCancelAllTimers":
        count = len(data.get("cancelled", []))
        if count == 0:
            return "There were no timers to cancel."
        return "Cancelled your timer." if count == 1 else f"Cancelled {count} timers."
    timers = data.get("timers", [])
    if not timers:
        return "You have no timers running."
    first = timers[0]
    left = _seconds_phrase(int(first.get("seconds_left", 0)))
    label = f"{first['name']} timer" if first.get("name") else "timer"
    if len(timers) == 1:
        return f"Your {label} has {left} left."
    return f"You have {len(timers)} timers. The next one, your {label}, has {left} left."


def duration_phrase(hours: int, minutes: int, seconds: int) -> str:
    """ "1 hour and 10 minutes", "5 minutes", "30 seconds"."""
    parts = [
        f"{value} {unit}{'' if value == 1 else 's'}"
        for value, unit in ((hours, "hour"), (minutes, "minute"), (seconds, "second"))
        if value
    ]
    if not parts:
        return "0 seconds"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _seconds_phrase(total: int) -> str:
    hours, rest = divmod(max(0, total), 3600)
    minutes, seconds = divmod(rest, 60)
    return duration_phrase(hours, minutes, seconds)


def _time_speech(outcome: ToolOutcome | None, now: datetime | None) -> str:
    if outcome is not None and outcome.success and "hour" in outcome.data:
        hour, minute = int(outcome.data["hour"]), int(outcome.data["minute"])
    elif now is not None:
        hour, minute = now.hour, now.minute
    else:
        return "Sorry, I don't know the time."
    suffix = "AM" if hour < 12 else "PM"
    return f"It's {(hour % 12) or 12}:{minute:02d} {suffix}."


def _date_speech(outcome: ToolOutcome | None, now: datetime | None) -> str:
    if outcome is not None and outcome.success and "iso" in outcome.data:
        now = datetime.fromisoformat(str(outcome.data["iso"]))
    if now is None:
        return "Sorry, I don't know the date."
    return f"It's {now.strftime('%A')}, {now.day} {now.strftime('%B %Y')}."


# Small text helpers


def _the(name: str) -> str:
    return f"the {name}"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _is_are(entities: Sequence[Entity]) -> str:
    return "is" if len(entities) == 1 else "are"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _list_names(entities: Sequence[Entity]) -> str:
    if len(entities) > MAX_LISTED:
        noun = _nouns(entities)[1]
        return f"{len(entities)} {noun}"
    return _join([_the(e.name) for e in entities])


def _as_number(value: Any) -> int | float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else round(number, 1)
