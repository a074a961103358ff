/**
 * The text people read on GitHub (PR and issue titles and bodies, comments, commit messages)
 * passes the run's redactor on its way out, whatever stage wrote it: a wrapper around the
 * transport, as Octokit composes behaviour. File contents do not: they are written redacted at the
 * source, and changing them here would break their digests.
 */
import type { Logger } from './log.js';

interface Hookable {
  hook: { before(name: 'request', fn: (options: object) => void): void };
}

export function redactRequestText<T extends Hookable>(client: T, log: Pick<Logger, 'redact'>): T {
  client.hook.before('request', (options) => {
    const fields = options as Record<string, unknown>;
    for (const key of ['title', 'body', 'message'])
      if (typeof fields[key] === 'string') fields[key] = log.redact(fields[key] as string);
  });
  return client;
}
