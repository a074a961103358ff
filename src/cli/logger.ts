/**
 * A plain Logger for the terminal and other CI: one line per message on stderr (stdout is kept for
 * the command's result, so `--json` stays machine-readable). Secrets are masked as in Actions.
 */
import type { Logger, Place } from '../util/log.js';
import { escapeCommands, Redactor } from '../util/redact.js';

export class ConsoleLogger implements Logger {
  private readonly redactor = new Redactor();
  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly verbose = false,
  ) {}

  private emit(prefix: string, message: string, place?: Place): void {
    const text = escapeCommands(this.redactor.apply(message));
    const at = place?.file
      ? `${[place.file, place.line, place.column].filter((p) => p !== undefined).join(':')}: `
      : '';
    this.write(`${prefix}${at}${text}`);
  }
  debug(message: string): void {
    if (this.verbose) this.emit('debug: ', message);
  }
  info(message: string): void {
    this.emit('', message);
  }
  warn(message: string, place?: Place): void {
    this.emit('warning: ', message, place);
  }
  error(message: string, place?: Place): void {
    this.emit('error: ', message, place);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.emit('== ', name);
    return fn();
  }
  progress(): void {
    // Plain output: stages report their results; the live progress line lives in src/report.
  }
  secret(value: string): void {
    this.redactor.add(value);
  }
  forget(value: string): void {
    this.redactor.forget(value);
  }
  redact(text: string): string {
    return this.redactor.apply(text);
  }
}
