/**
 * The provider registry: the one list of provider modules. config/schema.ts builds the `dns`
 * union from it, `certflow init --dns` takes its types and starters, and the JSON Schema, the
 * config reference and docs/dns-providers.md are generated from it. Adding a provider is one
 * module in this folder (see define.ts), its line here, its test and, for an API, its fake.
 */
import type { z } from 'zod';
import type { DnsProviderConfig } from '../../config/schema.js';
import type { CredentialEndpoint, FieldKit, ProviderModule, ProviderSchema } from '../define.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps } from '../provider.js';
import { acmeDns } from './acme-dns.js';
import { azure } from './azure.js';
import { cloudflare } from './cloudflare.js';
import { desec } from './desec.js';
import { digitalocean } from './digitalocean.js';
import { dnsimple } from './dnsimple.js';
import { exec } from './exec.js';
import { gandi } from './gandi.js';
import { google } from './google.js';
import { hetzner } from './hetzner.js';
import { lexicon } from './lexicon.js';
import { linode } from './linode.js';
import { ovh } from './ovh.js';
import { porkbun } from './porkbun.js';
import { powerdns } from './powerdns.js';
import { rfc2136 } from './rfc2136.js';
import { route53 } from './route53.js';
import { vultr } from './vultr.js';

/** In the order of the schema, the reference and the docs. */
export const PROVIDERS = [
  rfc2136,
  powerdns,
  cloudflare,
  route53,
  google,
  azure,
  ovh,
  exec,
  acmeDns,
  digitalocean,
  hetzner,
  linode,
  vultr,
  desec,
  dnsimple,
  porkbun,
  gandi,
  lexicon,
] as const;

type Registered = (typeof PROVIDERS)[number];

/** Every `type:` a `dns:` entry may have. */
export type DnsType = Registered['type'];
export const DNS_TYPES: readonly DnsType[] = PROVIDERS.map((p) => p.type);

/** The zod object of each registered type, in registry order (a tuple, so the union stays typed). */
type SchemasOf<P extends readonly unknown[]> = {
  -readonly [K in keyof P]: P[K] extends ProviderModule<infer T, infer S> ? ProviderSchema<T, S> : never;
};
export type ProviderSchemas = SchemasOf<typeof PROVIDERS>;

export function providerSchemas(kit: FieldKit): ProviderSchemas {
  // `map` loses the tuple's element types; the elements are exactly those of the type above.
  return PROVIDERS.map((p) => p.schema(kit)) as unknown as ProviderSchemas;
}

/** The module of a type, or undefined (an own-property lookup: never `constructor`). */
export function providerModule(type: string): Registered | undefined {
  return PROVIDERS.find((p) => p.type === type);
}

/**
 * `create` of the entry's module. TypeScript cannot tie a union of configs to the union of
 * modules, so the module is found by the entry's own `type` and called through one erased
 * signature: the schema put that `type` there, so the entry has exactly that module's fields.
 */
export function createProvider(name: string, config: DnsProviderConfig, deps: ProviderDeps): DnsProvider {
  const module = providerModule(config.type);
  if (!module) throw new DnsProviderError({ type: String(config.type), name }, 'unknown provider type');
  return (module as ProviderModule<string, z.ZodRawShape> & { create: Erased }).create(name, config, deps);
}

type Erased = (name: string, config: DnsProviderConfig, deps: ProviderDeps) => DnsProvider;

/** The endpoints of an entry that carry its credential (none for a type without an API URL). */
export function credentialEndpoints(config: DnsProviderConfig): CredentialEndpoint[] {
  const module = providerModule(config.type) as {
    endpoints?: (c: DnsProviderConfig) => CredentialEndpoint[];
  };
  return module?.endpoints?.(config) ?? [];
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
