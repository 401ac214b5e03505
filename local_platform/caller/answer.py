"""Twilio's incoming-call webhook, as Twilio sends it, and how Twilio reads the TwiML that answers it.

Pure: builds the form fields and headers, parses the answer. The network is `call.py`'s business.
"""

from __future__ import annotations

import secrets
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from twilio.request_validator import RequestValidator

API_VERSION = "2010-04-01"
USER_AGENT = "TwilioProxy/1.1"  # what Twilio's webhook requests carry
STREAM_USER_AGENT = "Twilio.TmeWs/1.0"  # what its Media Streams handshakes carry
_PLACES = ("City", "State", "Zip", "Country")


def new_sid(prefix: str) -> str:
    """A Twilio-shaped SID: two letters and 32 hex digits (CA call, AC account, MZ stream)."""
    return prefix + secrets.token_hex(16)


def incoming_call_params(*, call_sid: str, account_sid: str, to: str, from_: str) -> dict[str, str]:
    """The form of a ringing inbound call. Geographic fields are sent even when Twilio knows nothing (empty)."""
    params = {
        "AccountSid": account_sid,
        "ApiVersion": API_VERSION,
        "CallSid": call_sid,
        "CallStatus": "ringing",
        "Called": to,
        "Caller": from_,
        "Direction": "inbound",
        "From": from_,
        "To": to,
    }
    for party, number in (("From", from_), ("Caller", from_), ("To", to), ("Called", to)):
        for place in _PLACES:
            params[party + place] = "US" if place == "Country" and number.startswith("+1") else ""
    return dict(sorted(params.items()))


def signed_headers(auth_token: str, signed_url: str, params: Mapping[str, str]) -> dict[str, str]:
    """Headers of a webhook request: `X-Twilio-Signature` is over the URL Twilio was configured with."""
    return {
        "X-Twilio-Signature": RequestValidator(auth_token).compute_signature(signed_url, params),
        "User-Agent": USER_AGENT,
        "Accept": "*/*",
        "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
    }


def stream_headers(auth_token: str, stream_url: str) -> dict[str, str]:
    """The Media Streams handshake is signed too: over the stream URL, with no parameters."""
    return {"X-Twilio-Signature": RequestValidator(auth_token).compute_signature(stream_url, {})}


@dataclass
class Answer:
    """What Twilio would do with the TwiML: say things, then hang up, reject, or open a stream."""

    said: list[str] = field(default_factory=list)
    stream_url: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    status_callback: str | None = None
    ends_with: str = "end"  # "stream", "hangup", "reject" or "end" (the document ran out)
    unsupported: list[str] = field(default_factory=list)


class BadTwiml(ValueError):
    """Twilio would say "an application error has occurred" (error 12100: document parse failure)."""


def read_twiml(text: str) -> Answer:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise BadTwiml(f"not XML: {error}") from None
    if root.tag != "Response":
        raise BadTwiml(f"root element is <{root.tag}>, not <Response>")
    answer = Answer()
    for verb in root:
        if verb.tag == "Say":
            answer.said.append((verb.text or "").strip())
        elif verb.tag in ("Hangup", "Reject"):
            answer.ends_with = verb.tag.lower()
            return answer
        elif verb.tag == "Connect" and (stream := verb.find("Stream")) is not None:
            if not stream.get("url"):
                raise BadTwiml("<Stream> without a url")
            answer.stream_url = stream.get("url")
            answer.status_callback = stream.get("statusCallback")
            answer.parameters = {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}
            answer.ends_with = "stream"
            return answer
        else:
            answer.unsupported.append(verb.tag)
    return answer


def without_query(url: str) -> str:
    """Twilio ignores a query string on a `<Stream>` url."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query="", fragment=""))


def rebase(url: str, origin: str | None) -> str:
    """`url` with its scheme and host replaced by `origin` (`ws://127.0.0.1:8090`): reach a local runtime
    through the public URL the TwiML names, as if a load balancer stood in between."""
    if not origin:
        return url
    target, parts = urlsplit(origin), urlsplit(url)
    path = target.path.rstrip("/") + parts.path
    return urlunsplit((target.scheme, target.netloc, path, parts.query, ""))
