/** Who the agent is: its name in the dashboard and the role the model plays. */
import { TextArea, TextInput } from "../controls";
import type { AgentDraft } from "../draft";
import { Section } from "./Section";

type Props = { name: string; persona: string; onChange: (change: Partial<AgentDraft>) => void };

export function PersonaSection({ name, persona, onChange }: Props) {
  return (
    <Section title="Persona" intro="Who the agent is. The persona opens its instructions; without one it is a helpful assistant named after the agent.">
      <TextInput path="name" label="Agent name" value={name} maxLength={120} onChange={(value) => onChange({ name: value })} />
      <TextArea
        path="persona"
        label="Persona"
        hint="E.g. “You are Sam, the friendly front desk of Bright Smile Dental in Springfield.”"
        rows={4}
        maxLength={20_000}
        value={persona}
        onChange={(value) => onChange({ persona: value })}
      />
    </Section>
  );
}
