"""The hub's own exception hierarchy, translated to user-facing errors only at the edges."""


class HearthError(Exception):
    """Base class for every error the hub raises on purpose."""


class ConfigError(HearthError):
    """The configuration file or a flag has a value the hub cannot use."""


class ProtocolError(HearthError):
    """A message on the HA link is malformed, too large or of an unknown type."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class HomeError(HearthError):
    """The home model was given data it cannot represent."""


class UnknownEntityError(HomeError):
    """A tool call names an entity the home does not have."""


class ToolExecutionError(HearthError):
    """A tool call was valid but failed where it ran (virtual home or Home Assistant)."""


class LinkClosedError(HearthError):
    """The Home Assistant link went away while a request was waiting on it."""
