/**
 * GitHub Actions' concurrency group with `cancel-in-progress: false`, as GitHub documents it: at
 * most one run in progress and one pending; a newer run that queues while one is pending cancels
 * the pending one. Used to replay, in order, which of deploy.yml's runs would really execute.
 */
export class ConcurrencyGroup<T> {
  running?: T;
  pending?: T;
  readonly cancelled: T[] = [];

  queue(run: T): void {
    if (this.running === undefined) {
      this.running = run;
      return;
    }
    if (this.pending !== undefined) this.cancelled.push(this.pending);
    this.pending = run;
  }

  /** The running run ended: the pending one (if any) starts and is returned. */
  finish(): T | undefined {
    this.running = this.pending;
    this.pending = undefined;
    return this.running;
  }
}
