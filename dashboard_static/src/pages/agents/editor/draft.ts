/** The agent as the editor holds it while someone edits: every field present, list items keyed so inputs
 * (and focus) follow an item through reorders, and the one PATCH body it saves as. Pure: no React, no I/O. */
import type { components } from "../../../api/schema.gen";
import type { Agent, AgentPatch, Question, TransferRule } from "../../../api/types";
import type { Voice } from "../options";

type Schemas = components["schemas"];
type KnowledgeBlock = Schemas["KnowledgeBlock"];
type FAQ = Schemas["FAQ"];
type ConversationDesign = Schemas["ConversationDesign"];

/** An agent as the API returns it: stored, so it has its id (the generated type marks it optional). */
export type SavedAgent = Agent & { id: string };

/** A list item with a key of its own (never sent): React keeps its inputs through reorders and removals. */
export type Keyed<T> = T & { uid: string };

export type DraftQuestion = Keyed<Required<Question>> & {
  /** A new question's key is made from its prompt until someone edits the key itself. */
  keyFollowsPrompt: boolean;
};
export type DraftRule = Keyed<Required<TransferRule>>;
export type DraftConversation = Required<ConversationDesign>;

export type AgentDraft = {
  name: string;
  persona: string;
  knowledge: { blocks: Keyed<KnowledgeBlock>[]; faqs: Keyed<FAQ>[] };
  questions: DraftQuestion[];
  conversation: DraftConversation;
  transfer_rules: DraftRule[];
  voice: Voice;
  language: string;
  record_calls: boolean;
  announce_recording: boolean;
};

let counter = 0;
export function newUid(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

function keyed<T extends object>(item: T): Keyed<T> {
  return { ...item, uid: newUid() };
}

export function draftOf(agent: SavedAgent): AgentDraft {
  const conversation = agent.conversation;
  return {
    name: agent.name,
    persona: agent.persona,
    knowledge: {
      blocks: (agent.knowledge?.blocks ?? []).map(keyed),
      faqs: (agent.knowledge?.faqs ?? []).map(keyed),
    },
    questions: (agent.questions ?? []).map((question) => ({
      ...keyed({ ...question, choices: question.choices ?? [] }),
      keyFollowsPrompt: false,
    })),
    conversation: {
      greeting: conversation?.greeting ?? "",
      goals: conversation?.goals ?? [],
      tone: conversation?.tone ?? "",
      closing: conversation?.closing ?? "",
      do: conversation?.do ?? [],
      dont: conversation?.dont ?? [],
    },
    transfer_rules: (agent.transfer_rules ?? []).map((rule) => keyed({ ...rule, triggers: rule.triggers ?? [] })),
    voice: agent.voice,
    language: agent.language,
    record_calls: agent.record_calls,
    announce_recording: agent.announce_recording,
  };
}

/** The agent as saved, keeping the list keys of the draft that was sent (same positions, same items), so
 * nothing on screen is rebuilt after a save. */
export function rebased(agent: SavedAgent, sent: AgentDraft): AgentDraft {
  const fresh = draftOf(agent);
  const keep = <T extends { uid: string }>(items: T[], previous: { uid: string }[]) =>
    items.map((item, index) => ({ ...item, uid: previous[index]?.uid ?? item.uid }));
  return {
    ...fresh,
    knowledge: { blocks: keep(fresh.knowledge.blocks, sent.knowledge.blocks), faqs: keep(fresh.knowledge.faqs, sent.knowledge.faqs) },
    questions: keep(fresh.questions, sent.questions),
    transfer_rules: keep(fresh.transfer_rules, sent.transfer_rules),
  };
}

/** The PATCH body that saves the whole draft (every field, so what is saved is exactly what was shown). */
export function patchOf(draft: AgentDraft): AgentPatch {
  return {
    name: draft.name,
    persona: draft.persona,
    knowledge: {
      blocks: draft.knowledge.blocks.map(({ title, text }) => ({ title, text })),
      faqs: draft.knowledge.faqs.map(({ question, answer }) => ({ question, answer })),
    },
    questions: draft.questions.map(({ key, prompt, required, type, choices }) => ({
      key,
      prompt,
      required,
      type,
      // Choices stay in the draft while another type is picked (switching back restores them), unsent.
      choices: type === "choice" ? choices : [],
    })),
    conversation: { ...draft.conversation },
    transfer_rules: draft.transfer_rules.map(({ uid: _uid, ...rule }) => rule),
    voice: draft.voice,
    language: draft.language,
    record_calls: draft.record_calls,
    announce_recording: draft.announce_recording,
  };
}

/** Drafts that would save the same agent (list keys aside). */
export function sameAgent(a: AgentDraft, b: AgentDraft): boolean {
  return JSON.stringify(patchOf(a)) === JSON.stringify(patchOf(b));
}

/** The API's defaults for a new item (vocadesk/models/agents.py), so a new item reads as it will run. */
export function newQuestion(): DraftQuestion {
  return { uid: newUid(), key: "", prompt: "", required: true, type: "text", choices: [], keyFollowsPrompt: true };
}

export function newRule(existing: DraftRule[]): DraftRule {
  const taken = new Set(existing.map((rule) => rule.id));
  let n = existing.length + 1;
  while (taken.has(`transfer_${n}`)) n += 1;
  return {
    uid: newUid(),
    id: `transfer_${n}`,
    condition: "",
    destination: "",
    mode: "cold",
    handover_message: "Let me transfer you to a colleague now.",
    triggers: [],
    timeout_seconds: 20,
    fallback: "agent",
    voicemail_message:
      "Sorry, nobody could take your call right now. We will call you back as soon as we can. Goodbye.",
  };
}

/** "What is your full name?" -> "full_name"-ish keys: snake_case, starting with a letter, at most 40 long. */
export function keyFromPrompt(prompt: string): string {
  const words = prompt
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word && !FILLER.has(word));
  let key = "";
  for (const word of words) {
    const next = key ? `${key}_${word}` : word;
    if (next.length > 40) break;
    key = next;
  }
  if (key && !/^[a-z]/.test(key)) key = `q_${key}`;
  return key;
}

const FILLER = new Set(["what", "whats", "is", "are", "your", "the", "a", "an", "do", "you", "can", "i", "have", "please", "may", "of"]);

/** Moves `list[index]` by `delta` places (a copy); out of range leaves it where it is. */
export function moved<T>(list: T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (target < 0 || target >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

export function replaced<T>(list: T[], index: number, item: T): T[] {
  return list.map((current, i) => (i === index ? item : current));
}

export function without<T>(list: T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}
