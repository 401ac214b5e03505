"""After a call: call.ended (with its recording, or without when the upload fails) and then one complete
analysis with a seq above everything else, retried, falling back to the transcript's analysis."""

from __future__ import annotations

import asyncio

import pytest

from vocadesk.call_analysis import CallFacts, TranscriptLine
from vocadesk.events import CallAnalyzed, CallEnded, CallTranscript
from vocadesk.ids import new_id
from vocadesk.models.agents import Agent, Question
from vocadesk.models.calls import CallAnalysis, Channel, EndReason, Sentiment, Speaker
from voice_container.call.after_call import AfterCall, CallOutcome
from voice_container.call.context import CallContext
from voice_container.metrics import METRICS


class Published:
    """The publisher's interface, keeping what was emitted."""

    def __init__(self) -> None:
        self.events = []

    def emit(self, event) -> None:
        self.events.append(event)

    def of(self, kind):
        return [e for e in self.events if isinstance(e, kind)]


class Uploads:
    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.keys: list[str] = []

    async def upload(self, path: str, key: str, *, log_keys=None) -> bool:
        self.keys.append(key)
        return self.ok


class Analyzer:
    """Fails `failures` times, then answers."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls = 0

    async def analyze(self, facts: CallFacts) -> CallAnalysis:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("provider down")
        return CallAnalysis(summary="From the model.", sentiment=Sentiment.POSITIVE, captured_data=facts.captured)


@pytest.fixture
def call():
    account = new_id("acc")
    agent = Agent(
        account_id=account,
        client_id=new_id("cli"),
        name="Front desk",
        questions=[Question(key="name", prompt="Your name?"), Question(key="email", prompt="Your email?")],
    )
    return CallContext(
        call_id=new_id("call"), account_id=account, client_id=agent.client_id, agent=agent, channel=Channel.PHONE
    )


def outcome_of(call, after: AfterCall, *, recorded: bool) -> CallOutcome:
    call.event(CallTranscript, speaker=Speaker.CALLER, text="Alex", started_ms=0, ended_ms=1)  # seq 0 was used
    return CallOutcome(
        call,
        EndReason.AGENT_ENDED,
        2000,
        [TranscriptLine(Speaker.AGENT, "Your name?"), TranscriptLine(Speaker.CALLER, "Alex, thanks")],
        {"name": "Alex"},
        after.recorder_for(call) if recorded else None,
    )


def run(after: AfterCall, outcome: CallOutcome) -> None:
    async def scenario():
        after.call_ended(outcome)
        assert await after.wait(timeout=5)

    asyncio.run(scenario())


def make(tmp_path, published, uploads=None, analyzer=None, **options) -> AfterCall:
    return AfterCall(
        published,
        uploads or Uploads(),
        analyzer or Analyzer(),
        recordings_dir=str(tmp_path),
        analysis_backoff_seconds=0.001,
        **options,
    )


def test_a_recorded_call_ends_with_its_recording_then_its_analysis(tmp_path, call):
    published, uploads = Published(), Uploads()
    after = make(tmp_path, published, uploads)

    run(after, outcome_of(call, after, recorded=True))

    (ended,), (analyzed,) = published.of(CallEnded), published.of(CallAnalyzed)
    key = f"account/{call.account_id}/calls/{call.call_id}/recording.wav"
    assert uploads.keys == [key] and ended.recording.s3_key == key and ended.recording.duration_ms == 2000
    assert analyzed.seq > ended.seq > 0 and analyzed.analysis.summary == "From the model."
    assert list(tmp_path.iterdir()) == []  # the spool file is gone


def test_a_failed_upload_still_ends_the_call_without_the_recording(tmp_path, call):
    published = Published()
    after = make(tmp_path, published, Uploads(ok=False))
    failed_before = METRICS.recordings_failed

    run(after, outcome_of(call, after, recorded=True))

    (ended,) = published.of(CallEnded)
    assert ended.recording is None and ended.reason is EndReason.AGENT_ENDED and len(published.of(CallAnalyzed)) == 1
    assert METRICS.recordings_failed == failed_before + 1
    assert list(tmp_path.iterdir()) == []


def test_an_unrecorded_call_ends_at_once(tmp_path, call):
    published = Published()
    after = make(tmp_path, published)
    call.agent = call.agent.model_copy(update={"record_calls": False})
    assert after.recorder_for(call) is None

    async def scenario():
        after.call_ended(outcome_of(call, after, recorded=False))
        ended_before_any_wait = [type(e) for e in published.events]
        await after.wait(timeout=5)
        return ended_before_any_wait

    assert asyncio.run(scenario()) == [CallEnded]
    assert [type(e) for e in published.events] == [CallEnded, CallAnalyzed]


def test_a_failing_analyzer_is_retried(tmp_path, call):
    published, analyzer = Published(), Analyzer(failures=2)
    after = make(tmp_path, published, analyzer=analyzer)

    run(after, outcome_of(call, after, recorded=False))

    assert analyzer.calls == 3 and published.of(CallAnalyzed)[0].analysis.summary == "From the model."


def test_an_analyzer_that_keeps_failing_gives_way_to_the_transcripts_analysis(tmp_path, call):
    published, analyzer = Published(), Analyzer(failures=99)
    after = make(tmp_path, published, analyzer=analyzer, analysis_attempts=3)
    fallbacks_before = METRICS.analyses_fallback

    run(after, outcome_of(call, after, recorded=False))

    (analyzed,) = published.of(CallAnalyzed)
    assert analyzer.calls == 3 and METRICS.analyses_fallback == fallbacks_before + 1
    assert analyzed.analysis.captured_data == {"name": "Alex"} and analyzed.analysis.missing_answers == ["email"]
    assert analyzed.analysis.outcome == "incomplete" and analyzed.analysis.sentiment is Sentiment.POSITIVE


class Stuck(Uploads):
    async def upload(self, path: str, key: str, *, log_keys=None) -> bool:
        await asyncio.sleep(3600)
        return True


def test_a_drain_out_of_time_still_publishes_the_end_and_an_analysis(tmp_path, call):
    published = Published()
    after = make(tmp_path, published, Stuck())

    async def scenario():
        after.call_ended(outcome_of(call, after, recorded=True))
        return await after.wait(timeout=0.05)

    assert asyncio.run(scenario()) is False

    (ended,), (analyzed,) = published.of(CallEnded), published.of(CallAnalyzed)
    assert ended.recording is None and analyzed.seq > ended.seq
    assert analyzed.analysis.captured_data == {"name": "Alex"} and list(tmp_path.iterdir()) == []
