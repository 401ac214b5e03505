/** The side panel: the exact instructions the voice runtime will send the AI provider for this draft, as
 * the user edits, with the lines the unsaved changes brought in highlighted. */
import { useId, useMemo } from "react";
import type { Preview } from "./useInstructionsPreview";

type Props = { preview: Preview; savedText: string | undefined; dirty: boolean; savedVersion: number };

export function InstructionsPanel({ preview, savedText, dirty, savedVersion }: Props) {
  const titleId = useId();
  const { instructions } = preview;
  const lines = useMemo(() => marked(instructions?.instructions ?? "", dirty ? savedText : undefined), [instructions, savedText, dirty]);

  return (
    <section className="card instructions-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Instructions the runtime will send</h2>
      <p className="hint">
        Built from what is on this page, saved or not, by the same code the voice runtime runs at the start of every call.
        {dirty && " Lines your unsaved changes bring in are highlighted."}
      </p>
      {/* Not a live region: it changes with every keystroke. A failure to build it is announced. */}
      <p className={`preview-status${preview.refused ? " warn" : ""}`}>{status(preview, dirty, savedVersion)}</p>
      <p className="form-error" role="alert">
        {preview.error ? `The preview could not be updated: ${preview.error}` : null}
      </p>
      {instructions && (
        <>
          <div className="instructions-text" role="region" aria-label="Instructions text" tabIndex={0}>
            <pre>
              {lines.map(([line, changed], index) =>
                changed ? (
                  <mark key={index}>{`${line}\n`}</mark>
                ) : (
                  <span key={index}>{`${line}\n`}</span>
                ),
              )}
            </pre>
          </div>
          <p className="hint">
            {instructions.characters.toLocaleString()} of {instructions.max_characters.toLocaleString()} characters
          </p>
        </>
      )}
    </section>
  );
}

function status(preview: Preview, dirty: boolean, savedVersion: number): string {
  if (preview.error) return "";
  if (preview.refused) return "Fix the fields marked in the form to update the preview. Showing the last version that could be built.";
  if (preview.pending) return "Updating…";
  if (!preview.instructions) return "";
  return dirty ? "Up to date with your unsaved changes." : `Up to date: the saved agent (version ${savedVersion}).`;
}

/** Each line, and whether the saved instructions lack it (so the draft brought it in). */
function marked(text: string, saved: string | undefined): [string, boolean][] {
  const before = new Set(saved?.split("\n") ?? []);
  return text.split("\n").map((line) => [line, saved !== undefined && line.trim() !== "" && !before.has(line)]);
}
