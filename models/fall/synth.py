"""Physically based synthetic IMU recordings: falls and hard daily activities, wrist / pendant / pocket placements.

The body is a rigid trunk (pitch, roll, heading) carrying a sensor on a mount; a wrist mount adds a limb angle
(arm swing, hand movements), a pocket mount follows the thigh (horizontal when sitting or lying). Each activity
is a segment that starts where the previous one ended and writes the trunk angles, the limb angle and the world
linear acceleration of the sensor (in g). The accelerometer reads the specific force R^T (a + e_z) in g, the gyro
the body-frame angular rate of R(t) in deg/s; then per-device noise, bias, quantisation and saturation, and
resampling from the 200 Hz physics to the recording's rate (50 to 200 Hz).

Falls: forward, backward and lateral, from standing, walking, a chair or a bed: loss of balance, a descent with
partial free fall (0.2 to 0.65 g read) while the trunk rotates towards horizontal, an impact (hands and hips hit:
the peak is highest at the wrist and may saturate), rebounds, then lying with breathing and tremor, maybe moving
again after several seconds. Hard daily activities are the confusers: sitting down hard, lying down quickly,
jumping, stumbling and recovering, dropping the device (true free fall, tumbling, saturation, bounces, then dead
still), running, stairs. Python 3.11-compatible and numpy-only: training runs in its own venv.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

PHYS_HZ = 200
SOFT_LANDING_SHARE = 0.3
"""Falls onto a soft surface (mattress, carpet, grass): peaks of 1.8 to 3.8 g over 80 to 250 ms."""
PLACEMENTS = ("wrist", "pendant", "pocket")
FALL_KINDS = ("fall_forward", "fall_backward", "fall_lateral", "fall_from_chair", "fall_from_bed", "fall_trip")
HARD_ADLS = ("sit_down_hard", "lie_down_quickly", "jump", "stumble_recover", "device_drop", "run", "stairs")
EASY_ADLS = ("walk", "stand", "sit", "lie", "gesture")


@dataclass
class Recording:
    """One synthetic recording: samples at `hz` and the ground truth."""

    name: str
    hz: int
    data: np.ndarray
    """(n, 7): t, ax, ay, az (g), gx, gy, gz (deg/s)."""
    placement: str
    activity: str
    fall_times: list[float] = field(default_factory=list)
    """Impact times of the falls in this recording, in seconds."""


class _Body:
    """Accumulates segments: trunk pitch/roll/heading, thigh pitch, limb angle and linear acceleration."""

    def __init__(self, rng: np.random.Generator, placement: str) -> None:
        self.rng = rng
        self.placement = placement
        self.pitch: list[np.ndarray] = []
        self.roll: list[np.ndarray] = []
        self.yaw: list[np.ndarray] = []
        self.thigh: list[np.ndarray] = []
        self.limb: list[np.ndarray] = []
        self.acc: list[np.ndarray] = []
        self.state = {"pitch": 0.0, "roll": 0.0, "yaw": float(rng.uniform(0, 2 * math.pi)), "thigh": 0.0,
                      "limb": 0.0}
        self.posture = "standing"
        self.n = 0

    def add(self, pitch: np.ndarray, roll: np.ndarray, yaw: np.ndarray, thigh: np.ndarray, limb: np.ndarray,
            acc: np.ndarray) -> None:
        for name, arr in (("pitch", pitch), ("roll", roll), ("yaw", yaw), ("thigh", thigh), ("limb", limb)):
            getattr(self, name).append(arr)
            self.state[name] = float(arr[-1])
        self.acc.append(acc)
        self.n += len(pitch)

    def t(self) -> float:
        return self.n / PHYS_HZ


def _ramp(start: float, end: float, n: int, shape: str = "smooth") -> np.ndarray:
    x = np.linspace(0.0, 1.0, n)
    if shape == "smooth":
        x = 0.5 - 0.5 * np.cos(np.pi * x)
    elif shape == "accel":  # falling over: slow start, fast end
        x = x**2
    return start + (end - start) * x


def _noise_walk(rng: np.random.Generator, n: int, scale: float, smooth: int = 40) -> np.ndarray:
    raw = rng.normal(0, 1, n + smooth)
    kernel = np.ones(smooth) / smooth
    out = np.convolve(raw, kernel, mode="valid")[:n]
    return out * scale * math.sqrt(smooth)


def _hold(body: _Body, seconds: float, *, sway: float, motion: float, limb_motion: float,
          target: dict[str, float] | None = None) -> None:
    """A still-ish posture: sway, micro-motion, breathing; optionally blending to target angles."""
    rng = body.rng
    n = max(2, int(seconds * PHYS_HZ))
    s = body.state
    tgt = target or {}
    blend = np.minimum(1.0, np.linspace(0, 1, n) * (seconds / 0.8))
    pitch = s["pitch"] + (tgt.get("pitch", s["pitch"]) - s["pitch"]) * blend + _noise_walk(rng, n, sway / 20)
    roll = s["roll"] + (tgt.get("roll", s["roll"]) - s["roll"]) * blend + _noise_walk(rng, n, sway / 20)
    thigh = s["thigh"] + (tgt.get("thigh", s["thigh"]) - s["thigh"]) * blend
    yaw = s["yaw"] + _noise_walk(rng, n, sway / 40)
    limb = s["limb"] + _noise_walk(rng, n, limb_motion / 20)
    t = np.arange(n) / PHYS_HZ
    breath = rng.uniform(0.002, 0.012) * np.sin(2 * np.pi * rng.uniform(0.2, 0.35) * t + rng.uniform(0, 6))
    acc = np.zeros((n, 3))
    acc[:, 0] = _noise_walk(rng, n, motion / 10, 10)
    acc[:, 1] = _noise_walk(rng, n, motion / 10, 10)
    acc[:, 2] = _noise_walk(rng, n, motion / 10, 10) + breath
    body.add(pitch, roll, yaw, thigh, limb, acc)


def stand(body: _Body, seconds: float) -> None:
    _hold(body, seconds, sway=0.02, motion=0.01, limb_motion=0.05, target={"pitch": 0.0, "roll": 0.0, "thigh": 0.0})
    body.posture = "standing"


def sit(body: _Body, seconds: float) -> None:
    lean = float(body.rng.uniform(-0.25, 0.1))
    _hold(body, seconds, sway=0.015, motion=0.008, limb_motion=0.08,
          target={"pitch": lean, "roll": 0.0, "thigh": 1.45})
    body.posture = "sitting"


def lie(body: _Body, seconds: float) -> None:
    s = body.state
    target = {"pitch": s["pitch"], "roll": s["roll"]}
    if abs(s["pitch"]) < 1.0 and abs(s["roll"]) < 1.0:
        target = {"pitch": float(body.rng.choice([-1, 1]) * body.rng.uniform(1.35, 1.6)), "roll": 0.0}
    target["thigh"] = 1.5
    _hold(body, seconds, sway=0.005, motion=0.004, limb_motion=0.02, target=target)
    body.posture = "lying"


def gesture(body: _Body, seconds: float) -> None:
    """Standing or sitting, hands busy: cooking, typing, brushing teeth (big limb motion, small trunk motion)."""
    rng = body.rng
    n = max(2, int(seconds * PHYS_HZ))
    s = body.state
    t = np.arange(n) / PHYS_HZ
    f = rng.uniform(0.5, 4.0)
    amp = rng.uniform(0.2, 0.9)
    limb = s["limb"] + amp * np.sin(2 * np.pi * f * t) + _noise_walk(rng, n, 0.01)
    acc = np.zeros((n, 3))
    hand = rng.uniform(0.05, 0.6) if body.placement == "wrist" else rng.uniform(0.01, 0.08)
    for k in range(3):
        acc[:, k] = hand * np.sin(2 * np.pi * f * t + rng.uniform(0, 6)) + _noise_walk(rng, n, 0.003, 10)
    body.add(np.full(n, s["pitch"]) + _noise_walk(rng, n, 0.001), np.full(n, s["roll"]), np.full(n, s["yaw"]),
             np.full(n, s["thigh"]), limb, acc)


def _gait(body: _Body, seconds: float, *, cadence: float, vert: float, strike: float, swing: float,
          flight: bool = False) -> None:
    rng = body.rng
    n = max(2, int(seconds * PHYS_HZ))
    s = body.state
    t = np.arange(n) / PHYS_HZ
    phase = 2 * np.pi * cadence * t + rng.uniform(0, 6)
    acc = np.zeros((n, 3))
    acc[:, 2] = vert * np.sin(phase) + 0.3 * vert * np.sin(2 * phase + 1.0)
    heading = s["yaw"] + _noise_walk(rng, n, 0.01)
    fwd = 0.35 * vert * np.sin(phase + 0.8)
    acc[:, 0] = fwd * np.cos(heading)
    acc[:, 1] = fwd * np.sin(heading) + 0.15 * vert * np.sin(phase / 2)
    # Heel strikes: short positive spikes once per step (stronger at the pocket, weaker at the wrist).
    width = int(0.04 * PHYS_HZ) | 1
    pulse = np.hanning(width + 2)[1:-1]
    placement_gain = {"wrist": 0.6, "pendant": 0.8, "pocket": 1.2}[body.placement]
    step_idx = np.where(np.diff(np.floor(phase / (2 * np.pi))) > 0)[0]
    for i in step_idx:
        amp = strike * placement_gain * rng.uniform(0.7, 1.3)
        end = min(n, i + width)
        acc[i:end, 2] += amp * pulse[: end - i]
    if flight:
        acc[:, 2] = np.where(np.sin(phase) < -0.6, -rng.uniform(0.7, 0.95), acc[:, 2])
    pitch = np.full(n, 0.05 if not flight else 0.2) + 0.03 * np.sin(phase) + _noise_walk(rng, n, 0.002)
    roll = 0.03 * np.sin(phase / 2) + _noise_walk(rng, n, 0.002)
    pitch[: int(0.5 * PHYS_HZ)] = _ramp(s["pitch"], float(pitch[int(0.5 * PHYS_HZ)]), min(n, int(0.5 * PHYS_HZ)))
    roll[: int(0.5 * PHYS_HZ)] = _ramp(s["roll"], float(roll[int(0.5 * PHYS_HZ)]), min(n, int(0.5 * PHYS_HZ)))
    thigh = 0.4 * np.sin(phase / 2) * (1.6 if flight else 1.0)
    thigh[: int(0.5 * PHYS_HZ)] *= np.linspace(0, 1, min(n, int(0.5 * PHYS_HZ)))
    thigh += _ramp(s["thigh"], 0.0, n) * np.exp(-t * 4)
    limb = s["limb"] * np.exp(-t * 3) + swing * np.sin(phase / 2 + 0.3)
    if body.placement == "wrist":
        arm = swing * 2.5 * (2 * np.pi * cadence / 2) ** 2 * 0.6 / 9.81
        acc[:, 0] += arm * np.sin(phase / 2) * np.cos(heading)
        acc[:, 1] += arm * np.sin(phase / 2) * np.sin(heading)
    body.add(pitch, roll, heading, thigh, limb, acc)
    body.posture = "standing"


def walk(body: _Body, seconds: float) -> None:
    rng = body.rng
    _gait(body, seconds, cadence=rng.uniform(1.5, 2.1), vert=rng.uniform(0.12, 0.3), strike=rng.uniform(0.15, 0.5),
          swing=rng.uniform(0.2, 0.5))


def run(body: _Body, seconds: float) -> None:
    rng = body.rng
    _gait(body, seconds, cadence=rng.uniform(2.5, 3.2), vert=rng.uniform(0.6, 1.0), strike=rng.uniform(1.0, 2.5),
          swing=rng.uniform(0.6, 1.1), flight=True)


def stairs(body: _Body, seconds: float) -> None:
    rng = body.rng
    _gait(body, seconds, cadence=rng.uniform(1.3, 1.8), vert=rng.uniform(0.3, 0.55), strike=rng.uniform(0.5, 1.2),
          swing=rng.uniform(0.15, 0.4))


def _impact(rng: np.random.Generator, n: int, at: int, peak: float, *, width_s: float, rebound: float,
            direction: np.ndarray) -> np.ndarray:
    """An impact pulse (world acceleration in g) with damped rebounds."""
    acc = np.zeros((n, 3))
    width = max(3, int(width_s * PHYS_HZ))
    pulse = np.sin(np.linspace(0, np.pi, width))
    end = min(n, at + width)
    acc[at:end] += np.outer(pulse[: end - at] * peak, direction)
    freq = rng.uniform(8, 20)
    tail_n = min(n - end, int(0.5 * PHYS_HZ))
    if tail_n > 0:
        tt = np.arange(tail_n) / PHYS_HZ
        ring = rebound * peak * np.sin(2 * np.pi * freq * tt) * np.exp(-tt * rng.uniform(8, 15))
        acc[end : end + tail_n] += np.outer(ring, direction)
    return acc


def _peak_for(rng: np.random.Generator, placement: str, lo_hi: dict[str, tuple[float, float]]) -> float:
    lo, hi = lo_hi[placement]
    return float(rng.uniform(lo, hi))


def fall(body: _Body, kind: str) -> float:
    """A fall of the given kind from the body's current posture; returns the impact time (s)."""
    rng = body.rng
    s = body.state
    from_bed = kind == "fall_from_bed"
    from_chair = kind == "fall_from_chair"
    # Loss of balance: a short perturbation (slip, trip, faint) before the descent.
    pre_n = int(rng.uniform(0.1, 0.45) * PHYS_HZ)
    fall_s = rng.uniform(0.45, 0.8) if not (from_bed or from_chair) else rng.uniform(0.35, 0.65)
    fall_n = int(fall_s * PHYS_HZ)
    post_n = int(1.0 * PHYS_HZ)
    n = pre_n + fall_n + post_n
    direction = {"fall_forward": (1.0, 0.0), "fall_trip": (1.0, 0.0), "fall_backward": (-1.0, 0.0),
                 "fall_lateral": (0.0, float(rng.choice([-1, 1]))), "fall_from_chair": (float(rng.choice([-1, 1])),
                                                                                            0.0),
                 "fall_from_bed": (0.0, float(rng.choice([-1, 1])))}[kind]
    final_tilt = rng.uniform(1.25, 1.65)
    pitch_end = s["pitch"] + direction[0] * final_tilt if not from_bed else s["pitch"] + rng.uniform(-0.4, 0.4)
    roll_end = s["roll"] + direction[1] * final_tilt if not from_bed else s["roll"] + direction[1] * rng.uniform(
        1.2, 1.7)
    if from_bed:
        pitch_end = float(np.clip(pitch_end, -1.7, 1.7))
    pert = _noise_walk(rng, pre_n, 0.02)
    pitch = np.concatenate([s["pitch"] + pert + direction[0] * _ramp(0, 0.15, pre_n),
                            _ramp(s["pitch"] + direction[0] * 0.15, pitch_end, fall_n, "accel"),
                            pitch_end + _noise_walk(rng, post_n, 0.01)])
    roll = np.concatenate([s["roll"] + pert + direction[1] * _ramp(0, 0.15, pre_n),
                           _ramp(s["roll"] + direction[1] * 0.15, roll_end, fall_n, "accel"),
                           roll_end + _noise_walk(rng, post_n, 0.01)])
    yaw = s["yaw"] + _noise_walk(rng, n, 0.02) + _ramp(0, rng.uniform(-0.6, 0.6), n)
    thigh = np.concatenate([np.full(pre_n, s["thigh"]), _ramp(s["thigh"], 1.5, fall_n, "accel"),
                            np.full(post_n, 1.5) + _noise_walk(rng, post_n, 0.01)])
    flail = rng.uniform(0.5, 2.5) if body.placement == "wrist" else rng.uniform(0.05, 0.3)
    limb = np.concatenate([np.full(pre_n, s["limb"]), _ramp(s["limb"], s["limb"] + flail * rng.choice([-1, 1]),
                                                            fall_n, "accel"),
                           np.full(post_n, s["limb"] + 0.0)])
    limb[pre_n + fall_n :] = limb[pre_n + fall_n - 1] + _noise_walk(rng, post_n, 0.01)
    acc = np.zeros((n, 3))
    # Perturbation: a horizontal jolt of 0.2 to 0.8 g.
    jolt = rng.uniform(0.2, 0.8) if kind in ("fall_trip", "fall_forward", "fall_backward") else rng.uniform(0.05, 0.3)
    heading = s["yaw"]
    acc[:pre_n, 0] = jolt * np.sin(np.linspace(0, np.pi, pre_n)) * math.cos(heading)
    acc[:pre_n, 1] = jolt * np.sin(np.linspace(0, np.pi, pre_n)) * math.sin(heading)
    # Descent: partial free fall (the sensor reads 0.2 to 0.65 g at its deepest).
    depth = rng.uniform(0.35, 0.8) if not (from_bed or from_chair) else rng.uniform(0.3, 0.65)
    dip = np.sin(np.linspace(0, np.pi, fall_n)) ** 0.7
    acc[pre_n : pre_n + fall_n, 2] = -depth * dip
    impact_at = pre_n + fall_n
    peaks = {"wrist": (2.6, 14.0), "pendant": (2.2, 7.0), "pocket": (2.6, 9.0)}
    if from_bed or from_chair:
        peaks = {"wrist": (2.0, 8.0), "pendant": (1.9, 5.0), "pocket": (2.1, 6.0)}
    peak = _peak_for(rng, body.placement, peaks) - 1.0
    width_s, rebound = rng.uniform(0.03, 0.1), rng.uniform(0.1, 0.4)
    if rng.random() < SOFT_LANDING_SHARE:  # a mattress, carpet or grass: a lower, longer impact
        peak = rng.uniform(0.8, 2.8)
        width_s, rebound = rng.uniform(0.08, 0.25), rng.uniform(0.05, 0.2)
    side = np.array([direction[0] * math.cos(heading), direction[0] * math.sin(heading) + direction[1], 0.0])
    vec = np.array([0.0, 0.0, 1.0]) + rng.uniform(0.1, 0.7) * side
    vec /= np.linalg.norm(vec)
    acc += _impact(rng, n, impact_at, peak, width_s=width_s, rebound=rebound, direction=vec)
    if rng.random() < 0.5:  # a second, smaller hit (hip then shoulder or head)
        second = impact_at + int(rng.uniform(0.08, 0.3) * PHYS_HZ)
        if second < n:
            acc += _impact(rng, n, second, peak * rng.uniform(0.2, 0.6), width_s=0.05, rebound=0.2, direction=vec)
    body.add(pitch, roll, yaw, thigh, limb, acc)
    body.posture = "lying"
    return (body.n - post_n) / PHYS_HZ


def after_fall(body: _Body, seconds: float) -> None:
    """Lying after a fall: still (breathing, tremor) for a while, perhaps trying to move later."""
    rng = body.rng
    still = seconds if rng.random() < 0.5 else rng.uniform(4.5, max(4.6, seconds))
    _hold(body, still, sway=0.004, motion=rng.uniform(0.002, 0.008), limb_motion=rng.uniform(0.005, 0.03))
    rest = seconds - still
    if rest > 1.0:
        gesture(body, min(rest, rng.uniform(1, 4)))
        _hold(body, max(0.5, rest - 4), sway=0.006, motion=0.006, limb_motion=0.03)


def sit_down_hard(body: _Body) -> float:
    """Dropping onto a chair or sofa: a quick descent and a firm landing, trunk stays upright."""
    rng = body.rng
    s = body.state
    fall_n = int(rng.uniform(0.3, 0.6) * PHYS_HZ)
    post_n = int(0.8 * PHYS_HZ)
    n = fall_n + post_n
    lean = rng.uniform(0.15, 0.5)
    pitch = np.concatenate([_ramp(s["pitch"], s["pitch"] + lean, fall_n // 2),
                            _ramp(s["pitch"] + lean, rng.uniform(-0.35, 0.1), fall_n - fall_n // 2),
                            np.zeros(post_n)])
    pitch[fall_n:] = pitch[fall_n - 1] + _noise_walk(rng, post_n, 0.005)
    roll = s["roll"] + _noise_walk(rng, n, 0.01)
    thigh = np.concatenate([_ramp(s["thigh"], 1.45, fall_n), np.full(post_n, 1.45)])
    limb = s["limb"] + _ramp(0, rng.uniform(-1.2, 1.2) if body.placement == "wrist" else 0.05, n)
    acc = np.zeros((n, 3))
    acc[:fall_n, 2] = -rng.uniform(0.15, 0.55) * np.sin(np.linspace(0, np.pi, fall_n))
    peaks = {"wrist": (1.2, 2.4), "pendant": (1.5, 2.8), "pocket": (1.7, 3.5)}
    acc += _impact(rng, n, fall_n, _peak_for(rng, body.placement, peaks) - 1.0, width_s=rng.uniform(0.06, 0.15),
                   rebound=rng.uniform(0.05, 0.25), direction=np.array([0.0, 0.0, 1.0]))
    body.add(pitch, roll, s["yaw"] + _noise_walk(rng, n, 0.01), thigh, limb, acc)
    body.posture = "sitting"
    return fall_n / PHYS_HZ


def lie_down_quickly(body: _Body) -> float:
    """From sitting on a bed to lying, quickly: a big rotation and a soft landing on the mattress."""
    rng = body.rng
    if body.posture != "sitting":
        sit(body, rng.uniform(1.0, 3.0))
    s = body.state
    fall_n = int(rng.uniform(0.6, 1.3) * PHYS_HZ)
    post_n = int(0.8 * PHYS_HZ)
    n = fall_n + post_n
    sign = float(rng.choice([-1, 1]))
    axis_pitch = rng.random() < 0.6
    end = sign * rng.uniform(1.3, 1.6)
    pitch = np.concatenate([_ramp(s["pitch"], end if axis_pitch else s["pitch"], fall_n),
                            np.full(post_n, end if axis_pitch else s["pitch"])])
    roll = np.concatenate([_ramp(s["roll"], s["roll"] if axis_pitch else end, fall_n),
                           np.full(post_n, s["roll"] if axis_pitch else end)])
    pitch[fall_n:] += _noise_walk(rng, post_n, 0.004)
    thigh = np.full(n, 1.45) + _ramp(0, 0.05, n)
    limb = s["limb"] + _ramp(0, rng.uniform(-0.8, 0.8) if body.placement == "wrist" else 0.05, n)
    acc = np.zeros((n, 3))
    acc[:fall_n, 2] = -rng.uniform(0.05, 0.3) * np.sin(np.linspace(0, np.pi, fall_n))
    peaks = {"wrist": (1.1, 2.0), "pendant": (1.2, 2.2), "pocket": (1.1, 1.8)}
    acc += _impact(rng, n, fall_n, _peak_for(rng, body.placement, peaks) - 1.0, width_s=rng.uniform(0.1, 0.25),
                   rebound=0.3, direction=np.array([0.0, 0.0, 1.0]))
    body.add(pitch, roll, s["yaw"] + _noise_walk(rng, n, 0.01), thigh, limb, acc)
    body.posture = "lying"
    return fall_n / PHYS_HZ


def jump(body: _Body) -> float:
    """One to three jumps in place: crouch, push, flight (near 0 g), landing 2.5 to 6 g, upright throughout."""
    rng = body.rng
    first = body.t()
    for _ in range(int(rng.integers(1, 4))):
        s = body.state
        crouch_n, push_n = int(0.3 * PHYS_HZ), int(0.2 * PHYS_HZ)
        flight_n = int(rng.uniform(0.2, 0.45) * PHYS_HZ)
        land_n = int(0.7 * PHYS_HZ)
        n = crouch_n + push_n + flight_n + land_n
        acc = np.zeros((n, 3))
        acc[:crouch_n, 2] = -0.3 * np.sin(np.linspace(0, np.pi, crouch_n))
        acc[crouch_n : crouch_n + push_n, 2] = rng.uniform(0.5, 1.2) * np.sin(np.linspace(0, np.pi, push_n))
        acc[crouch_n + push_n : crouch_n + push_n + flight_n, 2] = -rng.uniform(0.88, 0.99)
        peaks = {"wrist": (2.0, 6.0), "pendant": (2.5, 6.0), "pocket": (3.0, 8.0)}
        acc += _impact(rng, n, crouch_n + push_n + flight_n, _peak_for(rng, body.placement, peaks) - 1.0,
                       width_s=rng.uniform(0.04, 0.1), rebound=0.3, direction=np.array([0.0, 0.0, 1.0]))
        pitch = s["pitch"] + 0.25 * np.sin(np.linspace(0, np.pi, n)) * rng.uniform(0.3, 1.0)
        thigh = 0.7 * np.sin(np.linspace(0, np.pi, n)) * rng.uniform(0.3, 1.0)
        limb = s["limb"] + rng.uniform(0.2, 1.0) * np.sin(np.linspace(0, 2 * np.pi, n))
        body.add(pitch, s["roll"] + _noise_walk(rng, n, 0.01), s["yaw"] + _noise_walk(rng, n, 0.01), thigh, limb,
                 acc)
    body.posture = "standing"
    return first


def stumble_recover(body: _Body) -> float:
    """Walking, a trip, a recovery step (2 to 3 g at the foot strike), and walking on."""
    rng = body.rng
    walk(body, rng.uniform(2, 5))
    s = body.state
    n = int(rng.uniform(0.8, 1.4) * PHYS_HZ)
    at = int(0.35 * n)
    tilt = rng.uniform(0.2, 0.6) * float(rng.choice([-1, 1]))
    pitch = s["pitch"] + tilt * np.sin(np.linspace(0, np.pi, n))
    roll = s["roll"] + rng.uniform(-0.2, 0.2) * np.sin(np.linspace(0, np.pi, n))
    acc = np.zeros((n, 3))
    acc[:at, 2] = -rng.uniform(0.1, 0.4) * np.sin(np.linspace(0, np.pi, at))
    peaks = {"wrist": (1.6, 3.5), "pendant": (1.7, 3.2), "pocket": (2.0, 4.0)}
    acc += _impact(rng, n, at, _peak_for(rng, body.placement, peaks) - 1.0, width_s=0.06, rebound=0.2,
                   direction=np.array([0.3, 0.0, 1.0]) / math.hypot(0.3, 1.0))
    limb = s["limb"] + rng.uniform(0.3, 1.2) * np.sin(np.linspace(0, np.pi, n))
    t0 = body.t()
    body.add(pitch, roll, s["yaw"] + _noise_walk(rng, n, 0.01), np.full(n, s["thigh"]), limb, acc)
    walk(body, rng.uniform(3, 8))
    return t0 + at / PHYS_HZ


def device_drop(body: _Body) -> float:
    """The wearable or phone slips off: true free fall while tumbling, a saturating hit, bounces, dead still."""
    rng = body.rng
    s = body.state
    height = rng.uniform(0.5, 1.3)
    flight_n = int(math.sqrt(2 * height / 9.81) * PHYS_HZ)
    rest_n = int(rng.uniform(4.0, 8.0) * PHYS_HZ)
    bounces = int(rng.integers(1, 4))
    n = flight_n + rest_n
    acc = np.zeros((n, 3))
    acc[:flight_n, 2] = -1.0 + rng.normal(0, 0.02, flight_n)
    spin = rng.uniform(2, 12) * float(rng.choice([-1, 1]))
    limb = s["limb"] + np.concatenate([spin * np.arange(flight_n) / PHYS_HZ, np.zeros(rest_n)])
    end_limb = float(limb[flight_n - 1]) + rng.uniform(-1, 1)
    limb[flight_n:] = end_limb
    at = flight_n
    peak = rng.uniform(8.0, 30.0)
    for b in range(bounces):
        acc += _impact(rng, n, at, peak, width_s=rng.uniform(0.005, 0.02), rebound=0.1,
                       direction=np.array([rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5), 1.0]))
        hop = int(math.sqrt(2 * height * (0.15 ** (b + 1)) / 9.81) * 2 * PHYS_HZ)
        if hop > 2 and at + hop < n:
            acc[at + 4 : at + hop, 2] = -1.0
            limb[at + 4 : at + hop] = end_limb + np.linspace(0, spin * 0.02, hop - 4)
        at += max(hop, 8)
        peak *= rng.uniform(0.15, 0.4)
    # The device lands flat or on its side: the mount orientation changes with the tumble (limb angle).
    pitch = np.concatenate([_ramp(s["pitch"], s["pitch"] + rng.uniform(-3, 3), flight_n), np.zeros(rest_n)])
    pitch[flight_n:] = pitch[flight_n - 1]
    roll = np.concatenate([_ramp(s["roll"], s["roll"] + rng.uniform(-3, 3), flight_n), np.zeros(rest_n)])
    roll[flight_n:] = roll[flight_n - 1]
    t0 = body.t()
    body.add(pitch, roll, np.full(n, s["yaw"]), np.full(n, s["thigh"]), limb, acc)
    body.posture = "dropped"
    return t0 + flight_n / PHYS_HZ


# --- sensor model ------------------------------------------------------------------------------------------


def _rot(axis: int, angle: np.ndarray) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    out = np.zeros((len(angle), 3, 3))
    i, j = [(1, 2), (0, 2), (0, 1)][axis]
    out[:, axis, axis] = 1.0
    out[:, i, i] = c
    out[:, j, j] = c
    sign = -1.0 if axis != 1 else 1.0
    out[:, i, j] = sign * s
    out[:, j, i] = -sign * s
    return out


def _mount(rng: np.random.Generator) -> np.ndarray:
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def _smooth(x: np.ndarray, kern: np.ndarray) -> np.ndarray:
    pad = len(kern)
    return np.convolve(np.pad(x, pad, mode="edge"), kern, mode="same")[pad:-pad]


def _sense(body: _Body, hz: int, rng: np.random.Generator, *, acc_range: float, gyro_range: float) -> np.ndarray:
    pitch = np.concatenate(body.pitch)
    roll = np.concatenate(body.roll)
    yaw = np.concatenate(body.yaw)
    thigh = np.concatenate(body.thigh)
    limb = np.concatenate(body.limb)
    acc = np.concatenate(body.acc)
    if body.placement == "pocket":
        # The thigh pitches forward when sitting and lying; the trunk's lying tilt dominates when lying.
        lying = np.clip((np.maximum(np.abs(pitch), np.abs(roll)) - 0.8) / 0.5, 0, 1)
        pitch = lying * pitch + (1 - lying) * thigh
        roll = lying * roll
        limb = limb * 0.15
    elif body.placement == "pendant":
        limb = limb * 0.2
    r = _rot(2, yaw) @ _rot(1, pitch) @ _rot(0, roll) @ _mount(rng) @ _rot(2, limb)
    specific = acc + np.array([0.0, 0.0, 1.0])
    reading = np.einsum("nji,nj->ni", r, specific)
    rel = np.einsum("nji,njk->nik", r[:-1], r[1:])
    angle = np.arccos(np.clip((np.trace(rel, axis1=1, axis2=2) - 1) / 2, -1, 1))
    vee = np.stack([rel[:, 2, 1] - rel[:, 1, 2], rel[:, 0, 2] - rel[:, 2, 0], rel[:, 1, 0] - rel[:, 0, 1]], 1)
    sin = np.sin(angle)
    factor = np.where(sin > 1e-9, angle / (2 * np.maximum(sin, 1e-9)), 0.5)
    gyro = np.degrees(vee * factor[:, None] * PHYS_HZ)
    gyro = np.vstack([gyro, gyro[-1:]])
    # Resample the 200 Hz physics to the device rate (a device low-pass first), then add sensor errors.
    t_phys = np.arange(len(reading)) / PHYS_HZ
    if hz < PHYS_HZ:
        k = max(1, round(PHYS_HZ / hz / 2))
        kern = np.ones(k) / k
        reading = np.stack([_smooth(reading[:, i], kern) for i in range(3)], 1)
        gyro = np.stack([_smooth(gyro[:, i], kern) for i in range(3)], 1)
    t = np.arange(0, t_phys[-1], 1.0 / hz)
    a = np.stack([np.interp(t, t_phys, reading[:, i]) for i in range(3)], 1)
    g = np.stack([np.interp(t, t_phys, gyro[:, i]) for i in range(3)], 1)
    a = a * rng.uniform(0.97, 1.03, 3) + rng.uniform(-0.04, 0.04, 3) + rng.normal(0, rng.uniform(0.004, 0.02),
                                                                                   a.shape)
    g = g * rng.uniform(0.97, 1.03, 3) + rng.uniform(-3, 3, 3) + rng.normal(0, rng.uniform(0.1, 1.0), g.shape)
    a_lsb = acc_range / 32768 * (2 if rng.random() < 0.3 else 1)
    a = np.clip(np.round(a / a_lsb) * a_lsb, -acc_range, acc_range)
    g = np.clip(np.round(g / (gyro_range / 32768)) * (gyro_range / 32768), -gyro_range, gyro_range)
    return np.column_stack([t, a, g])


# --- recordings --------------------------------------------------------------------------------------------

_ADL_FUNCS = {"walk": walk, "stand": stand, "sit": sit, "lie": lie, "gesture": gesture, "run": run,
              "stairs": stairs}


def _lead_in(body: _Body, kind: str) -> None:
    rng = body.rng
    if kind == "fall_from_chair":
        walk(body, rng.uniform(2, 6))
        sit(body, rng.uniform(3, 10))
    elif kind == "fall_from_bed":
        lie(body, rng.uniform(5, 15))
    elif kind in ("fall_trip", "fall_forward") and rng.random() < 0.7:
        stand(body, rng.uniform(1, 3))
        walk(body, rng.uniform(4, 12))
    else:
        _ADL_FUNCS[str(rng.choice(["stand", "walk", "gesture"]))](body, rng.uniform(4, 12))
        stand(body, rng.uniform(0.5, 2))


def make_recording(seed: int, activity: str, *, placement: str | None = None, hz: int | None = None,
                   name: str | None = None) -> Recording:
    """One recording around one activity (a fall or an ADL), 15 to 45 s long."""
    rng = np.random.default_rng(seed)
    placement = placement or str(rng.choice(PLACEMENTS))
    hz = hz or int(rng.choice([50, 50, 64, 87, 100, 128, 200]))
    body = _Body(rng, placement)
    falls: list[float] = []
    if activity in FALL_KINDS:
        _lead_in(body, activity)
        falls.append(fall(body, activity))
        after_fall(body, rng.uniform(10, 30))
    elif activity == "sit_down_hard":
        walk(body, rng.uniform(3, 8))
        stand(body, rng.uniform(0.3, 1.5))
        sit_down_hard(body)
        sit(body, rng.uniform(8, 25))
    elif activity == "lie_down_quickly":
        walk(body, rng.uniform(2, 6))
        sit(body, rng.uniform(1, 4))
        lie_down_quickly(body)
        lie(body, rng.uniform(8, 25))
    elif activity == "jump":
        stand(body, rng.uniform(2, 5))
        jump(body)
        stand(body, rng.uniform(5, 20))
    elif activity == "stumble_recover":
        stumble_recover(body)
        stand(body, rng.uniform(3, 15))
    elif activity == "device_drop":
        _ADL_FUNCS[str(rng.choice(["stand", "walk", "gesture"]))](body, rng.uniform(3, 10))
        device_drop(body)
        _hold(body, rng.uniform(5, 20), sway=0.0, motion=0.0, limb_motion=0.0)
    elif activity in _ADL_FUNCS:
        _ADL_FUNCS[activity](body, rng.uniform(15, 45))
        if activity in ("run", "stairs"):
            stand(body, rng.uniform(3, 10))
    else:
        raise ValueError(f"unknown activity {activity!r}")
    acc_range = float(rng.choice([8.0, 16.0, 16.0])) if placement == "wrist" else float(rng.choice([4.0, 8.0, 16.0]))
    data = _sense(body, hz, rng, acc_range=acc_range, gyro_range=float(rng.choice([1000.0, 2000.0])))
    return Recording(name or f"{activity}_{placement}_{seed}", hz, data, placement, activity, falls)


def make_day(seed: int, *, hours: float = 24.0, placement: str = "wrist", hz: int = 50) -> Recording:
    """A long stretch of daily life with hard activities mixed in (and no falls), for the false-alarm rate."""
    rng = np.random.default_rng(seed)
    body = _Body(rng, placement)
    chunks: list[np.ndarray] = []
    t_off = 0.0
    total = hours * 3600
    while t_off < total:
        # Generate in ~10 minute chunks to bound memory; each chunk is a fresh body with the same placement.
        body = _Body(rng, placement)
        while body.t() < 600:
            u = rng.random()
            if u < 0.004:
                sit_down_hard(body)
                sit(body, rng.uniform(30, 300))
            elif u < 0.006:
                lie_down_quickly(body)
                lie(body, rng.uniform(60, 600))
            elif u < 0.007:
                jump(body)
            elif u < 0.010:
                stumble_recover(body)
            elif u < 0.011:
                device_drop(body)
                _hold(body, rng.uniform(5, 60), sway=0.0, motion=0.0, limb_motion=0.0)
                stand(body, 2)
            elif u < 0.02:
                run(body, rng.uniform(5, 60))
            elif u < 0.05:
                stairs(body, rng.uniform(5, 20))
            elif u < 0.35:
                walk(body, rng.uniform(5, 90))
            elif u < 0.55:
                sit(body, rng.uniform(30, 600))
            elif u < 0.65:
                lie(body, rng.uniform(60, 1200))
            elif u < 0.85:
                gesture(body, rng.uniform(5, 120))
            else:
                stand(body, rng.uniform(5, 120))
        part = _sense(body, hz, rng, acc_range=16.0, gyro_range=2000.0)
        part[:, 0] += t_off
        t_off = float(part[-1, 0]) + 1.0 / hz
        chunks.append(part)
    data = np.concatenate(chunks)
    data = data[data[:, 0] < total]
    return Recording(f"day_{placement}_{seed}", hz, data, placement, "day", [])


def write_csv(recording: Recording, path: str) -> None:
    np.savetxt(path, recording.data, delimiter=",", header="t,ax,ay,az,gx,gy,gz", comments="", fmt="%.5f")
