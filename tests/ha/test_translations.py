"""The non-code assets: strings.json and its English translation agree, every key the code uses exists, every
form field is described, and translated messages keep exactly the placeholders the code fills in."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

import yaml

import custom_components.hearth as integration

ROOT = Path(integration.__file__).parent


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / name).read_text(encoding="utf-8"))
    return data


def _source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("*.py")))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_translation_is_strings_json() -> None:
    """Custom integrations ship translations/en.json as-is; it must say what strings.json says."""
    assert _load("translations/en.json") == _load("strings.json")


def _steps(strings: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    steps = list(strings["config"]["step"].items()) + list(strings["options"]["step"].items())
    for kind, sub in strings["config_subentries"].items():
        steps += [(f"{kind}.{step_id}", step) for step_id, step in sub["step"].items()]
    return steps


def test_every_field_is_described() -> None:
    """Each form field (config, options and subentry flows) has a label and a data_description."""
    for step_id, step in _steps(_load("strings.json")):
        assert set(step.get("data", {})) == set(step.get("data_description", {})), step_id


def test_every_key_the_code_uses_exists() -> None:
    """Exception keys raised or spoken, form errors, aborts, entity and issue keys all have text."""
    strings = _load("strings.json")
    source = _source()
    used_exceptions = set(re.findall(r'translation_key="(\w+)"', source)) - set(strings["selector"])
    used_exceptions |= set(re.findall(r'self\._async_error\(\s*user_input,\s*chat_log,\s*"(\w+)"', source))
    assert used_exceptions
    assert used_exceptions <= set(strings["exceptions"])
    used_errors = set(re.findall(r'\{"base": "(\w+)"\}', source))
    assert used_errors <= set(strings["config"]["error"])
    aborts = set(strings["config"]["abort"])
    for sub in strings["config_subentries"].values():
        aborts |= set(sub["abort"])
    aborts |= set(strings["issues"]["pipeline_prefers_local"]["fix_flow"]["abort"])
    used_aborts = set(re.findall(r'reason="(\w+)"', source)) | {"already_configured", "reauth_successful"}
    assert used_aborts <= aborts
    entity_keys = set(re.findall(r'_attr_translation_key = f?"(\w+)"', source))
    entity_keys |= set(re.findall(r'HearthEventEntity\(entry, "(\w+)"', source))
    known = {key for platform in strings["entity"].values() for key in platform}
    assert {key for key in entity_keys if not key.startswith("sleep_")} <= known
    issue_keys = set(re.findall(r"^ISSUE_\w+: Final = \"(\w+)\"", source, re.MULTILINE))
    assert issue_keys
    assert issue_keys <= set(strings["issues"])


def test_every_action_is_translated() -> None:
    """services.yaml and strings.json describe the same actions and fields."""
    services = yaml.safe_load((ROOT / "services.yaml").read_text(encoding="utf-8"))
    strings = _load("strings.json")["services"]
    assert set(services) == set(strings)
    for name, service in services.items():
        assert set((service or {}).get("fields", {})) == set(strings[name].get("fields", {})), name
        assert strings[name]["name"]
        assert strings[name]["description"]


def test_placeholders_are_kept() -> None:
    """Each translated message uses exactly the placeholders the code passes for its key."""
    strings = _load("strings.json")
    source = _source()
    pattern = re.compile(r'translation_key="(\w+)",\s*translation_placeholders=\{([^}]*)\}', re.DOTALL)
    checked = 0
    for key, body in pattern.findall(source):
        given = set(re.findall(r'"(\w+)":', body))
        if key in strings["exceptions"]:
            assert _placeholders(strings["exceptions"][key]["message"]) == given, key
            checked += 1
    assert checked
    # Spoken errors fill their placeholders from a dict literal too.
    assert _placeholders(strings["exceptions"]["text_too_long"]["message"]) == {"max"}
    assert _placeholders(strings["exceptions"]["hub_error"]["message"]) == {"code"}
    # Issues: the placeholders repairs.py passes.
    assert _placeholders(strings["issues"]["protocol_incompatible"]["description"]) == {
        "name", "hub_protocol", "protocol"
    }
    assert _placeholders(strings["issues"]["model_failed"]["description"]) == {"name", "models", "error"}
    assert _placeholders(strings["issues"]["pipeline_prefers_local"]["title"]) == {"pipeline"}
    # Entity names of per-member entities carry no placeholder: the member's device names them.
    for platform in strings["entity"].values():
        for key, entity in platform.items():
            assert not _placeholders(entity["name"]), key
