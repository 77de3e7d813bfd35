"""Train the fall model and export it as a full-integer (int8) LiteRT flatbuffer.

One command, from the repo root (about 10 minutes of CPU on 2 cores):

    /root/.pyenv/versions/3.11.7/bin/python -m venv .cache/fall-venv
    .cache/fall-venv/bin/pip install -r requirements/fall-train.txt
    .cache/fall-venv/bin/python -m models.fall.train

Writes models/fall/fall.tflite, models/fall/SHA256SUMS and models/fall/train_report.json. Data: synthetic only
(models/fall/synth.py); public datasets held back for independent evaluation are never used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np

from models.fall.dataset import TRAIN_RATES, Windows, build

HERE = Path(__file__).resolve().parent
SEED = 20261126


def model_fn(tf):  # type: ignore[no-untyped-def]
    from hub.sensing.fall_features import CHANNELS, WINDOW

    layers = tf.keras.layers
    inp = layers.Input((WINDOW, CHANNELS), name="window")
    x = layers.Conv1D(16, 7, strides=2, padding="same", activation="relu")(inp)
    x = layers.Conv1D(24, 5, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv1D(32, 5, strides=2, padding="same", activation="relu")(x)
    x = layers.Concatenate()([layers.GlobalMaxPooling1D()(x), layers.GlobalAveragePooling1D()(x)])
    x = layers.Dense(16, activation="relu")(x)
    out = layers.Dense(1, activation="sigmoid", name="fall")(x)
    return tf.keras.Model(inp, out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", type=int, default=12000, help="training recordings")
    parser.add_argument("--val", type=int, default=3000, help="validation recordings")
    parser.add_argument("--epochs", type=int, default=25)
    args = parser.parse_args()
    import tensorflow as tf

    tf.keras.utils.set_random_seed(SEED)
    tf.config.threading.set_intra_op_parallelism_threads(2)
    started = time.time()
    train = build(range(1_000_000, 1_000_000 + args.train), TRAIN_RATES)
    val = build(range(2_000_000, 2_000_000 + args.val), TRAIN_RATES)
    print(f"windows: train {len(train.y)} ({int(train.y.sum())} falls), val {len(val.y)} "
          f"({int(val.y.sum())} falls) in {time.time() - started:.0f} s", flush=True)
    model = model_fn(tf)
    model.compile(optimizer=tf.keras.optimizers.Adam(2e-3), loss="binary_crossentropy",
                  metrics=[tf.keras.metrics.AUC(name="auc")])
    pos = float(train.y.mean())
    weights = {0: 0.5 / (1 - pos), 1: 0.5 / pos}
    # Candidates that pass the stillness gate are the ones the model really decides on: weigh them up.
    sample_w = np.where(train.still, 3.0, 1.0) * np.where(train.y > 0, weights[1], weights[0])
    model.fit(train.x, train.y, sample_weight=sample_w, validation_data=(val.x, val.y), epochs=args.epochs,
              batch_size=256, verbose=2,
              callbacks=[tf.keras.callbacks.ReduceLROnPlateau(patience=3, factor=0.5)])
    float_scores = model.predict(val.x, verbose=0)[:, 0]

    def representative():  # type: ignore[no-untyped-def]
        rng = np.random.default_rng(0)
        for i in rng.choice(len(train.x), 500, replace=False):
            yield [train.x[i : i + 1]]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    blob = converter.convert()
    path = HERE / "fall.tflite"
    path.write_bytes(blob)
    (HERE / "SHA256SUMS").write_text(f"{hashlib.sha256(blob).hexdigest()}  fall.tflite\n")
    int8_scores = _run_tflite(blob, val.x)
    report = {
        "train_windows": len(train.y), "train_falls": int(train.y.sum()),
        "val_windows": len(val.y), "val_falls": int(val.y.sum()),
        "bytes": len(blob), "seconds": round(time.time() - started),
        "val_gated": _gated_stats(val, int8_scores),
        "val_float_vs_int8_max_abs_diff": float(np.abs(float_scores - int8_scores).max()),
    }
    (HERE / "train_report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def _run_tflite(blob: bytes, x: np.ndarray) -> np.ndarray:
    import tensorflow as tf

    interp = tf.lite.Interpreter(model_content=blob)
    interp.allocate_tensors()
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    s_in, z_in = inp["quantization"]
    s_out, z_out = out["quantization"]
    scores = np.empty(len(x), np.float32)
    for i in range(len(x)):
        q = np.clip(np.round(x[i : i + 1] / s_in + z_in), -128, 127).astype(np.int8)
        interp.set_tensor(inp["index"], q)
        interp.invoke()
        scores[i] = (interp.get_tensor(out["index"]).astype(np.float32)[0, 0] - z_out) * s_out
    return scores


def _gated_stats(w: Windows, scores: np.ndarray) -> dict[str, object]:
    """Per-window numbers among candidates that pass the hub's gates (still, no free fall)."""
    gate = w.still & ~w.free_fall
    out: dict[str, object] = {}
    for thr in (0.3, 0.5, 0.7, 0.8, 0.9):
        det = gate & (scores >= thr)
        out[str(thr)] = {"tp": int((det & (w.y > 0)).sum()), "fn": int((~det & (w.y > 0)).sum()),
                         "fp": int((det & (w.y == 0)).sum()),
                         "fp_by_activity": {a: int((det & (w.y == 0) & (w.activity == a)).sum())
                                            for a in sorted(set(w.activity[det & (w.y == 0)]))}}
    return out


if __name__ == "__main__":
    main()
