/**
 * The provider registry: `type` in certflow.yml -> factory. Adding a provider is one file in
 * this folder, one line here, its tests and its entry in docs/dns-providers.md.
 */
import type { DnsProviderConfig } from '../../config/schema.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps, type ProviderFactory } from '../provider.js';
import { cloudflare } from './cloudflare.js';
import { exec } from './exec.js';
import { powerdns } from './powerdns.js';
import { rfc2136 } from './rfc2136.js';
import { route53 } from './route53.js';

export const PROVIDERS: Record<DnsProviderConfig['type'], ProviderFactory> = {
  rfc2136,
  powerdns,
  cloudflare,
  route53,
  exec,
};

export function createProvider(name: string, config: DnsProviderConfig, deps: ProviderDeps): DnsProvider {
  const factory = PROVIDERS[config.type];
  if (!factory) throw new DnsProviderError({ type: String(config.type), name }, 'unknown provider type');
  return factory(name, config, deps);
}

/** Every provider of the config, by name. Built once per run. */
export function createProviders(
  configs: Record<string, DnsProviderConfig>,
  deps: ProviderDeps,
): Map<string, DnsProvider> {
  const out = new Map<string, DnsProvider>();
  for (const [name, config] of Object.entries(configs)) out.set(name, createProvider(name, config, deps));
  return out;
}
