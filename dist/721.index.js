"use strict";
exports.id = 721;
exports.ids = [721];
exports.modules = {

/***/ 6721:
/***/ ((__unused_webpack_module, __unused_webpack___webpack_exports__, __webpack_require__) => {


// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: ./src/commands/index.ts
var commands = __webpack_require__(52698);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/deploy/select.ts
var deploy_select = __webpack_require__(7211);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/config/account-inputs.ts
var account_inputs = __webpack_require__(22675);
;// CONCATENATED MODULE: ./src/config/branch.ts
/**
 * The branch guard of the Action. renew, deploy and `check` with alerts hold secrets (CA and DNS
 * credentials, the deploy identity, a token that opens issues) and act on the config of the
 * checked-out branch. Anyone with write access can push a branch whose config adds their own age
 * recipient or points a DNS endpoint at their server, then start the workflow on it by hand. So
 * these commands run only on the repository's default branch, or on branches the workflow lists
 * in `allow-branches`.
 *
 * This is a second wall, not the first: whoever can push a branch can also edit the workflow on
 * it. The first wall is the protected environment limited to the default branch (docs/security.md).
 */

function runContext(ctx) {
    const repo = ctx.payload.repository;
    return {
        ref: ctx.ref || undefined,
        eventName: ctx.eventName || undefined,
        defaultBranch: typeof repo?.default_branch === 'string' ? repo.default_branch : undefined,
        repository: typeof repo?.full_name === 'string' ? repo.full_name : undefined,
    };
}
/** Whether a command holds secrets that a branch must not get. */
function guarded(command, alertIssue) {
    // publish writes what the shards renewed with a write token, as renew does (issue 22).
    return (command === 'renew' ||
        command === 'publish' ||
        command === 'deploy' ||
        command === 'revoke' ||
        command === 'rotate' ||
        command === 'account' ||
        (command === 'check' && alertIssue));
}
/**
 * A branch glob as a regular expression: `*` is any run of characters but `/`, `**` any run at
 * all, `?` one character but `/`. Everything else is literal.
 */
function globRegExp(glob) {
    let out = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
            out += '.*';
            i++;
        }
        else if (c === '*')
            out += '[^/]*';
        else if (c === '?')
            out += '[^/]';
        else
            out += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    return new RegExp(`^${out}$`);
}
/** Throws a UsageError when `command` may not run here; returns the branch it runs on otherwise. */
function checkBranch(command, alertIssue, allowBranches, ctx) {
    if (!guarded(command, alertIssue))
        return undefined;
    const what = command === 'check' ? 'check with alert-issue' : command;
    const ref = ctx.ref ?? '';
    const way = `Run it from the default branch${ctx.defaultBranch ? ` '${ctx.defaultBranch}'` : ''}, or, if this ` +
        `branch is meant to hold the renew and deploy secrets, add it to the input allow-branches ` +
        `(globs, e.g. "release/*") and to the branches the certflow-renew and certflow-deploy ` +
        `environments allow. See docs/security.md.`;
    if (!ref.startsWith('refs/heads/')) {
        // Pull request merge refs and tags: code that nobody merged into a branch.
        throw new errors/* UsageError */.e(`certflow ${what} refused: this run is on '${ref || '(no GITHUB_REF)'}'${ctx.eventName ? ` (event ${ctx.eventName})` : ''}, not on a branch. ${way}`, [{ path: 'allow-branches', message: `${ref || 'no ref'} is not a branch` }]);
    }
    const branch = ref.slice('refs/heads/'.length);
    if (branch === ctx.defaultBranch)
        return branch;
    if (allowBranches.some((glob) => globRegExp(glob).test(branch)))
        return branch;
    const why = ctx.defaultBranch
        ? `the default branch of ${ctx.repository ?? 'the repository'} is '${ctx.defaultBranch}'`
        : 'the event payload does not name the default branch';
    const listed = allowBranches.length > 0 ? ` and allow-branches (${allowBranches.join(', ')}) does not match it` : '';
    throw new errors/* UsageError */.e(`certflow ${what} refused on branch '${branch}': ${why}${listed}. A branch's config decides where keys are sealed and which DNS endpoint gets the credentials, so only trusted branches may run with secrets. ${way}`, [{ path: 'allow-branches', message: `branch '${branch}' is not allowed` }]);
}

// EXTERNAL MODULE: ./src/config/build.ts
var build = __webpack_require__(14814);
// EXTERNAL MODULE: ./src/config/endpoints.ts
var endpoints = __webpack_require__(93136);
// EXTERNAL MODULE: ./src/config/github.ts + 1 modules
var github = __webpack_require__(85027);
// EXTERNAL MODULE: ./src/config/metrics.ts
var metrics = __webpack_require__(33843);
// EXTERNAL MODULE: ./src/config/revoke-inputs.ts
var revoke_inputs = __webpack_require__(26666);
// EXTERNAL MODULE: ./src/config/settings.ts
var settings = __webpack_require__(54661);
// EXTERNAL MODULE: ./src/config/shard.ts
var config_shard = __webpack_require__(13334);
// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
// EXTERNAL MODULE: ./src/config/workflow.ts
var workflow = __webpack_require__(78749);
;// CONCATENATED MODULE: ./src/config/inputs.ts
/**
 * The only place that reads the Action's inputs (and the runner's GITHUB_* variables). Everything
 * else works on Settings.
 */















/**
 * Commands the Action runs. `decrypt` (prints a private key) and `init` (writes secrets) are for a
 * person at a terminal: in a job they would put a key into the log or a runner's disk.
 */
const ACTION_COMMANDS = settings/* COMMANDS */.L.filter((c) => c !== 'decrypt' && c !== 'init' && c !== 'reseal');
/** A GitHub environment name: up to 255 characters, none of the characters GitHub refuses in it. */
function parseEnvironmentName(value, problems) {
    const name = value.trim();
    if (!name)
        return undefined;
    if (name.length > 255 || /[\u0000-\u001f,'"`;]/.test(name)) {
        problems.add('deployment-environment', `"${name.slice(0, 60)}" is not a GitHub environment name; expected up to 255 characters without quotes, commas, semicolons or control characters (for example certflow-deploy)`);
        return undefined;
    }
    return name;
}
function readCommandInput() {
    const value = core/* getInput */.V4('command').trim();
    const expected = ACTION_COMMANDS.join(', ');
    if (!value) {
        throw new errors/* UsageError */.e(`Input required and not supplied: command. Set "command" to one of ${expected} in the step's "with:".`, [{ path: 'command', message: 'required' }]);
    }
    if (settings/* COMMANDS */.L.includes(value) && !ACTION_COMMANDS.includes(value)) {
        throw new errors/* UsageError */.e(`command '${value}' is for the command line only (npx certflow ${value}); the Action runs ${expected}.`, [{ path: 'command', message: `'${value}' is not available in the Action` }]);
    }
    if (!ACTION_COMMANDS.includes(value)) {
        throw new errors/* UsageError */.e(`Invalid input command '${value}'. Expected one of ${expected}.`, [
            { path: 'command', message: `command: expected one of ${expected}, got '${value}'` },
        ]);
    }
    return value;
}
/**
 * Reads every input, the GitHub context and the config file into Settings. Secrets (token, age
 * identity, webhook URL, values of `${NAME}` references) are registered before anything is logged.
 * Throws UsageError listing every problem.
 */
async function readActionSettings(env, log, given) {
    // @actions/github brings Octokit along: loaded here, once, rather than by every import of this file.
    const context = given ?? (await Promise.all(/* import() */[__webpack_require__.e(439), __webpack_require__.e(420)]).then(__webpack_require__.bind(__webpack_require__, 60722))).context;
    const command = readCommandInput();
    const input = (name) => core/* getInput */.V4(name);
    // Before the config is read or any secret used: a branch's config must not steer the secrets.
    const alertIssue = (0,values/* parseBoolean */.yG)('alert-issue', input('alert-issue'), new values/* Problems */.Zw());
    const allowBranches = (0,values/* parseList */.E1)(input('allow-branches'));
    checkBranch(command, alertIssue, allowBranches, runContext(context));
    const token = input('github-token').trim();
    if (token)
        log.secret(token);
    const webhookUrl = input('webhook-url').trim();
    if (webhookUrl)
        log.secret(webhookUrl);
    const problems = new values/* Problems */.Zw();
    // The URL holds the webhook's token: never over plain http off this machine (and never quoted).
    if (webhookUrl && (0,endpoints/* endpointVerdict */.Ny)(webhookUrl, false) === 'refused') {
        problems.add('webhook-url', (0,endpoints/* refusedEndpoint */.k0)('webhook-url', undefined));
    }
    const ageIdentity = (0,values/* parseAgeIdentity */.BS)('age-identity', input('age-identity'), problems, log);
    const workspace = (0,external_node_path_.resolve)(env.GITHUB_WORKSPACE || process.cwd());
    const configInput = input('config').trim() || '.github/certflow.yml';
    const configPath = (0,external_node_path_.resolve)(workspace, configInput);
    // Annotations need the path relative to the repository root.
    const rel = (0,external_node_path_.relative)(workspace, configPath);
    const displayPath = rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? configPath : rel;
    let scheduleIntervalHours = (0,values/* parseScheduleInterval */.s7)('schedule-interval', input('schedule-interval'), problems);
    const intervalInput = scheduleIntervalHours;
    let scheduleSource = scheduleIntervalHours !== undefined ? 'input schedule-interval' : undefined;
    if (scheduleIntervalHours === undefined) {
        const schedule = (0,github/* workflowSchedule */.Ro)(workspace, env, log);
        if (schedule) {
            scheduleIntervalHours = schedule.hours;
            scheduleSource = `the cron of ${schedule.file}`;
        }
    }
    // check watches the named workflow; renew keeps its own (or the named one) enabled.
    const named = (0,workflow/* parseWorkflowId */._O)('renew-workflow', input('renew-workflow'), problems);
    const watched = command === 'check' ? named : command === 'renew' ? (named ?? (0,workflow/* runningWorkflow */.TT)(env)) : undefined;
    const renewWorkflow = (0,workflow/* renewWorkflowSettings */.GH)(watched, workspace, intervalInput, log);
    if (command === 'check' && renewWorkflow && !token) {
        problems.add('renew-workflow', 'needs github-token to read the workflow through the API');
    }
    const hosts = (0,deploy_select/* parseHostSelectors */.MB)('hosts', input('hosts'), problems);
    if (hosts && command !== 'deploy' && command !== 'renew') {
        problems.add('hosts', 'only makes sense with command: deploy (or renew with deploy: true)');
    }
    const shard = (0,config_shard/* parseShardEntry */.Y)('shard', input('shard'), problems);
    const shards = (0,config_shard/* parseShardRequest */.v)({ shards: 'shards', size: 'shard-size' }, input('shards'), input('shard-size'), problems);
    if (shard && command !== 'renew')
        problems.add('shard', 'only makes sense with command: renew');
    if (shards && command !== 'plan')
        problems.add('shards', 'only makes sense with command: plan');
    const listed = (0,values/* parseList */.E1)(input('certificates'));
    if (shard && listed.length > 0)
        problems.add('shard', 'set either shard or certificates, not both');
    const only = shard ? shard.names : listed;
    const revoke = (0,revoke_inputs/* parseRevokeInputs */.D)(command, input('serial'), input('reason'), problems, { serial: 'serial', reason: 'reason', revokeOld: 'revoke-old' }, (0,values/* parseBoolean */.yG)('revoke-old', input('revoke-old'), problems));
    if ((command === 'revoke' || command === 'rotate') && only.length !== 1) {
        problems.add('certificates', `command ${command} takes exactly one certificate name in certificates (got ${only.length === 0 ? 'none' : only.join(', ')})`);
    }
    // The new key would land on the runner's disk, and a failed next step would lose it while the
    // CA already refuses the old one: a person runs the rollover, with the key on their own disk.
    const rollover = command === 'account' && input('account-action').trim() === 'rollover';
    if (rollover)
        problems.add('account-action', "rollover is command-line only (npx certflow account rollover --out <file>): the new key must land on a person's disk, not a runner's");
    const account = rollover
        ? undefined
        : (0,account_inputs/* parseAccountInputs */.sG)(command, input('account-action'), false, undefined, problems, {
            action: 'account-action',
            yes: 'account-confirm',
            out: 'account-action',
        });
    const confirmUrl = input('account-confirm').trim();
    if (account) {
        if (confirmUrl && account.action !== 'deactivate')
            problems.add('account-confirm', 'only makes sense with account-action: deactivate');
        if (confirmUrl)
            account.confirmUrl = confirmUrl;
        account.keyVariable = (0,account_inputs/* accountKeyVariable */.ND)(configPath);
    }
    else if (confirmUrl && !rollover)
        problems.add('account-confirm', 'only makes sense with command: account');
    const request = {
        command,
        configPath,
        displayPath,
        workspace,
        force: (0,values/* parseForce */.fu)(input('force')),
        forceUnsafe: (0,values/* parseBoolean */.yG)('force-unsafe', input('force-unsafe'), problems),
        publish: (0,values/* parsePublish */.LS)('publish', input('publish'), problems, 'pull-request'),
        push: true,
        prBranch: input('branch').trim() || 'certflow/renewal',
        stateBranch: input('state-branch').trim() || 'certflow/state',
        prLabels: (0,values/* parseList */.E1)(input('labels')),
        dryRun: (0,values/* parseBoolean */.yG)('dry-run', input('dry-run'), problems),
        deploy: (0,values/* parseBoolean */.yG)('deploy', input('deploy'), problems) || command === 'deploy' || command === 'rotate',
        github: (0,github/* githubSettings */.ND)(token, env.GITHUB_REPOSITORY, env),
        ageIdentity,
        concurrency: (0,values/* parseConcurrency */.nY)('concurrency', input('concurrency'), problems),
        scheduleIntervalHours,
        scheduleSource,
        renewWorkflow,
        alertIssue: (0,values/* parseBoolean */.yG)('alert-issue', input('alert-issue'), problems),
        allowBranches,
        webhookUrl: webhookUrl || undefined,
        webhookAlways: (0,values/* parseBoolean */.yG)('webhook-always', input('webhook-always'), problems),
        json: false,
        only: only.length > 0 ? only : undefined,
        hosts,
        shards,
        shard,
        from: command === 'publish' ? (0,values/* parseList */.E1)(input('bundles')).map((f) => (0,external_node_path_.resolve)(workspace, f)) : undefined,
        // RUNNER_TEMP is the job's own folder, emptied after the job: the `report` output then always
        // names a file later steps can read (upload-artifact, jq).
        reportPath: env.RUNNER_TEMP ? (0,external_node_path_.join)(env.RUNNER_TEMP, 'certflow-report.json') : undefined,
        ...(0,metrics/* metricsSettings */.j)(input('metrics-file').trim() || undefined, input('pushgateway-url').trim() || undefined, 'metrics-file', 'pushgateway-url', workspace, problems, log),
        changedSince: command === 'deploy' ? (0,github/* pushBefore */.u1)(env, log) : undefined,
        base: command === 'verify' ? input('base').trim() || (0,github/* pullRequestBase */.M2)(env) : undefined,
        pullRequest: command === 'verify' ? (0,github/* pullRequestNumber */.Kd)(env) : undefined,
        deploymentEnvironment: parseEnvironmentName(input('deployment-environment'), problems),
        revoke,
        account,
        persistCheck: command === 'persist-records' && (0,values/* parseBoolean */.yG)('check', input('check'), problems),
        runUrl: (0,github/* runUrl */.Vp)(env),
        hooks: (0,github/* hookSettings */.Hs)(env),
        names: { force: 'force', only: shard ? 'shard' : 'certificates' },
    };
    if (problems.list.length > 0) {
        const n = problems.list.length;
        throw new errors/* UsageError */.e(`${n} problem${n === 1 ? '' : 's'} with the inputs`, problems.list);
    }
    return (0,build/* completeSettings */.b_)(request, env, log);
}

// EXTERNAL MODULE: ./src/config/load.ts + 5 modules
var load = __webpack_require__(79293);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
;// CONCATENATED MODULE: ./src/action/logger.ts
/** The Logger of the Action: workflow commands through @actions/core (masking, groups, annotations). */


function annotation(place) {
    if (!place?.file && !place?.title)
        return undefined;
    return { file: place.file, startLine: place.line, startColumn: place.column, title: place.title };
}
/**
 * Secrets are masked twice: every message is redacted here before it is written, and single-line
 * secrets (tokens, TSIG secrets, the age identity) are also registered with the runner
 * (`core.setSecret`) so that output of child processes is masked too. Multi-line PEM keys are
 * redacted here only: registering them would write their lines into the job's raw output as
 * `::add-mask::` commands, and those that come from `secrets.*` are already masked by the runner
 * line by line, while keys certflow issues or decrypts never leave memory in clear.
 */
/**
 * GitHub shows at most 10 error and 10 warning annotations per step and drops the rest without a
 * word. Past ANNOTATIONS_SHOWN of a kind, messages go to the log as plain lines, and `flush()`
 * adds one annotation that counts them and says where the full list is. Errors keep one more
 * slot free for the run's own failure line (core.setFailed is an error annotation too).
 */
const ANNOTATIONS_SHOWN = { warning: 9, error: 8 };
class ActionsLogger {
    redactor = new redact/* Redactor */.pO();
    shown = { warning: 0, error: 0 };
    hidden = { warning: 0, error: 0 };
    debug(message) {
        // The runner shows ::debug:: lines only with RUNNER_DEBUG=1 (step debug logging): otherwise
        // none is written, and none is redacted (issue 22: redacting every unprinted debug line was
        // a measurable share of issuing 1,000 certificates).
        if (core/* isDebug */._o())
            core/* debug */.Yz(this.redact(message));
    }
    info(message) {
        // core.info writes the text as is (the others escape newlines): a line of data must not
        // become a workflow command.
        core/* info */.pq((0,redact/* escapeCommands */.g9)(this.redact(message)));
    }
    warn(message, place) {
        this.annotate('warning', this.redact(message), place);
    }
    error(message, place) {
        this.annotate('error', this.redact(message), place);
    }
    annotate(kind, message, place) {
        if (this.shown[kind] < ANNOTATIONS_SHOWN[kind]) {
            this.shown[kind] += 1;
            (kind === 'error' ? core/* error */.z3 : core/* warning */.$e)(message, annotation(place));
            return;
        }
        this.hidden[kind] += 1;
        const where = place?.file ? ` (${place.file}${place.line ? `:${place.line}` : ''})` : '';
        // A plain line; the prefix also keeps data from starting a line with `::`.
        core/* info */.pq(`${kind}${where}: ${message}`);
    }
    /** One annotation per kind that overflowed: how many more, and where to read them. */
    flush() {
        for (const kind of ['error', 'warning']) {
            const n = this.hidden[kind];
            if (n === 0)
                continue;
            const text = `${n} more ${kind}${n === 1 ? '' : 's'} not shown as annotations (GitHub shows 10 per step): the job summary and this step's log list every one`;
            (kind === 'error' ? core/* error */.z3 : core/* warning */.$e)(text);
            this.hidden[kind] = 0;
        }
    }
    async group(name, fn) {
        return core/* group */.Os(this.redact(name), fn);
    }
    progress() {
        // The Actions log is not a terminal: stages report their results instead.
    }
    redact(text) {
        return this.redactor.apply(text);
    }
    secret(value) {
        const trimmed = value.trim();
        if (trimmed.length < 4 || !this.redactor.add(value))
            return;
        if (!trimmed.includes('\n'))
            core/* setSecret */.Pq(trimmed);
    }
    /** The runner keeps masking what it was given; only this process's redactor forgets. */
    forget(value) {
        this.redactor.forget(value);
    }
}

;// CONCATENATED MODULE: ./src/action/main.ts
/** The Action: read inputs once, run the command, show its outcome in the job. */






async function runAction(env = process.env, log = new ActionsLogger()) {
    try {
        const settings = await readActionSettings(env, log);
        const handler = commands/* HANDLERS */.G[settings.command];
        if (!handler)
            throw new errors/* UsageError */.e(`command '${settings.command}' is not available in this version of certflow`);
        const outcome = await handler(settings, log);
        await show(outcome, log);
        if (!outcome.ok)
            core/* setFailed */.C1(`certflow ${settings.command} failed; see the job summary for what and why.`);
    }
    catch (error) {
        // Everything goes through the logger, which redacts secrets before the runner sees a line.
        if (error instanceof errors/* UsageError */.e) {
            // One annotation per problem, on the config file's line when there is one.
            for (const p of error.problems) {
                if (p.file) {
                    log.error(p.path ? `${p.path}: ${p.message}` : p.message, {
                        file: p.file,
                        line: p.line,
                        column: p.column,
                        title: p.title ?? 'certflow configuration',
                    });
                }
                else
                    log.error((0,load/* formatProblem */.Vw)(p));
            }
            log.error(error.message);
        }
        else {
            // Not the user's doing: the message for the log, the stack only in debug output.
            if (error instanceof Error && error.stack)
                log.debug(error.stack);
            log.error(`certflow: ${(0,errors/* errorMessage */.g)(error)}`);
        }
        process.exitCode = 1;
    }
    finally {
        if (log instanceof ActionsLogger)
            log.flush();
    }
}
async function show(outcome, log) {
    // The outcome is made from a redacted report already; this is the last gate before the runner.
    for (const [name, value] of Object.entries(outcome.outputs))
        core/* setOutput */.uH(name, log.redact(value));
    if (outcome.summary) {
        try {
            await core/* summary */.z.addRaw(log.redact(outcome.summary)).write();
        }
        catch (error) {
            // Outside a runner (no GITHUB_STEP_SUMMARY) the summary goes to the log instead.
            log.warn(`cannot write the job summary (${(0,errors/* errorMessage */.g)(error)}); here it is:\n${outcome.summary}`);
        }
    }
    if (outcome.text)
        log.info(outcome.text);
}

;// CONCATENATED MODULE: ./src/action.ts
// Entry of the bundled Action (dist/index.cjs): only starts the run, so tests can import runAction.

void runAction();


/***/ })

};
;