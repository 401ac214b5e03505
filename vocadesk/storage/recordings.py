"""Call recordings in S3, under `account/<account_id>/...` so a key always names its tenant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vocadesk import aws_clients

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


def account_prefix(account_id: str) -> str:
    return f"account/{account_id}/"


class RecordingStore:
    def __init__(self, bucket: str, client: S3Client | None = None) -> None:
        self.bucket = bucket
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = aws_clients.client("s3")
        return self._client

    def exists(self, key: str) -> bool:
        """Whether the object is there; errors other than "not found" propagate (so they are retried)."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def playback_url(self, account_id: str, key: str, *, expires_in: int) -> str:
        """A presigned GET a browser's <audio> can play; only for a key under the account's own prefix."""
        if not key.startswith(account_prefix(account_id)):
            raise ValueError("recording key outside the account's prefix")
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key, "ResponseContentType": "audio/wav"},
            ExpiresIn=expires_in,
        )
