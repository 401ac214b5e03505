"""Shared fixtures: moto in-process for AWS, the table from the shared definition, sample events."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.support import Tenant
from vocadesk.settings import get_settings
from vocadesk.storage.dynamo import Table
from vocadesk.storage.repositories import Repositories, default_repositories
from vocadesk.storage.tables import MAIN_TABLE


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test can reach real AWS: dummy credentials, a fixed region, no endpoint override."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    get_settings.cache_clear()
    default_repositories.cache_clear()


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield
    default_repositories.cache_clear()


@pytest.fixture
def table(aws: None) -> Table:
    name = get_settings().table_name
    client = boto3.client("dynamodb")
    client.create_table(**MAIN_TABLE.create_table_kwargs(name))
    return Table(name, client)


@pytest.fixture
def repos(table: Table) -> Repositories:
    return Repositories(table)


@pytest.fixture
def tenant_a(repos: Repositories) -> Tenant:
    return Tenant(repos, "alpha")


@pytest.fixture
def tenant_b(repos: Repositories) -> Tenant:
    return Tenant(repos, "bravo")
