/**
 * Checks that need more than one field: references between sections, domain names, the renewal
 * policy. Returns the config with domains normalized (lower-case A-labels) and every problem found.
 */
import { credentialEndpoints } from '../dns/providers/index.js';
import type { Problem } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { domainCovers, normalizeDomain } from './domains.js';
import { endpointVerdict, insecureWarning, refusedEndpoint } from './endpoints.js';
import { issuerProblems } from './issuers-check.js';
import { problemAt, type SourceFile } from './issues.js';
import { parseLifetimePoint } from './policy.js';
import { ENV_REF, type RawConfig } from './schema.js';
import { didYouMean } from './suggest.js';

export function crossCheck(
  src: SourceFile,
  config: RawConfig,
  log: Pick<Logger, 'warn'>,
): { config: RawConfig; problems: Problem[] } {
  const problems: Problem[] = [...unknownReferences(src, config), ...issuerProblems(src, config)];
  // Which certificate holds each domain (with its key type), to find the same name twice.
  const owners = new Map<string, { cert: string; key: string }>();
  const certificates: RawConfig['certificates'] = {};

  for (const [name, cert] of Object.entries(config.certificates)) {
    const base = ['certificates', name];
    const domains: string[] = [];
    cert.domains.forEach((raw, i) => {
      const where = [...base, 'domains', i];
      const check = normalizeDomain(raw);
      if (!check.ok) {
        problems.push(problemAt(src, where, `'${raw}': ${check.reason}`));
        return;
      }
      if (domains.includes(check.name)) {
        problems.push(problemAt(src, where, `'${raw}' is listed twice in this certificate`));
        return;
      }
      const covering = domains.find((d) => domainCovers(d, check.name) || domainCovers(check.name, d));
      if (covering) {
        log.warn(
          `certificates.${name}: '${check.name}' and '${covering}' overlap (a wildcard covers the other)`,
        );
      }
      // The same name in two certificates is allowed only with different key types (dual ECDSA +
      // RSA certificates); otherwise two bundles would fight over which one a host serves.
      const owner = owners.get(check.name);
      if (owner && owner.key === cert.key) {
        problems.push(
          problemAt(
            src,
            where,
            `'${check.name}' is already in certificate '${owner.cert}' with the same key type ${cert.key}; a name may appear in two certificates only when their key types differ`,
          ),
        );
      } else owners.set(check.name, { cert: name, key: cert.key });
      domains.push(check.name);
    });

    let alias = cert['challenge-alias'];
    if (alias !== undefined) {
      const check = normalizeDomain(alias);
      if (!check.ok || check.name.startsWith('*.')) {
        problems.push(
          problemAt(
            src,
            [...base, 'challenge-alias'],
            `'${alias}': ${check.ok ? 'no wildcard here' : check.reason}`,
          ),
        );
      } else alias = check.name;
    }
    certificates[name] = { ...cert, domains, ...(alias !== undefined ? { 'challenge-alias': alias } : {}) };
  }

  // Both in the same unit can be compared here; mixed units depend on the lifetime and are
  // settled per certificate by the plan (the emergency point never comes before the fallback).
  const before = parseLifetimePoint(config.renewal['renew-before']);
  const emergency = parseLifetimePoint(config.renewal.emergency);
  const same =
    before.kind === 'share' && emergency.kind === 'share'
      ? emergency.share >= before.share
      : before.kind === 'days' && emergency.kind === 'days' && emergency.ms >= before.ms;
  if (same) {
    problems.push(
      problemAt(
        src,
        ['renewal', 'emergency'],
        `emergency (${config.renewal.emergency}) must be smaller than renew-before (${config.renewal['renew-before']}): it is the last resort after the normal renewal point`,
      ),
    );
  }

  problems.push(...checkEndpoints(src, config, log));
  return { config: { ...config, certificates }, problems };
}

/** DNS API endpoints carry the provider's credential: https://, or http:// as endpoints.ts allows. */
function checkEndpoints(src: SourceFile, config: RawConfig, log: Pick<Logger, 'warn'>): Problem[] {
  const problems: Problem[] = [];
  for (const [name, provider] of Object.entries(config.dns)) {
    for (const { field, url, insecureHttp } of credentialEndpoints(provider)) {
      // A reference whose variable this command does not need stays unresolved: nothing to check.
      if (url === undefined || ENV_REF.test(url)) continue;
      const where = `dns.${name}.${field}`;
      const verdict = endpointVerdict(url, insecureHttp);
      if (verdict === 'refused') {
        problems.push(
          problemAt(src, ['dns', name, field], refusedEndpoint(field, `dns.${name}.insecure-http`)),
        );
      } else if (verdict === 'insecure-http') log.warn(insecureWarning(where));
    }
  }
  return problems;
}

function list(names: string[]): string {
  return names.length > 0 ? names.join(', ') : '(none)';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Certificates naming a DNS provider or target that is not defined. Reads the data loosely, so it
 * also runs on a file the schema refused: those problems are reported in the same pass as unknown
 * keys, not only once they are fixed.
 */
export function unknownReferences(src: SourceFile, data: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isRecord(data) || !isRecord(data.certificates)) return problems;
  const dnsNames = isRecord(data.dns) ? Object.keys(data.dns) : [];
  const targetNames = isRecord(data.targets) ? Object.keys(data.targets) : [];
  for (const [name, cert] of Object.entries(data.certificates)) {
    if (!isRecord(cert)) continue;
    const base = ['certificates', name];
    if (typeof cert.dns === 'string' && !dnsNames.includes(cert.dns)) {
      problems.push(
        problemAt(
          src,
          [...base, 'dns'],
          `unknown dns provider '${cert.dns}'${didYouMean(cert.dns, dnsNames)}; defined under dns: ${list(dnsNames)}`,
        ),
      );
    }
    if (!Array.isArray(cert.targets)) continue;
    cert.targets.forEach((target: unknown, i) => {
      if (typeof target === 'string' && !targetNames.includes(target)) {
        problems.push(
          problemAt(
            src,
            [...base, 'targets', i],
            `unknown target '${target}'${didYouMean(target, targetNames)}; defined under targets: ${list(targetNames)}`,
          ),
        );
      }
    });
  }
  return problems;
}
