/** The webhook against a real HTTP receiver on loopback: what it sends, when, and how it fails. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendAlerts } from '../../src/alert/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { FAKE_KEY, partialFailure, success } from '../fixtures/report/reports.js';
import { testSettings } from '../fixtures/report/settings.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** Statuses to answer with, in order; 200 when empty. */
let answers: number[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const status = answers.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? 'ok' : 'no_service');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  received.length = 0;
  answers = [];
});

const secretPath = `/services/T000/B000/${Math.random().toString(36).slice(2)}`;
const opts = { webhookRetryDelayMs: 50 };

describe('webhook', () => {
  it('on failure: POSTs JSON with Slack text and the structured report, no key inside', async () => {
    const log = new MemoryLogger();
    const result = await sendAlerts(
      testSettings({ webhookUrl: base + secretPath }),
      partialFailure(),
      log,
      opts,
    );
    expect(result.webhook).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r?.method).toBe('POST');
    expect(r?.path).toBe(secretPath);
    expect(r?.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(r?.body ?? '{}');
    expect(payload.text.split('\n')[0]).toBe(':x: certflow renew: 2 failed (1 certificate, 1 host)');
    expect(payload.ok).toBe(false);
    expect(payload.report.issued.map((i: { name: string }) => i.name)).toEqual(['www', 'api']);
    expect(r?.body).not.toContain(FAKE_KEY.split('\n')[1]);
    expect(log.lines.join('\n')).not.toContain(secretPath);
  });

  it('a green run posts nothing, unless webhook-always', async () => {
    await sendAlerts(testSettings({ webhookUrl: base + secretPath }), success(), new MemoryLogger(), opts);
    expect(received).toHaveLength(0);
    await sendAlerts(
      testSettings({ webhookUrl: base + secretPath, webhookAlways: true }),
      success(),
      new MemoryLogger(),
      opts,
    );
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]?.body ?? '{}').ok).toBe(true);
  });

  it('a 5xx is retried once; a 4xx is not; either way only a warning naming the origin', async () => {
    answers = [503, 200];
    const ok = await sendAlerts(
      testSettings({ webhookUrl: base + secretPath }),
      partialFailure(),
      new MemoryLogger(),
      opts,
    );
    expect(ok.webhook).toMatchObject({ ok: true, attempts: 2 });
    received.length = 0;
    answers = [404];
    const log = new MemoryLogger();
    const refused = await sendAlerts(
      testSettings({ webhookUrl: base + secretPath }),
      partialFailure(),
      log,
      opts,
    );
    expect(refused.webhook).toMatchObject({ ok: false, status: 404, attempts: 1 });
    expect(received).toHaveLength(1);
    const warning = log.lines.find((l) => l.startsWith('warn: webhook'));
    expect(warning).toContain(`POST to ${base} answered HTTP 404: no_service`);
    expect(warning).not.toContain(secretPath);
  });

  it('nobody listening, or no answer in time: a warning, and the run goes on', async () => {
    // A port that was just free: listen, note it, close.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const log = new MemoryLogger();
    const down = await sendAlerts(
      testSettings({ webhookUrl: `http://127.0.0.1:${freePort}${secretPath}` }),
      partialFailure(),
      log,
      opts,
    );
    expect(down.webhook?.ok).toBe(false);
    expect(log.lines.find((l) => l.startsWith('warn: webhook'))).toContain('ECONNREFUSED');

    // A receiver that accepts and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const log2 = new MemoryLogger();
    const slow = await sendAlerts(
      testSettings({ webhookUrl: `http://127.0.0.1:${port}/x` }),
      partialFailure(),
      log2,
      {
        ...opts,
        webhookTimeoutMs: 300,
      },
    );
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
    expect(slow.webhook).toMatchObject({ ok: false, attempts: 2 });
    expect(log2.lines.find((l) => l.startsWith('warn: webhook'))).toContain('no answer in time');
  });
});
