"""Whether a page's origin is one an embed allows: exact scheme://host[:port], or `*.` for subdomains.

`https://*.example.com` allows `https://www.example.com` and `https://a.b.example.com`, not
`https://example.com` itself (list it too) and never another scheme or port. Browsers send origins in
lower case without a default port; so are allowed origins once validated (`vocadesk.models.fields`).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def normalise(origin: str) -> str | None:
    """`scheme://host[:port]` in lower case with default ports dropped; None if not an http(s) origin."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    suffix = f":{port}" if port and port != default else ""
    return f"{parts.scheme}://{parts.hostname}{suffix}"


def origin_allowed(origin: str | None, allowed: Iterable[str]) -> bool:
    page = normalise(origin or "")
    if page is None:
        return False
    scheme, _, rest = page.partition("://")
    for entry in allowed:
        if entry == page:
            return True
        entry_scheme, _, entry_rest = entry.partition("://")
        if entry_scheme == scheme and entry_rest.startswith("*."):
            suffix = entry_rest[1:]  # ".example.com[:port]"
            host_and_port = rest
            if host_and_port.endswith(suffix) and len(host_and_port) > len(suffix):
                return True
    return False
