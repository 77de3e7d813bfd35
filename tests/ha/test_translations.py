"""The non-code assets: strings.json and its English translation agree, and every key the code uses exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import custom_components.hearth as integration

ROOT = Path(integration.__file__).parent


def _load(name: str) -> dict:
    return json.loads((ROOT / name).read_text(encoding="utf-8"))


def test_english_translation_is_strings_json() -> None:
    """Custom integrations ship translations/en.json as-is; it must say what strings.json says."""
    assert _load("translations/en.json") == _load("strings.json")


def test_every_field_is_described() -> None:
    """Each form field has a label and a data_description."""
    for step_id, step in _load("strings.json")["config"]["step"].items():
        assert set(step["data"]) == set(step["data_description"]), step_id


def test_every_key_the_code_uses_exists() -> None:
    """Exception keys raised or spoken, and form errors and aborts, all have text."""
    strings = _load("strings.json")
    source = "\n".join(path.read_text(encoding="utf-8") for path in ROOT.glob("*.py"))
    used_exceptions = set(re.findall(r'translation_key="(\w+)"', source))
    used_exceptions |= set(re.findall(r'self\._async_error\(\s*user_input,\s*chat_log,\s*"(\w+)"', source))
    assert used_exceptions
    assert used_exceptions <= set(strings["exceptions"])
    used_errors = set(re.findall(r'\{"base": "(\w+)"\}', source))
    assert used_errors <= set(strings["config"]["error"])
    used_aborts = set(re.findall(r'reason="(\w+)"', source)) | {"already_configured", "reauth_successful"}
    assert used_aborts <= set(strings["config"]["abort"])
    entity_keys = set(re.findall(r'_attr_translation_key = "(\w+)"', source))
    assert entity_keys <= set(strings["entity"]["binary_sensor"])
