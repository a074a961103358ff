/**
 * `verify --base` and DANE, on the bed: a certificate with `dane: true` renewed twice at Pebble. The
 * planned rotation (the key published ahead becomes the certificate's) still asks the reviewer to
 * publish the new next record; a next key swapped in the manifest with no rotation is flagged as
 * unplanned, naming the record that went stale.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model.js';
import { runCliCaptured } from '../support/cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const name = `dv${randomBytes(3).toString('hex')}`;
let ws: Workspace;
const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, encoding: 'utf8' }).trim();
const manifestPath = () => join(ws.dir, 'certificates', name, 'certificate.json');
const manifest = () => JSON.parse(readFileSync(manifestPath(), 'utf8')) as Manifest;

function cli(argv: string[]) {
  return runCliCaptured(argv, { env: { ...ws.env, CERTFLOW_AGE_IDENTITY: ws.identity }, cwd: ws.dir });
}

async function flagsSince(base: string): Promise<string[]> {
  const r = await cli(['verify', name, '--base', base, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { flags: Array<{ message: string }> }).flags.map((f) => f.message);
}

beforeAll(async () => {
  ws = await createWorkspace();
  const text = readFileSync(ws.configPath, 'utf8').replace(
    'certificates:\n',
    `certificates:\n  ${name}: { domains: [${name}.certflow.test], dns: bind, dane: true }\n`,
  );
  writeFileSync(ws.configPath, text);
  git('commit', '-q', '-am', `add ${name}`);
});
afterAll(() => {
  rmSync(ws.dir, { recursive: true, force: true });
  rmSync(ws.origin, { recursive: true, force: true });
});

describe('verify --base flags DANE next-key changes (bed)', () => {
  it('asks to publish the new next record after a planned rotation, and flags an unplanned swap', async () => {
    const first = await cli(['renew', name, '--force', name]);
    expect(first.code, first.stderr).toBe(0);
    git('add', '-A');
    git('commit', '-q', '-m', 'first');
    const base1 = git('rev-parse', 'HEAD');
    const m1 = manifest();
    expect(m1.dane?.tlsa.next).toMatch(/^3 1 1 [0-9a-f]{64}$/);

    const second = await cli(['renew', name, '--force', name]);
    expect(second.code, second.stderr).toBe(0);
    git('add', '-A');
    git('commit', '-q', '-m', 'second');
    const m2 = manifest();
    expect(m2.dane?.tlsa.current).toBe(m1.dane?.tlsa.next);
    const planned = await flagsSince(base1);
    expect(planned).toHaveLength(1);
    expect(planned[0]).toContain(
      'TLSA next key changed (the current key is the one published ahead, as planned)',
    );
    expect(planned[0]).toContain(`publish the new ${m2.dane?.tlsa.next} record`);

    // Nothing DANE-related changed since: no flag.
    expect(await flagsSince(git('rev-parse', 'HEAD'))).toEqual([]);

    // Someone with write access points the next key elsewhere; the certificate is untouched.
    const base2 = git('rev-parse', 'HEAD');
    const forged = 'e'.repeat(64);
    const edited = structuredClone(m2);
    if (!edited.dane) throw new Error('no dane in the manifest');
    edited.dane.nextPublicKeySha256 = forged;
    edited.dane.tlsa.next = `3 1 1 ${forged}`;
    writeFileSync(manifestPath(), `${JSON.stringify(edited, null, 2)}\n`);
    const swapped = await cli(['verify', name, '--base', base2]);
    expect(swapped.stdout).toContain('TLSA next key changed (without the planned rotation');
    expect(swapped.stdout).toContain(
      `the record ${m2.dane?.tlsa.next} published ahead is no longer the next key`,
    );
    git('checkout', '-q', '--', '.');
  }, 120_000);
});
