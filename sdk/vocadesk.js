/* Vocadesk web calls: `<script src=".../sdk/vocadesk.js" data-embed="emb_..." async>` renders a call button.
 * Owns the page side of a web or test call (token, socket, microphone, playback, button); speaks
 * docs/web-call-protocol.md. No dependencies, no inline styles or scripts (strict CSP: see sdk/README.md). */
(() => {
  'use strict';
  const script = document.currentScript;
  if (window.Vocadesk && window.Vocadesk.version) {
    // Loaded twice: keep the first copy (one global, one floating button); this tag may still name an embed.
    window.Vocadesk._adopt(script);
    return;
  }

  const VERSION = '1.0.0';
  const SENTENCES = {
    mic_denied: 'Microphone access is blocked. Allow the microphone for this site, then try again.',
    no_mic: 'No microphone was found. Connect one, then try again.',
    origin_not_allowed: "Calls aren't enabled on this website.",
    busy: 'All lines are busy right now. Please try again in a minute.',
    rate_limited: 'Too many calls were started from here. Please try again in a minute.',
    token_invalid: "This call couldn't be authorised. Please try again.",
    network: "We couldn't connect. Check your internet connection and try again.",
    dropped: 'The call was cut off. Please try again.',
    timeout: 'The call took too long to start. Please try again.',
    unavailable: "This assistant isn't available right now. Please try again later.",
    unsupported: "This browser can't make voice calls. Please use a recent Chrome, Edge, Firefox or Safari.",
  };
  const ALIASES = {
    agent_unavailable: 'unavailable',
    provider_unavailable: 'unavailable',
    not_found: 'unavailable',
    embed_disabled: 'unavailable',
    account_suspended: 'unavailable',
    unauthorized: 'token_invalid',
  };
  const STATUS = { connecting: 'Connecting…', live: 'Live: go ahead and speak', speaking: 'Agent speaking…', ended: 'Call ended' };
  const READY_TIMEOUT_MS = 15000;
  const FETCH_TIMEOUT_MS = 10000;
  const LOOK_WAIT_MS = 2500; // a button waits this long for its embed's look before showing the default one

  const config = { api: '', worklet: '' };
  const listeners = {};
  const looks = new Map(); // embed id -> Promise of its button style: one read for every button of an embed
  let call = null; // the one live call on the page
  let last = freshStats('idle');

  // ---- helpers ----

  function configure(tag) {
    const src = (tag && tag.src) || location.href;
    if (!config.api || (tag && tag.dataset.api)) {
      config.api = ((tag && tag.dataset.api) || new URL(src).origin).replace(/\/+$/, '');
      config.worklet = new URL('vocadesk-worklet.js', src).href;
    }
  }

  function emit(event, detail) {
    for (const fn of listeners[event] || []) {
      try {
        fn(detail);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  function fail(code, message) {
    const err = new Error(message || SENTENCES[ALIASES[code] || code] || SENTENCES.unavailable);
    err.code = code;
    return err;
  }

  function freshStats(state) {
    return { state, callId: null, samplesPlayed: 0, samplesBuffered: 0, framesSent: 0, bytesSent: 0, marksReceived: 0, marksEchoed: 0, clears: 0, sampleRate: 0 };
  }

  function request(path, init) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    return fetch(config.api + path, Object.assign({ mode: 'cors', credentials: 'omit', signal: abort.signal }, init)).finally(() =>
      clearTimeout(timer)
    );
  }

  // POST {api}/embed/token -> the ticket {token, expires_at, runtime_url, button, ...}, or a coded Error.
  async function mint(embed) {
    let res;
    try {
      res = await request('/embed/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ embed_id: embed }),
      });
    } catch (e) {
      // The embed gateway lets only allowed pages read its answers, so a refused origin looks like a network
      // failure here. If the API answers a plain (no-cors) request, it is reachable: this page was refused.
      const reachable = await request('/embed/token', { method: 'HEAD', mode: 'no-cors' }).then(() => true, () => false);
      throw fail(reachable ? 'origin_not_allowed' : 'network');
    }
    const body = await res.json().catch(() => ({}));
    if (res.ok && body.token && body.runtime_url) return body;
    throw fail(body.error || (res.status === 429 ? 'rate_limited' : res.status === 403 ? 'origin_not_allowed' : 'unavailable'));
  }

  // GET {api}/embed/config?embed_id= -> {button, enabled}: read (never minted) when a button renders.
  // Anything but a readable answer leaves the default look; the ticket's `button` restyles it at a call.
  function lookOf(embed) {
    if (!looks.has(embed)) {
      const look = request('/embed/config?embed_id=' + encodeURIComponent(embed))
        .then((res) => (res.ok ? res.json() : {}))
        .then((answer) => answer || {}, () => ({}));
      looks.set(embed, look);
    }
    return looks.get(embed);
  }

  // ---- the call ----

  function setState(c, state, extra) {
    c.stats.state = state;
    const detail = Object.assign({ state, message: STATUS[state] || '' }, extra);
    emit('state', detail);
    if (c.owner) c.owner.show(detail);
  }

  function start(opts) {
    opts = opts || {};
    if (call) return Promise.reject(fail('busy', 'A call is already in progress.'));
    const Ctx = window.AudioContext || window.webkitAudioContext;
    const c = (call = { opts, owner: opts._owner || null, stats: freshStats('connecting'), muted: false });
    last = c.stats;
    const done = new Promise((resolve, reject) => {
      c.resolve = resolve;
      c.reject = reject;
    });
    done.catch(() => {});
    setState(c, 'connecting');
    if (!Ctx || !window.WebSocket || !window.AudioWorkletNode || (opts.mic !== false && !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia))) {
      finish(c, fail('unsupported'));
      return done;
    }
    if (!opts.token && !opts.embed) {
      finish(c, fail('token_invalid', 'Vocadesk.start needs {embed} or {token, runtimeUrl}.'));
      return done;
    }
    // Created inside the click (user gesture), so autoplay policies let it play.
    c.ctx = newContext(Ctx, true);
    // The microphone first: a refusal mints no token and starts no call, and the token's short life
    // starts only once the visitor has answered the permission prompt.
    c.micPromise = opts.mic === false ? Promise.resolve(null) : getMic();
    Promise.all([c.micPromise, c.ctx.audioWorklet.addModule(config.worklet)])
      .then(([mic]) => {
        c.mic = mic;
        if (c.done) return null;
        return opts.token ? { token: opts.token, runtime_url: opts.runtimeUrl || opts.runtime_url } : mint(opts.embed);
      })
      .then((g) => {
        if (!g || c.done) return;
        if (c.owner && g.button) c.owner.applyButton(g.button);
        connect(c, g);
      })
      .catch((e) => finish(c, typeof e.code === 'string' ? e : fail('unsupported')));
    return done;
  }

  function newContext(Ctx, wire) {
    let ctx;
    try {
      ctx = wire ? new Ctx({ sampleRate: 24000, latencyHint: 'interactive' }) : new Ctx({ latencyHint: 'interactive' });
    } catch (e) {
      ctx = new Ctx();
    }
    ctx.resume().catch(() => {});
    return ctx;
  }

  function getMic() {
    const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 };
    return navigator.mediaDevices.getUserMedia({ audio }).catch((e) => {
      throw fail(e && (e.name === 'NotFoundError' || e.name === 'OverconstrainedError') ? 'no_mic' : 'mic_denied');
    });
  }

  function stopStream(stream) {
    if (stream) for (const t of stream.getTracks()) t.stop();
  }

  function connect(c, g) {
    c.playback = new AudioWorkletNode(c.ctx, 'vocadesk-playback', { numberOfInputs: 0, outputChannelCount: [1] });
    c.playback.port.onmessage = (e) => onPlayback(c, e.data);
    c.playback.connect(c.ctx.destination);
    let ws;
    try {
      ws = c.ws = new WebSocket(g.runtime_url);
    } catch (e) {
      return finish(c, fail('network'));
    }
    ws.binaryType = 'arraybuffer';
    c.timer = setTimeout(() => finish(c, fail('timeout')), READY_TIMEOUT_MS);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'start', token: g.token }));
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return c.ready && c.playback.port.postMessage({ pcm: e.data }, [e.data]);
      let m;
      try {
        m = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      const handle = HANDLERS[m.type];
      if (handle && !c.done) handle(c, m);
    };
    ws.onclose = () => finish(c, fail(c.ready ? 'dropped' : 'network'));
  }

  const HANDLERS = {
    ready(c, m) {
      clearTimeout(c.timer);
      c.ready = true;
      c.stats.callId = m.call_id || null;
      c.stats.sampleRate = c.ctx.sampleRate;
      c.ctx.resume().catch(() => {});
      if (c.mic) {
        try {
          startCapture(c);
        } catch (e) {
          // Firefox refuses a microphone in a context at another rate: move to the device's rate.
          // The worklets resample to and from 24 kHz there.
          return restartAtDeviceRate(c);
        }
      }
      setState(c, 'live', { callId: c.stats.callId });
      emit('ready', { callId: c.stats.callId, channel: m.channel });
      c.resolve({ callId: c.stats.callId });
    },
    mark(c, m) {
      c.stats.marksReceived++;
      c.playback.port.postMessage({ mark: String(m.name) });
    },
    clear(c) {
      c.stats.clears++;
      c.playback.port.postMessage({ clear: 1 });
    },
    transcript(c, m) {
      emit('transcript', { speaker: m.speaker, text: m.text });
    },
    ended(c, m) {
      finish(c, null, { reason: m.reason });
    },
    error(c, m) {
      finish(c, fail(m.code || 'unavailable'));
    },
  };

  function startCapture(c) {
    const source = c.ctx.createMediaStreamSource(c.mic);
    c.capture = new AudioWorkletNode(c.ctx, 'vocadesk-capture', { numberOfOutputs: 0 });
    c.capture.port.onmessage = (e) => {
      if (c.ws.readyState !== 1) return;
      c.ws.send(e.data);
      c.stats.framesSent++;
      c.stats.bytesSent += e.data.byteLength;
    };
    source.connect(c.capture);
    c.source = source;
  }

  function restartAtDeviceRate(c) {
    const old = c.ctx;
    c.ctx = newContext(window.AudioContext || window.webkitAudioContext, false);
    old.close().catch(() => {});
    c.ctx.audioWorklet.addModule(config.worklet).then(() => {
      if (c.done) return;
      c.playback = new AudioWorkletNode(c.ctx, 'vocadesk-playback', { numberOfInputs: 0, outputChannelCount: [1] });
      c.playback.port.onmessage = (e) => onPlayback(c, e.data);
      c.playback.connect(c.ctx.destination);
      c.ready = false;
      HANDLERS.ready(c, { call_id: c.stats.callId });
    }, () => finish(c, fail('unsupported')));
  }

  function onPlayback(c, m) {
    if (c.done) return;
    if (m.mark !== undefined) {
      if (c.ws.readyState === 1) c.ws.send(JSON.stringify({ type: 'mark', name: m.mark }));
      c.stats.marksEchoed++;
    } else if (m.speaking !== undefined) {
      if (c.ready) setState(c, m.speaking ? 'speaking' : 'live');
    } else {
      c.stats.samplesPlayed = m.played;
      c.stats.samplesBuffered = m.buffered;
    }
  }

  // The end of a call, whatever ended it: `error` (a coded Error) or a normal end (`info.reason`).
  function finish(c, error, info) {
    if (c.done) return;
    c.done = true;
    clearTimeout(c.timer);
    if (call === c) call = null;
    if (c.micPromise) c.micPromise.then(stopStream, () => {}); // also if it ended while the prompt was open
    for (const node of [c.capture, c.playback]) if (node) node.port.postMessage('stop');
    if (c.ctx) c.ctx.close().catch(() => {});
    if (c.ws) {
      c.ws.onclose = c.ws.onmessage = null;
      if (c.ws.readyState < 2) c.ws.close(1000);
    }
    if (error) {
      c.stats.state = 'error';
      setState(c, 'error', { code: error.code, message: error.message });
      emit('error', { code: error.code, message: error.message });
      c.reject(error);
    } else {
      setState(c, 'ended', info);
      emit('ended', { callId: c.stats.callId, reason: info.reason });
      c.resolve({ callId: c.stats.callId });
    }
  }

  function off(event, fn) {
    listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
  }

  function stop() {
    const c = call;
    if (!c) return;
    if (c.ws && c.ws.readyState === 1) c.ws.send(JSON.stringify({ type: 'hangup' }));
    finish(c, null, { reason: 'caller_hangup' });
  }

  function mute(on) {
    const c = call;
    if (!c) return false;
    c.muted = on === undefined ? !c.muted : !!on;
    // A muted track sends silence, so the runtime's turn detection still sees the caller stop talking.
    if (c.mic) for (const t of c.mic.getAudioTracks()) t.enabled = !c.muted;
    emit('mute', { muted: c.muted });
    if (c.owner) c.owner.showMute(c.muted);
    return c.muted;
  }

  function sendText(text) {
    const c = call;
    if (!c || !c.ready || c.ws.readyState !== 1) return false;
    c.ws.send(JSON.stringify({ type: 'text', text: String(text) }));
    return true;
  }

  // ---- the button: <vocadesk-call-button embed="emb_..." [floating]> in a shadow root ----

  // The status line is the live region: when empty it is clipped, not display:none, so it stays in the
  // accessibility tree and its first message is announced.

  const CSS = `
:host{all:initial;display:inline-block;font:500 15px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--vd-bg:#1f6feb;--vd-fg:#fff}
:host([floating]){position:fixed;bottom:20px;right:20px;z-index:2147483000}
:host([floating][data-position=bottom-left]){right:auto;left:20px}
:host([data-pending]){visibility:hidden}
.vd{display:flex;align-items:center;gap:8px;flex-wrap:wrap}
:host([floating]) .vd{flex-direction:column-reverse;align-items:flex-end}
:host([floating][data-position=bottom-left]) .vd{align-items:flex-start}
.row{display:flex;gap:8px}
button{font:inherit;cursor:pointer;border:0;border-radius:999px;padding:12px 18px;min-height:44px;display:inline-flex;align-items:center;gap:8px;background:var(--vd-bg);color:var(--vd-fg);box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s}
button:hover{transform:translateY(-1px)}
button:focus{outline:none}
button:focus-visible{outline:3px solid var(--vd-bg);outline-offset:3px;box-shadow:0 0 0 3px var(--vd-fg)}
svg{width:18px;height:18px;fill:currentColor;flex:none}
.hangup{background:#c62828;color:#fff;--vd-bg:#c62828;--vd-fg:#fff}
.mute{background:#fff;color:#1a1a1a;--vd-bg:#1a1a1a;--vd-fg:#fff}
.mute[aria-pressed=true]{background:#1a1a1a;color:#fff}
.status{margin:0;padding:6px 12px;border-radius:10px;background:#fff;color:#1a1a1a;box-shadow:0 2px 8px rgba(0,0,0,.2);max-width:300px;font-size:14px}
.status:empty{position:absolute;width:1px;height:1px;padding:0;overflow:hidden;clip-path:inset(50%);box-shadow:none}
.error .status{color:#b00020}
.dot{display:inline-block;width:8px;height:8px;margin-right:6px;border-radius:50%;background:#2e7d32}
.connecting .dot,.speaking .dot{animation:vd-pulse 1s ease-in-out infinite}
.idle .dot,.ended .dot,.error .dot,.unavailable .dot{display:none}
.unavailable .call{opacity:.6;cursor:not-allowed}
[hidden]{display:none!important}
@keyframes vd-pulse{50%{opacity:.25}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}button:hover{transform:none}}`;
  const PHONE = 'M6.6 10.8a15.2 15.2 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z';
  const COLOUR = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;
  let baseSheet = null;

  function el(tag, attrs, children) {
    const node = tag === 'svg' || tag === 'path' ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
    for (const k in attrs || {}) node.setAttribute(k, attrs[k]);
    for (const child of children || []) node.append(child);
    return node;
  }

  function styles(root, css) {
    // Constructed stylesheets are not inline styles: CSP style-src does not apply to them.
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      if (!baseSheet) (baseSheet = new CSSStyleSheet()).replaceSync(CSS);
      const own = new CSSStyleSheet();
      own.replaceSync(css);
      root.adoptedStyleSheets = [baseSheet, own];
    } else {
      // Older browsers (no constructable stylesheets): a <style> in the shadow root, which needs style-src.
      const tag = root.querySelector('style') || root.appendChild(el('style'));
      tag.textContent = CSS + css;
    }
  }

  class CallButton extends HTMLElement {
    static get observedAttributes() {
      return ['embed'];
    }

    connectedCallback() {
      if (!this.shadowRoot) this.build();
      this.load();
    }

    attributeChangedCallback() {
      if (this.shadowRoot) this.load();
    }

    build() {
      const root = this.attachShadow({ mode: 'open' });
      this.label = el('span', { class: 'label' }, ['Talk to us']);
      this.call = el('button', { type: 'button', class: 'call', part: 'button' }, [el('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' }, [el('path', { d: PHONE })]), this.label]);
      this.muteButton = el('button', { type: 'button', class: 'mute', 'aria-pressed': 'false', part: 'mute' }, ['Mute']);
      this.hangup = el('button', { type: 'button', class: 'hangup', part: 'hangup' }, ['Hang up']);
      this.controls = el('div', { class: 'row', hidden: '' }, [this.muteButton, this.hangup]);
      this.status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', part: 'status' }, []);
      this.box = el('div', { class: 'vd idle', role: 'group', 'aria-label': 'Voice call' }, [this.call, this.controls, this.status]);
      root.append(this.box);
      styles(root, '');
      this.call.addEventListener('click', () => this.begin());
      this.hangup.addEventListener('click', () => call && call.owner === this && stop());
      this.muteButton.addEventListener('click', () => call && call.owner === this && mute());
      this.box.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && call && call.owner === this) stop();
      });
    }

    load() {
      const embed = this.getAttribute('embed');
      if (!embed || embed === this.embed) return;
      this.embed = embed;
      // Hidden (not removed: no layout jump) until its look is known, so its colours don't flash.
      this.setAttribute('data-pending', '');
      const shown = () => this.removeAttribute('data-pending');
      const timer = setTimeout(shown, LOOK_WAIT_MS);
      lookOf(embed).then((look) => {
        clearTimeout(timer);
        if (this.embed !== embed) return;
        this.applyButton(look.button || {});
        // A switched-off embed hands out no tokens: say so instead of letting a click fail.
        this.switchedOff = look.enabled === false;
        this.call.setAttribute('aria-disabled', String(this.switchedOff));
        this.show(this.switchedOff ? { state: 'unavailable', message: SENTENCES.unavailable } : { state: 'idle' });
        shown();
      });
    }

    applyButton(b) {
      const bg = COLOUR.test(b.background) ? b.background : '#1f6feb';
      const fg = COLOUR.test(b.foreground) ? b.foreground : '#ffffff';
      this.label.textContent = typeof b.label === 'string' && b.label.trim() ? b.label.trim() : 'Talk to us';
      this.setAttribute('data-position', b.position === 'bottom-left' ? 'bottom-left' : 'bottom-right');
      styles(this.shadowRoot, `:host{--vd-bg:${bg};--vd-fg:${fg}}`);
    }

    begin() {
      if (!this.embed || this.switchedOff || call) return;
      start({ embed: this.embed, _owner: this }).catch(() => {});
    }

    show(d) {
      const live = d.state === 'connecting' || d.state === 'live' || d.state === 'speaking';
      const focused = this.shadowRoot.activeElement;
      this.box.className = 'vd ' + d.state;
      this.call.hidden = live;
      this.controls.hidden = !live;
      this.muteButton.hidden = d.state === 'connecting';
      if (!live) this.showMute(false);
      if (d.message) this.status.replaceChildren(el('span', { class: 'dot', 'aria-hidden': 'true' }), d.message);
      else this.status.replaceChildren();
      // Keep keyboard focus on a visible control when the one holding it disappears.
      if (focused && focused.closest('[hidden]')) (live ? this.hangup : this.call).focus();
    }

    showMute(muted) {
      this.muteButton.setAttribute('aria-pressed', String(muted));
    }
  }

  function adopt(tag) {
    configure(tag);
    const embed = tag && tag.dataset.embed;
    if (!embed) return;
    const mount = () => {
      if (document.querySelector('vocadesk-call-button[floating]')) return;
      const button = el('vocadesk-call-button', { embed, floating: '' });
      document.body.append(button);
    };
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
  }

  configure(script || document.querySelector('script[src*="vocadesk.js"]'));
  window.Vocadesk = Object.freeze({
    version: VERSION,
    start,
    stop,
    mute,
    sendText,
    on(event, fn) {
      (listeners[event] = listeners[event] || []).push(fn);
      return () => off(event, fn);
    },
    off,
    stats: () => Object.assign({}, last),
    get state() {
      return last.state;
    },
    _adopt: adopt,
  });
  if (!customElements.get('vocadesk-call-button')) customElements.define('vocadesk-call-button', CallButton);
  adopt(script);
})();
