"""/v1/calls through the local gateway: filters, the detail with turns, the recording link, tenants."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest
import requests

from vocadesk.events import CallEnded, CallStarted, CallTranscript
from vocadesk.models.calls import CallLatency, LatencyStats, Recording
from vocadesk.settings import get_settings

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def recorded_call(repos, tenant_a, platform):
    """An ended phone call with two turns and its recording in the bucket."""
    ids = tenant_a.new_call(at=T0, channel="phone")
    key = f"account/{tenant_a.account_id}/calls/{ids['call_id']}/recording.wav"
    boto3.client("s3").put_object(Bucket=get_settings().recordings_bucket, Key=key, Body=b"RIFF-test-audio")
    repos.calls.record_started(CallStarted(**ids, seq=0, occurred_at=T0, caller="+14155550100"))
    for seq, speaker in ((1, "agent"), (2, "caller")):
        repos.calls.record_transcript(
            CallTranscript(
                **ids,
                seq=seq,
                occurred_at=T0,
                speaker=speaker,
                text=f"turn {seq}",
                started_ms=seq * 1000,
                ended_ms=seq * 1000 + 500,
            )
        )
    repos.calls.record_ended(
        CallEnded(
            **ids,
            seq=3,
            occurred_at=T0 + timedelta(minutes=1),
            reason="caller_hangup",
            duration_ms=60_000,
            recording=Recording(s3_key=key, duration_ms=60_000),
        ),
        recording_verified=True,
    )
    return ids["call_id"]


@pytest.fixture
def web_call(repos, tenant_a):
    at = T0 + timedelta(hours=1)
    ids = tenant_a.new_call(at=at, channel="web")
    repos.calls.record_started(CallStarted(**ids, seq=0, occurred_at=at))
    return ids["call_id"]


def ids_of(response):
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


def test_detail_has_turns_counts_and_a_recording_link_that_plays(http, owner_a, recorded_call):
    detail = http.get(f"/v1/calls/{recorded_call}", headers=owner_a).json()

    assert [(t["seq"], t["speaker"]) for t in detail["turns"]] == [(1, "agent"), (2, "caller")]
    assert (detail["caller_turns"], detail["agent_turns"], detail["status"]) == (1, 1, "ended")
    audio = requests.get(detail["recording_url"], timeout=5)
    assert audio.status_code == 200 and audio.content == b"RIFF-test-audio"
    assert audio.headers["content-type"] == "audio/wav"
    expires = datetime.fromisoformat(detail["recording_url_expires_at"])
    assert timedelta(seconds=250) < expires - datetime.now(UTC) <= timedelta(seconds=300)


def test_a_call_without_recording_has_no_link(http, owner_a, web_call):
    detail = http.get(f"/v1/calls/{web_call}", headers=owner_a).json()

    assert detail["recording_url"] is None and detail["status"] == "in_progress"


def test_the_latency_the_runtime_measured_is_on_the_call_and_in_the_list(http, owner_a, repos, tenant_a):
    at = T0 + timedelta(hours=2)
    ids = tenant_a.new_call(at=at, channel="test")
    latency = CallLatency(
        greeting_ms=780,
        provider_connect_ms=310,
        response_ms=LatencyStats(count=4, p50_ms=620, p95_ms=1040, max_ms=1040),
        barge_ins=2,
        barge_in_ms=LatencyStats(count=2, p50_ms=1, p95_ms=3, max_ms=3),
    )
    repos.calls.record_ended(
        CallEnded(**ids, seq=9, occurred_at=at, reason="agent_ended", duration_ms=42_000, latency=latency),
        recording_verified=False,
    )

    detail = http.get(f"/v1/calls/{ids['call_id']}", headers=owner_a).json()
    (listed,) = http.get("/v1/calls?channel=test", headers=owner_a).json()["items"]

    assert detail["latency"] == {
        "greeting_ms": 780,
        "provider_connect_ms": 310,
        "prewarmed": False,
        "response_ms": {"count": 4, "p50_ms": 620, "p95_ms": 1040, "max_ms": 1040},
        "barge_ins": 2,
        "barge_in_ms": {"count": 2, "p50_ms": 1, "p95_ms": 3, "max_ms": 3},
    }
    assert listed["latency"] == detail["latency"]


def test_a_call_that_has_not_ended_has_no_latency_yet(http, owner_a, web_call):
    assert http.get(f"/v1/calls/{web_call}", headers=owner_a).json()["latency"] is None


def test_filters_by_channel_status_and_start_time(http, owner_a, recorded_call, web_call):
    def listed(query):
        return ids_of(http.get(f"/v1/calls?{query}", headers=owner_a))

    assert listed("") == [web_call, recorded_call]
    assert listed("channel=web") == [web_call]
    assert listed("status=ended") == [recorded_call]
    assert listed("status=ended&channel=web") == []
    assert listed("started_from=2026-11-20T09:30:00Z") == [web_call]
    assert listed("started_before=2026-11-20T09:30:00") == [recorded_call]  # no offset: UTC


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=finished", "query.status"),
        ("channel=fax", "query.channel"),
        ("started_from=yesterday", "query.started_from"),
        ("limit=0", "query.limit"),
    ],
)
def test_bad_filters_are_named(http, owner_a, query, field):
    response = http.get(f"/v1/calls?{query}", headers=owner_a)

    assert response.status_code == 422 and response.json()["field"] == field


def test_an_empty_or_reversed_date_range_is_a_clear_400(http, owner_a):
    response = http.get(
        "/v1/calls?started_from=2026-11-02T00:00:00Z&started_before=2026-11-01T00:00:00Z", headers=owner_a
    )

    assert response.status_code == 400 and response.json()["field"] == "started_before"


def test_another_tenants_call_is_404_and_absent_from_their_lists(http, owner_b, recorded_call, tenant_a):
    assert http.get(f"/v1/calls/{recorded_call}", headers=owner_b).status_code == 404
    assert ids_of(http.get("/v1/calls", headers=owner_b)) == []
    assert ids_of(http.get(f"/v1/calls?agent_id={tenant_a.agent.id}", headers=owner_b)) == []
