/** The signed-in session: the Cognito ID token the API's authorizer checks, kept for this browser tab.
 * A tiny external store (read with `useSession`) so a 401 anywhere can mark it expired at once. */
import { useSyncExternalStore } from "react";

export type SessionState = "signed-out" | "signed-in" | "expired";
export type Tokens = { id_token: string; refresh_token?: string | null };

const KEY = "vocadesk.session";
const listeners = new Set<() => void>();
let expired = false;

function read(): Tokens | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Tokens | null;
  } catch {
    return null;
  }
}

/** Seconds since the epoch at which a JWT stops being accepted (its `exp`), or 0 when unreadable. */
export function expiresAt(jwt: string): number {
  try {
    const payload = jwt.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    return Number((JSON.parse(json) as { exp?: number }).exp ?? 0);
  } catch {
    return 0;
  }
}

function notify() {
  for (const listener of listeners) listener();
}

export const session = {
  token(): string | null {
    return expired ? null : (read()?.id_token ?? null);
  },
  /** The hosted sign-in's refresh token, to renew an expired session without leaving the page. */
  refreshToken(): string | null {
    return read()?.refresh_token ?? null;
  },
  state(): SessionState {
    const tokens = read();
    if (!tokens) return "signed-out";
    if (expired || expiresAt(tokens.id_token) * 1000 <= Date.now()) return "expired";
    return "signed-in";
  },
  signIn(tokens: Tokens) {
    sessionStorage.setItem(KEY, JSON.stringify(tokens));
    expired = false;
    notify();
  },
  /** The API refused the token (401): keep the page as it is and ask to sign in again over it. */
  expire() {
    if (!read() || expired) return;
    expired = true;
    notify();
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    expired = false;
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.state);
}
