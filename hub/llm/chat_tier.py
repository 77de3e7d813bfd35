"""One understanding tier over any chat model (the local generator or a remote endpoint): prompt, tool calls,
the bounded repair loop, and "I couldn't do that" when the model cannot produce a valid call.

The model itself is a `ChatModel` (`hub.llm.generator.LocalGenerator`, `hub.llm.remote.OpenAIClient`); a tier
that talks to a remote endpoint also gets the household's privacy guard, and every message that leaves the hub
passes through it (names and other personal details become pseudonyms, restored in what comes back).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Protocol

from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.llm.speech_stream import SpokenFilter
from hub.llm.toolcall_parse import (
    MAX_REPAIR_ATTEMPTS,
    ParsedCall,
    ToolCallParseError,
    arguments_from,
    describe_error,
    parse_tool_calls,
    to_tool_call,
    tool_schemas,
)
from hub.policy.privacy import PrivacyGuard, PseudonymSession
from hub.tools.errors import ToolCallError
from hub.tools.registry import TOOLS, Tool

_LOGGER = logging.getLogger(__name__)
COULD_NOT: Final = "Sorry, I couldn't do that."
"""What the person hears when a model gave up or kept producing invalid tool calls."""
LLM_CONFIDENCE: Final = 0.9
"""A valid call from a generator; each repair round costs some of it."""
REPAIR_PENALTY: Final = 0.15

type Message = dict[str, str]
type DeltaSink = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens one request used; `estimated` when the model did not report them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class RawCall:
    """A native tool call as the model sent it; `arguments` is the JSON text or an object."""

    name: str
    arguments: str | dict[str, Any]


@dataclass(frozen=True, slots=True)
class ModelReply:
    """What a chat model said: text (maybe a tool call written as text) and/or native tool calls."""

    text: str
    tool_calls: tuple[RawCall, ...] = ()
    usage: Usage = field(default_factory=Usage)
    first_token_ms: float | None = None
    total_ms: float = 0.0


class ChatModel(Protocol):
    """A chat model: messages in, one reply out; text deltas go to `on_delta` as they arrive."""

    @property
    def name(self) -> str: ...

    @property
    def native_tools(self) -> bool:
        """Whether tools travel as the API's `tools` (else they are described in the prompt)."""

    async def async_prepare(self) -> None: ...

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply: ...


_TARGET_SLOTS: Final = ("name", "area", "floor", "domain", "device_class")


def _tool_line(tool: Tool) -> str:
    params = list(tool_schemas([tool])[0]["function"]["parameters"]["properties"])
    if all(slot in params for slot in _TARGET_SLOTS):
        params = ["T", *(p for p in params if p not in _TARGET_SLOTS)]
    return f"- {tool.name}({', '.join(params)}): {tool.description}"


def static_prompt(home: Home, *, tools: Sequence[Tool], native_tools: bool) -> str:
    """The part of the prompt that only changes when the home does: instructions, tools, areas and devices.

    Live states are not in it (questions use HassGetState), so the generator can cache it (`static_prompt`).
    It is compact: tools as one line each (`T` stands for the target slots), devices grouped by area and domain.
    """
    lines = [
        "You are Hearth, a household assistant for a smart home. Act by calling tools; keep answers short.",
        "Refer to devices and areas by the names below. Ask the tool for states; never guess them.",
    ]
    if not native_tools:
        lines.append('To call tools answer only with <tool_call>{"name": TOOL, "arguments": {...}}</tool_call> '
                     "(one block per call). T = any of name, area, floor, domain, device_class. Tools:")
        lines.extend(_tool_line(t) for t in tools)
    by_area: dict[str, dict[str, list[str]]] = {}
    for entity in home.entities.values():
        area = home.areas[entity.area_id].name if entity.area_id in home.areas else "Other"
        by_area.setdefault(area, {}).setdefault(entity.domain, []).append(entity.name)
    lines.append("Devices by area (domain: names):")
    for area, domains in sorted(by_area.items()):
        groups = "; ".join(f"{domain}: {', '.join(names)}" for domain, names in sorted(domains.items()))
        lines.append(f"{area}: {groups}")
    return "\n".join(lines)


def turn_prompt(request: TurnRequest, home: Home, now: datetime) -> str:
    """The per-turn part: when (weekday and time: a full date would be masked as personal data on the way to a
    remote), where the speaker is, and what they said."""
    area = home.areas[request.area_id].name if request.area_id in home.areas else "unknown"
    return f"[{now:%A %H:%M}, speaker in {area}] {request.text}"


class ChatModelBackend:
    """An `UnderstandingBackend` over a `ChatModel`, with a bounded repair loop for invalid tool calls."""

    def __init__(
        self,
        model: ChatModel,
        *,
        tier: str,
        guard_for: Callable[[Home], PrivacyGuard] | None = None,
        tools: Sequence[Tool] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.model = model
        self._tier = tier
        self.guard_for = guard_for
        self._tools = list(TOOLS.values() if tools is None else tools)
        self._schemas = tool_schemas(self._tools)
        self._now = now
        self._timer = timer

    @property
    def name(self) -> str:
        return self._tier

    async def async_prepare(self) -> None:
        await self.model.async_prepare()

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        """Raises the model's own errors (timeouts, an unreachable endpoint) and `RemotePrivacyError`: the
        router records them and escalates."""
        native = self.model.native_tools
        messages: list[Message] = [
            {"role": "system", "content": static_prompt(home, tools=self._tools, native_tools=native)},
            {"role": "user", "content": turn_prompt(request, home, self._now())},
        ]
        guard = self.guard_for(home) if self.guard_for is not None else None
        session = PseudonymSession()
        tools = self._schemas if native else []
        details: dict[str, Any] = {"model": self.model.name, "prompt_tokens": 0, "completion_tokens": 0}
        last_error = ""
        for attempt in range(MAX_REPAIR_ATTEMPTS + 1):
            outgoing = messages
            if guard is not None:
                outgoing = guard.outgoing(
                    messages, session, endpoint=self.model.name, request_id=request.conversation_id,
                    who={"user_id": request.user_id, "area_id": request.area_id, "device_id": request.device_id},
                )
            # A plain answer is spoken while it is decoded (when the client streams); tool calls never are.
            spoken = SpokenFilter(restore=_restorer(guard, session))
            reply = await self.model.async_complete(outgoing, tools, on_delta=spoken.feed if spoken.active else None)
            details["prompt_tokens"] += reply.usage.prompt_tokens
            details["completion_tokens"] += reply.usage.completion_tokens
            details.setdefault("first_token_ms", reply.first_token_ms)
            text = guard.incoming(reply.text, session) if guard is not None else reply.text
            try:
                parsed = self._parse(reply, text, guard, session)
                if parsed is None and not text.strip():
                    raise ToolCallParseError("the answer is empty")
                if parsed is None:
                    spoken.finish(text.strip())
                    details.update(repairs=attempt, answer=text.strip())
                    return Understanding(tier=self._tier, confidence=LLM_CONFIDENCE, details=details)
                calls = tuple(to_tool_call(p, home, request) for p in parsed)
            except (ToolCallParseError, ToolCallError) as err:
                last_error = describe_error(err)
                _LOGGER.debug("Tier %s: invalid tool call (attempt %d): %s", self._tier, attempt + 1, last_error)
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.text or _calls_text(reply.tool_calls)},
                    {"role": "user", "content": f"That tool call was not valid: {last_error}. "
                                                "Answer with a corrected tool call only, or say you can't."},
                ]
                continue
            details["repairs"] = attempt
            confidence = round(LLM_CONFIDENCE - REPAIR_PENALTY * attempt, 3)
            return Understanding(tier=self._tier, confidence=confidence, calls=calls, details=details)
        details.update(reason="parse_failure", error=last_error, repairs=MAX_REPAIR_ATTEMPTS)
        return Understanding(tier=self._tier, confidence=0.0, failure=COULD_NOT, details=details)

    @staticmethod
    def _parse(
        reply: ModelReply, text: str, guard: PrivacyGuard | None, session: PseudonymSession
    ) -> list[ParsedCall] | None:
        if reply.tool_calls:
            out = []
            for raw in reply.tool_calls:
                args = arguments_from(raw.arguments)
                if guard is not None:
                    args = _restore(args, guard, session)
                out.append(ParsedCall(raw.name, args))
            return out
        return parse_tool_calls(text)


def _restorer(guard: PrivacyGuard | None, session: PseudonymSession) -> Callable[[str], str] | None:
    """What a streamed word becomes before it is spoken: a remote's pseudonyms back to the real names."""
    if guard is None:
        return None
    return lambda text: guard.incoming(text, session)


def _restore(value: Any, guard: PrivacyGuard, session: PseudonymSession) -> Any:
    if isinstance(value, str):
        return guard.incoming(value, session)
    if isinstance(value, list):
        return [_restore(v, guard, session) for v in value]
    if isinstance(value, dict):
        return {k: _restore(v, guard, session) for k, v in value.items()}
    return value


def _calls_text(calls: Sequence[RawCall]) -> str:
    return "".join(
        f"<tool_call>{json.dumps({'name': c.name, 'arguments': c.arguments})}</tool_call>" for c in calls
    )


def calls_summary(calls: Sequence[ToolCall]) -> str:
    return ", ".join(f"{c.tool}({', '.join(c.entities)})" for c in calls)
