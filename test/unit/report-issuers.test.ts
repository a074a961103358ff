/**
 * A failure after acme.issuers fell back shows the CAs passed over and where it finally failed, in
 * the terminal and in the summary; without a fallback nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/report/summary.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { partialFailure } from '../fixtures/report/reports.js';

function withFallback() {
  const report = partialFailure();
  const failed = report.issued.find((r) => !r.ok);
  if (!failed || failed.ok) throw new Error('fixture has no failure');
  failed.error.acmeDirectory = 'https://backup.example/dir';
  failed.error.skippedIssuers = [
    { directory: 'https://primary.example/dir', where: 'acme', reason: 'cannot reach the CA: ECONNREFUSED' },
  ];
  return report;
}

describe('reports of acme.issuers', () => {
  it('the terminal names the CA passed over, why, and where the failure happened', () => {
    const text = renderTerminal(withFallback(), { color: false });
    expect(text).toContain(
      '    passed over acme (https://primary.example/dir): cannot reach the CA: ECONNREFUSED',
    );
    expect(text).toContain('    then failed at https://backup.example/dir');
    expect(renderTerminal(partialFailure(), { color: false })).not.toContain('passed over');
  });

  it('the summary does too', () => {
    const md = renderSummary(withFallback());
    expect(md).toContain(
      '**Passed over:** acme (`https://primary.example/dir`): cannot reach the CA: ECONNREFUSED',
    );
    expect(md).toContain('**Failed at:** `https://backup.example/dir`');
    expect(renderSummary(partialFailure())).not.toContain('Passed over');
  });
});
