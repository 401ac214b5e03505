/** Usage: billable minutes and calls by day (a chart and its table) and by client, over a range of days
 * in the browser's time zone (the last 30 by default, at most 92). The range lives in the address, so a
 * view can be shared or reloaded. */
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "wouter";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys } from "../../api/queries";
import { ErrorState, Loading, PageHeader, EmptyState } from "../../components/states";
import { formatDuration } from "../../format";
import { ClientUsageTable } from "./ClientUsageTable";
import { DailyChart } from "./DailyChart";
import { formatMinutes } from "./minutes";
import { RangePicker } from "./RangePicker";
import { browserTimeZone, DEFAULT_DAYS, isDay, lastDays, longDay, type DayRange } from "./range";
import "./usage.css";

export default function UsagePage() {
  const [params, setParams] = useSearchParams();
  const from = params.get("from");
  const to = params.get("to");
  const range: DayRange = isDay(from) && isDay(to) ? { from, to } : lastDays(DEFAULT_DAYS);
  const tz = browserTimeZone();
  const usage = useQuery({
    queryKey: keys.usage({ ...range, tz }),
    queryFn: () => unwrap(api.GET("/v1/usage", { params: { query: { from: range.from, to: range.to, tz } } })),
  });
  const apiProblem = dateProblem(usage.error);

  return (
    <div className="usage-screen">
      <PageHeader title="Usage" />
      <p className="page-intro">
        Billable minutes and calls of every channel (phone, website and test calls), counted on the day each call began.
      </p>
      <RangePicker
        key={`${range.from}/${range.to}`}
        range={range}
        timeZone={tz}
        apiProblem={apiProblem}
        onChange={(next) => setParams({ from: next.from, to: next.to })}
      />
      {usage.isPending ? (
        <Loading what="Counting the minutes" />
      ) : usage.isError ? (
        apiProblem ? null : (
          <ErrorState error={usage.error} retry={() => void usage.refetch()} />
        )
      ) : usage.data.total.calls === 0 ? (
        <EmptyState title={`No calls from ${longDay(usage.data.first_day)} to ${longDay(usage.data.last_day)}`}>
          <p>
            Calls are counted here as they happen. Try an earlier range, or make a test call from an agent’s page on{" "}
            <Link href="/agents">Agents</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <dl className="usage-totals">
            <div>
              <dt>Billable minutes</dt>
              <dd>{formatMinutes(usage.data.total.minutes)}</dd>
            </div>
            <div>
              <dt>Calls</dt>
              <dd>{usage.data.total.calls}</dd>
            </div>
            <div>
              <dt>Average call</dt>
              <dd>{formatDuration((usage.data.total.billable_seconds / usage.data.total.calls) * 1000)}</dd>
            </div>
          </dl>
          <section aria-labelledby="by-day-title" className="card">
            <h2 id="by-day-title">By day</h2>
            <DailyChart days={usage.data.days} />
          </section>
          <section aria-labelledby="by-client-title">
            <h2 id="by-client-title">By client</h2>
            <ClientUsageTable usage={usage.data} />
          </section>
        </>
      )}
    </div>
  );
}

/** The API's objection to the dates (400 `to`, or 422 `query.from`), to show at the date field; null for
 * anything else, which is an error state. */
function dateProblem(error: unknown): { field: "from" | "to"; message: string } | null {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return null;
  const field = error.field?.replace(/^query\./, "");
  return field === "from" || field === "to" ? { field, message: error.message.replace(/^query\.\w+: /, "") } : null;
}
