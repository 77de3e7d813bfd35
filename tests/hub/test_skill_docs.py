"""Every skill has a name and a description, and every care event and endpoint is documented."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import skills
from skills.fall_response import FALL_DETECTED, FALL_ESCALATED, FALL_RESOLVED
from skills.sleep_report import SLEEP_REPORT

ROOT = Path(__file__).resolve().parents[2]


def test_every_skill_is_described() -> None:
    found = [m.name for m in pkgutil.iter_modules(skills.__path__) if m.ispkg]
    assert found
    for name in found:
        module = importlib.import_module(f"skills.{name}")
        assert name == module.NAME
        assert len(module.DESCRIPTION) > 20, name
        assert module.SETTINGS_SCHEMA is not None


def test_care_doc_names_every_event_endpoint_and_command() -> None:
    doc = (ROOT / "docs" / "care.md").read_text(encoding="utf-8")
    needles = (FALL_DETECTED, FALL_ESCALATED, FALL_RESOLVED, SLEEP_REPORT, "/api/v1/incidents/{incident_id}/respond",
               "/api/v1/sleep/{person}/start", "python -m hub eval falls", "hearth.respond_to_incident")
    for needle in needles:
        assert needle in doc, needle
    blueprints = ROOT / "blueprints" / "automation" / "hearth"
    readme = (blueprints / "README.md").read_text(encoding="utf-8")
    for path in blueprints.glob("*.yaml"):
        assert path.name in readme
