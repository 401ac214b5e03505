/** What the agent must find out, in the order it asks: each answer is captured under its key. */
import { entries, QUESTION_TYPES, type QuestionType } from "../../options";
import { Checkbox, Select, TextInput } from "../controls";
import { useEditor } from "../context";
import { keyFromPrompt, moved, newQuestion, replaced, type DraftQuestion } from "../draft";
import { Announcement, changeThenFocus, MoveButtons, removeThenFocus, TextList, useAnnouncer } from "../lists";
import { Section } from "./Section";

type Props = { questions: DraftQuestion[]; onChange: (questions: DraftQuestion[]) => void };

const MAX_QUESTIONS = 30;

export function QuestionsSection({ questions, onChange }: Props) {
  const { readOnly, errorFor } = useEditor();
  const [announcement, announce] = useAnnouncer();
  const listError = errorFor("questions");

  return (
    <Section
      title="Questions"
      intro="Asked in this order, skipping any the caller already answered. The answers appear on each call's page under their keys."
    >
      {questions.length === 0 && <p className="hint">No questions yet: the agent will just help callers.</p>}
      {listError && (
        <p className="field-error" id="questions-error">
          {listError}
        </p>
      )}
      <ol className="items">
        {questions.map((question, index) => (
          <li key={question.uid}>
            <QuestionItem
              question={question}
              index={index}
              count={questions.length}
              onChange={(next) => onChange(replaced(questions, index, next))}
              onMove={(delta) => onChange(moved(questions, index, delta))}
              onRemove={() => removeThenFocus(questions, index, onChange, announce, `question ${index + 1}`, "questions-add")}
              announce={announce}
              error={errorFor(`questions.${index}`)}
            />
          </li>
        ))}
      </ol>
      {!readOnly &&
        (questions.length < MAX_QUESTIONS ? (
          <button
            type="button"
            name="questions-add"
            onClick={() => changeThenFocus(() => onChange([...questions, newQuestion()]), `questions.${questions.length}.prompt`)}
          >
            Add question
          </button>
        ) : (
          <p className="hint">An agent asks at most {MAX_QUESTIONS} questions.</p>
        ))}
      <Announcement message={announcement} />
    </Section>
  );
}

type ItemProps = {
  question: DraftQuestion;
  index: number;
  count: number;
  onChange: (question: DraftQuestion) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  announce: (message: string) => void;
  error: string | undefined;
};

function QuestionItem({ question, index, count, onChange, onMove, onRemove, announce, error }: ItemProps) {
  const { readOnly } = useEditor();
  const path = `questions.${index}`;
  const set = (change: Partial<DraftQuestion>) => onChange({ ...question, ...change });
  const name = question.prompt ? `question “${question.prompt}”` : `question ${index + 1}`;
  return (
    <fieldset className="item">
      <legend>Question {index + 1}</legend>
      <TextInput
        path={`${path}.prompt`}
        label="Question"
        hint="As the agent should ask it."
        maxLength={300}
        value={question.prompt}
        onChange={(prompt) =>
          set(question.keyFollowsPrompt ? { prompt, key: keyFromPrompt(prompt) } : { prompt })
        }
      />
      <div className="grid-2">
        <TextInput
          path={`${path}.key`}
          label="Answer key"
          hint="snake_case, e.g. full_name: the answer is stored under it."
          maxLength={64}
          value={question.key}
          onChange={(key) => set({ key, keyFollowsPrompt: false })}
        />
        <Select<QuestionType>
          path={`${path}.type`}
          label="Answer type"
          value={question.type}
          options={entries(QUESTION_TYPES)}
          onChange={(type) => set({ type })}
        />
      </div>
      <Checkbox
        path={`${path}.required`}
        label="Required"
        hint="The agent does not end the call before it has an answer, unless the caller insists."
        checked={question.required}
        onChange={(required) => set({ required })}
      />
      {question.type === "choice" && (
        <TextList
          path={`${path}.choices`}
          legend="Choices"
          itemLabel="Choice"
          hint="The caller's answer is one of these."
          values={question.choices}
          max={20}
          maxLength={120}
          onChange={(choices) => set({ choices })}
        />
      )}
      {error && <p className="field-error">{error}</p>}
      {!readOnly && (
        <div className="row item-actions">
          <MoveButtons uid={question.uid} index={index} count={count} itemName={name} onMove={onMove} announce={announce} />
          <button type="button" className="danger" onClick={onRemove}>
            Remove question {index + 1}
          </button>
        </div>
      )}
    </fieldset>
  );
}
