/**
 * POSTs the alert as JSON. The URL is a secret (a Slack hook's path is its token): only its origin
 * is ever named in messages.
 */
import { bodyHead } from '../util/body-head.js';
import type { WebhookPayload } from './message.js';

export interface WebhookResult {
  ok: boolean;
  status?: number;
  /** Why it failed, naming only the URL's origin. */
  error?: string;
  attempts: number;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the webhook URL';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two attempts: a receiver that is restarting or answers 5xx/429 gets one more chance; a 4xx is
 * our mistake (or a revoked hook) and is not retried.
 */
export async function postWebhook(
  url: string,
  payload: WebhookPayload,
  options: { timeoutMs?: number; retryDelayMs?: number } = {},
): Promise<WebhookResult> {
  const where = origin(url);
  const body = JSON.stringify(payload);
  let last: WebhookResult = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'certflow' },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      // Read (and release) the body; its start helps explain a refusal.
      const text = (await bodyHead(res, 200)).replace(/\s+/g, ' ').trim();
      if (res.ok) return { ok: true, status: res.status, attempts: attempt };
      last = {
        ok: false,
        status: res.status,
        attempts: attempt,
        error: `POST to ${where} answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
      };
      if (res.status < 500 && res.status !== 429) return last;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const why =
        e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.cause?.message ?? e.message);
      last = { ok: false, attempts: attempt, error: `POST to ${where} failed: ${why}` };
    }
    if (attempt < 2) await sleep(options.retryDelayMs ?? 1000);
  }
  return last;
}
