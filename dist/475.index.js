"use strict";
exports.id = 475;
exports.ids = [475];
exports.modules = {

/***/ 87495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ postWebhook)
/* harmony export */ });
/* harmony import */ var _util_body_head_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37813);
/**
 * POSTs the alert as JSON. The URL is a secret (a Slack hook's path is its token): only its origin
 * is ever named in messages.
 */

function origin(url) {
    try {
        return new URL(url).origin;
    }
    catch {
        return 'the webhook URL';
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Two attempts: a receiver that is restarting or answers 5xx/429 gets one more chance; a 4xx is
 * our mistake (or a revoked hook) and is not retried.
 */
async function postWebhook(url, payload, options = {}) {
    const where = origin(url);
    const body = JSON.stringify(payload);
    let last = { ok: false, attempts: 0 };
    for (let attempt = 1; attempt <= 2; attempt++) {
        try {
            const res = await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'user-agent': 'certflow' },
                body,
                redirect: 'error',
                signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
            });
            // Read (and release) the body; its start helps explain a refusal.
            const text = (await (0,_util_body_head_js__WEBPACK_IMPORTED_MODULE_0__/* .bodyHead */ .r)(res, 200)).replace(/\s+/g, ' ').trim();
            if (res.ok)
                return { ok: true, status: res.status, attempts: attempt };
            last = {
                ok: false,
                status: res.status,
                attempts: attempt,
                error: `POST to ${where} answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
            };
            if (res.status < 500 && res.status !== 429)
                return last;
        }
        catch (error) {
            const e = error;
            const why = e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.cause?.message ?? e.message);
            last = { ok: false, attempts: attempt, error: `POST to ${where} failed: ${why}` };
        }
        if (attempt < 2)
            await sleep(options.retryDelayMs ?? 1000);
    }
    return last;
}


/***/ }),

/***/ 75141:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  agentCommand: () => (/* binding */ agentCommand)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./src/config/places.ts
var places = __webpack_require__(81640);
// EXTERNAL MODULE: ./src/config/schema.ts
var schema = __webpack_require__(90131);
// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
;// CONCATENATED MODULE: ./src/agent/config.ts
/**
 * The agent's config: a small YAML file on the host, root-owned. It is the host's trust root: the
 * repository is writable by people the host does not trust, so which certificates the host takes
 * (and for which names), which roots they must chain to and what runs on the host are said here,
 * never read from the repository.
 */







const absolute = (what) => schemas/* string */.YjP().refine((v) => v.startsWith('/'), { message: `${what} must be an absolute path` });
const agentSchema = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz(1, { message: 'expected version: 1' }),
    /** A path to a bare repository, ssh://..., git@host:path or https://... */
    repository: schemas/* string */.YjP()
        .regex(/^[^-\s]\S*$/, { message: 'expected the git URL or path of the store repository' }),
    branch: schemas/* string */.YjP()
        .regex(/^[^\s~^:?*[\\]+$/, { message: 'expected a branch name' })
        .default('main'),
    'store-path': schemas/* string */.YjP().default('certificates'),
    'identity-file': absolute('identity-file'),
    'work-dir': absolute('work-dir').default('/var/lib/certflow-agent'),
    git: schemas/* strictObject */.rej({
        /** Deploy key (read-only) for ssh:// or scp-like URLs. */
        'ssh-key': absolute('git.ssh-key').optional(),
        /** Pinned host keys of the git server; required with ssh-key. */
        'known-hosts': absolute('git.known-hosts').optional(),
        /** File holding an HTTPS token with read-only contents permission. */
        'token-file': absolute('git.token-file').optional(),
    })
        .refine((g) => !g['ssh-key'] || g['known-hosts'], {
        message: 'git.ssh-key needs git.known-hosts: the git server host key is pinned, never learned',
    })
        .default({}),
    /** Extra roots (PEM files) the certificates must chain to; Node's bundled roots always count. */
    trust: schemas/* array */.YOg(absolute('trust entries')).default([]),
    /** The certificates this host takes, with the names each must be for. */
    certificates: schemas/* record */.g1P(schemas/* string */.YjP().regex(schema/* NAME */.o_, { message: 'certificate names are lower-case slugs' }), schemas/* array */.YOg(schemas/* string */.YjP().min(1)).min(1, { message: 'list the names the certificate must be for' }))
        .refine((m) => Object.keys(m).length > 0, { message: 'list at least one certificate' }),
    files: schema/* installSchemas */.k1.files,
    validate: schema/* installSchemas */.k1.validate,
    reload: schema/* installSchemas */.k1.reload,
    verify: schema/* installSchemas */.k1.verify,
    'command-timeout': schemas/* union */.KCZ([schemas/* number */.aig().positive(), schemas/* string */.YjP().regex(duration/* DURATION */.ft, { message: 'expected a duration like "60s"' })])
        .default('60s'),
    report: schemas/* strictObject */.rej({
        /** A line per run to syslog/journal through `logger` (else stderr). */
        syslog: schemas/* boolean */.zMY().default(true),
        /** Prometheus node_exporter textfile, written atomically. */
        textfile: absolute('report.textfile').optional(),
        /** File holding a webhook URL (a secret: a hook's path is its token). */
        'webhook-file': absolute('report.webhook-file').optional(),
    })
        .default({ syslog: true }),
});
/** Parses the agent's config; every problem names the file, line and field. */
function parseAgentConfig(text, file) {
    const counter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: counter, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const at = e ? counter.linePos(e.pos[0]) : { line: 1, col: 1 };
        throw new errors/* UsageError */.e(`${file}: YAML syntax`, [
            { file, line: at.line, column: at.col, path: 'YAML', message: e?.message.split('\n')[0] ?? 'bad YAML' },
        ]);
    }
    const parsed = agentSchema.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? {});
    if (parsed.success)
        return parsed.data;
    const problems = parsed.error.issues.map((issue) => {
        const where = (0,places/* locate */.x)(doc, counter, issue.path, true);
        return {
            file,
            line: where.position.line,
            column: where.position.column,
            path: (0,places/* formatPath */.j)(issue.path),
            message: issue.message,
        };
    });
    throw new errors/* UsageError */.e(`${file}: ${problems.length} problem(s) in the agent config`, problems);
}
async function loadAgentConfig(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* UsageError */.e(`cannot read the agent config ${file}: ${(0,errors/* errorMessage */.g)(error)}`, [
            { path: '--config', message: 'expected a readable YAML file (see docs/agent.md)' },
        ]);
    }
    return parseAgentConfig(text, file);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/alert/webhook.ts
var webhook = __webpack_require__(87495);
;// CONCATENATED MODULE: ./src/agent/report.ts
/**
 * What an agent run tells the outside: one line (syslog/journal through `logger`, else stderr), a
 * Prometheus textfile for node_exporter, and an optional webhook. None of them holds a secret: the
 * results carry names, serials and messages only (the logger's redaction runs over the line).
 */






/** "certflow agent on web1 at abc123: ok; www current, api installed (serial 0a1b)". */
function summaryLine(run) {
    const parts = run.certificates.map((c) => {
        const serial = c.status === 'installed' && c.serial ? ` (serial ${c.serial})` : '';
        const why = c.status === 'failed'
            ? ` at ${c.phase ?? '?'}${c.rolledBack ? ', rolled back' : ''}: ${c.message}`
            : '';
        return `${c.name} ${c.status}${serial}${why}`;
    });
    const at = run.commit ? ` at ${run.commit.slice(0, 12)}` : '';
    const head = `certflow agent on ${run.host}${at}: ${run.ok ? 'ok' : 'FAILED'}`;
    return [head, run.error, parts.join(', ')].filter(Boolean).join('; ');
}
const label = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
/** The Prometheus text exposition of a run (node_exporter's textfile collector reads it). */
function metricsText(run) {
    const host = label(run.host);
    const lines = [
        '# HELP certflow_agent_run_ok Whether the last agent run succeeded (1) or not (0).',
        '# TYPE certflow_agent_run_ok gauge',
        `certflow_agent_run_ok{host="${host}"} ${run.ok ? 1 : 0}`,
        '# HELP certflow_agent_last_run_timestamp_seconds When the last agent run started.',
        '# TYPE certflow_agent_last_run_timestamp_seconds gauge',
        `certflow_agent_last_run_timestamp_seconds{host="${host}"} ${Math.floor(Date.parse(run.at) / 1000)}`,
        '# HELP certflow_agent_certificate_ok Whether the host serves the stored certificate after the run.',
        '# TYPE certflow_agent_certificate_ok gauge',
        ...run.certificates.map((c) => `certflow_agent_certificate_ok{host="${host}",certificate="${label(c.name)}"} ${c.status === 'failed' ? 0 : 1}`),
        '# HELP certflow_agent_certificate_installed Whether this run installed a new certificate.',
        '# TYPE certflow_agent_certificate_installed gauge',
        ...run.certificates.map((c) => `certflow_agent_certificate_installed{host="${host}",certificate="${label(c.name)}"} ${c.status === 'installed' ? 1 : 0}`),
        '# HELP certflow_agent_certificate_not_after_timestamp_seconds Expiry of the stored certificate.',
        '# TYPE certflow_agent_certificate_not_after_timestamp_seconds gauge',
        ...run.certificates.flatMap((c) => c.notAfter
            ? [
                `certflow_agent_certificate_not_after_timestamp_seconds{host="${host}",certificate="${label(c.name)}"} ${Math.floor(Date.parse(c.notAfter) / 1000)}`,
            ]
            : []),
    ];
    return `${lines.join('\n')}\n`;
}
/** Writes a file whole or not at all (node_exporter must never read half of it). */
async function writeAtomic(path, text) {
    const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), `.${(0,external_node_path_.basename)(path)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    try {
        await (0,promises_.writeFile)(temp, text, { mode: 0o644, flag: 'wx' });
        await (0,promises_.rename)(temp, path);
    }
    catch (error) {
        await (0,promises_.rm)(temp, { force: true });
        throw error;
    }
}
/** `logger -t certflow-agent`: false when it cannot run (no logger, no syslog socket). */
function toSyslog(line, ok) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)('logger', ['-t', 'certflow-agent', '-p', ok ? 'daemon.info' : 'daemon.err', '--', line], {
            stdio: ['ignore', 'ignore', 'ignore'],
        });
        child.on('error', () => resolve(false));
        child.on('close', (code) => resolve(code === 0));
    });
}
/** Sends the run's report everywhere the config asks; a failed report is a warning, never fatal. */
async function reportRun(run, config, log, stderr) {
    const warnings = [];
    const line = log.redact(summaryLine(run));
    if (!config.report.syslog || !(await toSyslog(line, run.ok)))
        stderr(line);
    if (config.report.textfile) {
        await writeAtomic(config.report.textfile, metricsText(run)).catch((error) => warnings.push(`report.textfile ${config.report.textfile}: ${(0,errors/* errorMessage */.g)(error)}`));
    }
    const hookFile = config.report['webhook-file'];
    if (hookFile) {
        try {
            const url = (await (0,promises_.readFile)(hookFile, 'utf8')).trim();
            log.secret(url);
            const r = await (0,webhook/* postWebhook */.W)(url, { text: line, ok: run.ok, report: run });
            if (!r.ok)
                warnings.push(`report webhook: ${r.error ?? 'failed'}`);
        }
        catch (error) {
            warnings.push(`report.webhook-file ${hookFile}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    for (const w of warnings)
        log.warn(w);
    return warnings;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/deploy/files.ts + 2 modules
var files = __webpack_require__(91314);
// EXTERNAL MODULE: ./src/deploy/host.ts + 1 modules
var host = __webpack_require__(88678);
;// CONCATENATED MODULE: ./src/deploy/local.ts
/**
 * The deploy phases on this machine: a HostSession over the local filesystem and `sh -c`, for the
 * pull-mode agent. Same contract as the SSH session (transport.ts), so check, stage, swap,
 * validate, reload, verify and rollback are the very code an SSH deploy runs, not a copy.
 */




const notFound = (error) => error?.code === 'ENOENT';
class LocalSession {
    options;
    label = 'localhost';
    constructor(options) {
        this.options = options;
    }
    exec(command, options = {}) {
        return new Promise((resolve) => {
            // Own process group, so a timeout stops what the command started too (a reload's children).
            const child = (0,external_node_child_process_.spawn)('sh', ['-c', command], {
                env: this.options.env,
                stdio: ['ignore', 'pipe', 'pipe'],
                detached: true,
            });
            const out = [];
            const err = [];
            let timedOut = false;
            const timer = setTimeout(() => {
                timedOut = true;
                try {
                    if (child.pid)
                        process.kill(-child.pid, 'SIGKILL');
                }
                catch {
                    // already gone
                }
            }, this.options.commandTimeoutMs);
            child.stdout.on('data', (c) => {
                out.push(c);
                options.onStdout?.(c);
            });
            child.stderr.on('data', (c) => err.push(c));
            const finish = (code, spawnError) => {
                clearTimeout(timer);
                resolve({
                    code: timedOut ? null : code,
                    stdout: timedOut ? '' : Buffer.concat(out).toString(),
                    stderr: timedOut ? '' : (spawnError ?? Buffer.concat(err).toString()),
                    timedOut,
                });
            };
            child.on('error', (e) => finish(null, `cannot run sh: ${e.message}`));
            child.on('close', (code) => finish(code));
        });
    }
    async readFile(path) {
        try {
            return await (0,promises_.readFile)(path);
        }
        catch (error) {
            if (notFound(error))
                return undefined;
            throw new Error(`reading ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    async stat(path) {
        try {
            // Follows a symlink at the live path, as SFTP stat does.
            const s = await (0,promises_.stat)(path);
            return { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size };
        }
        catch (error) {
            if (notFound(error))
                return undefined;
            throw new Error(`stat ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    async fileState(path) {
        const [data, st] = await Promise.all([this.readFile(path), this.stat(path)]);
        if (!data || !st)
            return undefined;
        return { ...st, sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex') };
    }
    async makeDir(path) {
        try {
            await (0,promises_.mkdir)(path, { recursive: true, mode: 0o755 });
        }
        catch (error) {
            throw new Error(`creating ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    async readdir(path) {
        try {
            return await (0,promises_.readdir)(path);
        }
        catch (error) {
            if (notFound(error))
                return undefined;
            throw new Error(`listing ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    async writeNewFile(path, data, mode) {
        // 'wx' (O_CREAT|O_EXCL): a planted file or symlink at the temp name is an error, never followed.
        const handle = await (0,promises_.open)(path, 'wx', mode).catch((error) => {
            throw new Error(`writing ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
        try {
            await handle.chmod(mode); // the umask may have narrowed the mode given at open
            await handle.writeFile(data);
            await handle.sync();
        }
        catch (error) {
            await handle.close().catch(() => undefined);
            throw new Error(`writing ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
        await handle.close();
    }
    async link(existing, newPath) {
        await (0,promises_.link)(existing, newPath).catch((error) => {
            throw new Error(`linking ${existing} to ${newPath}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
    }
    async rename(from, to) {
        await (0,promises_.rename)(from, to).catch((error) => {
            throw new Error(`renaming ${from} to ${to}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
    }
    async unlink(path) {
        await (0,promises_.unlink)(path).catch((error) => {
            if (!notFound(error))
                throw new Error(`removing ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
    }
    async chown(path, uid, gid) {
        await (0,promises_.chown)(path, uid, gid).catch((error) => {
            throw new Error(`chown ${uid}:${gid} ${path}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
    }
    async close() { }
}

// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(39717);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/trust.ts
var trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/verify.ts
var verify = __webpack_require__(37008);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: ./src/deploy/transport.ts + 1 modules
var transport = __webpack_require__(11819);
;// CONCATENATED MODULE: ./src/agent/fetch.ts
/**
 * Fetching the store, read-only: a shallow fetch of one branch into the agent's own repository
 * under work-dir, then a forced checkout of exactly that commit. The agent never pushes and never
 * runs anything from the repository (hooks off, no global or system git config). Credentials never
 * reach the command line: a deploy key through GIT_SSH_COMMAND with the git server's host key
 * pinned, or an HTTPS token as an extra header through GIT_CONFIG_* variables.
 */





function git(cwd, args, env) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        });
    });
}
/** The environment git runs in: nothing of ours but PATH, plus the credentials asked for. */
async function gitEnvironment(config, log, parent = process.env) {
    const env = {
        PATH: parent.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: config['work-dir'],
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
    };
    const { 'ssh-key': key, 'known-hosts': known, 'token-file': tokenFile } = config.git;
    if (key && known) {
        env.GIT_SSH_COMMAND = [
            'ssh -F /dev/null',
            `-i ${(0,transport/* shellQuote */.ZL)(key)}`,
            '-o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes',
            `-o UserKnownHostsFile=${(0,transport/* shellQuote */.ZL)(known)} -o GlobalKnownHostsFile=/dev/null`,
        ].join(' ');
    }
    if (tokenFile) {
        let token;
        try {
            token = (await (0,promises_.readFile)(tokenFile, 'utf8')).trim();
        }
        catch (error) {
            throw new Error(`git.token-file: cannot read ${tokenFile}: ${(0,errors/* errorMessage */.g)(error)}`);
        }
        log.secret(token);
        const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
        log.secret(basic);
        env.GIT_CONFIG_COUNT = '1';
        env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
        env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
    }
    return env;
}
async function fetchStore(config, log) {
    const work = config['work-dir'];
    const dir = (0,external_node_path_.join)(work, 'repo');
    // 0700: the checkout holds only encrypted keys, but nobody else needs to read or plant anything.
    await (0,promises_.mkdir)(work, { recursive: true, mode: 0o700 });
    const env = await gitEnvironment(config, log);
    const fail = (what, r) => new Error(`git ${what} failed (exit ${r.code}): ${log.redact(r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-5)
        .join(' ')) || 'no message'}; check repository, branch and git credentials in the agent config`);
    if (!(await (0,promises_.stat)((0,external_node_path_.join)(dir, '.git')).catch(() => undefined))) {
        await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
        const init = await git(dir, ['init', '-q'], env);
        if (init.code !== 0)
            throw fail('init', init);
    }
    const ref = `refs/remotes/certflow/${config.branch}`;
    const fetched = await git(dir, [
        'fetch',
        '--quiet',
        '--depth',
        '1',
        '--no-tags',
        config.repository,
        `+refs/heads/${config.branch}:${ref}`,
    ], env);
    if (fetched.code !== 0)
        throw fail(`fetch of ${config.branch}`, fetched);
    const checkout = await git(dir, ['checkout', '--quiet', '--force', '--detach', ref], env);
    if (checkout.code !== 0)
        throw fail('checkout', checkout);
    const clean = await git(dir, ['clean', '-q', '-ffdx'], env);
    if (clean.code !== 0)
        throw fail('clean', clean);
    const head = await git(dir, ['rev-parse', 'HEAD'], env);
    if (head.code !== 0)
        throw fail('rev-parse', head);
    const commit = head.stdout.trim();
    log.info(`fetched ${config.branch} at ${commit.slice(0, 12)}`);
    return { dir, commit };
}

;// CONCATENATED MODULE: ./src/agent/run.ts
/**
 * One agent run on a host: fetch the store, take the certificates this host's config lists, prove
 * each bundle (chain to the configured roots, the configured names, manifest against certificate,
 * unexpired, key against certificate) and install the good ones with the deploy phases over the
 * local transport. Each certificate ends as a result; one failing never stops another.
 */














async function runAgent(config, log, now = new Date()) {
    const run = { ok: false, host: (0,external_node_os_.hostname)(), certificates: [], at: now.toISOString() };
    let identity;
    let trust;
    try {
        identity = (await (0,promises_.readFile)(config['identity-file'], 'utf8')).trim();
        log.secret(identity);
        trust = await loadAgentTrust(config.trust);
        const fetched = await fetchStore(config, log);
        run.commit = fetched.commit;
        const storeDir = (0,external_node_path_.join)(fetched.dir, config['store-path']);
        const ready = [];
        for (const [name, domains] of Object.entries(config.certificates)) {
            const prepared = await prepare(storeDir, name, domains, identity, trust, config, log, now);
            if ('bundle' in prepared)
                ready.push(prepared.bundle);
            else
                run.certificates.push(prepared.failed);
        }
        const installed = await install(config, ready, log);
        run.certificates.push(...installed.map((r) => asResult(r, ready)));
    }
    catch (error) {
        run.error = (0,errors/* errorMessage */.g)(error);
        log.error(run.error);
    }
    run.certificates.sort((a, b) => a.name.localeCompare(b.name));
    run.ok = !run.error && run.certificates.every((c) => c.status !== 'failed');
    return run;
}
async function loadAgentTrust(files) {
    const extra = [];
    for (const file of files) {
        const text = await (0,promises_.readFile)(file, 'utf8').catch((error) => {
            throw new Error(`trust: cannot read ${file}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
        (0,trust/* parseRoots */.TF)(text, `trust: ${file}`); // names the file when it does not parse
        extra.push(text);
    }
    return (0,trust/* trustAnchorsOf */.sz)(extra);
}
/** Verifies and opens one bundle; never throws. */
async function prepare(storeDir, name, domains, identity, trust, config, log, now) {
    const failed = (message, phase = 'verify') => {
        log.error(`${name}: ${message}`);
        return { failed: { name, status: 'failed', phase, message } };
    };
    const stored = await (0,read/* readStoredCertificate */.ZK)(storeDir, name);
    if (stored.state === 'missing')
        return failed(`nothing stored under ${config['store-path']}/${name}`);
    if (stored.state === 'unreadable')
        return failed(stored.error);
    // The bundle verifier first: decryption proves nothing, anyone can seal a key to our recipient.
    const verdict = (0,verify/* verifyBundle */.I)(name, stored.manifest, stored.fullchainPem, {
        domains,
        trust,
        now,
        requireUnexpired: true,
    });
    if (!verdict.ok) {
        return failed(`refused, not installed: ${verdict.findings.map((f) => f.message).join('; ')}`);
    }
    let opened;
    try {
        opened = await (0,store_open/* openBundle */.h)(storeDir, name, identity);
    }
    catch (error) {
        const why = error instanceof store_open/* BundleError */.r && error.problem === 'wrong-identity'
            ? `this host's identity does not open ${name}: add the host's recipient to the target's (or certificate's) recipients in certflow.yml and run certflow reseal ${name}`
            : (0,errors/* errorMessage */.g)(error);
        return failed(why, 'decrypt');
    }
    log.secret(opened.privateKeyPem);
    const older = await olderThanInstalled(config, name, stored.fullchainPem);
    if (older)
        return failed(older);
    return {
        bundle: {
            name,
            domains: stored.manifest.domains,
            fullchainPem: stored.fullchainPem,
            privateKeyPem: opened.privateKeyPem,
            certificateSha256: verdict.leaf?.sha256 ?? (0,x509/* leafFacts */.kt)(stored.fullchainPem).sha256,
        },
    };
}
/**
 * A stored certificate issued before the one installed is a rollback: someone with write access
 * can commit an old, still valid bundle (with a key that may have leaked). Refused; re-issue, or
 * remove the installed files by hand, to go back on purpose.
 */
async function olderThanInstalled(config, name, fullchainPem) {
    const live = external_node_path_.posix.resolve((0,files/* targetDir */.fu)(config.files, name), config.files.fullchain);
    const text = await (0,promises_.readFile)(live, 'utf8').catch(() => undefined);
    if (!text)
        return undefined;
    let installed;
    try {
        installed = (0,x509/* leafFacts */.kt)(text);
    }
    catch {
        return undefined; // not a certificate: replaced like any drift
    }
    const stored = (0,x509/* leafFacts */.kt)(fullchainPem);
    if (stored.notBefore.getTime() < installed.notBefore.getTime()) {
        return `refused, not installed: the stored certificate (serial ${stored.serial}, issued ${stored.notBefore.toISOString()}) is older than the installed one (serial ${installed.serial}, issued ${installed.notBefore.toISOString()}): a rollback`;
    }
    return undefined;
}
async function install(config, bundles, log) {
    if (bundles.length === 0)
        return [];
    const session = new LocalSession({
        commandTimeoutMs: (0,duration/* durationMs */.pc)(config['command-timeout']),
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C' },
    });
    const ctx = {
        target: 'agent',
        config: { files: config.files, validate: config.validate, reload: config.reload, verify: config.verify },
        host: (0,external_node_os_.hostname)(),
        address: config.verify.address ?? '127.0.0.1',
        dryRun: false,
        verifyWindowMs: 10_000,
    };
    return (0,host/* deployBundlesToHost */.O)(session, ctx, bundles, log, 0);
}
function asResult(r, bundles) {
    const name = r.certificates[0] ?? '?';
    const bundle = bundles.find((b) => b.name === name);
    const facts = bundle ? (0,x509/* leafFacts */.kt)(bundle.fullchainPem) : undefined;
    return {
        name,
        status: !r.ok ? 'failed' : r.skipped ? 'current' : 'installed',
        phase: r.phase,
        message: r.message ?? '',
        ...(facts ? { serial: facts.serial, notAfter: facts.notAfter.toISOString() } : {}),
        ...(r.rolledBack ? { rolledBack: true } : {}),
    };
}

;// CONCATENATED MODULE: ./src/commands/agent.ts
/**
 * `certflow agent --config <file>`: pull mode, run on a host (by a systemd timer). It reads only
 * its own config (not certflow.yml, which the host does not trust), so it has its own flags.
 */





async function agentCommand(argv, log, stderr) {
    let values;
    try {
        ({ values } = (0,external_node_util_.parseArgs)({
            args: argv,
            options: {
                config: { type: 'string', short: 'c' },
                json: { type: 'boolean' },
                verbose: { type: 'boolean', short: 'v' },
            },
            allowPositionals: false,
        }));
    }
    catch (error) {
        throw new errors/* UsageError */.e(`agent: ${error.message}; usage: certflow agent --config <file> [--json]`);
    }
    if (!values.config) {
        throw new errors/* UsageError */.e('agent needs its config: certflow agent --config /etc/certflow/agent.yml', [
            { path: '--config', message: 'no config file given' },
        ]);
    }
    const config = await loadAgentConfig(values.config);
    const run = await runAgent(config, log);
    const warnings = await reportRun(run, config, log, stderr);
    return {
        ok: run.ok,
        outputs: { ok: String(run.ok) },
        text: summaryLine(run),
        json: { ...run, warnings },
    };
}


/***/ }),

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

/***/ 37813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ bodyHead)
/* harmony export */ });
/**
 * The start of an HTTP answer's body, to quote in a message. Only as much is read as is shown,
 * and the rest is cancelled: the server on the other end (a Pushgateway, a webhook) may be
 * hostile or broken and answer gigabytes, which `response.text()` would hold whole.
 */
async function bodyHead(response, maxChars) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const parts = [];
    let size = 0;
    try {
        // UTF-8 takes at most 4 bytes a character.
        while (size < maxChars * 4) {
            const { done, value } = await reader.read();
            if (done)
                break;
            parts.push(value);
            size += value.length;
        }
    }
    finally {
        await reader.cancel().catch(() => { });
    }
    return Buffer.concat(parts).toString('utf8').slice(0, maxChars);
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