"use strict";
exports.id = 176;
exports.ids = [176];
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

/***/ 82276:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planCommand: () => (/* binding */ planCommand),
  planHandler: () => (/* binding */ planHandler)
});

// EXTERNAL MODULE: ./src/persist/config.ts
var config = __webpack_require__(92980);
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
    // dns-persist-01 records are looked up only when a certificate uses them: the lookup opens the CA
    // directory (acme-client), which a plan of dns-01 certificates never loads (issue 22, start-up).
    if ((0,config/* persistCertificates */.Jz)(settings.config, settings.only).length > 0) {
        const { persistPlanWarnings } = await Promise.all(/* import() */[__webpack_require__.e(907), __webpack_require__.e(613), __webpack_require__.e(903)]).then(__webpack_require__.bind(__webpack_require__, 82903));
        result.warnings.push(...(await persistPlanWarnings(settings, log, now)));
    }
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