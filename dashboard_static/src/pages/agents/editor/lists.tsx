/** Editing lists by keyboard: add (focus goes to the new item), remove, and move up/down (focus follows the
 * moved item, and the move is announced). Hidden from a viewer, who sees the items only. */
import { useState } from "react";
import { flushSync } from "react-dom";
import { useEditor } from "./context";
import { replaced, without } from "./draft";

/** Apply `change` and render it at once, then focus the control named `name`: the next key pressed lands in
 * the item just added (or next to the one just removed), however fast it comes. */
export function changeThenFocus(change: () => void, name: string): void {
  flushSync(change);
  document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`)?.focus();
}

/** Remove item `index` (named `what` in the announcement, e.g. "FAQ 2"), say so, and focus `focusName`. */
export function removeThenFocus<T>(
  items: T[],
  index: number,
  onChange: (next: T[]) => void,
  announce: (message: string) => void,
  what: string,
  focusName: string,
): void {
  changeThenFocus(() => {
    onChange(without(items, index));
    announce(`Removed ${what}.`);
  }, focusName);
}

type MoveProps = {
  uid: string;
  index: number;
  count: number;
  /** "question “What is your name?”": what the buttons and the announcement call the item. */
  itemName: string;
  onMove: (delta: number) => void;
  announce: (message: string) => void;
};

export function MoveButtons({ uid, index, count, itemName, onMove, announce }: MoveProps) {
  function move(delta: -1 | 1) {
    flushSync(() => {
      onMove(delta);
      announce(`Moved ${itemName} to position ${index + delta + 1} of ${count}.`);
    });
    // The item's buttons are now at its new place: keep focus on the one pressed (or, at an end of the list
    // where it is disabled, on the other).
    const [here, other] = delta < 0 ? ["up", "down"] : ["down", "up"];
    const pressed = document.getElementById(`${uid}-${here}`) as HTMLButtonElement | null;
    const fallback = document.getElementById(`${uid}-${other}`) as HTMLButtonElement | null;
    (pressed && !pressed.disabled ? pressed : fallback)?.focus();
  }
  return (
    <span className="move-buttons">
      <button type="button" id={`${uid}-up`} disabled={index === 0} onClick={() => move(-1)} aria-label={`Move ${itemName} up`}>
        ↑ Up
      </button>
      <button
        type="button"
        id={`${uid}-down`}
        disabled={index === count - 1}
        onClick={() => move(1)}
        aria-label={`Move ${itemName} down`}
      >
        ↓ Down
      </button>
    </span>
  );
}

/** A polite live region for list moves and removals, and the function that speaks through it. */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState("");
  return [message, setMessage];
}

export function Announcement({ message }: { message: string }) {
  return (
    <p className="visually-hidden" role="status" aria-live="polite">
      {message}
    </p>
  );
}

type TextListProps = {
  path: string;
  legend: string;
  itemLabel: string;
  values: string[];
  onChange: (values: string[]) => void;
  max: number;
  maxLength: number;
  hint?: string;
  placeholder?: string;
};

/** A list of short texts (goals, rules, choices): one labelled input per item, remove and add. */
export function TextList({ path, legend, itemLabel, values, onChange, max, maxLength, hint, placeholder }: TextListProps) {
  const { readOnly, errorFor } = useEditor();
  const listError = errorFor(path);
  const [announcement, announce] = useAnnouncer();
  return (
    <fieldset className="text-list" aria-describedby={listError ? `${path}-error` : undefined}>
      <legend>{legend}</legend>
      {hint && <p className="hint">{hint}</p>}
      {values.length === 0 && <p className="hint">None yet.</p>}
      <ol>
        {values.map((value, index) => {
          const itemPath = `${path}.${index}`;
          const error = errorFor(itemPath);
          const inputId = `${path}-${index}`;
          return (
            <li key={index} className={error ? "invalid" : undefined}>
              <label htmlFor={inputId} className="visually-hidden">
                {itemLabel} {index + 1}
              </label>
              <input
                id={inputId}
                name={itemPath}
                value={value}
                maxLength={maxLength}
                placeholder={placeholder}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${inputId}-error` : undefined}
                onChange={(event) => onChange(replaced(values, index, event.target.value))}
              />
              {!readOnly && (
                <button
                  type="button"
                  className="link"
                  aria-label={`Remove ${itemLabel.toLowerCase()} ${index + 1}`}
                  onClick={() =>
                    removeThenFocus(
                      values,
                      index,
                      onChange,
                      announce,
                      `${itemLabel.toLowerCase()} ${index + 1}`,
                      values.length > 1 ? `${path}.${Math.max(0, index - 1)}` : `${path}-add`,
                    )
                  }
                >
                  Remove
                </button>
              )}
              {error && (
                <small id={`${inputId}-error`} className="field-error">
                  {error}
                </small>
              )}
            </li>
          );
        })}
      </ol>
      {listError && (
        <small id={`${path}-error`} className="field-error">
          {listError}
        </small>
      )}
      {!readOnly &&
        (values.length < max ? (
          <button
            type="button"
            name={`${path}-add`}
            onClick={() => changeThenFocus(() => onChange([...values, ""]), `${path}.${values.length}`)}
          >
            Add {itemLabel.toLowerCase()}
          </button>
        ) : (
          <p className="hint">That is the most there can be ({max}).</p>
        ))}
      <Announcement message={announcement} />
    </fieldset>
  );
}
