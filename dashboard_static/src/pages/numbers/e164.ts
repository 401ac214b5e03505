/** Phone numbers as people type them, made into E.164 (`+14155550123`) before the API checks them. */

/** Drops spaces, dashes, dots, slashes and brackets, and reads a leading international `00` as `+`.
 * Anything else (letters, a missing country code) is left for the API to refuse with its message. */
export function toE164(typed: string): string {
  const compact = typed.trim().replace(/[\s\-./()]/g, "");
  return compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
}

export const E164_HINT = "International form: +, the country code, then the number, e.g. +14155550123.";
