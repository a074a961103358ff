/**
 * A Pushgateway that is not on our side, on loopback: one that quotes the credential back (raw,
 * decoded, or as the Basic header it got), redirects the push elsewhere, answers an error page of
 * 64 MiB, drips its answer forever, or writes workflow commands into its error text. The run's
 * error must carry none of the credential, nothing is sent to the redirect target, memory and time
 * stay bounded, and no workflow command can start. The alert webhook reads its error page the
 * same bounded way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookPayload } from '../../src/alert/message.js';
import { postWebhook } from '../../src/alert/webhook.js';
import { metricsSettings } from '../../src/config/metrics.js';
import type { Settings } from '../../src/config/settings.js';
import { Problems } from '../../src/config/values.js';
import type { RunReport } from '../../src/model.js';
import { publishMetrics } from '../../src/pipeline/metrics.js';
import { pushMetrics } from '../../src/report/pushgateway.js';
import { MemoryLogger } from '../../src/util/log.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let gateway: Server;
let base = '';
/** Requests the redirect target got. */
const elsewhere: string[] = [];
let target: Server;
let targetUrl = '';

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  gateway = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  base = await listen(gateway);
  target = createServer((req, res) => {
    elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end();
  });
  targetUrl = await listen(target);
});

afterAll(async () => {
  gateway.closeAllConnections();
  target.closeAllConnections();
  await Promise.all([gateway, target].map((s) => new Promise((r) => s.close(r))));
});

const USER = 'push@er';
const PASSWORD = 'hunter2:not-in-any-log';
const credUrl = () =>
  base.replace('http://', `http://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@`);

function emptyReport(): RunReport {
  const at = new Date().toISOString();
  return {
    command: 'check',
    dryRun: false,
    startedAt: at,
    finishedAt: at,
    plan: [],
    issued: [],
    deploys: [],
    errors: [],
    warnings: [],
  };
}

/** Settings as the CLI or the Action parse them (the URL's secrets registered on `log`). */
function settingsFor(url: string, log: MemoryLogger): Settings {
  const problems = new Problems();
  const parsed = metricsSettings(undefined, url, '--metrics', '--pushgateway', '/tmp', problems, log);
  return { ...parsed } as Settings;
}

/** The gateway answers 500 with 64 MiB of "A", written as fast as it is read; returns bytes sent. */
function hugeErrorPage(): () => number {
  let sent = 0;
  handler = (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(1 << 20, 'A');
    const more = () => {
      while (sent < 64 << 20) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  };
  return () => sent;
}

describe('a hostile Pushgateway', () => {
  it('quoting the credential back (raw, decoded, as the Basic header) gets none of it into the run', async () => {
    handler = (req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(
        `denied ${req.headers.authorization} for ${USER}:${PASSWORD} (${encodeURIComponent(PASSWORD)}) ${PASSWORD}`,
      );
    };
    const log = new MemoryLogger();
    const report = emptyReport();
    await publishMetrics(settingsFor(credUrl(), log), report, log);
    const said = JSON.stringify(report.errors);
    expect(said).toMatch(/answered 401: denied/);
    const basic = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    for (const leak of [PASSWORD, encodeURIComponent(PASSWORD), basic, 'hunter2'])
      expect(said).not.toContain(leak);
  });

  it('a redirect is not followed: the body and the credential go nowhere else', async () => {
    for (const status of [301, 302, 307, 308]) {
      handler = (_req, res) => {
        res.writeHead(status, { location: `${targetUrl}/steal` });
        res.end();
      };
      const r = await pushMetrics(credUrl(), 'check', 'x 1\n', 2000);
      expect(r.ok).toBe(false);
    }
    expect(elsewhere).toEqual([]);
  });

  it('an error page of 64 MiB is read only as far as it is shown', async () => {
    const sent = hugeErrorPage();
    const r = await pushMetrics(base, 'check', 'x 1\n', 10_000);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/answered 500: A{300}$/) });
    // The client stopped reading: the server got nowhere near the end.
    expect(sent()).toBeLessThan(32 << 20);
  });

  it('an answer that never ends times out', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write('start');
    };
    const started = Date.now();
    const r = await pushMetrics(base, 'check', 'x 1\n', 500);
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('workflow commands and control characters in its words stay on one inert line', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('\n::error::forged\r\n::add-mask::x\u001b[31m');
    };
    const r = await pushMetrics(base, 'check', 'x 1\n', 2000);
    expect(r.ok).toBe(false);
    const message = (r as { message: string }).message;
    expect(message).not.toMatch(/[\r\n\u001b]/);
    expect(message.startsWith('pushgateway ')).toBe(true);
  });
});

describe('a hostile alert webhook', () => {
  it('an error page of 64 MiB is read only as far as it is shown', async () => {
    const sent = hugeErrorPage();
    const r = await postWebhook(base, {} as WebhookPayload, { timeoutMs: 10_000, retryDelayMs: 0 });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/answered HTTP 500: A{200}$/);
    // Two attempts (500 is retried), each stopped early.
    expect(sent()).toBeLessThan(32 << 20);
  });
});
