"""Constrained field types shared by the models: ids, phone numbers, origins, colours, text sizes.

Each type carries its own validation so every model (and the OpenAPI schema) says the same thing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"
SIP_PATTERN = r"^sips?:[^@\s]+@[^@\s]+$"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
E164 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=E164_PATTERN),
    Field(description="Phone number in E.164 form, e.g. +14155550123.", examples=["+14155550123"]),
]
Destination = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=f"{E164_PATTERN}|{SIP_PATTERN}"),
    Field(description="Where a transfer dials: an E.164 number or a SIP URI (sip:desk@example.com)."),
]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
LanguageTag = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$"),
    Field(description="BCP 47 language tag, e.g. en-US."),
]
Key = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="snake_case key, the name a captured answer is stored under."),
]


def _id_type(prefix: str) -> object:
    return Annotated[
        str,
        StringConstraints(pattern=rf"^{prefix}_[0-9A-HJKMNP-TV-Z]{{26}}$"),
        Field(description=f"`{prefix}_` followed by a 26-character ULID.", examples=[f"{prefix}_" + "0" * 26]),
    ]


AccountId = _id_type("acc")
UserId = _id_type("usr")
ClientId = _id_type("cli")
AgentId = _id_type("agt")
EmbedId = _id_type("emb")
CallId = _id_type("call")
EventId = _id_type("evt")


def _check_origin(value: str) -> str:
    """`scheme://host[:port]`, lower-cased, no path; `*.` allowed as the first host label only."""
    parts = urlsplit(value.strip())
    host = parts.hostname or ""
    wildcard = host.startswith("*.")
    bare_host = host[2:] if wildcard else host
    if (
        parts.scheme not in ("http", "https")
        or not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*", bare_host)
        or (wildcard and "." not in bare_host)
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ValueError("must be scheme://host[:port] (http or https, no path), optionally *.host")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


Origin = Annotated[
    str,
    AfterValidator(_check_origin),
    Field(
        description="Allowed page origin: scheme://host[:port], or *.example.com for its subdomains.",
        examples=["https://www.example.com", "https://*.example.com"],
    ),
]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Model(BaseModel):
    """Base of every Vocadesk model: its validator is built on first use, not when the class is defined.

    A cold start then pays only for the models its request touches, not for every model the function
    could return (and EmailStr's email-validator loads only once an email is validated).
    """

    model_config = ConfigDict(defer_build=True)


class Body(Model):
    """Base of request bodies: unknown fields are an error that names them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Versioned(Model):
    """Base of stored items: optimistic-concurrency version and timestamps."""

    model_config = ConfigDict(extra="ignore")

    version: int = Field(1, ge=1, description="Incremented on every update; send it back to update.")
    created_at: AwareDatetime = Field(default_factory=utc_now)
    updated_at: AwareDatetime = Field(default_factory=utc_now)


class Stored(Versioned):
    """An item owned by one account (the tenant)."""

    account_id: AccountId
