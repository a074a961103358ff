/**
 * OpenSSH known_hosts, read well enough to pin host keys: plain and hashed (`|1|salt|hash`) host
 * patterns, `[host]:port` for non-standard ports, `*`/`?` wildcards, `!negation`, the `@revoked`
 * marker and any key type. ssh2 accepts any host key unless told otherwise, so this is the only
 * thing standing between a deploy and a man in the middle.
 *
 * `@cert-authority` lines are recognised and ignored: ssh2 does not give us the host certificate,
 * so a CA line can never prove a key. A host pinned only by CA therefore reads as "not pinned".
 */
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  /** 1-based line number in the known-hosts text, for messages. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** Comma-separated patterns as written, or one hashed `|1|salt|hash` entry. */
  hosts: string;
  keyType: string;
  /** Decoded key blob (the same bytes the server sends). */
  key: Buffer;
}

export interface KnownHosts {
  entries: KnownHostEntry[];
  /** Lines that could not be read, with why: reported, never fatal (OpenSSH skips them too). */
  problems: Array<{ line: number; message: string }>;
}

export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHosts['problems'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else {
        problems.push({ line, message: `unknown marker ${name}` });
        return;
      }
    }
    const [hosts, keyType, keyB64] = fields;
    if (!hosts || !keyType || !keyB64) {
      problems.push({ line, message: 'expected "<hosts> <key type> <base64 key>"' });
      return;
    }
    const key = Buffer.from(keyB64, 'base64');
    // The blob starts with its own type name; a mismatch means a damaged or mis-pasted line.
    if (blobKeyType(key) !== keyType) {
      problems.push({ line, message: `key does not decode as ${keyType}` });
      return;
    }
    entries.push({ line, marker, hosts, keyType, key });
  });
  return { entries, problems };
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return port === 22 ? bare : `[${bare}]:${port}`;
}

function wildcard(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** Whether an entry's host field names `name` (already in `[host]:port` form when needed). */
export function hostsFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (wildcard(pattern.slice(1), name)) return false;
    } else if (wildcard(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The key type a blob declares (its first SSH string), or undefined when it is not a blob. */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export type HostKeyVerdict =
  | { ok: true; line: number }
  | { ok: false; reason: 'unknown' | 'changed' | 'revoked'; message: string };

/**
 * Decides whether `key` (the blob the server offered) is the pinned key of host:port, and when it
 * is not, says what was seen and how to pin it. A revoked key loses even when another line pins it.
 */
export function checkHostKey(known: KnownHosts, host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const type = blobKeyType(key) ?? 'unknown-type';
  const seen = fingerprint(key);
  const pinLine = `${name} ${type} ${key.toString('base64')}`;
  const forHost = known.entries.filter((e) => hostsFieldMatches(e.hosts, name));
  const revoked = known.entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) {
    return {
      ok: false,
      reason: 'revoked',
      message:
        `host key of ${name} (${type} ${seen}) is marked @revoked on known-hosts line ${revoked.line}: ` +
        'refusing to connect. Replace the host key on the server and pin the new one.',
    };
  }
  const pins = forHost.filter((e) => e.marker === undefined);
  const match = pins.find((e) => e.key.equals(key));
  if (match) return { ok: true, line: match.line };
  const scan = `ssh-keyscan ${port === 22 ? '' : `-p ${port} `}-t ${type} ${host.replace(/^\[(.*)\]$/, '$1')}`;
  if (pins.length === 0) {
    return {
      ok: false,
      reason: 'unknown',
      message:
        `host ${name} is not pinned in known-hosts; it offered ${type} ${seen}. ` +
        `If that fingerprint is right (check it on the host: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), ` +
        `add this line to known-hosts: ${pinLine}  (or collect it with: ${scan})`,
    };
  }
  const pinned = pins.map((e) => `${e.keyType} ${fingerprint(e.key)} (line ${e.line})`).join(', ');
  return {
    ok: false,
    reason: 'changed',
    message:
      `HOST KEY CHANGED for ${name}: known-hosts pins ${pinned} but the host offered ${type} ${seen}. ` +
      'Someone may be intercepting the connection, or the host was reinstalled. Only if the change is ' +
      `expected, replace the pinned line with: ${pinLine}`,
  };
}

/** ssh2 host-key algorithm names that can present a key of this type. */
function algorithmsFor(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}

/** ssh2's default host-key algorithms (ssh2 1.17 with ed25519 support), in its order. */
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Host-key algorithms to offer for host:port: pinned types first (like OpenSSH), so a host with
 * several keys shows the one we know instead of one we would have to refuse; the others after, so a
 * host whose key changed type still gets as far as showing its fingerprint.
 */
export function preferredHostKeyAlgorithms(known: KnownHosts, host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  const pinned = known.entries
    .filter((e) => e.marker === undefined && hostsFieldMatches(e.hosts, name))
    .flatMap((e) => algorithmsFor(e.keyType))
    .filter((a) => DEFAULT_HOST_KEY_ALGORITHMS.includes(a));
  return [...new Set([...pinned, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}
