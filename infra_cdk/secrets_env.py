#!/usr/bin/env python3
"""Lambda exec wrapper (`AWS_LAMBDA_EXEC_WRAPPER`): reads secret settings from Secrets Manager at cold start.

For every `VOCADESK_<NAME>_SECRET_ARN` in the function's configuration, the secret's value becomes
`VOCADESK_<NAME>` in the environment of the runtime process it then execs, so `vocadesk.settings` reads it like
any setting. The value exists only in that process: never in the template, the function's configuration or logs.
Shipped in every function's code by `infra_cdk/lambda_code.py`; runs under Lambda's Python with its boto3.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

SUFFIX = "_SECRET_ARN"
PREFIX = "VOCADESK_"


def resolve(environ: Mapping[str, str], client: Any) -> dict[str, str]:
    """The settings the secret ARNs in `environ` stand for, read with `client` (a Secrets Manager client)."""
    names = [name for name in environ if name.startswith(PREFIX) and name.endswith(SUFFIX)]
    return {
        name.removesuffix(SUFFIX): client.get_secret_value(SecretId=environ[name])["SecretString"] for name in names
    }


def main(argv: list[str]) -> None:
    if any(name.endswith(SUFFIX) for name in os.environ):
        import boto3  # only when there is a secret to read (part of Lambda's Python runtime)

        os.environ.update(resolve(os.environ, boto3.client("secretsmanager")))
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
