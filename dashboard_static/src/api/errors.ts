import type { FieldProblem } from "./types";

/** A refused request, as the API explained it: the status, its message, and the field(s) it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly fields: FieldProblem[];

  constructor(status: number, body: unknown) {
    const parsed = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    super(typeof parsed.message === "string" ? parsed.message : describeStatus(status));
    this.name = "ApiError";
    this.status = status;
    this.code = typeof parsed.error === "string" ? parsed.error : "error";
    this.field = typeof parsed.field === "string" ? parsed.field : null;
    this.fields = Array.isArray(parsed.fields) ? (parsed.fields as FieldProblem[]) : [];
  }

  /** Messages by form path (`persona.name`), with the API's `body.` prefix dropped. */
  fieldMessages(): Record<string, string> {
    const messages: Record<string, string> = {};
    const problems = this.fields.length ? this.fields : this.field ? [{ field: this.field, message: this.message }] : [];
    for (const problem of problems) {
      const path = problem.field.replace(/^body\.?/, "");
      messages[path] ??= problem.message;
    }
    return messages;
  }
}

function describeStatus(status: number): string {
  if (status === 0) return "The server could not be reached. Check your connection and try again.";
  if (status >= 500) return `The server failed (${status}). Try again in a moment.`;
  return `The request was refused (${status}).`;
}

/** What to show a person for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
