/** The choices the agent editor offers, with the words a person reads: one list per API enum, checked
 * against the generated types so a value the API adds (or drops) fails the build instead of going missing. */
import type { components } from "../../api/schema.gen";

type Schemas = components["schemas"];
export type Voice = Schemas["Voice"];
export type QuestionType = Schemas["QuestionType"];
export type TransferMode = Schemas["TransferMode"];
export type TransferFallback = Schemas["TransferFallback"];
export type TransferTrigger = Schemas["TransferTrigger"];

/** `{value: label}` for every value of an enum, and nothing else (a missing key is a type error). */
type Labels<T extends string> = { readonly [K in T]: string };

export const VOICES: Labels<Voice> = {
  alloy: "Alloy",
  ash: "Ash",
  ballad: "Ballad",
  cedar: "Cedar",
  coral: "Coral",
  echo: "Echo",
  marin: "Marin",
  sage: "Sage",
  shimmer: "Shimmer",
  verse: "Verse",
};

export const QUESTION_TYPES: Labels<QuestionType> = {
  text: "Text",
  number: "Number",
  email: "Email address",
  phone: "Phone number",
  date: "Date",
  yes_no: "Yes or no",
  choice: "One of a list",
};

export const TRANSFER_MODES: Labels<TransferMode> = {
  cold: "Cold: straight through",
  warm: "Warm: brief the person first",
};

export const TRANSFER_FALLBACKS: Labels<TransferFallback> = {
  agent: "Back to the agent",
  voicemail: "Voicemail message, then end",
};

export const TRANSFER_TRIGGERS: Labels<TransferTrigger> = {
  dtmf_0: "The caller presses 0",
  max_duration: "The call reaches its time limit (instead of hanging up)",
  provider_error: "The AI provider fails (instead of apologising and hanging up)",
};

/** Locales offered as suggestions; any BCP 47 tag the API accepts can be typed. */
export const LANGUAGES = ["en-US", "en-GB", "es-ES", "es-MX", "fr-FR", "de-DE", "it-IT", "pt-BR", "nl-NL", "ja-JP"];

export function entries<T extends string>(labels: Labels<T>): [T, string][] {
  return Object.entries(labels) as [T, string][];
}
