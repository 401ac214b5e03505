/** Signing out, from the shell or from the expired-session dialog: unsaved agent drafts are named first (they
 * would be discarded), then the session, the cache and the drafts go, and in AWS Cognito's hosted session too. */
import type { AuthConfig } from "../auth/config";
import { logoutUrl } from "../auth/pkce";
import { session } from "../auth/session";
import { draftStore } from "../pages/agents/editor/draftStore";
import { queryClient } from "./query";

/** False when the person chose to stay (to save their drafts first). */
export function signOut(auth: AuthConfig): boolean {
  const drafts = draftStore.count();
  if (drafts > 0) {
    const what = drafts === 1 ? "an agent" : `${drafts} agents`;
    if (!window.confirm(`You have unsaved changes to ${what}. Sign out and discard them?`)) return false;
  }
  draftStore.clearAll();
  session.signOut();
  queryClient.clear();
  if (auth.mode === "hosted") window.location.assign(logoutUrl(auth));
  return true;
}
