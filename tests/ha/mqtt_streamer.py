"""Host-side simulated wearable for the HA lane's MQTT end-to-end test (the HA root has no MQTT client).

`tests/ha/run_lane.sh` starts it with the hub's venv: `python tests/ha/mqtt_streamer.py MQTT_URL PORT`. It listens
on 127.0.0.1:PORT; the HA test sends one command per line and reads JSON lines back:

- `day`: a quarter of an hour of recorded normal life for `wrist-07`, sent as fast as possible → `{"done": true}`
- `fall`: a recorded lateral fall, the 3 s before the impact fast, then in real time; `{"closed_at": wall time}` is
  sent when the batch that closes the 3 s stillness window is published, `{"done": true}` when the stream ends.

Device time runs on across commands, as a wearable's clock would.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from firmware_bridge.device import device_bridge, imu_batches, stream
from models.fall import synth

DEVICE = "wrist-07"
HZ = 50
AFTER_CLOSE_S = 2.0


class Wearable:
    def __init__(self, url: str) -> None:
        self.url = url
        self.clock = 0.0
        self.lock = asyncio.Lock()

    async def day(self, writer: asyncio.StreamWriter) -> None:
        day = synth.make_day(9_990_002, hours=0.25, placement="wrist", hz=HZ)
        batches = imu_batches(DEVICE, day.data[:, 1:7].tolist(), HZ, t0=self.clock)
        async with device_bridge(self.url, DEVICE) as device:
            await stream(device, batches, speed=0)
        self.clock += float(day.data[-1, 0]) + 60.0
        await _send(writer, {"done": True})

    async def fall(self, writer: asyncio.StreamWriter) -> None:
        fall = synth.make_recording(9_990_001, "fall_lateral", placement="wrist", hz=HZ)
        batches = imu_batches(DEVICE, fall.data[:, 1:7].tolist(), HZ, t0=self.clock)
        impact = self.clock + float(fall.fall_times[0])
        closes = impact + 3.0
        before = [b for b in batches if b.t + 0.5 < impact - 3.0]
        closed_at: float | None = None
        async with device_bridge(self.url, DEVICE) as device:
            await stream(device, before, speed=0)
            for batch in batches[len(before):]:
                # A device publishes a batch when its last sample is taken: that is when the window closes.
                end = batch.t + len(batch.samples) / HZ
                just_closed = closed_at is None and end >= closes
                if just_closed:
                    closed_at = time.time()
                await stream(device, [batch], speed=0)
                if just_closed:
                    await _send(writer, {"closed_at": closed_at, "impact": impact})
                if closed_at is not None and end >= closes + AFTER_CLOSE_S:
                    break
                await asyncio.sleep(len(batch.samples) / HZ)
        self.clock += float(fall.data[-1, 0]) + 60.0
        await _send(writer, {"done": True})

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := (await reader.readline()).decode().strip():
                async with self.lock:
                    if line == "day":
                        await self.day(writer)
                    elif line == "fall":
                        await self.fall(writer)
                    else:
                        await _send(writer, {"error": f"unknown command {line!r}"})
        except Exception as err:  # the test sees the failure instead of a hang
            await _send(writer, {"error": repr(err)})
        finally:
            writer.close()


async def _send(writer: asyncio.StreamWriter, message: dict[str, object]) -> None:
    writer.write(json.dumps(message).encode() + b"\n")
    await writer.drain()


async def main(url: str, port: int) -> None:
    wearable = Wearable(url)
    server = await asyncio.start_server(wearable.serve, "127.0.0.1", port)
    print(f"streamer ready on 127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
