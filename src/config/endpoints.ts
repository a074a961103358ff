/**
 * Endpoints that carry a credential (a DNS API key, a webhook URL with its token) must be
 * https://, so the secret never crosses a network in clear. Plain http:// is accepted for a
 * loopback address (a local API or a test), or when the provider says `insecure-http: true`,
 * and then only with a warning. The ACME directory is https:// only (the schema says so).
 */
import { isIP } from 'node:net';

/** Whether `host` (as in a URL, IPv6 in brackets) is this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

export type EndpointVerdict = 'https' | 'loopback-http' | 'insecure-http' | 'refused';

/** How an endpoint URL may be used; `refused` for http:// elsewhere without the opt-in. */
export function endpointVerdict(url: string, insecureHttp: boolean): EndpointVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'refused';
  }
  if (parsed.protocol === 'https:') return 'https';
  if (parsed.protocol !== 'http:') return 'refused';
  if (isLoopbackHost(parsed.hostname)) return 'loopback-http';
  return insecureHttp ? 'insecure-http' : 'refused';
}

/** The message for a refused endpoint, naming the way out. */
export function refusedEndpoint(what: string, optIn: string | undefined): string {
  const way = optIn ? `, or set ${optIn}: true to accept plain http on purpose` : '';
  return `${what} carries a credential, so it must be an https:// URL; http:// is accepted only for a loopback address (127.0.0.1, [::1], localhost)${way}`;
}

/** The warning printed for every run that sends a credential over plain http. */
export function insecureWarning(where: string): string {
  return `${where}: plain http:// to a non-loopback host (insecure-http: true); the credential crosses the network in clear`;
}
