/** The account's users, read whole (an account has tens of them) in the order they joined, which stays
 * put while roles change, so a row never moves under the pointer or the keyboard focus. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { everyPage } from "../../api/queries";
import type { User } from "../../api/types";
import { isMember, type Member } from "./roles";

export const TEAM_KEY = ["users"] as const;

export function useTeam() {
  return useQuery({
    queryKey: TEAM_KEY,
    queryFn: async (): Promise<Member[]> => {
      const users = await everyPage<User>((cursor) =>
        unwrap(api.GET("/v1/users", { params: { query: { limit: 100, cursor } } })),
      );
      return users.filter(isMember);
    },
    refetchOnMount: "always", // roles change elsewhere (another owner, the API): decide from what is true now
  });
}
