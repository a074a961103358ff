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
  if (url) log.secret(url);
  if (url && endpointVerdict(url, false) === 'refused')
    problems.add(urlName, refusedEndpoint(urlName, undefined));
  if (file !== undefined && file.trim() === '') problems.add(fileName, 'expected a file path');
  return {
    metricsPath: file ? (isAbsolute(file) ? file : resolve(base, file)) : undefined,
    pushgatewayUrl: url || undefined,
  };
}
