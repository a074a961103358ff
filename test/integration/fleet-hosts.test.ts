/**
 * The benchmark fleet (testbed/services/fleet-hosts.sh) when the bed has one: the first, a middle
 * and the last host each serve their own placeholder over TLS and take the bed's SSH key with
 * their pinned host key. Skipped, with the reason, on a bed started without CERTFLOW_TESTBED_HOSTS.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchServedCertificate } from '../../src/util/tls.js';
import { loadFleet } from '../support/fleet.js';
import { loadTestbed, run } from '../support/testbed.js';

const bed = loadTestbed();
const fleet = loadFleet(bed.dir);
const missing = 'missing' in fleet ? fleet.missing : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'certflow-fleet-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(missing)(`fleet hosts${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const hosts = 'hosts' in fleet ? fleet.hosts : [];
  const picks = [...new Set([0, Math.floor(hosts.length / 2), hosts.length - 1])].map((i) => ({
    addr: hosts[i] as string,
    name: `fleet${i + 1}`,
  }));

  it.each(picks)('$name ($addr) serves its own placeholder over TLS', async ({ addr, name }) => {
    const served = await fetchServedCertificate({
      host: addr,
      port: 443,
      servername: 'www.certflow.test',
      timeoutMs: 5000,
    });
    expect(new X509Certificate(served.pem).subject).toContain(`placeholder on ${name}`);
  });

  it.each(picks)('$name ($addr) takes the bed key only with its pinned host key', async ({ addr, name }) => {
    const known = 'knownHosts' in fleet ? fleet.knownHosts : '';
    const lines = known.split('\n').filter(Boolean);
    const own = lines.find((l) => l.startsWith(`${addr} `)) ?? '';
    expect(own).toMatch(/ ssh-ed25519 /);
    const ssh = (knownHostsFile: string) =>
      run('ssh', [
        ...['-F', '/dev/null', '-i', bed.ssh.key, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'],
        ...['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHostsFile}`],
        ...['-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=5', `root@${addr}`, 'hostname'],
      ]);
    const pinned = join(scratch, `${name}.known`);
    writeFileSync(pinned, `${own}\n`);
    const r = await ssh(pinned);
    expect(r.stdout.trim(), r.stderr).toBe(name);
    // Another fleet host's key pinned for this address: refused, so each host has a key of its own.
    const other = lines.find((l) => !l.startsWith(`${addr} `)) ?? '';
    const forged = join(scratch, `${name}.forged`);
    writeFileSync(forged, `${addr} ${other.split(' ').slice(1).join(' ')}\n`);
    const wrong = await ssh(forged);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });
});
