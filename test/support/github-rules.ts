/**
 * GitHub's rules that its OpenAPI description does not state, as github.com enforces them: length
 * limits on titles and bodies, and repository rulesets that refuse ref updates. The local server
 * applies them so that a test passing here would also pass against github.com.
 */
import { invalid } from './github-git-handlers.js';
import type { Reply } from './github-handlers.js';

/** Most characters GitHub accepts in a pull request's or an issue's title and body. */
export const LIMITS = { title: 256, body: 65_536, deploymentStatusDescription: 140 } as const;

/** GitHub counts characters, not UTF-8 bytes or UTF-16 units. */
function length(text: string): number {
  return [...text].length;
}

/** 422 with GitHub's words when a title or body is too long, else undefined. */
export function tooLong(
  resource: 'PullRequest' | 'Issue',
  fields: { title?: unknown; body?: unknown },
): Reply | undefined {
  for (const field of ['title', 'body'] as const) {
    const value = fields[field];
    const max = LIMITS[field];
    if (typeof value === 'string' && length(value) > max) {
      return invalid('Validation Failed', [
        {
          resource,
          code: 'custom',
          field,
          message: `${field} is too long (maximum is ${max} characters)`,
        },
      ]);
    }
  }
  return undefined;
}

/**
 * A branch ruleset as a repository admin sets it: the branch can only change through a pull
 * request, except for tokens on the bypass list ("allow the bot").
 */
export interface Ruleset {
  branch: string;
  /** Tokens allowed to bypass the rules (GitHub: bypass list with the app or role). */
  bypass: string[];
  /** What the rule asks for, as GitHub words it in the refusal. */
  rule: string;
}

/**
 * What GitHub answers when a ruleset refuses a ref change: 422, "Repository rule violations
 * found" and the violated rules, one per paragraph.
 */
export function ruleViolation(
  rulesets: Ruleset[],
  ref: string,
  token: string | undefined,
): Reply | undefined {
  const violated = rulesets.filter(
    (r) => `refs/heads/${r.branch}` === ref && !(token && r.bypass.includes(token)),
  );
  if (violated.length === 0) return undefined;
  return {
    status: 422,
    body: {
      message: `Repository rule violations found\n\n${violated.map((r) => r.rule).join('\n\n')}\n\n`,
      documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
      status: '422',
    },
  };
}
