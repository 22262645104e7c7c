/**
 * The audible cue for a new escalation: a short two-tone chime, synthesised (no sound file to load). Browsers only
 * allow sound after someone has interacted with the page, so a display shows "Enable sound" until then.
 */
export class Chime {
  private context: AudioContext | null = null;

  get ready(): boolean {
    return this.context?.state === 'running';
  }

  /** Call from a click or key press. */
  async unlock(): Promise<void> {
    this.context ??= new AudioContext();
    if (this.context.state === 'suspended') await this.context.resume();
  }

  play(): void {
    const context = this.context;
    if (!context || context.state !== 'running') return;
    const start = context.currentTime;
    [880, 660, 880, 660].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + index * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.4, start + index * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.25 + 0.22);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + index * 0.25);
      oscillator.stop(start + index * 0.25 + 0.24);
    });
  }
}
