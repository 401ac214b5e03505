/** Phone numbers: the lines an account brings (e.g. bought in Twilio), each answered by one agent.
 * Add (E.164), attach to an agent or detach, remove. */
import { useState } from "react";
import { Link } from "wouter";
import { byId, useAgents, useClients, usePhoneNumbers } from "../../api/queries";
import { useCanEdit } from "../../app/me";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states";
import { AddNumberForm } from "./AddNumberForm";
import { NumberRow } from "./NumberRow";
import "./numbers.css";
import { useFocusOnNews } from "../../components/useFocusOnNews";

export default function PhoneNumbersPage() {
  const canEdit = useCanEdit();
  const numbers = usePhoneNumbers();
  const agents = useAgents();
  const agentsById = byId(agents.data);
  const clientsById = byId(useClients().data);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState("");
  const noticeRef = useFocusOnNews<HTMLParagraphElement>(notice);
  const noAgents = agents.isSuccess && agents.data.length === 0;

  return (
    <div className="numbers-screen">
      <PageHeader title="Phone numbers">
        {canEdit && !adding && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setNotice("");
              setAdding(true);
            }}
          >
            Add number
          </button>
        )}
      </PageHeader>
      <p className="page-intro">
        Add the numbers you own at your phone provider (e.g. Twilio) and choose the agent that answers each one.
        Callers of a number without an agent hear a short apology.
      </p>
      <p role="status" className="notice" ref={noticeRef} tabIndex={-1}>
        {notice}
      </p>
      {canEdit && noAgents && (
        <p className="hint-box">
          No agent can answer yet: <Link href="/agents">create an agent</Link> first, then attach it to a number here.
        </p>
      )}

      {adding && (
        <section className="card" aria-labelledby="add-number-title">
          <h2 id="add-number-title">Add a phone number</h2>
          <AddNumberForm
            onDone={(added) => {
              setAdding(false);
              if (added) setNotice(`${added.number} added${added.agent_id ? "" : ": attach an agent to answer it"}.`);
            }}
          />
        </section>
      )}

      {numbers.isPending ? (
        <Loading what="Loading phone numbers" />
      ) : numbers.isError ? (
        <ErrorState error={numbers.error} retry={() => void numbers.refetch()} />
      ) : numbers.data.length === 0 ? (
        <EmptyState title="No phone numbers yet">
          {canEdit ? (
            <p>
              Use “Add number” above with a number you own, then pick the agent that answers it. Without a number,
              people can still call your agents from a website: see <Link href="/embeds">Embeds</Link>.
            </p>
          ) : (
            <p>An owner or admin can add the account’s phone numbers.</p>
          )}
        </EmptyState>
      ) : (
        <table className="numbers-table">
          <caption className="visually-hidden">Phone numbers and the agents answering them</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Answered by</th>
              <th scope="col">Client</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {numbers.data.map((phone) => (
              <NumberRow
                key={phone.number}
                phone={phone}
                agent={phone.agent_id ? agentsById.get(phone.agent_id) : undefined}
                client={phone.client_id ? clientsById.get(phone.client_id) : undefined}
                canEdit={canEdit}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
