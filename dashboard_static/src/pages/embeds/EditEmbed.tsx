/** Editing one embed (If-Match: a concurrent edit is a conflict, see useEditWithEtag). Only what the form shows
 * is sent; the agent of an embed does not change (create another). */
import { api, unwrapWithEtag } from "../../api/client";
import type { EmbedView } from "../../api/types";
import { ErrorState, Loading } from "../../components/states";
import { ConflictNotice, useEditWithEtag } from "../../components/useEditWithEtag";
import { draftOf, EmbedForm, newEmbedOf, type EmbedDraft } from "./EmbedForm";

type Props = { embedId: string; onDone: (saved: EmbedView | null) => void };

export function EditEmbed({ embedId, onDone }: Props) {
  const path = { embed_id: embedId };
  const { current, save, conflict, loadLatest } = useEditWithEtag<EmbedView, EmbedDraft>({
    queryKey: ["embed", embedId],
    listKey: ["embeds"],
    read: () => unwrapWithEtag(api.GET("/v1/embeds/{embed_id}", { params: { path } })),
    write: (draft, ifMatch) => {
      const { name, allowed_origins, button } = newEmbedOf(draft);
      return unwrapWithEtag(
        api.PATCH("/v1/embeds/{embed_id}", {
          params: { path, header: { "if-match": ifMatch } },
          body: { name, allowed_origins, button, enabled: draft.enabled },
        }),
      );
    },
    onDone,
  });

  if (current.isPending) return <Loading what="Loading the embed" />;
  if (current.isError) return <ErrorState error={current.error} retry={() => void current.refetch()} />;

  return (
    <EmbedForm
      key={current.data.etag ?? current.dataUpdatedAt}
      creating={false}
      initial={draftOf(current.data.data)}
      previewId={embedId}
      submitLabel="Save changes"
      busy={save.isPending}
      error={conflict ? null : save.error}
      onSubmit={(draft) => save.mutate(draft)}
      onCancel={() => onDone(null)}
    >
      {conflict && <ConflictNotice what="embed" onLoadLatest={loadLatest} />}
    </EmbedForm>
  );
}
