"""PINs for critical actions: stored salted and hashed (scrypt), compared in constant time, with a lockout.

The file (`pins.json` in the data directory, mode 0600) maps member ids to `scrypt$n$r$p$salt$hash` strings; a
PIN itself is never stored or logged. After `MAX_FAILURES` wrong PINs a member is locked out for `LOCKOUT_S`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from hub.policy.errors import PinStoreError

PIN_FILE: Final = "pins.json"
PIN_PATTERN: Final = re.compile(r"^\d{4,10}$")
MAX_FAILURES: Final = 5
LOCKOUT_S: Final = 300.0
_N, _R, _P = 2**14, 8, 1
_DIGIT_WORDS: Final = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "for": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "ate": "8", "nine": "9",
}


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of a PIN of 4 to 10 digits, as one self-describing string."""
    if not PIN_PATTERN.match(pin):
        raise ValueError("a PIN is 4 to 10 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches a `hash_pin` string; constant-time in the digest comparison."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, digest = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        candidate = hashlib.scrypt(pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(digest))
    except ValueError:
        return False
    return hmac.compare_digest(candidate, digest)


def spoken_pin(text: str) -> str | None:
    """Digits from a spoken or typed PIN ("one two three four", "1 2 3 4", "1234."), or `None`."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    if not words:
        return None
    digits = []
    for word in words:
        if word.isdigit():
            digits.append(word)
        elif word in _DIGIT_WORDS:
            digits.append(_DIGIT_WORDS[word])
        elif word not in {"my", "pin", "is", "the", "code", "it", "s"}:
            return None
    pin = "".join(digits)
    return pin if PIN_PATTERN.match(pin) else None


class PinStore:
    """Members' PIN hashes on disk, plus the in-memory failure counts that drive the lockout."""

    def __init__(self, path: Path | None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._path = path
        self._clock = clock
        self._hashes: dict[str, str] = {}
        self._failures: dict[str, list[float]] = {}
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:
                raise PinStoreError(f"cannot read PIN file {path}: {err}") from None
            if not isinstance(raw, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v.startswith("scrypt$") for k, v in raw.items()
            ):
                raise PinStoreError(f"PIN file {path} must map member ids to scrypt hashes")
            self._hashes = dict(raw)

    def has_pin(self, member_id: str | None) -> bool:
        return member_id is not None and member_id in self._hashes

    def set_pin(self, member_id: str, pin: str) -> None:
        self._hashes[member_id] = hash_pin(pin)
        self._save()

    def remove_pin(self, member_id: str) -> None:
        self._hashes.pop(member_id, None)
        self._save()

    def locked_out(self, member_id: str) -> bool:
        now = self._clock()
        recent = [t for t in self._failures.get(member_id, []) if now - t < LOCKOUT_S]
        self._failures[member_id] = recent
        return len(recent) >= MAX_FAILURES

    def check(self, member_id: str | None, pin: str) -> bool:
        """True when the PIN is this member's; wrong PINs count toward the lockout, and a locked-out member fails."""
        if member_id is None or member_id not in self._hashes or self.locked_out(member_id):
            return False
        if verify_pin(pin, self._hashes[member_id]):
            self._failures.pop(member_id, None)
            return True
        self._failures.setdefault(member_id, []).append(self._clock())
        return False

    def _save(self) -> None:
        if self._path is None:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self._hashes, handle, indent=1, sort_keys=True)
        tmp.replace(self._path)


def manage_pin(data_dir: Path, member_id: str, pin: str | None) -> str:
    """`python -m hub pin`: set (when `pin` is given) or remove a member's PIN; returns what was done."""
    store = PinStore(data_dir / PIN_FILE)
    if pin is None:
        store.remove_pin(member_id)
        return f"PIN removed for {member_id}"
    if not PIN_PATTERN.match(pin):
        raise PinStoreError("a PIN is 4 to 10 digits")
    store.set_pin(member_id, pin)
    return f"PIN set for {member_id}"
