/** Pieces every provider factory shares: the `resolvers`, `zones`, `ttl` and timeout fields. */
import type { DnsProviderConfig } from '../../config/schema.js';
import { durationMs } from '../../util/duration.js';
import type { DnsProvider } from '../provider.js';
import { parseServer } from '../transport.js';

export function commonFields(
  name: string,
  config: DnsProviderConfig,
): Pick<DnsProvider, 'name' | 'type' | 'zones' | 'resolvers' | 'propagationTimeoutMs' | 'ttl'> {
  return {
    name,
    type: config.type,
    zones: (config.zones ?? []).map((z) => z.toLowerCase().replace(/\.$/, '')),
    resolvers: config.resolvers?.length ? config.resolvers.map((r) => parseServer(r)) : undefined,
    propagationTimeoutMs: durationMs(config['propagation-timeout']),
    ttl: config.ttl,
  };
}

/** Reads an HTTP error body once, as text, for a message (never includes request headers). */
export async function bodyText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}
