/** How the agent sounds, its language, and whether calls are recorded (and the caller told so). */
import { entries, LANGUAGES, VOICES, type Voice } from "../../options";
import { Checkbox, Select, TextInput } from "../controls";
import type { AgentDraft } from "../draft";
import { Section } from "./Section";

type Props = {
  draft: Pick<AgentDraft, "voice" | "language" | "record_calls" | "announce_recording">;
  onChange: (change: Partial<AgentDraft>) => void;
};

export function VoiceSection({ draft, onChange }: Props) {
  return (
    <Section title="Voice and recording">
      <div className="grid-2">
        <Select<Voice>
          path="voice"
          label="Voice"
          hint="The AI provider's voice the agent speaks with."
          value={draft.voice}
          options={entries(VOICES)}
          onChange={(voice) => onChange({ voice })}
        />
        <TextInput
          path="language"
          label="Language"
          hint="A language tag, e.g. en-US. The agent follows a caller who clearly prefers another."
          list="agent-languages"
          maxLength={6}
          value={draft.language}
          onChange={(language) => onChange({ language })}
        />
        <datalist id="agent-languages">
          {LANGUAGES.map((language) => (
            <option key={language} value={language} />
          ))}
        </datalist>
      </div>
      <Checkbox
        path="record_calls"
        label="Record calls"
        hint="Both sides of every call, kept with the call for review."
        checked={draft.record_calls}
        onChange={(record_calls) => onChange({ record_calls })}
      />
      <Checkbox
        path="announce_recording"
        label="Tell callers the call is recorded"
        hint={draft.record_calls ? "Right after the greeting." : "Only recorded calls are announced: turn recording on first."}
        checked={draft.announce_recording}
        disabled={!draft.record_calls}
        onChange={(announce_recording) => onChange({ announce_recording })}
      />
    </Section>
  );
}
