/** Editing one stored thing: read with its ETag, saved with If-Match, so a concurrent edit is a clear conflict
 * (412) rather than one person silently undoing the other's change. Shared by the client and embed editors. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/errors";

type Read<T> = { data: T; etag: string | null };

type Options<T, D> = {
  /** This item's cache key (read fresh on every open: `staleTime: 0`). */
  queryKey: readonly unknown[];
  /** The list it appears in, refreshed after a save. */
  listKey: readonly unknown[];
  read: () => Promise<Read<T>>;
  write: (draft: D, ifMatch: string | undefined) => Promise<Read<T>>;
  onDone: (saved: T | null) => void;
};

export function useEditWithEtag<T, D>({ queryKey, listKey, read, write, onDone }: Options<T, D>) {
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey, queryFn: read, staleTime: 0 });
  const save = useMutation({
    mutationFn: (draft: D) => write(draft, current.data?.etag ?? undefined),
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: listKey });
      queryClient.removeQueries({ queryKey });
      onDone(data);
    },
  });
  const conflict = save.error instanceof ApiError && save.error.status === 412;
  /** After a conflict: their version replaces the form (whose `key` should follow the ETag). */
  function loadLatest() {
    save.reset();
    void current.refetch();
  }
  return { current, save, conflict, loadLatest };
}

/** What a conflict (412) says, with the way out. */
export function ConflictNotice({ what, onLoadLatest }: { what: string; onLoadLatest: () => void }) {
  return (
    <div className="conflict" role="alert">
      <p>
        <strong>Someone else changed this {what} while you were editing.</strong> Your changes were not saved. Load
        their version to see what changed, then make your edits again.
      </p>
      <button type="button" onClick={onLoadLatest}>
        Load the latest version
      </button>
    </div>
  );
}
