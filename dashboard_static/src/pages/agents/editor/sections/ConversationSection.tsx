/** How a conversation goes: the opening and closing lines, its goals, tone and house rules. */
import { TextArea, TextInput } from "../controls";
import type { DraftConversation } from "../draft";
import { TextList } from "../lists";
import { Section } from "./Section";

type Props = { conversation: DraftConversation; onChange: (conversation: DraftConversation) => void };

export function ConversationSection({ conversation, onChange }: Props) {
  const set = (change: Partial<DraftConversation>) => onChange({ ...conversation, ...change });
  return (
    <Section title="Conversation" intro="The agent says the greeting first and the closing line last; goals and rules steer what comes between.">
      <TextArea
        path="conversation.greeting"
        label="Greeting"
        hint="The first thing callers hear."
        rows={2}
        maxLength={500}
        value={conversation.greeting}
        onChange={(greeting) => set({ greeting })}
      />
      <TextInput
        path="conversation.tone"
        label="Tone"
        hint="E.g. warm and reassuring; brisk and professional."
        maxLength={500}
        value={conversation.tone}
        onChange={(tone) => set({ tone })}
      />
      <TextList
        path="conversation.goals"
        legend="Goals"
        itemLabel="Goal"
        hint="What a good call achieves, e.g. “Book a cleaning appointment”."
        values={conversation.goals}
        max={20}
        maxLength={300}
        onChange={(goals) => set({ goals })}
      />
      <div className="grid-2">
        <TextList
          path="conversation.do"
          legend="Always"
          itemLabel="Rule"
          hint="E.g. “Confirm the caller's phone number”."
          values={conversation.do}
          max={30}
          maxLength={300}
          onChange={(rules) => set({ do: rules })}
        />
        <TextList
          path="conversation.dont"
          legend="Never"
          itemLabel="Rule"
          hint="E.g. “Give medical advice”."
          values={conversation.dont}
          max={30}
          maxLength={300}
          onChange={(rules) => set({ dont: rules })}
        />
      </div>
      <TextArea
        path="conversation.closing"
        label="Closing line"
        hint="Said when the conversation is complete, before the agent hangs up."
        rows={2}
        maxLength={500}
        value={conversation.closing}
        onChange={(closing) => set({ closing })}
      />
    </Section>
  );
}
