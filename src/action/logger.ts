/** The Logger of the Action: workflow commands through @actions/core (masking, groups, annotations). */
import * as core from '@actions/core';
import type { Logger, Place } from '../util/log.js';
import { escapeCommands, Redactor } from '../util/redact.js';

function annotation(place: Place | undefined): core.AnnotationProperties | undefined {
  if (!place?.file && !place?.title) return undefined;
  return { file: place.file, startLine: place.line, startColumn: place.column, title: place.title };
}

/**
 * Secrets are masked twice: every message is redacted here before it is written, and single-line
 * secrets (tokens, TSIG secrets, the age identity) are also registered with the runner
 * (`core.setSecret`) so that output of child processes is masked too. Multi-line PEM keys are
 * redacted here only: registering them would write their lines into the job's raw output as
 * `::add-mask::` commands, and those that come from `secrets.*` are already masked by the runner
 * line by line, while keys certflow issues or decrypts never leave memory in clear.
 */
/**
 * GitHub shows at most 10 error and 10 warning annotations per step and drops the rest without a
 * word. Past ANNOTATIONS_SHOWN of a kind, messages go to the log as plain lines, and `flush()`
 * adds one annotation that counts them and says where the full list is. Errors keep one more
 * slot free for the run's own failure line (core.setFailed is an error annotation too).
 */
export const ANNOTATIONS_SHOWN = { warning: 9, error: 8 } as const;

export class ActionsLogger implements Logger {
  private readonly redactor = new Redactor();
  private readonly shown = { warning: 0, error: 0 };
  private readonly hidden = { warning: 0, error: 0 };

  debug(message: string): void {
    // The runner shows ::debug:: lines only with RUNNER_DEBUG=1 (step debug logging): otherwise
    // none is written, and none is redacted (issue 22: redacting every unprinted debug line was
    // a measurable share of issuing 1,000 certificates).
    if (core.isDebug()) core.debug(this.redact(message));
  }
  info(message: string): void {
    // core.info writes the text as is (the others escape newlines): a line of data must not
    // become a workflow command.
    core.info(escapeCommands(this.redact(message)));
  }
  warn(message: string, place?: Place): void {
    this.annotate('warning', this.redact(message), place);
  }
  error(message: string, place?: Place): void {
    this.annotate('error', this.redact(message), place);
  }

  private annotate(kind: 'warning' | 'error', message: string, place?: Place): void {
    if (this.shown[kind] < ANNOTATIONS_SHOWN[kind]) {
      this.shown[kind] += 1;
      (kind === 'error' ? core.error : core.warning)(message, annotation(place));
      return;
    }
    this.hidden[kind] += 1;
    const where = place?.file ? ` (${place.file}${place.line ? `:${place.line}` : ''})` : '';
    // A plain line; the prefix also keeps data from starting a line with `::`.
    core.info(`${kind}${where}: ${message}`);
  }

  /** One annotation per kind that overflowed: how many more, and where to read them. */
  flush(): void {
    for (const kind of ['error', 'warning'] as const) {
      const n = this.hidden[kind];
      if (n === 0) continue;
      const text = `${n} more ${kind}${n === 1 ? '' : 's'} not shown as annotations (GitHub shows 10 per step): the job summary and this step's log list every one`;
      (kind === 'error' ? core.error : core.warning)(text);
      this.hidden[kind] = 0;
    }
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(this.redact(name), fn);
  }
  progress(): void {
    // The Actions log is not a terminal: stages report their results instead.
  }
  redact(text: string): string {
    return this.redactor.apply(text);
  }
  secret(value: string): void {
    const trimmed = value.trim();
    if (trimmed.length < 4 || !this.redactor.add(value)) return;
    if (!trimmed.includes('\n')) core.setSecret(trimmed);
  }
  /** The runner keeps masking what it was given; only this process's redactor forgets. */
  forget(value: string): void {
    this.redactor.forget(value);
  }
}
