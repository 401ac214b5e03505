/** What the agent knows: text blocks (opening hours, prices, policies) and questions callers often ask. */
import { TextArea, TextInput } from "../controls";
import { useEditor } from "../context";
import { newUid, replaced, type AgentDraft } from "../draft";
import { Announcement, changeThenFocus, removeThenFocus, useAnnouncer } from "../lists";
import { Section } from "./Section";

type Knowledge = AgentDraft["knowledge"];
type Props = { knowledge: Knowledge; onChange: (knowledge: Knowledge) => void };

const MAX_BLOCKS = 50;
const MAX_FAQS = 200;

export function KnowledgeSection({ knowledge, onChange }: Props) {
  const { readOnly, errorFor } = useEditor();
  const [announcement, announce] = useAnnouncer();
  const { blocks, faqs } = knowledge;
  const setBlocks = (next: Knowledge["blocks"]) => onChange({ ...knowledge, blocks: next });
  const setFaqs = (next: Knowledge["faqs"]) => onChange({ ...knowledge, faqs: next });

  return (
    <Section title="Knowledge" intro="The agent answers from this knowledge only, and says so when it does not know.">
      <h3>Text blocks</h3>
      {blocks.length === 0 && <p className="hint">No text blocks yet: add opening hours, prices, policies…</p>}
      {blocks.map((block, index) => (
        <fieldset key={block.uid} className="item">
          <legend>Text block {index + 1}</legend>
          <TextInput
            path={`knowledge.blocks.${index}.title`}
            label="Title"
            maxLength={120}
            value={block.title}
            onChange={(title) => setBlocks(replaced(blocks, index, { ...block, title }))}
          />
          <TextArea
            path={`knowledge.blocks.${index}.text`}
            label="Text"
            rows={4}
            maxLength={20_000}
            value={block.text}
            onChange={(text) => setBlocks(replaced(blocks, index, { ...block, text }))}
          />
          {!readOnly && (
            <button
              type="button"
              className="danger"
              onClick={() => removeThenFocus(blocks, index, setBlocks, announce, `text block ${index + 1}`, "knowledge.blocks-add")}
            >
              Remove text block {index + 1}
            </button>
          )}
        </fieldset>
      ))}
      {errorFor("knowledge.blocks") && <p className="field-error">{errorFor("knowledge.blocks")}</p>}
      {!readOnly && blocks.length < MAX_BLOCKS && (
        <button
          type="button"
          name="knowledge.blocks-add"
          onClick={() =>
            changeThenFocus(
              () => setBlocks([...blocks, { uid: newUid(), title: "", text: "" }]),
              `knowledge.blocks.${blocks.length}.title`,
            )
          }
        >
          Add text block
        </button>
      )}

      <h3>Frequently asked questions</h3>
      {faqs.length === 0 && <p className="hint">No FAQs yet: add the questions callers ask most, with their answers.</p>}
      {faqs.map((faq, index) => (
        <fieldset key={faq.uid} className="item">
          <legend>FAQ {index + 1}</legend>
          <TextInput
            path={`knowledge.faqs.${index}.question`}
            label="Question"
            maxLength={500}
            value={faq.question}
            onChange={(question) => setFaqs(replaced(faqs, index, { ...faq, question }))}
          />
          <TextArea
            path={`knowledge.faqs.${index}.answer`}
            label="Answer"
            rows={2}
            maxLength={2000}
            value={faq.answer}
            onChange={(answer) => setFaqs(replaced(faqs, index, { ...faq, answer }))}
          />
          {!readOnly && (
            <button
              type="button"
              className="danger"
              onClick={() => removeThenFocus(faqs, index, setFaqs, announce, `FAQ ${index + 1}`, "knowledge.faqs-add")}
            >
              Remove FAQ {index + 1}
            </button>
          )}
        </fieldset>
      ))}
      {errorFor("knowledge.faqs") && <p className="field-error">{errorFor("knowledge.faqs")}</p>}
      {!readOnly && faqs.length < MAX_FAQS && (
        <button
          type="button"
          name="knowledge.faqs-add"
          onClick={() =>
            changeThenFocus(
              () => setFaqs([...faqs, { uid: newUid(), question: "", answer: "" }]),
              `knowledge.faqs.${faqs.length}.question`,
            )
          }
        >
          Add FAQ
        </button>
      )}
      <Announcement message={announcement} />
    </Section>
  );
}
