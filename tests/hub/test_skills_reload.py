"""`POST /api/v1/skills/reload`: skills' on/off state and `[care]` re-read from the config file without a restart."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from hub.config import load_config
from hub.server.serve import running_hub
from tests.hub.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
BASE = f"""[hub]
host = "127.0.0.1"
port = 0
token = "{TOKEN}"
home = "virtual"
zeroconf = false
mqtt_url = "mqtt://127.0.0.1:1"
"""
CARE = """
[care]
ask_timeout_s = {ask}
[care.people.rose]
name = "Rose"
contacts = ["notify.mobile_app_anna"]
[care.wearables]
wrist-01 = "rose"
[care.device_areas]
wrist-01 = "living_room"
[care.satellites]
living_room = "assist_satellite.living_room"
[care.sleep.rose]
bed = "bed-1"
"""


def _write(path: Path, data_dir: Path, *, ask: int = 30, skills: str = "") -> None:
    path.write_text(BASE + f'data_dir = "{data_dir}"\n' + CARE.format(ask=ask) + skills, encoding="utf-8")


async def test_reload_applies_skill_states_and_care_settings(tmp_path: Path) -> None:
    path = tmp_path / "hearth.toml"
    _write(path, tmp_path / "data")
    async with running_hub(load_config(path, {})) as hub, aiohttp.ClientSession(base_url=hub.url,
                                                                                 headers=AUTH) as http:
        care = hub.runtime.care
        assert care is not None
        async with http.get("/api/v1/skills") as resp:
            assert [s["enabled"] for s in (await resp.json())["skills"]] == [True, True]

        _write(path, tmp_path / "data", ask=60, skills="[skills.sleep_report]\nenabled = false\n")
        async with http.post("/api/v1/skills/reload") as resp:
            assert resp.status == 200
            body = await resp.json()
        assert body == {"skills": [{"name": "fall_response", "enabled": True, "configured": True},
                                   {"name": "sleep_report", "enabled": False, "configured": True}]}
        assert care.escalation.settings["ask_timeout_s"] == 60
        assert not care.sleep.enabled
        async with http.post("/api/v1/skills/sleep_report/run") as resp:
            assert resp.status == 409
            assert (await resp.json())["error"] == "skill_disabled"

        # The next fall uses the new settings; a disabled fall skill opens no incident.
        incident = await care.escalation.open(device_id="wrist-01", area="living_room", confidence=0.9, reason={})
        assert incident is not None
        assert incident.steps[0].wait_s == 60.0
        _write(path, tmp_path / "data", skills="[skills.fall_response]\nenabled = false\n")
        async with http.post("/api/v1/skills/reload") as resp:
            assert [s["enabled"] for s in (await resp.json())["skills"]] == [False, True]
        assert await care.escalation.open(device_id="wrist-02", area=None, confidence=0.9, reason={}) is None
        assert care.escalation.open_incidents == [incident]  # the open one still escalates

        # A file that does not validate changes nothing.
        path.write_text(BASE + '[care]\nask_timeout_s = "soon"\n', encoding="utf-8")
        async with http.post("/api/v1/skills/reload") as resp:
            assert resp.status == 400
            error = await resp.json()
        assert error["error"] == "invalid_config"
        assert "ask_timeout_s" in error["message"]
        assert care.escalation.settings["ask_timeout_s"] == 30
        assert not care.escalation.enabled


async def test_reload_without_a_config_file_or_care(tmp_path: Path) -> None:
    config = load_config(None, {"host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp_path / "d"),
                                "home": "virtual", "zeroconf": False})
    async with (
        running_hub(config) as hub,
        aiohttp.ClientSession(base_url=hub.url, headers=AUTH) as http,
        http.post("/api/v1/skills/reload") as resp,
    ):
        assert resp.status == 409
        assert (await resp.json())["error"] == "no_config_file"
    path = tmp_path / "hearth.toml"
    path.write_text(BASE.replace('mqtt_url = "mqtt://127.0.0.1:1"\n', "") + f'data_dir = "{tmp_path / "e"}"\n'
                    "[skills.fall_response]\nenabled = false\n", encoding="utf-8")
    async with running_hub(load_config(path, {})) as hub, aiohttp.ClientSession(base_url=hub.url,
                                                                                 headers=AUTH) as http:
        async with http.post("/api/v1/skills/reload") as resp:
            assert resp.status == 200
            assert (await resp.json())["skills"][0] == {"name": "fall_response", "enabled": False,
                                                        "configured": False}
        async with http.post("/api/v1/skills/reload", headers={"Authorization": "Bearer wrong-token-0123456789"}
                             ) as resp:
            assert resp.status == 401
