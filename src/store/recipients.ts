/**
 * Who a certificate's key is sealed to: the store's recipients, the certificate's own, and those of
 * every target it is deployed to (a target's recipients stand for its hosts, so a host's identity
 * opens exactly the certificates deployed to it). One function, used by renew, reseal and the pin.
 */
import type { Config } from '../config/settings.js';

/** The recipients `name` is sealed to, without duplicates, store's first (order is stable). */
export function recipientsFor(config: Config, name: string): string[] {
  const cert = config.certificates[name];
  const all = [...config.store.recipients, ...(cert?.recipients ?? [])];
  for (const t of cert?.targets ?? []) {
    const target = Object.hasOwn(config.targets, t) ? config.targets[t] : undefined;
    all.push(...(target?.recipients ?? []));
  }
  return [...new Set(all)];
}

/** Every recipient the config names anywhere: what CERTFLOW_RECIPIENTS pins. */
export function allRecipients(config: Config): string[] {
  const all = [...config.store.recipients];
  for (const c of Object.values(config.certificates)) all.push(...(c.recipients ?? []));
  for (const t of Object.values(config.targets)) all.push(...(t.recipients ?? []));
  return [...new Set(all)];
}

/** How the sealed set differs from the wanted one, or undefined when they are the same set. */
export function recipientsChange(
  sealed: readonly string[],
  wanted: readonly string[],
): { added: string[]; removed: string[] } | undefined {
  const had = new Set(sealed);
  const want = new Set(wanted);
  const added = [...want].filter((r) => !had.has(r));
  const removed = [...had].filter((r) => !want.has(r));
  return added.length + removed.length === 0 ? undefined : { added, removed };
}

export function describeRecipientsChange(change: { added: string[]; removed: string[] }): string {
  return [
    change.added.length > 0 ? `+${change.added.join(' +')}` : '',
    change.removed.length > 0 ? `-${change.removed.join(' -')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
