/**
 * The fakes themselves: they write through to the bed's bind, and their OpenAPI check catches a
 * call off the provider's description (so a provider test that passes means the calls were right).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label, txtOn } from '../support/acme.js';
import { startFakeAcmeDns } from '../support/fakes/acme-dns.js';
import { bindWriter } from '../support/fakes/bind.js';
import { type FakeDigitalOcean, startFakeDigitalOcean } from '../support/fakes/digitalocean.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const bind = bindWriter(bed);
const z = bed.dns.zone;

describe('fake DNS APIs', () => {
  let doFake: FakeDigitalOcean;
  beforeAll(async () => {
    doFake = await startFakeDigitalOcean(bind, [z]);
  });
  afterAll(async () => {
    await doFake?.api.close();
  });

  it('the bind writer adds and removes one value, leaving the other', async () => {
    const fqdn = `_acme-challenge.${label()}.${z}`;
    await bind.add(fqdn, 'one');
    await bind.add(fqdn, 'two');
    expect((await txtOn(bed.dns.server, fqdn)).sort()).toEqual(['"one"', '"two"']);
    await bind.remove(fqdn, 'one');
    expect(await txtOn(bed.dns.server, fqdn)).toEqual(['"two"']);
    await bind.remove(fqdn, 'two');
    expect(await txtOn(bed.dns.server, fqdn)).toEqual([]);
  });

  it('digitalocean: a call by the reference works; calls off it are recorded as violations', async () => {
    const fqdn = `_acme-challenge.${label()}.${z}`;
    const auth = { Authorization: `Bearer ${doFake.token}`, 'Content-Type': 'application/json' };
    const ok = await fetch(`${doFake.url}/domains/${z}/records`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'TXT', name: `${fqdn}.`, data: 'v1', ttl: 30 }),
    });
    expect(ok.status).toBe(201);
    const { domain_record: rec } = (await ok.json()) as { domain_record: { id: number; name: string } };
    expect(rec.name).toBe(fqdn.slice(0, -(z.length + 1)));
    expect(await txtOn(bed.dns.server, fqdn)).toEqual(['"v1"']);
    expect(doFake.api.violations).toEqual([]);
    // A misspelled field, a missing one, an unknown query parameter.
    await fetch(`${doFake.url}/domains/${z}/records`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'TXT', name: 'x', content: 'v' }),
    });
    await fetch(`${doFake.url}/domains/${z}/records?fqdn=x`, { headers: auth });
    expect(doFake.api.violations.join('\n')).toMatch(/body.data: required property missing/);
    expect(doFake.api.violations.join('\n')).toMatch(/body.content: property not defined/);
    expect(doFake.api.violations.join('\n')).toMatch(/query parameter "fqdn" is not defined/);
    doFake.api.violations.length = 0;
    const refused = await fetch(`${doFake.url}/domains/${z}`, { headers: { Authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    const del = await fetch(`${doFake.url}/domains/${z}/records/${rec.id}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(del.status).toBe(204);
    expect(await txtOn(bed.dns.server, fqdn)).toEqual([]);
    expect(doFake.api.violations).toEqual([]);
  });

  it('acme-dns: register, then each update replaces the older of two values', async () => {
    const fake = await startFakeAcmeDns(bind, bed.dns.challengeZone);
    try {
      const reg = await fetch(`${fake.url}/register`, { method: 'POST' });
      expect(reg.status).toBe(201);
      const acct = (await reg.json()) as {
        username: string;
        password: string;
        subdomain: string;
        fulldomain: string;
      };
      expect(acct.fulldomain).toBe(`${acct.subdomain}.${bed.dns.challengeZone}`);
      const update = (txt: string, key = acct.password) =>
        fetch(`${fake.url}/update`, {
          method: 'POST',
          headers: { 'X-Api-User': acct.username, 'X-Api-Key': key, 'Content-Type': 'application/json' },
          body: JSON.stringify({ subdomain: acct.subdomain, txt }),
        });
      const v = (c: string) => c.repeat(43);
      expect((await update(v('a'))).status).toBe(200);
      expect((await update(v('b'))).status).toBe(200);
      expect((await update(v('c'))).status).toBe(200);
      expect(fake.values(acct.subdomain).sort()).toEqual([v('b'), v('c')]);
      expect((await txtOn(bed.dns.server, acct.fulldomain)).sort()).toEqual([`"${v('b')}"`, `"${v('c')}"`]);
      expect((await update(v('d'), 'x'.repeat(40))).status).toBe(401);
      expect((await update('short')).status).toBe(400);
      await update(v('e'));
      await update(v('e'));
      expect(await txtOn(bed.dns.server, acct.fulldomain)).toEqual([`"${v('e')}"`]);
      await bind.remove(acct.fulldomain, v('e'));
    } finally {
      await fake.api.close();
    }
  });
});
