/** Allowed origins as a person edits them (one per line) and as the API takes and refuses them. */
import { ApiError } from "../../api/errors";

export const ORIGINS_HINT =
  "One per line: the address of each website that shows the button, like https://www.example.com, or " +
  "https://*.example.com for all its subdomains. No paths.";

export function parseOrigins(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

export function formatOrigins(origins: string[]): string {
  return origins.join("\n");
}

/** The API's problems with the list, one sentence per bad line (`body.allowed_origins.2` is line 3). */
export function originsError(error: unknown, origins: string[]): string | null {
  if (!(error instanceof ApiError)) return null;
  const lines: string[] = [];
  for (const problem of error.fields) {
    const match = /^body\.allowed_origins(?:\.(\d+))?$/.exec(problem.field);
    if (!match) continue;
    if (match[1] === undefined) {
      lines.push(problem.type === "too_short" ? "Add at least one website address." : plain(problem.message));
    } else {
      const index = Number(match[1]);
      lines.push(`Line ${index + 1} (${origins[index] ?? ""}): ${plain(problem.message)}.`);
    }
  }
  return lines.length ? lines.join("\n") : null;
}

/** pydantic prefixes a validator's own sentence with "Value error, ". */
function plain(message: string): string {
  return message.replace(/^Value error, /, "").replace(/\.$/, "");
}
