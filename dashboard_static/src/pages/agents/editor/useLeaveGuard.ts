/** Asks before unsaved changes are left behind: the browser's own prompt when the tab is closed or reloaded,
 * a confirm when a link inside the app is followed. Off while the session has expired, so the hosted
 * sign-in's redirect goes through (the draft waits in sessionStorage for the way back). */
import { useEffect, useRef } from "react";
import { useSession } from "../../../auth/session";

export function useLeaveGuard(active: boolean, question: string, onLeave: () => void): void {
  const state = useSession();
  const leave = useRef(onLeave);
  leave.current = onLeave;

  useEffect(() => {
    if (!active || state !== "signed-in") return;

    function beforeUnload(event: BeforeUnloadEvent) {
      event.preventDefault();
      event.returnValue = ""; // still needed by some browsers to show their prompt
    }

    // Capture phase on the document: before the router's link handler (React listens on its root, below).
    function click(event: MouseEvent) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const to = new URL(link.href, location.href);
      if (to.origin !== location.origin) return; // leaving the app: beforeunload asks
      if (to.pathname === location.pathname && to.search === location.search) return; // same screen (e.g. #main)
      if (window.confirm(question)) {
        leave.current();
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    }

    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, [active, state, question]);
}
