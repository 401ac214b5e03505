"""A finished recording to S3: one PutObject, or multipart above `part_bytes`, in a thread (boto3 blocks),
retried with backoff.

Most calls fit one request (8 MiB is ~4 min of phone audio). boto3's `upload_file` would start a transfer
manager with its own threads for every upload; under load those threads take the GIL from the event loop
that relays live calls' audio, so they are kept for the recordings that need parts.

Must not raise: the caller publishes `call.ended` either way, with the recording only when this said True.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from typing import Any

from vocadesk.storage.recordings import account_prefix
from voice_container.retry import GaveUp, with_retries

log = logging.getLogger(__name__)

MIB = 1024 * 1024


def recording_key(account_id: str, call_id: str) -> str:
    return f"{account_prefix(account_id)}calls/{call_id}/recording.wav"


class RecordingUploader:
    def __init__(
        self,
        bucket: str,
        client_factory: Callable[[], Any],
        *,
        attempts: int = 4,
        backoff_seconds: float = 0.5,  # doubled after every failed attempt: 0.5, 1, 2 s
        attempt_timeout_seconds: float = 120.0,  # 1 h of web audio is ~345 MB
        part_bytes: int = 8 * MIB,  # S3 parts are at least 5 MiB (but the last)
        max_concurrency: int = 4,
    ) -> None:
        self.bucket = bucket
        self._client_factory = client_factory
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.attempt_timeout_seconds = attempt_timeout_seconds
        self.part_bytes = part_bytes
        self.max_concurrency = max_concurrency

    async def upload(self, path: str, key: str, *, log_keys: dict[str, str] | None = None) -> bool:
        """Whether the file is now at `key`, after at most `attempts` tries."""
        try:
            await with_retries(
                lambda: asyncio.to_thread(self._upload, path, key),
                what="recording upload",
                attempts=self.attempts,
                backoff_seconds=self.backoff_seconds,
                timeout_seconds=self.attempt_timeout_seconds,
                log_keys=log_keys,
            )
        except GaveUp:
            log.error("recording upload failed %d times; the call is kept without it", self.attempts, extra=log_keys)
            return False
        return True

    def _upload(self, path: str, key: str) -> None:
        client = self._client_factory()
        if os.path.getsize(path) <= self.part_bytes:
            with open(path, "rb") as body:
                client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType="audio/wav")
            return
        from boto3.s3.transfer import TransferConfig

        config = TransferConfig(
            multipart_threshold=self.part_bytes,
            multipart_chunksize=self.part_bytes,
            max_concurrency=self.max_concurrency,
        )
        client.upload_file(path, self.bucket, key, ExtraArgs={"ContentType": "audio/wav"}, Config=config)
