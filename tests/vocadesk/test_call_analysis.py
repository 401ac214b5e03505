"""Post-call analysis: the deterministic one from a scripted call, typed answers, the model's merged, and ingest
keeping exactly one analysis per call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vocadesk import call_analysis
from vocadesk.call_analysis import CallFacts, ModelAnalysis, ModelAnswer, TranscriptLine
from vocadesk.call_ingest import CallIngest
from vocadesk.events import CallAnalyzed, CallEnded, CallStarted
from vocadesk.models.agents import Question, QuestionType
from vocadesk.models.calls import CallAnalysis, Channel, EndReason, Sentiment, Speaker

T0 = datetime(2026, 11, 29, 10, tzinfo=UTC)
AGENT_SAYS, CALLER_SAYS = Speaker.AGENT, Speaker.CALLER


@pytest.fixture
def agent(tenant_a):
    return tenant_a.agent.model_copy(
        update={
            "name": "Bright Smile Dental",
            "questions": [
                Question(key="name", prompt="May I have your name?"),
                Question(key="new_patient", prompt="Are you a new patient?", type=QuestionType.YES_NO),
                Question(key="email", prompt="Your email?", type=QuestionType.EMAIL),
                Question(key="note", prompt="Anything else?", required=False),
            ],
        }
    )


def scripted(agent, *lines: tuple[Speaker, str], captured=None, reason=EndReason.AGENT_ENDED) -> CallFacts:
    turns = tuple(TranscriptLine(speaker, text) for speaker, text in lines)
    return CallFacts(agent, Channel.PHONE, reason, 95_400, turns, captured or {})


def test_a_scripted_call_gets_the_same_summary_and_sentiment_every_time(agent):
    facts = scripted(
        agent,
        (AGENT_SAYS, "Bright Smile Dental, how can I help?"),
        (CALLER_SAYS, "Hi, I'd like to book a cleaning please."),
        (AGENT_SAYS, "May I have your name?"),
        (CALLER_SAYS, "Alex Morgan. Thanks, that was quick and easy!"),
        captured={"name": "Alex Morgan", "new_patient": True},
    )

    analysis = call_analysis.from_transcript(facts)

    assert analysis == call_analysis.from_transcript(facts)
    assert analysis.summary == (
        "A caller reached Bright Smile Dental (phone call, 1 min 35 s). "
        'The caller first said "Hi, I\'d like to book a cleaning please." and spoke once more. '
        "Captured name: Alex Morgan, new_patient: yes; still missing email. "
        "The call ended when the agent closed the conversation."
    )
    assert (analysis.sentiment, analysis.sentiment_score) == (Sentiment.POSITIVE, 0.75)  # thanks, quick, easy
    assert analysis.captured_data == {"name": "Alex Morgan", "new_patient": True}
    assert (analysis.missing_answers, analysis.outcome, analysis.success) == (["email"], "incomplete", False)


@pytest.mark.parametrize(
    ("said", "sentiment"),
    [
        ("This is ridiculous, I have been waiting for an hour and nobody helps. Terrible.", Sentiment.NEGATIVE),
        ("I'm not happy with the bill.", Sentiment.NEGATIVE),
        ("No problem at all, that's great.", Sentiment.POSITIVE),
        ("My name is Alex and I live on Main Street.", Sentiment.NEUTRAL),
    ],
)
def test_sentiment_comes_from_the_callers_words(agent, said, sentiment):
    analysis = call_analysis.from_transcript(scripted(agent, (AGENT_SAYS, "Terrible weather!"), (CALLER_SAYS, said)))

    assert analysis.sentiment is sentiment  # the agent's words do not count


@pytest.mark.parametrize(
    ("lines", "reason", "outcome"),
    [
        ([], EndReason.CALLER_HANGUP, "no_conversation"),
        ([(CALLER_SAYS, "Hello?")], EndReason.PROVIDER_ERROR, "failed"),
        ([(CALLER_SAYS, "A person please")], EndReason.TRANSFERRED, "transferred"),
    ],
)
def test_the_outcome_says_how_the_call_ended_up(agent, lines, reason, outcome):
    analysis = call_analysis.from_transcript(scripted(agent, *lines, reason=reason))

    assert analysis.outcome == outcome and analysis.success is False


def test_answers_read_as_one_sentence(agent):
    facts = scripted(agent, (CALLER_SAYS, "Hi"), captured={"note": "Book me in, please!"})

    assert "Captured note: Book me in, please; still missing" in call_analysis.from_transcript(facts).summary


def test_a_call_without_a_word_from_the_caller_says_so(agent):
    analysis = call_analysis.from_transcript(scripted(agent, reason=EndReason.CALLER_HANGUP))

    assert "The caller did not speak. Still missing name, new_patient, email." in analysis.summary
    assert analysis.sentiment is Sentiment.NEUTRAL


def test_the_models_answers_are_typed_and_the_recorded_ones_win(agent):
    facts = scripted(agent, (CALLER_SAYS, "..."), captured={"name": "Alex Morgan"})
    model = ModelAnalysis(
        summary="  The caller booked.  ",
        sentiment=Sentiment.NEGATIVE,
        sentiment_score=-3,
        outcome="appointment booked",
        goals_met=True,
        answers=[
            ModelAnswer(key="name", value="Alex"),
            ModelAnswer(key="new_patient", value="yes"),
            ModelAnswer(key="email", value="alex@example.com"),
            ModelAnswer(key="made_up", value="x"),
        ],
    )

    analysis = call_analysis.from_model(facts, model)

    assert analysis.captured_data == {"name": "Alex Morgan", "new_patient": True, "email": "alex@example.com"}
    assert (analysis.summary, analysis.sentiment_score, analysis.missing_answers) == ("The caller booked.", -1.0, [])
    assert analysis.success is True


def test_the_prompt_carries_the_questions_answers_and_transcript(agent):
    system, user = call_analysis.prompt(scripted(agent, (CALLER_SAYS, "Alex here"), captured={"name": "Alex"}))

    assert "2 to 4 plain sentences" in system
    assert "Question [new_patient, yes_no, required]: Are you a new patient?" in user
    assert "Answers recorded during the call: name=Alex" in user and user.endswith("Caller: Alex here")


class NoRecordings:
    def exists(self, key: str) -> bool:
        return False


def test_ingest_keeps_one_analysis_per_call_the_latest(repos, tenant_a):
    ingest = CallIngest(repos.calls, repos.agents, NoRecordings())
    ids = tenant_a.new_call(at=T0)
    captured_only = CallAnalyzed(**ids, seq=5, occurred_at=T0, analysis=CallAnalysis(captured_data={"name": "Alex"}))
    complete = CallAnalyzed(
        **ids,
        seq=8,
        occurred_at=T0,
        analysis=CallAnalysis(
            summary="Done.", outcome="completed", captured_data={"name": "Alex"}, sentiment_score=0.5
        ),
    )
    ingest.ingest(CallStarted(**ids, seq=0, occurred_at=T0))
    ingest.ingest(CallEnded(**ids, seq=7, occurred_at=T0, reason=EndReason.AGENT_ENDED, duration_ms=1000))

    # Delivered twice, and an older analysis after it
    assert ingest.ingest(complete) is True
    assert ingest.ingest(complete) is False
    assert ingest.ingest(captured_only) is False

    stored = repos.calls.get(tenant_a.account_id, ids["call_id"]).analysis
    assert stored == complete.analysis
