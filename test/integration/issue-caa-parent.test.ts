/**
 * The CAA pre-check with its per-run memory of parent names (acme/caa.ts, issue 22): a CAA set on
 * a parent that forbids the CA stops every certificate under it, not only the first one that
 * looked; a sibling subtree without CAA is issued in the same run.
 */
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, dueAll, label, txtOn } from '../support/acme.js';
import { loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;

describe('CAA on a parent name', () => {
  it('refuses each certificate under a forbidding parent, the cached ones as the first', async () => {
    const [forbidden, open] = [label(), label()];
    const parent = `${forbidden}.${z}`;
    const added = await nsupdate(bed, [`zone ${z}`, `update add ${parent}. 5 CAA 0 issue ";"`]);
    expect(added.code, added.stderr).toBe(0);
    try {
      const certificates: Record<string, { domains: string[]; dns: string }> = {};
      for (let i = 0; i < 6; i++) certificates[`no${i}`] = { domains: [`n${i}.${parent}`], dns: 'bind' };
      for (let i = 0; i < 2; i++) certificates[`yes${i}`] = { domains: [`y${i}.${open}.${z}`], dns: 'bind' };
      const settings = acmeSettings(bed, { dns: { bind: bindProvider(bed) }, certificates, concurrency: 8 });
      const results = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
      for (const r of results) {
        if (r.name.startsWith('yes')) {
          expect(r.ok, JSON.stringify(r)).toBe(true);
          continue;
        }
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.message).toContain(`CAA records at ${parent} forbid this CA`);
          expect(r.error.acmeType).toBe('urn:ietf:params:acme:error:caa');
        }
      }
      expect(results.filter((r) => !r.ok)).toHaveLength(6);
      for (let i = 0; i < 6; i++)
        expect(await txtOn(bed.dns.server, `_acme-challenge.n${i}.${parent}`)).toEqual([]);
    } finally {
      await nsupdate(bed, [`zone ${z}`, `update delete ${parent}. CAA`]);
    }
  });
});
