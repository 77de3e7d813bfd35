"""Tool calls from language models: the tools as JSON schemas, parsing a model's text, and validation.

Generators write tool calls in many shapes (`<tool_call>{…}</tool_call>` as Qwen does, a JSON object or list,
a fenced code block, `arguments` as a JSON string). `parse_tool_calls` accepts those shapes and nothing else;
`fix_invalid_arguments` is the one place where small-model quirks in arguments are repaired; `to_tool_call`
turns a parsed call into a validated `ToolCall` with entities resolved in the home, or raises `ToolCallError`
with a message a model can act on in the repair loop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import voluptuous as vol

from hub.home.model import Home
from hub.home.resolver import SlotQuery, resolve
from hub.llm.base import ToolCall, TurnRequest
from hub.tools.errors import InvalidToolArgumentsError, ToolCallError, UnknownTargetError
from hub.tools.registry import TOOLS, Tool, get_tool, validate_call

MAX_REPAIR_ATTEMPTS: Final = 2
"""How many times a model is shown its own invalid tool call and asked for a corrected one before giving up."""

_TAGGED: Final = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.S)
_FENCED: Final = re.compile(r"```(?:json|tool_call)?\s*(.*?)```", re.S)
_NUMBER_KEYS: Final = frozenset({"temperature", "volume_level", "volume_step", "position", "percentage"})
_INT_KEYS: Final = frozenset(
    {"brightness", "hours", "minutes", "seconds", "start_hours", "start_minutes", "start_seconds"}
)
_LIST_KEYS: Final = frozenset({"domain", "device_class"})
_TARGET_KEYS: Final = ("name", "area", "floor", "domain", "device_class")


class ToolCallParseError(ValueError):
    """The model's text announces a tool call that is not well-formed JSON of a known shape."""


@dataclass(frozen=True, slots=True)
class ParsedCall:
    """A tool name and its arguments exactly as the model wrote them (before any validation)."""

    name: str
    arguments: dict[str, Any]


def tool_schema(tool: Tool) -> dict[str, Any]:
    """The OpenAI `tools` entry for one tool (JSON schema over HA slot names)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for key in _schema_keys(tool.parameters):
        name = str(key)
        if name in _LIST_KEYS:
            properties[name] = {"type": "array", "items": {"type": "string"}}
        elif name in _INT_KEYS:
            properties[name] = {"type": "integer"}
        elif name in _NUMBER_KEYS:
            properties[name] = {"type": "number"}
        else:
            properties[name] = {"type": "string"}
        if isinstance(key, vol.Required):
            required.append(name)
    parameters: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        parameters["required"] = required
    return {"type": "function", "function": {"name": tool.name, "description": tool.description,
                                             "parameters": parameters}}


def tool_schemas(tools: Iterable[Tool] | None = None) -> list[dict[str, Any]]:
    return [tool_schema(t) for t in (TOOLS.values() if tools is None else tools)]


def _schema_keys(schema: Any) -> list[Any]:
    inner = schema.schema if isinstance(schema, vol.Schema) else schema
    if isinstance(inner, dict):
        return list(inner)
    if isinstance(inner, vol.All):
        for validator in inner.validators:
            keys = _schema_keys(validator)
            if keys:
                return keys
    return []


def parse_tool_calls(text: str) -> list[ParsedCall] | None:
    """The tool calls in a model's text; `None` when it is a plain answer. Raises `ToolCallParseError` when it
    tries to call a tool but the call is malformed."""
    stripped = text.strip()
    blocks = _TAGGED.findall(stripped)
    if not blocks:
        blocks = _FENCED.findall(stripped)
    if not blocks:
        if not stripped.startswith(("{", "[")):
            return None
        blocks = [stripped]
    calls: list[ParsedCall] = []
    for block in blocks:
        try:
            raw = json.loads(block)
        except ValueError:
            raw = _first_json_value(block)
        items = raw if isinstance(raw, list) else [raw]
        for item in items:
            calls.append(_call_from(item))
    if not calls:
        raise ToolCallParseError("the tool call is empty")
    return calls


def _first_json_value(block: str) -> Any:
    """The first JSON value in `block`, ignoring text after it (models often add a sentence)."""
    start = min((i for i in (block.find("{"), block.find("[")) if i >= 0), default=-1)
    if start < 0:
        raise ToolCallParseError("the tool call is not JSON")
    try:
        value, _ = json.JSONDecoder().raw_decode(block[start:])
    except json.JSONDecodeError as err:
        raise ToolCallParseError(f"the tool call is not valid JSON: {err.msg}") from None
    return value


def _call_from(item: Any) -> ParsedCall:
    if not isinstance(item, dict):
        raise ToolCallParseError("a tool call must be a JSON object with a name and arguments")
    function = item.get("function")
    if isinstance(function, dict):  # OpenAI's own shape pasted into text
        item = function
    name = item.get("name", item.get("tool"))
    if not isinstance(name, str) or not name:
        raise ToolCallParseError("a tool call needs a \"name\"")
    return ParsedCall(name, arguments_from(item.get("arguments", item.get("args", item.get("parameters", {})))))


def arguments_from(raw: Any) -> dict[str, Any]:
    """Arguments as an object; a JSON string (OpenAI's wire form) is decoded, empty means none."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as err:
            raise ToolCallParseError(f"the arguments are not valid JSON: {err.msg}") from None
    if not isinstance(raw, dict):
        raise ToolCallParseError("the arguments must be a JSON object")
    return raw


def fix_invalid_arguments(tool: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Repair the small-model quirks we see in arguments, in one place (the ollama integration's idea).

    Drops `null` values and empty strings; `entity_id`/`entity` become `name` when no name is given; one
    string for `domain` or `device_class` becomes a list; numbers written as strings ("21", "50%") become
    numbers for numeric slots; `area_id`/`room` become `area`. Anything else is left to the schema to refuse.
    """
    fixed: dict[str, Any] = {}
    for raw_key, raw_value in arguments.items():
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            continue
        key = _KEY_ALIASES.get(raw_key, raw_key)
        fixed[key] = _fixed_value(key, raw_value)
    for alias in ("entity_id", "entity"):
        if alias in fixed:
            value = fixed.pop(alias)
            if "name" not in fixed and isinstance(value, str):
                fixed["name"] = value.split(".", 1)[1].replace("_", " ") if "." in value else value
    temperature = fixed.get("temperature")
    if tool == "HassClimateSetTemperature" and isinstance(temperature, float) and temperature.is_integer():
        fixed["temperature"] = int(temperature)
    return fixed


_KEY_ALIASES: Final = {"room": "area", "area_id": "area", "floor_id": "floor", "device_type": "domain"}


def _fixed_value(key: str, value: Any) -> Any:
    if key in _LIST_KEYS and isinstance(value, str):
        return [value]
    if key in _INT_KEYS | _NUMBER_KEYS and isinstance(value, str):
        number = value.strip().rstrip("%°CF ").strip()
        try:
            return int(number) if key in _INT_KEYS else float(number)
        except ValueError:
            return value
    return value


def to_tool_call(parsed: ParsedCall, home: Home, request: TurnRequest) -> ToolCall:
    """A validated call: arguments repaired and checked against the tool's schema, targets resolved in the home
    (the speaker's area counts, as for spoken commands). Raises `ToolCallError` saying what is wrong."""
    tool = get_tool(parsed.name)
    args = fix_invalid_arguments(tool.name, parsed.arguments)
    if not tool.targets_entities:
        return validate_call(ToolCall(tool.name, args), home)
    try:
        args = tool.parameters(args)
    except vol.Invalid as err:
        raise InvalidToolArgumentsError(f"invalid arguments for {tool.name}: {err}") from None
    domains = tuple(args.get("domain", ())) or tuple(sorted(tool.target_domains or ()))
    query = SlotQuery(
        name=args.get("name"), area=args.get("area"), floor=args.get("floor"),
        domain=domains if args.get("domain") or not args.get("name") else (),
        device_class=tuple(args.get("device_class", ())),
        whole_home=not any(args.get(k) for k in ("name", "area", "floor")) and bool(args.get("domain")),
    )
    resolution = resolve(query, home, speaker_area_id=request.area_id)
    if not resolution.ok:
        raise UnknownTargetError(resolution.failure or resolution.clarification or f"{tool.name}: no target found")
    if tool.target_domains:
        entities = tuple(e for e in resolution.entity_ids if home.entities[e].domain in tool.target_domains)
    else:
        entities = resolution.entity_ids
    return validate_call(ToolCall(tool.name, args, entities or resolution.entity_ids), home)


def describe_error(err: Exception) -> str:
    """The sentence a model sees in the repair loop."""
    if isinstance(err, (ToolCallError, ToolCallParseError)):
        return str(err)
    return f"{type(err).__name__}: {err}"
