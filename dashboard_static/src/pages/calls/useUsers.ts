/** The account's users by id: a test call's caller is the user who made it, shown by name. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { byId, everyPage } from "../../api/queries";
import type { User } from "../../api/types";

export function useUsersById(enabled: boolean): Map<string, User> {
  const { data } = useQuery({
    queryKey: ["users"],
    queryFn: () =>
      everyPage<User>((cursor) => unwrap(api.GET("/v1/users", { params: { query: { limit: 100, cursor } } }))),
    enabled,
    staleTime: 5 * 60_000,
  });
  return byId(data);
}
