"""Streams one response: `response.created`, the spoken (or text) message, an optional function call, `response.done`.

Audio goes out in `chunk_ms` deltas paced at `pace` x real time (0: as fast as the outbox takes them),
with the transcript's words alongside. `cancel()` stops it between chunks; the open parts are still closed
(status "incomplete") and `response.done` says "cancelled", as the provider does.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from local_platform.realtime_standin import server_events as wire
from local_platform.realtime_standin.audio_codec import AudioFormat
from local_platform.realtime_standin.conversation import ToolCall, Turn
from local_platform.realtime_standin.conversation_items import ConversationItems
from local_platform.realtime_standin.ids import new_id
from local_platform.realtime_standin.voice import Synthesizer

Emit = Callable[[wire.Event], Awaitable[None]]


@dataclass(frozen=True)
class ResponsePlan:
    response_id: str
    turn: Turn
    modality: str  # "audio" | "text"
    fmt: AudioFormat
    voice: Any  # as the session states it (a name, or {"id": ...})
    locale: str
    in_conversation: bool  # False for `conversation: "none"` (out-of-band)
    conversation_id: str | None
    metadata: dict[str, Any] | None = None
    input_tokens: int = 0


class ResponseStream:
    def __init__(
        self,
        plan: ResponsePlan,
        *,
        emit: Emit,
        synthesizer: Synthesizer,
        items: ConversationItems,
        pace: float,
        chunk_ms: int,
        on_call: Callable[[str, str], None],
        on_done: Callable[[ResponseStream], None],
    ) -> None:
        self.plan, self._emit, self._synth, self._items = plan, emit, synthesizer, items
        self._pace, self._chunk_ms, self._on_call, self._on_done = pace, chunk_ms, on_call, on_done
        self.cancel_reason: str | None = None
        self.call_sent = False
        self.audio_ms = 0.0  # audio sent so far
        self._cancelled = asyncio.Event()

    @property
    def response_id(self) -> str:
        return self.plan.response_id

    def cancel(self, reason: str) -> None:
        """Stop at the next chunk ("turn_detected" or "client_cancelled")."""
        if self.cancel_reason is None:
            self.cancel_reason = reason
            self._cancelled.set()

    def _body(self, status: str, output: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        plan = self.plan
        return wire.response(
            plan.response_id,
            status=status,
            output=output,
            conversation_id=plan.conversation_id if plan.in_conversation else None,
            modalities=[plan.modality],
            output_format=wire.audio_format(plan.fmt),
            voice=plan.voice,
            metadata=plan.metadata,
            **extra,
        )

    async def run(self) -> None:
        await self._emit(wire.response_created(self._body("in_progress", [])))
        output: list[dict[str, Any]] = []
        turn = self.plan.turn
        if turn.say:
            output.append(await self._message(len(output), turn.say))
        if turn.call and self.cancel_reason is None:
            output.append(await self._function_call(len(output), turn.call))
        parts = [part for item in output for part in item.get("content", [])]
        text = " ".join(part.get("transcript") or part.get("text") or "" for part in parts)
        usage = wire.usage(
            input_text=self.plan.input_tokens,
            input_audio=0,
            output_text=max(1, len(text) // 4),
            output_audio=round(self.audio_ms / 50),  # ~20 audio tokens per second
        )
        if self.cancel_reason:
            details = {"type": "cancelled", "reason": self.cancel_reason}
            body = self._body("cancelled", output, status_details=details, usage=usage)
        else:
            body = self._body("completed", output, usage=usage)
        self._on_done(self)  # before the client can see response.done and ask for the next one
        await self._emit(wire.response_done(body))
        await self._emit(wire.rate_limits_updated(15_000_000 - usage["total_tokens"]))

    async def _add(self, index: int, item: dict[str, Any]) -> str | None:
        await self._emit(wire.output_item_added(self.response_id, index, item))
        if not self.plan.in_conversation:
            return None
        previous = self._items.add(item)
        await self._emit(wire.item_added(item, previous))
        return previous

    async def _finish(self, index: int, item: dict[str, Any], previous: str | None) -> dict[str, Any]:
        if self.plan.in_conversation:
            self._items.replace(item)
            await self._emit(wire.item_done(item, previous))
        await self._emit(wire.output_item_done(self.response_id, index, item))
        return item

    async def _message(self, index: int, text: str) -> dict[str, Any]:
        item_id, audio = new_id("item"), self.plan.modality == "audio"
        previous = await self._add(index, wire.assistant_item(item_id, "in_progress", self.plan.modality, None))
        part = {"type": "audio", "transcript": ""} if audio else {"type": "text", "text": ""}
        await self._emit(wire.content_part_added(self.response_id, item_id, index, part))
        said = await (self._speak(item_id, index, text) if audio else self._write(item_id, index, text))
        if audio:
            await self._emit(wire.audio_done(self.response_id, item_id, index))
            await self._emit(wire.transcript_done(self.response_id, item_id, index, said))
            part = {"type": "audio", "transcript": said}
        else:
            await self._emit(wire.text_done(self.response_id, item_id, index, said))
            part = {"type": "text", "text": said}
        await self._emit(wire.content_part_done(self.response_id, item_id, index, part))
        status = "incomplete" if self.cancel_reason else "completed"
        return await self._finish(index, wire.assistant_item(item_id, status, self.plan.modality, said), previous)

    async def _speak(self, item_id: str, index: int, text: str) -> str:
        fmt, voice = self.plan.fmt, self.plan.voice
        voice = voice.get("id", "") if isinstance(voice, dict) else str(voice)  # a custom voice: {"id": ...}
        audio = await self._synth.speech(text, voice=voice, locale=self.plan.locale, fmt=fmt)
        words = re.findall(r"\S+\s*", text)
        total_ms, starts, position = fmt.ms_for_bytes(len(audio)), [], 0
        for word in words:  # each word's place in the audio, by its place in the text
            starts.append(total_ms * position / max(1, len(text)))
            position += len(word)
        said, next_word, step = [], 0, fmt.bytes_for_ms(self._chunk_ms)
        loop = asyncio.get_running_loop()
        began = loop.time()
        for offset in range(0, len(audio), step):
            if self.cancel_reason:
                break
            piece = audio[offset : offset + step]
            end_ms = fmt.ms_for_bytes(offset + len(piece))
            while next_word < len(words) and starts[next_word] <= end_ms:
                said.append(words[next_word])
                await self._emit(wire.transcript_delta(self.response_id, item_id, index, words[next_word]))
                next_word += 1
            await self._emit(wire.audio_delta(self.response_id, item_id, index, base64.b64encode(piece).decode()))
            self.audio_ms += fmt.ms_for_bytes(len(piece))
            self._items.audio_ms[item_id] = end_ms
            await self._pace_to(began + end_ms / 1000 / self._pace if self._pace else None)
        return "".join(said).strip()

    async def _write(self, item_id: str, index: int, text: str) -> str:
        said = []
        for word in re.findall(r"\S+\s*", text):
            if self.cancel_reason:
                break
            said.append(word)
            await self._emit(wire.text_delta(self.response_id, item_id, index, word))
            await asyncio.sleep(0)
        return "".join(said).strip()

    async def _pace_to(self, deadline: float | None) -> None:
        if deadline is None:
            await asyncio.sleep(0)  # let the reader see a barge-in even when nothing waits
            return
        delay = deadline - asyncio.get_running_loop().time()
        if delay > 0:
            try:
                async with asyncio.timeout(delay):
                    await self._cancelled.wait()
            except TimeoutError:
                pass

    async def _function_call(self, index: int, call: ToolCall) -> dict[str, Any]:
        item_id, call_id, arguments = new_id("item"), new_id("call"), json.dumps(call.arguments)
        previous = await self._add(index, wire.function_call_item(item_id, call_id, call.name, "", "in_progress"))
        await self._emit(wire.arguments_delta(self.response_id, item_id, index, call_id, arguments))
        item = wire.function_call_item(item_id, call_id, call.name, arguments, "completed")
        await self._emit(wire.arguments_done(self.response_id, item, index))
        self.call_sent = True
        self._on_call(call_id, call.name)
        return await self._finish(index, item, previous)
