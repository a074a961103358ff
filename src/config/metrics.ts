/**
 * `--metrics FILE` / `metrics-file` and `--pushgateway URL` / `pushgateway-url`: where the run's
 * Prometheus metrics go. The URL may hold a credential (user:password@), so it is registered as a
 * secret at once and refused over plain http off loopback, like the webhook URL.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../util/log.js';
import { endpointVerdict, refusedEndpoint } from './endpoints.js';
import type { Problems } from './values.js';

export function metricsSettings(
  file: string | undefined,
  url: string | undefined,
  fileName: string,
  urlName: string,
  base: string,
  problems: Problems,
  log: Pick<Logger, 'secret'>,
): { metricsPath?: string; pushgatewayUrl?: string } {
  if (url) {
    log.secret(url);
    // A gateway may quote the credential back without the URL around it: as the user typed it,
    // decoded, or as the Basic header it travelled in (secretPieces adds the base64 forms).
    for (const piece of credentialPieces(url)) log.secret(piece);
  }
  if (url && endpointVerdict(url, false) === 'refused')
    problems.add(urlName, refusedEndpoint(urlName, undefined));
  if (file !== undefined && file.trim() === '') problems.add(fileName, 'expected a file path');
  return {
    metricsPath: file ? (isAbsolute(file) ? file : resolve(base, file)) : undefined,
    pushgatewayUrl: url || undefined,
  };
}

/** The password of a URL's user info, raw and decoded, and `user:password` as Basic sends it. */
export function credentialPieces(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  if (!u.password) return [];
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  const password = decode(u.password);
  return [...new Set([u.password, password, `${decode(u.username)}:${password}`])];
}
