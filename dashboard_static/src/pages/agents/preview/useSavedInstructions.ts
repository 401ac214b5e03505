/** The saved agent's instructions (GET), the baseline the preview highlights its changes against. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import { keys } from "../../../api/queries";
import type { Instructions } from "../../../api/types";

export function useSavedInstructions(agentId: string, version: number | undefined) {
  return useQuery({
    queryKey: [...keys.agent(agentId), "instructions", version ?? 0],
    queryFn: () =>
      unwrap<Instructions>(api.GET("/v1/agents/{agent_id}/instructions", { params: { path: { agent_id: agentId } } })),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}
