"""Constants for the Hearth integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "hearth"
LOGGER: Final = logging.getLogger(__package__)

DEFAULT_PORT: Final = 8765
DEFAULT_NAME: Final = "Hearth"
CONF_TOKEN: Final = "token"

MANUFACTURER: Final = "Hearth"
MODEL: Final = "Hearth hub"

ZEROCONF_TYPE: Final = "_hearth._tcp.local."
SUPPORTED_API_PREFIX: Final = "/api/v1"
"""The zeroconf TXT record's `api` path this integration can talk to."""

REQUEST_TIMEOUT: Final = 10.0
"""Seconds for one REST call (the config flow's and setup's `GET /api/v1/info`)."""
HANDSHAKE_TIMEOUT: Final = 10.0
"""Seconds between `hello` and the hub's `welcome` before the attempt counts as failed."""
CONVERSE_TIMEOUT: Final = 90.0
"""Seconds one conversation turn may take, tool calls run in Home Assistant included."""
HEARTBEAT: Final = 30.0
"""Seconds between WebSocket pings; a hub that stops answering them is treated as gone."""
RECONNECT_MIN_DELAY: Final = 1.0
RECONNECT_MAX_DELAY: Final = 60.0

SNAPSHOT_DEBOUNCE: Final = 1.0
"""Seconds to wait for registry and exposure changes to settle before the home is sent again."""
MAX_RECENT_TURNS: Final = 10
"""Turns kept (tier and outcome only, never text) for diagnostics."""

CONF_CONVERSE_TIMEOUT: Final = "converse_timeout"
"""Option: seconds one conversation turn may take (defaults to `CONVERSE_TIMEOUT`)."""
CONF_LANGUAGE: Final = "language"
"""Conversation subentry: the language the agent offers to pipelines (`*` for every language)."""
CONF_TOOLS: Final = "tools"
"""Conversation subentry: HA intents the hub may run through this agent (empty: every exposed intent)."""
CONF_TIER_POLICY: Final = "tier_policy"
"""Conversation subentry: which understanding tiers the hub may use for this agent's turns (`TIER_POLICIES`)."""
TIER_POLICY_ANY: Final = "any"
TIER_POLICIES: Final = ("local_only", "local_generator", TIER_POLICY_ANY)
"""`local_only`: memory, command model, templates, care; `local_generator`: plus the hub's generator; `any`: plus
the remote tier (still subject to the household's privacy setting on the hub)."""
SUBENTRY_CONVERSATION: Final = "conversation"
SUBENTRY_AI_TASK: Final = "ai_task_data"
DEFAULT_CONVERSATION_NAME: Final = "Hearth"
DEFAULT_AI_TASK_NAME: Final = "Hearth AI Task"
ALL_LANGUAGES: Final = "*"
TOOL_CHOICES: Final = (
    "HassTurnOn",
    "HassTurnOff",
    "HassToggle",
    "HassLightSet",
    "HassClimateSetTemperature",
    "HassSetPosition",
    "HassMediaPause",
    "HassMediaUnpause",
    "HassMediaNext",
    "HassSetVolume",
    "HassStartTimer",
    "HassCancelTimer",
    "HassListAddItem",
    "HassVacuumStart",
    "HassVacuumReturnToBase",
)
"""Intents a conversation subentry can be limited to (HA's built-in intents the hub emits)."""
DEFAULT_CONVERSATION_DATA: Final = {CONF_LANGUAGE: ALL_LANGUAGES, CONF_TOOLS: [], CONF_TIER_POLICY: TIER_POLICY_ANY}
LLM_API_ID: Final = "hearth"
"""The id of the LLM API through which any Home Assistant agent can use the hub's memory and care tools."""
