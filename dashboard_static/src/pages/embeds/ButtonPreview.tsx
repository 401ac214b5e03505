/** The real call button (the SDK this deployment serves, `/sdk/vocadesk.js`) on a blank page, in the look
 * given: what visitors of the embed's websites will see.
 *
 * The SDK reads a button's look from the embed gateway (`GET /embed/config`), which answers only the
 * embed's allowed origins, and the dashboard is rarely one of them. So the preview page answers that read
 * itself with the look it is shown (the draft while editing), and it never starts a call: clicks and key
 * presses on the button are caught before the SDK sees them (no microphone prompt, no minutes used). */
import { useCallback, useState } from "react";
import type { ButtonStyle } from "./look";

type Props = { embedId: string; look: ButtonStyle; enabled: boolean };

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Call button preview</title><style>
html,body{margin:0;height:100%;font:14px/1.4 system-ui,sans-serif;background:#fff}
.site{padding:16px 20px}
.bar{height:12px;border-radius:6px;background:#e6e9ed;margin:0 0 10px}
.bar.title{height:20px;width:45%;background:#d0d7de;margin-bottom:16px}
</style></head><body><div class="site" aria-hidden="true"><div class="bar title"></div><div class="bar" style="width:85%"></div>
<div class="bar" style="width:70%"></div><div class="bar" style="width:78%"></div></div></body></html>`;

const SDK_PATH = "/sdk/vocadesk.js";

export function ButtonPreview({ embedId, look, enabled }: Props) {
  const [caught, setCaught] = useState(false);
  // A new frame per look: the SDK keeps one look per embed for the life of a page.
  const lookKey = JSON.stringify([embedId, look, enabled]);

  const setUp = useCallback(
    (frame: HTMLIFrameElement) => {
      const win = frame.contentWindow as (Window & typeof globalThis) | null;
      const doc = frame.contentDocument;
      if (!win || !doc?.body || doc.body.dataset.ready) return;
      doc.body.dataset.ready = "true";
      win.fetch = answerLookOnly(look, enabled);
      for (const type of ["click", "keydown", "keyup"] as const) {
        win.addEventListener(type, (event) => holdBack(event, () => setCaught(true)), true);
      }
      const sdk = doc.createElement("script");
      sdk.src = new URL(SDK_PATH, location.origin).href;
      sdk.dataset.embed = embedId;
      doc.body.append(sdk);
    },
    [embedId, look, enabled],
  );

  return (
    <div className="button-preview">
      <iframe
        key={lookKey}
        title={`Preview of the call button “${look.label}”`}
        srcDoc={PAGE}
        onLoad={(event) => setUp(event.currentTarget)}
      />
      <p className="hint" role="status">
        {caught
          ? "This is only a preview: the button starts calls on your website, not here. Use a test call on the agent’s page to try the agent."
          : "The button as visitors see it in the corner of your website. It doesn’t start calls here."}
      </p>
    </div>
  );
}

/** The preview page's `fetch`: the look read is answered from here; anything else (a token) is refused. */
function answerLookOnly(look: ButtonStyle, enabled: boolean): typeof fetch {
  return (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.origin);
    if (url.pathname.endsWith("/embed/config")) {
      const body = JSON.stringify({ button: look, enabled });
      return Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
    }
    return Promise.reject(new TypeError("The button preview starts no calls."));
  };
}

/** Activating the button (a click, or Enter / Space, which become clicks) would ask for the microphone and
 * start a real call: stop it at the window, before it reaches the button. Tab and the rest pass. (The
 * event comes from the frame's realm, so `instanceof KeyboardEvent` of this one would be false.) */
function holdBack(event: Event, told: () => void) {
  const key = "key" in event ? event.key : null;
  const activates = event.type === "click" || key === "Enter" || key === " ";
  if (!activates) return;
  event.preventDefault();
  event.stopPropagation();
  told();
}
