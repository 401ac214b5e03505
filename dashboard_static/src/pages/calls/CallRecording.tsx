/** The recording player and the transcript, kept in step: a turn plays the recording from its start, and
 * the turn being heard is marked as the audio plays. An expired recording link is renewed before playing. */
import { useRef, useState } from "react";
import { errorMessage } from "../../api/errors";
import type { CallDetail, Turn } from "../../api/types";
import { Transcript, turnAt } from "./Transcript";
import { useRecordingSource } from "./useRecordingSource";

type Props = {
  call: CallDetail;
  agentName: string;
  /** The agent's setting, when known: explains a missing recording. */
  recordsCalls: boolean | undefined;
  /** Reads the call again (for a fresh recording link). */
  reread: () => Promise<CallDetail | undefined>;
};

type Resume = { at: number; play: boolean };

export function CallRecording({ call, agentName, recordsCalls, reread }: Props) {
  const audio = useRef<HTMLAudioElement>(null);
  const { url, isStale, renew } = useRecordingSource(call, reread);
  const [positionMs, setPositionMs] = useState(0);
  const [heard, setHeard] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Where to carry on once a renewed link has loaded, and which link already failed once.
  const resume = useRef<Resume | null>(null);
  const failed = useRef<string | null>(null);

  function carryOn(element: HTMLAudioElement, { at, play }: Resume) {
    element.currentTime = at;
    if (play) void element.play().catch(() => undefined); // a refusal leaves the player paused, as it was
  }

  async function renewThen(pending: Resume) {
    const before = url;
    resume.current = pending;
    let next: string | null;
    try {
      next = await renew();
    } catch (error) {
      resume.current = null;
      setProblem(`The recording link could not be renewed: ${errorMessage(error)}`);
      return;
    }
    if (!next) {
      resume.current = null;
      setProblem("The recording is no longer available.");
    } else if (next === before && audio.current) {
      resume.current = null; // the same link: the player will not reload, so carry on now
      carryOn(audio.current, pending);
    }
  }

  function playFrom(turn: Turn) {
    const element = audio.current;
    if (!element) return;
    const at = turn.started_ms / 1000;
    setHeard(true);
    setPositionMs(turn.started_ms);
    if (isStale()) {
      element.pause();
      void renewThen({ at, play: true });
    } else {
      carryOn(element, { at, play: true });
    }
  }

  const events = {
    onPlay: () => {
      const element = audio.current;
      setHeard(true);
      if (element && isStale()) {
        element.pause();
        void renewThen({ at: element.currentTime, play: true });
      }
    },
    onTimeUpdate: () => setPositionMs((audio.current?.currentTime ?? 0) * 1000),
    onSeeked: () => {
      setHeard(true);
      setPositionMs((audio.current?.currentTime ?? 0) * 1000);
    },
    onLoadedMetadata: () => {
      const element = audio.current;
      const pending = resume.current;
      setProblem(null);
      if (element && pending) {
        resume.current = null;
        carryOn(element, pending);
      }
    },
    onError: () => {
      const element = audio.current;
      if (!element || !url) return;
      if (failed.current === url) {
        setProblem("The recording could not be loaded. Reload the page to try again.");
        return;
      }
      failed.current = url; // most likely an expired or refused link: renew it once
      void renewThen({ at: element.currentTime, play: !element.paused });
    },
  };

  return (
    <section className="card" aria-labelledby="call-transcript-heading">
      <h2 id="call-transcript-heading">Recording and transcript</h2>
      {url ? (
        <div className="calls-player">
          <audio ref={audio} controls preload="metadata" src={url} aria-label="Call recording" {...events} />
          <p className="hint">Choose a turn to play the recording from there.</p>
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
        </div>
      ) : (
        <p className="calls-muted">{noRecordingReason(call, recordsCalls)}</p>
      )}
      <Transcript
        turns={call.turns}
        agentName={agentName}
        current={url && heard ? turnAt(call.turns, positionMs) : null}
        onSeek={url ? playFrom : undefined}
        live={call.status !== "ended"}
      />
    </section>
  );
}

function noRecordingReason(call: CallDetail, recordsCalls: boolean | undefined): string {
  if (call.status !== "ended") return "The recording can be played once the call has ended.";
  if (call.recording) return "The recording cannot be played right now. Reload the page to try again.";
  if (recordsCalls === false) return "Not recorded: this agent does not record calls.";
  return "No recording was stored for this call.";
}
