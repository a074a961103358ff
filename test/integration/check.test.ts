/**
 * `command: check` against the bed's nginx hosts. Each test host gets its own server block for a
 * unique name (conf.d, removed afterwards), so the www/api sites other tests use are untouched:
 * host1 serves the stored certificate, host2 a different fresh one, host3 one with 1 day of 90
 * left; a fourth "host" is a closed port on loopback.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/commands/check.js';
import type { CheckResult, IssuedCertificate } from '../../src/model.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { type BedSite, bedSite } from '../fixtures/report/bed-site.js';
import { ninetyDay } from '../fixtures/report/certs.js';
import { readGfm, visible } from '../fixtures/report/gfm.js';
import { baseConfig, testSettings } from '../fixtures/report/settings.js';
import { bedTarget } from '../support/certs.js';
import { loadTestbed, type Testbed } from '../support/testbed.js';

const label = `check-${randomBytes(4).toString('hex')}`;
const domain = `${label}.certflow.test`;

let bed: Testbed;
let site: BedSite;
let workspace: string;
let closedPort: number;
let stored: IssuedCertificate;
let other: IssuedCertificate;
let stale: IssuedCertificate;
let receiver: Server;
let recipient: string;
let webhookUrl: string;
const posts: string[] = [];

beforeAll(async () => {
  bed = loadTestbed();
  site = bedSite(bed, label);
  const serve = site.serve;
  stored = await ninetyDay(label, [domain], 60);
  other = await ninetyDay(label, [domain], 60);
  stale = await ninetyDay(label, [domain], 1);
  const [h1, h2, h3] = bed.hosts;
  if (!h1 || !h2 || !h3) throw new Error('the bed needs three hosts');
  await Promise.all([serve(h1.addr, stored), serve(h2.addr, other), serve(h3.addr, stale)]);

  workspace = await mkdtemp(join(tmpdir(), 'certflow-check-'));
  recipient = await identityToRecipient(await generateX25519Identity());
  await writeBundle(join(workspace, 'certificates'), await sealBundle(stored, [recipient]));
  // The served certificates are self-signed: pinned as roots of their own (store.trust), so these
  // tests judge freshness and sameness; the untrusted case has its own test (verify-forgeries).
  await writeFile(join(workspace, 'pinned.pem'), [stored, other, stale].map((c) => c.fullchainPem).join(''));

  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));

  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    posts.push(Buffer.concat(chunks).toString());
    res.end('ok');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  // Leave the hosts as found: our server block and files go, nginx reloads without them.
  await site?.remove();
  if (workspace) await rm(workspace, { recursive: true, force: true });
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

function settings(over: Parameters<typeof testSettings>[0] = {}) {
  const web = bedTarget(bed, { verify: { enabled: true, port: 443 } });
  return testSettings({
    command: 'check',
    workspace,
    webhookUrl,
    config: baseConfig({
      store: { path: 'certificates', recipients: [recipient], trust: ['pinned.pem'] },
      certificates: {
        [label]: { domains: [domain], key: 'ecdsa-p256', dns: 'none', targets: ['web', 'down'] },
      },
      targets: {
        web,
        down: { ...web, hosts: ['127.0.0.1'], verify: { enabled: true, port: closedPort } },
      },
    }),
    ...over,
  });
}

describe('command check on the bed', () => {
  let checks: CheckResult[] = [];
  let outcome: Awaited<ReturnType<typeof checkCommand>>;

  beforeAll(async () => {
    outcome = await checkCommand(settings(), new MemoryLogger());
    checks = outcome.report?.checks ?? [];
  });

  const at = (host: string) => checks.find((c) => c.host === host);

  it('finds the host serving the stored certificate good', () => {
    const c = at(bed.hosts[0]?.addr ?? '');
    expect(c).toMatchObject({ ok: true, status: 'ok', servername: domain, port: 443 });
    expect(c?.served?.sha256).toBe(leafFacts(stored.fullchainPem).sha256);
    expect(c?.remaining).toBeGreaterThan(0.6);
  });

  it('fails the host serving another certificate, naming both serials', () => {
    const c = at(bed.hosts[1]?.addr ?? '');
    expect(c).toMatchObject({ ok: false, status: 'mismatch' });
    expect(c?.message).toContain(
      `serves serial ${leafFacts(other.fullchainPem).serial}, not the stored ${leafFacts(stored.fullchainPem).serial}`,
    );
  });

  it('fails the host whose certificate is inside the emergency share (1 day of 90 < 5%)', () => {
    const c = at(bed.hosts[2]?.addr ?? '');
    expect(c).toMatchObject({ ok: false, status: 'expiring' });
    expect(c?.message).toMatch(
      /^(24 h|1 day|2\d h) left \(1% of its lifetime\), below the emergency point of 5% of its lifetime/,
    );
  });

  it('fails an endpoint that does not answer, with the reason', () => {
    const c = at('127.0.0.1');
    expect(c).toMatchObject({ ok: false, status: 'unreachable', port: closedPort });
    expect(c?.message).toContain('ECONNREFUSED');
  });

  it('the run fails, outputs name each failure, the summary shows the table and reads well', () => {
    expect(outcome.ok).toBe(false);
    expect(JSON.parse(outcome.outputs.failed ?? '[]')).toEqual([
      `${label}@127.0.0.12`,
      `${label}@127.0.0.13`,
      `${label}@127.0.0.1`,
    ]);
    const md = outcome.summary ?? '';
    expect(md.split('\n')[0]).toBe(`## ❌ certflow check: 3 failed (3 checks)`);
    const gfm = readGfm(md);
    expect(gfm.problems).toEqual([]);
    expect(gfm.tables[0]?.header).toEqual([
      'Host',
      'Certificate',
      'Served serial',
      'Expires',
      'Lifetime left',
      'Result',
    ]);
    expect(gfm.tables[0]?.rows.map((r) => r[5])).toEqual([
      '✅ ok',
      '❌ mismatch',
      '❌ expiring',
      '❌ unreachable',
    ]);
    expect(gfm.summaries.map(visible)).toEqual([
      `❌ ${label} on 127.0.0.12: mismatch`,
      `❌ ${label} on 127.0.0.13: expiring`,
      `❌ ${label} on 127.0.0.1: unreachable`,
    ]);
    expect(outcome.text).toContain('Served certificates');
  });

  it('alerts: the webhook got the failure', () => {
    expect(posts).toHaveLength(1);
    const payload = JSON.parse(posts[0] ?? '{}');
    expect(payload.ok).toBe(false);
    expect(payload.text).toContain(`${label} on 127.0.0.13: `);
    expect(payload.report.checks).toHaveLength(4);
  });

  it('limited to the good host, the check passes and sends nothing', async () => {
    posts.length = 0;
    const s = settings();
    const web = s.config.targets['web'];
    if (web?.type !== 'ssh') throw new Error('web is ssh');
    web.hosts = [bed.hosts[0]?.addr ?? ''];
    s.config.certificates[label] = { domains: [domain], key: 'ecdsa-p256', dns: 'none', targets: ['web'] };
    const good = await checkCommand(s, new MemoryLogger());
    expect(good.ok).toBe(true);
    expect(good.summary?.split('\n')[0]).toBe(
      '## ✅ certflow check: all 1 served certificate fresh and as stored',
    );
    expect(posts).toHaveLength(0);
  });
});
