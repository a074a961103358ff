/**
 * The CLI's Logger. On a terminal it keeps one live progress line at the bottom ("issued 3/20 ·
 * deployed 1/3") and prints other lines above it; elsewhere (pipes, CI logs) it prints plain lines
 * and only a few progress steps. Colours only on a terminal, never with NO_COLOR.
 */

import type { Logger, Place } from '../util/log.js';
import { escapeCommands, Redactor } from '../util/redact.js';
import { plain } from './escape.js';

export interface Painter {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const COLORS: Painter = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
};

const id = (s: string) => s;
export const NO_COLORS: Painter = { bold: id, dim: id, red: id, green: id, yellow: id };

/** Colour when the stream is a terminal, TERM is not dumb, and NO_COLOR is unset or empty (no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb' && !env.NO_COLOR;
}

/** "file:line:column: " before a message, as compilers write it (editors and CI logs link it). */
function where(place: Place | undefined): string {
  if (!place?.file) return '';
  return `${[place.file, place.line, place.column].filter((p) => p !== undefined).join(':')}: `;
}

/** Plain output prints a step only when it is worth a line: small totals, every tenth, the end. */
function worthALine(done: number, total: number): boolean {
  if (done >= total || total <= 20) return true;
  return Math.floor((done * 10) / total) !== Math.floor(((done - 1) * 10) / total);
}

export class TerminalLogger implements Logger {
  private readonly redactor = new Redactor();
  private readonly stages = new Map<string, { done: number; total: number }>();
  private readonly live: boolean;
  private readonly paint: Painter;
  private readonly debugOn: boolean;
  private liveShown = false;

  constructor(
    private readonly stream: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean },
    env: NodeJS.ProcessEnv,
    options: { verbose?: boolean } = {},
  ) {
    this.live = stream.isTTY === true && env.TERM !== 'dumb';
    this.paint = wantsColor(stream, env) ? COLORS : NO_COLORS;
    this.debugOn = options.verbose === true || env.CERTFLOW_DEBUG === '1' || env.CERTFLOW_DEBUG === 'true';
  }

  /** Secrets masked; on a terminal, escape sequences in the message dropped before ours are added. */
  private clean(text: string): string {
    const out = escapeCommands(this.redactor.apply(text));
    return this.live ? plain(out) : out;
  }

  private clearLive(): void {
    if (this.liveShown) this.stream.write('\r\x1b[2K');
    this.liveShown = false;
  }

  private drawLive(): void {
    if (!this.live || this.stages.size === 0) return;
    const text = this.clean(
      [...this.stages].map(([stage, p]) => `${stage} ${p.done}/${p.total}`).join(' · '),
    );
    this.stream.write(`\r\x1b[2K${this.paint.dim('…')} ${text}`);
    this.liveShown = true;
  }

  private line(text: string): void {
    this.clearLive();
    this.stream.write(`${text}\n`);
    this.drawLive();
  }

  debug(message: string): void {
    if (this.debugOn) this.line(this.paint.dim(`debug: ${this.clean(message)}`));
  }
  info(message: string): void {
    this.line(this.clean(message));
  }
  warn(message: string, place?: Place): void {
    this.line(`${this.paint.yellow('warning')}: ${this.clean(where(place) + message)}`);
  }
  error(message: string, place?: Place): void {
    this.line(`${this.paint.red('error')}: ${this.clean(where(place) + message)}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.line(this.paint.bold(`▸ ${this.clean(name)}`));
    return fn();
  }
  progress(stage: string, done: number, total: number): void {
    if (!this.live) {
      if (worthALine(done, total)) this.line(this.clean(`${stage} ${done}/${total}`));
      return;
    }
    if (done >= total) {
      // A finished stage leaves one permanent line and gives the live line back to the others.
      this.stages.delete(stage);
      this.line(`${this.paint.green('✓')} ${this.clean(`${stage} ${done}/${total}`)}`);
      return;
    }
    this.stages.set(stage, { done, total });
    this.clearLive();
    this.drawLive();
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
  /** Clears the live line; call before printing the final tables. */
  finish(): void {
    this.stages.clear();
    this.clearLive();
  }
}

/** `verbose` (the CLI's -v) or CERTFLOW_DEBUG=1 shows debug lines. */
export function createTerminalLogger(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv,
  options: { verbose?: boolean } = {},
): TerminalLogger {
  return new TerminalLogger(stream, env, options);
}
