"use strict";
exports.id = 450;
exports.ids = [450];
exports.modules = {

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

/***/ 44450:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ deployFromStore),
  R: () => (/* binding */ hooksDue)
});

// EXTERNAL MODULE: ./src/config/settings.ts
var config_settings = __webpack_require__(54661);
// EXTERNAL MODULE: ./src/deploy/hosts.ts
var deploy_hosts = __webpack_require__(72140);
// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
// EXTERNAL MODULE: ./src/util/errors.ts
var util_errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(40704);
// EXTERNAL MODULE: ./src/deploy/files.ts + 2 modules
var files = __webpack_require__(91314);
// EXTERNAL MODULE: ./src/deploy/host.ts + 1 modules
var deploy_host = __webpack_require__(88678);
// EXTERNAL MODULE: ./src/deploy/known-hosts.ts
var known_hosts = __webpack_require__(70014);
// EXTERNAL MODULE: ./src/deploy/host-commit.ts + 1 modules
var host_commit = __webpack_require__(37401);
;// CONCATENATED MODULE: ./src/deploy/rollback-all.ts


/** Releases or reverts every held host; returns `results` with the reverted hosts' results replaced. */
async function settleHeld(target, held, failedHost, log, results) {
    const replaced = new Map();
    if (failedHost !== undefined && held.length > 0) {
        log.warn(`target ${target}: host ${failedHost} failed; putting ${held.length} hosts back on the previous certificate (on-failure: rollback-all)`);
    }
    await Promise.all(held.map(async (h) => {
        try {
            // Newest first, as the files were swapped.
            for (const run of [...h.runs].reverse()) {
                const before = h.results.find((r) => r.certificates[0] === run.bundle.name && r.ok);
                if (failedHost === undefined) {
                    // Leftover previous files are swept by the next run; the deploy itself succeeded.
                    await (0,host_commit/* release */._r)(run).catch((error) => log.warn(`${run.ctx.host} ${run.bundle.name}: removing the previous files: ${(0,util_errors/* errorMessage */.g)(error)}`));
                }
                else if (before) {
                    const why = `rolled back: host ${failedHost} of target ${target} failed (on-failure: rollback-all)`;
                    replaced.set(before, await (0,host_commit/* revert */.ru)(run, why));
                }
            }
        }
        finally {
            await h.session.close();
        }
    }));
    return results.map((r) => replaced.get(r) ?? r);
}

// EXTERNAL MODULE: ./src/deploy/sudo/commands.ts
var commands = __webpack_require__(55607);
// EXTERNAL MODULE: ./src/deploy/transport.ts + 1 modules
var transport = __webpack_require__(11819);
;// CONCATENATED MODULE: ./src/deploy/sudo/session.ts
/**
 * A HostSession for `become: sudo`: the SSH user is unprivileged, and every change to the target
 * folders goes through the root-owned helper (host/certflow-sudo) via `sudo -n`. The deploy phases
 * are the same as for root (stage, swap, validate, reload, verify, rollback); only the way each
 * file operation reaches the host differs.
 *
 * File content travels through a private folder of the SSH user (mode 0700, made by mktemp): the
 * file is uploaded there over SFTP with mode 0600, and the helper reads it from stdin, which the SSH
 * user's own shell opens. Root therefore never opens a path the SSH user chose outside the roots.
 */


/** Raised before any change when sudo cannot do what the deploy needs. */
class SudoError extends Error {
}
/**
 * Checks, before anything changes on the host, that sudo runs the helper and every command without
 * asking for a password and that the helper's roots cover every target folder; then makes the
 * private staging folder. Rejects with a SudoError that says what to grant.
 */
async function openSudoSession(inner, user, options) {
    const probe = await inner.exec(`sudo -n -- ${commands/* SUDO_HELPER */.vT} probe`);
    if (probe.code !== 0)
        throw new SudoError(probeProblem(inner.label, user, probe));
    const roots = probe.stdout
        .split('\n')
        .filter((l) => l.startsWith('root '))
        .map((l) => l.slice(5).trim());
    const outside = options.dirs.filter((d) => !roots.some((r) => d.startsWith(`${r}/`)));
    if (outside.length > 0) {
        throw new SudoError(`sudo on ${inner.label}: ${outside.join(', ')} not inside the roots of ${commands/* SUDO_HELPER */.vT} (${roots.join(' ') || 'none'}): set CERTFLOW_ROOTS in it or change files.dir. Nothing was changed on the host.`);
    }
    for (const command of options.commands) {
        // -l with a command: exit 0 only when sudoers grants exactly this command line.
        const r = await inner.exec(`sudo -n -l -- ${command}`);
        if (r.code !== 0) {
            throw new SudoError(`sudo on ${inner.label}: \`${command}\` is not granted to ${user} without a password (${lastLine(r)}): add it to the sudoers line (docs/deploy.md). Nothing was changed on the host.`);
        }
    }
    const tmp = await inner.exec('umask 077 && mktemp -d -t certflow-stage.XXXXXXXXXX');
    const dir = tmp.stdout.trim();
    if (tmp.code !== 0 || !dir.startsWith('/')) {
        throw new SudoError(`${inner.label}: could not make a private staging folder: ${lastLine(tmp)}`);
    }
    return new SudoSession(inner, dir);
}
/** The last line of the error output: the helper's or sudo's own reason (after any warnings). */
function lastLine(r) {
    const text = (r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`).split('\n').pop();
    return r.timedOut ? 'timed out' : text;
}
function probeProblem(label, user, r) {
    const why = lastLine(r);
    const fix = /password is required/i.test(why)
        ? `sudo asks ${user} for a password: grant the helper NOPASSWD`
        : /not allowed|may not run|not in the sudoers/i.test(why)
            ? `${user} may not run ${commands/* SUDO_HELPER */.vT} through sudo`
            : /command not found|no such file/i.test(why)
                ? `${commands/* SUDO_HELPER */.vT} is not installed`
                : `sudo -n ${commands/* SUDO_HELPER */.vT} probe failed`;
    return `sudo on ${label}: ${fix} (${why}); see docs/deploy.md for the sudoers line. Nothing was changed on the host.`;
}
class SudoSession {
    inner;
    stagingDir;
    label;
    constructor(inner, stagingDir) {
        this.inner = inner;
        this.stagingDir = stagingDir;
        this.label = inner.label;
    }
    /** Runs the helper as root; rejects with the helper's own words on a non-zero exit. */
    async helper(args, what, stdinFrom) {
        const redirect = stdinFrom ? ` < ${(0,transport/* shellQuote */.ZL)(stdinFrom)}` : '';
        const r = await this.inner.exec(`sudo -n -- ${commands/* SUDO_HELPER */.vT} ${args.map(transport/* shellQuote */.ZL).join(' ')}${redirect}`);
        if (r.code !== 0) {
            throw new Error(`${this.label}: ${what}: ${r.timedOut ? 'timed out' : lastLine(r)}`);
        }
        return r.stdout;
    }
    lost() {
        return this.inner.lost?.() ?? false;
    }
    exec(command, options) {
        return this.inner.exec(command, options);
    }
    async readFile(path) {
        // Nothing in the deploy reads a live file's bytes; the helper never prints them (fileState).
        throw new Error(`${this.label}: reading ${path} is not offered under become: sudo`);
    }
    async fileState(path) {
        const [line] = (await this.helper(['stat', path], `stat ${path}`)).split('\n');
        const [kind, mode, uid, gid, size, sha256] = (line ?? '').split(' ');
        if (kind === 'missing')
            return undefined;
        if (kind !== 'file' || !sha256)
            throw new Error(`${this.label}: ${path} is not a regular file (${kind})`);
        return {
            mode: Number.parseInt(mode, 8),
            uid: Number(uid),
            gid: Number(gid),
            size: Number(size),
            sha256,
        };
    }
    async stat(path) {
        const [line] = (await this.helper(['stat', path], `stat ${path}`)).split('\n');
        const [kind, mode, uid, gid, size] = (line ?? '').split(' ');
        if (kind === 'missing')
            return undefined;
        return {
            mode: Number.parseInt(mode, 8),
            uid: Number(uid),
            gid: Number(gid),
            size: Number(size ?? 0),
        };
    }
    async readdir(path) {
        const r = await this.inner.exec(`sudo -n -- ${commands/* SUDO_HELPER */.vT} list ${(0,transport/* shellQuote */.ZL)(path)}`);
        if (r.code === 3)
            return undefined;
        if (r.code !== 0)
            throw new Error(`${this.label}: listing ${path}: ${lastLine(r)}`);
        return r.stdout.split('\n').filter((n) => n !== '');
    }
    async makeDir(path) {
        await this.helper(['mkdir', path], `creating ${path}`);
    }
    async writeNewFile(path, data, mode) {
        await this.writeNewFileOwned(path, data, mode, undefined);
    }
    async writeNewFileOwned(path, data, mode, owner) {
        const tmp = `${this.stagingDir}/${(0,transport/* randomLabel */.yG)()}`;
        try {
            await this.inner.writeNewFile(tmp, data, 0o600);
            await this.helper(['put', path, `0${mode.toString(8)}`, owner ?? '-'], `writing ${path}`, tmp);
        }
        finally {
            // The staged copy may hold the private key: gone as soon as root has its own.
            await this.inner.unlink(tmp).catch(() => undefined);
        }
    }
    async link(existing, newPath) {
        await this.helper(['link', existing, newPath], `linking ${existing} to ${newPath}`);
    }
    async rename(from, to) {
        await this.helper(['rename', from, to], `renaming ${from} to ${to}`);
    }
    async unlink(path) {
        await this.helper(['remove', path], `removing ${path}`);
    }
    async chown(path) {
        throw new Error(`${this.label}: chown of ${path} is not offered under become: sudo (owner is set at creation)`);
    }
    async close() {
        try {
            await this.inner.exec(`rm -rf -- ${(0,transport/* shellQuote */.ZL)(this.stagingDir)}`);
        }
        catch {
            // The folder is private (0700) and its files were removed one by one already.
        }
        finally {
            await this.inner.close();
        }
    }
}

;// CONCATENATED MODULE: ./src/deploy/index.ts












async function deployTargets(targets, assignments, log, options) {
    for (const a of assignments)
        for (const b of a.bundles)
            log.secret(b.privateKeyPem);
    const results = [];
    // Progress counts hosts (a host takes all its certificates over one connection).
    const total = assignments.reduce((n, a) => n + (a.bundles.length > 0 ? (targets[a.target]?.hosts.length ?? 0) : 0), 0);
    let done = 0;
    const hostDone = () => log.progress('deploy', ++done, total);
    if (total > 0)
        log.progress('deploy', 0, total);
    // Targets one after another, so `concurrency` bounds the hosts in flight across the whole run.
    for (const assignment of assignments) {
        const config = targets[assignment.target];
        if (!config) {
            results.push(notAttempted(assignment.target, '(none)', assignment.bundles, `unknown target ${assignment.target}`));
            continue;
        }
        if (assignment.bundles.length === 0)
            continue;
        results.push(...(await deployTarget(assignment.target, config, assignment.bundles, log, options, hostDone)));
    }
    return results;
}
async function deployTarget(name, config, bundles, log, options, hostDone) {
    log.secret(config['private-key']);
    if (config.passphrase)
        log.secret(config.passphrase);
    const hosts = (0,deploy_hosts/* targetHosts */.b)(config);
    for (const hop of hosts.flatMap((h) => jumpHops(h.config) ?? [])) {
        log.secret(hop.privateKey);
        if (hop.passphrase)
            log.secret(hop.passphrase);
    }
    const known = (0,known_hosts/* parseKnownHosts */.uJ)(config['known-hosts']);
    for (const p of known.problems)
        log.warn(`target ${name}: known-hosts line ${p.line} ignored: ${p.message}`);
    const policy = config['on-failure'];
    // rollback-all: hosts that succeed keep their sessions and previous files until the end.
    const held = policy === 'rollback-all' ? [] : undefined;
    let failedHost;
    const stopped = () => failedHost !== undefined && policy !== 'continue'
        ? `not attempted: host ${failedHost} failed (on-failure: ${policy})`
        : undefined;
    const steps = {
        // Connecting changes nothing on the host, so it may run ahead of the hosts being changed.
        open: async (th) => stopped() || options.signal?.aborted ? undefined : await openHost(th, known, bundles, options),
        deploy: async (opened, th) => {
            // Judged again here: a host that failed meanwhile stops this one before any change.
            const why = stopped() ?? (opened && options.signal?.aborted ? 'not attempted: cancelled' : undefined);
            if (why || !opened) {
                if (opened && 'session' in opened)
                    await opened.session.close();
                hostDone();
                return [notAttempted(name, th.label, bundles, why ?? 'not attempted: cancelled')];
            }
            let ready = opened;
            if ('session' in ready && ready.session.lost?.()) {
                // Lost while it waited for its turn (a reset, an idle limit): connect again, as a host
                // that had not connected ahead would.
                log.info(`${th.label}: connection lost while waiting for its turn; connecting again`);
                await ready.session.close();
                ready = await openHost(th, known, bundles, options);
            }
            const results = await deployOpened(name, th, ready, bundles, log, options, held);
            if (results.some((r) => !r.ok))
                failedHost ??= th.label;
            hostDone();
            return results;
        },
    };
    const results = await rollOut(name, config.rollout, hosts, steps, bundles, log, options, hostDone);
    return held ? await settleHeld(name, held, failedHost, log, results) : results;
}
/**
 * Hosts in the rollout's order, at most `concurrency` (1 when serial) being changed at once; each
 * next host connects while earlier ones are still being changed and verified.
 */
async function rollOut(name, rollout, hosts, steps, bundles, log, options, hostDone) {
    const all = (list, limit) => (0,pool/* mapAhead */.M)(list, limit, steps.open, (opened, th) => steps.deploy(opened, th));
    switch (rollout) {
        case 'serial':
            return (await all(hosts, 1)).flat();
        case 'parallel':
            return (await all(hosts, options.concurrency)).flat();
        case 'canary': {
            const [first, ...rest] = hosts;
            const canary = await steps.deploy(await steps.open(first), first);
            if (canary.some((r) => !r.ok)) {
                const why = `not attempted: canary host ${first.label} failed (rollout: canary)`;
                log.warn(`target ${name}: canary ${first.label} failed; ${rest.length} other hosts not attempted`);
                for (const _ of rest)
                    hostDone();
                return [...canary, ...rest.map((h) => notAttempted(name, h.label, bundles, why))];
            }
            return [...canary, ...(await all(rest, options.concurrency)).flat()];
        }
    }
}
/** The target's jump hosts, each with its login filled from the target's where not its own. */
function jumpHops(config) {
    if (config.jump === undefined)
        return undefined;
    const hops = Array.isArray(config.jump) ? config.jump : [config.jump];
    return hops.map((hop) => {
        const h = typeof hop === 'string' ? { host: hop } : hop;
        const address = (0,deploy_hosts/* parseHostPort */.D)(h.host);
        return {
            host: address.host,
            port: address.port,
            username: h.user ?? config.user,
            privateKey: h['private-key'] ?? config['private-key'],
            passphrase: h['private-key'] ? h.passphrase : (h.passphrase ?? config.passphrase),
        };
    });
}
/** validate and reload (the target's, or each service's) as they run under become: sudo. */
function withSudo(config) {
    const root = (command) => (command === undefined ? undefined : (0,commands/* asRoot */.tE)(command));
    return {
        ...config,
        validate: root(config.validate),
        reload: root(config.reload),
        services: config.services?.map((s) => ({ ...s, validate: root(s.validate), reload: root(s.reload) })),
    };
}
/** Every command sudo must grant for this target, as configured (the preflight asks sudo -l for each). */
function sudoCommands(config) {
    const all = [config, ...(config.services ?? [])].flatMap((c) => [c.validate, c.reload]);
    return [...new Set(all.filter((c) => c !== undefined))];
}
function notAttempted(target, host, bundles, message) {
    return {
        target,
        host,
        certificates: bundles.map((b) => b.name),
        phase: 'connect',
        ok: false,
        skipped: false,
        rolledBack: false,
        message,
        durationMs: 0,
    };
}
/** Connects (and opens the sudo session under become: sudo); nothing on the host changes. */
async function openHost(th, known, bundles, options) {
    const { config, address } = th;
    const connect = options.connect ?? transport/* connectSsh */.LZ;
    const t0 = Date.now();
    let session;
    try {
        session = await connect({
            host: address.host,
            port: address.port,
            username: config.user,
            privateKey: config['private-key'],
            passphrase: config.passphrase,
            knownHosts: known,
            connectTimeoutMs: (0,duration/* durationMs */.pc)(config['connect-timeout']),
            commandTimeoutMs: (0,duration/* durationMs */.pc)(config['command-timeout']),
            jump: jumpHops(config),
            hooks: options.hooks,
        });
    }
    catch (error) {
        const failed = error instanceof transport/* HostKeyError */.oZ ? error.message : `connect failed: ${(0,util_errors/* errorMessage */.g)(error)}`;
        return { failed, connectMs: Date.now() - t0 };
    }
    if (config.become === 'sudo') {
        try {
            session = await openSudoSession(session, config.user, {
                dirs: [...new Set(bundles.map((b) => (0,files/* targetDir */.fu)(config.files, b.name)))],
                commands: sudoCommands(config),
            });
        }
        catch (error) {
            await session.close();
            return { failed: (0,util_errors/* errorMessage */.g)(error), connectMs: Date.now() - t0 };
        }
    }
    return { session, connectMs: Date.now() - t0 };
}
async function deployOpened(target, th, opened, bundles, log, options, held) {
    const { config, label: host, address } = th;
    const tags = th.tags.length > 0 ? ` [${th.tags.join(', ')}]` : '';
    return log.group(`deploy ${target}: ${host}${tags} (${bundles.map((b) => b.name).join(', ')})`, async () => {
        const { connectMs } = opened;
        if ('failed' in opened) {
            log.error(`${host}: ${opened.failed}`);
            return bundles.map((b) => ({
                ...notAttempted(target, host, [b], opened.failed),
                durationMs: connectMs,
                timings: { connect: connectMs },
            }));
        }
        const { session } = opened;
        log.info(`${host}: connected in ${connectMs} ms`);
        const ctx = {
            target,
            config: config.become === 'sudo' ? withSudo(config) : config,
            host,
            address: address.host,
            dryRun: options.dryRun ?? false,
            verifyWindowMs: options.verifyWindowMs ?? 10_000,
            signal: options.signal,
            holdPrevious: held !== undefined,
        };
        const runs = [];
        let results = [];
        try {
            results = await (0,deploy_host/* deployBundlesToHost */.O)(session, ctx, bundles, log, connectMs, runs);
            return results;
        }
        finally {
            // Held runs keep the session open: the target's end releases or reverts them.
            if (held && runs.length > 0)
                held.push({ session, runs, results });
            else
                await session.close();
        }
    });
}

// EXTERNAL MODULE: ./src/deploy/select.ts
var deploy_select = __webpack_require__(7211);
// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(39717);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/trust.ts
var store_trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/verify-stored.ts
var verify_stored = __webpack_require__(57954);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: ./src/pipeline/changed.ts
var pipeline_changed = __webpack_require__(63454);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/util/child-env.ts
var child_env = __webpack_require__(94132);
// EXTERNAL MODULE: ./src/util/redact.ts
var util_redact = __webpack_require__(50767);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/hooks/lineage.ts
/**
 * The hook's folder, laid out like certbot's `live/<name>` lineage so existing deploy hooks work
 * unchanged: cert.pem (leaf), chain.pem (intermediates), fullchain.pem, privkey.pem (when the
 * target needs the key). Private: the folder is 0700 and every file 0600, created with those modes
 * (never widened afterwards), and the whole folder is removed when the hook is done.
 */




const LINEAGE_FILES = {
    cert: 'cert.pem',
    chain: 'chain.pem',
    fullchain: 'fullchain.pem',
    key: 'privkey.pem',
};
async function writeLineage(content, parent = (0,external_node_os_.tmpdir)()) {
    const certs = (0,x509/* splitPemChain */.mU)(content.fullchainPem);
    if (certs.length === 0) {
        throw new Error(`${content.name}: the bundle's fullchain holds no PEM certificate`);
    }
    // mkdtemp creates the folder 0700; chmod again in case a platform honours the umask differently.
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, `certflow-hook-${content.name}-`));
    const remove = () => (0,promises_.rm)(dir, { recursive: true, force: true });
    try {
        await (0,promises_.chmod)(dir, 0o700);
        const write = (file, text) => (0,promises_.writeFile)((0,external_node_path_.join)(dir, file), text, { mode: 0o600, flag: 'wx' });
        await write(LINEAGE_FILES.cert, certs[0]);
        await write(LINEAGE_FILES.chain, certs.slice(1).join(''));
        await write(LINEAGE_FILES.fullchain, content.fullchainPem);
        if (content.privateKeyPem !== undefined)
            await write(LINEAGE_FILES.key, content.privateKeyPem);
    }
    catch (error) {
        await remove();
        throw error;
    }
    return { dir, remove };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/hooks/process.ts
/**
 * Runs one shell command with a deadline. The command gets its own process group (spawned
 * detached), so a timeout stops the shell and everything it started, not just the shell.
 * Output is handed over line by line as it comes, and the last lines are kept for the report.
 */

/** Longest line kept; a hook that prints a megabyte on one line should not fill the report. */
const MAX_LINE = 2000;
function runCommand(command, options) {
    const started = Date.now();
    const tailLines = options.tailLines ?? 20;
    const tail = [];
    const emit = (raw, stream) => {
        const line = raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE)}… (${raw.length} characters)` : raw;
        options.onLine(line, stream);
        tail.push(line);
        if (tail.length > tailLines)
            tail.shift();
    };
    return new Promise((resolve, reject) => {
        let child;
        try {
            child = (0,external_node_child_process_.spawn)('/bin/sh', ['-c', command], {
                cwd: options.cwd,
                env: options.env,
                detached: true,
                stdio: ['ignore', 'pipe', 'pipe'],
            });
        }
        catch (error) {
            reject(error);
            return;
        }
        const pid = child.pid;
        let timedOut = false;
        let exited;
        let settled = false;
        const timers = [];
        const killGroup = (signal) => {
            if (pid === undefined)
                return;
            try {
                process.kill(-pid, signal);
            }
            catch {
                // ESRCH: the group is already gone.
            }
        };
        const splitter = (stream) => {
            let buffer = '';
            return {
                data: (chunk) => {
                    buffer += chunk.toString('utf8');
                    let nl = buffer.indexOf('\n');
                    while (nl >= 0) {
                        emit(buffer.slice(0, nl).replace(/\r$/, ''), stream);
                        buffer = buffer.slice(nl + 1);
                        nl = buffer.indexOf('\n');
                    }
                },
                flush: () => {
                    if (buffer.length > 0)
                        emit(buffer, stream);
                    buffer = '';
                },
            };
        };
        const out = splitter('stdout');
        const err = splitter('stderr');
        child.stdout?.on('data', out.data);
        child.stderr?.on('data', err.data);
        const finish = () => {
            if (settled)
                return;
            settled = true;
            for (const t of timers)
                clearTimeout(t);
            out.flush();
            err.flush();
            resolve({
                code: exited?.code ?? null,
                signal: exited?.signal ?? null,
                timedOut,
                tail,
                durationMs: Date.now() - started,
            });
        };
        timers.push(setTimeout(() => {
            if (exited)
                return;
            timedOut = true;
            killGroup('SIGTERM');
            timers.push(setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2000));
        }, options.timeoutMs));
        child.on('error', (error) => {
            if (settled)
                return;
            settled = true;
            for (const t of timers)
                clearTimeout(t);
            reject(error);
        });
        child.on('exit', (code, signal) => {
            exited = { code, signal };
            // Something the hook left running in the background may hold the pipes open: do not wait
            // for it past a moment, it is not part of the hook's result.
            timers.push(setTimeout(() => {
                child.stdout?.destroy();
                child.stderr?.destroy();
                finish();
            }, 1000));
        });
        child.on('close', (code, signal) => {
            exited ??= { code, signal };
            finish();
        });
    });
}

;// CONCATENATED MODULE: ./src/hooks/run.ts
/**
 * Exec hook targets (`type: exec`): a local command run once per certificate after the bundle is
 * published, for what SSH cannot reach (CDNs, load balancer APIs, cloud certificate stores). The
 * environment is certbot's deploy-hook environment, so existing scripts keep working.
 */







/**
 * Hooks run only for a certificate that changed in this run, unless the user forced it: running
 * an import into a cloud store twice a day for an unchanged certificate only adds risk.
 */
function hookDue(changed, forced) {
    return changed || forced;
}
/** The variables a hook sees, besides the inherited environment. */
function hookEnvironment(bundle, lineageDir) {
    return {
        RENEWED_LINEAGE: lineageDir,
        RENEWED_DOMAINS: bundle.domains.join(' '),
        CERTFLOW_CERTIFICATE: bundle.name,
        CERTFLOW_SERIAL: bundle.serial,
        CERTFLOW_NOT_AFTER: bundle.notAfter,
    };
}
/** Runs one exec target for one certificate; never throws, the result says what happened. */
async function runHook(target, bundle, log, options) {
    const started = Date.now();
    const { command } = target.config;
    const base = { target: target.name, host: `exec:${target.name}`, certificates: [bundle.name] };
    const result = (ok, message, extra = {}) => ({
        ...base,
        phase: 'hook',
        ok,
        skipped: false,
        rolledBack: false,
        message,
        durationMs: Date.now() - started,
        ...extra,
    });
    if (options.dryRun) {
        log.info(`${bundle.name}: dry run, hook ${target.name} not run: ${command}`);
        return result(true, `would run: ${command}`, { skipped: true, dryRun: true });
    }
    const needsKey = target.config['needs-key'];
    const key = needsKey ? bundle.privateKeyPem : undefined;
    if (needsKey && !key) {
        return result(false, `targets.${target.name} needs the private key of ${bundle.name} (needs-key: true) but it was not decrypted: provide the age identity to this job, or set needs-key: false if the hook only needs certificates`);
    }
    const listed = (0,child_env/* listedValues */.uz)(options.env ?? process.env, target.config.env ?? []);
    for (const value of listed)
        log.secret(value);
    const redact = (0,util_redact/* makeRedactor */.$u)(key ? [key, ...listed] : listed);
    // Whole: the logger masks a PEM line by line itself and never sends its lines to the runner.
    if (key)
        log.secret(key);
    const cwdProblem = await (0,promises_.stat)(options.cwd).then((s) => (s.isDirectory() ? undefined : 'is not a folder'), (error) => error.code ?? (0,util_errors/* errorMessage */.g)(error));
    if (cwdProblem) {
        return result(false, `targets.${target.name}: cannot run the hook in ${options.cwd} (${cwdProblem})`);
    }
    let timeoutMs;
    try {
        timeoutMs = (0,duration/* durationMs */.pc)(target.config.timeout);
    }
    catch (error) {
        return result(false, `targets.${target.name}.timeout: ${(0,util_errors/* errorMessage */.g)(error)}`);
    }
    let lineage;
    try {
        lineage = await writeLineage({ name: bundle.name, fullchainPem: bundle.fullchainPem, ...(key ? { privateKeyPem: key } : {}) }, options.tempDir);
        const env = (0,child_env/* childEnvironment */.Qc)(options.env ?? process.env, target.config.env ?? [], hookEnvironment(bundle, lineage.dir));
        const outcome = await log.group(`hook ${target.name} for ${bundle.name}: ${command}`, () => runCommand(command, {
            cwd: options.cwd,
            env,
            timeoutMs,
            tailLines: options.tailLines ?? 20,
            onLine: (line, stream) => {
                const shown = redact(line);
                if (stream === 'stderr')
                    log.info(`[stderr] ${shown}`);
                else
                    log.info(shown);
            },
        }));
        const output = outcome.tail.map(redact).join('\n');
        const took = (0,duration/* formatDuration */.a3)(outcome.durationMs);
        if (outcome.timedOut) {
            return result(false, `hook ${target.name} for ${bundle.name} timed out after ${(0,duration/* formatDuration */.a3)(timeoutMs)} and was stopped (its process group was killed): ${command}; make the hook faster or raise targets.${target.name}.timeout`, { output });
        }
        if (outcome.code !== 0) {
            const how = outcome.code === null ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
            return result(false, `hook ${target.name} for ${bundle.name} ${how} after ${took}: ${command}`, {
                output,
            });
        }
        return result(true, `ran ${command} (${took})`);
    }
    catch (error) {
        return result(false, `hook ${target.name} for ${bundle.name} could not run: ${redact((0,util_errors/* errorMessage */.g)(error))}`);
    }
    finally {
        await lineage?.remove().catch((error) => {
            log.warn(`could not remove the hook folder ${lineage?.dir}: ${(0,util_errors/* errorMessage */.g)(error)}; delete it by hand`);
        });
    }
}

;// CONCATENATED MODULE: ./src/pipeline/hooks.ts


/** The exec targets a certificate lists, in its order. */
function execTargetsOf(settings, name) {
    const out = [];
    for (const targetName of settings.config.certificates[name]?.targets ?? []) {
        const target = settings.config.targets[targetName];
        if (target?.type === 'exec')
            out.push({ name: targetName, config: target });
    }
    return out;
}
/** Runs every exec target of each given certificate, one after the other; never throws. */
async function runExecHooks(settings, sources, log) {
    const out = [];
    for (const source of sources) {
        const facts = (0,x509/* leafFacts */.kt)(source.fullchainPem);
        for (const target of execTargetsOf(settings, source.name)) {
            out.push(await runHook(target, {
                name: source.name,
                domains: source.domains,
                fullchainPem: source.fullchainPem,
                privateKeyPem: source.privateKeyPem,
                serial: facts.serial,
                notAfter: facts.notAfter.toISOString(),
            }, log, {
                dryRun: settings.dryRun,
                cwd: settings.workspace,
                // Without settings from config/ (tests building Settings by hand): a bare environment.
                env: settings.hooks?.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin' },
                tempDir: settings.hooks?.tempDir,
            }));
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/pipeline/deploy.ts
/**
 * The deploy stage: opens the stored bundles (the only step that decrypts keys), brings every SSH
 * target host to serve them, proven over TLS, and runs the exec hook targets of the certificates
 * that changed in the push that triggered it (or were forced). `certflow deploy` runs it alone;
 * `renew` with `deploy: true` runs it after publishing.
 */












/** Certificates to deploy: the config's, limited to `settings.only` when given. */
function selected(settings, warnings) {
    const names = Object.keys(settings.config.certificates);
    if (!settings.only?.length)
        return names;
    for (const name of settings.only) {
        if (!names.includes(name))
            warnings.push(`certificate ${name} is not in the config; nothing to deploy for it`);
    }
    return names.filter((n) => settings.only?.includes(n));
}
/**
 * Opens the selected bundles, deploys them to their SSH targets, then runs the exec hook targets
 * of the certificates `hookDue` accepts. Never throws for a certificate's, host's or hook's
 * failure; throws UsageError when keys are needed and no identity was given.
 */
async function deployFromStore(settings, log, options = {}) {
    const warnings = [];
    const errors = [];
    const names = selected(settings, warnings);
    if (settings.hosts) {
        const picked = withSelectedHosts(settings, names, log);
        if ('error' in picked) {
            errors.push(picked.error);
            log.error(picked.error.message);
            return { deploys: [], errors, warnings };
        }
        settings = picked.settings;
        options = { ...options, hookDue: () => false };
    }
    const { config } = settings;
    // target -> certificate names, in config order.
    const wanted = new Map();
    const hooked = [];
    for (const name of names) {
        for (const target of config.certificates[name]?.targets ?? []) {
            const t = config.targets[target];
            if (!t) {
                warnings.push(`certificate ${name}: target ${target} is not defined under targets; skipped`);
            }
            else if (t.type === 'ssh' && t.hosts.length > 0) {
                wanted.set(target, [...(wanted.get(target) ?? []), name]);
            }
        }
        if (execTargetsOf(settings, name).length > 0 && options.hookDue?.(name))
            hooked.push(name);
    }
    const needed = [...new Set([...wanted.values()].flat())];
    if (needed.length === 0 && hooked.length === 0) {
        warnings.push('no selected certificate has an SSH target or a hook to run: nothing to deploy');
        return { deploys: [], errors, warnings };
    }
    // A hook with needs-key: false gets the clear chain only, so it needs no identity.
    const keyless = (name) => execTargetsOf(settings, name).every((t) => !t.config['needs-key']);
    const identity = settings.ageIdentity;
    const fresh = options.fresh ?? new Map();
    const toOpen = [...new Set([...needed, ...hooked])];
    if (!identity && options.fresh) {
        const stale = needed.filter((n) => !fresh.has(n));
        if (stale.length > 0) {
            warnings.push(`no age-identity: only the certificates renewed in this run were deployed; ${stale.join(', ')} were not (give age-identity to deploy every stored certificate)`);
        }
    }
    else if (!identity && toOpen.some((n) => needed.includes(n) || !keyless(n))) {
        throw new util_errors/* UsageError */.e('deploy needs the age identity that opens stored private keys: set the Action input `age-identity` ' +
            '(from a secret), or pass `--identity <file>` (or CERTFLOW_AGE_IDENTITY) to the CLI', [{ path: 'age-identity', message: 'missing: needed to decrypt private keys for deploy' }]);
    }
    if (identity)
        log.secret(identity);
    const store = (0,read/* storeDir */.rT)(settings);
    const bundles = new Map();
    // Stored bundles are proven before any key is decrypted or any host contacted (store/verify.ts).
    const stored = toOpen.filter((n) => !fresh.has(n) && (identity || (!needed.includes(n) && !options.fresh)));
    let trust;
    if (stored.length > 0) {
        try {
            trust = await (0,store_trust/* loadTrustAnchors */.lK)(settings);
        }
        catch (error) {
            errors.push({ message: `deploy: ${(0,util_errors/* errorMessage */.g)(error)}`, hint: 'no stored bundle was deployed' });
            log.error((0,util_errors/* errorMessage */.g)(error));
        }
    }
    const refused = new Map();
    for (const name of toOpen) {
        const renewed = fresh.get(name);
        if (renewed) {
            bundles.set(name, renewed);
            continue;
        }
        try {
            if (stored.includes(name)) {
                if (!trust)
                    throw new Error('the trust anchors could not be loaded');
                const verdict = await (0,verify_stored/* verifyStoredBundle */.V)(settings, store, name, trust, 'deploy', options.now?.());
                if (!verdict.ok) {
                    refused.set(name, (0,verify_stored/* describeFindings */.k)(verdict));
                    throw new Error(`refused, the bundle is not valid: ${(0,verify_stored/* describeFindings */.k)(verdict)}`);
                }
            }
            if (identity) {
                const opened = await (0,store_open/* openBundle */.h)(store, name, identity);
                log.secret(opened.privateKeyPem);
                bundles.set(name, {
                    name,
                    domains: opened.manifest.domains,
                    fullchainPem: opened.fullchainPem,
                    privateKeyPem: opened.privateKeyPem,
                    certificateSha256: (0,x509/* leafFacts */.kt)(opened.fullchainPem).sha256,
                });
            }
            else if (!needed.includes(name) && keyless(name) && !options.fresh) {
                const stored = await (0,read/* readStoredCertificate */.ZK)(store, name);
                if (stored.state !== 'present') {
                    throw new Error(stored.state === 'missing' ? `nothing stored under ${store}/${name}` : stored.error);
                }
                bundles.set(name, { name, domains: stored.manifest.domains, fullchainPem: stored.fullchainPem });
            }
        }
        catch (error) {
            const message = (0,util_errors/* errorMessage */.g)(error);
            log.error(`certificate ${name}: ${message}`);
            errors.push({
                message: `deploy ${name}: ${message}`,
                hint: 'its hosts were not touched and its hooks not run',
            });
        }
    }
    const deploys = notAttemptedHosts(settings, wanted, refused);
    if (wanted.size > 0) {
        const assignments = [...wanted].map(([target, certs]) => ({
            target,
            bundles: certs
                .map((c) => bundles.get(c))
                .filter((b) => b?.privateKeyPem !== undefined && b.certificateSha256 !== undefined),
        }));
        const sshTargets = Object.fromEntries(Object.entries(config.targets).flatMap(([n, t]) => (t.type === 'ssh' ? [[n, t]] : [])));
        deploys.push(...(await deployTargets(sshTargets, assignments, log, {
            concurrency: settings.concurrency,
            dryRun: settings.dryRun,
            signal: options.signal,
        })));
    }
    const sources = hooked.map((n) => bundles.get(n)).filter((b) => b !== undefined);
    if (sources.length > 0)
        deploys.push(...(await runExecHooks(settings, sources, log)));
    return { deploys, errors, warnings };
}
/**
 * The settings with each SSH target cut down to the hosts `settings.hosts` selects (a target none
 * of whose hosts is selected keeps an empty list and is skipped), or an error when the selection
 * names no host of the selected certificates' targets: that must not pass as a deploy that did
 * nothing. (A selection that names no host at all was refused with the settings.)
 */
function withSelectedHosts(settings, names, log) {
    const selectors = settings.hosts ?? [];
    const targets = { ...settings.config.targets };
    const used = new Set(names.flatMap((n) => settings.config.certificates[n]?.targets ?? []));
    let matched = 0;
    for (const [name, t] of Object.entries(targets)) {
        if (t.type !== 'ssh')
            continue;
        const kept = (0,deploy_select/* selectHosts */.sd)(t, selectors);
        if (kept && used.has(name))
            matched += kept.hosts.length;
        targets[name] = kept ?? { ...t, hosts: [] };
    }
    const shown = (0,deploy_select/* describeSelectors */.a1)(selectors);
    if (matched === 0) {
        const sshTargets = Object.values(settings.config.targets).flatMap((t) => (t.type === 'ssh' ? [t] : []));
        const tags = (0,deploy_select/* knownTags */.$F)(sshTargets);
        return {
            error: {
                message: `deploy: no host of the selected certificates' targets matches ${shown}; tags in the config: ${tags.join(', ') || '(none)'}`,
                hint: 'nothing was deployed: fix the hosts selection',
            },
        };
    }
    log.info(`deploying only to the ${matched} host(s) ${shown} selects; exec hooks do not run with a host selection`);
    return { settings: { ...settings, config: { ...settings.config, targets } } };
}
/** Every host of every SSH target of a refused bundle, reported as not attempted with the reason. */
function notAttemptedHosts(settings, wanted, refused) {
    const out = [];
    for (const [target, names] of wanted) {
        const t = settings.config.targets[target];
        if (t?.type !== 'ssh')
            continue;
        for (const name of names.filter((n) => refused.has(n))) {
            for (const { label: host } of (0,deploy_hosts/* targetHosts */.b)(t)) {
                out.push({
                    target,
                    host,
                    certificates: [name],
                    phase: 'connect',
                    ok: false,
                    skipped: false,
                    rolledBack: false,
                    message: `not attempted: bundle ${name} is not valid (${refused.get(name)})`,
                    durationMs: 0,
                });
            }
        }
    }
    return out;
}
/**
 * Which certificates run their exec hooks in `deploy`: forced ones, and those whose bundle changed
 * since `settings.changedSince` (the push's `before`). When that is unknown (a manual run), or git
 * cannot answer, only forced ones: a hook never runs for a certificate not known to have changed.
 */
async function hooksDue(settings, log) {
    const warnings = [];
    const errors = [];
    const forced = (name) => (0,config_settings/* isForced */.A)(settings, name);
    const undecided = Object.keys(settings.config.certificates).filter((n) => (!settings.only?.length || settings.only.includes(n)) &&
        execTargetsOf(settings, n).length > 0 &&
        !forced(n));
    if (undecided.length === 0)
        return { due: forced, warnings, errors };
    const since = settings.changedSince;
    if (!since) {
        for (const name of undecided) {
            for (const target of execTargetsOf(settings, name)) {
                warnings.push(`certificate ${name}: target ${target.name} is an exec hook; not run, since which certificates changed is unknown (not started by a push, no --changed-since): force ${name} to run it`);
            }
        }
        return { due: forced, warnings, errors };
    }
    let changed;
    try {
        changed = new Set(await (0,pipeline_changed/* changedBundles */.Ko)(settings.workspace, settings.config.store.path, since));
    }
    catch (error) {
        errors.push({
            message: `exec hooks: cannot tell which certificates changed since ${since}: ${(0,util_errors/* errorMessage */.g)(error)}`,
            hint: `no hook of ${undecided.join(', ')} was run (SSH targets were deployed); fix the checkout, or run them with force: <names>`,
        });
        log.error(errors[0]?.message ?? '');
        return { due: forced, warnings, errors };
    }
    const what = (0,pipeline_changed/* isZeroRevision */.wG)(since) ? 'the push created the branch' : `changed since ${since.slice(0, 12)}`;
    for (const name of undecided) {
        if (changed.has(name))
            log.info(`${name}: ${what}; its exec hooks run`);
        else
            log.info(`${name}: not changed since ${since.slice(0, 12)}; its exec hooks are not run (force it to run them)`);
    }
    return { due: (name) => forced(name) || changed.has(name), warnings, errors };
}


/***/ })

};
;