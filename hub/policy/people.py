"""Household members, their roles and what each may do: areas, risk tiers, memory scopes.

Who a speaker is comes from one place: the HA user id of the turn, mapped to a member id by a `MemberDirectory`
(the household memory store's members table when it exists, which is the single member ↔ HA user mapping), and
falling back to the `ha_users` listed in the household file. The household file only adds what memory does not
hold: each member's role and permission overrides, per-satellite roles for unidentified speakers, and tier
overrides for particular entities. Anyone not identified is a guest.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal, Protocol

import voluptuous as vol

from hub.home.model import humanize_invalid
from hub.policy.errors import HouseholdConfigError
from hub.tools.registry import RiskTier

type Role = Literal["adult", "child", "guest"]
type PrivacySetting = Literal["never", "masked", "allowed"]

ROLES: Final[tuple[Role, ...]] = ("adult", "child", "guest")
TIER_NAMES: Final[dict[str, RiskTier]] = {t.name.lower(): t for t in RiskTier}
HOUSEHOLD_FILE: Final = "household.toml"


@dataclass(frozen=True, slots=True)
class Permissions:
    """What a person may do; sensitive and critical calls within `max_tier` still need a confirmation."""

    max_tier: RiskTier
    """The highest tier this person may run at all."""
    areas: frozenset[str] | None = None
    """Area ids where they may act (`None`: everywhere). Reads are allowed everywhere."""
    memory_scopes: frozenset[str] = frozenset({"private", "household"})
    tools: frozenset[str] | None = None
    """Tools they may call beyond reads (`None`: any tool within `max_tier`), e.g. a child's media and lights."""

    def allows_area(self, area_id: str | None) -> bool:
        return self.areas is None or area_id is None or area_id in self.areas


DEFAULT_ROLES: Final[Mapping[Role, Permissions]] = {
    "adult": Permissions(RiskTier.CRITICAL),
    "child": Permissions(RiskTier.ACT),
    "guest": Permissions(RiskTier.ACT, memory_scopes=frozenset({"household"})),
}
"""Adults may do anything (with confirmations and PINs); children and guests only read and act."""


@dataclass(frozen=True, slots=True)
class Person:
    """The speaker of a turn as the policy sees them."""

    id: str | None
    """The member id, or `None` for a guest or an unidentified speaker."""
    name: str
    role: Role
    permissions: Permissions

    @property
    def is_member(self) -> bool:
        return self.id is not None


class MemberDirectory(Protocol):
    """Maps an HA user id (or a member id) to a household member id; the memory store is one."""

    def member_id_for(self, user_id: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class MemberEntry:
    """One member as the household file gives them."""

    id: str
    name: str
    role: Role
    ha_users: tuple[str, ...] = ()
    max_tier: RiskTier | None = None
    areas: frozenset[str] | None = None
    tools: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Household:
    """The household's people and safety settings; `Household()` is a household nobody has configured yet."""

    members: Mapping[str, MemberEntry] = field(default_factory=dict)
    roles: Mapping[Role, Permissions] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    devices: Mapping[str, Role] = field(default_factory=dict)
    """Role for an unidentified speaker at this satellite (device id), e.g. a child's bedroom satellite."""
    tier_overrides: Mapping[str, RiskTier] = field(default_factory=dict)
    """Entity id → the least tier acting on it has, e.g. `{"lock.front_door": CRITICAL}` to require a PIN."""
    remote_privacy: PrivacySetting = "masked"
    """What may leave the hub on a remote call: nothing, PII-masked text, or the text as said."""
    confirm_timeout_s: float = 60.0
    trust_label_names: bool = True
    """Entity names that read as plain labels ("Kitchen Light") do not taint a generative turn; `False` treats
    every entity name as untrusted, so a generator or remote tier only reads without a confirmation."""

    def person_for(
        self, user_id: str | None, *, device_id: str | None = None, directory: MemberDirectory | None = None
    ) -> Person:
        """The member speaking (by HA user id), else a guest with the satellite's role for unknown speakers."""
        member = self._member(user_id, directory) if user_id else None
        if member is not None:
            base = self.roles[member.role]
            permissions = replace(
                base,
                max_tier=member.max_tier if member.max_tier is not None else base.max_tier,
                areas=member.areas if member.areas is not None else base.areas,
                tools=member.tools if member.tools is not None else base.tools,
            )
            return Person(member.id, member.name, member.role, permissions)
        role: Role = self.devices.get(device_id, "guest") if device_id else "guest"
        return Person(None, "guest", role, self.roles[role])

    def _member(self, user_id: str, directory: MemberDirectory | None) -> MemberEntry | None:
        member_id = directory.member_id_for(user_id) if directory is not None else None
        if member_id is not None and member_id in self.members:
            return self.members[member_id]
        if user_id in self.members:
            return self.members[user_id]
        return next((m for m in self.members.values() if user_id in m.ha_users), None)

    def names(self) -> list[str]:
        """Member names, for the privacy filter and for spotting memory writes about others."""
        return [m.name for m in self.members.values()]


def _tier(value: Any) -> RiskTier:
    if not isinstance(value, str) or value.lower() not in TIER_NAMES:
        raise vol.Invalid(f"expected one of {', '.join(TIER_NAMES)}")
    return TIER_NAMES[value.lower()]


_ID = vol.All(str, vol.Length(min=1, max=128))
_AREAS = vol.All([_ID], vol.Coerce(frozenset))
_ROLE_SCHEMA = vol.Schema(
    {
        vol.Optional("max_tier"): _tier,
        vol.Optional("areas"): vol.Any(None, _AREAS),
        vol.Optional("memory_scopes"): vol.All([vol.In(["private", "household"])], vol.Coerce(frozenset)),
        vol.Optional("tools"): vol.Any(None, vol.All([_ID], vol.Coerce(frozenset))),
    }
)
_SCHEMA = vol.Schema(
    {
        vol.Optional("settings", default=dict): {
            vol.Optional("remote_privacy", default="masked"): vol.In(["never", "masked", "allowed"]),
            vol.Optional("confirm_timeout_s", default=60.0): vol.All(vol.Coerce(float), vol.Range(min=5, max=600)),
            vol.Optional("trust_label_names", default=True): bool,
        },
        vol.Optional("roles", default=dict): {vol.In(list(ROLES)): _ROLE_SCHEMA},
        vol.Optional("members", default=list): [
            {
                vol.Required("id"): _ID,
                vol.Required("name"): vol.All(str, vol.Length(min=1, max=64)),
                vol.Required("role"): vol.In(list(ROLES)),
                vol.Optional("ha_users", default=list): [_ID],
                vol.Optional("max_tier"): _tier,
                vol.Optional("areas"): _AREAS,
                vol.Optional("tools"): vol.All([_ID], vol.Coerce(frozenset)),
            }
        ],
        vol.Optional("devices", default=dict): {_ID: vol.In(list(ROLES))},
        vol.Optional("tiers", default=dict): {_ID: _tier},
    },
    extra=vol.PREVENT_EXTRA,
)


def household_from_dict(raw: Mapping[str, Any]) -> Household:
    """Validate a household mapping (the TOML file's contents); raises `HouseholdConfigError`."""
    try:
        valid = _SCHEMA(dict(raw))
    except vol.Invalid as err:
        raise HouseholdConfigError(f"invalid household file: {humanize_invalid(err)}") from None
    roles: dict[Role, Permissions] = dict(DEFAULT_ROLES)
    for role, overrides in valid["roles"].items():
        roles[role] = replace(roles[role], **overrides)
    members = {
        m["id"]: MemberEntry(
            m["id"], m["name"], m["role"], tuple(m["ha_users"]), m.get("max_tier"), m.get("areas"), m.get("tools")
        )
        for m in valid["members"]
    }
    if len(members) != len(valid["members"]):
        raise HouseholdConfigError("invalid household file: member ids must be unique")
    settings = valid["settings"]
    return Household(
        members=members,
        roles=roles,
        devices=dict(valid["devices"]),
        tier_overrides=dict(valid["tiers"]),
        remote_privacy=settings["remote_privacy"],
        confirm_timeout_s=settings["confirm_timeout_s"],
        trust_label_names=settings["trust_label_names"],
    )


def load_household(path: Path) -> Household:
    """The household file at `path`, or an unconfigured household (everyone a guest) when it does not exist."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Household()
    except tomllib.TOMLDecodeError as err:
        raise HouseholdConfigError(f"household file {path} is not valid TOML: {err}") from None
    return household_from_dict(raw)


def virtual_household() -> Household:
    """The demo family of the virtual home: the satellites' rooms decide who is speaking there."""
    return household_from_dict(
        {
            "members": [
                {"id": "alex", "name": "Alex", "role": "adult", "ha_users": ["user-alex"]},
                {"id": "sam", "name": "Sam", "role": "adult", "ha_users": ["user-sam"]},
                {"id": "grandma", "name": "Grandma", "role": "adult", "ha_users": ["user-grandma"]},
                {"id": "kid", "name": "Kid", "role": "child", "ha_users": ["user-kid"]},
            ],
            "devices": {
                "satellite_kitchen": "adult",
                "satellite_living_room": "adult",
                "satellite_hallway": "adult",
                "satellite_bedroom": "adult",
                "satellite_office": "child",
            },
            "tiers": {"lock.front_door": "critical"},
        }
    )
