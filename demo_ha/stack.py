"""The real-HA demo stack: Home Assistant 2026.10.4 (in the HA root) with the demo home, the Hearth hub on the
host, and the two paired, with nothing left to do by hand.

Used by `scripts/ha_demo` (through `python -m demo_ha`) and by the browser test (tests/browser). Only the
standard library and aiohttp (for HA's WebSocket API), so it runs in the hub's .venv and in the browser venv.

Set-up steps, each checked before it is done, so a second start reuses the first one's home:

1. the config folder in the runtime folder (inside the repository, so the HA root sees it at /repo/...):
   configuration.yaml from demo_ha/config with the port filled in, custom_components/hearth copied in fresh,
   the blueprints from blueprints/automation/hearth, and onboarding's steps other than the user pre-marked done
   (so HA never starts the onboarding integrations, which would fetch weather, TTS and radio packages);
2. HA: `scripts/ha_root.sh run hass -c /repo/<runtime>/config`;
3. the owner (onboarding's user step through its REST API), or a login through HA's login flow;
4. the hub: `python -m hub serve --home ha --no-zeroconf` on loopback, with a token kept in the runtime folder
   and a household file that makes the owner an adult (so locks and the garage door work, after a spoken yes);
5. areas, entity areas and Assist exposure over the WebSocket API;
6. the Hearth config entry through the config-flow REST API (host, port, token), then the preferred Assist
   pipeline's conversation agent set to Hearth's agent, with "prefer local intents" off so every sentence
   reaches the hub.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "demo_ha" / "config"
HA_ROOT_SCRIPT = REPO / "scripts" / "ha_root.sh"
HUB_PYTHON = REPO / ".venv" / "bin" / "python"

DEMO_USER = "demo"
DEMO_PASSWORD = "demo1234"
DEMO_NAME = "Demo"

AREAS = ("Kitchen", "Living Room", "Bedroom", "Hallway", "Garage")
"""Onboarding creates Living Room, Kitchen and Bedroom in English; the rest are created here."""

ENTITY_AREAS = {
    "light.kitchen_lights": "Kitchen",
    "light.living_room_lamp": "Living Room",
    "light.bedroom_light": "Bedroom",
    "lock.front_door": "Hallway",
    "cover.garage_door": "Garage",
    "climate.living_room_thermostat": "Living Room",
    "sensor.living_room_temperature": "Living Room",
}
"""Every demo device and its area; all of them are exposed to Assist."""

WIRING = (
    "input_boolean.kitchen_lights_power",
    "input_boolean.living_room_lamp_power",
    "input_boolean.bedroom_light_power",
    "input_boolean.front_door_bolt",
    "input_boolean.garage_door_open",
    "input_boolean.heater_power",
)
"""The input_booleans behind the template devices: hidden from Assist so names do not clash."""

HA_START_TIMEOUT_S = 240.0


class StackError(RuntimeError):
    """The demo stack could not be set up; the message says which step and where the logs are."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log(message: str) -> None:
    print(f"==> {message}", flush=True)


@dataclass
class DemoStack:
    """One demo home: its runtime folder, ports, and the HA and hub processes."""

    runtime: Path
    ha_port: int = 8123
    ha_listen: str = "127.0.0.1"
    """The address HA binds: loopback by default, since the demo's login is public."""
    hub_port: int = 8765
    quiet: bool = False
    ha_proc: subprocess.Popen[bytes] | None = field(default=None, init=False)
    hub_proc: subprocess.Popen[bytes] | None = field(default=None, init=False)
    access_token: str = field(default="", init=False)
    agent_id: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.runtime = self.runtime.resolve()
        try:
            self.runtime.relative_to(REPO)
        except ValueError as err:  # the HA root only sees the repository (bind-mounted at /repo)
            raise StackError(f"the runtime folder must be inside {REPO}: {self.runtime}") from err

    # -- paths -------------------------------------------------------------------------------------------------
    @property
    def config_dir(self) -> Path:
        return self.runtime / "config"

    @property
    def hub_dir(self) -> Path:
        return self.runtime / "hub"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ha_port}"

    @property
    def client_id(self) -> str:
        return f"{self.url}/"

    def say(self, message: str) -> None:
        if not self.quiet:
            _log(message)

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Everything, idempotently: config, hub, HA, owner, home, pairing, pipeline."""
        started = time.monotonic()
        self.reap_leftovers()
        self.write_config()
        if (self.hub_dir / "household.toml").exists():
            self.start_hub()  # a later start: up before HA, so the paired entry finds its hub at once
        self.start_ha()
        self.login()
        self.say(f"Home Assistant is up ({time.monotonic() - started:.0f} s); setting up the demo home")
        if self.write_household(asyncio.run(self._owner_id())):
            self.stop_hub()  # it reads the household file when it starts
        self.start_hub()
        asyncio.run(self._setup_home())
        self.pair()
        asyncio.run(self._setup_pipeline())
        self.say(f"demo stack ready in {time.monotonic() - started:.0f} s")

    def stop(self) -> None:
        """Stop HA (SIGINT to its process group: hass shuts down cleanly, then ha_root.sh unmounts) and the hub."""
        self.stop_ha()
        self.stop_hub()
        (self.runtime / "pids.json").unlink(missing_ok=True)

    def reap_leftovers(self) -> None:
        """Stop what an earlier run in this runtime folder left running (it was killed before it could stop HA
        and the hub), found through the process ids it wrote down."""
        pids_file = self.runtime / "pids.json"
        try:
            pids = json.loads(pids_file.read_text())
        except (OSError, ValueError):
            return
        for name, pid in pids.items():
            try:
                cmdline = Path(f"/proc/{int(pid)}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError):
                continue
            if self._marker(name) not in cmdline:
                continue  # the id was reused by something else
            label = "Home Assistant" if name == "ha" else "the hub"
            self.say(f"stopping {label}, which an earlier run left running (pid {pid})")
            try:
                os.killpg(int(pid), signal.SIGINT if name == "ha" else signal.SIGTERM)
            except ProcessLookupError:
                continue
            deadline = time.monotonic() + 60
            while Path(f"/proc/{int(pid)}").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            if Path(f"/proc/{int(pid)}").exists():
                os.killpg(int(pid), signal.SIGKILL)
        pids_file.unlink(missing_ok=True)

    def _marker(self, name: str) -> str:
        """A string only this runtime folder's HA or hub has on its command line."""
        return f"/repo/{self.config_dir.relative_to(REPO)}" if name == "ha" else str(self.hub_dir)

    def _write_pids(self) -> None:
        pids = {name: proc.pid for name, proc in (("ha", self.ha_proc), ("hub", self.hub_proc)) if proc is not None}
        self.runtime.mkdir(parents=True, exist_ok=True)
        (self.runtime / "pids.json").write_text(json.dumps(pids))

    def __enter__(self) -> DemoStack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- 1. config ---------------------------------------------------------------------------------------------
    def write_config(self) -> None:
        config = self.config_dir
        (config / ".storage").mkdir(parents=True, exist_ok=True)
        shutil.copy(TEMPLATE / "configuration.yaml", config / "configuration.yaml")
        self._write_http_settings()
        for name in ("automations.yaml",):
            if not (config / name).exists():
                shutil.copy(TEMPLATE / name, config / name)
        component = config / "custom_components" / "hearth"
        shutil.rmtree(component, ignore_errors=True)
        shutil.copytree(
            REPO / "custom_components" / "hearth", component, ignore=shutil.ignore_patterns("__pycache__")
        )
        blueprints = config / "blueprints" / "automation" / "hearth"
        blueprints.mkdir(parents=True, exist_ok=True)
        for source in sorted((REPO / "blueprints" / "automation" / "hearth").glob("*.yaml")):
            shutil.copy(source, blueprints / source.name)
        onboarding = config / ".storage" / "onboarding"
        if not onboarding.exists():
            # Only the user step is left to the REST API: core_config would start the onboarding integrations
            # (met, google_translate, radio_browser, shopping_list), which fetch packages and reach the internet;
            # the location, units and language come from configuration.yaml instead.
            onboarding.write_text(
                json.dumps(
                    {
                        "version": 4,
                        "minor_version": 1,
                        "key": "onboarding",
                        "data": {"done": ["core_config", "analytics", "integration"]},
                    }
                )
            )

    def _write_http_settings(self) -> None:
        """HA 2026.10 keeps its HTTP settings in .storage/http (YAML is imported once, then has to be confirmed in
        the UI or it reverts): write them as the confirmed ("stable") settings, on the chosen port, loopback only."""
        settings = {
            "server_port": self.ha_port,
            "server_host": [self.ha_listen],
            "cors_allowed_origins": ["https://cast.home-assistant.io"],
            "login_attempts_threshold": -1,
            "ip_ban_enabled": True,
            "ssl_profile": "modern",
            "use_x_frame_options": True,
            "created_at": datetime.now(UTC).isoformat(),
            "error": None,
            "error_message": None,
        }
        store = {
            "version": 2,
            "minor_version": 2,
            "key": "http",
            "data": {"stable": settings, "pending": None, "yaml_migration_done": True},
        }
        (self.config_dir / ".storage" / "http").write_text(json.dumps(store, indent=2))

    # -- 2. hub ------------------------------------------------------------------------------------------------
    def hub_token(self) -> str:
        path = self.runtime / "hub-token"
        if not path.exists():
            self.runtime.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(24))
            path.chmod(0o600)
        return path.read_text().strip()

    def write_household(self, owner_id: str) -> bool:
        """The hub's household file: the demo owner is an adult, so locks and the garage door work by voice (after
        a spoken yes); without it every HA user is a guest (docs/safety.md). True when the file changed."""
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        text = (
            "# Written by demo_ha: the demo home's owner (HA user 'demo') is an adult of the household.\n"
            "[[members]]\n"
            'id = "demo"\n'
            f'name = "{DEMO_NAME}"\n'
            'role = "adult"\n'
            f'ha_users = ["{owner_id}"]\n'
        )
        path = self.hub_dir / "household.toml"
        if path.exists() and path.read_text() == text:
            return False
        path.write_text(text)
        return True

    async def _owner_id(self) -> str:
        async with self._ws() as ws:
            user = await ws.call("auth/current_user")
        return str(user["id"])

    def start_hub(self) -> None:
        if self.hub_proc is not None and self.hub_proc.poll() is None:
            return
        if not HUB_PYTHON.exists():
            raise StackError(f"{HUB_PYTHON} is missing: run scripts/demo or scripts/ha_demo once")
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        self.say(f"starting the Hearth hub on 127.0.0.1:{self.hub_port} (log: {self._rel(self.runtime)}/hub.log)")
        self.hub_proc = self._spawn(
            [
                str(HUB_PYTHON), "-m", "hub", "serve", "--home", "ha", "--no-zeroconf", "--host", "127.0.0.1",
                "--port", str(self.hub_port), "--data-dir", str(self.hub_dir), f"--token={self.hub_token()}",
            ],
            "hub.log",
        )
        self._write_pids()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.hub_proc.poll() is not None:
                raise StackError(f"the hub exited with {self.hub_proc.returncode}; see {self.runtime}/hub.log")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.hub_port}/api/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise StackError(f"the hub did not answer /api/health within 60 s; see {self.runtime}/hub.log")

    def _spawn(self, argv: list[str], log_name: str) -> subprocess.Popen[bytes]:
        """A child in its own session (so a stop can signal its whole group), logging to the runtime folder."""
        with (self.runtime / log_name).open("ab") as log:
            proc = subprocess.Popen(
                argv, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        return proc

    def stop_hub(self) -> None:
        proc, self.hub_proc = self.hub_proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    # -- 3. Home Assistant -------------------------------------------------------------------------------------
    def start_ha(self) -> None:
        if self.ha_proc is not None and self.ha_proc.poll() is None:
            return
        if self._http_answers("/auth/providers"):
            raise StackError(f"something already answers on {self.url}: stop it, or pick another port (--port)")
        config_in_root = "/repo/" + str(self.config_dir.relative_to(REPO))
        self.say(f"starting Home Assistant on {self.url} (log: {self._rel(self.runtime)}/ha.log)")
        # --skip-pip: everything HA needs is installed in the root beforehand (requirements/ha-demo.txt).
        self.ha_proc = self._spawn([str(HA_ROOT_SCRIPT), "run", "hass", "-c", config_in_root, "--skip-pip"], "ha.log")
        self._write_pids()
        deadline = time.monotonic() + HA_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.ha_proc.poll() is not None:
                raise StackError(f"Home Assistant exited with {self.ha_proc.returncode}; see {self.runtime}/ha.log")
            if self._http_answers("/auth/providers"):  # any status: before onboarding it is an error
                return
            time.sleep(0.5)
        raise StackError(f"Home Assistant did not answer within {HA_START_TIMEOUT_S:.0f} s; see {self.runtime}/ha.log")

    def stop_ha(self) -> None:
        proc, self.ha_proc = self.ha_proc, None
        if proc is None or proc.poll() is not None:
            return
        # hass handles SIGINT as a clean stop; ha_root.sh (same group) waits for it, then unmounts.
        try:
            os.killpg(proc.pid, signal.SIGINT)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    # -- 4. owner and login ------------------------------------------------------------------------------------
    def login(self) -> None:
        """Get an access token as the demo owner, creating the owner on the first start. HA's HTTP server comes
        up before every integration has, so the first tries may find the onboarding or auth views missing."""
        deadline = time.monotonic() + HA_START_TIMEOUT_S
        while True:
            try:
                self._login_once()
                break
            except (StackError, OSError):  # OSError: a connection reset while HA is still starting
                if time.monotonic() > deadline or (self.ha_proc is not None and self.ha_proc.poll() is not None):
                    raise
                time.sleep(1)
        while self._request("GET", "/api/config").get("state") != "RUNNING":
            if time.monotonic() > deadline:
                raise StackError(f"Home Assistant did not finish starting; see {self.runtime}/ha.log")
            time.sleep(0.5)

    def _login_once(self) -> None:
        # Once onboarding is over, /api/onboarding is gone (404).
        steps = self._request("GET", "/api/onboarding", auth=False, missing_ok=True) or []
        user_done = not steps or any(step["step"] == "user" and step["done"] for step in steps)
        if not user_done:
            self.say(f"creating the owner '{DEMO_USER}' (onboarding)")
            answer = self._request(
                "POST",
                "/api/onboarding/users",
                {
                    "client_id": self.client_id,
                    "name": DEMO_NAME,
                    "username": DEMO_USER,
                    "password": DEMO_PASSWORD,
                    "language": "en",
                },
                auth=False,
            )
            code = answer["auth_code"]
        else:
            flow = self._request(
                "POST",
                "/auth/login_flow",
                {
                    "client_id": self.client_id,
                    "handler": ["homeassistant", None],
                    "redirect_uri": f"{self.client_id}?auth_callback=1",
                },
                auth=False,
            )
            answer = self._request(
                "POST",
                f"/auth/login_flow/{flow['flow_id']}",
                {"client_id": self.client_id, "username": DEMO_USER, "password": DEMO_PASSWORD},
                auth=False,
            )
            if answer.get("type") != "create_entry":
                raise StackError(f"logging in as {DEMO_USER} failed: {answer}")
            code = answer["result"]
        tokens = self._request(
            "POST",
            "/auth/token",
            form={"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
            auth=False,
        )
        self.access_token = tokens["access_token"]

    # -- 5. areas and exposure ---------------------------------------------------------------------------------
    async def _setup_home(self) -> None:
        async with self._ws() as ws:
            areas = {area["name"]: area["area_id"] for area in await ws.call("config/area_registry/list")}
            for name in AREAS:
                if name not in areas:
                    area = await ws.call("config/area_registry/create", name=name)
                    areas[name] = area["area_id"]
            registry = {entry["entity_id"]: entry for entry in await ws.call("config/entity_registry/list")}
            missing = [entity_id for entity_id in ENTITY_AREAS if entity_id not in registry]
            if missing:
                raise StackError(f"demo entities missing from HA: {missing}; see {self.runtime}/ha.log")
            for entity_id, area in ENTITY_AREAS.items():
                if registry[entity_id].get("area_id") != areas[area]:
                    await ws.call("config/entity_registry/update", entity_id=entity_id, area_id=areas[area])
            await ws.call(
                "homeassistant/expose_entity",
                assistants=["conversation"],
                entity_ids=list(ENTITY_AREAS),
                should_expose=True,
            )
            await ws.call(
                "homeassistant/expose_entity", assistants=["conversation"], entity_ids=list(WIRING), should_expose=False
            )

    # -- 6. pairing and the Assist pipeline --------------------------------------------------------------------
    def pair(self) -> None:
        token = self.hub_token()
        # Run the user step every time: a hub already paired (same hub id) aborts as already_configured and has
        # its host and port updated, so a demo started on another hub port still finds its hub.
        flow = self._request("POST", "/api/config/config_entries/flow", {"handler": "hearth"})
        if flow.get("type") != "form" or flow.get("step_id") != "user":
            raise StackError(f"the Hearth config flow did not start with its user step: {flow}")
        result = self._request(
            "POST",
            f"/api/config/config_entries/flow/{flow['flow_id']}",
            {"host": "127.0.0.1", "port": self.hub_port, "token": token},
        )
        if result.get("type") == "create_entry":
            self.say("paired Home Assistant with the hub (Hearth config entry created)")
        elif result.get("type") == "abort" and result.get("reason") == "already_configured":
            self.say("Hearth is already paired with this hub")
        else:
            problem = result.get("errors") or result.get("reason") or result.get("type")
            raise StackError(f"pairing with the hub on 127.0.0.1:{self.hub_port} failed: {problem}")
        self.agent_id = self._wait_for_agent()

    def _wait_for_agent(self) -> str:
        """The Hearth conversation entity, once its entry is loaded and the link to the hub is up."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            entries = self._request("GET", "/api/config/config_entries/entry?domain=hearth")
            if entries and entries[0].get("state") == "loaded":
                states = self._request("GET", "/api/states")
                agents = [s["entity_id"] for s in states if s["entity_id"].startswith("conversation.hearth")]
                if agents and self.hub_link_state() == "on":
                    return str(sorted(agents)[0])
            time.sleep(0.5)
        raise StackError(f"the Hearth agent did not come up; see {self.runtime}/ha.log and hub.log")

    async def _setup_pipeline(self) -> None:
        async with self._ws() as ws:
            listing = await ws.call("assist_pipeline/pipeline/list")
            pipelines = {p["id"]: p for p in listing["pipelines"]}
            preferred = listing.get("preferred_pipeline")
            if preferred not in pipelines:
                raise StackError(f"HA has no preferred Assist pipeline: {listing}")
            pipeline = dict(pipelines[preferred])
            pipeline_id = pipeline.pop("id")
            pipeline.update(
                name="Hearth",
                conversation_engine=self.agent_id,
                conversation_language="en",
                language="en",
                prefer_local_intents=False,
            )
            for key in list(pipeline):
                if key not in _PIPELINE_FIELDS:
                    pipeline.pop(key)
            await ws.call("assist_pipeline/pipeline/update", pipeline_id=pipeline_id, **pipeline)
            self.say(f"Assist's preferred pipeline '{pipeline['name']}' now talks to {self.agent_id}")
            long_lived = self.runtime / "ha-token"
            if not long_lived.exists() or not self._token_works(long_lived.read_text().strip()):
                token = await ws.call("auth/long_lived_access_token", client_name="hearth-demo", lifespan=3650)
                long_lived.write_text(token)
                long_lived.chmod(0o600)

    # -- REST and WebSocket helpers ----------------------------------------------------------------------------
    def state(self, entity_id: str) -> dict[str, Any]:
        state: dict[str, Any] = self._request("GET", f"/api/states/{entity_id}")
        return state

    def hub_link_state(self) -> str | None:
        """The state of the Hearth entry's connectivity sensor: "on" while HA is linked to the hub."""
        for state in self._request("GET", "/api/states"):
            if (
                state["entity_id"].startswith("binary_sensor.hearth")
                and state["attributes"].get("device_class") == "connectivity"
            ):
                return str(state["state"])
        return None

    def call_service(self, domain: str, service: str, data: dict[str, Any]) -> None:
        self._request("POST", f"/api/services/{domain}/{service}", data)

    def _token_works(self, token: str) -> bool:
        request = urllib.request.Request(f"{self.url}/api/", headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    def _http_answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    def _request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        form: dict[str, str] | None = None,
        auth: bool = True,
        missing_ok: bool = False,
    ) -> Any:
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if auth:
            headers["Authorization"] = f"Bearer {self.access_token}"
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as err:
            if missing_ok and err.code == 404:
                return None
            raise StackError(f"{method} {path}: HTTP {err.code}: {err.read()[:500]!r}") from err
        return json.loads(raw) if raw else None

    def _ws(self) -> _WebSocket:
        return _WebSocket(f"ws://127.0.0.1:{self.ha_port}/api/websocket", self.access_token)

    def _rel(self, path: Path) -> str:
        return str(path.relative_to(REPO))


_PIPELINE_FIELDS = frozenset(
    {
        "conversation_engine",
        "conversation_language",
        "language",
        "name",
        "stt_engine",
        "stt_language",
        "tts_engine",
        "tts_language",
        "tts_voice",
        "wake_word_entity",
        "wake_word_id",
        "prefer_local_intents",
    }
)


class _WebSocket:
    """A minimal client of HA's WebSocket API: authenticate, then one command at a time."""

    def __init__(self, url: str, token: str) -> None:
        self._url = url
        self._token = token
        self._next_id = 1
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None

    async def __aenter__(self) -> _WebSocket:
        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self._url, max_msg_size=0)
        await self._ws.receive_json()  # auth_required
        await self._ws.send_json({"type": "auth", "access_token": self._token})
        answer = await self._ws.receive_json()
        if answer.get("type") != "auth_ok":
            raise StackError(f"HA's WebSocket API refused the token: {answer}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()

    async def call(self, command: str, **data: Any) -> Any:
        assert self._ws is not None
        message_id = self._next_id
        self._next_id += 1
        await self._ws.send_json({"id": message_id, "type": command, **data})
        while True:
            answer = await asyncio.wait_for(self._ws.receive_json(), timeout=30)
            if answer.get("id") == message_id and answer.get("type") == "result":
                break
        if not answer.get("success"):
            raise StackError(f"{command} failed: {answer.get('error')}")
        return answer.get("result")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo_ha", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8123, help="Home Assistant's port (default: 8123)")
    parser.add_argument("--hub-port", type=int, default=8765, help="the hub's port (default: 8765)")
    parser.add_argument(
        "--listen", default="127.0.0.1",
        help="the address HA binds (default: 127.0.0.1; 0.0.0.0 opens the demo, and its public login, to the LAN)",
    )
    parser.add_argument(
        "--runtime-dir", type=Path, default=REPO / ".cache" / "ha-demo",
        help="where the demo home lives between runs (default: .cache/ha-demo)",
    )
    parser.add_argument("--fresh", action="store_true", help="forget the previous demo home and start over")
    parser.add_argument("--no-wait", action="store_true", help="set up, print the address, stop (for smoke tests)")
    args = parser.parse_args(argv)
    stack = DemoStack(args.runtime_dir, ha_port=args.port, hub_port=args.hub_port, ha_listen=args.listen)
    if args.fresh:
        stack.reap_leftovers()
        shutil.rmtree(args.runtime_dir, ignore_errors=True)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    # Ctrl-C, kill and a closed terminal all stop HA and the hub cleanly (SIGINT set explicitly: a shell starts
    # background jobs with it ignored).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    try:
        stack.start()
        print(
            f"\n  Hearth demo home: http://localhost:{args.port}\n"
            f"  login: {DEMO_USER} / {DEMO_PASSWORD}\n"
            f"  Try Assist (the speech-bubble button at the top of Overview, or press 'a'):\n"
            "    \"turn on the kitchen lights\", \"unlock the front door\" (then \"yes\"),\n"
            "    \"is the garage door open?\"\n"
            f"  Logs: {stack._rel(stack.runtime)}/ha.log and hub.log. Stop with Ctrl-C.\n",
            flush=True,
        )
        if args.no_wait:
            return 0
        while True:
            for name, proc in (("Home Assistant", stack.ha_proc), ("the hub", stack.hub_proc)):
                if proc is not None and proc.poll() is not None:
                    print(f"error: {name} exited with {proc.returncode}; see the logs above", file=sys.stderr)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        _log("stopping Home Assistant and the hub")
        return 0
    except StackError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
