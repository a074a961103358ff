/**
 * The test CA's judgement of `_validation-persist` TXT records (dns-persist-01,
 * draft-ietf-acme-dns-persist-01; the form Let's Encrypt staging, acme.sh and lego speak: the
 * account URL in clear). Pure: the records come in as strings, the verdict goes out as data, so
 * the parsing rules are table-tested without DNS.
 *
 * Not implemented (the test CA needs none of it): the hashed accounturi of draft -02 section 4.1,
 * subdomain validation from a parent's record (sections 5 and 6), CNAME following.
 */

export interface PersistWant {
  /** The CA's issuer domain names (its caaIdentities), lower case, no trailing dot. */
  issuers: readonly string[];
  /** URL of the account that asks (the JWS kid). */
  accountUri: string;
  /** The authorization is for `*.<name>`. */
  wildcard: boolean;
  /** Seconds since the epoch. */
  now: number;
}

export type PersistVerdict = { ok: true; record: string } | { ok: false; detail: string };

interface IssueValue {
  issuer: string;
  params: Map<string, string>;
}

// RFC 8659 section 4.2: tag = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ), value = %x21-3A / %x3C-7E.
const TAG = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*$/;
const VALUE = /^[\x21-\x3a\x3c-\x7e]*$/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * One record's RDATA as an RFC 8659 issue-value (draft section 4.1 item 1), or why it is not one.
 * Tags are compared without case (the draft spells `persistUntil`, clients write it either way).
 */
export function parseIssueValue(rdata: string): IssueValue | string {
  const [head = '', ...rest] = rdata.split(';');
  const issuer = head.trim().replace(/\.$/, '').toLowerCase();
  if (!DOMAIN.test(issuer)) return `"${head.trim()}" is not an issuer domain name`;
  const params = new Map<string, string>();
  for (const part of rest) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    const tag = eq < 0 ? p : p.slice(0, eq).trim();
    const value = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (eq < 0 || !TAG.test(tag) || !VALUE.test(value)) return `"${p}" is not a tag=value parameter`;
    if (params.has(tag.toLowerCase())) return `parameter ${tag} appears twice`;
    params.set(tag.toLowerCase(), value);
  }
  return { issuer, params };
}

/**
 * Section 4.3.2: every record at the name is looked at; one that passes every rule is enough.
 * When none does, the detail names the closest miss (the record that named this CA), since
 * that is the record the DNS owner meant and has to fix.
 */
export function judgeRecords(records: readonly string[], want: PersistWant): PersistVerdict {
  if (records.length === 0) return { ok: false, detail: 'no TXT record found' };
  const misses: string[] = [];
  for (const rdata of records) {
    const parsed = parseIssueValue(rdata);
    if (typeof parsed === 'string') {
      misses.push(`malformed record "${rdata}": ${parsed}`);
      continue;
    }
    // Section 4.1 item 2: the issuer domain name must be one the CA offers (case-insensitive,
    // section 3.1 normalisation); records for other CAs are ignored (section 4.3.2 step 2).
    if (!want.issuers.includes(parsed.issuer)) continue;
    const problem = recordProblem(parsed, want);
    if (problem === undefined) return { ok: true, record: rdata };
    misses.push(problem);
  }
  if (misses.length === 0) {
    return { ok: false, detail: `no record names this CA (${want.issuers.join(', ')}) as issuer` };
  }
  return { ok: false, detail: misses.join('; ') };
}

function recordProblem(v: IssueValue, want: PersistWant): string | undefined {
  // Section 4.1 item 3: accounturi is required and must be the requesting account, compared as
  // a plain string (RFC 3986 section 6.2.1).
  const account = v.params.get('accounturi');
  if (account === undefined) return 'the record has no accounturi';
  if (account !== want.accountUri) {
    return `the record is for account ${account}, not for the requesting account ${want.accountUri}`;
  }
  // Section 4.1 item 5: persistUntil is a base-10 integer; after it the record is not evidence.
  const until = v.params.get('persistuntil');
  if (until !== undefined) {
    if (!/^\d+$/.test(until)) return `persistUntil=${until} is not a base-10 integer (malformed)`;
    if (want.now > Number(until)) {
      return `persistUntil=${until} (${new Date(Number(until) * 1000).toISOString()}) is in the past`;
    }
  }
  // Section 4.1 item 4 and section 6: a wildcard needs policy=wildcard (value without case);
  // any other value counts as no policy at all.
  if (want.wildcard && v.params.get('policy')?.toLowerCase() !== 'wildcard') {
    return 'a wildcard name needs policy=wildcard in the record';
  }
  return undefined;
}
