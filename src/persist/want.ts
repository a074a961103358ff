/**
 * The records a config needs: one per distinct base name (a wildcard and its apex share
 * `_validation-persist.<base>`, draft section 5), with `policy=wildcard` when any of its names is
 * a wildcard (section 4.1 item 4), for each issuer the certificates publish under.
 */
import type { Config } from '../config/settings.js';
import { configuredIssuer } from './config.js';
import { acceptedUris, type PersistAccount, type PersistCa, pickIssuer, publishedUri } from './identity.js';
import { baseName, recordName, recordValue, zoneLine } from './record.js';

export interface WantedRecord {
  /** `_validation-persist.<base>`, no trailing dot. */
  name: string;
  base: string;
  wildcard: boolean;
  issuer: string;
  /** Why this issuer (configured, or which directory field). */
  issuerWhy: string;
  accountUri: string;
  /** The TXT value to publish, and the same as a zone-file line. */
  value: string;
  zoneLine: string;
  /** Certificates and names that rely on it. */
  certificates: string[];
  domains: string[];
  /** accounturi values that count as this account (for --check). */
  accepted: string[];
}

export function wantedRecords(
  config: Config,
  names: readonly string[],
  ca: PersistCa,
  account: PersistAccount,
): WantedRecord[] {
  const byKey = new Map<string, WantedRecord>();
  for (const cert of names) {
    const { issuer, why } = pickIssuer(ca, configuredIssuer(config, cert));
    for (const domain of config.certificates[cert]?.domains ?? []) {
      const base = baseName(domain);
      const key = `${base} ${issuer}`;
      let rec = byKey.get(key);
      if (!rec) {
        rec = {
          name: recordName(base),
          base,
          wildcard: false,
          issuer,
          issuerWhy: why,
          accountUri: publishedUri(ca, account, base),
          value: '',
          zoneLine: '',
          certificates: [],
          domains: [],
          accepted: acceptedUris(ca, account, base),
        };
        byKey.set(key, rec);
      }
      if (domain.startsWith('*.')) rec.wildcard = true;
      if (!rec.certificates.includes(cert)) rec.certificates.push(cert);
      if (!rec.domains.includes(domain)) rec.domains.push(domain);
    }
  }
  const out = [...byKey.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.issuer.localeCompare(b.issuer),
  );
  for (const r of out) {
    r.value = recordValue({ issuer: r.issuer, accountUri: r.accountUri, wildcard: r.wildcard });
    r.zoneLine = zoneLine(r.name, r.value);
  }
  return out;
}
