"use strict";
exports.id = 588;
exports.ids = [588];
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

/***/ 11045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  persistRecordsCommand: () => (/* binding */ persistRecordsCommand),
  persistRecordsHandler: () => (/* binding */ persistRecordsHandler)
});

// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
// EXTERNAL MODULE: ./src/acme/session.ts + 1 modules
var acme_session = __webpack_require__(87186);
// EXTERNAL MODULE: ./src/persist/check.ts
var check = __webpack_require__(19896);
// EXTERNAL MODULE: ./src/persist/config.ts
var persist_config = __webpack_require__(92980);
// EXTERNAL MODULE: ./src/persist/identity.ts
var identity = __webpack_require__(86200);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
;// CONCATENATED MODULE: ./src/persist/render.ts
/**
 * How `persist-record` shows its result: zone-file lines for a person or a zone file, JSON with
 * stable field names for IaC tools, a markdown table for the job summary. Everything shown from
 * DNS went through showUntrusted already; the summary escapes the rest.
 */

/** The JSON form (`--json`, the Action's `persist-records` output). Field names are interface. */
function persistJson(r) {
    return {
        directory: r.ca.directoryUrl,
        issuerDomainNames: r.ca.issuers,
        issuerSource: r.ca.issuerSource,
        account: r.accountUrl,
        accountUriForm: r.ca.hashPrefix ? 'hashed' : 'url',
        records: r.records.map((x) => ({
            name: x.name,
            type: 'TXT',
            value: x.value,
            zoneLine: x.zoneLine,
            issuer: x.issuer,
            issuerReason: x.issuerWhy,
            accountUri: x.accountUri,
            wildcard: x.wildcard,
            certificates: x.certificates,
            domains: x.domains,
            ...(x.check
                ? {
                    check: {
                        status: x.check.status,
                        message: x.check.message,
                        persistUntil: x.check.persistUntil ?? null,
                    },
                }
                : {}),
        })),
    };
}
function persistText(r) {
    const lines = [
        `; dns-persist-01 records for ${r.ca.directoryUrl}`,
        `; account ${r.accountUrl}`,
        '; publish these through your DNS change process; certflow never writes them',
    ];
    for (const x of r.records) {
        lines.push(`; ${x.certificates.join(', ')}: ${x.domains.join(', ')} (issuer ${x.issuer}: ${x.issuerWhy})`);
        lines.push(x.zoneLine);
    }
    const checked = r.records.filter((x) => x.check);
    if (checked.length > 0) {
        lines.push('');
        for (const x of checked)
            lines.push(`${x.name}: ${x.check?.status}${x.check?.status === 'ok' ? '' : ` - ${x.check?.message}`}`);
    }
    return `${lines.join('\n')}\n`;
}
function persistMarkdown(r) {
    const checked = r.records.some((x) => x.check);
    const out = [
        '## dns-persist-01 records',
        '',
        `CA ${(0,report_escape/* code */.aY)(r.ca.directoryUrl)}, account ${(0,report_escape/* code */.aY)(r.accountUrl)}. Publish these through your DNS change process: certflow never writes them.`,
        '',
        checked ? '| Record | Value | Certificates | Check |' : '| Record | Value | Certificates |',
        checked ? '|---|---|---|---|' : '|---|---|---|',
    ];
    for (const x of r.records) {
        const cells = [(0,report_escape/* code */.aY)(x.name), `<code>${(0,report_escape.md)(x.value)}</code>`, (0,report_escape.md)(x.certificates.join(', '))];
        if (checked)
            cells.push((0,report_escape.md)(x.check?.status === 'ok' ? 'ok' : `${x.check?.status}: ${x.check?.message}`));
        out.push(`| ${cells.join(' | ')} |`);
    }
    return `${out.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/persist/want.ts
var want = __webpack_require__(35336);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(40704);
;// CONCATENATED MODULE: ./src/commands/persist-records.ts
/**
 * `certflow persist-record [names]` / `command: persist-records`: the `_validation-persist` TXT
 * records the dns-persist-01 certificates need (issue 23), and with `--check` whether the zone
 * publishes them. Read-only towards the CA (no account is created) and towards DNS (nothing is
 * written): these records authorize issuance, so they belong to the DNS owner's change process.
 */









async function persistRecordsCommand(settings, log, options = {}) {
    const { config } = settings;
    for (const n of settings.only ?? []) {
        if (!config.certificates[n])
            throw new errors/* UsageError */.e(`no certificate named ${n} in the config`);
        if (!(0,persist_config/* usesPersist */.p3)(config, n)) {
            throw new errors/* UsageError */.e(`certificate ${n} does not use challenge: dns-persist-01, so it needs no record`);
        }
    }
    const names = (0,persist_config/* persistCertificates */.Jz)(config, settings.only);
    if (names.length === 0) {
        const text = 'no certificate uses challenge: dns-persist-01; nothing to publish';
        return {
            ok: true,
            outputs: { 'persist-records': JSON.stringify({ records: [] }) },
            text,
            json: { records: [] },
        };
    }
    const session = await (0,acme_session/* openSession */.fA)(settings, log, { maxRetryAfterMs: 10_000 });
    let report;
    try {
        const ca = (0,identity/* caFacts */.Gy)(session);
        const url = await (0,identity/* existingAccountUrl */.UL)(session);
        if (!url) {
            throw new Error(`no ACME account exists at ${session.directoryUrl} for acme.account-key, so there is no account URI to publish (persist-record never creates one). If the account key changed, restore the old key: records made for its account stay valid. Otherwise run \`certflow renew\` once to register the account (its dns-persist-01 orders fail until the records exist), then run \`certflow persist-record\` again`);
        }
        const account = (0,identity/* accountOf */.XP)(url, (0,issuers/* primaryIssuer */.Cl)(settings).accountKey);
        report = { ca, accountUrl: url, records: (0,want/* wantedRecords */.I)(config, names, ca, account) };
    }
    finally {
        session.close();
    }
    if (settings.persistCheck) {
        const now = options.now ?? new Date();
        const timeoutMs = options.timeoutMs ?? 3000;
        const verdicts = await (0,pool/* mapLimit */.s)(report.records, 8, (rec) => (0,check/* checkRecord */.EQ)(rec, {
            resolvers: (0,persist_config/* persistResolvers */.yj)(config, rec.certificates[0]),
            timeoutMs,
            // A name whose servers do not answer is reported, not waited for.
            signal: AbortSignal.timeout(4 * timeoutMs),
        }, now));
        report = { ...report, records: report.records.map((rec, i) => ({ ...rec, check: verdicts[i] })) };
    }
    const bad = report.records.filter((r) => r.check && r.check.status !== 'ok');
    for (const r of bad)
        log.warn(`${r.name}: ${r.check?.status}: ${r.check?.message}`);
    const json = persistJson(report);
    return {
        ok: bad.length === 0,
        outputs: { 'persist-records': JSON.stringify(json) },
        summary: persistMarkdown(report),
        text: persistText(report),
        json,
    };
}
const persistRecordsHandler = (settings, log) => persistRecordsCommand(settings, log);


/***/ }),

/***/ 19896:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EQ: () => (/* binding */ checkRecord),
/* harmony export */   t4: () => (/* binding */ lookupTxt)
/* harmony export */ });
/* unused harmony exports EXPIRING_WITHIN_MS, judge */
/* harmony import */ var _dns_query_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5931);
/* harmony import */ var _dns_resolve_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19111);
/* harmony import */ var _dns_wire_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53970);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(62703);
/**
 * Read-only checks of `_validation-persist` records: asked of the configured resolvers, or of the
 * zone's authoritative servers (found through the machine's nameserver addresses, never the
 * system resolver library, whose cache would hide what the zone says now). Nothing is written.
 */





/** persistUntil closer than this is reported (issue 23: "within 30 days"). */
const EXPIRING_WITHIN_MS = 30 * 86_400_000;
const day = (ms) => Math.ceil(ms / 86_400_000);
/** Judges the TXT values found at `want.name` (pure: the clock is given). */
function judge(want, values, now) {
    const parsed = values.map((v) => ({ raw: v, p: (0,_record_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRecord */ .Hh)(v) }));
    const good = parsed.flatMap((x) => (x.p.ok ? [x.p.record] : []));
    const bad = parsed.filter((x) => !x.p.ok);
    // A zone may answer with many values: a few are enough to say what is wrong.
    const refused = bad
        .slice(0, 3)
        .map((x) => `${(0,_record_js__WEBPACK_IMPORTED_MODULE_4__/* .showUntrusted */ .Gz)(x.raw)} (${x.p.ok ? '' : x.p.reason})`)
        .join('; ') + (bad.length > 3 ? `; and ${bad.length - 3} more` : '');
    const ours = good.filter((r) => r.issuer === want.issuer);
    if (ours.length === 0) {
        if (bad.length > 0) {
            return { status: 'malformed', message: `no valid record for ${want.issuer}; not trusted: ${refused}` };
        }
        if (good.length > 0) {
            const others = [...new Set(good.map((r) => r.issuer))].join(', ');
            return {
                status: 'wrong-issuer',
                message: `records name ${others}, not ${want.issuer}: publish the record shown for this CA (records for several CAs may coexist)`,
            };
        }
        return { status: 'missing', message: `no TXT record at ${want.name}: publish the record shown` };
    }
    const accepted = want.accepted;
    const mine = accepted ? ours.filter((r) => accepted.includes(r.accountUri)) : ours;
    if (mine.length === 0) {
        const named = [...new Set(ours.map((r) => (0,_record_js__WEBPACK_IMPORTED_MODULE_4__/* .showUntrusted */ .Gz)(r.accountUri)))].join(', ');
        return {
            status: 'other-account',
            message: `the record for ${want.issuer} names another account (${named}): publish the record shown, or use the account key it was made for`,
        };
    }
    const fit = want.wildcard ? mine.filter((r) => r.wildcard) : mine;
    if (fit.length === 0) {
        return {
            status: 'no-wildcard-policy',
            message: `a wildcard is validated here but the record has no policy=wildcard: add "; policy=wildcard"`,
        };
    }
    // The record that lasts longest counts (no persistUntil: until removed).
    const best = fit.reduce((a, b) => a.persistUntil === undefined
        ? a
        : b.persistUntil === undefined || b.persistUntil > a.persistUntil
            ? b
            : a);
    if (best.persistUntil === undefined)
        return { status: 'ok', message: 'ok' };
    const until = best.persistUntil * 1000;
    const iso = new Date(Math.min(until, 8.64e15)).toISOString();
    if (until <= now.getTime()) {
        return {
            status: 'expired',
            message: `persistUntil ${iso} has passed: the CA no longer accepts this record; publish it again with a later persistUntil (or none)`,
            persistUntil: iso,
        };
    }
    if (until - now.getTime() < EXPIRING_WITHIN_MS) {
        return {
            status: 'expiring',
            message: `persistUntil ${iso} is in ${day(until - now.getTime())} day(s): publish it again with a later persistUntil before then`,
            persistUntil: iso,
        };
    }
    return { status: 'ok', message: 'ok', persistUntil: iso };
}
/** TXT values at `name` after CNAMEs, from the resolvers or from the zone's authoritative servers. */
async function lookupTxt(name, opts) {
    const timeoutMs = opts.timeoutMs ?? 3000;
    const ctx = {
        resolvers: opts.resolvers ?? (0,_dns_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .systemResolvers */ .Te)(),
        signal: opts.signal,
        timeoutMs,
    };
    const target = await (0,_dns_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .followCname */ .U8)(name, ctx);
    const { servers, rd } = await (0,_dns_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .serversToAsk */ .bS)(target, opts.resolvers, ctx);
    let last;
    for (const server of servers) {
        try {
            const msg = await (0,_dns_query_js__WEBPACK_IMPORTED_MODULE_0__/* .query */ .P)(server, target, _dns_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .TYPE */ .ZE.TXT, { rd, signal: opts.signal, timeoutMs });
            (0,_dns_query_js__WEBPACK_IMPORTED_MODULE_0__/* .assertDefinite */ .jw)(msg, server, `TXT ${target}`);
            return (0,_dns_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .txtValues */ .b9)(msg, target);
        }
        catch (error) {
            last = error;
            if (opts.signal?.aborted)
                break;
        }
    }
    throw last ?? new Error(`no server to ask for ${name}`);
}
/** Looks `want.name` up and judges it; a failed lookup is a verdict, not an exception. */
async function checkRecord(want, opts, now) {
    try {
        return judge(want, await lookupTxt(want.name, opts), now);
    }
    catch (error) {
        return { status: 'lookup-failed', message: `cannot look up ${want.name}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error)}` };
    }
}


/***/ }),

/***/ 92980:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jz: () => (/* binding */ persistCertificates),
/* harmony export */   eP: () => (/* binding */ configuredIssuer),
/* harmony export */   p3: () => (/* binding */ usesPersist),
/* harmony export */   yj: () => (/* binding */ persistResolvers)
/* harmony export */ });
/* harmony import */ var _dns_transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99874);

/** True when the certificate asks for dns-persist-01. */
function usesPersist(config, name) {
    return config.certificates[name]?.challenge === 'dns-persist-01';
}
/** The dns-persist-01 certificates, limited to `only` when given. */
function persistCertificates(config, only) {
    return Object.keys(config.certificates).filter((n) => usesPersist(config, n) && (!only || only.includes(n)));
}
/** The issuer domain the certificate asks for (`issuer-domain`), normalized. */
function configuredIssuer(config, name) {
    return config.certificates[name]?.['issuer-domain']?.toLowerCase().replace(/\.$/, '') || undefined;
}
/**
 * Servers to ask for `_validation-persist` records: the certificate's own `resolvers`, else those of
 * the DNS provider it names (its fallback), else none (the zone's authoritative servers are found).
 */
function persistResolvers(config, name) {
    const cert = config.certificates[name];
    const provider = cert?.dns ? config.dns[cert.dns] : undefined;
    const list = cert?.resolvers?.length ? cert.resolvers : provider?.resolvers;
    return list?.length ? list.map((r) => (0,_dns_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .parseServer */ .ld)(r)) : undefined;
}


/***/ }),

/***/ 35336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ wantedRecords)
/* harmony export */ });
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92980);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86200);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62703);



function wantedRecords(config, names, ca, account) {
    const byKey = new Map();
    for (const cert of names) {
        const { issuer, why } = (0,_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .pickIssuer */ .JX)(ca, (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .configuredIssuer */ .eP)(config, cert));
        for (const domain of config.certificates[cert]?.domains ?? []) {
            const base = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .baseName */ .Fl)(domain);
            const key = `${base} ${issuer}`;
            let rec = byKey.get(key);
            if (!rec) {
                rec = {
                    name: (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .recordName */ .xD)(base),
                    base,
                    wildcard: false,
                    issuer,
                    issuerWhy: why,
                    accountUri: (0,_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .publishedUri */ .bt)(ca, account, base),
                    value: '',
                    zoneLine: '',
                    certificates: [],
                    domains: [],
                    accepted: (0,_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .acceptedUris */ .fc)(ca, account, base),
                };
                byKey.set(key, rec);
            }
            if (domain.startsWith('*.'))
                rec.wildcard = true;
            if (!rec.certificates.includes(cert))
                rec.certificates.push(cert);
            if (!rec.domains.includes(domain))
                rec.domains.push(domain);
        }
    }
    const out = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.issuer.localeCompare(b.issuer));
    for (const r of out) {
        r.value = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .recordValue */ .xK)({ issuer: r.issuer, accountUri: r.accountUri, wildcard: r.wildcard });
        r.zoneLine = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .zoneLine */ .N0)(r.name, r.value);
    }
    return out;
}


/***/ }),

/***/ 14031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AS: () => (/* binding */ pre),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   Zg: () => (/* binding */ scrubSecrets),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   md: () => (/* binding */ md),
/* harmony export */   pj: () => (/* binding */ plain)
/* harmony export */ });
/**
 * Escaping for the job summary. `@actions/core` writes markdown as given, and GitHub renders raw
 * HTML in it, so everything that came from a user, a CA or a host goes through here first.
 */
const HTML = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text) {
    return plain(text).replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}
/**
 * Text for a markdown paragraph or table cell: HTML escaped, markdown punctuation made literal,
 * pipes as an entity (a `\|` is still split by some table renderers), newlines as `<br>` so a
 * multi-line message cannot end a table row or start a block.
 */
function md(text) {
    // Backslashes first, so the `#` of the entities added after them is left alone.
    return plain(text)
        .replace(/[\\`*_[\]~#!]/g, (c) => `\\${c}`)
        .replace(/[&<>]/g, (c) => HTML[c] ?? c)
        .replace(/\|/g, '&#124;')
        .replace(/\r?\n/g, '<br>');
}
/** Names, hosts and serials as inline code when they are plain enough to need no escaping. */
const PLAIN = /^[A-Za-z0-9.*:@/_+=-]+$/;
function code(text) {
    return PLAIN.test(text) ? `\`${text}\`` : md(text);
}
/** Command output in a `<pre>` block: an HTML block, so blank lines inside do not end it. */
function pre(text) {
    return `<pre>${escapeHtml(text.replace(/\s+$/, ''))}</pre>`;
}
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;
const AGE_IDENTITY = /AGE-SECRET-KEY-1[0-9A-Z]+/g;
/**
 * Removes anything that looks like a private key. Reports carry none by construction; this is the
 * belt to those braces, applied to every string before it leaves the process.
 */
function scrubSecrets(text) {
    return text.replace(PRIVATE_KEY, '[private key removed]').replace(AGE_IDENTITY, '[age identity removed]');
}
/** ANSI CSI and OSC sequences, as commands like nginx or systemctl may colour their output. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g;
/**
 * Strips escape sequences and control characters (tab and newline stay): a host's output must not
 * repaint a terminal, nor put invisible bytes into a summary.
 */
function plain(text) {
    return text.replace(ANSI, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}


/***/ }),

/***/ 40704:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ mapAhead),
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * Runs `fn` over `items` with at most `limit` at once, keeping input order in the results.
 * `fn` should not throw: stages return failures as data. A throw is still caught per item so one
 * item never takes the others down; it is rethrown after all have settled.
 */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    const errors = [];
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = await fn(items[index], index);
            }
            catch (error) {
                errors.push(error);
            }
        }
    };
    const width = Math.max(1, Math.min(limit, items.length));
    await Promise.all(Array.from({ length: width }, worker));
    if (errors.length > 0)
        throw errors[0];
    return results;
}
/**
 * Runs each item through `prepare`, then `run`, keeping input order in the results. At most
 * `limit` items are in `run` at once, and at most `limit` more are in `prepare` or done with it
 * and waiting for a `run` slot: the first step of the next items overlaps the waits in the
 * second step of earlier ones. Meant for a first step that changes nothing (deploy: connecting
 * to a host), so `limit` still bounds what is changed at once. `run` must close whatever
 * `prepare` opened; neither should throw (a throw is rethrown once all items settled, as in
 * mapLimit).
 */
async function mapAhead(items, limit, prepare, run) {
    const width = Math.max(1, limit);
    const ahead = semaphore(width);
    const running = semaphore(width);
    return mapLimit(items, 2 * width, async (item, index) => {
        await ahead.acquire();
        let prepared;
        try {
            prepared = await prepare(item, index);
        }
        catch (error) {
            ahead.release();
            throw error;
        }
        // A prepared item keeps its ahead slot until it has a run slot, so at most `limit` wait.
        await running.acquire();
        ahead.release();
        try {
            return await run(prepared, item, index);
        }
        finally {
            running.release();
        }
    });
}
/** A counting semaphore; waiters are served first come, first served. */
function semaphore(size) {
    let free = size;
    const waiting = [];
    return {
        acquire: () => {
            if (free > 0) {
                free--;
                return Promise.resolve();
            }
            return new Promise((resolve) => waiting.push(resolve));
        },
        release: () => {
            const next = waiting.shift();
            if (next)
                next();
            else
                free++;
        },
    };
}


/***/ })

};
;