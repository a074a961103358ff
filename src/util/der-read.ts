/**
 * A strict DER reader (ITU-T X.690, distinguished rules only) for the one structure certflow reads
 * itself: the leaf certificate of a stored bundle (src/util/x509-der.ts). Its input is whatever
 * anyone with write access put in the store, so every length is checked against what is left
 * before anything is read or sliced, only definite minimal lengths and one-byte tags are taken,
 * and every problem is a DerError, never a read past the end or an allocation sized by the input.
 */

export class DerError extends Error {}

/** One element: its tag, where its content starts and where it ends (exclusive). */
export interface Tlv {
  tag: number;
  start: number;
  body: number;
  end: number;
}

/** Four length bytes reach 4 GiB, far past any certificate: more is refused, not computed. */
const MAX_LENGTH_BYTES = 4;

/** The element at `at`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new DerError(`truncated at byte ${at}`);
  const tag = buf[at] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at byte ${at}`);
  const first = buf[at + 1] as number;
  let body = at + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0) throw new DerError(`indefinite length at byte ${at}`);
    if (count > MAX_LENGTH_BYTES) throw new DerError(`${count} length bytes at byte ${at}`);
    if (body + count > limit) throw new DerError(`truncated length at byte ${at}`);
    if (buf[body] === 0) throw new DerError(`length with a leading zero at byte ${at}`);
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + (buf[body + k] as number);
    if (length < 0x80) throw new DerError(`long form for a short length at byte ${at}`);
    body += count;
  }
  if (length > limit - body) throw new DerError(`length ${length} at byte ${at} runs past the end`);
  return { tag, start: at, body, end: body + length };
}

/** Reads the elements of one constructed element (or of a whole buffer) in order. */
export class DerReader {
  private at: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.at = start;
  }

  /** A reader over the content of `tlv`. */
  static inside(buf: Uint8Array, tlv: Tlv): DerReader {
    return new DerReader(buf, tlv.body, tlv.end);
  }

  get done(): boolean {
    return this.at >= this.end;
  }

  /** The tag of the next element, or undefined at the end. */
  peek(): number | undefined {
    return this.done ? undefined : this.buf[this.at];
  }

  /** The next element; with `tag`, it must have that tag. */
  next(tag?: number): Tlv {
    const tlv = readTlv(this.buf, this.at, this.end);
    if (tag !== undefined && tlv.tag !== tag) {
      throw new DerError(`expected tag 0x${hex(tag)} at byte ${this.at}, found 0x${hex(tlv.tag)}`);
    }
    this.at = tlv.end;
    return tlv;
  }

  /** Nothing may follow the elements read. */
  finish(): void {
    if (this.at !== this.end) throw new DerError(`${this.end - this.at} trailing byte(s) at byte ${this.at}`);
  }
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** The content bytes of `tlv` (a view, not a copy). */
export function contentOf(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.body, tlv.end);
}

/** The whole element's bytes, tag and length included (a view). */
export function bytesOf(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.start, tlv.end);
}

/**
 * The magnitude of a positive INTEGER in minimal DER, without its sign byte; a zero, negative or
 * padded INTEGER is a DerError (OpenSSL refuses padding too, and certflow has no use for the rest).
 */
export function positiveInteger(buf: Uint8Array, tlv: Tlv): Uint8Array {
  if (tlv.tag !== 0x02) throw new DerError(`expected INTEGER at byte ${tlv.start}`);
  const bytes = contentOf(buf, tlv);
  if (bytes.length === 0) throw new DerError(`empty INTEGER at byte ${tlv.start}`);
  const lead = bytes[0] as number;
  if (lead & 0x80) throw new DerError(`negative INTEGER at byte ${tlv.start}`);
  if (lead === 0) {
    if (bytes.length === 1) throw new DerError(`zero INTEGER at byte ${tlv.start}`);
    if (!((bytes[1] as number) & 0x80)) throw new DerError(`padded INTEGER at byte ${tlv.start}`);
    return bytes.subarray(1);
  }
  return bytes;
}
