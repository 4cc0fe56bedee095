/**
 * How many denials the intake keeps started and not yet opened (their first workflow task not yet run):
 * the places of a window, which widens while the worker opens starts well within a target time and
 * narrows when it falls behind, so first tasks never queue for long whatever the machine.
 */

export interface Admission {
  /** Denials started and not yet opened (first workflow task not yet run), at most, to begin with; 0: no pacing. */
  window: number;
  /** The window grows while starts are opened faster than this (90th percentile of the last few) and shrinks when slower. */
  targetOpenMs: number;
  /** The window never grows past this. */
  maxWindow: number;
  /** How long a start waits for its first task before it counts as late (then: plain starts for a while). */
  acceptWithinMs: number;
  /** How long a look at the task queue's pollers is trusted; also how long plain starts last after a late accept. */
  recheckMs: number;
  /** How long a late start waits for the server to say whether it started the workflow. */
  answerWithinMs: number;
}

/**
 * Four not yet opened to begin with, then as many as the worker opens within the target. Measured on the
 * lifecycle bench's stand (2 cores, the product's worker, other work on the machine), fixed windows gave:
 * 4, start → first task p50 253-339 ms, p99 565-943 ms, 8-11 denials/s; 8, p50 411-653 ms, p99 1174-2027
 * ms, 8-14/s; 16, accepts later than 5 s, so plain starts and a backlog again (p99 16 s). The best window
 * depends on the machine and what else it runs, hence `opened`.
 */
export const DEFAULT_ADMISSION: Admission = { window: 4, targetOpenMs: 600, maxWindow: 32, acceptWithinMs: 5_000, recheckMs: 30_000, answerWithinMs: 30_000 };

/** The deployment's admission: the default with its window (INTAKE_ADMISSION_WINDOW; 0 turns pacing off). */
export function admissionOf(config: { INTAKE_ADMISSION_WINDOW: number }): Admission {
  return { ...DEFAULT_ADMISSION, window: config.INTAKE_ADMISSION_WINDOW };
}

/** The window's places: `enter` waits for one, `opened` reports how long a start took, so the window follows the worker. */
export class AdmissionWindow {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];
  /** The window now. */
  private size: number;
  private readonly recent: number[] = [];

  constructor(private readonly admission: Pick<Admission, 'window' | 'targetOpenMs' | 'maxWindow'>) {
    this.size = admission.window;
  }

  get places(): number {
    return this.size;
  }

  /**
   * A start opened this many ms after it entered. Every 16 starts the window moves: one wider while 9 in 10
   * opened within three quarters of the target (the worker has room), a quarter narrower when they took
   * longer than the target (a backlog is forming). How many a worker opens at once depends on the machine.
   */
  opened(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length < 16) return;
    const p90 = [...this.recent].sort((a, b) => a - b)[Math.floor(this.recent.length * 0.9)]!;
    this.recent.length = 0;
    if (p90 > this.admission.targetOpenMs) this.size = Math.max(1, Math.floor(this.size * 0.75));
    else if (p90 < this.admission.targetOpenMs * 0.75) this.size = Math.min(this.admission.maxWindow, this.size + 1);
    while (this.inside < this.size && this.waiting.length) {
      this.inside++;
      this.waiting.shift()!();
    }
  }

  /** Waits for a place in the window; returns the way out. */
  async enter(): Promise<() => void> {
    if (this.inside >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inside++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      // A place handed on stays counted; after the window narrowed, places are given up until it fits.
      const next = this.inside <= this.size ? this.waiting.shift() : undefined;
      if (next) next();
      else this.inside--;
    };
  }
}
