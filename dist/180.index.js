"use strict";
exports.id = 180;
exports.ids = [180];
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

/***/ 63248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  h: () => (/* binding */ publishBundles)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/store/read.ts
var store_read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/write.ts
var write = __webpack_require__(82170);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/publish/files.ts
var publish_files = __webpack_require__(40172);
// EXTERNAL MODULE: ./src/publish/github-client.ts
var github_client = __webpack_require__(67426);
;// CONCATENATED MODULE: ./src/publish/commit.ts


/** How often a commit is rebuilt on a branch that keeps moving before giving up. */
const MAX_ATTEMPTS = 5;
/**
 * Most files and content bytes sent in one create-tree request. GitHub times out on big trees
 * ("your input was too large to process", 422 or 502; reported from about 200 files or 2.5 MB), and
 * says to build the tree incrementally: bigger changes become a chain of trees, each on the last,
 * and still one commit. A sealed bundle is 3 files of a few KB, so 50 certificates fit in one.
 */
const TREE_LIMITS = { files: 150, bytes: 1024 * 1024 };
/** Splits `files` into create-tree requests within `limits`, in order; a lone oversize file gets its own. */
function treeChunks(files, limits = TREE_LIMITS) {
    const chunks = [];
    let current = [];
    let bytes = 0;
    for (const file of files) {
        const size = file.content === null ? 0 : Buffer.byteLength(file.content, 'utf8');
        if (current.length > 0 && (current.length >= limits.files || bytes + size > limits.bytes)) {
            chunks.push(current);
            current = [];
            bytes = 0;
        }
        current.push(file);
        bytes += size;
    }
    if (current.length > 0)
        chunks.push(current);
    return chunks;
}
/** GitHub's answer to a tree it could not build in time: worth retrying in smaller pieces. */
function treeTooBig(error) {
    const status = (0,github_client/* httpStatus */.nG)(error);
    if (status === 502 || status === 504)
        return true;
    const message = error?.message ?? '';
    return status === 422 && /timed out|too large/i.test(message);
}
class GitData {
    client;
    gh;
    log;
    constructor(client, gh, log) {
        this.client = client;
        this.gh = gh;
        this.log = log;
    }
    get repo() {
        return { owner: this.gh.owner, repo: this.gh.repo };
    }
    /** The branch's head commit, or undefined when the branch does not exist. */
    async branchHead(branch) {
        try {
            const { data } = await this.client.rest.git.getRef({ ...this.repo, ref: `heads/${branch}` });
            return data.object.sha;
        }
        catch (error) {
            if ((0,github_client/* httpStatus */.nG)(error) === 404)
                return undefined;
            throw (0,github_client/* explainGitHubError */.Pm)(error, `read branch ${branch}`, this.gh, 'contents: write');
        }
    }
    /**
     * Builds (but does not publish) a commit of `files` on top of `parent`. Nothing is written when
     * the parent already holds every file byte for byte (compared by blob SHA, computed locally).
     */
    async build(parent, files, message, storePath) {
        const { data: parentCommit } = await this.client.rest.git
            .getCommit({ ...this.repo, commit_sha: parent })
            .catch((error) => {
            throw (0,github_client/* explainGitHubError */.Pm)(error, `read commit ${parent}`, this.gh, 'contents: write');
        });
        const existing = await this.readStore(parentCommit.tree.sha, storePath);
        if (!existing)
            this.log.debug(`the tree of ${storePath} is too big to list in one call; sending every file`);
        const changed = files.filter((f) => 
        // A deletion of a path the parent lacks changes nothing (GitHub would refuse it).
        f.content === null ? (existing?.has(f.path) ?? true) : existing?.get(f.path) !== (0,publish_files/* gitBlobSha */.Ak)(f.content));
        if (changed.length === 0)
            return { parent, changed: [] };
        let tree = parentCommit.tree.sha;
        const chunks = treeChunks(changed);
        for (const [i, chunk] of chunks.entries()) {
            if (chunks.length > 1)
                this.log.debug(`tree ${i + 1}/${chunks.length}: ${chunk.length} file(s)`);
            tree = await this.writeTree(tree, chunk);
        }
        // Only reachable when the store listing was truncated: the same tree means nothing changed.
        if (tree === parentCommit.tree.sha)
            return { parent, changed: [] };
        await this.verifyTree(tree, changed, storePath);
        const { data: commit } = await this.client.rest.git
            .createCommit({ ...this.repo, message, tree, parents: [parent] })
            .catch((error) => {
            throw (0,github_client/* explainGitHubError */.Pm)(error, 'create the commit', this.gh, 'contents: write');
        });
        return { sha: commit.sha, parent, changed: changed.map((f) => f.path) };
    }
    /**
     * One create-tree request: `files` with their content inline on top of `base`. Creating a tree is
     * idempotent (same input, same SHA), so when GitHub gives up on the size, the two halves are sent
     * as a chain instead, down to one file per request.
     */
    async writeTree(base, files) {
        const tree = files.map((f) => f.content === null
            ? { path: f.path, mode: '100644', type: 'blob', sha: null }
            : { path: f.path, mode: '100644', type: 'blob', content: f.content });
        try {
            const { data } = await this.client.rest.git.createTree({ ...this.repo, base_tree: base, tree });
            return data.sha;
        }
        catch (error) {
            if (files.length > 1 && treeTooBig(error)) {
                const half = Math.ceil(files.length / 2);
                this.log.info(`GitHub could not build a tree of ${files.length} files in time; sending it as two of ${half} and ${files.length - half}`);
                return this.writeTree(await this.writeTree(base, files.slice(0, half)), files.slice(half));
            }
            const more = files.length > 1 ? ` and ${files.length - 1} more file(s)` : '';
            throw (0,github_client/* explainGitHubError */.Pm)(error, `upload ${files[0]?.path}${more}`, this.gh, 'contents: write');
        }
    }
    /**
     * Reads back the blob SHAs of the new tree before anything points at it: a file GitHub stored
     * differently from what we sent (encoding, line endings) would break the key's hash binding.
     */
    async verifyTree(tree, changed, storePath) {
        const stored = await this.readStore(tree, storePath);
        if (!stored)
            return; // too big to list; the manifest's key hash still guards deploys
        for (const file of changed) {
            const expected = file.content === null ? undefined : (0,publish_files/* gitBlobSha */.Ak)(file.content);
            const got = stored.get(file.path);
            if (got !== expected) {
                throw new Error(`GitHub stored ${file.path} in tree ${tree} as blob ${got ?? '(missing)'}, expected ${expected ?? '(deleted)'}: content was altered in transit; nothing was committed. Rerun; if it persists, publish with plain git`);
            }
        }
    }
    readStore(tree, storePath) {
        return this.storeBlobs(tree, storePath).catch((error) => {
            throw (0,github_client/* explainGitHubError */.Pm)(error, `read the tree of ${storePath}`, this.gh, 'contents: write');
        });
    }
    /**
     * Path -> blob SHA for everything under `storePath` in `rootTree`. Walks down one folder at a
     * time and reads only the store recursively, so a big repository costs a few small requests.
     * Undefined when GitHub truncates the listing (more than it lists in one answer).
     */
    async storeBlobs(rootTree, storePath) {
        const blobs = new Map();
        let tree = rootTree;
        for (const segment of storePath.split('/')) {
            const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: tree });
            const entry = data.tree.find((e) => e.path === segment && e.type === 'tree');
            if (!entry?.sha)
                return blobs; // the store folder does not exist yet
            tree = entry.sha;
        }
        const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: tree, recursive: '1' });
        if (data.truncated)
            return undefined;
        for (const e of data.tree)
            if (e.type === 'blob' && e.path && e.sha)
                blobs.set(`${storePath}/${e.path}`, e.sha);
        return blobs;
    }
    /**
     * Moves an existing branch. Without force GitHub refuses anything but a fast forward (422); but
     * branch protection and rulesets answer 422 too ("Repository rule violations found"). So a 422
     * is a conflict only when the branch really moved away from `from` (the head the commit was
     * built on); otherwise it is GitHub's refusal, explained with what to change.
     */
    async moveBranch(branch, sha, force, from) {
        try {
            await this.client.rest.git.updateRef({ ...this.repo, ref: `heads/${branch}`, sha, force });
            return 'moved';
        }
        catch (error) {
            if ((0,github_client/* httpStatus */.nG)(error) === 422 && !force && from !== undefined) {
                const now = await this.branchHead(branch);
                if (now !== from)
                    return 'conflict';
            }
            throw this.refusedRef(error, `move branch ${branch}`, branch);
        }
    }
    async createBranch(branch, sha) {
        try {
            await this.client.rest.git.createRef({ ...this.repo, ref: `refs/heads/${branch}`, sha });
            return 'created';
        }
        catch (error) {
            if ((0,github_client/* httpStatus */.nG)(error) === 422 && (await this.branchHead(branch)))
                return 'exists';
            throw this.refusedRef(error, `create branch ${branch}`, branch);
        }
    }
    /** GitHub's own words for a refused ref change, and what the user can change. */
    refusedRef(error, doing, branch) {
        const explained = (0,github_client/* explainGitHubError */.Pm)(error, doing, this.gh, 'contents: write');
        if ((0,github_client/* httpStatus */.nG)(error) !== 422)
            return explained;
        const advice = branch === this.gh.baseBranch
            ? `${branch} is protected (a ruleset or branch protection): use publish: pull-request, or let the token's identity bypass the rule (ruleset bypass list, or "Allow specified actors to bypass required pull requests")`
            : `a ruleset or branch protection covers ${branch}: exclude certflow's branch from the rule (or choose another pr-branch), or let the token's identity bypass it`;
        return new Error(`${explained.message}. ${advice}`);
    }
    /**
     * Commits `files` on `branch` (which must exist), retrying on top of whatever another writer
     * pushed meanwhile. Never forces: their commits stay, ours goes on top.
     */
    async commitOnBranch(branch, files, message, storePath) {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const head = await this.branchHead(branch);
            if (!head)
                throw new Error(`GitHub: branch ${branch} does not exist in ${this.gh.owner}/${this.gh.repo}`);
            const built = await this.build(head, files, message, storePath);
            if (!built.sha)
                return { ...built, attempts: attempt };
            if ((await this.moveBranch(branch, built.sha, false, head)) === 'moved')
                return { ...built, attempts: attempt };
            this.log.info(`branch ${branch} moved while committing (attempt ${attempt}); rebuilding on top of the new head`);
        }
        throw new Error(`GitHub: branch ${branch} in ${this.gh.owner}/${this.gh.repo} kept moving; gave up after ${MAX_ATTEMPTS} attempts without overwriting anything. Rerun when pushes settle`);
    }
}

// EXTERNAL MODULE: ./src/util/git.ts
var git = __webpack_require__(13968);
;// CONCATENATED MODULE: ./src/publish/git.ts

async function gitOk(cwd, args, doing) {
    const result = await (0,git/* runGit */.E)(cwd, args);
    if (result.code !== 0) {
        throw new Error(`git: could not ${doing} in ${cwd}: ${result.stderr.trim() || `git ${args[0]} exited ${result.code}`}`);
    }
    return result.stdout.trim();
}
/** Those of `paths` git tracks (index or HEAD). */
async function knownPaths(cwd, paths) {
    if (paths.length === 0)
        return [];
    const index = await (0,git/* runGit */.E)(cwd, ['ls-files', '--cached', '-z', '--', ...paths]);
    const head = await (0,git/* runGit */.E)(cwd, ['ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', ...paths]);
    const known = new Set([...index.stdout.split('\0'), ...(head.code === 0 ? head.stdout.split('\0') : [])]);
    return paths.filter((p) => known.has(p));
}
async function publishWithGit(settings, files, message, log) {
    const cwd = settings.workspace;
    await gitOk(cwd, ['rev-parse', '--show-toplevel'], 'find the repository (publish: git needs a git checkout)');
    const written = files.filter((f) => f.content !== null).map((f) => f.path);
    // A deletion is only a change where git knows the path; naming an unknown path to add/commit fails.
    const deleted = await knownPaths(cwd, files.filter((f) => f.content === null).map((f) => f.path));
    const paths = [...new Set([...written, ...deleted])];
    if (paths.length === 0) {
        log.info('nothing to publish');
        return { action: 'none', files: [] };
    }
    // -A stages removals too (a guard state.json cleared after a success).
    await gitOk(cwd, ['add', '-A', '--', ...paths], 'stage the bundle files');
    const diff = await (0,git/* runGit */.E)(cwd, ['diff', '--cached', '--name-only', '--', ...paths]);
    const changed = diff.stdout.split('\n').filter(Boolean);
    if (changed.length === 0) {
        log.info('the bundles are already committed; nothing to publish');
        return { action: 'none', files: [] };
    }
    // A fresh CI machine often has no identity; commit as certflow rather than fail.
    const identity = (await (0,git/* runGit */.E)(cwd, ['config', 'user.email'])).code === 0
        ? []
        : ['-c', 'user.name=certflow', '-c', 'user.email=certflow@localhost'];
    // `commit --only -- paths` records just these paths, leaving anything else staged alone.
    const commit = await (0,git/* runGit */.E)(cwd, [...identity, 'commit', '--quiet', '--only', '-F', '-', '--', ...paths], message);
    if (commit.code !== 0)
        throw new Error(`git: could not commit the bundles in ${cwd}: ${commit.stderr.trim()}`);
    const sha = await gitOk(cwd, ['rev-parse', 'HEAD'], 'read the new commit');
    const branch = (await (0,git/* runGit */.E)(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim() || undefined;
    log.info(`committed ${changed.length} file(s) as ${sha.slice(0, 12)}${branch ? ` on ${branch}` : ''}`);
    if (settings.push) {
        if (!branch)
            throw new Error(`git: cannot push from ${cwd}: HEAD is detached; check out a branch first`);
        const remote = (await (0,git/* runGit */.E)(cwd, ['config', `branch.${branch}.remote`])).stdout.trim() || 'origin';
        const target = (await (0,git/* runGit */.E)(cwd, ['config', `branch.${branch}.merge`])).stdout.trim() || `refs/heads/${branch}`;
        const push = await (0,git/* runGit */.E)(cwd, ['push', '--porcelain', remote, `HEAD:${target}`]);
        if (push.code !== 0) {
            const rejected = /rejected|non-fast-forward|fetch first/i.test(push.stdout + push.stderr);
            throw new Error(rejected
                ? `git: ${remote} refused the push to ${target} because it has commits this checkout lacks; the renewal is committed locally (${sha.slice(0, 12)}): run \`git pull --rebase && git push\``
                : `git: could not push ${branch} to ${remote}: ${push.stderr.trim()}`);
        }
        log.info(`pushed ${branch} to ${remote}`);
    }
    return {
        action: 'committed',
        files: changed,
        commitSha: sha,
        ...(branch ? { branch } : {}),
        message: `${message.split('\n')[0]}: committed${settings.push ? ' and pushed' : ''}`,
    };
}

// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/store/manifest.ts
var store_manifest = __webpack_require__(77544);
// EXTERNAL MODULE: ./src/store/trust.ts
var store_trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/verify.ts
var verify = __webpack_require__(37008);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(40704);
;// CONCATENATED MODULE: ./src/publish/verify-status.ts








const VERIFY_CONTEXT = 'certflow/verify';
/** GitHub cuts descriptions at 140 characters. */
const verify_status_short = (text) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);
/** Verifies every configured bundle on `branch` as GitHub holds it, and sets the status on its head. */
async function reportVerifyStatus(git, settings, branch, log, now = new Date()) {
    const { owner, repo } = git.gh;
    const rest = git.client.rest;
    const sha = await git.branchHead(branch);
    if (!sha)
        return undefined;
    const commit = await rest.git.getCommit({ owner, repo, commit_sha: sha });
    const tree = await rest.git.getTree({ owner, repo, tree_sha: commit.data.tree.sha, recursive: 'true' });
    const blobs = new Map(tree.data.tree.filter((e) => e.type === 'blob').map((e) => [e.path, e.sha]));
    const read = async (path) => {
        const blobSha = blobs.get(path);
        if (!blobSha)
            return undefined;
        const blob = await rest.git.getBlob({ owner, repo, file_sha: blobSha });
        return Buffer.from(blob.data.content, 'base64').toString('utf8');
    };
    const trust = await (0,store_trust/* loadTrustAnchors */.lK)(settings);
    const store = (0,publish_files/* storePathInRepo */.cU)(settings);
    const problems = [];
    let checked = 0;
    const entries = Object.entries(settings.config.certificates ?? {});
    // Eight bundles at a time: one by one, a matrix run's 1,000 certificates are 2,000 round trips
    // in a row (issue 22).
    const texts = await (0,pool/* mapLimit */.s)(entries, 8, async ([name]) => {
        const prefix = `${store ? `${store}/` : ''}${name}`;
        const [manifestText, fullchain] = await Promise.all([
            read(`${prefix}/${store_read/* BUNDLE_FILES */.HJ.manifest}`),
            read(`${prefix}/${store_read/* BUNDLE_FILES */.HJ.fullchain}`),
        ]);
        return { prefix, manifestText, fullchain };
    });
    for (const [i, [name, cert]] of entries.entries()) {
        const { prefix, manifestText, fullchain } = texts[i] ?? {};
        if (manifestText === undefined && fullchain === undefined)
            continue;
        checked++;
        try {
            if (manifestText === undefined || fullchain === undefined)
                throw new Error('a bundle file is missing');
            const manifest = (0,store_manifest/* parseManifest */.Ng)(manifestText, `${prefix}/${store_read/* BUNDLE_FILES */.HJ.manifest}`);
            const verdict = (0,verify/* verifyBundle */.I)(name, manifest, fullchain, {
                domains: cert.domains,
                trust,
                now,
                requireUnexpired: true,
            });
            problems.push(...verdict.findings.map((f) => f.message));
        }
        catch (error) {
            problems.push(`bundle ${name}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    const status = {
        sha,
        state: problems.length === 0 ? 'success' : 'failure',
        description: verify_status_short(problems.length === 0 ? `all ${checked} bundles valid` : problems.join('; ')),
    };
    try {
        await rest.repos.createCommitStatus({
            owner,
            repo,
            sha,
            state: status.state,
            context: VERIFY_CONTEXT,
            description: status.description,
            ...(settings.runUrl ? { target_url: settings.runUrl } : {}),
        });
        log.info(`${VERIFY_CONTEXT} on ${branch} (${sha.slice(0, 12)}): ${status.state}: ${status.description}`);
    }
    catch (error) {
        const code = (0,github_client/* httpStatus */.nG)(error);
        if (code === 403 || code === 404) {
            log.warn(`cannot set the commit status ${VERIFY_CONTEXT} on ${branch} (HTTP ${code}): give the renew job \`statuses: write\` (renew.yml permissions) so branch protection can require it`);
            return status;
        }
        throw error;
    }
    return status;
}

;// CONCATENATED MODULE: ./src/publish/message.ts
/**
 * Words of a publish: commit message, pull request title and body. Pure functions of the bundles
 * and the plan's decisions, so the same renewal always reads the same way.
 *
 * GitHub refuses a pull request whose title passes 256 characters or whose body passes 65,536
 * (422 "title is too long"), and a first run renews every certificate at once. So the title
 * names as many certificates as fit and counts the rest, and the body collapses to one table row
 * per certificate when the full sections would not fit. The commit message and the job summary
 * keep the full detail of every certificate.
 */


/** GitHub's limits on a pull request, in characters (not bytes). */
const PR_LIMITS = { title: 256, body: 65_536 };
/**
 * Body size past which the sections collapse to one row per certificate: GitHub's limit less
 * room for the fixed text around them and for a hand edit.
 */
const BODY_BUDGET = 60_000;
/**
 * GitHub counts characters; a string's UTF-16 length is never less than that, so checking it
 * keeps under the limit without counting code points of a large body.
 */
function chars(text) {
    return text.length;
}
/**
 * "Renew certificates: www, api", or as many names as fit in `max` characters and a count of the
 * rest ("Renew certificates: www, api and 37 more").
 */
function titleFor(names, max = PR_LIMITS.title) {
    const prefix = 'Renew certificates: ';
    const full = `${prefix}${names.join(', ')}`;
    if (chars(full) <= max)
        return full;
    for (let shown = names.length - 1; shown > 0; shown--) {
        const title = `${prefix}${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
        if (chars(title) <= max)
            return title;
    }
    return `Renew ${names.length} certificates`;
}
/** The commit message: the title, then every certificate in full (the body may be collapsed). */
function commitMessage(bundles, decisions) {
    const lines = bundles.map((b) => {
        const m = b.manifest;
        const reason = decisionFor(b.name, decisions)?.reason;
        return [
            `- ${b.name}: serial ${m.replaces ?? '(new)'} -> ${m.serial}, expires ${m.notAfter}${reason ? ` (${reason})` : ''}`,
            `  names ${m.domains.join(' ')}; ${m.keyType} key, public key SHA-256 ${m.publicKeySha256}; issuer ${m.issuer}`,
        ].join('\n');
    });
    return `${titleFor(bundles.map((b) => b.name))}\n\n${lines.join('\n')}\n`;
}
function decisionFor(name, decisions) {
    return decisions.find((d) => d.name === name);
}
const BEGIN = (name) => `<!-- certflow:begin ${name} -->`;
const END = (name) => `<!-- certflow:end ${name} -->`;
const SECTION = /<!-- certflow:begin ([a-z0-9._-]+) -->\n([\s\S]*?)<!-- certflow:end \1 -->/g;
const ROWS_BEGIN = '<!-- certflow:rows -->';
const ROWS_END = '<!-- certflow:end rows -->';
const ROW = /^\| `([a-z0-9._-]+)` \|.*\|$/gm;
const ROWS_HEADER = '| Certificate | Serial | Expires | Reason |\n|---|---|---|---|';
/** One line of the collapsed table: name, serial change, expiry, reason. */
function rowFor(bundle, decision) {
    const m = bundle.manifest;
    return rowOf(bundle.name, `${m.replaces ? (0,report_escape/* code */.aY)(m.replaces) : '(new)'} → ${(0,report_escape/* code */.aY)(m.serial)}`, (0,report_escape.md)(m.notAfter), decision ? (0,report_escape.md)(decision.reason) : 'renewed');
}
function rowOf(name, serial, expires, reason) {
    return `| ${(0,report_escape/* code */.aY)(name)} | ${serial} | ${expires} | ${reason} |`;
}
/** The collapsed row of a full section written by an earlier run (cells are already escaped). */
function rowFromSection(name, section) {
    const cell = (key) => new RegExp(`^\\| ${key} \\| (.*) \\|$`, 'm').exec(section)?.[1] ?? '';
    const expires = /\*\*(.*)\*\*/.exec(cell('Valid'))?.[1] ?? cell('Valid');
    const reason = cell('Reason').replace(/ \(`[a-z-]+`\)$/, '');
    return rowOf(name, cell('Serial').replace('(new certificate)', '(new)'), expires, reason);
}
/** Collapsed rows already in a body, by certificate name. */
function parseRows(body) {
    const rows = new Map();
    const text = body ?? '';
    const start = text.indexOf(ROWS_BEGIN);
    const end = text.indexOf(ROWS_END, start);
    if (start < 0 || end < 0)
        return rows;
    for (const m of text.slice(start, end).matchAll(ROW))
        rows.set(m[1] ?? '', m[0]);
    return rows;
}
/** One certificate's section of the pull request body. */
function sectionFor(bundle, decision) {
    const m = bundle.manifest;
    const rows = [
        ['Names', m.domains.map(report_escape/* code */.aY).join(', ')],
        ['Serial', `${m.replaces ? (0,report_escape/* code */.aY)(m.replaces) : '(new certificate)'} → ${(0,report_escape/* code */.aY)(m.serial)}`],
        ['Valid', `${(0,report_escape.md)(m.notBefore)} → **${(0,report_escape.md)(m.notAfter)}**`],
        ['Issuer', (0,report_escape.md)(m.issuer)],
        ['Key type', (0,report_escape/* code */.aY)(m.keyType)],
        ['Public key SHA-256', (0,report_escape/* code */.aY)(m.publicKeySha256)],
    ];
    if (m.profile)
        rows.push(['Profile', (0,report_escape/* code */.aY)(m.profile)]);
    rows.push(['Reason', decision ? `${(0,report_escape.md)(decision.reason)} (${(0,report_escape/* code */.aY)(decision.code)})` : 'renewed']);
    const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
    return `${BEGIN(bundle.name)}\n### ${bundle.name}\n\n${table}\n${END(bundle.name)}`;
}
/** Sections already in a body, by certificate name, in their order. */
function parseSections(body) {
    const sections = new Map();
    for (const m of (body ?? '').matchAll(SECTION))
        sections.set(m[1] ?? '', m[0]);
    return sections;
}
/**
 * The pull request body: this run's sections replace earlier ones for the same certificate;
 * sections of certificates renewed by earlier runs (still unmerged on the branch) are kept.
 * Past BODY_BUDGET characters every certificate gets one table row instead, and past that the
 * rows that do not fit are counted, so the body always stays under GitHub's limit.
 */
function pullRequestBody(bundles, decisions, storePath, previousBody) {
    const entries = new Map();
    for (const [name, section] of parseSections(previousBody))
        entries.set(name, { section, row: rowFromSection(name, section) });
    for (const [name, row] of parseRows(previousBody))
        if (!entries.has(name))
            entries.set(name, { row });
    for (const bundle of bundles) {
        const decision = decisionFor(bundle.name, decisions);
        entries.set(bundle.name, { section: sectionFor(bundle, decision), row: rowFor(bundle, decision) });
    }
    const names = [...entries.keys()];
    const intro = `certflow renewed ${names.length === 1 ? 'this certificate' : `these ${names.length} certificates`}. The private keys are in \`${storePath}/<name>/privkey.pem.age\`, encrypted with age to the store's recipients; \`certificate.json\` shows in clear what changed.`;
    const tail = [
        '### Before merging',
        '',
        `The \`${VERIFY_CONTEXT}\` status on this pull request says whether every bundle verifies: the chain to a trusted root, the names, the manifest against the certificate. \`review.yml\` (\`command: verify\`) runs the same check on pull requests opened by people. Require it in branch protection.`,
        '',
        '### How to deploy',
        '',
        'Merge this pull request. The deploy workflow (on push to the base branch, `command: deploy`) decrypts the keys with the age identity held in its protected environment and installs them on the target hosts, then verifies over TLS that they serve the new certificates. To deploy by hand: `npx certflow deploy`.',
        '',
        '<sub>Opened by certflow. Reruns update this pull request instead of opening another; merging or closing it starts a fresh one next time.</sub>',
        '',
    ].join('\n');
    const values = [...entries.values()];
    const sections = values.map((e) => e.section);
    const estimate = sections.reduce((n, s) => n + (s?.length ?? 0), 0);
    if (estimate <= BODY_BUDGET && sections.every((s) => s !== undefined)) {
        const body = [intro, '', ...sections.flatMap((s) => [s, '']), tail].join('\n');
        if (chars(body) <= BODY_BUDGET)
            return { title: titleFor(names), body, names };
    }
    return { title: titleFor(names), body: collapsedBody(intro, values, tail), names };
}
/** One row per certificate, as many as fit in BODY_BUDGET; the rest are counted. */
function collapsedBody(intro, entries, tail) {
    const note = 'Too many certificates for a section each: one line per certificate. The commit message and the job summary of the run list every certificate in full.';
    const fixed = chars([intro, note, ROWS_BEGIN, ROWS_HEADER, ROWS_END, tail].join('\n\n')) + 200;
    const rows = [];
    let size = fixed;
    for (const entry of entries) {
        const add = chars(entry.row) + 1;
        if (size + add > BODY_BUDGET)
            break;
        rows.push(entry.row);
        size += add;
    }
    const left = entries.length - rows.length;
    const more = left > 0 ? [`…and ${left} more: see the commit messages on this branch.`, ''] : [];
    return [intro, '', note, '', ROWS_BEGIN, ROWS_HEADER, ...rows, ROWS_END, '', ...more, tail].join('\n');
}

;// CONCATENATED MODULE: ./src/publish/foreign.ts


const RUN_TRAILER = 'Certflow-Run';
/** The trailer paragraph certflow puts at the end of its commit messages on the renewal branch. */
function runTrailer(settings, now = new Date()) {
    return `${RUN_TRAILER}: ${settings.runUrl ?? `local ${now.toISOString()}`}`;
}
/** `message` (ending in a newline) with the trailer as its last paragraph. */
function withRunTrailer(message, settings) {
    return `${message.replace(/\n*$/, '\n')}\n${runTrailer(settings)}\n`;
}
/** GitHub lists at most this many files in a comparison; more is treated as unknown. */
const MAX_FILES = 300;
async function compare(git, base, head) {
    const gh = git.gh;
    try {
        const { data } = await git.client.rest.repos.compareCommitsWithBasehead({
            owner: gh.owner,
            repo: gh.repo,
            basehead: `${base}...${head}`,
            per_page: 100,
        });
        return data;
    }
    catch (error) {
        throw (0,github_client/* explainGitHubError */.Pm)(error, `compare ${base}...${head}`, gh, 'contents: write');
    }
}
function paths(c) {
    const out = new Set();
    for (const f of c.files ?? []) {
        out.add(f.filename);
        if (f.previous_filename)
            out.add(f.previous_filename);
    }
    return [...out].sort();
}
function insideStore(path, storePath) {
    return path.startsWith(`${storePath}/`);
}
/** A trailer paragraph holding `Certflow-Run: <something>`. */
function hasRunTrailer(message) {
    const last = message
        .trimEnd()
        .split(/\n\s*\n/)
        .pop() ?? '';
    return new RegExp(`^${RUN_TRAILER}: \\S`, 'm').test(last);
}
/** Every commit of `branch` since it left `base`, judged; and the paths the PR changes outside the store. */
async function reviewRenewalBranch(git, base, branch, storePath) {
    const all = await compare(git, base, branch);
    const outsideStore = paths(all).filter((p) => !insideStore(p, storePath));
    if ((all.files?.length ?? 0) >= MAX_FILES)
        outsideStore.push('(GitHub lists only the first 300 files)');
    if (all.total_commits > all.commits.length) {
        return {
            outsideStore,
            foreign: [
                {
                    sha: all.commits[0]?.sha ?? branch,
                    subject: '',
                    paths: [],
                    why: `${branch} has ${all.total_commits} commits since ${base}, more than GitHub lists at once`,
                },
            ],
        };
    }
    const foreign = [];
    for (const c of all.commits) {
        const subject = c.commit.message.split('\n')[0] ?? '';
        const parent = c.parents[0]?.sha;
        const changed = parent ? paths(await compare(git, parent, c.sha)) : [];
        const outside = changed.filter((p) => !insideStore(p, storePath));
        const reasons = [];
        if (!hasRunTrailer(c.commit.message))
            reasons.push(`no ${RUN_TRAILER}: trailer`);
        if (c.parents.length !== 1)
            reasons.push(`${c.parents.length} parents`);
        if (outside.length > 0)
            reasons.push(`changes outside ${storePath}/: ${outside.join(', ')}`);
        if (reasons.length > 0)
            foreign.push({ sha: c.sha, subject, paths: changed, why: reasons.join('; ') });
    }
    return { foreign, outsideStore };
}
/** The error that stops a publish on a branch with someone else's commits. */
function foreignCommitError(review, branch, pull) {
    const list = review.foreign
        .map((c) => `${c.sha.slice(0, 12)} "${c.subject}" (${c.why}; paths: ${c.paths.join(', ') || 'none listed'})`)
        .join('; ');
    return new Error(`the renewal branch ${branch} of pull request #${pull.number} has commits certflow did not make: ${list}. certflow does not build on them and left the branch as it was. Close pull request #${pull.number} (${pull.url}) or delete the branch ${branch}; the next run opens a fresh one from the base branch`);
}
/** The last section of every renewal PR body: what the PR changes outside the store. */
function outsideStoreSection(outside, storePath) {
    if (outside.length === 0) {
        return `### Paths outside the store\n\nNone: this pull request changes only \`${storePath}/\`.\n`;
    }
    return [
        '### Paths outside the store',
        '',
        `> [!WARNING]`,
        `> This pull request changes files outside \`${storePath}/\`, which certflow never writes. Review them before merging, or close the pull request.`,
        '',
        ...outside.map((p) => `- ${(0,report_escape.md)(p)}`),
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/publish/pull-request.ts




async function publishPullRequest(settings, git, files, bundles, decisions, storePath, log) {
    const gh = git.gh;
    const branch = settings.prBranch;
    const base = gh.baseBranch;
    // issue 14: the trailer marks certflow's commits on the branch (see foreign.ts).
    const message = withRunTrailer(commitMessage(bundles, decisions), settings);
    const open = await findOpenPull(git, branch);
    const branchHead = await git.branchHead(branch);
    if (open && branchHead) {
        const { commit, review } = await commitOnReviewedBranch(git, branch, files, message, storePath, open);
        if (!commit.sha) {
            log.info(`pull request #${open.number} already holds these bundles; left untouched`);
            return { action: 'none', files: [], branch, pullRequest: { number: open.number, url: open.html_url } };
        }
        const words = pullRequestBody(bundles, decisions, storePath, open.body);
        const title = words.title;
        const body = `${words.body}
${outsideStoreSection(review.outsideStore, storePath)}`;
        await git.client.rest.pulls
            .update({ owner: gh.owner, repo: gh.repo, pull_number: open.number, title, body })
            .catch((error) => {
            throw (0,github_client/* explainGitHubError */.Pm)(error, `update pull request #${open.number}`, gh, 'pull-requests: write');
        });
        const warnings = await addLabels(git, open.number, settings.prLabels, log);
        log.info(`updated pull request #${open.number} (${open.html_url}) with commit ${commit.sha}`);
        return {
            ...(warnings.length > 0 ? { warnings } : {}),
            action: 'pr-updated',
            files: commit.changed,
            commitSha: commit.sha,
            branch,
            pullRequest: { number: open.number, url: open.html_url },
            message: `${title}: pull request #${open.number} updated`,
        };
    }
    const baseHead = await git.branchHead(base);
    if (!baseHead)
        throw new Error(`GitHub: the base branch ${base} does not exist in ${gh.owner}/${gh.repo}`);
    const built = await git.build(baseHead, files, message, storePath);
    if (!built.sha) {
        log.info(`${base} already holds these bundles; no pull request needed`);
        return { action: 'none', files: [], branch };
    }
    if (branchHead) {
        log.info(`resetting ${branch} (no open pull request) to ${base} plus the renewal`);
        await git.moveBranch(branch, built.sha, true);
    }
    else if ((await git.createBranch(branch, built.sha)) === 'exists') {
        // Created by a concurrent run between our read and now: take it over, there is no open PR on it.
        await git.moveBranch(branch, built.sha, true);
    }
    const words = pullRequestBody(bundles, decisions, storePath);
    const title = words.title;
    // A fresh branch is the base plus this run's store commit: nothing outside the store.
    const body = `${words.body}\n${outsideStoreSection([], storePath)}`;
    const pull = await createPull(git, { title, body, head: branch, base });
    // The pull request exists from here on: nothing below may fail the publish, or the run would
    // report no pull request (and set no outputs) for one that reviewers already see.
    const warnings = await addLabels(git, pull.number, settings.prLabels, log);
    log.info(`opened pull request #${pull.number}: ${pull.html_url}`);
    return {
        ...(warnings.length > 0 ? { warnings } : {}),
        action: 'pr-created',
        files: built.changed,
        commitSha: built.sha,
        branch,
        pullRequest: { number: pull.number, url: pull.html_url },
        message: `${title}: pull request #${pull.number} opened`,
    };
}
/**
 * Commits on the open pull request's branch, but only on a head whose every commit since the base
 * is certflow's (foreign.ts); the branch is moved without force, so a push between the review and
 * the move makes GitHub refuse it, and the new head is reviewed again. Nothing is written when the
 * review fails: the branch stays exactly as it was.
 */
async function commitOnReviewedBranch(git, branch, files, message, storePath, open) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const head = await git.branchHead(branch);
        if (!head)
            throw new Error(`GitHub: branch ${branch} was deleted while publishing; rerun`);
        const review = await reviewRenewalBranch(git, git.gh.baseBranch, head, storePath);
        if (review.foreign.length > 0) {
            throw foreignCommitError(review, branch, { number: open.number, url: open.html_url });
        }
        const built = await git.build(head, files, message, storePath);
        if (!built.sha || (await git.moveBranch(branch, built.sha, false, head)) === 'moved') {
            return { commit: { ...built, attempts: attempt }, review };
        }
        git.log.info(`branch ${branch} moved while committing (attempt ${attempt}); reviewing the new head`);
    }
    throw new Error(`GitHub: branch ${branch} kept moving; gave up after ${MAX_ATTEMPTS} attempts without overwriting anything. Rerun when pushes settle`);
}
async function findOpenPull(git, branch) {
    const gh = git.gh;
    try {
        const { data } = await git.client.rest.pulls.list({
            owner: gh.owner,
            repo: gh.repo,
            state: 'open',
            head: `${gh.owner}:${branch}`,
            per_page: 10,
        });
        // Oldest first: if duplicates exist (made by hand), keep updating the first one.
        return data.sort((a, b) => a.number - b.number)[0];
    }
    catch (error) {
        throw (0,github_client/* explainGitHubError */.Pm)(error, `list pull requests for ${branch}`, gh, 'pull-requests: write');
    }
}
async function createPull(git, pull) {
    const gh = git.gh;
    try {
        const { data } = await git.client.rest.pulls.create({ owner: gh.owner, repo: gh.repo, ...pull });
        return data;
    }
    catch (error) {
        // Another run opened it between our list and our create: update that one instead of failing.
        if ((0,github_client/* httpStatus */.nG)(error) === 422) {
            const existing = await findOpenPull(git, pull.head);
            if (existing) {
                await git.client.rest.pulls.update({
                    owner: gh.owner,
                    repo: gh.repo,
                    pull_number: existing.number,
                    title: pull.title,
                    body: pull.body,
                });
                return existing;
            }
        }
        throw (0,github_client/* explainGitHubError */.Pm)(error, `open a pull request from ${pull.head} into ${pull.base}`, gh, 'pull-requests: write');
    }
}
/**
 * Makes sure each label exists (GitHub would create it grey otherwise) and puts them on the PR.
 * Creating a label needs `issues: write`, which a token with only `pull-requests: write` lacks;
 * the pull request is already open then, so a refusal is a warning (returned and logged), never a
 * failure of the publish.
 */
async function addLabels(git, number, labels, log) {
    if (labels.length === 0)
        return [];
    const gh = git.gh;
    const repo = { owner: gh.owner, repo: gh.repo };
    const warnings = [];
    const warn = (error, doing) => {
        const message = `pull request #${number} is open, but labels were not applied: ${(0,github_client/* explainGitHubError */.Pm)(error, doing, gh, 'issues: write').message}`;
        warnings.push(message);
        log.warn(message);
    };
    const present = [];
    for (const name of labels) {
        try {
            await git.client.rest.issues.getLabel({ ...repo, name });
            present.push(name);
            continue;
        }
        catch (error) {
            if ((0,github_client/* httpStatus */.nG)(error) !== 404) {
                warn(error, `read label ${name}`);
                continue;
            }
        }
        try {
            await git.client.rest.issues.createLabel({
                ...repo,
                name,
                color: '0e8a16',
                description: 'Certificate renewals by certflow',
            });
            present.push(name);
        }
        catch (error) {
            // 422: someone created it meanwhile, which is what we wanted.
            if ((0,github_client/* httpStatus */.nG)(error) === 422)
                present.push(name);
            else
                warn(error, `create label ${name}`);
        }
    }
    if (present.length === 0)
        return warnings;
    try {
        await git.client.rest.issues.addLabels({ ...repo, issue_number: number, labels: present });
    }
    catch (error) {
        warn(error, `label pull request #${number}`);
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/publish/index.ts
/**
 * Publishing: puts sealed bundles where reviewers and the deploy job find them. The mode comes
 * from Settings.publish:
 * - `pull-request` (default): a commit on certflow's branch and one open pull request (GitHub API)
 * - `commit`: one commit on the base branch (GitHub API), rebuilt on top if the branch moves
 * - `git`: a commit in the local checkout with plain git, pushed when `push` is set (CLI)
 * - `none`: the files in the working tree only
 * In every mode but dry run the bundles are (re)written to the working tree first, so a deploy in
 * the same job reads what was published; rewriting an unchanged bundle is a no-op.
 *
 * Extra store files (a failed certificate's guard state: history and back-off) go into the same
 * commit, or into a commit of their own when nothing was renewed: a CI job starts from a fresh
 * checkout, so state that only lives in the working tree is lost and a broken setup is retried
 * at every run. The pull-request mode leaves them to the caller (see docs/hooks-and-limits.md).
 */












async function publishBundles(settings, bundles, decisions, log, options = {}) {
    const bundlePaths = new Set((0,publish_files/* bundleFiles */.e6)(settings, bundles).map((f) => f.path));
    // A bundle's own file wins over an extra of the same path: the sealed content is the truth.
    const extras = (0,publish_files/* extraChanges */.yd)(settings, options.extraFiles ?? []).filter((f) => !bundlePaths.has(f.path));
    if (settings.publish === 'pull-request' && extras.length > 0) {
        throw new Error('publish: extra files cannot go through a pull request (they would reach the base branch only through review); keep them in the working tree. This is a bug in the caller');
    }
    if (bundles.length === 0 && extras.length === 0) {
        return { action: 'none', files: [], message: 'nothing was renewed' };
    }
    const files = (0,publish_files/* bundleFiles */.e6)(settings, bundles);
    if (settings.dryRun)
        return dryRun(settings, files);
    const written = [];
    for (const bundle of bundles) {
        const result = await (0,write/* writeBundle */.M)((0,store_read/* storeDir */.rT)(settings), bundle);
        written.push(...result.changed);
    }
    written.push(...(await writeExtras(settings, extras)));
    const changes = [...files, ...extras];
    const storePath = (0,publish_files/* storePathInRepo */.cU)(settings);
    const message = messageFor(bundles, decisions, extras, options.extraMessage);
    switch (settings.publish) {
        case 'none':
            return written.length > 0
                ? {
                    action: 'written',
                    files: changedPaths(changes, written, settings),
                    message: `wrote ${written.length} file(s)`,
                }
                : { action: 'none', files: [], message: 'the working tree already holds these files' };
        case 'git':
            return publishWithGit(settings, changes, message, log);
        case 'commit':
        case 'pull-request': {
            const gh = settings.github;
            if (!gh) {
                throw new errors/* UsageError */.e(`publish: ${settings.publish} needs GitHub (a token and the repository); outside GitHub Actions use publish: git`, [{ path: 'publish', message: 'needs github-token and GITHUB_REPOSITORY' }]);
            }
            const git = new GitData(await (0,github_client/* createGitHubClient */.LX)(gh, log, options.client), gh, log);
            if (settings.publish === 'pull-request') {
                const result = await publishPullRequest(settings, git, files, bundles, decisions, storePath, log);
                if (options.verifyStatus && result.branch && result.pullRequest) {
                    // The pull request is published either way: a failed status is a warning, not a lost PR.
                    await reportVerifyStatus(git, settings, result.branch, log).catch((error) => log.warn(`cannot set the commit status certflow/verify: ${(0,errors/* errorMessage */.g)(error)}`));
                }
                return result;
            }
            const commit = await git.commitOnBranch(gh.baseBranch, changes, message, storePath);
            if (!commit.sha) {
                log.info(`${gh.baseBranch} already holds these files; no commit`);
                return { action: 'none', files: [], branch: gh.baseBranch };
            }
            log.info(`committed ${commit.changed.length} file(s) on ${gh.baseBranch} as ${commit.sha}`);
            return {
                action: 'committed',
                files: commit.changed,
                commitSha: commit.sha,
                branch: gh.baseBranch,
                message: `${message.split('\n')[0]}: committed on ${gh.baseBranch}${commit.attempts > 1 ? ` (rebuilt ${commit.attempts - 1} time(s) on a moved branch)` : ''}`,
            };
        }
    }
}
/**
 * The bundles' message, or the extras' own when nothing was renewed. With both, the extras are
 * named in the body so a reader of the history sees why a state file moved.
 */
function messageFor(bundles, decisions, extras, extraMessage) {
    const extraLine = extraMessage ?? `Record certificate state: ${[...new Set(extras.map((e) => e.bundle))].join(', ')}`;
    if (bundles.length === 0)
        return `${extraLine}\n`;
    const base = commitMessage(bundles, decisions);
    return extras.length > 0 ? `${base}\n${extraLine}\n` : base;
}
/** Puts the extras in the working tree (usually already there); absolute paths of those that changed. */
async function writeExtras(settings, extras) {
    const changed = [];
    for (const extra of extras) {
        const path = (0,external_node_path_.join)(settings.workspace, extra.path);
        if (extra.content === null) {
            const existed = await (0,promises_.readFile)(path).then(() => true, () => false);
            await (0,promises_.rm)(path, { force: true });
            if (existed)
                changed.push(path);
        }
        else {
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true, mode: 0o755 });
            if (await (0,write/* writeFileAtomic */.Z)(path, extra.content))
                changed.push(path);
        }
    }
    return changed;
}
function changedPaths(files, absolute, settings) {
    const set = new Set(absolute);
    return files.filter((f) => set.has((0,external_node_path_.join)(settings.workspace, f.path))).map((f) => f.path);
}
/** What a real run would write, from a comparison with the working tree; nothing is touched. */
async function dryRun(settings, files) {
    const added = [];
    const changed = [];
    for (const file of files) {
        const current = await (0,promises_.readFile)((0,external_node_path_.join)(settings.workspace, file.path), 'utf8').catch(() => undefined);
        if (current === undefined)
            added.push(file.path);
        else if (current !== file.content)
            changed.push(file.path);
    }
    const names = [...new Set(files.map((f) => f.bundle))];
    return {
        action: 'dry-run',
        files: [...added, ...changed],
        message: `dry run: would write ${added.length} new and ${changed.length} changed file(s) for ${names.join(', ')} and publish with ${settings.publish}`,
    };
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