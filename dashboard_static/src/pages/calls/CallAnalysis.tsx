/** The post-call analysis: summary, sentiment, whether the agent's goals were reached, and the outcome. It
 * arrives seconds after the call ends; until then the page says it is on its way (and polls). */
import type { CallDetail } from "../../api/types";
import { sentimentLabel, sentimentTone } from "./callFacts";
import { analysisPending } from "./liveness";

export function CallAnalysis({ call }: { call: CallDetail }) {
  const analysis = call.analysis;
  return (
    <section className="card" aria-labelledby="call-analysis-heading">
      <h2 id="call-analysis-heading">Analysis</h2>
      {analysis ? (
        <>
          <p className="calls-summary">{analysis.summary || "No summary."}</p>
          <dl className="calls-facts">
            <div>
              <dt>Sentiment</dt>
              <dd>
                <span className={`badge ${sentimentTone[analysis.sentiment ?? "neutral"]}`}>
                  {sentimentLabel(analysis.sentiment ?? "neutral")}
                </span>
                {analysis.sentiment_score != null && (
                  <span className="calls-score"> score {formatScore(analysis.sentiment_score)}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Goals reached</dt>
              <dd>
                {analysis.success == null ? (
                  "Not judged"
                ) : analysis.success ? (
                  <span className="badge ok">Yes</span>
                ) : (
                  <span className="badge danger">No</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Outcome</dt>
              <dd>{analysis.outcome || "—"}</dd>
            </div>
          </dl>
        </>
      ) : (
        <AnalysisMissing call={call} />
      )}
    </section>
  );
}

/** Said as a status (once per page: `announce`), so the change is announced when the analysis lands. */
export function AnalysisMissing({ call, announce = true }: { call: CallDetail; announce?: boolean }) {
  const message =
    call.status !== "ended"
      ? "Analysis in progress: the call is still going on; it is analysed once it ends."
      : analysisPending(call)
        ? "Analysis in progress: it usually arrives a few seconds after the call ends."
        : "No analysis was stored for this call.";
  return (
    <p className="calls-pending" role={announce ? "status" : undefined}>
      {message}
    </p>
  );
}

function formatScore(score: number): string {
  return `${score > 0 ? "+" : ""}${score.toFixed(2)}`;
}
