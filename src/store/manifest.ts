/**
 * certificate.json: parsed strictly (a hand-edited or corrupt manifest is reported, never trusted)
 * and written in one stable form, so an unchanged certificate gives no diff.
 */
import { z } from 'zod';
import { KEY_TYPES } from '../config/schema.js';
import type { Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';

const isoDate = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO 8601 date' });
const hex = z.string().regex(/^[0-9a-f]+$/, { message: 'expected lower-case hex' });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 in lower-case hex' });

export const ariWindowSchema = z.object({
  start: isoDate,
  end: isoDate,
  explanationUrl: z.string().optional(),
  checkedAt: isoDate,
  retryAfter: isoDate.optional(),
});

const issuanceRecord = z.object({
  at: isoDate,
  result: z.enum(['issued', 'failed']),
  serial: hex.optional(),
  domains: z.array(z.string()),
  forced: z.boolean().optional(),
  ariReplacement: z.boolean().optional(),
  error: z.string().optional(),
});

const revocationRecord = z.object({
  serial: hex,
  reason: z.enum([
    'unspecified',
    'keyCompromise',
    'affiliationChanged',
    'superseded',
    'cessationOfOperation',
  ]),
  at: isoDate,
  result: z.enum(['revoked', 'already-revoked']),
  signedWith: z.enum(['certificate-key', 'account-key']),
});

export const manifestSchema = z.object({
  version: z.literal(1),
  name: z.string().min(1),
  domains: z.array(z.string().min(1)).min(1),
  keyType: z.enum(KEY_TYPES),
  profile: z.string().optional(),
  serial: hex,
  notBefore: isoDate,
  notAfter: isoDate,
  issuer: z.string(),
  acmeDirectory: z.url().optional(),
  certificateSha256: sha256,
  publicKeySha256: sha256,
  ariCertId: z.string().optional(),
  ari: ariWindowSchema.optional(),
  issuedAt: isoDate,
  replaces: hex.optional(),
  recipients: z.array(z.string()).min(1),
  privateKeySha256: sha256,
  history: z.array(issuanceRecord).optional(),
  dane: z
    .object({
      nextPublicKeySha256: sha256,
      nextKeySha256: sha256,
      tlsa: z.object({ current: z.string(), next: z.string() }),
    })
    .optional(),
  revocations: z.array(revocationRecord).max(100).optional(),
  backoff: z
    .object({
      failures: z.number().int().nonnegative(),
      lastError: z.string(),
      lastAt: isoDate,
      nextAttemptAt: isoDate,
    })
    .optional(),
});

/** The order keys are written in: what a reviewer reads first comes first. */
const KEY_ORDER: (keyof Manifest)[] = [
  'version',
  'name',
  'domains',
  'keyType',
  'profile',
  'serial',
  'notBefore',
  'notAfter',
  'issuer',
  'acmeDirectory',
  'certificateSha256',
  'publicKeySha256',
  'ariCertId',
  'ari',
  'issuedAt',
  'replaces',
  'recipients',
  'privateKeySha256',
  'history',
  'dane',
  'revocations',
  'backoff',
];

/** Stable JSON: fixed key order (nested objects sorted), two-space indent, LF, final newline. */
export function serializeManifest(manifest: Manifest): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    if (manifest[key] !== undefined) ordered[key] = sortKeys(manifest[key]);
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Parses and checks a manifest; the error names the file and every field that is wrong. */
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${errorMessage(error)})`);
  }
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file}: ${problems.join('; ')}`);
  }
  return result.data as Manifest;
}
