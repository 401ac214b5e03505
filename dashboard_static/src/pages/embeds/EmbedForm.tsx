/** An embed's settings, for creating and editing alike: the agent (when creating), a name, the websites
 * allowed to start calls, the button's look (previewed as it is edited) and whether it takes calls. */
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../../api/errors";
import type { EmbedView, NewEmbed } from "../../api/types";
import { Field } from "../../components/Field";
import { FormError } from "../../components/states";
import { AgentSelect } from "../numbers/AgentSelect";
import { ButtonPreview } from "./ButtonPreview";
import {
  contrastRatio,
  DEFAULT_LOOK,
  POSITIONS,
  READABLE_CONTRAST,
  type ButtonPosition,
  type ButtonStyle,
} from "./look";
import { formatOrigins, originsError, ORIGINS_HINT, parseOrigins } from "./origins";
import { FormActions, useFocusFirstInvalid } from "../../components/forms";

export type EmbedDraft = { agent_id: string; name: string; origins: string; button: ButtonStyle; enabled: boolean };

export function draftOf(embed: EmbedView | null, agentId = ""): EmbedDraft {
  return {
    agent_id: embed?.agent_id ?? agentId,
    name: embed?.name ?? "Website",
    origins: embed ? formatOrigins(embed.allowed_origins) : "",
    button: { ...DEFAULT_LOOK, ...embed?.button },
    enabled: embed?.enabled ?? true,
  };
}

export function newEmbedOf(draft: EmbedDraft): NewEmbed {
  return {
    agent_id: draft.agent_id,
    name: draft.name.trim(),
    allowed_origins: parseOrigins(draft.origins),
    button: { ...draft.button, label: draft.button.label.trim() },
  };
}

const PREVIEW_SETTLE_MS = 400; // the preview reloads the SDK: wait for typing to pause

type Props = {
  creating: boolean;
  initial: EmbedDraft;
  previewId: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (draft: EmbedDraft) => void;
  onCancel: () => void;
  children?: ReactNode;
};

export function EmbedForm({
  creating,
  initial,
  previewId,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  children,
}: Props) {
  const [draft, setDraft] = useState(initial);
  const [sentOrigins, setSentOrigins] = useState<string[]>([]); // as submitted: the API's line numbers refer to these
  const form = useFocusFirstInvalid(error);
  const look = useSettled(draft.button, PREVIEW_SETTLE_MS);
  const messages = error instanceof ApiError ? error.fieldMessages() : {};
  const originProblems = originsError(error, sentOrigins);
  const fieldProblems = [
    messages.agent_id,
    messages.name,
    originProblems,
    ...Object.keys(messages).filter((k) => k.startsWith("button.")),
  ];
  const formError = fieldProblems.some(Boolean) ? null : error;
  const contrast = contrastRatio(draft.button.background, draft.button.foreground);

  const setButton = (change: Partial<ButtonStyle>) => setDraft((d) => ({ ...d, button: { ...d.button, ...change } }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setSentOrigins(parseOrigins(draft.origins));
    onSubmit(draft);
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="embed-form">
      <div className="embed-form-fields">
        {creating && (
          <Field label="Agent" error={messages.agent_id} hint="The agent that answers this website's calls.">
            {(id) => (
              <AgentSelect
                id={id}
                value={draft.agent_id}
                onChange={(e) => setDraft((d) => ({ ...d, agent_id: e.target.value }))}
              />
            )}
          </Field>
        )}
        <Field label="Name" error={messages.name} hint="For your team, e.g. the website's name.">
          {(id) => (
            <input
              id={id}
              value={draft.name}
              maxLength={120}
              onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            />
          )}
        </Field>
        <Field label="Allowed websites" error={originProblems} hint={ORIGINS_HINT} className="origins-field">
          {(id) => (
            <textarea
              id={id}
              rows={4}
              spellCheck={false}
              autoCapitalize="off"
              placeholder={"https://www.example.com\nhttps://*.example.com"}
              value={draft.origins}
              onChange={(e) => setDraft((d) => ({ ...d, origins: e.target.value }))}
            />
          )}
        </Field>
        <fieldset className="button-look">
          <legend>Button</legend>
          <Field label="Label" error={messages["button.label"]}>
            {(id) => (
              <input
                id={id}
                value={draft.button.label}
                maxLength={120}
                onChange={(e) => setButton({ label: e.target.value })}
              />
            )}
          </Field>
          <div className="row">
            <Field label="Background" error={messages["button.background"]}>
              {(id) => (
                <input
                  id={id}
                  type="color"
                  value={draft.button.background}
                  onChange={(e) => setButton({ background: e.target.value })}
                />
              )}
            </Field>
            <Field label="Text" error={messages["button.foreground"]}>
              {(id) => (
                <input
                  id={id}
                  type="color"
                  value={draft.button.foreground}
                  onChange={(e) => setButton({ foreground: e.target.value })}
                />
              )}
            </Field>
            <Field label="Position" error={messages["button.position"]}>
              {(id) => (
                <select
                  id={id}
                  value={draft.button.position}
                  onChange={(e) => setButton({ position: e.target.value as ButtonPosition })}
                >
                  {POSITIONS.map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <p className={`contrast ${contrast < READABLE_CONTRAST ? "low" : ""}`}>
            Contrast {contrast.toFixed(1)}:1
            {contrast < READABLE_CONTRAST
              ? ": too low, some visitors won’t be able to read the label. Aim for 4.5:1 or more."
              : ": readable."}
          </p>
        </fieldset>
        {!creating && (
          <div className="field checkbox">
            <label>
              <input
                type="checkbox"
                checked={draft.enabled}
                onChange={(e) => setDraft((d) => ({ ...d, enabled: e.target.checked }))}
              />{" "}
              Takes calls (when off, the button shows as unavailable)
            </label>
          </div>
        )}
        {children}
        <FormError error={formError} />
        <FormActions busy={busy} submit={submitLabel} onCancel={onCancel} />
      </div>
      <div className="embed-form-preview">
        <h3>Preview</h3>
        <ButtonPreview embedId={previewId} look={look} enabled={draft.enabled} />
      </div>
    </form>
  );
}

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
