"""The embed SDK (`sdk/vocadesk.js`) in headless Chromium against the fake platform: the one-script-tag
button, a whole call (microphone out, agent audio in, marks, clear, mute, hang-up), the refusals a visitor
can meet, the inline element, the JS API for test calls, and a page with a strict Content-Security-Policy.
"""

from __future__ import annotations

import struct
import time

import pytest

from tests.browser.fake_platform import FakePlatform, FakeSocket

pytestmark = pytest.mark.slow

LABEL = "Call Bright Smile"
MIC_SENTENCE = "Microphone access is blocked"
ORIGIN_SENTENCE = "Calls aren't enabled on this website."


def open_page(page, url: str) -> None:
    """Load a page and record the SDK's events in `window.seen`."""
    page.goto(url)
    page.wait_for_function("() => window.Vocadesk")
    page.evaluate(
        """() => {
        window.seen = {state: [], transcript: [], error: []};
        for (const name of Object.keys(seen)) Vocadesk.on(name, (d) => seen[name].push(d));
    }"""
    )


def states(page) -> list[str]:
    return page.evaluate("() => seen.state.map((d) => d.state)")


def wait_state(page, state: str) -> None:
    page.wait_for_function("(s) => Vocadesk.state === s", arg=state)


def stats(page) -> dict:
    return page.evaluate("() => Vocadesk.stats()")


def status_text(page) -> str:
    return page.get_by_role("status").inner_text()


def start_call(page, fake: FakePlatform) -> FakeSocket:
    page.get_by_role("button", name=LABEL).click()
    call = fake.next_socket()
    wait_state(page, "live")
    return call


def samples(frame: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(frame) // 2}h", frame)


def is_mark(name: str):
    return lambda m: m == {"type": "mark", "name": name}


def test_the_floating_button_wears_the_embeds_label_and_colours(page, fake):
    # Given a page with the one-script-tag snippet (and its own CSS aimed at every button)
    open_page(page, fake.page("floating"))

    # Then the button shows the embed's label and colours, at its position, whatever the page's CSS says
    button = page.get_by_role("button", name=LABEL)
    button.wait_for()
    look = button.evaluate("(b) => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.fontSize] }")
    assert look == ["rgb(10, 125, 68)", "rgb(255, 251, 230)", "15px"]
    box = page.locator("vocadesk-call-button").bounding_box()
    assert box["x"] == pytest.approx(20, abs=1)  # bottom-left
    assert page.locator("vocadesk-call-button").evaluate("(e) => getComputedStyle(e).position") == "fixed"
    assert page.get_by_role("status").get_attribute("aria-live") == "polite"
    assert states(page) == [] and stats(page)["state"] == "idle"

    # And keyboard focus shows a visible ring
    page.keyboard.press("Tab")
    assert button.evaluate("(b) => b.matches(':focus-visible') && getComputedStyle(b).outlineStyle") == "solid"


def test_a_call_sends_the_microphone_plays_the_agent_and_echoes_marks_once_heard(page, fake):
    open_page(page, fake.page("floating"))

    # When the visitor clicks: a token for this page, a socket, `start` with that token, then live
    call = start_call(page, fake)
    assert fake.token_requests[-1] == {
        "origin": fake.site,
        "path": "/embed/token",
        "body": {"embed_id": "emb_demo"},
        "status": 201,
    }
    assert call.start["type"] == "start" and call.origin == fake.site
    assert states(page)[:2] == ["connecting", "live"]
    assert status_text(page).strip()

    # Then the microphone goes out as PCM16 24 kHz in 40 ms binary frames, and it is not silence
    frames = call.wait_frames(12)
    assert {len(f) for f in frames} == {960 * 2}
    assert max(abs(s) for s in samples(frames[10])) > 3000

    # When the agent speaks 500 ms ending at a mark
    sent = call.send_audio(500)
    call.send({"type": "mark", "name": "1"})

    # Then the page says so, plays all of it, and echoes the mark once it has played (not when received)
    page.wait_for_function("() => seen.state.some((d) => d.state === 'speaking')")
    echoed, _ = call.wait_for(is_mark("1"))
    assert echoed - sent >= 0.3  # ~0.5 s of playing, some slack for a busy machine; on receipt it would be ~0
    page.wait_for_function("() => Vocadesk.stats().samplesPlayed >= 12000")
    assert stats(page)["samplesPlayed"] == 12000
    assert stats(page)["marksEchoed"] == 1
    wait_state(page, "live")

    # And transcripts reach the page's listeners
    call.send({"type": "transcript", "speaker": "agent", "text": "Hello, this is Sam."})
    page.wait_for_function("() => seen.transcript.length === 1")
    assert page.evaluate("() => seen.transcript[0]") == {"speaker": "agent", "text": "Hello, this is Sam."}
    page.evaluate("() => Vocadesk.stop()")


def test_clear_stops_playback_at_once_and_echoes_the_pending_marks(page, fake):
    open_page(page, fake.page("floating"))
    call = start_call(page, fake)

    # Given five seconds of agent audio queued, ending at a mark, and playing
    call.send_audio(5000)
    call.send({"type": "mark", "name": "7"})
    page.wait_for_function("() => Vocadesk.stats().samplesPlayed > 4800")

    # When the caller barges in
    cleared = call.send({"type": "clear"})

    # Then the pending mark comes back at once, nothing stays buffered and nothing more plays
    echoed, _ = call.wait_for(is_mark("7"), timeout=2)
    assert echoed - cleared < 1.5  # not the ~4.8 s still queued
    page.wait_for_function("() => Vocadesk.stats().samplesBuffered === 0")
    played = stats(page)["samplesPlayed"]
    assert played < 24_000 * 2
    time.sleep(0.3)
    assert stats(page)["samplesPlayed"] == played
    assert stats(page)["clears"] == 1

    # And new audio after the clear plays from the start of it
    sent = call.send_audio(200)
    call.send({"type": "mark", "name": "8"})
    echoed, _ = call.wait_for(is_mark("8"))
    assert echoed - sent >= 0.1
    page.evaluate("() => Vocadesk.stop()")


def test_mute_sends_silence_and_hang_up_by_keyboard_ends_the_call(page, fake):
    open_page(page, fake.page("floating"))
    call = start_call(page, fake)

    # When the visitor mutes
    mute = page.get_by_role("button", name="Mute")
    assert mute.get_attribute("aria-pressed") == "false"
    mute.click()

    # Then the button says it is pressed and the microphone goes out as silence (frames keep flowing)
    assert mute.get_attribute("aria-pressed") == "true"
    before = len(call.frames())
    frames = call.wait_frames(before + 14)
    assert all(max(map(abs, samples(f))) == 0 for f in frames[before + 6 :])  # a few were on their way
    mute.click()
    assert mute.get_attribute("aria-pressed") == "false"

    # When the visitor hangs up from the keyboard
    hang_up = page.get_by_role("button", name="Hang up")
    hang_up.focus()
    page.keyboard.press("Enter")

    # Then the runtime hears `hangup`, the call ends, and focus returns to the call button
    call.wait_for(lambda m: m == {"type": "hangup"})
    wait_state(page, "ended")
    assert "Call ended" in status_text(page)
    assert call.closed.wait(5)
    button = page.get_by_role("button", name=LABEL)
    assert button.evaluate("(b) => b.getRootNode().activeElement === b")
    assert page.get_by_role("button", name="Hang up").count() == 0


def test_escape_hangs_up(page, fake):
    open_page(page, fake.page("floating"))
    call = start_call(page, fake)

    page.get_by_role("button", name="Hang up").focus()
    page.keyboard.press("Escape")

    call.wait_for(lambda m: m == {"type": "hangup"})
    wait_state(page, "ended")


@pytest.mark.parametrize("embed", ["emb_elsewhere", "emb_elsewhere_readable"])
def test_a_page_the_embed_does_not_allow_hears_why_and_opens_no_socket(page, fake, embed):
    # Given an embed that allows another site (its refusal unreadable, as the gateway sends it, or readable)
    open_page(page, fake.page("floating", embed=embed))
    sockets = fake.connections

    # When the visitor clicks
    page.get_by_role("button", name="Talk to us").click()

    # Then they read why, no socket was opened, and the button offers to try again
    wait_state(page, "error")
    assert ORIGIN_SENTENCE in status_text(page)
    assert page.evaluate("() => seen.error[0].code") == "origin_not_allowed"
    assert fake.token_requests[-1]["status"] == 403
    assert fake.connections == sockets
    assert page.get_by_role("button", name="Talk to us").is_visible()


def test_a_refused_microphone_is_explained_and_mints_no_token(mic_denying_browser, fake):
    context = mic_denying_browser.new_context()
    page = context.new_page()
    try:
        open_page(page, fake.page("floating"))
        tokens, sockets = len(fake.token_requests), fake.connections

        page.get_by_role("button", name=LABEL).click()

        wait_state(page, "error")
        assert MIC_SENTENCE in status_text(page)
        assert page.evaluate("() => seen.error[0].code") == "mic_denied"
        assert (len(fake.token_requests), fake.connections) == (tokens, sockets)
    finally:
        context.close()


def test_a_switched_off_embed_shows_as_unavailable_and_mints_nothing(page, fake):
    open_page(page, fake.page("floating", embed="emb_off"))
    button = page.get_by_role("button", name="Talk to us")
    tokens = len(fake.token_requests)

    button.click(force=True)  # a visitor can still press it

    assert button.get_attribute("aria-disabled") == "true"
    assert "isn't available right now" in status_text(page)
    assert len(fake.token_requests) == tokens and states(page) == []


def test_a_busy_runtime_is_explained(page, fake):
    open_page(page, fake.page("floating", embed="emb_busy"))

    page.get_by_role("button", name="Talk to us").click()

    wait_state(page, "error")
    assert "All lines are busy" in status_text(page)
    assert page.evaluate("() => seen.error[0].code") == "busy"


def test_an_unreachable_api_is_a_network_error(page, fake):
    # data-api points the SDK at an API elsewhere than its own origin: here, nowhere
    open_page(page, fake.page("floating", api="http://127.0.0.1:9"))

    page.get_by_role("button", name="Talk to us").click()

    wait_state(page, "error")
    assert "couldn't connect" in status_text(page)


def test_data_api_overrides_where_the_api_is_and_keeps_its_path(page, fake):
    # An API elsewhere than the SDK's origin, behind a stage prefix
    open_page(page, fake.page("floating", api=f"{fake.cdn}/stage/"))

    call = start_call(page, fake)  # the configured label: the look was read there too

    assert fake.token_requests[-1]["path"] == "/stage/embed/token"
    page.evaluate("() => Vocadesk.stop()")
    call.wait_for(lambda m: m["type"] == "hangup")


def test_the_script_loaded_twice_renders_one_button_and_one_global(page, fake):
    open_page(page, fake.page("twice"))
    page.get_by_role("button", name=LABEL).wait_for()

    assert page.locator("vocadesk-call-button").count() == 1
    assert page.evaluate("() => document.querySelectorAll('script[src*=\"vocadesk.js\"]').length") == 2
    assert page.evaluate("() => Object.isFrozen(Vocadesk) && Vocadesk.version") == "1.0.0"


def test_the_custom_element_sits_inline_and_calls(page, fake):
    open_page(page, fake.page("inline"))

    element = page.locator("#here vocadesk-call-button")
    page.get_by_role("button", name=LABEL).wait_for()
    assert element.evaluate("(e) => getComputedStyle(e).position") == "static"
    assert page.locator("vocadesk-call-button").count() == 1  # no floating one: the script names no embed

    call = start_call(page, fake)
    page.get_by_role("button", name="Hang up").click()
    call.wait_for(lambda m: m == {"type": "hangup"})
    wait_state(page, "ended")


def test_a_test_call_with_a_ready_token_types_turns_without_a_microphone(page, fake):
    # The dashboard's way: a token from POST /v1/agents/{id}/test-call, no button, text mode
    open_page(page, fake.page("api"))
    token = fake.mint()

    page.evaluate("([token, url]) => Vocadesk.start({token, runtimeUrl: url, mic: false})", [token, fake.runtime_url])
    call = fake.next_socket()
    wait_state(page, "live")
    assert call.start == {"type": "start", "token": token}
    assert page.evaluate("() => Vocadesk.sendText('Do you take new patients?')") is True

    call.wait_for(lambda m: m == {"type": "text", "text": "Do you take new patients?"})
    call.send_audio(200)
    call.send({"type": "mark", "name": "2"})
    call.wait_for(is_mark("2"))
    assert call.frames() == []  # no microphone
    assert page.locator("vocadesk-call-button").count() == 0

    # And an end from the runtime ends it on the page
    call.send({"type": "ended", "reason": "agent_ended"})
    wait_state(page, "ended")
    assert page.evaluate("() => seen.state.at(-1).reason") == "agent_ended"


def test_a_replayed_token_is_explained(page, fake):
    open_page(page, fake.page("api"))

    error = page.evaluate(
        "(url) => Vocadesk.start({token: 'spent', runtimeUrl: url, mic: false}).then(() => null, (e) => e.code)",
        fake.runtime_url,
    )

    assert error == "token_invalid"
    assert page.evaluate("() => Vocadesk.state") == "error"
    assert "couldn't be authorised" in page.evaluate("() => seen.error[0].message")


def test_a_page_with_a_strict_csp_still_calls(page, fake):
    # Given a page whose CSP lists only sdk/README.md's entries (no inline styles, no blob:, no eval)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(fake.page("strict"))
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.Vocadesk")

    # Then the button is styled, the worklet loads, the call runs, and the browser refused nothing
    button = page.get_by_role("button", name=LABEL)
    assert button.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(10, 125, 68)"
    call = start_call(page, fake)
    call.wait_frames(3)
    call.send_audio(200)
    call.send({"type": "mark", "name": "3"})
    call.wait_for(is_mark("3"))
    page.get_by_role("button", name="Hang up").click()
    call.wait_for(lambda m: m == {"type": "hangup"})
    assert violations == []


def test_reduced_motion_stops_the_speaking_pulse(browser, fake, fresh_sockets):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        open_page(page, fake.page("floating"))
        call = start_call(page, fake)
        call.send_audio(1500)
        wait_state(page, "speaking")

        dot = page.locator("vocadesk-call-button .dot")
        assert dot.evaluate("(d) => getComputedStyle(d).animationName") == "none"
        page.evaluate("() => Vocadesk.stop()")
    finally:
        context.close()
