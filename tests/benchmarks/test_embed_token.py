"""The token benchmark on a few requests: what each kind of request costs in DynamoDB requests.

Counts only; time is the benchmark's business (`python -m benchmarks embed_token`).
"""

from benchmarks import embed_token


def test_minting_reads_four_items_in_three_requests_and_counts_two_limits_and_refusals_cost_less(monkeypatch):
    # Given the limiter's clock held inside one window (a window ending mid-run reset the 429 row's count)
    from vocadesk import rate_limits

    held = rate_limits.now()
    monkeypatch.setattr(rate_limits, "now", lambda: held)
    # When
    rows = {row["request"]: row for row in embed_token.run_handlers(requests=3)}

    # Then: route + embed, agent and account in one batch, one conditional ADD per limit
    minted = rows["POST /embed/token (201)"]
    assert (minted["GetItem"], minted["BatchGetItem"], minted["UpdateItem"]) == (2, 1, 2)
    assert rows["OPTIONS /embed/token (204)"]["ddb_requests"] == 0
    refused = rows["POST /embed/token, origin refused (403)"]
    assert (refused["GetItem"], refused["UpdateItem"]) == (2, 0)  # route + embed; no limit spent
    limited = next(row for name, row in rows.items() if "(429)" in name)
    assert (limited["GetItem"], limited["UpdateItem"]) == (2, 1)
    test_call = rows["POST /v1/agents/{id}/test-call (201)"]
    assert (test_call["GetItem"], test_call["BatchGetItem"]) == (1, 1)  # the caller's user; agent and account
