"""Server events and conversation items of the GA Realtime protocol, built as the wire dicts the provider sends.

Pure builders (no ids minted, no clocks): the session passes ids in, and its writer stamps each event's
`event_id` on the way out. Shapes follow `openai.types.realtime` (checked by the tests).
"""

from __future__ import annotations

from typing import Any

from local_platform.realtime_standin.audio_codec import AudioFormat

Event = dict[str, Any]


def _event(kind: str, **fields: Any) -> Event:
    return {"type": kind, **fields}


def audio_format(fmt: AudioFormat) -> dict[str, Any]:
    return {"type": fmt.kind, "rate": fmt.rate} if fmt.kind == "audio/pcm" else {"type": fmt.kind}


# conversation items


def user_audio_item(item_id: str, transcript: str | None = None) -> dict[str, Any]:
    return {
        "id": item_id,
        "object": "realtime.item",
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_audio", "transcript": transcript}],
    }


def client_item(item: dict[str, Any], item_id: str) -> dict[str, Any]:
    """An item from `conversation.item.create` as the server echoes it (audio bytes are not echoed)."""
    echoed = {"id": item_id, "object": "realtime.item", **{k: v for k, v in item.items() if k != "id"}}
    echoed.setdefault("status", "completed")
    if "content" in echoed:
        echoed["content"] = [{k: v for k, v in part.items() if k != "audio"} for part in echoed["content"]]
    return echoed


def assistant_item(item_id: str, status: str, modality: str, text: str | None) -> dict[str, Any]:
    """An assistant message; `text` None while it is being generated (no content yet)."""
    if text is None:
        content = []
    elif modality == "audio":
        content = [{"type": "output_audio", "transcript": text}]
    else:
        content = [{"type": "output_text", "text": text}]
    item = {"id": item_id, "object": "realtime.item", "type": "message", "status": status, "role": "assistant"}
    return {**item, "content": content}


def function_call_item(item_id: str, call_id: str, name: str, arguments: str, status: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "object": "realtime.item",
        "type": "function_call",
        "status": status,
        "name": name,
        "call_id": call_id,
        "arguments": arguments,
    }


# session, errors, input audio


def session_created(session: dict[str, Any]) -> Event:
    return _event("session.created", session=session)


def session_updated(session: dict[str, Any]) -> Event:
    return _event("session.updated", session=session)


def error(body: dict[str, Any]) -> Event:
    return _event("error", error=body)


def speech_started(audio_start_ms: int, item_id: str) -> Event:
    return _event("input_audio_buffer.speech_started", audio_start_ms=audio_start_ms, item_id=item_id)


def speech_stopped(audio_end_ms: int, item_id: str) -> Event:
    return _event("input_audio_buffer.speech_stopped", audio_end_ms=audio_end_ms, item_id=item_id)


def committed(item_id: str, previous_item_id: str | None) -> Event:
    return _event("input_audio_buffer.committed", previous_item_id=previous_item_id, item_id=item_id)


def cleared() -> Event:
    return _event("input_audio_buffer.cleared")


# the conversation


def item_added(item: dict[str, Any], previous_item_id: str | None) -> Event:
    return _event("conversation.item.added", previous_item_id=previous_item_id, item=item)


def item_done(item: dict[str, Any], previous_item_id: str | None) -> Event:
    return _event("conversation.item.done", previous_item_id=previous_item_id, item=item)


def item_deleted(item_id: str) -> Event:
    return _event("conversation.item.deleted", item_id=item_id)


def item_retrieved(item: dict[str, Any]) -> Event:
    return _event("conversation.item.retrieved", item=item)


def item_truncated(item_id: str, content_index: int, audio_end_ms: int) -> Event:
    return _event(
        "conversation.item.truncated", item_id=item_id, content_index=content_index, audio_end_ms=audio_end_ms
    )


def transcription_completed(item_id: str, transcript: str, audio_ms: float) -> Event:
    audio_tokens = max(1, round(audio_ms / 100))  # ~10 input tokens per second of audio
    text_tokens = max(1, len(transcript) // 4)
    usage = {
        "type": "tokens",
        "total_tokens": audio_tokens + text_tokens,
        "input_tokens": audio_tokens,
        "input_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens},
        "output_tokens": text_tokens,
    }
    return _event(
        "conversation.item.input_audio_transcription.completed",
        item_id=item_id,
        content_index=0,
        transcript=transcript,
        usage=usage,
    )


# responses


def usage(*, input_text: int, input_audio: int, output_text: int, output_audio: int) -> dict[str, Any]:
    return {
        "total_tokens": input_text + input_audio + output_text + output_audio,
        "input_tokens": input_text + input_audio,
        "output_tokens": output_text + output_audio,
        "input_token_details": {
            "text_tokens": input_text,
            "audio_tokens": input_audio,
            "image_tokens": 0,
            "cached_tokens": 0,
            "cached_tokens_details": {"text_tokens": 0, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": output_text, "audio_tokens": output_audio},
    }


def response(
    response_id: str,
    *,
    status: str,
    output: list[dict[str, Any]],
    conversation_id: str | None,
    modalities: list[str],
    output_format: dict[str, Any],
    voice: Any,
    metadata: dict[str, Any] | None = None,
    status_details: dict[str, Any] | None = None,
    usage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "object": "realtime.response",
        "id": response_id,
        "status": status,
        "status_details": status_details,
        "output": output,
        "conversation_id": conversation_id,
        "output_modalities": modalities,
        "max_output_tokens": "inf",
        "audio": {"output": {"format": output_format, "voice": voice}},
        "usage": usage,
        "metadata": metadata,
    }


def response_created(body: dict[str, Any]) -> Event:
    return _event("response.created", response=body)


def response_done(body: dict[str, Any]) -> Event:
    return _event("response.done", response=body)


def output_item_added(response_id: str, output_index: int, item: dict[str, Any]) -> Event:
    return _event("response.output_item.added", response_id=response_id, output_index=output_index, item=item)


def output_item_done(response_id: str, output_index: int, item: dict[str, Any]) -> Event:
    return _event("response.output_item.done", response_id=response_id, output_index=output_index, item=item)


def _part_event(kind: str, response_id: str, item_id: str, output_index: int, **fields: Any) -> Event:
    return _event(kind, response_id=response_id, item_id=item_id, output_index=output_index, content_index=0, **fields)


def content_part_added(response_id: str, item_id: str, output_index: int, part: dict[str, Any]) -> Event:
    return _part_event("response.content_part.added", response_id, item_id, output_index, part=part)


def content_part_done(response_id: str, item_id: str, output_index: int, part: dict[str, Any]) -> Event:
    return _part_event("response.content_part.done", response_id, item_id, output_index, part=part)


def audio_delta(response_id: str, item_id: str, output_index: int, delta: str) -> Event:
    return _part_event("response.output_audio.delta", response_id, item_id, output_index, delta=delta)


def audio_done(response_id: str, item_id: str, output_index: int) -> Event:
    return _part_event("response.output_audio.done", response_id, item_id, output_index)


def transcript_delta(response_id: str, item_id: str, output_index: int, delta: str) -> Event:
    return _part_event("response.output_audio_transcript.delta", response_id, item_id, output_index, delta=delta)


def transcript_done(response_id: str, item_id: str, output_index: int, transcript: str) -> Event:
    kind = "response.output_audio_transcript.done"
    return _part_event(kind, response_id, item_id, output_index, transcript=transcript)


def text_delta(response_id: str, item_id: str, output_index: int, delta: str) -> Event:
    return _part_event("response.output_text.delta", response_id, item_id, output_index, delta=delta)


def text_done(response_id: str, item_id: str, output_index: int, text: str) -> Event:
    return _part_event("response.output_text.done", response_id, item_id, output_index, text=text)


def arguments_delta(response_id: str, item_id: str, output_index: int, call_id: str, delta: str) -> Event:
    return _event(
        "response.function_call_arguments.delta",
        response_id=response_id,
        item_id=item_id,
        output_index=output_index,
        call_id=call_id,
        delta=delta,
    )


def arguments_done(response_id: str, item: dict[str, Any], output_index: int) -> Event:
    return _event(
        "response.function_call_arguments.done",
        response_id=response_id,
        item_id=item["id"],
        output_index=output_index,
        call_id=item["call_id"],
        name=item["name"],
        arguments=item["arguments"],
    )


def rate_limits_updated(remaining_tokens: int) -> Event:
    limit = {"name": "tokens", "limit": 15_000_000, "remaining": remaining_tokens, "reset_seconds": 0.001}
    return _event("rate_limits.updated", rate_limits=[limit])
