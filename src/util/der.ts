/**
 * The few DER encodings a PKCS#12 file needs (ITU-T X.690). Encode only, a handful of lines; the
 * one thing certflow reads as DER itself, a stored leaf certificate, goes through the strict
 * reader in der-read.ts, and everything else is left to Node's crypto and to openssl.
 */

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
/** SET OF: DER sorts the encoded members. */
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
export const octets = (data: Buffer): Buffer => tlv(0x04, data);
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
/** [n] EXPLICIT, constructed. */
export const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

export function integer(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`DER integer out of range: ${value}`);
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  if (bytes.length === 0 || (bytes[0] as number) & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a, b, ...rest] = parts;
  if (a === undefined || b === undefined) throw new Error(`bad OID ${dotted}`);
  const out: number[] = [a * 40 + b];
  for (const part of rest) {
    const group: number[] = [part & 0x7f];
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) group.unshift(0x80 | (n & 0x7f));
    out.push(...group);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTF-16 big-endian, the character encoding of BMPString and of PKCS#12 passwords. */
export function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const low = bytes[i] as number;
    bytes[i] = bytes[i + 1] as number;
    bytes[i + 1] = low;
  }
  return bytes;
}

/** BMPString, what PKCS#12 friendly names are. */
export const bmpString = (text: string): Buffer => tlv(0x1e, utf16be(text));
