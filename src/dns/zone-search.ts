/**
 * Finding the zone of a record through a DNS host's API, the parts every API provider shares:
 * the names to try from the record upwards, the record's name relative to its zone, and a cache
 * of lookups that forgets failures (a refused token must not stick for the rest of the run).
 */

/** `_acme-challenge.www.example.com` -> itself, `www.example.com`, `example.com` (never the TLD). */
export function nameCandidates(fqdn: string): string[] {
  const labels = fqdn.toLowerCase().replace(/\.$/, '').split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** The record's name inside `zone`; `apex` (`@` or '') when it is the zone itself. */
export function relativeName(fqdn: string, zone: string, apex: '' | '@' = '@'): string {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  return name === zone ? apex : name.slice(0, -(zone.length + 1));
}

/** One lookup per key at a time and for the run; a failed lookup is tried again next time. */
export function memo<T>(): (key: string, find: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, find) => {
    let found = cache.get(key);
    if (!found) {
      found = find();
      cache.set(key, found);
      found.catch(() => cache.delete(key));
    }
    return found;
  };
}
