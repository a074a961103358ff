"use strict";
exports.id = 206;
exports.ids = [206];
exports.modules = {

/***/ 46206:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCommand: () => (/* binding */ runCommand)
});

// EXTERNAL MODULE: ./src/commands/index.ts
var commands = __webpack_require__(52698);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/deploy/select.ts
var deploy_select = __webpack_require__(7211);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/config/account-inputs.ts
var account_inputs = __webpack_require__(22675);
// EXTERNAL MODULE: ./src/config/build.ts
var build = __webpack_require__(14814);
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
// EXTERNAL MODULE: ./src/config/suggest.ts
var suggest = __webpack_require__(42784);
// EXTERNAL MODULE: ./src/config/values.ts
var config_values = __webpack_require__(73750);
// EXTERNAL MODULE: ./src/config/workflow.ts
var workflow = __webpack_require__(78749);
;// CONCATENATED MODULE: ./src/config/args.ts
/**
 * The CLI's flags, read into the same Settings the Action gets. Like inputs.ts, this is a place
 * that may read the environment and files; nothing after it does.
 */















const CLI_OPTIONS = {
    config: { type: 'string', short: 'c' },
    force: { type: 'string', multiple: true },
    'force-unsafe': { type: 'boolean' },
    publish: { type: 'string' },
    push: { type: 'boolean' },
    branch: { type: 'string' },
    'state-branch': { type: 'string' },
    labels: { type: 'string' },
    'dry-run': { type: 'boolean' },
    deploy: { type: 'boolean' },
    concurrency: { type: 'string' },
    identity: { type: 'string' },
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    'schedule-interval': { type: 'string' },
    'renew-workflow': { type: 'string' },
    hosts: { type: 'string' },
    report: { type: 'string' },
    metrics: { type: 'string' },
    pushgateway: { type: 'string' },
    'changed-since': { type: 'string' },
    base: { type: 'string' },
    repository: { type: 'string' },
    serial: { type: 'string' },
    reason: { type: 'string' },
    'revoke-old': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    shards: { type: 'string' },
    'shard-size': { type: 'string' },
    shard: { type: 'string' },
    from: { type: 'string', multiple: true },
    check: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
};
const DEFAULT_CONFIG = '.github/certflow.yml';
/** The folder holding `.git` above `from`, if any. */
function gitTopLevel(from) {
    for (let dir = (0,external_node_path_.resolve)(from);; dir = (0,external_node_path_.dirname)(dir)) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, '.git')))
            return dir;
        if ((0,external_node_path_.dirname)(dir) === dir)
            return undefined;
    }
}
/**
 * Where the config is, and which folder `store.path` is relative to. Default config:
 * `.github/certflow.yml` in the current folder, else at the git top level. The workspace is the git
 * top level above the config, else the folder that holds its `.github`, else the current folder.
 */
function locateConfig(flag, cwd) {
    let configPath;
    if (flag)
        configPath = (0,external_node_path_.resolve)(cwd, flag);
    else {
        const here = (0,external_node_path_.resolve)(cwd, DEFAULT_CONFIG);
        const top = gitTopLevel(cwd);
        configPath = (0,external_node_fs_.existsSync)(here) || !top ? here : (0,external_node_path_.join)(top, DEFAULT_CONFIG);
    }
    const folder = (0,external_node_path_.dirname)(configPath);
    const workspace = gitTopLevel(folder) ?? ((0,external_node_path_.basename)(folder) === '.github' ? (0,external_node_path_.dirname)(folder) : (0,external_node_path_.resolve)(cwd));
    return { configPath, workspace };
}
/** Turns parseArgs' TypeError into a usage problem with a "did you mean". */
function parseFlags(argv) {
    try {
        return (0,external_node_util_.parseArgs)({ args: argv, options: CLI_OPTIONS, allowPositionals: true, strict: true });
    }
    catch (error) {
        const message = (0,errors/* errorMessage */.g)(error);
        const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
        const hint = unknown ? (0,suggest/* didYouMean */.au)(unknown.replace(/^-+/, ''), Object.keys(CLI_OPTIONS)) : '';
        throw new errors/* UsageError */.e(`${message}${hint}. Run 'certflow --help' for the options.`, [
            { path: unknown ?? 'arguments', message: `${message}${hint}` },
        ]);
    }
}
/** argv after the program name: `<command> [names...] [flags]`. */
async function readCliSettings(argv, env, cwd, log) {
    const { values, positionals } = parseFlags(argv);
    const [given, ...rest] = positionals;
    // The CLI says what it prints (one record per name); the Action input names the command.
    const command = given === 'persist-record' ? 'persist-records' : given;
    // `certflow account <action>`: the first word after the command is the action, not a name.
    const accountAction = command === 'account' ? rest[0] : undefined;
    const names = command === 'account' ? rest.slice(1) : rest;
    if (!command || !settings/* COMMANDS */.L.includes(command)) {
        const hint = command ? (0,suggest/* didYouMean */.au)(command, settings/* COMMANDS */.L) : '';
        throw new errors/* UsageError */.e(command
            ? `unknown command '${command}'${hint}. Commands: ${settings/* COMMANDS */.L.join(', ')}`
            : `no command given. Commands: ${settings/* COMMANDS */.L.join(', ')}`);
    }
    const problems = new config_values/* Problems */.Zw();
    let ageIdentity;
    if (values.identity) {
        const file = (0,external_node_path_.resolve)(cwd, values.identity);
        try {
            ageIdentity = (0,config_values/* parseAgeIdentity */.BS)(`--identity ${values.identity}`, (0,external_node_fs_.readFileSync)(file, 'utf8'), problems, log);
        }
        catch (error) {
            problems.add('--identity', `cannot read ${file} (${error.code ?? String(error)})`);
        }
    }
    else if (env.CERTFLOW_AGE_IDENTITY) {
        ageIdentity = (0,config_values/* parseAgeIdentity */.BS)('CERTFLOW_AGE_IDENTITY', env.CERTFLOW_AGE_IDENTITY, problems, log);
    }
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    if (token)
        log.secret(token);
    const { configPath, workspace } = locateConfig(values.config, cwd);
    const rel = (0,external_node_path_.relative)(cwd, configPath);
    const displayPath = rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? configPath : rel;
    // Outside GitHub the safe default is to write the working tree only: `git` commits need a clean
    // checkout and a deliberate choice, so they are asked for with --publish git.
    const publish = (0,config_values/* parsePublish */.LS)('--publish', values.publish ?? '', problems, 'none');
    if (values.push && publish !== 'git')
        problems.add('--push', 'only makes sense with --publish git');
    const scheduleIntervalHours = (0,config_values/* parseScheduleInterval */.s7)('--schedule-interval', values['schedule-interval'] ?? '', problems);
    const watched = (0,workflow/* parseWorkflowId */._O)('--renew-workflow', values['renew-workflow'] ?? '', problems);
    if (watched && command !== 'check' && command !== 'renew')
        problems.add('--renew-workflow', 'only makes sense with check or renew');
    const renewWorkflow = (0,workflow/* renewWorkflowSettings */.GH)(watched, workspace, scheduleIntervalHours, log);
    if (renewWorkflow && !token)
        problems.add('--renew-workflow', 'needs GITHUB_TOKEN (or GH_TOKEN) to reach the workflow through the API');
    const hosts = (0,deploy_select/* parseHostSelectors */.MB)('--hosts', values.hosts ?? '', problems);
    if (hosts && command !== 'deploy' && command !== 'renew')
        problems.add('--hosts', 'only makes sense with deploy (or renew --deploy)');
    const changedSince = values['changed-since'];
    const badRevision = changedSince === undefined ? undefined : (0,github/* checkRevision */.G7)(changedSince);
    if (badRevision)
        problems.add('--changed-since', badRevision);
    else if (changedSince !== undefined && command !== 'deploy')
        problems.add('--changed-since', 'only makes sense with deploy');
    const base = values.base?.trim();
    const badBase = base === undefined ? undefined : (0,github/* checkRevision */.G7)(base);
    if (badBase)
        problems.add('--base', badBase);
    else if (base !== undefined && command !== 'verify')
        problems.add('--base', 'only makes sense with verify');
    const revoke = (0,revoke_inputs/* parseRevokeInputs */.D)(command, values.serial, values.reason, problems, { serial: '--serial', reason: '--reason', revokeOld: '--revoke-old' }, values['revoke-old'] ?? false);
    if ((command === 'revoke' || command === 'rotate') && names.length !== 1) {
        problems.add('certificate names', `${command} takes exactly one certificate name (got ${names.length === 0 ? 'none' : names.join(', ')}): ${command === 'revoke' ? 'certflow revoke <name> [--serial S] [--reason R]' : 'certflow rotate <name> [--revoke-old [--reason R]]'}`);
    }
    const account = (0,account_inputs/* parseAccountInputs */.sG)(command, accountAction, values.yes ?? false, values.out ? (0,external_node_path_.resolve)(cwd, values.out) : undefined, problems, { action: 'account action', yes: '--yes', out: '--out' });
    if (account)
        account.keyVariable = (0,account_inputs/* accountKeyVariable */.ND)(configPath);
    if (command === 'account' && names.length > 0)
        problems.add('arguments', `account takes no certificate names (got ${names.join(', ')})`);
    const force = (values.force ?? []).flatMap((f) => {
        const parsed = (0,config_values/* parseForce */.fu)(f);
        return parsed === 'all' ? ['all'] : parsed;
    });
    const shard = (0,config_shard/* parseShardEntry */.Y)('--shard', values.shard ?? '', problems);
    const shards = (0,config_shard/* parseShardRequest */.v)({ shards: '--shards', size: '--shard-size' }, values.shards ?? '', values['shard-size'] ?? '', problems);
    if (shard && command !== 'renew')
        problems.add('--shard', 'only makes sense with renew');
    if (shards && command !== 'plan')
        problems.add('--shards', 'only makes sense with plan');
    if (shard && names.length > 0)
        problems.add('--shard', 'give either --shard or certificate names, not both');
    const only = shard ? shard.names : names;
    if (values.from && command !== 'publish')
        problems.add('--from', 'only makes sense with publish');
    if (values.check && command !== 'persist-records')
        problems.add('--check', 'only makes sense with persist-record');
    const request = {
        command: command,
        configPath,
        displayPath,
        workspace,
        force: force.includes('all') ? 'all' : force,
        forceUnsafe: values['force-unsafe'] ?? false,
        publish,
        push: values.push ?? false,
        prBranch: values.branch ?? 'certflow/renewal',
        stateBranch: values['state-branch'] ?? 'certflow/state',
        prLabels: (0,config_values/* parseList */.E1)(values.labels ?? 'certificates'),
        dryRun: values['dry-run'] ?? false,
        deploy: values.deploy ?? (command === 'deploy' || command === 'rotate'),
        github: (0,github/* githubSettings */.ND)(token, values.repository ?? env.GITHUB_REPOSITORY, env),
        ageIdentity,
        concurrency: (0,config_values/* parseConcurrency */.nY)('--concurrency', values.concurrency ?? '', problems),
        scheduleIntervalHours,
        renewWorkflow,
        hosts,
        scheduleSource: scheduleIntervalHours !== undefined ? 'flag --schedule-interval' : undefined,
        alertIssue: false,
        webhookUrl: undefined,
        webhookAlways: false,
        json: values.json ?? false,
        only: only.length > 0 ? only : undefined,
        shards,
        shard,
        from: (values.from ?? []).flatMap((f) => (0,config_values/* parseList */.E1)(f)).map((f) => (0,external_node_path_.resolve)(cwd, f)),
        reportPath: values.report ? (0,external_node_path_.resolve)(cwd, values.report) : undefined,
        ...(0,metrics/* metricsSettings */.j)(values.metrics, values.pushgateway, '--metrics', '--pushgateway', cwd, problems, log),
        out: values.out ? (0,external_node_path_.resolve)(cwd, values.out) : undefined,
        changedSince: changedSince?.trim(),
        base,
        revoke,
        account,
        persistCheck: values.check ?? false,
        runUrl: (0,github/* runUrl */.Vp)(env),
        hooks: (0,github/* hookSettings */.Hs)(env),
        names: { force: '--force', only: shard ? '--shard' : 'certificate names', hosts: '--hosts' },
    };
    if (problems.list.length > 0) {
        const n = problems.list.length;
        throw new errors/* UsageError */.e(`${n} problem${n === 1 ? '' : 's'} with the flags`, problems.list);
    }
    return (0,build/* completeSettings */.b_)(request, env, log);
}

// EXTERNAL MODULE: ./src/config/load.ts + 5 modules
var load = __webpack_require__(79293);
// EXTERNAL MODULE: ./src/report/terminal.ts + 1 modules
var report_terminal = __webpack_require__(98828);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
;// CONCATENATED MODULE: ./src/cli/logger.ts

class ConsoleLogger {
    write;
    verbose;
    redactor = new redact/* Redactor */.pO();
    constructor(write = (line) => process.stderr.write(`${line}\n`), verbose = false) {
        this.write = write;
        this.verbose = verbose;
    }
    emit(prefix, message, place) {
        const text = (0,redact/* escapeCommands */.g9)(this.redactor.apply(message));
        const at = place?.file
            ? `${[place.file, place.line, place.column].filter((p) => p !== undefined).join(':')}: `
            : '';
        this.write(`${prefix}${at}${text}`);
    }
    debug(message) {
        if (this.verbose)
            this.emit('debug: ', message);
    }
    info(message) {
        this.emit('', message);
    }
    warn(message, place) {
        this.emit('warning: ', message, place);
    }
    error(message, place) {
        this.emit('error: ', message, place);
    }
    async group(name, fn) {
        this.emit('== ', name);
        return fn();
    }
    progress() {
        // Plain output: stages report their results; the live progress line lives in src/report.
    }
    secret(value) {
        this.redactor.add(value);
    }
    forget(value) {
        this.redactor.forget(value);
    }
    redact(text) {
        return this.redactor.apply(text);
    }
}

// EXTERNAL MODULE: ./src/cli/main.ts
var main = __webpack_require__(12957);
;// CONCATENATED MODULE: ./src/cli/run.ts
/** One CLI command, once main.ts has ruled out --help and --version: settings, handler, output. */








async function runCommand(argv, io) {
    const [first] = argv;
    const verbose = argv.includes('-v') || argv.includes('--verbose');
    // Progress and messages go to stderr, so stdout stays clean for --json and the tables.
    const terminal = io.stderrStream
        ? (0,report_terminal/* createTerminalLogger */.nH)(io.stderrStream, io.env, { verbose })
        : undefined;
    const log = terminal ?? new ConsoleLogger((line) => io.stderr(`${line}\n`), verbose);
    // In a workflow's `run:` step the runner parses this output too: no line of data may start a
    // workflow command, and error text (which may quote a CA or DNS answer) loses the run's secrets.
    // stdout is not redacted: `decrypt` prints the key there on purpose.
    const stdout = (text) => io.stdout((0,redact/* escapeCommands */.g9)(text));
    const stderr = (text) => io.stderr((0,redact/* escapeCommands */.g9)(log.redact(text)));
    try {
        let outcome;
        let json = argv.includes('--json');
        if (first === 'init') {
            // init runs before a config exists: it reads its own flags.
            outcome = await (await Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(472), __webpack_require__.e(613), __webpack_require__.e(599), __webpack_require__.e(43)]).then(__webpack_require__.bind(__webpack_require__, 31043))).initCommand(argv.slice(1), io.cwd, log);
        }
        else if (first === 'agent') {
            // The agent reads its own config on the host, never certflow.yml.
            outcome = await (await Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(472), __webpack_require__.e(487), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(63), __webpack_require__.e(678), __webpack_require__.e(475)]).then(__webpack_require__.bind(__webpack_require__, 75141))).agentCommand(argv.slice(1), log, (line) => io.stderr(`${line}\n`));
        }
        else {
            const settings = await readCliSettings(argv, io.env, io.cwd, log);
            json = settings.json;
            // account deactivate may ask at the terminal: it gets the CLI's prompt.
            const handler = settings.command === 'account'
                ? async (s, l) => (await Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(472), __webpack_require__.e(599), __webpack_require__.e(714)]).then(__webpack_require__.bind(__webpack_require__, 21333))).accountCommand(s, l, { confirm: io.confirm })
                : commands/* HANDLERS */.G[settings.command];
            if (!handler)
                throw new errors/* UsageError */.e(`command '${settings.command}' is not available in this version of certflow`);
            outcome = await handler(settings, log);
        }
        terminal?.finish();
        if (json)
            stdout(`${JSON.stringify(outcome.json ?? outcome.outputs, null, 2)}\n`);
        else if (outcome.text)
            stdout(outcome.text.endsWith('\n') ? outcome.text : `${outcome.text}\n`);
        return outcome.ok ? main/* EXIT */.dc.ok : main/* EXIT */.dc.failed;
    }
    catch (error) {
        if (error instanceof errors/* UsageError */.e) {
            if (error.problems.length === 0)
                stderr(`certflow: ${error.message}\n`);
            else {
                stderr(`certflow: ${error.message}\n`);
                for (const p of error.problems)
                    stderr(`${(0,load/* formatProblem */.Vw)(p)}\n`);
            }
            return main/* EXIT */.dc.usage;
        }
        stderr(`certflow: ${(0,errors/* errorMessage */.g)(error)}\n`);
        if (verbose && error instanceof Error && error.stack)
            stderr(`${error.stack}\n`);
        return main/* EXIT */.dc.failed;
    }
}


/***/ })

};
;