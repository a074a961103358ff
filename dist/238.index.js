"use strict";
exports.id = 238;
exports.ids = [238];
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
        const result = (0,store_verify/* chainToRoot */.jc)(chain, trust, now);
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

/***/ 77544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aw: () => (/* binding */ ariWindowSchema),
/* harmony export */   MZ: () => (/* binding */ serializeManifest),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   rc: () => (/* binding */ manifestSchema)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38816);
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90131);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/**
 * certificate.json: parsed strictly (a hand-edited or corrupt manifest is reported, never trusted)
 * and written in one stable form, so an unchanged certificate gives no diff.
 */



const isoDate = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
    .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO 8601 date' });
const hex = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-9a-f]+$/, { message: 'expected lower-case hex' });
const sha256 = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 in lower-case hex' });
const ariWindowSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    start: isoDate,
    end: isoDate,
    explanationUrl: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    checkedAt: isoDate,
    retryAfter: isoDate.optional(),
});
const issuanceRecord = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    at: isoDate,
    result: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['issued', 'failed']),
    serial: hex.optional(),
    domains: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()),
    forced: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    ariReplacement: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional(),
    error: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
});
const revocationRecord = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    serial: hex,
    reason: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n([
        'unspecified',
        'keyCompromise',
        'affiliationChanged',
        'superseded',
        'cessationOfOperation',
    ]),
    at: isoDate,
    result: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['revoked', 'already-revoked']),
    signedWith: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['certificate-key', 'account-key']),
});
const manifestSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    version: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(1),
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    domains: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1)).min(1),
    keyType: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_config_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .KEY_TYPES */ .WJ),
    profile: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    serial: hex,
    notBefore: isoDate,
    notAfter: isoDate,
    issuer: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    acmeDirectory: zod__WEBPACK_IMPORTED_MODULE_2__/* .url */ .OZ5().optional(),
    certificateSha256: sha256,
    publicKeySha256: sha256,
    ariCertId: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    ari: ariWindowSchema.optional(),
    issuedAt: isoDate,
    replaces: hex.optional(),
    recipients: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()).min(1),
    privateKeySha256: sha256,
    history: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(issuanceRecord).optional(),
    dane: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        nextPublicKeySha256: sha256,
        nextKeySha256: sha256,
        tlsa: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ current: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), next: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() }),
    })
        .optional(),
    revocations: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(revocationRecord).max(100).optional(),
    backoff: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        failures: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative(),
        lastError: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
        lastAt: isoDate,
        nextAttemptAt: isoDate,
    })
        .optional(),
});
/** The order keys are written in: what a reviewer reads first comes first. */
const KEY_ORDER = [
    'version',
    'name',
    'domains',
    'keyType',
    'profile',
    'serial',
    'notBefore',
    'notAfter',
    'issuer',
    'acmeDirectory',
    'certificateSha256',
    'publicKeySha256',
    'ariCertId',
    'ari',
    'issuedAt',
    'replaces',
    'recipients',
    'privateKeySha256',
    'history',
    'dane',
    'revocations',
    'backoff',
];
/** Stable JSON: fixed key order (nested objects sorted), two-space indent, LF, final newline. */
function serializeManifest(manifest) {
    const ordered = {};
    for (const key of KEY_ORDER) {
        if (manifest[key] !== undefined)
            ordered[key] = sortKeys(manifest[key]);
    }
    return `${JSON.stringify(ordered, null, 2)}\n`;
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (value && typeof value === 'object') {
        const out = {};
        for (const key of Object.keys(value).sort()) {
            const v = value[key];
            if (v !== undefined)
                out[key] = sortKeys(v);
        }
        return out;
    }
    return value;
}
/** Parses and checks a manifest; the error names the file and every field that is wrong. */
function parseManifest(text, file) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${file}: not valid JSON (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)})`);
    }
    const result = manifestSchema.safeParse(data);
    if (!result.success) {
        const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new Error(`${file}: ${problems.join('; ')}`);
    }
    return result.data;
}


/***/ }),

/***/ 36233:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G5: () => (/* binding */ listStoredCertificates),
/* harmony export */   HJ: () => (/* binding */ BUNDLE_FILES),
/* harmony export */   ZK: () => (/* binding */ readStoredCertificate),
/* harmony export */   hX: () => (/* binding */ bundlePaths),
/* harmony export */   rB: () => (/* binding */ MAX_BUNDLE_FILE),
/* harmony export */   rT: () => (/* binding */ storeDir),
/* harmony export */   zi: () => (/* binding */ readBundleFile)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70017);
/* harmony import */ var _util_fs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(21917);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32726);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(77544);
/**
 * Reads the clear part of a stored bundle (manifest and chain) without decrypting anything: what
 * the plan, the report and `check` need. A bundle whose parts disagree is reported as unreadable
 * with the reason, so the plan can renew it instead of aborting the run.
 */






const BUNDLE_FILES = {
    manifest: 'certificate.json',
    fullchain: 'fullchain.pem',
    key: 'privkey.pem.age',
    /** `dane: true` only: the pre-generated next key, age-encrypted like the key. */
    nextKey: 'nextkey.pem.age',
};
/** Absolute path of the store folder: `store.path`, relative to the workspace unless absolute. */
function storeDir(settings) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(settings.workspace, settings.config.store.path);
}
function bundlePaths(storeDir, name) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(storeDir, name);
    return {
        dir,
        manifest: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, BUNDLE_FILES.manifest),
        fullchain: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, BUNDLE_FILES.fullchain),
        key: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, BUNDLE_FILES.key),
        nextKey: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, BUNDLE_FILES.nextKey),
    };
}
/**
 * The most a bundle file may hold. A chain is a few KiB, a manifest less; the store is written
 * by anyone with write access, so a file past this is refused before it is read or parsed.
 */
const MAX_BUNDLE_FILE = 1024 * 1024;
/** Reads one bundle file (capped at MAX_BUNDLE_FILE), or undefined when it is not there. */
async function readBundleFile(path) {
    try {
        return await (0,_util_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .readFileCapped */ .u)(path, MAX_BUNDLE_FILE, 'a certificate bundle file');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
async function readIfPresent(path) {
    try {
        return (await readBundleFile(path))?.toString('utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
async function readStoredCertificate(storeDir, name) {
    const paths = bundlePaths(storeDir, name);
    try {
        const [manifestText, fullchainPem, keyPresent] = await Promise.all([
            readIfPresent(paths.manifest),
            readIfPresent(paths.fullchain),
            (0,_util_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .exists */ .t)(paths.key),
        ]);
        if (manifestText === undefined && fullchainPem === undefined && !keyPresent) {
            return { name, state: 'missing' };
        }
        if (manifestText === undefined)
            return unreadable(name, `${paths.manifest} is missing`);
        if (fullchainPem === undefined)
            return unreadable(name, `${paths.fullchain} is missing`);
        if (!keyPresent)
            return unreadable(name, `${paths.key} is missing`);
        const manifest = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseManifest */ .Ng)(manifestText, paths.manifest);
        if (manifest.name !== name) {
            return unreadable(name, `${paths.manifest}: name is "${manifest.name}", expected "${name}"`);
        }
        let sha256;
        try {
            // The hash of the PEM's bytes, not a parse: the bundle verifier parses it (once) after this.
            sha256 = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_4__/* .leafDerSha256 */ .$O)(fullchainPem);
        }
        catch (error) {
            return unreadable(name, `${paths.fullchain}: not a PEM certificate chain (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .g)(error)})`);
        }
        if (sha256 !== manifest.certificateSha256) {
            return unreadable(name, `${paths.fullchain} does not match ${BUNDLE_FILES.manifest}: certificate SHA-256 is ${sha256}, the manifest says ${manifest.certificateSha256}`);
        }
        return { name, state: 'present', manifest, fullchainPem, dir: paths.dir };
    }
    catch (error) {
        return unreadable(name, (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .g)(error));
    }
}
function unreadable(name, error) {
    return { name, state: 'unreadable', error };
}
/** Names of the bundles in the store folder (folders holding a certificate.json). */
async function listStoredCertificates(storeDir) {
    let entries;
    try {
        entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(storeDir, { withFileTypes: true });
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const names = [];
    for (const entry of entries) {
        if (entry.isDirectory() && (await (0,_util_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .exists */ .t)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(storeDir, entry.name, BUNDLE_FILES.manifest)))) {
            names.push(entry.name);
        }
    }
    return names.sort();
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
    const verdict = (0,_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyBundle */ .IF)(name, stored.manifest, stored.fullchainPem, {
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

/***/ 37008:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ verifyBundle),
/* harmony export */   jc: () => (/* binding */ chainToRoot),
/* harmony export */   zj: () => (/* binding */ keyTypeOf)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32726);


/** Key type in the manifest's words, from the certificate's public key. */
function keyTypeOf(cert) {
    const key = cert.publicKey;
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'ec') {
        const curve = details.namedCurve;
        if (curve === 'prime256v1')
            return 'ecdsa-p256';
        if (curve === 'secp384r1')
            return 'ecdsa-p384';
        return `ecdsa-${curve ?? 'unknown'}`;
    }
    if (key.asymmetricKeyType === 'rsa')
        return `rsa-${details.modulusLength ?? 'unknown'}`;
    return key.asymmetricKeyType ?? 'unknown';
}
const list = (names) => (names.length ? [...names].sort().join(', ') : '(none)');
const sameSet = (a, b) => list(a.map((n) => n.toLowerCase())) === list(b.map((n) => n.toLowerCase()));
/** Checks a bundle's clear parts (manifest + fullchain). Never throws: problems are findings. */
function verifyBundle(name, manifest, fullchainPem, options) {
    const findings = [];
    const add = (field, expected, actual, what) => {
        findings.push({
            bundle: name,
            field,
            expected,
            actual,
            message: `bundle ${name}: ${field}: ${what ?? `the certificate says ${expected}, the manifest says ${actual}`}`,
        });
    };
    const blocks = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .splitPemChain */ .mU)(fullchainPem);
    let chain;
    try {
        if (blocks.length === 0)
            throw new Error('no PEM certificate found');
        chain = blocks.map((b) => (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCertificate */ .hB)(b));
    }
    catch (error) {
        add('fullchain.pem', 'a PEM certificate chain', (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error), `fullchain.pem does not parse (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)})`);
        return { name, ok: false, findings };
    }
    const leafCert = chain[0];
    const leaf = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_1__/* .certificateFacts */ .lF)(blocks[0]);
    // Every manifest field the certificate also states.
    const fields = [
        ['serial', leaf.serial, manifest.serial],
        ['issuer', leaf.issuer, manifest.issuer],
        ['certificateSha256', leaf.sha256, manifest.certificateSha256],
        ['publicKeySha256', leaf.publicKeySha256, manifest.publicKeySha256],
        ['keyType', keyTypeOf(leafCert), manifest.keyType],
    ];
    for (const [field, cert, said] of fields) {
        if (cert !== said)
            add(field, cert, said);
    }
    for (const field of ['notBefore', 'notAfter']) {
        const cert = leaf[field];
        const said = Date.parse(manifest[field]);
        if (cert.getTime() !== said)
            add(field, cert.toISOString(), manifest[field]);
    }
    if (!sameSet(leaf.names, manifest.domains))
        add('domains', list(leaf.names), list(manifest.domains));
    if (options.domains && !sameSet(leaf.names, options.domains)) {
        add('names', list(options.domains), list(leaf.names), `the certificate is for ${list(leaf.names)}, the config wants ${list(options.domains)}`);
    }
    const now = options.now.getTime();
    if (options.requireUnexpired) {
        if (leaf.notAfter.getTime() <= now) {
            add('expiry', `valid at ${options.now.toISOString()}`, `expired ${leaf.notAfter.toISOString()}`, `the certificate expired at ${leaf.notAfter.toISOString()} (now ${options.now.toISOString()})`);
        }
        else if (leaf.notBefore.getTime() > now) {
            add('expiry', `valid at ${options.now.toISOString()}`, `valid from ${leaf.notBefore.toISOString()}`, `the certificate is not valid before ${leaf.notBefore.toISOString()} (now ${options.now.toISOString()})`);
        }
    }
    let path;
    if (options.trust) {
        const result = chainToRoot(chain, options.trust, options.now);
        if ('error' in result)
            add('chain', 'a chain to a trusted root', result.error, result.error);
        else
            path = result.path;
    }
    return { name, ok: findings.length === 0, findings, leaf, path };
}
function oneLine(dn) {
    return dn.split('\n').filter(Boolean).reverse().join(', ');
}
const MAX_DEPTH = 8;
/**
 * Walks from the leaf up through the certificates of the file, each signed by the next, until one
 * is signed by (or is) a trusted root. Intermediates must be CAs and valid at the time of use; the
 * leaf's own dates are the expiry check's business, so an expired leaf still shows its chain.
 */
function chainToRoot(chain, trust, now) {
    const leaf = chain[0];
    const path = [oneLine(leaf.subject)];
    const used = new Set([leaf]);
    let current = leaf;
    const signedBy = (child, parent) => {
        try {
            return child.checkIssued(parent) && child.verify(parent.publicKey);
        }
        catch {
            return false;
        }
    };
    const validNow = (c) => Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
        // A certificate listed as a root is trusted as itself (a pinned self-signed one, too).
        if (trust.roots.some((r) => r.fingerprint256 === current.fingerprint256)) {
            return { path };
        }
        const root = trust.roots.find((r) => signedBy(current, r) && r.ca);
        if (root) {
            if (!validNow(root)) {
                return { error: `the trusted root ${oneLine(root.subject)} is not valid at ${now.toISOString()}` };
            }
            path.push(oneLine(root.subject));
            return { path };
        }
        const next = chain.find((c) => !used.has(c) && signedBy(current, c));
        if (!next) {
            const selfSigned = signedBy(current, current);
            const who = oneLine(current.subject);
            return {
                error: selfSigned
                    ? `${who} is self-signed and not a trusted root (trusted: Node's roots, acme.trust, store.trust)`
                    : `${who} is issued by ${oneLine(current.issuer)}, which neither fullchain.pem nor the trusted roots (Node's, acme.trust, store.trust) hold`,
            };
        }
        if (!next.ca)
            return { error: `${oneLine(next.subject)} signs ${oneLine(current.subject)} but is not a CA` };
        if (!validNow(next)) {
            return {
                error: `${oneLine(next.subject)} is not valid at ${now.toISOString()} (${next.validFrom} to ${next.validTo})`,
            };
        }
        used.add(next);
        path.push(oneLine(next.subject));
        current = next;
    }
    return { error: `the chain is longer than ${MAX_DEPTH} certificates` };
}


/***/ }),

/***/ 21917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ exists),
/* harmony export */   u: () => (/* binding */ readFileCapped)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

/** Whether something exists at `path` (any error, including no permission, counts as absent). */
async function exists(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.access)(path);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Reads a file of at most `max` bytes, or throws saying how big it is. For files anyone with
 * write access can put in the repository (bundles in the store): a huge one must not cost the
 * run its memory, and the size check comes from the open file, so nothing past the cap is read.
 */
async function readFileCapped(path, max, expected) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    try {
        const { size } = await handle.stat();
        if (size > max) {
            throw new Error(`${path} is ${size} bytes; ${expected} is at most ${max} bytes, so this is not one`);
        }
        // Sized to the file (plus one byte to see it grew), not to max: a plan reads every file of
        // every bundle, and a 1 MiB buffer each was most of a 10,000-bundle plan's time (issue 22).
        // Read at most max + 1 bytes: a file that grew since the stat is still refused.
        let buf = Buffer.alloc(size + 1);
        let length = 0;
        for (;;) {
            if (length === buf.length) {
                const grown = Buffer.alloc(Math.min(max + 1, buf.length * 2));
                buf.copy(grown, 0, 0, length);
                buf = grown;
            }
            const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
            if (bytesRead === 0)
                break;
            length += bytesRead;
            if (length > max)
                throw new Error(`${path} is over ${max} bytes; ${expected} is at most ${max} bytes`);
        }
        return buf.subarray(0, length);
    }
    finally {
        await handle.close();
    }
}


/***/ })

};
;