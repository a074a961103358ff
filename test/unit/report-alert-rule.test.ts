/**
 * The alert rule docs/report.md shows is a valid Prometheus rule file (promtool check rules), and
 * it fires on what certflow writes: promtool test rules evaluates it over the metrics of a check
 * that saw a certificate with 10 days left and one with 60.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/action-runner.js';
import { requirePrograms } from '../support/programs.js';

const dir = mkdtempSync(join(tmpdir(), 'certflow-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => requirePrograms('promtool'));

function ruleBlock(): string {
  const doc = readFileSync(join(ROOT, 'docs', 'report.md'), 'utf8');
  const at = doc.indexOf('## Metrics (Prometheus)');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at))?.[1];
  if (!block) throw new Error('docs/report.md: no yaml block under "Metrics (Prometheus)"');
  return block;
}

describe('the alert rule in docs/report.md', () => {
  it('passes promtool check rules', () => {
    writeFileSync(join(dir, 'rules.yml'), ruleBlock());
    const r = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: 4 rules found/);
  });

  it('fires for 10 days left and not for 60 (promtool test rules)', () => {
    writeFileSync(join(dir, 'rules.yml'), ruleBlock());
    const labels = (host: string) => `certificate="www",target="web",host="${host}",port="443"`;
    writeFileSync(
      join(dir, 'test.yml'),
      [
        'rule_files: [rules.yml]',
        'evaluation_interval: 1m',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        `      - series: 'certflow_served_certificate_expiry_seconds{${labels('soon')}}'`,
        `        values: '${10 * 86400}x120'`,
        `      - series: 'certflow_served_certificate_expiry_seconds{${labels('fine')}}'`,
        `        values: '${60 * 86400}x120'`,
        '    alert_rule_test:',
        '      - eval_time: 90m',
        '        alertname: CertificateExpiresSoon',
        '        exp_alerts:',
        '          - exp_labels: { severity: warning, certificate: www, target: web, host: soon, port: "443" }',
        '            exp_annotations:',
        '              summary: "www on soon:443 expires in 10d 0h 0m 0s"',
        '              description: "Renew it (workflow_dispatch with force: www), then deploy."',
      ].join('\n'),
    );
    const r = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
