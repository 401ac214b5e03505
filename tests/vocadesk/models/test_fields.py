import pytest
from pydantic import TypeAdapter, ValidationError

from vocadesk.models.fields import E164, Destination, Origin

origin = TypeAdapter(Origin)
e164 = TypeAdapter(E164)
destination = TypeAdapter(Destination)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("https://www.example.com", "https://www.example.com"),
        ("https://Example.COM/", "https://example.com"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("https://*.example.com", "https://*.example.com"),
    ],
)
def test_valid_origins_are_normalised(raw, normalised):
    assert origin.validate_python(raw) == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "example.com",
        "ftp://example.com",
        "https://example.com/path",
        "https://example.com?x=1",
        "https://user@example.com",
        "https://*.com",
        "https://www.*.example.com",
        "https://exa mple.com",
        "",
    ],
)
def test_origins_that_are_not_scheme_host_port_are_refused(raw):
    with pytest.raises(ValidationError, match="scheme://host"):
        origin.validate_python(raw)


@pytest.mark.parametrize("raw", ["+14155550123", "+442071838750", "+4930123456"])
def test_e164_numbers_are_accepted(raw):
    assert e164.validate_python(raw) == raw


@pytest.mark.parametrize("raw", ["4155550123", "+0123456789", "+1 415 555 0123", "+1415555012345678", "+1"])
def test_numbers_not_in_e164_are_refused(raw):
    with pytest.raises(ValidationError):
        e164.validate_python(raw)


def test_transfer_destinations_are_numbers_or_sip_uris():
    assert destination.validate_python("sip:frontdesk@pbx.example.com") == "sip:frontdesk@pbx.example.com"
    assert destination.validate_python("+14155550123") == "+14155550123"
    with pytest.raises(ValidationError):
        destination.validate_python("frontdesk@pbx.example.com")
