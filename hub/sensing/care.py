"""Start and stop the care loop (MQTT bridge, fall detection, escalation) inside a running hub."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import voluptuous as vol
from aiohttp import web

from hub.errors import ConfigError
from hub.memory.profile import MemberProfile, member_profile
from hub.sensing.fall_model import FallModel
from hub.sensing.service import CareSettings, OutboxSink, SensingService, incident_routes
from skills.fall_response import SETTINGS_SCHEMA, Escalation
from skills.sleep_report import SleepReporter
from skills.sleep_report.reporter import PERSON_SCHEMA as SLEEP_PERSON_SCHEMA

if TYPE_CHECKING:
    from hub.config import HubConfig
    from hub.runtime import HubRuntime

_LOGGER = logging.getLogger(__name__)
SLEEP_SAMPLE_S = 60.0

CARE_SCHEMA = SETTINGS_SCHEMA.extend(
    {
        vol.Optional("device_areas", default=dict): {str: str},
        vol.Optional("radar_areas", default=dict): {str: str},
        vol.Optional("fall_threshold"): vol.All(vol.Coerce(float), vol.Range(min=0.05, max=0.99)),
        vol.Optional("sleep", default=dict): {vol.Match(r"^[a-z0-9_]+$"): SLEEP_PERSON_SCHEMA},
    }
)


@dataclass(slots=True)
class CareLoop:
    """What `running_hub` holds while care is on."""

    service: SensingService
    escalation: Escalation
    sleep: SleepReporter
    task: asyncio.Task[None]
    sleep_task: asyncio.Task[None]

    def apply(self, settings: dict[str, Any], skills: Mapping[str, Any]) -> None:
        """Take re-read `[care]` settings (validated by `care_settings`) and `[skills]` states without a restart.

        Open incidents keep the plan they were made with; the next one uses the new people, satellites and
        timeouts. Nights in progress are kept. Only the MQTT connection and the fall model need a restart.
        """
        self.escalation.settings = SETTINGS_SCHEMA({k: v for k, v in settings.items() if k in SETTINGS_SCHEMA.schema})
        self.escalation.enabled = skill_enabled(skills, "fall_response")
        self.sleep.people = settings["sleep"]
        self.sleep.enabled = skill_enabled(skills, "sleep_report")
        self.service.settings = CareSettings(settings["device_areas"], settings["radar_areas"])

    async def stop(self) -> None:
        for task in (self.task, self.sleep_task):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def skill_enabled(skills: Mapping[str, Any], name: str) -> bool:
    """A skill is on unless `[skills.<name>] enabled = false`."""
    return bool(skills.get(name, {}).get("enabled", True))


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
        clock=time.time, people_home=lambda: people_home(runtime), profiles=_profiles(runtime),
    )
    await asyncio.to_thread(escalation.load)
    model = await asyncio.to_thread(FallModel)
    if "fall_threshold" in settings:
        model.threshold = settings["fall_threshold"]
    sleep = SleepReporter(OutboxSink(runtime.outbox, runtime), time.time, settings["sleep"],
                          states=lambda entity_id: _state(runtime, entity_id), remember=_rememberer(runtime),
                          path=config.data_dir / "sleep.json")
    await asyncio.to_thread(sleep.load)
    service = SensingService(
        escalation, model.score, threshold=model.threshold,
        settings=CareSettings(settings["device_areas"], settings["radar_areas"]),
        on_bed=lambda bed, at: sleep.on_bed(bed.device_id, bed.occupied, at),
    )
    app.router.add_routes([*incident_routes(escalation), web.post("/api/v1/sleep/{person}/start", _starter(sleep))])
    task = asyncio.create_task(_run(service, config.mqtt_url))
    sleep_task = asyncio.create_task(_sample_sleep(sleep))
    _LOGGER.info("Care loop on %s (fall model %d bytes)", config.mqtt_url.split("@")[-1], model.size_bytes)
    loop = CareLoop(service, escalation, sleep, task, sleep_task)
    loop.apply(settings, config.skills)
    return loop


def people_home(runtime: HubRuntime) -> list[str]:
    """Care person ids of HA `person.<id>` entities that are `home` in the hub's mirror (when exposed)."""
    return sorted(
        entity_id.split(".", 1)[1]
        for entity_id, entity in runtime.home.entities.items()
        if entity_id.startswith("person.") and entity.state == "home"
    )


def _profiles(runtime: HubRuntime) -> Callable[[str], MemberProfile | None] | None:
    """Who fell, read from household memory when an incident opens (the `[care]` config fills the gaps)."""
    memory = runtime.memory
    if memory is None:
        return None
    return lambda member_id: member_profile(memory, member_id)


def _state(runtime: HubRuntime, entity_id: str) -> str | None:
    entity = runtime.home.entities.get(entity_id)
    return entity.state if entity is not None else None


def _rememberer(runtime: HubRuntime) -> Callable[[str, str, dict[str, Any]], None] | None:
    memory = runtime.memory
    if memory is None:
        return None

    def remember(person: str, text: str, data: dict[str, Any]) -> None:
        memory.remember(text, person=person, kind="episode", source="inferred", data=data)

    return remember


def _starter(sleep: SleepReporter) -> Callable[[web.Request], Awaitable[web.Response]]:
    """`POST /api/v1/sleep/{person}/start`: "record my sleep quality tonight"."""

    async def start(request: web.Request) -> web.Response:
        person = request.match_info["person"]
        if person not in sleep.people:
            return web.json_response({"error": "invalid_message", "message": "unknown person"}, status=404)
        sleep.start(person)
        return web.json_response({"started": person}, status=202)

    return start


async def _sample_sleep(sleep: SleepReporter) -> None:
    while True:
        await asyncio.sleep(SLEEP_SAMPLE_S)
        try:
            await sleep.sample()
        except Exception:
            _LOGGER.exception("Sleep sampling failed")


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
