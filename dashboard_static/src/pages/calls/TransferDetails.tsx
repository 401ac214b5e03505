/** The handover to a person, when the call had one: which rule, where to, how, and how it went. */
import type { CallDetail } from "../../api/types";
import { millisBetween, preciseOffsetLabel, transferResultLabel } from "./callFacts";

type Transfer = NonNullable<CallDetail["transfer"]>;

const resultTone: Record<Transfer["result"], string> = {
  initiated: "",
  connected: "ok",
  no_answer: "warn",
  failed: "danger",
  callback_offered: "warn",
};

export function TransferDetails({ call }: { call: CallDetail }) {
  const transfer = call.transfer;
  return (
    <section className="card" aria-labelledby="call-transfer-heading">
      <h2 id="call-transfer-heading">Transfer</h2>
      {!transfer ? (
        <p className="calls-muted">No transfer: the agent handled the whole call.</p>
      ) : (
        <dl className="calls-facts">
          <div>
            <dt>Result</dt>
            <dd>
              <span className={`badge ${resultTone[transfer.result]}`}>{transferResultLabel[transfer.result]}</span>
            </dd>
          </div>
          <div>
            <dt>Mode</dt>
            <dd>{transfer.mode === "warm" ? "Warm (introduced with a summary)" : "Cold (put straight through)"}</dd>
          </div>
          <div>
            <dt>Destination</dt>
            <dd>{transfer.destination ?? "—"}</dd>
          </div>
          <div>
            <dt>Rule</dt>
            <dd>{transfer.rule_id ? <code>{transfer.rule_id}</code> : "—"}</dd>
          </div>
          <div>
            <dt>When</dt>
            <dd>{atLabel(call, transfer)}</dd>
          </div>
          {transfer.reason && (
            <div className="calls-facts-wide">
              <dt>Reason</dt>
              <dd>{transfer.reason}</dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}

function atLabel(call: CallDetail, transfer: Transfer): string {
  const offset = millisBetween(call.started_at, transfer.at);
  return offset === null ? new Date(transfer.at).toLocaleTimeString() : `${preciseOffsetLabel(offset)} into the call`;
}
