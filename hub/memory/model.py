"""Value types of household memory: members, memories, search hits, scopes, kinds and retention."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal, get_args

type Scope = Literal["private", "household"]
type Kind = Literal["fact", "preference", "profile", "episode", "event", "note"]
type Source = Literal["explicit", "inferred", "import", "timeline"]

SCOPES: Final[tuple[str, ...]] = get_args(Scope.__value__)
KINDS: Final[tuple[str, ...]] = get_args(Kind.__value__)
SOURCES: Final[tuple[str, ...]] = get_args(Source.__value__)

DAY: Final = 86_400.0
DEFAULT_RETENTION: Final[dict[str, float | None]] = {
    "fact": None,
    "preference": None,
    "profile": None,
    "episode": 365 * DAY,
    "event": 90 * DAY,
    "note": 30 * DAY,
}
"""Seconds a memory of each kind is kept after it was written (`None`: until forgotten)."""


@dataclass(frozen=True, slots=True)
class Member:
    """A household member; `id` is a stable slug, `ha_user_id` links the HA user who speaks as them."""

    id: str
    name: str
    ha_user_id: str | None = None
    birth_year: int | None = None
    conditions: tuple[str, ...] = ()
    """Safety-relevant conditions, e.g. "uses a walker"."""
    emergency_contacts: tuple[dict[str, str], ...] = ()
    """`{"name", "notify"?, "phone"?, "relation"?}` in the order to call them (`hub/memory/profile.py`)."""
    preferences: dict[str, Any] = field(default_factory=dict)
    lives_alone: bool | None = None
    """`None`: not known (the care config decides)."""
    profile_at: float | None = None
    """When the safety profile above was last set, so a newer spoken profile fact can win over it."""


@dataclass(frozen=True, slots=True)
class Memory:
    """One remembered item. Facts are never overwritten: an update closes `invalid_at` and links the successor."""

    id: str
    text: str
    person: str | None
    """The member it belongs to (and is about); `None` for household items nobody in particular wrote."""
    scope: Scope
    kind: Kind
    source: Source
    created_at: float
    valid_from: float
    invalid_at: float | None = None
    expires_at: float | None = None
    subject: str | None = None
    """A normalised key ("spare key") used to notice that a new fact updates an older one."""
    superseded_by: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    """Structured values (e.g. `{"temperature": 21, "area": "bedroom"}`) for memories the agent acts on."""

    @property
    def current(self) -> bool:
        return self.invalid_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "person": self.person,
            "scope": self.scope,
            "kind": self.kind,
            "source": self.source,
            "created_at": self.created_at,
            "valid_from": self.valid_from,
            "invalid_at": self.invalid_at,
            "expires_at": self.expires_at,
            "subject": self.subject,
            "superseded_by": self.superseded_by,
            "data": self.data,
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the memory, its fused score and its rank in each list (`None` when absent from it)."""

    memory: Memory
    score: float
    vector_rank: int | None
    keyword_rank: int | None
    similarity: float | None = None
    """Cosine between the question and the memory, when the vector list found it."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: a member id, or `None` for a guest or an unidentified speaker (household items only)."""

    member: str | None

    def can_see(self, memory: Memory) -> bool:
        return memory.scope == "household" or (self.member is not None and memory.person == self.member)


GUEST: Final = Viewer(None)
