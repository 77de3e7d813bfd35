"""The shipped fall model (`models/fall/fall.tflite`, int8) on LiteRT, checked against `SHA256SUMS` at load."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, Final

import numpy as np

from hub.errors import HearthError
from hub.sensing.fall_features import CHANNELS, WINDOW

DEFAULT_MODEL_PATH: Final = Path(__file__).resolve().parents[2] / "models" / "fall" / "fall.tflite"
DEFAULT_THRESHOLD: Final = 0.97
"""The lowest threshold with no false alarm among gated validation windows (models/fall/MODEL_CARD.md)."""


class FallModelError(HearthError):
    """The fall model file is missing, altered or not the shape the hub expects."""


class FallModel:
    """Scores one (WINDOW, CHANNELS) feature window; thread-safe, one LiteRT thread (best on 2 cores)."""

    def __init__(self, path: Path = DEFAULT_MODEL_PATH, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        from ai_edge_litert.interpreter import Interpreter

        self.threshold = threshold
        blob = _verified(path)
        self._interp: Any = Interpreter(model_content=blob, num_threads=1)
        self._interp.allocate_tensors()
        inp = self._interp.get_input_details()[0]
        out = self._interp.get_output_details()[0]
        if tuple(inp["shape"]) != (1, WINDOW, CHANNELS) or inp["dtype"] is not np.int8:
            raise FallModelError(f"{path.name} expects {tuple(inp['shape'])} {inp['dtype']}, not int8 windows")
        self._in_index: int = inp["index"]
        self._out_index: int = out["index"]
        self._in_scale, self._in_zero = (float(v) for v in inp["quantization"])
        self._out_scale, self._out_zero = (float(v) for v in out["quantization"])
        self._lock = threading.Lock()
        self.size_bytes = len(blob)

    def score(self, features: np.ndarray) -> float:
        q = np.clip(np.round(features / self._in_scale + self._in_zero), -128, 127).astype(np.int8)[None]
        with self._lock:
            self._interp.set_tensor(self._in_index, q)
            self._interp.invoke()
            raw = self._interp.get_tensor(self._out_index)
        return float((float(raw[0, 0]) - self._out_zero) * self._out_scale)


def _verified(path: Path) -> bytes:
    try:
        blob = path.read_bytes()
        sums = (path.parent / "SHA256SUMS").read_text(encoding="utf-8")
    except OSError as err:
        raise FallModelError(f"cannot read the fall model: {err}") from None
    expected = {name.strip(): digest for digest, name in (line.split(maxsplit=1) for line in sums.splitlines()
                                                          if line.strip())}
    if expected.get(path.name) != hashlib.sha256(blob).hexdigest():
        raise FallModelError(f"{path.name} does not match its SHA256SUMS entry")
    return blob
