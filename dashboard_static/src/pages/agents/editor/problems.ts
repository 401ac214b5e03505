/** The API's refusals of an agent draft as a person reads them: a message per form path (`questions.0.key`)
 * in plain words, and a label per path for the summary above the form. Pure. */
import { ApiError, errorMessage } from "../../../api/errors";

export type Problems = {
  /** By form path, the API's `body.` dropped: what to show next to each control. */
  fields: Record<string, string>;
  /** A refusal that names no field (or not only fields): shown above the form. */
  message: string | null;
};

export const NO_PROBLEMS: Problems = { fields: {}, message: null };

/** What an error from saving or previewing a draft means for the form. */
export function problemsOf(error: unknown): Problems {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) {
    return { fields: {}, message: errorMessage(error) };
  }
  const fields = error.fieldMessages();
  for (const problem of error.fields) {
    const path = problem.field.replace(/^body\.?/, "");
    if (fields[path] === problem.message) fields[path] = plainWords(path, problem.type, problem.message);
  }
  delete fields[""];
  const named = Object.keys(fields).length > 0;
  return { fields, message: named ? null : error.message };
}

const PATTERN_HINTS: Record<string, string> = {
  key: "Use lower-case letters, digits and underscores, starting with a letter (e.g. full_name).",
  id: "Use lower-case letters, digits and underscores, starting with a letter (e.g. front_desk).",
  destination: "Use a phone number in international form (+14155550123) or a SIP address (sip:desk@example.com).",
  language: "Use a language tag such as en-US or fr-FR.",
};

function plainWords(path: string, type: string, message: string): string {
  const last = path.split(".").at(-1) ?? "";
  const atMost = /at most (\d+)/.exec(message)?.[1];
  switch (type) {
    case "string_too_short":
    case "missing":
      return "This can't be empty.";
    case "string_pattern_mismatch":
      return PATTERN_HINTS[last] ?? message;
    case "string_too_long":
      return atMost ? `Keep it to ${Number(atMost).toLocaleString()} characters or fewer.` : message;
    case "too_long":
      return atMost ? `At most ${atMost} items.` : message;
    case "duplicate_key":
      return `Each needs its own key: ${message.replace(/^duplicate key\(s\) /, "")} is used more than once.`;
    case "duplicate_trigger":
      return `A trigger can start one rule only: ${message.replace(/ on more than one rule$/, "")} is on several.`;
    case "int_type":
    case "int_parsing":
      return "Enter a whole number.";
    case "greater_than_equal":
      return `At least ${/equal to (\S+)/.exec(message)?.[1] ?? "the minimum"}.`;
    case "less_than_equal":
      return `At most ${/equal to (\S+)/.exec(message)?.[1] ?? "the maximum"}.`;
    case "value_error":
      if (/choices/.test(message)) return "Add at least one choice.";
      return message.replace(/^Value error, /, "");
    default:
      return message;
  }
}

const SECTION_LABELS: Record<string, string> = {
  name: "Name",
  persona: "Persona",
  knowledge: "Knowledge",
  blocks: "Text block",
  faqs: "FAQ",
  questions: "Question",
  conversation: "Conversation",
  greeting: "Greeting",
  goals: "Goal",
  tone: "Tone",
  closing: "Closing line",
  do: "Always",
  dont: "Never",
  transfer_rules: "Transfer rule",
  voice: "Voice",
  language: "Language",
  record_calls: "Record calls",
  announce_recording: "Announce recording",
  choices: "Choice",
  key: "key",
  prompt: "question",
  type: "answer type",
  required: "required",
  id: "name",
  condition: "when",
  destination: "destination",
  mode: "mode",
  handover_message: "handover line",
  triggers: "triggers",
  timeout_seconds: "ring time",
  fallback: "if nobody answers",
  voicemail_message: "voicemail message",
  title: "title",
  text: "text",
  question: "question",
  answer: "answer",
};

/** `questions.1.key` -> "Question 2, key"; `conversation.goals.0` -> "Goal 1"; `questions` -> "Questions". */
export function labelOf(path: string): string {
  // `conversation.greeting` reads "Greeting": the grouping words go unless they are all there is.
  const all = path.split(".");
  const parts = all.length > 1 ? all.filter((part) => part !== "knowledge" && part !== "conversation") : all;
  const words: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? "";
    const index = parts[i + 1];
    const label = SECTION_LABELS[part] ?? part.replace(/_/g, " ");
    if (index !== undefined && /^\d+$/.test(index)) {
      words.push(`${label} ${Number(index) + 1}`);
      i += 1;
    } else {
      words.push(i === 0 && parts.length === 1 && path !== "name" && LISTS.has(part) ? `${label}s` : label);
    }
  }
  return words.join(", ") || "The agent";
}

const LISTS = new Set(["questions", "transfer_rules", "blocks", "faqs", "goals"]);
