"""Recording uploads against moto's S3: one request for most, parts for large files, retried, never raising."""

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


def test_a_small_recording_is_one_put(bucket, tmp_path):
    path = tmp_path / "call.wav"
    path.write_bytes(b"RIFF" + bytes(100_000))
    s3, operations = boto3.client("s3"), []
    s3.meta.events.register("before-call.s3", lambda model, **_: operations.append(model.name))

    assert asyncio.run(RecordingUploader(bucket, lambda: s3).upload(str(path), "account/acc_1/calls/c/recording.wav"))

    assert operations == ["PutObject"]  # no transfer manager, no parts
    head = s3.head_object(Bucket=bucket, Key="account/acc_1/calls/c/recording.wav")
    assert head["ContentLength"] == 100_004 and head["ContentType"] == "audio/wav"


def failing_s3(failures: int):
    """A real S3 client (moto) whose first `failures` PutObject requests fail before they are sent."""
    s3, attempts = boto3.client("s3"), []

    def maybe_fail(**_):
        attempts.append(1)
        if len(attempts) <= failures:
            raise ConnectionError("S3 is down")

    s3.meta.events.register("before-send.s3.PutObject", maybe_fail)
    return s3, attempts


def test_a_failed_upload_is_retried(bucket, tmp_path):
    path = tmp_path / "x.wav"
    path.write_bytes(b"RIFF")
    s3, attempts = failing_s3(failures=2)
    uploader = RecordingUploader(bucket, lambda: s3, backoff_seconds=0.001)

    assert asyncio.run(uploader.upload(str(path), "k")) and len(attempts) == 3
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"RIFF"


def test_an_upload_that_keeps_failing_gives_up_without_raising(bucket, tmp_path, caplog):
    path = tmp_path / "x.wav"
    path.write_bytes(b"RIFF")
    s3, attempts = failing_s3(failures=99)
    uploader = RecordingUploader(bucket, lambda: s3, attempts=3, backoff_seconds=0.001)

    assert not asyncio.run(uploader.upload(str(path), "k"))
    assert len(attempts) == 3 and "recording upload failed 3 times" in caplog.text


def test_a_missing_bucket_is_a_failed_upload(platform, tmp_path):
    path = tmp_path / "call.wav"
    path.write_bytes(b"RIFF")
    uploader = RecordingUploader("no-such-bucket", lambda: boto3.client("s3"), attempts=2, backoff_seconds=0.001)

    assert not asyncio.run(uploader.upload(str(path), "account/acc_1/calls/call_2/recording.wav"))
