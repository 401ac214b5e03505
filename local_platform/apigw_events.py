"""HTTP request <-> API Gateway HTTP API (payload format 2.0) event and Lambda response, both ways.

Pure functions: the gateway feeds them a request's parts, tests feed them literals. The shapes follow
AWS's documented payload format 2.0 (see tests/events/apigw_http_v2.json).
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-www-form-urlencoded", "+json", "+xml")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    raw_query: str
    headers: Iterable[tuple[str, str]]
    body: bytes
    source_ip: str
    host: str
    proxy_path: str = ""
    route_key: str = "$default"
    claims: Mapping[str, Any] | None = None
    stage: str = "$default"
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def _is_text(content_type: str, body: bytes) -> bool:
    """A text type whose bytes really are UTF-8; anything else travels base64-encoded, losslessly."""
    if not any(marker in content_type for marker in TEXT_TYPES):
        return False
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


def to_event(request: HttpRequest) -> dict[str, Any]:
    """The event API Gateway would hand the Lambda for `request`."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        name = name.lower()
        if name == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    query: dict[str, str] = {}
    for name, value in parse_qsl(request.raw_query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value
    is_text = not request.body or _is_text(headers.get("content-type", "text/plain"), request.body)
    now = time.time()
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": request.route_key,
        "rawPath": request.path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": request.host,
            "domainPrefix": request.host.split(".")[0].split(":")[0],
            "http": {
                "method": request.method.upper(),
                "path": request.path,
                "protocol": "HTTP/1.1",
                "sourceIp": request.source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": request.request_id,
            "routeKey": request.route_key,
            "stage": request.stage,
            "time": datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now * 1000),
        },
        "body": (request.body.decode() if is_text else base64.b64encode(request.body).decode()) or None,
        "isBase64Encoded": not is_text,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if request.proxy_path:
        event["pathParameters"] = {"proxy": request.proxy_path}
    if request.claims is not None:
        # API Gateway hands JWT claims to the function as strings.
        claims = {k: v if isinstance(v, str) else str(v) for k, v in request.claims.items()}
        event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    if event["body"] is None:
        del event["body"]
    return event


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def from_result(result: Any) -> HttpResponse:
    """Turn a Lambda's return value into the HTTP response API Gateway would send.

    Payload 2.0 rules: a dict with `statusCode` is used as given; anything else is JSON with status 200.
    """
    if not (isinstance(result, dict) and "statusCode" in result):
        return HttpResponse(200, [("content-type", "application/json")], json.dumps(result).encode())
    headers = [(k.lower(), str(v)) for k, v in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers += [(name.lower(), str(v)) for v in values]
    headers += [("set-cookie", cookie) for cookie in result.get("cookies") or []]
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    return HttpResponse(int(result["statusCode"]), headers, raw)
