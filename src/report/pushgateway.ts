/**
 * Pushes the metrics to a Prometheus Pushgateway: PUT /metrics/job/certflow/command/<command>,
 * which replaces the group's metrics with this run's (a host that left the config does not linger).
 * Credentials in the URL (https://user:password@host) become a Basic Authorization header; the
 * URL is shown in messages without them.
 */
import { bodyHead } from '../util/body-head.js';
import { errorMessage } from '../util/errors.js';

export const PUSH_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The URL as shown in messages: origin and path, never user or password. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** A grouping label value in the path; one with "/" (or empty) goes base64url-encoded, as the API says. */
function pathValue(value: string): string {
  if (value === '' || value.includes('/')) return `${Buffer.from(value).toString('base64url')}@base64`;
  return encodeURIComponent(value);
}

export function groupPath(command: string): string {
  return `/metrics/job/certflow/command/${pathValue(command)}`;
}

export async function pushMetrics(
  url: string,
  command: string,
  body: string,
  timeoutMs = 10_000,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const base = new URL(url);
  const headers: Record<string, string> = { 'content-type': PUSH_CONTENT_TYPE };
  if (base.username || base.password) {
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const target = `${base.origin}${base.pathname.replace(/\/+$/, '')}${groupPath(command)}`;
  const where = shownUrl(url);
  try {
    const response = await fetch(target, {
      method: 'PUT',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true };
    }
    const text = (await bodyHead(response, 300)).replace(/[^\x20-\x7e]/g, ' ');
    return {
      ok: false,
      message: `pushgateway ${where} answered ${response.status}: ${text.trim() || '(empty body)'}`,
    };
  } catch (error) {
    return { ok: false, message: `pushgateway ${where}: ${errorMessage(error)}` };
  }
}
