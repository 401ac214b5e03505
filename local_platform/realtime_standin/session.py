"""One Realtime connection: reads client events, runs the VAD and the scripted conversation, streams responses.

A reader dispatches client events through a `{type: handler}` table; one writer owns the socket and
applies the connection's faults (slow events, drop after N events); responses stream from their own task
onto the bounded outbox (producers wait when it is full). Whatever ends first ends the others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from local_platform.realtime_standin import agent_script, session_config
from local_platform.realtime_standin import client_events as client
from local_platform.realtime_standin import server_events as wire
from local_platform.realtime_standin.audio_codec import AudioFormat
from local_platform.realtime_standin.behaviour import Faults, StandinBehaviour
from local_platform.realtime_standin.client_events import ProtocolError
from local_platform.realtime_standin.conversation import Conversation
from local_platform.realtime_standin.conversation_items import ConversationItems
from local_platform.realtime_standin.ids import new_id
from local_platform.realtime_standin.input_buffer import InputBuffer
from local_platform.realtime_standin.responder import ResponsePlan, ResponseStream
from local_platform.realtime_standin.vad import SpeechStarted, SpeechStopped
from local_platform.realtime_standin.voice import Synthesizer

log = logging.getLogger(__name__)

SESSION_SECONDS = 3600  # the provider's session lifetime, reported in `expires_at`
MIN_COMMIT_MS = 100


class RealtimeSession:
    def __init__(
        self,
        ws: ServerConnection,
        *,
        behaviour: StandinBehaviour,
        faults: Faults,
        caller_lines: tuple[str, ...],
        model: str,
        synthesizer: Synthesizer,
    ) -> None:
        self._ws, self._behaviour, self._faults, self._synth = ws, behaviour, faults, synthesizer
        self._pace = faults.pace if faults.pace is not None else behaviour.pace
        self.session = session_config.default_session(
            session_id=new_id("sess"), model=model, expires_at=int(time.time()) + SESSION_SECONDS
        )
        self._conversation_id = new_id("conv")
        self._outbox: asyncio.Queue[wire.Event] = asyncio.Queue(maxsize=behaviour.outbox_size)
        self._items = ConversationItems(behaviour.max_items)
        self._conversation = Conversation(
            agent_script.parse(self.session["instructions"]),
            caller_lines,
            transfer_words=behaviour.transfer_words,
            goodbye_phrases=behaviour.goodbye_phrases,
        )
        self._input = InputBuffer()
        # What every appended frame needs from the session, read once per session.update, not per frame.
        self._input_format = session_config.input_format(self.session)
        self._detection = session_config.turn_detection(self.session)
        self._speech_item: str | None = None  # the user item the speech being heard will become
        self._response: ResponseStream | None = None
        self._response_task: asyncio.Task[None] | None = None
        self._voice_locked = False  # once the assistant has spoken, the voice stays
        self.events_sent = 0
        self._handlers = {
            client.SessionUpdate: self._session_update,
            client.AudioAppend: self._append,
            client.AudioCommit: self._commit,
            client.AudioClear: self._clear,
            client.ItemCreate: self._item_create,
            client.ItemTruncate: self._truncate,
            client.ItemDelete: self._delete,
            client.ItemRetrieve: self._retrieve,
            client.ResponseCreate: self._response_create,
            client.ResponseCancel: self._response_cancel,
        }

    @property
    def session_id(self) -> str:
        return self.session["id"]

    async def run(self) -> None:
        await self._put(wire.session_created(self.session))
        tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._write())]
        if self._faults.drop_after_ms is not None:
            tasks.append(asyncio.create_task(self._drop_after(self._faults.drop_after_ms / 1000)))
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if self._response_task is not None:
                tasks.append(self._response_task)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    # the socket

    async def _put(self, event: wire.Event) -> None:
        await self._outbox.put(event)

    async def _write(self) -> None:
        limit = self._faults.drop_after_events
        try:
            while True:
                event = await self._outbox.get()
                if self._faults.slow_ms:
                    await asyncio.sleep(self._faults.slow_ms / 1000)
                await self._ws.send(_json({"type": event["type"], "event_id": new_id("event"), **event}))
                self.events_sent += 1
                if limit is not None and self.events_sent >= limit:
                    self._drop(f"after {limit} events")
                    return
        except ConnectionClosed:
            return

    async def _drop_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        self._drop(f"after {seconds:.3f} s")

    def _drop(self, why: str) -> None:
        """A network failure as the client sees it: the TCP connection goes, no close frame."""
        log.info("stand-in drops session %s %s (fault injection)", self.session_id, why)
        self._ws.transport.abort()

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                try:
                    event = client.parse(message)
                    await self._handlers[type(event)](event)
                except ProtocolError as error:
                    await self._put(wire.error(error.body()))
                except Exception:
                    log.exception("stand-in session %s failed on a client event", self.session_id)
                    text = "The server had an error while processing your request."
                    await self._put(wire.error(ProtocolError(None, text, type="server_error").body()))
        except ConnectionClosed:
            return

    # session and input audio

    async def _session_update(self, event: client.SessionUpdate) -> None:
        before = session_config.turn_detection(self.session)
        self.session = session_config.apply_update(
            self.session, event.session, voice_locked=self._voice_locked, event_id=event.event_id
        )
        if "instructions" in event.session:
            self._conversation.script = agent_script.parse(self.session["instructions"])
        after = session_config.turn_detection(self.session)
        self._input_format, self._detection = session_config.input_format(self.session), after
        self._input.configure(after.vad if after else None)
        if (before is None) != (after is None):
            self._speech_item = None
        await self._put(wire.session_updated(self.session))

    async def _append(self, event: client.AudioAppend) -> None:
        heard = self._input.append(self._input_format, event.audio)
        detection = self._detection
        for change in heard if detection is not None else ():
            if isinstance(change, SpeechStarted):
                await self._speech_started(change, detection.interrupt_response)
            elif isinstance(change, SpeechStopped):
                await self._speech_stopped(change, detection.create_response)

    async def _speech_started(self, change: SpeechStarted, interrupt: bool) -> None:
        self._speech_item = new_id("item")
        await self._put(wire.speech_started(change.audio_start_ms, self._speech_item))
        if interrupt and self._response is not None and self._response.plan.in_conversation:
            self._response.cancel("turn_detected")

    async def _speech_stopped(self, change: SpeechStopped, respond: bool) -> None:
        item_id, self._speech_item = self._speech_item or new_id("item"), None
        await self._put(wire.speech_stopped(change.audio_end_ms, item_id))
        await self._commit_audio(item_id, self._input.commit(change.audio_end_ms))
        if self._response is not None and self._response.cancel_reason and self._response_task is not None:
            await self._response_task  # a barge-in's cancelled response is about to end: let it
        if respond and self._response is None:
            await self._start_response({})

    async def _commit(self, event: client.AudioCommit) -> None:
        buffered = self._input.buffered_ms
        if buffered < MIN_COMMIT_MS:
            raise ProtocolError(
                "input_audio_buffer_commit_empty",
                f"Error committing input audio buffer: buffer too small. Expected at least {MIN_COMMIT_MS}ms of "
                f"audio, but buffer only has {buffered:.2f}ms of audio.",
                event_id=event.event_id,
            )
        item_id, self._speech_item = self._speech_item or new_id("item"), None
        await self._commit_audio(item_id, self._input.commit())

    async def _commit_audio(self, item_id: str, audio_ms: float) -> None:
        """The committed caller audio becomes a user item; its words are the caller script's next line."""
        previous = self._items.add(wire.user_audio_item(item_id))
        await self._put(wire.committed(item_id, previous))
        await self._put(wire.item_added(wire.user_audio_item(item_id), previous))
        await self._put(wire.item_done(wire.user_audio_item(item_id), previous))
        transcript = self._conversation.caller_says()
        if session_config.transcribes(self.session):
            await self._put(wire.transcription_completed(item_id, transcript, audio_ms))
        self._items.replace(wire.user_audio_item(item_id, transcript))
        self._conversation.heard(transcript)

    async def _clear(self, event: client.AudioClear) -> None:
        self._speech_item = None
        self._input.clear()
        await self._put(wire.cleared())

    # the conversation

    async def _item_create(self, event: client.ItemCreate) -> None:
        if event.previous_item_id not in (None, "root"):
            self._items.known(event.previous_item_id, param="previous_item_id", event_id=event.event_id)
        item_id = self._items.fresh_id(event.item.get("id") or new_id("item"), event_id=event.event_id)
        item = wire.client_item(event.item, item_id)
        previous = self._items.add(item)
        await self._put(wire.item_added(item, previous))
        await self._put(wire.item_done(item, previous))
        if item["type"] == "function_call_output":
            self._conversation.tool_output(item["call_id"], str(item.get("output", "")))
        elif item["type"] == "message" and item["role"] == "user":
            for part in event.item["content"]:
                said = part.get("text") if part["type"] == "input_text" else part.get("transcript")
                if part["type"] == "input_audio" and not said:
                    said = self._conversation.caller_says()
                self._conversation.heard(said or "")

    async def _truncate(self, event: client.ItemTruncate) -> None:
        self._items.truncate(event.item_id, event.content_index, event.audio_end_ms, event_id=event.event_id)
        await self._put(wire.item_truncated(event.item_id, event.content_index, event.audio_end_ms))

    async def _delete(self, event: client.ItemDelete) -> None:
        self._items.delete(event.item_id, event_id=event.event_id)
        await self._put(wire.item_deleted(event.item_id))

    async def _retrieve(self, event: client.ItemRetrieve) -> None:
        await self._put(wire.item_retrieved(self._items.known(event.item_id, event_id=event.event_id)))

    # responses

    async def _response_create(self, event: client.ResponseCreate) -> None:
        if self._response is not None:
            raise ProtocolError(
                "conversation_already_has_active_response",
                f"Conversation already has an active response in progress: {self._response.response_id}. "
                "Wait until the response is finished before creating a new one.",
                event_id=event.event_id,
            )
        await self._start_response(event.response)

    async def _response_cancel(self, event: client.ResponseCancel) -> None:
        active = self._response
        if active is None or (event.response_id and event.response_id != active.response_id):
            message = "Cancellation failed: no active response found"
            raise ProtocolError("response_cancel_not_active", message, event_id=event.event_id)
        active.cancel("client_cancelled")

    async def _start_response(self, params: dict[str, Any]) -> None:
        in_conversation = params.get("conversation", "auto") != "none"
        instructions = params.get("instructions")
        tools = session_config.function_tools(self.session)
        if "tools" in params:
            tools = {tool["name"]: tool for tool in params["tools"] or [] if tool.get("type") == "function"}
        if params.get("tool_choice") == "none":
            tools = {}
        if in_conversation:
            turn = self._conversation.respond(tools, instructions)
        else:
            turn = self._conversation.out_of_band(instructions)
        output = (params.get("audio") or {}).get("output") or {}
        fmt = AudioFormat(output["format"]["type"]) if output.get("format") else None
        plan = ResponsePlan(
            response_id=new_id("resp"),
            turn=turn,
            modality=(params.get("output_modalities") or self.session["output_modalities"])[0],
            fmt=fmt or session_config.output_format(self.session),
            voice=output.get("voice") or self.session["audio"]["output"]["voice"],
            locale=self._conversation.script.locale,
            in_conversation=in_conversation,
            conversation_id=self._conversation_id,
            metadata=params.get("metadata"),
            input_tokens=len(instructions or self.session["instructions"]) // 4,
        )
        self._response = ResponseStream(
            plan,
            emit=self._put,
            synthesizer=self._synth,
            items=self._items,
            pace=self._pace,
            chunk_ms=self._behaviour.chunk_ms,
            on_call=self._conversation.called,
            on_done=self._response_done,
        )
        self._response_task = asyncio.create_task(self._run_response(self._response))

    def _response_done(self, stream: ResponseStream) -> None:
        """Just before `response.done` goes out: a new `response.create` is welcome from here on."""
        if stream.cancel_reason and stream.plan.turn.call and not stream.call_sent:
            self._conversation.interrupted()
        if stream.plan.modality == "audio" and stream.audio_ms > 0:
            self._voice_locked = True
        if self._response is stream:
            self._response = None

    async def _run_response(self, stream: ResponseStream) -> None:
        try:
            await stream.run()
        except Exception:
            log.exception("stand-in session %s failed streaming %s", self.session_id, stream.response_id)
            self._response_done(stream)


def _json(event: dict[str, Any]) -> str:
    """An event as the text frame the Realtime API sends (orjson: every audio delta goes through here)."""
    return orjson.dumps(event).decode()
