"""One call's recording: caller left, agent right, PCM16 stereo on the call's timeline, spooled to a temp file.

The timeline is the call's (time since the recorder started, as the call's `duration_ms` is), in samples:
- caller audio arrives in real time, back to back (Twilio and browsers send their silence too), so a frame
  goes where the previous one ended, unless nothing came for longer than `caller_gap_ms`: then it goes
  where it arrived and the gap stays silent;
- agent audio arrives faster than real time and the far end plays it back to back from when it got the
  first chunk, so a chunk starts where the previous one ends, or now if playback had run dry. A barge-in
  (`agent_cut`) cuts the current item at what the playback clock says was heard: audio the far end
  dropped is never written.
Only the newest `commit_lag_ms` (plus agent audio scheduled ahead of now) is held in memory, as it arrived
(μ-law or PCM16: a frame costs a base64 decode and a copy, on the audio path of every live call); older audio
is final, decoded to PCM16 in one step per commit and written, interleaved, through a fixed-size write buffer.
Must not raise into the call: a failing disk ends the recording (logged), never the call.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from vocadesk.models.calls import Channel
from voice_container.audio import mulaw
from voice_container.recording import wav

log = logging.getLogger(__name__)


def pcm16(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i2", count=len(data) // 2)


@dataclass(frozen=True)
class Encoding:
    """How a call's audio arrives: bytes per sample, one sample of silence, and the decoder to int16."""

    sample_bytes: int
    silence: bytes
    decode: Callable[[bytes], np.ndarray]


MULAW = Encoding(1, b"\xff", mulaw.decode)  # 0xFF is μ-law's zero (0x00 is its loudest negative sample)
PCM16 = Encoding(2, b"\x00\x00", pcm16)


@dataclass(frozen=True)
class RecordingFile:
    path: str
    duration_ms: int
    sample_rate: int
    size_bytes: int


class CallRecorder:
    def __init__(
        self,
        *,
        sample_rate: int,
        encoding: Encoding,
        directory: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        commit_lag_ms: int = 500,  # caller frames may arrive this late (jitter) and still land in place
        caller_gap_ms: int = 100,  # a longer silence from the caller's side is a gap to fill, not jitter
        commit_every_ms: int = 250,  # file writes come in pieces of at least this much audio
        write_buffer_bytes: int = 64 * 1024,
        log_keys: dict[str, str] | None = None,
    ) -> None:
        self.sample_rate = sample_rate
        self._encoding = encoding
        self._width = encoding.sample_bytes
        self._clock = clock
        self._t0 = clock()
        self._lag = sample_rate * commit_lag_ms // 1000
        self._gap = sample_rate * caller_gap_ms // 1000
        self._every = sample_rate * commit_every_ms // 1000
        self._log_keys = log_keys or {}
        fd, self.path = tempfile.mkstemp(prefix="vocadesk-call-", suffix=".wav", dir=directory)
        self._file = os.fdopen(fd, "wb", buffering=write_buffer_bytes)
        self._written = 0  # stereo frames already in the file
        self._caller = bytearray()  # audio as it arrived, from sample `_written` on (not yet final)
        self._agent = bytearray()
        self._caller_at = 0  # where the next caller frame goes
        self._agent_at = 0  # where the far end finishes playing what it was sent
        self._item: str | None = None
        self._item_start = 0
        self.failed = False
        try:
            self._file.write(bytes(wav.HEADER_BYTES))  # the real header once the length is known
        except OSError as error:
            self._fail(error)

    # -- during the call ------------------------------------------------------------------------
    def caller_audio(self, payload_b64: str) -> None:
        chunk = self._chunk(payload_b64)
        if chunk is None:
            return
        count = len(chunk) // self._width
        now = self._now()
        start = max(self._caller_at, self._written)
        if now - count - start > self._gap:
            start = max(now - count, self._written)
        self._put(self._caller, start, chunk)
        self._caller_at = start + count
        self._commit_due(now)

    def agent_audio(self, item_id: str, payload_b64: str) -> None:
        """A chunk the far end was sent for playback (after whatever it still has queued)."""
        chunk = self._chunk(payload_b64)
        if chunk is None:
            return
        now = self._now()
        start = max(self._agent_at, now, self._written)
        if item_id != self._item:
            self._item, self._item_start = item_id, start
        self._put(self._agent, start, chunk)
        self._agent_at = start + len(chunk) // self._width
        self._commit_due(now)

    def agent_cut(self, heard_ms: int) -> None:
        """The far end dropped the current item's queued audio after `heard_ms` of it (barge-in)."""
        if self._item is None or self.failed:
            return
        cut = max(self._item_start + heard_ms * self.sample_rate // 1000, self._written)
        del self._agent[(cut - self._written) * self._width :]
        self._agent_at = min(self._agent_at, cut)
        self._item = None

    # -- the end ----------------------------------------------------------------------------------
    def finish(self, duration_ms: int) -> RecordingFile | None:
        """Write out the call's `duration_ms` (audio scheduled after the end was never heard), finalize the
        header and close the file; None if recording failed (the file is gone then)."""
        if self.failed:
            return None
        total = duration_ms * self.sample_rate // 1000
        try:
            self._commit(total)
            data_bytes = self._written * 4
            self._file.seek(0)
            self._file.write(wav.header(sample_rate=self.sample_rate, channels=2, data_bytes=data_bytes))
            self._file.close()
        except (OSError, ValueError) as error:
            self._fail(error)
            return None
        self._caller, self._agent = bytearray(), bytearray()
        return RecordingFile(self.path, duration_ms, self.sample_rate, wav.HEADER_BYTES + data_bytes)

    def discard(self) -> None:
        """Close and delete the file (after the upload, or when the call is not kept)."""
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    # -- inside -----------------------------------------------------------------------------------
    def _now(self) -> int:
        return round((self._clock() - self._t0) * self.sample_rate)  # nearest sample: 0.6 s is 14400, not 14399

    def _chunk(self, payload_b64: str) -> bytes | None:
        """The payload's whole samples, still encoded; None once failed or for a payload that is not base64."""
        if self.failed:
            return None
        try:
            chunk = base64.b64decode(payload_b64, validate=True)
        except (binascii.Error, ValueError):
            return None  # the session counts and logs bad payloads; the recording just skips them
        extra = len(chunk) % self._width
        return chunk[:-extra] if extra else chunk

    def _put(self, buffer: bytearray, start: int, chunk: bytes) -> None:
        offset = (start - self._written) * self._width
        if len(buffer) < offset:
            buffer.extend(self._encoding.silence * ((offset - len(buffer)) // self._width))
        buffer[offset : offset + len(chunk)] = chunk

    def _commit_due(self, now: int) -> None:
        if now - self._written >= self._lag + self._every:
            try:
                self._commit(now - self._lag)
            except (OSError, ValueError) as error:
                self._fail(error)

    def _commit(self, until: int) -> None:
        """Interleave and write every sample before `until` (silence where a side had nothing)."""
        count = until - self._written
        if count <= 0:
            return
        if (until * 4) > wav.MAX_DATA_BYTES:
            raise ValueError("recording longer than a WAV file can hold")
        stereo = np.zeros((count, 2), dtype="<i2")
        width, decode = self._width, self._encoding.decode
        for channel, buffer in enumerate((self._caller, self._agent)):
            have = min(count, len(buffer) // width)
            stereo[:have, channel] = decode(bytes(buffer[: have * width]))
            del buffer[: count * width]
        self._file.write(stereo.tobytes())
        self._written = until

    def _fail(self, error: BaseException) -> None:
        log.error("recording stopped: %s", error, extra=self._log_keys)
        self.failed = True
        self._caller, self._agent = bytearray(), bytearray()
        self.discard()


def recorder_for(channel: Channel, *, directory: str | None = None, **options) -> CallRecorder:
    """The recorder of a call on `channel`: phone audio is μ-law 8 kHz, browser audio PCM16 24 kHz."""
    if channel is Channel.PHONE:
        return CallRecorder(sample_rate=8000, encoding=MULAW, directory=directory, **options)
    return CallRecorder(sample_rate=24000, encoding=PCM16, directory=directory, **options)
