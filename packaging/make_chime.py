"""Write resources/sounds/chime.wav: the two-tone "ding-dong" played before a call.

Used when no text-to-speech engine exists on the window's PC. Stdlib only (wave + math), so
the file can be regenerated anywhere: ``python packaging/make_chime.py [OUT]``.

Each tone is a soft bell: a sine with two quieter overtones, a 10 ms attack and an
exponential decay. E5 then C5 (a falling major third, the usual announcement chime).
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050
TONES = ((659.25, 0.0, 0.42), (523.25, 0.36, 0.44))  # (Hz, start s, length s)
LENGTH_S = 0.8
PEAK = 0.6
OVERTONES = ((2.0, 0.25), (3.0, 0.08))  # (frequency ratio, amplitude)


def bell(freq: float, t: float, length: float) -> float:
    if t < 0 or t >= length:
        return 0.0
    attack = min(1.0, t / 0.01)
    release = min(1.0, (length - t) / 0.03)  # no click where the tone stops
    decay = math.exp(-4.0 * t / length)
    wave_sum = math.sin(2 * math.pi * freq * t)
    for ratio, amplitude in OVERTONES:
        wave_sum += amplitude * math.sin(2 * math.pi * freq * ratio * t)
    return attack * release * decay * wave_sum / (1 + sum(a for _, a in OVERTONES))


def samples() -> list[float]:
    count = int(RATE * LENGTH_S)
    return [
        sum(bell(freq, n / RATE - start, length) for freq, start, length in TONES)
        for n in range(count)
    ]


def write(path: Path) -> None:
    values = samples()
    scale = PEAK * 32767 / max(abs(v) for v in values)
    frames = b"".join(struct.pack("<h", round(v * scale)) for v in values)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "resources" / "sounds" / "chime.wav"
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
