"use strict";
exports.id = 275;
exports.ids = [275];
exports.modules = {

/***/ 32656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lF: () => (/* binding */ certificateFacts),
  xS: () => (/* binding */ factsOf),
  T1: () => (/* binding */ issuedBy),
  $O: () => (/* binding */ leafDerSha256),
  kt: () => (/* binding */ leafFacts),
  TN: () => (/* binding */ oneLine),
  hB: () => (/* binding */ parseCertificate),
  fg: () => (/* binding */ sha256Hex),
  mU: () => (/* binding */ splitPemChain)
});

// UNUSED EXPORTS: canonicalPemDer, keyTypeOf

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/util/der-read.ts
/**
 * A strict DER reader (ITU-T X.690, distinguished rules only) for the one structure certflow reads
 * itself: the leaf certificate of a stored bundle (src/util/x509-der.ts). Its input is whatever
 * anyone with write access put in the store, so every length is checked against what is left
 * before anything is read or sliced, only definite minimal lengths and one-byte tags are taken,
 * and every problem is a DerError, never a read past the end or an allocation sized by the input.
 */
class DerError extends Error {
}
/** Four length bytes reach 4 GiB, far past any certificate: more is refused, not computed. */
const MAX_LENGTH_BYTES = 4;
/** The element at `at`, which must end at or before `limit`. */
function readTlv(buf, at, limit) {
    if (at + 2 > limit)
        throw new DerError(`truncated at byte ${at}`);
    const tag = buf[at];
    if ((tag & 0x1f) === 0x1f)
        throw new DerError(`multi-byte tag at byte ${at}`);
    const first = buf[at + 1];
    let body = at + 2;
    let length = first;
    if (first >= 0x80) {
        const count = first & 0x7f;
        if (count === 0)
            throw new DerError(`indefinite length at byte ${at}`);
        if (count > MAX_LENGTH_BYTES)
            throw new DerError(`${count} length bytes at byte ${at}`);
        if (body + count > limit)
            throw new DerError(`truncated length at byte ${at}`);
        if (buf[body] === 0)
            throw new DerError(`length with a leading zero at byte ${at}`);
        length = 0;
        for (let k = 0; k < count; k++)
            length = length * 256 + buf[body + k];
        if (length < 0x80)
            throw new DerError(`long form for a short length at byte ${at}`);
        body += count;
    }
    if (length > limit - body)
        throw new DerError(`length ${length} at byte ${at} runs past the end`);
    return { tag, start: at, body, end: body + length };
}
/** Reads the elements of one constructed element (or of a whole buffer) in order. */
class DerReader {
    buf;
    end;
    at;
    constructor(buf, start = 0, end = buf.length) {
        this.buf = buf;
        this.end = end;
        this.at = start;
    }
    /** A reader over the content of `tlv`. */
    static inside(buf, tlv) {
        return new DerReader(buf, tlv.body, tlv.end);
    }
    get done() {
        return this.at >= this.end;
    }
    /** The tag of the next element, or undefined at the end. */
    peek() {
        return this.done ? undefined : this.buf[this.at];
    }
    /** The next element; with `tag`, it must have that tag. */
    next(tag) {
        const tlv = readTlv(this.buf, this.at, this.end);
        if (tag !== undefined && tlv.tag !== tag) {
            throw new DerError(`expected tag 0x${hex(tag)} at byte ${this.at}, found 0x${hex(tlv.tag)}`);
        }
        this.at = tlv.end;
        return tlv;
    }
    /** Nothing may follow the elements read. */
    finish() {
        if (this.at !== this.end)
            throw new DerError(`${this.end - this.at} trailing byte(s) at byte ${this.at}`);
    }
}
const hex = (n) => n.toString(16).padStart(2, '0');
/** The content bytes of `tlv` (a view, not a copy). */
function contentOf(buf, tlv) {
    return buf.subarray(tlv.body, tlv.end);
}
/** The whole element's bytes, tag and length included (a view). */
function bytesOf(buf, tlv) {
    return buf.subarray(tlv.start, tlv.end);
}
/**
 * The magnitude of a positive INTEGER in minimal DER, without its sign byte; a zero, negative or
 * padded INTEGER is a DerError (OpenSSL refuses padding too, and certflow has no use for the rest).
 */
function positiveInteger(buf, tlv) {
    if (tlv.tag !== 0x02)
        throw new DerError(`expected INTEGER at byte ${tlv.start}`);
    const bytes = contentOf(buf, tlv);
    if (bytes.length === 0)
        throw new DerError(`empty INTEGER at byte ${tlv.start}`);
    const lead = bytes[0];
    if (lead & 0x80)
        throw new DerError(`negative INTEGER at byte ${tlv.start}`);
    if (lead === 0) {
        if (bytes.length === 1)
            throw new DerError(`zero INTEGER at byte ${tlv.start}`);
        if (!(bytes[1] & 0x80))
            throw new DerError(`padded INTEGER at byte ${tlv.start}`);
        return bytes.subarray(1);
    }
    return bytes;
}

;// CONCATENATED MODULE: ./src/util/x509-der.ts
/**
 * Reads a leaf certificate's facts from its DER without node:crypto, for the plain certificates
 * every CA issues: a plan over 10,000 bundles spent most of its time in X509Certificate and in
 * exporting each public key (issue 22). It only ever vouches, it never refuses: anything outside
 * the plain subset below (an unknown algorithm or attribute, a name with characters OpenSSL would
 * escape, a time outside RFC 5280's forms, a SAN entry that is not a DNS name, any DER that is not
 * strictly minimal) gives undefined, and the caller parses with node:crypto as before, which then
 * accepts or refuses exactly as it always did. Inside the subset the result is what node:crypto
 * reads (test/unit/x509-der.test.ts compares both on generated and on mutated certificates).
 */

const h = (text) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
/** Signature algorithms, as whole AlgorithmIdentifier elements (parameters exactly as RFCs 5758/4055). */
const SIGNATURE_ALGORITHMS = [
    h('300a 0608 2a8648ce3d040302'), // ecdsa-with-SHA256
    h('300a 0608 2a8648ce3d040303'), // ecdsa-with-SHA384
    h('300a 0608 2a8648ce3d040304'), // ecdsa-with-SHA512
    h('300d 0609 2a864886f70d01010b 0500'), // sha256WithRSAEncryption
    h('300d 0609 2a864886f70d01010c 0500'), // sha384WithRSAEncryption
    h('300d 0609 2a864886f70d01010d 0500'), // sha512WithRSAEncryption
];
const EC_P256 = h('3013 0607 2a8648ce3d0201 0608 2a8648ce3d030107');
const EC_P384 = h('3010 0607 2a8648ce3d0201 0605 2b81040022');
const RSA = h('300d 0609 2a864886f70d010101 0500');
/** Short names of the attributes node:crypto prints (OpenSSL's), by the last byte of 2.5.4.x. */
const ATTRIBUTES = new Map([
    [3, 'CN'],
    [6, 'C'],
    [7, 'L'],
    [8, 'ST'],
    [10, 'O'],
    [11, 'OU'],
]);
const ATTRIBUTE_PREFIX = h('0603 5504');
/** UTF8String, PrintableString, IA5String. */
const STRING_TAGS = new Set([0x0c, 0x13, 0x16]);
/**
 * Characters OpenSSL prints as they are (RFC 2253 escapes , + " \ < > ; and a leading # or space;
 * node escapes none of these in a DNS name): anything else leaves the reading to node:crypto.
 */
const PLAIN_VALUE = /^[A-Za-z0-9.*_'()/:@-](?:[A-Za-z0-9 .*_'()/:@-]*[A-Za-z0-9.*_'()/:@-])?$/;
const PLAIN_DNS_NAME = /^[A-Za-z0-9.*_-]+$/;
const SAN_OID = h('0603 551d11');
const VERSION_3 = h('a003 020102');
const CRITICAL_TRUE = h('0101ff');
/** Facts of the certificate in `der`, or undefined when it is not plain enough to be sure. */
function readCertificateDer(der) {
    try {
        return readCertificate(der);
    }
    catch (error) {
        if (error instanceof DerError)
            return undefined;
        throw error;
    }
}
function readCertificate(der) {
    const top = new DerReader(der);
    const certificate = top.next(0x30);
    top.finish();
    const outer = DerReader.inside(der, certificate);
    const tbs = DerReader.inside(der, outer.next(0x30));
    if (!knownAlgorithm(der, outer.next(0x30)))
        return undefined;
    const signature = outer.next(0x03);
    if (signature.end - signature.body < 2 || der[signature.body] !== 0)
        return undefined; // unused bits
    outer.finish();
    // Version: v3 only, [0] EXPLICIT INTEGER 2.
    const version = tbs.next(0xa0);
    if (!same(bytesOf(der, version), VERSION_3))
        return undefined;
    const serial = Buffer.from(positiveInteger(der, tbs.next())).toString('hex');
    if (!knownAlgorithm(der, tbs.next(0x30)))
        return undefined;
    const issuer = readName(der, tbs.next(0x30));
    const validity = DerReader.inside(der, tbs.next(0x30));
    const notBefore = readTime(der, validity.next());
    const notAfter = readTime(der, validity.next());
    validity.finish();
    const subject = readName(der, tbs.next(0x30));
    const spkiTlv = tbs.next(0x30);
    const keyType = readPublicKey(der, spkiTlv);
    // Unique identifiers [1]/[2] are obsolete: leave them to node:crypto. Extensions are [3].
    if (tbs.done)
        return undefined;
    const explicit = DerReader.inside(der, tbs.next(0xa3));
    const extensions = DerReader.inside(der, explicit.next(0x30));
    explicit.finish();
    tbs.finish();
    const names = readNames(der, extensions);
    if (issuer === undefined || subject === undefined || !notBefore || !notAfter || !keyType || !names) {
        return undefined;
    }
    return { serial, notBefore, notAfter, issuer, subject, names, keyType, spki: bytesOf(der, spkiTlv) };
}
function same(a, b) {
    return Buffer.compare(a, b) === 0;
}
function knownAlgorithm(der, tlv) {
    const bytes = bytesOf(der, tlv);
    return SIGNATURE_ALGORITHMS.some((a) => same(a, bytes));
}
/** One line, last RDN first; undefined when any part is outside the plain subset. */
function readName(der, tlv) {
    const rdns = DerReader.inside(der, tlv);
    const parts = [];
    while (!rdns.done) {
        const set = DerReader.inside(der, rdns.next(0x31));
        const attribute = DerReader.inside(der, set.next(0x30));
        set.finish(); // multi-valued RDNs print with " + ": not plain
        const type = bytesOf(der, attribute.next(0x06));
        const value = attribute.next();
        attribute.finish();
        if (type.length !== 5 || !same(type.subarray(0, 4), ATTRIBUTE_PREFIX))
            return undefined;
        const short = ATTRIBUTES.get(type[4]);
        if (!short || !STRING_TAGS.has(value.tag))
            return undefined;
        const text = Buffer.from(contentOf(der, value)).toString('latin1');
        if (!PLAIN_VALUE.test(text))
            return undefined;
        parts.push(`${short}=${text}`);
    }
    // An empty name (a short-lived Let's Encrypt certificate's subject) is "", as x509.ts reads it.
    return parts.reverse().join(', ');
}
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ (RFC 5280 4.1.2.5), nothing looser. */
function readTime(der, tlv) {
    const text = Buffer.from(contentOf(der, tlv)).toString('latin1');
    let digits;
    let year;
    if (tlv.tag === 0x17 && /^\d{12}Z$/.test(text)) {
        digits = text.slice(2, 12);
        const yy = Number(text.slice(0, 2));
        year = yy >= 50 ? 1900 + yy : 2000 + yy;
    }
    else if (tlv.tag === 0x18 && /^\d{14}Z$/.test(text)) {
        digits = text.slice(4, 14);
        year = Number(text.slice(0, 4));
    }
    else
        return undefined;
    // Before 1950 node's date text would need a two-digit year reading: not plain.
    if (year < 1950)
        return undefined;
    const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((i) => Number(digits.slice(i, i + 2)));
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
    if (month < 1 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59)
        return undefined;
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}
/** The key type, after checking the key is one node:crypto would load (an EC point on its curve). */
function readPublicKey(der, tlv) {
    const spki = DerReader.inside(der, tlv);
    const algorithm = bytesOf(der, spki.next(0x30));
    const bits = spki.next(0x03);
    spki.finish();
    if (bits.end - bits.body < 2 || der[bits.body] !== 0)
        return undefined;
    const key = der.subarray(bits.body + 1, bits.end);
    if (same(algorithm, EC_P256))
        return onCurve(key, P256) ? 'ecdsa-p256' : undefined;
    if (same(algorithm, EC_P384))
        return onCurve(key, P384) ? 'ecdsa-p384' : undefined;
    if (!same(algorithm, RSA))
        return undefined;
    const rsa = new DerReader(key);
    const sequence = DerReader.inside(key, rsa.next(0x30));
    rsa.finish();
    const modulus = positiveInteger(key, sequence.next());
    const exponent = positiveInteger(key, sequence.next());
    sequence.finish();
    const size = modulus.length * 8 - Math.clz32(modulus[0]) + 24;
    // Sizes outside what CAs issue, or an even exponent, are node:crypto's to judge.
    if (size < 1024 || size > 16384 || exponent.length > 4 || !(exponent.at(-1) & 1))
        return undefined;
    return `rsa-${size}`;
}
const P256 = {
    bytes: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
};
const P384 = {
    bytes: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
};
/**
 * An uncompressed point (04 || x || y) on the curve y² = x³ - 3x + b: OpenSSL parses a certificate
 * with any bytes there but then cannot load its key, so only a point it would load is vouched for.
 */
function onCurve(point, curve) {
    if (point.length !== 1 + 2 * curve.bytes || point[0] !== 0x04)
        return false;
    const x = BigInt(`0x${Buffer.from(point.subarray(1, 1 + curve.bytes)).toString('hex')}`);
    const y = BigInt(`0x${Buffer.from(point.subarray(1 + curve.bytes)).toString('hex')}`);
    const { p, b } = curve;
    if (x >= p || y >= p)
        return false;
    return (y * y - (x * x * x - 3n * x + b)) % p === 0n;
}
/**
 * The DNS names of the one subjectAltName extension (none without it). Any other kind of entry,
 * a second SAN extension or a non-canonical critical flag leaves the reading to node:crypto.
 */
function readNames(der, extensions) {
    let names;
    if (extensions.done)
        return undefined; // RFC 5280: SIZE (1..MAX)
    while (!extensions.done) {
        const extension = DerReader.inside(der, extensions.next(0x30));
        const oid = extension.next(0x06);
        validOid(der, oid);
        let value = extension.next();
        if (value.tag === 0x01) {
            if (!same(bytesOf(der, value), CRITICAL_TRUE))
                return undefined;
            value = extension.next();
        }
        if (value.tag !== 0x04)
            return undefined;
        extension.finish();
        if (!same(bytesOf(der, oid), SAN_OID))
            continue;
        if (names)
            return undefined;
        names = [];
        const wrapper = new DerReader(der, value.body, value.end);
        const list = DerReader.inside(der, wrapper.next(0x30));
        wrapper.finish();
        if (list.done)
            return undefined;
        while (!list.done) {
            const entry = list.next();
            if (entry.tag !== 0x82)
                return undefined;
            const name = Buffer.from(contentOf(der, entry)).toString('latin1');
            if (!PLAIN_DNS_NAME.test(name))
                return undefined;
            names.push(name);
        }
    }
    return names ?? [];
}
/** An OBJECT IDENTIFIER's content: sub-identifiers minimal (no leading 0x80) and complete. */
function validOid(der, tlv) {
    const bytes = contentOf(der, tlv);
    if (bytes.length === 0 || (bytes.at(-1) & 0x80) !== 0)
        throw new DerError('bad OID');
    for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x80 && (i === 0 || !(bytes[i - 1] & 0x80)))
            throw new DerError('bad OID');
    }
}

;// CONCATENATED MODULE: ./src/util/x509.ts
/**
 * Certificate facts every stage needs: from a DER walk for plain certificates (src/util/x509-der.ts),
 * otherwise with Node's own X509Certificate.
 */


const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
/**
 * Splits a PEM chain into its certificates, in order. One pass with indexOf, never a lazy regex:
 * a chain comes from the store (anyone with write access), and a regex that rescans to the end
 * for every BEGIN without an END is quadratic (2 s on 512 KiB).
 */
function splitPemChain(pem) {
    const blocks = [];
    let from = 0;
    for (;;) {
        const begin = pem.indexOf(BEGIN, from);
        if (begin < 0)
            break;
        const end = pem.indexOf(END, begin + BEGIN.length);
        // No END after this BEGIN means none after any later BEGIN either: done.
        if (end < 0)
            break;
        blocks.push(`${pem.slice(begin, end + END.length)}\n`);
        from = end + END.length;
    }
    return blocks;
}
/**
 * A distinguished name as one line, last RDN first. node:crypto gives undefined for an empty name
 * (Let's Encrypt's short-lived certificates have an empty subject): that is "", not a crash.
 */
function oneLine(dn) {
    return (dn ?? '')
        .split('\n')
        .filter((part) => part.length > 0)
        .reverse()
        .join(', ');
}
/**
 * Recently used certificates, by their exact PEM text: the intermediate a whole store shares is
 * parsed once, not once per bundle (issue 22). The key is the whole input, so a hit is the same
 * certificate by construction. Bounded, least recently used out, so a large store never grows it
 * and the shared intermediate stays while each leaf passes through. The plan parses no leaves
 * (certificateFacts walks them) and deploy, check and verify one per bundle: 64 is plenty (512
 * once held leaves for nothing and took a 10,000-bundle plan from about 217 MB to 300 MB).
 */
const PARSED_MAX = 64;
const parsed = new Map();
/** A certificate from PEM text, parsed once while it is among the recently used ones. */
function parseCertificate(pem) {
    let cert = parsed.get(pem);
    if (cert) {
        parsed.delete(pem); // set again below, as the most recently used
    }
    else {
        cert = new external_node_crypto_.X509Certificate(pem);
        if (parsed.size >= PARSED_MAX)
            parsed.delete(parsed.keys().next().value);
    }
    parsed.set(pem, cert);
    return cert;
}
/**
 * The facts of one certificate (PEM text or DER). A plain certificate is read with a DER walk,
 * which is many times cheaper than a parse plus a key export and gives the same facts; anything
 * else is parsed by node:crypto, which throws on what it cannot parse, as it always did.
 */
function certificateFacts(pemOrDer) {
    const der = typeof pemOrDer === 'string' ? canonicalPemDer(pemOrDer) : pemOrDer;
    const walked = der && readCertificateDer(der);
    if (der && walked) {
        const { spki, ...facts } = walked;
        return {
            ...facts,
            sha256: sha256Hex(der),
            publicKeySha256: sha256Hex(spki),
            authorityKeyId: authorityKeyId(der),
            // A copy of a caller's buffer, as cert.raw is: callers own what they get.
            der: typeof pemOrDer === 'string' ? der : Buffer.from(der),
        };
    }
    return factsOf(typeof pemOrDer === 'string' ? parseCertificate(pemOrDer) : new external_node_crypto_.X509Certificate(pemOrDer));
}
/** The facts as node:crypto reads them from a parsed certificate. */
function factsOf(cert) {
    const der = cert.raw;
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    const names = (cert.subjectAltName ?? '')
        .split(', ')
        .filter((entry) => entry.startsWith('DNS:'))
        .map((entry) => entry.slice(4));
    return {
        serial: cert.serialNumber.toLowerCase(),
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        issuer: oneLine(cert.issuer),
        subject: oneLine(cert.subject),
        names,
        sha256: sha256Hex(der),
        publicKeySha256: sha256Hex(spki),
        keyType: keyTypeOf(cert),
        authorityKeyId: authorityKeyId(der),
        der,
    };
}
/** Whether `parent` issued `child`: its name and key identifier match, and its key verifies the signature. */
function issuedBy(child, parent) {
    try {
        return child.checkIssued(parent) && child.verify(parent.publicKey);
    }
    catch {
        return false;
    }
}
/** Key type in the manifest's words, from the certificate's public key. */
function keyTypeOf(cert) {
    const key = cert.publicKey;
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'ec') {
        const curve = details.namedCurve;
        if (curve === 'prime256v1')
            return 'ecdsa-p256';
        if (curve === 'secp384r1')
            return 'ecdsa-p384';
        return `ecdsa-${curve ?? 'unknown'}`;
    }
    if (key.asymmetricKeyType === 'rsa')
        return `rsa-${details.modulusLength ?? 'unknown'}`;
    return key.asymmetricKeyType ?? 'unknown';
}
const PEM_LINE = /^[A-Za-z0-9+/]{64}$/;
const PEM_LAST_LINE = /^[A-Za-z0-9+/]{0,63}[A-Za-z0-9+/=]={0,1}$/;
/**
 * The DER of one PEM block (as splitPemChain gives it) when the block is written the one usual way:
 * the BEGIN line, lines of 64 base64 characters and a shorter or equal last one, the END line,
 * LF or CRLF, canonical base64. Anything else (headers, odd line lengths, stray characters) is
 * undefined and left to OpenSSL's own PEM reader, so the walk never sees bytes OpenSSL would not.
 */
function canonicalPemDer(block) {
    const lines = block.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (lines.at(-1) === '')
        lines.pop();
    if (lines.length < 3 || lines[0] !== BEGIN || lines.at(-1) !== END)
        return undefined;
    const body = lines.slice(1, -1);
    for (let i = 0; i < body.length - 1; i++)
        if (!PEM_LINE.test(body[i]))
            return undefined;
    const last = body.at(-1);
    if (last.length === 0 || last.length > 64 || !PEM_LAST_LINE.test(last))
        return undefined;
    const text = body.join('');
    if (text.length % 4 !== 0)
        return undefined;
    const der = Buffer.from(text, 'base64');
    return der.toString('base64') === text ? der : undefined;
}
/**
 * SHA-256 of the leaf's DER, from the PEM text alone: what the store read compares with the
 * manifest, without parsing (the bundle verifier parses and checks the certificate itself).
 */
function leafDerSha256(fullchainPem) {
    const [leaf] = splitPemChain(fullchainPem);
    const body = leaf?.slice(BEGIN.length, leaf.lastIndexOf(END)).replace(/\s+/g, '') ?? '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body))
        throw new Error('no PEM certificate found');
    return sha256Hex(Buffer.from(body, 'base64'));
}
/** Facts of the leaf, the first certificate of a PEM chain. */
function leafFacts(fullchainPem) {
    const [leaf] = splitPemChain(fullchainPem);
    if (!leaf)
        throw new Error('no PEM certificate found');
    return certificateFacts(leaf);
}
function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
// OID 2.5.29.35 (authorityKeyIdentifier) in DER, followed by the extension's OCTET STRING.
const AKI_OID = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x23]);
/**
 * Reads keyIdentifier [0] from the authorityKeyIdentifier extension. Node does not expose it, and a
 * DER walk this small is clearer than pulling in an ASN.1 library for one field.
 */
function authorityKeyId(der) {
    const at = der.indexOf(AKI_OID);
    if (at < 0)
        return undefined;
    let i = at + AKI_OID.length;
    if (der[i] === 0x01)
        i += 3; // critical BOOLEAN
    if (der[i] !== 0x04)
        return undefined; // OCTET STRING wrapping the extension value
    i += 1 + lengthBytes(der, i + 1);
    if (der[i] !== 0x30)
        return undefined; // SEQUENCE
    i += 1 + lengthBytes(der, i + 1);
    if (der[i] !== 0x80)
        return undefined; // [0] keyIdentifier
    const len = readLength(der, i + 1);
    const start = i + 1 + lengthBytes(der, i + 1);
    return der.subarray(start, start + len).toString('hex');
}
function lengthBytes(der, at) {
    const first = der[at] ?? 0;
    return first < 0x80 ? 1 : 1 + (first & 0x7f);
}
function readLength(der, at) {
    const first = der[at] ?? 0;
    if (first < 0x80)
        return first;
    let len = 0;
    for (let k = 1; k <= (first & 0x7f); k++)
        len = len * 256 + (der[at + k] ?? 0);
    return len;
}


/***/ })

};
;