/**
 * OVHcloud's request signature. Every call carries the application key, the consumer key, a
 * timestamp in the API server's clock, and
 * `$1$` + hex SHA-1 of `applicationSecret+consumerKey+METHOD+fullURL+body+timestamp`.
 * The server's clock comes from the unauthenticated `GET /auth/time`, once per provider.
 */
import { createHash } from 'node:crypto';

export interface OvhKeys {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

export function ovhSignature(
  keys: OvhKeys,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): string {
  const input = [
    keys.applicationSecret,
    keys.consumerKey,
    method.toUpperCase(),
    url,
    body,
    String(timestamp),
  ];
  return `$1$${createHash('sha1').update(input.join('+')).digest('hex')}`;
}

/** The headers of one signed call. */
export function ovhHeaders(
  keys: OvhKeys,
  method: string,
  url: string,
  body: string,
  timestamp: number,
): Record<string, string> {
  return {
    'X-Ovh-Application': keys.applicationKey,
    'X-Ovh-Consumer': keys.consumerKey,
    'X-Ovh-Timestamp': String(timestamp),
    'X-Ovh-Signature': ovhSignature(keys, method, url, body, timestamp),
  };
}
