/**
 * Which certificates validate with dns-persist-01, and the few settings the record side reads.
 * The fields belong to the certificate schema (issue 23); they are read defensively here so this
 * side works whatever else a certificate carries.
 */
import type { Config } from '../config/settings.js';
import { parseServer, type Server } from '../dns/transport.js';

interface PersistFields {
  challenge?: string;
  dns?: string;
  /** Issuer domain name to publish when the CA names several (else the first). */
  'issuer-domain'?: string;
  resolvers?: string[];
}

function fieldsOf(config: Config, name: string): PersistFields {
  return (config.certificates[name] ?? {}) as PersistFields;
}

/** True when the certificate asks for dns-persist-01. */
export function usesPersist(config: Config, name: string): boolean {
  return fieldsOf(config, name).challenge === 'dns-persist-01';
}

/** The dns-persist-01 certificates, limited to `only` when given. */
export function persistCertificates(config: Config, only?: readonly string[]): string[] {
  return Object.keys(config.certificates).filter(
    (n) => usesPersist(config, n) && (!only || only.includes(n)),
  );
}

export function configuredIssuer(config: Config, name: string): string | undefined {
  const v = fieldsOf(config, name)['issuer-domain'];
  return typeof v === 'string' && v.length > 0 ? v.toLowerCase().replace(/\.$/, '') : undefined;
}

/**
 * Servers to ask for `_validation-persist` records: the certificate's own `resolvers`, else those of
 * the DNS provider it names (its fallback), else none (the zone's authoritative servers are found).
 */
export function persistResolvers(config: Config, name: string): Server[] | undefined {
  const own = fieldsOf(config, name);
  const provider = own.dns ? (config.dns[own.dns] as { resolvers?: string[] } | undefined) : undefined;
  const list = own.resolvers?.length ? own.resolvers : provider?.resolvers;
  return list?.length ? list.map((r) => parseServer(r)) : undefined;
}
