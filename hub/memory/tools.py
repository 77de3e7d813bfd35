"""Memory tools for the agent (remember, recall, forget, list): schemas, risk tiers, and the hub-side runner.

These run on the hub, never in Home Assistant: the conversation loop hands any call whose tool is in
`MEMORY_TOOLS` to `MemoryToolbox`, which validates it against its schema and acts as the speaker (their HA user
maps to a household member; an unknown speaker is a guest who only sees and writes household items).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import voluptuous as vol

from hub.home.model import humanize_invalid
from hub.llm.base import ToolCall, TurnRequest
from hub.memory.errors import MemoryNotFoundError, MemoryStoreError
from hub.memory.model import KINDS, Hit, Memory, Viewer
from hub.memory.store import MemoryStore
from hub.memory.text import slug, temperature_preference
from hub.tools.registry import RiskTier

REMEMBER: Final = "MemoryRemember"
RECALL: Final = "MemoryRecall"
FORGET: Final = "MemoryForget"
LIST: Final = "MemoryList"
RECALL_MIN_SIMILARITY: Final = 0.40
"""Below this cosine the best hit is not an answer: say nothing is remembered rather than guess."""
LIST_SPOKEN: Final = 5

type ToolOutcomeKind = Literal["done", "answered", "failed"]


@dataclass(frozen=True, slots=True)
class MemoryTool:
    """One memory tool: like `hub.tools.registry.Tool`, but it runs on the hub."""

    name: str
    description: str
    parameters: vol.Schema
    tier: RiskTier


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise vol.Invalid("expected some text")
    if len(value) > 2000:
        raise vol.Invalid("at most 2000 characters")
    return value.strip()


MEMORY_TOOLS: Final[Mapping[str, MemoryTool]] = {
    tool.name: tool
    for tool in (
        MemoryTool(
            REMEMBER,
            "Remember a fact for the speaker (private) or the whole household.",
            vol.Schema(
                {
                    vol.Required("text"): _text,
                    vol.Optional("scope", default="auto"): vol.In(["private", "household", "auto"]),
                    vol.Optional("kind", default="fact"): vol.In(list(KINDS)),
                    vol.Optional("data"): dict,
                }
            ),
            RiskTier.ACT,
        ),
        MemoryTool(
            RECALL,
            "Find what is remembered that answers a question; only the speaker's and household items.",
            vol.Schema({vol.Required("query"): _text, vol.Optional("k", default=3): vol.All(int, vol.Range(1, 20)),
                        vol.Optional("memory_id"): _text}),
            RiskTier.READ,
        ),
        MemoryTool(
            FORGET,
            "Forget one memory by id, or the one this conversation touched last ('forget that').",
            vol.Schema({vol.Optional("memory_id"): _text, vol.Optional("query"): _text}),
            RiskTier.ACT,
        ),
        MemoryTool(
            LIST,
            "List what is remembered about the speaker (the consent view).",
            vol.Schema({vol.Optional("about_me", default=True): bool}),
            RiskTier.READ,
        ),
    )
}

_FIRST_PERSON: Final = re.compile(r"\b(i|i'm|i've|i'd|me|my|mine|myself)\b", re.IGNORECASE)
_PRIVATE_HINT: Final = re.compile(r",?\s*\b(just for me|only for me|privately|keep (it|this) private)\b\.?", re.I)
_HOUSEHOLD_HINT: Final = re.compile(r",?\s*\b(for everyone|for the (whole )?(family|household))\b\.?", re.I)
_SWAPS: Final = {
    "i": "you", "i'm": "you're", "i've": "you've", "i'd": "you'd", "me": "you", "my": "your", "mine": "yours",
    "myself": "yourself", "am": "are", "was": "were",
}


def second_person(text: str) -> str:
    """`"I am allergic to penicillin"` → `"you are allergic to penicillin"`, to speak a member's memory back."""
    out: list[str] = []
    previous = ""
    for token in re.split(r"([^\w']+)", text):
        low = token.lower()
        if low in {"am", "was"}:
            out.append(_SWAPS[low] if previous == "i" else token)
        else:
            out.append(_SWAPS.get(low, token))
        if token.strip():
            previous = low
    return "".join(out)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".!")
    return text[:1].lower() + text[1:] if not text.startswith("I ") else text


class MemoryToolbox:
    """Runs memory tool calls for a speaker; remembers per conversation what 'that' refers to."""

    def __init__(self, store: MemoryStore, *, clock: Callable[[], float] | None = None) -> None:
        self.store = store
        self._clock = clock
        self._last: dict[str, str] = {}

    def handles(self, tool: str) -> bool:
        return tool in MEMORY_TOOLS

    def viewer(self, request: TurnRequest) -> Viewer:
        return self.store.viewer_for(request.user_id)

    @staticmethod
    def _thread(request: TurnRequest) -> str:
        return request.conversation_id or request.user_id or request.device_id or "-"

    def note_touched(self, request: TurnRequest, memory_id: str) -> None:
        self._last[self._thread(request)] = memory_id

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[ToolOutcomeKind, str]:
        """Run the calls in order; the outcome is `failed` if any failed, else `done` or `answered`."""
        speech: list[str] = []
        outcome: ToolOutcomeKind = "answered"
        for call in calls:
            kind, said = await asyncio.to_thread(self.run, call, request)
            speech.append(said)
            if kind == "failed":
                outcome = "failed"
            elif kind == "done" and outcome != "failed":
                outcome = "done"
        return outcome, " ".join(speech)

    def run(self, call: ToolCall, request: TurnRequest) -> tuple[ToolOutcomeKind, str]:
        tool = MEMORY_TOOLS.get(call.tool)
        if tool is None:
            return "failed", "Sorry, I can't do that."
        try:
            args: dict[str, Any] = tool.parameters(dict(call.args))
        except vol.Invalid as err:
            return "failed", f"Sorry, I couldn't do that: {humanize_invalid(err)}."
        try:
            if tool.name == REMEMBER:
                return self._remember(args, request)
            if tool.name == RECALL:
                return self._recall(args, request)
            if tool.name == FORGET:
                return self._forget(args, request)
            return self._list(args, request)
        except MemoryStoreError as err:
            return "failed", f"Sorry, I couldn't do that: {err}."

    def _member_for(self, request: TurnRequest) -> str | None:
        """The speaker's member id, creating one for an HA user the first time they ask to remember something."""
        viewer = self.viewer(request)
        if viewer.member is not None or not request.user_id:
            return viewer.member
        member = self.store.add_member(request.user_id, ha_user_id=request.user_id, member_id=slug(request.user_id))
        return member.id

    def _remember(self, args: dict[str, Any], request: TurnRequest) -> tuple[ToolOutcomeKind, str]:
        text: str = args["text"]
        scope = args["scope"]
        if _PRIVATE_HINT.search(text):
            scope, text = "private", _PRIVATE_HINT.sub("", text).strip()
        elif _HOUSEHOLD_HINT.search(text):
            scope, text = "household", _HOUSEHOLD_HINT.sub("", text).strip()
        member = self._member_for(request)
        if scope == "auto":
            scope = "private" if member is not None and _FIRST_PERSON.search(text) else "household"
        if scope == "private" and member is None:
            return "failed", "I can only keep private memories for people I know; I can remember it for everyone."
        text = text[:1].upper() + text[1:]
        kind, data = args["kind"], dict(args.get("data") or {})
        degrees = temperature_preference(text)
        if degrees is not None and "temperature" not in data:
            kind, data = "preference", {**data, "temperature": degrees}
            if request.area_id and re.search(r"\b(in here|this room)\b", text, re.IGNORECASE):
                data["area"] = request.area_id
        subject = f"temperature preference {data.get('area') or 'anywhere'}" if "temperature" in data else None
        result = self.store.remember(text, person=member, scope=scope, kind=kind, data=data, subject=subject)
        self.note_touched(request, result.memory.id)
        said = second_person(_sentence(text)) if member else _sentence(text)
        if result.status == "duplicate":
            return "done", f"I already knew that {said}."
        if result.status == "updated":
            return "done", f"Got it, I've updated that: {said}."
        where = " just for you" if scope == "private" else ""
        return "done", f"OK, I'll remember{where} that {said}."

    def recall(self, query: str, request: TurnRequest, *, k: int = 3) -> list[Hit]:
        return self.store.search(query, self.viewer(request), k=k)

    def _recall(self, args: dict[str, Any], request: TurnRequest) -> tuple[ToolOutcomeKind, str]:
        if "memory_id" in args:
            known = self.store.get(args["memory_id"], self.viewer(request))
            if known is not None:
                self.note_touched(request, known.id)
                return "answered", self.speak(known, request)
        hits = self.recall(args["query"], request, k=args["k"])
        best = next((h for h in hits if (h.similarity or 0.0) >= RECALL_MIN_SIMILARITY), None)
        if best is None:
            return "answered", "I don't remember anything about that."
        self.note_touched(request, best.memory.id)
        return "answered", self.speak(best.memory, request)

    def speak(self, memory: Memory, request: TurnRequest) -> str:
        viewer = self.viewer(request)
        text = _sentence(memory.text)
        if memory.person is not None and memory.person == viewer.member and "bedtime" in memory.data:
            nights = memory.data.get("evidence")
            over = f" over the last {nights} nights" if isinstance(nights, int) else ""
            return f"From your sleep{over}, you usually go to bed at about {memory.data['bedtime']}."
        if memory.person is not None and memory.person == viewer.member:
            return f"You told me {second_person(text)}."
        return f"I remember that {text}."

    def _forget(self, args: dict[str, Any], request: TurnRequest) -> tuple[ToolOutcomeKind, str]:
        viewer = self.viewer(request)
        memory_id = args.get("memory_id")
        if memory_id is None and "query" in args:
            hits = self.store.search(args["query"], viewer, k=1)
            if hits and (hits[0].similarity or 0.0) >= RECALL_MIN_SIMILARITY:
                memory_id = hits[0].memory.id
        if memory_id is None:
            memory_id = self._last.get(self._thread(request))
        if memory_id is None:
            return "failed", "I'm not sure what to forget."
        memory = self.store.get(memory_id, viewer)
        try:
            self.store.forget(memory_id, viewer)
        except MemoryNotFoundError:
            return "failed", "I don't have that memory any more."
        self._last.pop(self._thread(request), None)
        what = f" that {_sentence(memory.text)}" if memory and memory.person is None else ""
        return "done", f"OK, I've forgotten{what}." if what else "OK, I've forgotten that."

    def _list(self, args: dict[str, Any], request: TurnRequest) -> tuple[ToolOutcomeKind, str]:
        viewer = self.viewer(request)
        if viewer.member is None:
            items = self.store.list_memories(viewer)
            intro = "For the household I remember"
        else:
            items = self.store.list_memories(viewer, about_me=bool(args["about_me"]))
            intro = "About you I remember"
        if not items:
            return "answered", "I don't remember anything about you yet." if viewer.member else (
                "I don't remember anything for the household yet."
            )
        spoken = [second_person(_sentence(m.text)) if m.person == viewer.member else _sentence(m.text)
                  for m in items[:LIST_SPOKEN]]
        more = f", and {len(items) - LIST_SPOKEN} more" if len(items) > LIST_SPOKEN else ""
        return "answered", f"{intro}: {'; '.join(spoken)}{more}."
