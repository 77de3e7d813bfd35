"""Streaming a turn's spoken answer while a model is still writing it (HA's `converse_delta` frames).

The link session opens a `speech_stream` around each turn with a sink that sends `converse_delta` frames. A model
tier that decodes token by token (the local generator, a remote endpoint) feeds its raw text deltas to a
`SpokenFilter`, which passes on only what is meant to be spoken:

- nothing that may be a tool call: from the first `<`, `{` or backtick, or a leading `[{`, the rest is held back
  (a model that starts to write a call is not read out);
- whole words only, so a pseudonym a remote model wrote (`PERSON_1`) is restored to the real name before it is
  spoken, never half of it; leading and trailing whitespace are dropped, as in the final answer;
- `finish(speech)` sends whatever of the final answer was held back, so when the answer is plain speech the
  deltas add up to exactly the `converse_result` speech.

A context variable carries the sink, so the understanding tiers' interfaces stay as they are and a turn without a
streaming client (REST, the demo, tests) pays nothing.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Final

type SpeechSink = Callable[[str], None]

_SINK: ContextVar[SpeechSink | None] = ContextVar("hearth_speech_sink", default=None)
_CALL_START: Final = re.compile(r"^\s*\[\s*\{|[<{`]")
"""Where a tool call may start: a JSON list at the very start, markup, JSON, or a code fence."""
_OPEN_BRACKET: Final = re.compile(r"^\s*\[\s*$")
"""A leading `[` that may open a JSON list of calls or a `[PERSON_1]` placeholder: wait for the next character."""


@contextlib.contextmanager
def speech_stream(sink: SpeechSink) -> Iterator[None]:
    """Within this block, model tiers send the spoken answer's text to `sink` as it is decoded."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


def current_sink() -> SpeechSink | None:
    """The sink of the turn being handled, if its client streams."""
    return _SINK.get()


class SpokenFilter:
    """Turns one model reply's raw text deltas into speakable deltas for the current sink.

    `restore` maps the model's text back to what the person may hear (a remote tier's privacy guard restores
    pseudonyms); it must work word by word, which placeholder substitution does.
    """

    def __init__(self, sink: SpeechSink | None = None, restore: Callable[[str], str] | None = None) -> None:
        self._sink = sink if sink is not None else current_sink()
        self._restore = restore
        self._raw = ""
        self._held = False
        self.sent = ""
        """The speakable text sent so far (restored, stripped at the start)."""

    @property
    def active(self) -> bool:
        return self._sink is not None

    def feed(self, piece: str) -> None:
        """One raw text delta from the model."""
        if self._sink is None or self._held:
            return
        self._raw += piece
        if _OPEN_BRACKET.match(self._raw):
            return
        match = _CALL_START.search(self._raw)
        if match is not None:
            self._held = True
            self._emit(self._raw[: match.start()].rstrip())
            return
        # Up to the last whitespace: the word in progress may still grow (or be a pseudonym).
        cut = max(self._raw.rfind(" "), self._raw.rfind("\n"), self._raw.rfind("\t"))
        if cut > 0:
            self._emit(self._raw[:cut].rstrip())

    def finish(self, speech: str) -> None:
        """The reply was plain speech and `speech` is the final answer: send what is still missing of it."""
        if self._sink is None:
            return
        self._held = True
        if speech.startswith(self.sent) and len(speech) > len(self.sent):
            self._send(speech[len(self.sent):])

    def _emit(self, raw_prefix: str) -> None:
        text = self._restore(raw_prefix) if self._restore is not None else raw_prefix
        text = text.lstrip()
        if len(text) <= len(self.sent) or not text.startswith(self.sent):
            return
        self._send(text[len(self.sent):])

    def _send(self, delta: str) -> None:
        assert self._sink is not None
        self.sent += delta
        self._sink(delta)
