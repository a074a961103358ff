"use strict";
exports.id = 47;
exports.ids = [47];
exports.modules = {

/***/ 42573:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   to: () => (/* binding */ saveStateBranch),
/* harmony export */   ul: () => (/* binding */ loadStateBranch)
/* harmony export */ });
/* unused harmony export usesStateBranch */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _plan_pending_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(63852);
/* harmony import */ var _publish_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(40172);
/* harmony import */ var _publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(67426);
/* harmony import */ var _store_manifest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(77544);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(36233);
/* harmony import */ var _store_write_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(82170);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1784);
/**
 * Guard state in `publish: pull-request` mode (issue 14). The other modes commit a failure's
 * history and back-off to the base branch with the bundles; a pull request would bring them there
 * only through review, and a CI job starts from a fresh checkout, so without somewhere else to keep
 * them a broken DNS setup would be retried at every run.
 *
 * They live on a branch of their own (`certflow/state` by default): one `state.json` per
 * certificate, at the same path as in the store (`certificates/www/state.json`), and nothing else.
 * It is written through the git data API (tree, commit, ref; never a checkout), never merged, and
 * its history starts from a root commit unrelated to the base branch. At the start of a plan the
 * files are copied into the working tree's store, where the plan and the guard read state.json
 * as they do in every mode.
 *
 * Anyone with push access can edit the branch: at worst they hold a certificate back or lift a
 * back-off, which they could do on the base branch as well. Only configured certificates' files
 * are read, and each is checked against the state schema when it is read.
 */









/** The state branch is used: pull-request mode with GitHub. */
function usesStateBranch(settings) {
    return settings.publish === 'pull-request' && !!settings.github;
}
/**
 * Copies the state branch's state.json files of configured certificates into the working tree's
 * store (overwriting: the branch is newer than any checkout). Nothing when the branch is absent.
 */
async function loadStateBranch(settings, log, client) {
    const gh = settings.github;
    if (!usesStateBranch(settings) || !gh)
        return 0;
    const api = await (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__/* .createGitHubClient */ .LX)(gh, log, client);
    const head = await branchHead(api, settings);
    if (!head)
        return 0;
    const storePath = (0,_publish_files_js__WEBPACK_IMPORTED_MODULE_3__/* .storePathInRepo */ .cU)(settings);
    const files = await (0,_plan_pending_js__WEBPACK_IMPORTED_MODULE_2__/* .readTreeFiles */ .od)(api, gh, head, storePath);
    const dir = (0,_store_read_js__WEBPACK_IMPORTED_MODULE_6__/* .storeDir */ .rT)(settings);
    let loaded = 0;
    for (const name of Object.keys(settings.config.certificates)) {
        const sha = files.get(`${storePath}/${name}/${_state_js__WEBPACK_IMPORTED_MODULE_8__/* .GUARD_STATE_FILE */ .ro}`);
        if (!sha)
            continue;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name), { recursive: true, mode: 0o755 });
        await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_7__/* .writeFileAtomic */ .Z)((0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .guardStatePath */ .sx)(dir, name), await (0,_plan_pending_js__WEBPACK_IMPORTED_MODULE_2__/* .readBlob */ .gm)(api, gh, sha));
        loaded++;
    }
    log.debug(`state branch ${settings.stateBranch}: ${loaded} certificate(s) with guard state`);
    return loaded;
}
/** The state.json text for a failure recorded in `file` (a state.json or a certificate.json). */
async function stateText(name, file) {
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    if (file.endsWith(_state_js__WEBPACK_IMPORTED_MODULE_8__/* .GUARD_STATE_FILE */ .ro))
        return text;
    const m = (0,_store_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseManifest */ .Ng)(text, file);
    return (0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .serializeGuardState */ .PM)(name, {
        history: m.history ?? [],
        ...(m.backoff ? { backoff: m.backoff } : {}),
    });
}
/**
 * Writes the guard state of this run to the state branch: each failure's history and back-off,
 * and for each renewed certificate its history without back-off (the success lifts it). One
 * commit; nothing when the branch already holds the same files. Returns the commit, if any.
 */
async function saveStateBranch(settings, failures, bundles, log, client, windows = []) {
    const gh = settings.github;
    if (!usesStateBranch(settings) || !gh || settings.dryRun)
        return undefined;
    const storePath = (0,_publish_files_js__WEBPACK_IMPORTED_MODULE_3__/* .storePathInRepo */ .cU)(settings);
    const files = new Map();
    for (const b of bundles) {
        files.set(b.name, (0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .serializeGuardState */ .PM)(b.name, { history: b.manifest.history ?? [] }));
    }
    for (const f of failures)
        files.set(f.name, await stateText(f.name, f.file));
    // issue 22: a window the CA moved joins the certificate's state (a renewed one has its own).
    const dir = (0,_store_read_js__WEBPACK_IMPORTED_MODULE_6__/* .storeDir */ .rT)(settings);
    for (const w of windows) {
        if (bundles.some((b) => b.name === w.name))
            continue;
        const text = files.get(w.name);
        const state = text
            ? (0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .parseGuardState */ .y1)(text, `${w.name}/${_state_js__WEBPACK_IMPORTED_MODULE_8__/* .GUARD_STATE_FILE */ .ro}`, w.name)
            : ((await (0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .readGuardStateFile */ .T3)(dir, w.name).catch(() => undefined)) ?? { history: [] });
        const content = (0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .serializeGuardState */ .PM)(w.name, { ...state, ari: { ...w.after, certId: w.certId } });
        await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_7__/* .writeFileAtomic */ .Z)((0,_state_js__WEBPACK_IMPORTED_MODULE_8__/* .guardStatePath */ .sx)(dir, w.name), content);
        files.set(w.name, content);
    }
    if (files.size === 0)
        return undefined;
    const api = await (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__/* .createGitHubClient */ .LX)(gh, log, client);
    const repo = { owner: gh.owner, repo: gh.repo };
    const tree = [...files].map(([name, content]) => ({
        path: `${storePath}/${name}/${_state_js__WEBPACK_IMPORTED_MODULE_8__/* .GUARD_STATE_FILE */ .ro}`,
        mode: '100644',
        type: 'blob',
        content,
    }));
    const message = `Guard state: ${[...files.keys()].join(', ')}\n\nWritten by certflow; this branch is never merged.\n`;
    for (let attempt = 1; attempt <= 5; attempt++) {
        const head = await branchHead(api, settings);
        try {
            const parent = head ? (await api.rest.git.getCommit({ ...repo, commit_sha: head })).data : undefined;
            const { data: t } = await api.rest.git.createTree({
                ...repo,
                ...(parent ? { base_tree: parent.tree.sha } : {}),
                tree,
            });
            if (parent && t.sha === parent.tree.sha)
                return undefined;
            const { data: c } = await api.rest.git.createCommit({
                ...repo,
                message,
                tree: t.sha,
                parents: head ? [head] : [],
            });
            if (head)
                await api.rest.git.updateRef({
                    ...repo,
                    ref: `heads/${settings.stateBranch}`,
                    sha: c.sha,
                    force: false,
                });
            else
                await api.rest.git.createRef({ ...repo, ref: `refs/heads/${settings.stateBranch}`, sha: c.sha });
            log.info(`guard state of ${[...files.keys()].join(', ')} written to ${settings.stateBranch} (${c.sha})`);
            return c.sha;
        }
        catch (error) {
            // 422: the branch moved (or appeared) meanwhile; build again on its new head.
            if ((0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__/* .httpStatus */ .nG)(error) === 422 && attempt < 5)
                continue;
            throw (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__/* .explainGitHubError */ .Pm)(error, `write the guard state to ${settings.stateBranch}`, gh, 'contents: write');
        }
    }
    return undefined;
}
async function branchHead(api, settings) {
    const gh = settings.github;
    if (!gh)
        return undefined;
    try {
        const { data } = await api.rest.git.getRef({
            owner: gh.owner,
            repo: gh.repo,
            ref: `heads/${settings.stateBranch}`,
        });
        return data.object.sha;
    }
    catch (error) {
        if ((0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__/* .httpStatus */ .nG)(error) === 404)
            return undefined;
        throw (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_4__/* .explainGitHubError */ .Pm)(error, `read branch ${settings.stateBranch}`, gh, 'contents: write');
    }
}


/***/ }),

/***/ 1784:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ applyStateWindows),
/* harmony export */   F3: () => (/* binding */ readGuardState),
/* harmony export */   PM: () => (/* binding */ serializeGuardState),
/* harmony export */   T3: () => (/* binding */ readGuardStateFile),
/* harmony export */   U: () => (/* binding */ saveFailure),
/* harmony export */   _V: () => (/* binding */ readGuardStateFiles),
/* harmony export */   r3: () => (/* binding */ mergeGuardState),
/* harmony export */   ro: () => (/* binding */ GUARD_STATE_FILE),
/* harmony export */   sx: () => (/* binding */ guardStatePath),
/* harmony export */   y1: () => (/* binding */ parseGuardState),
/* harmony export */   yA: () => (/* binding */ clearGuardState)
/* harmony export */ });
/* unused harmony export writeGuardStateFile */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(38816);
/* harmony import */ var _store_manifest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(77544);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(36233);
/* harmony import */ var _store_write_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(82170);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(70017);
/**
 * Where the guard's memory lives between runs. A certificate with a manifest keeps `history` and
 * `backoff` in its `certificate.json` (the plan reads the back-off there). A certificate that never
 * issued has no manifest, so its failures go to `certificates/<name>/state.json`, a file with only
 * those two fields; it is folded into the manifest by the first success and then removed.
 * Both files are clear text meant to be committed: they hold times, names and error words, never
 * secrets. Writes are atomic (temp file + rename) and stable (same content, same bytes).
 */








const GUARD_STATE_FILE = 'state.json';
const stateSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .strictObject */ .rej({
    version: zod__WEBPACK_IMPORTED_MODULE_7__/* .literal */ .euz(1),
    name: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().min(1),
    history: _store_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .manifestSchema */ .rc.shape.history.unwrap(),
    backoff: _store_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .manifestSchema */ .rc.shape.backoff,
    ari: _store_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .ariWindowSchema */ .Aw.extend({ certId: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().min(1) }).optional(),
});
function guardStatePath(storeDir, name) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(storeDir, name, GUARD_STATE_FILE);
}
/** The state file alone, or undefined when there is none. A corrupt file is an error naming it. */
async function readGuardStateFile(storeDir, name) {
    const path = guardStatePath(storeDir, name);
    // Most certificates have none: asking first is a cheap check where a failed open made and threw
    // an error per certificate (a plan over 10,000, issue 22).
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        return undefined;
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    return parseGuardState(text, path, name);
}
/** A state.json text, checked against the schema; errors name `path` and what to do. */
function parseGuardState(text, path, name) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${path}: not valid JSON (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .g)(error)}); delete the file to reset the guard`);
    }
    const parsed = stateSchema.safeParse(data);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new Error(`${path}: ${problems.join('; ')}; delete the file to reset the guard`);
    }
    if (parsed.data.name !== name) {
        throw new Error(`${path}: name is "${parsed.data.name}", expected "${name}"`);
    }
    return {
        history: parsed.data.history,
        ...(parsed.data.backoff ? { backoff: parsed.data.backoff } : {}),
        ...(parsed.data.ari ? { ari: parsed.data.ari } : {}),
    };
}
/**
 * The guard state of a certificate: the manifest's history and back-off, plus whatever a state file
 * holds (normally only for certificates without a manifest). A state-file back-off older than the
 * manifest's issuance is stale (a success came after it) and is ignored.
 */
async function readGuardState(storeDir, name, manifest) {
    return mergeGuardState(manifest, await readGuardStateFile(storeDir, name));
}
/** readGuardState with the state file already read (`file`: its content, undefined without one). */
function mergeGuardState(manifest, file) {
    const history = mergeHistory(manifest?.history ?? [], file?.history ?? []);
    let backoff = manifest?.backoff;
    const fileBackoff = file?.backoff;
    if (fileBackoff && (!manifest || Date.parse(fileBackoff.lastAt) > Date.parse(manifest.issuedAt))) {
        if (!backoff || Date.parse(fileBackoff.lastAt) > Date.parse(backoff.lastAt))
            backoff = fileBackoff;
    }
    return { history, ...(backoff ? { backoff } : {}) };
}
async function readGuardStateFiles(storeDir, names) {
    const files = new Map();
    for (const name of names) {
        files.set(name, await readGuardStateFile(storeDir, name).catch((error) => error instanceof Error ? error : new Error(String(error))));
    }
    return files;
}
function mergeHistory(a, b) {
    const seen = new Set();
    const out = [];
    for (const r of [...a, ...b]) {
        const id = `${r.at}|${r.result}|${r.serial ?? ''}`;
        if (seen.has(id))
            continue;
        seen.add(id);
        out.push(r);
    }
    return out.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}
function serializeGuardState(name, state) {
    const body = {
        version: 1,
        name,
        history: state.history.map(sortRecord),
        ...(state.backoff ? { backoff: sortRecord(state.backoff) } : {}),
        ...(state.ari ? { ari: sortRecord(state.ari) } : {}),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
}
function sortRecord(record) {
    const out = {};
    for (const key of Object.keys(record).sort()) {
        const value = record[key];
        if (value !== undefined)
            out[key] = value;
    }
    return out;
}
/**
 * Persists a failure (from `recordFailure`): into `certificate.json` when the certificate has a
 * manifest (only `history` and `backoff` change, so the bundle stays bound to its key), otherwise
 * into `state.json`.
 */
async function saveFailure(storeDir, name, manifest, update) {
    if (manifest) {
        const file = (0,_store_read_js__WEBPACK_IMPORTED_MODULE_4__/* .bundlePaths */ .hX)(storeDir, name).manifest;
        const next = { ...manifest, history: update.history };
        if (update.backoff)
            next.backoff = update.backoff;
        else
            delete next.backoff;
        return { file, changed: await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Z)(file, (0,_store_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .serializeManifest */ .MZ)(next)) };
    }
    return writeGuardStateFile(storeDir, name, {
        history: update.history,
        ...(update.backoff ? { backoff: update.backoff } : {}),
    });
}
/** Writes `state.json` (creating the certificate's folder when needed). */
async function writeGuardStateFile(storeDir, name, state) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(storeDir, name), { recursive: true, mode: 0o755 });
    const file = guardStatePath(storeDir, name);
    return { file, changed: await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Z)(file, serializeGuardState(name, state)) };
}
/** Removes `state.json` after a success has carried its history into the manifest. */
async function clearGuardState(storeDir, name) {
    const file = guardStatePath(storeDir, name);
    const existed = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file).then(() => true, () => false);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(file, { force: true });
    return { file, changed: existed };
}
/**
 * Pull-request mode: the ARI windows kept in state.json (from the state branch) replace the
 * manifests' older ones, in place, before anything asks the CA again, so a window stored by an
 * earlier run is the cache and is not "moved" a second time. Only a window for the manifest's own
 * certificate (same ARI ID) and newer than the manifest's counts. Unreadable files are skipped:
 * the plan reports them through the guard.
 */
async function applyStateWindows(storeDir, manifests, files) {
    for (const [name, manifest] of manifests) {
        if (!manifest?.ariCertId)
            continue;
        const state = files ? files.get(name) : await readGuardStateFile(storeDir, name).catch(() => undefined);
        const window = state instanceof Error ? undefined : state?.ari;
        if (!window || window.certId !== manifest.ariCertId)
            continue;
        if (manifest.ari && Date.parse(manifest.ari.checkedAt) >= Date.parse(window.checkedAt))
            continue;
        const { certId: _id, ...ari } = window;
        manifest.ari = ari;
    }
}


/***/ }),

/***/ 63852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D3: () => (/* binding */ readPendingRenewals),
/* harmony export */   cW: () => (/* binding */ pendingEscalations),
/* harmony export */   gm: () => (/* binding */ readBlob),
/* harmony export */   od: () => (/* binding */ readTreeFiles)
/* harmony export */ });
/* unused harmony export findRenewalPull */
/* harmony import */ var _publish_files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40172);
/* harmony import */ var _publish_github_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(67426);
/* harmony import */ var _store_manifest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77544);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(36233);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(32656);






/**
 * The renewals waiting in the open pull request, by certificate name; empty in other modes, without
 * GitHub, or when no pull request is open. `base` is what the working tree (the base branch) holds.
 */
async function readPendingRenewals(settings, base, log, client) {
    const pending = new Map();
    const gh = settings.github;
    if (settings.publish !== 'pull-request' || !gh)
        return pending;
    const api = await (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .createGitHubClient */ .LX)(gh, log, client);
    const pull = await findRenewalPull(api, gh, settings.prBranch);
    if (!pull)
        return pending;
    const storePath = (0,_publish_files_js__WEBPACK_IMPORTED_MODULE_0__/* .storePathInRepo */ .cU)(settings);
    const files = await readTreeFiles(api, gh, pull.headSha, storePath);
    for (const [name, stored] of base) {
        const manifestSha = files.get(`${storePath}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_FILES */ .HJ.manifest}`);
        const chainSha = files.get(`${storePath}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_FILES */ .HJ.fullchain}`);
        if (!manifestSha || !chainSha)
            continue;
        const where = `${storePath}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_FILES */ .HJ.manifest} on ${settings.prBranch}`;
        try {
            const manifest = (0,_store_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .parseManifest */ .Ng)(await readBlob(api, gh, manifestSha), where);
            const chain = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .leafFacts */ .kt)(await readBlob(api, gh, chainSha));
            if (manifest.name !== name || chain.sha256 !== manifest.certificateSha256) {
                throw new Error(`${where} does not describe the certificate in ${_store_read_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_FILES */ .HJ.fullchain} beside it`);
            }
            if (!newerThan(manifest, stored))
                continue;
            pending.set(name, { pullRequest: pull.number, url: pull.url, openedAt: pull.openedAt, manifest });
        }
        catch (error) {
            log.warn(`${name}: the bundle in pull request #${pull.number} is ignored (the certificate is planned from ${gh.baseBranch} alone): ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)}`);
        }
    }
    return pending;
}
/** Newer than the base's bundle: the base has none (or an unreadable one), or it starts later. */
function newerThan(branch, base) {
    if (base?.state !== 'present')
        return true;
    if (branch.certificateSha256 === base.manifest.certificateSha256)
        return false;
    return Date.parse(branch.notBefore) > Date.parse(base.manifest.notBefore);
}
/** The oldest open pull request from `branch` of this repository (forks never count). */
async function findRenewalPull(api, gh, branch) {
    try {
        const { data } = await api.rest.pulls.list({
            owner: gh.owner,
            repo: gh.repo,
            state: 'open',
            head: `${gh.owner}:${branch}`,
            base: gh.baseBranch,
            per_page: 10,
        });
        const pull = data
            .filter((p) => p.head.ref === branch && p.head.repo?.full_name === `${gh.owner}/${gh.repo}`)
            .sort((a, b) => a.number - b.number)[0];
        return pull
            ? { number: pull.number, url: pull.html_url, openedAt: pull.created_at, headSha: pull.head.sha }
            : undefined;
    }
    catch (error) {
        throw (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .explainGitHubError */ .Pm)(error, `list pull requests for ${branch}`, gh, 'pull-requests: write');
    }
}
/**
 * Path -> blob SHA of every file under `folder` in `commit`, walking one tree level at a time and
 * only the folder recursively. A truncated listing is an error: a plan must not guess.
 */
async function readTreeFiles(api, gh, commit, folder) {
    const repo = { owner: gh.owner, repo: gh.repo };
    const files = new Map();
    try {
        const { data: c } = await api.rest.git.getCommit({ ...repo, commit_sha: commit });
        let tree = c.tree.sha;
        for (const segment of folder.split('/')) {
            const { data } = await api.rest.git.getTree({ ...repo, tree_sha: tree });
            const entry = data.tree.find((e) => e.path === segment && e.type === 'tree');
            if (!entry?.sha)
                return files;
            tree = entry.sha;
        }
        const { data } = await api.rest.git.getTree({ ...repo, tree_sha: tree, recursive: '1' });
        if (data.truncated)
            throw new Error(`the listing of ${folder} in ${commit} is truncated by GitHub`);
        for (const e of data.tree)
            if (e.type === 'blob' && e.path && e.sha)
                files.set(`${folder}/${e.path}`, e.sha);
        return files;
    }
    catch (error) {
        throw (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .explainGitHubError */ .Pm)(error, `read ${folder} in commit ${commit}`, gh, 'contents: write');
    }
}
async function readBlob(api, gh, sha) {
    try {
        const { data } = await api.rest.git.getBlob({ owner: gh.owner, repo: gh.repo, file_sha: sha });
        return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    catch (error) {
        throw (0,_publish_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .explainGitHubError */ .Pm)(error, `read blob ${sha}`, gh, 'contents: write');
    }
}
/**
 * The run's errors for renewals that wait too long: the base branch's certificate is past its
 * emergency point and only a merge deploys the new one. Ordering again would not help (the new
 * bundle would wait in the same pull request), so the run fails and says which PR to merge.
 */
function pendingEscalations(decisions) {
    return decisions
        .filter((d) => d.code === 'pending-review' && d.pending?.urgent)
        .map((d) => ({
        message: `merge PR #${d.pending?.pullRequest}: ${d.name} expires on ${d.expiresAt}`,
        hint: `the renewed certificate (serial ${d.pending?.serial}, expires ${d.pending?.notAfter}) has waited for review in ${d.pending?.url} since ${d.pending?.openedAt}; merge it so the deploy workflow installs it, or rerun with force: ${d.name} to order a new one`,
    }));
}


/***/ }),

/***/ 17047:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a: () => (/* binding */ dueMatrix),
  j: () => (/* binding */ planRenewals)
});

// EXTERNAL MODULE: ./src/config/policy.ts
var config_policy = __webpack_require__(99706);
// EXTERNAL MODULE: ./src/config/settings.ts
var config_settings = __webpack_require__(54661);
// EXTERNAL MODULE: ./src/guard/state.ts
var state = __webpack_require__(1784);
// EXTERNAL MODULE: ./src/guard/state-branch.ts
var state_branch = __webpack_require__(42573);
// EXTERNAL MODULE: ./src/store/read.ts
var store_read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/verify.ts
var verify = __webpack_require__(37008);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(40704);
// EXTERNAL MODULE: ./src/acme/ari.ts
var ari = __webpack_require__(46484);
// EXTERNAL MODULE: ./src/acme/directory.ts
var acme_directory = __webpack_require__(55373);
// EXTERNAL MODULE: ./src/acme/errors.ts
var acme_errors = __webpack_require__(27083);
// EXTERNAL MODULE: ./src/acme/http.ts
var http = __webpack_require__(17304);
// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
;// CONCATENATED MODULE: ./src/plan/ari-refresh.ts
/**
 * Fresh ARI windows for `plan` (issue 22). The matrix plan decides which shards run, so it must
 * see a CA's early-renewal window (after a mass revocation) without waiting for a renew run.
 * renewalInfo is a plain GET (RFC 9773): no account and no secret, so the plan job still holds none.
 * - the stored window is the cache: it is asked again only after its Retry-After (1 min .. 1 day);
 * - at most ARI_PARALLEL requests at once; 429/503 with Retry-After are waited out up to 10 s;
 * - a CA that cannot be reached costs one warning and the stored windows, not one per certificate.
 * The refreshed windows are used in memory; renew stores the window of what it issues.
 */







const ARI_PARALLEL = 8;
/**
 * Sets `manifest.ari` of every stored certificate that is due for a refresh to the CA's current
 * window, in place. Never throws: problems are warnings and leave the stored window.
 */
async function refreshPlanAri(settings, manifests, log, now) {
    const result = { changed: [], asked: 0, warnings: [] };
    const due = [...manifests].filter((e) => !!e[1]?.ariCertId && (0,ari/* ariRefreshDue */._Z)(e[1].ari, now));
    if (!settings.config.renewal.ari || due.length === 0)
        return result;
    // Each certificate is asked about at the CA that issued it (acme.issuers; the manifest's CA).
    const groups = (0,issuers/* byIssuer */.BR)(settings, new Map(due), { warn: (m) => result.warnings.push(m) });
    for (const [issuer, group] of groups) {
        await refreshAtCa(settings, issuer.directory, [...group], log, now, result);
    }
    return result;
}
async function refreshAtCa(settings, directoryUrl, due, log, now, result) {
    let transport;
    try {
        transport = new http/* AcmeTransport */.aw({
            trust: await (0,acme_directory/* readTrust */.b)(settings),
            maxRetryAfterMs: 10_000,
            log,
            timeoutMs: 15_000,
        });
        const directory = (await transport.request(directoryUrl, 'get')).data;
        const renewalInfoUrl = typeof directory?.renewalInfo === 'string' ? directory.renewalInfo : undefined;
        if (!renewalInfoUrl) {
            log.debug(`${directoryUrl} offers no renewalInfo (ARI); the plan uses the lifetime rule`);
            return;
        }
        let outage;
        let failed = 0;
        await (0,pool/* mapLimit */.s)(due, ARI_PARALLEL, async ([name, manifest]) => {
            if (outage || !transport)
                return;
            try {
                result.asked++;
                const window = await (0,ari/* fetchRenewalInfo */.D9)(manifest.ariCertId ?? '', {
                    transport,
                    renewalInfoUrl,
                    now,
                });
                if (!window)
                    return;
                if (windowMoved(manifest.ari, window))
                    result.changed.push(name);
                manifest.ari = window;
            }
            catch (error) {
                // No HTTP status: the CA is not answering at all; asking for the rest would only wait.
                if (error instanceof acme_errors/* AcmeProblemError */._k && error.status === 0)
                    outage = (0,errors/* errorMessage */.g)(error);
                else {
                    failed++;
                    log.debug(`ARI for ${name}: ${(0,errors/* errorMessage */.g)(error)}`);
                }
            }
        });
        if (outage) {
            result.warnings.push(`ARI windows not refreshed (${outage}); the plan used the stored windows and the lifetime rule`);
        }
        if (failed > 0) {
            result.warnings.push(`ARI: the CA refused the renewalInfo of ${failed} certificate(s); their stored windows were used (details with --verbose)`);
        }
    }
    catch (error) {
        result.warnings.push(`ARI windows not refreshed (${(0,errors/* errorMessage */.g)(error)}); the plan used the stored windows and the lifetime rule`);
    }
    finally {
        transport?.close();
    }
}
function windowMoved(before, after) {
    return before?.start !== after.start || before?.end !== after.end;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/plan/decide.ts
/**
 * When to renew one certificate, and why. Pure: everything it needs comes in as arguments
 * (including `now`), so every branch is table-tested with a fixed clock.
 *
 * The rules, in order (first match wins, as certmagic does it; `RULES` below is this list):
 *   0. a renewal waiting in the open pull request, not forced, config unchanged -> skip,
 *      pending-review (checked first, in `decide`: its decision carries the pull request)
 *   1. stored bundle unreadable -> renew
 *   2. missing -> issue
 *   3. domains / key type / profile changed -> renew
 *   4. forced -> renew
 *   5. expired -> renew
 *   6. emergency point passed -> renew, whatever ARI says
 *   7. inside the stored ARI window, past this certificate's stable random point -> renew
 *   8. a stored ARI window, point not reached -> skip until the point
 *   9. the fallback point (`renew-before`) passed -> renew
 *  10. else skip, with the time it becomes due.
 * Then the back-off after failures holds back whatever 1-9 found due until the next attempt, unless
 * the certificate is forced (changed or not) or force-unsafe is set.
 */

const iso = (ms) => new Date(ms).toISOString();
/** How long before expiry a `renew-before`/`emergency` value lands for a given lifetime. */
function beforeExpiryMs(point, lifetimeMs, capMs) {
    const ms = point.kind === 'share' ? point.share * lifetimeMs : point.ms;
    // Days longer than the cap would make a short-lived (e.g. 6-day) certificate due right after
    // issuance and renew on every run: cap them at a share of its lifetime instead.
    return Math.min(ms, capMs);
}
/**
 * A fraction in [0, 1) fixed for one certificate (name + serial): every run of the plan picks the
 * same point of an ARI window, yet different certificates spread over it.
 */
function stableFraction(name, serial) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(`${name}\u0000${serial}`).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
}
function timeline(manifest, policy) {
    const notBefore = Date.parse(manifest.notBefore);
    const notAfter = Date.parse(manifest.notAfter);
    const lifetimeMs = Math.max(0, notAfter - notBefore);
    const renewBeforeMs = beforeExpiryMs(policy.renewBefore, lifetimeMs, lifetimeMs / 2);
    const emergencyMs = beforeExpiryMs(policy.emergency, lifetimeMs, renewBeforeMs);
    const fallbackAt = notAfter - renewBeforeMs;
    const emergencyAt = notAfter - emergencyMs;
    let ariAt;
    if (policy.ari && manifest.ari) {
        const start = Date.parse(manifest.ari.start);
        const end = Date.parse(manifest.ari.end);
        if (Number.isFinite(start) && Number.isFinite(end) && end >= start) {
            ariAt = start + Math.floor(stableFraction(manifest.name, manifest.serial) * (end - start));
        }
    }
    const dueAt = ariAt !== undefined ? Math.min(ariAt, emergencyAt) : fallbackAt;
    return { notBefore, notAfter, lifetimeMs, fallbackAt, emergencyAt, ariAt, dueAt };
}
/** "+api.example.com -old.example.com; key rsa-2048 -> ecdsa-p256" or undefined when equal. */
function describeChange(wanted, stored) {
    const parts = [];
    const have = new Set(stored.domains.map((d) => d.toLowerCase()));
    const want = new Set(wanted.domains);
    const added = wanted.domains.filter((d) => !have.has(d)).map((d) => `+${d}`);
    const removed = [...have].filter((d) => !want.has(d)).map((d) => `-${d}`);
    if (added.length + removed.length > 0)
        parts.push(`domains changed: ${[...added, ...removed].join(' ')}`);
    if (wanted.key !== stored.keyType)
        parts.push(`key type changed: ${stored.keyType} -> ${wanted.key}`);
    if ((wanted.profile ?? '') !== (stored.profile ?? '')) {
        parts.push(`profile changed: ${stored.profile ?? '(none)'} -> ${wanted.profile ?? '(none)'}`);
    }
    return parts.length > 0 ? parts.join('; ') : undefined;
}
const renewAt = (reason, ms) => ({ action: 'renew', reason, dueAt: iso(ms) });
const skipUntil = (reason, ms) => ({ action: 'skip', reason, dueAt: iso(ms) });
const left = (b, nowMs) => `${share(b.t.notAfter - nowMs, b.t.lifetimeMs)} of its lifetime left`;
const decide_window = (b) => `${b.manifest.ari?.start} to ${b.manifest.ari?.end}`;
/** A rule about a stored bundle: never matches when there is none. */
function onBundle(code, when, decision) {
    return {
        code,
        when: (f) => f.bundle !== undefined && when(f.bundle, f.nowMs, f.input),
        decision: (f) => decision(f.bundle, f.nowMs),
    };
}
/**
 * The header's list, in its order: the first rule whose `when` holds decides. The back-off is not a
 * rule: it holds back whatever a rule found due, unless forced (see `decide`).
 */
const RULES = [
    {
        code: 'unreadable',
        when: (f) => f.input.stored.state === 'unreadable',
        decision: (f) => {
            const stored = f.input.stored;
            return renewAt(`stored bundle unreadable: ${stored.state === 'unreadable' ? stored.error : ''}`, f.nowMs);
        },
    },
    {
        code: 'missing',
        when: (f) => f.input.stored.state === 'missing',
        decision: (f) => ({ action: 'issue', reason: 'not issued yet', dueAt: iso(f.nowMs) }),
    },
    onBundle('changed', (b) => b.change !== undefined, (b, now) => renewAt(b.change ?? '', now)),
    onBundle('forced', (_b, _now, input) => input.forced, (_b, now) => renewAt('forced by the force input', now)),
    onBundle('expired', (b, now) => now >= b.t.notAfter, (b) => renewAt(`expired at ${b.manifest.notAfter}`, b.t.dueAt)),
    onBundle('emergency', (b, now) => now >= b.t.emergencyAt, (b, now) => renewAt(`${left(b, now)}, past the emergency point ${iso(b.t.emergencyAt)}`, b.t.emergencyAt)),
    onBundle('ari-window', (b, now) => b.t.ariAt !== undefined && now >= b.t.ariAt, (b) => renewAt(`inside the CA's renewal window (${decide_window(b)}); this certificate's point was ${iso(b.t.ariAt ?? b.t.dueAt)}`, b.t.ariAt ?? b.t.dueAt)),
    onBundle('not-due', (b) => b.t.ariAt !== undefined, (b) => skipUntil(`not due: the CA's renewal window is ${decide_window(b)}; this certificate's point in it is ${iso(b.t.dueAt)}`, b.t.dueAt)),
    onBundle('fallback', (b, now) => now >= b.t.fallbackAt, (b, now) => renewAt(`${left(b, now)}, past the renew-before point ${iso(b.t.fallbackAt)}`, b.t.fallbackAt)),
    onBundle('not-due', () => true, (b, now) => skipUntil(`not due: ${left(b, now)}; the renew-before point is ${iso(b.t.fallbackAt)}`, b.t.fallbackAt)),
];
function decide(input) {
    const { certificate, stored, now } = input;
    const nowMs = now.getTime();
    // issue 14: a renewal waiting for review is not ordered again (force still orders). When the
    // config changed since, the waiting bundle is not what is wanted, and the rules below apply.
    if (input.pending && !input.forced && !describeChange(certificate, input.pending.manifest)) {
        return pendingVerdict(input, input.pending);
    }
    let bundle;
    let facts = {};
    if (stored.state === 'present') {
        const m = stored.manifest;
        bundle = { manifest: m, t: timeline(m, input.policy), change: describeChange(certificate, m) };
        facts = { expiresAt: m.notAfter, notBefore: m.notBefore, serial: m.serial };
    }
    const f = { input, nowMs, bundle };
    const rule = RULES.find((r) => r.when(f));
    if (!rule)
        throw new Error(`no renewal rule matched ${certificate.name}`); // the last rule always does
    const verdict = rule.decision(f);
    const due = {
        name: certificate.name,
        domains: certificate.domains,
        ...facts,
        action: verdict.action,
        code: rule.code,
        reason: verdict.reason,
        dueAt: verdict.dueAt,
    };
    return holdBack(due, input, nowMs);
}
/**
 * Back-off after failures, unless forced or force-unsafe: a due decision waits until the next
 * attempt, saying what it holds back. A forced certificate never backs off, changed or not.
 */
function holdBack(due, input, nowMs) {
    const backoff = input.backoff;
    if (due.action === 'skip' || !backoff || input.forced || input.ignoreBackoff)
        return due;
    if (Date.parse(backoff.nextAttemptAt) <= nowMs)
        return due;
    const what = due.code === 'missing' ? 'not issued yet' : `due (${due.reason})`;
    const attempts = `${backoff.failures} failed attempt${backoff.failures === 1 ? '' : 's'}`;
    return {
        ...due,
        action: 'skip',
        code: 'backoff',
        reason: `${what}, but backing off after ${attempts} until ${backoff.nextAttemptAt}; last error: ${backoff.lastError}`,
        dueAt: backoff.nextAttemptAt,
    };
}
/**
 * `pending-review`: skip, naming the pull request and how long it has waited. Urgent when the base
 * branch's certificate (the deployed one) is past its emergency point: only a merge helps then.
 */
function pendingVerdict(input, p) {
    const { certificate, stored, now } = input;
    const nowMs = now.getTime();
    const present = stored.state === 'present' ? stored.manifest : undefined;
    const urgent = present ? nowMs >= timeline(present, input.policy).emergencyAt : false;
    const waited = Math.max(0, nowMs - Date.parse(p.openedAt));
    const facts = present
        ? { expiresAt: present.notAfter, notBefore: present.notBefore, serial: present.serial }
        : {};
    const pending = {
        pullRequest: p.pullRequest,
        url: p.url,
        openedAt: p.openedAt,
        serial: p.manifest.serial,
        notAfter: p.manifest.notAfter,
        urgent,
    };
    const head = `renewed in pull request #${p.pullRequest}, waiting for review for ${duration(waited)} (new serial ${p.manifest.serial}, expires ${p.manifest.notAfter}); not ordered again`;
    const tail = urgent
        ? `; the base branch's certificate expires on ${present?.notAfter}, past its emergency point: merge PR #${p.pullRequest} now`
        : '; merge it to deploy';
    return {
        name: certificate.name,
        domains: certificate.domains,
        ...facts,
        action: 'skip',
        code: 'pending-review',
        reason: head + tail,
        // Due again (as urgent) at the emergency point of the certificate in use.
        dueAt: present ? iso(timeline(present, input.policy).emergencyAt) : iso(nowMs),
        pending,
    };
}
/** "45 min", "5 h", "3 days": how long a pull request has waited. */
function duration(ms) {
    const min = Math.floor(ms / 60_000);
    if (min < 120)
        return `${min} min`;
    const h = Math.floor(ms / 3_600_000);
    if (h < 48)
        return `${h} h`;
    return `${Math.floor(ms / 86_400_000)} days`;
}
function share(part, whole) {
    if (whole <= 0)
        return '0%';
    const pct = (part / whole) * 100;
    return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

// EXTERNAL MODULE: ./src/plan/pending.ts
var plan_pending = __webpack_require__(63852);
// EXTERNAL MODULE: ./src/util/duration.ts
var util_duration = __webpack_require__(26518);
;// CONCATENATED MODULE: ./src/plan/schedule.ts
/** Whether the schedule runs often enough to catch a certificate's renewal window twice. */

const HOUR_MS = 3_600_000;
/**
 * The renewal window is the time from the due point to expiry. Two scheduled runs must fit in it,
 * so one failed run (CA outage, DNS hiccup) is retried before the certificate expires.
 * Returns the warning, or undefined when the schedule keeps up.
 */
function scheduleWarning(name, t, intervalHours, source = 'the schedule') {
    const windowMs = t.notAfter - t.dueAt;
    const intervalMs = intervalHours * HOUR_MS;
    if (windowMs >= 2 * intervalMs)
        return undefined;
    const needed = Math.max(1, Math.floor(windowMs / 2 / HOUR_MS));
    return `${name}: its renewal window (due point to expiry) is ${(0,util_duration/* formatDuration */.a3)(windowMs)} of a ${(0,util_duration/* formatDuration */.a3)(t.lifetimeMs)} lifetime, but scheduled runs are ${(0,util_duration/* formatDuration */.a3)(intervalMs)} apart (${source}); one failed run could let it expire. Run at least every ${needed} h, or renew earlier (renewal.renew-before).`;
}

;// CONCATENATED MODULE: ./src/plan/plan.ts
/**
 * The plan of a run: one decision per configured certificate, from the stored bundles, plus the
 * warnings a reviewer should see (schedule too sparse, bundles nobody configures any more).
 */












async function planRenewals(settings, log, deps = {}) {
    const now = deps.now ?? new Date();
    const read = deps.read ?? store_read/* readStoredCertificate */.ZK;
    const policy = (0,config_policy/* renewalPolicy */.j)(settings.config.renewal);
    const dir = (0,store_read/* storeDir */.rT)(settings);
    const names = Object.keys(settings.config.certificates).filter((n) => !settings.only || settings.only.includes(n));
    const warnings = [];
    // issue 14: in pull-request mode the back-off lives on the state branch; bring it into the store.
    if (!deps.stateLoaded)
        await (0,state_branch/* loadStateBranch */.ul)(settings, log, deps.client);
    const storedByName = new Map(await (0,pool/* mapLimit */.s)(names, 16, async (name) => [name, await read(dir, name)]));
    // Once per run: the ARI windows and the back-off below both come from these files.
    const stateFiles = await (0,state/* readGuardStateFiles */._V)(dir, names);
    let ari;
    if (deps.refreshAri) {
        const manifests = new Map([...storedByName].map(([n, s]) => [n, s.state === 'present' ? s.manifest : undefined]));
        // The windows an earlier run kept on the state branch (pull-request mode) are the cache.
        await (0,state/* applyStateWindows */.DT)(dir, manifests, stateFiles);
        ari = await refreshPlanAri(settings, manifests, log, now);
        warnings.push(...ari.warnings);
        if (ari.asked > 0)
            log.info(`ARI: asked the CA about ${ari.asked} certificate(s); ${ari.changed.length} window(s) moved`);
    }
    // issue 14: renewals waiting for review on certflow's pull request branch are not ordered again.
    const pending = deps.pending ?? (await (0,plan_pending/* readPendingRenewals */.D3)(settings, storedByName, log, deps.client));
    const decisions = await (0,pool/* mapLimit */.s)(names, 16, async (name) => {
        const cert = settings.config.certificates[name];
        if (!cert)
            throw new Error(`certificate ${name} vanished from the config`);
        // The state branch's back-off (copied into state.json above) reaches decide() through backoffOf.
        let stored = provenByCertificate(name, storedByName.get(name) ?? { name, state: 'missing' }, now);
        if (stored.state === 'unreadable') {
            // Name the files as the repository does (certificates/www/...), not by this machine's path.
            stored = { ...stored, error: stored.error.split(`${dir}/`).join(`${settings.config.store.path}/`) };
        }
        const decision = decide({
            certificate: {
                name,
                domains: cert.domains,
                key: cert.key,
                profile: cert.profile ?? settings.config.acme.profile,
            },
            stored,
            backoff: backoffOf(name, stored, stateFiles, log),
            pending: pending.get(name),
            policy,
            forced: (0,config_settings/* isForced */.A)(settings, name),
            ignoreBackoff: settings.forceUnsafe,
            now,
        });
        log.debug(`plan ${name}: ${decision.action} (${decision.code}) ${decision.reason}`);
        if (stored.state === 'present' && settings.scheduleIntervalHours !== undefined) {
            const warning = scheduleWarning(name, timeline(stored.manifest, policy), settings.scheduleIntervalHours, settings.scheduleSource);
            if (warning)
                warnings.push(warning);
        }
        return decision;
    });
    if (!settings.only) {
        const orphans = (await (0,store_read/* listStoredCertificates */.G5)(dir)).filter((n) => !(n in settings.config.certificates));
        for (const name of orphans) {
            warnings.push(`${settings.config.store.path}/${name} is stored but not under certificates: in the config; it is not renewed. Remove the folder if it is no longer needed.`);
        }
    }
    return { decisions, warnings, ...(ari ? { ari } : {}) };
}
/**
 * The plan believes the certificate, not the manifest: a bundle whose manifest disagrees with its
 * certificate (an edited notAfter that would stop renewals) is unreadable and renewed, and the
 * dates and serial the decision uses are the certificate's. The chain and the configured names are
 * not checked here: a changed name is the decision's "changed", and a root missing from
 * store.trust would otherwise renew on every run; deploy, check and verify refuse such a bundle.
 */
function provenByCertificate(name, stored, now) {
    if (stored.state !== 'present')
        return stored;
    const verdict = (0,verify/* verifyBundle */.I)(name, stored.manifest, stored.fullchainPem, { now, requireUnexpired: false });
    const leaf = verdict.leaf;
    if (!verdict.ok || !leaf) {
        return { name, state: 'unreadable', error: verdict.findings.map((f) => f.message).join('; ') };
    }
    return {
        ...stored,
        manifest: {
            ...stored.manifest,
            serial: leaf.serial,
            notBefore: leaf.notBefore.toISOString(),
            notAfter: leaf.notAfter.toISOString(),
        },
    };
}
/** `{"certificate":[...due names]}` for `strategy.matrix`. */
function dueMatrix(decisions) {
    return { certificate: decisions.filter((d) => d.action !== 'skip').map((d) => d.name) };
}
/**
 * The back-off after failures, from the guard state (see src/guard/state.ts): the manifest's, or
 * state.json's for a certificate without a readable manifest. A corrupt state.json is a warning and
 * leaves the manifest's.
 */
function backoffOf(name, stored, files, log) {
    const manifest = stored.state === 'present' ? stored.manifest : undefined;
    const file = files.get(name);
    if (file instanceof Error) {
        log.warn(`${name}: ${(0,errors/* errorMessage */.g)(file)}`);
        return manifest?.backoff;
    }
    return (0,state/* mergeGuardState */.r3)(manifest, file).backoff;
}


/***/ })

};
;