import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/report/summary.js';
import { readGfm, visible } from '../fixtures/report/gfm.js';
import {
  API_SERIAL,
  allFailed,
  checkReport,
  dryRun,
  FAKE_KEY,
  hostile,
  nothingDue,
  partialFailure,
  success,
  WWW_SERIAL,
} from '../fixtures/report/reports.js';

const FIXTURES = { success, partialFailure, allFailed, nothingDue, dryRun, hostile };

function headlineOf(md: string): string {
  return md.split('\n')[0] ?? '';
}

describe('renderSummary reads well as GFM', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name}: tables line up, no raw markup, blocks balanced, no secret`, () => {
      const md = renderSummary(make());
      const gfm = readGfm(md);
      expect(gfm.problems).toEqual([]);
      expect(md).not.toContain('PRIVATE KEY');
      expect(md).not.toContain(FAKE_KEY.split('\n')[1]);
      expect(md).toMatch(/^## /);
    });
  }

  it('the checker itself catches a broken table and raw HTML (so the tests above can fail)', () => {
    const broken = '## x\n\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n\n<script>x</script>\n<details>\n';
    const problems = readGfm(broken).problems.join('\n');
    expect(problems).toContain('3 cells, header has 2');
    expect(problems).toContain('raw <script>');
    expect(problems).toContain('unclosed: details');
  });
});

describe('renderSummary content', () => {
  it('success: headline, both tables with the new expiry and serial, the PR link', () => {
    const md = renderSummary(success());
    expect(headlineOf(md)).toBe('## ✅ certflow renew: all renewed and deployed (2 certificates, 3 hosts)');
    const { tables } = readGfm(md);
    expect(tables.map((t) => t.header)).toEqual([
      ['Certificate', 'Names', 'Action', 'Expiry (old → new)', 'Serial', 'Result'],
      ['Host', 'Certificates', 'Phase reached', 'Result', 'Rolled back', 'Time'],
    ]);
    const [certs, deploys] = tables;
    const www = certs?.rows.find((r) => r[0] === '`www`');
    expect(www?.[1]).toBe('`www.certflow.test`, `certflow.test`');
    expect(www?.[2]).toContain('**renew**: inside the CA renewal window (ARI)');
    expect(www?.[3]).toMatch(/^2025-06-01 → 2027-\d\d-\d\d$/);
    expect(www?.[4]).toBe(`\`${WWW_SERIAL}\``);
    expect(www?.[5]).toBe('✅ renewed');
    const api = certs?.rows.find((r) => r[0] === '`api`');
    expect(api?.[5]).toBe('✅ issued');
    expect(api?.[4]).toBe(`\`${API_SERIAL}\``);
    expect(api?.[3]).toMatch(/^– → 2027-/);
    expect(deploys?.rows).toHaveLength(3);
    expect(deploys?.rows[2]?.[3]).toBe('✅ already serving');
    expect(deploys?.rows[0]?.[5]).toBe('1.4 s');
    expect(md).toContain('opened pull request [#42](https://github.example/acme/infra/pull/42)');
    expect(md).not.toContain('<details>');
  });

  it('dns-persist-01: the Result cell says how the names were validated', () => {
    const report = success();
    const www = report.issued.find((r) => r.name === 'www');
    if (!www?.ok) throw new Error('fixture changed');
    www.certificate.validation = 'dns-persist-01: no DNS credential needed';
    const api = report.issued.find((r) => r.name === 'api');
    if (!api?.ok) throw new Error('fixture changed');
    api.certificate.validation =
      'dns-01 fallback for api.certflow.test: the CA does not offer dns-persist-01 <b>';
    const md = renderSummary(report);
    const gfm = readGfm(md);
    expect(gfm.problems).toEqual([]);
    const rows = gfm.tables[0]?.rows ?? [];
    expect(rows.find((r) => r[0] === '`www`')?.[5]).toBe(
      '✅ renewed<br>dns-persist-01: no DNS credential needed',
    );
    expect(rows.find((r) => r[0] === '`api`')?.[5]).toMatch(
      /dns-01 fallback for api\.certflow\.test: .*&lt;b&gt;$/,
    );
  });

  it('partial failure: N failed, the CA and host words in details blocks with what to do', () => {
    const md = renderSummary(partialFailure());
    expect(headlineOf(md)).toBe('## ❌ certflow renew: 2 failed (1 certificate, 1 host)');
    const gfm = readGfm(md);
    expect(gfm.summaries.map(visible)).toEqual([
      '❌ certificate api: authorization for api.certflow.test failed',
      '❌ host 127.0.0.12: still serving serial aa01 after reload',
    ]);
    expect(md).toContain('`urn:ietf:params:acme:error:unauthorized` (HTTP 403)');
    expect(visible(md)).toContain('Incorrect TXT record "abc" found at _acme-challenge.api.certflow.test');
    expect(md).toContain('- `api.certflow.test`: `urn:ietf:params:acme:error:dns` NXDOMAIN looking up TXT');
    expect(md).toMatch(/\*\*What to do:\*\* The CA could not see the \\_acme-challenge TXT record/);
    // Host output stays one block, blank line included.
    expect(md).toContain(
      '<pre>nginx: [warn] the &quot;ssl&quot; directive is deprecated\n\nreload exit 0</pre>',
    );
    expect(md).toContain('(rolled back to the previous files)');
    const deploys = gfm.tables[1];
    expect(deploys?.rows[1]).toEqual([
      '`127.0.0.12` (web)',
      '`www`',
      'verify',
      '❌ failed',
      '↩️ yes',
      '1.4 s',
    ]);
    const old = gfm.tables[0]?.rows.find((r) => r[0] === '`old`');
    expect(old?.[5]).toBe('not due');
    expect(md).toContain('### Warnings');
    expect(md).toContain('commit `abcdef012345` on `main`');
  });

  it('all failed: every certificate and the run error, hints used as what to do', () => {
    const md = renderSummary(allFailed());
    expect(headlineOf(md)).toBe('## ❌ certflow renew: 3 failed (2 certificates, 1 run error)');
    expect(md).toContain('**What to do:** Check tsig-name and tsig-secret of dns.bind.');
    expect(visible(md)).toContain("**What to do:** The CA's rate limit was hit");
    expect(md).toContain('**What to do:** Allow the token to push to certflow/renewal.');
    expect(readGfm(md).summaries).toHaveLength(3);
  });

  it('nothing due: says so and names the next due certificate', () => {
    const md = renderSummary(nothingDue());
    expect(headlineOf(md)).toBe('## 💤 certflow renew: nothing due (next: api on 2025-06-15)');
    expect(readGfm(md).tables[0]?.rows.map((r) => r[5])).toEqual(['not due', 'not due']);
    expect(md).not.toContain('Published');
  });

  it('dry run: a banner, and deploys shown as what would happen', () => {
    const md = renderSummary(dryRun());
    expect(md.split('\n')[2]).toMatch(/^> \*\*DRY RUN\*\*/);
    expect(md).toContain('**Dry run:** would publish 2 files.');
    expect(readGfm(md).tables[1]?.rows[0]?.[3]).toBe('✅ would deploy (dry run)');
    expect(headlineOf(md)).toBe(
      '## ✅ certflow renew: dry run: 2 certificates issued by the staging CA, 2 hosts would be deployed',
    );
    expect(readGfm(md).tables[1]?.rows[2]?.[3]).toBe('✅ already serving');
    expect(renderSummary(success())).not.toContain('DRY RUN');
  });

  it('hostile input: shown as text, never as markup, and no table is broken', () => {
    const md = renderSummary(hostile());
    const gfm = readGfm(md);
    expect(gfm.problems).toEqual([]);
    expect(md).not.toMatch(/<script|<img|<b>|<i>|<\/?h1/);
    const row = gfm.tables[0]?.rows[0];
    expect(row).toHaveLength(6);
    // What a reader sees is what the CA or user wrote.
    expect(visible(row?.[1] ?? '')).toBe('x<script>alert(1)</script>.test, a|b.test');
    expect(visible(row?.[2] ?? '')).toContain(
      '+<img src=x onerror=alert(1)> | `tick` *bold* [l](javascript:x)',
    );
    expect(visible(gfm.summaries[0] ?? '')).toBe(
      '❌ certificate evil: CA said </details><script>x</script> | and new line',
    );
    expect(md).toContain('[private key removed]');
    expect(md).not.toContain('\x1b');
  });
});

describe('renderSummary for command check', () => {
  it('says when served certificates could not be compared, and counts endpoints, not renewals', () => {
    const md = renderSummary(checkReport());
    expect(headlineOf(md)).toBe(
      '## ✅ certflow check: all 2 served certificates fresh; 1 not compared (nothing readable in the store)',
    );
    const gfm = readGfm(md);
    expect(gfm.problems).toEqual([]);
    expect(gfm.tables[0]?.rows.map((r) => [r[0], r[4], r[5]])).toEqual([
      ['`127.0.0.11` (SNI `www.certflow.test`)', '67%', '✅ ok'],
      ['`127.0.0.12` (SNI `www.certflow.test`)', '67%', '✅ unstored'],
    ]);
    expect(md).toContain('<sub>2 endpoints checked · took 1 min</sub>');
    expect(md).not.toContain('renewed');
  });

  it('an expiring host fails the check with its words and what to do', () => {
    const r = checkReport();
    const c = r.checks?.[0];
    if (c)
      Object.assign(c, {
        ok: false,
        status: 'expiring',
        message: '2 days left (2% of its lifetime), below the emergency point of 5% of its lifetime',
      });
    const md = renderSummary(r);
    expect(headlineOf(md)).toBe('## ❌ certflow check: 1 failed (1 check)');
    expect(readGfm(md).summaries).toEqual(['❌ www on 127.0.0.11: expiring']);
    expect(md).toContain('**What to do:** Renew now (run renew with force: www), then deploy');
  });
});
