"""All repositories over one table, built once per process (a Lambda cold start, a container start)."""

from __future__ import annotations

from functools import cached_property, lru_cache

from vocadesk.settings import get_settings
from vocadesk.storage.accounts import AccountRepo, UserRepo
from vocadesk.storage.agents import AgentRepo
from vocadesk.storage.calls import CallRepo
from vocadesk.storage.clients import ClientRepo
from vocadesk.storage.dynamo import Table
from vocadesk.storage.embeds import EmbedRepo
from vocadesk.storage.phone_numbers import PhoneNumberRepo
from vocadesk.storage.rate_counters import RateCounters
from vocadesk.storage.recordings import RecordingStore
from vocadesk.storage.routes import RouteRepo


class Repositories:
    def __init__(self, table: Table) -> None:
        self.table = table

    @cached_property
    def accounts(self) -> AccountRepo:
        return AccountRepo(self.table)

    @cached_property
    def users(self) -> UserRepo:
        return UserRepo(self.table)

    @cached_property
    def clients(self) -> ClientRepo:
        return ClientRepo(self.table)

    @cached_property
    def agents(self) -> AgentRepo:
        return AgentRepo(self.table)

    @cached_property
    def embeds(self) -> EmbedRepo:
        return EmbedRepo(self.table)

    @cached_property
    def phone_numbers(self) -> PhoneNumberRepo:
        return PhoneNumberRepo(self.table)

    @cached_property
    def calls(self) -> CallRepo:
        return CallRepo(self.table)

    @cached_property
    def routes(self) -> RouteRepo:
        return RouteRepo(self.table)

    @cached_property
    def rate_counters(self) -> RateCounters:
        return RateCounters(self.table)

    @cached_property
    def recordings(self) -> RecordingStore:
        return RecordingStore(get_settings().recordings_bucket)


@lru_cache(maxsize=1)
def default_repositories() -> Repositories:
    """The process-wide repositories over the configured table."""
    return Repositories(Table(get_settings().table_name))
