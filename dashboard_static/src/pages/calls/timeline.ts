/** The call's events in order, derived from what the call holds (its start, turns, transfer, end,
 * recording and analysis), each at its moment from the start of the call where one is known. Pure. */
import type { CallDetail } from "../../api/types";
import { formatDuration } from "../../format";
import { callKindLabel, endReasonLabel, millisBetween, sentimentLabel, transferResultLabel } from "./callFacts";
import { analysisPending } from "./liveness";

export type TimelineEntry = {
  key: string;
  /** From the start of the call; null when the call does not say when (e.g. the analysis). */
  atMs: number | null;
  title: string;
  detail?: string;
  tone?: "ok" | "warn" | "danger";
};

const EXCERPT = 90;

function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text;
}

export function timelineOf(call: CallDetail, agentName: string, now = Date.now()): TimelineEntry[] {
  // Events can arrive in any order: a call may hold turns before the start that dates them.
  const head: TimelineEntry[] = call.started_at
    ? []
    : [{ key: "ringing", atMs: null, title: "Ringing", detail: "Not answered yet" }];
  const entries: TimelineEntry[] = [];
  if (call.started_at) {
    entries.push({ key: "started", atMs: 0, title: "Call started", detail: callKindLabel[call.channel] });
  }

  for (const turn of call.turns) {
    entries.push({
      key: `turn-${turn.seq}`,
      atMs: turn.started_ms,
      title: `${turn.speaker === "agent" ? agentName : "Caller"} spoke`,
      detail: `${excerpt(turn.text)}${turn.interrupted ? " (cut off)" : ""}`,
    });
  }

  const transfer = call.transfer;
  if (transfer) {
    const where = transfer.destination ? ` to ${transfer.destination}` : "";
    const rule = transfer.rule_id ? ` by rule ${transfer.rule_id}` : "";
    entries.push({
      key: "transfer",
      atMs: millisBetween(call.started_at, transfer.at),
      title: `Transfer: ${transferResultLabel[transfer.result]}`,
      detail: `${transfer.mode === "warm" ? "Warm" : "Cold"} transfer${where}${rule}${transfer.reason ? `: ${transfer.reason}` : ""}`,
      tone: transfer.result === "connected" ? "ok" : transfer.result === "initiated" ? undefined : "warn",
    });
  }

  if (call.ended_at || call.end_reason) {
    entries.push({
      key: "ended",
      atMs: call.duration_ms ?? millisBetween(call.started_at, call.ended_at),
      title: "Call ended",
      detail: call.end_reason ? endReasonLabel[call.end_reason] : undefined,
      tone: call.end_reason === "error" || call.end_reason === "provider_error" ? "danger" : undefined,
    });
  }

  if (call.recording) {
    entries.push({
      key: "recording",
      atMs: null,
      title: "Recording stored",
      detail: `${formatDuration(call.recording.duration_ms)} of audio (${call.recording.format ?? "wav"})`,
    });
  }

  if (call.analysis) {
    const { sentiment, outcome } = call.analysis;
    entries.push({
      key: "analysis",
      atMs: null,
      title: "Analysis ready",
      detail: [sentiment && `${sentimentLabel(sentiment)} sentiment`, outcome].filter(Boolean).join(", "),
      tone: "ok",
    });
  } else if (analysisPending(call, now)) {
    entries.push({ key: "analysis", atMs: null, title: "Analysis in progress" });
  }

  // Known moments in order; the undated ones (after-call work) follow, in the order they happen.
  const dated = entries.filter((entry) => entry.atMs !== null).sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  return [...head, ...dated, ...entries.filter((entry) => entry.atMs === null)];
}
