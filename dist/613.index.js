"use strict";
exports.id = 613;
exports.ids = [613];
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

/***/ 86200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ caFacts),
/* harmony export */   JX: () => (/* binding */ pickIssuer),
/* harmony export */   UL: () => (/* binding */ existingAccountUrl),
/* harmony export */   XP: () => (/* binding */ accountOf),
/* harmony export */   bt: () => (/* binding */ publishedUri),
/* harmony export */   fc: () => (/* binding */ acceptedUris)
/* harmony export */ });
/* harmony import */ var _acme_account_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(67553);
/* harmony import */ var _acme_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(27083);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62703);
/**
 * What a `_validation-persist` record names, read from the CA and the account without changing
 * either: the Issuer Domain Name from the directory, and the account URI of an account that
 * already exists (looked up with onlyReturnExisting, RFC 8555 section 7.3.1; never created here).
 */



function normalized(list) {
    if (!Array.isArray(list))
        return [];
    return list
        .filter((v) => typeof v === 'string')
        .map((v) => v.toLowerCase().replace(/\.$/, ''))
        .filter(_record_js__WEBPACK_IMPORTED_MODULE_2__/* .isIssuerDomainName */ .vn);
}
/**
 * Issuer Domain Names from the directory: `meta.issuerDomainNames` (draft -02 section 3.2, the
 * names meant for records published ahead of any order), else `meta.caaIdentities` (draft -01,
 * where the challenge's names come from the CA's CAA identities). At most 10 are taken (section 3.1).
 */
function caFacts(session) {
    const meta = (session.directory.meta ?? {});
    const own = normalized(meta.issuerDomainNames).slice(0, 10);
    const caa = normalized(meta.caaIdentities).slice(0, 10);
    const prefix = typeof meta.accountHashPrefix === 'string' && /^https:\/\/\S+$/.test(meta.accountHashPrefix)
        ? meta.accountHashPrefix
        : undefined;
    if (own.length === 0 && caa.length === 0) {
        throw new _acme_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IssueError */ .uv(`${session.directoryUrl} names no issuer domain (its directory has neither meta.issuerDomainNames nor meta.caaIdentities)`, 'this CA does not offer dns-persist-01; use challenge: dns-01 for these certificates');
    }
    return own.length > 0
        ? {
            directoryUrl: session.directoryUrl,
            issuers: own,
            issuerSource: 'meta.issuerDomainNames',
            hashPrefix: prefix,
        }
        : {
            directoryUrl: session.directoryUrl,
            issuers: caa,
            issuerSource: 'meta.caaIdentities',
            hashPrefix: prefix,
        };
}
/** The issuer to publish: the configured one (which must be offered), else the CA's first. */
function pickIssuer(ca, configured) {
    if (configured) {
        if (!ca.issuers.includes(configured)) {
            throw new _acme_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IssueError */ .uv(`issuer-domain ${configured} is not one the CA offers (${ca.issuerSource}: ${ca.issuers.join(', ')})`, 'set issuer-domain to one of those names, or remove it to use the first');
        }
        return { issuer: configured, why: 'configured issuer-domain' };
    }
    const first = ca.issuers[0];
    return {
        issuer: first,
        why: ca.issuers.length > 1
            ? `first of ${ca.issuerSource} (${ca.issuers.join(', ')}); set issuer-domain to choose another`
            : `${ca.issuerSource}`,
    };
}
/**
 * The URL of the account of the configured key, or undefined when the CA has none for it. Never
 * registers one: a record must name an account that exists, and creating one here would hide a
 * changed key.
 */
async function existingAccountUrl(session) {
    return (await (0,_acme_account_js__WEBPACK_IMPORTED_MODULE_0__/* .lookupAccount */ .mD)(session))?.url;
}
function accountOf(url, accountKeyPem) {
    return { url, thumbprint: (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .jwkThumbprint */ .AD)(accountKeyPem) };
}
/** The accounturi to publish above `base`: the hashed URI for this domain (draft -02), else the URL (-01). */
function publishedUri(ca, account, base) {
    return ca.hashPrefix ? (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .hashedAccountUri */ .LS)(ca.hashPrefix, base, account.thumbprint, account.url) : account.url;
}
/**
 * accounturi values the CA takes as this account above `base` (section 4.2): the URL (-01), or the
 * hashed URI for this domain or for `*` with the current key (-02). A record made with an older
 * key also validates at the CA, but cannot be recognised here.
 */
function acceptedUris(ca, account, base) {
    if (!ca.hashPrefix)
        return [account.url];
    return [
        (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .hashedAccountUri */ .LS)(ca.hashPrefix, base, account.thumbprint, account.url),
        (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .hashedAccountUri */ .LS)(ca.hashPrefix, '*', account.thumbprint, account.url),
    ];
}


/***/ }),

/***/ 62703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* reexport safe */ _acme_thumbprint_js__WEBPACK_IMPORTED_MODULE_1__.A),
/* harmony export */   Fl: () => (/* binding */ baseName),
/* harmony export */   Gz: () => (/* binding */ showUntrusted),
/* harmony export */   Hh: () => (/* binding */ parseRecord),
/* harmony export */   LS: () => (/* binding */ hashedAccountUri),
/* harmony export */   N0: () => (/* binding */ zoneLine),
/* harmony export */   vn: () => (/* binding */ isIssuerDomainName),
/* harmony export */   xD: () => (/* binding */ recordName),
/* harmony export */   xK: () => (/* binding */ recordValue)
/* harmony export */ });
/* unused harmony exports PERSIST_LABEL, MAX_VALUE_LENGTH */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _acme_thumbprint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87327);
/**
 * The dns-persist-01 validation record (draft-ietf-acme-dns-persist): its name, the value we ask
 * the DNS owner to publish, and a strict reading of values found in DNS.
 *
 * Draft -02 section 4.1: the TXT RDATA is an RFC 8659 section 4.2 issue-value,
 * `<issuer-domain-name>; accounturi=<uri>[; policy=wildcard][; persistUntil=<unix seconds>]`.
 * Draft -01 puts the account URL itself in accounturi; draft -02 puts a hashed URI there
 * (`<accountHashPrefix>sha-256/<base64url>`, section 4.1 item 3) when the CA advertises an
 * accountHashPrefix. Both forms are built here; the CA's directory decides which one it takes.
 *
 * Values read from DNS are written by whoever controls the zone (or spoofs an answer): they are
 * parsed against the grammar and refused whole when anything is off, never "mostly" trusted.
 */


/** Draft section 2: the label prepended to the name being validated. */
const PERSIST_LABEL = '_validation-persist';
/** Longest value we read (a record is a few hundred bytes; section 9.1 asks to keep it small). */
const MAX_VALUE_LENGTH = 1024;
/** The FQDN a certificate name is validated at: a wildcard is validated at its base (section 5). */
function baseName(domain) {
    return domain.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
}
/** `_validation-persist.<base>` (section 4). */
function recordName(domain) {
    return `${PERSIST_LABEL}.${baseName(domain)}`;
}
/** The record value to publish, parameters in the draft's order. */
function recordValue(r) {
    const parts = [r.issuer, `accounturi=${r.accountUri}`];
    if (r.wildcard)
        parts.push('policy=wildcard');
    if (r.persistUntil !== undefined)
        parts.push(`persistUntil=${r.persistUntil}`);
    return parts.join('; ');
}
/**
 * The value as a zone-file TXT line: split into character-strings of at most 255 bytes (RFC 1035
 * section 3.3.14), each quoted. Our values are printable ASCII without quotes or backslashes.
 */
function zoneLine(name, value, ttl = 3600) {
    const chunks = [];
    for (let i = 0; i < value.length; i += 255)
        chunks.push(`"${value.slice(i, i + 255)}"`);
    return `${name}. ${ttl} IN TXT ${chunks.join(' ')}`;
}
// RFC 8659 section 4.2: label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ).
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
// tag = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ); value = *(%x21-3A / %x3C-7E).
const TAG = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const VALUE = /^[\x21-\x3a\x3c-\x7e]*$/;
// An absolute URI in RFC 3986 characters: no quotes, angle brackets, braces or backslashes.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,=%]+$/;
function isIssuerDomainName(name) {
    if (name.length === 0 || name.length > 253)
        return false;
    return name.split('.').every((l) => l.length <= 63 && LABEL.test(l));
}
/**
 * Reads one TXT value. Refused: anything outside the issue-value grammar (control characters,
 * quotes, spaces inside a value), more than MAX_VALUE_LENGTH characters, no accounturi, a tag
 * given twice (a CA might read the first and a person the last: `accounturi=a;accounturi=b`),
 * a persistUntil that is not a base-10 integer (section 4.1 item 5). Unknown tags are ignored
 * (section 4.1 item 1).
 */
function parseRecord(value) {
    if (value.length > MAX_VALUE_LENGTH)
        return { ok: false, reason: `longer than ${MAX_VALUE_LENGTH} characters` };
    // *WSP only (space and tab); anything else outside %x21-7E is refused below.
    const [head = '', ...rest] = value.split(';');
    const issuer = head.replace(/^[ \t]+|[ \t]+$/g, '');
    if (!isIssuerDomainName(issuer))
        return { ok: false, reason: 'no valid issuer domain name before the first ";"' };
    const params = new Map();
    for (const raw of rest) {
        const part = raw.replace(/^[ \t]+|[ \t]+$/g, '');
        const eq = part.indexOf('=');
        if (eq < 0)
            return { ok: false, reason: 'a parameter without "="' };
        const tag = part.slice(0, eq).replace(/[ \t]+$/, '');
        const val = part.slice(eq + 1).replace(/^[ \t]+/, '');
        if (!TAG.test(tag))
            return { ok: false, reason: 'a parameter name outside the RFC 8659 grammar' };
        if (!VALUE.test(val))
            return { ok: false, reason: `parameter ${tag} has characters outside the RFC 8659 grammar` };
        const key = tag.toLowerCase();
        if (params.has(key))
            return { ok: false, reason: `parameter ${tag} appears more than once` };
        params.set(key, val);
    }
    const accountUri = params.get('accounturi');
    if (!accountUri)
        return { ok: false, reason: 'no accounturi parameter' };
    if (!URI.test(accountUri))
        return { ok: false, reason: 'accounturi is not a URI (RFC 3986 characters only)' };
    const until = params.get('persistuntil');
    if (until !== undefined && !/^\d{1,15}$/.test(until)) {
        return { ok: false, reason: 'persistUntil is not a base-10 integer' };
    }
    return {
        ok: true,
        record: {
            issuer: issuer.toLowerCase(),
            accountUri,
            wildcard: params.get('policy')?.toLowerCase() === 'wildcard',
            persistUntil: until === undefined ? undefined : Number(until),
        },
    };
}
/**
 * A value from DNS, safe to show in a log, summary or workflow output: JSON-quoted (so control
 * characters, quotes and newlines are escaped and it can never start a `::` workflow command
 * line), anything outside printable ASCII as \u escapes, cut at 120 characters.
 */
function showUntrusted(value) {
    const cut = value.length > 120 ? `${value.slice(0, 120)}…` : value;
    return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Draft -02 section 4.1 item 3: `<prefix>sha-256/` + base64url(SHA-256(len || domain || thumbprint
 * || accountUrl)). `domain` is the FQDN the record sits above, or `*` for the form that any
 * domain may share (the opt-out of section 7.2.3).
 */
function hashedAccountUri(prefix, domain, thumbprint, accountUrl) {
    const name = Buffer.from(domain, 'ascii');
    if (name.length > 255)
        throw new Error(`domain ${domain} is longer than 255 octets`);
    const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(Buffer.from([name.length]))
        .update(name)
        .update(Buffer.from(thumbprint, 'ascii'))
        .update(Buffer.from(accountUrl, 'ascii'))
        .digest('base64url');
    return `${prefix}sha-256/${digest}`;
}


/***/ })

};
;