"""Fall response skill: a detected fall opens an incident that escalates until someone answers."""

from skills.fall_response.escalation import (
    FALL_DETECTED,
    FALL_ESCALATED,
    FALL_RESOLVED,
    SETTINGS_SCHEMA,
    Escalation,
    Incident,
    Step,
    plan_for,
)

NAME = "fall_response"
DESCRIPTION = "Notices a fall from a wearable, asks in the room, then alerts family phones until someone answers."

__all__ = [
    "DESCRIPTION",
    "FALL_DETECTED",
    "FALL_ESCALATED",
    "FALL_RESOLVED",
    "NAME",
    "SETTINGS_SCHEMA",
    "Escalation",
    "Incident",
    "Step",
    "plan_for",
]
