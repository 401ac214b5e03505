/** What the call captured, against what the agent asks: each of its questions with the answer or "not
 * answered" (required ones flagged), then anything captured that no current question asks for. */
import type { Agent, CallDetail, Question } from "../../api/types";
import { ErrorState, Loading } from "../../components/states";
import { AnalysisMissing } from "./CallAnalysis";

type Captured = NonNullable<CallDetail["analysis"]>["captured_data"];
type Value = NonNullable<Captured>[string];

type Props = {
  call: CallDetail;
  agent: { data?: Agent; isPending: boolean; error: unknown };
};

export function CapturedData({ call, agent }: Props) {
  const analysis = call.analysis;
  const captured: Captured = analysis?.captured_data ?? {};
  const missing = new Set(analysis?.missing_answers ?? []);
  const questions = agent.data?.questions ?? [];
  const asked = new Set(questions.map((question) => question.key));
  const extra = Object.entries(captured).filter(([key]) => !asked.has(key));

  return (
    <section className="card" aria-labelledby="call-captured-heading">
      <h2 id="call-captured-heading">Captured data</h2>
      {!analysis ? (
        <AnalysisMissing call={call} announce={false} />
      ) : agent.isPending ? (
        <Loading what="Loading the agent's questions" />
      ) : (
        <>
          {agent.error ? (
            <ErrorState error={agent.error} />
          ) : questions.length === 0 ? (
            <p className="calls-muted">This agent asks no questions.</p>
          ) : (
            <table className="calls-captured">
              <caption className="visually-hidden">The agent's questions and the answers this call gave</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Answer</th>
                </tr>
              </thead>
              <tbody>
                {questions.map((question) => (
                  <QuestionRow
                    key={question.key}
                    question={question}
                    value={captured[question.key]}
                    missing={missing.has(question.key)}
                  />
                ))}
              </tbody>
            </table>
          )}
          {extra.length > 0 && (
            <>
              <h3>Also captured</h3>
              <dl className="calls-facts">
                {extra.map(([key, value]) => (
                  <div key={key}>
                    <dt>
                      <code>{key}</code>
                    </dt>
                    <dd>{formatAnswer(value)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </>
      )}
    </section>
  );
}

function QuestionRow({ question, value, missing }: { question: Question; value: Value | undefined; missing: boolean }) {
  const answered = !missing && value !== undefined && value !== null && value !== "";
  const required = question.required ?? true;
  return (
    <tr className={answered ? undefined : "calls-unanswered"}>
      <th scope="row">
        {question.prompt}{" "}
        <span className="calls-question-key">
          <code>{question.key}</code>
        </span>
        {required && <span className="badge">Required</span>}
      </th>
      <td>
        {answered ? (
          formatAnswer(value)
        ) : (
          <span className={required ? "badge danger" : "calls-muted"}>Not answered</span>
        )}
      </td>
    </tr>
  );
}

function formatAnswer(value: Value | undefined): string {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (typeof value === "number") return value.toLocaleString();
  return value ?? "—";
}
