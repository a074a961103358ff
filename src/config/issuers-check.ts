/**
 * `acme.issuers` against the rest of `acme` (issue 19): the list either follows the top-level CA
 * (when `acme.account-key` is set) or stands alone, and every CA appears once. A config that
 * leaves it unclear which CA comes first, or whose key a setting belongs to, is refused at the line.
 */
import type { Problem } from '../util/errors.js';
import { problemAt, type SourceFile } from './issues.js';
import { directoryByName, ENV_REF, type RawConfig } from './schema.js';

export function issuerProblems(src: SourceFile, config: RawConfig): Problem[] {
  const acme = config.acme;
  if (!acme.issuers) return [];
  const problems: Problem[] = [];
  const standalone = acme['account-key'] === undefined;
  if (standalone && src.doc.hasIn(['acme', 'directory'])) {
    problems.push(
      problemAt(
        src,
        ['acme', 'directory'],
        'acme.issuers lists the CAs, and acme.directory has no acme.account-key: set acme.account-key to make acme.directory the first CA (the issuers follow it), or remove acme.directory and list that CA under acme.issuers',
        { atKey: true },
      ),
    );
  }
  if (!standalone && !src.doc.hasIn(['acme', 'directory'])) {
    // The default (letsencrypt) would silently become the first CA, ahead of the list.
    problems.push(
      problemAt(
        src,
        ['acme', 'account-key'],
        'with acme.issuers, acme.account-key is the key of acme.directory, the first CA: write acme.directory too (it would default to letsencrypt), or move the key into acme.issuers',
        { atKey: true },
      ),
    );
  }
  if (standalone && acme['external-account-binding']) {
    problems.push(
      problemAt(
        src,
        ['acme', 'external-account-binding'],
        'this binding belongs to no CA: with acme.issuers alone, put it under the issuer it is for (acme.issuers[N].external-account-binding)',
        { atKey: true },
      ),
    );
  }
  // The same CA twice would only order from it twice; a reference is compared as written.
  const seen = new Map<string, string>();
  const key = (d: string) => (ENV_REF.test(d) ? d : (directoryByName(d) ?? d).replace(/\/+$/, ''));
  if (!standalone) seen.set(key(acme.directory), 'acme.directory');
  acme.issuers.forEach((issuer, i) => {
    const k = key(issuer.directory);
    const before = seen.get(k);
    if (before) {
      problems.push(
        problemAt(
          src,
          ['acme', 'issuers', i, 'directory'],
          `${issuer.directory} is already the CA of ${before}; list each CA once (the order of the list is the order they are tried in)`,
        ),
      );
    } else seen.set(k, `acme.issuers[${i}]`);
  });
  return problems;
}
