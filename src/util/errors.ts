/**
 * Errors the user can act on. `UsageError` (bad config, input or flag) exits 2 and names the
 * place; anything else that escapes a command is a failure (exit 1).
 */
import type { Place } from './log.js';

export interface Problem extends Place {
  /** Dotted path of the field (`certificates.www.domains[1]`) or the input name. */
  path?: string;
  message: string;
}

export class UsageError extends Error {
  readonly problems: Problem[];
  constructor(message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'UsageError';
    this.problems = problems;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
