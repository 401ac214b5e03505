"""What follows a call once its media ended, off the call path (the hang-up never waits for it).

- `call.ended` is published at once for an unrecorded call; a recorded one is first finalized and uploaded
  (retried), then `call.ended` names it, or goes out without it if the upload kept failing: events are never
  lost for a recording.
- `call.analyzed` follows with the complete analysis (summary, sentiment, outcome, typed answers, missing
  ones): one per call, with a seq above every other event of the call, so ingest's highest-seq-wins keeps it.
  The analyzer is retried; if it keeps failing, the deterministic analysis from the transcript stands in.
Why here and not a Lambda on `call.ended`: the runtime holds the transcript and the answers in memory, so it
needs no read of turns that may not be ingested yet (delivery is unordered), and it still writes no table.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vocadesk import call_analysis
from vocadesk.call_analysis import Analyzer, CallFacts, TranscriptLine
from vocadesk.events import CallAnalyzed, CallEnded
from vocadesk.models.calls import CallAnalysis, CallLatency, CapturedValue, EndReason, Recording
from voice_container.metrics import METRICS
from voice_container.recording.recorder import CallRecorder, recorder_for
from voice_container.recording.uploader import RecordingUploader, recording_key
from voice_container.retry import GaveUp, with_retries

if TYPE_CHECKING:
    from vocadesk.settings import Settings
    from voice_container.adapters.event_publisher import EventPublisher
    from voice_container.call.context import CallContext

log = logging.getLogger(__name__)


@dataclass
class CallOutcome:
    call: CallContext
    reason: EndReason
    duration_ms: int
    turns: list[TranscriptLine] = field(default_factory=list)
    captured: dict[str, CapturedValue] = field(default_factory=dict)
    recorder: CallRecorder | None = None
    latency: CallLatency | None = None


class AfterCall:
    def __init__(
        self,
        publisher: EventPublisher,
        uploader: RecordingUploader,
        analyzer: Analyzer,
        *,
        recordings_dir: str | None = None,  # temp files of live calls; default: the system's temp dir
        analysis_attempts: int = 3,
        analysis_backoff_seconds: float = 1.0,  # doubled after every failed attempt
        analysis_timeout_seconds: float = 60.0,
    ) -> None:
        self.publisher = publisher
        self.uploader = uploader
        self.analyzer = analyzer
        self.recordings_dir = recordings_dir
        self.analysis_attempts = analysis_attempts
        self.analysis_backoff_seconds = analysis_backoff_seconds
        self.analysis_timeout_seconds = analysis_timeout_seconds
        self._work: set[asyncio.Task[None]] = set()

    @classmethod
    def from_settings(cls, settings: Settings, publisher: EventPublisher) -> AfterCall:
        from vocadesk import aws_clients

        uploader = RecordingUploader(settings.recordings_bucket, lambda: aws_clients.client("s3"))
        analyzer: Analyzer = call_analysis.TranscriptAnalyzer()
        if key := settings.openai_api_key.get_secret_value():
            from voice_container.adapters.openai_analysis import OpenAIAnalyzer

            analyzer = OpenAIAnalyzer(key, settings.analysis_model)
        return cls(publisher, uploader, analyzer)

    @property
    def pending(self) -> int:
        return len(self._work)

    def recorder_for(self, call: CallContext) -> CallRecorder | None:
        """A recorder for `call`, unless its agent does not record (or no temp file can be made)."""
        if not call.agent.record_calls:
            return None
        try:
            return recorder_for(call.channel, directory=self.recordings_dir, log_keys=call.log_keys())
        except OSError as error:
            log.error("call not recorded: %s", error, extra=call.log_keys())
            return None

    def call_ended(self, outcome: CallOutcome) -> None:
        """Publish the end of the call (now, or after its upload) and then its analysis, in the background."""
        if outcome.recorder is None:
            self._publish_ended(outcome, None)
        task = asyncio.get_running_loop().create_task(self._finish(outcome), name=f"after-{outcome.call.call_id}")
        self._work.add(task)
        task.add_done_callback(self._work.discard)

    async def wait(self, timeout: float) -> bool:
        """Until every ended call's work is done (True) or `timeout` passes (False): for draining."""
        if not self._work:
            return True
        _, pending = await asyncio.wait(set(self._work), timeout=timeout)
        if pending:  # cut short: each still publishes its end (without the recording) and a transcript analysis
            log.error("shutdown with %d calls' recordings or analyses unfinished", len(pending))
            for task in pending:
                task.cancel()
            await asyncio.wait(pending, timeout=1)
        return not pending

    async def _finish(self, outcome: CallOutcome) -> None:
        facts = _facts(outcome)
        analysis = asyncio.create_task(self._analyze(facts, outcome.call))
        ended, analyzed = outcome.recorder is None, False  # an unrecorded call's end is already out
        try:
            if not ended:
                recording = await self._store_recording(outcome)
                self._publish_ended(outcome, recording)
                ended = True
            self.publisher.emit(outcome.call.event(CallAnalyzed, analysis=await analysis))
            analyzed = True
        finally:  # cancelled (a drain out of time): the call's events still go out
            if not ended:
                self._publish_ended(outcome, None)
            if not analyzed:
                analysis.cancel()
                self.publisher.emit(outcome.call.event(CallAnalyzed, analysis=call_analysis.from_transcript(facts)))

    def _publish_ended(self, outcome: CallOutcome, recording: Recording | None) -> None:
        self.publisher.emit(
            outcome.call.event(
                CallEnded,
                reason=outcome.reason,
                duration_ms=outcome.duration_ms,
                recording=recording,
                latency=outcome.latency,
            )
        )

    async def _store_recording(self, outcome: CallOutcome) -> Recording | None:
        recorder, call = outcome.recorder, outcome.call
        assert recorder is not None
        began = time.monotonic()
        try:
            file = recorder.finish(outcome.duration_ms)
            key = recording_key(call.account_id, call.call_id)
            if file is None or not await self.uploader.upload(file.path, key, log_keys=call.log_keys()):
                METRICS.recordings_failed += 1
                return None
            METRICS.recordings_uploaded += 1
            METRICS.recording_upload_ms.observe((time.monotonic() - began) * 1000)
            return Recording(s3_key=key, duration_ms=file.duration_ms, format="wav")
        except Exception:  # whatever went wrong, the call's end is still published
            METRICS.recordings_failed += 1
            log.exception("recording not stored", extra=call.log_keys())
            return None
        finally:
            recorder.discard()

    async def _analyze(self, facts: CallFacts, call: CallContext) -> CallAnalysis:
        try:
            return await with_retries(
                lambda: self.analyzer.analyze(facts),
                what="analysis",
                attempts=self.analysis_attempts,
                backoff_seconds=self.analysis_backoff_seconds,
                timeout_seconds=self.analysis_timeout_seconds,
                log_keys=call.log_keys(),
            )
        except GaveUp:
            METRICS.analyses_fallback += 1
            log.error("analysis failed %d times; the transcript's analysis stands in", self.analysis_attempts)
            return call_analysis.from_transcript(facts)


def _facts(outcome: CallOutcome) -> CallFacts:
    call = outcome.call
    return CallFacts(
        agent=call.agent,
        channel=call.channel,
        reason=outcome.reason,
        duration_ms=outcome.duration_ms,
        turns=tuple(outcome.turns),
        captured=dict(outcome.captured),
    )
