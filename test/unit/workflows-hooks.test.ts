import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hook = join(import.meta.dirname, '..', '..', 'workflows-examples', 'hooks', 'acm-import.sh');
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const block = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`;

/**
 * The hook runs for real; only the AWS CLI at the far end is a stand-in that answers like ACM
 * (an ARN per line, tags by ARN) and keeps a copy of every file it is handed.
 */
function bed(tags: Record<string, string>) {
  const base = mkdtempSync(join(tmpdir(), 'certflow-acm-'));
  made.push(base);
  const lineage = join(base, 'lineage');
  const bin = join(base, 'bin');
  const seen = join(base, 'seen');
  for (const d of [lineage, bin, seen]) mkdirSync(d);
  writeFileSync(
    join(lineage, 'fullchain.pem'),
    block('LEAF') + block('INTERMEDIATE-1') + block('INTERMEDIATE-2'),
  );
  writeFileSync(
    join(lineage, 'privkey.pem'),
    '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n',
    {
      mode: 0o600,
    },
  );
  const cases = Object.entries(tags)
    .map(([arn, tag]) => `      "${arn}") echo "${tag}" ;;`)
    .join('\n');
  writeFileSync(
    join(bin, 'aws'),
    `#!/usr/bin/env bash
echo "$*" >> "${seen}/calls"
case "$2" in
  list-certificates) echo "${Object.keys(tags).join('\t')}" ;;
  list-tags-for-certificate)
    arn=""; while [ $# -gt 0 ]; do [ "$1" = --certificate-arn ] && arn="$2"; shift; done
    case "$arn" in
${cases}
      *) echo None ;;
    esac ;;
  import-certificate)
    arn="arn:aws:acm:new"; i=0
    for a in "$@"; do
      case "$a" in fileb://*) i=$((i+1)); cp "\${a#fileb://}" "${seen}/file-$i" ;; esac
      [ "$prev" = --certificate-arn ] && arn="$a"; prev="$a"
    done
    echo "$arn" ;;
esac
`,
  );
  chmodSync(join(bin, 'aws'), 0o755);
  const run = (env: Record<string, string> = {}) =>
    spawnSync('bash', [hook], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        RENEWED_LINEAGE: lineage,
        RENEWED_DOMAINS: 'www.example.org example.org',
        AWS_REGION: 'eu-west-1',
        ...env,
      },
    });
  const calls = () => readFileSync(join(seen, 'calls'), 'utf8');
  const file = (i: number) => readFileSync(join(seen, `file-${i}`), 'utf8');
  return { lineage, run, calls, file };
}

describe('workflows-examples/hooks/acm-import.sh', () => {
  it('re-imports into the ACM certificate tagged with the name, leaf and chain apart', () => {
    const b = bed({ 'arn:aws:acm:other': 'api.example.org', 'arn:aws:acm:www': 'www.example.org' });
    const r = b.run();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('imported as arn:aws:acm:www in eu-west-1');
    const importLine =
      b
        .calls()
        .split('\n')
        .find((l) => l.startsWith('acm import-certificate')) ?? '';
    expect(importLine).toContain('--certificate-arn arn:aws:acm:www');
    expect(importLine).not.toContain('--tags'); // ACM refuses tags on a re-import
    expect(b.file(1)).toBe(block('LEAF'));
    expect(b.file(2)).toContain('PRIVATE KEY');
    expect(b.file(3)).toBe(block('INTERMEDIATE-1') + block('INTERMEDIATE-2'));
  });

  it('imports a new certificate, tagged for next time, when none matches', () => {
    const b = bed({ 'arn:aws:acm:other': 'api.example.org' });
    const r = b.run({ CERTFLOW_CERTIFICATE: 'www' });
    expect(r.status).toBe(0);
    const importLine =
      b
        .calls()
        .split('\n')
        .find((l) => l.startsWith('acm import-certificate')) ?? '';
    expect(importLine).not.toContain('--certificate-arn');
    expect(importLine).toContain('--tags Key=certflow-name,Value=www Key=managed-by,Value=certflow');
    expect(r.stdout).toContain('imported as arn:aws:acm:new');
  });

  it('uses ACM_CERTIFICATE_ARN without looking anything up', () => {
    const b = bed({});
    const r = b.run({ ACM_CERTIFICATE_ARN: 'arn:aws:acm:given' });
    expect(r.status).toBe(0);
    expect(b.calls()).not.toContain('list-certificates');
    expect(b.calls()).toContain('--certificate-arn arn:aws:acm:given');
  });

  it('says what to fix when the key was not handed over', () => {
    const b = bed({});
    writeFileSync(join(b.lineage, 'privkey.pem'), '');
    const r = b.run();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/privkey\.pem is missing or empty \(is needs-key: true set/);
  });
});
