"""Signature checks on the URL Twilio signed (also behind a proxy), and the exact TwiML we answer with."""

import pytest
from twilio.request_validator import RequestValidator

from voice_container.adapters.twilio_webhooks import (
    connect_stream,
    public_url_of,
    say_and_hang_up,
    signature_is_valid,
)

# The worked example of Twilio's security docs ("Validating Requests are coming from Twilio").
DOC_TOKEN = "12345"
DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
DOC_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
DOC_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def sign(url, params, token=DOC_TOKEN):
    return RequestValidator(token).compute_signature(url, params)


def test_the_docs_example_is_valid():
    assert signature_is_valid(DOC_TOKEN, DOC_URL, DOC_PARAMS, DOC_SIGNATURE)


@pytest.mark.parametrize(
    ("token", "url", "params", "signature"),
    [
        ("54321", DOC_URL, DOC_PARAMS, DOC_SIGNATURE),  # another account's token
        (DOC_TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=3", DOC_PARAMS, DOC_SIGNATURE),  # query changed
        (DOC_TOKEN, "https://mycompany.com/myapp.php", DOC_PARAMS, DOC_SIGNATURE),  # query dropped
        (DOC_TOKEN, "http://mycompany.com/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE),  # scheme as seen by app
        (DOC_TOKEN, DOC_URL, {**DOC_PARAMS, "Digits": "9"}, DOC_SIGNATURE),  # a field forged
        (DOC_TOKEN, DOC_URL, {**DOC_PARAMS, "Extra": ""}, DOC_SIGNATURE),  # a field added
        (DOC_TOKEN, DOC_URL, DOC_PARAMS, ""),
        (DOC_TOKEN, DOC_URL, DOC_PARAMS, None),
        ("", DOC_URL, DOC_PARAMS, DOC_SIGNATURE),
    ],
)
def test_anything_else_is_invalid(token, url, params, signature):
    assert not signature_is_valid(token, url, params, signature)


def test_a_signature_over_the_default_port_is_accepted_without_it_and_back():
    with_port = sign("https://mycompany.com:443/myapp.php?foo=1&bar=2", DOC_PARAMS)

    assert signature_is_valid(DOC_TOKEN, DOC_URL, DOC_PARAMS, with_port)
    assert signature_is_valid(DOC_TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", DOC_PARAMS, DOC_SIGNATURE)


def test_a_websocket_handshake_is_signed_over_its_url_alone():
    url = "wss://voice.example.com/twilio/stream"

    assert signature_is_valid(DOC_TOKEN, url, {}, sign(url, {}))
    assert signature_is_valid(DOC_TOKEN, url, {}, sign("wss://voice.example.com:443/twilio/stream", {}))
    assert not signature_is_valid(DOC_TOKEN, "wss://voice.example.com/twilio/other", {}, sign(url, {}))


def test_repeated_form_keys_are_all_signed():
    class MultiDict(dict):
        def getlist(self, key):
            return ["b", "a"] if key == "Tag" else [self[key]]

    params = MultiDict(Tag="a", CallSid="CA1")
    signature = RequestValidator(DOC_TOKEN).compute_signature(DOC_URL, params)

    assert signature_is_valid(DOC_TOKEN, DOC_URL, params, signature)
    assert not signature_is_valid(DOC_TOKEN, DOC_URL, {"Tag": "a", "CallSid": "CA1"}, signature)


# Behind the load balancer the runtime sees http://10.0.3.7:8080/twilio/voice?agent=a%2Fb; Twilio signed the public URL.


def test_the_public_url_is_rebuilt_from_the_configured_base_and_the_raw_path_and_query():
    assert public_url_of("https://voice.example.com", "/twilio/voice", "agent=a%2Fb&x=1") == (
        "https://voice.example.com/twilio/voice?agent=a%2Fb&x=1"
    )


@pytest.mark.parametrize(
    ("base", "path", "query", "expected"),
    [
        ("https://voice.example.com/", "/twilio/voice", "", "https://voice.example.com/twilio/voice"),
        ("https://voice.example.com", "twilio/voice", b"a=1", "https://voice.example.com/twilio/voice?a=1"),
        ("https://voice.example.com", "/twilio/voice", "?a=1", "https://voice.example.com/twilio/voice?a=1"),
        ("https://example.com/voice", "/twilio/voice", "", "https://example.com/voice/twilio/voice"),
        ("https://voice.example.com:8443", "/t", "", "https://voice.example.com:8443/t"),
        ("https://voice.example.com", "/t/", "b=2&a=1", "https://voice.example.com/t/?b=2&a=1"),
    ],
)
def test_the_public_url_keeps_prefixes_ports_and_the_query_order(base, path, query, expected):
    assert public_url_of(base, path, query) == expected


def test_a_request_behind_the_proxy_validates_against_the_public_url_only():
    public = "https://voice.example.com/twilio/voice?agent=a%2Fb"
    signature = sign(public, DOC_PARAMS)

    rebuilt = public_url_of("https://voice.example.com", "/twilio/voice", b"agent=a%2Fb")

    assert signature_is_valid(DOC_TOKEN, rebuilt, DOC_PARAMS, signature)
    assert not signature_is_valid(DOC_TOKEN, "http://10.0.3.7:8080/twilio/voice?agent=a%2Fb", DOC_PARAMS, signature)


def test_a_relative_base_url_is_refused():
    with pytest.raises(ValueError, match="absolute"):
        public_url_of("voice.example.com", "/twilio/voice")


def test_connect_stream_is_a_bidirectional_stream_with_parameters():
    twiml = connect_stream("wss://voice.example.com/twilio/stream", {"token": "t.1", "note": 'a&b<"c">'})

    assert twiml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Connect>'
        '<Stream url="wss://voice.example.com/twilio/stream">'
        '<Parameter name="token" value="t.1" />'
        '<Parameter name="note" value="a&amp;b&lt;&quot;c&quot;&gt;" />'
        "</Stream></Connect></Response>"
    )


def test_connect_stream_with_a_status_callback():
    twiml = connect_stream("wss://v.example.com/s", {}, status_callback="https://v.example.com/twilio/stream-status")

    assert twiml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Connect>'
        '<Stream statusCallback="https://v.example.com/twilio/stream-status" url="wss://v.example.com/s" />'
        "</Connect></Response>"
    )


@pytest.mark.parametrize(
    "url", ["wss://v.example.com/s?token=1", "wss://v.example.com/s?", "https://v.example.com/s", "/twilio/stream"]
)
def test_connect_stream_refuses_urls_twilio_would_mangle(url):
    with pytest.raises(ValueError):
        connect_stream(url, {})


def test_say_and_hang_up():
    assert say_and_hang_up("Sorry, this number is not in service.") == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        "<Say>Sorry, this number is not in service.</Say><Hangup /></Response>"
    )


def test_say_and_hang_up_with_a_voice_and_language_escapes_the_sentence():
    assert say_and_hang_up("Tom & Jerry <3", voice="Polly.Joanna", language="en-US") == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Say language="en-US" voice="Polly.Joanna">Tom &amp; Jerry &lt;3</Say><Hangup /></Response>'
    )
