"""Fuzzing what models and endpoints send back: any streamed chunk, whole body or model text either parses or
fails with the backend's own errors (never a stray exception that would escape the router)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.home.virtual import build_virtual_home
from hub.llm.base import TurnRequest
from hub.llm.remote import RemoteError, _Stream
from hub.llm.toolcall_parse import ToolCallParseError, parse_tool_calls, to_tool_call
from hub.tools.errors import ToolCallError

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["choices", "delta", "content", "tool_calls", "index", "function", "name", "arguments",
                         "usage", "prompt_tokens", "completion_tokens", "finish_reason", "message", "error"]),
        inner, max_size=5),
    max_leaves=20,
)
HOME = build_virtual_home()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON, max_size=4))
def test_any_streamed_chunks_end_in_a_reply_or_a_remote_error(chunks: list[Any]) -> None:
    stream = _Stream(on_delta=None)
    try:
        for chunk in chunks:
            stream.chunk(chunk, 0.0)
        stream.reply(0.0, 1.0)
    except RemoteError:
        pass


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_any_whole_body_is_a_reply_or_a_remote_error(body: Any) -> None:
    stream = _Stream(on_delta=None)
    try:
        stream.whole(body)
        stream.reply(0.0, 1.0)
    except RemoteError:
        pass


CALLISH = st.one_of(
    st.text(max_size=80),
    JSON.map(json.dumps),
    JSON.map(lambda v: f"<tool_call>{json.dumps(v)}</tool_call>"),
    st.builds(lambda name, args: json.dumps({"name": name, "arguments": args}),
              st.sampled_from(["HassTurnOn", "HassLightSet", "HassClimateSetTemperature", "HassGetState", "X"]),
              JSON),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CALLISH)
def test_any_model_text_parses_validates_or_says_why(text: str) -> None:
    try:
        parsed = parse_tool_calls(text)
    except ToolCallParseError:
        return
    for call in parsed or []:
        with contextlib.suppress(ToolCallError):
            to_tool_call(call, HOME, TurnRequest("x", area_id="kitchen"))
