/** Getting started: the steps from signing in to a first live call, each ticked from what the API holds
 * (checked again whenever the tab regains focus, e.g. after a test call in another tab), each linking to
 * the screen where it is done, the next one to do highlighted. */
import { useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { Link } from "wouter";
import { api, unwrap } from "../api/client";
import { keys, useAgents, useClients, useEmbeds, usePhoneNumbers } from "../api/queries";
import { useCanEdit, useMe } from "../app/me";
import { ErrorState, PageHeader } from "../components/states";
import "./GettingStarted.css";

const TEST_CALLS = keys.calls({ channel: "test", limit: 1 });

type Step = { title: string; done: boolean | null; body: ReactNode; links?: { href: string; label: string }[] };

export default function GettingStarted() {
  const me = useMe();
  const canEdit = useCanEdit();
  const clients = useClients();
  const agents = useAgents();
  const numbers = usePhoneNumbers();
  const embeds = useEmbeds();
  const testCalls = useQuery({
    queryKey: TEST_CALLS,
    queryFn: () => unwrap(api.GET("/v1/calls", { params: { query: { channel: "test", limit: 1 } } })),
    refetchOnMount: "always", // a test call is stored a moment after it ends, usually while on another screen
  });
  useRefreshOnFocus([keys.clients, ["agents"], keys.phoneNumbers, ["embeds"], TEST_CALLS]);

  const firstAgent = agents.data?.find((agent) => agent.id);
  const answered = numbers.data?.some((number) => number.agent_id);
  const steps: Step[] = [
    {
      title: "Sign in",
      done: true,
      body: <p>You’re signed in{me.data ? ` as ${me.data.user.email}` : ""}.</p>,
    },
    {
      title: "Create a client",
      done: clients.data ? clients.data.length > 0 : null,
      body: <p>The business your voice agent answers for: its agents, numbers and calls are grouped under it.</p>,
      links: [{ href: "/clients", label: "Go to Clients" }],
    },
    {
      title: "Create an agent",
      done: agents.data ? agents.data.length > 0 : null,
      body: <p>Give it a persona, what it knows, the questions to ask callers and when to hand over to a person.</p>,
      links: [{ href: "/agents", label: "Go to Agents" }],
    },
    {
      title: "Make a test call",
      done: testCalls.data ? testCalls.data.items.length > 0 : null,
      body: (
        <p>
          Talk to your agent from the browser (or type to it) on the agent’s page, and read the call’s review after.
        </p>
      ),
      links: firstAgent?.id
        ? [{ href: `/agents/${firstAgent.id}`, label: `Open ${firstAgent.name}` }]
        : [{ href: "/agents", label: "Go to Agents" }],
    },
    {
      title: "Attach a phone number or an embed",
      done: numbers.data && embeds.data ? Boolean(answered) || embeds.data.length > 0 : null,
      body: <p>Go live: let the agent answer a phone number you own, or put its call button on a website.</p>,
      links: [
        { href: "/phone-numbers", label: "Go to Phone numbers" },
        { href: "/embeds", label: "Go to Embeds" },
      ],
    },
  ];
  const next = steps.findIndex((step) => step.done === false);
  const doneCount = steps.filter((step) => step.done).length;
  const failed = [clients, agents, numbers, embeds, testCalls].find((query) => query.isError);

  return (
    <div className="getting-started-screen">
      <PageHeader title="Getting started" />
      <p className="page-intro">
        From signing in to your first live call in five steps. Each step ticks itself once it’s done.
      </p>
      {!canEdit && me.data && (
        <p className="view-only">
          You have view-only access: an owner or admin of {me.data.account.name} makes these changes. You can still
          follow along and open every screen.
        </p>
      )}
      {failed && <ErrorState error={failed.error} retry={() => void failed.refetch()} />}
      <p className="progress" role="status">
        {doneCount} of {steps.length} steps done
      </p>
      <ol className="checklist">
        {steps.map((step, index) => (
          <StepItem key={step.title} step={step} number={index + 1} current={index === next} />
        ))}
      </ol>
      {doneCount === steps.length && (
        <section className="all-done" aria-labelledby="all-done-title">
          <h2 id="all-done-title">You’re live</h2>
          <p>
            Every call now shows in <Link href="/calls">Calls</Link> with its transcript, recording and summary, and its
            minutes in <Link href="/usage">Usage</Link>.
          </p>
        </section>
      )}
    </div>
  );
}

function StepItem({ step, number, current }: { step: Step; number: number; current: boolean }) {
  const state = step.done ? "done" : current ? "current" : step.done === null ? "checking" : "todo";
  const label = { done: "Done", current: "Next step", checking: "Checking…", todo: "To do" }[state];
  return (
    <li className={`step ${state}`} aria-current={current ? "step" : undefined}>
      <span className="step-mark" aria-hidden="true">
        {step.done ? "✓" : number}
      </span>
      <div className="step-body">
        <div className="step-heading">
          <h2>{step.title}</h2>
          <span className="step-state">{label}</span>
        </div>
        {step.body}
        {!step.done && step.links && (
          <p className="step-links">
            {step.links.map((link) => (
              <Link key={link.href} href={link.href} className={current ? "button primary" : "button"}>
                {link.label}
              </Link>
            ))}
          </p>
        )}
      </div>
    </li>
  );
}

/** Checks these queries again whenever the tab comes back into view, stale or not: the steps are often
 * done in another tab or on the phone. */
function useRefreshOnFocus(queryKeys: QueryKey[]) {
  const queryClient = useQueryClient();
  const signature = JSON.stringify(queryKeys);
  useEffect(() => {
    const targets = JSON.parse(signature) as QueryKey[];
    const refresh = () => {
      if (document.visibilityState !== "visible") return;
      for (const queryKey of targets) void queryClient.invalidateQueries({ queryKey });
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [queryClient, signature]);
}
