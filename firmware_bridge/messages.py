"""Typed device messages and their compact JSON payloads, validated with voluptuous.

Every parser takes raw bytes from the wire and returns a frozen dataclass or raises `PayloadError`; nothing a
device (or anyone on the broker) sends can raise anything else.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import voluptuous as vol

from firmware_bridge.errors import PayloadError
from firmware_bridge.topics import Kind, Topic

MAX_PAYLOAD_BYTES: Final = 32 * 1024
MAX_ROWS: Final = 400
"""Two seconds at 200 Hz: devices send a batch every 0.25 to 1 s."""
ACC_LIMIT_G: Final = 64.0
GYRO_LIMIT_DPS: Final = 8000.0
ONLINE: Final = "online"
OFFLINE: Final = "offline"


def _finite(limit: float) -> Any:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise vol.Invalid("expected a number")
        number = float(value)
        if not math.isfinite(number) or abs(number) > limit:
            raise vol.Invalid(f"number out of range ±{limit}")
        return number

    return check


def _row(value: Any) -> list[float]:
    if not isinstance(value, list) or len(value) != 6:
        raise vol.Invalid("each sample is [ax, ay, az, gx, gy, gz]")
    acc = [_finite(ACC_LIMIT_G)(v) for v in value[:3]]
    gyro = [_finite(GYRO_LIMIT_DPS)(v) for v in value[3:]]
    return acc + gyro


_INT32 = vol.All(int, vol.Range(min=0, max=2**32 - 1))
_TIME = vol.All(_finite(1e10), vol.Range(min=0))

IMU_SCHEMA: Final = vol.Schema(
    {
        vol.Required("seq"): _INT32,
        vol.Required("t"): _TIME,
        vol.Required("hz"): vol.All(int, vol.Range(min=25, max=400)),
        vol.Required("s"): vol.All([_row], vol.Length(min=1, max=MAX_ROWS)),
        vol.Optional("range"): vol.ExactSequence(
            [vol.All(_finite(64), vol.Range(min=1)), vol.All(_finite(8000), vol.Range(min=1))]
        ),
    },
    extra=vol.PREVENT_EXTRA,
)
RADAR_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("t"): _TIME,
        vol.Required("presence"): bool,
        vol.Optional("moving", default=False): bool,
        vol.Optional("distance_cm"): vol.All(int, vol.Range(min=0, max=10_000)),
        vol.Optional("energy"): vol.All(int, vol.Range(min=0, max=100)),
    },
    extra=vol.PREVENT_EXTRA,
)
BED_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("t"): _TIME,
        vol.Required("occupied"): bool,
        vol.Optional("pressure"): vol.All(_finite(1.0), vol.Range(min=0.0, max=1.0)),
    },
    extra=vol.PREVENT_EXTRA,
)


@dataclass(frozen=True, slots=True)
class ImuBatch:
    """A batch of IMU samples from a wrist or pendant wearable."""

    device_id: str
    seq: int
    """Increments per batch (wraps at 2**32); a gap means lost batches."""
    t: float
    """Device time of the first sample, in seconds."""
    hz: int
    """Sample rate; the hub resamples to its own rate."""
    samples: tuple[tuple[float, float, float, float, float, float], ...]
    """Rows of ax, ay, az (g) and gx, gy, gz (deg/s)."""
    acc_range_g: float | None = None
    """Full-scale range, so the hub can tell a saturated reading from a real one."""
    gyro_range_dps: float | None = None

    kind = Kind.IMU

    def to_payload(self) -> bytes:
        body: dict[str, Any] = {
            "seq": self.seq,
            "t": round(self.t, 4),
            "hz": self.hz,
            "s": [[round(v, 4) for v in row] for row in self.samples],
        }
        if self.acc_range_g is not None and self.gyro_range_dps is not None:
            body["range"] = [self.acc_range_g, self.gyro_range_dps]
        return json.dumps(body, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class RadarState:
    """An LD2410-class mmWave radar: is someone there, and are they moving."""

    device_id: str
    presence: bool
    moving: bool = False
    distance_cm: int | None = None
    energy: int | None = None
    t: float | None = None

    kind = Kind.RADAR

    def to_payload(self) -> bytes:
        body: dict[str, Any] = {"presence": self.presence, "moving": self.moving}
        for key in ("distance_cm", "energy", "t"):
            if (value := getattr(self, key)) is not None:
                body[key] = value
        return json.dumps(body, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class BedState:
    """A bed pressure mat: occupied or not, with the normalised pressure when the mat reports it."""

    device_id: str
    occupied: bool
    pressure: float | None = None
    t: float | None = None

    kind = Kind.BED

    def to_payload(self) -> bytes:
        body: dict[str, Any] = {"occupied": self.occupied}
        for key in ("pressure", "t"):
            if (value := getattr(self, key)) is not None:
                body[key] = value
        return json.dumps(body, separators=(",", ":")).encode()


@dataclass(frozen=True, slots=True)
class Availability:
    """Birth (`online`) and last-will (`offline`) messages, retained on the broker."""

    device_id: str
    online: bool

    kind = Kind.AVAILABILITY

    def to_payload(self) -> bytes:
        return (ONLINE if self.online else OFFLINE).encode()


type DeviceMessage = ImuBatch | RadarState | BedState | Availability


def _json(payload: bytes) -> Any:
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise PayloadError(f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}")
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PayloadError("payload is not UTF-8 JSON") from None


def _validate(schema: vol.Schema, raw: Any) -> dict[str, Any]:
    try:
        valid: dict[str, Any] = schema(raw)
    except vol.Invalid as err:
        raise PayloadError(f"invalid payload: {err}"[:200]) from None
    return valid


def parse_imu(device_id: str, payload: bytes) -> ImuBatch:
    body = _validate(IMU_SCHEMA, _json(payload))
    ranges = body.get("range")
    return ImuBatch(
        device_id=device_id,
        seq=body["seq"],
        t=body["t"],
        hz=body["hz"],
        samples=tuple((r[0], r[1], r[2], r[3], r[4], r[5]) for r in body["s"]),
        acc_range_g=ranges[0] if ranges else None,
        gyro_range_dps=ranges[1] if ranges else None,
    )


def parse_radar(device_id: str, payload: bytes) -> RadarState:
    body = _validate(RADAR_SCHEMA, _json(payload))
    return RadarState(
        device_id, body["presence"], body["moving"], body.get("distance_cm"), body.get("energy"), body.get("t")
    )


def parse_bed(device_id: str, payload: bytes) -> BedState:
    body = _validate(BED_SCHEMA, _json(payload))
    return BedState(device_id, body["occupied"], body.get("pressure"), body.get("t"))


def parse_availability(device_id: str, payload: bytes) -> Availability:
    text = payload[:16].decode("utf-8", errors="replace").strip().lower()
    if text not in (ONLINE, OFFLINE) or len(payload) > 16:
        raise PayloadError("availability must be 'online' or 'offline'")
    return Availability(device_id, text == ONLINE)


_PARSERS: Final[dict[Kind, Callable[[str, bytes], DeviceMessage]]] = {
    Kind.IMU: parse_imu,
    Kind.RADAR: parse_radar,
    Kind.BED: parse_bed,
    Kind.AVAILABILITY: parse_availability,
}


def parse_message(topic: Topic, payload: bytes) -> DeviceMessage:
    """Decode one device message; raises `PayloadError` for anything that does not match the contract."""
    return _PARSERS[topic.kind](topic.device_id, payload)


def topic_of(message: DeviceMessage) -> Topic:
    return Topic(message.device_id, message.kind)
