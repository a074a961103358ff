/**
 * Which files a certificate becomes on a host, with their content and mode. Pure: the per-host flow
 * and the tests share it, so what is checked for drift is exactly what is written.
 */
import { posix } from 'node:path';
import type { SshTargetConfig } from '../config/schema.js';
import { splitPemChain } from '../util/x509.js';
import { extraFormats } from './formats.js';
import type { DeployBundle } from './types.js';

export interface PlannedFile {
  role: 'fullchain' | 'key' | 'cert' | 'chain' | 'combined' | 'pfx' | 'der' | 'key-der';
  /** Absolute path of the live file on the host. */
  path: string;
  content: Buffer;
  mode: number;
  /** The private key: never logged, never left in a temp name after the run. */
  secret: boolean;
}

/** Prefixes of the temp names the deploy leaves next to live files (swept on every run). */
export const STAGE_PREFIX = '.certflow-stage-';
export const PREV_PREFIX = '.certflow-prev-';

export function parseMode(mode: string): number {
  return Number.parseInt(mode, 8);
}

export function targetDir(files: SshTargetConfig['files'], certificate: string): string {
  return files.dir.split('{certificate}').join(certificate);
}

function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

export function planFiles(files: SshTargetConfig['files'], bundle: DeployBundle): PlannedFile[] {
  const dir = targetDir(files, bundle.name);
  // The schema refuses a relative files.dir; posix.resolve would otherwise use our own cwd.
  if (!posix.isAbsolute(dir)) throw new Error(`files.dir '${dir}' is not an absolute path on the host`);
  const at = (name: string) => posix.resolve(dir, name);
  const certMode = parseMode(files['cert-mode']);
  const chain = splitPemChain(bundle.fullchainPem);
  const planned: PlannedFile[] = [
    {
      role: 'fullchain',
      path: at(files.fullchain),
      content: Buffer.from(withNewline(bundle.fullchainPem)),
      mode: certMode,
      secret: false,
    },
    {
      role: 'key',
      path: at(files.key),
      content: Buffer.from(withNewline(bundle.privateKeyPem)),
      mode: parseMode(files['key-mode']),
      secret: true,
    },
  ];
  if (files.cert) {
    planned.push({
      role: 'cert',
      path: at(files.cert),
      content: Buffer.from(chain[0] ?? ''),
      mode: certMode,
      secret: false,
    });
  }
  if (files.chain) {
    planned.push({
      role: 'chain',
      path: at(files.chain),
      content: Buffer.from(chain.slice(1).join('')),
      mode: certMode,
      secret: false,
    });
  }
  planned.push(...extraFormats(files, bundle, at));
  const paths = new Set(planned.map((f) => f.path));
  if (paths.size !== planned.length) {
    throw new Error(
      `files of ${bundle.name}: two roles point at the same path (${[...planned.map((f) => f.path)].join(', ')})`,
    );
  }
  return planned;
}

/** Temp name next to `live`: same folder, so the final rename never crosses a filesystem. */
export function siblingName(live: string, prefix: string, label: string): string {
  return posix.join(posix.dirname(live), `${prefix}${label}-${posix.basename(live)}`);
}

/**
 * SNI name to check a certificate with: configured, else its first name, with a wildcard's `*`
 * replaced by a label (any label matches a wildcard, and the server must pick the certificate).
 */
export function verifyServername(configured: string | undefined, domains: string[]): string | undefined {
  if (configured) return configured;
  const first = domains[0];
  return first?.startsWith('*.') ? `certflow-verify.${first.slice(2)}` : first;
}
