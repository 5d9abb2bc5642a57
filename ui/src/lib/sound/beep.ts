type Tone = "error" | "ok";

const TONES: Record<Tone, { type: OscillatorType; hz: number; seconds: number }> = {
  error: { type: "square", hz: 220, seconds: 0.3 },
  ok: { type: "sine", hz: 880, seconds: 0.08 },
};

let context: AudioContext | null = null;

/** A short tone through WebAudio; a bench without sound (or a test) just stays silent. */
export function beep(tone: Tone): void {
  try {
    if (typeof AudioContext === "undefined") return;
    context ??= new AudioContext();
    const { type, hz, seconds } = TONES[tone];
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = type;
    osc.frequency.value = hz;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(context.destination);
    osc.start();
    osc.stop(context.currentTime + seconds);
  } catch {
    // Sound is a courtesy: never let it break a scan.
  }
}
