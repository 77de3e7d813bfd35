"""Start and stop the care loop (MQTT bridge, fall detection, escalation) inside a running hub."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import voluptuous as vol
from aiohttp import web

from hub.errors import ConfigError
from hub.sensing.fall_model import FallModel
from hub.sensing.service import CareSettings, OutboxSink, SensingService, incident_routes
from skills.fall_response import SETTINGS_SCHEMA, Escalation

if TYPE_CHECKING:
    from hub.config import HubConfig
    from hub.runtime import HubRuntime

_LOGGER = logging.getLogger(__name__)

CARE_SCHEMA = SETTINGS_SCHEMA.extend(
    {
        vol.Optional("device_areas", default=dict): {str: str},
        vol.Optional("radar_areas", default=dict): {str: str},
        vol.Optional("fall_threshold"): vol.All(vol.Coerce(float), vol.Range(min=0.05, max=0.99)),
    }
)


@dataclass(slots=True)
class CareLoop:
    """What `running_hub` holds while care is on."""

    service: SensingService
    escalation: Escalation
    task: asyncio.Task[None]

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


def care_settings(raw: dict[str, Any]) -> dict[str, Any]:
    try:
        valid: dict[str, Any] = CARE_SCHEMA(raw)
    except vol.Invalid as err:
        raise ConfigError(f"invalid [care] settings: {err}") from None
    return valid


async def start_care(config: HubConfig, runtime: HubRuntime, app: web.Application) -> CareLoop | None:
    """Nothing happens unless `mqtt_url` is set, so the demo and most tests are unaffected."""
    if not config.mqtt_url:
        return None
    settings = care_settings(dict(config.care))
    escalation_settings = {k: v for k, v in settings.items() if k in SETTINGS_SCHEMA.schema}
    escalation = Escalation(
        config.data_dir / "incidents.json", OutboxSink(runtime.outbox, runtime), settings=escalation_settings,
        clock=time.time,
    )
    await asyncio.to_thread(escalation.load)
    model = await asyncio.to_thread(FallModel)
    if "fall_threshold" in settings:
        model.threshold = settings["fall_threshold"]
    service = SensingService(
        escalation, model.score, threshold=model.threshold,
        settings=CareSettings(settings["device_areas"], settings["radar_areas"]),
    )
    app.router.add_routes(incident_routes(escalation))
    task = asyncio.create_task(_run(service, config.mqtt_url))
    _LOGGER.info("Care loop on %s (fall model %d bytes)", config.mqtt_url.split("@")[-1], model.size_bytes)
    return CareLoop(service, escalation, task)


async def _run(service: SensingService, url: str) -> None:
    """Keep the bridge up: a broker that is down at start is retried, never fatal for the hub."""
    delay = 1.0
    while True:
        try:
            await service.run(url)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            _LOGGER.warning("MQTT bridge stopped (%s); retrying in %.0f s", err, delay)
        await asyncio.sleep(delay)
        delay = min(30.0, delay * 2)
