/** Try the saved agent from the browser: talk through the microphone or type turns, read the transcript as
 * it happens, hang up, then open the call's review page. */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { useTestCall, type TestCall } from "./useTestCall";

const LIVE = new Set(["connecting", "live", "speaking"]);

const END_REASONS: Record<string, string> = {
  caller_hangup: "You hung up.",
  agent_ended: "The agent ended the call.",
  transferred: "The agent transferred the call.",
  max_duration: "The call reached its time limit.",
  silence_timeout: "Nobody spoke for too long.",
  provider_error: "The AI provider failed.",
  shutdown: "The voice runtime was restarting.",
  error: "Something went wrong in the voice runtime.",
};

type Props = { agentId: string; agentName: string; dirty: boolean };

export function TestCallPanel({ agentId, agentName, dirty }: Props) {
  const titleId = useId();
  const { call, start, hangUp, toggleMute, say } = useTestCall(agentId);
  const [withMicrophone, setWithMicrophone] = useState(true);
  const live = LIVE.has(call.phase);
  const busy = live || call.phase === "starting";
  const hangUpButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);

  // Focus follows the call: to Hang up when it starts, back to Start when it is over.
  useEffect(() => {
    if (call.phase === "connecting") hangUpButton.current?.focus();
    if ((call.phase === "ended" || call.phase === "error") && document.activeElement === document.body) {
      startButton.current?.focus();
    }
  }, [call.phase]);

  return (
    <section className="card test-call" aria-labelledby={titleId}>
      <h2 id={titleId}>Test call</h2>
      <p className="hint">
        Talk to {agentName} in your browser as a caller would. Test calls are recorded and analysed like any other, on
        the <code>test</code> channel.
      </p>
      {dirty && (
        <p className="notice warn">The test call uses the saved agent: save your changes first to try them.</p>
      )}

      {!busy && (
        <div className="stack">
          <fieldset className="checkbox-group">
            <legend>How you will talk</legend>
            <label className="checkbox-option">
              <input type="radio" name="test-call-input" checked={withMicrophone} onChange={() => setWithMicrophone(true)} />
              Microphone (and typed turns)
            </label>
            <label className="checkbox-option">
              <input type="radio" name="test-call-input" checked={!withMicrophone} onChange={() => setWithMicrophone(false)} />
              Typed turns only, no microphone
            </label>
          </fieldset>
          <button type="button" className="primary" ref={startButton} onClick={() => void start(withMicrophone)}>
            {call.phase === "idle" ? "Start test call" : "Start another test call"}
          </button>
        </div>
      )}

      <p className="call-status" role="status">
        {busy ? call.status : ""}
      </p>
      {busy && (
        <div className="row">
          {call.withMicrophone && (
            <button type="button" aria-pressed={call.muted} onClick={toggleMute} disabled={!live}>
              {call.muted ? "Unmute" : "Mute"}
            </button>
          )}
          <button type="button" className="danger" ref={hangUpButton} onClick={hangUp}>
            Hang up
          </button>
        </div>
      )}
      {live && <TypedTurn onSay={say} ready={call.phase !== "connecting"} />}

      <Transcript turns={call.turns} agentName={agentName} />
      <Outcome call={call} />
    </section>
  );
}

function TypedTurn({ onSay, ready }: { onSay: (text: string) => boolean; ready: boolean }) {
  const inputId = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    if (onSay(text.trim())) {
      setText("");
      setProblem(null);
    } else {
      setProblem("The call is not live yet: wait for it to connect, then send again.");
    }
  }
  return (
    <form className="typed-turn" onSubmit={submit}>
      <label htmlFor={inputId}>Type what the caller says</label>
      <div className="row">
        <input id={inputId} value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" />
        <button type="submit" disabled={!ready}>
          Send
        </button>
      </div>
      <p className="form-error" role="alert">
        {problem}
      </p>
    </form>
  );
}

function Transcript({ turns, agentName }: { turns: TestCall["turns"]; agentName: string }) {
  const end = useRef<HTMLLIElement>(null);
  // A block body: scrollIntoView returns a Promise in newer Chromium, which React would take for a cleanup.
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [turns.length]);
  if (turns.length === 0) return null;
  return (
    <>
      <h3>Transcript</h3>
      <div className="live-transcript" role="log" aria-live="polite" aria-label="Live transcript" tabIndex={0}>
        <ol>
          {turns.map((turn, index) => (
            <li key={turn.id} className={turn.speaker} ref={index === turns.length - 1 ? end : undefined}>
              <span className="speaker">{turn.speaker === "agent" ? agentName : "You"}</span>
              <span className="text">{turn.text}</span>
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}

function Outcome({ call }: { call: TestCall }) {
  if (call.phase !== "ended" && call.phase !== "error") return null;
  const review = call.callId ? (
    <p>
      <Link href={`/calls/${call.callId}`}>Review this call</Link>: its recording, transcript and analysis (which
      follow within moments).
    </p>
  ) : null;
  if (call.phase === "error") {
    return (
      <div className="call-outcome">
        <p className="form-error" role="alert">
          {call.error}
        </p>
        {review}
      </div>
    );
  }
  const reason = call.endReason ?? "";
  return (
    <div className="call-outcome" role="status">
      <p>Call ended. {END_REASONS[reason] ?? (reason ? `(${reason.replace(/_/g, " ")})` : "")}</p>
      {review}
    </div>
  );
}
