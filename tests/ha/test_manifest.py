"""manifest.json, hacs.json and quality_scale.yaml against Home Assistant's and HACS's published rules.

`script.hassfest` is not shipped in the `homeassistant` wheel (it lives in HA's source repository), so the
rules it applies to a custom integration are encoded here from the developer docs ("Integration manifest",
"Integration quality scale") and HACS's "Integration requirements" / `hacs.json` docs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from awesomeversion import AwesomeVersion
from homeassistant import components as ha_components
from homeassistant.const import __version__ as HA_VERSION

import custom_components.hearth as integration

ROOT = Path(integration.__file__).parent
REPO = ROOT.parent.parent

INTEGRATION_TYPES = {"device", "entity", "hardware", "helper", "hub", "service", "system", "virtual"}
IOT_CLASSES = {"assumed_state", "cloud_polling", "cloud_push", "local_polling", "local_push", "calculated"}
MANIFEST_KEYS = {
    "domain", "name", "after_dependencies", "bluetooth", "codeowners", "config_flow", "dependencies", "dhcp",
    "documentation", "homekit", "integration_type", "iot_class", "issue_tracker", "loggers", "mqtt",
    "quality_scale", "requirements", "single_config_entry", "ssdp", "usb", "version", "zeroconf",
}
HACS_KEYS = {
    "name", "content_in_root", "zip_release", "filename", "hide_default_branch", "country", "homeassistant",
    "hacs", "persistent_directory",
}
# The Integration Quality Scale's rules up to Gold, and Platinum's.
BRONZE = {
    "action-setup", "appropriate-polling", "brands", "common-modules", "config-flow-test-coverage", "config-flow",
    "dependency-transparency", "docs-actions", "docs-high-level-description", "docs-installation-instructions",
    "docs-removal-instructions", "entity-event-setup", "entity-unique-id", "has-entity-name", "runtime-data",
    "test-before-configure", "test-before-setup", "unique-config-entry",
}
SILVER = {
    "action-exceptions", "config-entry-unloading", "docs-configuration-parameters", "docs-installation-parameters",
    "entity-unavailable", "integration-owner", "log-when-unavailable", "parallel-updates", "reauthentication-flow",
    "test-coverage",
}
GOLD = {
    "devices", "diagnostics", "discovery-update-info", "discovery", "docs-data-update", "docs-examples",
    "docs-known-limitations", "docs-supported-devices", "docs-supported-functions", "docs-troubleshooting",
    "docs-use-cases", "dynamic-devices", "entity-category", "entity-device-class", "entity-disabled-by-default",
    "entity-translations", "exception-translations", "icon-translations", "reconfiguration-flow", "repair-issues",
    "stale-devices",
}
PLATINUM = {"async-dependency", "inject-websession", "strict-typing"}


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    return data


def test_manifest_follows_the_published_rules() -> None:
    manifest = _manifest()
    assert set(manifest) <= MANIFEST_KEYS, set(manifest) - MANIFEST_KEYS
    # hassfest: domain and name first, then the rest sorted.
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["domain"] == ROOT.name == "hearth"
    assert re.fullmatch(r"[a-z0-9_]+", manifest["domain"])
    # Custom integrations need a version HA can parse, plus documentation and an issue tracker (HACS too).
    assert AwesomeVersion(manifest["version"]).valid
    assert manifest["documentation"].startswith("https://")
    assert manifest["issue_tracker"].startswith("https://")
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    assert manifest["integration_type"] in INTEGRATION_TYPES
    assert manifest["iot_class"] in IOT_CLASSES
    assert manifest["config_flow"] is True
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=]+", req) for req in manifest["requirements"])
    for field in ("dependencies", "after_dependencies", "zeroconf", "loggers", "codeowners"):
        assert manifest.get(field, []) == sorted(set(manifest.get(field, []))), field
    assert all(service.endswith(".local.") for service in manifest["zeroconf"])
    # Every platform module is a real HA platform, and each dependency exists in this HA.
    components = Path(ha_components.__file__).parent
    for name in manifest["dependencies"] + manifest["after_dependencies"]:
        assert (components / name / "manifest.json").is_file(), name


def test_hacs_json_follows_the_published_rules() -> None:
    hacs: dict[str, Any] = json.loads((REPO / "hacs.json").read_text(encoding="utf-8"))
    assert set(hacs) <= HACS_KEYS, set(hacs) - HACS_KEYS
    assert hacs["name"]
    assert AwesomeVersion(hacs["homeassistant"]).valid
    assert AwesomeVersion(HA_VERSION) >= AwesomeVersion(hacs["homeassistant"]), "the tested HA is older than hacs.json"
    assert not hacs.get("content_in_root", False)
    # HACS: exactly one integration under custom_components/, with a manifest.
    integrations = [p for p in (REPO / "custom_components").iterdir() if p.is_dir() and not p.name.startswith("_")]
    assert [p.name for p in integrations] == ["hearth"]
    if hacs.get("zip_release"):
        assert hacs.get("filename", "").endswith(".zip")


def test_quality_scale_audits_every_rule() -> None:
    """Every rule up to Platinum has a status; every exemption and todo says why (status + comment)."""
    rules: dict[str, Any] = yaml.safe_load((ROOT / "quality_scale.yaml").read_text(encoding="utf-8"))["rules"]
    assert set(rules) == BRONZE | SILVER | GOLD | PLATINUM, set(rules) ^ (BRONZE | SILVER | GOLD | PLATINUM)
    for name, rule in rules.items():
        status = rule if isinstance(rule, str) else rule["status"]
        assert status in {"done", "exempt", "todo"}, name
        if status != "done":
            assert isinstance(rule, dict), f"{name}: {status} needs a comment"
            assert len(rule.get("comment", "")) > 10, f"{name}: {status} needs a reason"
    # What this integration claims (issue 8): Bronze to Gold done or exempt, Platinum's typing and async done.
    open_rules = {
        name for name, rule in rules.items()
        if (rule if isinstance(rule, str) else rule["status"]) == "todo"
    }
    assert not (open_rules & (BRONZE | SILVER | GOLD)) - {"brands"}, open_rules
    for name in PLATINUM:
        assert (rules[name] if isinstance(rules[name], str) else rules[name]["status"]) == "done", name
