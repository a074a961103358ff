"use strict";
exports.id = 484;
exports.ids = [484];
exports.modules = {

/***/ 46484:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D9: () => (/* binding */ fetchRenewalInfo),
/* harmony export */   DT: () => (/* binding */ ariCertificateId),
/* harmony export */   Sm: () => (/* binding */ saneWindow),
/* harmony export */   _Z: () => (/* binding */ ariRefreshDue),
/* harmony export */   hI: () => (/* binding */ ariCertificateIdFromParts),
/* harmony export */   xb: () => (/* binding */ refreshAriWindows)
/* harmony export */ });
/* unused harmony exports serialDerBytes, ARI_HORIZON_MS */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32656);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17304);
/**
 * ACME Renewal Information (RFC 9773): the certificate identifier, the renewalInfo request and
 * a refresh of stored windows for the plan. acme-client has none of this.
 */




const b64url = (bytes) => bytes.toString('base64url');
/**
 * The DER content octets of a serial number given as hex: a leading 00 is added when the top bit
 * is set (DER INTEGERs are signed), extra leading zero bytes are dropped.
 */
function serialDerBytes(serialHex) {
    let hex = serialHex.replace(/[^0-9a-f]/gi, '').toLowerCase();
    if (hex.length % 2)
        hex = `0${hex}`;
    let bytes = Buffer.from(hex, 'hex');
    while (bytes.length > 1 && bytes[0] === 0 && (bytes[1] & 0x80) === 0)
        bytes = bytes.subarray(1);
    if ((bytes[0] & 0x80) !== 0)
        bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return bytes;
}
/** RFC 9773 section 4.1 from the two parts: AKI keyIdentifier and serial (hex). */
function ariCertificateIdFromParts(authorityKeyIdHex, serialHex) {
    return `${b64url(Buffer.from(authorityKeyIdHex, 'hex'))}.${b64url(serialDerBytes(serialHex))}`;
}
/**
 * RFC 9773 section 4.1: base64url(AKI keyIdentifier) "." base64url(serial DER content octets).
 * Throws when the certificate has no authority key identifier (the CA cannot be asked then).
 */
function ariCertificateId(certPemOrDer) {
    const pem = typeof certPemOrDer === 'string' ? certPemOrDer : new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(certPemOrDer).toString();
    const facts = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .certificateFacts */ .lF)(pem);
    if (!facts.authorityKeyId) {
        throw new Error('the certificate has no authority key identifier: no ARI certificate ID can be made');
    }
    return ariCertificateIdFromParts(facts.authorityKeyId, facts.serial);
}
/**
 * GETs `<renewalInfo>/<certID>` and returns the suggested window, with the time the CA asked us
 * to ask again (Retry-After, clamped to 1 minute .. 1 day as the RFC suggests). Undefined when
 * the CA has no information for this certificate (404).
 */
async function fetchRenewalInfo(certId, opts) {
    const now = opts.now ?? new Date();
    const url = `${opts.renewalInfoUrl.replace(/\/+$/, '')}/${certId}`;
    let res;
    try {
        res = await opts.transport.request(url, 'get');
    }
    catch (error) {
        if (error.status === 404)
            return undefined;
        throw error;
    }
    const body = res.data;
    const refused = saneWindow(body?.suggestedWindow, body?.explanationURL, now);
    if (typeof refused === 'string')
        throw new Error(`${url}: answer refused: ${refused}`);
    const { start, end, explanationUrl } = refused;
    const retryAfterMs = Math.min(86_400_000, Math.max(60_000, (0,_http_js__WEBPACK_IMPORTED_MODULE_3__/* .parseRetryAfter */ .mu)(res.headers['retry-after']) ?? 21_600_000));
    return {
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        ...(explanationUrl ? { explanationUrl } : {}),
        checkedAt: now.toISOString(),
        retryAfter: new Date(now.getTime() + retryAfterMs).toISOString(),
    };
}
/** How far from now a suggested window may lie: no certificate lives longer than 398 days. */
const ARI_HORIZON_MS = 400 * 86_400_000;
/**
 * The window and explanation URL of a renewalInfo answer, or why they are refused. The answer
 * comes from the network and ends up in certificate.json, the plan and the job summary: a window
 * that ends before it starts or lies years away (which would hold renewals back or force them),
 * and an explanation URL that is not a plain https URL (control characters, markup, other
 * schemes) are refused whole, so nothing of them is stored or shown.
 */
function saneWindow(window, explanationUrl, now) {
    const when = (v) => typeof v === 'string' && v.length <= 64 && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(v)
        ? Date.parse(v)
        : Number.NaN;
    const start = when(window?.start);
    const end = when(window?.end);
    if (Number.isNaN(start) || Number.isNaN(end))
        return 'no valid suggestedWindow (RFC 3339 start and end)';
    if (end <= start)
        return 'the suggested window ends before it starts';
    const t = now.getTime();
    if (Math.abs(start - t) > ARI_HORIZON_MS || Math.abs(end - t) > ARI_HORIZON_MS) {
        return 'the suggested window lies more than 400 days from now';
    }
    if (explanationUrl === undefined || explanationUrl === null)
        return { start, end };
    if (typeof explanationUrl !== 'string' ||
        explanationUrl.length > 2048 ||
        /[^\x21-\x7e]/.test(explanationUrl)) {
        return 'explanationURL holds control characters, spaces or non-ASCII text';
    }
    let parsed;
    try {
        parsed = new URL(explanationUrl);
    }
    catch {
        return 'explanationURL is not a URL';
    }
    if (parsed.protocol !== 'https:')
        return 'explanationURL is not an https URL';
    if (/[<>"'`]/.test(explanationUrl))
        return 'explanationURL holds markup characters';
    return { start, end, explanationUrl };
}
/** Whether a stored window should be fetched again (none yet, or past its Retry-After). */
function ariRefreshDue(window, now) {
    if (!window?.retryAfter)
        return true;
    return Date.parse(window.retryAfter) <= now.getTime();
}
/**
 * Refreshes the ARI windows of stored certificates for the plan. Keeps a stored window while its
 * Retry-After has not passed; a CA error keeps the old window and is logged (the plan then
 * falls back to its lifetime rule). Returns name -> window (undefined: nothing known).
 */
async function refreshAriWindows(stored, opts) {
    const now = opts.now ?? new Date();
    const out = new Map();
    await Promise.all([...stored.entries()].map(async ([name, manifest]) => {
        if (!manifest?.ariCertId)
            return out.set(name, manifest?.ari);
        if (!ariRefreshDue(manifest.ari, now))
            return out.set(name, manifest.ari);
        try {
            out.set(name, (await fetchRenewalInfo(manifest.ariCertId, { ...opts, now })) ?? manifest.ari);
        }
        catch (error) {
            opts.log.warn(`ARI for ${name}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}; keeping the stored window`);
            out.set(name, manifest.ari);
        }
    }));
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


/***/ })

};
;