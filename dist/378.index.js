"use strict";
exports.id = 378;
exports.ids = [378];
exports.modules = {

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

/***/ 21746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   revokeCommand: () => (/* binding */ revokeCommand),
/* harmony export */   revokeHandler: () => (/* binding */ revokeHandler)
/* harmony export */ });
/* harmony import */ var _pipeline_revoke_run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56846);
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(14031);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70017);



function describe(run) {
    const r = run.result;
    const lines = [];
    if (run.dryRun)
        lines.push(`${r.name}: dry run: would revoke serial ${r.serial} (reason ${r.reason})`);
    else if (r.ok && r.outcome) {
        const already = r.outcome.result === 'already-revoked' ? ' (the CA had it revoked already)' : '';
        lines.push(`${r.name}: serial ${r.serial} revoked${already}, reason ${r.reason}, signed with the ${r.outcome.signedWith === 'certificate-key' ? "certificate's own key" : 'account key'} at ${r.at}`);
    }
    else
        lines.push(`${r.name}: serial ${r.serial} NOT revoked: ${r.error?.message ?? 'unknown error'}`);
    if (r.error?.hint)
        lines.push(`  hint: ${r.error.hint}`);
    if (run.publish)
        lines.push(`record: ${run.publish.message ?? run.publish.action}`);
    for (const e of run.errors)
        if (!e.includes('revocation of serial'))
            lines.push(`error: ${e}`);
    for (const w of run.warnings)
        lines.push(`warning: ${w}`);
    return lines;
}
async function revokeCommand(settings, log) {
    const name = settings.only?.[0];
    if (!name || !settings.revoke || (settings.only?.length ?? 0) !== 1) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UsageError */ .e('revoke takes exactly one certificate name: certflow revoke <name> [--serial S] [--reason R]');
    }
    const run = await (0,_pipeline_revoke_run_js__WEBPACK_IMPORTED_MODULE_0__/* .runRevoke */ .M)(settings, log, {
        name,
        serial: settings.revoke.serial,
        reason: settings.revoke.reason,
    });
    for (const w of run.warnings)
        log.warn(w);
    for (const e of run.errors)
        log.error(e);
    const r = run.result;
    const record = {
        name: r.name,
        serial: r.serial,
        reason: r.reason,
        ok: r.ok,
        result: run.dryRun ? 'dry-run' : (r.outcome?.result ?? 'failed'),
        signedWith: r.outcome?.signedWith ?? null,
        at: r.at ?? null,
        source: r.source,
        recorded: r.recorded,
    };
    const ok = r.ok && run.errors.length === 0;
    const text = describe(run).join('\n');
    const summary = [
        `### certflow revoke: ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.name)}`,
        '',
        '| serial | reason | result | signed with | at |',
        '| --- | --- | --- | --- | --- |',
        `| ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.serial)} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__.md)(r.reason)} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__.md)(record.result)} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__.md)(record.signedWith ?? '-')} | ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__.md)(record.at ?? '-')} |`,
        '',
        ...describe(run)
            .slice(1)
            .map((l) => `- ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_1__.md)(l.trim())}`),
    ].join('\n');
    return {
        ok,
        outputs: {
            revoked: JSON.stringify(record),
            ...(run.publish?.commitSha ? { 'commit-sha': run.publish.commitSha } : {}),
        },
        summary: log.redact(summary),
        text: log.redact(text),
        json: {
            ...record,
            error: r.error ?? null,
            publish: run.publish ?? null,
            warnings: run.warnings,
            errors: run.errors,
        },
    };
}
const revokeHandler = (settings, log) => revokeCommand(settings, log);


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

/***/ 56846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ publishRevocationRecord),
/* harmony export */   M: () => (/* binding */ runRevoke)
/* harmony export */ });
/* harmony import */ var _publish_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63248);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36233);
/* harmony import */ var _store_write_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(82170);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/* harmony import */ var _revoke_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(20286);





/** Publishes the updated certificate.json of `name`; pull-request mode writes the working tree only. */
async function publishRevocationRecord(settings, name, manifestText, message, log) {
    if (settings.publish === 'pull-request') {
        await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Z)(`${(0,_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .storeDir */ .rT)(settings)}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.manifest}`, manifestText);
        return {
            warning: `the revocation record of ${name} is written to ${settings.config.store.path}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.manifest} in the working tree only (publish pull-request does not carry records); commit it, or run revoke with publish commit`,
        };
    }
    const publish = await (0,_publish_index_js__WEBPACK_IMPORTED_MODULE_0__/* .publishBundles */ .h)(settings, [], [], log, {
        extraFiles: [{ path: `${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.manifest}`, content: manifestText }],
        extraMessage: message,
    });
    return { publish };
}
async function runRevoke(settings, log, request) {
    const { name, reason } = request;
    const target = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .findRevocationTarget */ .vS)(settings, name, request.serial);
    const where = target.source === 'current' ? 'the current certificate' : `from commit ${target.source.commit}`;
    log.info(`${name}: revoking serial ${target.serial} (${where}), reason ${reason}`);
    if (settings.dryRun) {
        return {
            result: {
                name,
                serial: target.serial,
                reason,
                ok: true,
                source: 'dry run',
                recorded: false,
                warnings: [],
            },
            dryRun: true,
            errors: [],
            warnings: ['dry run: nothing was sent to the CA'],
        };
    }
    const session = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .revocationSession */ .z0)(settings, log, target);
    let result;
    try {
        result = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .revokeBundle */ .V$)(settings, log, target, reason, session);
    }
    finally {
        session.close();
    }
    const run = { result, errors: [], warnings: [...result.warnings] };
    if (!result.ok) {
        run.errors.push(`${name}: revocation of serial ${target.serial} failed: ${result.error?.message}`);
        return run;
    }
    const manifest = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .recordRevocation */ .Yn)(settings, result);
    if (!manifest) {
        run.warnings.push(`${name}: revoked, but no readable bundle is stored to hold the record`);
        return run;
    }
    try {
        const message = `Record revocation: ${name} serial ${target.serial} (${reason})`;
        const published = await publishRevocationRecord(settings, name, manifest, message, log);
        result.recorded = true;
        run.publish = published.publish;
        if (published.warning)
            run.warnings.push(published.warning);
    }
    catch (error) {
        run.errors.push(`${name}: revoked at the CA, but recording it failed: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error)}; the certificate is revoked either way`);
    }
    return run;
}


/***/ }),

/***/ 20286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vS: () => (/* binding */ findRevocationTarget),
  Yn: () => (/* binding */ recordRevocation),
  z0: () => (/* binding */ revocationSession),
  V$: () => (/* binding */ revokeBundle)
});

// UNUSED EXPORTS: checkTarget

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/acme/errors.ts
var errors = __webpack_require__(27083);
// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/acme-client/src/index.js
var src = __webpack_require__(46907);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: ./src/acme/reasons.ts
var reasons = __webpack_require__(30131);
;// CONCATENATED MODULE: ./src/acme/revoke.ts
/**
 * Revocation (RFC 8555 section 7.6). A request is signed either by the account (kid), which the CA
 * accepts when the account ordered the certificate or holds authorizations for all its names, or by
 * the certificate's own key (jwk), which proves possession of that key: with reason keyCompromise
 * the CA can then block the key for future orders, which it cannot do on the account's word.
 */






const ALREADY_REVOKED = 'urn:ietf:params:acme:error:alreadyRevoked';
/** base64url of the leaf's DER, as the revokeCert payload wants it. */
function leafDerB64u(fullchainPem) {
    const [leaf] = (0,x509/* splitPemChain */.mU)(fullchainPem);
    if (!leaf)
        throw new errors/* IssueError */.uv('revoke: the chain holds no certificate', 'check fullchain.pem of the bundle');
    return new external_node_crypto_.X509Certificate(leaf).raw.toString('base64url');
}
function payloadOf(fullchainPem, reason) {
    // RFC 5280 says the reason extension is left out rather than set to unspecified (0).
    const code = reasons/* REVOCATION_REASONS */.z[reason];
    return { certificate: leafDerB64u(fullchainPem), ...(code === 0 ? {} : { reason: code }) };
}
async function send(http, payload, kid, signedWith) {
    const url = await http.getResourceUrl('revokeCert');
    try {
        const res = await http.signedRequest(url, payload, { kid });
        if (res.status !== 200) {
            throw new errors/* AcmeProblemError */._k({ type: 'certflow:protocol', detail: `revokeCert answered HTTP ${res.status}, expected 200` }, res.status, url);
        }
        return { result: 'revoked', signedWith };
    }
    catch (error) {
        if (error instanceof errors/* AcmeProblemError */._k && error.problem.type === ALREADY_REVOKED) {
            return { result: 'already-revoked', signedWith };
        }
        throw error;
    }
}
/**
 * Revokes the leaf of `fullchainPem` at the session's CA, signed by the account. The account must
 * already exist: a revocation never registers a new one.
 */
async function revokeWithAccount(session, fullchainPem, reason) {
    await session.client.createAccount({ onlyReturnExisting: true });
    return send(session.http, payloadOf(fullchainPem, reason), session.client.getAccountUrl(), 'account-key');
}
/**
 * Revokes the leaf of `fullchainPem` with a request signed by `privateKeyPem` (the certificate's
 * own key, as a JWK in the protected header), through the session's transport and trust.
 */
async function revokeWithCertificateKey(session, fullchainPem, reason, privateKeyPem) {
    let client;
    try {
        client = new src.Client({ directoryUrl: session.directoryUrl, accountKey: privateKeyPem });
    }
    catch (error) {
        throw new errors/* IssueError */.uv(`revoke: the certificate's key cannot sign an ACME request (${error.message})`, 'revoke with the account key instead (leave out the age identity)');
    }
    const http = client.http;
    session.transport.install(http);
    return send(http, payloadOf(fullchainPem, reason), null, 'certificate-key');
}

// EXTERNAL MODULE: ./src/acme/session.ts + 1 modules
var session = __webpack_require__(87186);
// EXTERNAL MODULE: ./src/publish/files.ts
var files = __webpack_require__(40172);
// EXTERNAL MODULE: ./src/util/git.ts
var git = __webpack_require__(13968);
// EXTERNAL MODULE: ./src/store/manifest.ts
var manifest = __webpack_require__(77544);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
;// CONCATENATED MODULE: ./src/store/history.ts
/**
 * Earlier versions of a bundle, from git history: `certflow revoke --serial` revokes a certificate
 * the store held before. Each commit that touched the bundle's manifest is read in turn (newest
 * first) until one holds the serial; the chain read there is checked against the serial by the
 * caller, since a manifest in history is as writable as any other.
 */



/** How many commits of one bundle are searched: years of twice-monthly renewals. */
const HISTORY_COMMITS = 500;
async function show(workspace, commit, path) {
    // `./` makes the path relative to the workspace rather than to the repository's top level.
    const r = await (0,git/* runGit */.E)(workspace, ['show', `${commit}:./${path}`]);
    if (r.code !== 0 || r.stdout.length > read/* MAX_BUNDLE_FILE */.rB)
        return undefined;
    return r.stdout;
}
/**
 * Searches the history of `<storeRel>/<name>/certificate.json` in the git repository at
 * `workspace` for the commit whose manifest states `serial`. Throws when git cannot be run there.
 */
async function findBundleInHistory(workspace, storeRel, name, serial) {
    const dir = `${storeRel}/${name}`;
    const log = await (0,git/* runGit */.E)(workspace, [
        'log',
        `--max-count=${HISTORY_COMMITS}`,
        '--format=%H',
        '--',
        `${dir}/${read/* BUNDLE_FILES */.HJ.manifest}`,
    ]);
    if (log.code !== 0) {
        throw new Error(`cannot read the git history of ${dir} in ${workspace}: ${log.stderr.trim() || `git exited ${log.code}`}`);
    }
    const serials = [];
    for (const commit of log.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l))) {
        const text = await show(workspace, commit, `${dir}/${read/* BUNDLE_FILES */.HJ.manifest}`);
        if (text === undefined)
            continue;
        let stated;
        try {
            stated = (0,manifest/* parseManifest */.Ng)(text, `${commit}:${dir}/${read/* BUNDLE_FILES */.HJ.manifest}`).serial;
        }
        catch {
            continue; // a broken manifest in history is no candidate
        }
        if (!serials.includes(stated))
            serials.push(stated);
        if (stated !== serial)
            continue;
        const [fullchain, key] = await Promise.all([
            show(workspace, commit, `${dir}/${read/* BUNDLE_FILES */.HJ.fullchain}`),
            show(workspace, commit, `${dir}/${read/* BUNDLE_FILES */.HJ.key}`),
        ]);
        if (fullchain === undefined)
            continue;
        return {
            found: {
                commit,
                files: {
                    [read/* BUNDLE_FILES */.HJ.manifest]: text,
                    [read/* BUNDLE_FILES */.HJ.fullchain]: fullchain,
                    [read/* BUNDLE_FILES */.HJ.key]: key ?? '',
                },
            },
            serials,
        };
    }
    return { serials };
}

// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(39717);
// EXTERNAL MODULE: ./src/store/write.ts
var write = __webpack_require__(82170);
// EXTERNAL MODULE: ./src/util/errors.ts
var util_errors = __webpack_require__(70017);
;// CONCATENATED MODULE: ./src/pipeline/revoke.ts
/**
 * Revoking a stored certificate: find it (the current bundle, or an earlier one from git history by
 * serial), check that it is one of ours, choose the signer, ask the CA, and record the answer in the
 * bundle's certificate.json. `rotate` revokes through `revokeBundle` once the new certificate is
 * served everywhere.
 */















/**
 * The certificate `serial` of bundle `name` (default: the current one). Throws with the serials the
 * store and its history hold when the serial is not there.
 */
async function findRevocationTarget(settings, name, serial) {
    const dir = (0,read/* storeDir */.rT)(settings);
    const stored = await (0,read/* readStoredCertificate */.ZK)(dir, name);
    if (stored.state === 'unreadable' && serial === undefined) {
        throw new Error(`bundle ${name} cannot be read (${stored.error}); name the serial to revoke with --serial`);
    }
    if (stored.state === 'present' && (serial === undefined || serial === stored.manifest.serial)) {
        const key = await (0,promises_.readFile)((0,external_node_path_.join)(stored.dir, read/* BUNDLE_FILES */.HJ.key), 'utf8').catch(() => '');
        return {
            name,
            serial: stored.manifest.serial,
            fullchainPem: stored.fullchainPem,
            source: 'current',
            acmeDirectory: stored.manifest.acmeDirectory,
            files: {
                'certificate.json': (0,manifest/* serializeManifest */.MZ)(stored.manifest),
                'fullchain.pem': stored.fullchainPem,
                'privkey.pem.age': key,
            },
        };
    }
    if (serial === undefined)
        throw new Error(`nothing is stored for ${name} under ${dir}/${name}: nothing to revoke`);
    const search = await findBundleInHistory(settings.workspace, (0,files/* storePathInRepo */.cU)(settings), name, serial);
    if (!search.found) {
        const known = search.serials.length > 0 ? search.serials.join(', ') : 'none';
        throw new Error(`serial ${serial} is not in the git history of ${(0,files/* storePathInRepo */.cU)(settings)}/${name}; serials found there (newest first): ${known}`);
    }
    return {
        name,
        serial,
        fullchainPem: search.found.files['fullchain.pem'],
        source: { commit: search.found.commit },
        files: search.found.files,
        acmeDirectory: recordedDirectory(search.found.files['certificate.json']),
    };
}
/** The CA an old manifest names, read leniently (an old bundle need not parse as today's manifest). */
function recordedDirectory(text) {
    try {
        const value = JSON.parse(text ?? '').acmeDirectory;
        return typeof value === 'string' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Refuses a certificate that is not what the store says or not ours to revoke: the serial comes from
 * the certificate (never the manifest), and every name in it must be one the config manages for
 * this certificate, so a bundle planted in history cannot make us revoke someone else's names.
 */
function checkTarget(settings, target) {
    let facts;
    try {
        facts = (0,x509/* leafFacts */.kt)(target.fullchainPem);
    }
    catch (error) {
        throw new Error(`bundle ${target.name}: fullchain.pem is not a certificate chain (${(0,util_errors/* errorMessage */.g)(error)})`);
    }
    if (facts.serial !== target.serial) {
        throw new Error(`bundle ${target.name}: the manifest says serial ${target.serial} but the certificate's serial is ${facts.serial}; refusing to revoke a certificate other than the one named`);
    }
    const configured = settings.config.certificates[target.name]?.domains ?? [];
    const foreign = facts.names.filter((n) => !configured.includes(n));
    if (foreign.length > 0) {
        throw new Error(`bundle ${target.name}: the certificate (serial ${facts.serial}) names ${foreign.join(', ')}, which the config does not list for ${target.name} (${configured.join(', ') || 'no names'}); refusing to revoke it. Revoke it by hand if it is yours`);
    }
}
/** The certificate's own key, opened and checked like any stored key; undefined (with why) if not. */
async function certificateKey(target, identity, log) {
    // openBundle checks the encrypted file's hash, decrypts and matches the key to the leaf. History
    // is opened from a private temp copy (public files and ciphertext only).
    const temp = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'certflow-revoke-'));
    try {
        await (0,write/* writeBundle */.M)(temp, { name: target.name, manifest: {}, files: target.files });
        const opened = await (0,store_open/* openBundle */.h)(temp, target.name, identity);
        log.secret(opened.privateKeyPem);
        return { key: opened.privateKeyPem };
    }
    catch (error) {
        return { why: (0,util_errors/* errorMessage */.g)(error) };
    }
    finally {
        await (0,promises_.rm)(temp, { recursive: true, force: true });
    }
}
/**
 * Revokes `target` at the CA. With keyCompromise and an identity, the request is signed with the
 * certificate's own key (the CA may then block the key); otherwise, or when that key cannot be
 * opened, with the account key. Never throws: the result says what happened.
 */
async function revokeBundle(settings, log, target, reason, session, now = () => new Date()) {
    const source = target.source === 'current' ? 'current' : `commit ${target.source.commit}`;
    const base = { name: target.name, serial: target.serial, reason, source, recorded: false };
    const warnings = [];
    try {
        checkTarget(settings, target);
        let key;
        if (reason === 'keyCompromise') {
            if (settings.ageIdentity) {
                const opened = await certificateKey(target, settings.ageIdentity, log);
                key = opened.key;
                if (!key)
                    warnings.push(`${target.name}: cannot use the certificate's own key (${opened.why}); signing with the account key, so the CA cannot block the key itself`);
            }
            else {
                warnings.push(`${target.name}: no age identity given: signing with the account key, so the CA revokes the certificate but cannot block the key; give the identity to sign with the certificate's key`);
            }
        }
        const outcome = key
            ? await revokeWithCertificateKey(session, target.fullchainPem, reason, key)
            : await revokeWithAccount(session, target.fullchainPem, reason);
        return { ...base, ok: true, outcome, at: now().toISOString(), warnings };
    }
    catch (error) {
        return { ...base, ok: false, error: (0,errors/* toStageError */.yE)(error), warnings };
    }
}
/**
 * Appends the revocation to the current certificate.json of the bundle, in the working tree.
 * Returns the new manifest text, or undefined when there is no readable bundle to hold it.
 */
async function recordRevocation(settings, result) {
    if (!result.ok || !result.outcome || !result.at)
        return undefined;
    const stored = await (0,read/* readStoredCertificate */.ZK)((0,read/* storeDir */.rT)(settings), result.name);
    if (stored.state !== 'present')
        return undefined;
    const record = {
        serial: result.serial,
        reason: result.reason,
        at: result.at,
        result: result.outcome.result,
        signedWith: result.outcome.signedWith,
    };
    const revocations = [...(stored.manifest.revocations ?? []), record].slice(-100);
    return (0,manifest/* serializeManifest */.MZ)({ ...stored.manifest, revocations });
}
/**
 * Opens one ACME session for revocations (no account is created), at the CA that issued `target`
 * (acme.issuers); without a target, or for a bundle that records no CA, the first configured CA.
 */
function revocationSession(settings, log, target) {
    const issuer = (0,issuers/* issuerOf */.xD)(settings, target, target ? `${target.name} serial ${target.serial}` : 'the certificate');
    if (target?.acmeDirectory)
        log.info(`${target.name}: revoking at ${issuer.directory}, the CA that issued it`);
    return (0,session/* openSession */.fA)(settings, log, { maxRetryAfterMs: 60_000 }, issuer);
}


/***/ }),

/***/ 67426:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   Pm: () => (/* binding */ explainGitHubError),
/* harmony export */   nG: () => (/* binding */ httpStatus)
/* harmony export */ });
/* harmony import */ var _octokit_request_error__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31015);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70017);
/**
 * The GitHub REST client and the translation of GitHub's refusals into errors that say which
 * permission the token lacks. Octokit itself (src/publish/octokit.ts) is loaded on first use: a
 * plan or deploy that never talks to GitHub does not pay for compiling it (issue 22, start-up).
 */


/** Octokit with retry (5xx, network) and throttling (rate limits, one write a second) around it. */
async function createGitHubClient(gh, log, options = {}) {
    const { octokitClient } = await Promise.all(/* import() */[__webpack_require__.e(439), __webpack_require__.e(56), __webpack_require__.e(198)]).then(__webpack_require__.bind(__webpack_require__, 39198));
    return octokitClient(gh, log, options);
}
function httpStatus(error) {
    return error instanceof _octokit_request_error__WEBPACK_IMPORTED_MODULE_1__/* .RequestError */ .G ? error.status : undefined;
}
/**
 * An error for a failed GitHub call that says what was being done, where, and what to change.
 * `doing` reads like "create the commit", `needs` is the permission that step requires.
 */
function explainGitHubError(error, doing, gh, needs) {
    const where = `${gh.owner}/${gh.repo}`;
    if (!(error instanceof _octokit_request_error__WEBPACK_IMPORTED_MODULE_1__/* .RequestError */ .G)) {
        return new Error(`GitHub: could not ${doing} in ${where}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)}`);
    }
    const said = githubMessage(error);
    if (error.status === 401) {
        return new Error(`GitHub rejected the token (401 ${said}) while trying to ${doing} in ${where}: check the github-token input / GITHUB_TOKEN`);
    }
    if (error.status === 403 && /not permitted to create or approve pull requests/i.test(said)) {
        return new Error(`GitHub refused to ${doing} in ${where}: ${said}. Enable "Allow GitHub Actions to create and approve pull requests" in the repository (or organization) settings under Actions > General, or use publish: commit`);
    }
    if (error.status === 403 || (error.status === 404 && needs !== 'contents: write')) {
        const accepted = error.response?.headers?.['x-accepted-github-permissions'];
        const permission = acceptedPermission(typeof accepted === 'string' ? accepted : undefined) ?? needs;
        return new Error(`GitHub refused to ${doing} in ${where} (${error.status} ${said}): the token lacks the \`${permission}\` permission. Add \`permissions: { ${permission} }\` to the workflow job (with \`contents: write\` and \`pull-requests: write\` for publish: pull-request), or use a token that has it`);
    }
    if (error.status === 404) {
        return new Error(`GitHub: could not ${doing}: ${where} was not found (404 ${said}). Check the repository name, or that the token can see it (\`contents: read\`)`);
    }
    return new Error(`GitHub: could not ${doing} in ${where} (${error.status} ${said})`);
}
function githubMessage(error) {
    const data = error.response?.data;
    const details = (data?.errors ?? []).map((e) => e.message ?? e.code).filter(Boolean);
    return [data?.message ?? error.message, ...details].join(': ');
}
/** `contents=write; pull_requests=write` -> `contents: write` (first entry, in workflow spelling). */
function acceptedPermission(header) {
    const first = header?.split(/[;,]/)[0]?.trim();
    const m = first ? /^([a-z_]+)=([a-z]+)$/.exec(first) : null;
    if (!m)
        return undefined;
    return `${(m[1] ?? '').replace(/_/g, '-')}: ${m[2]}`;
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


/***/ }),

/***/ 31015:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ RequestError)
/* harmony export */ });
class RequestError extends Error {
  name;
  /**
   * http status code
   */
  status;
  /**
   * Request options that lead to the error.
   */
  request;
  /**
   * Response object if a response was received
   */
  response;
  constructor(message, statusCode, options) {
    super(message, { cause: options.cause });
    this.name = "HttpError";
    this.status = Number.parseInt(statusCode);
    if (Number.isNaN(this.status)) {
      this.status = 0;
    }
    /* v8 ignore else -- @preserve -- Bug with vitest coverage where it sees an else branch that doesn't exist */
    if ("response" in options) {
      this.response = options.response;
    }
    const requestCopy = Object.assign({}, options.request);
    if (options.request.headers.authorization) {
      requestCopy.headers = Object.assign({}, options.request.headers, {
        authorization: options.request.headers.authorization.replace(
          /(?<! ) .*$/,
          " [REDACTED]"
        )
      });
    }
    requestCopy.url = requestCopy.url.replace(/\bclient_secret=\w+/g, "client_secret=[REDACTED]").replace(/\baccess_token=\w+/g, "access_token=[REDACTED]");
    this.request = requestCopy;
  }
}



/***/ })

};
;