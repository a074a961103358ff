/**
 * The benchmark fleet's host count (testbed/services/fleet-hosts.sh, CERTFLOW_TESTBED_HOSTS): a bad
 * value is refused before anything starts, an unset one adds nothing to the bed, and the bed
 * claims exactly the fleet's ports so up.sh refuses to start over something else listening there.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/action-runner.js';

const SCRIPT = join(ROOT, 'testbed', 'services', 'fleet-hosts.sh');
const state = mkdtempSync(join(tmpdir(), 'certflow-fleet-unit-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

function run(args: string[], hosts: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, CERTFLOW_TESTBED_DIR: state };
  delete env.CERTFLOW_TESTBED_HOSTS;
  if (hosts !== undefined) env.CERTFLOW_TESTBED_HOSTS = hosts;
  return spawnSync('bash', args, { env, encoding: 'utf8', timeout: 20_000 });
}

describe('fleet-hosts service', () => {
  it.each(['51', '500', 'abc', '-1', '1e2', ' 5', '5;id', '0x10', '1000'])(
    'refuses CERTFLOW_TESTBED_HOSTS=%j before doing anything',
    (value) => {
      const r = run([SCRIPT, 'configure'], value);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`CERTFLOW_TESTBED_HOSTS='${value}'`);
      expect(r.stderr).toContain('from 0 to 50');
      expect(readdirSync(state)).toEqual([]);
    },
  );

  it('tells the tests nothing when unset or when no fleet runs', () => {
    for (const value of [undefined, '', '0', '3']) {
      const r = run([SCRIPT, 'env'], value);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
    }
  });

  it('claims ports 22 and 443 of 127.0.1.1..N only when N hosts are asked for', () => {
    const ports = (value: string | undefined) =>
      run(['-c', `source ${join(ROOT, 'testbed', 'lib.sh')}; printf '%s\\n' "\${BED_PORTS[@]}"`], value)
        .stdout.split('\n')
        .filter((l) => l.includes('127.0.1.'));
    expect(ports(undefined)).toEqual([]);
    expect(ports('abc')).toEqual([]);
    const three = ports('3');
    expect(three).toHaveLength(6);
    expect(three).toContain('tcp 127.0.1.3 443');
    expect(three).not.toContain('tcp 127.0.1.4 22');
    expect(ports('50')).toContain('tcp 127.0.1.50 22');
  });
});
