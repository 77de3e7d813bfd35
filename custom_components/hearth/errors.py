"""Errors of the Hearth link; translated into Home Assistant errors only at the edges (setup, flow, agent)."""

from __future__ import annotations


class HearthError(Exception):
    """Base class for every error the link raises on purpose."""


class ProtocolError(HearthError):
    """A frame or REST answer from the hub is malformed, too large or of an unknown type."""


class UnsupportedProtocolError(ProtocolError):
    """The hub does not speak this integration's protocol version."""


class HubConnectionError(HearthError):
    """The hub cannot be reached, or the connection to it broke."""


class HubNotConnectedError(HubConnectionError):
    """A request was made while the link to the hub is down."""


class HubConnectionLostError(HubConnectionError):
    """The hub went away while a request was waiting for its answer."""


class HubAuthError(HearthError):
    """The hub rejected the token."""


class HubTimeoutError(HearthError):
    """The hub did not answer a request in time."""


class HubRequestError(HearthError):
    """The hub answered a request with an `error` frame."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
