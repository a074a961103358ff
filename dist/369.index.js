"use strict";
exports.id = 369;
exports.ids = [369];
exports.modules = {

/***/ 25369:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyCommand: () => (/* binding */ verifyCommand),
  verifyHandler: () => (/* binding */ verifyHandler)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/trust.ts
var store_trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/verify-stored.ts
var verify_stored = __webpack_require__(57954);
// EXTERNAL MODULE: ./src/util/git.ts
var git = __webpack_require__(13968);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
;// CONCATENATED MODULE: ./src/verify/compare.ts

/** The view of a bundle's chain, or undefined when it does not parse (the verifier says why). */
function leafView(fullchainPem, manifest) {
    try {
        const facts = (0,x509/* leafFacts */.kt)(fullchainPem);
        return {
            serial: facts.serial,
            names: [...facts.names].sort(),
            issuer: facts.issuer,
            keyType: facts.keyType,
            notBefore: facts.notBefore.toISOString(),
            notAfter: facts.notAfter.toISOString(),
            publicKeySha256: facts.publicKeySha256,
            ...(manifest?.replaces ? { replaces: manifest.replaces } : {}),
        };
    }
    catch {
        return undefined;
    }
}
function compareCertificate(name, before, after) {
    const old = new Set(before?.names ?? []);
    const now = new Set(after?.names ?? []);
    return {
        name,
        kind: !before ? 'added' : !after ? 'removed' : 'changed',
        before,
        after,
        namesAdded: [...now].filter((n) => !old.has(n)),
        namesRemoved: [...old].filter((n) => !now.has(n)),
        replacesOld: Boolean(before && after?.replaces && after.replaces === before.serial),
        newKey: Boolean(before && after && before.publicKeySha256 !== after.publicKeySha256),
    };
}
/**
 * The config fields that decide where keys go, what is trusted and what runs on hosts. A change to
 * any of them in a pull request can hand keys or hosts to someone else, so each is flagged.
 */
const TARGET_FIELDS = [
    'type',
    'hosts',
    'user',
    'validate',
    'reload',
    'files',
    'command',
    'known-hosts',
    'needs-key',
    'recipients',
];
const DNS_FIELDS = ['type', 'server', 'api-url', 'endpoint', 'command', 'resolvers'];
const obj = (v) => v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const show = (v) => (v === undefined ? '(none)' : JSON.stringify(v));
/** Flags for the sensitive fields that differ between two raw (unresolved) configs. */
function configFlags(file, before, after) {
    const flags = [];
    const flag = (path, a, b) => {
        if (!same(a, b))
            flags.push({ kind: 'config', file, message: `${path} changed: ${show(a)} -> ${show(b)}` });
    };
    const o = obj(before) ?? {};
    const n = obj(after) ?? {};
    flag('store.recipients', obj(o.store)?.recipients, obj(n.store)?.recipients);
    flag('store.trust', obj(o.store)?.trust, obj(n.store)?.trust);
    flag('store.path', obj(o.store)?.path, obj(n.store)?.path);
    flag('acme.directory', obj(o.acme)?.directory, obj(n.acme)?.directory);
    flag('acme.trust', obj(o.acme)?.trust, obj(n.acme)?.trust);
    // Which CAs may issue, and in what order (acme.issuers): a CA added here can be handed orders.
    const cas = (acme) => Array.isArray(acme?.issuers) ? acme.issuers.map((i) => obj(i)?.directory) : undefined;
    flag('acme.issuers', cas(obj(o.acme)), cas(obj(n.acme)));
    for (const [section, fields] of [
        ['targets', TARGET_FIELDS],
        ['dns', DNS_FIELDS],
    ]) {
        const a = obj(o[section]) ?? {};
        const b = obj(n[section]) ?? {};
        for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
            if (!(name in a) || !(name in b)) {
                flag(`${section}.${name}`, a[name] === undefined ? undefined : '(defined)', b[name] === undefined ? undefined : '(defined)');
                continue;
            }
            for (const field of fields)
                flag(`${section}.${name}.${field}`, obj(a[name])?.[field], obj(b[name])?.[field]);
        }
    }
    // Who a certificate's key is sealed to: its own recipients, and which targets (whose
    // recipients it inherits) it goes to. A write-access change here hands a key to someone else.
    const oc = obj(o.certificates) ?? {};
    const nc = obj(n.certificates) ?? {};
    for (const name of [...new Set([...Object.keys(oc), ...Object.keys(nc)])].sort()) {
        flag(`certificates.${name}.recipients`, obj(oc[name])?.recipients, obj(nc[name])?.recipients);
        if (name in oc && name in nc)
            flag(`certificates.${name}.targets`, obj(oc[name])?.targets, obj(nc[name])?.targets);
    }
    // Hooks that run commands: exec targets and exec DNS providers are covered above by `command`.
    return flags;
}
/** A flag when a bundle's key is now sealed to other recipients than at the base (as the manifests say). */
function recipientsFlag(file, name, before, after) {
    if (!before || !after)
        return undefined;
    const had = new Set(before);
    const has = new Set(after);
    const added = [...has].filter((r) => !had.has(r));
    const removed = [...had].filter((r) => !has.has(r));
    if (added.length + removed.length === 0)
        return undefined;
    const parts = [
        added.length > 0 ? `now also opened by ${added.join(', ')}` : '',
        removed.length > 0 ? `no longer sealed to ${removed.join(', ')}` : '',
    ].filter(Boolean);
    return { kind: 'file', file, message: `bundle ${name}: recipients changed: ${parts.join('; ')}` };
}

// EXTERNAL MODULE: ./src/store/tlsa.ts
var tlsa = __webpack_require__(79389);
;// CONCATENATED MODULE: ./src/verify/dane.ts

const HEX64 = /^[0-9a-f]{64}$/;
/**
 * One side from a leaf view and a manifest that may be loosely parsed (the base's is read as plain
 * JSON): a next key that is not a SHA-256 in hex counts as none, so a garbled field is never echoed.
 */
function daneSide(publicKeySha256, manifest) {
    const dane = manifest?.dane;
    const next = dane?.nextPublicKeySha256;
    return {
        publicKeySha256,
        ...(typeof next === 'string' && HEX64.test(next) ? { dane: { nextPublicKeySha256: next } } : {}),
    };
}
/**
 * A flag when the next key (the TLSA record published ahead) differs between base and head, or
 * when the current key changed to one that was not the pre-published next key. Undefined when
 * nothing about DANE changed.
 */
function daneFlag(file, name, before, after) {
    const oldNext = before.dane?.nextPublicKeySha256;
    const newNext = after.dane?.nextPublicKeySha256;
    const keyChanged = Boolean(before.publicKeySha256 && after.publicKeySha256 && before.publicKeySha256 !== after.publicKeySha256);
    // The rotation DANE plans for: the key published ahead as "next" is now the certificate's key.
    const asPlanned = Boolean(oldNext && keyChanged && after.publicKeySha256 === oldNext);
    const parts = [];
    if (oldNext && keyChanged && !asPlanned) {
        parts.push(`the current key changed to one that is not the pre-published next key (${(0,tlsa/* tlsa311 */.c)(oldNext)}): publish ${(0,tlsa/* tlsa311 */.c)(after.publicKeySha256)} now, DANE clients refuse the host until it is in DNS`);
    }
    if (oldNext !== newNext) {
        if (!newNext) {
            parts.push(`TLSA next key dropped: the bundle no longer keeps a next key; the record ${(0,tlsa/* tlsa311 */.c)(oldNext)} published ahead will never match and can be removed`);
        }
        else {
            const why = !oldNext
                ? 'DANE turned on'
                : asPlanned
                    ? 'the current key is the one published ahead, as planned'
                    : 'without the planned rotation to the key published ahead';
            parts.push(`TLSA next key changed (${why}): publish the new ${(0,tlsa/* tlsa311 */.c)(newNext)} record at _<port>._tcp for every name before the next rotation${oldNext && !asPlanned ? `; the record ${(0,tlsa/* tlsa311 */.c)(oldNext)} published ahead is no longer the next key` : ''}`);
        }
    }
    if (parts.length === 0)
        return undefined;
    return { kind: 'file', file, message: `bundle ${name}: ${parts.join('; ')}` };
}

// EXTERNAL MODULE: ./src/pipeline/changed.ts
var pipeline_changed = __webpack_require__(63454);
;// CONCATENATED MODULE: ./src/pipeline/verify.ts
/**
 * `verify`: proves every stored bundle (store/verify.ts) and, given a base revision (a pull
 * request's base), says what changed per certificate and flags what needs a careful human look.
 * It reads no secret: the chain, the names and the manifest are all public, which is what makes
 * it safe to run on pull requests from forks.
 */










async function runVerify(settings, log, now = new Date()) {
    const dir = (0,read/* storeDir */.rT)(settings);
    const trust = await (0,store_trust/* loadTrustAnchors */.lK)(settings);
    const names = Object.keys(settings.config.certificates).filter((n) => !settings.only?.length || settings.only.includes(n));
    const verdicts = [];
    const missing = [];
    for (const name of names) {
        if ((await (0,read/* readStoredCertificate */.ZK)(dir, name)).state === 'missing') {
            missing.push(name);
            continue;
        }
        const verdict = await (0,verify_stored/* verifyStoredBundle */.V)(settings, dir, name, trust, 'verify', now);
        if (verdict.ok)
            log.info(`bundle ${name} valid: ${verdict.path?.join(' <- ') ?? ''}`);
        else
            for (const f of verdict.findings)
                log.error(f.message);
        verdicts.push(verdict);
    }
    const result = {
        verdicts,
        missing,
        changes: [],
        flags: [],
        storePath: settings.config.store.path,
    };
    if (settings.base) {
        result.base = settings.base;
        await compareWithBase(settings, result);
    }
    return result;
}
/** git in the workspace; throws with git's words and what to do. */
async function verify_git(settings, args) {
    const r = await (0,git/* runGit */.E)(settings.workspace, args);
    if (r.code !== 0) {
        const said = r.stderr.trim().split('\n')[0] || `exit code ${r.code}`;
        throw new Error(`git ${args[0]} failed in ${settings.workspace} (${said}); the checkout must hold the base commit (actions/checkout with fetch-depth: 0)`);
    }
    return r.stdout;
}
/** A file at the base revision, or undefined when it did not exist there. */
async function atBase(settings, base, path) {
    const r = await (0,git/* runGit */.E)(settings.workspace, ['show', `${base}:./${path}`]);
    return r.code === 0 ? r.stdout : undefined;
}
async function compareWithBase(settings, result) {
    const base = settings.base;
    if (base.startsWith('-'))
        throw new Error(`--base '${base}' is not a revision`);
    await verify_git(settings, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
    const changed = (await verify_git(settings, ['diff', '--name-only', '-z', '--no-renames', '--relative', base, '--']))
        .split('\0')
        .filter(Boolean);
    const untracked = (await verify_git(settings, ['ls-files', '-z', '--others', '--exclude-standard']))
        .split('\0')
        .filter(Boolean);
    const prefix = (0,pipeline_changed/* storePrefix */._t)(settings.config.store.path);
    const bundles = new Set();
    for (const path of [...new Set([...changed, ...untracked])].sort()) {
        const rest = prefix === undefined
            ? undefined
            : prefix === ''
                ? path
                : path.startsWith(`${prefix}/`)
                    ? path.slice(prefix.length + 1)
                    : undefined;
        const parts = rest?.split('/') ?? [];
        if (rest !== undefined && parts.length === 2 && parts[0]) {
            bundles.add(parts[0]);
        }
        else if (rest === undefined) {
            result.flags.push({ kind: 'file', file: path, message: `${path} changed outside the store` });
        }
    }
    for (const name of [...bundles].sort()) {
        const folder = `${prefix ? `${prefix}/` : ''}${name}`;
        const oldChain = await atBase(settings, base, `${folder}/${read/* BUNDLE_FILES */.HJ.fullchain}`);
        const oldManifest = parseLoose(await atBase(settings, base, `${folder}/${read/* BUNDLE_FILES */.HJ.manifest}`));
        const stored = await (0,read/* readStoredCertificate */.ZK)((0,read/* storeDir */.rT)(settings), name);
        const before = oldChain ? leafView(oldChain, oldManifest) : undefined;
        const after = stored.state === 'present' ? leafView(stored.fullchainPem, stored.manifest) : undefined;
        const newRecipients = stored.state === 'present' ? stored.manifest.recipients : undefined;
        const sealedTo = recipientsFlag(`${folder}/${read/* BUNDLE_FILES */.HJ.manifest}`, name, oldManifest?.recipients, newRecipients);
        if (sealedTo)
            result.flags.push(sealedTo);
        const dane = daneFlag(`${folder}/${read/* BUNDLE_FILES */.HJ.manifest}`, name, daneSide(before?.publicKeySha256, oldManifest), daneSide(after?.publicKeySha256, stored.state === 'present' ? stored.manifest : undefined));
        if (dane)
            result.flags.push(dane);
        if (!before && !after)
            continue;
        if (before && after && JSON.stringify(before) === JSON.stringify(after))
            continue;
        result.changes.push(compareCertificate(name, before, after));
    }
    const configRel = (0,external_node_path_.relative)(settings.workspace, settings.configPath);
    if (!configRel.startsWith('..') && !(0,external_node_path_.isAbsolute)(configRel)) {
        const oldConfig = await atBase(settings, base, configRel);
        const newConfig = await (0,promises_.readFile)(settings.configPath, 'utf8');
        result.flags.push(...configFlags(configRel, yamlOf(oldConfig), yamlOf(newConfig)));
    }
}
function parseLoose(text) {
    try {
        return text ? JSON.parse(text) : undefined;
    }
    catch {
        return undefined;
    }
}
function yamlOf(text) {
    try {
        return text === undefined ? undefined : (0,dist/* parse */.qg)(text);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
;// CONCATENATED MODULE: ./src/report/verify.ts

function verifyOk(result) {
    return result.verdicts.every((v) => v.ok);
}
function headline(result) {
    const bad = result.verdicts.filter((v) => !v.ok).length;
    const n = result.verdicts.length;
    const flags = result.flags.length;
    const parts = [
        bad > 0 ? `${bad} of ${n} bundles invalid` : `all ${n} bundle${n === 1 ? '' : 's'} valid`,
        ...(result.base
            ? [`${result.changes.length} certificate change${result.changes.length === 1 ? '' : 's'}`]
            : []),
        ...(flags > 0 ? [`${flags} flag${flags === 1 ? '' : 's'} to review`] : []),
    ];
    return parts.join(', ');
}
const validity = (v) => (v ? `${v.notBefore.slice(0, 10)} → ${v.notAfter.slice(0, 10)}` : '');
/** Rows of a change table: field, before, after. */
function changeRows(c) {
    const b = c.before;
    const a = c.after;
    const rows = [
        ['serial', b?.serial ?? '', a?.serial ?? ''],
        ['names', b?.names.join(', ') ?? '', a?.names.join(', ') ?? ''],
        ['issuer', b?.issuer ?? '', a?.issuer ?? ''],
        ['key type', b?.keyType ?? '', a?.keyType ?? ''],
        ['validity', validity(b), validity(a)],
    ];
    if (c.kind === 'changed') {
        rows.push(['replaces the old one (ARI)', '', c.replacesOld ? 'yes' : 'no']);
        rows.push(['new key', '', c.newKey ? 'yes' : 'no (same key)']);
    }
    return rows;
}
function changeTitle(c) {
    const names = [...c.namesAdded.map((n) => `+${n}`), ...c.namesRemoved.map((n) => `-${n}`)].join(' ');
    return `${c.name}: ${c.kind}${c.before && c.after ? `, serial ${c.before.serial} → ${c.after.serial}` : ''}${names ? ` (names ${names})` : ''}`;
}
function renderVerifyMarkdown(result) {
    const ok = verifyOk(result);
    const out = [`## ${ok ? '✅' : '❌'} certflow verify: ${(0,report_escape.md)(headline(result))}`, ''];
    if (result.flags.length > 0) {
        out.push('### ⚠️ Needs a careful look', '');
        for (const f of result.flags)
            out.push(`- ${(0,report_escape.md)(f.message)}`);
        out.push('');
    }
    out.push('### Bundles', '', '| Bundle | Result | Why |', '| --- | --- | --- |');
    for (const v of result.verdicts) {
        const why = v.ok ? `chain: ${v.path?.join(' ← ') ?? ''}` : v.findings.map((f) => f.message).join('\n');
        out.push(`| ${(0,report_escape/* code */.aY)(v.name)} | ${v.ok ? '✅ valid' : '❌ invalid'} | ${(0,report_escape.md)(why)} |`);
    }
    for (const name of result.missing)
        out.push(`| ${(0,report_escape/* code */.aY)(name)} | not issued yet | nothing stored |`);
    out.push('');
    if (result.base) {
        out.push(`### Changes since ${(0,report_escape/* code */.aY)(result.base.slice(0, 12))}`, '');
        if (result.changes.length === 0)
            out.push('No certificate changed.', '');
        for (const c of result.changes) {
            out.push(`#### ${(0,report_escape.md)(changeTitle(c))}`, '', '| Field | Before | After |', '| --- | --- | --- |');
            for (const [field, before, after] of changeRows(c))
                out.push(`| ${field} | ${(0,report_escape.md)(before)} | ${(0,report_escape.md)(after)} |`);
            out.push('');
        }
    }
    return out.join('\n');
}
function renderVerifyText(result) {
    const out = [`certflow verify: ${headline(result)}`];
    for (const f of result.flags)
        out.push(`  ! ${(0,report_escape/* plain */.pj)(f.message)}`);
    for (const v of result.verdicts) {
        out.push(v.ok ? `  ok ${v.name}` : `  INVALID ${v.name}`);
        for (const f of v.findings)
            out.push(`     ${(0,report_escape/* plain */.pj)(f.message)}`);
    }
    for (const name of result.missing)
        out.push(`  -- ${name}: not issued yet`);
    for (const c of result.changes) {
        out.push(`  ${(0,report_escape/* plain */.pj)(changeTitle(c))}`);
        for (const [field, before, after] of changeRows(c)) {
            if (before !== after || field.startsWith('replaces') || field === 'new key') {
                out.push(`     ${field}: ${(0,report_escape/* plain */.pj)(before) || '-'} -> ${(0,report_escape/* plain */.pj)(after) || '-'}`);
            }
        }
    }
    return out.join('\n');
}

// EXTERNAL MODULE: ./src/publish/github-client.ts
var github_client = __webpack_require__(67426);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
;// CONCATENATED MODULE: ./src/verify/comment.ts


const COMMENT_MARKER = '<!-- certflow:verify -->';
/** GitHub refuses comment bodies past 65,536 characters. */
const MAX_BODY = 65_000;
/**
 * Ours only when a bot wrote it: anyone may type the marker into a comment of their own, and
 * certflow must not rewrite a person's words (nor be steered into editing them).
 */
function isOurs(comment) {
    return comment.user?.type === 'Bot' && (comment.body ?? '').startsWith(COMMENT_MARKER);
}
function commentBody(markdown, runUrl) {
    const link = runUrl ? `\n\n<sub>[certflow verify run](${runUrl})</sub>` : '';
    const room = MAX_BODY - COMMENT_MARKER.length - link.length - 60;
    const text = markdown.length > room ? `${markdown.slice(0, room)}\n\n…cut: the job summary has the rest.` : markdown;
    return `${COMMENT_MARKER}\n${text}${link}`;
}
async function upsertVerifyComment(github, pullRequest, body, log, given) {
    const client = given ?? (await (0,github_client/* createGitHubClient */.LX)(github, log));
    const where = { owner: github.owner, repo: github.repo, issue_number: pullRequest };
    try {
        const comments = await client.paginate(client.rest.issues.listComments, { ...where, per_page: 100 });
        const mine = comments.find(isOurs);
        if (mine) {
            await client.rest.issues.updateComment({
                owner: github.owner,
                repo: github.repo,
                comment_id: mine.id,
                body,
            });
            log.info(`updated the verify comment on pull request #${pullRequest}`);
            return 'updated';
        }
        await client.rest.issues.createComment({ ...where, body });
        log.info(`commented the verdict on pull request #${pullRequest}`);
        return 'created';
    }
    catch (error) {
        const status = (0,github_client/* httpStatus */.nG)(error);
        if (status === 403 || status === 404) {
            log.info(`no pull request comment: the token may not write to #${pullRequest} (HTTP ${status}), as on pull requests from forks; the job summary holds the verdict`);
            return 'skipped';
        }
        log.warn(`could not comment on pull request #${pullRequest}: ${(0,errors/* errorMessage */.g)(error)}`);
        return 'skipped';
    }
}

;// CONCATENATED MODULE: ./src/commands/verify.ts
/**
 * `certflow verify [names] [--base REV]` / `command: verify`: needs no secret. Fails (exit 1) when
 * a bundle is invalid; flags and changes are for the reviewer and never fail the run by
 * themselves. Invalid bundles and flags are annotated on their files.
 */




/** Which file of a bundle a finding is about: the chain for certificate facts, else the manifest. */
function fileOf(storePath, bundle, field) {
    const chainFields = ['chain', 'names', 'expiry', 'fullchain.pem'];
    return `${storePath.replace(/\/+$/, '')}/${bundle}/${chainFields.includes(field) ? read/* BUNDLE_FILES */.HJ.fullchain : read/* BUNDLE_FILES */.HJ.manifest}`;
}
async function verifyCommand(settings, log, now = new Date()) {
    const result = await log.group('verify stored bundles', () => runVerify(settings, log, now));
    for (const v of result.verdicts) {
        for (const f of v.findings) {
            log.error(f.message, {
                file: fileOf(result.storePath, f.bundle, f.field),
                title: `bundle ${f.bundle} is invalid`,
            });
        }
    }
    for (const flag of result.flags) {
        log.warn(flag.message, { file: flag.file, title: 'certflow: needs a careful look' });
    }
    const ok = verifyOk(result);
    const changes = result.changes.map((c) => ({
        name: c.name,
        kind: c.kind,
        serial: { from: c.before?.serial ?? null, to: c.after?.serial ?? null },
        namesAdded: c.namesAdded,
        namesRemoved: c.namesRemoved,
        replacesOld: c.replacesOld,
        newKey: c.newKey,
    }));
    const summary = renderVerifyMarkdown(result);
    // Only in a pull_request run of the Action; never fails the verdict (a fork's token may not write).
    if (settings.github && settings.pullRequest !== undefined) {
        await upsertVerifyComment(settings.github, settings.pullRequest, commentBody(summary, settings.runUrl), log);
    }
    const invalid = result.verdicts.filter((v) => !v.ok).map((v) => ({ name: v.name, findings: v.findings }));
    return {
        ok,
        outputs: {
            valid: String(ok),
            changes: JSON.stringify(changes),
            flags: JSON.stringify(result.flags.map((f) => f.message)),
        },
        summary,
        text: renderVerifyText(result),
        json: { valid: ok, invalid, changes, flags: result.flags, base: result.base ?? null },
    };
}
const verifyHandler = (settings, log) => verifyCommand(settings, log);


/***/ }),

/***/ 63454:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ changedBundles),
/* harmony export */   _t: () => (/* binding */ storePrefix),
/* harmony export */   wG: () => (/* binding */ isZeroRevision)
/* harmony export */ });
/* unused harmony export changedBundleNames */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36233);
/* harmony import */ var _util_git_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13968);
/**
 * Which stored certificates changed since a revision, read from git in the workspace. `deploy`
 * runs exec hooks only for those (or forced ones): a hook that imports into a CDN or a cloud store
 * must not run for a certificate that did not change. The answer comes from the commits, not from
 * the working tree, so it says what the push that triggered the deploy brought.
 */



/** A push that created the branch has an all-zero `before`. */
function isZeroRevision(rev) {
    return /^0+$/.test(rev);
}
/**
 * `store.path` as git prints paths relative to the workspace ("certificates", "infra/certs"), or
 * undefined when it is not inside the workspace (then git cannot say anything about it).
 */
function storePrefix(storePath) {
    const slashed = storePath.replace(/\\/g, '/');
    if ((0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(slashed))
        return undefined;
    const normal = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(slashed).replace(/\/+$/, '');
    if (normal === '..' || normal.startsWith('../'))
        return undefined;
    return normal === '.' ? '' : normal;
}
/**
 * Bundle names from git's NUL-separated path list (`--name-only -z`, paths relative to the
 * workspace). A certificate changed when its chain or its encrypted key changed, was added or
 * was removed: a manifest-only change (failure history, back-off) is not a new certificate.
 */
function changedBundleNames(output, storePath) {
    const prefix = storePrefix(storePath);
    if (prefix === undefined)
        return [];
    const markers = new Set([_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.fullchain, _store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.key]);
    const names = new Set();
    for (const path of output.split('\0')) {
        const rest = prefix === '' ? path : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : '';
        const parts = rest.split('/');
        if (parts.length === 2 && parts[0] && markers.has(parts[1] ?? ''))
            names.add(parts[0]);
    }
    return [...names].sort();
}
/**
 * Names of the bundles under `storePath` whose certificate differs between `since` and HEAD
 * (`git diff --name-only <since> HEAD -- <store>`, run in `workspace`). An all-zero `since` lists
 * every bundle in HEAD: the push created the branch, so each one is new to it. Throws an error
 * that says what to do when git cannot answer (not a repository, `since` not fetched).
 */
async function changedBundles(workspace, storePath, since) {
    const prefix = storePrefix(storePath);
    if (prefix === undefined) {
        throw new Error(`store.path ${storePath} is outside the repository, so git cannot tell which certificates changed; keep the store inside the repository`);
    }
    if (since.startsWith('-'))
        throw new Error(`'${since}' is not a revision`);
    const where = prefix === '' ? '.' : prefix;
    // --relative: paths relative to the workspace even when it is below the repository's top.
    const args = isZeroRevision(since)
        ? ['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', where]
        : ['diff', '--name-only', '-z', '--no-renames', '--relative', since, 'HEAD', '--', where];
    const result = await (0,_util_git_js__WEBPACK_IMPORTED_MODULE_2__/* .runGit */ .E)(workspace, args);
    if (result.code !== 0) {
        const said = result.stderr.trim().split('\n')[0] || `git exited with code ${result.code}`;
        const fetch = /bad (object|revision)|unknown revision|ambiguous argument/i.test(said)
            ? ': the checkout must hold that commit; with actions/checkout set fetch-depth: 0, elsewhere fetch it (git fetch origin <commit>)'
            : '';
        throw new Error(`git cannot compare ${since} with HEAD in ${workspace} (${said})${fetch}`);
    }
    return changedBundleNames(result.stdout, storePath);
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