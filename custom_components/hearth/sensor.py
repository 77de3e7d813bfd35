"""Sensors: the tier that answered last, the hub's model status, and each member's last night (one sensor per
sleep metric with its data-quality flag, on the member's device)."""

from __future__ import annotations

from typing import Any, Final, override

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTime
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import HearthEntity, member_device_info
from .models import HearthConfigEntry, TurnRecord, signal_turn

PARALLEL_UPDATES = 0
EVENT_SLEEP_REPORT: Final = "hearth_sleep_report"
METRICS: Final[dict[str, tuple[str | None, SensorDeviceClass | None]]] = {
    "time_in_bed_min": (UnitOfTime.MINUTES, SensorDeviceClass.DURATION),
    "total_sleep_min": (UnitOfTime.MINUTES, SensorDeviceClass.DURATION),
    "sleep_onset_latency_min": (UnitOfTime.MINUTES, SensorDeviceClass.DURATION),
    "wake_after_sleep_onset_min": (UnitOfTime.MINUTES, SensorDeviceClass.DURATION),
    "efficiency_pct": (PERCENTAGE, None),
    "awakenings": (None, None),
    "bed_exits": (None, None),
    "snore_min": (UnitOfTime.MINUTES, SensorDeviceClass.DURATION),
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HearthConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's sensors now, and a person's sleep sensors when their first report arrives."""
    async_add_entities([HearthLastTierSensor(entry), HearthModelStatusSensor(entry)])
    sensors: dict[tuple[str, str], HearthSleepSensor] = {}

    @callback
    def on_report(event: Event[dict[str, Any]]) -> None:
        person = event.data.get("person")
        metrics = event.data.get("metrics")
        if not isinstance(person, str) or not isinstance(metrics, dict):
            return
        new = []
        for key in METRICS:
            sensor = sensors.get((person, key))
            if sensor is None:
                sensor = sensors[(person, key)] = HearthSleepSensor(entry, person, key)
                new.append(sensor)
            sensor.update_from(metrics.get(key), event.data.get("night_of"))
        if new:
            async_add_entities(new)
        for key in METRICS:
            sensor = sensors[(person, key)]
            if sensor.hass is not None:
                sensor.async_write_ha_state()

    entry.async_on_unload(hass.bus.async_listen(EVENT_SLEEP_REPORT, on_report))


class HearthSleepSensor(HearthEntity, SensorEntity):
    """One metric of one person's last night."""

    _attr_state_class = SensorStateClass.MEASUREMENT

    def __init__(self, entry: HearthConfigEntry, person: str, key: str) -> None:
        super().__init__(entry, f"sleep-{person}-{key}", device_info=member_device_info(entry, person))
        self._attr_translation_key = f"sleep_{key}"
        unit, device_class = METRICS[key]
        self._attr_native_unit_of_measurement = unit
        self._attr_device_class = device_class
        self._quality: str | None = None
        self._night: str | None = None

    def update_from(self, metric: Any, night_of: Any) -> None:
        value = metric.get("value") if isinstance(metric, dict) else None
        self._attr_native_value = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        quality = metric.get("quality") if isinstance(metric, dict) else None
        self._quality = quality if isinstance(quality, str) else None
        self._night = night_of if isinstance(night_of, str) else None

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """How complete the data behind the number was, and which night it is."""
        return {"quality": self._quality, "night_of": self._night}


TIERS: Final = ["memory", "nlu", "template", "generator", "remote", "confirmation", "router", "none", "error"]
"""`converse_result.tier` values (docs/protocol.md), and `error` for a turn the hub never answered."""
MODEL_STATES: Final = ["ok", "failed", "unknown"]


class HearthLastTierSensor(HearthEntity, SensorEntity):
    """Which understanding tier answered the last conversation turn (text never leaves the hub)."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = TIERS
    _attr_translation_key = "last_tier"
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    def __init__(self, entry: HearthConfigEntry) -> None:
        super().__init__(entry, "last_tier")
        self._outcome: str | None = None
        self._latency: float | None = None

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the entry's turns."""
        await super().async_added_to_hass()
        self.async_on_remove(async_dispatcher_connect(self.hass, signal_turn(self.entry.entry_id), self._on_turn))

    @callback
    def _on_turn(self, record: TurnRecord) -> None:
        tier = record.tier if record.tier in TIERS else ("error" if record.tier is None else "none")
        self._attr_native_value = tier
        self._outcome = record.outcome
        self._latency = record.latency_ms
        self.async_write_ha_state()

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """How the turn ended and how long the hub took."""
        return {"outcome": self._outcome, "latency_ms": self._latency}


class HearthModelStatusSensor(HearthEntity, SensorEntity):
    """Whether every model the hub ships or is configured with loaded (`unknown` for hubs that do not say)."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = MODEL_STATES
    _attr_translation_key = "model_status"
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    def __init__(self, entry: HearthConfigEntry) -> None:
        super().__init__(entry, "model_status")

    @property
    @override
    def available(self) -> bool:
        """Only while the hub is connected: its answer may change when it restarts."""
        return self.entry.runtime_data.link.connected

    @property
    @override
    def native_value(self) -> str:
        """`failed` when any model failed to load."""
        models = self.entry.runtime_data.info.models
        if not models:
            return "unknown"
        return "failed" if any(model.status == "failed" for model in models) else "ok"

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """Each model's status."""
        return {"models": {model.name: model.status for model in self.entry.runtime_data.info.models}}

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the link (the hub's info is read again after each reconnect)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.entry.runtime_data.add_info_listener(self.async_write_ha_state))
        self.async_on_remove(self.entry.runtime_data.link.add_status_listener(lambda _up: self.async_write_ha_state()))
