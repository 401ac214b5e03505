/** The Vocadesk web-call SDK (sdk/vocadesk.js, served at /sdk/vocadesk.js), loaded with a script tag the
 * first time a test call starts, and typed as sdk/README.md documents it. */

export type CallState = "idle" | "unavailable" | "connecting" | "live" | "speaking" | "ended" | "error";
export type Speaker = "agent" | "caller";

export type SdkEvents = {
  state: { state: CallState; message: string; callId?: string | null; reason?: string; code?: string };
  ready: { callId: string | null; channel: string };
  transcript: { speaker: Speaker; text: string };
  mute: { muted: boolean };
  ended: { callId: string | null; reason: string };
  error: { code: string; message: string };
};

export type SdkStats = { state: CallState; callId: string | null; framesSent: number; samplesPlayed: number };

export interface VocadeskSdk {
  readonly version: string;
  readonly state: CallState;
  /** Resolves once the call is live; rejects with an Error whose `message` is the sentence to show. */
  start(options: { token: string; runtimeUrl: string; mic?: boolean }): Promise<{ callId: string | null }>;
  stop(): void;
  mute(on?: boolean): boolean;
  /** A typed turn; false unless a call is live. */
  sendText(text: string): boolean;
  on<E extends keyof SdkEvents>(event: E, listener: (detail: SdkEvents[E]) => void): () => void;
  stats(): SdkStats;
}

declare global {
  interface Window {
    Vocadesk?: VocadeskSdk;
  }
}

export const SDK_URL = "/sdk/vocadesk.js";
let loading: Promise<VocadeskSdk> | null = null;

export function loadSdk(): Promise<VocadeskSdk> {
  if (window.Vocadesk) return Promise.resolve(window.Vocadesk);
  loading ??= new Promise<VocadeskSdk>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SDK_URL;
    script.async = true;
    script.onload = () =>
      window.Vocadesk ? resolve(window.Vocadesk) : reject(new Error("The call library loaded but did not start."));
    script.onerror = () => {
      loading = null; // a later attempt adds a fresh tag
      script.remove();
      reject(new Error("The call library could not be loaded. Check your connection and try again."));
    };
    document.head.append(script);
  });
  return loading;
}
