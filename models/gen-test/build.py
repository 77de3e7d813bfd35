"""Build a tiny random-weight decoder (Qwen2 architecture) and convert it to CTranslate2, for the generator's tests
and bench. Run with the generator venv (see requirements/gen.txt); nothing is downloaded.

    .cache/gen-venv/bin/python models/gen-test/build.py OUT_DIR [--shape tiny|0.5b|1.5b] [--quantization int8]

The tokenizer is a byte-level BPE trained here on a small household corpus, with Qwen's chat special tokens and
a Qwen-style chat template in `tokenizer_config.json`, so the hub renders the prompt from the model's own files.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import ctranslate2
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import Qwen2Config, Qwen2ForCausalLM

SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
SHAPES = {
    # hidden, layers, heads, kv heads, intermediate, vocab (the 0.5B/1.5B rows are Qwen2.5's shapes)
    "tiny": (32, 2, 4, 2, 64, 0),
    "0.5b": (896, 24, 14, 2, 4864, 151936),
    "1.5b": (1536, 28, 12, 2, 8960, 151936),
}
CORPUS = [
    "You are Hearth, a household assistant for a smart home. Act by calling tools; keep answers short.",
    "Turn on the kitchen light. Turn off everything downstairs and lock the front door. Set the bedroom to 21.",
    "HassTurnOn HassTurnOff HassLightSet HassClimateSetTemperature HassGetState name area floor domain",
    "Devices by area: Kitchen: Kitchen Light (light), Living Room: TV (media_player), Bedroom: Thermostat",
    '{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light", "area": "Kitchen"}}',
    "What is on my calendar tomorrow? Tell Alice. Record my sleep quality tonight. It's too cold in here.",
] * 4


def build_tokenizer(out: Path) -> Tokenizer:
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=600, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(CORPUS, trainer)
    tokenizer.save(str(out / "tokenizer.json"))
    config = {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": None, "eos_token": "<|im_end|>",
              "pad_token": "<|endoftext|>", "chat_template": CHAT_TEMPLATE, "model_max_length": 4096}
    (out / "tokenizer_config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return tokenizer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="tiny")
    parser.add_argument("--quantization", default="int8")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gen-tok-"))
    tokenizer = build_tokenizer(work)
    hidden, layers, heads, kv, inter, vocab = SHAPES[args.shape]
    torch.manual_seed(0)
    config = Qwen2Config(
        vocab_size=vocab or tokenizer.get_vocab_size(), hidden_size=hidden, num_hidden_layers=layers,
        num_attention_heads=heads, num_key_value_heads=kv, intermediate_size=inter, max_position_embeddings=4096,
        tie_word_embeddings=True, eos_token_id=tokenizer.token_to_id("<|im_end|>"),
        bos_token_id=None, torch_dtype="float32",
    )
    model = Qwen2ForCausalLM(config)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        for name in ("tokenizer.json", "tokenizer_config.json"):
            (Path(tmp) / name).write_bytes((work / name).read_bytes())
        ctranslate2.converters.TransformersConverter(tmp).convert(
            str(args.out), quantization=args.quantization, force=True
        )
    for name in ("tokenizer.json", "tokenizer_config.json"):  # the converter replaced the whole directory
        (args.out / name).write_bytes((work / name).read_bytes())
    (args.out / "BUILD.json").write_text(json.dumps(
        {"shape": args.shape, "quantization": args.quantization, "weights": "random (torch seed 0)",
         "hidden": hidden, "layers": layers, "vocab": config.vocab_size}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
