/**
 * The deploy stage: opens the stored bundles (the only step that decrypts keys), brings every SSH
 * target host to serve them, proven over TLS, and runs the exec hook targets of the certificates
 * that changed in the push that triggered it (or were forced). `certflow deploy` runs it alone;
 * `renew` with `deploy: true` runs it after publishing.
 */

import { isForced, type Settings } from '../config/settings.js';
import { targetHosts } from '../deploy/hosts.js';
import { type DeployBundle, deployTargets } from '../deploy/index.js';
import { describeSelectors, knownTags, selectHosts } from '../deploy/select.js';
import type { DeployResult, StageError } from '../model.js';
import { openBundle } from '../store/open.js';
import { readStoredCertificate, storeDir } from '../store/read.js';
import { loadTrustAnchors, type TrustAnchors } from '../store/trust.js';
import { describeFindings, verifyStoredBundle } from '../store/verify-stored.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';
import { changedBundles, isZeroRevision } from './changed.js';
import { execTargetsOf, type HookSource, runExecHooks } from './hooks.js';

export interface DeployRun {
  deploys: DeployResult[];
  /** Bundles that could not be opened (their hosts were not touched), and run-level problems. */
  errors: StageError[];
  warnings: string[];
}

/** Certificates to deploy: the config's, limited to `settings.only` when given. */
function selected(settings: Settings, warnings: string[]): string[] {
  const names = Object.keys(settings.config.certificates);
  if (!settings.only?.length) return names;
  for (const name of settings.only) {
    if (!names.includes(name))
      warnings.push(`certificate ${name} is not in the config; nothing to deploy for it`);
  }
  return names.filter((n) => settings.only?.includes(n));
}

/**
 * Opens the selected bundles, deploys them to their SSH targets, then runs the exec hook targets
 * of the certificates `hookDue` accepts. Never throws for a certificate's, host's or hook's
 * failure; throws UsageError when keys are needed and no identity was given.
 */
export async function deployFromStore(
  settings: Settings,
  log: Logger,
  options: {
    signal?: AbortSignal;
    /**
     * Bundles renewed in this run, keys still in memory (renew with deploy: true): they are
     * deployed without the age identity. Without an identity, only these are deployed.
     */
    fresh?: Map<string, DeployBundle>;
    /** Whether a certificate's exec hooks run (it changed, or was forced). Default: none. */
    hookDue?: (name: string) => boolean;
    /** The clock bundles are verified against (tests pin it). */
    now?: () => Date;
  } = {},
): Promise<DeployRun> {
  const warnings: string[] = [];
  const errors: StageError[] = [];
  const names = selected(settings, warnings);
  if (settings.hosts) {
    const picked = withSelectedHosts(settings, names, log);
    if ('error' in picked) {
      errors.push(picked.error);
      log.error(picked.error.message);
      return { deploys: [], errors, warnings };
    }
    settings = picked.settings;
    options = { ...options, hookDue: () => false };
  }
  const { config } = settings;
  // target -> certificate names, in config order.
  const wanted = new Map<string, string[]>();
  const hooked: string[] = [];
  for (const name of names) {
    for (const target of config.certificates[name]?.targets ?? []) {
      const t = config.targets[target];
      if (!t) {
        warnings.push(`certificate ${name}: target ${target} is not defined under targets; skipped`);
      } else if (t.type === 'ssh' && t.hosts.length > 0) {
        wanted.set(target, [...(wanted.get(target) ?? []), name]);
      }
    }
    if (execTargetsOf(settings, name).length > 0 && options.hookDue?.(name)) hooked.push(name);
  }
  const needed = [...new Set([...wanted.values()].flat())];
  if (needed.length === 0 && hooked.length === 0) {
    warnings.push('no selected certificate has an SSH target or a hook to run: nothing to deploy');
    return { deploys: [], errors, warnings };
  }
  // A hook with needs-key: false gets the clear chain only, so it needs no identity.
  const keyless = (name: string) => execTargetsOf(settings, name).every((t) => !t.config['needs-key']);
  const identity = settings.ageIdentity;
  const fresh = options.fresh ?? new Map<string, DeployBundle>();
  const toOpen = [...new Set([...needed, ...hooked])];
  if (!identity && options.fresh) {
    const stale = needed.filter((n) => !fresh.has(n));
    if (stale.length > 0) {
      warnings.push(
        `no age-identity: only the certificates renewed in this run were deployed; ${stale.join(', ')} were not (give age-identity to deploy every stored certificate)`,
      );
    }
  } else if (!identity && toOpen.some((n) => needed.includes(n) || !keyless(n))) {
    throw new UsageError(
      'deploy needs the age identity that opens stored private keys: set the Action input `age-identity` ' +
        '(from a secret), or pass `--identity <file>` (or CERTFLOW_AGE_IDENTITY) to the CLI',
      [{ path: 'age-identity', message: 'missing: needed to decrypt private keys for deploy' }],
    );
  }
  if (identity) log.secret(identity);
  const store = storeDir(settings);
  const bundles = new Map<string, HookSource & Partial<DeployBundle>>();
  // Stored bundles are proven before any key is decrypted or any host contacted (store/verify.ts).
  const stored = toOpen.filter((n) => !fresh.has(n) && (identity || (!needed.includes(n) && !options.fresh)));
  let trust: TrustAnchors | undefined;
  if (stored.length > 0) {
    try {
      trust = await loadTrustAnchors(settings);
    } catch (error) {
      errors.push({ message: `deploy: ${errorMessage(error)}`, hint: 'no stored bundle was deployed' });
      log.error(errorMessage(error));
    }
  }
  const refused = new Map<string, string>();
  for (const name of toOpen) {
    const renewed = fresh.get(name);
    if (renewed) {
      bundles.set(name, renewed);
      continue;
    }
    try {
      if (stored.includes(name)) {
        if (!trust) throw new Error('the trust anchors could not be loaded');
        const verdict = await verifyStoredBundle(settings, store, name, trust, 'deploy', options.now?.());
        if (!verdict.ok) {
          refused.set(name, describeFindings(verdict));
          throw new Error(`refused, the bundle is not valid: ${describeFindings(verdict)}`);
        }
      }
      if (identity) {
        const opened = await openBundle(store, name, identity);
        log.secret(opened.privateKeyPem);
        bundles.set(name, {
          name,
          domains: opened.manifest.domains,
          fullchainPem: opened.fullchainPem,
          privateKeyPem: opened.privateKeyPem,
          certificateSha256: leafFacts(opened.fullchainPem).sha256,
        });
      } else if (!needed.includes(name) && keyless(name) && !options.fresh) {
        const stored = await readStoredCertificate(store, name);
        if (stored.state !== 'present') {
          throw new Error(
            stored.state === 'missing' ? `nothing stored under ${store}/${name}` : stored.error,
          );
        }
        bundles.set(name, { name, domains: stored.manifest.domains, fullchainPem: stored.fullchainPem });
      }
    } catch (error) {
      const message = errorMessage(error);
      log.error(`certificate ${name}: ${message}`);
      errors.push({
        message: `deploy ${name}: ${message}`,
        hint: 'its hosts were not touched and its hooks not run',
      });
    }
  }
  const deploys: DeployResult[] = notAttemptedHosts(settings, wanted, refused);
  if (wanted.size > 0) {
    const assignments = [...wanted].map(([target, certs]) => ({
      target,
      bundles: certs
        .map((c) => bundles.get(c))
        .filter(
          (b): b is DeployBundle => b?.privateKeyPem !== undefined && b.certificateSha256 !== undefined,
        ),
    }));
    const sshTargets = Object.fromEntries(
      Object.entries(config.targets).flatMap(([n, t]) => (t.type === 'ssh' ? [[n, t] as const] : [])),
    );
    deploys.push(
      ...(await deployTargets(sshTargets, assignments, log, {
        concurrency: settings.concurrency,
        dryRun: settings.dryRun,
        signal: options.signal,
      })),
    );
  }
  const sources = hooked.map((n) => bundles.get(n)).filter((b): b is HookSource => b !== undefined);
  if (sources.length > 0) deploys.push(...(await runExecHooks(settings, sources, log)));
  return { deploys, errors, warnings };
}

/**
 * The settings with each SSH target cut down to the hosts `settings.hosts` selects (a target none
 * of whose hosts is selected keeps an empty list and is skipped), or an error when the selection
 * names no host of the selected certificates' targets: that must not pass as a deploy that did
 * nothing. (A selection that names no host at all was refused with the settings.)
 */
function withSelectedHosts(
  settings: Settings,
  names: string[],
  log: Logger,
): { settings: Settings } | { error: StageError } {
  const selectors = settings.hosts ?? [];
  const targets = { ...settings.config.targets };
  const used = new Set(names.flatMap((n) => settings.config.certificates[n]?.targets ?? []));
  let matched = 0;
  for (const [name, t] of Object.entries(targets)) {
    if (t.type !== 'ssh') continue;
    const kept = selectHosts(t, selectors);
    if (kept && used.has(name)) matched += kept.hosts.length;
    targets[name] = kept ?? { ...t, hosts: [] };
  }
  const shown = describeSelectors(selectors);
  if (matched === 0) {
    const sshTargets = Object.values(settings.config.targets).flatMap((t) => (t.type === 'ssh' ? [t] : []));
    const tags = knownTags(sshTargets);
    return {
      error: {
        message: `deploy: no host of the selected certificates' targets matches ${shown}; tags in the config: ${tags.join(', ') || '(none)'}`,
        hint: 'nothing was deployed: fix the hosts selection',
      },
    };
  }
  log.info(
    `deploying only to the ${matched} host(s) ${shown} selects; exec hooks do not run with a host selection`,
  );
  return { settings: { ...settings, config: { ...settings.config, targets } } };
}

/** Every host of every SSH target of a refused bundle, reported as not attempted with the reason. */
function notAttemptedHosts(
  settings: Settings,
  wanted: Map<string, string[]>,
  refused: Map<string, string>,
): DeployResult[] {
  const out: DeployResult[] = [];
  for (const [target, names] of wanted) {
    const t = settings.config.targets[target];
    if (t?.type !== 'ssh') continue;
    for (const name of names.filter((n) => refused.has(n))) {
      for (const { label: host } of targetHosts(t)) {
        out.push({
          target,
          host,
          certificates: [name],
          phase: 'connect',
          ok: false,
          skipped: false,
          rolledBack: false,
          message: `not attempted: bundle ${name} is not valid (${refused.get(name)})`,
          durationMs: 0,
        });
      }
    }
  }
  return out;
}

/**
 * Which certificates run their exec hooks in `deploy`: forced ones, and those whose bundle changed
 * since `settings.changedSince` (the push's `before`). When that is unknown (a manual run), or git
 * cannot answer, only forced ones: a hook never runs for a certificate not known to have changed.
 */
export async function hooksDue(
  settings: Settings,
  log: Logger,
): Promise<{ due: (name: string) => boolean; warnings: string[]; errors: StageError[] }> {
  const warnings: string[] = [];
  const errors: StageError[] = [];
  const forced = (name: string) => isForced(settings, name);
  const undecided = Object.keys(settings.config.certificates).filter(
    (n) =>
      (!settings.only?.length || settings.only.includes(n)) &&
      execTargetsOf(settings, n).length > 0 &&
      !forced(n),
  );
  if (undecided.length === 0) return { due: forced, warnings, errors };
  const since = settings.changedSince;
  if (!since) {
    for (const name of undecided) {
      for (const target of execTargetsOf(settings, name)) {
        warnings.push(
          `certificate ${name}: target ${target.name} is an exec hook; not run, since which certificates changed is unknown (not started by a push, no --changed-since): force ${name} to run it`,
        );
      }
    }
    return { due: forced, warnings, errors };
  }
  let changed: Set<string>;
  try {
    changed = new Set(await changedBundles(settings.workspace, settings.config.store.path, since));
  } catch (error) {
    errors.push({
      message: `exec hooks: cannot tell which certificates changed since ${since}: ${errorMessage(error)}`,
      hint: `no hook of ${undecided.join(', ')} was run (SSH targets were deployed); fix the checkout, or run them with force: <names>`,
    });
    log.error(errors[0]?.message ?? '');
    return { due: forced, warnings, errors };
  }
  const what = isZeroRevision(since) ? 'the push created the branch' : `changed since ${since.slice(0, 12)}`;
  for (const name of undecided) {
    if (changed.has(name)) log.info(`${name}: ${what}; its exec hooks run`);
    else
      log.info(
        `${name}: not changed since ${since.slice(0, 12)}; its exec hooks are not run (force it to run them)`,
      );
  }
  return { due: (name) => forced(name) || changed.has(name), warnings, errors };
}
