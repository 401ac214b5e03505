"""Recording uploads against moto's S3: multipart for large files, retried with backoff, never raising."""

from __future__ import annotations

import asyncio

import boto3
import pytest

from vocadesk.settings import get_settings
from voice_container.recording.uploader import MIB, RecordingUploader, recording_key


@pytest.fixture
def bucket(platform):
    return get_settings().recordings_bucket


def test_the_key_names_the_account_and_the_call():
    assert recording_key("acc_1", "call_2") == "account/acc_1/calls/call_2/recording.wav"


def test_a_large_recording_goes_up_in_parts(bucket, tmp_path):
    path = tmp_path / "call.wav"
    path.write_bytes(b"RIFF" + bytes(11 * MIB))
    s3 = boto3.client("s3")
    uploader = RecordingUploader(bucket, lambda: s3, part_bytes=5 * MIB)

    assert asyncio.run(uploader.upload(str(path), "account/acc_1/calls/call_2/recording.wav"))

    head = s3.head_object(Bucket=bucket, Key="account/acc_1/calls/call_2/recording.wav")
    assert head["ContentLength"] == 11 * MIB + 4 and head["ContentType"] == "audio/wav"
    assert head["ETag"].strip('"').endswith("-3")  # a multipart object: 5 + 5 + 1 MiB


class Flaky:
    """An S3 client whose first `failures` uploads fail."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    def upload_file(self, *args, **kwargs) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("S3 is down")


def test_a_failed_upload_is_retried(tmp_path):
    client = Flaky(failures=2)
    uploader = RecordingUploader("b", lambda: client, backoff_seconds=0.001)

    assert asyncio.run(uploader.upload(str(tmp_path / "x.wav"), "k")) and client.calls == 3


def test_an_upload_that_keeps_failing_gives_up_without_raising(tmp_path, caplog):
    client = Flaky(failures=99)
    uploader = RecordingUploader("b", lambda: client, attempts=3, backoff_seconds=0.001)

    assert not asyncio.run(uploader.upload(str(tmp_path / "x.wav"), "k"))
    assert client.calls == 3 and "recording upload failed 3 times" in caplog.text


def test_a_missing_bucket_is_a_failed_upload(platform, tmp_path):
    path = tmp_path / "call.wav"
    path.write_bytes(b"RIFF")
    uploader = RecordingUploader("no-such-bucket", lambda: boto3.client("s3"), attempts=2, backoff_seconds=0.001)

    assert not asyncio.run(uploader.upload(str(path), "account/acc_1/calls/call_2/recording.wav"))
