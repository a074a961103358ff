/**
 * Parsers for Action inputs and CLI flags. Each names the input or flag in its message and adds a
 * problem to a shared list, so every bad input is reported at once.
 */
import type { Problem } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { DURATION } from './schema.js';
import type { PublishMode } from './settings.js';

export const PUBLISH_MODES: readonly PublishMode[] = ['pull-request', 'commit', 'git', 'none'];

export class Problems {
  readonly list: Problem[] = [];
  add(input: string, message: string): void {
    this.list.push({ path: input, message });
  }
}

const TRUE = ['true', 'True', 'TRUE', 'yes', '1', 'on'];
const FALSE = ['false', 'False', 'FALSE', 'no', '0', 'off', ''];

/** Booleans as people write them; anything else is a problem naming the input (not a throw). */
export function parseBoolean(input: string, value: string, problems: Problems, fallback = false): boolean {
  const v = value.trim();
  if (v === '') return fallback;
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  problems.add(input, `expected true or false, got '${v}'`);
  return fallback;
}

/** "www, api" or "www api" or one per line. */
export function parseList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A list of certificate names, or "all". */
export function parseForce(value: string): string[] | 'all' {
  const names = parseList(value);
  return names.length === 1 && names[0]?.toLowerCase() === 'all' ? 'all' : names;
}

export function parsePublish(
  input: string,
  value: string,
  problems: Problems,
  fallback: PublishMode,
): PublishMode {
  const v = value.trim();
  if (v === '') return fallback;
  if ((PUBLISH_MODES as readonly string[]).includes(v)) return v as PublishMode;
  problems.add(input, `expected one of ${PUBLISH_MODES.join(', ')}, got '${v}'`);
  return fallback;
}

export function parseConcurrency(input: string, value: string, problems: Problems, fallback = 4): number {
  const v = value.trim();
  if (v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    problems.add(input, `expected a whole number from 1 to 64, got '${v}'`);
    return fallback;
  }
  return n;
}

const UNIT_HOURS: Record<string, number> = { m: 1 / 60, h: 1, d: 24 };

/** Hours between scheduled runs: "12", "12h", "30m", "1d". */
export function parseScheduleInterval(input: string, value: string, problems: Problems): number | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const match = DURATION.exec(v);
  const unit = match?.[2] ?? 'h';
  const factor = UNIT_HOURS[unit];
  const n = Number.parseFloat(match?.[1] ?? '');
  if (!match || factor === undefined || !(n > 0)) {
    problems.add(input, `expected hours between scheduled runs, like "12" or "12h" or "1d", got '${v}'`);
    return undefined;
  }
  return n * factor;
}

/**
 * The age identities in `text` (a whole identity file may be pasted: comments are dropped).
 * Each is registered as a secret before anything else happens.
 */
export function parseAgeIdentity(
  input: string,
  text: string,
  problems: Problems,
  log: Pick<Logger, 'secret'>,
): string | undefined {
  if (text.trim() === '') return undefined;
  log.secret(text.trim());
  const keys = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-') || line.startsWith('AGE-PLUGIN-'));
  for (const key of keys) log.secret(key);
  if (keys.length === 0) {
    // Never echo the value: it may be a mangled secret.
    problems.add(input, 'no age identity found: expected a line starting with AGE-SECRET-KEY-1');
    return undefined;
  }
  return keys.join('\n');
}
