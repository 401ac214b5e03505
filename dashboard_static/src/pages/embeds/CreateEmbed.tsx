/** A new embed for an agent: POST /v1/embeds, then its snippet is ready to copy. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { EmbedView } from "../../api/types";
import { draftOf, EmbedForm, newEmbedOf, type EmbedDraft } from "./EmbedForm";

type Props = { agentId: string; onDone: (created: EmbedView | null) => void };

export function CreateEmbed({ agentId, onDone }: Props) {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (draft: EmbedDraft) => unwrap(api.POST("/v1/embeds", { body: newEmbedOf(draft) })),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ["embeds"] });
      onDone(created);
    },
  });
  return (
    <EmbedForm
      creating
      initial={draftOf(null, agentId)}
      previewId="emb_preview"
      submitLabel="Create embed"
      busy={create.isPending}
      error={create.error}
      onSubmit={(draft) => create.mutate(draft)}
      onCancel={() => onDone(null)}
    />
  );
}
