"""The care loop: MQTT device streams → fall detectors (+ radar fusion) → the escalation skill → HA events.

Started by `running_hub()` when `mqtt_url` is configured. Bad payloads are logged and counted, never raised; a
slow model or a burst of batches cannot block the event loop for long (one detector feed is well under 1 ms).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from aiohttp import web

from firmware_bridge import (
    ALL_DEVICES,
    Availability,
    BedState,
    Bridge,
    BridgeError,
    ImuBatch,
    Kind,
    RadarState,
    Topic,
    parse_message,
)
from firmware_bridge.discovery import discovery_messages
from hub.sensing.falls import FallDetection, FallDetector, Scorer
from skills.fall_response import Escalation

if TYPE_CHECKING:
    from hub.link.outbox import Outbox
    from hub.runtime import HubRuntime

_LOGGER = logging.getLogger(__name__)
RADAR_FRESH_S: Final = 30.0
TICK_S: Final = 1.0


class OutboxSink:
    """Skill events go to the hub's outbox (persisted until HA acknowledges) and, if linked, straight to HA."""

    def __init__(self, outbox: Outbox, runtime: HubRuntime | None = None) -> None:
        self._outbox = outbox
        self._runtime = runtime

    async def emit(self, event_type: str, data: dict[str, Any]) -> str:
        event = await self._outbox.add(event_type, data)
        link = self._runtime.link if self._runtime is not None else None
        if link is not None and not link.closed and link.greeted:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await link.send({"type": "event", **event})
        event_id: str = event["event_id"]
        return event_id


@dataclass(slots=True)
class DeviceInfo:
    kind: Kind
    online: bool = True
    last_seen: float = 0.0
    area: str | None = None


@dataclass(slots=True)
class RoomPresence:
    presence: bool
    moving: bool
    at: float


@dataclass(slots=True)
class SensingStats:
    messages: int = 0
    bad_payloads: int = 0
    imu_batches: int = 0
    detections: int = 0
    suppressed_by_radar: int = 0
    feed_seconds: float = 0.0
    last_detection_wall: float | None = None


@dataclass(slots=True)
class CareSettings:
    device_areas: dict[str, str] = field(default_factory=dict)
    """Wearable or radar device id → area id (a wearable's area is where its person usually is)."""
    radar_areas: dict[str, str] = field(default_factory=dict)


class SensingService:
    """Owns the detectors and room presence; hands detections to the escalation skill."""

    def __init__(
        self,
        escalation: Escalation,
        scorer: Scorer,
        *,
        threshold: float,
        settings: CareSettings | None = None,
        clock: Callable[[], float] = time.time,
        on_bed: Callable[[BedState, float], None] | None = None,
    ) -> None:
        self.escalation = escalation
        self._scorer = scorer
        self._threshold = threshold
        self.settings = settings or CareSettings()
        self._clock = clock
        self._on_bed = on_bed
        self.detectors: dict[str, FallDetector] = {}
        self.devices: dict[str, DeviceInfo] = {}
        self.rooms: dict[str, RoomPresence] = {}
        self.stats = SensingStats()
        self.announced: set[str] = set()

    async def handle(self, topic_text: str, payload: bytes) -> list[FallDetection]:
        """One MQTT message; returns the falls it completed (already handed to escalation)."""
        self.stats.messages += 1
        try:
            message = parse_message(Topic.parse(topic_text), payload)
        except BridgeError as err:
            self.stats.bad_payloads += 1
            _LOGGER.debug("Ignored message on %s: %s", topic_text[:80], err)
            return []
        now = self._clock()
        info = self.devices.setdefault(message.device_id, DeviceInfo(message.kind))
        info.last_seen = now
        if message.kind is not Kind.AVAILABILITY:
            info.kind = message.kind  # a birth message comes first; the stream tells what the device is
        if isinstance(message, Availability):
            info.online = message.online
            return []
        if isinstance(message, RadarState):
            area = self.settings.radar_areas.get(message.device_id)
            if area is not None:
                self.rooms[area] = RoomPresence(message.presence, message.moving, now)
            return []
        if isinstance(message, BedState):
            if self._on_bed is not None:
                self._on_bed(message, now)
            return []
        return await self._on_imu(message, now)

    async def _on_imu(self, batch: ImuBatch, now: float) -> list[FallDetection]:
        self.stats.imu_batches += 1
        detector = self.detectors.get(batch.device_id)
        if detector is None:
            detector = self.detectors[batch.device_id] = FallDetector(batch.device_id, self._scorer,
                                                                      threshold=self._threshold)
        rows = np.asarray(batch.samples, dtype=np.float64)
        t = batch.t + np.arange(len(rows)) / batch.hz
        started = time.perf_counter()
        found = detector.feed(t, rows)
        self.stats.feed_seconds += time.perf_counter() - started
        kept = []
        for detection in found:
            area = self.settings.device_areas.get(batch.device_id)
            fused = self._fuse(detection, area, now)
            if fused is None:
                self.stats.suppressed_by_radar += 1
                continue
            self.stats.detections += 1
            self.stats.last_detection_wall = now
            kept.append(fused)
            await self.escalation.open(device_id=fused.device_id, area=area, confidence=fused.confidence,
                                       reason=fused.reason, impact_time=fused.impact_time)
        return kept

    def _fuse(self, detection: FallDetection, area: str | None, now: float) -> FallDetection | None:
        """A radar in that room seeing someone walk about right now contradicts 'lying still': drop it."""
        room = self.rooms.get(area or "")
        if room is None or now - room.at > RADAR_FRESH_S:
            return detection
        reason = dict(detection.reason)
        if room.moving:
            return None
        if room.presence:
            reason["radar"] = "still_presence"
            confidence = round(min(1.0, detection.confidence + 0.5 * (1 - detection.confidence)), 3)
            return FallDetection(detection.device_id, detection.impact_time, detection.decided_time, confidence,
                                 reason)
        reason["radar"] = "no_presence"
        return FallDetection(detection.device_id, detection.impact_time, detection.decided_time,
                             detection.confidence, reason)

    async def announce(self, bridge: Bridge) -> None:
        """Publish HA MQTT discovery for devices seen for the first time (retained)."""
        for device_id, info in list(self.devices.items()):
            if device_id in self.announced or info.kind is Kind.AVAILABILITY:
                continue
            self.announced.add(device_id)
            for message in discovery_messages(device_id, info.kind):
                await bridge.publish(message.topic, message.payload, qos=1, retain=True)

    async def run(self, url: str) -> None:
        """Consume the broker until cancelled; the bridge reconnects by itself."""
        async with Bridge.from_url(url, client_id="hearth-hub") as bridge:
            await bridge.subscribe([ALL_DEVICES], qos=1)
            ticker = asyncio.create_task(self._tick_forever())
            try:
                async for raw in bridge.messages:
                    await self.handle(raw.topic, raw.payload)
                    if raw.topic.rsplit("/", 1)[-1] != Kind.AVAILABILITY.value and (
                        len(self.announced) < len(self.devices)
                    ):
                        await self.announce(bridge)
            finally:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker

    async def _tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_S)
            try:
                await self.escalation.tick()
            except Exception:
                _LOGGER.exception("Escalation tick failed")


def incident_routes(escalation: Escalation) -> list[web.RouteDef]:
    """`POST /api/v1/incidents/{incident_id}/respond` `{"response": ok|help|ack|false_alarm, "by"?}`."""

    async def respond(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            response = body["response"]
            by = body.get("by")
            if not isinstance(response, str) or (by is not None and not isinstance(by, str)):
                raise TypeError
        except (ValueError, KeyError, TypeError, AttributeError):
            return web.json_response({"error": "invalid_message", "message": "expected {response, by?}"},
                                     status=400)
        try:
            done = await escalation.respond(request.match_info["incident_id"], response, by=by)
        except ValueError as err:
            return web.json_response({"error": "invalid_message", "message": str(err)}, status=400)
        return web.json_response({"resolved_or_escalated": done}, status=200 if done else 404)

    async def incidents(_request: web.Request) -> web.Response:
        return web.json_response([
            {"incident_id": i.incident_id, "person": i.person, "area": i.area, "step": i.step,
             "opened_at": i.opened_at}
            for i in escalation.open_incidents
        ])

    return [web.post("/api/v1/incidents/{incident_id}/respond", respond),
            web.get("/api/v1/incidents", incidents)]
