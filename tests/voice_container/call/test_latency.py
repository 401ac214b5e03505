"""The latency meter on a controlled clock: which moments make a greeting, an answer, a barge-in's stop."""

from __future__ import annotations

import random

from voice_container.call.latency import LatencyMeter, Samples


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms / 1000


def meter(time: FakeTime, **options) -> LatencyMeter:
    return LatencyMeter(time.now, clock=time, **options)


def test_the_greeting_is_the_first_agent_audio_after_the_media_started():
    time = FakeTime()
    latency = meter(time)
    latency.provider_ready(120, prewarmed=False)

    time.advance(850)
    latency.agent_began("item_greeting")
    time.advance(3000)
    latency.agent_began("item_notice")  # a second sentence nobody asked for: neither greeting nor answer

    summary = latency.summary()
    assert (summary.greeting_ms, summary.provider_connect_ms, summary.prewarmed) == (850, 120, False)
    assert summary.response_ms is None and summary.barge_ins == 0 and summary.barge_in_ms is None


def test_an_answer_is_timed_from_the_callers_last_end_of_turn_to_its_first_audio():
    time = FakeTime()
    latency = meter(time)
    latency.agent_began("item_greeting")

    for answer_ms in (400, 900, 650):
        latency.caller_started()
        time.advance(1500)
        latency.caller_finished()
        time.advance(answer_ms)
        latency.agent_began(f"item_{answer_ms}")

    answers = latency.summary().response_ms
    assert answers is not None
    assert (answers.count, answers.p50_ms, answers.p95_ms, answers.max_ms) == (3, 650, 900, 900)


def test_speaking_again_before_the_answer_restarts_the_wait():
    time = FakeTime()
    latency = meter(time)
    latency.agent_began("item_greeting")

    latency.caller_finished()
    time.advance(300)
    latency.caller_started()  # "... and also"
    time.advance(1000)
    latency.caller_finished()
    time.advance(500)
    latency.agent_began("item_answer")

    answers = latency.summary().response_ms
    assert answers is not None and (answers.count, answers.max_ms) == (1, 500)


def test_the_same_item_again_and_speech_that_never_ended_are_not_answers():
    time = FakeTime()
    latency = meter(time)
    latency.agent_began("item_greeting")

    latency.caller_finished()
    time.advance(400)
    latency.agent_began("item_answer")
    latency.caller_finished()
    time.advance(200)
    latency.agent_began("item_answer")  # its audio outlived its transcript: still the same answer
    latency.caller_started()
    latency.agent_began("item_other")  # the caller is still talking: nothing waited for this

    answers = latency.summary().response_ms
    assert answers is not None and (answers.count, answers.max_ms) == (1, 400)


def test_what_the_caller_said_before_the_greeting_is_not_answered_by_it():
    time = FakeTime()
    latency = meter(time)

    time.advance(200)
    latency.caller_finished()  # "hello?" while the provider was still connecting
    time.advance(600)
    latency.agent_began("item_greeting")
    time.advance(100)
    latency.agent_began("item_notice")

    summary = latency.summary()
    assert summary.greeting_ms == 800 and summary.response_ms is None


def test_a_barge_in_is_timed_until_its_stop_was_written_and_counted_even_if_never_written():
    time = FakeTime()
    latency = meter(time)

    written = latency.barged_in()
    time.advance(30)
    written()
    latency.barged_in()  # the caller hung up before this one's clear went out

    summary = latency.summary()
    assert summary.barge_ins == 2
    assert summary.barge_in_ms is not None
    assert (summary.barge_in_ms.count, summary.barge_in_ms.p50_ms, summary.barge_in_ms.max_ms) == (1, 30, 30)


def test_a_pre_warmed_session_that_was_ready_cost_the_call_nothing():
    time = FakeTime()
    latency = meter(time)

    latency.provider_ready(0, prewarmed=True)

    assert (latency.summary().provider_connect_ms, latency.summary().prewarmed) == (0, True)


def test_a_call_the_agent_never_spoke_in_has_no_greeting():
    summary = meter(FakeTime()).summary()

    assert summary.greeting_ms is None and summary.response_ms is None and summary.barge_ins == 0


def test_samples_keep_a_bounded_uniform_sample_with_exact_count_and_max():
    samples = Samples(capacity=50, pick=random.Random(7).randrange)

    for value in range(1, 10_001):  # 1 .. 10000 ms, uniformly
        samples.add(value)

    stats = samples.stats()
    assert samples.kept == 50
    assert stats is not None and (stats.count, stats.max_ms) == (10_000, 10_000)
    assert 3_000 < stats.p50_ms < 7_000 and stats.p95_ms > 7_500  # a sample's percentiles, near the truth


def test_samples_under_capacity_give_exact_nearest_rank_percentiles():
    samples = Samples(capacity=128)

    for value in range(1, 21):
        samples.add(value * 10)

    stats = samples.stats()
    assert stats is not None and (stats.p50_ms, stats.p95_ms, stats.max_ms, stats.count) == (100, 190, 200, 20)
    assert Samples().stats() is None
