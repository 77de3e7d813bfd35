"""The care loop inside a running hub: config keys, MQTT in, incident events in the outbox, REST responses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from firmware_bridge.broker import mosquitto
from firmware_bridge.device import device_bridge, imu_batches, stream
from hub.config import load_config
from hub.errors import ConfigError
from hub.server.serve import running_hub
from models.fall import synth
from tests.hub.conftest import TOKEN

CARE = {
    "people": {"rose": {"name": "Rose", "age": 84, "contacts": ["notify.mobile_app_anna"]}},
    "wearables": {"wrist-01": "rose"},
    "satellites": {"living_room": "assist_satellite.living_room"},
    "device_areas": {"wrist-01": "living_room"},
    "sleep": {"rose": {"bed": "bed-1", "sound_level": "sensor.bedroom_sound"}},
}


@pytest.fixture
def broker() -> Iterator[str]:
    with mosquitto() as url:
        yield url


def test_care_settings_come_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "hearth.toml"
    path.write_text('[hub]\nmqtt_url = "mqtt://127.0.0.1:1883"\n[care]\nask_timeout_s = 20\n'
                    '[care.wearables]\nwrist-01 = "rose"\n')
    config = load_config(path, {})
    assert config.mqtt_url == "mqtt://127.0.0.1:1883"
    assert config.care == {"ask_timeout_s": 20, "wearables": {"wrist-01": "rose"}}
    assert load_config(None, {}).mqtt_url is None
    with pytest.raises(ConfigError):
        load_config(None, {"mqtt_url": "http://example"})


async def test_a_fall_over_mqtt_reaches_the_outbox_and_a_phone_ack_resolves_it(tmp_path: Path, broker: str) -> None:
    config = load_config(None, {"host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp_path / "d"),
                                "home": "virtual", "zeroconf": False, "mqtt_url": broker, "care": CARE})
    rec = synth.make_recording(9_900_002, "fall_backward", placement="pendant", hz=100)
    async with running_hub(config) as hub, aiohttp.ClientSession(
        headers={"Authorization": f"Bearer {TOKEN}"}
    ) as http:
        care = hub.runtime.care
        assert care is not None
        await asyncio.sleep(0.5)
        async with device_bridge(broker, "wrist-01") as device:
            await stream(device, imu_batches("wrist-01", rec.data[:, 1:7].tolist(), 100), speed=0)
            async with asyncio.timeout(10):
                while len(hub.runtime.outbox.pending()) < 2:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
        types = [e["event_type"] for e in hub.runtime.outbox.pending()]
        assert types == ["hearth_fall_detected", "hearth_fall_escalated"]
        incident = care.escalation.open_incidents[0].incident_id
        async with http.get(f"{hub.url}/api/v1/incidents") as resp:
            assert [i["incident_id"] for i in await resp.json()] == [incident]
        url = f"{hub.url}/api/v1/incidents/{incident}/respond"
        async with http.post(url, json={"response": "maybe"}) as resp:
            assert resp.status == 400
        async with http.post(url, json={"response": "ack", "by": "notify.mobile_app_anna"}) as resp:
            assert resp.status == 200
        async with http.post(url, json={"response": "ack"}) as resp:
            assert resp.status == 404
        async with http.post(f"{hub.url}/api/v1/sleep/rose/start") as resp:
            assert resp.status == 202
        assert care.sleep.nights["rose"].tracker.started is not None
        async with http.post(f"{hub.url}/api/v1/sleep/nobody/start") as resp:
            assert resp.status == 404
        resolved = hub.runtime.outbox.pending()[-1]
        assert resolved["event_type"] == "hearth_fall_resolved"
        assert resolved["data"]["resolution"] == "acknowledged"
    assert (tmp_path / "d" / "incidents.json").exists()


async def test_who_is_home_comes_from_person_entities(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from hub.home.model import Entity
    from hub.sensing.care import people_home

    entities = {"person.tom": Entity(entity_id="person.tom", name="Tom", state="home"),
                "person.rose": Entity(entity_id="person.rose", name="Rose", state="not_home"),
                "light.kitchen": Entity(entity_id="light.kitchen", name="Kitchen", state="home")}
    runtime = SimpleNamespace(home=SimpleNamespace(entities=entities))
    assert people_home(runtime) == ["tom"]  # type: ignore[arg-type]
