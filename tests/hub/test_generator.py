"""The local generator's mechanics on a tiny random-weight model (models/gen-test/tiny, built by
models/gen-test/build.py): loading, the chat template from the tokenizer files, the static prompt split and its
cache, streaming, cancellation; and the tool-call parser and validator on recorded outputs of real models."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from hub.home.virtual import build_virtual_home
from hub.llm.base import TurnRequest
from hub.llm.chat_tier import ChatModelBackend, static_prompt, turn_prompt
from hub.llm.generator import GeneratorLoadError, LocalGenerator, load_chat_template
from hub.llm.router import RoutedTier, Router
from hub.llm.toolcall_parse import (
    ParsedCall,
    ToolCallParseError,
    fix_invalid_arguments,
    parse_tool_calls,
    to_tool_call,
    tool_schemas,
)
from hub.tools.errors import InvalidToolArgumentsError, UnknownTargetError, UnknownToolError
from hub.tools.registry import TOOLS

TINY = Path(__file__).resolve().parents[2] / "models" / "gen-test" / "tiny"


@pytest.fixture(scope="module")
def generator() -> LocalGenerator:
    model = LocalGenerator(TINY, max_new_tokens=12)
    asyncio.run(model.async_prepare())
    return model


def messages(text: str) -> list[dict[str, str]]:
    home = build_virtual_home()
    return [{"role": "system", "content": static_prompt(home, tools=list(TOOLS.values()), native_tools=False)},
            {"role": "user", "content": text}]


def test_the_chat_template_comes_from_the_tokenizer_files(tmp_path: Path) -> None:
    template, ends = load_chat_template(TINY)
    assert ends == ["<|im_end|>"]
    rendered = template.render([{"role": "user", "content": "hi"}])
    assert rendered == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
    shutil.copytree(TINY, tmp_path / "m")
    (tmp_path / "m" / "chat_template.jinja").write_text("{{ messages[0]['content'] }}|", encoding="utf-8")
    template, _ = load_chat_template(tmp_path / "m")
    assert template.render([{"role": "user", "content": "hi"}]) == "hi|"


def test_the_system_part_is_the_static_prompt(generator: LocalGenerator) -> None:
    first = generator.render(messages("turn on the light"))
    second = generator.render(messages("it's too cold in the bedroom"))
    assert first.static == second.static
    assert first.static[0] == "<|im_start|>"
    assert first.dynamic != second.dynamic
    assert first.dynamic[-1] == "Ċ"


async def test_tokens_stream_and_the_static_prompt_is_cached(generator: LocalGenerator) -> None:
    deltas: list[str] = []
    reply = await generator.async_complete(messages("turn on the light"), [], on_delta=deltas.append)
    await asyncio.sleep(0)  # deltas arrive through the event loop
    assert "".join(deltas) == reply.text
    assert 0 < reply.usage.completion_tokens <= 12
    assert reply.usage.cached_tokens > 0
    assert reply.usage.prompt_tokens > reply.usage.cached_tokens
    assert reply.first_token_ms is not None


async def test_a_turn_that_times_out_frees_the_generator(generator: LocalGenerator) -> None:
    backend = ChatModelBackend(generator, tier="generator")
    router = Router([RoutedTier(backend, timeout_s=0.000_001)])
    result = await router.async_understand(TurnRequest("turn on the light"), build_virtual_home())
    assert result is not None
    assert result.details["router"][0]["reason"] == "timeout"
    reply = await asyncio.wait_for(generator.async_complete(messages("again"), []), 30)
    assert reply.usage.prompt_tokens > 0


async def test_a_missing_or_incomplete_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorLoadError, match="not a converted model"):
        await LocalGenerator(tmp_path).async_prepare()
    shutil.copytree(TINY, tmp_path / "m")
    (tmp_path / "m" / "tokenizer_config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(GeneratorLoadError, match="no chat template"):
        await LocalGenerator(tmp_path / "m").async_prepare()


def test_the_turn_prompt_carries_time_and_area_but_no_date() -> None:
    from datetime import datetime

    home = build_virtual_home()
    text = turn_prompt(TurnRequest("hi", area_id="kitchen"), home, datetime(2026, 11, 26, 7, 5))
    assert text == "[Thursday 07:05, speaker in Kitchen] hi"


# Parser and validator on recorded outputs ---------------------------------------------------------------------------

RECORDED = {
    # Qwen2.5 / Qwen3 (Hermes style)
    'qwen': '<tool_call>\n{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light"}}\n</tool_call>',
    'qwen-two': '<tool_call>{"name": "HassTurnOff", "arguments": {"area": "Kitchen", "domain": "light"}}</tool_call>\n'
                '<tool_call>{"name": "HassTurnOn", "arguments": {"name": "Back Door"}}</tool_call>',
    # Llama 3.x JSON tool calling
    'llama': '{"name": "HassTurnOn", "parameters": {"name": "Kitchen Light"}}',
    # Gemma / Phi often fence the JSON and add a sentence
    'fenced': 'Sure!\n```json\n{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light"}}\n```\nDone.',
    'trailing': '{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light"}} I turned it on.',
    'openai-shape': '[{"type": "function", "function": {"name": "HassTurnOn", "arguments": "{\\"name\\": '
                    '\\"Kitchen Light\\"}"}}]',
    'unclosed-tag': '<tool_call>{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light"}}',
}


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_recorded_tool_calls_parse_and_validate(key: str) -> None:
    home = build_virtual_home()
    parsed = parse_tool_calls(RECORDED[key])
    assert parsed is not None
    calls = [to_tool_call(p, home, TurnRequest("x", area_id="kitchen")) for p in parsed]
    assert calls[0].tool in {"HassTurnOn", "HassTurnOff"}
    assert calls[0].entities
    if key == "qwen-two":
        assert [c.entities for c in calls] == [("light.kitchen_light",), ("lock.back_door",)]


@pytest.mark.parametrize("text", [
    "<tool_call>{\"name\": \"HassTurnOn\", \"arguments\": {\"name\": </tool_call>",
    "{\"arguments\": {}}",
    "<tool_call>[1, 2]</tool_call>",
    "{\"name\": \"HassTurnOn\", \"arguments\": \"{not json\"}",
    "<tool_call></tool_call>",
])
def test_malformed_calls_are_parse_errors(text: str) -> None:
    with pytest.raises(ToolCallParseError):
        parse_tool_calls(text)


def test_plain_answers_are_not_tool_calls() -> None:
    assert parse_tool_calls("The kitchen light is on.") is None


def test_invalid_calls_say_what_is_wrong() -> None:
    home = build_virtual_home()
    request = TurnRequest("x", area_id="kitchen")
    with pytest.raises(UnknownToolError):
        to_tool_call(ParsedCall("HassFly", {}), home, request)
    with pytest.raises(UnknownTargetError, match=r"(?i)jacuzzi"):
        to_tool_call(ParsedCall("HassTurnOn", {"name": "Jacuzzi"}), home, request)
    with pytest.raises(InvalidToolArgumentsError):
        to_tool_call(ParsedCall("HassTurnOn", {"name": "Kitchen Light", "colour": "red"}), home, request)


def test_small_model_quirks_are_repaired_in_one_place() -> None:
    assert fix_invalid_arguments("HassClimateSetTemperature", {
        "entity_id": "climate.bedroom_thermostat", "temperature": "21°C", "room": "Bedroom", "floor": None,
    }) == {"name": "bedroom thermostat", "temperature": 21, "area": "Bedroom"}
    assert fix_invalid_arguments("HassTurnOff", {"domain": "light", "brightness": "50%"}) == {
        "domain": ["light"], "brightness": 50}
    call = to_tool_call(ParsedCall("HassClimateSetTemperature", {"area": "Bedroom", "temperature": "19"}),
                        build_virtual_home(), TurnRequest("x"))
    assert call.entities == ("climate.bedroom_thermostat",)
    assert call.args["temperature"] == 19


def test_tool_schemas_are_json_schema() -> None:
    schemas = {s["function"]["name"]: s["function"]["parameters"] for s in tool_schemas()}
    assert set(schemas) == set(TOOLS)
    assert schemas["HassLightSet"]["properties"]["brightness"] == {"type": "integer"}
    assert schemas["HassTurnOn"]["properties"]["domain"] == {"type": "array", "items": {"type": "string"}}


def test_templates_without_a_tool_role_get_tool_results_as_user_turns() -> None:
    from hub.llm.generator import ChatTemplate, GeneratorError

    gemma_like = (
        "{% for m in messages %}{% if m['role'] not in ['system', 'user', 'assistant'] %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
        "<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}<end_of_turn>\n{% endfor %}"
        "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
    )
    conversation = [{"role": "system", "content": "s"}, {"role": "user", "content": "too cold"},
                    {"role": "assistant", "content": "<tool_call>…</tool_call>"},
                    {"role": "tool", "content": "18.5 °C"}]
    rendered = ChatTemplate(gemma_like).render(conversation)
    assert rendered.endswith("<start_of_turn>user\nTool result: 18.5 °C<end_of_turn>\n<start_of_turn>model\n")
    with pytest.raises(GeneratorError, match="rejects"):
        ChatTemplate("{{ raise_exception('no') }}").render(conversation)
