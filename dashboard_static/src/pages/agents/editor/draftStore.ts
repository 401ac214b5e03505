/** Unsaved agent drafts kept in this tab's sessionStorage, one per agent, with the version they edit: a
 * reload, an expired session's hosted sign-in (a full-page redirect) or a Back and forth loses nothing. */
import type { AgentDraft } from "./draft";

export type StoredDraft = {
  /** The ETag of the version the draft started from: saving it still sends that If-Match. */
  etag: string | null;
  version: number;
  draft: AgentDraft;
};

const PREFIX = "vocadesk.agent-draft.";
const keyOf = (agentId: string) => `${PREFIX}${agentId}`;

function storedKeys(): string[] {
  return Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i) ?? "").filter((key) =>
    key.startsWith(PREFIX),
  );
}

export const draftStore = {
  read(agentId: string): StoredDraft | null {
    try {
      const stored = JSON.parse(sessionStorage.getItem(keyOf(agentId)) ?? "null") as Partial<StoredDraft> | null;
      if (!stored || typeof stored.version !== "number" || typeof stored.draft !== "object" || !stored.draft) return null;
      return { etag: stored.etag ?? null, version: stored.version, draft: stored.draft };
    } catch {
      return null; // unreadable (another version of the app wrote it): start from the saved agent
    }
  },
  write(agentId: string, stored: StoredDraft): void {
    try {
      sessionStorage.setItem(keyOf(agentId), JSON.stringify(stored));
    } catch {
      // Storage full or disabled: the draft still lives in the page, only a reload would lose it.
    }
  },
  clear(agentId: string): void {
    sessionStorage.removeItem(keyOf(agentId));
  },
  /** How many agents have an unsaved draft in this tab. */
  count(): number {
    return storedKeys().length;
  },
  /** Signing out: a signed-out tab keeps none of the account's data. */
  clearAll(): void {
    for (const key of storedKeys()) sessionStorage.removeItem(key);
  },
};
