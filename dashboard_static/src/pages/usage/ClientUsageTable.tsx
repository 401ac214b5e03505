/** Usage by client, most minutes first (the API's order): calls, billable minutes and each client's share
 * as a bar. The bar is decoration; the percentage beside it is the number. */
import { byId, useClients } from "../../api/queries";
import type { Usage } from "../../api/types";
import { formatMinutes } from "./minutes";

export function ClientUsageTable({ usage }: { usage: Usage }) {
  const clients = byId(useClients().data);
  const total = usage.total.billable_seconds;

  return (
    <table className="client-usage">
      <caption className="visually-hidden">Billable minutes and calls by client</caption>
      <thead>
        <tr>
          <th scope="col">Client</th>
          <th scope="col">Calls</th>
          <th scope="col">Billable minutes</th>
          <th scope="col">Share of minutes</th>
        </tr>
      </thead>
      <tbody>
        {usage.clients.map((row) => {
          const share = total ? row.billable_seconds / total : 0;
          return (
            <tr key={row.client_id}>
              <th scope="row">{clients.get(row.client_id)?.name ?? "A deleted client"}</th>
              <td>{row.calls}</td>
              <td>{formatMinutes(row.minutes)}</td>
              <td>
                <span className="share">
                  <span className="share-bar" aria-hidden="true">
                    <span style={{ width: `${share * 100}%` }} />
                  </span>
                  {share.toLocaleString(undefined, { style: "percent", maximumFractionDigits: 0 })}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
