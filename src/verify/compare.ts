/**
 * What a change to the repository does, for a reviewer: per certificate, the old and new
 * certificate side by side (as the certificates state it, not the manifests), and flags on what
 * needs a careful human look. Pure: the git reads happen in pipeline/verify.ts.
 */
import type { Manifest } from '../model.js';
import { leafFacts } from '../util/x509.js';

/** One side of a certificate change, read from its fullchain.pem (and `replaces` from the manifest). */
export interface LeafView {
  serial: string;
  names: string[];
  issuer: string;
  keyType: string;
  notBefore: string;
  notAfter: string;
  publicKeySha256: string;
  /** The manifest's claim (ARI): the serial this certificate replaces. */
  replaces?: string;
}

export interface CertificateChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  before?: LeafView;
  after?: LeafView;
  namesAdded: string[];
  namesRemoved: string[];
  /** The new manifest says it replaces the old serial (ARI `replaces`). */
  replacesOld: boolean;
  /** The new certificate has a different public key from the old one. */
  newKey: boolean;
}

/** Something a reviewer must look at with care; `file` is where an annotation goes. */
export interface ReviewFlag {
  kind: 'file' | 'config';
  file: string;
  message: string;
}

/** The view of a bundle's chain, or undefined when it does not parse (the verifier says why). */
export function leafView(fullchainPem: string, manifest?: Pick<Manifest, 'replaces'>): LeafView | undefined {
  try {
    const facts = leafFacts(fullchainPem);
    return {
      serial: facts.serial,
      names: [...facts.names].sort(),
      issuer: facts.issuer,
      keyType: facts.keyType,
      notBefore: facts.notBefore.toISOString(),
      notAfter: facts.notAfter.toISOString(),
      publicKeySha256: facts.publicKeySha256,
      ...(manifest?.replaces ? { replaces: manifest.replaces } : {}),
    };
  } catch {
    return undefined;
  }
}

export function compareCertificate(name: string, before?: LeafView, after?: LeafView): CertificateChange {
  const old = new Set(before?.names ?? []);
  const now = new Set(after?.names ?? []);
  return {
    name,
    kind: !before ? 'added' : !after ? 'removed' : 'changed',
    before,
    after,
    namesAdded: [...now].filter((n) => !old.has(n)),
    namesRemoved: [...old].filter((n) => !now.has(n)),
    replacesOld: Boolean(before && after?.replaces && after.replaces === before.serial),
    newKey: Boolean(before && after && before.publicKeySha256 !== after.publicKeySha256),
  };
}

/**
 * The config fields that decide where keys go, what is trusted and what runs on hosts. A change to
 * any of them in a pull request can hand keys or hosts to someone else, so each is flagged.
 */
const TARGET_FIELDS = [
  'type',
  'hosts',
  'user',
  'validate',
  'reload',
  'files',
  'command',
  'known-hosts',
  'needs-key',
  'recipients',
];
const DNS_FIELDS = ['type', 'server', 'api-url', 'endpoint', 'command', 'resolvers'];

type Raw = Record<string, unknown> | undefined;
const obj = (v: unknown): Raw =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** Flags for the sensitive fields that differ between two raw (unresolved) configs. */
export function configFlags(file: string, before: unknown, after: unknown): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  const flag = (path: string, a: unknown, b: unknown) => {
    if (!same(a, b))
      flags.push({ kind: 'config', file, message: `${path} changed: ${show(a)} -> ${show(b)}` });
  };
  const o = obj(before) ?? {};
  const n = obj(after) ?? {};
  flag('store.recipients', obj(o.store)?.recipients, obj(n.store)?.recipients);
  flag('store.trust', obj(o.store)?.trust, obj(n.store)?.trust);
  flag('store.path', obj(o.store)?.path, obj(n.store)?.path);
  flag('acme.directory', obj(o.acme)?.directory, obj(n.acme)?.directory);
  flag('acme.trust', obj(o.acme)?.trust, obj(n.acme)?.trust);
  // Which CAs may issue, and in what order (acme.issuers): a CA added here can be handed orders.
  const cas = (acme: Raw) =>
    Array.isArray(acme?.issuers) ? acme.issuers.map((i) => obj(i)?.directory) : undefined;
  flag('acme.issuers', cas(obj(o.acme)), cas(obj(n.acme)));
  for (const [section, fields] of [
    ['targets', TARGET_FIELDS],
    ['dns', DNS_FIELDS],
  ] as const) {
    const a = obj(o[section]) ?? {};
    const b = obj(n[section]) ?? {};
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(name in a) || !(name in b)) {
        flag(
          `${section}.${name}`,
          a[name] === undefined ? undefined : '(defined)',
          b[name] === undefined ? undefined : '(defined)',
        );
        continue;
      }
      for (const field of fields)
        flag(`${section}.${name}.${field}`, obj(a[name])?.[field], obj(b[name])?.[field]);
    }
  }
  // Who a certificate's key is sealed to: its own recipients, and which targets (whose
  // recipients it inherits) it goes to. A write-access change here hands a key to someone else.
  const oc = obj(o.certificates) ?? {};
  const nc = obj(n.certificates) ?? {};
  for (const name of [...new Set([...Object.keys(oc), ...Object.keys(nc)])].sort()) {
    flag(`certificates.${name}.recipients`, obj(oc[name])?.recipients, obj(nc[name])?.recipients);
    if (name in oc && name in nc)
      flag(`certificates.${name}.targets`, obj(oc[name])?.targets, obj(nc[name])?.targets);
  }
  // Hooks that run commands: exec targets and exec DNS providers are covered above by `command`.
  return flags;
}

/** A flag when a bundle's key is now sealed to other recipients than at the base (as the manifests say). */
export function recipientsFlag(
  file: string,
  name: string,
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
): ReviewFlag | undefined {
  if (!before || !after) return undefined;
  const had = new Set(before);
  const has = new Set(after);
  const added = [...has].filter((r) => !had.has(r));
  const removed = [...had].filter((r) => !has.has(r));
  if (added.length + removed.length === 0) return undefined;
  const parts = [
    added.length > 0 ? `now also opened by ${added.join(', ')}` : '',
    removed.length > 0 ? `no longer sealed to ${removed.join(', ')}` : '',
  ].filter(Boolean);
  return { kind: 'file', file, message: `bundle ${name}: recipients changed: ${parts.join('; ')}` };
}
