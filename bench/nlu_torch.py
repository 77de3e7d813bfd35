"""PyTorch fp32 side of `bench.nlu_bench` (run by it in the training environment, never in the hub).

    .cache/train-venv/bin/python bench/nlu_torch.py SENTENCES.json [--threads 1]

Loads the fine-tuned checkpoint `models/nlu/train.py` left in `.cache/nlu/joint.pt`, and times tokenize +
encode + the same heads per sentence (batch of one, no padding). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sentences", type=Path)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    import torch
    from transformers import AutoConfig, AutoModel

    from models.nlu.train import CACHE, JointModel, load_tokenizer

    torch.set_num_threads(args.threads)
    texts = json.loads(args.sentences.read_text(encoding="utf-8"))
    hf_dir = CACHE / "hf"
    encoder = AutoModel.from_config(AutoConfig.from_pretrained(str(hf_dir)))
    model = JointModel(encoder, encoder.config.hidden_size)
    model.load_state_dict(torch.load(CACHE / "joint.pt", map_location="cpu"))
    model.eval()
    tokenizer = load_tokenizer(hf_dir)
    timings: list[float] = []
    with torch.inference_mode():
        for index, text in enumerate([*texts[:20], *texts]):
            started = time.perf_counter()
            enc = tokenizer.encode(text)
            ids = torch.tensor([enc.ids])
            intent, _domain, _device_class, tags = model(ids, torch.ones_like(ids))
            intent.softmax(-1).numpy()
            tags.argmax(-1).numpy()
            if index >= 20:
                timings.append((time.perf_counter() - started) * 1000)
    rss = 0.0
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    print(json.dumps({"model_ms": timings, "rss_mb": round(rss, 1), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
