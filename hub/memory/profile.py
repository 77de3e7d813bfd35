"""A member's safety-relevant profile: age, conditions, living alone and emergency contacts.

Two places hold it, and the fall escalation reads both through `member_profile`:

- the `members` row (birth year, conditions, emergency contacts, lives alone), set through the household API
  (`PATCH /api/v1/members/{id}`) or an import, validated by `PROFILE_SCHEMA`;
- `profile` memories the person told Hearth ("remember that I have a heart condition", "I live alone", "I was born in
  1944", "I no longer use a walker"): `profile_fact` turns such a sentence into structured `data["profile"]` when it
  is written, so nothing has to parse memory text again when someone falls.

For each fact the newer statement wins (the row counts as said at `profile_at`), and every value carries where it
came from, so an incident can say why it escalated the way it did.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol

from hub.memory.text import slug

if TYPE_CHECKING:
    from hub.memory.store import MemoryStore

CONDITION_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "heart_condition": ("heart condition", "heart problem", "heart disease", "heart failure", "bad heart",
                        "pacemaker", "angina", "arrhythmia", "atrial fibrillation", "heart trouble"),
    "diabetes": ("diabetes", "diabetic"),
    "mobility_aid": ("walker", "walking frame", "zimmer", "rollator", "wheelchair", "walking stick", "cane"),
    "osteoporosis": ("osteoporosis", "brittle bones"),
    "epilepsy": ("epilepsy", "epileptic", "seizures"),
    "anticoagulants": ("anticoagulant", "blood thinner", "warfarin", "apixaban", "rivaroxaban"),
    "parkinsons": ("parkinson",),
    "stroke": ("had a stroke", "stroke"),
    "dementia": ("dementia", "alzheimer"),
    "hearing_loss": ("hearing loss", "hard of hearing", "hearing aid"),
    "deaf": ("deaf",),
    "aphasia": ("aphasia",),
}
"""Canonical condition codes (the ones `[care.people.*] conditions` uses) and the words that name them."""

_NOTIFY = r"^notify\.[a-z0-9_]+$"
CONTACT_SCHEMA: Final = vol.Schema(
    vol.All(
        {
            vol.Required("name"): vol.All(str, vol.Length(min=1, max=64)),
            vol.Optional("notify"): vol.All(str, vol.Match(_NOTIFY)),
            vol.Optional("phone"): vol.All(str, vol.Match(r"^\+?[0-9][0-9 ()-]{2,24}$")),
            vol.Optional("relation"): vol.All(str, vol.Length(max=40)),
        },
        vol.Any(vol.Schema({vol.Required("notify"): str}, extra=vol.ALLOW_EXTRA),
                vol.Schema({vol.Required("phone"): str}, extra=vol.ALLOW_EXTRA),
                msg="a contact needs a notify action or a phone number"),
    )
)
"""An emergency contact: only those with a `notify` action can be alerted by the hub."""
PROFILE_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("name"): vol.All(str, vol.Length(min=1, max=64)),
        vol.Optional("birth_year"): vol.Any(None, vol.All(int, vol.Range(min=1890, max=2100))),
        vol.Optional("conditions"): vol.All([vol.All(str, vol.Length(min=1, max=60))], vol.Length(max=30)),
        vol.Optional("lives_alone"): vol.Any(None, bool),
        vol.Optional("emergency_contacts"): vol.All([CONTACT_SCHEMA], vol.Length(max=10)),
    },
    extra=vol.PREVENT_EXTRA,
)
"""A profile change (every key optional: only those given change)."""


def condition_code(text: str) -> str:
    """`"uses a walker"` → `"mobility_aid"`; a condition without a known word keeps its slug."""
    known = known_condition(text)
    return known if known is not None else slug(text)


def known_condition(text: str) -> str | None:
    """The canonical code of a condition named in `text`, or `None` when it names none we know."""
    lowered = text.lower()
    for code, phrases in CONDITION_WORDS.items():
        if code == lowered.strip() or any(re.search(rf"\b{re.escape(p)}", lowered) for p in phrases):
            return code
    return None


_I = r"^(?:that\s+)?(?:i|i'm|i've)\b"
_BORN: Final = re.compile(r"^(?:that\s+)?i\s+was\s+born\s+in\s+(?P<year>(?:18|19|20)\d\d)\b")
_AGE: Final = re.compile(r"^(?:that\s+)?(?:i\s+am|i'm)\s+(?P<age>\d{1,3})(?:\s+years?\s+old)?\s*$")
_ALONE: Final = re.compile(r"^(?:that\s+)?i\s+(?:now\s+)?live\s+(?:alone|on\s+my\s+own|by\s+myself)\b")
_NOT_ALONE: Final = re.compile(
    r"^(?:that\s+)?i\s+(?:(?:no\s+longer|don't|do\s+not)\s+live\s+(?:alone|on\s+my\s+own|by\s+myself)"
    r"|(?:now\s+)?live\s+with\s+\S+)"
)
_HAS: Final = re.compile(
    r"^(?:that\s+)?(?:i\s+(?:have|have\s+got|'ve\s+got|suffer\s+from|live\s+with|use|need|take|am\s+on|had|was\s+"
    r"diagnosed\s+with)|i've\s+got|i've\s+had|i'm\s+on|i\s+am|i'm)\s+(?P<what>.+)$"
)
_HAS_NOT: Final = re.compile(
    r"^(?:that\s+)?(?:i\s+(?:no\s+longer|don't|do\s+not)\s+(?:have|use|need|take)|i'm\s+no\s+longer\s+(?:on|using)"
    r"|i\s+am\s+no\s+longer\s+(?:on|using)|i'm\s+not\s+(?:on|using)|i\s+stopped\s+(?:using|taking))\s+(?P<what>.+)$"
)


def profile_fact(text: str, *, at: float) -> dict[str, Any] | None:
    """The profile fact a first-person sentence states, as `data["profile"]`, or `None` if it states none.

    Only sentences about the speaker count, and only conditions we know the words for (so "I have a dog" stays an
    ordinary fact). An age is kept as a birth year worked out at `at` (the year they turn in that year).
    """
    sentence = text.strip().rstrip(".!").lower().replace("\u2019", "'")
    if not re.match(_I, sentence):
        return None
    if (born := _BORN.match(sentence)) is not None:
        return {"birth_year": int(born["year"])}
    if (age := _AGE.match(sentence)) is not None and 0 < int(age["age"]) <= 130:
        return {"birth_year": time.gmtime(at).tm_year - int(age["age"]), "age": int(age["age"])}
    if _NOT_ALONE.match(sentence):
        return {"lives_alone": False}
    if _ALONE.match(sentence):
        return {"lives_alone": True}
    if (negated := _HAS_NOT.match(sentence)) is not None:
        code = known_condition(negated["what"])
        return {"condition": code, "has": False, "said": negated["what"]} if code else None
    if (stated := _HAS.match(sentence)) is not None:
        code = known_condition(stated["what"])
        return {"condition": code, "has": True, "said": stated["what"]} if code else None
    return None


def profile_subject(fact: Mapping[str, Any]) -> str:
    """The memory subject of a profile fact, so a newer statement of the same fact updates the older one."""
    if "condition" in fact:
        return f"profile condition {fact['condition']}"
    return "profile lives alone" if "lives_alone" in fact else "profile birth year"


@dataclass(frozen=True, slots=True)
class Sourced:
    """One profile value and where it came from: `members` (the row) or `memory:<id>` (a profile memory)."""

    value: Any
    source: str
    at: float
    detail: str | None = None
    """What was said or stored ("uses a walker") when that differs from the value."""


@dataclass(frozen=True, slots=True)
class MemberProfile:
    """What household memory knows about one member's safety, each value with its source; `None`: unknown."""

    member: str
    name: str
    birth_year: Sourced | None = None
    lives_alone: Sourced | None = None
    conditions: tuple[Sourced, ...] = ()
    """Conditions the member has now (canonical codes), in the order first stated."""
    contacts: tuple[Sourced, ...] = ()
    """Emergency contacts' notify actions, in the stored order (contacts with only a phone number are skipped)."""


def member_profile(store: MemoryStore, member_id: str) -> MemberProfile | None:
    """The member's profile from the `members` row and their current `profile` memories; `None`: no such member.

    Reads as the hub itself (a private profile fact still counts for the person's own safety), never exposed to
    another member.
    """
    member = store.member(member_id)
    if member is None:
        return None
    row_at = member.profile_at or 0.0
    birth = Sourced(member.birth_year, "members", row_at) if member.birth_year is not None else None
    alone = Sourced(member.lives_alone, "members", row_at) if member.lives_alone is not None else None
    conditions: dict[str, Sourced] = {}
    for text in member.conditions:
        code = condition_code(text)
        conditions.setdefault(code, Sourced(code, "members", row_at, text if text != code else None))
    for memory in sorted(store.profile_memories(member_id), key=lambda m: (m.valid_from, m.created_at)):
        fact = memory.data.get("profile")
        if not isinstance(fact, dict):
            continue
        source, at = f"memory:{memory.id}", memory.valid_from
        if isinstance(fact.get("birth_year"), int) and (birth is None or at >= birth.at):
            birth = Sourced(fact["birth_year"], source, at, memory.text)
        if isinstance(fact.get("lives_alone"), bool) and (alone is None or at >= alone.at):
            alone = Sourced(fact["lives_alone"], source, at, memory.text)
        stated = fact.get("condition")
        if isinstance(stated, str):
            known = conditions.get(stated)
            if known is not None and at < known.at:
                continue
            if fact.get("has", True):
                conditions[stated] = Sourced(stated, source, at, memory.text)
            else:
                conditions.pop(stated, None)
    contacts = tuple(
        Sourced(c["notify"], "members", row_at, c.get("name")) for c in member.emergency_contacts if c.get("notify")
    )
    return MemberProfile(member.id, member.name, birth, alone, tuple(conditions.values()), contacts)
