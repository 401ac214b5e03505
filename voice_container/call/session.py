"""One live call: the caller on one side, the AI provider on the other, and the events in between.

A call is four tasks in one TaskGroup, each with one job; the first to finish ends them all:
- from_caller: caller audio -> provider queue (never waits on the provider), mark echoes -> playback clock;
- to_provider: the only writer to the provider socket (`ProviderOutbox`: in order, late frames merged);
- from_provider: provider events -> audio to the caller, barge-in, transcripts, tool calls;
- the caller link's pump: the only writer to the caller's socket.
Queues are bounded. Caller audio bound for a stalled provider keeps the newest `provider_queue_frames`
(older audio is stale for a live conversation; drops are counted). Agent audio for a stalled caller is
bounded by the link (see its `play`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vocadesk import call_tools
from vocadesk.events import CallAnalyzed, CallEnded, CallStarted, CallTranscript
from vocadesk.models.calls import CallAnalysis, EndReason, Speaker
from voice_container.adapters.event_publisher import EventPublisher
from voice_container.adapters.realtime_client import ProviderClosed, ProviderSession
from voice_container.call.after_call import AfterCall, CallOutcome, TranscriptLine
from voice_container.call.caller_link import CallerAudio, CallerLink, CallerText, KeyPressed, PlaybackReached
from voice_container.call.context import CallContext
from voice_container.call.latency import LatencyMeter
from voice_container.call.playback_clock import PlaybackClock
from voice_container.call.provider_outbox import ProviderOutbox
from voice_container.call.response_gate import ResponseGate
from voice_container.metrics import METRICS
from voice_container.realtime import server_events as provider

if TYPE_CHECKING:
    from voice_container.call.transfers import TransferDesk

log = logging.getLogger(__name__)

HANG_UP_GRACE_SECONDS = 15.0  # longest wait for the closing line to finish playing after end_call


class CallEnd(Exception):
    """Raised by a call task to end the call with `reason`."""

    def __init__(self, reason: EndReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass
class _AgentTurn:
    started_ms: int
    sent_ms: int = 0
    heard_ms: int | None = None  # set when the caller cut it short


class CallSession:
    def __init__(
        self,
        call: CallContext,
        link: CallerLink,
        session: ProviderSession,
        publisher: EventPublisher,
        *,
        max_seconds: float,
        provider_queue_frames: int = 250,  # 5 s of 20 ms frames
        on_first_audio: Callable[[], None] | None = None,
        on_turn: Callable[[Speaker, str], None] | None = None,  # each finished turn (a browser's live transcript)
        transfers: TransferDesk | None = None,  # hands the caller to a person (call/transfers.py)
        after_call: AfterCall | None = None,  # records the call, publishes its end and analysis
        latency: LatencyMeter | None = None,  # default: measured from the call's media start
    ) -> None:
        self.call = call
        self.link = link
        self.provider = session
        self.publisher = publisher
        self.max_seconds = max_seconds
        self.clock = PlaybackClock()
        self.latency = latency or LatencyMeter(call.media_started)
        self.to_provider = ProviderOutbox(session.send_text, max_items=provider_queue_frames, log_keys=call.log_keys())
        self.responses = ResponseGate(self.to_provider.event)
        self._agent_turns: dict[str, _AgentTurn] = {}
        self._caller_turns: dict[str, list[int]] = {}
        self._interrupted: set[str] = set()
        self._captured: dict[str, Any] = {}
        self._ending = False
        self._tasks: asyncio.TaskGroup | None = None
        self._on_first_audio = on_first_audio
        self._on_turn = on_turn
        self.after_call = after_call
        self.recorder = after_call.recorder_for(call) if after_call else None
        self._transcript: list[TranscriptLine] = []
        self.transfers = transfers
        self._recent: deque[tuple[Speaker, str]] = deque(maxlen=8)  # for a warm transfer's summary
        self._handlers: dict[type, Callable[[Any], Any]] = {
            provider.AudioDelta: self._on_audio,
            provider.AgentTranscript: self._on_agent_transcript,
            provider.SpeechStarted: self._on_speech_started,
            provider.SpeechStopped: self._on_speech_stopped,
            provider.CallerTranscript: self._on_caller_transcript,
            provider.FunctionCall: self._on_function_call,
            provider.ResponseCreated: lambda _: self.responses.created(),
            provider.ResponseDone: self._on_response_done,
            provider.ProviderError: self._on_provider_error,
            provider.SessionReady: lambda _: None,
        }

    # -- the call ---------------------------------------------------------------------------
    async def run(self) -> EndReason:
        """Run the call to its end and publish what happened; returns why it ended."""
        started = time.monotonic()
        self.publisher.emit(
            self.call.event(
                CallStarted, caller=self.call.caller, called=self.call.called, external_id=self.call.external_id
            )
        )
        METRICS.active_calls += 1
        METRICS.calls_started += 1
        reason = EndReason.ERROR
        try:
            async with asyncio.timeout(self.max_seconds):
                reason = await self._bridge()
        except TimeoutError:
            reason = EndReason.MAX_DURATION
            if self.transfers is not None:  # a `max_duration` rule transfers instead of hanging up
                reason = await self.transfers.at_time_limit(self) or reason
        except asyncio.CancelledError:
            reason = EndReason.SHUTDOWN
            raise
        finally:
            METRICS.active_calls -= 1
            await self.provider.close()
            await self.link.close()
            self._publish_unfinished_turns()
            duration_ms = int((time.monotonic() - started) * 1000)
            latency = self.latency.summary()
            if self.after_call is not None:  # recording upload, call.ended and the analysis, off the call path
                outcome = CallOutcome(
                    self.call, reason, duration_ms, self._transcript, self._captured, self.recorder, latency
                )
                self.after_call.call_ended(outcome)
            else:
                if self._captured:
                    analysis = CallAnalysis(captured_data=self._captured)
                    self.publisher.emit(self.call.event(CallAnalyzed, analysis=analysis))
                self.publisher.emit(self.call.event(CallEnded, reason=reason, duration_ms=duration_ms, latency=latency))
            log.info("call ended: %s after %d ms", reason.value, duration_ms, extra=self.call.log_keys())
        return reason

    async def _bridge(self) -> EndReason:
        try:
            async with asyncio.TaskGroup() as tasks:
                self._tasks = tasks
                tasks.create_task(self._from_caller())
                tasks.create_task(self.to_provider.pump())
                tasks.create_task(self._from_provider())
                tasks.create_task(self.link.pump())
        except BaseExceptionGroup as group:
            return self._reason_of(group)
        return EndReason.CALLER_HANGUP  # every task returned: the link closed first

    def _reason_of(self, group: BaseExceptionGroup) -> EndReason:
        ends = [e for e in _leaves(group) if isinstance(e, CallEnd)]
        if ends:
            return ends[0].reason
        if any(isinstance(e, ProviderClosed) for e in _leaves(group)):
            METRICS.provider_errors += 1
            return EndReason.PROVIDER_ERROR
        for error in _leaves(group):
            log.error("call task failed", exc_info=error, extra=self.call.log_keys())
        return EndReason.ERROR

    def end_after_playback(self, then: Callable[[], Awaitable[EndReason | None]] | None = None) -> None:
        """End the call once the agent's last words were heard (end_call, or a handover: `then` runs first
        and says why the call ends; None keeps it going, as when a transfer could not start)."""
        if not self._ending and self._tasks is not None:
            self._ending = True
            self._tasks.create_task(self._hang_up_when_heard(then))

    async def _hang_up_when_heard(self, then: Callable[[], Awaitable[EndReason | None]] | None = None) -> None:
        deadline = time.monotonic() + HANG_UP_GRACE_SECONDS
        await asyncio.sleep(0.2)  # the closing line's audio may still be on its way from the provider
        while self.clock.playing() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        reason = EndReason.AGENT_ENDED if then is None else await then()
        if reason is None:
            self._ending = False
            return
        raise CallEnd(reason)

    # -- caller -> provider -----------------------------------------------------------------
    async def _from_caller(self) -> None:
        async for event in self.link.inbound():
            if type(event) is CallerAudio:
                METRICS.frames_from_caller += 1
                if self.recorder is not None:
                    self.recorder.caller_audio(event.payload)
                self.to_provider.audio(event.payload)
            elif type(event) is PlaybackReached:
                self.clock.acknowledged(event.mark)
            elif type(event) is CallerText:
                self._on_caller_text(event.text)
            elif type(event) is KeyPressed:
                log.info("caller pressed %s", event.digit, extra=self.call.log_keys())
                if self.transfers is not None:
                    self.transfers.key_pressed(self, event.digit)
        raise CallEnd(EndReason.CALLER_HANGUP)

    # -- provider -> caller -----------------------------------------------------------------
    async def _from_provider(self) -> None:
        handlers = self._handlers
        async for event in self.provider.events():
            handlers[type(event)](event)

    def _on_audio(self, event: provider.AudioDelta) -> None:
        if event.item_id in self._interrupted:
            return  # the caller talked over this item: its remaining audio is never played
        duration = self.link.audio_ms(event.delta)
        turn = self._agent_turns.get(event.item_id)
        if turn is None:
            turn = self._agent_turns[event.item_id] = _AgentTurn(started_ms=self.call.elapsed_ms())
            self.latency.agent_began(event.item_id)
            if self._on_first_audio is not None:
                self._on_first_audio()
                self._on_first_audio = None
        turn.sent_ms += duration
        if self.link.play(event.delta, self.clock.sent(event.item_id, duration)):
            METRICS.frames_to_caller += 1
            if self.recorder is not None:
                self.recorder.agent_audio(event.item_id, event.delta)
        else:
            METRICS.frames_dropped_to_caller += 1

    def _on_caller_text(self, text: str) -> None:
        """A typed turn: its own transcript (no transcription event comes), and, like speech, it cuts the agent
        short; the answer waits for the cut response's end (the gate)."""
        now = self.call.elapsed_ms()
        self._publish_turn(Speaker.CALLER, text, now, now, interrupted=False)
        self.latency.caller_started()
        self._cut_agent()
        if self.responses.active:
            self.to_provider.event({"type": "response.cancel"})
        self.latency.caller_finished()
        self.to_provider.event(provider.user_text(text))
        self.responses.request(provider.respond())

    def _on_speech_started(self, event: provider.SpeechStarted) -> None:
        self._caller_turns[event.item_id] = [event.audio_start_ms, event.audio_start_ms]
        self.latency.caller_started()
        self._cut_agent()

    def _cut_agent(self) -> None:
        """Barge-in: the caller's playback cleared, the rest of the item dropped, the model told what was heard."""
        item_id = self.clock.item_id
        if item_id is None or not self.clock.playing():
            return
        began = time.perf_counter()
        heard = self._drop_agent_audio(on_sent=self.latency.barged_in())
        self.to_provider.event(provider.truncate(item_id, heard))
        if item_id in self._agent_turns:
            self._agent_turns[item_id].heard_ms = heard
        METRICS.barge_ins += 1
        METRICS.barge_in_ms.observe((time.perf_counter() - began) * 1000)

    def _drop_agent_audio(self, on_sent: Callable[[], None] | None = None) -> int:
        """The current item's queued audio dropped at the far end, its late audio ignored here, and what was not
        heard left out of the recording too; returns how much of it was heard (ms)."""
        item_id = self.clock.item_id
        if item_id is not None:
            self._interrupted.add(item_id)
        heard = self.clock.cleared()
        self.link.clear(on_sent=on_sent)
        if self.recorder is not None:
            self.recorder.agent_cut(heard)
        return heard

    def _on_speech_stopped(self, event: provider.SpeechStopped) -> None:
        self._caller_turns.setdefault(event.item_id, [event.audio_end_ms, event.audio_end_ms])[1] = event.audio_end_ms
        self.latency.caller_finished()

    def _on_caller_transcript(self, event: provider.CallerTranscript) -> None:
        start, end = self._caller_turns.pop(event.item_id, [self.call.elapsed_ms()] * 2)
        if event.transcript.strip():
            self._publish_turn(Speaker.CALLER, event.transcript, start, max(end, start), interrupted=False)

    def _on_agent_transcript(self, event: provider.AgentTranscript) -> None:
        turn = self._agent_turns.pop(event.item_id, None) or _AgentTurn(started_ms=self.call.elapsed_ms())
        heard = turn.sent_ms if turn.heard_ms is None else turn.heard_ms
        if event.transcript.strip():
            self._publish_turn(
                Speaker.AGENT,
                event.transcript,
                turn.started_ms,
                turn.started_ms + heard,
                interrupted=turn.heard_ms is not None,
            )

    def _publish_turn(self, speaker: Speaker, text: str, started_ms: int, ended_ms: int, *, interrupted: bool) -> None:
        if self._on_turn is not None:
            self._on_turn(speaker, text)
        self._transcript.append(TranscriptLine(speaker, text[:10_000]))
        self._recent.append((speaker, text))
        self.publisher.emit(
            self.call.event(
                CallTranscript,
                speaker=speaker,
                text=text[:10_000],
                started_ms=max(0, started_ms),
                ended_ms=max(0, ended_ms),
                interrupted=interrupted,
            )
        )

    def _publish_unfinished_turns(self) -> None:
        """Agent audio whose transcript never came (the call ended mid-sentence) is still a turn."""
        for turn in self._agent_turns.values():
            if turn.sent_ms:
                self._publish_turn(
                    Speaker.AGENT, "(audio cut off)", turn.started_ms, turn.started_ms + turn.sent_ms, interrupted=True
                )
        self._agent_turns.clear()

    def _on_response_done(self, event: provider.ResponseDone) -> None:
        if event.status == "cancelled":
            log.debug("response %s cancelled", event.response_id, extra=self.call.log_keys())
        self.responses.done()

    def _on_provider_error(self, event: provider.ProviderError) -> None:
        self.responses.refused(event.code)
        METRICS.provider_errors += 1
        log.warning("provider error %s: %s", event.code, event.message, extra=self.call.log_keys())

    # -- tools --------------------------------------------------------------------------------
    def _on_function_call(self, event: provider.FunctionCall) -> None:
        agent = self.call.agent
        if event.name == call_tools.END_CALL:
            self.to_provider.event(provider.function_output(event.call_id, {"ok": True}))
            self.end_after_playback()
            return
        if event.name == call_tools.RECORD_ANSWER:
            key = str(event.arguments.get("key", ""))
            value = call_tools.captured_value(agent, key, event.arguments.get("value", ""))
            if value is None:
                output: dict[str, Any] = {"ok": False, "error": f"no question with key {key!r}"}
            else:
                self._captured[key] = value
                output = {"ok": True}
        elif event.name == call_tools.TRANSFER_CALL:
            output = self._transfer(event.arguments)
            if output.get("transferring"):  # the handover line is being said: no further response
                self.to_provider.event(provider.function_output(event.call_id, output))
                return
        else:
            output = {"ok": False, "error": f"unknown function {event.name!r}"}
        self.to_provider.event(provider.function_output(event.call_id, output))
        self.responses.request(provider.respond())

    def _transfer(self, arguments: dict[str, Any]) -> dict[str, Any]:
        if self.transfers is None:
            return {"ok": False, "error": "nobody can take the call right now; offer to take a message"}
        rule_id, reason = str(arguments.get("rule_id", "")), str(arguments.get("reason", ""))
        return self.transfers.requested(self, rule_id, reason, str(arguments.get("callback_number") or ""))

    # -- for the transfer desk ------------------------------------------------------------------
    def hush(self) -> None:
        """Stop the agent mid-sentence (the caller pressed 0): cancel its response and drop queued audio."""
        self._drop_agent_audio()
        self.to_provider.event({"type": "response.cancel"})

    def say(self, instructions: str) -> None:
        """Ask the model for one response following `instructions` (a transfer that could not start)."""
        self.responses.request({"type": "response.create", "response": {"instructions": instructions}})

    def capture(self, key: str, value: Any) -> None:
        self._captured[key] = value

    def captured(self) -> dict[str, Any]:
        return dict(self._captured)

    def recent_turns(self) -> list[tuple[Speaker, str]]:
        return list(self._recent)


def _leaves(group: BaseExceptionGroup) -> list[BaseException]:
    leaves: list[BaseException] = []
    for error in group.exceptions:
        leaves += _leaves(error) if isinstance(error, BaseExceptionGroup) else [error]
    return leaves
