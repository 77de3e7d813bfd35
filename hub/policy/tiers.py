"""The risk tier of any call the loop may run: HA intent tools, hub-local tools (memory, messages, content),
with the household's per-entity overrides. Unknown tools are critical."""

from __future__ import annotations

import re
from typing import Protocol

from hub.home.model import Home
from hub.llm.base import ToolCall
from hub.memory.tools import MEMORY_TOOLS, REMEMBER
from hub.policy.people import Household, Person
from hub.tools.registry import TOOLS, RiskTier, call_tier


class TieredTools(Protocol):
    """Hub-local tools that know their own calls' tiers (e.g. a message is sensitive when it leaves the home)."""

    def risk_tier(self, call: ToolCall) -> RiskTier | None: ...


def effective_tier(
    call: ToolCall,
    home: Home,
    household: Household,
    person: Person,
    *,
    local: object | None = None,
) -> RiskTier:
    """The tier the policy applies to `call` (never lower than the tool's own tier)."""
    if call.tool in TOOLS:
        tier = call_tier(call, home)
        if tier >= RiskTier.ACT:
            for entity_id in call.entities:
                tier = max(tier, household.tier_overrides.get(entity_id, tier))
        return tier
    risk_tier = getattr(local, "risk_tier", None)
    if callable(risk_tier):
        own = risk_tier(call)
        if isinstance(own, RiskTier):
            return own
    memory_tool = MEMORY_TOOLS.get(call.tool)
    if memory_tool is not None:
        if call.tool == REMEMBER and _about_someone_else(call, household, person):
            return max(memory_tool.tier, RiskTier.SENSITIVE)
        return memory_tool.tier
    return RiskTier.CRITICAL


def _about_someone_else(call: ToolCall, household: Household, person: Person) -> bool:
    """A memory write naming another household member is a write about someone else: at least sensitive."""
    text = str(call.args.get("text", ""))
    for member in household.members.values():
        if member.id != person.id and re.search(rf"\b{re.escape(member.name)}\b", text, re.IGNORECASE):
            return True
    return False
