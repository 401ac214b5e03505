/** The lists several screens share (pickers, checklists, names in tables), each one cache entry: a
 * mutation invalidates by the first key part (`["agents"]`) and every screen showing it refreshes. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { Agent, Client, EmbedView, PhoneNumber } from "./types";

type Page<T> = { items: T[]; next_cursor?: string | null };
const PAGE = 100;
const MOST = 1000; // pickers list at most this many; past it, a screen pages through the API itself

/** Follows `next_cursor` until the end (or MOST items): lists that pickers and names need whole. */
export async function everyPage<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && items.length < MOST);
  return items;
}

export const keys = {
  clients: ["clients"] as const,
  agents: (clientId?: string) => ["agents", { clientId: clientId ?? null }] as const,
  agent: (id: string) => ["agent", id] as const,
  embeds: (agentId?: string) => ["embeds", { agentId: agentId ?? null }] as const,
  phoneNumbers: ["phone-numbers"] as const,
  calls: (filters: object) => ["calls", filters] as const,
  call: (id: string) => ["call", id] as const,
  usage: (range: object) => ["usage", range] as const,
};

export function useClients() {
  return useQuery({
    queryKey: keys.clients,
    queryFn: () =>
      everyPage<Client>((cursor) => unwrap(api.GET("/v1/clients", { params: { query: { limit: PAGE, cursor } } }))),
  });
}

export function useAgents(clientId?: string) {
  return useQuery({
    queryKey: keys.agents(clientId),
    queryFn: () =>
      everyPage<Agent>((cursor) =>
        unwrap(api.GET("/v1/agents", { params: { query: { limit: PAGE, cursor, client_id: clientId } } })),
      ),
  });
}

export function useEmbeds(agentId?: string) {
  return useQuery({
    queryKey: keys.embeds(agentId),
    queryFn: () =>
      everyPage<EmbedView>((cursor) =>
        unwrap(api.GET("/v1/embeds", { params: { query: { limit: PAGE, cursor, agent_id: agentId } } })),
      ),
  });
}

export function usePhoneNumbers() {
  return useQuery({
    queryKey: keys.phoneNumbers,
    queryFn: () =>
      everyPage<PhoneNumber>((cursor) =>
        unwrap(api.GET("/v1/phone-numbers", { params: { query: { limit: PAGE, cursor } } })),
      ),
  });
}

/** `id -> item` for showing names where the API returns ids. The generated types mark `id` optional (the
 * models default it on input), but every stored item the API returns has one. */
export function byId<T extends { id?: string }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).flatMap((item) => (item.id ? [[item.id, item] as const] : [])));
}
