/** Date ranges for usage, as the API takes them: calendar days (`YYYY-MM-DD`, both ends included) in the
 * browser's time zone, at most MAX_DAYS long. Day arithmetic is done in UTC so DST never shifts a day. */

export const MAX_DAYS = 92; // the API's limit (vocadesk/usage.py)
export const DEFAULT_DAYS = 30;

export type DayRange = { from: string; to: string };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Today in the browser's time zone. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function spanDays({ from, to }: DayRange): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function lastDays(days: number, end = today()): DayRange {
  return { from: addDays(end, -(days - 1)), to: end };
}

export function isDay(value: string | null | undefined): value is string {
  return Boolean(value && ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));
}

/** What is wrong with a range, in words, or null when the API will take it. */
export function rangeProblem(range: DayRange): { field: "from" | "to"; message: string } | null {
  if (!isDay(range.from)) return { field: "from", message: "Enter the first day." };
  if (!isDay(range.to)) return { field: "to", message: "Enter the last day." };
  const days = spanDays(range);
  if (days < 1) return { field: "to", message: "The last day must be on or after the first day." };
  if (days > MAX_DAYS) return { field: "to", message: `Pick at most ${MAX_DAYS} days (this range has ${days}).` };
  return null;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const longDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const weekdayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "3 Nov" (the chart's axis). */
export function shortDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "3 Nov 2026" (sentences). */
export function longDay(day: string): string {
  return longDayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "Tue, 3 Nov 2026" (the table's rows). */
export function weekday(day: string): string {
  return weekdayFormat.format(new Date(`${day}T00:00:00Z`));
}
