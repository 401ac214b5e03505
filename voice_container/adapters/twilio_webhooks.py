"""Twilio's HTTP side: checking `X-Twilio-Signature` on the URL Twilio signed, and the TwiML we answer with.

Built on the twilio SDK's `RequestValidator` and `VoiceResponse`. Only those two light modules are imported
(about 5 ms over the stdlib they use, measured); `twilio.rest`, the heavy part, is never imported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Connect, VoiceResponse

__all__ = [
    "SIGNATURE_HEADER",
    "connect_stream",
    "dial",
    "join_conference",
    "public_url_of",
    "say_and_hang_up",
    "signature_is_valid",
]

SIGNATURE_HEADER = "X-Twilio-Signature"


def public_url_of(public_base_url: str, path: str, query: str | bytes = "") -> str:
    """The URL Twilio called (and signed), rebuilt behind a load balancer that rewrote scheme, host and port.

    `public_base_url` is where Twilio is configured to reach us (`https://voice.example.com`, optionally with a
    path prefix the proxy strips); `path` and `query` are what this process received, raw (still
    percent-encoded), because Twilio signs the URL byte for byte, query string included.
    """
    base = urlsplit(public_base_url)
    if not base.scheme or not base.netloc:
        raise ValueError(f"public base URL must be absolute, got {public_base_url!r}")
    if isinstance(query, bytes):
        query = query.decode("latin-1")  # ASGI's raw query_string; percent-encoded, so ASCII in practice
    query = query.removeprefix("?")
    full_path = base.path.rstrip("/") + "/" + path.lstrip("/")
    return urlunsplit((base.scheme, base.netloc, full_path, query, ""))


def signature_is_valid(
    auth_token: str, public_url: str, params: Mapping[str, str] | str, signature: str | None
) -> bool:
    """Whether `signature` is Twilio's HMAC-SHA1 of `public_url` and the POSTed form `params`.

    `params` is the parsed form (a multi-dict with `getlist` keeps repeated keys), `{}` for a GET or a
    WebSocket handshake, or the raw body for JSON requests signed with `bodySHA256`. Twilio is inconsistent
    about signing the default port; the validator tries the URL with and without it.
    """
    if not signature or not auth_token:
        return False
    validator = RequestValidator(auth_token)
    if validator.validate(public_url, params, signature):
        return True
    # The SDK adds port 80 to every non-https scheme, so a wss:// URL signed with :443 needs its own try.
    with_port = _wss_with_default_port(public_url)
    return with_port is not None and validator.validate(with_port, params, signature)


def connect_stream(
    stream_url: str,
    parameters: Mapping[str, str],
    *,
    status_callback: str | None = None,
    action: str | None = None,
) -> str:
    """TwiML opening a bidirectional Media Stream; `parameters` arrive in the `start` frame's customParameters.

    When the stream ends (the runtime closes the socket), Twilio requests `action` for what to do next.

    Twilio drops any query string from the stream URL, so one is refused here rather than lost silently.
    """
    parts = urlsplit(stream_url)
    if parts.scheme not in ("wss", "ws") or not parts.netloc:
        raise ValueError(f"a stream URL is an absolute wss:// URL, got {stream_url!r}")
    if parts.query or stream_url.endswith("?"):
        raise ValueError("Twilio ignores a query string on a stream URL: pass values as parameters")
    connect = Connect(action=action) if action else Connect()
    stream = connect.stream(url=stream_url, status_callback=status_callback)
    for name, value in parameters.items():
        stream.parameter(name=name, value=value)
    response = VoiceResponse()
    response.append(connect)
    return response.to_xml()


def say_and_hang_up(sentence: str, *, voice: str | None = None, language: str | None = None) -> str:
    """TwiML that reads `sentence` to the caller, then ends the call."""
    response = VoiceResponse()
    response.say(sentence, voice=voice, language=language)
    response.hangup()
    return response.to_xml()


def hang_up() -> str:
    """TwiML that ends the call."""
    response = VoiceResponse()
    response.hangup()
    return response.to_xml()


def dial(
    destination: str, *, caller_id: str | None, timeout_seconds: int, action: str, say_first: str | None = None
) -> str:
    """TwiML connecting the call to `destination` (E.164 `<Number>` or `<Sip>` URI), optionally after a `<Say>`.

    Twilio requests `action` when the dialled leg ends, with `DialCallStatus` (completed, answered, busy,
    no-answer, failed, canceled); its answer decides what the caller gets next.
    """
    response = VoiceResponse()
    if say_first:
        response.say(say_first)
    attributes = {"timeout": timeout_seconds, "action": action, "method": "POST"}
    if caller_id:
        attributes["caller_id"] = caller_id
    target = response.dial(**attributes)
    if destination.startswith("sip:"):
        target.sip(destination)
    else:
        target.number(destination)
    return response.to_xml()


def join_conference(
    name: str,
    *,
    say_first: str | None = None,
    start_on_enter: bool,
    end_on_exit: bool = True,
    wait_url: str | None = None,
    status_callback: str | None = None,
    status_callback_event: str | None = None,
) -> str:
    """TwiML putting the call into conference `name` (no beeps), optionally after a `<Say>`.

    A participant with `start_on_enter=False` waits (hearing `wait_url`, Twilio's hold music by default)
    until one that starts the conference joins. Twilio POSTs the conference's `status_callback_event`s
    (space-separated: start end join leave ...) to `status_callback`.
    """
    response = VoiceResponse()
    if say_first:
        response.say(say_first)
    conference = {"start_conference_on_enter": start_on_enter, "end_conference_on_exit": end_on_exit, "beep": False}
    if wait_url is not None:
        conference["wait_url"] = wait_url
    if status_callback:
        conference |= {"status_callback": status_callback, "status_callback_event": status_callback_event or "leave"}
    response.dial().conference(name, **conference)
    return response.to_xml()


def _wss_with_default_port(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "wss" or parts.port is not None or not parts.hostname:
        return None
    return urlunsplit(parts._replace(netloc=f"{parts.netloc}:443"))
