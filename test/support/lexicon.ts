/**
 * A HOME for the lexicon CLI in tests. Lexicon splits the domain with tldextract, which fetches the
 * public suffix list from the internet unless its cache holds it. Here the cache is seeded from
 * tldextract's own bundled snapshot, plus `test` (the bed's zones are *.test, which the real list
 * does not know), so lexicon runs offline. And a `lexicon` wrapper first in PATH points every
 * non-loopback HTTP(S) request at a closed loopback port: if the cache were ever missed, the fetch
 * fails here instead of leaving the machine.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// tldextract 3.1 writes its parsed list under "urls" (not under its own namespace), so it reads
// the URL cache every time: both are seeded, which also covers versions without that quirk.
const SEED = `
import pkgutil, sys
from tldextract.cache import DiskCache
from tldextract.suffix_list import extract_tlds_from_suffix_list
from tldextract.tldextract import PUBLIC_SUFFIX_LIST_URLS
text = '// certflow test bed\\ntest\\n' + pkgutil.get_data('tldextract', '.tld_set_snapshot').decode('utf-8')
cache = DiskCache(sys.argv[1])
for url in PUBLIC_SUFFIX_LIST_URLS:
    cache.set('urls', {'url': url}, text)
public, private = extract_tlds_from_suffix_list(text)
cache.set('publicsuffix.org-tlds', {'urls': PUBLIC_SUFFIX_LIST_URLS, 'fallback_to_snapshot': True}, [public, private])
`;

const WRAPPER = `#!/bin/sh
# Test guard: lexicon may reach loopback only.
HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
export HTTPS_PROXY HTTP_PROXY NO_PROXY
exec /usr/bin/lexicon "$@"
`;

export interface LexiconHome {
  /** HOME for the provider's child environment. */
  home: string;
  /** PATH with the guarded wrapper first. */
  path: string;
  /** Whether the seeded cache is still ours (a fetch would have replaced it). */
  seeded(): boolean;
  close(): void;
}

export function lexiconHome(): LexiconHome {
  const home = mkdtempSync(path.join(tmpdir(), 'certflow-lexicon-'));
  const cache = path.join(home, '.lexicon_tld_set');
  execFileSync('/usr/bin/python3', ['-c', SEED, cache], { stdio: 'pipe' });
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'lexicon'), WRAPPER);
  chmodSync(path.join(bin, 'lexicon'), 0o700);
  const urlsDir = path.join(cache, 'urls');
  return {
    home,
    path: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    seeded: () =>
      execFileSync('find', [urlsDir, '-name', '*.tldextract.json'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .every((f) => readFileSync(f, 'utf8').startsWith('"// certflow test bed')),
    close: () => rmSync(home, { recursive: true, force: true }),
  };
}
