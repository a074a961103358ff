/**
 * The run's one redactor (util/redact.ts) and the escape of workflow commands (issue 17): every
 * form a secret leaks in, and data that would start a log line with `::`.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActionsLogger } from '../../src/action/logger.js';
import {
  escapeCommands,
  notePublicPart,
  REDACTED,
  Redactor,
  redactDeep,
  secretPieces,
} from '../../src/util/redact.js';

const key = String(
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
);
const publicDer = createPublicKey(key).export({ type: 'spki', format: 'der' });
/** Whether a body line of a key PEM holds only public-key bytes (left visible, see below). */
function publicOnly(pem: string, line: string): boolean {
  try {
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der.includes(Buffer.from(line, 'base64'));
  } catch {
    return false; // not a real key: every line is secret
  }
}
const token = 'tsig-secret-0123456789abcdef';

function redactor(): Redactor {
  const r = new Redactor();
  r.add(key);
  r.add(token);
  return r;
}

describe('Redactor', () => {
  it('removes a secret whole, line by line, joined, and base64-encoded at any offset', () => {
    const r = redactor();
    const body = key.split('\n').filter((l) => l && !l.startsWith('-----'));
    const texts = [
      `key: ${key}`,
      `line: ${body[1]}`,
      `joined: ${body.join('')}`,
      `b64: ${Buffer.from(token).toString('base64')}`,
      `b64 at offset: ${Buffer.from(`Authorization: Basic x:${token}`).toString('base64')}`,
      `b64 at offset 2: ${Buffer.from(`ab${token}`).toString('base64')}`,
      `pem b64: ${Buffer.from(key).toString('base64')}`,
    ];
    for (const text of texts) {
      const out = r.apply(text);
      expect(out, text.slice(0, 20)).toContain(REDACTED);
      expect(out).not.toContain(token);
      // Lines made only of the public key's bytes are public (the certificate holds them): see below.
      for (const line of body.filter((l) => !publicDer.includes(Buffer.from(l, 'base64')))) {
        expect(out).not.toContain(line);
      }
      // What is left of a base64 form is a few characters at each end, never the secret's bytes.
      const decoded = Buffer.from(out.split(' ').pop() ?? '', 'base64').toString('latin1');
      expect(decoded).not.toContain(token.slice(4, 20));
    }
    expect(r.apply('nothing secret here')).toBe('nothing secret here');
  });

  it('masks overlapping secrets whole, and short secrets too', () => {
    const r = new Redactor();
    r.add('AAAAAAAAAAAAAAAAAAAABBBBBBBBBB');
    r.add('BBBBBBBBBBCCCCCCCCCCCCCCCCCCCC');
    r.add('pw-1234');
    expect(r.apply('x AAAAAAAAAAAAAAAAAAAABBBBBBBBBBCCCCCCCCCCCCCCCCCCCC y pw-1234 z')).toBe(
      `x ${REDACTED} y ${REDACTED} z`,
    );
    expect(r.apply('nothing secret here, long enough to be scanned')).toBe(
      'nothing secret here, long enough to be scanned',
    );
  });

  it('with the keys of a thousand certificates registered, masks each of them in every form', () => {
    const r = new Redactor();
    const keys = Array.from({ length: 1000 }, (_, i) =>
      i % 100 === 0
        ? String(
            generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
              type: 'pkcs8',
              format: 'pem',
            }),
          )
        : `-----BEGIN PRIVATE KEY-----\n${Buffer.from(`key number ${i} `.repeat(12)).toString('base64')}\n-----END PRIVATE KEY-----\n`,
    );
    for (const k of keys) r.add(k);
    for (const k of [keys[0], keys[500], keys[999]] as string[]) {
      const body = k.split('\n').filter((l) => l && !l.startsWith('-----'));
      const out = r.apply(`a ${k} b ${body.join('')} c ${Buffer.from(k).toString('base64')}`);
      for (const line of body.filter((l) => !publicOnly(k, l))) expect(out).not.toContain(line);
      expect(out).not.toContain(Buffer.from(k).toString('base64').slice(0, 40));
    }
  });

  it('redacts every string of a report-like object, and leaves the rest', () => {
    const r = redactor();
    const report = { errors: [{ message: `DNS said ${token}`, code: 3 }], ok: false, at: null };
    expect(redactDeep(report, (t) => r.apply(t))).toEqual({
      errors: [{ message: `DNS said ${REDACTED}`, code: 3 }],
      ok: false,
      at: null,
    });
    expect(report.errors[0]?.message).toContain(token);
  });
});

describe('workflow-command injection', () => {
  it('no line of data starts with :: or ##[ (after spaces)', () => {
    const name = 'www\n::stop-commands::x\n  ::error::forged\n##[add-mask]y\nok :: fine';
    const out = escapeCommands(name);
    expect(out.split('\n').filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
    expect(out).toBe('www\n\\::stop-commands::x\n  \\::error::forged\n\\##[add-mask]y\nok :: fine');
  });

  it('the Action logger escapes info lines (the only ones @actions/core writes as they are)', () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const log = new ActionsLogger();
      log.info('manifest www\n::stop-commands::x');
      log.warn('manifest www\n::stop-commands::x');
    } finally {
      process.stdout.write = original;
    }
    const lines = written.join('').split('\n');
    expect(lines.filter((l) => l.startsWith('::stop-commands'))).toEqual([]);
    expect(lines).toContain('\\::stop-commands::x');
    expect(lines.some((l) => l.startsWith('::warning::manifest www%0A::stop-commands::x'))).toBe(true);
  });
});

describe('public bytes of a private key', () => {
  // An EC key's PEM ends with its public point, which the certificate carries too. Masking a body
  // line made only of those bytes hid nothing and garbled the certificate in reports (seen in the
  // fleet e2e's fullchainPem). Across 40 keys some land with a whole line of public bytes.
  const keys = Array.from({ length: 40 }, () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = pair.publicKey.export({ type: 'spki', format: 'der' });
    return {
      pem: String(pair.privateKey.export({ type: 'sec1', format: 'pem' })),
      // The public key as a certificate carries it, base64 at each of the three alignments.
      publicForms: [0, 1, 2].map((skip) => der.subarray(skip).toString('base64')),
    };
  });

  it('leaves public-only lines of a key alone, so text with the public key stays whole', () => {
    let publicLines = 0;
    for (const k of keys) {
      const r = new Redactor();
      r.add(k.pem);
      for (const form of k.publicForms) expect(r.apply(form)).toBe(form);
      const body = k.pem.split('\n').filter((l) => l && !l.startsWith('-----'));
      publicLines += body.filter((l) => k.publicForms.some((f) => f.includes(l))).length;
    }
    // The case exists among these keys: otherwise the first expectation proves nothing.
    expect(publicLines).toBeGreaterThan(0);
  });

  it('still masks every line that holds private bytes, and the whole key', () => {
    for (const k of keys) {
      const r = new Redactor();
      r.add(k.pem);
      expect(r.apply(k.pem)).not.toContain('BEGIN EC PRIVATE KEY-----\nM');
      const body = k.pem.split('\n').filter((l) => l && !l.startsWith('-----'));
      for (const line of body.filter((l) => !k.publicForms.some((f) => f.includes(l)))) {
        expect(r.apply(`x ${line} y`)).toBe(`x ${REDACTED} y`);
      }
    }
  });
});

describe('keys certflow makes (issue 22: no second parse of each key)', () => {
  it('a noted public part gives the same pieces as the parsed key, and a key forgotten is masked no more', async () => {
    const { certificateKey } = await import('../../src/acme/keys.js');
    for (let i = 0; i < 20; i++) {
      const { privateKeyPem } = await certificateKey('ecdsa-p256');
      // certificateKey noted the public part; the second call parses the PEM as before.
      const noted = secretPieces(privateKeyPem);
      const parsed = secretPieces(privateKeyPem);
      expect(noted).toEqual(parsed);
      const r = new Redactor();
      expect(r.add(privateKeyPem)).toBe(true);
      expect(r.add(privateKeyPem)).toBe(false);
      const line = privateKeyPem.split('\n')[1] as string;
      expect(r.apply(privateKeyPem)).not.toContain(line);
      r.forget(privateKeyPem);
      expect(r.apply(privateKeyPem)).toBe(privateKeyPem);
    }
  });

  it('a note is only a shortcut: a wrong one is never made, and an unused one does not pile up', () => {
    // Notes beyond the bound push out the oldest; secretPieces of a key whose note was pushed
    // out still leaves only its true public bytes visible.
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    notePublicPart(pem, pair.publicKey.export({ type: 'spki', format: 'der' }));
    for (let i = 0; i < 300; i++) notePublicPart(`-----BEGIN PRIVATE KEY-----\nx${i}\n`, Buffer.from([i]));
    const r = new Redactor();
    r.add(pem);
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    const der = pair.publicKey.export({ type: 'spki', format: 'der' });
    for (const l of body) {
      const onlyPublic = l.length % 4 === 0 && der.includes(Buffer.from(l, 'base64'));
      expect(r.apply(l)).toBe(onlyPublic ? l : REDACTED);
    }
  });
});
