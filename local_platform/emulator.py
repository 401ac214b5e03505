"""The in-process AWS emulator: moto's server on loopback, and the environment that points boto3 at it.

Pointing boto3 at it through AWS_ENDPOINT_URL (and dummy credentials) is the only difference between
local and AWS: every client, in this process and in the voice runtime's, uses the same code.
"""

from __future__ import annotations

import os

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


class Emulator:
    def __init__(self, host: str, port: int) -> None:
        from moto.server import ThreadedMotoServer  # heavy: only the local platform loads it

        self._server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
        self.host = host
        self.port = port

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> dict[str, str]:
        """Start serving; returns (and applies to this process) the environment that reaches it."""
        self._server.start()
        env = {**AWS_ENV, "AWS_ENDPOINT_URL": self.endpoint_url}
        os.environ.update(env)
        return env

    def stop(self) -> None:
        self._server.stop()
