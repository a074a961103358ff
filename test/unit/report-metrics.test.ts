/**
 * The metrics exposition, checked by promtool (the Prometheus project's own parser and linter),
 * and the Pushgateway client against a local HTTP server that enforces the Pushgateway API shape.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/model.js';
import { renderMetrics } from '../../src/report/metrics.js';
import { PUSH_CONTENT_TYPE, pushMetrics } from '../../src/report/pushgateway.js';
import { requirePrograms } from '../support/programs.js';
import { promtoolCheckMetrics } from '../support/promtool.js';

const now = new Date('2026-12-02T10:00:00Z');
const day = 86400;

function report(over: Partial<RunReport> = {}): RunReport {
  return {
    command: 'check',
    dryRun: false,
    startedAt: '2026-12-02T09:59:58Z',
    finishedAt: '2026-12-02T10:00:00Z',
    plan: [],
    issued: [],
    deploys: [],
    errors: [],
    warnings: [],
    checks: [
      {
        certificate: 'www',
        target: 'web',
        host: 'web1.example.com',
        address: 'web1.example.com',
        port: 443,
        servername: 'www.example.com',
        ok: true,
        status: 'ok',
        message: '',
        served: {
          serial: '01',
          notBefore: '2026-11-01T10:00:00Z',
          notAfter: '2027-01-31T10:00:00Z',
          sha256: 'aa',
          issuer: 'CN=x',
          names: [],
        },
        stored: { serial: '01', notAfter: '2027-01-31T10:00:00Z', sha256: 'aa' },
        durationMs: 5,
      },
      {
        certificate: 'mail',
        target: 'mail',
        host: 'mx1.example.com',
        address: 'mx1.example.com',
        port: 25,
        servername: 'mail.example.com',
        ok: false,
        status: 'expiring',
        message: '',
        served: {
          serial: '02',
          notBefore: '2026-09-01T10:00:00Z',
          notAfter: '2026-12-12T10:00:00Z',
          sha256: 'bb',
          issuer: 'CN=x',
          names: [],
        },
        stored: { serial: '03', notAfter: '2027-03-01T10:00:00Z', sha256: 'cc' },
        durationMs: 5,
      },
      {
        certificate: 'mail',
        target: 'mail',
        host: 'mx2.example.com',
        address: 'mx2.example.com',
        port: 25,
        servername: 'mail.example.com',
        ok: false,
        status: 'unreachable',
        message: 'ECONNREFUSED',
        stored: { serial: '03', notAfter: '2027-03-01T10:00:00Z', sha256: 'cc' },
        durationMs: 5,
      },
    ],
    ...over,
  };
}

const sample = (text: string, name: string, labels: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(`${name}{${labels}}`))
    ?.split(' ')[1];

beforeAll(() => requirePrograms('promtool'));

describe('metrics exposition', () => {
  it('passes promtool and says per certificate and host what is served, stored and whether they match', () => {
    const text = renderMetrics(report(), now, (r) => r.checks?.every((c) => c.ok) ?? true);
    const check = promtoolCheckMetrics(text);
    expect(check, check.output).toMatchObject({ code: 0 });
    const www = 'certificate="www",target="web",host="web1.example.com",port="443"';
    const mx1 = 'certificate="mail",target="mail",host="mx1.example.com",port="25"';
    expect(sample(text, 'certflow_served_certificate_expiry_seconds', www)).toBe(String(60 * day));
    expect(sample(text, 'certflow_served_certificate_expiry_seconds', mx1)).toBe(String(10 * day));
    expect(sample(text, 'certflow_stored_certificate_expiry_seconds', 'certificate="mail"')).toBe(
      String(89 * day),
    );
    expect(sample(text, 'certflow_served_matches_stored', www)).toBe('1');
    expect(sample(text, 'certflow_served_matches_stored', mx1)).toBe('0');
    // Nothing served: no expiry sample (absent, not a made-up value), and no match.
    expect(text).not.toMatch(/certflow_served_certificate_expiry_seconds\{[^}]*mx2/);
    expect(sample(text, 'certflow_served_matches_stored', mx1.replace('mx1', 'mx2'))).toBe('0');
    expect(sample(text, 'certflow_check_ok', `${mx1},status="expiring"`)).toBe('0');
    expect(sample(text, 'certflow_last_run_success', 'command="check"')).toBe('0');
    expect(sample(text, 'certflow_last_run_timestamp_seconds', 'command="check"')).toBe(
      String(now.getTime() / 1000),
    );
    expect(sample(text, 'certflow_last_run_duration_seconds', 'command="check"')).toBe('2');
    // The stored certificate appears once per certificate, not once per host.
    expect(text.match(/^certflow_stored_certificate_expiry_seconds\{certificate="mail"\}/gm)).toHaveLength(1);
  });

  it('says whether the renew schedule still runs, and when it last succeeded (check with renew-workflow)', () => {
    const lastSuccessAt = new Date(now.getTime() - 30 * 3_600_000).toISOString();
    const text = renderMetrics(
      report({
        schedule: { workflow: 'renew.yml', ok: false, message: 'stale', lastSuccessAt, state: 'active' },
      }),
      now,
      () => false,
    );
    const check = promtoolCheckMetrics(text);
    expect(check, check.output).toMatchObject({ code: 0 });
    expect(sample(text, 'certflow_renew_workflow_ok', 'workflow="renew.yml"')).toBe('0');
    expect(
      sample(text, 'certflow_renew_workflow_last_success_timestamp_seconds', 'workflow="renew.yml"'),
    ).toBe(String(Date.parse(lastSuccessAt) / 1000));
    // Without a believable success there is no made-up timestamp.
    const none = renderMetrics(
      report({ schedule: { workflow: 'renew.yml', ok: false, message: 'x' } }),
      now,
      () => false,
    );
    expect(none).not.toContain('certflow_renew_workflow_last_success_timestamp_seconds');
    expect(sample(none, 'certflow_renew_workflow_ok', 'workflow="renew.yml"')).toBe('0');
  });

  it('has per-phase deploy durations', () => {
    const text = renderMetrics(
      report({
        command: 'deploy',
        checks: undefined,
        deploys: [
          {
            target: 'mail',
            host: 'mx1',
            certificates: ['mail'],
            phase: 'done',
            ok: true,
            skipped: false,
            rolledBack: false,
            durationMs: 900,
            timings: { connect: 120, stage: 30, validate: 250, reload: 80, verify: 400 },
          },
        ],
      }),
      now,
      () => true,
    );
    expect(promtoolCheckMetrics(text).code).toBe(0);
    const where = 'target="mail",host="mx1",certificate="mail"';
    expect(sample(text, 'certflow_deploy_phase_duration_seconds', `${where},phase="validate"`)).toBe('0.25');
    expect(sample(text, 'certflow_deploy_ok', where)).toBe('1');
  });

  it('escapes hostile names from the config: no extra line, no extra metric, still valid', () => {
    const r = report();
    const c = r.checks?.[0];
    if (!c) throw new Error('fixture');
    c.host = 'evil"} 1\ncertflow_last_run_success{command="check"} 1\n#';
    c.target = 'back\\slash';
    const text = renderMetrics(r, now, () => false);
    expect(promtoolCheckMetrics(text).code).toBe(0);
    expect(text.match(/^certflow_last_run_success/gm)).toHaveLength(1);
    expect(text).toContain('host="evil\\"} 1\\ncertflow_last_run_success{command=\\"check\\"} 1\\n#"');
    expect(text).toContain('target="back\\\\slash"');
  });
});

/** A Pushgateway stand-in that enforces what the real one does with a push, and keeps what it got. */
interface Push {
  method: string;
  path: string;
  contentType: string;
  authorization?: string;
  body: string;
}
let gateway: Server;
let gatewayUrl: string;
const pushes: Push[] = [];
let answer = 200;

beforeAll(async () => {
  gateway = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const path = req.url ?? '';
    pushes.push({
      method: req.method ?? '',
      path,
      contentType: req.headers['content-type'] ?? '',
      authorization: req.headers.authorization,
      body,
    });
    // The API: PUT|POST /metrics/job/<job>{/<label>/<value>}, a text body that parses.
    // (a route prefix, like --web.route-prefix=/prefix, comes first)
    const shape = /^(\/prefix)?\/metrics\/job\/[^/]+(\/[a-zA-Z_][a-zA-Z0-9_]*\/[^/]+)*$/.test(path);
    const parses = promtoolCheckMetrics(body).code === 0;
    if (
      !['PUT', 'POST'].includes(req.method ?? '') ||
      !shape ||
      !req.headers['content-type']?.startsWith('text/plain')
    ) {
      res.writeHead(405).end('bad push');
      return;
    }
    if (!parses) {
      res.writeHead(400).end('text format parsing error in line 1');
      return;
    }
    res.writeHead(answer).end(answer === 200 ? '' : 'pushgateway says no');
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(() => gateway.close());

describe('pushgateway', () => {
  it('PUTs the exposition to /metrics/job/certflow/command/<command> as text format 0.0.4', async () => {
    const text = renderMetrics(report(), now, () => true);
    expect(await pushMetrics(gatewayUrl, 'check', text)).toEqual({ ok: true });
    expect(pushes.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/metrics/job/certflow/command/check',
      contentType: PUSH_CONTENT_TYPE,
      body: text,
    });
  });

  it('sends user:password from the URL as Basic auth, and never shows them', async () => {
    const text = renderMetrics(report(), now, () => true);
    const url = gatewayUrl.replace('http://', 'http://push%40er:s3cr%3At@');
    expect(await pushMetrics(`${url}/prefix/`, 'check', text)).toEqual({ ok: true });
    const got = pushes.at(-1);
    expect(got?.path).toBe('/prefix/metrics/job/certflow/command/check');
    expect(got?.authorization).toBe(`Basic ${Buffer.from('push@er:s3cr:t').toString('base64')}`);
    answer = 503;
    try {
      const r = await pushMetrics(url, 'check', text);
      expect(r).toMatchObject({ ok: false });
      const message = (r as { message: string }).message;
      expect(message).toBe(`pushgateway ${gatewayUrl} answered 503: pushgateway says no`);
      expect(message).not.toMatch(/s3cr|push%40er/);
    } finally {
      answer = 200;
    }
  });

  it('reports a gateway that refuses the body, and one that is not there', async () => {
    const r = await pushMetrics(gatewayUrl, 'check', 'this is { not metrics\n');
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/answered 400: text format parsing error/),
    });
    const gone = await pushMetrics('http://127.0.0.1:1', 'check', '', 2000);
    expect(gone).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^pushgateway http:\/\/127\.0\.0\.1:1: /),
    });
  });
});
