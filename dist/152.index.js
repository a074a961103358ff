"use strict";
exports.id = 152;
exports.ids = [152];
exports.modules = {

/***/ 4152:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resealHandler: () => (/* binding */ resealHandler)
/* harmony export */ });
/* harmony import */ var _pipeline_reseal_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(43451);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36233);
/* harmony import */ var _store_write_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(82170);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/**
 * `certflow reseal [names]`: re-encrypts stored keys to the recipients the config names now
 * (store, certificate and targets), without ordering a certificate. It writes the working tree;
 * commit it (or let review see it in a pull request): verify flags every recipient change.
 */




const resealHandler = async (settings, log) => {
    if (!settings.ageIdentity) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e('reseal needs an age identity that opens the bundles today: --identity <file>, or CERTFLOW_AGE_IDENTITY', [{ path: '--identity', message: 'no age identity given' }]);
    }
    const names = settings.only ?? Object.keys(settings.config.certificates);
    const run = await (0,_pipeline_reseal_js__WEBPACK_IMPORTED_MODULE_0__/* .resealChanged */ .F)(settings, names, settings.ageIdentity, log);
    for (const bundle of run.bundles)
        await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_2__/* .writeBundle */ .M)((0,_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .storeDir */ .rT)(settings), bundle);
    const failed = run.results.filter((r) => r.action === 'failed');
    const resealed = run.results.filter((r) => r.action === 'resealed').map((r) => r.name);
    return {
        ok: failed.length === 0,
        outputs: { resealed: resealed.join(','), failed: failed.map((r) => r.name).join(',') },
        text: run.results.map((r) => `${r.name}: ${r.action}: ${r.message}`).join('\n') || 'no certificates',
        json: run.results,
    };
};


/***/ }),

/***/ 46125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   il: () => (/* binding */ HISTORY_MAX),
/* harmony export */   lj: () => (/* binding */ trimHistory)
/* harmony export */ });
/* unused harmony export HISTORY_KEEP_MS */
const DAY = 86_400_000;
/** Records older than this are dropped: the longest window of any policy is 7 days. */
const HISTORY_KEEP_MS = 8 * DAY;
/**
 * And at most this many, the newest. Sealing keeps the same number, so the count of the guard
 * (5 duplicates a week, 5 failures an hour) never runs short of records.
 */
const HISTORY_MAX = 20;
/** Keeps what the guard needs, oldest first: the last 8 days, at most 20 records. */
function trimHistory(history, now) {
    const nowMs = now.getTime();
    return history
        .filter((r) => {
        const t = Date.parse(r.at);
        return !Number.isNaN(t) && nowMs - t < HISTORY_KEEP_MS;
    })
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        .slice(-HISTORY_MAX);
}


/***/ }),

/***/ 43451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  F: () => (/* binding */ resealChanged),
  f: () => (/* binding */ resealOnRenew)
});

// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(39717);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/recipients.ts
var recipients = __webpack_require__(71033);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: ./src/store/manifest.ts
var store_manifest = __webpack_require__(77544);
// EXTERNAL MODULE: ./src/store/seal.ts
var seal = __webpack_require__(63652);
;// CONCATENATED MODULE: ./src/store/reseal.ts




async function resealBundle(name, opened, recipients) {
    const encryptedKey = await (0,seal/* encryptKey */.T1)(name, opened.privateKeyPem, recipients);
    const manifest = {
        ...opened.manifest,
        recipients: [...recipients],
        privateKeySha256: (0,x509/* sha256Hex */.fg)(encryptedKey),
    };
    return {
        name,
        manifest,
        files: {
            [read/* BUNDLE_FILES */.HJ.manifest]: (0,store_manifest/* serializeManifest */.MZ)(manifest),
            [read/* BUNDLE_FILES */.HJ.fullchain]: (0,seal/* normalizePem */.YA)(opened.fullchainPem),
            [read/* BUNDLE_FILES */.HJ.key]: encryptedKey,
        },
    };
}

// EXTERNAL MODULE: ./src/store/trust.ts
var store_trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/verify-stored.ts
var verify_stored = __webpack_require__(57954);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
;// CONCATENATED MODULE: ./src/pipeline/reseal.ts







/** Bundles of `names` whose recipients differ from the config's, re-sealed (not written). */
async function resealChanged(settings, names, identity, log, now = new Date()) {
    const dir = (0,read/* storeDir */.rT)(settings);
    const trust = await (0,store_trust/* loadTrustAnchors */.lK)(settings);
    const run = { results: [], bundles: [] };
    for (const name of names) {
        const stored = await (0,read/* readStoredCertificate */.ZK)(dir, name);
        if (stored.state === 'missing') {
            run.results.push({ name, action: 'missing', message: 'nothing stored yet' });
            continue;
        }
        const wanted = (0,recipients/* recipientsFor */.sx)(settings.config, name);
        const change = stored.state === 'present' ? (0,recipients/* recipientsChange */.xA)(stored.manifest.recipients, wanted) : undefined;
        if (stored.state === 'present' && !change) {
            run.results.push({ name, action: 'unchanged', message: 'already sealed to the configured recipients' });
            continue;
        }
        const what = change ? (0,recipients/* describeRecipientsChange */.ML)(change) : '';
        if (!identity) {
            const message = `recipients changed (${what}); re-sealing needs an identity that opens it: run certflow reseal ${name} --identity <file>, or it is sealed to the new recipients at its next renewal`;
            log.warn(`${name}: ${message}`);
            run.results.push({ name, action: 'failed', message });
            continue;
        }
        try {
            const verdict = await (0,verify_stored/* verifyStoredBundle */.V)(settings, dir, name, trust, 'verify', now);
            if (!verdict.ok)
                throw new Error(`the bundle is not valid, not re-sealed: ${(0,verify_stored/* describeFindings */.k)(verdict)}`);
            const opened = await (0,store_open/* openBundle */.h)(dir, name, identity);
            log.secret(opened.privateKeyPem);
            run.bundles.push(await resealBundle(name, opened, wanted));
            const message = `re-sealed to ${wanted.length} recipients (${what}); same certificate, serial ${opened.manifest.serial}`;
            log.info(`${name}: ${message}`);
            run.results.push({ name, action: 'resealed', message });
        }
        catch (error) {
            const message = error instanceof store_open/* BundleError */.r && error.problem === 'wrong-identity'
                ? `${(0,errors/* errorMessage */.g)(error)}: only a holder of an identity the key is sealed to now can re-seal it`
                : (0,errors/* errorMessage */.g)(error);
            log.error(`${name}: ${message}`);
            run.results.push({ name, action: 'failed', message });
        }
    }
    return run;
}
/**
 * Renew's part: the certificates it did not just issue whose recipients changed are re-sealed when
 * the run holds an identity that opens them; otherwise each is a warning saying what to run.
 */
async function resealOnRenew(settings, issued, log, warnings, now) {
    const names = Object.keys(settings.config.certificates).filter((n) => !issued.has(n) && (!settings.only?.length || settings.only.includes(n)));
    const run = await resealChanged(settings, names, settings.ageIdentity, log, now);
    for (const r of run.results)
        if (r.action === 'failed')
            warnings.push(`${r.name}: ${r.message}`);
    return run.bundles;
}


/***/ }),

/***/ 39717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ openBundle),
/* harmony export */   r: () => (/* binding */ BundleError)
/* harmony export */ });
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(81539);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32656);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(36233);
/* harmony import */ var _seal_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(63652);
/**
 * Opening a bundle: the only place a stored private key is decrypted. Each way a bundle can be
 * wrong has its own error naming the bundle and what differs, because "decryption failed" tells an
 * operator nothing about whether to restore a file, fix a secret or re-issue.
 */





/** A bundle that cannot be opened; `problem` says which check failed, for callers that branch on it. */
class BundleError extends Error {
    bundle;
    problem;
    constructor(bundle, problem, message) {
        super(message);
        this.name = 'BundleError';
        this.bundle = bundle;
        this.problem = problem;
    }
}
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const BINARY_MAGIC = 'age-encryption.org/v1\n';
/**
 * Reads `<storeDir>/<name>`, checks privkey.pem.age against the manifest's SHA-256, decrypts it
 * with `identity` (AGE-SECRET-KEY-1...), and checks that the key belongs to the certificate.
 * Accepts armored and binary age files, so a key re-encrypted by hand with the `age` CLI opens too
 * (once the manifest's privateKeySha256 is updated to match).
 */
async function openBundle(storeDir, name, identity) {
    const stored = await (0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .readStoredCertificate */ .ZK)(storeDir, name);
    if (stored.state === 'missing') {
        throw new BundleError(name, 'missing', `bundle ${name}: nothing stored under ${(0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .bundlePaths */ .hX)(storeDir, name).dir}`);
    }
    if (stored.state === 'unreadable') {
        throw new BundleError(name, 'unreadable', `bundle ${name}: ${stored.error}`);
    }
    const { manifest, fullchainPem } = stored;
    const keyPath = (0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .bundlePaths */ .hX)(storeDir, name).key;
    let encrypted;
    try {
        encrypted = await (0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .readBundleFile */ .zi)(keyPath);
    }
    catch (error) {
        throw new BundleError(name, 'unreadable', `bundle ${name}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`);
    }
    if (!encrypted)
        throw new BundleError(name, 'missing', `bundle ${name}: ${keyPath} is missing`);
    const actualSha = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256Hex */ .fg)(encrypted);
    if (actualSha !== manifest.privateKeySha256) {
        const truncation = truncationOf(encrypted);
        if (truncation) {
            throw new BundleError(name, 'truncated', `bundle ${name}: ${keyPath} is truncated (${truncation}, ${encrypted.length} bytes); restore it from git history`);
        }
        throw new BundleError(name, 'tampered', `bundle ${name}: ${keyPath} is not the file that was sealed: its SHA-256 is ${actualSha}, ${_read_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_FILES */ .HJ.manifest} says ${manifest.privateKeySha256}. Restore it from git history, or if you re-encrypted it on purpose, put the new SHA-256 in the manifest`);
    }
    const decrypter = new age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .Decrypter */ .Hz();
    try {
        decrypter.addIdentity(identity.trim());
    }
    catch {
        // The library's message could echo the identity; say what is wrong without it.
        throw new BundleError(name, 'bad-identity', `bundle ${name}: the age identity is not valid (expected one line starting with AGE-SECRET-KEY-1)`);
    }
    let privateKeyPem;
    try {
        privateKeyPem = await decrypter.decrypt(ciphertextOf(encrypted), 'text');
    }
    catch (error) {
        const message = (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error);
        if (/no identity matched/i.test(message)) {
            throw new BundleError(name, 'wrong-identity', `bundle ${name}: the age identity does not open ${keyPath}; it was encrypted to ${manifest.recipients.join(', ')}. Use the identity of one of those recipients`);
        }
        const truncation = truncationOf(encrypted);
        throw new BundleError(name, truncation ? 'truncated' : 'tampered', `bundle ${name}: ${keyPath} cannot be decrypted (${truncation ?? message}); restore it from git history`);
    }
    let keySha;
    try {
        keySha = (0,_seal_js__WEBPACK_IMPORTED_MODULE_4__/* .publicKeySha256OfPrivateKey */ .jc)(privateKeyPem, `bundle ${name}`);
    }
    catch (error) {
        throw new BundleError(name, 'mismatched-key', (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error));
    }
    // Compared with the certificate itself, never the manifest: anyone can write a manifest that
    // names the key they sealed.
    let leafKeySha;
    try {
        leafKeySha = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .leafFacts */ .kt)(fullchainPem).publicKeySha256;
    }
    catch (error) {
        throw new BundleError(name, 'unreadable', `bundle ${name}: fullchain.pem: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`);
    }
    if (keySha !== leafKeySha) {
        throw new BundleError(name, 'mismatched-key', `bundle ${name}: key: the decrypted private key does not belong to the certificate: the key's public-key SHA-256 is ${keySha}, the certificate's is ${leafKeySha}`);
    }
    return { manifest, fullchainPem, privateKeyPem };
}
/** The raw age file, from armored or binary form. Armor errors surface as decryption errors. */
function ciphertextOf(file) {
    const text = file.toString('latin1');
    if (text.trimStart().startsWith(ARMOR_BEGIN))
        return age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .armor.decode */ .yE.decode(text);
    return new Uint8Array(file);
}
/** Why a file looks cut short, or undefined when its framing is complete. */
function truncationOf(file) {
    if (file.length === 0)
        return 'the file is empty';
    const text = file.toString('latin1');
    if (text.trimStart().startsWith(ARMOR_BEGIN)) {
        if (!text.includes(ARMOR_END))
            return `no "${ARMOR_END}" line`;
        try {
            age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .armor.decode */ .yE.decode(text);
        }
        catch (error) {
            return `the armor does not decode: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`;
        }
        return undefined;
    }
    if (BINARY_MAGIC.startsWith(text.slice(0, BINARY_MAGIC.length)) && file.length <= BINARY_MAGIC.length) {
        return 'it ends inside the age header';
    }
    if (text.startsWith(BINARY_MAGIC) && !text.includes('\n---'))
        return 'it ends inside the age header';
    return undefined;
}


/***/ }),

/***/ 63652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T1: () => (/* binding */ encryptKey),
/* harmony export */   YA: () => (/* binding */ normalizePem),
/* harmony export */   jc: () => (/* binding */ publicKeySha256OfPrivateKey),
/* harmony export */   u2: () => (/* binding */ sealBundle)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81539);
/* harmony import */ var _acme_ari_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(46484);
/* harmony import */ var _guard_history_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(46125);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(32656);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(77544);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(36233);
/* harmony import */ var _tlsa_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(79389);
/**
 * Sealing: turns a certificate fresh from the CA into the three files of a bundle. The private key
 * is encrypted with age to every recipient before anything leaves memory; the manifest binds that
 * ciphertext (by its SHA-256) and the key (by its public-key SHA-256) to the certificate.
 */









/**
 * Encrypts the key to `recipients` (armored, so the diff and the stock `age -d` both work) and
 * builds the manifest. `previous` is the manifest being replaced: its history is carried forward
 * (with this issuance appended) and its back-off is cleared, because this attempt succeeded.
 */
async function sealBundle(issued, recipients, previous) {
    if (recipients.length === 0) {
        throw new Error(`cannot seal ${issued.name}: store.recipients is empty, nobody could decrypt the key`);
    }
    const fullchainPem = normalizePem(issued.fullchainPem);
    const facts = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .leafFacts */ .kt)(fullchainPem);
    const keyPublicSha = publicKeySha256OfPrivateKey(issued.privateKeyPem, issued.name);
    if (keyPublicSha !== facts.publicKeySha256) {
        // Storing this would give a bundle that can never be deployed; better to fail the issuance now.
        throw new Error(`cannot seal ${issued.name}: the private key does not belong to the certificate (key's public-key SHA-256 ${keyPublicSha}, certificate's ${facts.publicKeySha256})`);
    }
    const encryptedKey = await encryptKey(issued.name, issued.privateKeyPem, recipients);
    const next = await sealNextKey(issued, recipients);
    const record = {
        at: issued.issuedAt,
        result: 'issued',
        serial: facts.serial,
        domains: [...issued.domains],
        ...(issued.ariReplacement !== undefined ? { ariReplacement: issued.ariReplacement } : {}),
    };
    const history = [...(previous?.history ?? []), record].slice(-_guard_history_js__WEBPACK_IMPORTED_MODULE_3__/* .HISTORY_MAX */ .il);
    const replaces = issued.replaces ?? previous?.serial;
    const manifest = {
        version: 1,
        name: issued.name,
        domains: [...issued.domains],
        keyType: issued.keyType,
        ...(issued.profile ? { profile: issued.profile } : {}),
        serial: facts.serial,
        notBefore: facts.notBefore.toISOString(),
        notAfter: facts.notAfter.toISOString(),
        issuer: facts.issuer,
        ...(issued.acmeDirectory ? { acmeDirectory: issued.acmeDirectory } : {}),
        certificateSha256: facts.sha256,
        publicKeySha256: facts.publicKeySha256,
        ...(facts.authorityKeyId
            ? { ariCertId: (0,_acme_ari_js__WEBPACK_IMPORTED_MODULE_2__/* .ariCertificateIdFromParts */ .hI)(facts.authorityKeyId, facts.serial) }
            : {}),
        ...(issued.ari ? { ari: issued.ari } : {}),
        issuedAt: issued.issuedAt,
        // A serial never "replaces" itself (re-sealing the same certificate, e.g. new recipients).
        ...(replaces && replaces !== facts.serial ? { replaces } : {}),
        recipients: [...recipients],
        privateKeySha256: (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Hex */ .fg)(encryptedKey),
        history,
        ...(next
            ? {
                dane: {
                    nextPublicKeySha256: next.publicKeySha256,
                    nextKeySha256: (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Hex */ .fg)(next.encrypted),
                    tlsa: { current: (0,_tlsa_js__WEBPACK_IMPORTED_MODULE_8__/* .tlsa311 */ .c)(facts.publicKeySha256), next: (0,_tlsa_js__WEBPACK_IMPORTED_MODULE_8__/* .tlsa311 */ .c)(next.publicKeySha256) },
                },
            }
            : {}),
        // Revocations stay on record across renewals: they are about serials, not the current one.
        ...(previous?.revocations?.length ? { revocations: [...previous.revocations] } : {}),
    };
    return {
        name: issued.name,
        manifest,
        files: {
            [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.manifest]: (0,_manifest_js__WEBPACK_IMPORTED_MODULE_6__/* .serializeManifest */ .MZ)(manifest),
            [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.fullchain]: fullchainPem,
            [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.key]: encryptedKey,
            ...(next ? { [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.nextKey]: next.encrypted } : {}),
        },
    };
}
/** A DANE TLSA record's data for a key: usage 3 (DANE-EE), selector 1 (SPKI), matching type 1 (SHA-256). */

/** The key encrypted to every recipient, armored (so the diff and the stock `age -d` both work). */
async function encryptKey(name, privateKeyPem, recipients) {
    if (recipients.length === 0) {
        throw new Error(`cannot seal ${name}: no recipients, nobody could decrypt the key`);
    }
    const encrypter = new age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .Encrypter */ .T7();
    for (const recipient of recipients) {
        try {
            encrypter.addRecipient(recipient);
        }
        catch (error) {
            throw new Error(`cannot seal ${name}: recipient "${recipient}" is not a valid age recipient (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)})`);
        }
    }
    return age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .armor.encode */ .yE.encode(await encrypter.encrypt(privateKeyPem));
}
/** The next key's sealed file and public-key SHA-256: a fresh key is encrypted, a sealed one kept as it is. */
async function sealNextKey(issued, recipients) {
    const next = issued.next;
    if (!next)
        return undefined;
    if ('encrypted' in next)
        return next;
    return {
        encrypted: await encryptKey(issued.name, next.privateKeyPem, recipients),
        publicKeySha256: publicKeySha256OfPrivateKey(next.privateKeyPem, `${issued.name} next key`),
    };
}
/** SHA-256 of the SubjectPublicKeyInfo derived from a private key PEM; the error never quotes the key. */
function publicKeySha256OfPrivateKey(privateKeyPem, name) {
    let spki;
    try {
        spki = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(privateKeyPem)).export({ type: 'spki', format: 'der' });
    }
    catch (error) {
        throw new Error(`${name}: the private key is not a readable PEM key (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)})`);
    }
    return (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Hex */ .fg)(spki);
}
/** LF line endings, one final newline: the same chain always gives the same bytes. */
function normalizePem(pem) {
    return `${pem.replace(/\r\n?/g, '\n').trim()}\n`;
}


/***/ }),

/***/ 79389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ tlsa311)
/* harmony export */ });
/**
 * The TLSA record data of a key (RFC 6698: usage 3 DANE-EE, selector 1 SPKI, matching 1 SHA-256).
 * Its own module so that verify, which only reads manifests, never loads the age library.
 */
function tlsa311(publicKeySha256) {
    return `3 1 1 ${publicKeySha256}`;
}


/***/ }),

/***/ 9751:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TF: () => (/* binding */ parseRoots),
/* harmony export */   lK: () => (/* binding */ loadTrustAnchors),
/* harmony export */   sz: () => (/* binding */ trustAnchorsOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(32656);
/**
 * The roots a stored certificate may chain to: Node's bundled roots, plus the PEM files listed in
 * `acme.trust` and `store.trust` (a private or test CA). Nothing else is trusted: a bundle that
 * anyone could make from the public age recipient must still be signed by one of these.
 */






let bundled;
/** Node's bundled roots, parsed once per process. */
function bundledRoots() {
    bundled ??= node_tls__WEBPACK_IMPORTED_MODULE_3__.rootCertificates.map((pem) => new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(pem));
    return bundled;
}
/** Parses every certificate of a PEM file; the error names the config field and the file. */
function parseRoots(pem, where) {
    const blocks = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .splitPemChain */ .mU)(pem);
    if (blocks.length === 0)
        throw new Error(`${where}: no PEM certificate in the file`);
    return blocks.map((block, i) => {
        try {
            return new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(block);
        }
        catch (error) {
            throw new Error(`${where}: certificate ${i + 1} does not parse (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)})`);
        }
    });
}
/** Bundled roots plus the extra ones of the config; throws naming the field when a file is unreadable. */
async function loadTrustAnchors(settings) {
    const roots = [...bundledRoots()];
    const sources = [];
    const fields = [
        ['acme.trust', settings.config.acme?.trust],
        ['store.trust', settings.config.store?.trust],
    ];
    for (const [field, files] of fields) {
        for (const file of files ?? []) {
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(settings.workspace, file);
            let text;
            try {
                text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(full, 'utf8');
            }
            catch (error) {
                throw new Error(`${field}: cannot read ${file} (${full}): ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)}; list PEM files relative to the repository root`);
            }
            roots.push(...parseRoots(text, `${field}: ${file}`));
            sources.push(`${field}: ${file}`);
        }
    }
    return { roots, sources };
}
/** Only Node's bundled roots plus the given PEM texts (tests, and callers that already hold the roots). */
function trustAnchorsOf(extraPems) {
    return {
        roots: [...bundledRoots(), ...extraPems.flatMap((pem, i) => parseRoots(pem, `extra root ${i + 1}`))],
        sources: [],
    };
}


/***/ }),

/***/ 57954:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ verifyStoredBundle),
/* harmony export */   k: () => (/* binding */ describeFindings)
/* harmony export */ });
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36233);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37008);


/**
 * Verifies `<storeDir>/<name>` against the config (its domains) and the trust anchors. Every use
 * checks the chain, names and manifest; all but decrypt (break-glass access to an old key) also
 * refuse an expired leaf.
 */
async function verifyStoredBundle(settings, dir, name, trust, use, now = new Date()) {
    const stored = await (0,_read_js__WEBPACK_IMPORTED_MODULE_0__/* .readStoredCertificate */ .ZK)(dir, name);
    if (stored.state !== 'present') {
        const actual = stored.state === 'missing' ? `nothing stored under ${dir}/${name}` : stored.error;
        return {
            name,
            ok: false,
            findings: [
                {
                    bundle: name,
                    field: 'bundle',
                    expected: 'a readable bundle',
                    actual,
                    message: `bundle ${name}: ${actual}`,
                },
            ],
        };
    }
    const verdict = (0,_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyBundle */ .I)(name, stored.manifest, stored.fullchainPem, {
        domains: settings.config.certificates[name]?.domains,
        trust,
        now,
        requireUnexpired: use !== 'decrypt',
    });
    if (!settings.config.certificates[name]) {
        verdict.findings.push({
            bundle: name,
            field: 'names',
            expected: `a certificate named ${name} under certificates: in the config`,
            actual: 'none',
            message: `bundle ${name}: no certificate ${name} is configured, so its names cannot be checked`,
        });
        verdict.ok = false;
    }
    return { ...verdict, manifest: stored.manifest, fullchainPem: stored.fullchainPem };
}
/** The findings as one line, for errors and log lines. */
function describeFindings(verdict) {
    return verdict.findings.map((f) => f.message).join('; ');
}


/***/ }),

/***/ 82170:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ writeBundle),
/* harmony export */   Z: () => (/* binding */ writeFileAtomic)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/**
 * Writing bundles into the store folder. Each file goes to a temp name in its own folder and is
 * renamed over the old one, so a crash leaves either the old or the new file, never half of one.
 * A file whose content is already on disk is not rewritten: an unchanged bundle gives no diff.
 */




async function writeBundle(storeDir, bundle) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(storeDir, bundle.name);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode: 0o755 });
    const files = [];
    const changed = [];
    // Manifest last: a reader that finds the new manifest also finds the files it describes.
    const order = ['fullchain.pem', 'privkey.pem.age', 'nextkey.pem.age', 'certificate.json'];
    for (const file of order) {
        const content = bundle.files[file];
        if (content === undefined)
            continue; // nextkey.pem.age: only with dane
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, file);
        files.push(path);
        if (await writeFileAtomic(path, content))
            changed.push(path);
    }
    return { files, changed };
}
/** Writes `content` to `path` atomically; returns false (and writes nothing) when it is already there. */
async function writeFileAtomic(path, content, mode = 0o644) {
    const current = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8').catch(() => undefined);
    if (current === content)
        return false;
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
    try {
        // 'wx': never follow or reuse something already at the temp name.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(temp, content, { mode, flag: 'wx' });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, path);
    }
    catch (error) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(temp, { force: true });
        throw new Error(`cannot write ${path}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error)}`);
    }
    return true;
}


/***/ })

};
;