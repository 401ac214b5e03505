import asyncio

from voice_container.call.outbox import Outbox


def test_audio_is_capped_by_duration_and_control_messages_always_go():
    outbox = Outbox(max_queued_ms=100)

    assert outbox.audio("a1", 60, "mark1")
    assert not outbox.audio("a2", 60, "mark2")  # over the cap: refused with its mark
    outbox.control("transcript")

    sent = []

    async def drain():
        async def send(message):
            sent.append(message)
            if message == "transcript":
                outbox.close()

        await outbox.pump(send, send)

    asyncio.run(drain())
    assert sent == ["a1", "mark1", "transcript"]


def test_clear_drops_what_is_queued_and_frees_the_cap():
    outbox = Outbox(max_queued_ms=100)
    outbox.audio(b"\x00" * 10, 90)
    assert outbox.queued_ms == 90  # what /metrics reports as the call's caller queue

    outbox.clear()

    assert outbox.queued_ms == 0 and outbox.audio(b"\x00" * 10, 90)


def test_a_socket_gone_ends_the_writer_quietly():
    outbox = Outbox()
    outbox.control("x")

    async def gone(_):
        raise RuntimeError("websocket is closed")

    asyncio.run(outbox.pump(gone, gone))

    assert outbox.closed and not outbox.audio("late", 1)


def test_on_sent_runs_once_its_message_was_written_and_never_if_it_was_dropped():
    outbox = Outbox()
    seen: list[str] = []
    sent: list[str] = []
    outbox.control("dropped", on_sent=lambda: seen.append("dropped was written"))
    outbox.clear()  # a second barge-in before the first clear went out
    outbox.audio("a1", 20)
    outbox.control("clear", on_sent=lambda: seen.append(f"clear written after {sent}"))

    async def drain():
        async def send(message):
            sent.append(message)
            if message == "end":
                outbox.close()

        pumping = asyncio.create_task(outbox.pump(send, send))
        await asyncio.sleep(0)
        outbox.control("end")
        await pumping

    asyncio.run(drain())
    assert sent == ["a1", "clear", "end"]
    assert seen == ["clear written after ['a1', 'clear']"]
