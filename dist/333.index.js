"use strict";
exports.id = 333;
exports.ids = [333,714];
exports.modules = {

/***/ 67553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* reexport safe */ _thumbprint_js__WEBPACK_IMPORTED_MODULE_2__.A),
/* harmony export */   Fg: () => (/* binding */ keyChangeState),
/* harmony export */   aR: () => (/* binding */ deactivateAccount),
/* harmony export */   mD: () => (/* binding */ lookupAccount),
/* harmony export */   vF: () => (/* binding */ findAccount),
/* harmony export */   vU: () => (/* binding */ changeAccountKey)
/* harmony export */ });
/* harmony import */ var acme_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46907);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(27083);
/* harmony import */ var _thumbprint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87327);
/**
 * The ACME account itself (RFC 8555 section 7.3): find it without registering, change its key
 * (7.3.5) and deactivate it (7.3.6). Every request goes through the session's transport, so the
 * trust anchors and retries are those of issuance. No function here registers an account: a key
 * the CA does not know is an error, never a new account.
 */




const NO_ACCOUNT = 'urn:ietf:params:acme:error:accountDoesNotExist';
function str(v) {
    return typeof v === 'string' ? v : undefined;
}
/**
 * The account of the session's key: newAccount with onlyReturnExisting (RFC 8555 section 7.3.1),
 * which answers with the account URL and object and never creates one.
 */
/**
 * The account of the session's key, or undefined when the CA has none for it (newAccount with
 * onlyReturnExisting, RFC 8555 section 7.3.1). Never registers one.
 */
async function lookupAccount(session, accountKeyPem = session.issuer.accountKey) {
    const url = session.directory.newAccount;
    let res;
    try {
        res = await session.http.signedRequest(url, { onlyReturnExisting: true }, { kid: null });
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AcmeProblemError */ ._k && error.problem.type === NO_ACCOUNT)
            return undefined;
        throw error;
    }
    const location = res.headers.location;
    if (!location) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IssueError */ .uv(`${url} answered without the account URL (no Location header)`, 'the CA does not follow RFC 8555 section 7.3.1');
    }
    const body = (res.data ?? {});
    const contact = Array.isArray(body.contact) ? body.contact.filter((c) => typeof c === 'string') : [];
    return {
        url: location,
        status: str(body.status) ?? 'unknown',
        contact,
        thumbprint: (0,_thumbprint_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .A)(accountKeyPem),
        ...(str(body.createdAt) ? { createdAt: str(body.createdAt) } : {}),
    };
}
/** The account of the key, as lookupAccount, but a key the CA does not know is an error. */
async function findAccount(session, accountKeyPem) {
    const info = await lookupAccount(session, accountKeyPem);
    if (!info) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IssueError */ .uv(`no account at ${session.directoryUrl} for this account key (thumbprint ${(0,_thumbprint_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .A)(accountKeyPem)})`, 'a renew registers the account; check that acme.account-key is the key you meant', { type: NO_ACCOUNT });
    }
    return info;
}
/**
 * RFC 8555 section 7.3.5: the inner JWS, signed by the new key (jwk in its header), names the
 * account and the old key; the outer JWS is signed by the old key (kid). The CA then binds the
 * account to the new key, and the old key no longer finds it.
 */
async function changeAccountKey(session, accountUrl, newKeyPem) {
    const target = await session.http.getResourceUrl('keyChange').catch(() => undefined);
    if (!target) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IssueError */ .uv(`${session.directoryUrl} offers no keyChange resource`, 'this CA cannot change account keys: create a new account with a new key instead');
    }
    // A client of the new key only to sign the inner JWS; it sends nothing itself.
    const signer = new acme_client__WEBPACK_IMPORTED_MODULE_0__.Client({ directoryUrl: session.directoryUrl, accountKey: newKeyPem });
    const inner = signer.http.createSignedBody(target, { account: accountUrl, oldKey: session.http.getJwk() }, 
    // The inner JWS carries no nonce (RFC 8555 section 7.3.5); acme-client leaves it out when null.
    { nonce: null, kid: null });
    const res = await session.http.signedRequest(target, inner, { kid: accountUrl });
    if (res.status !== 200) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AcmeProblemError */ ._k({ type: 'certflow:protocol', detail: `keyChange answered HTTP ${res.status}, expected 200` }, res.status, target);
    }
}
/**
 * Where a key change stands after its request failed, from what each key finds now: `changed` (the
 * CA applied it and the answer was lost), `unchanged` (the old key still holds the account: safe to
 * drop the new key), or `unknown` (neither finds it: keep both keys).
 */
function keyChangeState(accountUrl, foundByOld, foundByNew) {
    if (foundByNew === accountUrl)
        return 'changed';
    if (foundByOld === accountUrl)
        return 'unchanged';
    return 'unknown';
}
/** RFC 8555 section 7.3.6: the account is deactivated for good; the CA refuses its later requests. */
async function deactivateAccount(session, accountUrl) {
    const res = await session.http.signedRequest(accountUrl, { status: 'deactivated' }, { kid: accountUrl });
    const status = str(res.data?.status);
    if (status !== 'deactivated') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IssueError */ .uv(`the CA answered the deactivation with status ${status ?? '(none)'}, not deactivated`, 'run certflow account show to see the account as the CA has it');
    }
    return status;
}


/***/ }),

/***/ 87186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fA: () => (/* binding */ openSession),
  Xy: () => (/* reexport */ acme_directory/* resolveDirectoryUrl */.X)
});

// UNUSED EXPORTS: readTrust

// EXTERNAL MODULE: ./node_modules/acme-client/src/index.js
var src = __webpack_require__(46907);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/acme/directory.ts
var acme_directory = __webpack_require__(55373);
// EXTERNAL MODULE: ./src/acme/errors.ts
var acme_errors = __webpack_require__(27083);
// EXTERNAL MODULE: ./src/acme/http.ts
var acme_http = __webpack_require__(17304);
// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/acme/jws.ts
/**
 * JWS signing of ACME requests (RFC 8555 section 6.2) with the account key parsed once.
 *
 * acme-client's createSignedBody hands the account key to Node as PEM text on every request, so
 * each of the ~8 signed requests of a certificate parses the key again; issue 22 measured that
 * parse as most of the signing cost (0.75 ms per request with a P-256 key). Here the key is a
 * KeyObject made once per session, and the JWS is the same: the protected header holds alg, url,
 * nonce and kid (or the JWK before the account exists), the payload is JSON (empty for
 * POST-as-GET), and an ECDSA signature is r || s (RFC 7518 section 3.4), not DER.
 */

const EC_ALGS = {
    prime256v1: { alg: 'ES256', hash: 'sha256' },
    secp384r1: { alg: 'ES384', hash: 'sha384' },
    secp521r1: { alg: 'ES512', hash: 'sha512' },
};
/** The JWS algorithm for an account key, as acme-client picks it (RS256 for RSA, ES* by curve). */
function algorithmOf(key) {
    if (key.asymmetricKeyType === 'rsa')
        return { alg: 'RS256', hash: 'sha256' };
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const ec = key.asymmetricKeyType === 'ec' && curve ? EC_ALGS[curve] : undefined;
    if (!ec) {
        throw new Error(`an ACME account key must be RSA or ECDSA P-256/P-384/P-521, not ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}`);
    }
    return ec;
}
const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');
/** A signer for one account key (PEM). Throws when the key cannot sign ACME requests. */
function jwsSigner(accountKeyPem) {
    const key = (0,external_node_crypto_.createPrivateKey)(accountKeyPem);
    if (key.type !== 'private')
        throw new Error('the ACME account key must be a private key');
    const { alg, hash } = algorithmOf(key);
    return {
        alg,
        sign(url, payload, header) {
            const fields = { alg, url };
            if (header.nonce)
                fields.nonce = header.nonce;
            if (header.kid)
                fields.kid = header.kid;
            else
                fields.jwk = header.jwk();
            const protectedPart = b64url(JSON.stringify(fields));
            // POST-as-GET (null) has an empty payload; an empty object is "{}" (RFC 8555 section 6.3).
            const payloadPart = payload === null || payload === undefined ? '' : b64url(JSON.stringify(payload));
            const signature = (0,external_node_crypto_.sign)(hash, Buffer.from(`${protectedPart}.${payloadPart}`, 'ascii'), {
                key,
                dsaEncoding: 'ieee-p1363',
                padding: external_node_crypto_.constants.RSA_PKCS1_PADDING,
            });
            return { protected: protectedPart, payload: payloadPart, signature: signature.toString('base64url') };
        },
    };
}

;// CONCATENATED MODULE: ./src/acme/session.ts








async function openSession(settings, log, opts, issuer = (0,issuers/* primaryIssuer */.Cl)(settings)) {
    const cfg = settings.config.acme;
    const url = issuer.directory;
    const { accountKey, eab, where } = issuer;
    log.secret(accountKey);
    if (eab)
        log.secret(eab.hmacKey);
    if (!accountKey) {
        throw new acme_errors/* IssueError */.uv(`${where}.account-key is not set`, `give the account key of ${url} (an environment reference like \${ACME_ACCOUNT_KEY})`);
    }
    const transport = new acme_http/* AcmeTransport */.aw({
        trust: await (0,acme_directory/* readTrust */.b)(settings),
        maxRetryAfterMs: opts.maxRetryAfterMs,
        signal: opts.signal,
        log,
    });
    let client;
    try {
        client = new src.Client({
            directoryUrl: url,
            accountKey,
            externalAccountBinding: eab ? { kid: eab.keyId, hmacKey: eab.hmacKey } : undefined,
        });
    }
    catch (error) {
        transport.close();
        throw new acme_errors/* IssueError */.uv(`${where}.account-key: ${(0,errors/* errorMessage */.g)(error)}`, 'the account key must be a PEM private key (RSA or ECDSA)');
    }
    const http = client.http;
    try {
        // The account key is parsed once here, not on every signed request (see jws.ts).
        const signer = jwsSigner(accountKey);
        http.createSignedBody = (target, payload, o) => signer.sign(target, payload, { nonce: o.nonce, kid: o.kid, jwk: () => http.getJwk() });
    }
    catch (error) {
        transport.close();
        throw new acme_errors/* IssueError */.uv(`${where}.account-key: ${(0,errors/* errorMessage */.g)(error)}`, 'the account key must be a PEM private key (RSA or ECDSA P-256/P-384/P-521)');
    }
    transport.install(http);
    let directory;
    try {
        directory = (await http.getDirectory());
    }
    catch (error) {
        transport.close();
        throw error;
    }
    if (!directory?.newOrder || !directory.newAccount) {
        transport.close();
        throw new acme_errors/* IssueError */.uv(`${url} is not an ACME directory (no newOrder/newAccount)`, `check ${where}.directory`);
    }
    let registered;
    const account = () => {
        registered ??= (async () => {
            if (directory.meta?.externalAccountRequired && !eab) {
                throw new acme_errors/* IssueError */.uv(`${url} (${where}) requires an external account binding, and none is configured`, `set ${where}.external-account-binding (key-id, hmac-key) from your account at this CA`);
            }
            try {
                if (cfg.email) {
                    await client.createAccount({ termsOfServiceAgreed: true, contact: [`mailto:${cfg.email}`] });
                }
                else {
                    // acme-client follows a 200 (account exists) with an update carrying only
                    // termsOfServiceAgreed, which Pebble refuses as an empty update; with nothing to update,
                    // newAccount alone finds the account (RFC 8555 section 7.3.1). An existing account is the
                    // rule with dns-persist-01, whose records name it.
                    const api = client.api;
                    await api.createAccount({ termsOfServiceAgreed: true });
                }
            }
            catch (error) {
                throw accountRefused(error, issuer);
            }
            log.debug(`ACME account ${client.getAccountUrl()} at ${url}`);
        })();
        return registered;
    };
    return {
        client,
        http,
        transport,
        directoryUrl: url,
        directory,
        issuer,
        caa: new Map(),
        account,
        close: () => transport.close(),
    };
}
/**
 * A refused newAccount with a binding is nearly always a wrong key id or MAC: say which CA and
 * which secret, keep the CA's words and its problem (so the failure stays the user's, not the
 * CA's, and no other CA is tried). The MAC key itself is never part of the message.
 */
function accountRefused(error, issuer) {
    // Only a refusal (4xx): silence and 5xx are the CA's trouble and keep their own words.
    if (!(error instanceof acme_errors/* AcmeProblemError */._k) || error.status < 400 || error.status >= 500)
        return error;
    const type = error.problem.type;
    if (type.endsWith(':rateLimited') || type.endsWith(':badNonce'))
        return error;
    const binding = issuer.eab
        ? `check the EAB secret of ${issuer.where}.external-account-binding: key-id "${issuer.eab.keyId}" and the hmac-key must be the pair this CA gave for the account`
        : `check ${issuer.where}.account-key`;
    return new acme_errors/* IssueError */.uv(`${issuer.directory} (${issuer.where}) refused the ACME account: ${error.message}`, binding, error.problem);
}


/***/ }),

/***/ 87327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ jwkThumbprint)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * RFC 7638 thumbprint of a key (private or public PEM): SHA-256 over the JSON of the required
 * members of its public JWK, in lexicographic order, without whitespace; base64url. Its own module
 * (node:crypto only): the account commands and the dns-persist-01 records both need it, and the
 * records must not load acme-client.
 */

function jwkThumbprint(keyPem) {
    const jwk = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(keyPem).export({ format: 'jwk' });
    const members = {
        EC: ['crv', 'kty', 'x', 'y'],
        RSA: ['e', 'kty', 'n'],
        OKP: ['crv', 'kty', 'x'],
    };
    const names = members[jwk.kty];
    if (!names)
        throw new Error(`no RFC 7638 thumbprint for key type ${jwk.kty}`);
    // Built by hand, member by member: JSON.stringify of an object keeps insertion order only.
    const canonical = `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(jwk[n])}`).join(',')}}`;
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonical).digest('base64url');
}


/***/ }),

/***/ 21333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   accountCommand: () => (/* binding */ accountCommand),
/* harmony export */   accountHandler: () => (/* binding */ accountHandler)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _acme_account_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(67553);
/* harmony import */ var _acme_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27083);
/* harmony import */ var _acme_issuers_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(40746);
/* harmony import */ var _acme_session_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(87186);
/* harmony import */ var _init_keys_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(48500);
/* harmony import */ var _init_secrets_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(13087);
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(14031);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(70017);
/* harmony import */ var _util_git_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(13968);
/**
 * `certflow account show|rollover|deactivate` / `command: account`: the ACME account behind
 * `acme.account-key`, as the CA has it.
 * - show: URL, status, contacts, the key's RFC 7638 thumbprint; with `acme.issuers`, each fallback
 *   CA's account too (a fallback account that is deactivated, or a CA that cannot be reached,
 *   is better found on a quiet day than during the outage it is there for).
 * - rollover: a new key, written to a new 0600 file (never over an existing file or through a
 *   symlink) before the CA is asked to change the key, then proven: the new key finds the same
 *   account. The key is never printed; the run names the secret to update with it.
 * - deactivate: permanent, so it needs consent: a prompt on a terminal, `--yes`, or in the Action
 *   `account-confirm` set to the account URL (the Action never prompts).
 */











/**
 * The account the commands act on: the first CA's (`acme.account-key`, or `acme.issuers[0]` when
 * the list stands alone). `key` swaps in another key for the same CA (rollover's proof).
 */
function accountIssuer(settings, key) {
    const first = (0,_acme_issuers_js__WEBPACK_IMPORTED_MODULE_4__/* .primaryIssuer */ .Cl)(settings);
    return key === undefined ? first : { ...first, accountKey: key };
}
async function withSession(settings, log, fn, issuer = accountIssuer(settings)) {
    const session = await (0,_acme_session_js__WEBPACK_IMPORTED_MODULE_5__/* .openSession */ .fA)(settings, log, { maxRetryAfterMs: 60_000 }, issuer);
    try {
        return await fn(session);
    }
    finally {
        session.close();
    }
}
function table(rows) {
    const width = Math.max(...rows.map(([k]) => k.length));
    return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
function infoRows(info, directory) {
    return [
        ['account', info.url],
        ['directory', directory],
        ['status', info.status],
        ['contacts', info.contact.join(', ') || '(none)'],
        ['key thumbprint', info.thumbprint],
        ...(info.createdAt ? [['created', info.createdAt]] : []),
    ];
}
function summaryOf(title, rows, notes = []) {
    return [
        `### certflow account: ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_8__.md)(title)}`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_8__.md)(k)} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_8__/* .code */ .aY)(v)} |`),
        '',
        ...notes.map((n) => `- ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_8__.md)(n)}`),
    ].join('\n');
}
function outcome(log, ok, title, rows, notes, json) {
    const text = [table(rows), ...notes].join('\n');
    return {
        ok,
        outputs: { account: JSON.stringify(json) },
        summary: log.redact(summaryOf(title, rows, notes)),
        text: log.redact(text),
        json,
    };
}
async function fallbackAccount(settings, log, issuer) {
    const base = {
        where: issuer.where,
        directory: issuer.directory,
        thumbprint: (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .AD)(issuer.accountKey),
    };
    try {
        const info = await withSession(settings, log, (s) => (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .lookupAccount */ .mD)(s, issuer.accountKey), issuer);
        if (!info)
            return { ...base, status: 'none', note: 'no account yet: the first order sent there registers it' };
        return {
            ...base,
            status: info.status,
            url: info.url,
            ...(info.status === 'valid'
                ? {}
                : { note: `the account is ${info.status}: orders that fall back to this CA will be refused` }),
        };
    }
    catch (error) {
        // The CA answered, with a problem: it refuses the account (deactivated, revoked, unknown).
        if (error instanceof _acme_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AcmeProblemError */ ._k && error.problem.type.startsWith('urn:ietf:params:acme:error:')) {
            return {
                ...base,
                status: 'refused',
                note: `the CA refuses this account (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorMessage */ .g)(error)}): orders that fall back to this CA will fail`,
            };
        }
        return { ...base, status: 'unreachable', note: `cannot ask the CA: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorMessage */ .g)(error)}` };
    }
}
async function show(settings, log) {
    const accountKey = accountIssuer(settings).accountKey;
    const fallbacks = await Promise.all((0,_acme_issuers_js__WEBPACK_IMPORTED_MODULE_4__/* .configuredIssuers */ .T0)(settings)
        .slice(1)
        .map((issuer) => fallbackAccount(settings, log, issuer)));
    return withSession(settings, log, async (session) => {
        const info = await (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .findAccount */ .vF)(session, accountKey);
        const rows = infoRows(info, session.directoryUrl);
        for (const f of fallbacks) {
            rows.push([`fallback ${f.where}`, `${f.status}${f.url ? ` ${f.url}` : ''} at ${f.directory}`]);
        }
        const notes = fallbacks.flatMap((f) => (f.note ? [`${f.where}: ${f.note}`] : []));
        const json = { ...info, directory: session.directoryUrl, ...(fallbacks.length ? { fallbacks } : {}) };
        return outcome(log, true, 'show', rows, notes, json);
    });
}
/** Refuses a path that exists in any form (file, folder, symlink, even a dangling one). */
async function refuseExisting(path) {
    const there = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(path).then((s) => (s.isSymbolicLink() ? 'a symlink' : s.isDirectory() ? 'a folder' : 'a file'), (e) => {
        if (e.code === 'ENOENT')
            return undefined;
        throw e;
    });
    if (there) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .e(`--out ${path} is ${there} already; rollover writes the new key only to a new file (it never overwrites or follows a link): name a path that does not exist`, [{ path: '--out', message: `${path} exists` }]);
    }
}
/**
 * Refuses a path in the repository that git would pick up: a `git add -A` (or a publish) would put
 * the account key into history. A git-ignored folder (certflow init's secrets folder) is fine.
 */
async function refuseTracked(path, workspace) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(workspace, path);
    if (rel.startsWith('..') || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel))
        return;
    const r = await (0,_util_git_js__WEBPACK_IMPORTED_MODULE_10__/* .runGit */ .E)(workspace, ['check-ignore', '-q', '--', rel]);
    if (r.code === 0)
        return;
    if (r.code === 128 && /not a git repository/i.test(r.stderr))
        return;
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .e(`--out ${path} is inside the repository ${workspace} and git does not ignore it; an account key must never reach git history: write it outside the repository or into a git-ignored folder`, [{ path: '--out', message: `${path} is not ignored by git` }]);
}
async function rollover(settings, log) {
    const request = settings.account;
    const out = request?.out;
    if (!out)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .e('account rollover needs --out <file> for the new key');
    await refuseExisting(out);
    await refuseTracked(out, settings.workspace);
    const oldKey = accountIssuer(settings).accountKey;
    const oldThumbprint = (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .AD)(oldKey);
    const newKey = (0,_init_keys_js__WEBPACK_IMPORTED_MODULE_6__/* .generateAccountKey */ .g5)();
    log.secret(newKey);
    const secret = request.keyVariable;
    // A separate session per key: what the CA binds the account to, asked with that key alone.
    const lookup = (key) => withSession(settings, log, (s) => (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .findAccount */ .vF)(s, key), accountIssuer(settings, key)).catch((e) => (e instanceof Error ? e : new Error(String(e))));
    let failed;
    const info = await withSession(settings, log, async (session) => {
        const found = await (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .findAccount */ .vF)(session, oldKey);
        if (found.status !== 'valid') {
            throw new Error(`account ${found.url} is ${found.status}: only a valid account can change its key`);
        }
        // The file first: if it cannot be written, the CA has not been touched and the old key still works.
        await (0,_init_secrets_js__WEBPACK_IMPORTED_MODULE_7__/* .writeSecretFile */ .AK)(out, newKey, false);
        await (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .changeAccountKey */ .vU)(session, found.url, newKey).catch((error) => {
            failed = error;
        });
        return found;
    });
    if (failed !== undefined) {
        // An error is not proof that nothing happened (a lost answer, a retried request): ask the CA
        // which key it holds before deleting the only copy of what may be the account's key now.
        const urlOf = (r) => (r instanceof Error ? undefined : r.url);
        const state = (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .keyChangeState */ .Fg)(info.url, urlOf(await lookup(oldKey)), urlOf(await lookup(newKey)));
        if (state === 'unchanged') {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.unlink)(out).catch(() => undefined);
            throw new Error(`the CA refused the key change of ${info.url}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorMessage */ .g)(failed)}; the old key is still the account's, and ${out} was removed`);
        }
        if (state === 'unknown') {
            throw new Error(`the key change of ${info.url} failed (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorMessage */ .g)(failed)}) and neither key finds the account now; ${out} is kept (mode 0600): keep it and the old key until certflow account show finds the account with one of them`);
        }
        log.warn(`the key change answered with an error (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorMessage */ .g)(failed)}), but the new key finds the account: it was applied`);
    }
    // The proof: the new key alone finds the same account.
    const proof = await lookup(newKey);
    const proven = !(proof instanceof Error) && proof.url === info.url;
    const name = secret ?? 'the secret acme.account-key refers to';
    const notes = [
        `the CA now binds ${info.url} to the new key; the old key (thumbprint ${oldThumbprint}) no longer works there`,
        `wrote the new account key to ${out} (mode 0600)`,
        `update ${name} now, wherever it is set (repository and environments): gh secret set ${secret ?? '<NAME>'} < ${out}; then delete ${out}`,
        proven
            ? `checked: the new key finds ${info.url}`
            : `could not confirm that the new key finds the account: ${proof instanceof Error ? (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .errorMessage */ .g)(proof) : `it found ${proof.url}`}; keep ${out} and run certflow account show with it`,
    ];
    const rows = [
        ['account', info.url],
        ['old key thumbprint', oldThumbprint],
        ['new key thumbprint', (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .AD)(newKey)],
        ['new key file', out],
        ['secret to update', secret ?? '(acme.account-key names no variable)'],
    ];
    return outcome(log, proven, 'rollover', rows, notes, {
        url: info.url,
        oldThumbprint,
        newThumbprint: (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .AD)(newKey),
        out,
        secret: secret ?? null,
        proven,
    });
}
async function deactivate(settings, log, opts) {
    const request = settings.account;
    const accountKey = accountIssuer(settings).accountKey;
    return withSession(settings, log, async (session) => {
        const info = await (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .findAccount */ .vF)(session, accountKey);
        if (info.status !== 'valid')
            throw new Error(`account ${info.url} is ${info.status} already`);
        const what = `ACME account ${info.url} at ${session.directoryUrl}`;
        if (request?.confirmUrl !== undefined) {
            if (request.confirmUrl !== info.url) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .e(`account-confirm does not name this account (${info.url}); nothing was changed`, [{ path: 'account-confirm', message: `set it to ${info.url} to deactivate that account` }]);
            }
        }
        else if (!request?.yes) {
            if (!opts.confirm) {
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .e(`deactivating ${what} is permanent and needs consent: run it at a terminal to be asked, or pass --yes (in the Action: account-confirm: ${info.url})`, [{ path: '--yes', message: 'no consent given' }]);
            }
            const yes = await opts.confirm(`Deactivate ${what}? It can never order or revoke again, and this cannot be undone. Type "yes" to go on: `);
            if (!yes) {
                return outcome(log, false, 'deactivate', infoRows(info, session.directoryUrl), ['not deactivated: not confirmed'], {
                    ...info,
                    deactivated: false,
                });
            }
        }
        const status = await (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_2__/* .deactivateAccount */ .aR)(session, info.url);
        const after = { ...info, status };
        return outcome(log, true, 'deactivate', infoRows(after, session.directoryUrl), [
            `deactivated ${info.url}; certificates it ordered stay valid until they expire or are revoked with their own key`,
        ], { ...after, deactivated: true });
    });
}
async function accountCommand(settings, log, opts = {}) {
    switch (settings.account?.action) {
        case 'show':
            return show(settings, log);
        case 'rollover':
            return rollover(settings, log);
        case 'deactivate':
            return deactivate(settings, log, opts);
        default:
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_9__/* .UsageError */ .e('account takes an action: certflow account show|rollover|deactivate');
    }
}
const accountHandler = (settings, log) => accountCommand(settings, log);


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

/***/ 13968:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ runGit)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/** Plain git in a local repository, for the stages that use it (publish: git, changed bundles). */

/** Runs git in `cwd`; never rejects on a non-zero exit (check `code`). */
function runGit(cwd, args, input) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', args, 
        // No prompts: a push that needs credentials must fail, not hang a scheduled job.
        { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        });
        // git that exits before reading its input closes the pipe: its exit code says what happened.
        child.stdin?.on('error', () => { });
        child.stdin?.end(input ?? '');
    });
}


/***/ })

};
;