"""infra_cdk/secrets_env.py: the Lambda exec wrapper turns secret ARNs into the settings they stand for."""

from __future__ import annotations

import os
import subprocess
import sys

from infra_cdk.lambda_code import ROOT
from infra_cdk.secrets_env import resolve


class FakeSecretsManager:
    def __init__(self, values):
        self.values = values
        self.asked = []

    def get_secret_value(self, *, SecretId):
        self.asked.append(SecretId)
        return {"SecretString": self.values[SecretId]}


def test_each_vocadesk_secret_arn_becomes_its_setting():
    client = FakeSecretsManager({"arn:keys": "k1:" + "s" * 40})
    environ = {"VOCADESK_CALL_TOKEN_KEYS_SECRET_ARN": "arn:keys", "VOCADESK_STAGE": "prod", "OTHER_SECRET_ARN": "x"}

    assert resolve(environ, client) == {"VOCADESK_CALL_TOKEN_KEYS": "k1:" + "s" * 40}
    assert client.asked == ["arn:keys"]


def test_nothing_to_read_asks_nothing():
    client = FakeSecretsManager({})

    assert resolve({"VOCADESK_STAGE": "prod"}, client) == {}
    assert client.asked == []


def test_the_wrapper_execs_the_runtime_command_unchanged_when_there_is_no_secret():
    env = {k: v for k, v in os.environ.items() if not k.endswith("_SECRET_ARN")} | {"VOCADESK_STAGE": "x"}

    run = subprocess.run(
        [
            str(ROOT / "infra_cdk" / "secrets_env.py"),
            sys.executable,
            "-c",
            "import os; print(os.environ['VOCADESK_STAGE'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert run.stdout == "x\n"
