"use strict";
exports.id = 142;
exports.ids = [142];
exports.modules = {

/***/ 8142:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishCommand: () => (/* binding */ publishCommand),
  publishHandler: () => (/* binding */ publishHandler)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/guard/state.ts
var state = __webpack_require__(1784);
// EXTERNAL MODULE: ./src/guard/state-branch.ts
var state_branch = __webpack_require__(42573);
// EXTERNAL MODULE: ./src/pipeline/finish.ts + 8 modules
var finish = __webpack_require__(74477);
// EXTERNAL MODULE: ./src/plan/plan.ts + 3 modules
var plan_plan = __webpack_require__(17047);
// EXTERNAL MODULE: ./src/acme/ari.ts
var acme_ari = __webpack_require__(46484);
// EXTERNAL MODULE: ./src/store/manifest.ts
var store_manifest = __webpack_require__(77544);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/verify.ts
var verify = __webpack_require__(37008);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/fs.ts
var fs = __webpack_require__(21917);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
;// CONCATENATED MODULE: ./src/publish/incoming.ts
/**
 * The bundles matrix shards renewed, as `command: publish` finds them (issue 22): each shard's
 * store folder, downloaded from its artifact. An artifact is input anyone who can run a workflow
 * (or who took over a shard job) can shape, so nothing is taken on trust:
 * - only folders named after configured certificates, holding only bundle files, regular files
 *   (no symlinks), each under the store's size cap;
 * - a changed bundle must pass the bundle verifier (chain to a trusted root, the configured names,
 *   manifest against certificate, unexpired), be sealed to exactly store.recipients with the key
 *   file the manifest binds, and be newer than the checkout's and issued within MAX_AGE_MS: a
 *   bundle replayed from an earlier run, or the stored one with a forged manifest, is refused;
 * - for an unchanged certificate only the guard's fields (history, back-off, ARI window) may change;
 * - two folders that disagree about one certificate give nothing for it.
 * Files equal to the checkout's are simply not news: every shard's folder is a whole store copy.
 */










/** A renewal is published by the run that ordered it, minutes later; a day covers retries. */
const MAX_AGE_MS = 24 * 3600_000;
const KNOWN_FILES = new Set([...Object.values(read/* BUNDLE_FILES */.HJ), state/* GUARD_STATE_FILE */.ro]);
/**
 * Reads every shard folder under `folders` (each a store copy, or a folder of store copies, as
 * download-artifact leaves them) and sorts what changed into taken and refused.
 */
async function collectIncoming(settings, folders, options) {
    const stores = (await Promise.all(folders.map(storeFolders))).flat();
    const refused = [];
    const byName = new Map();
    for (const store of stores) {
        for (const entry of await (0,promises_.readdir)(store, { withFileTypes: true })) {
            const source = (0,external_node_path_.join)(store, entry.name);
            if (!Object.hasOwn(settings.config.certificates, entry.name)) {
                refused.push({
                    name: entry.name,
                    source,
                    reason: `not a certificate in the config (under certificates:); a shard writes only configured certificates' folders`,
                });
                continue;
            }
            const files = await readShardFiles(entry, source).catch((error) => {
                refused.push({ name: entry.name, source, reason: (0,errors/* errorMessage */.g)(error) });
                return undefined;
            });
            if (!files)
                continue;
            const list = byName.get(entry.name) ?? [];
            list.push({ source, files });
            byName.set(entry.name, list);
        }
    }
    const bundles = [];
    const states = [];
    for (const [name, copies] of byName) {
        const stored = await storedFiles(options.storeDir, name);
        const changes = new Map();
        for (const copy of copies) {
            if (sameFiles(copy.files, stored))
                continue;
            changes.set(fingerprint(copy.files), copy);
        }
        if (changes.size === 0)
            continue;
        const distinct = [...changes.values()];
        if (distinct.length > 1) {
            refused.push({
                name,
                source: distinct.map((c) => c.source).join(', '),
                reason: `${distinct.length} shard folders hold different changes for ${name}; each certificate belongs to one shard, so none is taken`,
            });
            continue;
        }
        const [change] = distinct;
        try {
            const taken = judge(settings, name, change.files, stored, options);
            if (taken.bundle)
                bundles.push({ source: change.source, bundle: taken.bundle });
            for (const s of taken.states)
                states.push({ ...s, name, source: change.source });
        }
        catch (error) {
            refused.push({ name, source: change.source, reason: (0,errors/* errorMessage */.g)(error) });
        }
    }
    bundles.sort((a, b) => a.bundle.name.localeCompare(b.bundle.name));
    return { bundles, states, refused, stores };
}
/**
 * `folder` itself when it holds bundle folders, else its sub-folders (download-artifact puts each
 * artifact in a folder of its own). A missing folder is an error: a typo must not publish nothing.
 */
async function storeFolders(folder) {
    const info = await (0,promises_.lstat)(folder).catch(() => undefined);
    if (!info?.isDirectory()) {
        throw new Error(`publish: ${folder} is not a folder; give the folder(s) the shards' artifacts were downloaded to`);
    }
    const entries = await (0,promises_.readdir)(folder, { withFileTypes: true });
    const looksLikeStore = async (dir, list) => {
        for (const e of list) {
            if (!e.isDirectory())
                continue;
            const inner = await (0,promises_.readdir)((0,external_node_path_.join)(dir, e.name)).catch(() => []);
            if (inner.some((f) => KNOWN_FILES.has(f)))
                return true;
        }
        return false;
    };
    if (entries.length === 0 || (await looksLikeStore(folder, entries)))
        return [folder];
    return entries.filter((e) => e.isDirectory()).map((e) => (0,external_node_path_.join)(folder, e.name));
}
/** The bundle files of one shard folder; anything else in it (a link, a stray file) refuses it. */
async function readShardFiles(entry, source) {
    if (!entry.isDirectory())
        throw new Error(`${source} is not a folder (a link or a file)`);
    const files = new Map();
    for (const f of await (0,promises_.readdir)(source, { withFileTypes: true })) {
        const path = (0,external_node_path_.join)(source, f.name);
        if (!KNOWN_FILES.has(f.name)) {
            throw new Error(`${path} is not a bundle file (expected only ${[...KNOWN_FILES].join(', ')})`);
        }
        // lstat, not the dirent alone: a symlink would let a folder name any file on the runner.
        if (!(await (0,promises_.lstat)(path)).isFile())
            throw new Error(`${path} is not a regular file (a link?)`);
        files.set(f.name, (await (0,fs/* readFileCapped */.uh)(path, read/* MAX_BUNDLE_FILE */.rB, 'a bundle file')).toString('utf8'));
    }
    return files;
}
async function storedFiles(storeDir, name) {
    const files = new Map();
    for (const f of KNOWN_FILES) {
        const content = await (0,read/* readBundleFile */.zi)((0,external_node_path_.join)(storeDir, name, f));
        if (content !== undefined)
            files.set(f, content.toString('utf8'));
    }
    return files;
}
/** A shard copy says nothing new when every file it holds is the checkout's. */
function sameFiles(copy, stored) {
    for (const [f, content] of copy)
        if (stored.get(f) !== content)
            return false;
    return true;
}
function fingerprint(files) {
    return (0,x509/* sha256Hex */.fg)(JSON.stringify([...files].sort(([a], [b]) => a.localeCompare(b))));
}
/** Guard-owned manifest fields: a shard may change them without a new certificate. */
function withoutGuardFields(m) {
    const { history: _h, backoff: _b, ari: _a, ...rest } = m;
    return (0,store_manifest/* serializeManifest */.MZ)(rest);
}
const sameList = (a, b) => [...a].sort().join('\n') === [...b].sort().join('\n');
/** What to take from one changed shard copy; throws the reason to refuse it. */
function judge(settings, name, files, stored, options) {
    const manifestText = files.get(read/* BUNDLE_FILES */.HJ.manifest);
    const fullchain = files.get(read/* BUNDLE_FILES */.HJ.fullchain);
    const key = files.get(read/* BUNDLE_FILES */.HJ.key);
    const stateText = files.get(state/* GUARD_STATE_FILE */.ro);
    const states = [];
    const bundleChanged = manifestText !== stored.get(read/* BUNDLE_FILES */.HJ.manifest) ||
        fullchain !== stored.get(read/* BUNDLE_FILES */.HJ.fullchain) ||
        key !== stored.get(read/* BUNDLE_FILES */.HJ.key);
    if (!bundleChanged || (manifestText === undefined && fullchain === undefined && key === undefined)) {
        if (stateText !== undefined && stateText !== stored.get(state/* GUARD_STATE_FILE */.ro)) {
            (0,state/* parseGuardState */.y1)(stateText, `${name}/${state/* GUARD_STATE_FILE */.ro}`, name);
            states.push({ file: state/* GUARD_STATE_FILE */.ro, content: stateText });
        }
        return { states };
    }
    if (manifestText === undefined || fullchain === undefined || key === undefined) {
        const missing = Object.values(read/* BUNDLE_FILES */.HJ).filter((f) => !files.has(f));
        throw new Error(`the bundle is incomplete (no ${missing.join(', ')})`);
    }
    const manifest = (0,store_manifest/* parseManifest */.Ng)(manifestText, `${name}/${read/* BUNDLE_FILES */.HJ.manifest}`);
    if (manifest.name !== name)
        throw new Error(`the manifest names "${manifest.name}", not ${name}`);
    const verdict = (0,verify/* verifyBundle */.I)(name, manifest, fullchain, {
        domains: settings.config.certificates[name]?.domains,
        trust: options.trust,
        now: options.now,
        requireUnexpired: true,
    });
    if (!verdict.ok || !verdict.leaf) {
        throw new Error(`the bundle does not verify: ${verdict.findings.map((f) => f.message).join('; ')}`);
    }
    if ((0,x509/* sha256Hex */.fg)(key) !== manifest.privateKeySha256) {
        throw new Error(`${read/* BUNDLE_FILES */.HJ.key} is not the file the manifest binds (its SHA-256 is ${(0,x509/* sha256Hex */.fg)(key)}, privateKeySha256 says ${manifest.privateKeySha256})`);
    }
    if (!sameList(manifest.recipients, settings.config.store.recipients)) {
        throw new Error(`the key is sealed to ${manifest.recipients.join(', ')}, not to store.recipients (${settings.config.store.recipients.join(', ')})`);
    }
    const storedText = stored.get(read/* BUNDLE_FILES */.HJ.manifest);
    const previous = storedText === undefined ? undefined : safeManifest(storedText, name);
    if (previous && previous.certificateSha256 === manifest.certificateSha256) {
        // The stored certificate: only the guard's fields may differ (a failed renewal's history).
        if (key !== stored.get(read/* BUNDLE_FILES */.HJ.key) ||
            withoutGuardFields(previous) !== withoutGuardFields(manifest)) {
            throw new Error('it holds the stored certificate with other changes than history, back-off or ARI window; a shard never does that');
        }
        // A moved ARI window passes the same check as the CA's answer did in the shard (issue 22).
        const ari = manifest.ari;
        if (ari && JSON.stringify(ari) !== JSON.stringify(previous.ari)) {
            const refused = (0,acme_ari/* saneWindow */.Sm)(ari, ari.explanationUrl, options.now);
            if (typeof refused === 'string')
                throw new Error(`its ARI window is refused: ${refused}`);
        }
        states.push({ file: read/* BUNDLE_FILES */.HJ.manifest, content: manifestText });
        return { states };
    }
    const notBefore = verdict.leaf.notBefore.getTime();
    if (previous && notBefore <= Date.parse(previous.notBefore)) {
        throw new Error(`its certificate (serial ${manifest.serial}, valid from ${verdict.leaf.notBefore.toISOString()}) is not newer than the stored one (serial ${previous.serial}, valid from ${previous.notBefore}): a replayed bundle`);
    }
    if (notBefore < options.now.getTime() - MAX_AGE_MS) {
        throw new Error(`its certificate was issued ${verdict.leaf.notBefore.toISOString()}, more than ${MAX_AGE_MS / 3600_000} h ago: not a renewal of this run (a replayed bundle?)`);
    }
    return {
        bundle: {
            name,
            manifest,
            files: { 'certificate.json': manifestText, 'fullchain.pem': fullchain, 'privkey.pem.age': key },
        },
        states,
    };
}
/** The checkout's manifest, or undefined when it does not parse (then anything verified replaces it). */
function safeManifest(text, name) {
    try {
        return (0,store_manifest/* parseManifest */.Ng)(text, `${name}/${read/* BUNDLE_FILES */.HJ.manifest}`);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/publish/index.ts + 6 modules
var publish = __webpack_require__(63248);
// EXTERNAL MODULE: ./src/store/trust.ts
var store_trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/write.ts
var write = __webpack_require__(82170);
;// CONCATENATED MODULE: ./src/commands/publish.ts
/**
 * `certflow publish` / `command: publish` (issue 22): the last job of a matrix run. It takes what
 * the shards renewed (their store folders, downloaded from artifacts), checks every changed bundle
 * as untrusted input (src/publish/incoming.ts), and publishes them once, through the same publisher
 * as renew: one commit, or one pull request with a section per certificate. The shards' guard state
 * (failure history, back-off) goes with it, as renew's ledger would have sent it: into the commit,
 * or to the state branch in pull-request mode; a renewed certificate's state.json is removed.
 */












async function publishCommand(settings, log, now = new Date()) {
    const folders = settings.from ?? [];
    if (folders.length === 0) {
        throw new errors/* UsageError */.e('publish needs the folders the shards wrote their store to', [
            { path: 'bundles', message: 'expected one or more folders (the downloaded shard artifacts)' },
        ]);
    }
    const report = (0,finish/* newReport */.b)('publish', settings);
    const dir = (0,read/* storeDir */.rT)(settings);
    // In pull-request mode the state branch is the published guard state: the baseline a shard's
    // state.json is compared with (shards load it too, so an unchanged copy is not news).
    await (0,state_branch/* loadStateBranch */.ul)(settings, log);
    const trust = await (0,store_trust/* loadTrustAnchors */.lK)(settings);
    const incoming = await log.group('Collect', () => collectIncoming(settings, folders, { storeDir: dir, trust, now }));
    log.info(`${incoming.stores.length} shard folder(s): ${incoming.bundles.length} renewed bundle(s), ${incoming.states.length} guard state change(s), ${incoming.refused.length} refused`);
    for (const r of incoming.refused) {
        const message = `refused ${r.name} from ${r.source}: ${r.reason}`;
        log.error(message);
        report.errors.push({
            message,
            hint: 'nothing of it was published; if a shard really renewed it, rerun the workflow (the plan orders it again)',
        });
    }
    const bundles = incoming.bundles.map((b) => b.bundle);
    const renewed = new Set(bundles.map((b) => b.name));
    const states = incoming.states.filter((s) => !renewed.has(s.name));
    // The reasons for the pull request body: the checkout's plan for the renewed certificates.
    if (bundles.length > 0) {
        const plan = await (0,plan_plan/* planRenewals */.j)({ ...settings, only: [...renewed] }, log, { now, pending: new Map() });
        report.plan = plan.decisions;
    }
    const extraFiles = await guardFiles(settings, dir, states, bundles, log);
    if (bundles.length === 0 && extraFiles.length === 0)
        log.info('nothing to publish');
    else {
        try {
            report.publish = await log.group('Publish', () => (0,publish/* publishBundles */.h)(settings, bundles, report.plan, log, {
                extraFiles,
                extraMessage: states.length > 0 ? `Record failed renewal(s): ${names(states)}` : undefined,
                verifyStatus: true,
            }));
            report.warnings.push(...(report.publish.warnings ?? []));
        }
        catch (error) {
            report.errors.push({
                message: `publishing failed: ${(0,errors/* errorMessage */.g)(error)}`,
                hint: 'the shard artifacts are kept for a few days: rerun this job to publish them',
            });
            log.error(`publishing failed: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    const outcome = await (0,finish/* finishRun */.J)(settings, report, log);
    outcome.outputs.renewed = JSON.stringify([...renewed]);
    return outcome;
}
const names = (states) => [...new Set(states.map((s) => s.name))].join(', ');
/**
 * The guard state to publish, as renew's ledger does (src/guard/ledger.ts): in commit and git
 * modes the changed files plus the removal of each renewed certificate's state.json; in
 * pull-request mode the files go to the state branch here and nothing into the pull request.
 */
async function guardFiles(settings, dir, states, bundles, log) {
    if (settings.dryRun)
        return [];
    if (settings.publish === 'pull-request') {
        const failures = [];
        for (const s of states) {
            const file = (0,external_node_path_.join)(dir, s.name, s.file);
            await (0,promises_.mkdir)((0,external_node_path_.join)(dir, s.name), { recursive: true, mode: 0o755 });
            await (0,write/* writeFileAtomic */.Z)(file, s.content);
            failures.push({ name: s.name, file });
        }
        try {
            await (0,state_branch/* saveStateBranch */.to)(settings, failures, bundles, log);
        }
        catch (error) {
            log.warn(`${(0,errors/* errorMessage */.g)(error)}; the shards' failure history and back-off are not kept for the next run`);
        }
        return [];
    }
    return [
        ...states.map((s) => ({ path: `${s.name}/${s.file}`, content: s.content })),
        ...bundles.map((b) => ({ path: `${b.name}/${state/* GUARD_STATE_FILE */.ro}`, content: null })),
    ];
}
const publishHandler = (settings, log) => publishCommand(settings, log);


/***/ })

};
;