"""Fall pipeline: resampling, streaming candidates and gates, the shipped int8 model, `eval falls`."""

from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path

import numpy as np
import pytest

from hub.cli import main
from hub.eval.falls import detect, read_recording
from hub.sensing import fall_features as ff
from hub.sensing.fall_model import DEFAULT_MODEL_PATH, FallModel, FallModelError
from hub.sensing.falls import FallDetector
from models.fall import synth


@pytest.fixture(scope="module")
def model() -> FallModel:
    return FallModel()


def test_resampling_makes_rates_comparable() -> None:
    rec = synth.make_recording(5, "walk", placement="pendant", hz=200)
    t200, v200 = ff.resample(rec.data[:, 0], rec.data[:, 1:7])
    t50, v50 = ff.resample(rec.data[::4, 0], rec.data[::4, 1:7])
    n = min(len(t50), len(t200))
    assert np.allclose(t50[:n], t200[:n])
    assert float(np.abs(v200[:n, :3] - v50[:n, :3]).mean()) < 0.05


def test_the_shipped_model_is_small_int8_and_fast(model: FallModel) -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size <= 64 * 1024
    window = np.zeros((ff.WINDOW, ff.CHANNELS), np.float32)
    for _ in range(20):
        model.score(window)
    medians = []
    for _ in range(5):
        runs = []
        for _ in range(50):
            started = time.perf_counter()
            model.score(window)
            runs.append(time.perf_counter() - started)
        medians.append(statistics.median(runs))
    assert min(medians) < 0.001


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "fall.tflite"
    shutil.copy(DEFAULT_MODEL_PATH, copy)
    shutil.copy(DEFAULT_MODEL_PATH.parent / "SHA256SUMS", tmp_path / "SHA256SUMS")
    FallModel(copy)
    copy.write_bytes(copy.read_bytes()[:-1] + b"\0")
    with pytest.raises(FallModelError, match="SHA256SUMS"):
        FallModel(copy)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_falls_are_detected_once_and_hard_activities_are_not(model: FallModel, seed: int) -> None:
    for kind in ("fall_forward", "fall_backward", "fall_lateral", "fall_from_chair"):
        rec = synth.make_recording(9_500_000 + seed, kind, hz=100)
        found = detect(model, rec.data)
        assert len(found) == 1, (kind, found, rec.fall_times)
        assert abs(found[0] - rec.fall_times[0]) < 1.0
    for kind in ("device_drop", "sit_down_hard", "jump", "run", "stumble_recover"):
        rec = synth.make_recording(9_600_000 + seed, kind, hz=50)
        assert detect(model, rec.data) == [], kind


def test_streaming_batch_size_does_not_change_the_answer(model: FallModel) -> None:
    rec = synth.make_recording(9_700_001, "fall_trip", placement="wrist", hz=64)
    answers = []
    for batch in (1, 16, 64, 400):
        detector = FallDetector("w", model.score, threshold=model.threshold)
        found: list[float] = []
        for start in range(0, len(rec.data), batch):
            chunk = rec.data[start : start + batch]
            found += [d.impact_time for d in detector.feed(chunk[:, 0], chunk[:, 1:7])]
        answers.append([round(t, 2) for t in found])
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert len(answers[0]) == 1


def test_a_recording_that_stops_soon_after_the_fall_is_still_judged(model: FallModel) -> None:
    rec = synth.make_recording(9_700_002, "fall_forward", placement="pocket", hz=87)
    impact = rec.fall_times[0]
    for after, expected in ((2.0, 1), (3.5, 1), (1.0, 0)):
        cut = rec.data[rec.data[:, 0] <= impact + after]
        assert len(detect(model, cut)) == expected, after


def test_a_gap_in_the_stream_restarts_cleanly(model: FallModel) -> None:
    detector = FallDetector("w", model.score, threshold=model.threshold)
    rows = np.tile([0.0, 0.0, 1.0, 0.0, 0.0, 0.0], (50, 1))
    assert detector.feed(np.arange(50) / 50, rows) == []
    assert detector.feed(100 + np.arange(50) / 50, rows) == []
    assert detector.feed(np.arange(50) / 50, rows) == []  # time going backwards (a device reboot)


def test_eval_falls_command_writes_one_line_per_recording(tmp_path: Path) -> None:
    folder = tmp_path / "recs"
    folder.mkdir()
    truth = {}
    for seed, kind in enumerate(["fall_forward", "fall_from_bed", "device_drop", "sit_down_hard", "walk"]):
        rec = synth.make_recording(9_800_000 + seed, kind, hz=[50, 87, 128, 200, 100][seed])
        synth.write_csv(rec, str(folder / f"{kind}.csv"))
        truth[f"{kind}.csv"] = rec.fall_times
    out = tmp_path / "out.jsonl"
    assert main(["eval", "falls", "--recordings", str(folder), "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["recording"] for line in lines] == sorted(truth)
    for line in lines:
        assert set(line) == {"recording", "detections", "latency_ms"}
        falls = truth[line["recording"]]
        assert len(line["detections"]) == len(falls), line
        for got, want in zip(line["detections"], falls, strict=True):
            assert abs(got - want) < 1.0
    assert read_recording(folder / "walk.csv").shape[1] == 7


def test_glitchy_rows_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "glitchy.csv"
    path.write_text("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0,0,0,1,0,0,0\n0.02,0,0,1,0,0,\n0.01,0,0,1,0,0,0\n"
                    "0.04,nan,0,1,0,0,0\n0.06,0,0,1,0,0,0\n0.08,0,0,1\n")
    assert read_recording(path)[:, 0].tolist() == [0.0, 0.01, 0.06]


def test_eval_falls_rejects_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.csv").write_text("time,x,y,z\n0,0,0,1\n")
    assert main(["eval", "falls", "--recordings", str(tmp_path), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "header must be t,ax,ay,az,gx,gy,gz" in capsys.readouterr().err
    (tmp_path / "bad.csv").write_text("t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,x\n")
    assert main(["eval", "falls", "--recordings", str(tmp_path), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert main(["eval", "falls", "--recordings", str(tmp_path / "none"), "--out", str(tmp_path / "o")]) == 2
