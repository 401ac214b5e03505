/** Billable minutes (or calls) by day as an SVG bar chart, drawn by hand (no chart library: the bundle
 * stays small). Screen readers get the chart as one image with a title and a summary, and the same numbers
 * as a table, hidden from sight until someone asks to see it. */
import { useId, useState } from "react";
import type { Usage } from "../../api/types";
import { formatMinutes } from "./minutes";
import { longDay, shortDay, weekday } from "./range";

type Day = Usage["days"][number];
type Metric = "minutes" | "calls";

const METRICS: { value: Metric; label: string; of: (day: Day) => number; unit: (n: number) => string }[] = [
  { value: "minutes", label: "Billable minutes", of: (day) => day.minutes, unit: (n) => `${formatMinutes(n)} min` },
  {
    value: "calls",
    label: "Calls",
    of: (day) => day.calls,
    unit: (n) => `${n.toLocaleString()} call${n === 1 ? "" : "s"}`,
  },
];

// The drawing's own units; the SVG scales to the width it is given.
const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 12, right: 8, bottom: 28, left: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const X_LABELS = 8; // at most this many day labels under the bars

export function DailyChart({ days }: { days: Day[] }) {
  const id = useId();
  const [metric, setMetric] = useState<Metric>("minutes");
  const [tableShown, setTableShown] = useState(false);
  const chosen = METRICS.find((m) => m.value === metric) ?? METRICS[0]!;
  const values = days.map(chosen.of);
  const top = niceCeiling(Math.max(...values, 0));
  // Calls are whole: no "0.5 calls" gridline.
  const ticks = metric === "calls" && !Number.isInteger(top / 2) ? [0, top] : [0, top / 2, top];
  const slot = PLOT_W / Math.max(days.length, 1);
  const barWidth = Math.max(1, slot * 0.72);
  const labelEvery = Math.ceil(days.length / X_LABELS);
  const y = (value: number) => PAD.top + PLOT_H - (top ? (value / top) * PLOT_H : 0);

  return (
    <div className="daily-chart">
      <div className="chart-controls">
        <fieldset className="metric-switch">
          <legend className="visually-hidden">Show by day</legend>
          {METRICS.map((m) => (
            <label key={m.value}>
              <input
                type="radio"
                name={`${id}-metric`}
                value={m.value}
                checked={metric === m.value}
                onChange={() => setMetric(m.value)}
              />
              {m.label}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          aria-controls={`${id}-table`}
          aria-pressed={tableShown}
          onClick={() => setTableShown((s) => !s)}
        >
          Show the numbers
        </button>
      </div>
      <svg
        className="bars"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{chosen.label} by day</title>
        <desc id={`${id}-desc`}>{summary(days, chosen)}</desc>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatTick(tick)}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const value = values[index] ?? 0;
          const x = PAD.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={day.date}>
              <rect
                className="bar"
                x={x}
                y={y(value)}
                width={barWidth}
                height={Math.max(0, y(0) - y(value))}
                rx={Math.min(3, barWidth / 3)}
              >
                <title>{`${weekday(day.date)}: ${chosen.unit(value)}`}</title>
              </rect>
              {index % labelEvery === 0 && (
                <text className="day" x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle">
                  {shortDay(day.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {/* Tables ignore a clipped box's size, so the wrapper is what hides it. */}
      <div id={`${id}-table`} className={tableShown ? "day-table" : "day-table visually-hidden"}>
        <table>
          <caption>Billable minutes and calls by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Calls</th>
              <th scope="col">Billable minutes</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{weekday(day.date)}</th>
                <td>{day.calls}</td>
                <td>{formatMinutes(day.minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One sentence for the chart's description: the range, the total and the busiest day. */
function summary(days: Day[], metric: (typeof METRICS)[number]): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return "No days in this range.";
  const total = days.reduce((sum, day) => sum + metric.of(day), 0);
  const busiest = days.reduce((best, day) => (metric.of(day) > metric.of(best) ? day : best), first);
  const range = `${days.length} days from ${longDay(first.date)} to ${longDay(last.date)}`;
  if (!total) return `${range}: none.`;
  return `${range}: ${metric.unit(total)} in all; the busiest day was ${longDay(busiest.date)} with ${metric.unit(metric.of(busiest))}. The table below lists every day.`;
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`, so the axis reads in round numbers. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

function formatTick(n: number): string {
  return n.toLocaleString(undefined, { maximumSignificantDigits: 3 });
}
