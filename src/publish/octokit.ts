/**
 * Octokit with retry (5xx, network) and throttling (rate limits, one write per second as GitHub
 * asks) composed around every request. Only src/publish/github-client.ts loads this, on demand.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { GitHubSettings } from '../config/settings.js';
import type { Logger } from '../util/log.js';
import { redactRequestText } from '../util/redact-requests.js';
import { VERSION } from '../version.js';
import type { ClientOptions } from './github-client.js';

const ThrottledOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof ThrottledOctokit>;

/** How many times a rate-limited request is retried before the error is surfaced. */
const RATE_LIMIT_RETRIES = 2;

export function octokitClient(gh: GitHubSettings, log: Logger, options: ClientOptions = {}): GitHubClient {
  log.secret(gh.token);
  const client = new ThrottledOctokit({
    auth: gh.token,
    baseUrl: gh.apiUrl.replace(/\/+$/, ''),
    userAgent: `certflow/${VERSION}`,
    log: {
      // Octokit's own chatter goes to debug; its request URLs never contain the token.
      debug: () => {},
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.debug(m),
      error: (m: string) => log.debug(m),
    },
    retry: { retries: 3 },
    throttle: {
      enabled: options.throttle ?? true,
      onRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        log.warn(`GitHub rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
        return retryCount < RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        log.warn(
          `GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`,
        );
        return retryCount < RATE_LIMIT_RETRIES;
      },
    },
  });
  return redactRequestText(client, log);
}
