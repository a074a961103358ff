/**
 * One agent run on a host: fetch the store, take the certificates this host's config lists, prove
 * each bundle (chain to the configured roots, the configured names, manifest against certificate,
 * unexpired, key against certificate) and install the good ones with the deploy phases over the
 * local transport. Each certificate ends as a result; one failing never stops another.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, posix } from 'node:path';
import { targetDir } from '../deploy/files.js';
import { deployBundlesToHost } from '../deploy/host.js';
import { LocalSession } from '../deploy/local.js';
import type { DeployBundle, HostContext } from '../deploy/types.js';
import type { DeployResult } from '../model.js';
import { BundleError, openBundle } from '../store/open.js';
import { readStoredCertificate } from '../store/read.js';
import { parseRoots, type TrustAnchors, trustAnchorsOf } from '../store/trust.js';
import { verifyBundle } from '../store/verify.js';
import { durationMs } from '../util/duration.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';
import type { AgentConfig } from './config.js';
import { fetchStore } from './fetch.js';

export interface AgentCertificateResult {
  name: string;
  /** installed: files changed and proven; current: already served, nothing written. */
  status: 'installed' | 'current' | 'failed';
  phase?: string;
  message: string;
  serial?: string;
  notAfter?: string;
  rolledBack?: boolean;
}

export interface AgentRun {
  ok: boolean;
  host: string;
  commit?: string;
  /** A failure before any certificate was looked at (config, fetch, identity). */
  error?: string;
  certificates: AgentCertificateResult[];
  at: string;
}

export async function runAgent(config: AgentConfig, log: Logger, now = new Date()): Promise<AgentRun> {
  const run: AgentRun = { ok: false, host: hostname(), certificates: [], at: now.toISOString() };
  let identity: string;
  let trust: TrustAnchors;
  try {
    identity = (await readFile(config['identity-file'], 'utf8')).trim();
    log.secret(identity);
    trust = await loadAgentTrust(config.trust);
    const fetched = await fetchStore(config, log);
    run.commit = fetched.commit;
    const storeDir = join(fetched.dir, config['store-path']);
    const ready: DeployBundle[] = [];
    for (const [name, domains] of Object.entries(config.certificates)) {
      const prepared = await prepare(storeDir, name, domains, identity, trust, config, log, now);
      if ('bundle' in prepared) ready.push(prepared.bundle);
      else run.certificates.push(prepared.failed);
    }
    const installed = await install(config, ready, log);
    run.certificates.push(...installed.map((r) => asResult(r, ready)));
  } catch (error) {
    run.error = errorMessage(error);
    log.error(run.error);
  }
  run.certificates.sort((a, b) => a.name.localeCompare(b.name));
  run.ok = !run.error && run.certificates.every((c) => c.status !== 'failed');
  return run;
}

async function loadAgentTrust(files: string[]): Promise<TrustAnchors> {
  const extra: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((error) => {
      throw new Error(`trust: cannot read ${file}: ${errorMessage(error)}`);
    });
    parseRoots(text, `trust: ${file}`); // names the file when it does not parse
    extra.push(text);
  }
  return trustAnchorsOf(extra);
}

type Prepared = { bundle: DeployBundle } | { failed: AgentCertificateResult };

/** Verifies and opens one bundle; never throws. */
async function prepare(
  storeDir: string,
  name: string,
  domains: string[],
  identity: string,
  trust: TrustAnchors,
  config: AgentConfig,
  log: Logger,
  now: Date,
): Promise<Prepared> {
  const failed = (message: string, phase = 'verify'): Prepared => {
    log.error(`${name}: ${message}`);
    return { failed: { name, status: 'failed', phase, message } };
  };
  const stored = await readStoredCertificate(storeDir, name);
  if (stored.state === 'missing') return failed(`nothing stored under ${config['store-path']}/${name}`);
  if (stored.state === 'unreadable') return failed(stored.error);
  // The bundle verifier first: decryption proves nothing, anyone can seal a key to our recipient.
  const verdict = verifyBundle(name, stored.manifest, stored.fullchainPem, {
    domains,
    trust,
    now,
    requireUnexpired: true,
  });
  if (!verdict.ok) {
    return failed(`refused, not installed: ${verdict.findings.map((f) => f.message).join('; ')}`);
  }
  let opened: Awaited<ReturnType<typeof openBundle>>;
  try {
    opened = await openBundle(storeDir, name, identity);
  } catch (error) {
    const why =
      error instanceof BundleError && error.problem === 'wrong-identity'
        ? `this host's identity does not open ${name}: add the host's recipient to the target's (or certificate's) recipients in certflow.yml and run certflow reseal ${name}`
        : errorMessage(error);
    return failed(why, 'decrypt');
  }
  log.secret(opened.privateKeyPem);
  const older = await olderThanInstalled(config, name, stored.fullchainPem);
  if (older) return failed(older);
  return {
    bundle: {
      name,
      domains: stored.manifest.domains,
      fullchainPem: stored.fullchainPem,
      privateKeyPem: opened.privateKeyPem,
      certificateSha256: verdict.leaf?.sha256 ?? leafFacts(stored.fullchainPem).sha256,
    },
  };
}

/**
 * A stored certificate issued before the one installed is a rollback: someone with write access
 * can commit an old, still valid bundle (with a key that may have leaked). Refused; re-issue, or
 * remove the installed files by hand, to go back on purpose.
 */
async function olderThanInstalled(
  config: AgentConfig,
  name: string,
  fullchainPem: string,
): Promise<string | undefined> {
  const live = posix.resolve(targetDir(config.files, name), config.files.fullchain);
  const text = await readFile(live, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  let installed: ReturnType<typeof leafFacts>;
  try {
    installed = leafFacts(text);
  } catch {
    return undefined; // not a certificate: replaced like any drift
  }
  const stored = leafFacts(fullchainPem);
  if (stored.notBefore.getTime() < installed.notBefore.getTime()) {
    return `refused, not installed: the stored certificate (serial ${stored.serial}, issued ${stored.notBefore.toISOString()}) is older than the installed one (serial ${installed.serial}, issued ${installed.notBefore.toISOString()}): a rollback`;
  }
  return undefined;
}

async function install(config: AgentConfig, bundles: DeployBundle[], log: Logger): Promise<DeployResult[]> {
  if (bundles.length === 0) return [];
  const session = new LocalSession({
    commandTimeoutMs: durationMs(config['command-timeout']),
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C' },
  });
  const ctx: HostContext = {
    target: 'agent',
    config: { files: config.files, validate: config.validate, reload: config.reload, verify: config.verify },
    host: hostname(),
    address: config.verify.address ?? '127.0.0.1',
    dryRun: false,
    verifyWindowMs: 10_000,
  };
  return deployBundlesToHost(session, ctx, bundles, log, 0);
}

function asResult(r: DeployResult, bundles: DeployBundle[]): AgentCertificateResult {
  const name = r.certificates[0] ?? '?';
  const bundle = bundles.find((b) => b.name === name);
  const facts = bundle ? leafFacts(bundle.fullchainPem) : undefined;
  return {
    name,
    status: !r.ok ? 'failed' : r.skipped ? 'current' : 'installed',
    phase: r.phase,
    message: r.message ?? '',
    ...(facts ? { serial: facts.serial, notAfter: facts.notAfter.toISOString() } : {}),
    ...(r.rolledBack ? { rolledBack: true } : {}),
  };
}
