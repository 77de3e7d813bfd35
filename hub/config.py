"""Hub settings from a TOML file and command-line flags (flags win), validated before anything starts."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import voluptuous as vol

from hub.errors import ConfigError
from hub.home.model import humanize_invalid

DEFAULT_PORT = 8765
DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "hearth"
SKILL_NAMES = ("fall_response", "sleep_report")

_SCHEMA = vol.Schema(
    {
        vol.Optional("name", default="Hearth"): vol.All(str, vol.Length(min=1, max=63)),
        vol.Optional("host", default="0.0.0.0"): vol.All(str, vol.Length(min=1)),
        vol.Optional("port", default=DEFAULT_PORT): vol.All(int, vol.Range(min=0, max=65535)),
        vol.Optional("token"): vol.Any(None, vol.All(str, vol.Length(min=16, max=256))),
        vol.Optional("data_dir", default=str(DEFAULT_DATA_DIR)): vol.All(str, vol.Length(min=1)),
        vol.Optional("home", default="ha"): vol.In(["ha", "virtual"]),
        vol.Optional("zeroconf", default=True): bool,
        vol.Optional("log_level", default="info"): vol.In(["debug", "info", "warning", "error"]),
        vol.Optional("log_format", default="text"): vol.In(["text", "json"]),
        vol.Optional("mqtt_url"): vol.Any(None, vol.All(str, vol.Match(r"^(mqtt|tcp)://[^/\s]+$"))),
        vol.Optional("care", default=dict): dict,
        vol.Optional("skills", default=dict): {vol.In(SKILL_NAMES): {vol.Optional("enabled", default=True): bool}},
        vol.Optional("generator_dir"): vol.Any(None, vol.All(str, vol.Length(min=1))),
        vol.Optional("generator_timeout_s", default=20.0): vol.All(vol.Coerce(float), vol.Range(min=0.1, max=600)),
        vol.Optional("multistep", default=False): bool,
        vol.Optional("remote_url"): vol.Any(None, vol.All(str, vol.Match(r"^https?://\S+$"))),
        vol.Optional("remote_model", default="hearth"): vol.All(str, vol.Length(min=1, max=200)),
        vol.Optional("remote_api_key"): vol.Any(None, vol.All(str, vol.Length(min=1, max=4096))),
        vol.Optional("remote_timeout_s", default=30.0): vol.All(vol.Coerce(float), vol.Range(min=0.1, max=600)),
        vol.Optional("remote_max_retries", default=2): vol.All(int, vol.Range(min=0, max=10)),
        vol.Optional("remote_price_in_per_mtok", default=0.0): vol.All(vol.Coerce(float), vol.Range(min=0)),
        vol.Optional("remote_price_out_per_mtok", default=0.0): vol.All(vol.Coerce(float), vol.Range(min=0)),
    },
    extra=vol.PREVENT_EXTRA,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class HubConfig:
    """Everything `serve` needs; `home="virtual"` runs on the built-in demo home instead of a paired HA."""

    name: str
    host: str
    port: int
    token: str | None
    data_dir: Path
    home: str
    zeroconf: bool
    log_level: str
    log_format: str
    mqtt_url: str | None = None
    """`mqtt://host:port` of the broker the ESP32 sensors publish to; unset: no care loop."""
    care: Mapping[str, Any] = field(default_factory=dict)
    """The `[care]` settings: people, wearables, satellites, areas, timeouts (see docs/care.md)."""
    skills: Mapping[str, Any] = field(default_factory=dict)
    """`[skills.<name>] enabled = false` turns a skill off; re-read by `POST /api/v1/skills/reload`."""
    config_path: Path | None = None
    """The TOML file this came from, so skills' state and `[care]` can be re-read without a restart."""
    generator_dir: Path | None = None
    """A decoder model converted to CTranslate2 (with its tokenizer files); unset: no local generator tier."""
    generator_timeout_s: float = 20.0
    multistep: bool = False
    """Requests the local tiers decline go to the plan → act → observe loop (the generator's model, else the
    remote's) instead of one-shot tool calls from the generator and remote tiers."""
    remote_url: str | None = None
    """An OpenAI-compatible API base (`…/v1`); unset: no remote tier. Calls pass the household privacy setting."""
    remote_model: str = "hearth"
    remote_api_key: str | None = field(default=None, repr=False)
    """A secret: never logged, never in `repr`."""
    remote_timeout_s: float = 30.0
    remote_max_retries: int = 2
    remote_price_in_per_mtok: float = 0.0
    remote_price_out_per_mtok: float = 0.0


def load_config(path: Path | None, overrides: dict[str, Any]) -> HubConfig:
    """Merge the file (if any) with flags that were actually given, then validate the whole."""
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"config file {path} is not valid TOML: {err}") from None
        top, raw = raw, dict(raw.get("hub", raw))
        for table in ("care", "skills"):  # a [care] or [skills] table beside [hub]
            if "hub" in top and table in top:
                raw.setdefault(table, top[table])
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        valid = _SCHEMA(raw)
    except vol.Invalid as err:
        raise ConfigError(f"invalid configuration: {humanize_invalid(err)}") from None
    return HubConfig(
        name=valid["name"],
        host=valid["host"],
        port=valid["port"],
        token=valid.get("token"),
        data_dir=Path(valid["data_dir"]).expanduser(),
        home=valid["home"],
        zeroconf=valid["zeroconf"],
        log_level=valid["log_level"],
        log_format=valid["log_format"],
        mqtt_url=valid.get("mqtt_url"),
        care=valid["care"],
        skills=valid["skills"],
        config_path=path,
        generator_dir=Path(valid["generator_dir"]).expanduser() if valid.get("generator_dir") else None,
        generator_timeout_s=valid["generator_timeout_s"],
        multistep=valid["multistep"],
        remote_url=valid.get("remote_url"),
        remote_model=valid["remote_model"],
        remote_api_key=valid.get("remote_api_key"),
        remote_timeout_s=valid["remote_timeout_s"],
        remote_max_retries=valid["remote_max_retries"],
        remote_price_in_per_mtok=valid["remote_price_in_per_mtok"],
        remote_price_out_per_mtok=valid["remote_price_out_per_mtok"],
    )
