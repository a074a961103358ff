"use strict";
exports.id = 187;
exports.ids = [187,568];
exports.modules = {

/***/ 45187:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  accountCommand: () => (/* binding */ accountCommand),
  accountHandler: () => (/* binding */ accountHandler)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/acme-client/src/index.js
var src = __webpack_require__(46907);
// EXTERNAL MODULE: ./src/acme/errors.ts
var errors = __webpack_require__(27083);
;// CONCATENATED MODULE: ./src/acme/account.ts
/**
 * The ACME account itself (RFC 8555 section 7.3): find it without registering, change its key
 * (7.3.5) and deactivate it (7.3.6). Every request goes through the session's transport, so the
 * trust anchors and retries are those of issuance. No function here registers an account: a key
 * the CA does not know is an error, never a new account.
 */



/**
 * RFC 7638 thumbprint of a key (private or public PEM): SHA-256 over the JSON of the required
 * members of its public JWK, in lexicographic order, without whitespace; base64url.
 */
function jwkThumbprint(keyPem) {
    const jwk = (0,external_node_crypto_.createPublicKey)(keyPem).export({ format: 'jwk' });
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
    return (0,external_node_crypto_.createHash)('sha256').update(canonical).digest('base64url');
}
const NO_ACCOUNT = 'urn:ietf:params:acme:error:accountDoesNotExist';
function str(v) {
    return typeof v === 'string' ? v : undefined;
}
/**
 * The account of the session's key: newAccount with onlyReturnExisting (RFC 8555 section 7.3.1),
 * which answers with the account URL and object and never creates one.
 */
async function findAccount(session, accountKeyPem) {
    const url = session.directory.newAccount;
    let res;
    try {
        res = await session.http.signedRequest(url, { onlyReturnExisting: true }, { kid: null });
    }
    catch (error) {
        if (error instanceof errors/* AcmeProblemError */._k && error.problem.type === NO_ACCOUNT) {
            throw new errors/* IssueError */.uv(`no account at ${session.directoryUrl} for this account key (thumbprint ${jwkThumbprint(accountKeyPem)})`, 'a renew registers the account; check that acme.account-key is the key you meant', error.problem);
        }
        throw error;
    }
    const location = res.headers.location;
    if (!location) {
        throw new errors/* IssueError */.uv(`${url} answered without the account URL (no Location header)`, 'the CA does not follow RFC 8555 section 7.3.1');
    }
    const body = (res.data ?? {});
    const contact = Array.isArray(body.contact) ? body.contact.filter((c) => typeof c === 'string') : [];
    return {
        url: location,
        status: str(body.status) ?? 'unknown',
        contact,
        thumbprint: jwkThumbprint(accountKeyPem),
        ...(str(body.createdAt) ? { createdAt: str(body.createdAt) } : {}),
    };
}
/**
 * RFC 8555 section 7.3.5: the inner JWS, signed by the new key (jwk in its header), names the
 * account and the old key; the outer JWS is signed by the old key (kid). The CA then binds the
 * account to the new key, and the old key no longer finds it.
 */
async function changeAccountKey(session, accountUrl, newKeyPem) {
    const target = await session.http.getResourceUrl('keyChange').catch(() => undefined);
    if (!target) {
        throw new errors/* IssueError */.uv(`${session.directoryUrl} offers no keyChange resource`, 'this CA cannot change account keys: create a new account with a new key instead');
    }
    // A client of the new key only to sign the inner JWS; it sends nothing itself.
    const signer = new src.Client({ directoryUrl: session.directoryUrl, accountKey: newKeyPem });
    const inner = signer.http.createSignedBody(target, { account: accountUrl, oldKey: session.http.getJwk() }, 
    // The inner JWS carries no nonce (RFC 8555 section 7.3.5); acme-client leaves it out when null.
    { nonce: null, kid: null });
    const res = await session.http.signedRequest(target, inner, { kid: accountUrl });
    if (res.status !== 200) {
        throw new errors/* AcmeProblemError */._k({ type: 'certflow:protocol', detail: `keyChange answered HTTP ${res.status}, expected 200` }, res.status, target);
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
        throw new errors/* IssueError */.uv(`the CA answered the deactivation with status ${status ?? '(none)'}, not deactivated`, 'run certflow account show to see the account as the CA has it');
    }
    return status;
}

// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
// EXTERNAL MODULE: ./src/acme/session.ts
var acme_session = __webpack_require__(99946);
// EXTERNAL MODULE: ./src/init/keys.ts
var keys = __webpack_require__(48500);
// EXTERNAL MODULE: ./src/init/secrets.ts
var secrets = __webpack_require__(13087);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/util/errors.ts
var util_errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/git.ts
var git = __webpack_require__(13968);
;// CONCATENATED MODULE: ./src/commands/account.ts
/**
 * `certflow account show|rollover|deactivate` / `command: account`: the ACME account behind
 * `acme.account-key`, as the CA has it.
 * - show: URL, status, contacts, the key's RFC 7638 thumbprint.
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
    const first = (0,issuers/* primaryIssuer */.Cl)(settings);
    return key === undefined ? first : { ...first, accountKey: key };
}
async function withSession(settings, log, fn, key) {
    const session = await (0,acme_session/* openSession */.fA)(settings, log, { maxRetryAfterMs: 60_000 }, accountIssuer(settings, key));
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
        `### certflow account: ${(0,report_escape.md)(title)}`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${(0,report_escape.md)(k)} | ${(0,report_escape/* code */.aY)(v)} |`),
        '',
        ...notes.map((n) => `- ${(0,report_escape.md)(n)}`),
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
async function show(settings, log) {
    const accountKey = accountIssuer(settings).accountKey;
    return withSession(settings, log, async (session) => {
        const info = await findAccount(session, accountKey);
        const json = { ...info, directory: session.directoryUrl };
        return outcome(log, true, 'show', infoRows(info, session.directoryUrl), [], json);
    });
}
/** Refuses a path that exists in any form (file, folder, symlink, even a dangling one). */
async function refuseExisting(path) {
    const there = await (0,promises_.lstat)(path).then((s) => (s.isSymbolicLink() ? 'a symlink' : s.isDirectory() ? 'a folder' : 'a file'), (e) => {
        if (e.code === 'ENOENT')
            return undefined;
        throw e;
    });
    if (there) {
        throw new util_errors/* UsageError */.e(`--out ${path} is ${there} already; rollover writes the new key only to a new file (it never overwrites or follows a link): name a path that does not exist`, [{ path: '--out', message: `${path} exists` }]);
    }
}
/**
 * Refuses a path in the repository that git would pick up: a `git add -A` (or a publish) would put
 * the account key into history. A git-ignored folder (certflow init's secrets folder) is fine.
 */
async function refuseTracked(path, workspace) {
    const rel = (0,external_node_path_.relative)(workspace, path);
    if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel))
        return;
    const r = await (0,git/* runGit */.E)(workspace, ['check-ignore', '-q', '--', rel]);
    if (r.code === 0)
        return;
    if (r.code === 128 && /not a git repository/i.test(r.stderr))
        return;
    throw new util_errors/* UsageError */.e(`--out ${path} is inside the repository ${workspace} and git does not ignore it; an account key must never reach git history: write it outside the repository or into a git-ignored folder`, [{ path: '--out', message: `${path} is not ignored by git` }]);
}
async function rollover(settings, log) {
    const request = settings.account;
    const out = request?.out;
    if (!out)
        throw new util_errors/* UsageError */.e('account rollover needs --out <file> for the new key');
    await refuseExisting(out);
    await refuseTracked(out, settings.workspace);
    const oldKey = accountIssuer(settings).accountKey;
    const oldThumbprint = jwkThumbprint(oldKey);
    const newKey = (0,keys/* generateAccountKey */.g5)();
    log.secret(newKey);
    const secret = request.keyVariable;
    // A separate session per key: what the CA binds the account to, asked with that key alone.
    const lookup = (key) => withSession(settings, log, (s) => findAccount(s, key), key).catch((e) => e instanceof Error ? e : new Error(String(e)));
    let failed;
    const info = await withSession(settings, log, async (session) => {
        const found = await findAccount(session, oldKey);
        if (found.status !== 'valid') {
            throw new Error(`account ${found.url} is ${found.status}: only a valid account can change its key`);
        }
        // The file first: if it cannot be written, the CA has not been touched and the old key still works.
        await (0,secrets/* writeSecretFile */.AK)(out, newKey, false);
        await changeAccountKey(session, found.url, newKey).catch((error) => {
            failed = error;
        });
        return found;
    });
    if (failed !== undefined) {
        // An error is not proof that nothing happened (a lost answer, a retried request): ask the CA
        // which key it holds before deleting the only copy of what may be the account's key now.
        const urlOf = (r) => (r instanceof Error ? undefined : r.url);
        const state = keyChangeState(info.url, urlOf(await lookup(oldKey)), urlOf(await lookup(newKey)));
        if (state === 'unchanged') {
            await (0,promises_.unlink)(out).catch(() => undefined);
            throw new Error(`the CA refused the key change of ${info.url}: ${(0,util_errors/* errorMessage */.g)(failed)}; the old key is still the account's, and ${out} was removed`);
        }
        if (state === 'unknown') {
            throw new Error(`the key change of ${info.url} failed (${(0,util_errors/* errorMessage */.g)(failed)}) and neither key finds the account now; ${out} is kept (mode 0600): keep it and the old key until certflow account show finds the account with one of them`);
        }
        log.warn(`the key change answered with an error (${(0,util_errors/* errorMessage */.g)(failed)}), but the new key finds the account: it was applied`);
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
            : `could not confirm that the new key finds the account: ${proof instanceof Error ? (0,util_errors/* errorMessage */.g)(proof) : `it found ${proof.url}`}; keep ${out} and run certflow account show with it`,
    ];
    const rows = [
        ['account', info.url],
        ['old key thumbprint', oldThumbprint],
        ['new key thumbprint', jwkThumbprint(newKey)],
        ['new key file', out],
        ['secret to update', secret ?? '(acme.account-key names no variable)'],
    ];
    return outcome(log, proven, 'rollover', rows, notes, {
        url: info.url,
        oldThumbprint,
        newThumbprint: jwkThumbprint(newKey),
        out,
        secret: secret ?? null,
        proven,
    });
}
async function deactivate(settings, log, opts) {
    const request = settings.account;
    const accountKey = accountIssuer(settings).accountKey;
    return withSession(settings, log, async (session) => {
        const info = await findAccount(session, accountKey);
        if (info.status !== 'valid')
            throw new Error(`account ${info.url} is ${info.status} already`);
        const what = `ACME account ${info.url} at ${session.directoryUrl}`;
        if (request?.confirmUrl !== undefined) {
            if (request.confirmUrl !== info.url) {
                throw new util_errors/* UsageError */.e(`account-confirm does not name this account (${info.url}); nothing was changed`, [{ path: 'account-confirm', message: `set it to ${info.url} to deactivate that account` }]);
            }
        }
        else if (!request?.yes) {
            if (!opts.confirm) {
                throw new util_errors/* UsageError */.e(`deactivating ${what} is permanent and needs consent: run it at a terminal to be asked, or pass --yes (in the Action: account-confirm: ${info.url})`, [{ path: '--yes', message: 'no consent given' }]);
            }
            const yes = await opts.confirm(`Deactivate ${what}? It can never order or revoke again, and this cannot be undone. Type "yes" to go on: `);
            if (!yes) {
                return outcome(log, false, 'deactivate', infoRows(info, session.directoryUrl), ['not deactivated: not confirmed'], {
                    ...info,
                    deactivated: false,
                });
            }
        }
        const status = await deactivateAccount(session, info.url);
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
            throw new util_errors/* UsageError */.e('account takes an action: certflow account show|rollover|deactivate');
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