"use strict";
exports.id = 98;
exports.ids = [98];
exports.modules = {

/***/ 98236:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planCommand: () => (/* binding */ planCommand),
  planHandler: () => (/* binding */ planHandler)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
// EXTERNAL MODULE: ./src/acme/session.ts
var acme_session = __webpack_require__(99946);
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
// EXTERNAL MODULE: ./src/persist/want.ts
var want = __webpack_require__(35336);
;// CONCATENATED MODULE: ./src/persist/plan-warnings.ts
/**
 * What `plan` says about dns-persist-01 records: one warning line per record that is missing or
 * wrong, so a reviewer sees it before renew fails on it. Cheap and bounded (one directory fetch,
 * at most one account lookup, a few TXT queries in parallel with short timeouts), and never fatal:
 * a lookup that fails is a warning too. plan holds no secret in a split setup; without the account
 * key the records are still checked for issuer, wildcard policy and persistUntil.
 */









const isPem = (v) => v.includes('-----BEGIN');
async function persistPlanWarnings(settings, log, now = new Date()) {
    const names = (0,config/* persistCertificates */.Jz)(settings.config, settings.only);
    if (names.length === 0)
        return [];
    // dns-persist-01 records name the account at the first CA (acme.issuers: its first entry).
    const first = (0,issuers/* primaryIssuer */.Cl)(settings);
    const key = first.accountKey;
    const haveKey = isPem(key);
    // Without the account key (plan's job may hold none), a throwaway key only reads the directory:
    // no request is signed with it.
    const sessionKey = haveKey
        ? key
        : (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString();
    const signal = AbortSignal.timeout(20_000);
    try {
        const session = await (0,acme_session/* openSession */.fA)(settings, log, { maxRetryAfterMs: 5000, signal }, { ...first, accountKey: sessionKey });
        let account;
        const warnings = [];
        let ca;
        try {
            ca = (0,identity/* caFacts */.Gy)(session);
            const url = haveKey ? await (0,identity/* existingAccountUrl */.UL)(session) : undefined;
            if (haveKey && !url) {
                warnings.push(`dns-persist-01: no ACME account exists for acme.account-key at ${session.directoryUrl}; renew would register a new one, which no _validation-persist record names yet: restore the old account key, or let renew register the account and publish new records (certflow persist-record)`);
            }
            if (url)
                account = (0,identity/* accountOf */.XP)(url, key);
        }
        finally {
            session.close();
        }
        // Without the account, the records are built with a placeholder and judged for any account.
        const records = (0,want/* wantedRecords */.I)(settings.config, names, ca, account ?? { url: 'about:unknown', thumbprint: '' });
        const verdicts = await (0,pool/* mapLimit */.s)(records, 8, (rec) => (0,check/* checkRecord */.EQ)({ ...rec, accepted: account ? rec.accepted : undefined }, {
            resolvers: (0,config/* persistResolvers */.yj)(settings.config, rec.certificates[0]),
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
        return [`dns-persist-01 records not checked: ${(0,errors/* errorMessage */.g)(error)}`];
    }
}

;// CONCATENATED MODULE: ./src/plan/challenge-notes.ts
function challengeNotes(settings, decisions) {
    const notes = [];
    for (const d of decisions) {
        const cert = settings.config.certificates[d.name];
        if (d.action === 'skip' || cert?.challenge !== 'dns-persist-01')
            continue;
        notes.push(cert.fallback === 'dns-01'
            ? `${d.name}: dns-persist-01: no DNS credential needed while the CA offers it (fallback: dns-01 uses dns.${cert.dns})`
            : `${d.name}: dns-persist-01: no DNS credential needed`);
    }
    return notes;
}

// EXTERNAL MODULE: ./src/plan/plan.ts + 3 modules
var plan = __webpack_require__(17047);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
;// CONCATENATED MODULE: ./src/plan/render.ts
/** The plan as a terminal table and as markdown for the job summary: pure renders of the data. */

const DAY_MS = 86_400_000;
/** "2025-03-01 14:00 UTC (in 12 days)"; "" when absent. */
function when(isoTime, now) {
    if (!isoTime)
        return '';
    const ms = Date.parse(isoTime);
    if (!Number.isFinite(ms))
        return isoTime;
    const date = new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
    return `${date} UTC (${relative(ms - now.getTime())})`;
}
function relative(deltaMs) {
    const abs = Math.abs(deltaMs);
    const amount = abs < 60_000
        ? 'now'
        : abs < 2 * 3_600_000
            ? `${Math.round(abs / 60_000)} min`
            : abs < 2 * DAY_MS
                ? `${Math.round(abs / 3_600_000)} h`
                : `${Math.round(abs / DAY_MS)} days`;
    if (amount === 'now')
        return 'now';
    return deltaMs >= 0 ? `in ${amount}` : `${amount} ago`;
}
/** What the State column says: the action, or why nothing happens. */
function stateOf(d) {
    if (d.action !== 'skip')
        return d.action;
    if (d.code === 'pending-review')
        return d.pending?.urgent ? 'pending (urgent)' : 'pending';
    return d.code === 'backoff' ? 'backoff' : 'ok';
}
const HEADERS = ['Certificate', 'State', 'Expires', 'Due', 'Reason'];
function rows(decisions, now) {
    return decisions.map((d) => [d.name, stateOf(d), when(d.expiresAt, now), when(d.dueAt, now), d.reason]);
}
function renderPlanText(result, now) {
    const table = [HEADERS, ...rows(result.decisions, now)];
    const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    const line = (r) => r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    const due = result.decisions.filter((d) => d.action !== 'skip').length;
    const out = [line(table[0] ?? []), ...table.slice(1).map(line), ''];
    out.push(result.decisions.length === 0
        ? 'No certificates configured.'
        : `${due} of ${result.decisions.length} certificate${result.decisions.length === 1 ? '' : 's'} due.`);
    for (const w of result.warnings)
        out.push(`warning: ${w}`);
    return `${out.join('\n')}\n`;
}
function renderPlanMarkdown(result, now) {
    const due = result.decisions.filter((d) => d.action !== 'skip').length;
    const out = [
        '## certflow plan',
        '',
        `${due} of ${result.decisions.length} certificate${result.decisions.length === 1 ? '' : 's'} due.`,
        '',
        `| ${HEADERS.join(' | ')} |`,
        `|${HEADERS.map(() => ' --- ').join('|')}|`,
        ...rows(result.decisions, now).map((r) => `| ${r.map(report_escape.md).join(' | ')} |`),
    ];
    if (result.warnings.length > 0) {
        out.push('', '### Warnings', '', ...result.warnings.map((w) => `- ${(0,report_escape.md)(w)}`));
    }
    return `${out.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/plan/shards.ts
var shards = __webpack_require__(30374);
;// CONCATENATED MODULE: ./src/commands/plan.ts





async function planCommand(settings, log, now = new Date()) {
    const startedAt = now.toISOString();
    const result = await (0,plan/* planRenewals */.j)(settings, log, { now, refreshAri: true });
    // issue 23: records the dns-persist-01 certificates rely on, missing or wrong, show up here first.
    result.warnings.push(...(await persistPlanWarnings(settings, log, now)));
    for (const warning of result.warnings)
        log.warn(warning);
    const notes = challengeNotes(settings, result.decisions);
    const due = (0,plan/* dueMatrix */.a)(result.decisions);
    // issue 22: groups of names instead of one job per certificate (GitHub allows 256 jobs).
    const matrix = settings.shards ? { shard: (0,shards/* shardNames */.b)(due.certificate, settings.shards) } : due;
    const report = {
        command: 'plan',
        dryRun: settings.dryRun,
        startedAt,
        finishedAt: new Date().toISOString(),
        plan: result.decisions,
        issued: [],
        deploys: [],
        errors: [],
        warnings: result.warnings,
    };
    return {
        ok: true,
        report,
        outputs: {
            plan: JSON.stringify(result.decisions),
            matrix: JSON.stringify(matrix),
            'due-count': String(due.certificate.length),
        },
        summary: renderPlanMarkdown(result, now) + notes.map((n) => `\n- ${n}`).join(''),
        text: renderPlanText(result, now) + notes.map((n) => `${n}\n`).join(''),
        json: { plan: result.decisions, matrix, warnings: result.warnings },
    };
}
const planHandler = (settings, log) => planCommand(settings, log);


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
    let servers;
    let rd = true;
    if (opts.resolvers)
        servers = opts.resolvers;
    else {
        servers = await (0,_dns_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .authoritativeServers */ ._O)(await (0,_dns_resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .findZone */ ._S)(target, ctx), ctx);
        rd = false;
    }
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

/***/ 40172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ak: () => (/* binding */ gitBlobSha),
/* harmony export */   cU: () => (/* binding */ storePathInRepo),
/* harmony export */   e6: () => (/* binding */ bundleFiles),
/* harmony export */   yd: () => (/* binding */ extraChanges)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36233);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/** The files a publish puts in the repository, with paths as git sees them. */




/** The store folder relative to the repository root, e.g. `certificates` or `.github/certificates`. */
function storePathInRepo(settings) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(settings.workspace, (0,_store_read_js__WEBPACK_IMPORTED_MODULE_2__/* .storeDir */ .rT)(settings)).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
    if (rel === '' || rel.startsWith('..') || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e(`store.path "${settings.config.store.path}" must be a folder inside the repository (${settings.workspace}) to be published`, [{ path: 'store.path', message: 'must be inside the repository', file: settings.configPath }]);
    }
    return rel;
}
function bundleFiles(settings, bundles) {
    const base = storePathInRepo(settings);
    return bundles.flatMap((bundle) => Object.entries(bundle.files).map(([file, content]) => ({
        path: `${base}/${bundle.name}/${file}`,
        content,
        bundle: bundle.name,
    })));
}
/**
 * Extra files as repository paths. A path that would leave the store (absolute, `..`) is refused:
 * the publish commits the store and nothing else.
 */
function extraChanges(settings, extras) {
    const base = storePathInRepo(settings);
    return extras.map((extra) => {
        const rel = extra.path.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
        if (rel === '' || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(rel) || rel.split('/').some((s) => s === '..' || s === '' || s === '.')) {
            throw new Error(`publish: extra file "${extra.path}" must be a plain path inside the store (like www/state.json); this is a bug in the caller`);
        }
        return { path: `${base}/${rel}`, content: extra.content, bundle: rel.split('/')[0] ?? rel };
    });
}
/** The SHA git gives a blob with this content: lets us tell "unchanged" without uploading anything. */
function gitBlobSha(content) {
    const bytes = Buffer.from(content, 'utf8');
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
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


/***/ }),

/***/ 40704:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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


/***/ }),

/***/ 32726:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $O: () => (/* binding */ leafDerSha256),
/* harmony export */   fg: () => (/* binding */ sha256Hex),
/* harmony export */   hB: () => (/* binding */ parseCertificate),
/* harmony export */   kt: () => (/* binding */ leafFacts),
/* harmony export */   lF: () => (/* binding */ certificateFacts),
/* harmony export */   mU: () => (/* binding */ splitPemChain)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/** Certificate facts every stage needs, read with Node's own X509Certificate. */

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
/**
 * Splits a PEM chain into its certificates, in order. One pass with indexOf, never a lazy regex:
 * a chain comes from the store (anyone with write access), and a regex that rescans to the end
 * for every BEGIN without an END is quadratic (2 s on 512 KiB).
 */
function splitPemChain(pem) {
    const blocks = [];
    let from = 0;
    for (;;) {
        const begin = pem.indexOf(BEGIN, from);
        if (begin < 0)
            break;
        const end = pem.indexOf(END, begin + BEGIN.length);
        // No END after this BEGIN means none after any later BEGIN either: done.
        if (end < 0)
            break;
        blocks.push(`${pem.slice(begin, end + END.length)}\n`);
        from = end + END.length;
    }
    return blocks;
}
function oneLine(dn) {
    return dn
        .split('\n')
        .filter((part) => part.length > 0)
        .reverse()
        .join(', ');
}
/**
 * Recently parsed certificates and their facts, by their exact PEM text. A plan over 10,000 bundles
 * parsed each leaf three times (read, verify, facts) and the one intermediate they share 10,000
 * times: parsing was half of its time (issue 22). The key is the whole input, so a hit is the same
 * certificate by construction. Bounded, first in first out, so a large store never grows it.
 */
const PARSED_MAX = 512;
const parsed = new Map();
function parsedEntry(pem) {
    let entry = parsed.get(pem);
    if (!entry) {
        entry = { cert: new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(pem) };
        if (parsed.size >= PARSED_MAX)
            parsed.delete(parsed.keys().next().value);
        parsed.set(pem, entry);
    }
    return entry;
}
/** A certificate from PEM text, parsed once while it is among the recently seen ones. */
function parseCertificate(pem) {
    return parsedEntry(pem).cert;
}
function certificateFacts(pemOrDer) {
    if (typeof pemOrDer !== 'string')
        return factsOf(new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(pemOrDer));
    const entry = parsedEntry(pemOrDer);
    entry.facts ??= factsOf(entry.cert);
    // A copy: callers own what they get (a shared Date or array changed by one would change all).
    const f = entry.facts;
    return { ...f, notBefore: new Date(f.notBefore), notAfter: new Date(f.notAfter), names: [...f.names] };
}
function factsOf(cert) {
    const der = cert.raw;
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    const names = (cert.subjectAltName ?? '')
        .split(', ')
        .filter((entry) => entry.startsWith('DNS:'))
        .map((entry) => entry.slice(4));
    return {
        serial: cert.serialNumber.toLowerCase(),
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        issuer: oneLine(cert.issuer),
        subject: oneLine(cert.subject),
        names,
        sha256: sha256Hex(der),
        publicKeySha256: sha256Hex(spki),
        authorityKeyId: authorityKeyId(der),
        der,
    };
}
/**
 * SHA-256 of the leaf's DER, from the PEM text alone: what the store read compares with the
 * manifest, without parsing (the bundle verifier parses and checks the certificate itself).
 */
function leafDerSha256(fullchainPem) {
    const [leaf] = splitPemChain(fullchainPem);
    const body = leaf?.slice(BEGIN.length, leaf.lastIndexOf(END)).replace(/\s+/g, '') ?? '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body))
        throw new Error('no PEM certificate found');
    return sha256Hex(Buffer.from(body, 'base64'));
}
/** Facts of the leaf, the first certificate of a PEM chain. */
function leafFacts(fullchainPem) {
    const [leaf] = splitPemChain(fullchainPem);
    if (!leaf)
        throw new Error('no PEM certificate found');
    return certificateFacts(leaf);
}
function sha256Hex(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
// OID 2.5.29.35 (authorityKeyIdentifier) in DER, followed by the extension's OCTET STRING.
const AKI_OID = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x23]);
/**
 * Reads keyIdentifier [0] from the authorityKeyIdentifier extension. Node does not expose it, and a
 * DER walk this small is clearer than pulling in an ASN.1 library for one field.
 */
function authorityKeyId(der) {
    const at = der.indexOf(AKI_OID);
    if (at < 0)
        return undefined;
    let i = at + AKI_OID.length;
    if (der[i] === 0x01)
        i += 3; // critical BOOLEAN
    if (der[i] !== 0x04)
        return undefined; // OCTET STRING wrapping the extension value
    i += 1 + lengthBytes(der, i + 1);
    if (der[i] !== 0x30)
        return undefined; // SEQUENCE
    i += 1 + lengthBytes(der, i + 1);
    if (der[i] !== 0x80)
        return undefined; // [0] keyIdentifier
    const len = readLength(der, i + 1);
    const start = i + 1 + lengthBytes(der, i + 1);
    return der.subarray(start, start + len).toString('hex');
}
function lengthBytes(der, at) {
    const first = der[at] ?? 0;
    return first < 0x80 ? 1 : 1 + (first & 0x7f);
}
function readLength(der, at) {
    const first = der[at] ?? 0;
    if (first < 0x80)
        return first;
    let len = 0;
    for (let k = 1; k <= (first & 0x7f); k++)
        len = len * 256 + (der[at + k] ?? 0);
    return len;
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