/** /agents/:id — the agent editor: persona, knowledge, questions, conversation, transfers, voice; saved with
 * If-Match (a concurrent edit is a conflict, never a silent overwrite), the API's field errors inline, the
 * draft kept in this tab, the exact instructions alongside as they change, and a test call. A viewer reads. */
import { useState, type FormEvent } from "react";
import { Link, useLocation, useParams } from "wouter";
import { ApiError } from "../../api/errors";
import { byId, useClients } from "../../api/queries";
import { useCanEdit } from "../../app/me";
import { ErrorState, FormError, Loading, PageHeader } from "../../components/states";
import { formatDateTime } from "../../format";
import { DeleteAgentButton } from "./DeleteAgentButton";
import { EditorContext, visibleErrors } from "./editor/context";
import { patchOf, type AgentDraft } from "./editor/draft";
import { draftStore } from "./editor/draftStore";
import { ConflictNotice, ErrorSummary, RestoredNotice } from "./editor/Notices";
import { ConversationSection } from "./editor/sections/ConversationSection";
import { KnowledgeSection } from "./editor/sections/KnowledgeSection";
import { PersonaSection } from "./editor/sections/PersonaSection";
import { QuestionsSection } from "./editor/sections/QuestionsSection";
import { TransfersSection } from "./editor/sections/TransfersSection";
import { VoiceSection } from "./editor/sections/VoiceSection";
import { useAgentEditor } from "./editor/useAgentEditor";
import { useLeaveGuard } from "./editor/useLeaveGuard";
import { InstructionsPanel } from "./preview/InstructionsPanel";
import { useInstructionsPreview } from "./preview/useInstructionsPreview";
import { useSavedInstructions } from "./preview/useSavedInstructions";
import { TestCallPanel } from "./testCall/TestCallPanel";
import "./agents.css";

export default function AgentEditorPage() {
  const { id = "" } = useParams<{ id: string }>();
  // Keyed by the agent: moving to another agent starts from that agent's own state.
  return <AgentEditor key={id} agentId={id} />;
}

const LEAVE_QUESTION = "You have unsaved changes to this agent. Leave without saving them?";

function AgentEditor({ agentId }: { agentId: string }) {
  const editor = useAgentEditor(agentId);
  const canEdit = useCanEdit();
  const clients = byId(useClients().data?.filter((client): client is typeof client & { id: string } => Boolean(client.id)));
  const [, navigate] = useLocation();
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [failedSaves, setFailedSaves] = useState(0);
  const { base, draft, dirty, problems } = editor;

  const preview = useInstructionsPreview(agentId, draft ? patchOf(draft) : null, editor.setProblems);
  const saved = useSavedInstructions(agentId, base?.agent.version);
  useLeaveGuard(dirty && canEdit, LEAVE_QUESTION, () => draftStore.clear(agentId));

  if (editor.record.isPending) return <Loading what="Loading the agent" />;
  if (editor.record.error instanceof ApiError && editor.record.error.status === 404) {
    return (
      <>
        <PageHeader title="Agent not found" />
        <p>
          It may have been deleted, or the link is wrong. <Link href="/agents">See all agents</Link>.
        </p>
      </>
    );
  }
  if (editor.record.isError) return <ErrorState error={editor.record.error} retry={() => void editor.record.refetch()} />;
  if (!base || !draft) return <Loading what="Loading the agent" />;

  const agent = base.agent;
  const client = clients.get(agent.client_id);
  const readOnly = !canEdit;
  const change = (update: Partial<AgentDraft>) => editor.setDraft((current) => ({ ...current, ...update }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (await editor.save()) setSubmitted(false);
    else setFailedSaves((n) => n + 1);
  }

  function markTouched(event: FormEvent) {
    const name = (event.target as HTMLInputElement).name;
    if (name && !touched.has(name)) setTouched(new Set(touched).add(name));
  }

  return (
    <EditorContext.Provider value={{ readOnly, errorFor: visibleErrors(problems.fields, touched, submitted) }}>
      <PageHeader title={agent.name}>
        {canEdit && (
          <DeleteAgentButton
            agent={agent}
            label="Delete agent"
            onDeleted={() => {
              draftStore.clear(agentId);
              navigate("/agents");
            }}
          />
        )}
      </PageHeader>
      <p className="page-intro">
        Agent for{" "}
        {client ? <Link href={`/agents?client=${encodeURIComponent(client.id)}`}>{client.name}</Link> : "a client"} ·
        version {agent.version}, saved {formatDateTime(agent.updated_at)}
        {readOnly && " · You have view access: an owner or admin can change this agent."}
      </p>

      {editor.conflict && (
        <ConflictNotice
          conflict={editor.conflict}
          restoredFrom={editor.restoredFrom}
          onLoadTheirs={editor.loadTheirs}
          onKeepMine={editor.keepMine}
        />
      )}
      {!editor.conflict && editor.restoredFrom !== null && dirty && (
        <RestoredNotice version={editor.restoredFrom} onDiscard={editor.discard} />
      )}

      <div className="agent-editor">
        <form className="agent-form" aria-label="Agent settings" onSubmit={submit} onBlur={markTouched} noValidate>
          {submitted && <ErrorSummary problems={problems} focusKey={failedSaves} />}
          {/* A viewer's form: every control disabled at once, nothing to add, move or remove. */}
          <fieldset className="plain" disabled={readOnly}>
            {/* In the order the instructions are built: role, conversation, questions, knowledge, transfers. */}
            <PersonaSection name={draft.name} persona={draft.persona} onChange={change} />
            <ConversationSection conversation={draft.conversation} onChange={(conversation) => change({ conversation })} />
            <QuestionsSection questions={draft.questions} onChange={(questions) => change({ questions })} />
            <KnowledgeSection knowledge={draft.knowledge} onChange={(knowledge) => change({ knowledge })} />
            <TransfersSection rules={draft.transfer_rules} onChange={(transfer_rules) => change({ transfer_rules })} />
            <VoiceSection draft={draft} onChange={change} />
          </fieldset>
          {canEdit && (
            <div className="save-bar">
              <button type="submit" className="primary" disabled={editor.saving || !dirty || Boolean(editor.conflict)}>
                {editor.saving ? "Saving…" : "Save"}
              </button>
              {dirty && (
                <button type="button" onClick={editor.discard} disabled={editor.saving}>
                  Discard changes
                </button>
              )}
              <p className="save-state" role="status">
                {saveState(dirty, editor.savedVersion, Boolean(editor.conflict))}
              </p>
              <FormError error={editor.saveError} />
            </div>
          )}
        </form>

        <div className="agent-side">
          {canEdit && <TestCallPanel agentId={agentId} agentName={agent.name} dirty={dirty} />}
          <InstructionsPanel preview={preview} savedText={saved.data?.instructions} dirty={dirty} savedVersion={agent.version} />
        </div>
      </div>
    </EditorContext.Provider>
  );
}

function saveState(dirty: boolean, savedVersion: number | null, conflicted: boolean): string {
  if (conflicted) return "Choose above how to go on before saving.";
  if (dirty) return "Unsaved changes (kept in this tab until you save or discard them).";
  if (savedVersion !== null) return `Saved: version ${savedVersion}.`;
  return "No changes.";
}
