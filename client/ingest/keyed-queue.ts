/**
 * Runs tasks with bounded concurrency while keeping tasks with the same key in submission order, so two
 * remittance events for one claim reach its workflow in file order while different claims go in parallel.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private firstError: unknown;

  constructor(private readonly concurrency: number) {}

  /** Resolves once the task is admitted (back-pressure for the reader), not when it is done. */
  async push(key: string, task: () => Promise<void>): Promise<void> {
    if (this.firstError) throw this.firstError;
    while (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.waiters.push(r));
    this.inFlight++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous
      .then(task)
      .catch((err: unknown) => {
        this.firstError ??= err;
      })
      .finally(() => {
        this.inFlight--;
        this.waiters.shift()?.();
        if (this.tails.get(key) === run) this.tails.delete(key);
      });
    this.tails.set(key, run);
  }

  /** Waits for every admitted task to finish, without throwing. */
  async settle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Waits for every admitted task, then throws the first task error, if any. */
  async drain(): Promise<void> {
    await this.settle();
    if (this.firstError) throw this.firstError;
  }
}
