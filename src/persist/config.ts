/** Which certificates validate with dns-persist-01, and the settings the record side reads. */
import type { Config } from '../config/settings.js';
import { parseServer, type Server } from '../dns/transport.js';

/** True when the certificate asks for dns-persist-01. */
export function usesPersist(config: Config, name: string): boolean {
  return config.certificates[name]?.challenge === 'dns-persist-01';
}

/** The dns-persist-01 certificates, limited to `only` when given. */
export function persistCertificates(config: Config, only?: readonly string[]): string[] {
  return Object.keys(config.certificates).filter(
    (n) => usesPersist(config, n) && (!only || only.includes(n)),
  );
}

/** The issuer domain the certificate asks for (`issuer-domain`), normalized. */
export function configuredIssuer(config: Config, name: string): string | undefined {
  return config.certificates[name]?.['issuer-domain']?.toLowerCase().replace(/\.$/, '') || undefined;
}

/**
 * Servers to ask for `_validation-persist` records: the certificate's own `resolvers`, else those of
 * the DNS provider it names (its fallback), else none (the zone's authoritative servers are found).
 */
export function persistResolvers(config: Config, name: string): Server[] | undefined {
  const cert = config.certificates[name];
  const provider = cert?.dns ? config.dns[cert.dns] : undefined;
  const list = cert?.resolvers?.length ? cert.resolvers : provider?.resolvers;
  return list?.length ? list.map((r) => parseServer(r)) : undefined;
}
