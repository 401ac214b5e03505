/** The embed's snippet to paste into a website: floating (one script tag) or inline (a tag plus the
 * element, placed where the button should be). Copied with the Clipboard API; where that is refused, the
 * text is selected for Ctrl+C / ⌘C. */
import { useEffect, useId, useRef, useState } from "react";
import type { EmbedView } from "../../api/types";

type Kind = "snippet" | "inline_snippet";
const KINDS: { value: Kind; label: string; hint: string }[] = [
  {
    value: "snippet",
    label: "Floating button",
    hint: "Paste before </body> on every page: the button floats in a corner.",
  },
  { value: "inline_snippet", label: "Inline button", hint: "Paste where the button should appear in the page." },
];
const COPIED_FOR_MS = 4000;

export function SnippetBox({ embed }: { embed: EmbedView }) {
  const id = useId();
  const [kind, setKind] = useState<Kind>("snippet");
  const [status, setStatus] = useState<"" | "copied" | "select">("");
  const text = useRef<HTMLTextAreaElement>(null);
  const snippet = embed[kind];

  useEffect(() => {
    if (status !== "copied") return;
    const timer = setTimeout(() => setStatus(""), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(snippet);
      setStatus("copied");
    } catch {
      // No clipboard access (an insecure page, a refused permission): select it for the keyboard instead.
      text.current?.focus();
      text.current?.select();
      setStatus("select");
    }
  }

  return (
    <div className="snippet-box">
      <fieldset className="snippet-kind">
        <legend>Snippet</legend>
        {KINDS.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={`${id}-kind`}
              value={option.value}
              checked={kind === option.value}
              onChange={() => {
                setKind(option.value);
                setStatus("");
              }}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {KINDS.find((option) => option.value === kind)?.label} snippet for {embed.name}
      </label>
      <textarea
        id={`${id}-text`}
        ref={text}
        className="snippet-text"
        readOnly
        value={snippet}
        rows={kind === "snippet" ? 2 : 3}
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="row snippet-actions">
        <button type="button" onClick={() => void copy()}>
          Copy snippet
        </button>
        <span role="status" className={`copy-status ${status}`}>
          {status === "copied"
            ? "Copied"
            : status === "select"
              ? "Copying isn’t allowed here: the snippet is selected, press Ctrl+C (⌘C on a Mac)."
              : ""}
        </span>
      </div>
      <small id={`${id}-hint`} className="hint">
        {KINDS.find((option) => option.value === kind)?.hint}
      </small>
    </div>
  );
}
