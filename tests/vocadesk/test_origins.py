import pytest

from vocadesk.origins import origin_allowed

ALLOWED = ["https://www.example.com", "https://*.example.com", "http://localhost:3000"]


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://www.example.com", True),
        ("https://WWW.Example.com:443", True),  # browsers never send these, but they mean the same origin
        ("https://a.b.example.com", True),
        ("https://example.com", False),  # the wildcard is for subdomains only
        ("http://www.example.com", False),  # another scheme
        ("https://shop.example.com:8443", False),  # another port
        ("https://evil-example.com", False),
        ("https://example.com.evil.net", False),
        ("http://localhost:3000", True),
        ("http://localhost:3001", False),
        ("null", False),  # sandboxed frames and file:// pages
        ("", False),
        (None, False),
    ],
)
def test_origin_allowed(origin, allowed):
    assert origin_allowed(origin, ALLOWED) is allowed
