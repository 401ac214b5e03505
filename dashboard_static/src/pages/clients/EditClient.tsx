/** Editing one client (If-Match: a concurrent edit is a conflict, see useEditWithEtag). */
import { api, unwrapWithEtag } from "../../api/client";
import { keys } from "../../api/queries";
import type { Client } from "../../api/types";
import { ErrorState, Loading } from "../../components/states";
import { ConflictNotice, useEditWithEtag } from "../../components/useEditWithEtag";
import { bodyOf, ClientForm, draftOf, type ClientDraft } from "./ClientForm";

type Props = { clientId: string; onDone: (saved: Client | null) => void };

export function EditClient({ clientId, onDone }: Props) {
  const path = { client_id: clientId };
  const { current, save, conflict, loadLatest } = useEditWithEtag<Client, ClientDraft>({
    queryKey: ["client", clientId],
    listKey: keys.clients,
    read: () => unwrapWithEtag(api.GET("/v1/clients/{client_id}", { params: { path } })),
    write: (draft, ifMatch) =>
      unwrapWithEtag(
        api.PATCH("/v1/clients/{client_id}", { params: { path, header: { "if-match": ifMatch } }, body: bodyOf(draft) }),
      ),
    onDone,
  });

  if (current.isPending) return <Loading what="Loading the client" />;
  if (current.isError) return <ErrorState error={current.error} retry={() => void current.refetch()} />;

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
      {conflict && <ConflictNotice what="client" onLoadLatest={loadLatest} />}
    </ClientForm>
  );
}
