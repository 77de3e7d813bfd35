"""The hub's picture of the home: a snapshot of what is exposed to Assist, kept live with state deltas.

Only entities exposed to Assist (the `conversation` assistant) leave Home Assistant, so the exposure
settings people already manage in HA decide what the hub can see and act on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.homeassistant.exposed_entities import (
    async_listen_entity_updates,
    async_should_expose,
)
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.helpers import (
    area_registry as ar,
)
from homeassistant.helpers import (
    device_registry as dr,
)
from homeassistant.helpers import (
    entity_registry as er,
)
from homeassistant.helpers import (
    floor_registry as fr,
)
from homeassistant.helpers import (
    intent,
)
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.event import async_track_state_change_event

from . import protocol
from .const import LOGGER, SNAPSHOT_DEBOUNCE

ASSISTANT = "conversation"
"""Exposure settings of Assist decide what the hub sees."""

SNAPSHOT_ATTRIBUTES = frozenset(
    {
        "unit_of_measurement",
        "brightness",
        "color_mode",
        "color_temp_kelvin",
        "current_temperature",
        "temperature",
        "target_temp_high",
        "target_temp_low",
        "hvac_action",
        "hvac_modes",
        "current_position",
        "current_tilt_position",
        "percentage",
        "preset_mode",
        "volume_level",
        "is_volume_muted",
        "media_title",
        "media_artist",
        "source",
        "current_humidity",
        "humidity",
        "supported_features",
    }
)
"""The attributes the hub's context assembly can use; everything else stays in HA."""

type Sender = Callable[[str, str | None, Mapping[str, Any]], None]


def _clip(text: str) -> str:
    return text.strip()[: protocol.MAX_NAME_CHARS]


def _json_scalar(value: Any) -> Any:
    """Return a JSON-safe copy of a plain attribute value, or `None` for anything else."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [v for v in (_json_scalar(v) for v in value) if v is not None and not isinstance(v, list)]
    # Enums (StrEnum, IntEnum) are str or int and kept above; anything else stays in HA.
    return None


def _too_large(entities: list[dict[str, Any]]) -> bool:
    """Whether the entities alone come near the frame limit (leaving room for areas, floors, persons)."""
    return len(json.dumps(entities, separators=(",", ":"))) > protocol.MAX_MESSAGE_BYTES * 0.9


def selected_attributes(state: State) -> dict[str, Any]:
    """The few JSON-safe attributes the hub gets for one state."""
    return {
        key: clean
        for key, value in state.attributes.items()
        if key in SNAPSHOT_ATTRIBUTES and (clean := _json_scalar(value)) is not None
    }


class HomeMirror:
    """Builds snapshots of the exposed home and streams state changes of the entities in the last one."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._tracked: frozenset[str] = frozenset()
        self._unsub_states: Callable[[], None] | None = None
        self._unsubs: list[Callable[[], None]] = []
        self._sender: Sender | None = None
        self._resend: Callable[[], None] | None = None
        self._debouncer: Debouncer[None] | None = None
        self.counts: dict[str, int] = {"floors": 0, "areas": 0, "entities": 0, "persons": 0}

    @callback
    def build_snapshot(self) -> dict[str, Any]:
        """Return a `home_snapshot` frame and start tracking the entities it holds."""
        hass = self._hass
        ent_reg = er.async_get(hass)
        dev_reg = dr.async_get(hass)

        floors = [
            {"id": floor.floor_id, "name": _clip(floor.name) or floor.floor_id}
            for floor in fr.async_get(hass).async_list_floors()
        ]
        areas: list[dict[str, Any]] = [
            {
                "id": area.id,
                "name": _clip(area.name) or area.id,
                "floor": area.floor_id,
                "aliases": sorted({_clip(a) for a in area.aliases if a.strip()}),
            }
            for area in ar.async_get(hass).async_list_areas()
        ]
        known_areas = {area["id"] for area in areas}

        entities: list[dict[str, Any]] = []
        for state in hass.states.async_all():
            if len(entities) >= protocol.MAX_SNAPSHOT_ENTITIES:
                LOGGER.warning(
                    "More than %s entities are exposed to Assist; the Hearth hub sees the first %s",
                    protocol.MAX_SNAPSHOT_ENTITIES,
                    protocol.MAX_SNAPSHOT_ENTITIES,
                )
                break
            if not async_should_expose(hass, ASSISTANT, state.entity_id):
                continue
            entry = ent_reg.async_get(state.entity_id)
            entities.append(self._describe(state, entry, dev_reg, known_areas))

        persons = [
            {
                "id": str(state.attributes.get("id") or state.entity_id)[:128],
                "name": state.name[:128] or state.entity_id,
                "user_id": state.attributes.get("user_id"),
            }
            for state in hass.states.async_all("person")
        ]

        if _too_large(entities):
            LOGGER.warning("The home snapshot is too large for the Hearth hub; sending it without attributes")
            for entity in entities:
                entity["attributes"] = {}
        self._track({entity["id"] for entity in entities})
        self.counts = {
            "floors": len(floors),
            "areas": len(areas),
            "entities": len(entities),
            "persons": len(persons),
        }
        return protocol.home_snapshot(floors=floors, areas=areas, entities=entities, persons=persons)

    def _describe(
        self,
        state: State,
        entry: er.RegistryEntry | None,
        dev_reg: dr.DeviceRegistry,
        known_areas: set[str],
    ) -> dict[str, Any]:
        """One entity as the hub sees it: names HA's intents match, its area, state and a few attributes."""
        name = _clip(state.name) or state.entity_id
        aliases: list[str] = []
        area_id: str | None = None
        device_class = state.attributes.get("device_class")
        if entry is not None:
            for alias in intent.async_get_entity_aliases(self._hass, entry, state=state, allow_empty=False):
                clean = _clip(alias)
                if clean and clean != name and clean not in aliases:
                    aliases.append(clean)
            area_id = entry.area_id
            if area_id is None and entry.device_id and (device := dev_reg.async_get(entry.device_id)):
                area_id = dr.async_get_effective_area_id(self._hass, device)
            device_class = entry.device_class or entry.original_device_class or device_class
        return {
            "id": state.entity_id,
            "name": name,
            "aliases": aliases,
            "area": area_id if area_id in known_areas else None,
            "domain": state.domain,
            "device_class": str(device_class)[: protocol.MAX_NAME_CHARS] if device_class else None,
            "state": state.state,
            "attributes": selected_attributes(state),
        }

    @callback
    def async_start(self, sender: Sender, resend: Callable[[], None]) -> None:
        """Stream deltas through `sender`, and call `resend` (debounced) when what is exposed changes."""
        self._sender = sender
        self._resend = resend
        self._debouncer = Debouncer(
            self._hass, LOGGER, cooldown=SNAPSHOT_DEBOUNCE, immediate=False, function=self._async_resend
        )
        bus = self._hass.bus
        schedule = self._async_schedule_resend
        self._unsubs = [
            async_listen_entity_updates(self._hass, ASSISTANT, schedule),
            bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, schedule),
            bus.async_listen(dr.EVENT_DEVICE_REGISTRY_UPDATED, schedule),
            bus.async_listen(ar.EVENT_AREA_REGISTRY_UPDATED, schedule),
            bus.async_listen(fr.EVENT_FLOOR_REGISTRY_UPDATED, schedule),
            bus.async_listen(EVENT_STATE_CHANGED, schedule, event_filter=self._is_new_exposed_entity),
        ]

    @callback
    def _async_schedule_resend(self, _event: Event[Any] | None = None) -> None:
        """Something that shapes the snapshot changed; send a new one once changes settle."""
        if self._debouncer is not None:
            self._debouncer.async_schedule_call()

    @callback
    def async_stop(self) -> None:
        """Stop listening; safe to call twice."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs = []
        if self._unsub_states is not None:
            self._unsub_states()
            self._unsub_states = None
        if self._debouncer is not None:
            self._debouncer.async_shutdown()
            self._debouncer = None
        self._sender = None

    @callback
    def _async_resend(self) -> None:
        if self._resend is not None:
            self._resend()

    @callback
    def _is_new_exposed_entity(self, data: EventStateChangedData) -> bool:
        """A new entity (or one coming back) that is exposed but not in the last snapshot."""
        return (
            data["old_state"] is None
            and data["entity_id"] not in self._tracked
            and async_should_expose(self._hass, ASSISTANT, data["entity_id"])
        )

    @callback
    def _track(self, entity_ids: set[str]) -> None:
        """Follow state changes of exactly these entities."""
        if self._unsub_states is not None:
            self._unsub_states()
            self._unsub_states = None
        self._tracked = frozenset(entity_ids)
        if entity_ids:
            self._unsub_states = async_track_state_change_event(self._hass, entity_ids, self._state_changed)

    @callback
    def _state_changed(self, event: Event[EventStateChangedData]) -> None:
        if self._sender is None:
            return
        new_state = event.data["new_state"]
        if new_state is None:
            self._sender(event.data["entity_id"], None, {})
        else:
            self._sender(new_state.entity_id, new_state.state, selected_attributes(new_state))
