/** The signed-in user and their account (GET /v1/me), and what their role lets them do. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { Me } from "../api/types";

export const meQuery = {
  queryKey: ["me"] as const,
  queryFn: () => unwrap<Me>(api.GET("/v1/me")),
  staleTime: 5 * 60_000,
};

export function useMe() {
  return useQuery(meQuery);
}

/** Owners and admins write; a viewer sees every screen read-only (the API refuses their writes too). */
export function useCanEdit(): boolean {
  const { data } = useMe();
  return data ? data.user.role !== "viewer" : false;
}
