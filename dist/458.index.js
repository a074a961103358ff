"use strict";
exports.id = 458;
exports.ids = [458];
exports.modules = {

/***/ 99238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkCommand: () => (/* binding */ checkCommand),
/* harmony export */   checkHandler: () => (/* binding */ checkHandler)
/* harmony export */ });
/* harmony import */ var _pipeline_check_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83022);
/* harmony import */ var _pipeline_finish_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(74477);
/* harmony import */ var _pipeline_schedule_watch_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(15919);



async function checkCommand(settings, log, options = {}) {
    const report = await log.group('check served certificates', () => (0,_pipeline_check_js__WEBPACK_IMPORTED_MODULE_0__/* .runCheck */ .k)(settings, log, options));
    if (settings.renewWorkflow) {
        const schedule = await log.group('check the renew schedule', () => (0,_pipeline_schedule_watch_js__WEBPACK_IMPORTED_MODULE_2__/* .watchSchedule */ .nR)(settings, log, (options.now ?? (() => new Date()))()));
        if (schedule) {
            report.schedule = schedule;
            if (!schedule.ok)
                report.errors.push({ message: `schedule: ${schedule.message}` });
        }
    }
    return (0,_pipeline_finish_js__WEBPACK_IMPORTED_MODULE_1__/* .finishRun */ .J)(settings, report, log);
}
const checkHandler = (settings, log) => checkCommand(settings, log);


/***/ }),

/***/ 83022:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ runCheck)
});

// UNUSED EXPORTS: plannedProbes

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/config/policy.ts
var policy = __webpack_require__(99706);
// EXTERNAL MODULE: ./src/deploy/hosts.ts
var hosts = __webpack_require__(72140);
// EXTERNAL MODULE: ./src/deploy/services.ts
var services = __webpack_require__(66063);
// EXTERNAL MODULE: ./src/deploy/verify.ts + 1 modules
var verify = __webpack_require__(14423);
// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
;// CONCATENATED MODULE: ./src/report/check.ts

function pointText(p) {
    return p.kind === 'share' ? `${+(p.share * 100).toFixed(2)}% of its lifetime` : (0,duration/* formatDuration */.a3)(p.ms);
}
/**
 * The order of the verdicts is the order of urgency: no answer, expired, inside the emergency
 * window, not the stored one. Every finding is named in the message, not only the worst.
 */
function judgeServed(input) {
    const { served, stored, emergency, now } = input;
    if (!served) {
        return { ok: false, status: 'unreachable', message: input.probeError ?? 'no certificate served' };
    }
    const lifetime = served.notAfter.getTime() - served.notBefore.getTime();
    const left = served.notAfter.getTime() - now.getTime();
    const remaining = lifetime > 0 ? left / lifetime : 0;
    const findings = [];
    let status = 'ok';
    const share = `${Math.max(0, Math.round(remaining * 100))}%`;
    if (left <= 0) {
        status = 'expired';
        findings.push(`expired on ${served.notAfter.toISOString()} (${(0,duration/* formatDuration */.a3)(-left)} ago)`);
    }
    else {
        const inWindow = emergency.kind === 'share' ? remaining < emergency.share : left < emergency.ms;
        if (inWindow) {
            status = 'expiring';
            findings.push(`${(0,duration/* formatDuration */.a3)(left)} left (${share} of its lifetime), below the emergency point of ${pointText(emergency)}`);
        }
    }
    if (stored && stored.sha256 !== served.sha256) {
        if (status === 'ok')
            status = 'mismatch';
        findings.push(`serves serial ${served.serial}, not the stored ${stored.serial} (SHA-256 ${served.sha256.slice(0, 16)}… vs ${stored.sha256.slice(0, 16)}…)`);
    }
    if (input.chainProblem) {
        if (status === 'ok')
            status = 'untrusted';
        findings.push(`the served chain does not reach a trusted root: ${input.chainProblem}`);
    }
    if (input.storeProblem) {
        if (status === 'ok')
            status = 'invalid';
        findings.push(`the stored bundle is not valid: ${input.storeProblem}`);
    }
    if (findings.length > 0)
        return { ok: false, status, message: findings.join('; '), remaining };
    const fresh = `${(0,duration/* formatDuration */.a3)(left)} left (${share} of its lifetime)`;
    if (!stored) {
        return {
            ok: true,
            status: 'unstored',
            message: `${fresh}; not compared: ${input.storeNote ?? 'nothing stored'}`,
            remaining,
        };
    }
    return { ok: true, status: 'ok', message: `${fresh}; the stored certificate`, remaining };
}

// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/store/trust.ts
var store_trust = __webpack_require__(9751);
// EXTERNAL MODULE: ./src/store/verify.ts
var store_verify = __webpack_require__(37008);
// EXTERNAL MODULE: ./src/store/verify-stored.ts
var verify_stored = __webpack_require__(57954);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(40704);
;// CONCATENATED MODULE: ./src/pipeline/check.ts
/**
 * `command: check`: CAs no longer send expiry e-mails, so this is the watchman. It asks every SSH
 * target host over TLS which certificate it serves for each of its certificates, and fails (and
 * alerts) when one is inside the emergency window, expired, unreachable, not the stored one, or
 * not chained to a trusted root, and when the stored bundle itself fails verification.
 * It changes nothing anywhere. The command (src/commands/check.ts) runs this and reports.
 */













/** What to probe, from the config: every host of every SSH target of every (selected) certificate. */
function plannedProbes(settings, warnings) {
    const { config } = settings;
    const probes = [];
    const names = Object.keys(config.certificates).filter((n) => !settings.only?.length || settings.only.includes(n));
    for (const only of settings.only ?? []) {
        if (!(only in config.certificates))
            warnings.push(`certificate ${only} is not in the config; nothing to check for it`);
    }
    for (const name of names) {
        const cert = config.certificates[name];
        if (!cert)
            continue;
        for (const targetName of cert.targets) {
            const target = config.targets[targetName];
            if (!target) {
                warnings.push(`certificate ${name}: target ${targetName} is not defined under targets`);
                continue;
            }
            if (target.type !== 'ssh') {
                warnings.push(target.type === 'agent'
                    ? `certificate ${name}: target ${targetName} is pulled by certflow agent and lists no hosts; check its hosts with an ssh target with verify, or the agent's own report`
                    : `certificate ${name}: target ${targetName} is an exec hook; it has no TLS endpoint to check`);
                continue;
            }
            if ((0,services/* endpoints */.vZ)(target, 'host', cert.domains).length === 0) {
                warnings.push(`certificate ${name}: target ${targetName} has verify.enabled false; not checked`);
                continue;
            }
            for (const th of (0,hosts/* targetHosts */.b)(target)) {
                // The target's TLS check and each service's (a mail host: 443, then 25 and 143 with STARTTLS).
                for (const endpoint of (0,services/* endpoints */.vZ)(th.config, th.address.host, cert.domains)) {
                    probes.push({
                        certificate: name,
                        target: targetName,
                        host: th.label,
                        address: endpoint.address,
                        port: endpoint.port,
                        servername: endpoint.servername,
                        starttls: endpoint.starttls,
                        timeoutMs: (0,duration/* durationMs */.pc)(target['connect-timeout']),
                    });
                }
            }
        }
    }
    return probes;
}
/** Each stored bundle, verified as a deploy would (store/verify.ts); its facts come from the certificate. */
async function storedFacts(settings, storeDir, names, trust, now) {
    const out = new Map();
    for (const name of names) {
        const verdict = await (0,verify_stored/* verifyStoredBundle */.V)(settings, storeDir, name, trust, 'check', now);
        const leaf = verdict.leaf;
        if (verdict.ok && leaf) {
            out.set(name, {
                facts: { serial: leaf.serial, notAfter: leaf.notAfter.toISOString(), sha256: leaf.sha256 },
            });
        }
        else if (!verdict.manifest && (await (0,read/* readStoredCertificate */.ZK)(storeDir, name)).state === 'missing') {
            out.set(name, { note: `no bundle in ${storeDir}/${name}` });
        }
        else {
            out.set(name, { problem: (0,verify_stored/* describeFindings */.k)(verdict) });
        }
    }
    return out;
}
/** Why the served leaf and the chain the host presented do not reach a trusted root, if they do not. */
function servedChainProblem(served, trust, now) {
    try {
        const chain = [served.pem, ...served.chainPems].map((pem) => new external_node_crypto_.X509Certificate(pem));
        const result = (0,store_verify/* chainToRoot */.j)(chain, trust, now);
        return 'error' in result ? result.error : undefined;
    }
    catch (error) {
        return `the presented chain does not parse (${(0,errors/* errorMessage */.g)(error)})`;
    }
}
/** Probes and judges; returns the run report (never throws for a host's failure). */
async function runCheck(settings, log, options = {}) {
    const now = options.now ?? (() => new Date());
    const startedAt = now().toISOString();
    const warnings = [];
    const probes = plannedProbes(settings, warnings);
    const trust = await (0,store_trust/* loadTrustAnchors */.lK)(settings);
    const stored = await storedFacts(settings, (0,read/* storeDir */.rT)(settings), [...new Set(probes.map((p) => p.certificate))], trust, now());
    for (const [name, s] of stored) {
        if (s.problem)
            warnings.push(`certificate ${name}: ${s.problem}; every check of it fails`);
    }
    const emergency = (0,policy/* parseLifetimePoint */.R)(settings.config.renewal.emergency);
    let done = 0;
    log.progress('checked', 0, probes.length);
    const checks = await (0,pool/* mapLimit */.s)(probes, settings.concurrency, async (p) => {
        const started = Date.now();
        const { served, error } = await (0,verify/* servedNow */.kT)({ address: p.address, port: p.port, servername: p.servername, starttls: p.starttls }, p.timeoutMs);
        const s = stored.get(p.certificate);
        const verdict = judgeServed({
            served: served?.facts,
            probeError: error,
            stored: s?.facts,
            storeNote: s?.note,
            storeProblem: s?.problem,
            chainProblem: served && servedChainProblem(served, trust, now()),
            emergency,
            now: now(),
        });
        log.progress('checked', ++done, probes.length);
        const line = `${p.certificate} on ${p.host}: ${verdict.status}: ${verdict.message}`;
        if (verdict.ok)
            log.info(line);
        else
            log.error(line);
        return {
            certificate: p.certificate,
            target: p.target,
            host: p.host,
            address: p.address,
            port: p.port,
            servername: p.servername ?? '',
            ok: verdict.ok,
            status: verdict.status,
            message: verdict.message,
            served: served && {
                serial: served.facts.serial,
                notBefore: served.facts.notBefore.toISOString(),
                notAfter: served.facts.notAfter.toISOString(),
                sha256: served.facts.sha256,
                issuer: served.facts.issuer,
                names: served.facts.names,
            },
            stored: s?.facts,
            remaining: verdict.remaining,
            durationMs: Date.now() - started,
        };
    });
    if (probes.length === 0)
        warnings.push('no certificate has an SSH target with TLS verify enabled: nothing was checked');
    for (const w of warnings)
        log.warn(w);
    return {
        command: 'check',
        dryRun: settings.dryRun,
        startedAt,
        finishedAt: now().toISOString(),
        plan: [],
        issued: [],
        deploys: [],
        errors: [],
        warnings,
        checks,
    };
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