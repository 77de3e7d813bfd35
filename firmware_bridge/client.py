"""An asyncio MQTT client over paho-mqtt: `async with Bridge(...)`, `async for message in bridge.messages`.

Paho runs its network loop in its own thread and reconnects with backoff; this wrapper hands every message to the
event loop through a bounded queue. When the consumer falls behind, the oldest messages are dropped (and counted)
instead of letting memory grow: a stale IMU batch is worth less than a fresh one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import urlsplit

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from firmware_bridge.errors import BridgeError, BrokerUnavailableError, PublishError
from firmware_bridge.topics import TopicLike, topic_str

_LOGGER = logging.getLogger(__name__)
DEFAULT_QUEUE: Final = 2048
CONNECT_TIMEOUT_S: Final = 10.0


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One MQTT message as received: the topic string and payload bytes, not yet validated."""

    topic: str
    payload: bytes
    retain: bool


@dataclass(frozen=True, slots=True)
class Will:
    """The last-will message the broker publishes when this client vanishes."""

    topic: TopicLike
    payload: bytes
    retain: bool = True
    qos: int = 1


def parse_url(url: str) -> tuple[str, int]:
    """`mqtt://host:port` (port 1883 by default) to host and port."""
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "tcp") or not parts.hostname:
        raise BridgeError(f"unsupported MQTT url {url!r}: use mqtt://host:port")
    return parts.hostname, parts.port or 1883


class Bridge:
    """One broker connection; subscriptions are restored after every reconnect."""

    def __init__(
        self,
        host: str,
        port: int = 1883,
        *,
        client_id: str | None = None,
        will: Will | None = None,
        birth: Will | None = None,
        keepalive: int = 30,
        queue_size: int = DEFAULT_QUEUE,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        logger: logging.Logger | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._keepalive = keepalive
        self._connect_timeout = connect_timeout
        self._birth = birth
        self._logger = logger or _LOGGER
        self._client = paho.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=client_id or f"hearth-{uuid.uuid4().hex[:12]}",
            protocol=paho.MQTTv311,
        )
        self._client.reconnect_delay_set(min_delay=1, max_delay=30)
        self._client.max_queued_messages_set(queue_size)
        if will is not None:
            self._client.will_set(topic_str(will.topic), will.payload, qos=will.qos, retain=will.retain)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_message = self._on_message
        self._queue: asyncio.Queue[RawMessage] = asyncio.Queue(maxsize=queue_size)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connected = asyncio.Event()
        self._subscriptions: dict[str, int] = {}
        self.dropped = 0
        """Messages dropped because the consumer was slower than the devices."""
        self.connects = 0

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Bridge:
        host, port = parse_url(url)
        return cls(host, port, **kwargs)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    async def __aenter__(self) -> Self:
        self._loop = asyncio.get_running_loop()
        try:
            self._client.connect_async(self._host, self._port, keepalive=self._keepalive)
        except (OSError, ValueError) as err:
            raise BrokerUnavailableError(f"cannot reach MQTT broker {self._host}:{self._port}: {err}") from None
        self._client.loop_start()
        try:
            await asyncio.wait_for(self._connected.wait(), self._connect_timeout)
        except TimeoutError:
            await self._stop()
            raise BrokerUnavailableError(f"MQTT broker {self._host}:{self._port} did not answer") from None
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._stop()

    async def _stop(self) -> None:
        with contextlib.suppress(Exception):
            self._client.disconnect()
        await asyncio.to_thread(self._client.loop_stop)

    async def wait_connected(self, within_s: float = CONNECT_TIMEOUT_S) -> None:
        try:
            await asyncio.wait_for(self._connected.wait(), within_s)
        except TimeoutError:
            raise BrokerUnavailableError("MQTT broker did not come back in time") from None

    async def subscribe(self, topics: Iterable[TopicLike], *, qos: int = 0) -> None:
        for topic in topics:
            text = topic_str(topic)
            self._subscriptions[text] = qos
            if self.connected:
                result, _mid = self._client.subscribe(text, qos)
                if result != paho.MQTT_ERR_SUCCESS:
                    raise BridgeError(f"subscribe to {text!r} failed ({paho.error_string(result)})")

    async def publish(self, topic: TopicLike, payload: bytes | str, *, qos: int = 0, retain: bool = False) -> None:
        """Queue a publish; QoS 0 is for streams, QoS 1 for state and discovery."""
        info = self._client.publish(topic_str(topic), payload, qos=qos, retain=retain)
        if info.rc not in (paho.MQTT_ERR_SUCCESS, paho.MQTT_ERR_NO_CONN):
            raise PublishError(f"publish to {topic_str(topic)!r} failed ({paho.error_string(info.rc)})")

    @property
    async def messages(self) -> AsyncIterator[RawMessage]:
        while True:
            yield await self._queue.get()

    def _on_connect(self, client: paho.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if getattr(reason, "is_failure", False):
            self._logger.warning("MQTT broker refused the connection: %s", reason)
            return
        self.connects += 1
        for text, qos in self._subscriptions.items():
            client.subscribe(text, qos)
        if self._birth is not None:
            client.publish(topic_str(self._birth.topic), self._birth.payload, qos=self._birth.qos,
                           retain=self._birth.retain)
        self._call(self._connected.set)
        self._logger.debug("MQTT connected to %s:%d", self._host, self._port)

    def _on_disconnect(self, _client: paho.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        self._call(self._connected.clear)
        self._logger.debug("MQTT disconnected: %s", reason)

    def _on_message(self, _client: paho.Client, _userdata: Any, msg: paho.MQTTMessage) -> None:
        self._call(self._enqueue, RawMessage(msg.topic, bytes(msg.payload), bool(msg.retain)))

    def _enqueue(self, message: RawMessage) -> None:
        while self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(message)

    def _call(self, func: Any, *args: Any) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(func, *args)
