"""The shipped command model: WordPiece tokenizer, CTranslate2 int8 encoder and NumPy heads, no PyTorch.

`models/nlu/` holds what `models/nlu/train.py` exported: `encoder/` (CTranslate2), `heads.npz` (intent, domain
and device-class softmax heads over the mean-pooled encoding, a BIO slot head per token, and the calibration
temperature), `labels.json` and `tokenizer.json`. `SHA256SUMS` is checked at load, so a truncated or swapped
file fails loudly instead of answering wrongly.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from hub.errors import HearthError

_LOGGER = logging.getLogger(__name__)
# Imported by name: ctranslate2 ships no type information.
ctranslate2: Any = importlib.import_module("ctranslate2")

DEFAULT_MODEL_DIR: Final = Path(__file__).resolve().parents[2] / "models" / "nlu"
"""Where the repository keeps the shipped model."""

type FloatArray = npt.NDArray[np.float32]


class ModelLoadError(HearthError):
    """The command model's files are missing, damaged or inconsistent."""


@dataclass(frozen=True, slots=True)
class SlotSpan:
    """A tagged piece of the sentence: its label (`name`, `area`, `brightness`, `sep`...) and characters."""

    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model read in one sentence; `confidence` is the calibrated probability of `intent`."""

    intent: str
    confidence: float
    domain: str
    domain_confidence: float
    device_class: str
    device_class_confidence: float
    spans: tuple[SlotSpan, ...]
    tokens: int
    elapsed_ms: float

    def slots(self, label: str) -> list[SlotSpan]:
        return [span for span in self.spans if span.label == label]


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max()
    exp = np.exp(shifted)
    result: FloatArray = exp / exp.sum()
    return result


class CommandModel:
    """The loaded model. `predict` is thread-safe for one caller at a time (the tier serializes calls)."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        encoder: Any,
        heads: dict[str, FloatArray],
        labels: dict[str, Any],
    ) -> None:
        self._tokenizer = tokenizer
        self._encoder = encoder
        self._heads = heads
        self._intents: list[str] = list(labels["intents"])
        self._domains: list[str] = list(labels["domains"])
        self._device_classes: list[str] = list(labels["device_classes"])
        self._tags: list[str] = list(labels["tags"])
        self._temperature = float(heads["temperature"][0])
        self.labels = labels

    @classmethod
    def load(
        cls,
        directory: Path = DEFAULT_MODEL_DIR,
        *,
        compute_type: str = "int8",
        threads: int = 1,
        verify: bool = True,
    ) -> CommandModel:
        """Load (and by default verify) the model; raises `ModelLoadError` with what is wrong."""
        started = time.perf_counter()
        if verify:
            verify_checksums(directory)
        try:
            labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            with np.load(directory / "heads.npz") as archive:
                heads = {key: archive[key].astype(np.float32) for key in archive.files}
            encoder = ctranslate2.Encoder(
                str(directory / "encoder"),
                device="cpu",
                compute_type=compute_type,
                inter_threads=1,
                intra_threads=threads,
            )
        except (OSError, ValueError, RuntimeError, KeyError) as err:
            raise ModelLoadError(f"cannot load the command model from {directory}: {err}") from err
        tokenizer.no_padding()
        tokenizer.enable_truncation(int(labels.get("max_tokens", 64)))
        model = cls(tokenizer, encoder, heads, labels)
        model._check_shapes()
        model.predict("turn on the light")  # the first call allocates; pay for it here
        _LOGGER.debug("Command model loaded in %.0f ms", (time.perf_counter() - started) * 1000)
        return model

    def _check_shapes(self) -> None:
        expected = {
            "intent": len(self._intents),
            "domain": len(self._domains),
            "device_class": len(self._device_classes),
            "tags": len(self._tags),
        }
        for head, size in expected.items():
            weight = self._heads.get(f"{head}_weight")
            bias = self._heads.get(f"{head}_bias")
            if weight is None or bias is None or weight.shape[0] != size or bias.shape[0] != size:
                raise ModelLoadError(f"head {head} does not match labels.json ({size} labels)")

    def encode(self, text: str) -> tuple[FloatArray, list[tuple[int, int]], list[int]]:
        """Hidden states (tokens x hidden), character offsets and the special-token mask."""
        encoding = self._tokenizer.encode(text)
        output = self._encoder.forward_batch([encoding.ids])
        hidden: FloatArray = np.asarray(output.last_hidden_state, dtype=np.float32)[0]
        return hidden, list(encoding.offsets), list(encoding.special_tokens_mask)

    def predict(self, text: str) -> Prediction:
        started = time.perf_counter()
        hidden, offsets, special = self.encode(text)
        pooled = hidden.mean(axis=0)
        heads = self._heads
        intent_p = _softmax((heads["intent_weight"] @ pooled + heads["intent_bias"]) / self._temperature)
        domain_p = _softmax(heads["domain_weight"] @ pooled + heads["domain_bias"])
        class_p = _softmax(heads["device_class_weight"] @ pooled + heads["device_class_bias"])
        tag_ids = (hidden @ heads["tags_weight"].T + heads["tags_bias"]).argmax(axis=1)
        spans = self._spans(text, [self._tags[int(i)] for i in tag_ids], offsets, special)
        intent = int(intent_p.argmax())
        domain = int(domain_p.argmax())
        device_class = int(class_p.argmax())
        return Prediction(
            intent=self._intents[intent],
            confidence=float(intent_p[intent]),
            domain=self._domains[domain],
            domain_confidence=float(domain_p[domain]),
            device_class=self._device_classes[device_class],
            device_class_confidence=float(class_p[device_class]),
            spans=spans,
            tokens=len(offsets),
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    @staticmethod
    def _spans(
        text: str, tags: list[str], offsets: list[tuple[int, int]], special: list[int]
    ) -> tuple[SlotSpan, ...]:
        """BIO tags to character spans; a stray `I-` starts a span, and a span ends on a word boundary."""
        spans: list[list[Any]] = []
        for tag, (start, end), is_special in zip(tags, offsets, special, strict=True):
            if is_special or end <= start:
                continue
            if tag == "O":
                if spans and spans[-1][3] and start == spans[-1][2]:
                    spans[-1][2] = end  # the rest of a word whose first piece was tagged
                    continue
                if spans:
                    spans[-1][3] = False
                continue
            prefix, label = tag.split("-", 1)
            current = spans[-1] if spans and spans[-1][3] else None
            if current is not None and (current[0] == label and (prefix == "I" or start == current[2])):
                current[2] = end
            else:
                if spans:
                    spans[-1][3] = False
                spans.append([label, start, end, True])
        return _tidy(text, [(label, start, end) for label, start, end, _open in spans])


def _tidy(text: str, raw: list[tuple[str, int, int]]) -> tuple[SlotSpan, ...]:
    """Whole words only, and one span for neighbours of the same label that only spaces separate."""
    widened: list[tuple[str, int, int]] = []
    for label, raw_start, raw_end in raw:
        start, end = raw_start, raw_end
        if label != "sep":
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "'"):
                start -= 1
            while end < len(text) and (text[end].isalnum() or text[end] == "'"):
                end += 1
        if widened and widened[-1][0] == label and not text[widened[-1][2] : start].strip():
            widened[-1] = (label, widened[-1][1], max(end, widened[-1][2]))
        elif widened and start < widened[-1][2]:
            continue  # the same word already belongs to the span before
        else:
            widened.append((label, start, end))
    return tuple(SlotSpan(label, start, end, text[start:end]) for label, start, end in widened)


def verify_checksums(directory: Path) -> None:
    """Check every file listed in `SHA256SUMS`; raises `ModelLoadError` on a missing or changed file."""
    sums = directory / "SHA256SUMS"
    try:
        lines = sums.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ModelLoadError(f"cannot read {sums}: {err}") from err
    if not lines:
        raise ModelLoadError(f"{sums} lists no files")
    for line in lines:
        if not line.strip():
            continue
        digest, _sep, name = line.partition("  ")
        path = directory / name
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as err:
            raise ModelLoadError(f"command model file {name} is missing: {err}") from err
        if actual != digest:
            raise ModelLoadError(f"command model file {name} does not match its checksum")
