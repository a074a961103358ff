/**
 * PKCS#12 (RFC 7292) for Windows and Java consumers: the private key in a PBES2 shrouded key bag
 * (PBKDF2-HMAC-SHA256, AES-256-CBC), the leaf and intermediates in clear certificate bags (they are
 * public), and a SHA-256 integrity MAC. These are the algorithms OpenSSL 3 writes by default and
 * that Windows (since Server 2019) and Java (since 8u301) read.
 *
 * Deterministic on purpose: salts and IV are derived from the private key and the certificate, not
 * drawn at random, so the same bundle always gives the same bytes and the deploy's drift check
 * (byte comparison with what the host holds) does not redeploy on every run. Encrypting the same
 * plaintext under the same key to the same ciphertext shows only that nothing changed, which the
 * certificate bags say anyway. The derivation is keyed with the private key, so the salts reveal
 * nothing of it or of the password.
 */
import { createCipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync } from 'node:crypto';
import { bmpString, explicit, integer, nullValue, octets, oid, sequence, set, utf16be } from '../util/der.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** PBKDF2 and MAC iterations. OpenSSL's default is 2048; more costs a guesser more. */
export const PKCS12_ITERATIONS = 10000;

export interface Pkcs12Input {
  privateKeyPem: string;
  /** Leaf first, then intermediates, each DER. */
  certificatesDer: Buffer[];
  password: string;
  /** Shown by Windows' certificate store and keytool as the entry's alias. */
  friendlyName: string;
}

export function buildPkcs12(input: Pkcs12Input): Buffer {
  if (input.password.length === 0) throw new Error('PKCS#12 password is empty');
  const leaf = input.certificatesDer[0];
  if (!leaf) throw new Error('PKCS#12 needs at least the leaf certificate');
  const keyDer = createPrivateKey(input.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  const derive = (label: string, length: number) =>
    createHmac('sha256', createHash('sha256').update(keyDer).digest())
      .update(`certflow pkcs12 ${label}\0`)
      .update(leaf)
      .digest()
      .subarray(0, length);

  // Ties the key to its certificate, as every PKCS#12 writer does (Windows pairs them by it).
  const localKeyId = createHash('sha1').update(leaf).digest();
  const keyAttributes = set(
    attribute(OID.friendlyName, bmpString(input.friendlyName)),
    attribute(OID.localKeyId, octets(localKeyId)),
  );
  const keyBag = sequence(
    oid(OID.shroudedKeyBag),
    explicit(0, encryptPrivateKey(keyDer, input.password, derive('key-salt', 16), derive('key-iv', 16))),
    keyAttributes,
  );
  const certBags = input.certificatesDer.map((der, i) =>
    sequence(
      oid(OID.certBag),
      explicit(0, sequence(oid(OID.x509Certificate), explicit(0, octets(der)))),
      ...(i === 0 ? [keyAttributes] : []),
    ),
  );
  const authSafe = sequence(dataContent(sequence(...certBags)), dataContent(sequence(keyBag)));

  const macSalt = derive('mac-salt', 16);
  const macKey = pkcs12Kdf(input.password, macSalt, 3, PKCS12_ITERATIONS, 32);
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  return sequence(
    integer(3),
    sequence(oid(OID.data), explicit(0, octets(authSafe))),
    sequence(
      sequence(sequence(oid(OID.sha256), nullValue()), octets(mac)),
      octets(macSalt),
      integer(PKCS12_ITERATIONS),
    ),
  );
}

function attribute(id: string, value: Buffer): Buffer {
  return sequence(oid(id), set(value));
}

function dataContent(content: Buffer): Buffer {
  return sequence(oid(OID.data), explicit(0, octets(content)));
}

/** EncryptedPrivateKeyInfo with PBES2 (RFC 8018). PBKDF2 takes the password as UTF-8, like OpenSSL. */
function encryptPrivateKey(keyDer: Buffer, password: string, salt: Buffer, iv: Buffer): Buffer {
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, PKCS12_ITERATIONS, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(keyDer), cipher.final()]);
  const params = sequence(
    sequence(
      oid(OID.pbkdf2),
      sequence(octets(salt), integer(PKCS12_ITERATIONS), sequence(oid(OID.hmacWithSha256), nullValue())),
    ),
    sequence(oid(OID.aes256Cbc), octets(iv)),
  );
  return sequence(sequence(oid(OID.pbes2), params), octets(encrypted));
}

/**
 * The PKCS#12 key derivation (RFC 7292 appendix B.2) with SHA-256, which the MAC still uses: the
 * password as a NUL-terminated BMPString, salt and password each stretched to whole 64-byte blocks.
 */
export function pkcs12Kdf(
  password: string,
  salt: Buffer,
  id: number,
  iterations: number,
  length: number,
): Buffer {
  const u = 32;
  const v = 64;
  const raw = Buffer.concat([utf16be(password), Buffer.alloc(2)]);
  const fill = (data: Buffer) => {
    const size = v * Math.ceil(data.length / v);
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i++) out[i] = data[i % data.length] as number;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(raw)]);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let a = createHash('sha256').update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash('sha256').update(a).digest();
    blocks.push(a);
    const b = fill(a);
    for (let j = 0; j < i.length; j += v) {
      // I_j = (I_j + B + 1) mod 2^(8v), big-endian.
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (i[j + k] as number) + (b[k] as number) + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}
