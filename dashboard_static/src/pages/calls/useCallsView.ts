/** The calls list's view (filters, page size, cursor) read from and written to the URL, and the trail of
 * cursors that leads back to the first page. The trail rides in each history entry's state, so Previous,
 * the browser's Back and Forward, and a reload all agree on where "previous" is. */
import { useSearchParams } from "wouter";
import { useHistoryState } from "wouter/use-browser-location";
import { readView, writeView, type CallFilters, type CallsView } from "./filters";

/** Cursors of the pages before this one, oldest first; "" is the first page. */
type Trail = string[];
type PageState = { callsTrail?: Trail } | null;

function trailOf(state: unknown): Trail {
  const trail = (state as PageState)?.callsTrail;
  return Array.isArray(trail) && trail.every((cursor) => typeof cursor === "string") ? trail : [];
}

export function useCallsView() {
  const [search, setSearch] = useSearchParams();
  const trail = trailOf(useHistoryState<unknown>());
  const view = readView(search);

  const go = (next: CallsView, nextTrail: Trail) => setSearch(writeView(next), { state: { callsTrail: nextTrail } });

  return {
    view,
    /** 1-based; known only when this page was reached by paging from the first. */
    pageNumber: view.cursor ? (trail.length ? trail.length + 1 : null) : 1,
    setFilters: (filters: CallFilters) => go({ filters, limit: view.limit }, []),
    setLimit: (limit: number) => go({ filters: view.filters, limit }, []),
    next: (cursor: string) => go({ ...view, cursor }, [...trail, view.cursor ?? ""]),
    /** Back one page; from a shared link to a later page (no trail), back to the first. */
    previous: () => go({ ...view, cursor: trail.at(-1) || undefined }, trail.slice(0, -1)),
  };
}
