/** Cognito's hosted sign-in: OAuth 2.0 authorization code with PKCE (RFC 7636, S256), no client secret.
 * The verifier and state live in sessionStorage between the redirect out and the redirect back. */
import type { HostedSignIn } from "./config";
import { session, type Tokens } from "./session";

const PENDING = "vocadesk.pkce";
export const CALLBACK_PATH = "/auth/callback";

function base64Url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** BASE64URL(SHA256(verifier)): the `code_challenge` for `code_challenge_method=S256`. */
export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function redirectUri(): string {
  return `${location.origin}${CALLBACK_PATH}`;
}

function origin(config: HostedSignIn): string {
  return config.domain.startsWith("http") ? config.domain.replace(/\/+$/, "") : `https://${config.domain}`;
}

/** Where to land after signing in: a path of this app, never the callback itself (signing in again from a
 * refused callback would otherwise land on that spent callback and be refused again) nor another origin. */
function landingPath(returnTo: string): string {
  const isOwnPath = returnTo.startsWith("/") && !returnTo.startsWith("//");
  return isOwnPath && !returnTo.startsWith(CALLBACK_PATH) ? returnTo : "/";
}

/** The authorize URL to send the browser to; `returnTo` is where to land after signing in. */
export async function authorizeUrl(config: HostedSignIn, returnTo: string): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: landingPath(returnTo) }));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: config.client_id,
    redirect_uri: redirectUri(),
    scope: (config.scopes ?? ["openid", "email", "profile"]).join(" "),
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  });
  return `${origin(config)}/oauth2/authorize?${query}`;
}

type Completed = { tokens: Tokens; returnTo: string };
let exchanging: { code: string; result: Promise<Completed> } | null = null;

/** Trades the callback's `code` for tokens; returns them and where to go next. A code is good for one
 * exchange, so a callback screen mounted twice (React's StrictMode does that) shares the first exchange. */
export function completeSignIn(config: HostedSignIn, url: URL): Promise<Completed> {
  const code = url.searchParams.get("code");
  if (code && exchanging?.code === code) return exchanging.result;
  const result = exchangeCode(config, url);
  exchanging = code ? { code, result } : null;
  return result;
}

async function exchangeCode(config: HostedSignIn, url: URL): Promise<Completed> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as
    | { verifier: string; state: string; returnTo: string }
    | null;
  sessionStorage.removeItem(PENDING);
  const error = url.searchParams.get("error");
  if (error) throw new Error(url.searchParams.get("error_description") ?? error);
  const code = url.searchParams.get("code");
  if (!pending || !code || url.searchParams.get("state") !== pending.state) {
    throw new Error("This sign-in link is stale or was not started here. Sign in again.");
  }
  const response = await fetch(`${origin(config)}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.client_id,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Sign-in was refused (${response.status}). Sign in again.`);
  const body = (await response.json()) as Tokens;
  return { tokens: body, returnTo: landingPath(pending.returnTo || "/") };
}

/** A fresh ID token from the session's refresh token (the token endpoint's refresh grant), without leaving
 * the page: an expired session carries on where it was. False when there is none or it is refused. */
export async function refreshSession(config: HostedSignIn): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return false;
  try {
    const response = await fetch(`${origin(config)}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: config.client_id,
        refresh_token: refreshToken,
      }),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as Tokens;
    // Cognito hands out a new refresh token only when rotation is on: otherwise the one we have stays good.
    session.signIn({ ...body, refresh_token: body.refresh_token ?? refreshToken });
    return true;
  } catch {
    return false;
  }
}

/** Cognito's logout endpoint: ends the hosted session too, then comes back to the dashboard. */
export function logoutUrl(config: HostedSignIn): string {
  const query = new URLSearchParams({ client_id: config.client_id, logout_uri: `${location.origin}/` });
  return `${origin(config)}/logout?${query}`;
}
