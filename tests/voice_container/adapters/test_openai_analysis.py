"""The OpenAI analysis adapter over the real SDK, answered by a mock transport: the structured-output request it
sends (model, strict JSON schema of ModelAnalysis, the transcript) and the typed analysis it makes of the answer."""

from __future__ import annotations

import asyncio
import json

import httpx2 as httpx
import pytest

from vocadesk.call_analysis import CallFacts, TranscriptLine
from vocadesk.ids import new_id
from vocadesk.models.agents import Agent, Question, QuestionType
from vocadesk.models.calls import Channel, EndReason, Sentiment, Speaker
from voice_container.adapters.openai_analysis import NoAnalysis, OpenAIAnalyzer

AGENT = Agent(
    account_id=new_id("acc"),
    client_id=new_id("cli"),
    name="Front desk",
    questions=[
        Question(key="name", prompt="Your name?"),
        Question(key="patients", prompt="How many patients?", type=QuestionType.NUMBER),
        Question(key="email", prompt="Your email?", type=QuestionType.EMAIL),
    ],
)
FACTS = CallFacts(
    agent=AGENT,
    channel=Channel.PHONE,
    reason=EndReason.AGENT_ENDED,
    duration_ms=61_000,
    turns=(
        TranscriptLine(Speaker.AGENT, "May I have your name?"),
        TranscriptLine(Speaker.CALLER, "Alex Morgan, booking for 2 people."),
    ),
    captured={"name": "Alex Morgan"},
)


def response_with(text: str) -> dict:
    """A Responses API answer (the shape the SDK parses), its output text being `text`."""
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1764400000,
        "status": "completed",
        "model": "gpt-4.1-mini",
        "output": [
            {
                "type": "message",
                "id": "msg_1",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }
        ],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": 10,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 10,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 20,
        },
    }


def analyzer_answering(text: str, requests: list) -> OpenAIAnalyzer:
    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=response_with(text))

    client = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    return OpenAIAnalyzer("sk-test", "gpt-4.1-mini", http_client=client)


def test_the_model_is_asked_for_a_strict_structured_analysis_and_its_answers_are_typed():
    requests: list[httpx.Request] = []
    answer = {
        "summary": "Alex Morgan booked a cleaning for two. The agent confirmed the time.",
        "sentiment": "positive",
        "sentiment_score": 1.7,
        "outcome": "appointment booked",
        "goals_met": True,
        "answers": [{"key": "name", "value": "Alex M."}, {"key": "patients", "value": "2"}],
    }

    analysis = asyncio.run(analyzer_answering(json.dumps(answer), requests).analyze(FACTS))

    (request,) = requests
    body = json.loads(request.content)
    assert request.url.path.endswith("/responses") and request.headers["authorization"] == "Bearer sk-test"
    assert body["model"] == "gpt-4.1-mini" and body["text"]["format"]["type"] == "json_schema"
    assert body["text"]["format"]["strict"] is True
    assert set(body["text"]["format"]["schema"]["required"]) == set(answer)
    assert "Caller: Alex Morgan, booking for 2 people." in body["input"][1]["content"]
    # The recorded answer wins over the model's, the number is a number, the missing email is listed
    assert analysis.captured_data == {"name": "Alex Morgan", "patients": 2}
    assert analysis.missing_answers == ["email"] and analysis.success is False
    assert (analysis.sentiment, analysis.sentiment_score, analysis.outcome) == (
        Sentiment.POSITIVE,
        1.0,
        answer["outcome"],
    )


def test_output_that_does_not_fit_the_schema_is_an_error_to_retry():
    with pytest.raises(ValueError):
        asyncio.run(analyzer_answering('{"summary": 3}', []).analyze(FACTS))


def test_a_refusal_is_no_analysis():
    def refuse(request: httpx.Request) -> httpx.Response:
        answer = response_with("")
        answer["output"][0]["content"] = [{"type": "refusal", "refusal": "I can't help with that."}]
        return httpx.Response(200, json=answer)

    analyzer = OpenAIAnalyzer(
        "sk-test", "gpt-4.1-mini", http_client=httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    )

    with pytest.raises(NoAnalysis):
        asyncio.run(analyzer.analyze(FACTS))
