"""`make run` for real: the platform as a subprocess on free loopback ports, driven over HTTP."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def start_platform(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | env_overrides
    return subprocess.Popen(
        [sys.executable, "-m", "local_platform"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def read_until(process, pattern, timeout=30):
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if match := re.search(pattern, line):
            return match, seen
    pytest.fail(f"{pattern!r} not printed; output was:\n{''.join(seen)}")


@pytest.fixture
def platform():
    process = start_platform({f"VOCADESK_{name}_PORT": "0" for name in ("GATEWAY", "EMULATOR", "VOICE", "STANDIN")})
    try:
        url = read_until(process, r"Open\s+(http://127\.0\.0\.1:\d+)/")[0].group(1)
        emulator = read_until(process, r"AWS emulator\s+(http://127\.0\.0\.1:\d+)")[0].group(1)
        yield process, url, emulator
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_sign_in_create_a_client_and_see_a_call_that_events_created_then_stop_cleanly(platform):
    process, url, emulator = platform
    with httpx2.Client(base_url=url, timeout=10) as http:
        token = http.post("/auth/signin", json={"email": "demo@example.com", "password": "vocadesk-demo"})
        auth = {"authorization": f"Bearer {token.json()['id_token']}"}
        created = http.post("/v1/clients", json={"name": "Acme Plumbing"}, headers=auth).json()
        assert http.get(f"/v1/clients/{created['id']}", headers=auth).json()["name"] == "Acme Plumbing"

        sent = subprocess.run(
            [sys.executable, "-m", "local_platform.send_event", "--conversation"],
            capture_output=True,
            text=True,
            env=os.environ | {"AWS_ENDPOINT_URL": emulator},
            timeout=60,
            check=True,
        )
        call_id = sent.stdout.strip()
        deadline = time.monotonic() + 10
        while http.get(f"/v1/calls/{call_id}", headers=auth).status_code == 404:
            assert time.monotonic() < deadline, "the event never reached the API"
            time.sleep(0.1)
        while len((call := http.get(f"/v1/calls/{call_id}", headers=auth).json())["turns"]) < 4 or (
            call["analysis"] is None or call["status"] != "ended"
        ):
            assert time.monotonic() < deadline, f"the conversation never fully arrived: {call}"
            time.sleep(0.1)
        assert [t["speaker"] for t in call["turns"]] == ["agent", "caller", "agent", "caller"]
        assert call["analysis"]["captured_data"] == {"full_name": "Ada Lovelace"}

    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=20)[0]
    assert process.returncode == 0
    assert "Vocadesk stopped." in output and "Traceback" not in output


def test_a_busy_port_is_a_clear_error_not_a_traceback():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = start_platform({"VOCADESK_GATEWAY_PORT": str(busy.getsockname()[1]), "VOCADESK_EMULATOR_PORT": "0"})
        output = process.communicate(timeout=60)[0]

    assert process.returncode == 1
    assert "gateway cannot use 127.0.0.1" in output and "VOCADESK_GATEWAY_PORT" in output
    assert "Traceback" not in output
