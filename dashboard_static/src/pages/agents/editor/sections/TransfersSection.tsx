/** When the agent hands the caller to a person: the condition the model judges (or a hard trigger the
 * runtime enforces), where it dials, cold or warm, and what happens if nobody answers. */
import { entries, TRANSFER_FALLBACKS, TRANSFER_MODES, TRANSFER_TRIGGERS, type TransferFallback, type TransferMode, type TransferTrigger } from "../../options";
import { NumberInput, Select, TextArea, TextInput } from "../controls";
import { useEditor } from "../context";
import { newRule, replaced, type DraftRule } from "../draft";
import { Announcement, changeThenFocus, removeThenFocus, useAnnouncer } from "../lists";
import { Section } from "./Section";

type Props = { rules: DraftRule[]; onChange: (rules: DraftRule[]) => void };

const MAX_RULES = 20;

export function TransfersSection({ rules, onChange }: Props) {
  const { readOnly, errorFor } = useEditor();
  const [announcement, announce] = useAnnouncer();
  const listError = errorFor("transfer_rules");
  return (
    <Section
      title="Transfers"
      intro="The model transfers when a rule's condition is met; a trigger transfers without asking it. Destinations are never shown to the model."
    >
      {rules.length === 0 && <p className="hint">No transfer rules: the agent never hands a caller to a person.</p>}
      {listError && <p className="field-error">{listError}</p>}
      {rules.map((rule, index) => (
        <RuleItem
          key={rule.uid}
          rule={rule}
          index={index}
          onChange={(next) => onChange(replaced(rules, index, next))}
          onRemove={() =>
            removeThenFocus(rules, index, onChange, announce, `transfer rule ${index + 1}`, "transfer_rules-add")
          }
        />
      ))}
      {!readOnly && rules.length < MAX_RULES && (
        <button
          type="button"
          name="transfer_rules-add"
          onClick={() =>
            changeThenFocus(() => onChange([...rules, newRule(rules)]), `transfer_rules.${rules.length}.condition`)
          }
        >
          Add transfer rule
        </button>
      )}
      <Announcement message={announcement} />
    </Section>
  );
}

type ItemProps = { rule: DraftRule; index: number; onChange: (rule: DraftRule) => void; onRemove: () => void };

function RuleItem({ rule, index, onChange, onRemove }: ItemProps) {
  const { readOnly, errorFor } = useEditor();
  const path = `transfer_rules.${index}`;
  const set = (change: Partial<DraftRule>) => onChange({ ...rule, ...change });
  const triggersError = errorFor(`${path}.triggers`);
  return (
    <fieldset className="item">
      <legend>Transfer rule {index + 1}</legend>
      <TextArea
        path={`${path}.condition`}
        label="Transfer when"
        hint="In plain words for the model, e.g. “the caller asks for a person or has a dental emergency”."
        rows={2}
        maxLength={300}
        value={rule.condition}
        onChange={(condition) => set({ condition })}
      />
      <div className="grid-2">
        <TextInput
          path={`${path}.destination`}
          label="Destination"
          hint="+14155550123 or sip:desk@example.com"
          value={rule.destination}
          onChange={(destination) => set({ destination })}
        />
        <TextInput
          path={`${path}.id`}
          label="Rule name"
          hint="snake_case; reported with each transfer."
          maxLength={64}
          value={rule.id}
          onChange={(id) => set({ id })}
        />
      </div>
      <div className="grid-2">
        <Select<TransferMode>
          path={`${path}.mode`}
          label="Mode"
          hint={
            rule.mode === "warm"
              ? "The person hears a summary of the call, then the caller is joined."
              : "The caller is put through to the destination at once."
          }
          value={rule.mode}
          options={entries(TRANSFER_MODES)}
          onChange={(mode) => set({ mode })}
        />
        <TextInput
          path={`${path}.handover_message`}
          label="Handover line"
          hint="What the agent says before it transfers."
          maxLength={500}
          value={rule.handover_message}
          onChange={(handover_message) => set({ handover_message })}
        />
      </div>
      <fieldset className="checkbox-group" aria-describedby={triggersError ? `${rule.uid}-triggers-error` : undefined}>
        <legend>Also transfer, without asking the model, when</legend>
        {entries(TRANSFER_TRIGGERS).map(([trigger, label]) => (
          <label key={trigger} className="checkbox-option">
            <input
              type="checkbox"
              name={`${path}.triggers`}
              checked={rule.triggers.includes(trigger)}
              onChange={(event) => set({ triggers: toggled(rule.triggers, trigger, event.target.checked) })}
            />
            {label}
          </label>
        ))}
        {triggersError && (
          <small id={`${rule.uid}-triggers-error`} className="field-error">
            {triggersError}
          </small>
        )}
      </fieldset>
      <div className="grid-2">
        <NumberInput
          path={`${path}.timeout_seconds`}
          label="Ring for (seconds)"
          hint="5 to 120."
          min={5}
          max={120}
          value={rule.timeout_seconds}
          onChange={(timeout_seconds) => set({ timeout_seconds })}
        />
        <Select<TransferFallback>
          path={`${path}.fallback`}
          label="If nobody answers"
          hint={
            rule.fallback === "agent"
              ? "The agent takes the caller back, told that nobody answered."
              : "The caller hears the voicemail message below, then the call ends."
          }
          value={rule.fallback}
          options={entries(TRANSFER_FALLBACKS)}
          onChange={(fallback) => set({ fallback })}
        />
      </div>
      {rule.fallback === "voicemail" && (
        <TextArea
          path={`${path}.voicemail_message`}
          label="Voicemail message"
          hint="Said before the call ends when nobody answered."
          rows={2}
          maxLength={500}
          value={rule.voicemail_message}
          onChange={(voicemail_message) => set({ voicemail_message })}
        />
      )}
      {errorFor(path) && <p className="field-error">{errorFor(path)}</p>}
      {!readOnly && (
        <button type="button" className="danger" onClick={onRemove}>
          Remove transfer rule {index + 1}
        </button>
      )}
    </fieldset>
  );
}

function toggled(triggers: TransferTrigger[], trigger: TransferTrigger, on: boolean): TransferTrigger[] {
  const others = triggers.filter((t) => t !== trigger);
  return on ? [...others, trigger] : others;
}
