/** Whether a call may still change (live, or ended with its analysis on the way), which is when the calls
 * screens poll the API. Bounded: a call whose end never arrived, or whose analysis failed for good, stops
 * being polled after a while instead of forever. */
import type { Call } from "../../api/types";

/** Analyses normally land seconds after the end (retries included, a few minutes at worst). */
const ANALYSIS_WAIT_MS = 10 * 60_000;
/** Longer than any call may last: a call "live" for longer lost its end event. */
const LIVE_WAIT_MS = 4 * 60 * 60_000;

export const POLL_LIVE_MS = 2_000;
export const POLL_LIST_MS = 5_000;

type Facts = Pick<Call, "status" | "analysis" | "started_at" | "ended_at">;

function within(instant: string | null | undefined, span: number, now: number): boolean {
  return !instant || now - Date.parse(instant) < span;
}

export function isLive(call: Facts, now = Date.now()): boolean {
  return call.status !== "ended" && within(call.started_at, LIVE_WAIT_MS, now);
}

export function analysisPending(call: Facts, now = Date.now()): boolean {
  return call.status === "ended" && !call.analysis && within(call.ended_at, ANALYSIS_WAIT_MS, now);
}

export function mayStillChange(call: Facts, now = Date.now()): boolean {
  return isLive(call, now) || analysisPending(call, now);
}
