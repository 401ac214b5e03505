/** Every screen and its path; screens load on first visit, so the first page pulls only the shell. */
import { lazy, Suspense } from "react";
import { Route, Switch } from "wouter";
import { EmptyState, Loading } from "../components/states";

const GettingStarted = lazy(() => import("../pages/GettingStarted"));
const ClientsPage = lazy(() => import("../pages/clients/ClientsPage"));
const AgentsPage = lazy(() => import("../pages/agents/AgentsPage"));
const AgentEditorPage = lazy(() => import("../pages/agents/AgentEditorPage"));
const EmbedsPage = lazy(() => import("../pages/embeds/EmbedsPage"));
const PhoneNumbersPage = lazy(() => import("../pages/numbers/PhoneNumbersPage"));
const CallsPage = lazy(() => import("../pages/calls/CallsPage"));
const CallPage = lazy(() => import("../pages/calls/CallPage"));
const UsagePage = lazy(() => import("../pages/usage/UsagePage"));
const TeamPage = lazy(() => import("../pages/team/TeamPage"));

/** The sidebar, in the order a new user meets them. */
export const NAVIGATION = [
  { href: "/", label: "Getting started" },
  { href: "/clients", label: "Clients" },
  { href: "/agents", label: "Agents" },
  { href: "/phone-numbers", label: "Phone numbers" },
  { href: "/embeds", label: "Embeds" },
  { href: "/calls", label: "Calls" },
  { href: "/usage", label: "Usage" },
  { href: "/team", label: "Team" },
] as const;

export function Routes() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/" component={GettingStarted} />
        <Route path="/clients" component={ClientsPage} />
        <Route path="/agents" component={AgentsPage} />
        <Route path="/agents/:id" component={AgentEditorPage} />
        <Route path="/embeds" component={EmbedsPage} />
        <Route path="/phone-numbers" component={PhoneNumbersPage} />
        <Route path="/calls" component={CallsPage} />
        <Route path="/calls/:id" component={CallPage} />
        <Route path="/usage" component={UsagePage} />
        <Route path="/team" component={TeamPage} />
        <Route>
          <EmptyState title="Page not found">
            <p>
              There is nothing at this address. <a href="/">Go to Getting started</a>.
            </p>
          </EmptyState>
        </Route>
      </Switch>
    </Suspense>
  );
}
