/**
 * The record store of a fake DNS host: zones of one account, records with ids, TXT records
 * written through to bind when they are created and removed when they are deleted (a value
 * stays in bind while any record of the store still holds it: two records may carry the same
 * value on one name).
 */
import type { BindWriter } from './bind.js';
import { norm } from './server.js';

export interface StoredRecord {
  id: number;
  zone: string;
  /** Absolute, lower case, no trailing dot. */
  name: string;
  type: string;
  /** The TXT value itself, never quoted. */
  value: string;
  ttl: number;
}

export class RecordStore {
  readonly records: StoredRecord[] = [];
  private nextId = 3_000_000 + Math.floor(Math.random() * 1000);

  constructor(
    private readonly bind: BindWriter,
    readonly zones: string[],
  ) {}

  /** The account's zone with exactly this name. */
  zone(name: string): string | undefined {
    return this.zones.find((z) => z === norm(name));
  }

  /** True when `name` is the zone or inside it. */
  inZone(name: string, zone: string): boolean {
    return name === zone || name.endsWith(`.${zone}`);
  }

  async add(zone: string, name: string, type: string, value: string, ttl: number): Promise<StoredRecord> {
    const record = { id: this.nextId++, zone, name: norm(name), type, value, ttl };
    if (type === 'TXT' && !this.holds(record.name, value)) await this.bind.add(record.name, value, ttl);
    this.records.push(record);
    return record;
  }

  async remove(record: StoredRecord): Promise<void> {
    const at = this.records.indexOf(record);
    if (at < 0) return;
    this.records.splice(at, 1);
    if (record.type === 'TXT' && !this.holds(record.name, record.value))
      await this.bind.remove(record.name, record.value);
  }

  find(zone: string, id: number): StoredRecord | undefined {
    return this.records.find((r) => r.zone === zone && r.id === id);
  }

  /** TXT values of a name, in the order they were created. */
  values(name: string): string[] {
    return this.records.filter((r) => r.name === norm(name) && r.type === 'TXT').map((r) => r.value);
  }

  private holds(name: string, value: string): boolean {
    return this.records.some((r) => r.name === name && r.type === 'TXT' && r.value === value);
  }
}

/** One page of `items` (1-based page). */
export function paginate<T>(items: T[], page: number, perPage: number): { items: T[]; last: number } {
  const last = Math.max(1, Math.ceil(items.length / perPage));
  return { items: items.slice((page - 1) * perPage, page * perPage), last };
}

/** `values`, `seed` and `unseed` of a provider kit, for fakes built on a RecordStore. */
export function storeParts(store: RecordStore, zone: string) {
  const seeded = new Map<string, StoredRecord>();
  return {
    values: (fqdn: string) => store.values(fqdn),
    async seed(fqdn: string, value: string) {
      seeded.set(`${fqdn}|${value}`, await store.add(zone, fqdn, 'TXT', value, 3600));
    },
    async unseed(fqdn: string, value: string) {
      const r = seeded.get(`${fqdn}|${value}`);
      if (r) await store.remove(r);
    },
  };
}
