/** A destructive action behind a confirmation dialog (native <dialog>: focus trapped, Escape cancels). */
import { useRef, useState, type ReactNode } from "react";
import { errorMessage } from "../api/errors";

type Props = {
  label: string;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  className?: string;
};

export function ConfirmButton({ label, title, children, confirmLabel = label, onConfirm, className = "danger" }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-label={title}>
        <div className="card">
          <h2>{title}</h2>
          {children}
          <p className="form-error" role="alert">
            {error ? errorMessage(error) : null}
          </p>
          <div className="row">
            <button type="button" className="danger" onClick={confirm} disabled={busy}>
              {busy ? "Working…" : confirmLabel}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
