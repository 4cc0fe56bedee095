/**
 * Hands claim lines on in file order once each one's delivery is settled. Deliveries finish out of order
 * (32 in flight), and a line's delivery field is known only when its own has; at most `window` lines wait
 * here, so a slow start holds the reader back instead of letting lines pile up in memory.
 */
import type { ClaimLine } from './report';

interface Waiting {
  line: ClaimLine;
  settled: boolean;
  done: Promise<void>;
}

/** How many settled lines may wait behind one whose delivery has not settled. */
export const CLAIM_ORDER_WINDOW = 1024;

export class ClaimOrder {
  private readonly waiting: Waiting[] = [];
  private head = 0;

  constructor(
    private readonly emit: (line: ClaimLine) => Promise<void> | void,
    private readonly window = CLAIM_ORDER_WINDOW,
  ) {}

  /** `delivered` resolves (never rejects) once the line's delivery is settled; without it, it is settled now. */
  async add(line: ClaimLine, delivered?: Promise<void>): Promise<void> {
    const w: Waiting = { line, settled: !delivered, done: Promise.resolve() };
    if (delivered) w.done = delivered.then(() => void (w.settled = true));
    this.waiting.push(w);
    await this.emitSettled();
    while (this.held > this.window) {
      await this.waiting[this.head]!.done;
      await this.emitSettled();
    }
  }

  /** Hands on every line left, waiting for each delivery. */
  async finish(): Promise<void> {
    while (this.held > 0) {
      await this.waiting[this.head]!.done;
      await this.emitSettled();
    }
  }

  /** How many lines wait here now. */
  get held(): number {
    return this.waiting.length - this.head;
  }

  private async emitSettled(): Promise<void> {
    while (this.head < this.waiting.length && this.waiting[this.head]!.settled) {
      const { line } = this.waiting[this.head++]!;
      await this.emit(line);
    }
    // Drop what was handed on, in one splice rather than a shift per line.
    if (this.head > this.window) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
