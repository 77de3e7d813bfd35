"""Who fell: the person's profile for the escalation plan, from household memory with the `[care]` config beside it.

Household memory is what the household keeps up to date (the members API, "remember that I have a heart
condition"); the `[care.people.<id>]` config is what the installer wrote. So, per fact:

- **age**, **lives alone**: memory's value when it has one, else the config's, else unknown (not at risk);
- **conditions**: both (a condition either source knows counts: forgetting one would make the plan less careful);
- **contacts**: memory's emergency contacts (those with a `notify` action) first, then the config's not yet listed;
- a config `override = ["age", "conditions", "lives_alone", "contacts"]` makes the config alone decide those.

Every value keeps its source (`memory:members`, `memory:<memory id>`, `config`), which goes into the incident's
`reason.profile`, so an escalation can be explained after the fact.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from hub.memory.profile import MemberProfile, condition_code

OVERRIDABLE: Final = ("age", "conditions", "lives_alone", "contacts")


@dataclass(frozen=True, slots=True)
class CareProfile:
    """The facts `plan_for` uses, each with its source (`sources`: fact → source or list of sources)."""

    name: str
    age: int | None = None
    conditions: tuple[str, ...] = ()
    lives_alone: bool = False
    contacts: tuple[str, ...] = ()
    phone: str | None = None
    explain: dict[str, Any] = field(default_factory=dict)
    """JSON for the incident's `reason.profile`: each fact's value and source."""


def _memory_source(source: str) -> str:
    return "memory:members" if source == "members" else source


def care_profile(person: str, config: Mapping[str, Any] | None, memory: MemberProfile | None, now: float
                 ) -> CareProfile:
    """Merge memory's profile of `person` with its `[care.people.<person>]` entry (see the module docstring)."""
    config = config or {}
    pinned = set(config.get("override", ())) if config else set()
    use_memory = memory is not None
    explain: dict[str, Any] = {}

    age: int | None = None
    if "age" not in pinned and use_memory and memory is not None and memory.birth_year is not None:
        age = time.gmtime(now).tm_year - int(memory.birth_year.value)
        explain["age"] = {"value": age, "source": _memory_source(memory.birth_year.source),
                          "birth_year": memory.birth_year.value}
    elif config.get("age") is not None:
        age = int(config["age"])
        explain["age"] = {"value": age, "source": "config"}

    lives_alone = False
    if "lives_alone" not in pinned and memory is not None and memory.lives_alone is not None:
        lives_alone = bool(memory.lives_alone.value)
        explain["lives_alone"] = {"value": lives_alone, "source": _memory_source(memory.lives_alone.source)}
    elif "lives_alone" in config:
        lives_alone = bool(config["lives_alone"])
        explain["lives_alone"] = {"value": lives_alone, "source": "config"}

    conditions: dict[str, dict[str, Any]] = {}
    if "conditions" not in pinned and memory is not None:
        for item in memory.conditions:
            entry: dict[str, Any] = {"value": item.value, "source": _memory_source(item.source)}
            if item.detail:
                entry["said"] = item.detail
            conditions[str(item.value)] = entry
    for text in config.get("conditions", ()):
        code = condition_code(text)
        conditions.setdefault(code, {"value": code, "source": "config"})
    explain["conditions"] = list(conditions.values())

    contacts: dict[str, dict[str, Any]] = {}
    if "contacts" not in pinned and memory is not None:
        for contact in memory.contacts:
            contacts[str(contact.value)] = {"value": contact.value, "source": _memory_source(contact.source),
                                            "name": contact.detail}
    for action in config.get("contacts", ()):
        contacts.setdefault(action, {"value": action, "source": "config"})
    explain["contacts"] = list(contacts.values())
    if pinned:
        explain["override"] = sorted(pinned)

    name = str(config.get("name") or (memory.name if memory is not None else person))
    return CareProfile(name, age, tuple(conditions), lives_alone, tuple(contacts), config.get("phone"), explain)
