"""The local generator: any decoder model converted to CTranslate2 (Qwen2/Qwen3, Llama, Gemma, Phi) as a
`ChatModel`, int8 on the CPU.

The model directory is the converter's output plus the model's tokenizer files: `tokenizer.json`,
`tokenizer_config.json` (special tokens, and the chat template unless `chat_template.jinja` holds it) and
optionally `generation_config.json` (end tokens). The prompt is rendered with the model's own chat template;
its system part (instructions, tools, the home's devices: see `hub.llm.chat_tier.static_prompt`) is passed as
CTranslate2's `static_prompt`, so the model state after it is computed once and reused by every turn. Tokens
stream to `on_delta` as they are decoded. Nothing is downloaded: a missing or incomplete directory raises
`GeneratorLoadError`.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from tokenizers import Tokenizer

from hub.errors import HearthError
from hub.llm.chat_tier import DeltaSink, Message, ModelReply, Usage

# Imported by name: ctranslate2 ships no type information.
ctranslate2: Any = importlib.import_module("ctranslate2")

_LOGGER = logging.getLogger(__name__)
MAX_NEW_TOKENS: Final = 256
_MARKER: Final = "\u2063HEARTH_TURN\u2063"


class GeneratorError(HearthError):
    """The local generator cannot produce an answer (its chat template rejects the conversation)."""


class GeneratorLoadError(GeneratorError):
    """The generator directory is missing, incomplete, or not a CTranslate2 decoder model."""


@dataclass(frozen=True, slots=True)
class RenderedPrompt:
    """A chat rendered with the model's template, split where the per-turn part starts."""

    static: list[str]
    """Tokens of the system part, identical on every turn for the same home (cached by CTranslate2)."""
    dynamic: list[str]


class ChatTemplate:
    """The model's chat template (Jinja, as in its tokenizer files), rendered in a sandbox."""

    def __init__(self, source: str, *, bos_token: str = "", eos_token: str = "") -> None:
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)

        def raise_exception(message: str) -> None:
            raise jinja2.TemplateError(message)

        env.globals["raise_exception"] = raise_exception
        env.globals["strftime_now"] = time.strftime  # Llama 3 templates date the prompt
        env.filters["tojson"] = lambda value, indent=None: json.dumps(value, ensure_ascii=False, indent=indent)
        self._template = env.from_string(source)
        self._special = {"bos_token": bos_token, "eos_token": eos_token}

    def render(self, messages: Sequence[Message], *, add_generation_prompt: bool = True) -> str:
        """Templates that know no `tool` role (Gemma's insists on user/assistant turns) get tool results as
        user turns; a template that still refuses raises `GeneratorError`."""
        try:
            return self._template.render(messages=list(messages), add_generation_prompt=add_generation_prompt,
                                         **self._special)
        except jinja2.TemplateError as first:
            folded = _fold_tool_turns(messages)
            if folded == list(messages):
                raise GeneratorError(f"the chat template rejects the conversation: {first}") from None
        try:
            return self._template.render(messages=folded, add_generation_prompt=add_generation_prompt,
                                         **self._special)
        except jinja2.TemplateError as err:
            raise GeneratorError(f"the chat template rejects the conversation: {err}") from None


def _fold_tool_turns(messages: Sequence[Message]) -> list[Message]:
    """Tool results as user turns, merged with a user turn next to them so roles still alternate."""
    out: list[Message] = []
    for message in messages:
        role, content = message["role"], message["content"]
        if role == "tool":
            role, content = "user", f"Tool result: {content}"
        if out and out[-1]["role"] == role == "user":
            out[-1] = {"role": "user", "content": f"{out[-1]['content']}\n{content}"}
        else:
            out.append({"role": role, "content": content})
    return out


def _token_text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("content", ""))
    return str(value or "")


def load_chat_template(model_dir: Path) -> tuple[ChatTemplate, list[str]]:
    """The chat template and end tokens from the model's tokenizer files."""
    try:
        config: dict[str, Any] = json.loads((model_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GeneratorLoadError(f"{model_dir}: cannot read tokenizer_config.json ({err})") from None
    template_file = model_dir / "chat_template.jinja"
    source = template_file.read_text(encoding="utf-8") if template_file.is_file() else config.get("chat_template")
    if isinstance(source, list):  # several named templates: take the default one
        source = next((t.get("template") for t in source if t.get("name") == "default"), None)
    if not isinstance(source, str) or not source:
        raise GeneratorLoadError(f"{model_dir}: the tokenizer files have no chat template")
    eos = _token_text(config.get("eos_token"))
    ends = [eos] if eos else []
    extra = config.get("hearth_end_tokens") or []
    ends += [t for t in extra if isinstance(t, str)]
    try:
        template = ChatTemplate(source, bos_token=_token_text(config.get("bos_token")), eos_token=eos)
    except jinja2.TemplateError as err:
        raise GeneratorLoadError(f"{model_dir}: the chat template does not compile ({err})") from None
    return template, ends


class LocalGenerator:
    """`ChatModel` over `ctranslate2.Generator`; one generation at a time, on both cores (prefill is compute
    bound; the bench measures with 2 threads)."""

    native_tools = False

    def __init__(
        self,
        model_dir: Path,
        *,
        compute_type: str = "int8",
        threads: int = 2,
        max_new_tokens: int = MAX_NEW_TOKENS,
        cache_static_prompt: bool = True,
    ) -> None:
        self.model_dir = model_dir
        self._compute_type = compute_type
        self._threads = threads
        self._max_new_tokens = max_new_tokens
        self._cache = cache_static_prompt
        self._generator: Any = None
        self._tokenizer: Tokenizer | None = None
        self._template: ChatTemplate | None = None
        self._end_tokens: list[str] = []
        self._lock = asyncio.Lock()

    @property
    def name(self) -> str:
        return f"generator:{self.model_dir.name}"

    async def async_prepare(self) -> None:
        if self._generator is None:
            await asyncio.to_thread(self._load)

    def _load(self) -> None:
        directory = self.model_dir
        if not (directory / "model.bin").is_file() or not (directory / "tokenizer.json").is_file():
            raise GeneratorLoadError(f"{directory} is not a converted model (needs model.bin and tokenizer.json)")
        self._template, self._end_tokens = load_chat_template(directory)
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        try:
            self._generator = ctranslate2.Generator(
                str(directory), device="cpu", compute_type=self._compute_type, intra_threads=self._threads
            )
        except (RuntimeError, ValueError) as err:
            raise GeneratorLoadError(f"{directory}: cannot load the model ({err})") from None
        _LOGGER.info("Local generator %s loaded (%s)", directory.name, self._compute_type)

    def render(self, messages: Sequence[Message]) -> RenderedPrompt:
        """Render with the chat template and split off the system part as the static prompt."""
        if self._template is None or self._tokenizer is None:
            raise GeneratorLoadError("the generator is not loaded")
        text = self._template.render(messages)
        static_text = ""
        if messages and messages[0].get("role") == "system" and len(messages) > 1:
            probe = [messages[0], {"role": messages[1]["role"], "content": _MARKER}]
            rendered = self._template.render(probe, add_generation_prompt=False)
            head = rendered.split(_MARKER, 1)[0]
            # Stop at the last message boundary before the first turn, so the static part is whole messages.
            if text.startswith(head):
                static_text = head
        rest = text[len(static_text):]
        encode = self._tokenizer.encode
        static = encode(static_text, add_special_tokens=False).tokens if static_text else []
        return RenderedPrompt(static=static, dynamic=encode(rest, add_special_tokens=False).tokens)

    def count_tokens(self, messages: Sequence[Message]) -> int:
        prompt = self.render(messages)
        return len(prompt.static) + len(prompt.dynamic)

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply:
        """Generate one reply (tools are already described in the system prompt)."""
        await self.async_prepare()
        prompt = self.render(messages)
        loop = asyncio.get_running_loop()
        stop = threading.Event()

        def deliver(piece: str) -> None:
            if on_delta is not None:
                loop.call_soon_threadsafe(on_delta, piece)

        async with self._lock:
            try:
                return await asyncio.to_thread(self._generate, prompt, deliver, stop)
            finally:
                stop.set()  # a cancelled turn (the router's timeout) stops decoding at the next token

    def _generate(self, prompt: RenderedPrompt, deliver: DeltaSink, stop: threading.Event) -> ModelReply:
        if self._tokenizer is None:
            raise GeneratorLoadError("the generator is not loaded")
        started = time.perf_counter()
        first: float | None = None
        ids: list[int] = []
        said = ""
        kwargs: dict[str, Any] = {"max_length": self._max_new_tokens, "sampling_topk": 1,
                                  "end_token": self._end_tokens or None}
        if prompt.static:
            kwargs.update(static_prompt=prompt.static, cache_static_prompt=self._cache)
        for step in self._generator.generate_tokens(prompt.dynamic, **kwargs):
            if stop.is_set():
                break
            if first is None:
                first = time.perf_counter()
            if step.token in self._end_tokens:
                break
            ids.append(step.token_id)
            text = self._tokenizer.decode(ids)
            if len(text) > len(said) and not text.endswith("\ufffd"):
                deliver(text[len(said):])
                said = text
        now = time.perf_counter()
        usage = Usage(prompt_tokens=len(prompt.static) + len(prompt.dynamic), completion_tokens=len(ids),
                      cached_tokens=len(prompt.static) if self._cache else 0)
        return ModelReply(
            text=self._tokenizer.decode(ids), usage=usage, total_ms=(now - started) * 1000,
            first_token_ms=None if first is None else (first - started) * 1000,
        )
