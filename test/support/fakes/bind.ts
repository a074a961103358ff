/**
 * What every fake DNS API does with a record it stores: write it through to the bed's bind9 with
 * a signed RFC 2136 UPDATE (the bed's TSIG key), so the CA and certflow's own propagation check
 * see real DNS. Built on certflow's update code (src/dns/update.ts), which has its own wire tests;
 * a fake only calls `add` and `remove` for exactly the value it created or deleted.
 */
import { zoneFor } from '../../../src/dns/provider.js';
import { decodeSecret, type TsigAlgorithm } from '../../../src/dns/tsig.js';
import { sendUpdate } from '../../../src/dns/update.js';
import type { Testbed } from '../testbed.js';

export interface BindWriter {
  /** Zones bind serves (a fake serves a subset of them as its account's zones). */
  readonly zones: readonly string[];
  add(fqdn: string, value: string, ttl?: number): Promise<void>;
  /** Removes exactly this value of the name (class NONE): other values stay. */
  remove(fqdn: string, value: string): Promise<void>;
}

export function bindWriter(bed: Testbed): BindWriter {
  const key = {
    name: bed.tsig.name,
    algorithm: bed.tsig.algorithm.toLowerCase() as TsigAlgorithm,
    secret: decodeSecret(bed.tsig.secret),
  };
  const server = { host: bed.dns.host, port: bed.dns.port };
  const change = async (op: 'add' | 'delete', fqdn: string, value: string, ttl: number) => {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    const zone = zoneFor(name, bed.dns.zones);
    if (!zone) throw new Error(`fake write-through: ${name} is in none of bind's zones (${bed.dns.zones})`);
    await sendUpdate(server, zone, key, [{ op, fqdn: name, value, ttl }], { timeoutMs: 3000 });
  };
  return {
    zones: bed.dns.zones,
    add: (fqdn, value, ttl = 5) => change('add', fqdn, value, Math.min(ttl, 60)),
    remove: (fqdn, value) => change('delete', fqdn, value, 0),
  };
}
