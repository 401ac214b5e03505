"""The read benchmark on a small account: each API read is one Query of at most a page (+1), never a Scan.

Counts only; time is the benchmark's business (`python -m benchmarks api_reads`).
"""

from benchmarks import api_reads


def test_each_read_is_one_bounded_query_plus_the_callers_user_and_no_scan():
    # Given a small account, When the benchmark sends its reads
    rows, meta = api_reads.run(calls=120, agents=4, requests=3)

    # Then
    by_request = {row["request"]: row for row in rows}
    page = api_reads.LIMIT + 1  # the Query asks one past the page to know whether there is a next one
    for listing in (f"GET /v1/calls?limit={api_reads.LIMIT}", f"GET /v1/calls?limit={api_reads.LIMIT}&agent_id="):
        row = by_request[listing]
        assert (row["Query"], row["GetItem"], row["Scan"]) == (1, 1, 0)  # GetItem: the caller's user and role
        assert row["query_items"] == page
        assert row["items_read"] == page + 1
    detail = by_request["GET /v1/calls/{id}"]
    assert (detail["Query"], detail["GetItem"], detail["Scan"]) == (1, 2, 0)  # user, call; turns in one Query
    assert detail["query_items"] == meta["detail_turns"]
    assert detail["items_read"] == 2 + meta["detail_turns"]
