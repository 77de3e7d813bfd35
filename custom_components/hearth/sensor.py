"""Sleep sensors: the last morning report of each person, one sensor per metric with its data-quality flag."""

from __future__ import annotations

from typing import Any, Final, override

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.const import PERCENTAGE, UnitOfTime
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import HearthEntity
from .models import HearthConfigEntry

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
    """Add a person's sleep sensors when their first report arrives."""
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
        super().__init__(entry, f"sleep-{person}-{key}")
        self._attr_translation_key = f"sleep_{key}"
        self._attr_translation_placeholders = {"person": person.replace("_", " ").title()}
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
