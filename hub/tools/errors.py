"""Why a tool call was refused before it ran; each is a `hub.errors` error, so callers can catch broadly."""

from __future__ import annotations

from hub.errors import HearthError, UnknownEntityError


class ToolCallError(HearthError):
    """A tool call cannot run as given."""


class UnknownToolError(ToolCallError):
    """The call names a tool the registry does not have."""


class InvalidToolArgumentsError(ToolCallError):
    """The call's arguments do not fit the tool's parameter schema."""


class UnknownTargetError(ToolCallError, UnknownEntityError):
    """The call targets an entity the home does not have."""


class UnsupportedTargetError(ToolCallError):
    """The call targets an entity whose domain the tool cannot act on."""
