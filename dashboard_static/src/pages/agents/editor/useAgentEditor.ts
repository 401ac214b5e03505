/** One agent being edited (mount it keyed by the agent id: its state is that agent's): the saved version (with the ETag a save sends as If-Match), the draft, whether
 * they differ, the draft kept in sessionStorage, saving, and a concurrent edit's conflict and its two ways out. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { api, unwrapWithEtag } from "../../../api/client";
import { ApiError } from "../../../api/errors";
import { keys } from "../../../api/queries";
import type { Agent } from "../../../api/types";
import { draftOf, patchOf, rebased, sameAgent, type AgentDraft, type SavedAgent } from "./draft";
import { draftStore } from "./draftStore";
import { NO_PROBLEMS, problemsOf, type Problems } from "./problems";

export type Version = { agent: SavedAgent; etag: string | null };

export type Conflict = {
  theirs: Version;
  /** Top-level parts where their saved version and this draft differ ("name", "conversation", …). */
  differences: (keyof AgentDraft)[];
  /** The draft came back from this tab's storage, made on an older version (not refused by a save). */
  restored: boolean;
};

type Editing = {
  /** The latest saved version this page knows: what "unsaved changes" are measured against. */
  base: Version;
  /** The version the draft edits: its ETag is the save's If-Match (older than `base` after a restore). */
  edits: { version: number; etag: string | null };
  draft: AgentDraft;
  restoredFrom: number | null;
};

const editsOf = ({ agent, etag }: Version) => ({ version: agent.version, etag });

const readAgent = (agentId: string) =>
  unwrapWithEtag<Agent>(api.GET("/v1/agents/{agent_id}", { params: { path: { agent_id: agentId } } })).then(
    ({ data, etag }): Version => ({ agent: data as SavedAgent, etag }),
  );

export function useAgentEditor(agentId: string) {
  const queryClient = useQueryClient();
  // The editor's own entry (ETag included): refetching never swaps the version under someone's edits.
  const record = useQuery({
    queryKey: [...keys.agent(agentId), "editor"],
    queryFn: () => readAgent(agentId),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  // Start editing once the agent is read: from this tab's unsaved draft of it, if there is one.
  useEffect(() => {
    if (!record.data || editing) return;
    const current = record.data;
    const saved = draftOf(current.agent);
    const stored = draftStore.read(agentId);
    const draft = stored ? { ...saved, ...stored.draft } : saved; // fields added since it was stored: as saved
    if (!stored || sameAgent(draft, saved)) {
      setEditing({ base: current, edits: editsOf(current), draft: saved, restoredFrom: null });
      return;
    }
    // Its own If-Match: a draft made on a version someone has since replaced overwrites nothing unasked.
    setEditing({ base: current, edits: { version: stored.version, etag: stored.etag }, draft, restoredFrom: stored.version });
    if (stored.version !== current.agent.version) {
      setConflict({ theirs: current, differences: differences(current.agent, draft), restored: true });
    }
  }, [record.data, agentId, editing]);

  const base = editing?.base;
  const saved = useMemo(() => (base ? draftOf(base.agent) : null), [base]);
  const dirty = Boolean(editing && saved && !sameAgent(editing.draft, saved));

  // Keep an unsaved draft in this tab, with the version it edits; forget it once saved or undone.
  useEffect(() => {
    if (!editing) return;
    if (dirty) {
      draftStore.write(agentId, { ...editing.edits, draft: editing.draft });
    } else {
      draftStore.clear(agentId);
    }
  }, [agentId, editing, dirty]);

  function setDraft(update: (draft: AgentDraft) => AgentDraft) {
    setSavedVersion(null);
    setEditing((current) => (current ? { ...current, draft: update(current.draft) } : current));
  }

  async function save(): Promise<boolean> {
    if (!editing) return false;
    const sent = editing.draft;
    setSaving(true);
    setSaveError(null);
    try {
      const { data, etag } = await unwrapWithEtag<Agent>(
        api.PATCH("/v1/agents/{agent_id}", {
          params: { path: { agent_id: agentId }, header: { "if-match": editing.edits.etag ?? undefined } },
          body: patchOf(sent),
        }),
      );
      const agent = data as SavedAgent;
      // What was typed while the save was on its way stays; otherwise show the agent as the API stored it.
      setEditing((current) => ({
        base: { agent, etag },
        edits: editsOf({ agent, etag }),
        draft: current && current.draft !== sent ? current.draft : rebased(agent, sent),
        restoredFrom: null,
      }));
      setProblems(NO_PROBLEMS);
      setSavedVersion(agent.version);
      queryClient.setQueryData([...keys.agent(agentId), "editor"], { agent, etag });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ["agents"] }),
        queryClient.invalidateQueries({ queryKey: keys.agent(agentId), exact: true }),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        const theirs = await readAgent(agentId).catch(() => null);
        if (theirs) setConflict({ theirs, differences: differences(theirs.agent, sent), restored: false });
        else setSaveError(error);
      } else if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
        setProblems(problemsOf(error));
      } else {
        setSaveError(error);
      }
      return false;
    } finally {
      setSaving(false);
    }
  }

  /** Their version replaces the draft (the draft is lost). */
  function loadTheirs() {
    if (!conflict) return;
    const theirs = conflict.theirs;
    setEditing({ base: theirs, edits: editsOf(theirs), draft: draftOf(theirs.agent), restoredFrom: null });
    setConflict(null);
    setProblems(NO_PROBLEMS);
    draftStore.clear(agentId);
  }

  /** Keep editing the draft on top of their version: the next save replaces it. */
  function keepMine() {
    if (!conflict) return;
    const theirs = conflict.theirs;
    setEditing((current) => (current ? { ...current, base: theirs, edits: editsOf(theirs), restoredFrom: null } : current));
    setConflict(null);
  }

  /** Back to the saved version, dropping the draft. */
  function discard() {
    setEditing((current) => (current ? { ...current, draft: draftOf(current.base.agent), restoredFrom: null } : current));
    setProblems(NO_PROBLEMS);
    draftStore.clear(agentId);
  }

  return {
    record,
    base: editing?.base ?? null,
    draft: editing?.draft ?? null,
    restoredFrom: editing?.restoredFrom ?? null,
    dirty,
    setDraft,
    save,
    saving,
    saveError,
    savedVersion,
    problems,
    setProblems,
    conflict,
    loadTheirs,
    keepMine,
    discard,
  };
}

const PARTS: (keyof AgentDraft)[] = [
  "name",
  "persona",
  "knowledge",
  "questions",
  "conversation",
  "transfer_rules",
  "voice",
  "language",
  "record_calls",
  "announce_recording",
];

function differences(theirs: SavedAgent, mine: AgentDraft): (keyof AgentDraft)[] {
  const a = patchOf(draftOf(theirs)) as Record<string, unknown>;
  const b = patchOf(mine) as Record<string, unknown>;
  return PARTS.filter((part) => JSON.stringify(a[part]) !== JSON.stringify(b[part]));
}
