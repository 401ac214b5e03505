/** A labelled control with its hint and its error, wired for screen readers (aria-describedby,
 * aria-invalid): every input of the dashboard goes through it. */
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";

type Props = {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: (id: string) => ReactNode;
  className?: string;
};

export function Field({ label, error, hint, children, className }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  let control = children(id);
  if (isValidElement(control)) {
    control = cloneElement(control as ReactElement<Record<string, unknown>>, {
      "aria-describedby": described,
      "aria-invalid": error ? true : undefined,
    });
  }
  return (
    <div className={`field${error ? " invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
