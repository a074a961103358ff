import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/report/escape.js';
import { reportOk, reportOutputs, writeReportFile } from '../../src/report/outputs.js';
import {
  allFailed,
  dryRun,
  FAKE_KEY,
  hostile,
  nothingDue,
  partialFailure,
  success,
} from '../fixtures/report/reports.js';

const dir = await mkdtemp(join(tmpdir(), 'certflow-report-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('reportOutputs', () => {
  it('success: renewed, deployed hosts (already serving counts), PR and commit', () => {
    expect(reportOutputs(success(), { reportPath: '/tmp/r.json' })).toEqual({
      renewed: '["www","api"]',
      failed: '[]',
      deployed: '["127.0.0.11","127.0.0.12","127.0.0.13"]',
      'commit-sha': '1234567890abcdef1234567890abcdef12345678',
      'pull-request-url': 'https://github.example/acme/infra/pull/42',
      'pull-request-number': '42',
      report: '/tmp/r.json',
    });
    expect(reportOk(success())).toBe(true);
  });

  it('partial failure: the failed certificate and host, the good host deployed', () => {
    const out = reportOutputs(partialFailure());
    expect(JSON.parse(out.failed ?? '')).toEqual(['api', '127.0.0.12']);
    expect(JSON.parse(out.deployed ?? '')).toEqual(['127.0.0.11']);
    expect(JSON.parse(out.renewed ?? '')).toEqual(['www']);
    expect(out['pull-request-url']).toBeUndefined();
    expect(reportOk(partialFailure())).toBe(false);
  });

  it('a run-level error alone fails the run; nothing due is ok', () => {
    const r = nothingDue();
    expect(reportOk(r)).toBe(true);
    r.errors.push({ message: 'publish failed' });
    expect(reportOk(r)).toBe(false);
    expect(reportOk(allFailed())).toBe(false);
  });

  it('a failed check fails the run and names certificate@host', () => {
    const r = nothingDue();
    r.command = 'check';
    r.checks = [
      {
        certificate: 'www',
        target: 'web',
        host: '127.0.0.11',
        address: '127.0.0.11',
        port: 443,
        servername: 'www.certflow.test',
        ok: false,
        status: 'mismatch',
        message: 'x',
        durationMs: 3,
      },
    ];
    expect(reportOk(r)).toBe(false);
    expect(JSON.parse(reportOutputs(r).failed ?? '')).toEqual(['www@127.0.0.11']);
  });

  it('dry run deploys are not reported as deployed', () => {
    expect(reportOutputs(dryRun()).deployed).toBe('[]');
  });
});

describe('writeReportFile', () => {
  it('writes JSON, 0600 (issue 17: it quotes CA, DNS and hook output), without the private keys the issue results carry', async () => {
    const path = join(dir, 'report.json');
    await writeFile(path, 'old', { mode: 0o600 });
    await writeReportFile(success(), path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    const back = JSON.parse(text);
    expect(back.issued[0].certificate.privateKeyPem).toBeUndefined();
    expect(back.issued[0].certificate.fullchainPem).toContain('BEGIN CERTIFICATE');
    expect(back.deploys).toHaveLength(3);
  });

  it('scrubs key-like text wherever it hides (detail, host output)', async () => {
    const path = join(dir, 'hostile.json');
    await writeReportFile(hostile(), path);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('FIXTURE');
    expect(text).toContain('[private key removed]');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('scrubSecrets takes every kind of PEM key and age identities, and leaves certificates', () => {
    const rsa = '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----';
    const ec = '-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----';
    const enc = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc';
    const age = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';
    const cert = '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----';
    const out = scrubSecrets([rsa, ec, cert, age, FAKE_KEY, enc].join('\n'));
    expect(out).not.toMatch(/PRIVATE KEY-----|AGE-SECRET-KEY-1Q/);
    expect(out).toContain(cert);
  });
});
