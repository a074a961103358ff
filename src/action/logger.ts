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
export class ActionsLogger implements Logger {
  private readonly redactor = new Redactor();

  debug(message: string): void {
    core.debug(this.redact(message));
  }
  info(message: string): void {
    // core.info writes the text as is (the others escape newlines): a line of data must not
    // become a workflow command.
    core.info(escapeCommands(this.redact(message)));
  }
  warn(message: string, place?: Place): void {
    core.warning(this.redact(message), annotation(place));
  }
  error(message: string, place?: Place): void {
    core.error(this.redact(message), annotation(place));
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
}
