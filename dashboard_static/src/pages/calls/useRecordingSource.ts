/** The recording link the player uses. The API signs a fresh short-lived link on every read, so the player
 * keeps the first one it got (each poll must not reload the audio) and asks for a new one only when that
 * has expired, or is about to, or the storage refused it. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CallDetail } from "../../api/types";

type Source = { url: string; expiresAt: number };

/** A link this close to expiry is renewed before playing: a long listen would outlive it. */
const RENEW_MARGIN_MS = 30_000;

function sourceOf(call: CallDetail | undefined): Source | null {
  if (!call?.recording_url) return null;
  const expiresAt = call.recording_url_expires_at ? Date.parse(call.recording_url_expires_at) : Infinity;
  return { url: call.recording_url, expiresAt };
}

export function useRecordingSource(call: CallDetail, reread: () => Promise<CallDetail | undefined>) {
  const [source, setSource] = useState<Source | null>(() => sourceOf(call));

  // A call that was live when the page opened gets its recording with its end.
  useEffect(() => {
    if (!source && call.recording_url) setSource(sourceOf(call));
  }, [call, source]);

  const isStale = useCallback(() => !source || source.expiresAt - Date.now() < RENEW_MARGIN_MS, [source]);

  // One renewal at a time: a second play or click while one is on its way waits for the same link.
  const renewing = useRef<Promise<string | null> | null>(null);

  /** A fresh link from the API (null if the call has none any more). */
  const renew = useCallback(() => {
    renewing.current ??= reread()
      .then((call) => {
        const next = sourceOf(call);
        setSource(next);
        return next?.url ?? null;
      })
      .finally(() => {
        renewing.current = null;
      });
    return renewing.current;
  }, [reread]);

  return { url: source?.url ?? null, isStale, renew };
}
