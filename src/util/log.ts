/**
 * What stages may say while they work. Stages never call `@actions/core` or write to the terminal
 * themselves: the entry point hands them a Logger that fits where they run.
 */
import { Redactor } from './redact.js';

export interface Place {
  file?: string;
  line?: number;
  column?: number;
  title?: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, place?: Place): void;
  error(message: string, place?: Place): void;
  /** Runs `fn` inside a collapsible log group (Actions) or under a heading (terminal). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Progress of a stage: "issued 3/20". Drawn as a live line on a terminal, ignored elsewhere. */
  progress(stage: string, done: number, total: number): void;
  /** Registers a value that must never be printed (core.setSecret in Actions). */
  secret(value: string): void;
  /**
   * Stops masking a value registered with `secret`, because the run no longer holds it (renew
   * lets each key go once it is sealed). Loggers without their own redactor need not have it.
   */
  forget?(value: string): void;
  /**
   * `text` with every secret registered so far removed. The one redactor of the run: whatever
   * certflow writes besides log lines (summary, report, alerts, PR bodies, error text kept in
   * the store) passes through it.
   */
  redact(text: string): string;
}

/** A logger that records lines in memory; for tests and for capturing a stage's words. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private readonly redactor = new Redactor();
  private push(level: string, message: string) {
    this.lines.push(`${level}: ${this.redactor.apply(message)}`);
  }
  debug(m: string) {
    this.push('debug', m);
  }
  info(m: string) {
    this.push('info', m);
  }
  warn(m: string) {
    this.push('warn', m);
  }
  error(m: string) {
    this.push('error', m);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.push('group', name);
    return fn();
  }
  progress(stage: string, done: number, total: number) {
    this.push('progress', `${stage} ${done}/${total}`);
  }
  secret(value: string) {
    this.redactor.add(value);
  }
  forget(value: string) {
    this.redactor.forget(value);
  }
  redact(text: string): string {
    return this.redactor.apply(text);
  }
}
