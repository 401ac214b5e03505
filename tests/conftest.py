"""Shared fixtures: moto in-process for AWS, the table from the shared definition, sample events."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws
from starlette.testclient import TestClient

from functions.event_ingest import handler as ingest_handler
from local_platform.gateway import create_gateway
from local_platform.identity import CognitoIdentity
from local_platform.provision import LOCAL_INVITE_PASSWORD, Provisioned, UserPool, provision, provision_user_pool
from tests.support import CALL_TOKEN_KEYS, Tenant, bearer
from vocadesk import aws_clients
from vocadesk.directory import UserDirectory, default_directory
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
    monkeypatch.setenv("VOCADESK_CALL_TOKEN_KEYS", CALL_TOKEN_KEYS)  # what `make run` generates, fixed
    clear_process_caches()


def clear_process_caches() -> None:
    """What a Lambda keeps between invocations is rebuilt per test, inside that test's emulator."""
    for cached in (
        get_settings,
        default_repositories,
        aws_clients.client,
        ingest_handler.call_ingest,
        ingest_handler.dead_letters,
    ):
        cached.cache_clear()


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield
    clear_process_caches()


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
def platform(table: Table) -> Provisioned:
    """Everything `make run` provisions (bucket, bus, ingest queue and its dead-letter queue) in the emulator."""
    return provision(get_settings(), boto3.session.Session())


@pytest.fixture
def tenant_a(repos: Repositories) -> Tenant:
    return Tenant(repos, "alpha")


@pytest.fixture
def tenant_b(repos: Repositories) -> Tenant:
    return Tenant(repos, "bravo")


@pytest.fixture
def user_pool(aws: None, monkeypatch: pytest.MonkeyPatch) -> UserPool:
    """The Cognito user pool in the emulator, named in the settings as `make run` names it."""
    pool = provision_user_pool(boto3.client("cognito-idp"))
    for name, value in pool.settings_environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("VOCADESK_INVITE_TEMPORARY_PASSWORD", LOCAL_INVITE_PASSWORD)
    get_settings.cache_clear()
    return pool


@pytest.fixture
def directory(user_pool: UserPool) -> UserDirectory:
    return default_directory()


@pytest.fixture
def identity(user_pool, directory, tenant_a, tenant_b) -> CognitoIdentity:
    """Sign-in and the JWT authorizer over the pool, where every tenant's owner and viewer can sign in."""
    for tenant in (tenant_a, tenant_b):
        for user, password in ((tenant.owner, "pw-owner"), (tenant.viewer, "pw-viewer")):
            directory.add(user)
            directory.set_password(user.email, password)
    return CognitoIdentity(user_pool_id=user_pool.id, client_id=user_pool.client_id)


@pytest.fixture
def http(identity):
    with TestClient(create_gateway(identity)) as client:
        yield client


@pytest.fixture
def owner_a(http, tenant_a):
    return bearer(http, tenant_a.owner.email, "pw-owner")


@pytest.fixture
def viewer_a(http, tenant_a):
    return bearer(http, tenant_a.viewer.email, "pw-viewer")


@pytest.fixture
def owner_b(http, tenant_b):
    return bearer(http, tenant_b.owner.email, "pw-owner")
