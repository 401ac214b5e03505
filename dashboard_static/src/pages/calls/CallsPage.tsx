/** /calls: every call of the account, newest first, narrowed by the filters in the URL, a page at a time. */
import { Link } from "wouter";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states";
import { CallFiltersForm } from "./CallFiltersForm";
import { CallsTable } from "./CallsTable";
import { datesBackwards, hasFilters, PAGE_SIZES } from "./filters";
import { useCallsPage } from "./useCallsPage";
import { useCallsView } from "./useCallsView";
import "./calls.css";

export default function CallsPage() {
  const { view, pageNumber, setFilters, setLimit, next, previous } = useCallsView();
  const page = useCallsPage(view);
  const filtered = hasFilters(view.filters);

  return (
    <div className="calls-page">
      <PageHeader title="Calls" />
      <CallFiltersForm filters={view.filters} onChange={setFilters} />
      {datesBackwards(view.filters) ? null : page.isPending ? (
        <Loading what="Loading calls" />
      ) : page.isError ? (
        <ErrorState error={page.error} retry={() => void page.refetch()} />
      ) : page.data.items.length === 0 ? (
        view.cursor ? (
          <EmptyState title="No more calls">
            <button type="button" onClick={previous}>
              Back to the previous page
            </button>
          </EmptyState>
        ) : filtered ? (
          <EmptyState title="No calls match these filters">
            <p>Widen the dates or choose other filters.</p>
            <button type="button" onClick={() => setFilters({})}>
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <NoCallsYet />
        )
      ) : (
        <>
          <p className="calls-status" role="status">
            {page.isPlaceholderData ? "Updating…" : ""}
          </p>
          <CallsTable calls={page.data.items} busy={page.isPlaceholderData} />
          <nav className="calls-pager" aria-label="Pages of calls">
            <button type="button" onClick={previous} disabled={!view.cursor}>
              {view.cursor && pageNumber === null ? "First page" : "Previous"}
            </button>
            <span>{pageNumber ? `Page ${pageNumber}` : "A later page"}</span>
            <button
              type="button"
              onClick={() => page.data.next_cursor && next(page.data.next_cursor)}
              disabled={!page.data.next_cursor || page.isPlaceholderData}
            >
              Next
            </button>
            <label className="calls-page-size">
              Calls per page{" "}
              <select value={view.limit} onChange={(event) => setLimit(Number(event.target.value))}>
                {[...new Set([...PAGE_SIZES, view.limit])]
                  .sort((a, b) => a - b)
                  .map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
              </select>
            </label>
          </nav>
        </>
      )}
    </div>
  );
}

function NoCallsYet() {
  return (
    <EmptyState title="No calls yet">
      <p>Calls appear here as they happen, each with its transcript, recording and analysis. A call arrives when:</p>
      <ul className="calls-empty-ways">
        <li>
          you make a <strong>test call</strong> from an agent's page (<Link href="/agents">Agents</Link> → open one →
          Test call);
        </li>
        <li>
          someone dials a <strong>phone number</strong> attached to an agent (<Link href="/phone-numbers">Phone numbers</Link>);
        </li>
        <li>
          a visitor presses the call button of an <strong>embed</strong> on a website (<Link href="/embeds">Embeds</Link>).
        </li>
      </ul>
    </EmptyState>
  );
}
