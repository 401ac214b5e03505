/** The latency the voice runtime measured on the call (reported with its end): how long the caller waited
 * for the greeting and for each answer, and how fast the agent stopped when talked over. */
import type { CallDetail } from "../../api/types";

type Latency = NonNullable<CallDetail["latency"]>;
type Stats = NonNullable<Latency["response_ms"]>;

export function CallLatency({ call }: { call: CallDetail }) {
  const latency = call.latency;
  return (
    <section className="card" aria-labelledby="call-latency-heading">
      <h2 id="call-latency-heading">Latency</h2>
      {!latency ? (
        <p className="calls-muted">
          {call.status === "ended"
            ? "Not reported for this call."
            : "Reported by the voice runtime when the call ends."}
        </p>
      ) : (
        <>
          <dl className="calls-facts">
            <div>
              <dt>Greeting (first audio)</dt>
              <dd>{latency.greeting_ms == null ? "The agent never spoke" : ms(latency.greeting_ms)}</dd>
            </div>
            <div>
              <dt>AI connection</dt>
              <dd>
                {ms(latency.provider_connect_ms)}
                {latency.prewarmed ? " (opened while answering)" : ""}
              </dd>
            </div>
            <div>
              <dt>Caller talked over the agent</dt>
              <dd>{timesLabel(latency.barge_ins)}</dd>
            </div>
          </dl>
          <table className="calls-latency">
            <caption className="visually-hidden">Latency spread over the call, in milliseconds</caption>
            <thead>
              <tr>
                <th scope="col">Measured</th>
                <th scope="col">Count</th>
                <th scope="col">Median</th>
                <th scope="col">95th percentile</th>
                <th scope="col">Slowest</th>
              </tr>
            </thead>
            <tbody>
              <StatsRow label="Answer (caller stops → agent's first audio)" stats={latency.response_ms} />
              <StatsRow label="Barge-in stop (caller starts → agent stops)" stats={latency.barge_in_ms} />
            </tbody>
          </table>
          <p className="hint">
            Measured in the voice runtime up to handing audio to the caller's connection; the network and the
            caller's device add to it.
          </p>
        </>
      )}
    </section>
  );
}

function StatsRow({ label, stats }: { label: string; stats: Stats | null | undefined }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {stats ? (
        <>
          <td>{stats.count}</td>
          <td>{ms(stats.p50_ms)}</td>
          <td>{ms(stats.p95_ms)}</td>
          <td>{ms(stats.max_ms)}</td>
        </>
      ) : (
        <td colSpan={4} className="calls-muted">
          None measured
        </td>
      )}
    </tr>
  );
}

function timesLabel(count: number): string {
  return count === 0 ? "Never" : count === 1 ? "Once" : `${count} times`;
}

function ms(value: number): string {
  return `${value.toLocaleString()} ms`;
}
