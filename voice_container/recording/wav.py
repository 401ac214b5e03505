"""The canonical 44-byte RIFF/WAVE header of PCM16 audio: written as a placeholder first, finalized at the end."""

from __future__ import annotations

import struct

HEADER_BYTES = 44
MAX_DATA_BYTES = 0xFFFF_FFFF - 36  # RIFF sizes are 32-bit


def header(*, sample_rate: int, channels: int, data_bytes: int) -> bytes:
    """A PCM16 little-endian header for `data_bytes` of interleaved samples."""
    if not 0 <= data_bytes <= MAX_DATA_BYTES:
        raise ValueError(f"a WAV holds at most {MAX_DATA_BYTES} bytes of audio")
    block_align = channels * 2
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + data_bytes,
        b"WAVE",
        b"fmt ",
        16,
        1,  # PCM
        channels,
        sample_rate,
        sample_rate * block_align,
        block_align,
        16,
        b"data",
        data_bytes,
    )
