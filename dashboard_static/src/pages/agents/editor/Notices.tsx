/** What the editor tells its user above the form: a concurrent edit (and the two ways on), a draft brought
 * back from this tab, a save, and the API's refusals with a way to reach each field. */
import { useEffect, useRef } from "react";
import { formatDateTime } from "../../../format";
import type { Conflict } from "./useAgentEditor";
import { labelOf, type Problems } from "./problems";

type ConflictProps = { conflict: Conflict; restoredFrom: number | null; onLoadTheirs: () => void; onKeepMine: () => void };

export function ConflictNotice({ conflict, restoredFrom, onLoadTheirs, onKeepMine }: ConflictProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  const theirs = conflict.theirs.agent;
  const when = `version ${theirs.version}, saved ${formatDateTime(theirs.updated_at)}`;
  return (
    <div className="notice-box conflict" role="alert" tabIndex={-1} ref={box} aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else has saved this agent</h2>
      <p>
        {conflict.restored
          ? `This tab kept your unsaved changes to version ${restoredFrom ?? "?"}, but the agent has been saved since (${when}).`
          : `While you were editing, the agent was saved by someone else (${when}). Your changes are not saved.`}{" "}
        {conflict.differences.length > 0 &&
          `Their version differs from yours in: ${conflict.differences.map((part) => labelOf(part).toLowerCase()).join(", ")}.`}
      </p>
      <div className="row">
        <button type="button" onClick={onLoadTheirs}>
          Load their version (discard my changes)
        </button>
        <button type="button" className="primary" onClick={onKeepMine}>
          Keep editing mine
        </button>
      </div>
      <p className="hint">If you keep editing yours, saving it replaces their version.</p>
    </div>
  );
}

export function RestoredNotice({ version, onDiscard }: { version: number; onDiscard: () => void }) {
  return (
    <div className="notice-box" role="status">
      <p>
        Your unsaved changes to version {version} were kept in this tab and are back.{" "}
        <button type="button" className="link" onClick={onDiscard}>
          Discard them
        </button>
      </p>
    </div>
  );
}

/** The refusals of the last save or preview, each a button that takes focus to its field. */
export function ErrorSummary({ problems, focusKey }: { problems: Problems; focusKey: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusKey > 0) box.current?.focus();
  }, [focusKey]);
  const fields = Object.entries(problems.fields);
  if (fields.length === 0 && !problems.message) return null;
  return (
    <div className="notice-box error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">The agent can’t be saved as it is</h2>
      {problems.message && <p>{problems.message}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map(([path, message]) => (
            <li key={path}>
              <button type="button" className="link" onClick={() => focusField(path)}>
                {labelOf(path)}
              </button>
              : {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function focusField(path: string): void {
  const field =
    document.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`) ??
    document.querySelector<HTMLElement>(`[name^="${CSS.escape(path)}."]`);
  field?.scrollIntoView({ block: "center" });
  field?.focus();
}
