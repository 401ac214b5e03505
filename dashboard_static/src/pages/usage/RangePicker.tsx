/** The days usage covers: two dates (applied together, checked against the API's limit first) or a
 * preset. Days are counted in the browser's time zone, which is said next to the dates. */
import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { lastDays, MAX_DAYS, rangeProblem, spanDays, type DayRange } from "./range";

const PRESETS = [7, 30, 90] as const;

type Props = {
  range: DayRange;
  timeZone: string;
  apiProblem?: { field: string; message: string } | null;
  onChange: (range: DayRange) => void;
};

export function RangePicker({ range, timeZone, apiProblem, onChange }: Props) {
  const [draft, setDraft] = useState(range);
  const [problem, setProblem] = useState<ReturnType<typeof rangeProblem>>(null);
  const shown =
    problem ?? (apiProblem && (apiProblem.field === "from" || apiProblem.field === "to") ? apiProblem : null);

  function apply(next: DayRange) {
    const found = rangeProblem(next);
    setProblem(found);
    if (!found) onChange(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(draft);
  }

  function preset(days: number) {
    const next = lastDays(days);
    setDraft(next);
    apply(next);
  }

  return (
    <form className="range-picker" onSubmit={submit} noValidate aria-label="Date range">
      <Field label="From" error={shown?.field === "from" ? shown.message : null}>
        {(id) => (
          <input
            id={id}
            type="date"
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
        )}
      </Field>
      <Field label="To" error={shown?.field === "to" ? shown.message : null} hint={`Up to ${MAX_DAYS} days.`}>
        {(id) => (
          <input
            id={id}
            type="date"
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
        )}
      </Field>
      <button type="submit">Show</button>
      <div className="presets" role="group" aria-label="Quick ranges">
        {PRESETS.map((days) => {
          const current = spanDays(range) === days && range.to === lastDays(days).to;
          return (
            <button key={days} type="button" aria-pressed={current} onClick={() => preset(days)}>
              Last {days} days
            </button>
          );
        })}
      </div>
      <p className="hint time-zone">Days in your time zone, {timeZone}.</p>
    </form>
  );
}
