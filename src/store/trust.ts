/**
 * The roots a stored certificate may chain to: Node's bundled roots, plus the PEM files listed in
 * `acme.trust` and `store.trust` (a private or test CA). Nothing else is trusted: a bundle that
 * anyone could make from the public age recipient must still be signed by one of these.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import { splitPemChain } from '../util/x509.js';

export interface TrustAnchors {
  roots: X509Certificate[];
  /** Where the extra roots came from, for messages ("acme.trust: ca.pem"). */
  sources: string[];
}

let bundled: X509Certificate[] | undefined;

/** Node's bundled roots, parsed once per process. */
function bundledRoots(): X509Certificate[] {
  bundled ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return bundled;
}

/** Parses every certificate of a PEM file; the error names the config field and the file. */
export function parseRoots(pem: string, where: string): X509Certificate[] {
  const blocks = splitPemChain(pem);
  if (blocks.length === 0) throw new Error(`${where}: no PEM certificate in the file`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(`${where}: certificate ${i + 1} does not parse (${errorMessage(error)})`);
    }
  });
}

/** Bundled roots plus the extra ones of the config; throws naming the field when a file is unreadable. */
export async function loadTrustAnchors(
  settings: Pick<Settings, 'workspace' | 'config'>,
): Promise<TrustAnchors> {
  const roots = [...bundledRoots()];
  const sources: string[] = [];
  const fields: Array<[string, string[] | undefined]> = [
    ['acme.trust', settings.config.acme?.trust],
    ['store.trust', settings.config.store?.trust],
  ];
  for (const [field, files] of fields) {
    for (const file of files ?? []) {
      const full = resolve(settings.workspace, file);
      let text: string;
      try {
        text = await readFile(full, 'utf8');
      } catch (error) {
        throw new Error(
          `${field}: cannot read ${file} (${full}): ${errorMessage(error)}; list PEM files relative to the repository root`,
        );
      }
      roots.push(...parseRoots(text, `${field}: ${file}`));
      sources.push(`${field}: ${file}`);
    }
  }
  return { roots, sources };
}

/** Only Node's bundled roots plus the given PEM texts (tests, and callers that already hold the roots). */
export function trustAnchorsOf(extraPems: string[]): TrustAnchors {
  return {
    roots: [...bundledRoots(), ...extraPems.flatMap((pem, i) => parseRoots(pem, `extra root ${i + 1}`))],
    sources: [],
  };
}
