"""Fall escalation: ask in the room, then phones, then the next contact, until someone answers.

A state machine per incident, driven by `tick()` against an injected clock, so a simulated clock replays it
exactly. Every change is written to `incidents.json` in the data directory before its event is emitted: after a
restart `load()` picks up open incidents where they were, and any deadline that passed while the hub was down
fires on the first tick. The steps depend on who fell (age, conditions, living alone, who else is home), read
from household memory when the incident opens, with the `[care]` config beside it (`profile.py`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from hub.memory.profile import MemberProfile
from skills.base import Clock, EventSink
from skills.fall_response.profile import OVERRIDABLE, CareProfile, care_profile

_LOGGER = logging.getLogger(__name__)

FALL_DETECTED: Final = "hearth_fall_detected"
FALL_ESCALATED: Final = "hearth_fall_escalated"
FALL_RESOLVED: Final = "hearth_fall_resolved"
HIGH_RISK_CONDITIONS: Final = frozenset(
    {"osteoporosis", "heart_condition", "epilepsy", "diabetes", "anticoagulants", "parkinsons", "stroke", "dementia",
     "mobility_aid"}
)
CANNOT_ANSWER: Final = frozenset({"dementia", "aphasia", "deaf", "hearing_loss"})
RESPONSES: Final = ("ok", "help", "ack", "false_alarm")
ASK_MESSAGE: Final = "{name}, I think you may have fallen. Are you OK? Say yes if you are fine, or help."
NOTIFY_MESSAGE: Final = "{name} may have fallen in the {area} and has not said they are OK."
ACK_ACTION: Final = "HEARTH_FALL_ACK"

PERSON_SCHEMA: Final = vol.Schema(
    {
        vol.Required("name"): vol.All(str, vol.Length(min=1, max=64)),
        vol.Optional("age"): vol.All(int, vol.Range(min=0, max=130)),
        vol.Optional("conditions", default=list): [vol.All(str, vol.Length(max=40))],
        vol.Optional("lives_alone", default=False): bool,
        vol.Optional("phone"): vol.All(str, vol.Match(r"^notify\.[a-z0-9_]+$")),
        vol.Optional("contacts", default=list): [vol.All(str, vol.Match(r"^notify\.[a-z0-9_]+$"))],
        vol.Optional("member"): vol.All(str, vol.Length(min=1, max=128)),
        vol.Optional("override", default=list): [vol.In(OVERRIDABLE)],
    }
)
SETTINGS_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("people", default=dict): {vol.Match(r"^[a-z0-9_]+$"): PERSON_SCHEMA},
        vol.Optional("wearables", default=dict): {str: vol.Match(r"^[a-z0-9_]+$")},
        vol.Optional("satellites", default=dict): {str: vol.Match(r"^assist_satellite\.[a-z0-9_]+$")},
        vol.Optional("ask_timeout_s", default=30): vol.All(int, vol.Range(min=5, max=600)),
        vol.Optional("ack_timeout_s", default=120): vol.All(int, vol.Range(min=10, max=3600)),
    }
)


@dataclass(frozen=True, slots=True)
class Step:
    """One escalation step: ask in the room, or notify phones; `wait_s` until the next step."""

    kind: str
    wait_s: float
    targets: tuple[str, ...] = ()


@dataclass(slots=True)
class Incident:
    incident_id: str
    person: str
    device_id: str
    area: str | None
    opened_at: float
    confidence: float
    steps: list[Step]
    step: int = -1
    """Index of the step in progress (-1: detected, nothing done yet)."""
    deadline: float = 0.0
    status: str = "open"
    history: list[dict[str, Any]] = field(default_factory=list)
    name: str | None = None
    """Who fell, as named when the incident opened (memory or config)."""
    profile: dict[str, Any] = field(default_factory=dict)
    """The facts the plan was made from, with their sources (kept so a restart does not re-plan)."""


def risk_reasons(profile: CareProfile, others_home: Iterable[str]) -> list[str]:
    """Why this person is at risk (empty: not at risk): age, conditions, living alone with nobody else home."""
    reasons: list[str] = []
    if profile.age is not None and profile.age >= 80:
        reasons.append(f"age {profile.age}")
    reasons.extend(c for c in profile.conditions if c in HIGH_RISK_CONDITIONS)
    if profile.lives_alone and not list(others_home):
        reasons.append("lives alone, nobody else home")
    return reasons


def plan_for(settings: dict[str, Any], person: str, area: str | None, people_home: Iterable[str], *,
             profile: CareProfile | None = None) -> list[Step]:
    """The steps for this person: shorter waits when at risk; household members at home are asked first.

    `profile` is who fell as `care_profile` merged it; without one, the `[care.people]` config alone.
    """
    if profile is None:
        profile = care_profile(person, settings["people"].get(person), None, 0.0)
    conditions = set(profile.conditions)
    others_home = [p for p in people_home if p != person]
    high_risk = bool(risk_reasons(profile, others_home))
    factor = 0.5 if high_risk else 1.0
    steps: list[Step] = []
    satellite = settings["satellites"].get(area or "")
    if satellite and not conditions & CANNOT_ANSWER:
        steps.append(Step("ask", max(5.0, settings["ask_timeout_s"] * factor), (satellite,)))
    ack = max(5.0, settings["ack_timeout_s"] * factor)
    home_phones = tuple(settings["people"][p]["phone"] for p in sorted(others_home)
                        if p in settings["people"] and settings["people"][p].get("phone"))
    if home_phones:
        steps.append(Step("notify", ack, home_phones))
    for contact in profile.contacts:
        if contact not in home_phones:
            steps.append(Step("notify", ack, (contact,)))
    everyone = tuple(dict.fromkeys([*home_phones, *profile.contacts]))
    if everyone:
        steps.append(Step("notify_all", 0.0, everyone))
    return steps


class Escalation:
    """Open incidents and their timers; persisted to `path` on every change."""

    def __init__(
        self,
        path: Path,
        sink: EventSink,
        *,
        settings: dict[str, Any] | None = None,
        clock: Clock,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex[:16],
        people_home: Callable[[], Iterable[str]] = tuple,
        profiles: Callable[[str], MemberProfile | None] | None = None,
    ) -> None:
        """`profiles(member_id)` reads a member's profile from household memory (blocking; run in a thread) when an
        incident opens, so a profile changed in memory shapes the next incident without a restart."""
        self._path = path
        self._sink = sink
        self.settings: dict[str, Any] = SETTINGS_SCHEMA(settings or {})
        self._clock = clock
        self._new_id = new_id
        self._people_home = people_home
        self._profiles = profiles
        self.enabled = True
        """Off (`[skills.fall_response] enabled = false`): new falls open no incident; open ones still escalate."""
        self.incidents: dict[str, Incident] = {}
        self._lock = asyncio.Lock()

    def load(self) -> None:
        """Open incidents from the last run; a corrupt file is set aside, never trusted."""
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            for item in raw:
                item["steps"] = [Step(s["kind"], float(s["wait_s"]), tuple(s["targets"])) for s in item["steps"]]
                incident = Incident(**item)
                self.incidents[incident.incident_id] = incident
        except FileNotFoundError:
            return
        except (ValueError, TypeError, KeyError) as err:
            aside = self._path.with_suffix(".corrupt")
            self._path.replace(aside)
            _LOGGER.warning("Incident file unreadable (%s); moved to %s", err, aside)

    @property
    def open_incidents(self) -> list[Incident]:
        return [i for i in self.incidents.values() if i.status == "open"]

    def person_for(self, device_id: str) -> str:
        person: str = self.settings["wearables"].get(device_id, device_id)
        return person

    async def open(self, *, device_id: str, area: str | None, confidence: float, reason: dict[str, Any],
                   impact_time: float | None = None) -> Incident | None:
        """A detected fall opens an incident (one open incident per person at a time)."""
        if not self.enabled:
            _LOGGER.info("Fall on %s ignored: the fall_response skill is disabled", device_id)
            return None
        async with self._lock:
            person = self.person_for(device_id)
            if any(i.person == person for i in self.open_incidents):
                _LOGGER.info("Fall for %s while an incident is already open; folded into it", person)
                return None
            now = self._clock()
            profile = await self._profile(person, now)
            home = list(self._people_home())
            steps = plan_for(self.settings, person, area, home, profile=profile)
            why = risk_reasons(profile, [p for p in home if p != person])
            explained = {**profile.explain, "at_risk": bool(why), "at_risk_because": why}
            incident = Incident(self._new_id(), person, device_id, area, now, confidence, steps, deadline=now,
                                name=profile.name, profile=explained)
            self.incidents[incident.incident_id] = incident
            incident.history.append({"at": now, "what": "detected"})
            await self._save()
            await self._sink.emit(FALL_DETECTED, {
                "incident_id": incident.incident_id,
                "person": person,
                "name": profile.name,
                "device_id": device_id,
                "area": area,
                "confidence": confidence,
                "reason": {**reason, "profile": explained},
                "impact_time": impact_time,
                "plan": [s.kind for s in steps],
            })
        await self.tick()
        return incident

    async def _profile(self, person: str, now: float) -> CareProfile:
        """Who fell, from memory and config; memory that cannot be read never stops the escalation."""
        config = self.settings["people"].get(person)
        memory: MemberProfile | None = None
        if self._profiles is not None:
            member_id = str((config or {}).get("member", person))
            try:
                memory = await asyncio.to_thread(self._profiles, member_id)
            except Exception:
                _LOGGER.exception("Could not read the profile of %s from household memory; using the config", person)
        return care_profile(person, config, memory, now)

    async def respond(self, incident_id: str, response: str, *, by: str | None = None) -> bool:
        """An answer in the room (`ok`, `help`) or a phone action (`ack`, `false_alarm`); False if not open."""
        if response not in RESPONSES:
            raise ValueError(f"unknown response {response!r}")
        async with self._lock:
            incident = self.incidents.get(incident_id)
            if incident is None or incident.status != "open":
                return False
            now = self._clock()
            incident.history.append({"at": now, "what": response, "by": by})
            if response == "help":
                incident.deadline = now  # skip the rest of the wait: go to phones at once
                await self._save()
            else:
                await self._resolve(incident, {"ok": "person_ok", "ack": "acknowledged",
                                               "false_alarm": "false_alarm"}[response], by)
        if response == "help":
            await self.tick()
        return True

    async def tick(self) -> None:
        """Run every step whose time has come, oldest deadline first (deterministic order)."""
        async with self._lock:
            now = self._clock()
            while True:
                due = sorted((i for i in self.open_incidents if i.deadline <= now),
                             key=lambda i: (i.deadline, i.incident_id))
                if not due:
                    return
                incident = due[0]
                incident.step += 1
                if incident.step >= len(incident.steps):
                    incident.deadline = float("inf")  # all steps done; stays open until answered
                    incident.history.append({"at": now, "what": "exhausted"})
                    await self._save()
                    continue
                step = incident.steps[incident.step]
                # Deadlines chain from the scheduled time, not from now: steps overdue after a restart all run.
                incident.deadline = incident.deadline + step.wait_s if step.wait_s > 0 else float("inf")
                incident.history.append({"at": now, "what": step.kind, "targets": list(step.targets)})
                await self._save()
                await self._sink.emit(FALL_ESCALATED, self._escalation_event(incident, step))

    def next_deadline(self) -> float | None:
        deadlines = [i.deadline for i in self.open_incidents if i.deadline != float("inf")]
        return min(deadlines) if deadlines else None

    def _escalation_event(self, incident: Incident, step: Step) -> dict[str, Any]:
        name = incident.name or self._name(incident.person)
        area = (incident.area or "home").replace("_", " ")
        data: dict[str, Any] = {
            "incident_id": incident.incident_id,
            "person": incident.person,
            "name": name,
            "area": incident.area,
            "step": step.kind,
            "level": incident.step,
            "targets": list(step.targets),
            "message": (ASK_MESSAGE if step.kind == "ask" else NOTIFY_MESSAGE).format(name=name, area=area),
            "critical": step.kind != "ask",
        }
        if step.kind != "ask":
            data["actions"] = [
                {"action": f"{ACK_ACTION}_{incident.incident_id}", "title": "I'm on it"},
                {"action": f"HEARTH_FALL_FALSE_ALARM_{incident.incident_id}", "title": "False alarm"},
            ]
        return data

    async def _resolve(self, incident: Incident, resolution: str, by: str | None) -> None:
        now = self._clock()
        incident.status = "resolved"
        incident.deadline = float("inf")
        await self._save()
        await self._sink.emit(FALL_RESOLVED, {
            "incident_id": incident.incident_id,
            "person": incident.person,
            "resolution": resolution,
            "by": by,
            "duration_s": round(now - incident.opened_at, 1),
            "steps_taken": incident.step + 1,
        })

    def _name(self, person: str) -> str:
        name: str = self.settings["people"].get(person, {}).get("name", person)
        return name

    async def _save(self) -> None:
        keep = [i for i in self.incidents.values() if i.status == "open"]
        closed = [i for i in self.incidents.values() if i.status != "open"][-50:]
        text = json.dumps([_encode(i) for i in closed + keep])
        await asyncio.to_thread(_atomic_write, self._path, text)


def _encode(incident: Incident) -> dict[str, Any]:
    data = asdict(incident)
    data["steps"] = [{"kind": s.kind, "wait_s": s.wait_s, "targets": list(s.targets)} for s in incident.steps]
    return data


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
