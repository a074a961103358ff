/**
 * `check` with metrics on the bed's mail host: nginx, Postfix (STARTTLS smtp) and Dovecot
 * (STARTTLS imap) each serve the stored certificate; check probes all three ports, writes the
 * exposition (promtool must accept it) and pushes it to a local server that enforces the
 * Pushgateway API shape. A gateway that refuses the push fails the run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/commands/check.js';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { deployTargets } from '../../src/deploy/index.js';
import type { IssuedCertificate } from '../../src/model.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { ninetyDay } from '../fixtures/report/certs.js';
import { baseConfig, testSettings } from '../fixtures/report/settings.js';
import { type KindHost, kindTarget, loadKind } from '../support/kinds.js';
import { requirePrograms } from '../support/programs.js';
import { promtoolCheckMetrics } from '../support/promtool.js';

let mail: KindHost;
let workspace: string;
let stored: IssuedCertificate;
let target: SshTargetConfig;
let gateway: Server;
let gatewayUrl: string;
let refuse = false;
const pushes: Array<{ method?: string; path?: string; type?: string; body: string }> = [];

beforeAll(async () => {
  requirePrograms('promtool');
  mail = loadKind('mail');
  const name = mail.env.SERVERNAME as string;
  target = kindTarget(mail, {
    verify: { enabled: true, port: 443, servername: name },
    services: [
      { name: 'nginx', validate: 'nginx -t', reload: 'nginx -s reload' },
      {
        name: 'postfix',
        validate: 'postfix check',
        reload: 'postfix reload',
        verify: { enabled: true, port: 25, starttls: 'smtp', servername: name },
      },
      {
        name: 'dovecot',
        validate: 'doveconf -n >/dev/null',
        reload: 'doveadm reload',
        verify: { enabled: true, port: 143, starttls: 'imap', servername: name },
      },
    ],
  });
  stored = await ninetyDay('mail', [name], 60);
  const [deployed] = await deployTargets(
    { mail: target },
    [{ target: 'mail', bundles: [{ ...stored, certificateSha256: leafFacts(stored.fullchainPem).sha256 }] }],
    new MemoryLogger(),
    { concurrency: 1 },
  );
  expect(deployed?.ok, deployed?.message).toBe(true);

  workspace = await mkdtemp(join(tmpdir(), 'certflow-metrics-'));
  const recipient = await identityToRecipient(await generateX25519Identity());
  await writeBundle(join(workspace, 'certificates'), await sealBundle(stored, [recipient]));
  await writeFile(join(workspace, 'pinned.pem'), stored.fullchainPem);

  gateway = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    pushes.push({ method: req.method, path: req.url, type: req.headers['content-type'], body });
    const shape =
      req.method === 'PUT' && /^\/metrics\/job\/[^/]+(\/[a-zA-Z_]\w*\/[^/]+)*$/.test(req.url ?? '');
    if (refuse || !shape) res.writeHead(refuse ? 500 : 405).end('not accepted');
    else res.writeHead(promtoolCheckMetrics(body).code === 0 ? 200 : 400).end();
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (workspace) await rm(workspace, { recursive: true, force: true });
  await new Promise<void>((r) => (gateway ? gateway.close(() => r()) : r()));
});

const settings = (over: Parameters<typeof testSettings>[0] = {}) =>
  testSettings({
    command: 'check',
    workspace,
    config: baseConfig({
      store: {
        path: 'certificates',
        recipients: ['age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'],
        trust: ['pinned.pem'],
      },
      certificates: {
        mail: { domains: [mail.env.SERVERNAME as string], key: 'ecdsa-p256', dns: 'none', targets: ['mail'] },
      },
      targets: { mail: target },
    }),
    ...over,
  });

describe('check --metrics on the mail host', () => {
  it('probes 443, 25 (STARTTLS smtp) and 143 (STARTTLS imap), writes valid metrics and pushes the same', async () => {
    const file = join(workspace, 'out', 'certflow-check.prom');
    const outcome = await checkCommand(
      settings({ metricsPath: file, pushgatewayUrl: gatewayUrl }),
      new MemoryLogger(),
    );
    const checks = outcome.report?.checks ?? [];
    expect(checks.map((c) => `${c.port} ${c.status}`)).toEqual(['443 ok', '25 ok', '143 ok']);
    expect(outcome.ok).toBe(true);
    const text = await readFile(file, 'utf8');
    const lint = promtoolCheckMetrics(text);
    expect(lint, lint.output).toMatchObject({ code: 0 });
    for (const port of [443, 25, 143]) {
      const where = `certificate="mail",target="mail",host="${mail.addr}",port="${port}"`;
      const expiry = Number(
        / (\S+)$/.exec(
          text
            .split('\n')
            .find((l) => l.startsWith(`certflow_served_certificate_expiry_seconds{${where}}`)) ?? '',
        )?.[1],
      );
      expect(Math.abs(expiry - 60 * 86400)).toBeLessThan(600);
      expect(text).toContain(`certflow_served_matches_stored{${where}} 1`);
    }
    expect(text).toContain('certflow_last_run_success{command="check"} 1');
    expect(pushes.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/metrics/job/certflow/command/check',
      body: text,
    });
    expect(pushes.at(-1)?.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('a Pushgateway that refuses the push fails the run, saying so', async () => {
    refuse = true;
    try {
      const outcome = await checkCommand(settings({ pushgatewayUrl: gatewayUrl }), new MemoryLogger());
      expect(outcome.ok).toBe(false);
      expect(outcome.report?.errors.map((e) => e.message)).toContain(
        `pushgateway ${gatewayUrl} answered 500: not accepted`,
      );
    } finally {
      refuse = false;
    }
  });
});
