/** A test call of a saved agent from the browser: a ticket from the API (channel `test`), the SDK started
 * with it (microphone, or typed turns only), its live transcript, and the call's id for its review page. */
import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../../api/client";
import { errorMessage } from "../../../api/errors";
import type { CallTicket } from "../../../api/types";
import { loadSdk, type CallState, type Speaker, type VocadeskSdk } from "./sdk";

export type Phase = "idle" | "starting" | Exclude<CallState, "idle" | "unavailable">;
export type TranscriptTurn = { id: number; speaker: Speaker; text: string };

export type TestCall = {
  phase: Phase;
  /** The SDK's status sentence while connecting or live ("Agent speaking…"). */
  status: string;
  turns: TranscriptTurn[];
  callId: string | null;
  endReason: string | null;
  error: string | null;
  muted: boolean;
  withMicrophone: boolean;
};

const IDLE: TestCall = { phase: "idle", status: "", turns: [], callId: null, endReason: null, error: null, muted: false, withMicrophone: true };

export function useTestCall(agentId: string) {
  const [call, setCall] = useState<TestCall>(IDLE);
  const sdk = useRef<VocadeskSdk | null>(null);
  const detach = useRef<(() => void) | null>(null);
  const nextTurn = useRef(0);

  // Leaving the page hangs up: a test call never outlives its editor.
  useEffect(
    () => () => {
      const live = sdk.current && ["connecting", "live", "speaking"].includes(sdk.current.state);
      if (live) sdk.current?.stop();
      detach.current?.();
    },
    [],
  );

  function listen(vocadesk: VocadeskSdk) {
    detach.current?.();
    // Once the call is over, after its last event has reached every listener (the SDK calls them in turn).
    const stopListening = () =>
      setTimeout(() => {
        detachThis();
        if (detach.current === detachThis) detach.current = null;
      });
    const offs = [
      vocadesk.on("state", ({ state, message, callId }) => {
        if (state === "connecting" || state === "live" || state === "speaking") {
          setCall((c) => ({ ...c, phase: state, status: message, callId: callId ?? c.callId }));
        }
      }),
      vocadesk.on("ready", ({ callId }) => setCall((c) => ({ ...c, callId }))),
      vocadesk.on("transcript", ({ speaker, text }) => {
        nextTurn.current += 1;
        const turn = { id: nextTurn.current, speaker, text };
        setCall((c) => ({ ...c, turns: [...c.turns, turn] }));
      }),
      vocadesk.on("mute", ({ muted }) => setCall((c) => ({ ...c, muted }))),
      vocadesk.on("ended", ({ callId, reason }) => {
        const id = callId ?? vocadesk.stats().callId;
        setCall((c) => ({ ...c, phase: "ended", status: "", callId: id ?? c.callId, endReason: reason, muted: false }));
        stopListening();
      }),
      vocadesk.on("error", ({ message }) => {
        const id = vocadesk.stats().callId;
        setCall((c) => ({ ...c, phase: "error", status: "", error: message, callId: id ?? c.callId, muted: false }));
        stopListening();
      }),
    ];
    const detachThis = () => offs.forEach((off) => off());
    detach.current = detachThis;
  }

  async function start(withMicrophone: boolean) {
    setCall({ ...IDLE, phase: "starting", status: "Starting…", withMicrophone });
    try {
      const [ticket, vocadesk] = await Promise.all([
        unwrap<CallTicket>(api.POST("/v1/agents/{agent_id}/test-call", { params: { path: { agent_id: agentId } } })),
        loadSdk(),
      ]);
      sdk.current = vocadesk;
      listen(vocadesk);
      await vocadesk.start({ token: ticket.token, runtimeUrl: ticket.runtime_url, mic: withMicrophone });
    } catch (error) {
      // The SDK reports its own failures through `error` too; this catches the API's and the script's.
      setCall((c) => (c.phase === "error" ? c : { ...c, phase: "error", status: "", error: errorMessage(error) }));
    }
  }

  return {
    call,
    start,
    hangUp: () => sdk.current?.stop(),
    toggleMute: () => sdk.current?.mute(),
    /** A typed turn; false when the call is not live (the SDK then sends nothing). */
    say: (text: string) => sdk.current?.sendText(text) ?? false,
  };
}
