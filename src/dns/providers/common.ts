/** Pieces every provider shares: the `resolvers`, `zones`, `ttl` and timeout fields. */
import { durationMs } from '../../util/duration.js';
import type { DnsProvider } from '../provider.js';
import { parseServer } from '../transport.js';

/** The fields of define.ts's commonShape, as every provider's config has them. */
export interface CommonConfig {
  type: string;
  resolvers?: string[];
  zones?: string[];
  'propagation-timeout': number | string;
  ttl: number;
}

export function commonFields(
  name: string,
  config: CommonConfig,
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

/** The TXT content of a value as DNS APIs that take zone-file syntax want it. */
export const quoteTxt = (value: string) => `"${value}"`;
