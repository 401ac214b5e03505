/** Cognito's hosted sign-in: OAuth 2.0 authorization code with PKCE (RFC 7636, S256), no client secret.
 * The verifier and state live in sessionStorage between the redirect out and the redirect back. */
import type { HostedSignIn } from "./config";
import type { Tokens } from "./session";

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

/** The authorize URL to send the browser to; `returnTo` is where to land after signing in. */
export async function authorizeUrl(config: HostedSignIn, returnTo: string): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
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

/** Trades the callback's `code` for tokens; returns them and where to go next. */
export async function completeSignIn(config: HostedSignIn, url: URL): Promise<{ tokens: Tokens; returnTo: string }> {
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
  return { tokens: body, returnTo: pending.returnTo || "/" };
}

/** Cognito's logout endpoint: ends the hosted session too, then comes back to the dashboard. */
export function logoutUrl(config: HostedSignIn): string {
  const query = new URLSearchParams({ client_id: config.client_id, logout_uri: `${location.origin}/` });
  return `${origin(config)}/logout?${query}`;
}
