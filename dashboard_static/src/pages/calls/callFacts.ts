/** How a call's facts read on the calls screens: channel, status, end reason, sentiment, transfer result,
 * and who called. Pure: the table and the call page share these words. */
import type { Call, CallStatus, Channel, User } from "../../api/types";

type EndReason = NonNullable<Call["end_reason"]>;
type Analysis = NonNullable<Call["analysis"]>;
type Sentiment = NonNullable<Analysis["sentiment"]>;
type TransferResult = NonNullable<Call["transfer"]>["result"];
type Tone = "ok" | "warn" | "danger" | "";

export const CHANNELS: Channel[] = ["phone", "web", "test"];
export const STATUSES: CallStatus[] = ["ringing", "in_progress", "transferred", "ended"];

export const channelLabel: Record<Channel, string> = { phone: "Phone", web: "Web", test: "Test call" };

/** What kind of call it was, as a phrase ("Phone call"). */
export const callKindLabel: Record<Channel, string> = {
  phone: "Phone call",
  web: "Web call (embed)",
  test: "Test call (dashboard)",
};

export const statusLabel: Record<CallStatus, string> = {
  ringing: "Ringing",
  in_progress: "Live",
  transferred: "Transferred",
  ended: "Ended",
};

export const statusTone: Record<CallStatus, Tone> = { ringing: "warn", in_progress: "ok", transferred: "warn", ended: "" };

export const endReasonLabel: Record<EndReason, string> = {
  caller_hangup: "Caller hung up",
  agent_ended: "Agent ended the call",
  transferred: "Handed to a person",
  max_duration: "Reached the time limit",
  silence_timeout: "Caller went silent",
  provider_error: "AI provider failed",
  shutdown: "Voice runtime shut down",
  error: "Failed",
};

/** Reasons worth a second look in a list of calls. */
export const endReasonTone: Record<EndReason, Tone> = {
  caller_hangup: "",
  agent_ended: "",
  transferred: "",
  max_duration: "warn",
  silence_timeout: "warn",
  provider_error: "danger",
  shutdown: "danger",
  error: "danger",
};

export const sentimentTone: Record<Sentiment, Tone> = { positive: "ok", neutral: "", negative: "danger" };

export function sentimentLabel(sentiment: Sentiment): string {
  return sentiment.charAt(0).toUpperCase() + sentiment.slice(1);
}

export const transferResultLabel: Record<TransferResult, string> = {
  initiated: "Dialling",
  connected: "Connected",
  no_answer: "No answer",
  failed: "Failed",
  callback_offered: "Callback offered",
};

/** Who was on the line: the number (phone), the page's origin (web), or the user who tested (test). */
export function callerLabel(call: Pick<Call, "channel" | "caller">, users: Map<string, User>): string {
  if (!call.caller) return "Unknown";
  if (call.channel === "test") {
    const user = users.get(call.caller);
    return user ? user.name : "A user of this account";
  }
  return call.caller;
}

/** "+0:07" from 7_000 ms: a moment on the call's own clock. */
export function offsetLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${h ? String(m).padStart(2, "0") : m}:${String(s).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** "+0:07.3": the same, to a tenth of a second (the timeline's events can be close together). */
export function preciseOffsetLabel(ms: number): string {
  const tenths = Math.floor((Math.max(0, ms) % 1000) / 100);
  return `+${offsetLabel(ms)}.${tenths}`;
}

/** Milliseconds between two instants, or null when either is unknown. */
export function millisBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  return Math.max(0, new Date(to).getTime() - new Date(from).getTime());
}
