"""The agent's voice: text rendered as audio in a session's output format, cached per text.

With `espeak-ng` on PATH it speaks (run as a subprocess, off the event loop); otherwise a deterministic
"syllable" synthesiser hums the text: voiced tones per vowel group, pauses at spaces and punctuation,
about 60 ms per character, so durations and barge-in timing still follow the text.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import struct
import zlib
from collections import OrderedDict
from typing import Literal

import numpy as np

from local_platform.realtime_standin.audio_codec import AudioFormat, encode, resample

log = logging.getLogger(__name__)

Engine = Literal["auto", "espeak", "tone"]
MS_PER_CHAR = 60
TONE_RATE = 24_000
PEAK = 0.35  # speech level, well above the VAD threshold if a client loops it back
PAUSES_MS = {",": 150, ";": 150, ":": 150, ".": 250, "!": 250, "?": 250}
# a fundamental (Hz, for the tone engine) and an espeak pitch (0-99) per provider voice
PITCHES = {
    "alloy": (165, 50),
    "ash": (115, 30),
    "ballad": (130, 40),
    "cedar": (110, 25),
    "coral": (210, 65),
    "echo": (125, 35),
    "marin": (200, 60),
    "sage": (190, 55),
    "shimmer": (225, 70),
    "verse": (140, 45),
}


def _syllable(duration: float, f0: float, rate: int) -> np.ndarray:
    t = np.arange(int(duration * rate)) / rate
    if t.size == 0:
        return np.zeros(0, dtype=np.float32)
    contour = f0 * (1 + 0.08 * np.sin(np.pi * t / duration))  # a little intonation
    phase = 2 * np.pi * np.cumsum(contour) / rate
    voiced = sum(np.sin(k * phase) / k for k in (1, 2, 3, 4))
    envelope = np.sin(np.pi * t / duration) ** 0.6
    return (voiced * envelope).astype(np.float32)


def tone_speech(text: str, voice: str, rate: int = TONE_RATE) -> np.ndarray:
    """Deterministic hum of `text`: ~60 ms per character, float samples in [-1, 1] at `rate`."""
    f0 = PITCHES.get(voice, (160, 50))[0]
    pieces: list[np.ndarray] = []
    for token in re.findall(r"\w+|[^\w\s]|\s+", text):
        if token[0].isspace():
            pieces.append(np.zeros(int(rate * MS_PER_CHAR / 1000), dtype=np.float32))
        elif not token[0].isalnum():
            pieces.append(np.zeros(int(rate * PAUSES_MS.get(token, MS_PER_CHAR) / 1000), dtype=np.float32))
        else:
            syllables = max(1, len(re.findall(r"[aeiouy]+", token.lower())))
            share = len(token) * MS_PER_CHAR / 1000 / syllables
            wobble = (zlib.crc32(token.lower().encode()) % 40 - 20) / 200  # same word, same pitch
            pieces += [_syllable(share, f0 * (1 + wobble - 0.04 * i), rate) for i in range(syllables)]
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    audio = np.concatenate(pieces)
    peak = float(np.max(np.abs(audio))) or 1.0
    return (audio * (PEAK / peak)).astype(np.float32)


def wav_samples(data: bytes) -> tuple[np.ndarray, int]:
    """PCM16 mono samples and rate from a RIFF/WAVE file (espeak's streamed header may lie about sizes)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    position, rate = 12, 0
    while position + 8 <= len(data):
        chunk, size = data[position : position + 4], struct.unpack("<I", data[position + 4 : position + 8])[0]
        body = position + 8
        if chunk == b"fmt ":
            rate = struct.unpack("<I", data[body + 4 : body + 8])[0]
        elif chunk == b"data":
            pcm = data[body : min(len(data), body + size)]
            pcm = pcm[: len(pcm) - len(pcm) % 2]
            return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0, rate
        position = body + size + size % 2
    raise ValueError("WAV file without data")


def espeak_voice(locale: str) -> str:
    language, _, region = locale.lower().partition("-")
    return "en-us" if language == "en" and region in ("", "us") else language


class Synthesizer:
    """Renders and caches speech; shared by every session of one stand-in server."""

    def __init__(self, *, engine: Engine = "auto", cache_bytes: int = 32 * 2**20, timeout: float = 10.0) -> None:
        self.espeak = shutil.which("espeak-ng") if engine in ("auto", "espeak") else None
        if engine == "espeak" and self.espeak is None:
            raise RuntimeError("espeak-ng is not installed (engine='espeak')")
        self.timeout = timeout
        self._cache: OrderedDict[tuple[str, str, str, str], bytes] = OrderedDict()
        self._cache_bytes, self._cached = cache_bytes, 0

    @property
    def engine(self) -> str:
        return "espeak" if self.espeak else "tone"

    async def speech(self, text: str, *, voice: str, locale: str, fmt: AudioFormat) -> bytes:
        """`text` spoken in `fmt` (wire bytes)."""
        key = (text, voice, locale, fmt.kind)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        samples, rate = await self._render(text, voice, locale)
        audio = encode(fmt, resample(samples, rate, fmt.rate))
        self._remember(key, audio)
        return audio

    async def _render(self, text: str, voice: str, locale: str) -> tuple[np.ndarray, int]:
        if self.espeak:
            try:
                return await self._espeak(text, voice, locale)
            except (OSError, ValueError, TimeoutError) as error:
                log.warning("espeak-ng failed (%s); using the tone voice", error)
        return await asyncio.to_thread(tone_speech, text, voice), TONE_RATE

    async def _espeak(self, text: str, voice: str, locale: str) -> tuple[np.ndarray, int]:
        pitch, program = PITCHES.get(voice, (160, 50))[1], self.espeak or "espeak-ng"
        process = await asyncio.create_subprocess_exec(
            program,
            "--stdout",
            "--stdin",
            "-v",
            espeak_voice(locale),
            "-p",
            str(pitch),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            async with asyncio.timeout(self.timeout):
                wav, _ = await process.communicate(text.encode())
        except TimeoutError:
            process.kill()
            await process.wait()
            raise
        if process.returncode != 0:
            raise ValueError(f"exit status {process.returncode}")
        return await asyncio.to_thread(wav_samples, wav)

    def _remember(self, key: tuple[str, str, str, str], audio: bytes) -> None:
        self._cache[key] = audio
        self._cached += len(audio)
        while self._cached > self._cache_bytes and len(self._cache) > 1:
            _, evicted = self._cache.popitem(last=False)
            self._cached -= len(evicted)
