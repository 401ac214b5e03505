/** How this deployment signs people in, read from /config.json at start-up: the local gateway serves a
 * password form's config; the CDK stack writes the Cognito hosted sign-in's (authorization code + PKCE). */
export type PasswordSignIn = {
  mode: "password";
  demo?: { email: string; password: string };
  invite_password?: string; // what invited teammates first sign in with (the local platform's, never in AWS)
};
export type HostedSignIn = { mode: "hosted"; domain: string; client_id: string; scopes?: string[] };
export type AuthConfig = PasswordSignIn | HostedSignIn;
export type AppConfig = { auth: AuthConfig; voice_runtime_url?: string };

const FALLBACK: AppConfig = { auth: { mode: "password" } };

export async function loadConfig(): Promise<AppConfig> {
  try {
    const response = await fetch("/config.json", { headers: { accept: "application/json" } });
    if (!response.ok) return FALLBACK;
    return (await response.json()) as AppConfig;
  } catch {
    return FALLBACK;
  }
}
