"use strict";
exports.id = 337;
exports.ids = [337];
exports.modules = {

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

/***/ 24337:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  renewCommand: () => (/* binding */ renewCommand)
});

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(78474);
// EXTERNAL MODULE: ./src/dns/providers/index.ts + 31 modules
var dns_providers = __webpack_require__(25294);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(40704);
// EXTERNAL MODULE: ./src/persist/check.ts
var check = __webpack_require__(19896);
// EXTERNAL MODULE: ./src/persist/config.ts
var config = __webpack_require__(92980);
// EXTERNAL MODULE: ./src/persist/identity.ts
var identity = __webpack_require__(86200);
// EXTERNAL MODULE: ./src/persist/record.ts
var record = __webpack_require__(62703);
;// CONCATENATED MODULE: ./src/persist/continuity.ts






/** Accounts the current records above `names` name for this CA's issuers (bounded, best effort). */
async function namedAccounts(session, settings, certs) {
    let issuers;
    try {
        issuers = (0,identity/* caFacts */.Gy)(session).issuers;
    }
    catch {
        return [];
    }
    const targets = new Map();
    for (const cert of certs) {
        for (const d of settings.config.certificates[cert]?.domains ?? [])
            targets.set((0,record/* recordName */.xD)((0,record/* baseName */.Fl)(d)), cert);
    }
    const found = await (0,pool/* mapLimit */.s)([...targets].slice(0, 20), 8, async ([name, cert]) => {
        const values = await (0,check/* lookupTxt */.t4)(name, {
            resolvers: (0,config/* persistResolvers */.yj)(settings.config, cert),
            timeoutMs: 2000,
            signal: AbortSignal.timeout(5000),
        }).catch(() => []);
        return values.flatMap((v) => {
            const p = (0,record/* parseRecord */.Hh)(v);
            return p.ok && issuers.includes(p.record.issuer) ? [p.record.accountUri] : [];
        });
    });
    return [...new Set(found.flat())];
}
/**
 * Before ordering: when any of `names` uses dns-persist-01 and no account exists for the key,
 * registers it (as renew would next) and warns that the records name another account. Returns
 * the warning, or undefined when the account existed (or nothing uses dns-persist-01).
 */
async function warnIfNewAccount(session, settings, names, log) {
    const certs = names.filter((n) => (0,config/* usesPersist */.p3)(settings.config, n));
    if (certs.length === 0)
        return undefined;
    let existing;
    try {
        existing = await (0,identity/* existingAccountUrl */.UL)(session);
    }
    catch (error) {
        log.debug(`dns-persist-01: cannot tell whether the ACME account exists (${(0,errors/* errorMessage */.g)(error)})`);
        return undefined;
    }
    if (existing)
        return undefined;
    await session.account();
    const url = session.client.getAccountUrl();
    const old = await namedAccounts(session, settings, certs);
    const naming = old.length > 0 ? old.map(record/* showUntrusted */.Gz).join(', ') : 'the account they were made for';
    const message = `dns-persist-01 (${certs.join(', ')}): no ACME account existed for acme.account-key at ${session.directoryUrl}, ` +
        `so a NEW account ${url} was registered. It will not match the _validation-persist records naming ${naming}: ` +
        'publish new records with `certflow persist-record`, or restore the old account key (a key rollover keeps the account; a new key does not)';
    log.warn(message);
    return message;
}

// EXTERNAL MODULE: ./src/acme/ari.ts
var ari = __webpack_require__(46484);
// EXTERNAL MODULE: ./src/acme/errors.ts
var acme_errors = __webpack_require__(27083);
;// CONCATENATED MODULE: ./src/acme/fallback.ts
/**
 * Whose fault a failed order is, to decide whether the next CA of `acme.issuers` may be tried.
 * Only the CA's own trouble moves on: it cannot be reached, answers 5xx, is rate limiting us,
 * reports serverInternal, keeps rejecting nonces, or never finishes. Everything else is the
 * user's to fix (DNS updates refused, CAA, names the CA refuses, TXT records it did not see, the
 * account or its binding, config), and another CA would either fail the same way or hide a
 * problem that must be seen: the run fails at the first CA and says why.
 */

const PREFIX = 'urn:ietf:params:acme:error:';
/** ACME problem types that are the CA's state, not the request's. */
const CA_TYPES = new Set(['serverInternal', 'rateLimited', 'badNonce']);
function sideOfProblem(problem, status) {
    if (status !== undefined && status >= 500)
        return 'ca';
    if (status === 429)
        return 'ca';
    if (!problem)
        return undefined;
    const t = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
    if (CA_TYPES.has(t))
        return 'ca';
    if (t === 'certflow:network') {
        // Not trusting the CA's HTTPS certificate is ours to fix (acme.trust); silence and refusals are the CA's.
        return /CERT_|_CERT|UNABLE_TO_VERIFY|SELF_SIGNED|self[- ]signed|certificate/i.test(problem.detail ?? '')
            ? 'user'
            : 'ca';
    }
    return 'user';
}
/** Whether `error` (anything thrown while issuing at one CA) lets the next CA be tried. */
function failureSide(error) {
    if (error instanceof acme_errors/* AcmeProblemError */._k)
        return sideOfProblem(error.problem, error.status) ?? 'user';
    if (error instanceof acme_errors/* IssueError */.uv) {
        if (error.side === 'ca')
            return 'ca';
        return sideOfProblem(error.problem, error.problem?.status) ?? 'user';
    }
    // A request that timed out on its own clock (not the run's signal: the caller checks that).
    const name = error?.name;
    if (name === 'TimeoutError')
        return 'ca';
    return 'user';
}

// EXTERNAL MODULE: ./src/acme/issuers.ts
var acme_issuers = __webpack_require__(40746);
// EXTERNAL MODULE: ./src/dns/propagation.ts
var propagation = __webpack_require__(96653);
// EXTERNAL MODULE: ./src/dns/provider.ts
var dns_provider = __webpack_require__(68210);
// EXTERNAL MODULE: ./src/dns/resolve.ts
var resolve = __webpack_require__(19111);
// EXTERNAL MODULE: ./src/dns/wire.ts
var wire = __webpack_require__(53970);
;// CONCATENATED MODULE: ./src/dns/challenge.ts
/**
 * DNS-01 for one certificate: where each record goes (following a CNAME on
 * `_acme-challenge.<name>`, or `challenge-alias`), which provider writes it, presenting,
 * waiting until the servers serve it, and removing exactly what was written, always.
 */






/** `_acme-challenge.<name>` for a name (wildcards share the base name's record). */
function challengeName(domain) {
    return `_acme-challenge.${(0,wire/* normalizeName */.Pc)(domain).replace(/^\*\./, '')}`;
}
function lookupServers(provider) {
    return provider.resolvers ?? (0,resolve/* systemResolvers */.Te)();
}
/**
 * A CNAME target found while following `_acme-challenge` is accepted only inside a zone the
 * config allows: the `zones` of a DNS provider, or the certificate's `challenge-alias`. A
 * CNAME is network data (anyone who controls the zone, or answers for it, writes it), and
 * the record we then write proves control of the certificate's name to the CA.
 */
function checkDelegation(base, target, providers, challengeAlias) {
    const zones = [...providers].flatMap((p) => p.zones);
    const allowed = [...zones, ...(challengeAlias ? [(0,wire/* normalizeName */.Pc)(challengeAlias)] : [])];
    if (!(0,dns_provider/* zoneFor */.wy)(target, allowed)) {
        throw new resolve/* CnameRefusedError */.jI(`${base} is a CNAME to ${target}, outside every zone the config allows (${allowed.join(', ') || 'no zones: listed'}); nothing was written. If the delegation is yours, add its zone to the zones: of the dns provider that serves it, or set challenge-alias`);
    }
}
/**
 * Decides where the TXT record for `domain` is written and by which provider. A visible CNAME
 * wins; otherwise `challengeAlias` (acme.sh style: `_acme-challenge.<alias>`); otherwise the name
 * itself. The provider is the one whose `zones` contain the target, else the certificate's.
 */
async function planRecord(domain, value, certProvider, challengeAlias, opts) {
    const base = challengeName(domain);
    let target = base;
    try {
        target = await (0,resolve/* followCname */.U8)(base, {
            resolvers: lookupServers(certProvider),
            signal: opts.signal,
            timeoutMs: 2000,
        });
    }
    catch (error) {
        if (opts.signal?.aborted || error instanceof resolve/* CnameRefusedError */.jI)
            throw error;
        // No definite answer (a zone nobody serves answers SERVFAIL): write at the name itself and
        // let the provider say what is wrong; the propagation check catches the rest.
        opts.log.debug(`no CNAME lookup for ${base}: ${(0,errors/* errorMessage */.g)(error)}`);
    }
    if (target !== base)
        checkDelegation(base, target, opts.providers.values(), challengeAlias);
    if (target === base && challengeAlias)
        target = `_acme-challenge.${(0,wire/* normalizeName */.Pc)(challengeAlias)}`;
    let provider = certProvider;
    if (target !== base) {
        const owner = [...opts.providers.values()]
            .filter((p) => (0,dns_provider/* zoneFor */.wy)(target, p.zones))
            .sort((a, b) => ((0,dns_provider/* zoneFor */.wy)(target, b.zones)?.length ?? 0) - ((0,dns_provider/* zoneFor */.wy)(target, a.zones)?.length ?? 0))[0];
        provider = owner ?? certProvider;
        opts.log.debug(`${base} is delegated to ${target}; written with dns.${provider.name}`);
    }
    return { domain, fqdn: target, value, ttl: provider.ttl, provider, delegated: target !== base };
}
/** Servers that must serve the record before the CA is told, and whether to ask with RD. */
async function propagationServers(record, signal) {
    return (0,resolve/* serversToAsk */.bS)(record.fqdn, record.provider.resolvers, {
        resolvers: (0,resolve/* systemResolvers */.Te)(),
        signal,
        timeoutMs: 2000,
    });
}
/**
 * Presents every record, waits until each is served, runs `validate` (tell the CA, wait for
 * its verdict), then removes every record it wrote, whatever happened. Cleanup failures are
 * logged, not thrown: the certificate's fate is decided by the CA.
 */
async function withChallengeRecords(records, opts, validate) {
    const presented = [];
    // Stops the sibling work (other presents, other polls) as soon as one part fails.
    const inner = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, inner.signal]) : inner.signal;
    (0,external_node_events_.setMaxListeners)(0, signal);
    const allOrFail = async (work) => {
        const settled = await Promise.allSettled(work.map((p) => p.catch((error) => {
            inner.abort(error);
            throw error;
        })));
        const failed = settled.find((s) => s.status === 'rejected');
        // The first failure is the cause; the others are mostly "aborted" echoes of it.
        if (failed)
            throw opts.signal?.aborted ? opts.signal.reason : inner.signal.reason;
    };
    try {
        // allSettled: a record whose present() is still in flight when another fails must be
        // known before the cleanup runs, or it would be left behind. A sibling's failure does not
        // abort a write either: a write cut off mid-request may still be applied by the server
        // after the cleanup looked for it (seen with DigitalOcean's API), so let it finish and
        // remove what it made. Only the run's own signal (cancel, deadline) interrupts a write.
        await allOrFail(records.map(async (r) => {
            try {
                await r.provider.present(r, opts.signal);
            }
            catch (error) {
                // Interrupted mid-write: the server may have applied it. Removing a value that is
                // not there is harmless for every provider, so clean it up to be sure.
                if (opts.signal?.aborted)
                    presented.push(r);
                throw error;
            }
            presented.push(r);
            opts.onPresented?.(r, Date.now());
            opts.log.debug(`TXT ${r.fqdn} presented with dns.${r.provider.name}`);
        }));
        if (!opts.skipPropagation) {
            await allOrFail(records.map(async (r) => {
                const { servers, rd } = await propagationServers(r, signal);
                try {
                    await (0,propagation/* waitForTxt */.X)(r.fqdn, r.value, servers, {
                        timeoutMs: r.provider.propagationTimeoutMs,
                        signal,
                        rd,
                    });
                }
                catch (error) {
                    if (signal.aborted)
                        throw error;
                    throw new dns_provider/* DnsProviderError */.Rk(r.provider, (0,errors/* errorMessage */.g)(error), `the record was written but ${(0,resolve/* describeServers */.ec)(servers)} do not serve it: check that the provider writes to the zone those servers serve, or raise propagation-timeout`);
                }
                opts.onVisible?.(r, Date.now());
            }));
        }
        return await validate();
    }
    finally {
        await cleanupRecords(presented, opts.log);
    }
}
/** Removes records, each exactly once, with its own deadline (the run's signal may be aborted). */
async function cleanupRecords(records, log) {
    await Promise.all(records.map(async (r) => {
        try {
            await r.provider.cleanup(r, AbortSignal.timeout(30_000));
            log.debug(`TXT ${r.fqdn} removed`);
        }
        catch (error) {
            log.warn(`could not remove TXT ${r.fqdn}: ${(0,errors/* errorMessage */.g)(error)}; remove it by hand`);
        }
    }));
}

// EXTERNAL MODULE: ./src/dns/query.ts
var query = __webpack_require__(5931);
// EXTERNAL MODULE: ./src/dns/transport.ts
var transport = __webpack_require__(99874);
;// CONCATENATED MODULE: ./src/acme/caa.ts
/**
 * A CAA pre-check (RFC 8659) before ordering: when a CAA record forbids the CA we are about to
 * ask, say so plainly instead of spending an order, a challenge and the CA's rate limit on a
 * refusal. The CA still does its own check; this one only stops clear refusals: a relevant
 * CAA set whose issuers do not include the CA's `caaIdentities`, or that names no issuer at all
 * (`0 issue ";"`). A lookup that fails is not a refusal.
 */



async function lookup(resolver, candidate, signal) {
    const msg = await (0,query/* query */.P)(resolver, candidate, wire/* TYPE */.ZE.CAA, { signal, timeoutMs: 2000 });
    if (msg.rcode !== 0 && msg.rcode !== 3)
        throw new Error(`CAA lookup of ${candidate}: rcode ${msg.rcode}`);
    return msg.answers.filter((r) => r.type === wire/* TYPE */.ZE.CAA).map((r) => r.data);
}
function cachedLookup(cache, resolver, candidate, signal) {
    const key = `${(0,transport/* formatServer */.xu)(resolver)} ${candidate}`;
    let found = cache.get(key);
    if (!found) {
        found = lookup(resolver, candidate, signal);
        cache.set(key, found);
        found.catch(() => cache.delete(key));
    }
    return found;
}
/** The relevant CAA set: the first non-empty one climbing from the name towards the root. */
async function relevantSet(name, resolvers, signal, cache) {
    const labels = (0,wire/* normalizeName */.Pc)(name).split('.');
    const resolver = resolvers[0];
    for (let i = 0; i < labels.length - 1; i++) {
        const candidate = labels.slice(i).join('.');
        const set = i > 0 && cache
            ? await cachedLookup(cache, resolver, candidate, signal)
            : await lookup(resolver, candidate, signal);
        if (set.length > 0)
            return { at: candidate, set };
    }
    return undefined;
}
/** The issuer domain of an issue/issuewild value ("ca.example; account=1" -> "ca.example"). */
function issuerOf(value) {
    return (0,wire/* normalizeName */.Pc)(value.split(';')[0] ?? '');
}
async function checkCaa(domain, caIdentities, resolvers, signal, cache) {
    const wildcard = domain.startsWith('*.');
    const found = await relevantSet(domain.replace(/^\*\./, ''), resolvers, signal, cache);
    if (!found)
        return { allowed: true };
    const wild = found.set.filter((r) => r.tag === 'issuewild');
    const issue = found.set.filter((r) => r.tag === 'issue');
    const relevant = wildcard && wild.length > 0 ? wild : issue;
    if (relevant.length === 0)
        return { allowed: true, at: found.at };
    const issuers = relevant.map((r) => issuerOf(r.value));
    const ids = (caIdentities ?? []).map((i) => (0,wire/* normalizeName */.Pc)(i));
    const allowed = ids.length > 0 ? issuers.some((i) => ids.includes(i)) : issuers.some((i) => i !== '');
    return { allowed, at: found.at, issuers };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
;// CONCATENATED MODULE: ./src/acme/issued.ts
/**
 * What the CA sends back at the certificate URL is input like any other answer: a CA that is
 * compromised, buggy or impersonated (a wrong `acme.trust` file, a hostile proxy) could return a
 * certificate for other names, an expired one, one for another key, or a chain whose links do not
 * sign each other. Each of those would be sealed, committed and deployed as if it were the
 * renewal, and be found only when a host serves it. So before anything keeps it, the certificate
 * must prove what was ordered: exactly the ordered names, valid now, for the order's key, an
 * end-entity certificate, each certificate of the file signed by the next.
 * Whether the top reaches a trusted root is the store verifier's question (deploy and check ask
 * it against acme.trust / store.trust); this file checks only what the order itself determines.
 */




/** Real chains have 2-4 certificates; a longer file is not a chain anyone should serve. */
const MAX_CHAIN = 8;
/** Clock skew allowed for a certificate that starts "now" (CAs backdate by minutes, not forward). */
const SKEW_MS = 5 * 60_000;
const HINT = 'the CA answered the order with a certificate that does not match it: nothing was stored; check acme.directory and acme.trust point at the CA you mean, and report it to the CA';
function refuse(ordered, what) {
    throw new acme_errors/* IssueError */.uv(`the CA's certificate for ${ordered.name} ${what}`, HINT);
}
/** The chain's certificates, leaf first, once they prove the order; throws IssueError otherwise. */
function checkIssuedChain(fullchainPem, ordered) {
    const blocks = (0,x509/* splitPemChain */.mU)(fullchainPem);
    if (blocks.length === 0)
        refuse(ordered, 'holds no PEM certificate');
    if (blocks.length > MAX_CHAIN)
        refuse(ordered, `is a chain of ${blocks.length} certificates (at most ${MAX_CHAIN})`);
    let chain;
    try {
        // Parsed through the shared cache: sealing reads the same certificates next.
        chain = blocks.map((b) => (0,x509/* parseCertificate */.hB)(b));
    }
    catch (error) {
        refuse(ordered, `does not parse (${(0,errors/* errorMessage */.g)(error)})`);
    }
    const leaf = chain[0];
    if (leaf.ca)
        refuse(ordered, 'is a CA certificate, not one for a server');
    const facts = (0,x509/* factsOf */.xS)(leaf);
    const lower = (names) => [...new Set(names.map((d) => d.toLowerCase()))].sort();
    const want = lower(ordered.domains);
    const got = lower(facts.names);
    if (want.join(',') !== got.join(',')) {
        refuse(ordered, `is for ${got.join(', ') || '(no DNS names)'}, the order was for ${want.join(', ')}`);
    }
    const now = ordered.now.getTime();
    if (!(facts.notAfter.getTime() > now))
        refuse(ordered, `expired at ${facts.notAfter.toISOString()}`);
    if (!(facts.notBefore.getTime() <= now + SKEW_MS)) {
        refuse(ordered, `is not valid before ${facts.notBefore.toISOString()}`);
    }
    const orderKey = (0,x509/* sha256Hex */.fg)((0,external_node_crypto_.createPublicKey)(ordered.privateKey).export({ type: 'spki', format: 'der' }));
    if (facts.publicKeySha256 !== orderKey)
        refuse(ordered, "is for another key than the order's CSR");
    for (let i = 0; i + 1 < chain.length; i++) {
        const child = chain[i];
        const parent = chain[i + 1];
        if (!(parent.ca && (0,x509/* issuedBy */.T1)(child, parent))) {
            const name = (c) => (0,x509/* oneLine */.TN)(c.subject).slice(0, 200);
            refuse(ordered, `has a broken chain: certificate ${i + 1} (${name(child)}) is not signed by certificate ${i + 2} (${name(parent)})`);
        }
    }
    return chain;
}
/** Whether two PEM chains start with the same leaf (the same DER bytes; nothing is parsed). */
function sameLeaf(a, b) {
    try {
        return (0,x509/* leafDerSha256 */.$O)(a) === (0,x509/* leafDerSha256 */.$O)(b);
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/acme/chain.ts
/**
 * Chain choice (RFC 8555 section 7.4.2): the certificate URL answers with the default chain and may
 * name others in `Link: <url>;rel="alternate"`. With `acme.preferred-chain`, the chain whose top
 * certificate was issued by that common name is kept; when none matches, the default. Alternates
 * are fetched only from the CA's own origin (a signed request goes nowhere else), and a few at most;
 * an alternate must carry the very certificate the default does.
 */




const MAX_ALTERNATES = 8;
/** URLs of `rel="alternate"` links in a Link header (several values are joined with ", "). */
function alternateLinks(link) {
    if (!link)
        return [];
    const out = [];
    for (const m of link.matchAll(/<([^>]+)>\s*;[^,<]*\brel\s*=\s*"?alternate"?/gi))
        out.push(m[1]);
    return out;
}
/** The issuer common name of the last certificate of a chain, or undefined when it has none. */
function topIssuerCn(fullchainPem) {
    const certs = (0,x509/* splitPemChain */.mU)(fullchainPem);
    const top = certs[certs.length - 1];
    if (!top)
        return undefined;
    try {
        return /^CN=(.*)$/m.exec(new external_node_crypto_.X509Certificate(top).issuer)?.[1]?.trim();
    }
    catch {
        return undefined;
    }
}
/**
 * The chain to keep: `defaultPem` unless `preferred` names the top issuer of an alternate. The default
 * is kept too when it already matches, without fetching anything.
 */
async function chooseChain(session, defaultPem, link, preferred, log, name) {
    if (!preferred || topIssuerCn(defaultPem) === preferred)
        return defaultPem;
    const origin = new URL(session.directoryUrl).origin;
    const seen = [topIssuerCn(defaultPem) ?? '(unknown)'];
    for (const url of alternateLinks(link).slice(0, MAX_ALTERNATES)) {
        let sameOrigin = false;
        try {
            sameOrigin = new URL(url, session.directoryUrl).origin === origin;
        }
        catch { }
        if (!sameOrigin) {
            log.warn(`${name}: ignoring an alternate chain outside the CA (${url.slice(0, 100)})`);
            continue;
        }
        let pem;
        try {
            const res = await session.http.signedRequest(new URL(url, session.directoryUrl).href, null, {
                kid: session.client.getAccountUrl(),
            });
            pem = String(res.data);
        }
        catch (error) {
            // The certificate is issued and in hand: a missing alternate costs the preference, not it.
            log.warn(`${name}: could not fetch an alternate chain (${url.slice(0, 100)}): ${(0,errors/* errorMessage */.g)(error)}`);
            continue;
        }
        // An alternate is the same certificate under other intermediates (RFC 8555 section 7.4.2);
        // one with another leaf is not a chain for this order, whatever its top says.
        if (!sameLeaf(pem, defaultPem)) {
            log.warn(`${name}: ignoring an alternate chain whose certificate is not the one issued (${url.slice(0, 100)})`);
            seen.push('(another certificate)');
            continue;
        }
        const cn = topIssuerCn(pem);
        if (cn === preferred) {
            log.info(`${name}: using the alternate chain to "${preferred}"`);
            return pem;
        }
        seen.push(cn ?? '(unknown)');
    }
    log.warn(`${name}: no chain to "${preferred}" (acme.preferred-chain); the CA offers ${seen.join(', ')}: keeping the default`);
    return defaultPem;
}

// EXTERNAL MODULE: ./src/util/der.ts
var der = __webpack_require__(75255);
;// CONCATENATED MODULE: ./src/acme/csr.ts
/**
 * The certificate signing request (PKCS#10, RFC 2986) of a new certificate, built with a few DER
 * encoders and signed by Node's crypto. acme-client builds it in JavaScript (its ASN.1 schema
 * compiler and WebCrypto round trips cost ~3 ms per certificate, 17 % of certflow's CPU when issuing
 * 1,000; issue 22); the request itself is small and fixed in shape:
 *
 *   subject      CN=<first name> when it fits the 64-character limit, else empty
 *   public key   the SPKI of the private key that signs the request (never given separately, so a
 *                request for another key than the certificate's cannot be made here)
 *   attributes   extensionRequest { subjectAltName: every name as a dNSName }
 *   signature    sha256WithRSAEncryption, or ECDSA with SHA-256 (P-256) / SHA-384 (P-384)
 */


const OID = {
    commonName: '2.5.4.3',
    extensionRequest: '1.2.840.113549.1.9.14',
    subjectAltName: '2.5.29.17',
    sha256WithRsa: '1.2.840.113549.1.1.11',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    ecdsaWithSha384: '1.2.840.10045.4.3.3',
};
/** Upper bound of X.520 ub-common-name: longer first names stay in subjectAltName only. */
const MAX_CN = 64;
/** The signature algorithm (hash and AlgorithmIdentifier DER) of a certificate key. */
function signatureAlgorithm(key) {
    if (key.asymmetricKeyType === 'rsa') {
        return { hash: 'sha256', identifier: (0,der/* sequence */.K2)((0,der/* oid */.jq)(OID.sha256WithRsa), (0,der/* nullValue */.Pv)()) };
    }
    const curve = key.asymmetricKeyDetails?.namedCurve;
    // RFC 5758 section 3.2: the ECDSA identifiers carry no parameters.
    if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1')
        return { hash: 'sha256', identifier: (0,der/* sequence */.K2)((0,der/* oid */.jq)(OID.ecdsaWithSha256)) };
    if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1')
        return { hash: 'sha384', identifier: (0,der/* sequence */.K2)((0,der/* oid */.jq)(OID.ecdsaWithSha384)) };
    throw new Error(`cannot make a CSR for a ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''} key: certflow issues RSA, P-256 and P-384 keys`);
}
/**
 * A DNS name as an IA5String: printable ASCII only. Names arrive validated from the configuration
 * (IDNs as A-labels); this refuses anything else rather than put bytes the CA would misread.
 */
function dnsNameBytes(name) {
    if (name.length === 0 || !/^[\x21-\x7e]+$/.test(name)) {
        throw new Error(`cannot put "${name}" in a CSR: a DNS name must be printable ASCII (IDNs as xn-- labels)`);
    }
    return Buffer.from(name, 'ascii');
}
function subject(commonName) {
    if (!commonName)
        return (0,der/* sequence */.K2)();
    // RDNSequence of one RDN holding CN as a UTF8String (RFC 5280 section 4.1.2.4).
    return (0,der/* sequence */.K2)((0,der/* set */.hZ)((0,der/* sequence */.K2)((0,der/* oid */.jq)(OID.commonName), (0,der/* tlv */.t)(0x0c, dnsNameBytes(commonName)))));
}
/** extensionRequest attribute with subjectAltName; critical when the subject is empty (RFC 5280 4.2.1.6). */
function extensionRequest(domains, critical) {
    // GeneralName dNSName is [2] IMPLICIT IA5String: context tag 0x82.
    const names = (0,der/* sequence */.K2)(...domains.map((d) => (0,der/* tlv */.t)(0x82, dnsNameBytes(d))));
    const san = (0,der/* sequence */.K2)((0,der/* oid */.jq)(OID.subjectAltName), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), (0,der/* octets */.tu)(names));
    return (0,der/* sequence */.K2)((0,der/* oid */.jq)(OID.extensionRequest), (0,der/* set */.hZ)((0,der/* sequence */.K2)(san)));
}
/** CSR (DER) for `domains`, signed by `privateKey` (PEM or KeyObject), for that key. */
function createCsrDer(domains, privateKey) {
    if (domains.length === 0)
        throw new Error('cannot make a CSR without a name');
    const key = typeof privateKey === 'string' ? (0,external_node_crypto_.createPrivateKey)(privateKey) : privateKey;
    if (key.type !== 'private')
        throw new Error('a CSR is signed with the private key');
    const { hash, identifier } = signatureAlgorithm(key);
    const first = domains[0];
    const commonName = first.length <= MAX_CN ? first : undefined;
    const spki = (0,external_node_crypto_.createPublicKey)(key).export({ type: 'spki', format: 'der' });
    const info = (0,der/* sequence */.K2)((0,der/* integer */.nd)(0), subject(commonName), spki, 
    // attributes [0] IMPLICIT SET OF Attribute: the SET's contents under a constructed [0] tag.
    (0,der/* explicit */.pc)(0, extensionRequest(domains, commonName === undefined)));
    // ECDSA signatures in X.509 are DER SEQUENCE { r, s }, Node's default encoding.
    const signature = (0,external_node_crypto_.sign)(hash, info, key);
    // signature BIT STRING: a leading 0 says no unused bits.
    return (0,der/* sequence */.K2)(info, identifier, (0,der/* tlv */.t)(0x03, Buffer.concat([Buffer.from([0]), signature])));
}
/** The same CSR as PEM. */
function createCsr(domains, privateKey) {
    const lines = createCsrDer(domains, privateKey)
        .toString('base64')
        .match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

// EXTERNAL MODULE: ./src/acme/http.ts
var http = __webpack_require__(17304);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
;// CONCATENATED MODULE: ./src/acme/keys.ts
/**
 * A fresh private key for every certificate (its CSR is made in csr.ts). Keys are PKCS#8 PEM and live in
 * memory only; generation runs on libuv's thread pool, so RSA keys are made while the DNS
 * challenges are in flight.
 */



const generate = (0,external_node_util_.promisify)(external_node_crypto_.generateKeyPair);
const pem = (key) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
function generateKey(type) {
    switch (type) {
        case 'ecdsa-p256':
            return generate('ec', { namedCurve: 'prime256v1' });
        case 'ecdsa-p384':
            return generate('ec', { namedCurve: 'secp384r1' });
        case 'rsa-2048':
        case 'rsa-3072':
        case 'rsa-4096':
            return generate('rsa', { modulusLength: Number(type.slice(4)) });
        default:
            throw new Error(`unknown key type ${type}`);
    }
}
async function generatePrivateKey(type) {
    return pem((await generateKey(type)).privateKey);
}
/**
 * A fresh key of `type`, or the given one (key-policy reuse), with its parsed form: parsing a
 * PEM key costs OpenSSL ~0.35 ms, 15 times a P-256 signature, so the key is parsed once.
 */
async function certificateKey(type, givenPem) {
    if (givenPem !== undefined)
        return { privateKeyPem: givenPem, privateKey: (0,external_node_crypto_.createPrivateKey)(givenPem) };
    const { privateKey, publicKey } = await generateKey(type);
    const privateKeyPem = pem(privateKey);
    // The run registers the key as a secret next: spare the redactor parsing it again.
    (0,redact/* notePublicPart */.dw)(privateKeyPem, publicKey.export({ type: 'spki', format: 'der' }));
    return { privateKeyPem, privateKey };
}

;// CONCATENATED MODULE: ./src/acme/order.ts
/**
 * One certificate through the ACME order flow (RFC 8555 section 7.4) with DNS-01 or
 * DNS-PERSIST-01: order, authorizations, records (dns-01 only), tell the CA, poll, finalize,
 * download. Polls with a short interval
 * (Pebble and many CAs send no Retry-After while pending) and honours Retry-After when sent.
 */










/**
 * The first look at a challenge or order the CA said it is processing. Pebble validates a DNS-01
 * challenge and issues a certificate in a few tens of ms on the bed; CAs that take longer say so
 * with Retry-After, honoured by the polls that follow.
 */
const FIRST_POLL_MS = 50;
/**
 * POST-as-GET on `url` until `done(status)`; short interval, Retry-After honoured (bounded).
 * `firstWaitMs` is spent before the first request: the CA has just said the object is still being
 * worked on (a challenge processing, an order processing), so asking at once would only cost a
 * signed request (issue 22: half the authorization polls were such).
 */
async function poll(session, url, done, opts, firstWaitMs = 0) {
    const deadline = Date.now() + (opts.pollTimeoutMs ?? 300_000);
    if (firstWaitMs > 0)
        await (0,http/* sleep */.yy)(Math.min(firstWaitMs, opts.maxRetryAfterMs), opts.signal);
    for (let delay = 40;; delay = Math.min(Math.round(delay * 1.5), 1000)) {
        const res = await session.http.signedRequest(url, null, { kid: session.client.getAccountUrl() });
        const body = res.data;
        if (done(body.status))
            return body;
        const after = (0,http/* parseRetryAfter */.mu)(res.headers['retry-after']);
        const wait = Math.min(after ?? delay, opts.maxRetryAfterMs);
        if (Date.now() + wait > deadline) {
            throw new acme_errors/* IssueError */.uv(`${url} still ${body.status} after ${Math.round((opts.pollTimeoutMs ?? 300_000) / 1000)} s`, 'the CA is slow; run again later', undefined, 'ca');
        }
        await (0,http/* sleep */.yy)(wait, opts.signal);
    }
}
function challengeFailure(authz) {
    const failed = authz.challenges.find((c) => c.error) ?? authz.challenges.find((c) => c.type === 'dns-01');
    const p = failed?.error;
    const name = authzName(authz);
    // The general advice for `unauthorized` talks about _acme-challenge; a persistent record is
    // fixed elsewhere, by the DNS owner.
    const hint = failed?.type === 'dns-persist-01'
        ? `have the DNS owner publish or correct the TXT record at _validation-persist.${authz.identifier.value}: it must name this CA's issuer domain and this account's URL (accounturi=), add policy=wildcard for a wildcard, and keep any persistUntil in the future`
        : undefined;
    return new acme_errors/* IssueError */.uv(`the CA refused ${name}: ${p?.detail ?? `authorization ${authz.status}`}`, hint, p ? { ...p, identifier: p.identifier ?? authz.identifier } : undefined);
}
async function createOrder(session, req, opts) {
    const payload = {
        identifiers: req.domains.map((value) => ({ type: 'dns', value })),
    };
    if (req.profile)
        payload.profile = req.profile;
    if (req.replaces)
        payload.replaces = req.replaces;
    try {
        return {
            order: (await session.client.createOrder(payload)),
            replacesSent: !!req.replaces,
        };
    }
    catch (error) {
        // A CA that refuses `replaces` (already replaced, unknown certificate) still gets an order.
        if (req.replaces &&
            error instanceof acme_errors/* AcmeProblemError */._k &&
            error.status < 500 &&
            error.problem.type !== 'urn:ietf:params:acme:error:rateLimited') {
            opts.log.warn(`${req.name}: the CA refused replaces=${req.replaces} (${error.message}); ordering without it`);
            delete payload.replaces;
            return {
                order: (await session.client.createOrder(payload)),
                replacesSent: false,
            };
        }
        throw error;
    }
}
async function orderCertificate(session, req, opts) {
    // The key (slow for RSA) and the CAA check run while the order and challenges proceed.
    const keyPromise = certificateKey(req.keyType, req.privateKeyPem);
    keyPromise.catch(() => undefined);
    const caaPromise = caaPrecheck(session, req, opts);
    caaPromise.catch(() => undefined);
    const { order, replacesSent } = await createOrder(session, req, opts);
    const authzs = (await session.client.getAuthorizations(order));
    await caaPromise;
    const pending = authzs.filter((a) => a.status === 'pending');
    const invalid = authzs.find((a) => a.status !== 'pending' && a.status !== 'valid');
    if (invalid)
        throw challengeFailure(invalid);
    const picked = pending.map((authz) => ({ authz, ...pickChallenge(authz, req) }));
    const answered = {};
    for (const p of picked)
        answered[authzName(p.authz)] = p.challenge.type;
    const planned = await Promise.all(picked
        .filter((p) => p.challenge.type === 'dns-01')
        .map(async ({ authz, challenge, provider }) => {
        const value = await session.client.getChallengeKeyAuthorization(challenge);
        return {
            record: await planRecord(authzName(authz), value, provider, req.challengeAlias, opts),
            authz,
            challenge,
        };
    }));
    const answer = async (authz, challenge) => {
        const told = (await session.client.completeChallenge(challenge));
        // The challenge, not the authorization, is polled until validation ends: a valid challenge
        // makes its authorization valid (RFC 8555 section 7.1.6). Pebble 2.4.0 write-locks an
        // authorization while it serves a POST-as-GET on it and then waits for its store, which a
        // new order's scan of all authorizations can hold: under load (1,000 orders at 32 at once,
        // issue 22) that deadlocked the whole CA. A challenge poll takes no such lock. The wait
        // before the first poll spares a request that would find it still pending (RFC 8555 says
        // processing here; Pebble answers pending).
        const working = told?.status !== 'valid' && told?.status !== 'invalid';
        const settled = working
            ? await poll(session, challenge.url, (s) => s !== 'pending' && s !== 'processing', opts, FIRST_POLL_MS)
            : told;
        if (settled.status === 'valid')
            return;
        // A failure is read from the authorization, which names the identifier and carries the
        // CA's problem in its own words.
        const result = await poll(session, authz.url, (s) => s !== 'pending', opts);
        if (result.status !== 'valid')
            throw challengeFailure(result);
    };
    // dns-persist-01: the record is the DNS owner's, already published; nothing to write or wait for
    // (draft-ietf-acme-dns-persist section 4), so the CA is told at once.
    const persisted = picked
        .filter((p) => p.challenge.type === 'dns-persist-01')
        .map(({ authz, challenge }) => answer(authz, challenge));
    const dns01 = planned.length
        ? withChallengeRecords(planned.map((p) => p.record), opts, async () => {
            await Promise.all(planned.map(async ({ authz, challenge, record }) => {
                opts.onChallengeAnswered?.(record, Date.now());
                await answer(authz, challenge);
            }));
        })
        : Promise.resolve();
    const settled = await Promise.allSettled([...persisted, dns01]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
    const { privateKeyPem, privateKey } = await keyPromise;
    if (typeof order.finalize !== 'string') {
        throw new acme_errors/* IssueError */.uv(`the CA's order for ${req.name} has no finalize URL`, undefined, undefined, 'ca');
    }
    const csr = createCsrDer(req.domains, privateKey).toString('base64url');
    const finalized = (await session.http.signedRequest(order.finalize, { csr }, { kid: session.client.getAccountUrl() })).data;
    // A finalize answer that is already valid carries the certificate URL: no poll.
    const ready = finalized?.status === 'valid'
        ? finalized
        : await poll(session, order.url, (s) => s !== 'processing' && s !== 'ready' && s !== 'pending', opts, finalized?.status === 'processing' ? FIRST_POLL_MS : 0);
    if (ready.status !== 'valid' || !ready.certificate) {
        throw new acme_errors/* IssueError */.uv(`the order for ${req.name} ended ${ready.status}: ${ready.error?.detail ?? 'no reason given'}`, undefined, ready.error);
    }
    const res = await session.http.signedRequest(ready.certificate, null, {
        kid: session.client.getAccountUrl(),
    });
    const fullchainPem = await chooseChain(session, String(res.data), res.headers.link, req.preferredChain, opts.log, req.name);
    checkIssuedChain(fullchainPem, { name: req.name, domains: req.domains, privateKey, now: new Date() });
    return { privateKeyPem, fullchainPem, replacesSent, answered };
}
const authzName = (authz) => `${authz.wildcard ? '*.' : ''}${authz.identifier.value}`;
/**
 * The challenge to answer for one authorization: the certificate's kind when the CA offers it;
 * dns-01 in place of dns-persist-01 only with `fallback: dns-01` and a provider.
 */
function pickChallenge(authz, req) {
    const offered = authz.challenges.map((c) => c.type);
    const dns01 = authz.challenges.find((c) => c.type === 'dns-01');
    if (req.challenge === 'dns-persist-01') {
        const persist = authz.challenges.find((c) => c.type === 'dns-persist-01');
        if (persist)
            return { challenge: persist };
        if (!(req.fallback === 'dns-01' && req.provider && dns01)) {
            throw new acme_errors/* IssueError */.uv(`the CA offers no dns-persist-01 challenge for ${authzName(authz)} (it offers: ${offered.join(', ') || 'none'})`, req.fallback === 'dns-01'
                ? `fallback: dns-01 needs a dns provider under certificates.${req.name}.dns`
                : `use a CA that offers dns-persist-01, or set certificates.${req.name}.challenge: dns-01, or keep it and add fallback: dns-01 with a dns provider`);
        }
    }
    if (!dns01) {
        throw new acme_errors/* IssueError */.uv(`the CA offers no dns-01 challenge for ${authzName(authz)} (it offers: ${offered.join(', ') || 'none'})`, 'this CA cannot validate this name over DNS');
    }
    if (!req.provider) {
        throw new acme_errors/* IssueError */.uv(`${req.name} has no dns provider to answer dns-01 for ${authzName(authz)}`, `set certificates.${req.name}.dns`);
    }
    return { challenge: dns01, provider: req.provider };
}
async function caaPrecheck(session, req, opts) {
    const resolvers = req.provider?.resolvers ?? (0,resolve/* systemResolvers */.Te)();
    await Promise.all(req.domains.map(async (domain) => {
        let verdict;
        try {
            verdict = await checkCaa(domain, session.directory.meta?.caaIdentities, resolvers, opts.signal, session.caa);
        }
        catch (error) {
            if (opts.signal?.aborted)
                throw error;
            opts.log.debug(`CAA pre-check of ${domain} skipped: ${(0,errors/* errorMessage */.g)(error)}`);
            return;
        }
        if (!verdict.allowed) {
            const who = verdict.issuers?.filter(Boolean).join(', ') || 'no CA at all';
            const ids = session.directory.meta?.caaIdentities;
            throw new acme_errors/* IssueError */.uv(`CAA records at ${verdict.at} forbid this CA to issue for ${domain} (they allow ${who})`, `add a CAA record at ${verdict.at} like: 0 ${domain.startsWith('*.') ? 'issuewild' : 'issue'} "${ids?.[0] ?? '<the CA domain>'}", or remove the CAA records that exclude it`, { type: 'urn:ietf:params:acme:error:caa', detail: `CAA at ${verdict.at} allows ${who}` });
        }
    }));
}

// EXTERNAL MODULE: ./src/acme/session.ts + 1 modules
var acme_session = __webpack_require__(87186);
;// CONCATENATED MODULE: ./src/acme/issue.ts
/**
 * The issue stage: every certificate the plan marks due, concurrently (bounded by
 * `settings.concurrency`), with one ACME account. One certificate's failure never stops the
 * others; each result says what happened in the CA's or the provider's own words.
 */











const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Links the caller's signal and SIGINT/SIGTERM into one signal for the run. */
function runSignal(options, log) {
    const controller = new AbortController();
    // Every in-flight request and DNS query listens on this one signal.
    (0,external_node_events_.setMaxListeners)(0, controller.signal);
    let caught;
    const onSignal = (sig) => {
        if (caught)
            return;
        caught = sig;
        log.warn(`${sig} received: stopping issuance and removing challenge records`);
        controller.abort(new Error(`interrupted by ${sig}`));
    };
    const onExternal = () => controller.abort(options.signal?.reason ?? new Error('aborted'));
    if (options.signal?.aborted)
        onExternal();
    options.signal?.addEventListener('abort', onExternal, { once: true });
    const handle = options.handleSignals !== false;
    if (handle) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
    }
    return {
        signal: controller.signal,
        release() {
            options.signal?.removeEventListener('abort', onExternal);
            if (handle) {
                process.off('SIGINT', onSignal);
                process.off('SIGTERM', onSignal);
            }
            // Cleanup is done: let the signal do what it would have done (exit 130/143).
            if (caught)
                process.kill(process.pid, caught);
        },
    };
}
function failAll(due, error, started) {
    const stageError = (0,acme_errors/* toStageError */.yE)(error);
    return due.map((d) => ({
        name: d.name,
        ok: false,
        error: stageError,
        durationMs: Date.now() - started,
    }));
}
/**
 * One session per CA, opened (with its account) the first time a certificate needs it and shared
 * after; a CA that could not be opened stays failed for the run, so the next certificate passes
 * over it at once instead of waiting on it again.
 */
class Sessions {
    settings;
    log;
    opts;
    names;
    opened = new Map();
    constructor(settings, log, opts, 
    /** The run's certificates: dns-persist-01 ones are checked for account continuity. */
    names) {
        this.settings = settings;
        this.log = log;
        this.opts = opts;
        this.names = names;
    }
    get(issuer) {
        let session = this.opened.get(issuer.index);
        if (!session) {
            session = (async () => {
                const s = await (0,acme_session/* openSession */.fA)(this.settings, this.log, this.opts, issuer);
                try {
                    // issue 23: a new account breaks the _validation-persist records; say so before ordering.
                    await warnIfNewAccount(s, this.settings, this.names, this.log);
                    await s.account();
                }
                catch (error) {
                    s.close();
                    throw error;
                }
                return s;
            })();
            session.catch(() => undefined);
            this.opened.set(issuer.index, session);
        }
        return session;
    }
    async close() {
        for (const s of this.opened.values())
            (await s.catch(() => undefined))?.close();
    }
}
/** Whether `now` is inside (or past the start of) the CA's suggested window. */
function insideWindow(window, now) {
    return !!window && Date.parse(window.start) <= now;
}
async function issueCertificates(settings, due, stored, log, options = {}) {
    const todo = due.filter((d) => d.action !== 'skip');
    if (todo.length === 0)
        return [];
    const started = Date.now();
    const run = runSignal(options, log);
    const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    const issuers = (0,acme_issuers/* configuredIssuers */.T0)(settings);
    const sessions = new Sessions(settings, log, { signal: run.signal, maxRetryAfterMs }, todo.map((d) => d.name));
    try {
        let providers;
        try {
            providers = (0,dns_providers/* createProviders */.XT)(settings.config.dns, {
                log,
                workspace: settings.workspace,
                env: settings.hooks?.env,
            });
            // The first CA is opened up front: a broken setup fails every certificate the same way
            // (unless there is another CA to fall back on, which issueOne then tries).
            if (issuers.length === 1)
                await sessions.get(issuers[0]);
        }
        catch (error) {
            return failAll(todo, error, started);
        }
        const names = issuers.map((i) => i.directory).join(', then ');
        log.info(`issuing ${todo.length} certificate(s) from ${names}`);
        const order = {
            settings,
            providers,
            log,
            options: { ...options, maxRetryAfterMs, signal: run.signal },
        };
        let done = 0;
        return await (0,pool/* mapLimit */.s)(todo, Math.max(1, settings.concurrency), async (decision) => {
            const result = await issueWithFallback(order, sessions, issuers, decision, stored.get(decision.name));
            log.progress('issue', ++done, todo.length);
            return options.onIssued ? options.onIssued(result) : result;
        });
    }
    finally {
        await sessions.close();
        run.release();
    }
}
/**
 * One certificate, at the first CA that issues it: a failure of the CA's (see fallback.ts) moves
 * on to the next CA, any other failure ends the certificate there. The result names the CA and
 * the ones passed over.
 */
async function issueWithFallback(order, sessions, issuers, decision, manifest) {
    const { log, options } = order;
    const started = Date.now();
    const skipped = [];
    for (const [i, issuer] of issuers.entries()) {
        const last = i === issuers.length - 1;
        let failure;
        try {
            const session = await sessions.get(issuer);
            const result = await issueOne(order, session, decision, manifest);
            if (result.ok) {
                result.certificate.acmeDirectory = issuer.configured;
                if (skipped.length)
                    result.certificate.skippedIssuers = skipped;
                result.durationMs = Date.now() - started;
                return result;
            }
            failure = result.failure;
        }
        catch (error) {
            failure = error;
        }
        const stageError = (0,acme_errors/* toStageError */.yE)(failure);
        const mayMoveOn = !last && !options.signal.aborted && failureSide(failure) === 'ca';
        if (!mayMoveOn) {
            log.error(`${decision.name}: ${stageError.message}${stageError.hint ? ` (${stageError.hint})` : ''}`);
            return {
                name: decision.name,
                ok: false,
                error: {
                    ...stageError,
                    acmeDirectory: issuer.directory,
                    ...(skipped.length ? { skippedIssuers: skipped } : {}),
                },
                durationMs: Date.now() - started,
            };
        }
        skipped.push({ directory: issuer.directory, where: issuer.where, reason: stageError.message });
        const next = issuers[i + 1];
        log.warn(`${decision.name}: ${issuer.directory} (${issuer.where}) failed on its side (${stageError.message}); trying ${next.directory} (${next.where})`);
    }
    // Not reached: the last CA always returns above.
    throw new Error('no CA configured');
}
async function issueOne(order, session, decision, manifest) {
    const { settings, providers, log, options } = order;
    const started = Date.now();
    const cert = settings.config.certificates[decision.name];
    try {
        if (!cert)
            throw new acme_errors/* IssueError */.uv(`certificate ${decision.name} is not in the configuration`);
        // dns-persist-01 needs no provider unless it may fall back to dns-01: then the renew job holds
        // no DNS credential for this certificate at all.
        const persist = cert.challenge === 'dns-persist-01';
        const wantsProvider = !persist || cert.fallback === 'dns-01';
        const provider = wantsProvider && cert.dns !== undefined ? providers.get(cert.dns) : undefined;
        if (wantsProvider && !provider) {
            throw new acme_errors/* IssueError */.uv(`certificates.${decision.name}.dns names "${cert.dns}", which is not under dns:`, `add dns.${cert.dns} or correct the name`);
        }
        const profile = cert.profile ?? settings.config.acme.profile;
        const offered = session.directory.meta?.profiles;
        if (profile && offered && !(profile in offered)) {
            throw new acme_errors/* IssueError */.uv(`profile "${profile}" is not offered by ${session.directoryUrl} (it offers: ${Object.keys(offered).join(', ') || 'none'})`, `set ${cert.profile ? `certificates.${decision.name}.profile` : 'acme.profile'} to one of the offered profiles, or remove it`);
        }
        if (profile && !offered)
            log.warn(`${decision.name}: ${session.directoryUrl} lists no profiles; sending "${profile}" anyway`);
        const domains = decision.domains.length ? decision.domains : cert.domains;
        // `replaces` only when renewing a certificate of this CA that ARI knows (RFC 9773 section 5).
        const replaces = decision.action === 'renew' && session.directory.renewalInfo && sameCa(session.issuer, manifest)
            ? manifest?.ariCertId
            : undefined;
        const outcome = await log.group(`issue ${decision.name}: ${domains.join(', ')}`, () => orderCertificate(session, {
            name: decision.name,
            domains,
            keyType: cert.key,
            profile,
            replaces,
            provider,
            challenge: cert.challenge,
            fallback: cert.fallback,
            challengeAlias: cert['challenge-alias'],
            privateKeyPem: options.keys?.get(decision.name),
            preferredChain: settings.config.acme['preferred-chain'],
        }, {
            providers,
            log,
            signal: options.signal,
            maxRetryAfterMs: options.maxRetryAfterMs,
            skipPropagation: options.skipPropagation,
            onPresented: (r, at) => options.onEvent?.({ name: decision.name, type: 'record-presented', fqdn: r.fqdn, at }),
            onVisible: (r, at) => options.onEvent?.({ name: decision.name, type: 'record-visible', fqdn: r.fqdn, at }),
            onChallengeAnswered: (r, at) => options.onEvent?.({ name: decision.name, type: 'challenge-answered', fqdn: r.fqdn, at }),
        }));
        log.secret(outcome.privateKeyPem);
        const validation = describeValidation(cert.challenge, outcome.answered);
        if (validation?.startsWith('dns-01 fallback'))
            log.warn(`${decision.name}: ${validation}`);
        else if (validation)
            log.info(`${decision.name}: ${validation}`);
        const ari = await newWindow(session, outcome.fullchainPem, log, decision.name);
        log.info(`${decision.name}: issued in ${Date.now() - started} ms`);
        return {
            name: decision.name,
            ok: true,
            durationMs: Date.now() - started,
            certificate: {
                name: decision.name,
                domains,
                keyType: cert.key,
                profile,
                privateKeyPem: outcome.privateKeyPem,
                fullchainPem: outcome.fullchainPem,
                issuedAt: new Date().toISOString(),
                replaces: manifest?.serial,
                ari,
                ariReplacement: outcome.replacesSent && insideWindow(manifest?.ari, started),
                ...(validation ? { validation } : {}),
            },
        };
    }
    catch (error) {
        return { ok: false, failure: error };
    }
}
/**
 * What the result says about the challenge of a dns-persist-01 certificate: that no DNS
 * credential was used, or which names fell back to dns-01. Undefined for dns-01 certificates.
 */
function describeValidation(wanted, answered) {
    if (wanted !== 'dns-persist-01')
        return undefined;
    const fellBack = Object.keys(answered).filter((name) => answered[name] === 'dns-01');
    if (fellBack.length === 0)
        return 'dns-persist-01: no DNS credential needed';
    return `dns-01 fallback for ${fellBack.join(', ')}: the CA does not offer dns-persist-01 (the DNS provider wrote the records)`;
}
/** Whether the stored certificate came from `issuer` (a manifest without a CA: the first one). */
function sameCa(issuer, manifest) {
    const recorded = manifest?.acmeDirectory;
    return recorded ? recorded === issuer.configured || recorded === issuer.directory : issuer.index === 0;
}
/** The new certificate's ARI window, for its manifest. Best effort: ARI is advice. */
async function newWindow(session, fullchainPem, log, name) {
    const url = session.directory.renewalInfo;
    if (!url)
        return undefined;
    try {
        return await (0,ari/* fetchRenewalInfo */.D9)((0,ari/* ariCertificateId */.DT)(fullchainPem), {
            transport: session.transport,
            renewalInfoUrl: url,
        });
    }
    catch (error) {
        log.warn(`${name}: no ARI window for the new certificate: ${(0,errors/* errorMessage */.g)(error)}`);
        return undefined;
    }
}
/**
 * For the plan: refreshes the stored ARI windows from the CA that issued each certificate (when
 * its directory has renewalInfo and the stored Retry-After has passed). Returns name -> window.
 * Never throws for one certificate; a CA that cannot be reached is logged and its certificates
 * keep their stored windows.
 */
async function refreshStoredAriWindows(settings, stored, log, options = {}) {
    const out = new Map([...stored].map(([name, m]) => [name, m?.ari]));
    for (const [issuer, group] of (0,acme_issuers/* byIssuer */.BR)(settings, stored, log)) {
        let session;
        try {
            session = await (0,acme_session/* openSession */.fA)(settings, log, { signal: options.signal, maxRetryAfterMs: 10_000 }, issuer);
            const url = session.directory.renewalInfo;
            if (!url)
                continue;
            const windows = await (0,ari/* refreshAriWindows */.xb)(group, {
                transport: session.transport,
                renewalInfoUrl: url,
                log,
                now: options.now,
            });
            for (const [name, window] of windows)
                out.set(name, window);
        }
        catch (error) {
            log.warn(`ARI windows from ${issuer.directory} not refreshed: ${(0,acme_errors/* toStageError */.yE)(error).message}`);
        }
        finally {
            session?.close();
        }
    }
    return out;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/config/settings.ts
var settings = __webpack_require__(54661);
// EXTERNAL MODULE: ./src/store/manifest.ts
var store_manifest = __webpack_require__(77544);
// EXTERNAL MODULE: ./src/guard/history.ts
var guard_history = __webpack_require__(46125);
;// CONCATENATED MODULE: ./src/guard/backoff.ts


const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Delay after the n-th consecutive failure (1-based). */
function backoffDelayMs(failures) {
    if (failures <= 1)
        return HOUR;
    if (failures === 2)
        return 6 * HOUR;
    return DAY;
}
/** Error text kept in the manifest: one line, short enough for a diff and the summary. */
const MAX_ERROR_LENGTH = 300;
function shortError(error) {
    const line = error.replace(/\s+/g, ' ').trim();
    return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}
function nextBackoff(previous, error, now) {
    const failures = (previous?.failures ?? 0) + 1;
    return {
        failures,
        lastError: shortError(error),
        lastAt: now.toISOString(),
        nextAttemptAt: new Date(now.getTime() + backoffDelayMs(failures)).toISOString(),
    };
}
function recordFailure(previous, args) {
    const record = {
        at: args.now.toISOString(),
        result: 'failed',
        domains: [...args.domains],
        ...(args.forced ? { forced: true } : {}),
        ...(args.ariReplacement ? { ariReplacement: true } : {}),
        error: shortError(args.error),
    };
    return {
        record,
        history: (0,guard_history/* trimHistory */.lj)([...(previous?.history ?? []), record], args.now),
        backoff: nextBackoff(previous?.backoff, args.error, args.now),
    };
}
/**
 * What to persist after a successful issuance: the history with this issuance appended, and no
 * back-off. The renew pipeline lets `sealBundle` append its own record instead; this is for callers
 * that keep the history themselves.
 */
function recordSuccess(previous, args) {
    const record = {
        at: args.now.toISOString(),
        result: 'issued',
        serial: args.serial,
        domains: [...args.domains],
        ...(args.forced ? { forced: true } : {}),
        ...(args.ariReplacement ? { ariReplacement: true } : {}),
    };
    return { record, history: trimHistory([...(previous?.history ?? []), record], args.now) };
}

// EXTERNAL MODULE: ./src/guard/state.ts
var state = __webpack_require__(1784);
// EXTERNAL MODULE: ./src/guard/state-branch.ts
var state_branch = __webpack_require__(42573);
;// CONCATENATED MODULE: ./src/guard/ledger.ts
/**
 * The guard's book for one run: it loads each due certificate's history and back-off once, records
 * the failed orders, and says which of its files to publish in each mode.
 *
 * Guard state is published with the bundles in the `commit` and `git` modes, in a commit of its own
 * when nothing was renewed: CI starts from a fresh checkout, and state left in the working tree
 * would be gone by the next run. In `pull-request` mode it goes to the state branch instead
 * (src/guard/state-branch.ts, docs/store-and-publish.md); in `none` the working tree is all that is
 * published anyway.
 */









class GuardLedger {
    run;
    dir;
    manifests;
    states;
    recorded = [];
    constructor(run, dir, manifests, states) {
        this.run = run;
        this.dir = dir;
        this.manifests = manifests;
        this.states = states;
    }
    /** Loads the guard state of every certificate the plan wants ordered. */
    static async load(run, dir, decisions, manifests) {
        const states = new Map();
        for (const decision of decisions) {
            if (decision.action === 'skip')
                continue;
            const manifest = manifests.get(decision.name);
            try {
                states.set(decision.name, await (0,state/* readGuardState */.F3)(dir, decision.name, manifest));
            }
            catch (error) {
                run.log.warn(`${decision.name}: guard state unreadable, ordering without it: ${(0,errors/* errorMessage */.g)(error)}`);
                states.set(decision.name, { history: manifest?.history ?? [] });
            }
        }
        return new GuardLedger(run, dir, manifests, states);
    }
    /** The history and back-off of a certificate the plan wanted ordered. */
    state(name) {
        return this.states.get(name);
    }
    /**
     * The manifest a success is sealed on top of: the previous one with the guard's history, and no
     * back-off, because this attempt succeeded. Undefined for a first issuance.
     */
    sealBase(name) {
        const previous = this.manifests.get(name);
        if (!previous)
            return undefined;
        return { ...previous, history: this.states.get(name)?.history ?? previous.history, backoff: undefined };
    }
    /**
     * A first issuance has no previous manifest to carry history from; its failures (from state.json,
     * which this success deletes) go into the new manifest, so the guard still counts them. History
     * and back-off are outside the key's hash binding, so re-serializing keeps the bundle valid.
     */
    withFirstFailures(bundle) {
        const failures = this.manifests.get(bundle.name) ? [] : (this.states.get(bundle.name)?.history ?? []);
        if (failures.length === 0)
            return bundle;
        const manifest = {
            ...bundle.manifest,
            history: [...failures, ...(bundle.manifest.history ?? [])].slice(-guard_history/* HISTORY_MAX */.il),
        };
        return {
            ...bundle,
            manifest,
            files: { ...bundle.files, 'certificate.json': (0,store_manifest/* serializeManifest */.MZ)(manifest) },
        };
    }
    /**
     * Remembers every failed order (history + back-off) so the next runs do not hammer the CA. Orders
     * the guard refused were never placed and count for nothing. Nothing is written in a dry run.
     */
    async recordFailures(results, decisions, warnings) {
        if (this.run.settings.dryRun)
            return;
        for (const result of results) {
            if (result.ok || result.refused || !this.states.has(result.name))
                continue;
            const decision = decisions.find((d) => d.name === result.name);
            try {
                const update = recordFailure(this.states.get(result.name), {
                    domains: decision?.domains ?? [],
                    // Kept in certificate.json / state.json and committed: no secret the error quotes.
                    error: this.run.log.redact(result.error.message),
                    forced: (0,settings/* isForced */.A)(this.run.settings, result.name),
                    now: this.run.now,
                });
                const saved = await (0,state/* saveFailure */.U)(this.dir, result.name, this.manifests.get(result.name), update);
                const next = update.backoff?.nextAttemptAt;
                this.recorded.push({ name: result.name, file: saved.file, ...(next ? { nextAttemptAt: next } : {}) });
                if (next)
                    this.run.log.info(`${result.name}: next automatic attempt not before ${next}`);
            }
            catch (error) {
                warnings.push(`${result.name}: could not record the failure for back-off: ${(0,errors/* errorMessage */.g)(error)}`);
            }
        }
    }
    /**
     * The guard state to publish: every file a failure was recorded in (changed or not: the working
     * tree may hold state an earlier run failed to publish; the publish compares with the branch), and
     * the removal of state.json for each renewed certificate (its history moved into the manifest).
     * None in none mode or a dry run; in pull-request mode they are written to the state branch here.
     */
    async filesToPublish(bundles, windows = []) {
        const { settings, log } = this.run;
        if (settings.dryRun || settings.publish === 'none')
            return [];
        if (settings.publish === 'pull-request') {
            // The guard state goes to the state branch, not into the renewal pull request.
            try {
                await (0,state_branch/* saveStateBranch */.to)(settings, this.recorded, bundles, log, undefined, windows);
            }
            catch (error) {
                log.warn(`${(0,errors/* errorMessage */.g)(error)}; the failure history and back-off stay in the working tree only, so the next run from a fresh checkout retries without back-off`);
            }
            return [];
        }
        const extras = [];
        for (const f of this.recorded) {
            const content = await (0,promises_.readFile)(f.file, 'utf8').catch(() => undefined);
            if (content !== undefined)
                extras.push({ path: (0,external_node_path_.relative)(this.dir, f.file).split(external_node_path_.sep).join('/'), content });
        }
        for (const b of bundles)
            extras.push({ path: `${b.name}/${state/* GUARD_STATE_FILE */.ro}`, content: null });
        return extras;
    }
    /** "Record failed renewal: www (next attempt after 2026-…)" for a commit holding only guard state. */
    commitMessage() {
        const failures = this.recorded;
        if (failures.length === 0)
            return undefined;
        const names = failures.map((f) => f.nextAttemptAt ? `${f.name} (next attempt after ${f.nextAttemptAt})` : f.name);
        return `Record failed renewal${failures.length > 1 ? 's' : ''}: ${names.join(', ')}`;
    }
    /** After publishing: the renewed certificates' state.json files are gone from the working tree too. */
    async clearPublished(bundles) {
        if (this.run.settings.dryRun)
            return;
        for (const b of bundles)
            await (0,state/* clearGuardState */.yA)(this.dir, b.name).catch(() => undefined);
    }
}

// EXTERNAL MODULE: ./src/plan/pending.ts
var pending = __webpack_require__(63852);
// EXTERNAL MODULE: ./src/plan/plan.ts + 3 modules
var plan_plan = __webpack_require__(17047);
// EXTERNAL MODULE: ./src/store/read.ts
var store_read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/write.ts
var write = __webpack_require__(82170);
// EXTERNAL MODULE: ./src/util/fs.ts
var fs = __webpack_require__(21917);
;// CONCATENATED MODULE: ./src/pipeline/ari-writeback.ts
/**
 * ARI windows the CA moved, written back (issue 22). renew asks the CA for the windows of every
 * stored certificate; a window whose start or end changed is stored in that certificate's
 * `certificate.json` and published with the run's bundles (commit and git modes; in none mode the
 * working tree is all that is written), so the next plan, a matrix plan included, starts from
 * what the CA said last. Only a moved window is written: the check time and Retry-After change at
 * every refresh, and writing them would make every run a commit. In pull-request mode they go to
 * the state branch instead (see storeMovedWindows). The answers were checked when
 * they were read (src/acme/ari.ts, saneWindow): a refused answer never reaches this file.
 * A certificate renewed in this run carries its new certificate's window in its new bundle.
 */






/** Whether the CA's window differs from the stored one in what a decision reads (start, end). */
function windowMoved(before, after) {
    if (!after)
        return false;
    return before?.start !== after.start || before?.end !== after.end;
}
/** "ARI window moved for www: 2026-… .. 2026-… (was …; see <url>)" */
function movedLine(m) {
    const was = m.before ? `; was ${m.before.start} .. ${m.before.end}` : '';
    const why = m.after.explanationUrl ? `; the CA explains: ${m.after.explanationUrl}` : '';
    return `ARI window moved for ${m.name}: ${m.after.start} .. ${m.after.end}${was}${why}`;
}
/**
 * Writes each moved window into the certificate.json of the working tree and returns the files
 * to publish with the bundles. The file is read again first: the guard may have recorded a
 * failure in it meanwhile, and that must not be lost. A file that now describes another
 * certificate (its ARI ID differs) is left alone. Nothing in a dry run or for `skip` names.
 */
async function writeMovedWindows(run, dir, moved, skip, warnings) {
    if (run.settings.dryRun)
        return [];
    const out = [];
    for (const m of moved) {
        if (skip.has(m.name))
            continue;
        const file = (0,store_read/* bundlePaths */.hX)(dir, m.name).manifest;
        try {
            const current = (0,store_manifest/* parseManifest */.Ng)((await (0,fs/* readFileCapped */.uh)(file, 1 << 20, 'a certificate.json')).toString('utf8'), file);
            if (current.ariCertId !== m.certId)
                continue;
            if (!windowMoved(current.ari, m.after))
                continue;
            const text = (0,store_manifest/* serializeManifest */.MZ)({ ...current, ari: m.after });
            await (0,write/* writeFileAtomic */.Z)(file, text);
            out.push({ path: (0,external_node_path_.relative)(dir, file).split(external_node_path_.sep).join('/'), content: text });
        }
        catch (error) {
            warnings.push(`${m.name}: the moved ARI window could not be stored: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    return out;
}
/**
 * renew's step: reports every moved window (report.ari, one summary line each) and stores those
 * of certificates not renewed now. In pull-request mode nothing goes into the renewal pull
 * request (a window is advice, not a change to review): the windows go to state.json on the
 * state branch with the guard state (src/guard/state-branch.ts), where the next plan reads them.
 */
async function storeMovedWindows(run, report, dir, all, bundles, decisions) {
    // A certificate whose renewal waits in the pull request is being replaced: its window is moot,
    // and a run while the pull request waits writes nothing (issue 14).
    const pending = new Set(decisions.filter((d) => d.code === 'pending-review').map((d) => d.name));
    const moved = all.filter((m) => !pending.has(m.name));
    if (moved.length === 0)
        return { files: [] };
    report.ari = moved.map((m) => ({
        name: m.name,
        ...(m.before ? { before: m.before } : {}),
        after: m.after,
    }));
    for (const m of moved)
        run.log.info(movedLine(m));
    if (run.settings.publish === 'pull-request')
        return { files: [], stateWindows: moved };
    const renewed = new Set(bundles.map((b) => b.name));
    const files = await writeMovedWindows(run, dir, moved, renewed, report.warnings);
    if (files.length === 0)
        return { files };
    const names = files.map((f) => f.path.split('/')[0]);
    return { files, message: `Record moved ARI window${names.length > 1 ? 's' : ''}: ${names.join(', ')}` };
}

// EXTERNAL MODULE: ./src/pipeline/finish.ts + 8 modules
var finish = __webpack_require__(74477);
// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
// EXTERNAL MODULE: ./src/config/schema.ts
var schema = __webpack_require__(90131);
;// CONCATENATED MODULE: ./src/guard/policy.ts
/**
 * What each CA publishes about duplicate certificates and failed validations, as numbers the guard
 * can count against. The guard only has to stay below the CA's own limit; counting conservatively
 * (a sliding window, where Let's Encrypt refills a token bucket) costs at most a day of waiting,
 * while a CA-side rate limit can block the same names for a week.
 */

const policy_HOUR = 3_600_000;
const policy_DAY = 24 * policy_HOUR;
/**
 * Let's Encrypt, https://letsencrypt.org/docs/rate-limits/ (revision of April 2025):
 * "New Certificates per Exact Set of Identifiers": 5 per 7 days (refill 1 per 34 h);
 * "Authorization Failures per Identifier per Account": 5 per hour (refill 1 per 12 min);
 * ARI renewals (orders carrying `replaces` inside the suggested window) are exempt from all limits.
 * Staging has far higher limits, but a dry run against staging should behave like production, so it
 * gets the same policy.
 */
const LETS_ENCRYPT = {
    duplicateLimit: 5,
    duplicateWindowMs: 7 * policy_DAY,
    failedValidationLimit: 5,
    failedValidationWindowMs: policy_HOUR,
    source: "Let's Encrypt rate limits, https://letsencrypt.org/docs/rate-limits/",
};
/**
 * Other CAs (ZeroSSL, Google Trust Services, Buypass, private and test CAs) publish no limits or
 * limits of the same shape (Buypass Go: 5 duplicates per week, 5 failures per hostname per hour).
 * Same duplicate limit, and fewer failed attempts per hour: retrying a broken DNS setup more than
 * three times an hour never helps.
 */
const DEFAULT_POLICY = {
    duplicateLimit: 5,
    duplicateWindowMs: 7 * policy_DAY,
    failedValidationLimit: 3,
    failedValidationWindowMs: policy_HOUR,
    source: 'certflow default for CAs without a known policy (5 duplicates per 7 days, 3 failures per hour)',
};
const LETS_ENCRYPT_HOSTS = new Set([
    new URL(schema/* DIRECTORY_NAMES */.JN.letsencrypt).host,
    new URL(schema/* DIRECTORY_NAMES */.JN['letsencrypt-staging']).host,
]);
/** The policy for a directory given by name (`letsencrypt`) or URL, as in `acme.directory`. */
function policyFor(directoryUrlOrName) {
    const known = (0,schema/* directoryByName */.IW)(directoryUrlOrName);
    const url = known ?? directoryUrlOrName;
    let host;
    try {
        host = new URL(url).host.toLowerCase();
    }
    catch {
        return DEFAULT_POLICY;
    }
    return LETS_ENCRYPT_HOSTS.has(host) ? LETS_ENCRYPT : DEFAULT_POLICY;
}

;// CONCATENATED MODULE: ./src/guard/rate-limit.ts
/**
 * The rate-limit guard: before ordering, decide from the certificate's own history whether this
 * order would run into the CA's duplicate-certificate or failed-validation limits. Pure: the caller
 * hands in the history and the clock. The back-off after failures is judged by the plan
 * (src/plan/decide.ts), not here: a certificate backing off never reaches the guard.
 */


/** Lower-case, sorted, de-duplicated: the CA compares name sets ignoring case and order. */
function nameSetKey(domains) {
    return [...new Set(domains.map((d) => d.trim().toLowerCase()))].sort().join(',');
}
const FORCE_UNSAFE_HINT = 'to order anyway, run with force-unsafe: true (CLI: --force-unsafe); the CA may then refuse the names for days';
function checkOrder(args) {
    const { manifest, domains, now, policy } = args;
    const history = manifest?.history ?? [];
    const nowMs = now.getTime();
    const key = nameSetKey(domains);
    const names = key.split(',').join(', ');
    const refusals = [];
    // Failed validations: the CA counts failures per name, so any failure that touched one of these
    // names counts, forced or not.
    const wanted = new Set(key.split(','));
    const failures = history
        .filter((r) => r.result === 'failed')
        .filter((r) => inWindow(r.at, nowMs, policy.failedValidationWindowMs))
        .filter((r) => r.domains.some((d) => wanted.has(d.trim().toLowerCase())))
        .map((r) => Date.parse(r.at))
        .sort((a, b) => a - b);
    if (failures.length >= policy.failedValidationLimit) {
        const retryMs = failures[failures.length - policy.failedValidationLimit] + policy.failedValidationWindowMs;
        refusals.push({
            allowed: false,
            code: 'failed-validations',
            reason: `${failures.length} failed attempts for ${names} in the last ${(0,duration/* formatDuration */.a3)(policy.failedValidationWindowMs)} (limit ${policy.failedValidationLimit}${sourceNote(policy)}); another failure would get these names refused by the CA`,
            hint: `fix the DNS-01 setup and wait until ${new Date(retryMs).toISOString()}, or ${FORCE_UNSAFE_HINT}`,
            retryAt: new Date(retryMs).toISOString(),
        });
    }
    // Duplicate certificates: every issuance of the exact same name set counts, forced ones and ARI
    // ones too (counting an exempt one makes the guard stricter than the CA, never looser).
    const issued = history
        .filter((r) => r.result === 'issued' && nameSetKey(r.domains) === key)
        .filter((r) => inWindow(r.at, nowMs, policy.duplicateWindowMs))
        .map((r) => Date.parse(r.at))
        .sort((a, b) => a - b);
    const duplicateExceeded = issued.length >= policy.duplicateLimit;
    if (duplicateExceeded && !args.ariReplacement) {
        const retryMs = issued[issued.length - policy.duplicateLimit] + policy.duplicateWindowMs;
        refusals.push({
            allowed: false,
            code: 'duplicate-limit',
            reason: `${issued.length} certificates for exactly ${names} were issued in the last ${(0,duration/* formatDuration */.a3)(policy.duplicateWindowMs)} (limit ${policy.duplicateLimit}${sourceNote(policy)}); one more would exceed the CA's duplicate-certificate limit`,
            hint: `wait until ${new Date(retryMs).toISOString()}, change the set of names, or ${FORCE_UNSAFE_HINT}`,
            retryAt: new Date(retryMs).toISOString(),
        });
    }
    if (refusals.length > 0) {
        if (args.forceUnsafe) {
            return {
                allowed: true,
                code: 'overridden',
                reason: `force-unsafe overrides the rate-limit guard: ${refusals.map((r) => r.reason).join('; ')}`,
            };
        }
        // The refusal that lasts longest is the one the user has to plan around.
        const latest = refusals.reduce((a, b) => ((b.retryAt ?? '') > (a.retryAt ?? '') ? b : a));
        return refusals.length === 1 ? latest : { ...latest, reason: refusals.map((r) => r.reason).join('; ') };
    }
    if (duplicateExceeded && args.ariReplacement) {
        return {
            allowed: true,
            code: 'ari-exempt',
            reason: `${issued.length} certificates for exactly ${names} in the last ${(0,duration/* formatDuration */.a3)(policy.duplicateWindowMs)}, but this order replaces one inside the CA's ARI window, which the CA exempts from the limit`,
        };
    }
    return { allowed: true };
}
/** Inside the window when younger than it: a record exactly `windowMs` old no longer counts. */
function inWindow(at, nowMs, windowMs) {
    const t = Date.parse(at);
    // A record from the future (clock skew between runners) counts: stricter, never looser.
    return !Number.isNaN(t) && nowMs - t < windowMs;
}
function sourceNote(policy) {
    return policy.source ? `, ${policy.source}` : '';
}

;// CONCATENATED MODULE: ./src/pipeline/guard.ts
/**
 * The rate-limit guard between plan and issue: refuses orders that would burn the CA's limits (see
 * src/guard/). The back-off after failures is the plan's to judge, not the guard's. Pure decisions
 * live in src/guard/; this file only hands them the ledger's history and turns refusals into data.
 */


function guardOrders(run, ledger, decisions, manifests) {
    const { settings, log, now } = run;
    const policy = policyFor((0,acme_session/* resolveDirectoryUrl */.Xy)(settings));
    const outcome = { allowed: [], refused: [] };
    for (const decision of decisions) {
        if (decision.action === 'skip')
            continue;
        const manifest = manifests.get(decision.name);
        const ari = settings.config.renewal.ari && !!manifest?.ari && Date.parse(manifest.ari.start) <= now.getTime();
        const verdict = checkOrder({
            manifest: ledger.state(decision.name),
            domains: decision.domains,
            forceUnsafe: settings.forceUnsafe,
            ariReplacement: ari,
            now,
            policy,
        });
        if (verdict.allowed) {
            if (verdict.code === 'overridden' && verdict.reason)
                log.warn(`${decision.name}: ${verdict.reason}`);
            outcome.allowed.push(decision);
            continue;
        }
        decision.code = 'rate-limited';
        outcome.refused.push({
            name: decision.name,
            ok: false,
            refused: true,
            durationMs: 0,
            error: { message: `not ordered: ${verdict.reason ?? 'rate-limit guard'}`, hint: verdict.hint },
        });
    }
    return outcome;
}

// EXTERNAL MODULE: ./node_modules/age-encryption/dist/index.js + 51 modules
var dist = __webpack_require__(81539);
// EXTERNAL MODULE: ./src/store/seal.ts
var seal = __webpack_require__(63652);
;// CONCATENATED MODULE: ./src/store/next-key.ts
/**
 * The DANE next key of a bundle (nextkey.pem.age): opened only to become the certificate's key at
 * the next rotation. Like the key itself it is bound by the manifest (SHA-256 of the file, public-key
 * SHA-256). The manifest is writable by anyone with write access, so a next key swapped on a branch
 * shows as a changed `dane.nextPublicKeySha256` (and TLSA next record) in the diff a reviewer sees;
 * a file that does not match its manifest is refused here before it is used.
 */





/** Opens `<store>/<name>/nextkey.pem.age`; throws naming the bundle and what differs. */
async function openNextKey(storeDir, name, manifest, identity) {
    const dane = manifest.dane;
    const path = (0,store_read/* bundlePaths */.hX)(storeDir, name).nextKey;
    if (!dane)
        throw new Error(`bundle ${name}: the manifest holds no dane next key`);
    const file = await (0,store_read/* readBundleFile */.zi)(path);
    if (!file)
        throw new Error(`bundle ${name}: ${path} is missing; restore it from git history`);
    if ((0,x509/* sha256Hex */.fg)(file) !== dane.nextKeySha256) {
        throw new Error(`bundle ${name}: ${path} is not the file that was sealed (its SHA-256 is ${(0,x509/* sha256Hex */.fg)(file)}, the manifest says ${dane.nextKeySha256}); restore it from git history`);
    }
    const text = file.toString('utf8');
    const decrypter = new dist/* Decrypter */.Hz();
    let privateKeyPem;
    try {
        decrypter.addIdentity(identity.trim());
        privateKeyPem = await decrypter.decrypt(dist/* armor.decode */.yE.decode(text), 'text');
    }
    catch (error) {
        throw new Error(`bundle ${name}: ${path} cannot be opened with the age identity (${(0,errors/* errorMessage */.g)(error)})`);
    }
    const publicKeySha256 = (0,seal/* publicKeySha256OfPrivateKey */.jc)(privateKeyPem, `bundle ${name} next key`);
    if (publicKeySha256 !== dane.nextPublicKeySha256) {
        throw new Error(`bundle ${name}: the next key's public-key SHA-256 is ${publicKeySha256}, but the TLSA record published ahead names ${dane.nextPublicKeySha256}; refusing to use it`);
    }
    return { privateKeyPem, encrypted: text, publicKeySha256 };
}

// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(39717);
;// CONCATENATED MODULE: ./src/pipeline/keys.ts
/**
 * Which private key each renewal uses, by the certificate's `key-policy` and `dane`:
 * - rotate (default), no dane: a fresh key made during the order (nothing to do here);
 * - reuse: the stored key, opened and checked against the stored certificate;
 * - dane: the next key sealed in the bundle becomes the key (rotate), and a fresh next key is made;
 *   with reuse the next key is carried unchanged.
 * Opening a stored key needs the age identity in the renew job: a certificate that needs it and has
 * none fails with what to do, before anything is ordered.
 */





function fail(name, message, hint) {
    // Never ordered: like a guard refusal, it adds nothing to the history or the back-off.
    return { name, ok: false, refused: true, error: { message, hint }, durationMs: 0 };
}
async function planKeys(settings, decisions, manifests, log) {
    const plans = new Map();
    const failed = [];
    for (const decision of decisions) {
        const { name } = decision;
        const cert = settings.config.certificates[name];
        if (!cert || decision.action === 'skip')
            continue;
        const reuse = cert['key-policy'] === 'reuse';
        const dane = cert.dane === true;
        if (!reuse && !dane)
            continue;
        const previous = manifests.get(name);
        const fresh = async () => {
            const privateKeyPem = await generatePrivateKey(cert.key);
            log.secret(privateKeyPem);
            return { privateKeyPem };
        };
        if (!previous) {
            // First issuance: nothing to reuse; dane starts with a next key.
            plans.set(name, dane ? { next: await fresh() } : {});
            continue;
        }
        const needsIdentity = reuse || Boolean(previous.dane);
        if (needsIdentity && !settings.ageIdentity) {
            const what = reuse ? 'key-policy: reuse' : 'dane: true';
            failed.push(fail(name, `certificates.${name}.${reuse ? 'key-policy' : 'dane'}: ${what} renews with a stored key, and the renew job has no age identity to open it`, `give the renew job the age identity (age-identity input, CERTFLOW_AGE_IDENTITY or --identity), or set ${reuse ? 'key-policy: rotate' : 'dane: false'} (see docs/ca-operations.md for what each costs)`));
            continue;
        }
        const identity = settings.ageIdentity;
        try {
            const plan = {};
            if (reuse) {
                const opened = await (0,store_open/* openBundle */.h)((0,store_read/* storeDir */.rT)(settings), name, identity);
                log.secret(opened.privateKeyPem);
                plan.key = opened.privateKeyPem;
            }
            if (dane) {
                if (previous.dane) {
                    const next = await openNextKey((0,store_read/* storeDir */.rT)(settings), name, previous, identity);
                    log.secret(next.privateKeyPem);
                    if (reuse)
                        plan.next = { encrypted: next.encrypted, publicKeySha256: next.publicKeySha256 };
                    else {
                        plan.key = next.privateKeyPem;
                        plan.next = await fresh();
                    }
                }
                else {
                    // dane just turned on: this certificate's key was never published ahead; the next one is.
                    log.warn(`${name}: dane is new for this certificate: publish the TLSA records of the summary now`);
                    plan.next = await fresh();
                }
            }
            plans.set(name, plan);
        }
        catch (error) {
            failed.push(fail(name, `${name}: cannot open the stored key for ${reuse ? 'key-policy: reuse' : 'dane'}: ${(0,errors/* errorMessage */.g)(error)}`, 'restore the bundle from git history, or set key-policy: rotate / dane: false to start from a fresh key'));
        }
    }
    return { plans, failed };
}
/** Puts each plan's next key on its issued certificate, for sealing. */
function withNextKeys(results, plans) {
    return results.map((r) => {
        const next = plans.get(r.name)?.next;
        return r.ok && next ? { ...r, certificate: { ...r.certificate, next } } : r;
    });
}

// EXTERNAL MODULE: ./src/publish/index.ts + 6 modules
var publish = __webpack_require__(63248);
;// CONCATENATED MODULE: ./src/pipeline/publish.ts


async function publishRun(run, report, bundles, decisions, ledger, ari = { files: [] }) {
    const { settings, log } = run;
    // The guard reads its files after the windows were written into them: its copy wins.
    const byPath = new Map();
    for (const f of [...ari.files, ...(await ledger.filesToPublish(bundles, ari.stateWindows))])
        byPath.set(f.path, f);
    const extraFiles = [...byPath.values()];
    const extraMessage = [ledger.commitMessage(), ari.message].filter(Boolean).join('\n') || undefined;
    if (bundles.length === 0 && extraFiles.length === 0)
        return;
    try {
        report.publish = await log.group('Publish', () => (0,publish/* publishBundles */.h)(settings, bundles, decisions, log, {
            extraFiles,
            extraMessage,
            verifyStatus: true,
        }));
        report.warnings.push(...(report.publish.warnings ?? []));
        await ledger.clearPublished(bundles);
    }
    catch (error) {
        report.errors.push({
            message: `publishing failed: ${(0,errors/* errorMessage */.g)(error)}`,
            hint: bundles.length > 0
                ? `the renewed bundles are written in ${settings.config.store.path}/ of the working tree (keys encrypted); publish them by hand (git add/commit) or rerun — a rerun does not order again while they are there`
                : `the failure history and back-off are written in ${settings.config.store.path}/ of the working tree only; commit them by hand, or the next run from a fresh checkout retries without back-off`,
        });
        log.error(`publishing failed: ${(0,errors/* errorMessage */.g)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/pipeline/read-store.ts
/** The first step of renew: every configured certificate's stored bundle, with fresh ARI windows. */





/** Reads the store; ARI windows are refreshed from the CA in memory only (the plan reads them). */
async function readStore(run, dir) {
    const { settings, log } = run;
    const names = Object.keys(settings.config.certificates);
    const states = await (0,pool/* mapLimit */.s)(names, 16, (name) => (0,store_read/* readStoredCertificate */.ZK)(dir, name));
    const stored = new Map(states.map((s) => [s.name, s]));
    const manifests = new Map(states.map((s) => [s.name, s.state === 'present' ? s.manifest : undefined]));
    const ariMoved = [];
    // Pull-request mode keeps the last windows on the state branch (loaded by renew first).
    await (0,state/* applyStateWindows */.DT)(dir, manifests);
    // A matrix shard (settings.only) asks about its own certificates: the other shards ask about
    // theirs, and each writes back only what it asked (issue 22).
    const asked = new Map([...manifests].filter(([name]) => !settings.only || settings.only.includes(name)));
    if (settings.config.renewal.ari && [...asked.values()].some(Boolean)) {
        const windows = await log.group('ARI', () => refreshStoredAriWindows(settings, asked, log, { now: run.now }));
        for (const [name, window] of windows) {
            const m = manifests.get(name);
            if (!m || !window)
                continue;
            if (m.ariCertId && windowMoved(m.ari, window)) {
                const before = m.ari ? { start: m.ari.start, end: m.ari.end } : undefined;
                ariMoved.push({ name, certId: m.ariCertId, ...(before ? { before } : {}), after: window });
            }
            m.ari = window;
        }
    }
    return { stored, manifests, ariMoved };
}

// EXTERNAL MODULE: ./src/pipeline/reseal.ts + 1 modules
var reseal = __webpack_require__(43451);
// EXTERNAL MODULE: ./src/pipeline/schedule-watch.ts
var schedule_watch = __webpack_require__(15919);
// EXTERNAL MODULE: ./src/store/recipients.ts
var recipients = __webpack_require__(71033);
;// CONCATENATED MODULE: ./src/pipeline/seal.ts



/**
 * Seals one issued certificate: the bundle, or the result turned into a failure when sealing
 * fails (key and certificate disagree): storing such a bundle would give something that can
 * never be deployed.
 */
async function sealOne(run, result, ledger) {
    if (!result.ok)
        return { result };
    const { settings, log } = run;
    log.secret(result.certificate.privateKeyPem);
    try {
        const base = ledger.sealBase(result.name);
        const bundle = await (0,seal/* sealBundle */.u2)(result.certificate, (0,recipients/* recipientsFor */.sx)(settings.config, result.name), base);
        return { result, bundle: ledger.withFirstFailures(bundle) };
    }
    catch (error) {
        const stageError = { message: (0,errors/* errorMessage */.g)(error), hint: 'the certificate was not stored' };
        log.error(`${result.name}: ${stageError.message}`);
        return { result: { name: result.name, ok: false, error: stageError, durationMs: result.durationMs } };
    }
}
/**
 * The sealed result without its private keys, which are let go (and no longer masked: nothing
 * holds them any more). What renew keeps of each certificate when it does not deploy it.
 */
function withoutKeys(result, log) {
    if (!result.ok)
        return result;
    const { next, ...certificate } = result.certificate;
    log.forget?.(certificate.privateKeyPem);
    if (next && 'privateKeyPem' in next)
        log.forget?.(next.privateKeyPem);
    // A next key already sealed (its armored file) holds no secret and stays.
    const sealedNext = next && !('privateKeyPem' in next) ? { next } : {};
    return { ...result, certificate: { ...certificate, privateKeyPem: '', ...sealedNext } };
}

;// CONCATENATED MODULE: ./src/pipeline/renew.ts
/**
 * `certflow renew` / `command: renew`: read store -> plan -> guard -> issue -> seal -> publish ->
 * (deploy) -> report. Each stage returns data; one certificate's failure never stops the others, and
 * the run fails at the end if anything failed. A certificate that was issued is sealed and written
 * before anything else can fail, so a later failure (publishing, deploying) never throws it away.
 * The guard's bookkeeping (failure history, back-off, which of its files to publish, the state
 * branch in pull-request mode) is the ledger's (src/guard/ledger.ts).
 */















async function renewCommand(settings, log, now = new Date()) {
    const run = { settings, log, now };
    const report = (0,finish/* newReport */.b)('renew', settings);
    const dir = (0,store_read/* storeDir */.rT)(settings);
    if (settings.dryRun)
        log.info('DRY RUN: ordering from the staging directory; nothing is committed, swapped or reloaded');
    // First, so a renewal that fails later still leaves the schedule running for the next try.
    report.schedule = await (0,schedule_watch/* keepScheduleEnabled */.s8)(settings, log, report.warnings);
    // Pull-request mode: the state branch's files (back-off, ARI windows) first, for the store read.
    await (0,state_branch/* loadStateBranch */.ul)(settings, log);
    const { stored, manifests, ariMoved } = await readStore(run, dir);
    const read = async (_dir, name) => stored.get(name) ?? { name, state: 'missing' };
    const plan = await log.group('Plan', () => (0,plan_plan/* planRenewals */.j)(settings, log, { now: run.now, read, stateLoaded: true }));
    report.plan = plan.decisions;
    report.warnings.push(...plan.warnings);
    for (const w of plan.warnings)
        log.warn(w);
    // A renewal waiting for review while the deployed certificate nears expiry fails the run.
    for (const e of (0,pending/* pendingEscalations */.cW)(plan.decisions)) {
        report.errors.push(e);
        log.error(e.message);
    }
    const ledger = await GuardLedger.load(run, dir, plan.decisions, manifests);
    const guard = guardOrders(run, ledger, plan.decisions, manifests);
    const results = [...guard.refused];
    const keys = await planKeys(settings, guard.allowed, manifests, log);
    results.push(...keys.failed);
    const allowed = guard.allowed.filter((d) => !keys.failed.some((f) => f.name === d.name));
    // Each certificate is sealed as soon as its order ends and, unless this run deploys it from
    // memory, its key is let go: N orders keep `concurrency` keys in memory, not N (issue 22).
    const bundles = [];
    const sealNow = async (issued) => {
        const [withNext] = withNextKeys([issued], keys.plans);
        const sealed = await sealOne(run, withNext, ledger);
        if (sealed.bundle)
            bundles.push(sealed.bundle);
        return settings.deploy ? sealed.result : withoutKeys(sealed.result, log);
    };
    if (allowed.length === 0)
        log.info('nothing is due');
    else {
        const title = `Issue ${allowed.length} certificate(s)`;
        const chosen = new Map([...keys.plans].flatMap(([n, p]) => (p.key ? [[n, p.key]] : [])));
        const issued = await log.group(title, () => issueCertificates(settings, allowed, manifests, log, { keys: chosen, onIssued: sealNow }));
        results.push(...issued);
        report.warnings.push(...fallbackNotes(issued));
        // Sealed in the order orders ended; published in the plan's order, the same on every run.
        const order = new Map(allowed.map((d, i) => [d.name, i]));
        bundles.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    }
    // Recipients that changed in the config reach the bundles not renewed now, too (no order).
    const issuedNames = new Set(bundles.map((b) => b.name));
    const resealed = settings.dryRun
        ? []
        : await (0,reseal/* resealOnRenew */.f)(settings, issuedNames, log, report.warnings, run.now);
    bundles.push(...resealed);
    const resealedNames = new Set(resealed.map((b) => b.name));
    const decisions = plan.decisions.map((d) => resealedNames.has(d.name)
        ? { ...d, reason: `re-sealed to the configured recipients, same certificate (${d.reason})` }
        : d);
    report.issued = results;
    const dane = bundles.flatMap((b) => (b.manifest.dane ? [{ name: b.name, ...b.manifest.dane.tlsa }] : []));
    if (dane.length > 0)
        report.dane = dane;
    await ledger.recordFailures(results, plan.decisions, report.warnings);
    const ari = await storeMovedWindows(run, report, dir, ariMoved, bundles, plan.decisions);
    await publishRun(run, report, bundles, decisions, ledger, ari);
    if (settings.deploy) {
        // ssh2 and the deploy stages are loaded only by runs that deploy (issue 22, start-up).
        const { deployAfterRenew } = await Promise.all(/* import() */[__webpack_require__.e(472), __webpack_require__.e(487), __webpack_require__.e(63), __webpack_require__.e(678), __webpack_require__.e(450), __webpack_require__.e(656)]).then(__webpack_require__.bind(__webpack_require__, 17656));
        const deployed = await log.group('Deploy', () => deployAfterRenew(settings, results, bundles, log));
        report.deploys.push(...deployed.deploys);
        report.errors.push(...deployed.errors);
        report.warnings.push(...deployed.warnings);
    }
    return (0,finish/* finishRun */.J)(settings, report, log);
}
/** One warning per certificate that a later CA of acme.issuers issued: which CA, and why not the earlier. */
function fallbackNotes(results) {
    return results.flatMap((r) => {
        const skipped = r.ok ? r.certificate.skippedIssuers : undefined;
        if (!r.ok || !skipped?.length)
            return [];
        const why = skipped.map((s) => `${s.where} (${s.directory}): ${s.reason}`).join('; ');
        return [
            `${r.name}: issued by ${r.certificate.acmeDirectory} after the CA before it failed on its side: ${why}`,
        ];
    });
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

/***/ 15919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nR: () => (/* binding */ watchSchedule),
/* harmony export */   s8: () => (/* binding */ keepScheduleEnabled)
/* harmony export */ });
/* unused harmony exports believedDate, judgeWorkflow */
/* harmony import */ var _publish_github_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(67426);
/* harmony import */ var _util_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(26518);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70017);



/** GitHub Actions started in 2018; a run dated before it, or after now (with some skew), is not believed. */
const EARLIEST = Date.parse('2018-01-01T00:00:00Z');
const SKEW_MS = 10 * 60_000;
/** A date from the API, or why it is not believed. Never throws, whatever was sent. */
function believedDate(value, now) {
    if (typeof value !== 'string' || value.length > 40)
        return { problem: 'no readable date' };
    const ms = Date.parse(value);
    if (!Number.isFinite(ms))
        return { problem: `an unreadable date '${value}'` };
    if (ms < EARLIEST)
        return { problem: `an impossible date ${value} (before GitHub Actions existed)` };
    if (ms > now.getTime() + SKEW_MS)
        return { problem: `a date in the future (${value})` };
    return { at: new Date(ms) };
}
/** A state as it may be quoted in a message: short, and only the characters GitHub uses. */
function quoted(state) {
    return typeof state === 'string' && /^[a-z_]{1,40}$/.test(state) ? state : 'unknown';
}
const FIX = (id) => `Enable it under Actions > ${id} > "Enable workflow" (or \`gh workflow enable ${id}\`)`;
/** The verdict on the facts: pure, so its edges are tested with a fixed clock. */
function judgeWorkflow(wf, facts, now) {
    const base = { workflow: wf.id, state: quoted(facts.state), intervalHours: wf.intervalHours };
    const fail = (message) => ({ ...base, ok: false, message });
    if (facts.state === 'disabled_inactivity') {
        return fail(`GitHub disabled the renew workflow ${wf.id} for inactivity (no repository activity for 60 days): scheduled renewals have stopped. ${FIX(wf.id)}; a renew run with \`actions: write\` keeps it on from then on.`);
    }
    if (facts.state === 'disabled_manually') {
        return fail(`The renew workflow ${wf.id} was disabled by hand: scheduled renewals have stopped. ${FIX(wf.id)}.`);
    }
    if (facts.state !== 'active') {
        return fail(`The renew workflow ${wf.id} is not active (state ${quoted(facts.state)}): scheduled renewals do not run. Check it under Actions.`);
    }
    const hours = wf.intervalHours;
    const window = hours === undefined ? undefined : 2 * hours * 3_600_000;
    const every = hours === undefined
        ? ''
        : `its schedule runs every ${(0,_util_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(hours * 3_600_000)} (${wf.intervalSource})`;
    const run = facts.lastRun;
    if (run) {
        if (run.conclusion !== 'success') {
            return fail(`the API answered with a run of ${wf.id} that did not succeed (conclusion ${quoted(run.conclusion)}) when asked for successful ones: its last success is unknown`);
        }
        const finished = believedDate(run.updatedAt ?? run.createdAt, now);
        if (!finished.at) {
            return fail(`the last successful run of ${wf.id} carries ${finished.problem}: its last success is unknown`);
        }
        const age = now.getTime() - finished.at.getTime();
        const lastSuccessAt = finished.at.toISOString();
        if (window === undefined) {
            return {
                ...base,
                lastSuccessAt,
                ok: true,
                message: `${wf.id} is active and last succeeded ${(0,_util_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(age)} ago; its schedule interval is unknown (give schedule-interval), so its age was not judged`,
            };
        }
        if (age > window) {
            return {
                ...fail(`the renew workflow ${wf.id} last succeeded ${(0,_util_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(age)} ago (${lastSuccessAt}), more than twice its interval: ${every}. Look at its recent runs: renewals are not happening.`),
                lastSuccessAt,
            };
        }
        return {
            ...base,
            lastSuccessAt,
            ok: true,
            message: `${wf.id} is active and last succeeded ${(0,_util_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(age)} ago; ${every}`,
        };
    }
    // No successful run at all: fine only while the workflow is younger than the window.
    const created = believedDate(facts.createdAt, now);
    if (window !== undefined && created.at && now.getTime() - created.at.getTime() <= window) {
        return { ...base, ok: true, message: `${wf.id} is active and new (no successful run yet); ${every}` };
    }
    if (window === undefined) {
        return {
            ...base,
            ok: true,
            message: `${wf.id} is active; it has no successful run and its schedule interval is unknown (give schedule-interval)`,
        };
    }
    return fail(`the renew workflow ${wf.id} has never succeeded, and ${every}. Look at its runs.`);
}
async function readFacts(client, settings, wf) {
    const gh = settings.github;
    // Octokit percent-encodes path parameters; the id was also limited to a file name or a number.
    const workflow = await client.rest.actions.getWorkflow({
        owner: gh.owner,
        repo: gh.repo,
        workflow_id: wf.id,
    });
    const runs = await client.rest.actions.listWorkflowRuns({
        owner: gh.owner,
        repo: gh.repo,
        workflow_id: wf.id,
        status: 'success',
        per_page: 1,
    });
    const list = runs.data.workflow_runs;
    const first = Array.isArray(list) ? list[0] : undefined;
    const data = workflow.data;
    return {
        state: data?.state,
        createdAt: data?.created_at,
        lastRun: first && typeof first === 'object'
            ? { conclusion: first.conclusion, updatedAt: first.updated_at, createdAt: first.created_at }
            : undefined,
    };
}
/** Why the API could not be read, with the permission or input to fix. */
function readProblem(error, wf, gh) {
    const status = (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(error);
    if (status === 404) {
        return `the renew workflow ${wf.id} was not found in ${gh.owner}/${gh.repo} (404): check the renew-workflow input (the file name in .github/workflows)`;
    }
    if (status === 403 || status === 401) {
        return `GitHub refused to show the renew workflow ${wf.id} (${status}): the token needs \`actions: read\` (add it to the job's permissions)`;
    }
    return `could not read the renew workflow ${wf.id} from GitHub: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .g)(error).slice(0, 300)}`;
}
/** check: the verdict on the renew workflow (never throws: an unreadable API is a failed check). */
async function watchSchedule(settings, log, now, client) {
    const wf = settings.renewWorkflow;
    if (!wf)
        return undefined;
    const gh = settings.github;
    if (!gh) {
        return {
            workflow: wf.id,
            ok: false,
            message: `renew-workflow ${wf.id} is set, but there is no GitHub token and repository to read it with`,
        };
    }
    let verdict;
    try {
        verdict = judgeWorkflow(wf, await readFacts(client ?? (await (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_0__/* .createGitHubClient */ .LX)(gh, log)), settings, wf), now);
    }
    catch (error) {
        verdict = {
            workflow: wf.id,
            intervalHours: wf.intervalHours,
            ok: false,
            message: readProblem(error, wf, gh),
        };
    }
    if (verdict.ok)
        log.info(`schedule: ${verdict.message}`);
    else
        log.error(`schedule: ${verdict.message}`);
    return verdict;
}
/**
 * renew: turn the workflow back on when GitHub disabled it for inactivity. One disabled by hand is
 * left alone (a person chose that) with a warning. Never throws and never fails the run: a token
 * without `actions: write` gets a warning that says so, and the renewal goes on.
 */
async function keepScheduleEnabled(settings, log, warnings, client) {
    const wf = settings.renewWorkflow;
    const gh = settings.github;
    if (!wf || !gh)
        return undefined;
    const api = client ?? (await (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_0__/* .createGitHubClient */ .LX)(gh, log));
    let state;
    try {
        const { data } = await api.rest.actions.getWorkflow({
            owner: gh.owner,
            repo: gh.repo,
            workflow_id: wf.id,
        });
        state = data?.state;
    }
    catch (error) {
        log.debug(`renew workflow ${wf.id}: state not read: ${readProblem(error, wf, gh)}`);
        return undefined;
    }
    const watch = {
        workflow: wf.id,
        state: quoted(state),
        ok: true,
        message: `${wf.id} is ${quoted(state)}`,
    };
    if (state === 'disabled_manually') {
        watch.message = `the renew workflow ${wf.id} is disabled by hand, so its schedule does not run; it was left disabled. ${FIX(wf.id)} if that was not meant.`;
        warnings.push(watch.message);
        return watch;
    }
    if (state !== 'disabled_inactivity')
        return watch;
    if (settings.dryRun) {
        watch.message = `dry run: the renew workflow ${wf.id} is disabled for inactivity; a real run would enable it again`;
        warnings.push(watch.message);
        return watch;
    }
    try {
        await api.rest.actions.enableWorkflow({ owner: gh.owner, repo: gh.repo, workflow_id: wf.id });
        watch.state = 'active';
        watch.reenabled = 'enabled';
        watch.message = `GitHub had disabled the renew workflow ${wf.id} for inactivity; this run enabled it again, so its schedule runs once more`;
        log.info(watch.message);
    }
    catch (error) {
        const status = (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(error);
        watch.reenabled = status === 403 || status === 401 ? 'refused' : 'failed';
        watch.message =
            watch.reenabled === 'refused'
                ? `the renew workflow ${wf.id} is disabled for inactivity and could not be enabled again (${status}): the token lacks the \`actions: write\` permission. Add \`actions: write\` to the renew job's permissions, or ${FIX(wf.id).replace(/^Enable/, 'enable')}`
                : `the renew workflow ${wf.id} is disabled for inactivity and could not be enabled again: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .g)(error).slice(0, 300)}. ${FIX(wf.id)}`;
        warnings.push(watch.message);
        log.warn(watch.message);
    }
    return watch;
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

/***/ 75255:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K2: () => (/* binding */ sequence),
/* harmony export */   Pv: () => (/* binding */ nullValue),
/* harmony export */   gH: () => (/* binding */ utf16be),
/* harmony export */   hZ: () => (/* binding */ set),
/* harmony export */   jq: () => (/* binding */ oid),
/* harmony export */   nb: () => (/* binding */ bmpString),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   pc: () => (/* binding */ explicit),
/* harmony export */   t: () => (/* binding */ tlv),
/* harmony export */   tu: () => (/* binding */ octets)
/* harmony export */ });
/**
 * The few DER encodings a PKCS#12 file needs (ITU-T X.690). Encode only, a handful of lines; the
 * one thing certflow reads as DER itself, a stored leaf certificate, goes through the strict
 * reader in der-read.ts, and everything else is left to Node's crypto and to openssl.
 */
function lengthBytes(length) {
    if (length < 0x80)
        return Buffer.from([length]);
    const bytes = [];
    for (let n = length; n > 0; n = Math.floor(n / 256))
        bytes.unshift(n & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag, content) {
    return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}
const sequence = (...items) => tlv(0x30, Buffer.concat(items));
/** SET OF: DER sorts the encoded members. */
const set = (...items) => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
const octets = (data) => tlv(0x04, data);
const nullValue = () => Buffer.from([0x05, 0x00]);
/** [n] EXPLICIT, constructed. */
const explicit = (n, content) => tlv(0xa0 | n, content);
function integer(value) {
    if (!Number.isSafeInteger(value) || value < 0)
        throw new Error(`DER integer out of range: ${value}`);
    const bytes = [];
    for (let n = value; n > 0; n = Math.floor(n / 256))
        bytes.unshift(n & 0xff);
    if (bytes.length === 0 || bytes[0] & 0x80)
        bytes.unshift(0);
    return tlv(0x02, Buffer.from(bytes));
}
function oid(dotted) {
    const parts = dotted.split('.').map(Number);
    const [a, b, ...rest] = parts;
    if (a === undefined || b === undefined)
        throw new Error(`bad OID ${dotted}`);
    const out = [a * 40 + b];
    for (const part of rest) {
        const group = [part & 0x7f];
        for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128))
            group.unshift(0x80 | (n & 0x7f));
        out.push(...group);
    }
    return tlv(0x06, Buffer.from(out));
}
/** UTF-16 big-endian, the character encoding of BMPString and of PKCS#12 passwords. */
function utf16be(text) {
    const bytes = Buffer.from(text, 'utf16le');
    for (let i = 0; i + 1 < bytes.length; i += 2) {
        const low = bytes[i];
        bytes[i] = bytes[i + 1];
        bytes[i + 1] = low;
    }
    return bytes;
}
/** BMPString, what PKCS#12 friendly names are. */
const bmpString = (text) => tlv(0x1e, utf16be(text));


/***/ })

};
;