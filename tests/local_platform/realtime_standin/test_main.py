"""`python -m local_platform.realtime_standin`: a developer's stand-in on a port."""

import subprocess
import sys
from pathlib import Path

from websockets.sync.client import connect

from local_platform.realtime_standin.__main__ import main

ROOT = Path(__file__).resolve().parents[3]


def test_it_refuses_a_non_loopback_host(capsys):
    assert main(["--host", "0.0.0.0", "--port", "0"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_it_serves_until_stopped():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local_platform.realtime_standin",
            "--port",
            "0",
            "--pace",
            "0",
            "--log-level",
            "WARNING",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.split()[3]
        with connect(f"{url}/realtime?model=gpt-realtime", additional_headers={"Authorization": "Bearer x"}) as ws:
            assert '"session.created"' in ws.recv(timeout=5)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert line.startswith("Realtime stand-in on ws://127.0.0.1:")
