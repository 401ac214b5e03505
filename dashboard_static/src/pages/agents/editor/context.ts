/** What every control of the agent form needs besides its value: whether it may be edited, and the API's
 * message for its path (shown once the person has been there or has tried to save, not while they type). */
import { createContext, useContext } from "react";

export type EditorContextValue = {
  readOnly: boolean;
  errorFor: (path: string) => string | undefined;
};

export const EditorContext = createContext<EditorContextValue>({ readOnly: true, errorFor: () => undefined });

export function useEditor(): EditorContextValue {
  return useContext(EditorContext);
}

/** Which paths have messages to show: all after a save attempt, else those under a control left once. */
export function visibleErrors(
  fields: Record<string, string>,
  touched: ReadonlySet<string>,
  submitted: boolean,
): (path: string) => string | undefined {
  return (path) => {
    const message = fields[path];
    if (!message || submitted) return message;
    for (const visited of touched) if (visited === path || visited.startsWith(`${path}.`)) return message;
    return undefined;
  };
}
