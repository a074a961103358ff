"use strict";
exports.id = 599;
exports.ids = [599];
exports.modules = {

/***/ 55373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ resolveDirectoryUrl),
/* harmony export */   b: () => (/* binding */ readTrust)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70017);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27083);
/* harmony import */ var _issuers_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(40746);
/**
 * Which ACME directory a run uses and which extra roots it trusts: what the plan's ARI refresh
 * needs, apart from acme-client (src/acme/session.ts), so a plan never loads it (issue 22).
 */





/** The directory URL the first CA of this run is asked at (rate-limit policy, plan's ARI). */
function resolveDirectoryUrl(settings) {
    return (0,_issuers_js__WEBPACK_IMPORTED_MODULE_4__/* .primaryIssuer */ .Cl)(settings).directory;
}
async function readTrust(settings) {
    const out = [];
    for (const file of settings.config.acme.trust ?? []) {
        const full = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(settings.workspace, file);
        try {
            out.push(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(full, 'utf8'));
        }
        catch (error) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .IssueError */ .uv(`acme.trust: cannot read ${file} (${full}): ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .g)(error)}`, 'list PEM files relative to the repository root');
        }
    }
    return out;
}


/***/ }),

/***/ 27083:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _k: () => (/* binding */ AcmeProblemError),
/* harmony export */   uv: () => (/* binding */ IssueError),
/* harmony export */   yE: () => (/* binding */ toStageError)
/* harmony export */ });
const PREFIX = 'urn:ietf:params:acme:error:';
class AcmeProblemError extends Error {
    problem;
    status;
    url;
    retryAfterMs;
    constructor(problem, status, url, retryAfterMs) {
        const short = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
        // Our own kinds (certflow:network) are not the CA's words: no type suffix for them.
        const tagged = problem.type.startsWith('certflow:')
            ? ''
            : ` (${short}${status ? `, HTTP ${status}` : ''})`;
        super(`${problem.detail ?? 'no detail given'}${tagged}`);
        this.name = 'AcmeProblemError';
        this.problem = problem;
        this.status = status;
        this.url = url;
        this.retryAfterMs = retryAfterMs;
    }
}
/** An error of ours (not the CA's) with a hint, e.g. a profile the CA does not offer. */
class IssueError extends Error {
    hint;
    problem;
    /** `ca`: the CA's fault (e.g. it never finished an order), so another CA may be tried. */
    side;
    constructor(message, hint, problem, side) {
        super(message);
        this.name = 'IssueError';
        this.hint = hint;
        this.problem = problem;
        this.side = side;
    }
}
function hintFor(type, detail, retryAfterMs) {
    const t = type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
    switch (t) {
        case 'caa':
            return 'a CAA record forbids this CA: add a CAA "issue" record naming the CA (or remove the CAA record) at the name in the message';
        case 'dns':
        case 'unauthorized':
        case 'incorrectResponse':
            return 'the CA did not see the right TXT record: check the DNS provider settings, the challenge CNAME, and that the CA can reach your DNS servers';
        case 'rateLimited': {
            const when = retryAfterMs ? ` (after ${new Date(Date.now() + retryAfterMs).toISOString()})` : '';
            return `the CA's rate limit was hit: try again later${when}, or use a staging directory for tests`;
        }
        case 'rejectedIdentifier':
            return 'the CA will not issue for this name: check the domains of the certificate';
        case 'externalAccountRequired':
            return 'this CA needs an external account binding: set acme.external-account-binding (key-id and hmac-key)';
        case 'userActionRequired':
            return 'the CA wants you to act (e.g. accept new terms): see the instance link in the CA answer';
        case 'accountDoesNotExist':
            return 'the account key is not registered with this CA';
        case 'badCSR':
            return 'the CA refused the certificate request: check the key type and the domains';
        case 'invalidProfile':
            return 'choose a profile this CA offers (acme.profile or the certificate profile)';
        case 'unsupportedIdentifier':
            return 'this CA does not issue for this kind of name';
        case 'serverInternal':
            return 'the CA had an internal error: try again later';
        case 'certflow:network':
            if (/CERT_|_CERT|UNABLE_TO_VERIFY|SELF_SIGNED|self[- ]signed|certificate/.test(detail)) {
                return "the CA's HTTPS certificate is not trusted here: add its root (PEM file) to acme.trust";
            }
            return /ENOTFOUND|EAI_AGAIN/.test(detail)
                ? 'check acme.directory: the CA host name does not resolve'
                : 'check acme.directory and that this machine can reach the CA (firewall, proxy, acme.trust for a private CA)';
        default:
            if (/self.signed|unable to verify|certificate/i.test(detail))
                return "the CA's HTTPS certificate is not trusted: add its root to acme.trust";
            return undefined;
    }
}
function identifierOf(p) {
    return p.identifier ? `${p.identifier.type}:${p.identifier.value}` : undefined;
}
/** Turns anything thrown during issuance into data for the report. */
function toStageError(error) {
    if (error instanceof AcmeProblemError) {
        const p = error.problem;
        return {
            message: error.message,
            hint: hintFor(p.type, p.detail ?? '', error.retryAfterMs),
            acmeType: p.type.startsWith('certflow:') ? undefined : p.type,
            detail: p.detail,
            status: error.status || p.status,
            subproblems: p.subproblems?.map((s) => ({
                type: s.type,
                detail: s.detail,
                identifier: identifierOf(s),
            })),
        };
    }
    if (error instanceof IssueError) {
        const p = error.problem;
        return {
            message: error.message,
            hint: error.hint ?? (p ? hintFor(p.type, p.detail ?? '') : undefined),
            acmeType: p?.type,
            detail: p?.detail,
            status: p?.status,
            subproblems: p?.subproblems?.map((s) => ({
                type: s.type,
                detail: s.detail,
                identifier: identifierOf(s),
            })),
        };
    }
    const e = error;
    if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
        return {
            message: `interrupted: ${e.message ?? 'aborted'}`,
            hint: 'run again; records created were removed',
        };
    }
    return { message: e?.message ?? String(error), hint: e?.hint };
}


/***/ }),

/***/ 17304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aw: () => (/* binding */ AcmeTransport),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27083);
/**
 * The HTTP layer under acme-client. acme-client's own (a shared axios instance) trusts one
 * global agent, sleeps whatever Retry-After says, gives up on badNonce after 5 tries and turns
 * ACME problems into bare strings. We replace its `request`, `getNonce` and `signedRequest` on
 * our client instance only, so that:
 * - trust anchors are per client (extra PEM roots on top of the system's);
 * - badNonce is retried with the nonce the CA sent back;
 * - rateLimited / 5xx honour Retry-After, but never longer than a bound (or the job's signal);
 * - every other error keeps the CA's problem document (type, detail, subproblems, status);
 * - nonces from responses are reused instead of a HEAD newNonce before every request.
 */



const BAD_NONCE = 'urn:ietf:params:acme:error:badNonce';
const RATE_LIMITED = 'urn:ietf:params:acme:error:rateLimited';
const MAX_BAD_NONCE = 10;
const MAX_RETRIES = 4;
/** Retry-After as milliseconds from now (delta-seconds or an HTTP date). */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason ?? new Error('aborted'));
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason ?? new Error('aborted'));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
function isProblem(data) {
    return typeof data === 'object' && data !== null && typeof data.type === 'string';
}
class AcmeTransport {
    opts;
    agent;
    nonces = [];
    constructor(opts) {
        this.opts = opts;
        // One secure context for every connection: passing `ca` alone makes Node parse all the
        // roots again for each new connection (tens of ms each, which adds up at 20 at once).
        this.agent = new (node_https__WEBPACK_IMPORTED_MODULE_0___default().Agent)({
            keepAlive: true,
            maxSockets: 32,
            secureContext: opts.trust?.length
                ? (0,node_tls__WEBPACK_IMPORTED_MODULE_1__.createSecureContext)({ ca: [...node_tls__WEBPACK_IMPORTED_MODULE_1__.rootCertificates, ...opts.trust] })
                : undefined,
        });
    }
    close() {
        this.agent.destroy();
    }
    /** One HTTP exchange, no retries. Network errors say which URL could not be reached. */
    raw(url, method, body) {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise((resolve, reject) => {
            const req = node_https__WEBPACK_IMPORTED_MODULE_0___default().request(url, {
                method: method.toUpperCase(),
                agent: this.agent,
                signal: this.opts.signal,
                timeout: this.opts.timeoutMs ?? 30_000,
                headers: {
                    'User-Agent': 'certflow (acme-client)',
                    ...(payload ? { 'Content-Type': 'application/jose+json', 'Content-Length': payload.length } : {}),
                },
            }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('error', reject);
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    const type = String(res.headers['content-type'] ?? '');
                    let data = text;
                    if (/json/.test(type) && text.length > 0) {
                        try {
                            data = JSON.parse(text);
                        }
                        catch {
                            data = text;
                        }
                    }
                    const headers = {};
                    for (const [k, v] of Object.entries(res.headers))
                        headers[k] = Array.isArray(v) ? v.join(', ') : v;
                    if (headers['replay-nonce'] && this.nonces.length < 64)
                        this.nonces.push(headers['replay-nonce']);
                    resolve({ status: res.statusCode ?? 0, headers, data });
                });
            });
            req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${this.opts.timeoutMs ?? 30_000} ms`)));
            req.on('error', (error) => {
                const code = error.code;
                reject(this.opts.signal?.aborted
                    ? (this.opts.signal.reason ?? error)
                    : new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k({
                        type: 'certflow:network',
                        detail: `cannot reach the CA at ${url}: ${code ? `${code} ` : ''}${error.message}`,
                    }, 0, url));
            });
            req.end(payload);
        });
    }
    /**
     * Decides what to do with a failed response: wait and retry (rateLimited / 5xx within the
     * bound), or throw the CA's problem. Returns the wait in ms when a retry is due.
     */
    retryDelay(url, res, attempt) {
        const problem = isProblem(res.data)
            ? res.data
            : {
                type: 'about:blank',
                detail: typeof res.data === 'string' ? res.data.slice(0, 300) : `HTTP ${res.status}`,
            };
        const retryable = res.status === 429 || res.status >= 500 || problem.type === RATE_LIMITED;
        const after = parseRetryAfter(res.headers['retry-after']);
        if (!retryable || attempt >= MAX_RETRIES)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k(problem, res.status, url, after);
        const wait = after ?? 250 * 2 ** attempt;
        if (wait > this.opts.maxRetryAfterMs)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k(problem, res.status, url, after);
        this.opts.log.warn(`CA answered HTTP ${res.status} (${problem.type}) for ${url}; retrying in ${Math.ceil(wait / 1000)} s`);
        return wait;
    }
    /** Unsigned GET/HEAD (directory, newNonce, renewalInfo) with the bounded retry. */
    async request(url, method) {
        for (let attempt = 0;; attempt++) {
            const res = await this.raw(url, method);
            if (res.status < 400)
                return res;
            await sleep(this.retryDelay(url, res, attempt), this.opts.signal);
        }
    }
    async nonce(http) {
        const pooled = this.nonces.pop();
        if (pooled)
            return pooled;
        const res = await this.request(await http.getResourceUrl('newNonce'), 'head');
        // raw() pooled the HEAD's nonce (or another request's meanwhile): any fresh one will do.
        const nonce = this.nonces.pop() ?? res.headers['replay-nonce'];
        if (!nonce) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k({ type: 'certflow:protocol', detail: 'the CA sent no nonce' }, res.status, http.directoryUrl);
        }
        return nonce;
    }
    /** Installs this transport into one acme-client HttpClient instance. */
    install(http) {
        http.request = (url, method, o) => o?.data === undefined ? this.request(url, method) : this.raw(url, method, o.data);
        http.getNonce = () => this.nonce(http);
        http.signedRequest = async (target, payload, o = {}) => {
            let badNonces = 0;
            for (let attempt = 0;;) {
                const body = payload === null || payload === undefined ? null : { ...payload };
                const eab = http.externalAccountBinding;
                if (o.includeExternalAccountBinding && eab?.kid && eab.hmacKey && body) {
                    body.externalAccountBinding = http.createSignedHmacBody(eab.hmacKey, target, http.getJwk(), { kid: eab.kid });
                }
                const nonce = await this.nonce(http);
                const res = await this.raw(target, 'post', http.createSignedBody(target, body, { nonce, kid: o.kid ?? null }));
                if (res.status < 400)
                    return res;
                if (isProblem(res.data) && res.data.type === BAD_NONCE && badNonces < MAX_BAD_NONCE) {
                    badNonces++;
                    this.opts.log.debug(`badNonce from ${target}, retrying (${badNonces}/${MAX_BAD_NONCE})`);
                    continue;
                }
                await sleep(this.retryDelay(target, res, attempt), this.opts.signal);
                attempt++;
            }
        };
    }
}


/***/ }),

/***/ 40746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BR: () => (/* binding */ byIssuer),
/* harmony export */   Cl: () => (/* binding */ primaryIssuer),
/* harmony export */   T0: () => (/* binding */ configuredIssuers),
/* harmony export */   xD: () => (/* binding */ issuerOf)
/* harmony export */ });
/* unused harmony export directoryUrl */
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90131);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27083);
/**
 * The CAs of a run, in order (`acme.issuers`, issue 19): the single `acme.directory` of old
 * configs, that CA followed by fallbacks, or a list of its own. Each CA has its own account key
 * and binding. A bundle is tied to the CA that issued it (its manifest's `acmeDirectory`), so
 * ARI and revocation go there and never to another CA on the bundle's word alone.
 */



/** Production -> staging, for dry runs. CAs without staging keep their one directory. */
const STAGING = {
    [_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECTORY_NAMES */ .JN.letsencrypt]: _config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECTORY_NAMES */ .JN['letsencrypt-staging'],
    [_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECTORY_NAMES */ .JN.google]: _config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECTORY_NAMES */ .JN['google-staging'],
    [_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECTORY_NAMES */ .JN.buypass]: _config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DIRECTORY_NAMES */ .JN['buypass-staging'],
};
function directoryUrl(value) {
    return (0,_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .directoryByName */ .IW)(value) ?? value;
}
function forRun(url, dryRun, dryRunDirectory) {
    if (!dryRun)
        return url;
    if (dryRunDirectory)
        return directoryUrl(dryRunDirectory);
    return Object.hasOwn(STAGING, url) ? STAGING[url] : url;
}
/**
 * The CAs to order from, first to last. With `acme.issuers` and `acme.account-key`, the top-level
 * CA comes first; with `acme.issuers` alone, the list is the whole story. A dry run with
 * `dry-run-directory` talks to that one directory only, with the first CA's account.
 */
function configuredIssuers(settings) {
    const a = settings.config.acme;
    const out = [];
    const add = (directory, accountKey, eab, where) => {
        const configured = directoryUrl(directory);
        out.push({
            directory: forRun(configured, settings.dryRun, a['dry-run-directory']),
            configured,
            accountKey,
            eab: eab ? { keyId: eab['key-id'], hmacKey: eab['hmac-key'] } : undefined,
            where,
            index: out.length,
        });
    };
    if (a['account-key'] !== undefined || !a.issuers) {
        add(a.directory, a['account-key'] ?? '', a['external-account-binding'], 'acme');
    }
    a.issuers?.forEach((issuer, i) => {
        add(issuer.directory, issuer['account-key'], issuer['external-account-binding'], `acme.issuers[${i}]`);
    });
    // One staging directory stands for every CA of a dry run that names it: ask it once.
    if (settings.dryRun && a['dry-run-directory'])
        return out.slice(0, 1);
    return out;
}
/** The first CA: the one a bundle without `acmeDirectory` (written before issue 19) belongs to. */
function primaryIssuer(settings) {
    return configuredIssuers(settings)[0];
}
/**
 * The CA that issued a bundle: the configured CA whose directory the manifest records, the first
 * CA for a manifest that records none. A directory no longer configured is refused, not guessed:
 * the manifest is written by whoever can push to the branch, and certflow sends requests (and
 * account signatures) only to CAs the config names.
 */
function issuerOf(settings, manifest, what) {
    const issuers = configuredIssuers(settings);
    const recorded = manifest?.acmeDirectory;
    if (!recorded)
        return issuers[0];
    const found = issuers.find((i) => i.configured === recorded || i.directory === recorded);
    if (found)
        return found;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .IssueError */ .uv(`${what} was issued by ${recorded}, which is not among the configured CAs (${issuers.map((i) => i.configured).join(', ')})`, 'add that CA back to acme.issuers (with its account key) to reach it, or act at the CA by hand');
}
/**
 * Stored manifests by the configured CA that issued them. One whose CA is no longer configured is
 * left out (its stored window stands) with a warning: a manifest never sends us to a CA of its own.
 */
function byIssuer(settings, stored, log) {
    const groups = new Map();
    const issuers = configuredIssuers(settings);
    for (const [name, manifest] of stored) {
        if (!manifest?.ariCertId)
            continue;
        let issuer;
        try {
            issuer = issuerOf(settings, manifest, `certificate ${name}`);
        }
        catch (error) {
            log.warn(`ARI for ${name}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}; keeping the stored window`);
            continue;
        }
        // issuerOf builds its own list: key the groups by the shared objects.
        const key = issuers[issuer.index];
        if (!groups.has(key))
            groups.set(key, new Map());
        groups.get(key)?.set(name, manifest);
    }
    return groups;
}


/***/ }),

/***/ 48500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qv: () => (/* binding */ generateAgeKeyPair),
/* harmony export */   d7: () => (/* binding */ generateSshKeyPair),
/* harmony export */   g5: () => (/* binding */ generateAccountKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81539);
/* harmony import */ var ssh2__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(63091);
/* harmony import */ var ssh2__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(ssh2__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The two secrets `certflow init` creates: the ACME account key and the age identity that opens
 * stored private keys. Optionally an SSH deploy key pair. Nothing here touches the disk.
 */



/** ECDSA P-256 private key, PKCS#8 PEM: what ACME CAs accept everywhere and acme-client reads. */
function generateAccountKey() {
    const { privateKey } = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', {
        namedCurve: 'P-256',
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    return privateKey;
}
/**
 * An X25519 identity, deliberately not `generateIdentity()`: that may become the post-quantum
 * hybrid kind, which the stock age 1.1 CLI refuses, and users must be able to decrypt with it.
 */
async function generateAgeKeyPair() {
    const identity = await (0,age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .generateX25519Identity */ .ou)();
    return { identity, recipient: await (0,age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .identityToRecipient */ .RE)(identity) };
}
/** An Ed25519 deploy key in OpenSSH formats, readable by ssh2 and OpenSSH alike. */
function generateSshKeyPair(comment) {
    const pair = ssh2__WEBPACK_IMPORTED_MODULE_2___default().utils.generateKeyPairSync('ed25519', { comment });
    return { privateKey: pair.private, publicKey: pair.public.trim() };
}


/***/ }),

/***/ 13087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AK: () => (/* binding */ writeSecretFile),
/* harmony export */   hT: () => (/* binding */ prepareSecretDir),
/* harmony export */   nj: () => (/* binding */ SECRET_MODE)
/* harmony export */ });
/* unused harmony export DIR_MODE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Secret files: one folder (0700) that ignores itself in git, files created 0600 from the start
 * (never written first and chmod-ed later), so no other user can read a secret even briefly.
 */



const DIR_MODE = 0o700;
const SECRET_MODE = 0o600;
/**
 * Creates the folder (0700) with a `.gitignore` of `*`: the folder keeps itself out of git
 * wherever it is, without touching the repository's own .gitignore.
 */
async function prepareSecretDir(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode: DIR_MODE });
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(dir);
    if (!info.isDirectory())
        throw new Error(`${dir} exists and is not a folder; choose another with --out`);
    // mkdir applies the mode only when it creates the folder, and umask may have narrowed it anyway.
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, DIR_MODE);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, '.gitignore'), '# Secret files written by certflow init: never commit them.\n*\n', {
        mode: 0o644,
    });
}
/**
 * Writes `content` to a new file with mode 0600. An existing file is an error unless `replace`;
 * then it is removed first, so the new file is created with the right mode rather than inheriting
 * the old one's.
 */
async function writeSecretFile(path, content, replace) {
    if (replace)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(path).catch((e) => ignoreMissing(e));
    // O_EXCL: never follow a planted symlink or reuse a file someone else created.
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL, SECRET_MODE);
    try {
        await handle.chmod(SECRET_MODE); // umask can only remove bits, but be explicit about the contract
        await handle.writeFile(content);
    }
    finally {
        await handle.close();
    }
}
function ignoreMissing(error) {
    if (error.code !== 'ENOENT')
        throw error;
}


/***/ })

};
;