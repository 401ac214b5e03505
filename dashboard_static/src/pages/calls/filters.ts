/** The calls list's filters and page as they live in the URL's query string (so a filtered view can be
 * shared or reloaded), and as `GET /v1/calls` takes them. The URL keeps the API's own names; dates are
 * instants (RFC 3339), so a shared link means the same calls whatever the reader's time zone. */
import type { CallStatus, Channel } from "../../api/types";
import { CHANNELS, STATUSES } from "./callFacts";

export type CallFilters = {
  client_id?: string;
  agent_id?: string;
  channel?: Channel;
  status?: CallStatus;
  started_from?: string;
  started_before?: string;
};

export type CallsView = { filters: CallFilters; cursor?: string; limit: number };

export const PAGE_SIZES = [10, 25, 50, 100];
export const DEFAULT_PAGE_SIZE = 25;
const FILTER_NAMES = ["client_id", "agent_id", "channel", "status", "started_from", "started_before"] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((option) => option === value);
}

function instant(value: string | null): string | undefined {
  return value && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/** What the URL asks for; anything unreadable (a hand-edited link) is dropped rather than sent. */
export function readView(search: URLSearchParams): CallsView {
  const filters: CallFilters = {
    client_id: search.get("client_id") || undefined,
    agent_id: search.get("agent_id") || undefined,
    channel: oneOf(search.get("channel"), CHANNELS),
    status: oneOf(search.get("status"), STATUSES),
    started_from: instant(search.get("started_from")),
    started_before: instant(search.get("started_before")),
  };
  const limit = Number(search.get("limit"));
  return {
    filters,
    cursor: search.get("cursor") || undefined,
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : DEFAULT_PAGE_SIZE,
  };
}

export function writeView({ filters, cursor, limit }: CallsView): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value) search.set(name, value);
  }
  if (limit !== DEFAULT_PAGE_SIZE) search.set("limit", String(limit));
  if (cursor) search.set("cursor", cursor);
  return search;
}

/** An end before the start: the API would refuse it, so the form says so and nothing is asked. */
export function datesBackwards({ started_from, started_before }: CallFilters): boolean {
  return Boolean(started_from && started_before && Date.parse(started_from) >= Date.parse(started_before));
}

export function hasFilters(filters: CallFilters): boolean {
  return FILTER_NAMES.some((name) => Boolean(filters[name]));
}

/** The API's query: an agent already names its client, and the API takes one or the other. */
export function apiQuery({ filters, cursor, limit }: CallsView) {
  const { client_id, agent_id, ...rest } = filters;
  return { ...rest, ...(agent_id ? { agent_id } : { client_id }), cursor, limit };
}

/** `2026-11-29` (a date input, the user's calendar) -> the instant that day starts where the user is. */
export function startOfLocalDay(date: string): string | undefined {
  const [year, month, day] = date.split("-").map(Number);
  if (!year || !month || !day) return undefined;
  return new Date(year, month - 1, day).toISOString();
}

/** The instant the day after `date` starts: "to 29 Nov" includes all of the 29th. */
export function startOfNextLocalDay(date: string): string | undefined {
  const [year, month, day] = date.split("-").map(Number);
  if (!year || !month || !day) return undefined;
  return new Date(year, month - 1, day + 1).toISOString();
}

/** The user's calendar date of an instant, as a date input shows it. */
export function localDate(instant: string): string {
  const moment = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/** The last calendar day an exclusive end includes (the day before the midnight it names). */
export function lastLocalDateBefore(instant: string): string {
  return localDate(new Date(new Date(instant).getTime() - 1).toISOString());
}
