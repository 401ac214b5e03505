/** Editing one client: read with its ETag, saved with If-Match, so a concurrent edit is a clear conflict
 * (412) rather than one person silently undoing the other's change. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrapWithEtag } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Client } from "../../api/types";
import { ErrorState, Loading } from "../../components/states";
import { bodyOf, ClientForm, draftOf, type ClientDraft } from "./ClientForm";

type Props = { clientId: string; onDone: (saved: Client | null) => void };

export function EditClient({ clientId, onDone }: Props) {
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ["client", clientId],
    queryFn: () => unwrapWithEtag(api.GET("/v1/clients/{client_id}", { params: { path: { client_id: clientId } } })),
    staleTime: 0,
  });
  const save = useMutation({
    mutationFn: (draft: ClientDraft) =>
      unwrapWithEtag(
        api.PATCH("/v1/clients/{client_id}", {
          params: { path: { client_id: clientId }, header: { "if-match": current.data?.etag ?? undefined } },
          body: bodyOf(draft),
        }),
      ),
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: keys.clients });
      queryClient.removeQueries({ queryKey: ["client", clientId] });
      onDone(data);
    },
  });

  if (current.isPending) return <Loading what="Loading the client" />;
  if (current.isError) return <ErrorState error={current.error} retry={() => void current.refetch()} />;

  const conflict = save.error instanceof ApiError && save.error.status === 412;

  async function loadLatest() {
    save.reset();
    await current.refetch();
  }

  return (
    <ClientForm
      // A fresh read (after a conflict) starts the form again from what is stored now.
      key={current.data.etag ?? current.dataUpdatedAt}
      initial={draftOf(current.data.data)}
      submitLabel="Save changes"
      busy={save.isPending}
      error={conflict ? null : save.error}
      onSubmit={(draft) => save.mutate(draft)}
      onCancel={() => onDone(null)}
    >
      {conflict && (
        <div className="conflict" role="alert">
          <p>
            <strong>Someone else changed this client while you were editing.</strong> Your changes were not saved. Load
            their version to see what changed, then make your edits again.
          </p>
          <button type="button" onClick={() => void loadLatest()}>
            Load the latest version
          </button>
        </div>
      )}
    </ClientForm>
  );
}
