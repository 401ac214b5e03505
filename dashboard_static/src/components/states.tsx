/** Loading, error and empty states that say what is happening and what to do next. */
import type { ReactNode } from "react";
import { ApiError, errorMessage } from "../api/errors";

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div className="error-state" role="alert">
      <h2>{notFound ? "Not found" : "Something went wrong"}</h2>
      <p>{notFound ? "It may have been deleted, or it belongs to another account." : errorMessage(error)}</p>
      {retry && !notFound && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A form's error line: the API's message, announced when it changes. */
export function FormError({ error }: { error: unknown }) {
  return (
    <p className="form-error" role="alert">
      {error ? errorMessage(error) : null}
    </p>
  );
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children && <div className="actions">{children}</div>}
    </header>
  );
}
