"""A Twilio caller simulator: places phone calls against the voice runtime exactly the way Twilio would.

It posts the signed incoming-call webhook, reads the TwiML, opens the Media Stream and speaks in turns
(speech-like bursts sized by the script's lines), echoing marks as playback reaches them and honouring
`clear`. Use `place_call` from tests and benchmarks, or the CLI:

    python -m local_platform.caller_simulator --to +15551230000 --line "Hi, I'd like to book a table."
"""

from __future__ import annotations

import argparse
import json
import sys
import wave
from collections.abc import Iterable
from typing import Any

from local_platform import event_loop
from local_platform.caller.call import SimulatedCall
from local_platform.caller.record import CallRecord, Line, Press, ScriptItem, Turn

__all__ = ["CallRecord", "Line", "Press", "ScriptItem", "SimulatedCall", "Turn", "main", "place_call"]

WEBHOOK_PATH = "/twilio/voice"
# Answers to the demo agent's questions. Only their length reaches the runtime (as sound); the local
# Realtime stand-in "hears" its own plausible answers, which are these.
DEFAULT_SCRIPT = ("Alex Morgan", "+1 415 555 0134", "I'd like to book an appointment.")


async def place_call(
    gateway_url: str,
    *,
    to: str,
    from_: str,
    auth_token: str,
    public_url: str | None = None,
    script: Iterable[ScriptItem] = (),
    **options: Any,
) -> CallRecord:
    """Place one call and play it to the end; `options` are SimulatedCall's keyword settings."""
    call = SimulatedCall(
        gateway_url, to=to, from_=from_, auth_token=auth_token, public_url=public_url, script=script, **options
    )
    return await call.run()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    script: list[ScriptItem] = [Line(text) for text in args.line or DEFAULT_SCRIPT]
    if args.barge_in_ms is not None and len(script) > 1:
        script[1] = Line(script[1].text, barge_in_after_ms=args.barge_in_ms)  # type: ignore[union-attr]
    if args.press:
        script.insert(1, Press(args.press))
    record = event_loop.run(
        place_call(
            args.gateway_url,
            to=args.to,
            from_=args.from_,
            auth_token=args.auth_token,
            public_url=args.public_url,
            script=script,
            stream_origin=args.stream_origin,
            keep_audio=bool(args.save_audio),
            max_call_seconds=args.max_seconds,
            on_progress=lambda text: print(f"  {text}", flush=True),
        )
    )
    if args.save_audio:
        _save_wav(args.save_audio, bytes(record.received_audio))
    print(json.dumps(record.summary(), indent=2))
    if args.api_url:
        _print_stored_call(args.api_url, record.call_sid)
    # "stream-closed": the runtime ended the stream (the agent hung up), as after an end_call
    return 0 if record.outcome in ("completed", "hung-up", "stream-closed") else 1


def _print_stored_call(api_url: str, call_sid: str) -> None:
    from local_platform.caller.stored_call import fetch_stored_call, format_call
    from vocadesk.settings import get_settings

    settings = get_settings()
    try:
        call = fetch_stored_call(api_url, settings.demo_email, settings.demo_password.get_secret_value(), call_sid)
    except Exception as error:  # the API is optional here: the call itself already happened
        print(f"  (could not read the stored call from {api_url}: {error})")
        return
    print(format_call(call) if call else f"  (call {call_sid} not stored yet; see GET {api_url}/v1/calls)")


def _parser() -> argparse.ArgumentParser:
    defaults = _local_defaults()
    parser = argparse.ArgumentParser(
        prog="python -m local_platform.caller_simulator", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--to", required=True, help="the number dialled (E.164), one of the platform's numbers")
    parser.add_argument("--from", dest="from_", default="+15555550100", help="the caller's number")
    parser.add_argument("--gateway-url", default=defaults["gateway_url"], help="where to POST the webhook")
    parser.add_argument("--public-url", default=defaults["public_url"], help="URL Twilio signs (default: gateway)")
    parser.add_argument(
        "--stream-origin", default=defaults["stream_origin"], help="connect the stream here (ws://host:port)"
    )
    parser.add_argument("--auth-token", default=defaults["auth_token"], help="Twilio auth token (signatures)")
    parser.add_argument("--line", action="append", help="a caller line; repeat for more (default: a short chat)")
    parser.add_argument("--barge-in-ms", type=int, help="say the second line over the agent, this long into it")
    parser.add_argument("--press", help="DTMF digits to press after the first line")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="hang up after this long")
    parser.add_argument("--save-audio", metavar="WAV", help="write what the agent said to this WAV file")
    parser.add_argument(
        "--api-url", default=defaults["api_url"], help="after the call, print it as stored (demo sign-in); '' skips"
    )
    return parser


def _local_defaults() -> dict[str, str | None]:
    """The local runtime from the shared settings (VOCADESK_VOICE_PORT, VOCADESK_TWILIO_AUTH_TOKEN, ...)."""
    from vocadesk.settings import get_settings

    settings = get_settings()
    host, port = getattr(settings, "voice_host", "127.0.0.1"), getattr(settings, "voice_port", 8090)
    public = (getattr(settings, "voice_public_url", "") or "").rstrip("/")
    token = getattr(settings, "twilio_auth_token", None)
    return {
        "gateway_url": f"http://{host}:{port}{WEBHOOK_PATH}",
        "public_url": f"{public}{WEBHOOK_PATH}" if public else None,
        "stream_origin": f"ws://{host}:{port}" if public else None,
        "auth_token": token.get_secret_value() if token is not None else "vocadesk-local-twilio-token",
        "api_url": f"http://{settings.gateway_host}:{settings.gateway_port}",
    }


def _save_wav(path: str, ulaw: bytes) -> None:
    from voice_container.audio import mulaw

    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(mulaw.decode(ulaw).astype("<i2").tobytes())


if __name__ == "__main__":
    sys.exit(main())
