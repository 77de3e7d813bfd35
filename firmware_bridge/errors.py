"""The bridge's small exception hierarchy; paho return codes never leak past it."""


class BridgeError(Exception):
    """Base class for everything the firmware bridge raises on purpose."""


class TopicError(BridgeError, ValueError):
    """A topic does not follow the `hearth/<device_id>/<kind>` schema."""


class PayloadError(BridgeError, ValueError):
    """A device payload is not valid JSON or does not match its schema."""


class BrokerUnavailableError(BridgeError):
    """The MQTT broker could not be reached in time."""


class PublishError(BridgeError):
    """The broker connection refused or dropped a publish."""
