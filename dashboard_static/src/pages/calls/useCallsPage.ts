/** One page of `GET /v1/calls` for the view in the URL: newest first (the API's order), polled while any
 * call on it is live or awaiting its analysis; the previous page stays on screen while the next loads. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/queries";
import { apiQuery, datesBackwards, type CallsView } from "./filters";
import { POLL_LIST_MS, mayStillChange } from "./liveness";

export function useCallsPage(view: CallsView) {
  const query = apiQuery(view);
  return useQuery({
    queryKey: keys.calls(query),
    queryFn: () => unwrap(api.GET("/v1/calls", { params: { query } })),
    enabled: !datesBackwards(view.filters),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (current.state.data?.items.some((call) => mayStillChange(call)) ? POLL_LIST_MS : false),
  });
}
