/** Billable minutes as usage shows them: the API's `minutes` (seconds / 60, rounded to 2 decimals), so
 * a short test call reads 0.03 rather than 0. */
export function formatMinutes(minutes: number): string {
  return minutes.toLocaleString(undefined, { maximumFractionDigits: minutes && minutes < 10 ? 2 : 1 });
}
