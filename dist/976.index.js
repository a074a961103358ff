"use strict";
exports.id = 976;
exports.ids = [976];
exports.modules = {

/***/ 77544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aw: () => (/* binding */ ariWindowSchema),
/* harmony export */   MZ: () => (/* binding */ serializeManifest),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   rc: () => (/* binding */ manifestSchema)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38816);
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90131);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/**
 * certificate.json: parsed strictly (a hand-edited or corrupt manifest is reported, never trusted)
 * and written in one stable form, so an unchanged certificate gives no diff.
 */



const isoDate = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
    .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO 8601 date' });
const hex = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-9a-f]+$/, { message: 'expected lower-case hex' });
const sha256 = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 in lower-case hex' });
const ariWindowSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    start: isoDate,
    end: isoDate,
    explanationUrl: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    checkedAt: isoDate,
    retryAfter: isoDate.optional(),
});
const issuanceRecord = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    at: isoDate,
    result: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['issued', 'failed']),
    serial: hex.optional(),
    domains: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()),
    forced: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    ariReplacement: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    error: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
});
const revocationRecord = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    serial: hex,
    reason: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n([
        'unspecified',
        'keyCompromise',
        'affiliationChanged',
        'superseded',
        'cessationOfOperation',
    ]),
    at: isoDate,
    result: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['revoked', 'already-revoked']),
    signedWith: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['certificate-key', 'account-key']),
});
const manifestSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    version: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(1),
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    domains: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1)).min(1),
    keyType: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .KEY_TYPES */ .WJ),
    profile: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    serial: hex,
    notBefore: isoDate,
    notAfter: isoDate,
    issuer: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    acmeDirectory: zod__WEBPACK_IMPORTED_MODULE_2__/* .url */ .OZ5().optional(),
    certificateSha256: sha256,
    publicKeySha256: sha256,
    ariCertId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    ari: ariWindowSchema.optional(),
    issuedAt: isoDate,
    replaces: hex.optional(),
    recipients: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()).min(1),
    privateKeySha256: sha256,
    history: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(issuanceRecord).optional(),
    dane: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        nextPublicKeySha256: sha256,
        nextKeySha256: sha256,
        tlsa: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ current: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), next: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() }),
    })
        .optional(),
    revocations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(revocationRecord).max(100).optional(),
    backoff: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        failures: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative(),
        lastError: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        lastAt: isoDate,
        nextAttemptAt: isoDate,
    })
        .optional(),
});
/** The order keys are written in: what a reviewer reads first comes first. */
const KEY_ORDER = [
    'version',
    'name',
    'domains',
    'keyType',
    'profile',
    'serial',
    'notBefore',
    'notAfter',
    'issuer',
    'acmeDirectory',
    'certificateSha256',
    'publicKeySha256',
    'ariCertId',
    'ari',
    'issuedAt',
    'replaces',
    'recipients',
    'privateKeySha256',
    'history',
    'dane',
    'revocations',
    'backoff',
];
/** Stable JSON: fixed key order (nested objects sorted), two-space indent, LF, final newline. */
function serializeManifest(manifest) {
    const ordered = {};
    for (const key of KEY_ORDER) {
        if (manifest[key] !== undefined)
            ordered[key] = sortKeys(manifest[key]);
    }
    return `${JSON.stringify(ordered, null, 2)}\n`;
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value && typeof value === 'object') {
        const out = {};
        for (const key of Object.keys(value).sort()) {
            const v = value[key];
            if (v !== undefined)
                out[key] = sortKeys(v);
        }
        return out;
    }
    return value;
}
/** Parses and checks a manifest; the error names the file and every field that is wrong. */
function parseManifest(text, file) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${file}: not valid JSON (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)})`);
    }
    const result = manifestSchema.safeParse(data);
    if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new Error(`${file}: ${problems.join('; ')}`);
    }
    return result.data;
}


/***/ }),

/***/ 36233:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G5: () => (/* binding */ listStoredCertificates),
/* harmony export */   HJ: () => (/* binding */ BUNDLE_FILES),
/* harmony export */   ZK: () => (/* binding */ readStoredCertificate),
/* harmony export */   hX: () => (/* binding */ bundlePaths),
/* harmony export */   rB: () => (/* binding */ MAX_BUNDLE_FILE),
/* harmony export */   rT: () => (/* binding */ storeDir),
/* harmony export */   zi: () => (/* binding */ readBundleFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/* harmony import */ var _util_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(21917);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(32656);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(77544);
/**
 * Reads the clear part of a stored bundle (manifest and chain) without decrypting anything: what
 * the plan, the report and `check` need. A bundle whose parts disagree is reported as unreadable
 * with the reason, so the plan can renew it instead of aborting the run.
 */







const BUNDLE_FILES = {
    manifest: 'certificate.json',
    fullchain: 'fullchain.pem',
    key: 'privkey.pem.age',
    /** `dane: true` only: the pre-generated next key, age-encrypted like the key. */
    nextKey: 'nextkey.pem.age',
};
/** Absolute path of the store folder: `store.path`, relative to the workspace unless absolute. */
function storeDir(settings) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(settings.workspace, settings.config.store.path);
}
function bundlePaths(storeDir, name) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(storeDir, name);
    return {
        dir,
        manifest: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, BUNDLE_FILES.manifest),
        fullchain: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, BUNDLE_FILES.fullchain),
        key: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, BUNDLE_FILES.key),
        nextKey: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, BUNDLE_FILES.nextKey),
    };
}
/**
 * The most a bundle file may hold. A chain is a few KiB, a manifest less; the store is written
 * by anyone with write access, so a file past this is refused before it is read or parsed.
 */
const MAX_BUNDLE_FILE = 1024 * 1024;
/**
 * A bundle's folder must be a folder in the repository, not a symlink to one elsewhere (the files'
 * own names are opened without following links, see util/fs.ts; this covers the folder above
 * them). False when there is nothing there.
 */
function bundleFolderThere(dir) {
    const stat = lstatOrAbsent(dir);
    if (stat?.isSymbolicLink()) {
        throw new Error(`${dir} is a symlink; a bundle must be a folder in the store (a link could point anywhere on the runner)`);
    }
    return stat !== undefined;
}
/** What is at `path` itself (a link is not followed), or undefined when nothing is. */
function lstatOrAbsent(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Reads one bundle file (capped at MAX_BUNDLE_FILE), or undefined when it is not there. */
async function readBundleFile(path) {
    try {
        if (!bundleFolderThere((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path)))
            return undefined;
        return await (0,_util_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .readFileCapped */ .uh)(path, MAX_BUNDLE_FILE, 'a certificate bundle file');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/**
 * A bundle file's text, or undefined when it is not there. Read in place (readFileCappedSync): the
 * plan reads two files of every bundle, and the store is a local checkout.
 */
function readIfPresent(path) {
    try {
        return (0,_util_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .readFileCappedSync */ .Dz)(path, MAX_BUNDLE_FILE, 'a certificate bundle file').toString('utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
async function readStoredCertificate(storeDir, name) {
    const paths = bundlePaths(storeDir, name);
    try {
        if (!bundleFolderThere(paths.dir))
            return { name, state: 'missing' };
        const manifestText = readIfPresent(paths.manifest);
        const fullchainPem = readIfPresent(paths.fullchain);
        const keyPresent = plainFileThere(paths.key);
        if (manifestText === undefined && fullchainPem === undefined && !keyPresent) {
            return { name, state: 'missing' };
        }
        if (manifestText === undefined)
            return unreadable(name, `${paths.manifest} is missing`);
        if (fullchainPem === undefined)
            return unreadable(name, `${paths.fullchain} is missing`);
        if (!keyPresent)
            return unreadable(name, `${paths.key} is missing`);
        const manifest = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_6__/* .parseManifest */ .Ng)(manifestText, paths.manifest);
        if (manifest.name !== name) {
            return unreadable(name, `${paths.manifest}: name is "${manifest.name}", expected "${name}"`);
        }
        let sha256;
        try {
            // The hash of the PEM's bytes, not a parse: the bundle verifier parses it (once) after this.
            sha256 = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .leafDerSha256 */ .$O)(fullchainPem);
        }
        catch (error) {
            return unreadable(name, `${paths.fullchain}: not a PEM certificate chain (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error)})`);
        }
        if (sha256 !== manifest.certificateSha256) {
            return unreadable(name, `${paths.fullchain} does not match ${BUNDLE_FILES.manifest}: certificate SHA-256 is ${sha256}, the manifest says ${manifest.certificateSha256}`);
        }
        return { name, state: 'present', manifest, fullchainPem, dir: paths.dir };
    }
    catch (error) {
        return unreadable(name, (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error));
    }
}
/** Whether a plain file is at `path`; a symlink or anything else there is an error, not absence. */
function plainFileThere(path) {
    const stat = lstatOrAbsent(path);
    if (stat && !stat.isFile()) {
        throw new Error(`${path} is not a plain file (a symlink, folder or device); a bundle file must be one`);
    }
    return stat !== undefined;
}
function unreadable(name, error) {
    return { name, state: 'unreadable', error };
}
/** Names of the bundles in the store folder (folders holding a certificate.json). */
async function listStoredCertificates(storeDir) {
    let entries;
    try {
        entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(storeDir, { withFileTypes: true });
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const names = [];
    for (const entry of entries) {
        if (entry.isDirectory() && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(storeDir, entry.name, BUNDLE_FILES.manifest))) {
            names.push(entry.name);
        }
    }
    return names.sort();
}


/***/ }),

/***/ 37008:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ verifyBundle),
/* harmony export */   j: () => (/* binding */ chainToRoot)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32656);


const list = (names) => (names.length ? [...names].sort().join(', ') : '(none)');
const sameSet = (a, b) => list(a.map((n) => n.toLowerCase())) === list(b.map((n) => n.toLowerCase()));
/** Checks a bundle's clear parts (manifest + fullchain). Never throws: problems are findings. */
function verifyBundle(name, manifest, fullchainPem, options) {
    const findings = [];
    const add = (field, expected, actual, what) => {
        findings.push({
            bundle: name,
            field,
            expected,
            actual,
            message: `bundle ${name}: ${field}: ${what ?? `the certificate says ${expected}, the manifest says ${actual}`}`,
        });
    };
    const blocks = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .splitPemChain */ .mU)(fullchainPem);
    let leaf;
    let chain;
    try {
        if (blocks.length === 0)
            throw new Error('no PEM certificate found');
        // The leaf's facts come from a DER walk when it is plain (src/util/x509-der.ts), so the plan,
        // which checks no chain, parses only the intermediates, which a whole store shares (cached).
        // A key node:crypto cannot load throws here and is a finding, not a crash of the whole run.
        leaf = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .certificateFacts */ .lF)(blocks[0]);
        const upper = blocks.slice(1).map((b) => (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCertificate */ .hB)(b));
        if (options.trust)
            chain = [(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCertificate */ .hB)(blocks[0]), ...upper];
    }
    catch (error) {
        add('fullchain.pem', 'a PEM certificate chain', (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error), `fullchain.pem does not parse (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)})`);
        return { name, ok: false, findings };
    }
    // Every manifest field the certificate also states.
    const fields = [
        ['serial', leaf.serial, manifest.serial],
        ['issuer', leaf.issuer, manifest.issuer],
        ['certificateSha256', leaf.sha256, manifest.certificateSha256],
        ['publicKeySha256', leaf.publicKeySha256, manifest.publicKeySha256],
        ['keyType', leaf.keyType, manifest.keyType],
    ];
    for (const [field, cert, said] of fields) {
        if (cert !== said)
            add(field, cert, said);
    }
    for (const field of ['notBefore', 'notAfter']) {
        const cert = leaf[field];
        const said = Date.parse(manifest[field]);
        if (cert.getTime() !== said)
            add(field, cert.toISOString(), manifest[field]);
    }
    if (!sameSet(leaf.names, manifest.domains))
        add('domains', list(leaf.names), list(manifest.domains));
    if (options.domains && !sameSet(leaf.names, options.domains)) {
        add('names', list(options.domains), list(leaf.names), `the certificate is for ${list(leaf.names)}, the config wants ${list(options.domains)}`);
    }
    const now = options.now.getTime();
    if (options.requireUnexpired) {
        if (leaf.notAfter.getTime() <= now) {
            add('expiry', `valid at ${options.now.toISOString()}`, `expired ${leaf.notAfter.toISOString()}`, `the certificate expired at ${leaf.notAfter.toISOString()} (now ${options.now.toISOString()})`);
        }
        else if (leaf.notBefore.getTime() > now) {
            add('expiry', `valid at ${options.now.toISOString()}`, `valid from ${leaf.notBefore.toISOString()}`, `the certificate is not valid before ${leaf.notBefore.toISOString()} (now ${options.now.toISOString()})`);
        }
    }
    let path;
    if (options.trust && chain) {
        const result = chainToRoot(chain, options.trust, options.now);
        if ('error' in result)
            add('chain', 'a chain to a trusted root', result.error, result.error);
        else
            path = result.path;
    }
    return { name, ok: findings.length === 0, findings, leaf, path };
}
const MAX_DEPTH = 8;
/**
 * Walks from the leaf up through the certificates of the file, each signed by the next, until one
 * is signed by (or is) a trusted root. Intermediates must be CAs and valid at the time of use; the
 * leaf's own dates are the expiry check's business, so an expired leaf still shows its chain.
 */
function chainToRoot(chain, trust, now) {
    const leaf = chain[0];
    const path = [(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(leaf.subject)];
    const used = new Set([leaf]);
    let current = leaf;
    const validNow = (c) => Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
        // A certificate listed as a root is trusted as itself (a pinned self-signed one, too).
        if (trust.roots.some((r) => r.fingerprint256 === current.fingerprint256)) {
            return { path };
        }
        const root = trust.roots.find((r) => (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .issuedBy */ .T1)(current, r) && r.ca);
        if (root) {
            if (!validNow(root)) {
                return { error: `the trusted root ${(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(root.subject)} is not valid at ${now.toISOString()}` };
            }
            path.push((0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(root.subject));
            return { path };
        }
        const next = chain.find((c) => !used.has(c) && (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .issuedBy */ .T1)(current, c));
        if (!next) {
            const selfSigned = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .issuedBy */ .T1)(current, current);
            const who = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(current.subject);
            return {
                error: selfSigned
                    ? `${who} is self-signed and not a trusted root (trusted: Node's roots, acme.trust, store.trust)`
                    : `${who} is issued by ${(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(current.issuer)}, which neither fullchain.pem nor the trusted roots (Node's, acme.trust, store.trust) hold`,
            };
        }
        if (!next.ca)
            return { error: `${(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(next.subject)} signs ${(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(current.subject)} but is not a CA` };
        if (!validNow(next)) {
            return {
                error: `${(0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(next.subject)} is not valid at ${now.toISOString()} (${next.validFrom} to ${next.validTo})`,
            };
        }
        used.add(next);
        path.push((0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(next.subject));
        current = next;
    }
    return { error: `the chain is longer than ${MAX_DEPTH} certificates` };
}


/***/ }),

/***/ 21917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dz: () => (/* binding */ readFileCappedSync),
/* harmony export */   t2: () => (/* binding */ exists),
/* harmony export */   uh: () => (/* binding */ readFileCapped)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);


/**
 * How repository files are opened: never through a symlink (git stores them, and one named
 * fullchain.pem could point at /proc/self/environ or the runner's key files), and without waiting
 * on a pipe (O_NONBLOCK: a FIFO planted in an artifact would otherwise hang the open).
 */
const PLAIN = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK;
/** Refuses anything but a regular file, naming what it is. */
function assertRegular(path, stat, expected) {
    if (stat.isFile())
        return;
    const what = stat.isFIFO()
        ? 'a pipe'
        : stat.isDirectory()
            ? 'a folder'
            : stat.isSocket()
                ? 'a socket'
                : 'a device';
    throw new Error(`${path} is ${what}; ${expected} must be a plain file`);
}
/** An open error in plain words: ELOOP from O_NOFOLLOW means the name is a symlink. */
function openError(path, error, expected) {
    if (error.code === 'ELOOP') {
        return new Error(`${path} is a symlink; ${expected} must be a plain file (a link could point anywhere on the runner)`);
    }
    return error;
}
/** Whether something exists at `path` (any error, including no permission, counts as absent). */
async function exists(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(path);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Reads a file of at most `max` bytes, or throws saying how big it is. For files anyone with
 * write access can put in the repository (bundles in the store): a huge one must not cost the
 * run its memory, and the size check comes from the open file, so nothing past the cap is read.
 * Only a plain file is read: a symlink, pipe, device or folder is refused, naming what it is.
 */
async function readFileCapped(path, max, expected) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, PLAIN).catch((error) => {
        throw openError(path, error, expected);
    });
    try {
        const stat = await handle.stat();
        assertRegular(path, stat, expected);
        const { size } = stat;
        if (size > max) {
            throw new Error(`${path} is ${size} bytes; ${expected} is at most ${max} bytes, so this is not one`);
        }
        // Sized to the file (plus one byte to see it grew), not to max: a plan reads every file of
        // every bundle, and a 1 MiB buffer each was most of a 10,000-bundle plan's time (issue 22).
        // Read at most max + 1 bytes: a file that grew since the stat is still refused.
        let buf = Buffer.alloc(size + 1);
        let length = 0;
        for (;;) {
            if (length === buf.length) {
                const grown = Buffer.alloc(Math.min(max + 1, buf.length * 2));
                buf.copy(grown, 0, 0, length);
                buf = grown;
            }
            const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
            if (bytesRead === 0)
                break;
            length += bytesRead;
            if (length > max)
                throw new Error(`${path} is over ${max} bytes; ${expected} is at most ${max} bytes`);
        }
        return buf.subarray(0, length);
    }
    finally {
        await handle.close();
    }
}
/**
 * readFileCapped without the event loop, for the store's small files: a plan reads two per bundle,
 * and 20,000 reads through fs/promises (a FileHandle and four thread-pool round trips each) cost
 * about four times the CPU of the same reads done in place (issue 22). The same cap, checked the
 * same way: from the open file's size, and never reading past `max` + 1 bytes.
 */
function readFileCappedSync(path, max, expected) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, PLAIN);
    }
    catch (error) {
        throw openError(path, error, expected);
    }
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        assertRegular(path, stat, expected);
        const { size } = stat;
        if (size > max) {
            throw new Error(`${path} is ${size} bytes; ${expected} is at most ${max} bytes, so this is not one`);
        }
        let buf = Buffer.allocUnsafe(size + 1);
        let length = 0;
        for (;;) {
            if (length === buf.length) {
                const grown = Buffer.allocUnsafe(Math.min(max + 1, buf.length * 2));
                buf.copy(grown, 0, 0, length);
                buf = grown;
            }
            const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buf, length, buf.length - length, null);
            if (read === 0)
                break;
            length += read;
            if (length > max)
                throw new Error(`${path} is over ${max} bytes; ${expected} is at most ${max} bytes`);
        }
        return buf.subarray(0, length);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}


/***/ })

};
;