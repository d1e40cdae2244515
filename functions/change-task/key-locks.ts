/**
 * One change at a time per item within a task: the task's pollers handle receives side by side,
 * and two of them may hold changes to the same item; the check of what is stored and the write
 * that follows must not interleave, or an older change could land after a newer one.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task on `key` has finished. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.tails.set(key, mine);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === mine) this.tails.delete(key);
    }
  }

  /** Items with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
