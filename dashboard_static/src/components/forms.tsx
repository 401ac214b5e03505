/** What every create/edit form of the dashboard shares. */
import { useEffect, useRef } from "react";

/** A ref for the form: after a refused save, focus moves to the first field the API named (marked
 * aria-invalid by `Field`), so keyboard and screen reader users land on the problem. */
export function useFocusFirstInvalid(error: unknown) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [error]);
  return form;
}

type ActionsProps = { busy: boolean; submit: string; busyLabel?: string; onCancel: () => void };

/** The primary submit (disabled and relabelled while the request runs) and Cancel. */
export function FormActions({ busy, submit, busyLabel = "Saving…", onCancel }: ActionsProps) {
  return (
    <div className="row">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : submit}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
