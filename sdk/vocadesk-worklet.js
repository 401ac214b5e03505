/* Vocadesk audio worklets (loaded by vocadesk.js with audioWorklet.addModule, from the SDK's own URL).
 * Owns the sample-level work: microphone -> PCM16 24 kHz frames, and jitter-buffered PCM16 24 kHz playback
 * with mark positions. No sockets here: the page thread moves frames between the socket and these ports. */
const RATE = 24000; // the wire rate, both ways (docs/web-call-protocol.md)
const FRAME = 960; // 40 ms at 24 kHz per binary frame sent

// Microphone -> Int16Array frames of FRAME samples, posted (transferred) to the page thread.
// At a 24 kHz context (Chromium, Firefox, Safari) samples pass through; otherwise a linear resampler.
class Capture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / RATE;
    this.t = 0; // next output position, in input samples of the current block (-1 = previous block's last)
    this.prev = 0;
    this.frame = new Int16Array(FRAME);
    this.n = 0;
    this.alive = true;
    this.port.onmessage = (e) => {
      if (e.data === 'stop') this.alive = false;
    };
  }

  push(s) {
    s = s > 1 ? 1 : s < -1 ? -1 : s;
    this.frame[this.n++] = s < 0 ? s * 0x8000 : s * 0x7fff;
    if (this.n === FRAME) {
      this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
      this.frame = new Int16Array(FRAME);
      this.n = 0;
    }
  }

  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (!ch) return this.alive;
    const n = ch.length;
    if (this.step === 1) {
      for (let i = 0; i < n; i++) this.push(ch[i]);
      return this.alive;
    }
    let t = this.t;
    while (t < n - 1) {
      const i = Math.floor(t);
      const a = i < 0 ? this.prev : ch[i];
      this.push(a + (ch[i + 1] - a) * (t - i));
      t += this.step;
    }
    this.t = t - n;
    this.prev = ch[n - 1];
    return this.alive;
  }
}

// Agent audio: {pcm: ArrayBuffer of Int16 at 24 kHz}, {mark: name}, {clear: 1}, 'stop'.
// Starts once `prebuffer` samples are queued (or the queued audio ends at a mark, or it has waited as long),
// plays silence on underrun and buffers again. Posts {mark} when playback passes a mark, {speaking} changes
// (debounced) and {played, buffered} stats. Positions count 24 kHz samples received (played or flushed).
class Playback extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.prebuffer = (options.processorOptions || {}).prebuffer || 1920; // 80 ms
    this.step = RATE / sampleRate;
    this.q = [];
    this.i = 0;
    this.buffered = 0;
    this.written = 0; // position after the last sample received
    this.pos = 0; // position after the last sample played or flushed
    this.played = 0; // samples actually played
    this.marks = [];
    this.playing = false;
    this.waited = 0;
    this.speaking = false;
    this.quiet = 0;
    this.a = 0; // resampler: the two source samples around the output position t
    this.b = 0;
    this.t = 0;
    this.tick = 0;
    this.alive = true;
    this.port.onmessage = (e) => this.message(e.data);
  }

  message(m) {
    if (m === 'stop') {
      this.alive = false;
    } else if (m.pcm) {
      const s = new Int16Array(m.pcm);
      const f = new Float32Array(s.length);
      for (let k = 0; k < s.length; k++) f[k] = s[k] / 32768;
      this.q.push(f);
      this.buffered += f.length;
      this.written += f.length;
    } else if (m.mark !== undefined) {
      this.marks.push({ at: this.written, name: m.mark });
    } else if (m.clear) {
      // Barge-in: drop what is queued at once; every pending mark counts as played.
      this.q = [];
      this.i = 0;
      this.buffered = 0;
      this.pos = this.written;
      this.playing = false;
      this.a = this.b = this.t = 0;
      this.passMarks();
      this.stats();
    }
  }

  pull() {
    while (this.q.length) {
      const c = this.q[0];
      if (this.i < c.length) {
        this.buffered--;
        this.pos++;
        this.played++;
        return c[this.i++];
      }
      this.q.shift();
      this.i = 0;
    }
    this.playing = false;
    return 0;
  }

  passMarks() {
    while (this.marks.length && this.marks[0].at <= this.pos) this.port.postMessage({ mark: this.marks.shift().name });
  }

  stats() {
    this.port.postMessage({ played: this.played, buffered: this.buffered });
  }

  process(_, outputs) {
    const out = outputs[0][0];
    out.fill(0);
    if (!this.playing && this.buffered > 0) {
      this.waited += out.length * this.step;
      const last = this.marks[this.marks.length - 1];
      if (this.buffered >= this.prebuffer || this.waited >= this.prebuffer || (last && last.at === this.written)) {
        this.playing = true;
        this.waited = 0;
        this.a = this.b = this.t = 0;
      }
    }
    for (let k = 0; k < out.length && this.playing; k++) {
      if (this.step === 1) {
        out[k] = this.pull();
      } else {
        out[k] = this.a + (this.b - this.a) * this.t;
        for (this.t += this.step; this.t >= 1 && this.playing; this.t--) {
          this.a = this.b;
          this.b = this.pull();
        }
      }
    }
    this.passMarks();
    // "Speaking" ends after 300 ms without audio, so a short network gap doesn't flicker the state.
    const active = this.playing || this.buffered > 0;
    this.quiet = active ? 0 : this.quiet + out.length;
    if (active !== this.speaking && (active || this.quiet >= sampleRate * 0.3)) {
      this.speaking = active;
      this.port.postMessage({ speaking: active });
    }
    if (++this.tick % 8 === 0) this.stats();
    return this.alive;
  }
}

registerProcessor('vocadesk-capture', Capture);
registerProcessor('vocadesk-playback', Playback);
