"use strict";
exports.id = 903;
exports.ids = [903];
exports.modules = {

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

/***/ 82903:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   persistPlanWarnings: () => (/* binding */ persistPlanWarnings)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _acme_issuers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40746);
/* harmony import */ var _acme_session_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87186);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/* harmony import */ var _util_pool_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(40704);
/* harmony import */ var _check_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(19896);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(92980);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(86200);
/* harmony import */ var _want_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(35336);
/**
 * What `plan` says about dns-persist-01 records: one warning line per record that is missing or
 * wrong, so a reviewer sees it before renew fails on it. Cheap and bounded (one directory fetch,
 * at most one account lookup, a few TXT queries in parallel with short timeouts), and never fatal:
 * a lookup that fails is a warning too. plan holds no secret in a split setup; without the account
 * key the records are still checked for issuer, wildcard policy and persistUntil.
 */









const isPem = (v) => v.includes('-----BEGIN');
async function persistPlanWarnings(settings, log, now = new Date()) {
    const names = (0,_config_js__WEBPACK_IMPORTED_MODULE_5__/* .persistCertificates */ .Jz)(settings.config, settings.only);
    if (names.length === 0)
        return [];
    // dns-persist-01 records name the account at the first CA (acme.issuers: its first entry).
    const first = (0,_acme_issuers_js__WEBPACK_IMPORTED_MODULE_1__/* .primaryIssuer */ .Cl)(settings);
    const key = first.accountKey;
    const haveKey = isPem(key);
    // Without the account key (plan's job may hold none), a throwaway key only reads the directory:
    // no request is signed with it.
    const sessionKey = haveKey
        ? key
        : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString();
    const signal = AbortSignal.timeout(20_000);
    try {
        const session = await (0,_acme_session_js__WEBPACK_IMPORTED_MODULE_2__/* .openSession */ .fA)(settings, log, { maxRetryAfterMs: 5000, signal }, { ...first, accountKey: sessionKey });
        let account;
        const warnings = [];
        let ca;
        try {
            ca = (0,_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .caFacts */ .Gy)(session);
            const url = haveKey ? await (0,_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .existingAccountUrl */ .UL)(session) : undefined;
            if (haveKey && !url) {
                warnings.push(`dns-persist-01: no ACME account exists for acme.account-key at ${session.directoryUrl}; renew would register a new one, which no _validation-persist record names yet: restore the old account key, or let renew register the account and publish new records (certflow persist-record)`);
            }
            if (url)
                account = (0,_identity_js__WEBPACK_IMPORTED_MODULE_6__/* .accountOf */ .XP)(url, key);
        }
        finally {
            session.close();
        }
        // Without the account, the records are built with a placeholder and judged for any account.
        const records = (0,_want_js__WEBPACK_IMPORTED_MODULE_7__/* .wantedRecords */ .I)(settings.config, names, ca, account ?? { url: 'about:unknown', thumbprint: '' });
        const verdicts = await (0,_util_pool_js__WEBPACK_IMPORTED_MODULE_8__/* .mapLimit */ .s)(records, 8, (rec) => (0,_check_js__WEBPACK_IMPORTED_MODULE_4__/* .checkRecord */ .EQ)({ ...rec, accepted: account ? rec.accepted : undefined }, {
            resolvers: (0,_config_js__WEBPACK_IMPORTED_MODULE_5__/* .persistResolvers */ .yj)(settings.config, rec.certificates[0]),
            timeoutMs: 2000,
            signal,
        }, now));
        records.forEach((rec, i) => {
            const v = verdicts[i];
            if (v && v.status !== 'ok')
                warnings.push(`dns-persist-01 ${rec.name} (${rec.certificates.join(', ')}): ${v.status}: ${v.message}`);
        });
        if (!haveKey)
            log.debug('dns-persist-01: no account key in this job; records checked without the account');
        return warnings;
    }
    catch (error) {
        return [`dns-persist-01 records not checked: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error)}`];
    }
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


/***/ })

};
;