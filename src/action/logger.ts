/** The Logger of the Action: workflow commands through @actions/core (masking, groups, annotations). */
import * as core from '@actions/core';
import type { Logger, Place } from '../util/log.js';

function annotation(place: Place | undefined): core.AnnotationProperties | undefined {
  if (!place?.file && !place?.title) return undefined;
  return { file: place.file, startLine: place.line, startColumn: place.column, title: place.title };
}

export class ActionsLogger implements Logger {
  debug(message: string): void {
    core.debug(message);
  }
  info(message: string): void {
    core.info(message);
  }
  warn(message: string, place?: Place): void {
    core.warning(message, annotation(place));
  }
  error(message: string, place?: Place): void {
    core.error(message, annotation(place));
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(name, fn);
  }
  progress(): void {
    // The Actions log is not a terminal: stages report their results instead.
  }
  secret(value: string): void {
    if (value) core.setSecret(value);
  }
}
