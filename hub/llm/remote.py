"""An OpenAI-compatible chat endpoint (a cloud API, Ollama, vLLM, llama.cpp's server) as a `ChatModel`.

Streaming (server-sent events, text deltas as they arrive), native tool calling, timeouts (connect, between
chunks, total), retries with exponential backoff for failures that are safe to repeat, a circuit breaker that
stops calling an endpoint that keeps failing, and token and cost accounting. The aiohttp session is injected.
The API key is sent as a bearer token and never logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import aiohttp

from hub.errors import HearthError
from hub.llm.chat_tier import DeltaSink, Message, ModelReply, RawCall, Usage

_LOGGER = logging.getLogger(__name__)
RETRY_STATUS: Final = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class RemoteError(HearthError):
    """The remote endpoint could not give an answer."""


class RemoteTimeoutError(RemoteError):
    """The endpoint did not answer (or stopped streaming) within the time allowed."""


class RemoteUnavailableError(RemoteError):
    """The endpoint refused the connection or answered with an HTTP error."""


class RemoteProtocolError(RemoteError):
    """The endpoint answered with something that is not an OpenAI chat completion (or cut its stream)."""


class CircuitOpenError(RemoteError):
    """Recent calls failed so often that the endpoint is not tried until its cool-down ends."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteSettings:
    """Where and how to reach the endpoint; `api_key` is a secret (redacted from `repr`)."""

    url: str
    """The API base, e.g. `http://127.0.0.1:11434/v1`; requests go to `{url}/chat/completions`."""
    model: str = "hearth"
    api_key: str | None = None
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 10.0
    """The longest wait for the first byte and between streamed chunks."""
    total_timeout_s: float = 30.0
    max_retries: int = 2
    backoff_s: float = 0.5
    """The first retry waits this long, each next one twice as long."""
    breaker_failures: int = 3
    """Consecutive failed requests that open the circuit."""
    breaker_cooldown_s: float = 30.0
    price_in_per_mtok: float = 0.0
    price_out_per_mtok: float = 0.0
    max_tokens: int = 512
    stream: bool = True

    def __repr__(self) -> str:
        return f"RemoteSettings(url={self.url!r}, model={self.model!r}, api_key={'***' if self.api_key else None})"


class CircuitBreaker:
    """Closed → open after `failures` consecutive failures → half-open after `cooldown_s` (one trial call)."""

    def __init__(self, failures: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._threshold = failures
        self._cooldown = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "half_open" if self._clock() - self._opened_at >= self._cooldown else "open"

    def check(self) -> None:
        if self.state == "open":
            raise CircuitOpenError("the remote assistant failed repeatedly; not trying it for a while")

    def success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def failure(self) -> None:
        self._failures += 1
        if self._failures >= self._threshold or self._opened_at is not None:
            self._opened_at = self._clock()


@dataclass(slots=True)
class UsageMeter:
    """Totals across requests, for diagnostics and the bench."""

    requests: int = 0
    failures: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"requests": self.requests, "failures": self.failures, "retries": self.retries,
                "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "cost": round(self.cost, 8)}


class _Retryable(RemoteError):
    """An attempt failed before anything reached the person; the request may be repeated."""

    def __init__(self, cause: RemoteError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class OpenAIClient:
    """`ChatModel` for an OpenAI-compatible `/chat/completions` endpoint."""

    native_tools = True

    def __init__(
        self,
        settings: RemoteSettings,
        session: aiohttp.ClientSession,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not settings.url.startswith(("http://", "https://")):
            raise ValueError("the remote URL must start with http:// or https://")
        self.settings = settings
        self._session = session
        self._clock = clock
        self._sleep = sleep
        self.breaker = CircuitBreaker(settings.breaker_failures, settings.breaker_cooldown_s, clock)
        self.usage = UsageMeter()

    @property
    def name(self) -> str:
        return f"remote:{self.settings.model}"

    @property
    def endpoint(self) -> str:
        return f"{self.settings.url.rstrip('/')}/chat/completions"

    async def async_prepare(self) -> None:
        """Nothing to load; the endpoint is only contacted per request."""

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply:
        """One chat completion with retries; raises a `RemoteError` subclass when it cannot get one."""
        self.breaker.check()
        body: dict[str, Any] = {"model": self.settings.model, "messages": list(messages),
                                "max_tokens": self.settings.max_tokens, "stream": self.settings.stream}
        if tools:
            body["tools"] = list(tools)
        if self.settings.stream:
            body["stream_options"] = {"include_usage": True}
        self.usage.requests += 1
        attempt = 0
        while True:
            try:
                reply = await self._attempt(body, on_delta)
            except _Retryable as err:
                if attempt >= self.settings.max_retries:
                    self._failed()
                    raise err.cause from None
                delay = self.settings.backoff_s * 2**attempt
                attempt += 1
                self.usage.retries += 1
                _LOGGER.debug("Remote attempt %d failed (%s); retrying in %.2f s", attempt, err, delay)
                await self._sleep(delay)
                continue
            except RemoteError:
                self._failed()
                raise
            self.breaker.success()
            self.usage.prompt_tokens += reply.usage.prompt_tokens
            self.usage.completion_tokens += reply.usage.completion_tokens
            self.usage.cost += (reply.usage.prompt_tokens * self.settings.price_in_per_mtok
                                + reply.usage.completion_tokens * self.settings.price_out_per_mtok) / 1e6
            return reply

    def _failed(self) -> None:
        self.usage.failures += 1
        self.breaker.failure()

    async def _attempt(self, body: dict[str, Any], on_delta: DeltaSink | None) -> ModelReply:
        s = self.settings
        headers = {"Accept": "text/event-stream" if s.stream else "application/json"}
        if s.api_key:
            headers["Authorization"] = f"Bearer {s.api_key}"
        timeout = aiohttp.ClientTimeout(total=s.total_timeout_s, sock_connect=s.connect_timeout_s,
                                        sock_read=s.read_timeout_s)
        started = self._clock()
        streamed = _Stream(on_delta)
        try:
            async with self._session.post(self.endpoint, json=body, headers=headers, timeout=timeout) as resp:
                if resp.status >= 400:
                    await resp.release()
                    error = RemoteUnavailableError(f"the remote answered HTTP {resp.status}")
                    raise _Retryable(error) if resp.status in RETRY_STATUS else error
                if resp.content_type == "text/event-stream":
                    await self._read_events(resp, streamed)
                else:
                    streamed.whole(await self._json(resp))
        except (TimeoutError, aiohttp.ServerTimeoutError):
            timed_out = RemoteTimeoutError("the remote assistant took too long to answer")
            raise (_Retryable(timed_out) if not streamed.spoke else timed_out) from None
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as err:
            failed: RemoteError = RemoteUnavailableError(f"cannot reach the remote assistant ({type(err).__name__})")
            if isinstance(err, aiohttp.ClientPayloadError) or streamed.started:
                failed = RemoteProtocolError("the remote assistant's answer was cut off")
            raise (_Retryable(failed) if not streamed.spoke else failed) from None
        return streamed.reply(started, self._clock())

    @staticmethod
    async def _json(resp: aiohttp.ClientResponse) -> Any:
        try:
            return await resp.json(content_type=None)
        except ValueError:
            raise RemoteProtocolError("the remote answer is not JSON") from None

    async def _read_events(self, resp: aiohttp.ClientResponse, streamed: _Stream) -> None:
        async for raw_line in resp.content:
            line = raw_line.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                streamed.done = True
                break
            try:
                chunk = json.loads(data)
            except ValueError:
                raise RemoteProtocolError("a streamed chunk is not JSON") from None
            streamed.chunk(chunk, self._clock())
        if not streamed.done and not streamed.finished:
            raise aiohttp.ClientPayloadError("the stream ended before [DONE]")


class _Stream:
    """Accumulates one streamed (or whole) completion: text, tool-call fragments by index, usage."""

    def __init__(self, on_delta: DeltaSink | None) -> None:
        self._on_delta = on_delta
        self.text: list[str] = []
        self.calls: dict[int, dict[str, str]] = {}
        self.usage: Usage | None = None
        self.first_token_at: float | None = None
        self.started = False
        self.spoke = False
        """Text already reached the person: repeating the request would repeat words."""
        self.done = False
        self.finished = False

    def chunk(self, chunk: Any, now: float) -> None:
        self.started = True
        if not isinstance(chunk, dict):
            raise RemoteProtocolError("a streamed chunk is not an object")
        if "error" in chunk:
            raise RemoteUnavailableError("the remote reported an error mid-stream")
        self._usage(chunk.get("usage"))
        choices = chunk.get("choices") or []
        if not isinstance(choices, list):
            raise RemoteProtocolError("a streamed chunk's choices are not a list")
        for choice in choices:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            if not isinstance(delta, dict):
                raise RemoteProtocolError("a streamed choice has no delta")
            if choice.get("finish_reason"):
                self.finished = True
            content = delta.get("content")
            if isinstance(content, str) and content:
                self.first_token_at = self.first_token_at or now
                self.text.append(content)
                if self._on_delta is not None:
                    self.spoke = True
                    self._on_delta(content)
            fragments = delta.get("tool_calls") or []
            if not isinstance(fragments, list):
                raise RemoteProtocolError("a streamed delta's tool calls are not a list")
            for fragment in fragments:
                self.first_token_at = self.first_token_at or now
                self._fragment(fragment)

    def _fragment(self, fragment: Any) -> None:
        if not isinstance(fragment, dict):
            raise RemoteProtocolError("a tool-call fragment is not an object")
        index = fragment.get("index", len(self.calls))
        function = fragment.get("function") or {}
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < 64 \
                or not isinstance(function, dict):
            raise RemoteProtocolError("a tool-call fragment has no usable index or function")
        call = self.calls.setdefault(index, {"name": "", "arguments": ""})
        if isinstance(function.get("name"), str):
            call["name"] += function["name"]
        if isinstance(function.get("arguments"), str):
            call["arguments"] += function["arguments"]

    def whole(self, body: Any) -> None:
        """A non-streamed completion (an endpoint that ignores `stream`)."""
        try:
            message = body["choices"][0]["message"]
            content = message.get("content") or ""
            if not isinstance(content, str):
                raise TypeError
            calls = message.get("tool_calls") or []
            for index, call in enumerate(calls):
                function = call["function"]
                args = function.get("arguments", "")
                self.calls[index] = {"name": str(function["name"]),
                                     "arguments": args if isinstance(args, str) else json.dumps(args)}
        except (KeyError, IndexError, TypeError, AttributeError):
            raise RemoteProtocolError("the remote answer is not a chat completion") from None
        self.text.append(content)
        self._usage(body.get("usage") if isinstance(body, dict) else None)
        self.done = True

    def _usage(self, raw: Any) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("prompt_tokens"), int):
            details = raw.get("prompt_tokens_details") or {}
            cached = details.get("cached_tokens", 0) if isinstance(details, dict) else 0
            completion = raw.get("completion_tokens")
            self.usage = Usage(raw["prompt_tokens"], completion if isinstance(completion, int) else 0,
                               cached if isinstance(cached, int) else 0)

    def reply(self, started: float, now: float) -> ModelReply:
        text = "".join(self.text)
        if not text and not self.calls:
            raise RemoteProtocolError("the remote answer is empty")
        usage = self.usage or Usage(0, max(1, len(text) // 4), estimated=True)
        calls = tuple(RawCall(c["name"], c["arguments"]) for _, c in sorted(self.calls.items()))
        first = None if self.first_token_at is None else (self.first_token_at - started) * 1000
        return ModelReply(text=text, tool_calls=calls, usage=usage, first_token_ms=first,
                          total_ms=(now - started) * 1000)
