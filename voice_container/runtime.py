"""The voice runtime's shared parts and the phone call lifecycle, from webhook to the end of the stream.

One `VoiceRuntime` per process holds what every call shares: settings, read-only repositories, the
provider, the event publisher, stream tokens, pre-warmed sessions, and the live calls (for draining).

Routing behind a load balancer: the webhook and the media socket of one call may reach different
tasks. The stream URL is built from `VOCADESK_VOICE_PUBLIC_URL`; a task that did not pre-warm the call
simply opens its provider session on `start` (the cold path, measured as `provider_connect_ms`), so a
call always works. To keep the warm path, give each task a routable public URL (for example one ALB
listener rule or NLB port per task, or ECS Service Connect in front of the tasks) and set it as that
task's `VOCADESK_VOICE_PUBLIC_URL`: the stream URL then leads back to the task that pre-warmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from vocadesk.call_routing import CallRefused, route_phone_call, route_to_agent
from vocadesk.call_tokens import CallTokens, parse_keys
from vocadesk.ids import new_id
from vocadesk.instructions import build as build_instructions
from vocadesk.models.calls import Channel, EndReason
from vocadesk.settings import Settings
from vocadesk.storage.repositories import Repositories
from voice_container.adapters import twilio_webhooks as twiml
from voice_container.adapters.event_publisher import EventPublisher
from voice_container.adapters.realtime_client import ProviderSession, ProviderUnavailable, RealtimeProvider
from voice_container.adapters.twilio_rest import TwilioRest
from voice_container.call.after_call import AfterCall
from voice_container.call.context import CallContext
from voice_container.call.latency import LatencyMeter
from voice_container.call.outbox import SOCKET_GONE
from voice_container.call.prewarm import Prewarmer
from voice_container.call.session import CallSession
from voice_container.call.stream_tokens import StreamGrant, StreamTokens, TokenRefused
from voice_container.call.transfer_policy import parse_prefixes
from voice_container.call.transfers import TransferDesk
from voice_container.call.twilio_link import HandshakeFailed, TwilioLink, wait_for_start
from voice_container.call.web_link import START_SECONDS, WebLink, refuse, wait_for_browser_start
from voice_container.call.web_tokens import WebRefused, WebTokens
from voice_container.metrics import METRICS
from voice_container.protocols import web_call
from voice_container.protocols.web_call import ErrorCode
from voice_container.realtime.session_config import greet, session_update

if TYPE_CHECKING:
    from collections.abc import Callable

    from starlette.websockets import WebSocket

    from vocadesk.models.agents import Agent
    from vocadesk.models.calls import Speaker
    from voice_container.call.caller_link import CallerLink

log = logging.getLogger(__name__)

AFTER_CALL_DRAIN_SECONDS = 300.0  # a drain waits this long for ended calls' uploads and analyses

SORRY = {
    "unknown_number": "Sorry, this number is not in service. Goodbye.",
    "no_agent": "Sorry, nobody can take your call right now. Please try again later. Goodbye.",
    "account_suspended": "Sorry, this line is not taking calls at the moment. Goodbye.",
    "busy": "Sorry, all our lines are busy. Please call again in a moment. Goodbye.",
    EndReason.PROVIDER_ERROR.value: "Sorry, our assistant is unavailable right now. Please call back later. Goodbye.",
}


class VoiceRuntime:
    def __init__(
        self,
        settings: Settings,
        repos: Repositories,
        provider: RealtimeProvider,
        publisher: EventPublisher,
        *,
        web_start_seconds: float = START_SECONDS,  # a browser socket without `start` by then is refused
        after_call: AfterCall | None = None,  # default: recordings to the settings' bucket, analysis per key
    ):
        self.settings = settings
        self.repos = repos
        self.provider = provider
        self.publisher = publisher
        self.after_call = after_call or AfterCall.from_settings(settings, publisher)
        key = settings.stream_token_secret.get_secret_value() or secrets.token_urlsafe(32)
        self.tokens = StreamTokens(key, ttl_seconds=settings.stream_token_ttl_seconds)
        self.prewarmer = Prewarmer(ttl_seconds=settings.stream_token_ttl_seconds)
        self.task_id = secrets.token_hex(4)
        self.public_url = settings.voice_public_url or f"http://{settings.voice_host}:{settings.voice_port}"
        self.calls: dict[asyncio.Task[EndReason], CallSession] = {}  # live calls: drained on SIGTERM, queues read
        self.draining = False
        self._answered: dict[str, tuple[Agent, float]] = {}  # call_id -> (agent, webhook time), this task's
        self._outcomes: OrderedDict[str, EndReason] = OrderedDict()  # CallSid -> how its stream ended
        keys = parse_keys(settings.call_token_keys.get_secret_value())
        self.web_tokens = WebTokens(CallTokens(keys) if keys else None)
        self.web_start_seconds = web_start_seconds
        self.transfers = TransferDesk(
            _twilio_rest(settings),
            publisher,
            allowed_prefixes=parse_prefixes(settings.transfer_allowed_prefixes),
            url=self.url,
            resume=self.resume_with_agent,
        )

    # -- phone: the incoming-call webhook ----------------------------------------------------------
    def url(self, path: str, *, websocket: bool = False) -> str:
        base = self.public_url.rstrip("/")
        if websocket:
            base = base.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        return base + path

    def signed_by_twilio(self, path: str, query: str, params: Mapping[str, str], signature: str | None) -> bool:
        url = twiml.public_url_of(self.public_url, path, query)
        return twiml.signature_is_valid(self.settings.twilio_auth_token.get_secret_value(), url, params, signature)

    async def answer_phone_call(self, params: Mapping[str, str]) -> str:
        """TwiML for an incoming call: connect its media stream (pre-warming the provider), or apologise."""
        received = time.monotonic()
        if self.draining:
            return twiml.say_and_hang_up(SORRY["busy"])
        called, caller, call_sid = params.get("To", ""), params.get("From"), params.get("CallSid")
        try:
            route = await asyncio.to_thread(route_phone_call, self.repos, called)
        except CallRefused as refused:
            METRICS.calls_refused += 1
            log.info("call to %s refused: %s", called, refused.reason.value)
            return twiml.say_and_hang_up(SORRY[refused.reason.value])
        return self._stream_to_agent(route.agent, route.account.id, caller, called, call_sid, received)

    def _stream_to_agent(
        self,
        agent: Agent,
        account_id: str,
        caller: str | None,
        called: str | None,
        call_sid: str | None,
        received: float,
        opening: str | None = None,
    ) -> str:
        call_id = new_id("call")
        grant = StreamGrant(
            call_id=call_id,
            account_id=account_id,
            client_id=agent.client_id,
            agent_id=agent.id,
            channel=Channel.PHONE.value,
            task_id=self.task_id,
            caller=caller,
            called=called,
            external_id=call_sid,
        )
        self._answered[call_id] = (agent, received)
        # A caller who hangs up while ringing never opens the stream: forget the call with its token.
        asyncio.get_running_loop().call_later(self.tokens.ttl_seconds + 5, self._answered.pop, call_id, None)
        self.prewarmer.start(call_id, lambda: self.open_provider(agent, Channel.PHONE, opening=opening))
        log.info("answering call %s to %s", call_id, called, extra={"call_id": call_id})
        return twiml.connect_stream(
            self.url("/twilio/media", websocket=True),
            {"token": self.tokens.issue(grant)},
            action=self.url("/twilio/stream-ended"),
        )

    def resume_with_agent(self, call: CallContext, opening: str) -> str:
        """TwiML putting a caller whose transfer nobody answered back with the agent, which opens with
        `opening` instead of its greeting. The resumed conversation is a new call (its own id, same CallSid)."""
        return self._stream_to_agent(
            call.agent, call.account_id, call.caller, call.called, call.external_id, time.monotonic(), opening
        )

    async def open_provider(self, agent: Agent, channel: Channel, *, opening: str | None = None) -> ProviderSession:
        """A configured provider session that is already producing the greeting (or `opening`'s response)."""
        session = await self.provider.connect()
        await session.send(session_update(agent, build_instructions(agent), channel))
        await session.send({"type": "response.create", "response": {"instructions": opening}} if opening else greet())
        return session

    def after_stream(self, call_sid: str | None) -> str:
        """TwiML once a call's stream ended: an apology if the provider failed, else hang up."""
        outcome = self._outcomes.pop(call_sid or "", None)
        if (handover := self.transfers.after_stream(call_sid)) is not None:  # a provider_error transfer rule
            return handover
        if outcome is EndReason.PROVIDER_ERROR:
            return twiml.say_and_hang_up(SORRY[outcome.value])
        return twiml.hang_up()

    # -- phone: the media socket --------------------------------------------------------------------
    async def run_phone_media(self, websocket: WebSocket) -> None:
        """Serve one Media Streams socket from `start` to the end of the call."""
        try:
            start = await wait_for_start(websocket)
            grant = self.tokens.redeem(start.custom_parameters.get("token"))
        except (HandshakeFailed, TokenRefused) as refused:
            log.warning("media socket refused: %s", refused)
            await websocket.close(code=1008)
            return
        agent, answered_at = self._answered.pop(grant.call_id, (None, None))
        if agent is None:  # the webhook was answered by another task: read the agent (and check the account)
            try:
                agent = (await asyncio.to_thread(route_to_agent, self.repos, grant.account_id, grant.agent_id)).agent
            except CallRefused:
                await websocket.close(code=1008)
                return
        call = CallContext(
            call_id=grant.call_id,
            account_id=grant.account_id,
            client_id=grant.client_id,
            agent=agent,
            channel=Channel.PHONE,
            caller=grant.caller,
            called=grant.called,
            external_id=grant.external_id,
        )
        await self._run_call(call, TwilioLink(websocket, start.stream_sid), answered_at)

    async def _run_call(self, call: CallContext, link: TwilioLink, answered_at: float | None) -> None:
        latency = LatencyMeter(call.media_started)
        try:
            session = await self._provider_for(call, latency)
        except ProviderUnavailable as error:
            log.error("provider unavailable: %s", error, extra=call.log_keys())
            METRICS.provider_errors += 1
            self._remember(call.external_id, EndReason.PROVIDER_ERROR)
            await self._publish_failed_call(call)
            self.transfers.provider_failed(call)
            await link.close()
            return

        call_session = self._session(call, link, session, answered_at=answered_at, latency=latency)
        reason = await self._live(call_session)
        if reason is EndReason.PROVIDER_ERROR:
            self.transfers.provider_failed(call)
        self._remember(call.external_id, reason)

    async def _provider_for(self, call: CallContext, latency: LatencyMeter) -> ProviderSession:
        """The call's provider session, pre-warmed or opened now, noting in `latency` how long the call waited
        for it. Raises ProviderUnavailable."""
        prewarmed = self.prewarmer.holds(call.call_id)
        began = time.monotonic()
        session = await self.prewarmer.claim(call.call_id, lambda: self.open_provider(call.agent, call.channel))
        latency.provider_ready(round((time.monotonic() - began) * 1000), prewarmed=prewarmed)
        return session

    def _session(
        self,
        call: CallContext,
        link: CallerLink,
        session: ProviderSession,
        *,
        answered_at: float | None,
        latency: LatencyMeter,
        on_turn: Callable[[Speaker, str], None] | None = None,
    ) -> CallSession:
        """The call's session, timing its first agent audio from `answered_at` (None: not this task's)."""

        def first_audio() -> None:
            if answered_at is not None:
                METRICS.first_audio_ms.observe((time.monotonic() - answered_at) * 1000)

        call_session = CallSession(
            call,
            link,
            session,
            self.publisher,
            max_seconds=self.settings.max_call_seconds,
            on_first_audio=first_audio,
            on_turn=on_turn,
            after_call=self.after_call,
            latency=latency,
        )
        call_session.transfers = self.transfers
        return call_session

    async def _live(self, call_session: CallSession) -> EndReason:
        """Run a call to its end, counted among the live calls a drain waits for."""
        task = asyncio.current_task()
        self.calls[task] = call_session  # type: ignore[index]
        try:
            return await call_session.run()
        finally:
            self.calls.pop(task, None)  # type: ignore[call-overload]

    async def _publish_failed_call(self, call: CallContext) -> None:
        from vocadesk.events import CallEnded, CallStarted

        self.publisher.emit(
            call.event(CallStarted, caller=call.caller, called=call.called, external_id=call.external_id)
        )
        self.publisher.emit(call.event(CallEnded, reason=EndReason.PROVIDER_ERROR, duration_ms=call.elapsed_ms()))

    def _remember(self, call_sid: str | None, reason: EndReason) -> None:
        if call_sid:
            self._outcomes[call_sid] = reason
            while len(self._outcomes) > 10_000:
                self._outcomes.popitem(last=False)

    # -- web and test calls: the browser socket ---------------------------------------------------------
    async def run_web_call(self, websocket: WebSocket) -> None:
        """Serve one browser socket (`WS /web`, docs/web-call-protocol.md) from `start` to `ended`."""
        try:
            call = await self._admit_web_call(websocket)
        except WebRefused as refused:
            METRICS.calls_refused += 1
            log.info("web call refused: %s (%s)", refused.code.value, refused.message)
            await refuse(websocket, refused)
            return
        if call is None:
            return  # the browser left before `start`
        latency = LatencyMeter(call.media_started)
        try:
            session = await self._provider_for(call, latency)
        except ProviderUnavailable as error:
            log.error("provider unavailable: %s", error, extra=call.log_keys())
            METRICS.provider_errors += 1
            await self._publish_failed_call(call)
            await refuse(websocket, WebRefused(ErrorCode.PROVIDER_UNAVAILABLE, "the assistant is unavailable"))
            return
        link = WebLink(websocket)

        # Web and test calls: the transfer desk offers a callback instead of dialling.
        call_session = self._session(
            call, link, session, answered_at=call.answered_at, latency=latency, on_turn=link.transcript
        )
        reason = EndReason.ERROR
        try:
            with contextlib.suppress(*SOCKET_GONE):  # if the browser left already, the session sees it hang up
                await websocket.send_text(web_call.ready(call.call_id, call.channel.value))
            reason = await self._live(call_session)
        except asyncio.CancelledError:
            reason = EndReason.SHUTDOWN
            raise
        finally:
            await link.finish(reason.value)

    async def _admit_web_call(self, websocket: WebSocket) -> CallContext | None:
        """The call a browser's `start` opens (None if it left first); WebRefused says why not. The token is
        only spent once the runtime would take the call, so a draining task leaves it usable elsewhere."""
        start = await wait_for_browser_start(websocket, timeout=self.web_start_seconds)
        if start is None:
            return None
        if self.draining:
            raise WebRefused(ErrorCode.BUSY, "this runtime is not taking new calls; try again")
        grant = self.web_tokens.admit(start.token, websocket.headers.get("origin")).grant
        try:
            route = await asyncio.to_thread(route_to_agent, self.repos, grant.account_id, grant.agent_id)
        except CallRefused as refused:
            raise WebRefused(ErrorCode.AGENT_UNAVAILABLE, "this assistant is not taking calls") from refused
        channel = Channel(grant.channel)
        return CallContext(
            call_id=new_id("call"),
            account_id=grant.account_id,
            client_id=route.agent.client_id,
            agent=route.agent,
            channel=channel,
            caller=grant.origin if channel is Channel.WEB else grant.user_id,
        )

    # -- lifecycle -------------------------------------------------------------------------------------
    async def drain(self, timeout: float) -> None:
        """Stop taking calls, let live ones finish (up to `timeout`), then publish every buffered event."""
        self.draining = True
        if self.calls:
            log.info("draining %d live calls (up to %.0f s)", len(self.calls), timeout)
            _, pending = await asyncio.wait(set(self.calls), timeout=timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=5)
        await self.after_call.wait(timeout=AFTER_CALL_DRAIN_SECONDS)  # recordings uploaded, analyses made
        await self.publisher.flush(timeout=10)

    def health(self) -> dict[str, object]:
        return {
            "status": "draining" if self.draining else "ok",
            "active_calls": METRICS.active_calls,
            **self.queue_depths(),
        }

    def queue_depths(self) -> dict[str, int]:
        """What waits right now: call events for the bus, calls' after-call work, unclaimed pre-warmed sessions,
        and the deepest per-call queues (caller frames for a slow provider, agent audio for a slow caller)."""
        sessions = list(self.calls.values())
        return {
            "events_pending": self.publisher.pending,
            "after_call_pending": self.after_call.pending,
            "prewarmed_sessions": self.prewarmer.waiting,
            "provider_queue_frames_max": max((session.to_provider.depth for session in sessions), default=0),
            "caller_queue_ms_max": max((session.link.queued_ms for session in sessions), default=0),
        }


def _twilio_rest(settings: Settings) -> TwilioRest | None:
    """The Twilio REST adapter transfers use; None (phone transfers refused) without an account SID."""
    if not settings.twilio_account_sid:
        return None
    token = settings.twilio_auth_token.get_secret_value()
    return TwilioRest(settings.twilio_account_sid, token, base_url=settings.twilio_api_url)
