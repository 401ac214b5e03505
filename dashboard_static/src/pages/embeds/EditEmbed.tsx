/** Editing one embed: read with its ETag and saved with If-Match, so a concurrent edit is a clear conflict
 * (412). Only what the form shows is sent; the agent of an embed does not change (create another). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrapWithEtag } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { EmbedView } from "../../api/types";
import { ErrorState, Loading } from "../../components/states";
import { draftOf, EmbedForm, newEmbedOf, type EmbedDraft } from "./EmbedForm";

type Props = { embedId: string; onDone: (saved: EmbedView | null) => void };

export function EditEmbed({ embedId, onDone }: Props) {
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ["embed", embedId],
    queryFn: () => unwrapWithEtag(api.GET("/v1/embeds/{embed_id}", { params: { path: { embed_id: embedId } } })),
    staleTime: 0,
  });
  const save = useMutation({
    mutationFn: (draft: EmbedDraft) => {
      const { name, allowed_origins, button } = newEmbedOf(draft);
      return unwrapWithEtag(
        api.PATCH("/v1/embeds/{embed_id}", {
          params: { path: { embed_id: embedId }, header: { "if-match": current.data?.etag ?? undefined } },
          body: { name, allowed_origins, button, enabled: draft.enabled },
        }),
      );
    },
    onSuccess: async ({ data }) => {
      await queryClient.invalidateQueries({ queryKey: ["embeds"] });
      queryClient.removeQueries({ queryKey: ["embed", embedId] });
      onDone(data);
    },
  });

  if (current.isPending) return <Loading what="Loading the embed" />;
  if (current.isError) return <ErrorState error={current.error} retry={() => void current.refetch()} />;

  const conflict = save.error instanceof ApiError && save.error.status === 412;

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
      {conflict && (
        <div className="conflict" role="alert">
          <p>
            <strong>Someone else changed this embed while you were editing.</strong> Your changes were not saved. Load
            their version, then make your edits again.
          </p>
          <button
            type="button"
            onClick={() => {
              save.reset();
              void current.refetch();
            }}
          >
            Load the latest version
          </button>
        </div>
      )}
    </EmbedForm>
  );
}
