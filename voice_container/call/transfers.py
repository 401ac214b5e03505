"""Transfers to a person: the Twilio steps of each handover (which rule applies, and whether it may be
dialled, is `transfer_policy`'s to say).

`TransferDesk`, one per runtime, runs a handover through the Twilio REST adapter, remembers it by call id
until Twilio reports the outcome (`/twilio/transfer-result` for cold, `/twilio/transfer-status` for warm),
and publishes every attempt and outcome as `call.transferred`. It never touches the caller's media socket:
the session does. README "Transfers" states what the caller hears at each step.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from vocadesk.events import CallTransferred
from vocadesk.models.agents import TransferFallback, TransferMode, TransferRule, TransferTrigger
from vocadesk.models.calls import Channel, EndReason, TransferResult
from voice_container.adapters import twilio_webhooks as twiml
from voice_container.adapters.twilio_rest import TwilioRest, TwilioRestError
from voice_container.call.transfer_policy import callback_number, caller_id_for, refusal, rule_for_trigger, summary_of

if TYPE_CHECKING:
    from voice_container.adapters.event_publisher import EventPublisher
    from voice_container.call.context import CallContext
    from voice_container.call.session import CallSession

log = logging.getLogger(__name__)

CALLBACK_NUMBER = "callback_number"  # captured-data key of the number a web caller wants to be called back on
_DIAL_OUTCOMES = {
    "completed": TransferResult.CONNECTED,
    "answered": TransferResult.CONNECTED,
    "busy": TransferResult.NO_ANSWER,
    "no-answer": TransferResult.NO_ANSWER,
    "failed": TransferResult.FAILED,
    "canceled": TransferResult.FAILED,
}
UNKNOWN_TRANSFER = "Sorry, nobody could take your call right now. Please call back later. Goodbye."
NOT_PUT_THROUGH = 'Say to the caller: "Sorry, I could not put you through right now. Can I take a message instead?"'
BACK_WITH_AGENT = (
    "Say to the caller: \"Sorry, nobody was available to take your call. I'm back with you: "
    'can I take a message, or help with anything else?"'
)


# -- the desk ----------------------------------------------------------------------------------------
@dataclass
class Handover:
    call: CallContext
    rule: TransferRule
    placed_sid: str | None = None  # the person's call (warm)
    answered: bool = False
    settled: bool = False
    after_stream: str | None = None  # TwiML to answer the `<Connect action>` with (provider failure)
    mode: TransferMode | None = None  # how it was dialled, when not the rule's mode


class TransferDesk:
    def __init__(
        self,
        rest: TwilioRest | None,
        publisher: EventPublisher,
        *,
        allowed_prefixes: Sequence[str],
        url: Callable[[str], str],  # a runtime path -> the absolute URL Twilio requests
        resume: Callable[[CallContext, str], str],  # TwiML reconnecting the caller to the agent, told `note`
        remembered: int = 10_000,  # handovers awaiting an outcome; the oldest is forgotten beyond this
    ) -> None:
        self.rest = rest
        self.publisher = publisher
        self.prefixes = tuple(allowed_prefixes)
        self.url = url
        self.resume = resume
        self.remembered = remembered
        self._handovers: OrderedDict[str, Handover] = OrderedDict()

    # -- from the call session ------------------------------------------------------------------
    def requested(self, session: CallSession, rule_id: str, reason: str, number: str = "") -> dict[str, Any]:
        """The model called `transfer_call`: the function output it gets. An accepted phone transfer starts
        once the handover line was heard, and the output says so (the model should then stay quiet)."""
        call = session.call
        rule = next((r for r in call.agent.transfer_rules if r.id == rule_id), None)
        if rule is None:
            self._publish(call, None, TransferResult.FAILED, f"refused: no transfer rule {rule_id[:60]!r}")
            return {"ok": False, "error": f"no transfer rule {rule_id!r}"}
        if call.channel is not Channel.PHONE:
            return self._offer_callback(session, rule, number)
        refused = refusal(call, rule, self.prefixes, rest_ready=self.rest is not None)
        if refused is not None:
            self._publish(call, rule, TransferResult.FAILED, f"refused: {refused}")
            return {"ok": False, "error": f"the transfer was refused ({refused}); offer to take a message instead"}
        reason = reason or "requested by the agent"
        session.end_after_playback(then=lambda: self._hand_over(session, rule, reason))
        return {"ok": True, "transferring": True, "note": "the caller is being transferred; say nothing more"}

    def key_pressed(self, session: CallSession, digit: str) -> None:
        """DTMF 0 hands over by the rule with the `dtmf_0` trigger, interrupting whatever the agent says."""
        rule = rule_for_trigger(session.call.agent, TransferTrigger.DTMF_0) if digit == "0" else None
        if rule is None or session.call.channel is not Channel.PHONE:
            return
        refused = refusal(session.call, rule, self.prefixes, rest_ready=self.rest is not None)
        if refused is not None:
            self._publish(session.call, rule, TransferResult.FAILED, f"refused: {refused} (caller pressed 0)")
            return
        session.hush()
        reason = "the caller pressed 0"
        session.end_after_playback(then=lambda: self._hand_over(session, rule, reason, say_first=True))

    async def at_time_limit(self, session: CallSession) -> EndReason | None:
        """The call reached its maximum length: TRANSFERRED if a `max_duration` rule took it, else None."""
        rule = rule_for_trigger(session.call.agent, TransferTrigger.MAX_DURATION)
        if rule is None or session.call.channel is not Channel.PHONE:
            return None
        refused = refusal(session.call, rule, self.prefixes, rest_ready=self.rest is not None)
        if refused is not None:
            self._publish(session.call, rule, TransferResult.FAILED, f"refused: {refused} (time limit)")
            return None
        return await self._hand_over(session, rule, "the call reached its time limit", say_first=True)

    def provider_failed(self, call: CallContext) -> None:
        """The AI provider failed on a phone call: with a `provider_error` rule, the `<Connect action>` that
        follows dials it (always cold: nobody is left to say the handover line, so Twilio says it)."""
        rule = rule_for_trigger(call.agent, TransferTrigger.PROVIDER_ERROR)
        if rule is None or call.channel is not Channel.PHONE:
            return
        # The REST adapter is not needed (TwiML answers the action), so only the destination is checked.
        refused = refusal(call, rule, self.prefixes, rest_ready=True)
        if refused is not None:
            self._publish(call, rule, TransferResult.FAILED, f"refused: {refused} (provider failed)")
            return
        handover = self._remember(call, rule)
        handover.mode = TransferMode.COLD
        handover.after_stream = self._dial_twiml(call, rule, say_first=True)
        self._publish(call, rule, TransferResult.INITIATED, "the AI provider failed", mode=TransferMode.COLD)

    def after_stream(self, call_sid: str | None) -> str | None:
        """TwiML for a `<Connect action>` whose call is being handed over (provider failure), else None."""
        for handover in reversed(self._handovers.values()):
            if handover.call.external_id == call_sid and handover.after_stream:
                twiml_, handover.after_stream = handover.after_stream, None
                return twiml_
        return None

    # -- from Twilio ----------------------------------------------------------------------------
    def dial_ended(self, call_id: str, dial_status: str) -> str:
        """`<Dial action>` of a cold transfer: TwiML for what the caller gets next, and the outcome published."""
        handover = self._handovers.get(call_id)
        result = _DIAL_OUTCOMES.get(dial_status, TransferResult.FAILED)
        if handover is None or handover.settled:
            # Not this task's transfer (another task or a restart: see README "Transfers"), or a retry.
            log.warning("dial outcome %s for a transfer this task does not hold (%s)", dial_status, call_id[:40])
            return twiml.hang_up() if result is TransferResult.CONNECTED else twiml.say_and_hang_up(UNKNOWN_TRANSFER)
        handover.settled = True
        reason = f"dial status {dial_status or 'unknown'}"
        self._publish(handover.call, handover.rule, result, reason, mode=handover.mode)
        if result is TransferResult.CONNECTED:
            return twiml.hang_up()  # the person and the caller talked; one of them hung up
        return self._fallback(handover, result)

    async def person_leg(self, call_id: str, call_status: str) -> None:
        """Status callback of the person's call in a warm transfer: answered -> connected; unanswered ->
        the caller leaves the conference for the fallback."""
        handover = self._handovers.get(call_id)
        if handover is None or handover.settled:
            return
        if call_status in ("in-progress", "answered"):
            handover.answered = True
            handover.settled = True
            self._publish(handover.call, handover.rule, TransferResult.CONNECTED, "the person answered")
            return
        if call_status not in ("busy", "no-answer", "failed", "canceled", "completed"):
            return  # queued, ringing, initiated: not an outcome yet
        handover.settled = True
        result = TransferResult.FAILED if call_status in ("failed", "canceled") else TransferResult.NO_ANSWER
        self._publish(handover.call, handover.rule, result, f"person's call {call_status}")
        await self._redirect_to_fallback(handover, result)

    async def caller_left(self, call_id: str) -> None:
        """The caller left the conference (hung up while holding): stop ringing the person. Once settled
        (the person answered, or the caller went to the fallback) a leave is the call's normal end."""
        handover = self._handovers.get(call_id)
        if handover is None or handover.settled:
            return
        handover.settled = True
        self._publish(handover.call, handover.rule, TransferResult.FAILED, "the caller hung up while on hold")
        if self.rest is not None and handover.placed_sid:
            try:
                await self.rest.cancel(handover.placed_sid)
            except TwilioRestError as error:  # it may have been answered or ended a moment ago
                log.info("could not cancel the person's call: %s", error, extra=handover.call.log_keys())

    # -- the handover itself ---------------------------------------------------------------------
    async def _hand_over(
        self, session: CallSession, rule: TransferRule, reason: str, *, say_first: bool = False
    ) -> EndReason | None:
        """Redirect the live call (after the handover line was heard). TRANSFERRED ends the AI leg; None
        (Twilio refused) leaves the call with the agent, which is told to offer a message."""
        call = session.call
        assert self.rest is not None and call.external_id
        handover = self._remember(call, rule)
        try:
            if rule.mode is TransferMode.COLD:
                await self.rest.redirect(call.external_id, self._dial_twiml(call, rule, say_first=say_first))
            else:
                await self._start_warm(session, handover, reason, say_first=say_first)
        except TwilioRestError as error:
            self._handovers.pop(call.call_id, None)
            log.warning("transfer by rule %s failed: %s", rule.id, error, extra=call.log_keys())
            self._publish(call, rule, TransferResult.FAILED, f"twilio refused: {error}"[:500])
            session.say(NOT_PUT_THROUGH)
            return None
        self._publish(call, rule, TransferResult.INITIATED, reason)
        return EndReason.TRANSFERRED

    async def _start_warm(self, session: CallSession, handover: Handover, reason: str, *, say_first: bool) -> None:
        call, rule = handover.call, handover.rule
        assert self.rest is not None and call.external_id and call.called
        room = f"vocadesk-{call.call_id}"
        hold = twiml.join_conference(
            room,
            say_first=rule.handover_message if say_first else None,
            start_on_enter=False,
            status_callback=self.url(f"/twilio/transfer-status?call={quote(call.call_id)}&leg=caller"),
            status_callback_event="leave",  # the caller hanging up while on hold stops the person's phone ringing
        )
        await self.rest.redirect(call.external_id, hold)  # the caller now hears hold music
        summary = summary_of(call, reason, session.recent_turns(), session.captured())
        try:
            placed = await self.rest.place_call(
                to=rule.destination,
                from_=call.called,
                twiml=twiml.join_conference(room, say_first=summary, start_on_enter=True),
                timeout_seconds=rule.timeout_seconds,
                status_callback=self.url(f"/twilio/transfer-status?call={quote(call.call_id)}"),
            )
        except TwilioRestError as error:
            # The caller is already holding in the conference, so this is an outcome, not a refusal.
            handover.settled = True
            self._publish(call, rule, TransferResult.FAILED, f"dialling the person failed: {error}"[:500])
            await self._redirect_to_fallback(handover, TransferResult.FAILED)
            return
        handover.placed_sid = placed.sid

    def _dial_twiml(self, call: CallContext, rule: TransferRule, *, say_first: bool) -> str:
        return twiml.dial(
            rule.destination,
            caller_id=caller_id_for(call),
            timeout_seconds=rule.timeout_seconds,
            action=self.url(f"/twilio/transfer-result?call={quote(call.call_id)}"),
            say_first=rule.handover_message if say_first else None,
        )

    def _fallback(self, handover: Handover, result: TransferResult) -> str:
        if handover.rule.fallback is TransferFallback.VOICEMAIL:
            return twiml.say_and_hang_up(handover.rule.voicemail_message)
        return self.resume(handover.call, BACK_WITH_AGENT)

    async def _redirect_to_fallback(self, handover: Handover, result: TransferResult) -> None:
        assert self.rest is not None and handover.call.external_id
        try:
            await self.rest.redirect(handover.call.external_id, self._fallback(handover, result))
        except TwilioRestError as error:
            log.error("could not take the caller out of the conference: %s", error, extra=handover.call.log_keys())

    # -- web and test calls ----------------------------------------------------------------------
    def _offer_callback(self, session: CallSession, rule: TransferRule, number: str) -> dict[str, Any]:
        """A browser cannot be dialled: offer a callback, and capture the number once the caller gives it."""
        call = session.call
        if number:
            normalised = callback_number(number)
            if normalised is None:
                return {"ok": False, "error": f"{number!r} is not a phone number; ask for it again"}
            session.capture(CALLBACK_NUMBER, normalised)
            self._publish(call, rule, TransferResult.CALLBACK_OFFERED, f"callback requested on {normalised}")
            return {"ok": True, "callback_number": normalised, "next": "confirm someone will call back, then end"}
        self._publish(call, rule, TransferResult.CALLBACK_OFFERED, f"{call.channel.value} call: callback offered")
        return {
            "ok": False,
            "error": f"a {call.channel.value} call cannot be transferred",
            "next": "offer a callback: ask for the best phone number, then call transfer_call again "
            "with the same rule_id and callback_number",
        }

    # -- bookkeeping -----------------------------------------------------------------------------
    def _remember(self, call: CallContext, rule: TransferRule) -> Handover:
        handover = self._handovers[call.call_id] = Handover(call, rule)
        while len(self._handovers) > self.remembered:
            self._handovers.popitem(last=False)
        return handover

    def _publish(
        self,
        call: CallContext,
        rule: TransferRule | None,
        result: TransferResult,
        reason: str,
        *,
        mode: TransferMode | None = None,
    ) -> None:
        mode = mode or (rule.mode if rule is not None else TransferMode.COLD)
        self.publisher.emit(
            call.event(
                CallTransferred,
                rule_id=rule.id if rule is not None else None,
                destination=rule.destination if rule is not None else None,
                mode=mode.value,
                result=result,
                reason=reason[:500],
            )
        )
        log.info("transfer %s: %s (%s)", rule.id if rule else "-", result.value, reason, extra=call.log_keys())
