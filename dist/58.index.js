"use strict";
exports.id = 58;
exports.ids = [58];
exports.modules = {

/***/ 30131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ isRevocationReason),
/* harmony export */   z: () => (/* binding */ REVOCATION_REASONS)
/* harmony export */ });
/** Revocation reasons, apart from the revocation itself so the config reads them without acme-client. */
/** RFC 5280 section 5.3.1 CRLReason codes, those a subscriber may give (RFC 8555 defers to it). */
const REVOCATION_REASONS = {
    unspecified: 0,
    keyCompromise: 1,
    affiliationChanged: 3,
    superseded: 4,
    cessationOfOperation: 5,
};
function isRevocationReason(value) {
    return Object.hasOwn(REVOCATION_REASONS, value);
}


/***/ }),

/***/ 52698:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ HANDLERS)
/* harmony export */ });
/** A handler that loads its module on first call. */
function lazy(load, pick) {
    return async (settings, log) => pick(await load())(settings, log);
}
const HANDLERS = {
    account: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(472), __webpack_require__.e(599), __webpack_require__.e(333)]).then(__webpack_require__.bind(__webpack_require__, 21333)), (m) => m.accountHandler),
    check: lazy(() => Promise.all(/* import() */[__webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(828), __webpack_require__.e(877), __webpack_require__.e(63), __webpack_require__.e(458)]).then(__webpack_require__.bind(__webpack_require__, 99238)), (m) => m.checkHandler),
    decrypt: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(819)]).then(__webpack_require__.bind(__webpack_require__, 23819)), (m) => m.decryptHandler),
    deploy: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(472), __webpack_require__.e(487), __webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(828), __webpack_require__.e(877), __webpack_require__.e(63), __webpack_require__.e(678), __webpack_require__.e(450), __webpack_require__.e(755)]).then(__webpack_require__.bind(__webpack_require__, 35868)), (m) => m.deployHandler),
    init: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(472), __webpack_require__.e(613), __webpack_require__.e(599), __webpack_require__.e(43), __webpack_require__.e(311)]).then(__webpack_require__.bind(__webpack_require__, 31043)), (m) => m.initHandler),
    'persist-records': lazy(() => Promise.all(/* import() */[__webpack_require__.e(907), __webpack_require__.e(613), __webpack_require__.e(588)]).then(__webpack_require__.bind(__webpack_require__, 11045)), (m) => m.persistRecordsHandler),
    plan: lazy(() => Promise.all(/* import() */[__webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(47), __webpack_require__.e(176)]).then(__webpack_require__.bind(__webpack_require__, 82276)), (m) => m.planHandler),
    publish: lazy(() => Promise.all(/* import() */[__webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(828), __webpack_require__.e(877), __webpack_require__.e(180), __webpack_require__.e(47), __webpack_require__.e(142)]).then(__webpack_require__.bind(__webpack_require__, 8142)), (m) => m.publishHandler),
    renew: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(828), __webpack_require__.e(613), __webpack_require__.e(877), __webpack_require__.e(180), __webpack_require__.e(47), __webpack_require__.e(337)]).then(__webpack_require__.bind(__webpack_require__, 24337)), (m) => m.renewCommand),
    revoke: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(180), __webpack_require__.e(378)]).then(__webpack_require__.bind(__webpack_require__, 21746)), (m) => m.revokeHandler),
    rotate: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(907), __webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(828), __webpack_require__.e(613), __webpack_require__.e(877), __webpack_require__.e(63), __webpack_require__.e(180), __webpack_require__.e(47), __webpack_require__.e(337), __webpack_require__.e(491)]).then(__webpack_require__.bind(__webpack_require__, 63491)), (m) => m.rotateHandler),
    reseal: lazy(() => Promise.all(/* import() */[__webpack_require__.e(539), __webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(484), __webpack_require__.e(152)]).then(__webpack_require__.bind(__webpack_require__, 4152)), (m) => m.resealHandler),
    verify: lazy(() => Promise.all(/* import() */[__webpack_require__.e(275), __webpack_require__.e(976), __webpack_require__.e(369)]).then(__webpack_require__.bind(__webpack_require__, 25369)), (m) => m.verifyHandler),
};


/***/ }),

/***/ 22675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ND: () => (/* binding */ accountKeyVariable),
/* harmony export */   sG: () => (/* binding */ parseAccountInputs)
/* harmony export */ });
/* unused harmony export ACCOUNT_ACTIONS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90131);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(42784);
/**
 * The inputs of `account`: which action (show, rollover, deactivate), and for deactivate the
 * consent. Shared by the CLI (`certflow account <action> [--yes] [--out FILE]`) and the Action
 * (`account-action`, `account-confirm`), so both say the same about bad values.
 */




const ACCOUNT_ACTIONS = ['show', 'rollover', 'deactivate'];
/**
 * `{action, yes, out}` for `account`; undefined for other commands (where the account inputs are
 * a problem, not silently ignored).
 */
function parseAccountInputs(command, action, yes, out, problems, names) {
    const a = action?.trim() ?? '';
    if (command !== 'account') {
        if (a)
            problems.add(names.action, 'only makes sense with account');
        if (yes)
            problems.add(names.yes, 'only makes sense with account deactivate');
        return undefined;
    }
    if (!ACCOUNT_ACTIONS.includes(a)) {
        problems.add(names.action, a
            ? `expected one of ${ACCOUNT_ACTIONS.join(', ')}, got '${a.slice(0, 80)}'${(0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .didYouMean */ .au)(a, ACCOUNT_ACTIONS)}`
            : `missing: give one of ${ACCOUNT_ACTIONS.join(', ')}`);
        return undefined;
    }
    const request = { action: a, yes };
    if (yes && a !== 'deactivate')
        problems.add(names.yes, 'only makes sense with account deactivate');
    if (a === 'rollover') {
        if (!out)
            problems.add(names.out, 'rollover writes the new account key to a new file: give its path with --out (it must not exist yet)');
        else
            request.out = out;
    }
    else if (out)
        problems.add(names.out, 'only makes sense with account rollover');
    return request;
}
/**
 * The variable `acme.account-key` refers to (`${ACME_ACCOUNT_KEY}` -> ACME_ACCOUNT_KEY), read from
 * the file as written: after a rollover that is the secret to update. Undefined when the file
 * cannot be read or the field is not a reference (the config loader reports that on its own).
 */
function accountKeyVariable(configPath) {
    try {
        const raw = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(configPath, 'utf8'));
        const value = raw?.acme?.['account-key'];
        return typeof value === 'string' ? _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .ENV_REF */ .Ms.exec(value)?.[1] : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 14814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b_: () => (/* binding */ completeSettings)
/* harmony export */ });
/* unused harmony exports secretNeeded, recipientsPinProblem */
/* harmony import */ var _deploy_select_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7211);
/* harmony import */ var _store_recipients_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71033);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70017);
/* harmony import */ var _load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79293);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42784);
/**
 * The part of reading settings the Action and the CLI share: load the file, then check the
 * inputs that refer to it (certificate names) and those that need each other.
 */





async function completeSettings(request, env, log) {
    const { displayPath, names, ...rest } = request;
    const missingEnv = (path) => secretNeeded(request, path);
    const config = await (0,_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadConfig */ .Z9)(request.configPath, { displayPath, env, log, missingEnv });
    const known = Object.keys(config.certificates);
    const problems = [];
    const checkNames = (input, list) => {
        for (const name of list) {
            if (!known.includes(name)) {
                problems.push({
                    path: input,
                    message: `no certificate '${name}' in ${displayPath}${(0,_suggest_js__WEBPACK_IMPORTED_MODULE_2__/* .didYouMean */ .au)(name, known)}; known: ${known.join(', ') || '(none)'}`,
                });
            }
        }
    };
    if (request.force !== 'all')
        checkNames(names.force, request.force);
    if (request.only)
        checkNames(names.only, request.only);
    if ((request.command === 'renew' || request.command === 'rotate' || request.command === 'publish') &&
        (request.publish === 'pull-request' || request.publish === 'commit') &&
        !request.github) {
        problems.push({
            path: 'publish',
            message: `${request.publish} needs a GitHub token and repository (github-token input, or GITHUB_TOKEN and GITHUB_REPOSITORY); use publish git or none outside GitHub`,
        });
    }
    if (request.hosts) {
        // A typo in a tag must stop the run before anything is ordered or changed, not after.
        const ssh = Object.values(config.targets).flatMap((t) => (t.type === 'ssh' ? [t] : []));
        if (!ssh.some((t) => (0,_deploy_select_js__WEBPACK_IMPORTED_MODULE_3__/* .selectHosts */ .sd)(t, request.hosts ?? []))) {
            problems.push({
                path: names.hosts ?? 'hosts',
                message: `${(0,_deploy_select_js__WEBPACK_IMPORTED_MODULE_3__/* .describeSelectors */ .a1)(request.hosts)} matches no host of any SSH target in ${displayPath}; tags in the config: ${(0,_deploy_select_js__WEBPACK_IMPORTED_MODULE_3__/* .knownTags */ .$F)(ssh).join(', ') || '(none)'}`,
            });
        }
    }
    if (request.command === 'renew' || request.command === 'rotate') {
        const pinned = recipientsPinProblem(env.CERTFLOW_RECIPIENTS, (0,_store_recipients_js__WEBPACK_IMPORTED_MODULE_4__/* .allRecipients */ .kT)(config), displayPath);
        if (pinned)
            problems.push(pinned);
    }
    if (problems.length > 0) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .e(`${problems.length} problem${problems.length === 1 ? '' : 's'} with the inputs`, problems);
    }
    return { ...rest, config };
}
/**
 * Whether a command uses the field at `path`, so that a missing variable there is an error. Each
 * job then holds only the secrets it uses (least privilege): plan, check and decrypt read no
 * secret from the file, renew needs the CA and DNS credentials (and the SSH ones only when it
 * deploys), deploy needs only the SSH ones.
 */
function secretNeeded(request, path) {
    const section = path[0];
    switch (request.command) {
        case 'renew':
            return section === 'acme' || section === 'dns' || (section === 'targets' && request.deploy);
        case 'deploy':
            return section === 'targets';
        case 'revoke':
        case 'account':
        case 'persist-records':
            return section === 'acme';
        case 'rotate':
            return section === 'acme' || section === 'dns' || section === 'targets';
        default:
            return false;
    }
}
/**
 * Recipients pinning. The recipients in the config (store.recipients, and each certificate's and
 * target's `recipients:`) decide who can open the keys renew seals, and anyone with write access
 * can change them on a branch. CERTFLOW_RECIPIENTS, set in the protected environment that holds
 * the renew secrets, states the expected list; when it is set and the config's recipients, all
 * of them together, differ from it (in any member, order aside), renew refuses before anything is
 * issued. A recipient added to one certificate is caught as surely as one added to the store.
 */
function recipientsPinProblem(pinned, recipients, displayPath) {
    if (pinned === undefined || pinned.trim() === '')
        return undefined;
    const want = new Set(pinned.split(/[\s,]+/).filter((r) => r.length > 0));
    const have = new Set(recipients);
    const extra = [...have].filter((r) => !want.has(r));
    const missing = [...want].filter((r) => !have.has(r));
    if (extra.length === 0 && missing.length === 0)
        return undefined;
    const parts = [
        extra.length > 0 ? `not pinned: ${extra.join(', ')}` : '',
        missing.length > 0 ? `pinned but missing: ${missing.join(', ')}` : '',
    ].filter(Boolean);
    return {
        path: 'store.recipients',
        message: `${displayPath} recipients (store, certificates and targets together) differ from CERTFLOW_RECIPIENTS (${parts.join('; ')}); renew will not seal keys to recipients the protected environment did not pin. If the change is intended, update CERTFLOW_RECIPIENTS in the certflow-renew environment too`,
    };
}


/***/ }),

/***/ 93136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ny: () => (/* binding */ endpointVerdict),
/* harmony export */   hS: () => (/* binding */ insecureWarning),
/* harmony export */   k0: () => (/* binding */ refusedEndpoint)
/* harmony export */ });
/* unused harmony export isLoopbackHost */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Endpoints that carry a credential (a DNS API key, a webhook URL with its token) must be
 * https://, so the secret never crosses a network in clear. Plain http:// is accepted for a
 * loopback address (a local API or a test), or when the provider says `insecure-http: true`,
 * and then only with a warning. The ACME directory is https:// only (the schema says so).
 */

/** Whether `host` (as in a URL, IPv6 in brackets) is this machine: 127.0.0.0/8, ::1, localhost. */
function isLoopbackHost(host) {
    const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (bare === 'localhost' || bare.endsWith('.localhost'))
        return true;
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(bare) === 4)
        return bare.startsWith('127.');
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(bare) === 6)
        return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
    return false;
}
/** How an endpoint URL may be used; `refused` for http:// elsewhere without the opt-in. */
function endpointVerdict(url, insecureHttp) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'refused';
    }
    if (parsed.protocol === 'https:')
        return 'https';
    if (parsed.protocol !== 'http:')
        return 'refused';
    if (isLoopbackHost(parsed.hostname))
        return 'loopback-http';
    return insecureHttp ? 'insecure-http' : 'refused';
}
/** The message for a refused endpoint, naming the way out. */
function refusedEndpoint(what, optIn) {
    const way = optIn ? `, or set ${optIn}: true to accept plain http on purpose` : '';
    return `${what} carries a credential, so it must be an https:// URL; http:// is accepted only for a loopback address (127.0.0.1, [::1], localhost)${way}`;
}
/** The warning printed for every run that sends a credential over plain http. */
function insecureWarning(where) {
    return `${where}: plain http:// to a non-loopback host (insecure-http: true); the credential crosses the network in clear`;
}


/***/ }),

/***/ 85027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G7: () => (/* binding */ checkRevision),
  ND: () => (/* binding */ githubSettings),
  Hs: () => (/* binding */ hookSettings),
  M2: () => (/* binding */ pullRequestBase),
  Kd: () => (/* binding */ pullRequestNumber),
  u1: () => (/* binding */ pushBefore),
  bT: () => (/* binding */ readWorkflowSchedule),
  Vp: () => (/* binding */ runUrl),
  Ro: () => (/* binding */ workflowSchedule)
});

// UNUSED EXPORTS: baseBranch

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
;// CONCATENATED MODULE: ./src/config/cron.ts
/**
 * Just enough cron to know how far apart scheduled runs are. Supported: a fixed minute (or a
 * list) with hours written as `H`, `*`, every N hours (star, slash, N), `H1,H2`, `A-B` or `A-B/N`, and `*` for
 * day of month, month and day of week. Anything else returns undefined: no guess, no warning.
 */
function parseField(field, max) {
    const values = new Set();
    for (const part of field.split(',')) {
        const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (!match)
            return undefined;
        const step = match[4] ? Number(match[4]) : 1;
        if (step < 1)
            return undefined;
        let from = 0;
        let to = max;
        if (match[1] !== '*') {
            from = Number(match[2]);
            // "5/6" means from 5 to the end in steps of 6; a bare "5" is just 5.
            to = match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
        }
        if (from > to || to > max)
            return undefined;
        for (let v = from; v <= to; v += step)
            values.add(v);
    }
    return [...values].sort((a, b) => a - b);
}
/** Minutes of the day at which the expression runs, or undefined when it is not a daily pattern. */
function runMinutesOfDay(expression) {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5)
        return undefined;
    const [minute, hour, dom, month, dow] = fields;
    if (dom !== '*' || month !== '*' || dow !== '*')
        return undefined;
    const minutes = parseField(minute, 59);
    const hours = parseField(hour, 23);
    if (!minutes || !hours)
        return undefined;
    return hours.flatMap((h) => minutes.map((m) => h * 60 + m));
}
/** The longest gap, in hours, between runs of all the expressions together (over midnight too). */
function scheduleIntervalHours(expressions) {
    const all = new Set();
    for (const expression of expressions) {
        const runs = runMinutesOfDay(expression);
        if (!runs)
            return undefined;
        for (const r of runs)
            all.add(r);
    }
    const sorted = [...all].sort((a, b) => a - b);
    const first = sorted[0];
    const last = sorted.at(-1);
    if (first === undefined || last === undefined)
        return undefined;
    let gap = first + 1440 - last;
    for (let i = 1; i < sorted.length; i++)
        gap = Math.max(gap, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
    return gap / 60;
}

;// CONCATENATED MODULE: ./src/config/github.ts
/** What the GitHub runner tells us through the environment: repository, API, branch, schedule. */





/** The base branch of the run: a pull request's base, the pushed/dispatched branch, else the default. */
function baseBranch(env) {
    if (env.GITHUB_BASE_REF)
        return env.GITHUB_BASE_REF;
    if (env.GITHUB_REF?.startsWith('refs/heads/') && env.GITHUB_REF_NAME)
        return env.GITHUB_REF_NAME;
    if (env.GITHUB_EVENT_PATH) {
        try {
            const event = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
            if (event.repository?.default_branch)
                return event.repository.default_branch;
        }
        catch {
            // No readable event: fall through to the ref name or "main".
        }
    }
    return env.GITHUB_REF_NAME || 'main';
}
/** GitHub settings when both a token and `owner/repo` are known; undefined otherwise. */
function githubSettings(token, repository, env) {
    if (!token || !repository)
        return undefined;
    const [owner, repo] = repository.split('/');
    if (!owner || !repo)
        return undefined;
    return {
        token,
        owner,
        repo,
        apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
        baseBranch: baseBranch(env),
    };
}
/**
 * The interval between scheduled runs, read from the cron of the running workflow
 * (GITHUB_WORKFLOW_REF = "owner/repo/.github/workflows/x.yml@refs/heads/main").
 */
function workflowSchedule(workspace, env, log) {
    const ref = env.GITHUB_WORKFLOW_REF;
    if (!ref)
        return undefined;
    const withoutRef = ref.split('@')[0] ?? '';
    const repository = env.GITHUB_REPOSITORY;
    const rel = repository && withoutRef.startsWith(`${repository}/`)
        ? withoutRef.slice(repository.length + 1)
        : undefined;
    if (!rel)
        return undefined;
    return readWorkflowSchedule(workspace, rel, log);
}
/**
 * The interval of a workflow file's `on.schedule` crons (the longest gap between runs), or
 * undefined when the file is missing, outside the workspace, or not a daily pattern.
 */
function readWorkflowSchedule(workspace, rel, log) {
    const path = (0,external_node_path_.resolve)(workspace, rel);
    if ((0,external_node_path_.relative)(workspace, path).startsWith('..'))
        return undefined;
    try {
        const doc = (0,dist/* parse */.qg)((0,external_node_fs_.readFileSync)(path, 'utf8'));
        const schedule = doc?.on?.schedule;
        const crons = (Array.isArray(schedule) ? schedule : [])
            .map((s) => s?.cron)
            .filter((c) => typeof c === 'string');
        if (crons.length === 0)
            return undefined;
        const hours = scheduleIntervalHours(crons);
        if (hours === undefined) {
            log.debug(`schedule of ${rel} (${crons.join('; ')}) is not a daily pattern certflow reads; no schedule check`);
            return undefined;
        }
        return { hours, file: (0,external_node_path_.join)(rel), crons };
    }
    catch (error) {
        log.debug(`cannot read the workflow ${rel} for its schedule: ${(0,errors/* errorMessage */.g)(error)}`);
        return undefined;
    }
}
/** A 40 (SHA-1) or 64 (SHA-256) hex digit commit id, as push events carry. */
const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
/**
 * The commit the branch pointed at before the push that started this run (the push event's
 * `before`), so deploy can tell which certificates the push changed. Undefined when the run was
 * not started by a push or the payload has no usable `before`: deploy then treats "what changed"
 * as unknown. An all-zero `before` (the push created the branch) is returned as is.
 */
function pushBefore(env, log) {
    if (env.GITHUB_EVENT_NAME !== 'push' || !env.GITHUB_EVENT_PATH)
        return undefined;
    let before;
    try {
        before = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8')).before;
    }
    catch (error) {
        log.warn(`cannot read the push event ${env.GITHUB_EVENT_PATH} (${(0,errors/* errorMessage */.g)(error)}); which certificates changed is unknown, so exec hooks run only for forced certificates`);
        return undefined;
    }
    if (typeof before === 'string' && COMMIT_ID.test(before))
        return before.toLowerCase();
    log.warn(`the push event has no commit id in "before" (${JSON.stringify(before) ?? 'missing'}); which certificates changed is unknown, so exec hooks run only for forced certificates`);
    return undefined;
}
/**
 * The base commit of the pull request that started this run (`pull_request.base.sha` of a
 * pull_request or pull_request_target event), for `verify`. Undefined for other events.
 */
function pullRequestBase(env) {
    if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        const sha = event.pull_request?.base?.sha;
        return typeof sha === 'string' && COMMIT_ID.test(sha) ? sha.toLowerCase() : undefined;
    }
    catch {
        return undefined;
    }
}
/** The number of the pull request that started this run, for verify's comment. */
function pullRequestNumber(env) {
    if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        const n = event.pull_request?.number;
        return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * A revision given by the user (`--changed-since`): anything git accepts, except what git would
 * read as an option.
 */
function checkRevision(value) {
    const rev = value.trim();
    if (!rev)
        return 'is empty: give a commit, tag or branch (e.g. HEAD~1)';
    if (rev.startsWith('-'))
        return `'${rev}' starts with '-': give a commit, tag or branch (e.g. HEAD~1)`;
    if (/[\s\0]/.test(rev))
        return `'${rev}' contains spaces: give one commit, tag or branch`;
    return undefined;
}
/** Link to the workflow run (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID). */
function runUrl(env) {
    const server = (env.GITHUB_SERVER_URL || '').replace(/\/+$/, '');
    const repository = env.GITHUB_REPOSITORY;
    const id = env.GITHUB_RUN_ID;
    if (!server || !repository || !id || !/^\d+$/.test(id))
        return undefined;
    return `${server}/${repository}/actions/runs/${id}`;
}
/** Variables that hold certflow's own secrets: no hook needs them. */
const OWN_SECRETS = new Set([
    'CERTFLOW_AGE_IDENTITY',
    'INPUT_AGE-IDENTITY',
    'INPUT_GITHUB-TOKEN',
    'INPUT_WEBHOOK-URL',
]);
/**
 * The environment exec hooks and the exec DNS provider pick their variables from (PATH, HOME and
 * their `env:` names): this process's, minus certflow's own secrets, which no `env:` may ask for.
 */
function hookSettings(env) {
    const copy = {};
    for (const [key, value] of Object.entries(env))
        if (!OWN_SECRETS.has(key.toUpperCase()))
            copy[key] = value;
    return { env: copy, tempDir: env.RUNNER_TEMP || undefined };
}


/***/ }),

/***/ 79293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vw: () => (/* binding */ formatProblem),
  Z9: () => (/* binding */ loadConfig)
});

// UNUSED EXPORTS: parseConfig

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/dns/providers/index.ts + 31 modules
var providers = __webpack_require__(25294);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/config/domains.ts
/** Domain names as a CA will see them: lower-case A-labels, a wildcard only as the leftmost label. */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
function normalizeDomain(input) {
    let text = input.trim();
    if (text.endsWith('.'))
        text = text.slice(0, -1);
    let wildcard = false;
    if (text.startsWith('*.')) {
        wildcard = true;
        text = text.slice(2);
    }
    if (text.includes('*')) {
        return {
            ok: false,
            reason: 'a wildcard is only allowed as the whole leftmost label, as in "*.example.com"',
        };
    }
    if (/^[0-9.]+$/.test(text) || text.includes(':')) {
        return { ok: false, reason: 'IP addresses cannot be validated with DNS-01; use a domain name' };
    }
    // domainToASCII lower-cases, applies IDNA (UTS #46) and returns '' for what cannot be a host.
    const ascii = (0,external_node_url_.domainToASCII)(text);
    if (!ascii)
        return { ok: false, reason: 'not a valid domain name (IDNA conversion failed)' };
    const labels = ascii.split('.');
    if (labels.length < 2) {
        return {
            ok: false,
            reason: `needs at least two labels${wildcard ? ' after "*."' : ''}, as in "example.com"`,
        };
    }
    const bad = labels.find((label) => !LABEL.test(label));
    if (bad !== undefined) {
        return {
            ok: false,
            reason: `label '${bad}' is not valid: letters, digits and inner hyphens, 1 to 63 characters`,
        };
    }
    const name = (wildcard ? '*.' : '') + ascii;
    if (name.length > 253)
        return { ok: false, reason: 'longer than 253 characters' };
    return { ok: true, name };
}
/** Whether `pattern` (maybe "*.x") covers `name`: one label for a wildcard, as in RFC 6125. */
function domainCovers(pattern, name) {
    if (pattern === name)
        return true;
    if (!pattern.startsWith('*.'))
        return false;
    const rest = name.slice(name.indexOf('.') + 1);
    return !name.startsWith('*.') && rest === pattern.slice(2);
}

// EXTERNAL MODULE: ./src/config/endpoints.ts
var endpoints = __webpack_require__(93136);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./src/config/places.ts
var places = __webpack_require__(81640);
// EXTERNAL MODULE: ./src/config/schema.ts
var config_schema = __webpack_require__(90131);
// EXTERNAL MODULE: ./src/config/suggest.ts
var suggest = __webpack_require__(42784);
;// CONCATENATED MODULE: ./src/config/issues.ts




/** A problem at a data path of the file. */
function problemAt(src, path, message, opts = {}) {
    let where = (0,places/* locate */.x)(src.doc, src.counter, path, opts.atKey);
    // A missing field is shown at its parent's key ("acme:"), where it has to be added.
    if (where.found < path.length && where.found > 0) {
        where = (0,places/* locate */.x)(src.doc, src.counter, path.slice(0, where.found), true);
    }
    return {
        file: src.file,
        line: where.position.line,
        column: where.position.column,
        path: (0,places/* formatPath */.j)(path),
        title: `certflow config: ${(0,places/* formatPath */.j)(path)}`,
        message,
    };
}
/** All problems of a failed validation, in file order. */
function issuesToProblems(src, schema, data, issues) {
    const out = [];
    for (const issue of issues)
        convert(src, schema, data, issue, [], out);
    return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
function convert(src, schema, data, issue, prefix, out) {
    const path = [...prefix, ...issue.path];
    const value = valueAt(data, path);
    switch (issue.code) {
        case 'unrecognized_keys': {
            const allowed = allowedKeys(schema, path, data);
            for (const key of issue.keys) {
                const hint = (0,suggest/* didYouMean */.au)(key, allowed);
                const list = allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '';
                out.push(problemAt(src, [...path, key], `unknown key '${key}'${hint}${list}`, { atKey: true }));
            }
            return;
        }
        case 'invalid_type': {
            const expected = issue.expected === 'object' || issue.expected === 'record'
                ? 'a mapping (key: value)'
                : issue.expected === 'array'
                    ? 'a list ([a, b] or "- a" lines)'
                    : article(issue.expected);
            const message = value === undefined
                ? `required: expected ${expected}`
                : `expected ${expected}, found ${describe(value)}`;
            out.push(problemAt(src, path, message));
            return;
        }
        case 'invalid_value': {
            const options = issue.values.map(String);
            const found = value === undefined ? 'nothing' : describe(value);
            const custom = issue.message.startsWith('Invalid') ? '' : `${issue.message}; `;
            const hint = typeof value === 'string' ? (0,suggest/* didYouMean */.au)(value, options) : '';
            out.push(problemAt(src, path, `${custom}expected one of ${options.join(', ')}, found ${found}${hint}`));
            return;
        }
        case 'invalid_union': {
            if ('discriminator' in issue && issue.discriminator) {
                const raw = (issue.options ?? []);
                const options = raw.filter((o) => o !== undefined && o !== null).map(String);
                const message = value === undefined
                    ? `required: ${String(issue.discriminator)}, one of ${options.join(', ')}`
                    : `unknown ${String(issue.discriminator)} ${describe(value)}: expected one of ${options.join(', ')}${typeof value === 'string' ? (0,suggest/* didYouMean */.au)(value, options) : ''}`;
                out.push(problemAt(src, path, message));
                return;
            }
            // `orRef` unions: show the branch that is not "an environment reference".
            const branches = issue.errors.filter((branch) => !branch.every((i) => i.message === config_schema/* ENV_REF_MESSAGE */.kA));
            const chosen = branches[0];
            if (chosen && branches.length === 1) {
                for (const sub of chosen)
                    convert(src, schema, data, sub, path, out);
                return;
            }
            out.push(problemAt(src, path, `found ${describe(value)}, which matches none of the accepted forms`));
            return;
        }
        case 'invalid_key': {
            const messages = issue.issues.map((i) => i.message).join('; ');
            out.push(problemAt(src, path, `invalid name '${String(path.at(-1))}': ${messages}`, { atKey: true }));
            return;
        }
        case 'too_small': {
            if (issue.origin === 'string' && Number(issue.minimum) === 1) {
                out.push(problemAt(src, path, 'must not be empty'));
                return;
            }
            out.push(problemAt(src, path, plain(issue.message)));
            return;
        }
        default:
            out.push(problemAt(src, path, plain(issue.message)));
    }
}
/** zod's default messages start with "Invalid input:"; ours are already phrased for people. */
function plain(message) {
    return message.replace(/^Invalid input: /, '');
}
function article(type) {
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
/** A short, safe picture of a value (strings are cut: they may be long PEM blocks). */
function describe(value) {
    if (value === null)
        return 'null (an empty value)';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'string') {
        const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
        return `'${short.replace(/\n/g, '\\n')}'`;
    }
    return `${typeof value} ${String(value)}`;
}
function valueAt(data, path) {
    let node = data;
    for (const key of path) {
        if (node === null || typeof node !== 'object')
            return undefined;
        node = node[key];
    }
    return node;
}
/** Keys the schema accepts at `path` (to suggest the closest for an unknown key). */
function allowedKeys(schema, path, data) {
    let node = schema;
    for (let i = 0; i <= path.length && node; i++) {
        node = unwrap(node, valueAt(data, path.slice(0, i)));
        if (i === path.length)
            break;
        const key = path[i];
        if (node instanceof schemas/* ZodObject */.bvH)
            node = node.shape[String(key)];
        else if (node instanceof schemas/* ZodRecord */.b8S)
            node = node.valueType;
        else if (node instanceof schemas/* ZodArray */.naA)
            node = node.element;
        else
            node = undefined;
    }
    return node instanceof schemas/* ZodObject */.bvH ? Object.keys(node.shape) : [];
}
function unwrap(schema, value) {
    let node = schema;
    for (let guard = 0; guard < 10; guard++) {
        if (node instanceof schemas/* ZodDefault */.XiL || node instanceof schemas/* ZodOptional */.IiU)
            node = node.unwrap();
        else if (node instanceof schemas/* ZodDiscriminatedUnion */.jvo) {
            const key = node.def.discriminator;
            const wanted = value?.[key];
            const options = node.options;
            node =
                options.find((o) => {
                    const shape = o instanceof schemas/* ZodObject */.bvH ? o.shape : {};
                    const disc = shape[key];
                    const inner = disc instanceof schemas/* ZodDefault */.XiL ? disc.unwrap() : disc;
                    const literal = inner instanceof schemas/* ZodLiteral */.DN5 ? inner.value : undefined;
                    return literal === wanted || (wanted === undefined && disc instanceof schemas/* ZodDefault */.XiL);
                }) ??
                    options[0] ??
                    node;
            if (node instanceof schemas/* ZodDiscriminatedUnion */.jvo)
                return node;
        }
        else if (node instanceof schemas/* ZodUnion */.fZ7) {
            const options = node.options;
            node = options.find((o) => o instanceof schemas/* ZodObject */.bvH) ?? node;
            if (node instanceof schemas/* ZodUnion */.fZ7)
                return node;
        }
        else
            return node;
    }
    return node;
}

;// CONCATENATED MODULE: ./src/config/issuers-check.ts


function issuerProblems(src, config) {
    const acme = config.acme;
    if (!acme.issuers)
        return [];
    const problems = [];
    const standalone = acme['account-key'] === undefined;
    if (standalone && src.doc.hasIn(['acme', 'directory'])) {
        problems.push(problemAt(src, ['acme', 'directory'], 'acme.issuers lists the CAs, and acme.directory has no acme.account-key: set acme.account-key to make acme.directory the first CA (the issuers follow it), or remove acme.directory and list that CA under acme.issuers', { atKey: true }));
    }
    if (!standalone && !src.doc.hasIn(['acme', 'directory'])) {
        // The default (letsencrypt) would silently become the first CA, ahead of the list.
        problems.push(problemAt(src, ['acme', 'account-key'], 'with acme.issuers, acme.account-key is the key of acme.directory, the first CA: write acme.directory too (it would default to letsencrypt), or move the key into acme.issuers', { atKey: true }));
    }
    if (standalone && acme['external-account-binding']) {
        problems.push(problemAt(src, ['acme', 'external-account-binding'], 'this binding belongs to no CA: with acme.issuers alone, put it under the issuer it is for (acme.issuers[N].external-account-binding)', { atKey: true }));
    }
    // The same CA twice would only order from it twice; a reference is compared as written.
    const seen = new Map();
    const key = (d) => (config_schema/* ENV_REF */.Ms.test(d) ? d : ((0,config_schema/* directoryByName */.IW)(d) ?? d).replace(/\/+$/, ''));
    if (!standalone)
        seen.set(key(acme.directory), 'acme.directory');
    acme.issuers.forEach((issuer, i) => {
        const k = key(issuer.directory);
        const before = seen.get(k);
        if (before) {
            problems.push(problemAt(src, ['acme', 'issuers', i, 'directory'], `${issuer.directory} is already the CA of ${before}; list each CA once (the order of the list is the order they are tried in)`));
        }
        else
            seen.set(k, `acme.issuers[${i}]`);
    });
    return problems;
}

// EXTERNAL MODULE: ./src/config/policy.ts
var policy = __webpack_require__(99706);
;// CONCATENATED MODULE: ./src/config/crosscheck.ts
/**
 * Checks that need more than one field: references between sections, domain names, the renewal
 * policy. Returns the config with domains normalized (lower-case A-labels) and every problem found.
 */








function crossCheck(src, config, log) {
    const problems = [...unknownReferences(src, config), ...issuerProblems(src, config)];
    // Which certificate holds each domain (with its key type), to find the same name twice.
    const owners = new Map();
    const certificates = {};
    for (const [name, cert] of Object.entries(config.certificates)) {
        const base = ['certificates', name];
        const domains = [];
        cert.domains.forEach((raw, i) => {
            const where = [...base, 'domains', i];
            const check = normalizeDomain(raw);
            if (!check.ok) {
                problems.push(problemAt(src, where, `'${raw}': ${check.reason}`));
                return;
            }
            if (domains.includes(check.name)) {
                problems.push(problemAt(src, where, `'${raw}' is listed twice in this certificate`));
                return;
            }
            const covering = domains.find((d) => domainCovers(d, check.name) || domainCovers(check.name, d));
            if (covering) {
                log.warn(`certificates.${name}: '${check.name}' and '${covering}' overlap (a wildcard covers the other)`);
            }
            // The same name in two certificates is allowed only with different key types (dual ECDSA +
            // RSA certificates); otherwise two bundles would fight over which one a host serves.
            const owner = owners.get(check.name);
            if (owner && owner.key === cert.key) {
                problems.push(problemAt(src, where, `'${check.name}' is already in certificate '${owner.cert}' with the same key type ${cert.key}; a name may appear in two certificates only when their key types differ`));
            }
            else
                owners.set(check.name, { cert: name, key: cert.key });
            domains.push(check.name);
        });
        let alias = cert['challenge-alias'];
        if (alias !== undefined) {
            const check = normalizeDomain(alias);
            if (!check.ok || check.name.startsWith('*.')) {
                problems.push(problemAt(src, [...base, 'challenge-alias'], `'${alias}': ${check.ok ? 'no wildcard here' : check.reason}`));
            }
            else
                alias = check.name;
        }
        certificates[name] = { ...cert, domains, ...(alias !== undefined ? { 'challenge-alias': alias } : {}) };
    }
    // Both in the same unit can be compared here; mixed units depend on the lifetime and are
    // settled per certificate by the plan (the emergency point never comes before the fallback).
    const before = (0,policy/* parseLifetimePoint */.R)(config.renewal['renew-before']);
    const emergency = (0,policy/* parseLifetimePoint */.R)(config.renewal.emergency);
    const same = before.kind === 'share' && emergency.kind === 'share'
        ? emergency.share >= before.share
        : before.kind === 'days' && emergency.kind === 'days' && emergency.ms >= before.ms;
    if (same) {
        problems.push(problemAt(src, ['renewal', 'emergency'], `emergency (${config.renewal.emergency}) must be smaller than renew-before (${config.renewal['renew-before']}): it is the last resort after the normal renewal point`));
    }
    problems.push(...checkEndpoints(src, config, log));
    return { config: { ...config, certificates }, problems };
}
/** DNS API endpoints carry the provider's credential: https://, or http:// as endpoints.ts allows. */
function checkEndpoints(src, config, log) {
    const problems = [];
    for (const [name, provider] of Object.entries(config.dns)) {
        for (const { field, url, insecureHttp } of (0,providers/* credentialEndpoints */.qp)(provider)) {
            // A reference whose variable this command does not need stays unresolved: nothing to check.
            if (url === undefined || config_schema/* ENV_REF */.Ms.test(url))
                continue;
            const where = `dns.${name}.${field}`;
            const verdict = (0,endpoints/* endpointVerdict */.Ny)(url, insecureHttp);
            if (verdict === 'refused') {
                problems.push(problemAt(src, ['dns', name, field], (0,endpoints/* refusedEndpoint */.k0)(field, `dns.${name}.insecure-http`)));
            }
            else if (verdict === 'insecure-http')
                log.warn((0,endpoints/* insecureWarning */.hS)(where));
        }
    }
    return problems;
}
function list(names) {
    return names.length > 0 ? names.join(', ') : '(none)';
}
const isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Certificates naming a DNS provider or target that is not defined. Reads the data loosely, so it
 * also runs on a file the schema refused: those problems are reported in the same pass as unknown
 * keys, not only once they are fixed.
 */
function unknownReferences(src, data) {
    const problems = [];
    if (!isRecord(data) || !isRecord(data.certificates))
        return problems;
    const dnsNames = isRecord(data.dns) ? Object.keys(data.dns) : [];
    const targetNames = isRecord(data.targets) ? Object.keys(data.targets) : [];
    for (const [name, cert] of Object.entries(data.certificates)) {
        if (!isRecord(cert))
            continue;
        const base = ['certificates', name];
        if (typeof cert.dns === 'string' && !dnsNames.includes(cert.dns)) {
            problems.push(problemAt(src, [...base, 'dns'], `unknown dns provider '${cert.dns}'${(0,suggest/* didYouMean */.au)(cert.dns, dnsNames)}; defined under dns: ${list(dnsNames)}`));
        }
        if (!Array.isArray(cert.targets))
            continue;
        cert.targets.forEach((target, i) => {
            if (typeof target === 'string' && !targetNames.includes(target)) {
                problems.push(problemAt(src, [...base, 'targets', i], `unknown target '${target}'${(0,suggest/* didYouMean */.au)(target, targetNames)}; defined under targets: ${list(targetNames)}`));
            }
        });
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/config/env.ts

/**
 * Returns a copy of `data` with every reference replaced. Each value read from the environment is
 * registered with `log.secret` before anything else can print it, whole: the loggers mask a
 * multi-line PEM line by line themselves. Registering its lines one by one would hand the armour
 * lines (`-----BEGIN PRIVATE KEY-----`) to the runner as `::add-mask::` commands, and the body
 * lines too if the whole value were not registered first.
 */
function resolveReferences(data, env, log) {
    const missing = [];
    const references = new Map();
    const walk = (node, path) => {
        if (typeof node === 'string') {
            const match = config_schema/* ENV_REF */.Ms.exec(node);
            if (!match)
                return node;
            const name = match[1];
            const value = env[name];
            references.set(pathKey(path), name);
            if (value === undefined || value === '') {
                missing.push({ path, name, empty: value === '' });
                return node;
            }
            log.secret(value);
            return value;
        }
        if (Array.isArray(node))
            return node.map((item, i) => walk(item, [...path, i]));
        if (node !== null && typeof node === 'object') {
            const out = {};
            for (const [key, value] of Object.entries(node))
                out[key] = walk(value, [...path, key]);
            return out;
        }
        return node;
    };
    return { data: walk(data, []), missing, references };
}
function pathKey(path) {
    return path.map(String).join('\u0000');
}

;// CONCATENATED MODULE: ./src/config/load.ts
/**
 * Reads `certflow.yml`: YAML with positions, the schema, `${NAME}` references, cross-checks.
 * Every problem is collected and thrown at once as one UsageError whose problems each name the
 * file, line, column and field.
 */








/** Reads and checks the file at `path`; throws UsageError naming every problem. */
async function loadConfig(path, opts) {
    const file = opts.displayPath ?? path;
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT'
            ? 'not found. Create it (`certflow init` writes a starter) or point the `config` input / --config flag at it'
            : `cannot be read (${code ?? String(error)})`;
        throw new errors/* UsageError */.e(`Configuration file ${file} ${why}.`, [
            { file, path: 'config', message: `configuration file ${why}` },
        ]);
    }
    return parseConfig(text, { ...opts, displayPath: file });
}
/** Same as loadConfig, from text already read. */
function parseConfig(text, opts) {
    const file = opts.displayPath ?? 'certflow.yml';
    const counter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
    const src = { file, doc, counter };
    if (doc.errors.length > 0) {
        const problems = doc.errors.map((error) => {
            const at = error.linePos?.[0] ?? counter.linePos(error.pos[0]);
            const first = error.message.split('\n')[0] ?? error.message;
            return {
                file,
                line: at.line,
                column: at.col,
                path: 'YAML',
                title: 'certflow config: YAML syntax',
                message: `YAML syntax: ${first.replace(/ at line \d+, column \d+:?$/, '')}`,
            };
        });
        // After the first few, syntax errors are mostly echoes of the first: show those that help.
        const shown = problems.slice(0, 5);
        if (problems.length > shown.length) {
            const last = shown[shown.length - 1];
            shown.push({
                ...last,
                message: `... and ${problems.length - shown.length} more YAML errors after this one`,
            });
        }
        throw failure(file, shown);
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        // yaml throws a bare ReferenceError when aliases expand past the cap (an alias bomb).
        throw failure(file, [aliasProblem(src, error)]);
    }
    if (data === null || data === undefined) {
        throw failure(file, [
            {
                file,
                line: 1,
                column: 1,
                path: '(top level)',
                message: 'the file is empty; it starts with "version: 1"',
            },
        ]);
    }
    // Pass 1: the file as written (secrets must be references).
    const first = config_schema/* configSchema */.Qn.safeParse(data);
    if (!first.success) {
        // Unknown providers and targets are found in the same pass as the schema's problems.
        const schemaProblems = issuesToProblems(src, config_schema/* configSchema */.Qn, data, first.error.issues);
        const seen = new Set(schemaProblems.map((p) => p.path));
        const references = unknownReferences(src, data).filter((p) => !seen.has(p.path));
        throw failure(file, [...schemaProblems, ...references]);
    }
    const problems = [];
    const resolved = resolveReferences(first.data, opts.env, opts.log);
    for (const miss of resolved.missing) {
        const problem = problemAt(src, miss.path, miss.empty
            ? `environment variable ${miss.name} is empty; map a secret or value to it in the workflow (env: ${miss.name}: ...)`
            : `environment variable ${miss.name} is not set; map a secret or value to it in the workflow (env: ${miss.name}: \${{ secrets.${miss.name} }})`);
        const needed = typeof opts.missingEnv === 'function' ? opts.missingEnv(miss.path) : opts.missingEnv !== 'warn';
        if (needed)
            problems.push(problem);
        else
            opts.log.debug(`${problem.path}: ${problem.message} (not needed for this command)`);
    }
    // Pass 2: values that came from the environment must have the field's form too. Fields whose
    // variable is missing (and not needed by this command) keep their reference and are not checked.
    let config = first.data;
    const missingKeys = resolved.missing.map((m) => pathKey(m.path));
    const second = config_schema/* resolvedConfigSchema */.i.safeParse(resolved.data);
    if (second.success)
        config = second.data;
    else {
        const relevant = second.error.issues.filter((i) => !missingKeys.includes(pathKey(i.path)));
        for (const problem of issuesToProblems(src, config_schema/* resolvedConfigSchema */.i, resolved.data, relevant)) {
            const issuePath = relevant.find((i) => (0,places/* formatPath */.j)(i.path) === problem.path)?.path;
            const name = issuePath ? resolved.references.get(pathKey(issuePath)) : undefined;
            problems.push(name ? { ...problem, message: `${problem.message} (value of \${${name}})` } : problem);
        }
        if (relevant.length === 0)
            config = resolved.data;
    }
    const checked = crossCheck(src, config, opts.log);
    problems.push(...checked.problems);
    if (problems.length > 0)
        throw failure(file, problems);
    return checked.config;
}
/** Where the expansion blew up: the first alias of the file, with what to do. */
function aliasProblem(src, error) {
    let at = 0;
    (0,dist/* visit */.YR)(src.doc, {
        Alias(_key, node) {
            at = node.range?.[0] ?? 0;
            return dist/* visit */.YR.BREAK;
        },
    });
    const pos = src.counter.linePos(at);
    return {
        file: src.file,
        line: pos.line,
        column: pos.col,
        path: 'YAML',
        message: `YAML aliases expand too far (${(0,errors/* errorMessage */.g)(error).toLowerCase()}); write the values out instead of nesting aliases`,
    };
}
function failure(file, problems) {
    const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const n = sorted.length;
    return new errors/* UsageError */.e(`${file}: ${n} problem${n === 1 ? '' : 's'} in the configuration`, sorted);
}
/** `file:line:col: field: message`, the form editors and terminals link. */
function formatProblem(problem) {
    const place = [problem.file, problem.line, problem.column].filter((p) => p !== undefined).join(':');
    const field = problem.path && problem.path !== 'YAML' ? `${problem.path}: ` : '';
    return `${place ? `${place}: ` : ''}${field}${problem.message}`;
}


/***/ }),

/***/ 33843:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ metricsSettings)
/* harmony export */ });
/* unused harmony export credentialPieces */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _endpoints_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(93136);
/**
 * `--metrics FILE` / `metrics-file` and `--pushgateway URL` / `pushgateway-url`: where the run's
 * Prometheus metrics go. The URL may hold a credential (user:password@), so it is registered as a
 * secret at once and refused over plain http off loopback, like the webhook URL.
 */


function metricsSettings(file, url, fileName, urlName, base, problems, log) {
    if (url) {
        log.secret(url);
        // A gateway may quote the credential back without the URL around it: as the user typed it,
        // decoded, or as the Basic header it travelled in (secretPieces adds the base64 forms).
        for (const piece of credentialPieces(url))
            log.secret(piece);
    }
    if (url && (0,_endpoints_js__WEBPACK_IMPORTED_MODULE_1__/* .endpointVerdict */ .Ny)(url, false) === 'refused')
        problems.add(urlName, (0,_endpoints_js__WEBPACK_IMPORTED_MODULE_1__/* .refusedEndpoint */ .k0)(urlName, undefined));
    if (file !== undefined && file.trim() === '')
        problems.add(fileName, 'expected a file path');
    return {
        metricsPath: file ? ((0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(file) ? file : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(base, file)) : undefined,
        pushgatewayUrl: url || undefined,
    };
}
/** The password of a URL's user info, raw and decoded, and `user:password` as Basic sends it. */
function credentialPieces(url) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return [];
    }
    if (!u.password)
        return [];
    const decode = (v) => {
        try {
            return decodeURIComponent(v);
        }
        catch {
            return v;
        }
    };
    const password = decode(u.password);
    return [...new Set([u.password, password, `${decode(u.username)}:${password}`])];
}


/***/ }),

/***/ 81640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ formatPath),
/* harmony export */   x: () => (/* binding */ locate)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/**
 * Where a field sits in the YAML file: turns a data path (`['certificates', 'www', 'domains', 1]`)
 * into the line and column a user should look at, and into the dotted form shown in messages.
 */

/** `certificates.www.domains[1]`; keys that are not plain words are quoted. */
function formatPath(path) {
    let out = '';
    for (const key of path) {
        if (typeof key === 'number')
            out += `[${key}]`;
        else {
            const text = String(key);
            out += /^[A-Za-z0-9_$-]+$/.test(text) ? (out ? `.${text}` : text) : `[${JSON.stringify(text)}]`;
        }
    }
    return out || '(top level)';
}
/**
 * Line/column of the deepest node of `path` that exists. With `atKey`, a map entry is located at
 * its key (where an unknown key or a missing child is best shown) rather than at its value.
 */
function locate(doc, counter, path, atKey = false) {
    let node = doc.contents;
    let offset = rangeStart(node) ?? 0;
    let found = 0;
    for (const [i, key] of path.entries()) {
        const last = i === path.length - 1;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            const pair = node.items.find((p) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(p) && scalarValue(p.key) === String(key));
            if (!pair)
                break;
            const keyStart = rangeStart(pair.key);
            const valueStart = rangeStart(pair.value);
            offset = (last && atKey) || valueStart === undefined ? (keyStart ?? offset) : valueStart;
            node = pair.value;
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) && typeof key === 'number') {
            const item = node.items[key];
            if (item === undefined)
                break;
            offset = rangeStart(item) ?? offset;
            node = item;
        }
        else
            break;
        found++;
    }
    const pos = counter.linePos(offset);
    return { position: { line: pos.line, column: pos.col }, found };
}
function scalarValue(node) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node))
        return String(node.value);
    return undefined;
}
function rangeStart(node) {
    const range = node?.range;
    return range ? range[0] : undefined;
}


/***/ }),

/***/ 99706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ parseLifetimePoint),
/* harmony export */   j: () => (/* binding */ renewalPolicy)
/* harmony export */ });
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90131);
/** The renewal policy of `renewal:`, parsed once into numbers. */

const DAY_MS = 86_400_000;
function parseLifetimePoint(value) {
    const match = _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .LIFETIME_POINT */ .fQ.exec(value.trim());
    if (!match)
        throw new Error(`not a share of lifetime or days: ${value}`);
    const n = Number.parseFloat(match[1] ?? '0');
    return match[2] === '%' ? { kind: 'share', share: n / 100 } : { kind: 'days', ms: n * DAY_MS };
}
function renewalPolicy(renewal) {
    return {
        ari: renewal.ari,
        renewBefore: parseLifetimePoint(renewal['renew-before']),
        emergency: parseLifetimePoint(renewal.emergency),
    };
}


/***/ }),

/***/ 26666:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ parseRevokeInputs)
/* harmony export */ });
/* unused harmony export normalizeSerial */
/* harmony import */ var _acme_reasons_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(30131);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42784);
/**
 * The inputs of `revoke` (and `rotate --revoke-old`): `--serial` / input `serial` and `--reason` /
 * input `reason`, shared by the CLI and the Action so both say the same about bad values.
 */


/** Upper-case, colons or a 0x prefix are accepted; the store writes lower-case hex without them. */
function normalizeSerial(value) {
    const hex = value.trim().replace(/^0x/i, '').replace(/:/g, '').toLowerCase();
    return /^[0-9a-f]{1,64}$/.test(hex) ? hex : undefined;
}
/**
 * `{serial, reason}` for revoke; undefined for other commands (a serial or reason given to them is
 * a problem, not silently ignored). `names` are how the user spells the two inputs.
 */
function parseRevokeInputs(command, serial, reason, problems, names, revokeOld = false) {
    const s = serial?.trim() ?? '';
    const r = reason?.trim() ?? '';
    if (command !== 'revoke' && command !== 'rotate') {
        if (s)
            problems.add(names.serial, 'only makes sense with revoke');
        if (r)
            problems.add(names.reason, 'only makes sense with revoke or rotate');
        if (revokeOld)
            problems.add(names.revokeOld, 'only makes sense with rotate');
        return undefined;
    }
    if (command === 'revoke' && revokeOld)
        problems.add(names.revokeOld, 'only makes sense with rotate');
    if (command === 'rotate') {
        if (s)
            problems.add(names.serial, 'rotate revokes the certificate it replaces; use revoke for another serial');
        if (r && !revokeOld)
            problems.add(names.reason, `only makes sense with ${names.revokeOld}`);
    }
    let parsedSerial;
    if (s) {
        parsedSerial = normalizeSerial(s);
        if (!parsedSerial)
            problems.add(names.serial, `expected a certificate serial in hex (e.g. 03a1f4...), got '${s.slice(0, 80)}'`);
    }
    // A rotation replaces the certificate: superseded, unless the user says the key was compromised.
    let parsedReason = command === 'rotate' ? 'superseded' : 'unspecified';
    if (r) {
        if ((0,_acme_reasons_js__WEBPACK_IMPORTED_MODULE_0__/* .isRevocationReason */ .n)(r))
            parsedReason = r;
        else {
            const known = Object.keys(_acme_reasons_js__WEBPACK_IMPORTED_MODULE_0__/* .REVOCATION_REASONS */ .z);
            problems.add(names.reason, `expected one of ${known.join(', ')} (RFC 5280 reasons), got '${r.slice(0, 80)}'${(0,_suggest_js__WEBPACK_IMPORTED_MODULE_1__/* .didYouMean */ .au)(r, known)}`);
        }
    }
    return command === 'rotate'
        ? { reason: parsedReason, revokeOld }
        : { serial: parsedSerial, reason: parsedReason };
}


/***/ }),

/***/ 37175:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ ABOUT)
/* harmony export */ });
/**
 * The words of the config schema: one description per field, section and kind of `certflow.yml`.
 * Editors show them (schema/certflow.schema.json) and docs/config-reference.md is generated from
 * them (the fields of each DNS provider type have theirs in its module, src/dns/providers/). They live apart from src/config/schema.ts so the schema's shape stays readable there; keys
 * mirror the field names, and `about` describes the object itself. Plain text, lower-case start, no
 * final full stop: the generator adds what a table cell or a paragraph needs.
 */
const ABOUT = {
    $schema: 'JSON Schema for editors; ignored by certflow',
    version: 'version of the file format; always 1',
    acme: {
        about: 'the ACME CA and the account certflow uses with it',
        'dry-run-directory': "directory used by dry runs; same forms as directory (default: the CA's staging one)",
        email: 'contact address of the ACME account',
        'account-key': 'private key of the ACME account at acme.directory, PEM (certflow init makes one); required unless acme.issuers lists every CA with its own key',
        profile: 'ACME profile (draft-ietf-acme-profiles), e.g. tlsserver, for every certificate that sets none',
        'preferred-chain': 'issuer common name of the top certificate of the chain to prefer among those the CA offers (Link rel="alternate"), e.g. "ISRG Root X1"; the default chain when none matches',
        'external-account-binding': 'external account binding, for CAs that require it (ZeroSSL, Google)',
        'key-id': 'EAB key id given by the CA',
        'hmac-key': 'EAB HMAC key given by the CA',
        trust: "extra trust anchors (PEM files, relative to the workspace) for the ACME server's HTTPS",
        issuers: "CAs to order from, in order: when one fails for a reason of the CA's (unreachable, HTTP 5xx, rate limit, serverInternal), the next is tried in the same run; a failure on your side (DNS, CAA, refused names, account) is not. With acme.account-key set, acme.directory is the first CA and these follow it; without, these are the whole list",
    },
    issuer: {
        about: 'a CA of acme.issuers, with its own account',
        directory: `the CA's ACME directory: a name like letsencrypt or zerossl, or an https:// URL`,
        'account-key': 'private key of the ACME account at this CA, PEM',
        'external-account-binding': 'external account binding at this CA, for CAs that require it (ZeroSSL, Google)',
    },
    renewal: {
        about: 'when a certificate is renewed',
        ari: "follow the CA's renewal window (ARI, RFC 9773) kept in the manifest; it replaces renew-before",
        'renew-before': 'without an ARI window: renew when this share of lifetime ("33%") or these days ("30d") are left; days are capped at half the lifetime',
        emergency: 'renew whatever ARI says when this share of lifetime or these days are left; capped at renew-before',
    },
    store: {
        about: 'where the certificate bundles are kept in the repository',
        path: 'folder of the bundles, relative to the workspace',
        recipients: 'age recipients (age1...) the private keys are encrypted to; any one of them can decrypt',
        trust: "extra roots (PEM files, relative to the workspace) that stored certificates may chain to, for a private CA; Node's bundled roots and acme.trust are always trusted",
    },
    dns: {
        about: 'DNS providers by name (a lower-case slug); certificates name the one they use',
        provider: 'a DNS provider that writes the `_acme-challenge` TXT records; `type` chooses its fields',
        resolvers: "servers (host or host:port) that must serve the challenge record before the CA is told; also used for CNAME and CAA lookups (default: the zone's authoritative servers)",
        zones: 'zones this provider serves; picks the provider that writes a CNAME-delegated challenge, and a CNAME on _acme-challenge is followed only into these zones or challenge-alias (rfc2136 also skips the zone lookup)',
        'propagation-timeout': 'how long to wait until every server answers with the challenge record',
        ttl: 'TTL of the challenge TXT record, in seconds (Cloudflare raises it to its minimum, 120)',
        'insecure-http': 'accept a plain http:// endpoint on a non-loopback host (the credential then crosses the network in clear; a warning is printed each run)',
    },
    certificates: {
        about: 'certificates by name (a lower-case slug, their folder in the store)',
        certificate: 'a certificate: its names, key type, DNS provider and targets',
        domains: 'names on the certificate; the first is the subject. IDNs are converted to A-labels, a wildcard "*." only as the whole leftmost label, no IP addresses',
        key: 'type of the private key',
        dns: 'name of the entry under dns that answers the DNS-01 challenges (not needed with challenge: dns-persist-01 unless fallback: dns-01)',
        challenge: 'dns-01 (default): a TXT record written through the dns provider at every order. dns-persist-01: the CA checks a standing `_validation-persist` TXT record the DNS owner published once, so renewing needs no DNS credential',
        fallback: 'with challenge: dns-persist-01, use dns-01 through the dns provider when the CA does not offer dns-persist-01 (otherwise the certificate fails)',
        'issuer-domain': 'with challenge: dns-persist-01, the Issuer Domain Name the _validation-persist records name, when the CA offers several (default: the first of its directory). `certflow persist-record` shows which',
        resolvers: "with challenge: dns-persist-01, DNS servers (host[:port]) that persist-record --check and plan ask for the _validation-persist records (default: the dns provider's resolvers, else the zone's authoritative servers)",
        targets: 'names of entries under targets the certificate is deployed to',
        recipients: "extra age recipients (age1...) of this certificate's key, besides store.recipients and its targets' recipients",
        profile: 'ACME profile for this certificate (default: acme.profile)',
        'challenge-alias': 'zone that the `_acme-challenge` names are delegated to by CNAME, when it cannot be discovered',
        'key-policy': 'rotate (default): a new key at every renewal. reuse: renew with the stored key (the renew job then needs the age identity, which can open every stored key)',
        dane: 'keep a pre-generated next key sealed in the bundle and show TLSA 3 1 1 records for the current and next key; the next renewal with a new key uses that next key (needs the age identity in the renew job)',
    },
    targets: {
        about: 'deployment targets by name (a lower-case slug); certificates name theirs',
        target: 'where a certificate is deployed; `type` is ssh (the default), exec or agent',
        recipients: "age recipients (age1...) that stand for this target's hosts: every certificate deployed to the target is also sealed to them",
    },
    ssh: {
        about: 'copies the files to hosts over SSH, validates, reloads, checks over TLS and rolls back on failure',
        type: 'selects deployment over SSH (the default)',
        hosts: 'SSH hosts, "host" or "host:port" ("[::1]:2222" for IPv6), or { host, port, user, jump, files: { dir }, verify: { address }, tags } to override the target for one host',
        user: 'SSH user',
        become: "sudo: the SSH user is unprivileged; files change through /usr/local/sbin/certflow-sudo and validate/reload (and each service's) run as `sudo -n` (docs/deploy.md gives the sudoers line)",
        'private-key': 'SSH private key (OpenSSH or PEM)',
        passphrase: 'passphrase of the SSH private key',
        'known-hosts': 'OpenSSH known_hosts text, usually $' +
            '{SSH_KNOWN_HOSTS}; host keys are pinned, an unknown or changed key stops that host',
        validate: 'command that checks the server config before the new files stay, e.g. "nginx -t"',
        reload: 'command that makes the server load the new files',
        rollout: 'canary: one host, then the rest in parallel; parallel: all hosts, bounded by concurrency; serial: one by one',
        'on-failure': 'when a host fails: continue (the other hosts go on), stop (hosts not started yet are not attempted), rollback-all (also put every host of the target that took the new certificate back on the previous one)',
        'connect-timeout': 'SSH connect timeout',
        'command-timeout': 'time limit of each remote command (validate, reload)',
    },
    host: {
        host: 'the host, "host" or "host:port"',
        port: 'SSH port for this host (instead of one written in host)',
        user: "SSH user for this host (default: the target's)",
        jump: "jump host(s) for this host (default: the target's jump)",
        files: "this host's files.dir (the other files settings are the target's)",
        verify: "this host's verify.address (the other verify settings are the target's)",
        tags: 'labels for this host, shown in the deploy log next to its name; `--hosts tag:NAME` (input hosts) deploys only to the hosts with that tag',
    },
    jump: {
        about: 'jump host(s) the SSH connection goes through (what `ssh -J` does), first to last; each host key is pinned from known-hosts',
        hop: '"host[:port]", or { host, user, private-key, passphrase } when the jump host wants its own login',
        host: 'the jump host, "host" or "host:port"',
        user: "SSH user on the jump host (default: the target's user)",
        'private-key': "SSH private key for the jump host (default: the target's)",
        passphrase: 'passphrase of that private key',
    },
    files: {
        about: 'where the files go on each host, their names and modes',
        dir: 'absolute folder on the host; {certificate} is replaced by the certificate name; made when missing',
        fullchain: 'file name of the leaf and intermediates',
        key: 'file name of the private key',
        cert: 'file name of the leaf certificate alone, when the server wants it apart',
        chain: 'file name of the intermediates alone',
        combined: 'file name of the chain and the private key in one PEM file (HAProxy), with key-mode',
        pfx: 'file name of a PKCS#12 file (Windows, Java) holding the key and the chain, with key-mode; needs pfx-password',
        'pfx-password': 'password of the PKCS#12 file',
        der: 'file name of the leaf certificate in DER (Java, Windows)',
        'key-der': 'file name of the private key as PKCS#8 DER, with key-mode',
        'key-mode': 'octal mode of the key file, e.g. "0600"',
        'cert-mode': 'octal mode of the certificate files, e.g. "0644"',
        owner: '"user" or "user:group" of the new files (default: the replaced file\'s owner)',
    },
    verify: {
        about: 'the TLS check after the reload',
        enabled: 'prove over TLS that the host serves the new certificate (rolled back if not)',
        port: 'TLS port to check',
        servername: "SNI name (default: the certificate's first name)",
        address: 'address to connect to (default: the SSH host)',
        starttls: 'plain-text preamble before TLS on this port: smtp (25, 587), imap (143), pop3 (110), ftp (21) or postgres (5432); without it TLS starts at once (443, 465, 993, 995)',
    },
    services: {
        about: 'several servers on each host that use the certificate (nginx, then postfix, then dovecot): every validate runs, in order, before any reload; a failed one puts the previous files back; then each reloads in order and each verify must see the new certificate',
        service: 'one server on the host',
        name: 'name of the server, shown in messages (nginx, postfix, dovecot)',
        validate: 'command that checks this server\'s config with the new files, e.g. "postfix check"',
        reload: 'command that makes this server load the new files, e.g. "postfix reload"',
        verify: "this server's own TLS check (besides the target's verify), e.g. { port: 25, starttls: smtp }",
    },
    agentTarget: {
        about: 'hosts that fetch and install their certificates themselves (`certflow agent`, pull mode); nothing is pushed to them',
        type: 'selects pull mode: each host runs `certflow agent` with its own age identity',
    },
    execTarget: {
        about: "a deploy hook like certbot's, for what SSH cannot reach (CDN, load balancer, cloud certificate store)",
        type: 'selects a hook command of yours',
        command: 'run with /bin/sh -c in the repository root, with certbot-compatible RENEWED_LINEAGE and RENEWED_DOMAINS',
        timeout: 'the hook and everything it started is stopped after this',
        'needs-key': 'decrypt the private key into the hook folder (false: no privkey.pem, no identity needed)',
        env: 'names of variables the hook gets from the job, besides PATH, HOME, RENEWED_* and CERTFLOW_* (list its own credential here)',
    },
};


/***/ }),

/***/ 90131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IW: () => (/* binding */ directoryByName),
/* harmony export */   JN: () => (/* binding */ DIRECTORY_NAMES),
/* harmony export */   Ms: () => (/* binding */ ENV_REF),
/* harmony export */   Qn: () => (/* binding */ configSchema),
/* harmony export */   WJ: () => (/* binding */ KEY_TYPES),
/* harmony export */   fQ: () => (/* binding */ LIFETIME_POINT),
/* harmony export */   ft: () => (/* reexport safe */ _util_duration_js__WEBPACK_IMPORTED_MODULE_1__.ft),
/* harmony export */   i: () => (/* binding */ resolvedConfigSchema),
/* harmony export */   k1: () => (/* binding */ installSchemas),
/* harmony export */   kA: () => (/* binding */ ENV_REF_MESSAGE),
/* harmony export */   o_: () => (/* binding */ NAME)
/* harmony export */ });
/* unused harmony exports RESERVED_NAMES, SECRET_NOTE, HOST_PORT, CHALLENGES, dnsProviderSchema, targetSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(38816);
/* harmony import */ var _deploy_sudo_commands_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(55607);
/* harmony import */ var _dns_providers_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25294);
/* harmony import */ var _util_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(26518);
/* harmony import */ var _util_starttls_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71711);
/* harmony import */ var _schema_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37175);
/**
 * The one schema of `certflow.yml`. It validates the file, fills defaults, types the settings and
 * generates `schema/certflow.schema.json`. Field names are public interface: renaming one breaks
 * users' files.
 *
 * The schema is built twice from the same description:
 * - `file` (exported as `configSchema`): the file as written. Secret fields accept only an
 *   environment reference `${NAME}`; fields with a format (URL, email, host:port...) accept the
 *   format or a reference, since a reference cannot be checked before it is resolved.
 * - `resolved` (`resolvedConfigSchema`): the same data after every `${NAME}` was replaced, checked
 *   again so a variable holding a bad URL is reported against the field that named it.
 *
 * The description of each field (editors show it; docs/config-reference.md is generated from it)
 * is in schema-text.ts, so the shape reads here without paragraphs in between.
 */






/** `${NAME}`: a value taken from the environment when the file is loaded (the whole value). */
const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
/** Message of the reference branch of `orRef`; the error formatter drops that branch by it. */
const ENV_REF_MESSAGE = 'an environment reference like $' + '{NAME}';
const DIRECTORY_NAMES = {
    letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
    'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
    zerossl: 'https://acme.zerossl.com/v2/DV90',
    google: 'https://dv.acme-v02.api.pki.goog/directory',
    'google-staging': 'https://dv.acme-v02.test-api.pki.goog/directory',
    buypass: 'https://api.buypass.com/acme/directory',
    'buypass-staging': 'https://api.test4.buypass.no/acme/directory',
};
/** The URL of a directory given by name, or undefined (an own-property lookup: never `constructor`). */
function directoryByName(value) {
    return Object.hasOwn(DIRECTORY_NAMES, value)
        ? DIRECTORY_NAMES[value]
        : undefined;
}
/**
 * Names every object has (`constructor`, `toString`, `__proto__`...). A name looked up with `in`
 * or `obj[name]` would find them; they are refused as names of ours so no lookup can.
 */
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
/** A share of lifetime ("33%") or a number of days ("30d"). */
const LIFETIME_POINT = /^(\d+(?:\.\d+)?)(%|d)$/;

const KEY_TYPES = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'];
/** Ends the description of every secret field (the reference generator shows it as a type instead). */
const SECRET_NOTE = '. Secret: only an environment reference like $' + '{NAME}';
/** Names of certificates, providers and targets: lower-case slugs (they become folder names). */
const NAME = /^[a-z0-9][a-z0-9._-]*$/;
/** "host" or "host:port", "[v6]:port" for IPv6 (also read by the reference generator). */
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/;
/** How a certificate proves control of its names: dns-01 writes a TXT record per order;
 * dns-persist-01 (draft-ietf-acme-dns-persist) relies on a standing record the DNS owner published. */
const CHALLENGES = ['dns-01', 'dns-persist-01'];
/**
 * A dns-01 certificate needs a DNS provider to write its records; a dns-persist-01 one needs none,
 * unless it may fall back to dns-01. `fallback` means nothing without dns-persist-01 and a provider.
 */
function challengeNeeds(c, ctx) {
    // Absent means dns-01: the field stays optional in the settings type so every existing
    // certificate object (and test fixture) keeps meaning what it meant.
    if (c.challenge !== 'dns-persist-01' && c.dns === undefined) {
        ctx.addIssue({
            code: 'custom',
            path: ['dns'],
            message: 'a dns-01 certificate needs dns: (the provider that writes its _acme-challenge records); or set challenge: dns-persist-01 to renew without DNS credentials',
        });
    }
    if (c.fallback !== undefined && c.challenge !== 'dns-persist-01') {
        ctx.addIssue({
            code: 'custom',
            path: ['fallback'],
            message: 'fallback: dns-01 only applies to challenge: dns-persist-01; remove it',
        });
    }
    else if (c.fallback !== undefined && c.dns === undefined) {
        ctx.addIssue({
            code: 'custom',
            path: ['fallback'],
            message: 'fallback: dns-01 needs dns: (the provider that writes the dns-01 records); add one or remove fallback',
        });
    }
}
function build(mode) {
    const envRef = zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(ENV_REF, { message: ENV_REF_MESSAGE });
    /** In the file, a formatted field may also be a reference; once resolved it must be the format. */
    const orRef = (schema) => (mode === 'file' ? zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([schema, envRef]) : schema);
    /**
     * A secret: only an environment reference is accepted, so secrets never sit in the repository.
     * `what` names the field in errors; `about` says what the variable holds (schema and docs).
     */
    const secret = (what, about) => mode === 'file'
        ? zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
            .regex(ENV_REF, {
            message: `this field is secret: write an environment reference like \${NAME} and map the secret to that variable in the workflow`,
        })
            .describe(`${about}${SECRET_NOTE}`)
        : zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1, { message: `${what}: the environment variable is empty` });
    const directory = orRef(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
        .refine((v) => directoryByName(v) !== undefined || /^https:\/\/[^\s]+$/.test(v), {
        message: `expected one of ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`,
    })
        .describe(`ACME directory: ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`)
        .meta({ examples: [...Object.keys(DIRECTORY_NAMES), 'https://acme.example.com/directory'] }));
    const eab = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        'key-id': zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['key-id']),
        'hmac-key': secret('hmac-key', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['hmac-key']),
    })
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['external-account-binding']);
    /** One CA of `acme.issuers`: its directory and its own account (and binding). */
    const issuer = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        directory: directory.describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.issuer.directory),
        'account-key': secret('account-key', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.issuer['account-key']),
        'external-account-binding': eab.optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.issuer['external-account-binding']),
    })
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.issuer.about);
    const lifetimePoint = (what) => zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
        .regex(LIFETIME_POINT, {
        message: 'expected a share of lifetime like "33%" or days like "30d"',
    })
        .refine((v) => !v.endsWith('%') || (Number.parseFloat(v) > 0 && Number.parseFloat(v) < 100), {
        message: 'a share of lifetime must be between 0% and 100% (exclusive)',
    })
        .describe(`${what}: a share of lifetime ("33%") or days ("30d") before expiry`);
    const duration = (what) => zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([
        zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().nonnegative(),
        zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(_util_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .DURATION */ .ft, { message: 'expected a duration like "90s", "5m" or "2h"' }),
    ])
        .describe(`${what}: seconds, or a duration like "90s", "5m", "2h"`);
    /** "host" or "host:port" ("[::1]:2222" for IPv6). */
    const hostPort = orRef(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(HOST_PORT, { message: 'expected "host" or "host:port"' }));
    const url = orRef(zod__WEBPACK_IMPORTED_MODULE_4__/* .url */ .OZ5({ message: 'expected a URL like https://host/path' }));
    const insecureHttp = zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(false).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.dns['insecure-http']);
    /** A folder or file on the host: absolute, since a relative one would resolve on our side. */
    const remotePath = (what) => orRef(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().refine((v) => v.startsWith('/'), {
        message: `${what} must be an absolute path on the host, like /etc/ssl/certflow/{certificate}; a relative one would resolve against the folder certflow runs in`,
    }));
    /** A file name inside files.dir (or an absolute path): no "..", no trailing "/". */
    const fileName = (what) => zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().refine((v) => v.length > 0 && !v.endsWith('/') && !v.split('/').includes('..'), {
        message: `${what} must be a file name inside files.dir, or an absolute path on the host (no ".." and no trailing "/")`,
    });
    /** Variables a child process may have from the job (util/child-env.ts); names, never values. */
    const envNames = zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected a variable name like CDN_TOKEN' }))
        .optional();
    /** What each DNS provider module builds its mode-dependent fields with (dns/define.ts). */
    const kit = {
        secret,
        url: () => url,
        hostPort: () => hostPort,
        duration,
        envNames: () => envNames,
        insecureHttp: () => insecureHttp,
    };
    const ageRecipient = orRef(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^age1[0-9a-z]{50,}$/, { message: 'expected an age recipient (age1...)' }));
    // One branch per module of the registry (dns/providers/index.ts), in its order.
    const dnsProvider = zod__WEBPACK_IMPORTED_MODULE_4__/* .discriminatedUnion */ .gMt('type', (0,_dns_providers_index_js__WEBPACK_IMPORTED_MODULE_0__/* .providerSchemas */ .SS)(kit)).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.dns.provider);
    const certificate = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        domains: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1))
            .min(1, { message: 'a certificate needs at least one domain' })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.domains),
        key: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(KEY_TYPES).default('ecdsa-p256').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.key),
        dns: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.dns),
        challenge: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(CHALLENGES).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.challenge),
        fallback: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['dns-01']).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.fallback),
        'issuer-domain': zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
            .regex(/^[A-Za-z0-9.-]+$/, { message: 'expected an issuer domain name like letsencrypt.org' })
            .optional()
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates['issuer-domain']),
        resolvers: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(hostPort).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.resolvers),
        targets: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()).default([]).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.targets),
        profile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.profile),
        'challenge-alias': zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates['challenge-alias']),
        'key-policy': zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['rotate', 'reuse']).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates['key-policy']),
        dane: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.dane),
        recipients: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(ageRecipient).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.recipients),
    })
        .superRefine(challengeNeeds)
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.certificate);
    const mode_ = (what) => zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
        .regex(/^0?[0-7]{3}$/, { message: 'expected an octal mode like "0600"' })
        .describe(`${what}: octal file mode`);
    const files = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        dir: remotePath('files.dir').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.dir),
        fullchain: fileName('files.fullchain').default('fullchain.pem').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.fullchain),
        key: fileName('files.key').default('privkey.pem').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.key),
        cert: fileName('files.cert').optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.cert),
        chain: fileName('files.chain').optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.chain),
        combined: fileName('files.combined').optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.combined),
        pfx: fileName('files.pfx').optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.pfx),
        'pfx-password': secret('files.pfx-password', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files['pfx-password']).optional(),
        der: fileName('files.der').optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.der),
        'key-der': fileName('files.key-der').optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files['key-der']),
        'key-mode': mode_('key-mode').default('0600').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files['key-mode']),
        'cert-mode': mode_('cert-mode').default('0644').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files['cert-mode']),
        owner: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
            .regex(/^[^:\s]+(:[^:\s]+)?$/, { message: 'expected "user" or "user:group"' })
            .optional()
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.owner),
    })
        .refine((f) => !f.pfx || f['pfx-password'] !== undefined, {
        message: 'files.pfx needs files.pfx-password (an environment reference like $' +
            '{NAME}): a PKCS#12 file without a password leaves the key readable to anyone who copies it',
        path: ['pfx-password'],
    })
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.about);
    const verifyBlock = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        enabled: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.enabled),
        port: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().int().min(1).max(65535).default(443).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.port),
        servername: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.servername),
        address: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.address),
        starttls: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(_util_starttls_js__WEBPACK_IMPORTED_MODULE_2__/* .STARTTLS_PROTOCOLS */ .OF).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.starttls),
    });
    const service = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        name: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
            .regex(NAME, { message: 'service names are lower-case slugs (a-z, 0-9, ".", "_", "-")' })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.services.name),
        validate: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.services.validate),
        reload: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.services.reload),
        verify: verifyBlock.optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.services.verify),
    })
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.services.service);
    /** One jump host: "host[:port]", or with a user and key of its own (else the target's). */
    const jumpHop = zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([
        hostPort,
        zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            host: hostPort.describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.jump.host),
            user: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.jump.user),
            'private-key': secret('private-key', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.jump['private-key']).optional(),
            passphrase: secret('passphrase', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.jump.passphrase).optional(),
        }),
    ])
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.jump.hop);
    const jumpField = zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([jumpHop, zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(jumpHop).min(1, { message: 'list at least one jump host' })]);
    /** One host: "host[:port]", or an object that overrides some of the target's settings for it. */
    const hostEntry = zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([
        hostPort,
        zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            host: hostPort.describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.host),
            port: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().int().min(1).max(65535).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.port),
            user: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.user),
            jump: jumpField.optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.jump),
            files: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({ dir: remotePath('files.dir').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.files.dir) })
                .optional()
                .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.files),
            verify: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({ address: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.address) })
                .optional()
                .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.verify),
            tags: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1)).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.host.tags),
        }),
    ])
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.hosts);
    // With become: sudo, validate and reload run as `sudo -n <command>`, which sudoers must grant
    // word for word: one plain command, since sudo would apply to its first word only.
    const sudoCommands = (t, ctx) => {
        if (t.become !== 'sudo')
            return;
        const places = [
            [['validate'], t.validate],
            [['reload'], t.reload],
            // Each service's commands run as `sudo -n <command>` too, one after the other.
            ...(t.services ?? []).flatMap((s, i) => [
                [['services', i, 'validate'], s.validate],
                [['services', i, 'reload'], s.reload],
            ]),
        ];
        for (const [path, command] of places) {
            if (command === undefined)
                continue;
            const problem = (0,_deploy_sudo_commands_js__WEBPACK_IMPORTED_MODULE_5__/* .sudoCommandProblem */ .At)(command);
            if (problem)
                ctx.addIssue({ code: 'custom', path, message: problem });
        }
    };
    const sshTarget = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        type: zod__WEBPACK_IMPORTED_MODULE_4__/* .literal */ .euz('ssh').default('ssh').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.type),
        hosts: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(hostEntry)
            .min(1, { message: 'a target needs at least one host' })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.hosts),
        user: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().default('root').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.user),
        become: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['sudo']).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.become),
        jump: jumpField.optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.jump.about),
        'private-key': secret('private-key', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh['private-key']),
        passphrase: secret('passphrase', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.passphrase).optional(),
        'known-hosts': zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh['known-hosts']),
        files,
        validate: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.validate),
        reload: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.reload),
        verify: verifyBlock.default({ enabled: true, port: 443 }).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.verify.about),
        services: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(service).min(1).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.services.about),
        rollout: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['canary', 'parallel', 'serial']).default('canary').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.rollout),
        'on-failure': zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['continue', 'stop', 'rollback-all'])
            .default('continue')
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh['on-failure']),
        'connect-timeout': duration('connect-timeout').default('15s').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh['connect-timeout']),
        'command-timeout': duration('command-timeout').default('60s').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh['command-timeout']),
        recipients: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(ageRecipient).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.targets.recipients),
    })
        .refine((t) => !t.services || (t.validate === undefined && t.reload === undefined), {
        message: 'a target with services takes validate and reload per service: move them into services (one entry per server, in reload order)',
        path: ['services'],
    })
        .refine((t) => new Set((t.services ?? []).map((x) => x.name)).size === (t.services ?? []).length, {
        message: 'two services have the same name',
        path: ['services'],
    })
        .superRefine(sudoCommands)
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.ssh.about);
    const agentTarget = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        type: zod__WEBPACK_IMPORTED_MODULE_4__/* .literal */ .euz('agent').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.agentTarget.type),
        recipients: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(ageRecipient)
            .min(1, { message: "an agent target needs the age recipients of its hosts' identities" })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.targets.recipients),
    })
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.agentTarget.about);
    const execTarget = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        type: zod__WEBPACK_IMPORTED_MODULE_4__/* .literal */ .euz('exec').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.execTarget.type),
        command: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.execTarget.command),
        timeout: duration('timeout').default('5m').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.execTarget.timeout),
        'needs-key': zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.execTarget['needs-key']),
        env: envNames.describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.execTarget.env),
        recipients: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(ageRecipient).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.targets.recipients),
    })
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.execTarget.about);
    // Discriminated on `type` (ssh is the default), so an error speaks about the kind the user meant.
    const target = zod__WEBPACK_IMPORTED_MODULE_4__/* .discriminatedUnion */ .gMt('type', [sshTarget, execTarget, agentTarget])
        .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.targets.target);
    const slug = (what) => zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
        .regex(NAME, { message: `${what} names are lower-case slugs (a-z, 0-9, ".", "_", "-")` })
        .refine((v) => !RESERVED_NAMES.has(v), {
        message: `this ${what} name is one every object has (like constructor or valueOf); choose another`,
    });
    const config = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        $schema: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.$schema),
        version: zod__WEBPACK_IMPORTED_MODULE_4__/* .literal */ .euz(1, { message: 'expected version: 1' }).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.version),
        acme: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            directory: directory
                .default('letsencrypt')
                .describe(`the CA: ${Object.keys(DIRECTORY_NAMES).join(', ')}, or the https:// URL of an ACME directory`),
            'dry-run-directory': directory.optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['dry-run-directory']),
            email: orRef(zod__WEBPACK_IMPORTED_MODULE_4__/* .email */ .Rpp({ message: 'expected an email address' }))
                .optional()
                .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme.email),
            // Optional only for a config whose CAs are all in `issuers` (checked below).
            'account-key': secret('account-key', _schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['account-key']).optional(),
            profile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme.profile),
            'preferred-chain': zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['preferred-chain']),
            'external-account-binding': eab.optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme['external-account-binding']),
            issuers: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(issuer)
                .min(1, { message: 'list at least one CA, or leave issuers out' })
                .optional()
                .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme.issuers),
            trust: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme.trust),
        })
            .superRefine((acme, ctx) => {
            // Without issuers, the one CA needs its account key: say so where zod would have.
            if (!acme.issuers && acme['account-key'] === undefined) {
                ctx.addIssue({
                    code: 'custom',
                    path: ['account-key'],
                    // The wording zod gives any missing field; docs/ca-operations.md tells of acme.issuers.
                    message: 'required: expected a string',
                });
            }
        })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.acme.about),
        renewal: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            ari: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.renewal.ari),
            'renew-before': lifetimePoint('renew-before').default('33%').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.renewal['renew-before']),
            emergency: lifetimePoint('emergency').default('5%').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.renewal.emergency),
        })
            .default({ ari: true, 'renew-before': '33%', emergency: '5%' })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.renewal.about),
        store: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            path: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().default('certificates').describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.store.path),
            recipients: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(ageRecipient)
                .min(1, { message: 'at least one recipient is needed to encrypt private keys' })
                .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.store.recipients),
            trust: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()).optional().describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.store.trust),
        })
            .describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.store.about),
        dns: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P(slug('dns provider'), dnsProvider).default({}).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.dns.about),
        certificates: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P(slug('certificate'), certificate).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.certificates.about),
        targets: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P(slug('target'), target).default({}).describe(_schema_text_js__WEBPACK_IMPORTED_MODULE_3__/* .ABOUT */ .O.targets.about),
    });
    return { config, dnsProvider, target, certificate, sshTarget, execTarget, agentTarget };
}
const fileSchemas = build('file');
const resolvedSchemas = build('resolved');
/** The file as written (references unresolved): validation, defaults, JSON Schema. */
const configSchema = fileSchemas.config;
/** The same after `${NAME}` references were replaced by their values. */
const resolvedConfigSchema = resolvedSchemas.config;
const dnsProviderSchema = fileSchemas.dnsProvider;
const targetSchema = fileSchemas.target;
/** The fields of an ssh target that say how files are installed and proven on a host (ssh or agent). */
const installSchemas = {
    files: resolvedSchemas.sshTarget.shape.files,
    validate: resolvedSchemas.sshTarget.shape.validate,
    reload: resolvedSchemas.sshTarget.shape.reload,
    verify: resolvedSchemas.sshTarget.shape.verify,
};


/***/ }),

/***/ 54661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ isForced),
/* harmony export */   L: () => (/* binding */ COMMANDS)
/* harmony export */ });
const COMMANDS = [
    'plan',
    'renew',
    'publish',
    'deploy',
    'check',
    'verify',
    'decrypt',
    'init',
    'revoke',
    'rotate',
    'reseal',
    'account',
    'persist-records',
];
/** The certificate was named in `force` (or force is `all`): renew it whatever the plan or back-off say. */
function isForced(settings, name) {
    return settings.force === 'all' || settings.force.includes(name);
}


/***/ }),

/***/ 13334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ parseShardEntry),
/* harmony export */   v: () => (/* binding */ parseShardRequest)
/* harmony export */ });
/* harmony import */ var _plan_shards_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(30374);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90131);
/**
 * The shard inputs (issue 22). `shards` / `shard-size` tell plan how to split its matrix; `shard`
 * is one matrix entry handed back to renew. That entry comes from the workflow (the plan job's
 * output, but anything that can edit the workflow or a dispatch can write it), so it is parsed as
 * untrusted: bounded size, exact shape, plain names; completeSettings then checks every name is a
 * configured certificate.
 */


/** Far above any real entry (256 names of 64 characters is 17 KiB), far below a memory problem. */
const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_SHARD_SIZE = 100_000;
function wholeNumber(input, value, max, problems) {
    const v = value.trim();
    if (v === '')
        return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > max) {
        problems.add(input, `expected a whole number from 1 to ${max}, got '${v.slice(0, 40)}'`);
        return undefined;
    }
    return n;
}
/** `shards: N` or `shard-size: K` (not both); undefined: the plain one-job-per-certificate matrix. */
function parseShardRequest(names, shards, size, problems) {
    const count = wholeNumber(names.shards, shards, _plan_shards_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .h, problems);
    const per = wholeNumber(names.size, size, MAX_SHARD_SIZE, problems);
    if (count !== undefined && per !== undefined) {
        problems.add(names.shards, `set either ${names.shards} or ${names.size}, not both`);
        return undefined;
    }
    if (count !== undefined)
        return { shards: count };
    if (per !== undefined)
        return { size: per };
    return undefined;
}
/**
 * One entry of the plan's shard matrix, as JSON: `{"index":1,"of":3,"names":["www","api"]}`.
 * Only `names` is required. Problems name the input and what is expected.
 */
function parseShardEntry(input, value, problems) {
    const text = value.trim();
    if (text === '')
        return undefined;
    const expected = `expected one entry of the plan's matrix, like {"index":1,"of":3,"names":["www","api"]} (with: shard: \${{ toJSON(matrix.shard) }})`;
    if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) {
        problems.add(input, `is ${Buffer.byteLength(text)} bytes, more than ${MAX_ENTRY_BYTES}; ${expected}`);
        return undefined;
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        problems.add(input, `is not JSON; ${expected}`);
        return undefined;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        problems.add(input, `is not a JSON object; ${expected}`);
        return undefined;
    }
    const entry = data;
    const unknown = Object.keys(entry).filter((k) => !['index', 'of', 'names'].includes(k));
    if (unknown.length > 0) {
        problems.add(input, `has unknown key(s) ${unknown.slice(0, 5).join(', ')}; ${expected}`);
        return undefined;
    }
    const names = entry.names;
    if (!Array.isArray(names) || names.length === 0 || names.length > MAX_SHARD_SIZE) {
        problems.add(input, `needs "names", a non-empty list of certificate names; ${expected}`);
        return undefined;
    }
    const bad = names.filter((n) => typeof n !== 'string' || n.length > 200 || !_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .NAME */ .o_.test(n));
    if (bad.length > 0) {
        problems.add(input, `"names" holds ${bad.length} value(s) that are not certificate names (first: ${JSON.stringify(bad[0]).slice(0, 60)}); ${expected}`);
        return undefined;
    }
    const list = names;
    const twice = list.filter((n, i) => list.indexOf(n) !== i);
    if (twice.length > 0) {
        problems.add(input, `names ${[...new Set(twice)].slice(0, 5).join(', ')} more than once; ${expected}`);
        return undefined;
    }
    const position = (key) => {
        const v = entry[key];
        if (v === undefined)
            return 1;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > _plan_shards_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .h) {
            problems.add(input, `"${key}" must be a whole number from 1 to ${_plan_shards_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_SHARDS */ .h}; ${expected}`);
            return 1;
        }
        return v;
    };
    const index = position('index');
    const of = position('of');
    if (index > of)
        problems.add(input, `"index" ${index} is beyond "of" ${of}; ${expected}`);
    return { index, of, names: list };
}


/***/ }),

/***/ 42784:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   au: () => (/* binding */ didYouMean)
/* harmony export */ });
/* unused harmony exports editDistance, closest */
/** "did you mean" for unknown keys, names and enum values. */
/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment):
 * "emial" is one typo away from "email", not two.
 */
function editDistance(a, b) {
    if (a === b)
        return 0;
    let before = [];
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d = Math.min(d, (before[j - 2] ?? 0) + 1);
            }
            row[j] = d;
        }
        before = prev;
        prev = row;
    }
    return prev[b.length] ?? 0;
}
/**
 * The closest candidate, when close enough to be a typo: at most a third of the word's length
 * (at least 1, at most 3 edits), or the same word in another case or with `_` for `-`.
 */
function closest(word, candidates) {
    const norm = (s) => s.toLowerCase().replace(/_/g, '-');
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
        const d = norm(word) === norm(candidate) ? 0 : editDistance(word, candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
    return bestDistance <= limit ? best : undefined;
}
/** " (did you mean 'email'?)" or "". */
function didYouMean(word, candidates) {
    const hit = closest(word, candidates);
    return hit ? ` (did you mean '${hit}'?)` : '';
}


/***/ }),

/***/ 73750:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BS: () => (/* binding */ parseAgeIdentity),
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   LS: () => (/* binding */ parsePublish),
/* harmony export */   Zw: () => (/* binding */ Problems),
/* harmony export */   fu: () => (/* binding */ parseForce),
/* harmony export */   nY: () => (/* binding */ parseConcurrency),
/* harmony export */   s7: () => (/* binding */ parseScheduleInterval),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* unused harmony export PUBLISH_MODES */
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90131);

const PUBLISH_MODES = ['pull-request', 'commit', 'git', 'none'];
class Problems {
    list = [];
    add(input, message) {
        this.list.push({ path: input, message });
    }
}
const TRUE = ['true', 'True', 'TRUE', 'yes', '1', 'on'];
const FALSE = ['false', 'False', 'FALSE', 'no', '0', 'off', ''];
/** Booleans as people write them; anything else is a problem naming the input (not a throw). */
function parseBoolean(input, value, problems, fallback = false) {
    const v = value.trim();
    if (v === '')
        return fallback;
    if (TRUE.includes(v))
        return true;
    if (FALSE.includes(v))
        return false;
    problems.add(input, `expected true or false, got '${v}'`);
    return fallback;
}
/** "www, api" or "www api" or one per line. */
function parseList(value) {
    return value
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}
/** A list of certificate names, or "all". */
function parseForce(value) {
    const names = parseList(value);
    return names.length === 1 && names[0]?.toLowerCase() === 'all' ? 'all' : names;
}
function parsePublish(input, value, problems, fallback) {
    const v = value.trim();
    if (v === '')
        return fallback;
    if (PUBLISH_MODES.includes(v))
        return v;
    problems.add(input, `expected one of ${PUBLISH_MODES.join(', ')}, got '${v}'`);
    return fallback;
}
function parseConcurrency(input, value, problems, fallback = 4) {
    const v = value.trim();
    if (v === '')
        return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 64) {
        problems.add(input, `expected a whole number from 1 to 64, got '${v}'`);
        return fallback;
    }
    return n;
}
const UNIT_HOURS = { m: 1 / 60, h: 1, d: 24 };
/** Hours between scheduled runs: "12", "12h", "30m", "1d". */
function parseScheduleInterval(input, value, problems) {
    const v = value.trim();
    if (v === '')
        return undefined;
    const match = _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .DURATION */ .ft.exec(v);
    const unit = match?.[2] ?? 'h';
    const factor = UNIT_HOURS[unit];
    const n = Number.parseFloat(match?.[1] ?? '');
    if (!match || factor === undefined || !(n > 0)) {
        problems.add(input, `expected hours between scheduled runs, like "12" or "12h" or "1d", got '${v}'`);
        return undefined;
    }
    return n * factor;
}
/**
 * The age identities in `text` (a whole identity file may be pasted: comments are dropped).
 * Each is registered as a secret before anything else happens.
 */
function parseAgeIdentity(input, text, problems, log) {
    if (text.trim() === '')
        return undefined;
    log.secret(text.trim());
    const keys = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.startsWith('AGE-SECRET-KEY-') || line.startsWith('AGE-PLUGIN-'));
    for (const key of keys)
        log.secret(key);
    if (keys.length === 0) {
        // Never echo the value: it may be a mangled secret.
        problems.add(input, 'no age identity found: expected a line starting with AGE-SECRET-KEY-1');
        return undefined;
    }
    return keys.join('\n');
}


/***/ }),

/***/ 78749:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GH: () => (/* binding */ renewWorkflowSettings),
/* harmony export */   TT: () => (/* binding */ runningWorkflow),
/* harmony export */   _O: () => (/* binding */ parseWorkflowId)
/* harmony export */ });
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(85027);

/** GitHub names a workflow in the API by its file name in .github/workflows, or by its number. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/;
const PREFIX = '.github/workflows/';
/**
 * The workflow an input names, or undefined with a problem. Only a bare file name, the same with
 * `.github/workflows/` in front, or a number is taken: the id lands in an API path, so slashes,
 * `..`, `%` and the like would point the request somewhere else.
 */
function parseWorkflowId(input, value, problems) {
    const v = value.trim();
    if (!v)
        return undefined;
    const name = v.startsWith(PREFIX) ? v.slice(PREFIX.length) : v;
    if (/^[1-9]\d{0,15}$/.test(name) || (FILE_NAME.test(name) && !name.includes('..')))
        return name;
    problems.add(input, `'${v.slice(0, 80)}' is not a workflow: give its file name in .github/workflows (like renew.yml) or its numeric id`);
    return undefined;
}
/** The workflow this run belongs to (GITHUB_WORKFLOW_REF), as a file name; renew's own. */
function runningWorkflow(env) {
    const ref = env.GITHUB_WORKFLOW_REF?.split('@')[0] ?? '';
    const at = ref.indexOf(`/${PREFIX}`);
    if (at < 0)
        return undefined;
    const name = ref.slice(at + 1 + PREFIX.length);
    return FILE_NAME.test(name) && !name.includes('..') ? name : undefined;
}
/**
 * The watched workflow with its schedule. `fallbackHours` (input schedule-interval) is used when
 * the file cannot be read from the checkout (a numeric id names no file).
 */
function renewWorkflowSettings(id, workspace, fallbackHours, log) {
    if (!id)
        return undefined;
    const file = /^\d+$/.test(id) ? undefined : `${PREFIX}${id}`;
    const schedule = file ? (0,_github_js__WEBPACK_IMPORTED_MODULE_0__/* .readWorkflowSchedule */ .bT)(workspace, file, log) : undefined;
    if (schedule) {
        return { id, file, intervalHours: schedule.hours, intervalSource: `the cron of ${schedule.file}` };
    }
    if (fallbackHours !== undefined) {
        return { id, file, intervalHours: fallbackHours, intervalSource: 'input schedule-interval' };
    }
    return { id, file };
}


/***/ }),

/***/ 72140:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ parseHostPort),
/* harmony export */   b: () => (/* binding */ targetHosts)
/* harmony export */ });
/** "host", "host:port", "[v6]" or "[v6]:port" (the schema's host form). */
function parseHostPort(value) {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
    if (v6)
        return { host: v6[1], port: v6[2] ? Number(v6[2]) : 22 };
    const [host, port] = value.split(':');
    return { host: host, port: port ? Number(port) : 22 };
}
function targetHosts(config) {
    return config.hosts.map((entry) => {
        if (typeof entry === 'string') {
            return { label: entry, address: parseHostPort(entry), config, tags: [] };
        }
        const written = parseHostPort(entry.host);
        const port = entry.port ?? written.port;
        const bare = written.host.includes(':') ? `[${written.host}]` : written.host;
        const label = port === 22 ? bare : `${bare}:${port}`;
        return {
            label,
            address: { host: written.host, port },
            tags: entry.tags ?? [],
            config: {
                ...config,
                user: entry.user ?? config.user,
                jump: entry.jump ?? config.jump,
                files: entry.files ? { ...config.files, dir: entry.files.dir } : config.files,
                verify: entry.verify ? { ...config.verify, address: entry.verify.address } : config.verify,
            },
        };
    });
}


/***/ }),

/***/ 7211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $F: () => (/* binding */ knownTags),
/* harmony export */   MB: () => (/* binding */ parseHostSelectors),
/* harmony export */   a1: () => (/* binding */ describeSelectors),
/* harmony export */   sd: () => (/* binding */ selectHosts)
/* harmony export */ });
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(72140);

const WORD = /^[A-Za-z0-9._@[\]:-]{1,253}$/;
/** The selectors of an input, or undefined (with a problem naming the input) when one is malformed. */
function parseHostSelectors(input, value, problems) {
    const parts = value
        .split(/[,\s]+/)
        .map((p) => p.trim())
        .filter(Boolean);
    if (parts.length === 0)
        return undefined;
    const out = [];
    for (const part of parts) {
        const tag = part.startsWith('tag:') ? part.slice(4) : undefined;
        if (tag !== undefined ? !/^[A-Za-z0-9._-]{1,100}$/.test(tag) : !WORD.test(part)) {
            problems.add(input, `'${part.slice(0, 80)}' is not a host selector: write tag:NAME (hosts with that tag) or a host as results name it (web1.example.com, 10.0.3.21:2222)`);
            return undefined;
        }
        out.push(tag !== undefined ? { tag } : { host: part });
    }
    return out;
}
function describeSelectors(selectors) {
    return selectors.map((s) => ('tag' in s ? `tag:${s.tag}` : s.host)).join(', ');
}
/** The target with only its selected hosts, or undefined when none is selected. */
function selectHosts(config, selectors) {
    const hosts = (0,_hosts_js__WEBPACK_IMPORTED_MODULE_0__/* .targetHosts */ .b)(config);
    const kept = config.hosts.filter((_, i) => {
        const th = hosts[i];
        if (!th)
            return false;
        return selectors.some((s) => ('tag' in s ? th.tags.includes(s.tag) : th.label === s.host));
    });
    return kept.length > 0 ? { ...config, hosts: kept } : undefined;
}
/** Every tag the given targets' hosts carry, for the message when a selection matches nothing. */
function knownTags(targets) {
    return [...new Set(targets.flatMap((t) => (0,_hosts_js__WEBPACK_IMPORTED_MODULE_0__/* .targetHosts */ .b)(t).flatMap((h) => h.tags)))].sort();
}


/***/ }),

/***/ 55607:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ sudoCommandProblem),
/* harmony export */   tE: () => (/* binding */ asRoot),
/* harmony export */   vT: () => (/* binding */ SUDO_HELPER)
/* harmony export */ });
/**
 * The commands a `become: sudo` target runs as root, spelled once so the config check, the
 * preflight and the docs' sudoers line agree.
 */
/** Where the helper must be installed on the host (docs/deploy.md). */
const SUDO_HELPER = '/usr/local/sbin/certflow-sudo';
/** Shell syntax that would make `sudo -n <command>` apply to part of the command only. */
const SHELL_SYNTAX = /[;&|<>`$(){}\n\\*?[\]~#'"]/;
/** Why `command` cannot run as `sudo -n <command>`, or undefined when it can. */
function sudoCommandProblem(command) {
    const words = command.trim().split(/\s+/);
    if (words[0] === 'sudo') {
        return 'with become: sudo, write the command without sudo: certflow runs it as `sudo -n <command>`';
    }
    if (SHELL_SYNTAX.test(command)) {
        return 'with become: sudo, give one plain command (no shell operators, quotes or variables): it runs as `sudo -n <command>`, and sudoers must grant it word for word';
    }
    return undefined;
}
/** The command line certflow runs for a configured validate or reload command. */
function asRoot(command) {
    return `sudo -n -- ${command.trim()}`;
}


/***/ }),

/***/ 62072:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E5: () => (/* binding */ CHANGE_ME),
/* harmony export */   Nj: () => (/* binding */ defineProvider),
/* harmony export */   rV: () => (/* binding */ envRef)
/* harmony export */ });
/* unused harmony export commonShape */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38816);
/* harmony import */ var _config_schema_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37175);
/**
 * The shape of one DNS provider module (src/dns/providers/<type>.ts). A module is everything
 * certflow knows about a provider type, in one place: its config fields with their texts (from
 * which config/schema.ts builds the `dns` union, the JSON Schema and the reference are generated),
 * the starter block `certflow init --dns <type>` writes, its section of docs/dns-providers.md, and
 * `create`, typed by its own fields. The registry (providers/index.ts) is the only list of modules.
 */


/** `${NAME}` as written in certflow.yml, for starter lines (a plain string would read as a template). */
const envRef = (name) => `\${${name}}`;
/** Marker on every starter line whose value the user must replace (init checks for it). */
const CHANGE_ME = 'CHANGE ME';
/** The fields every provider has, after its own (texts in config/schema-text.ts). */
function commonShape(kit) {
    return {
        resolvers: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(kit.hostPort()).optional().describe(_config_schema_text_js__WEBPACK_IMPORTED_MODULE_0__/* .ABOUT */ .O.dns.resolvers),
        zones: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()).optional().describe(_config_schema_text_js__WEBPACK_IMPORTED_MODULE_0__/* .ABOUT */ .O.dns.zones),
        'propagation-timeout': kit
            .duration('propagation-timeout')
            .default('120s')
            .describe(_config_schema_text_js__WEBPACK_IMPORTED_MODULE_0__/* .ABOUT */ .O.dns['propagation-timeout']),
        ttl: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().positive().default(60).describe(_config_schema_text_js__WEBPACK_IMPORTED_MODULE_0__/* .ABOUT */ .O.dns.ttl),
    };
}
function objectSchema(type, typeText, own, common) {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({ type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(type).describe(typeText), ...own, ...common });
}
/** A provider module: a definition plus its complete schema. */
function defineProvider(definition) {
    return {
        ...definition,
        schema: (kit) => objectSchema(definition.type, definition.typeText, definition.fields(kit), commonShape(kit)).describe(definition.about),
    };
}


/***/ }),

/***/ 96653:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ waitForTxt),
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70017);
/* harmony import */ var _query_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5931);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(99874);
/* harmony import */ var _wire_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53970);
/**
 * Waits until every server answers a TXT name with the value we wrote. A short, fixed poll
 * interval and a deadline; never a fixed sleep. The CA is told as soon as all servers agree.
 */




const sleep = (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted)
        return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
    }, ms);
    const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
});
async function waitForTxt(name, value, servers, opts) {
    const deadline = Date.now() + opts.timeoutMs;
    const interval = opts.intervalMs ?? 50;
    const missing = new Map(servers.map((s) => [(0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .formatServer */ .xu)(s), { server: s, last: 'no answer yet' }]));
    let rounds = 0;
    for (;;) {
        rounds++;
        const perQuery = Math.max(200, Math.min(1000, deadline - Date.now()));
        await Promise.all([...missing.entries()].map(async ([key, entry]) => {
            try {
                const msg = await (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .query */ .P)(entry.server, name, _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.TXT, {
                    rd: opts.rd ?? false,
                    timeoutMs: perQuery,
                    tries: 1,
                    signal: opts.signal,
                });
                const values = (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .txtValues */ .b9)(msg, name);
                if (values.includes(value))
                    missing.delete(key);
                else
                    entry.last = values.length ? `other values (${values.length})` : 'no such record yet';
            }
            catch (error) {
                if (opts.signal?.aborted)
                    throw error;
                entry.last = (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error);
            }
        }));
        if (missing.size === 0)
            return { seenAt: Date.now(), rounds };
        if (Date.now() + interval > deadline) {
            const detail = [...missing.entries()].map(([k, e]) => `${k}: ${e.last}`).join('; ');
            throw new Error(`TXT ${name} not visible on every server after ${Math.round(opts.timeoutMs / 1000)} s (${detail})`);
        }
        await sleep(interval, opts.signal);
    }
}



/***/ }),

/***/ 68210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rk: () => (/* binding */ DnsProviderError),
/* harmony export */   sk: () => (/* binding */ KeyedLock),
/* harmony export */   wy: () => (/* binding */ zoneFor)
/* harmony export */ });
/** An error from a provider, prefixed with its type and name, with what the user can do. */
class DnsProviderError extends Error {
    hint;
    constructor(provider, message, hint) {
        super(`${provider.type} (dns.${provider.name}): ${message}`);
        this.name = 'DnsProviderError';
        this.hint = hint;
    }
}
/**
 * Serialises read-modify-write updates of one record name inside this process (PowerDNS and
 * Route 53 replace a whole RRset, so two values written at once could lose one).
 */
class KeyedLock {
    tails = new Map();
    async run(key, fn) {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release;
        const mine = new Promise((r) => {
            release = r;
        });
        const tail = previous.then(() => mine);
        this.tails.set(key, tail);
        await previous;
        try {
            return await fn();
        }
        finally {
            release();
            if (this.tails.get(key) === tail)
                this.tails.delete(key);
        }
    }
}
/** Longest zone in `zones` that contains `fqdn`, if any. */
function zoneFor(fqdn, zones) {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    let best;
    for (const z of zones) {
        const zone = z.toLowerCase().replace(/\.$/, '');
        if ((name === zone || name.endsWith(`.${zone}`)) && (!best || zone.length > best.length))
            best = zone;
    }
    return best;
}


/***/ }),

/***/ 25294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U_: () => (/* binding */ DNS_TYPES),
  xq: () => (/* binding */ PROVIDERS),
  XT: () => (/* binding */ createProviders),
  qp: () => (/* binding */ credentialEndpoints),
  Qt: () => (/* binding */ providerModule),
  SS: () => (/* binding */ providerSchemas)
});

// UNUSED EXPORTS: createProvider

// EXTERNAL MODULE: ./src/dns/provider.ts
var provider = __webpack_require__(68210);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./src/dns/define.ts
var dns_define = __webpack_require__(62072);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
// EXTERNAL MODULE: ./src/dns/propagation.ts
var propagation = __webpack_require__(96653);
;// CONCATENATED MODULE: ./src/dns/http.ts
/**
 * The one HTTP client of the API providers (cloudflare, powerdns, and the native providers after
 * them). It wraps fetch with what every DNS API needs, so a provider only says what to send:
 * - a time limit on each attempt;
 * - retries with back-off: always on 429 (the request was not done), on 5xx, timeouts and broken
 *   connections only when repeating the request is harmless (GET, PUT, DELETE, PATCH; a POST
 *   that creates a record could create two). `Retry-After` is honoured up to `maxWaitMs`; a
 *   server that asks for longer gets a clear error instead of a silent stall;
 * - redirects are not followed: the credential header would go along to wherever they point;
 * - every error is a DnsProviderError naming the provider, the request and the HTTP status, and
 *   never holds a secret: the API's answer is cut short and every secret is masked in it (an API
 *   that echoes the token it refused would otherwise put it into logs, reports and PR bodies).
 */




/** An answer that was not 2xx, after retries; `status` is 0 when no answer came. */
class HttpError extends provider/* DnsProviderError */.Rk {
    status;
    constructor(who, status, message, hint) {
        super(who, message, hint);
        this.name = 'HttpError';
        this.status = status;
    }
}
/** Longest body read (a DNS API answer is small; a hostile or broken one must not fill memory). */
const MAX_BODY = 4 * 1024 * 1024;
/** Longest piece of an error body quoted in a message. */
const MAX_QUOTE = 300;
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
function httpClient(options) {
    const { who } = options;
    const base = options.baseUrl.replace(/\/+$/, '');
    const timeoutMs = options.timeoutMs ?? 30_000;
    const attempts = Math.max(1, options.attempts ?? 4);
    const backoffMs = options.backoffMs ?? 500;
    const maxWaitMs = options.maxWaitMs ?? 30_000;
    const mask = secretMask(options.secrets);
    const fail = (status, message, hint) => new HttpError(who, status, mask(message), hint === undefined ? undefined : mask(hint));
    const attempt = async (req) => {
        const what = `${req.method} ${req.path}`;
        const limit = AbortSignal.timeout(timeoutMs);
        const signal = req.signal ? AbortSignal.any([req.signal, limit]) : limit;
        let res;
        try {
            res = await fetch(`${base}${req.path}`, {
                method: req.method,
                headers: {
                    Accept: 'application/json',
                    ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
                    ...options.headers,
                    ...req.headers,
                },
                body: req.body === undefined ? undefined : JSON.stringify(req.body),
                redirect: 'manual',
                signal,
            });
        }
        catch (error) {
            if (req.signal?.aborted)
                throw error;
            const why = limit.aborted ? `no answer within ${timeoutMs / 1000}s` : causeOf(error);
            return { retry: `${what}: no answer from ${base}: ${why}`, status: 0 };
        }
        let text;
        try {
            text = await readCapped(res, signal);
        }
        catch (error) {
            if (req.signal?.aborted)
                throw error;
            return {
                retry: `${what} answered HTTP ${res.status}, then the body broke off: ${causeOf(error)}`,
                status: res.status,
            };
        }
        if (res.status >= 200 && res.status < 300)
            return { status: res.status, headers: res.headers, text };
        if (res.status >= 300 && res.status < 400) {
            const to = res.headers.get('location');
            throw fail(res.status, `${what} answered HTTP ${res.status}, a redirect${to ? ` to ${to}` : ''}`, 'redirects are not followed (the credential would go along): set the API URL to the final address');
        }
        const words = describeBody(text, options.describe);
        const message = `${what} answered HTTP ${res.status}${words ? `: ${words}` : ''}`;
        if (!RETRY_STATUS.has(res.status))
            throw fail(res.status, message, options.hint?.(res.status));
        return { retry: message, status: res.status, waitMs: retryAfterMs(res.headers.get('retry-after')) };
    };
    const request = async (req) => {
        const idempotent = req.idempotent ?? req.method !== 'POST';
        let last = '';
        let lastStatus = 0;
        for (let n = 1;; n++) {
            const got = await attempt(req);
            if (!('retry' in got))
                return got;
            last = got.retry;
            lastStatus = got.status;
            // A 429 means the server did not act on the request; anything else may have been half done.
            if (lastStatus !== 429 && !idempotent) {
                throw fail(lastStatus, `${last}; not repeated, since sending it twice could do it twice`);
            }
            if (n >= attempts)
                break;
            const wait = got.waitMs ?? Math.min(maxWaitMs, backoffMs * 2 ** (n - 1) * (0.75 + Math.random() / 2));
            if (wait > maxWaitMs) {
                throw fail(lastStatus, `${last}; the server asks to retry after ${Math.ceil(wait / 1000)}s, longer than the ${maxWaitMs / 1000}s certflow waits`, 'the API is rate limiting this account: run again later');
            }
            await (0,propagation/* sleep */.y)(wait, req.signal);
        }
        throw fail(lastStatus, `${last} (after ${attempts} attempts)`, options.hint?.(lastStatus));
    };
    return {
        request,
        fail,
        async json(req) {
            const answer = await request(req);
            if (answer.text === '')
                return undefined;
            try {
                return JSON.parse(answer.text);
            }
            catch {
                throw fail(answer.status, `${req.method} ${req.path} answered HTTP ${answer.status} with something that is not JSON: ${quote(answer.text)}`, 'check that the API URL points at the API itself, not a proxy or login page');
            }
        },
    };
}
/**
 * Masks each secret as sent and in the forms an API may echo it: URL-encoded (a query string),
 * JSON-escaped (inside a JSON error), and base64 (a Basic credential), through util/redact.ts.
 */
function secretMask(secrets) {
    const forms = secrets
        .filter((s) => s.length > 0)
        .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
    return (0,redact/* makeRedactor */.$u)(forms);
}
/** Milliseconds from a Retry-After header (seconds or an HTTP date); undefined when absent or odd. */
function retryAfterMs(header, now = Date.now()) {
    if (header === null)
        return undefined;
    const text = header.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
function describeBody(text, describe) {
    if (text.trim() === '')
        return '';
    if (describe) {
        try {
            const own = describe(JSON.parse(text));
            if (own)
                return quote(own);
        }
        catch {
            // Not JSON: quote the text itself.
        }
    }
    return quote(text);
}
/** One line, at most MAX_QUOTE characters: an error body is a hint, not a document. */
function quote(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}...` : line;
}
/** undici hides the reason (ECONNREFUSED, a TLS failure) in `cause`. */
function causeOf(error) {
    const cause = error.cause;
    return cause ? `${(0,errors/* errorMessage */.g)(error)} (${(0,errors/* errorMessage */.g)(cause)})` : (0,errors/* errorMessage */.g)(error);
}
async function readCapped(res, signal) {
    if (!res.body)
        return '';
    const reader = res.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        if (signal.aborted)
            throw signal.reason;
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > MAX_BODY) {
            await reader.cancel();
            throw new Error(`the answer is larger than ${MAX_BODY / 1024 / 1024} MB`);
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
}
/**
 * The client of an API that takes one bearer token: the token is registered as a secret (masked in
 * logs and errors), sent in `Authorization`, and a refusal (401/403) gets the provider's own hint.
 */
function bearerClient(options) {
    options.log.secret(options.token);
    return httpClient({
        who: options.who,
        baseUrl: options.baseUrl,
        headers: { Authorization: `Bearer ${options.token}` },
        secrets: [options.token],
        describe: options.describe,
        hint: (status) => status === 401 || status === 403 ? options.refused : status === 0 ? 'check api-url' : undefined,
    });
}

// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
// EXTERNAL MODULE: ./src/dns/transport.ts
var transport = __webpack_require__(99874);
;// CONCATENATED MODULE: ./src/dns/providers/common.ts
/** Pieces every provider shares: the `resolvers`, `zones`, `ttl` and timeout fields. */


function commonFields(name, config) {
    return {
        name,
        type: config.type,
        zones: (config.zones ?? []).map((z) => z.toLowerCase().replace(/\.$/, '')),
        resolvers: config.resolvers?.length ? config.resolvers.map((r) => (0,transport/* parseServer */.ld)(r)) : undefined,
        propagationTimeoutMs: (0,duration/* durationMs */.pc)(config['propagation-timeout']),
        ttl: config.ttl,
    };
}
/** The TXT content of a value as DNS APIs that take zone-file syntax want it. */
const quoteTxt = (value) => `"${value}"`;

;// CONCATENATED MODULE: ./src/dns/providers/acme-dns.ts
/**
 * acme-dns: a joohoi/acme-dns server's update API, the usual way to hand DNS-01 to a small
 * server of its own when the real DNS host has no API: `_acme-challenge.<name>` is a CNAME to
 * the account's `fulldomain`, and `POST /update` sets a value there. acme-dns keeps the two
 * newest values of a subdomain and has no delete: cleanup leaves the value to be pushed out by
 * the next update (it proves nothing once the order is done, and lives only under the account's
 * own name). So one account serves one name's apex and wildcard at most at a time: a third value
 * in flight would push out one still needed, and is refused.
 */





const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fields = (f) => ({
    'api-url': f.url().describe('the acme-dns server, e.g. https://auth.example.org'),
    username: schemas/* string */.YjP()
        .regex(UUID, 'the username acme-dns gave at /register (a UUID)')
        .describe("the account's username from /register"),
    password: f.secret('password', "the account's password from /register"),
    subdomain: schemas/* string */.YjP()
        .regex(UUID, 'the subdomain acme-dns gave at /register (a UUID)')
        .describe("the account's subdomain from /register"),
    fulldomain: schemas/* string */.YjP()
        .min(3)
        .describe("the account's fulldomain from /register: the target of the _acme-challenge CNAME"),
    'insecure-http': f.insecureHttp(),
});
/** Values acme-dns keeps per subdomain. */
const SLOTS = 2;
function create(name, config, deps) {
    const who = { type: config.type, name };
    deps.log.secret(config.password);
    const fulldomain = config.fulldomain.toLowerCase().replace(/\.$/, '');
    const api = httpClient({
        who,
        baseUrl: config['api-url'],
        headers: { 'X-Api-User': config.username, 'X-Api-Key': config.password },
        secrets: [config.password],
        describe: (body) => body?.error,
        hint: (status) => status === 401
            ? 'acme-dns refused the account: check username, subdomain and the secret mapped to password, and that the allowfrom list of the account admits the runner'
            : status === 0
                ? 'check api-url'
                : undefined,
    });
    const common = commonFields(name, config);
    /** Values this process has set and still needs. */
    const live = new Set();
    return {
        ...common,
        // The account's own name is where this provider writes: CNAMEs to it are expected.
        zones: [...common.zones, fulldomain],
        async present(record, signal) {
            if (record.fqdn !== fulldomain) {
                throw new provider/* DnsProviderError */.Rk(who, `acme-dns writes only ${fulldomain}, not ${record.fqdn}`, `make ${record.fqdn.startsWith('_acme-challenge.') ? record.fqdn : `_acme-challenge of the name`} a CNAME to ${fulldomain}`);
            }
            if (!live.has(record.value) && live.size >= SLOTS) {
                throw new provider/* DnsProviderError */.Rk(who, `a third value for ${fulldomain} while two are still in use: acme-dns keeps only ${SLOTS}, so one would be lost`, 'give each name its own acme-dns account, or set concurrency: 1');
            }
            live.add(record.value);
            try {
                await api.json({
                    method: 'POST',
                    path: '/update',
                    body: { subdomain: config.subdomain, txt: record.value },
                    signal,
                });
            }
            catch (error) {
                live.delete(record.value);
                throw error;
            }
        },
        async cleanup(record) {
            // No delete in acme-dns: the value is pushed out by the next update.
            live.delete(record.value);
            deps.log.debug(`acme-dns (dns.${name}): ${fulldomain} keeps its value until the next update (acme-dns has no delete)`);
        },
    };
}
const DOCS = `For a DNS host without an API: run [acme-dns](https://github.com/joohoi/acme-dns), register an
account once (\`curl -X POST https://auth.example.org/register\`), and make
\`_acme-challenge.<name>\` a CNAME to the \`fulldomain\` it returns. certflow follows the CNAME and
sets the value with \`POST /update\`. acme-dns keeps the two newest values of an account and has
no delete, so one account serves one name (its apex and wildcard together) at a time, and the last
values stay until the next update replaces them; they live only under the account's own name and
prove nothing once the order is done. Only the password is secret.

\`\`\`yaml
dns:
  acmedns:
    type: acme-dns
    api-url: https://auth.example.org
    username: 0f3b8c3e-1d2a-4c5b-9e8f-7a6b5c4d3e2f
    password: \${ACME_DNS_PASSWORD}
    subdomain: 8e5700ea-a4bf-41c7-8a77-e990661dcc6a
    fulldomain: 8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.example.org
\`\`\``;
const acmeDns = (0,dns_define/* defineProvider */.Nj)({
    type: 'acme-dns',
    about: 'a joohoi/acme-dns server, target of a CNAME from _acme-challenge; values rotate out (no delete)',
    typeText: 'selects an acme-dns server',
    fields,
    starter: {
        lines: [
            `api-url: https://auth.example.org   # ${dns_define/* CHANGE_ME */.E5}: your acme-dns server`,
            `username: 00000000-0000-0000-0000-000000000000   # ${dns_define/* CHANGE_ME */.E5}: from /register`,
            `password: ${(0,dns_define/* envRef */.rV)('ACME_DNS_PASSWORD')}`,
            `subdomain: 00000000-0000-0000-0000-000000000000   # ${dns_define/* CHANGE_ME */.E5}: from /register`,
            `fulldomain: 00000000-0000-0000-0000-000000000000.auth.example.org   # ${dns_define/* CHANGE_ME */.E5}: the CNAME target`,
        ],
        secrets: [{ name: 'ACME_DNS_PASSWORD', what: 'the password acme-dns returned at /register' }],
    },
    docs: { title: 'acme-dns', text: DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create,
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/config/endpoints.ts
var endpoints = __webpack_require__(93136);
;// CONCATENATED MODULE: ./src/dns/auth/oauth.ts
/**
 * Calls to token endpoints (Google's OAuth and STS, Entra ID, GitHub's OIDC token service): a
 * timeout, one retry on 429/5xx, and errors that carry the endpoint's own words (`error`,
 * `error_description`) but never what we sent (assertions, client secrets, subject tokens).
 */


class AuthError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.name = 'AuthError';
        this.hint = hint;
    }
}
const TIMEOUT_MS = 30_000;
/**
 * Refuses a URL that would carry a credential in clear: https://, or http:// to loopback only.
 * `where` names the field or file the URL came from.
 */
function checkCredentialUrl(url, where) {
    if ((0,endpoints/* endpointVerdict */.Ny)(url, false) === 'refused') {
        throw new AuthError(`${where}: "${url}" is not an https:// URL (http:// is accepted only for a loopback address); a credential is sent there`);
    }
    return new URL(url);
}
/** Sends the request and returns the parsed JSON answer of a 2xx. */
async function tokenCall(req) {
    const headers = { Accept: 'application/json', ...req.headers };
    let body;
    if (req.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(req.form).toString();
    }
    else if (req.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(req.json);
    }
    const where = new URL(req.url);
    const target = `${where.origin}${where.pathname}`; // no query: it may carry a token
    for (let attempt = 1;; attempt++) {
        const signal = req.signal
            ? AbortSignal.any([req.signal, AbortSignal.timeout(TIMEOUT_MS)])
            : AbortSignal.timeout(TIMEOUT_MS);
        let res;
        try {
            res = await fetch(req.url, { method: req.method ?? 'POST', headers, body, signal, redirect: 'error' });
        }
        catch (error) {
            throw new AuthError(`${req.what} (${target}): ${(0,errors/* errorMessage */.g)(error)}`);
        }
        const text = await res.text().catch(() => '');
        if ((res.status === 429 || res.status >= 500) && attempt < 2) {
            await new Promise((r) => setTimeout(r, 1000));
            continue;
        }
        let parsed;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        }
        catch {
            parsed = undefined;
        }
        const data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
        if (!res.ok) {
            const refused = res.status === 400 || res.status === 401 || res.status === 403;
            throw new AuthError(`${req.what} (${target}): HTTP ${res.status}${oauthWords(data)}`, refused ? req.refusedHint : undefined);
        }
        if (!data)
            throw new AuthError(`${req.what} (${target}): HTTP ${res.status} without a JSON object`);
        return data;
    }
}
/** The endpoint's own explanation: OAuth `error`/`error_description`, or Google's `error.message`. */
function oauthWords(data) {
    if (!data)
        return '';
    const e = data.error;
    if (e && typeof e === 'object') {
        const m = e.message;
        return typeof m === 'string' ? `: ${oneLine(m)}` : '';
    }
    const words = [e, data.error_description].filter((w) => typeof w === 'string');
    return words.length ? `: ${oneLine(words.join(': '))}` : '';
}
const oneLine = (s) => {
    const flat = s.replace(/\s+/g, ' ').trim();
    return flat.length > 400 ? `${flat.slice(0, 400)}...` : flat;
};
/** A string field of a token answer, or an error naming it. */
function field(data, name, what) {
    const v = data[name];
    if (typeof v !== 'string' || v === '')
        throw new AuthError(`${what}: the answer has no ${name}`);
    return v;
}
/** `expires_in` seconds (a number or a numeric string) as an epoch time; one hour when absent. */
function expiresAt(data, now = Date.now()) {
    const v = Number(data.expires_in);
    return now + (Number.isFinite(v) && v > 0 ? v : 3600) * 1000;
}

;// CONCATENATED MODULE: ./src/dns/auth/github-oidc.ts
/**
 * The GitHub Actions OIDC token, which clouds accept instead of a stored secret (workload
 * identity federation). The runner gives a job with `permissions: id-token: write` a URL and a
 * bearer token to request it; the audience names the cloud that will check it.
 */

/** Whether this job can ask GitHub for an OIDC token. */
function hasGithubOidc(env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
async function githubIdToken(env, audience, secret, signal) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !bearer) {
        throw new AuthError('no GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set', 'give the job `permissions: id-token: write` (outside GitHub Actions, use another credential)');
    }
    secret(bearer);
    const target = checkCredentialUrl(url, 'ACTIONS_ID_TOKEN_REQUEST_URL');
    target.searchParams.set('audience', audience);
    const data = await tokenCall({
        what: 'requesting the GitHub OIDC token',
        url: target.toString(),
        method: 'GET',
        headers: { Authorization: `Bearer ${bearer}` },
        signal,
    });
    const token = field(data, 'value', 'requesting the GitHub OIDC token');
    secret(token);
    return token;
}

;// CONCATENATED MODULE: ./src/dns/auth/token-cache.ts
/** Tokens are renewed this long before their stated expiry (clock skew, slow calls). */
const MARGIN_MS = 120_000;
function tokenCache(fetchToken, now = Date.now) {
    let current;
    return async (signal) => {
        if (current) {
            const held = await current.catch(() => undefined);
            if (held && held.expiresAt - MARGIN_MS > now())
                return held.value;
        }
        const next = fetchToken(signal);
        current = next;
        next.catch(() => {
            if (current === next)
                current = undefined;
        });
        return (await next).value;
    };
}

;// CONCATENATED MODULE: ./src/dns/auth/azure.ts
/**
 * A Microsoft Entra ID token for Azure Resource Manager, by the OAuth client-credentials grant
 * (v2.0 endpoint), with the credential Azure's own libraries look for, in this order:
 * - a client secret (`client-secret`, or AZURE_CLIENT_SECRET);
 * - a federated token in a file (AZURE_FEDERATED_TOKEN_FILE: AKS workload identity), read on
 *   every request because the file is rotated;
 * - the GitHub Actions OIDC token with the audience `api://AzureADTokenExchange`: the federated
 *   credential azure/login uses, so the app registration set up for it works unchanged.
 * The federated token is sent as a client assertion (RFC 7523); Entra checks it against the
 * app's federated identity credentials (issuer, subject, audience).
 */




const AZURE_OIDC_AUDIENCE = 'api://AzureADTokenExchange';
const AZURE_AUTHORITY = 'https://login.microsoftonline.com';
/** Which credential a configuration will use; throws with what to set when there is none. */
function azureCredentialKind(opts) {
    if (opts.clientSecret)
        return 'client-secret';
    if (opts.env.AZURE_FEDERATED_TOKEN_FILE)
        return 'federated-token-file';
    if (hasGithubOidc(opts.env))
        return 'github-oidc';
    throw new AuthError('no Azure credential: no client-secret, no AZURE_FEDERATED_TOKEN_FILE, and no GitHub OIDC token', 'in GitHub Actions give the job `permissions: id-token: write` and add a federated credential for this repository to the app registration (as for azure/login); elsewhere set client-secret');
}
function azureToken(opts) {
    if (!/^[A-Za-z0-9.-]+$/.test(opts.tenantId))
        throw new AuthError(`tenant-id "${opts.tenantId}" is not a tenant id or domain`);
    const url = checkCredentialUrl(opts.tokenUrl ?? `${AZURE_AUTHORITY}/${opts.tenantId}/oauth2/v2.0/token`, 'token-url').toString();
    if (opts.clientSecret)
        opts.secret(opts.clientSecret);
    const kind = azureCredentialKind(opts);
    const credential = async (signal) => {
        if (kind === 'client-secret')
            return { client_secret: opts.clientSecret };
        let assertion;
        if (kind === 'federated-token-file') {
            const file = opts.env.AZURE_FEDERATED_TOKEN_FILE;
            assertion = (await (0,promises_.readFile)(file, 'utf8').catch((e) => {
                throw new AuthError(`AZURE_FEDERATED_TOKEN_FILE ${file} cannot be read (${e.code})`);
            })).trim();
            opts.secret(assertion);
        }
        else {
            assertion = await githubIdToken(opts.env, AZURE_OIDC_AUDIENCE, opts.secret, signal);
        }
        return {
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
        };
    };
    const fetchToken = async (signal) => {
        const answer = await tokenCall({
            what: `signing in to Entra ID as app ${opts.clientId} (${kind})`,
            url,
            form: {
                client_id: opts.clientId,
                scope: opts.scope,
                grant_type: 'client_credentials',
                ...(await credential(signal)),
            },
            signal,
            refusedHint: kind === 'client-secret'
                ? 'check tenant-id, client-id and that the client secret has not expired'
                : "check tenant-id and client-id, and that the app registration has a federated credential whose issuer, subject (e.g. repo:owner/name:environment:prod) and audience match this job's token",
        });
        const value = field(answer, 'access_token', 'the Entra ID token endpoint');
        opts.secret(value);
        return { value, expiresAt: expiresAt(answer) };
    };
    return tokenCache(fetchToken);
}

;// CONCATENATED MODULE: ./src/dns/zone-search.ts
/**
 * Finding the zone of a record through a DNS host's API, the parts every API provider shares:
 * the names to try from the record upwards, the record's name relative to its zone, and a cache
 * of lookups that forgets failures (a refused token must not stick for the rest of the run).
 */
/** `_acme-challenge.www.example.com` -> itself, `www.example.com`, `example.com` (never the TLD). */
function nameCandidates(fqdn) {
    const labels = fqdn.toLowerCase().replace(/\.$/, '').split('.');
    const out = [];
    for (let i = 0; i < labels.length - 1; i++)
        out.push(labels.slice(i).join('.'));
    return out;
}
/** The record's name inside `zone`; `apex` (`@` or '') when it is the zone itself. */
function relativeName(fqdn, zone, apex = '@') {
    const name = fqdn.toLowerCase().replace(/\.$/, '');
    return name === zone ? apex : name.slice(0, -(zone.length + 1));
}
/** One lookup per key at a time and for the run; a failed lookup is tried again next time. */
function memo() {
    const cache = new Map();
    return (key, find) => {
        let found = cache.get(key);
        if (!found) {
            found = find();
            cache.set(key, found);
            found.catch(() => cache.delete(key));
        }
        return found;
    };
}

;// CONCATENATED MODULE: ./src/dns/providers/azure.ts
/**
 * azure: Azure DNS through Azure Resource Manager (Microsoft.Network, api-version 2018-05-01),
 * signed in with Entra ID (dns/auth/azure.ts): the federated credential azure/login uses (GitHub
 * OIDC), a workload-identity token file, or a client secret. A TXT record set holds every value
 * of a name and is written whole, so each write carries the ETag of the set it read (If-Match,
 * or If-None-Match: * for a new one); when another writer got there first (412) we read again.
 * The zone is the one of the subscription (or `resource-group`) whose name is the longest suffix
 * of the record's name.
 */









const azure_fields = (f) => ({
    'tenant-id': schemas/* string */.YjP().optional().describe('Entra ID tenant (directory) id (default: AZURE_TENANT_ID)'),
    'client-id': schemas/* string */.YjP()
        .optional()
        .describe('application (client) id of the app registration or managed identity (default: AZURE_CLIENT_ID)'),
    'subscription-id': schemas/* string */.YjP()
        .optional()
        .describe('subscription that holds the DNS zone (default: AZURE_SUBSCRIPTION_ID)'),
    'client-secret': f
        .secret('client-secret', 'client secret of the app registration (default: AZURE_CLIENT_SECRET, else a federated credential: AZURE_FEDERATED_TOKEN_FILE or the GitHub OIDC token)')
        .optional(),
    'resource-group': schemas/* string */.YjP()
        .optional()
        .describe('resource group of the zone (default: every zone of the subscription is considered)'),
    'api-url': f
        .url()
        .default('https://management.azure.com')
        .describe('Azure Resource Manager root (another cloud: https://management.usgovcloudapi.net); tokens are asked for its /.default scope'),
    'token-url': f
        .url()
        .optional()
        .describe('Entra ID token endpoint (default: https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token)'),
    'insecure-http': f.insecureHttp(),
});
const API_VERSION = '2018-05-01';
const CONFLICT_RETRIES = 5;
function azure_create(name, settings, deps) {
    const common = commonFields(name, settings);
    const who = { type: settings.type, name };
    const env = deps.env ?? process.env;
    // Secrets are registered with the run's logger as they are read; error text passes its mask.
    const fail = (message, hint) => new provider/* DnsProviderError */.Rk(who, deps.log.redact(message), hint && deps.log.redact(hint));
    const need = (field, variable) => {
        const v = settings[field] ?? env[variable];
        if (!v)
            throw fail(`${field} is not set and ${variable} is empty`, `set ${field} (as for azure/login)`);
        return v;
    };
    const apiUrl = new URL(settings['api-url']);
    const base = apiUrl.origin + apiUrl.pathname.replace(/\/+$/, '');
    const lock = new provider/* KeyedLock */.sk();
    let token;
    let zoneList;
    const bearer = async (signal) => {
        try {
            token ??= azureToken({
                tenantId: need('tenant-id', 'AZURE_TENANT_ID'),
                clientId: need('client-id', 'AZURE_CLIENT_ID'),
                clientSecret: settings['client-secret'] ?? env.AZURE_CLIENT_SECRET,
                tokenUrl: settings['token-url'],
                scope: `${apiUrl.origin}/.default`,
                env,
                secret: (v) => deps.log.secret(v),
            });
            return await token(signal);
        }
        catch (error) {
            if (error instanceof provider/* DnsProviderError */.Rk)
                throw error;
            throw error instanceof AuthError ? fail(error.message, error.hint) : fail((0,errors/* errorMessage */.g)(error));
        }
    };
    let client;
    const api = async (signal) => {
        const auth = await bearer(signal);
        if (client?.token !== auth) {
            client = {
                token: auth,
                http: httpClient({
                    who,
                    baseUrl: base,
                    headers: { Authorization: `Bearer ${auth}` },
                    secrets: [auth],
                    describe: (body) => {
                        const e = body?.error;
                        return e ? `${e.code}: ${e.message}` : undefined;
                    },
                    hint: (status) => status === 401
                        ? 'the token was refused: check tenant-id and that api-url is the cloud the app lives in'
                        : status === 403
                            ? 'the app may not change this zone: give it the "DNS Zone Contributor" role on the zone or its resource group'
                            : status === 404
                                ? 'check subscription-id and resource-group'
                                : status === 0
                                    ? 'check api-url'
                                    : undefined,
                }),
            };
        }
        return client.http;
    };
    /**
     * One ARM call. `path` is under api-url; a nextLink must be on api-url's origin, or the token
     * would go wherever a hostile answer points. Undefined data for a status in `quiet`.
     */
    const call = async (req, quiet = []) => {
        try {
            return { status: 200, data: await (await api(req.signal)).json(req) };
        }
        catch (error) {
            if (error instanceof HttpError && quiet.includes(error.status))
                return { status: error.status };
            throw error;
        }
    };
    const onApi = (link) => {
        const url = new URL(link, `${base}/`);
        if (url.origin !== apiUrl.origin || !url.pathname.startsWith(apiUrl.pathname.replace(/\/+$/, '')))
            throw fail(`refusing to follow the nextLink to ${url.origin}: not under api-url (the token would go there)`);
        return `${url.pathname.slice(apiUrl.pathname.replace(/\/+$/, '').length)}${url.search}`;
    };
    const zones = (signal) => {
        zoneList ??= (async () => {
            const sub = encodeURIComponent(need('subscription-id', 'AZURE_SUBSCRIPTION_ID'));
            const rg = settings['resource-group'];
            let next = rg
                ? `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/providers/Microsoft.Network/dnsZones?api-version=${API_VERSION}`
                : `/subscriptions/${sub}/providers/Microsoft.Network/dnszones?api-version=${API_VERSION}`;
            const out = [];
            for (let page = 0; next && page < 100; page++) {
                const { data } = await call({
                    method: 'GET',
                    path: next,
                    signal,
                });
                out.push(...(data?.value ?? []).filter((z) => (z.properties?.zoneType ?? 'Public') === 'Public'));
                next = data?.nextLink ? onApi(data.nextLink) : undefined;
            }
            return out;
        })().catch((error) => {
            zoneList = undefined;
            throw error;
        });
        return zoneList;
    };
    const zoneOf = async (fqdn, signal) => {
        const list = await zones(signal);
        const best = (0,provider/* zoneFor */.wy)(fqdn, list.map((z) => z.name));
        const zone = list.find((z) => z.name.toLowerCase() === best);
        if (!zone || !best) {
            const where = settings['resource-group']
                ? `resource group ${settings['resource-group']}`
                : 'the subscription';
            throw fail(`no public DNS zone in ${where} contains ${fqdn}`, 'check subscription-id and resource-group, and the role assignment');
        }
        return { zone, relative: relativeName(fqdn, best) };
    };
    const modify = async (fqdn, value, ttl, add, signal) => {
        const { zone, relative } = await zoneOf(fqdn, signal);
        // The zone's id is its ARM path (with its resource group); the record set hangs under it.
        if (!/^\/subscriptions\/[^/?#]+\/resourceGroups\/[^/?#]+\/providers\/Microsoft\.Network\/dnszones\/[^/?#]+$/i.test(zone.id))
            throw fail(`zone ${zone.name} has an id that is not a DNS zone's ARM path: ${zone.id}`);
        const path = `${zone.id.replace(/\/dnszones\//i, '/dnsZones/')}/TXT/${encodeURIComponent(relative)}?api-version=${API_VERSION}`;
        await lock.run(`${zone.id}|${fqdn}`, async () => {
            for (let attempt = 1;; attempt++) {
                const got = await call({ method: 'GET', path, signal }, [404]);
                const set = got.data;
                const had = (set?.properties?.TXTRecords ?? []).map((r) => r.value ?? []);
                const others = had.filter((v) => v.join('') !== value);
                if (add ? others.length < had.length : others.length === had.length)
                    return;
                const records = add ? [...others, [value]] : others;
                const quiet = attempt < CONFLICT_RETRIES ? [412] : [];
                const condition = set?.etag
                    ? { 'If-Match': set.etag }
                    : { 'If-None-Match': '*' };
                const out = records.length === 0
                    ? await call({ method: 'DELETE', path, headers: condition, signal }, quiet)
                    : await call({
                        method: 'PUT',
                        path,
                        headers: condition,
                        body: {
                            properties: {
                                TTL: set?.properties?.TTL ?? ttl,
                                TXTRecords: records.map((v) => ({ value: v })),
                            },
                        },
                        signal,
                    }, quiet);
                if (out.status !== 412)
                    return;
            }
        });
    };
    return {
        ...common,
        present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
        cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
    };
}
const azure_DOCS = `certflow signs in to Entra ID with the OAuth client-credentials grant, using the first of:

- \`client-secret\` (or \`AZURE_CLIENT_SECRET\`);
- a workload-identity token file, \`AZURE_FEDERATED_TOKEN_FILE\` (AKS), read at each sign-in;
- the job's **GitHub OIDC token** (audience \`api://AzureADTokenExchange\`), sent as a federated
  client assertion. This is the federated credential \`azure/login\` uses: the same app registration
  and federated credential (issuer \`https://token.actions.githubusercontent.com\`, subject such as
  \`repo:owner/name:environment:production\`) work, with no stored secret. The job needs
  \`permissions: id-token: write\`; \`azure/login\` itself is not needed.

\`tenant-id\`, \`client-id\` and \`subscription-id\` default to \`AZURE_TENANT_ID\`, \`AZURE_CLIENT_ID\`
and \`AZURE_SUBSCRIPTION_ID\`. The app needs the **DNS Zone Contributor** role on the zone (or its
resource group). The zone is the one of the subscription (or \`resource-group\`) whose name is the
longest suffix of the record's name.

A TXT record set holds every value of a name and is written whole, so each write carries the ETag
of the set certflow read (\`If-Match\`, or \`If-None-Match: *\` for a new set). When someone else
changed the set in between (412), certflow reads it again, so their value is kept. The set is
deleted when certflow's value was its last.

\`\`\`yaml
dns:
  azure:
    type: azure
    tenant-id: \${AZURE_TENANT_ID}
    client-id: \${AZURE_CLIENT_ID}
    subscription-id: \${AZURE_SUBSCRIPTION_ID}
    resource-group: dns
\`\`\``;
const azure = (0,dns_define/* defineProvider */.Nj)({
    type: 'azure',
    about: 'Azure DNS through Resource Manager, signed in with a federated credential (GitHub OIDC) or a client secret',
    typeText: 'selects Azure DNS',
    fields: azure_fields,
    starter: {
        lines: [
            `tenant-id: 00000000-0000-0000-0000-000000000000  # ${dns_define/* CHANGE_ME */.E5}: Entra ID tenant id`,
            `client-id: 00000000-0000-0000-0000-000000000000  # ${dns_define/* CHANGE_ME */.E5}: app registration with a federated credential for this repository`,
            `subscription-id: 00000000-0000-0000-0000-000000000000  # ${dns_define/* CHANGE_ME */.E5}: subscription of the DNS zone`,
            '# the job needs `permissions: id-token: write` (no secret is stored)',
        ],
        secrets: [],
    },
    docs: { title: 'Azure DNS', text: azure_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
        { field: 'token-url', url: config['token-url'], insecureHttp: config['insecure-http'] },
    ],
    create: azure_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/cloudflare.ts
/**
 * cloudflare: the Cloudflare REST API v4 with an API token (Zone.DNS edit). Each TXT value is
 * its own record, so creating and deleting one never touches another. The zone is `zone-id`
 * or found with `GET /zones?name=` from the record's name upwards.
 */





const cloudflare_fields = (f) => ({
    'api-token': f.secret('api-token', 'Cloudflare API token with Zone > DNS > Edit on the zone'),
    'zone-id': schemas/* string */.YjP().optional().describe('zone id (default: looked up by name from the record upwards)'),
    'api-url': f
        .url()
        .default('https://api.cloudflare.com/client/v4')
        .describe('Cloudflare API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
/** Cloudflare's own words: its error list, "message (code n)". */
const errorsOf = (body) => body?.errors
    ?.map((e) => `${e.message} (code ${e.code})`)
    .join('; ');
/** Cloudflare takes TTL 1 (automatic) or 120 seconds and more. */
const cloudflareTtl = (ttl) => (ttl <= 1 ? 1 : Math.max(120, ttl));
function cloudflare_create(name, config, deps) {
    const common = commonFields(name, config);
    const who = { type: config.type, name };
    const api = bearerClient({
        who,
        baseUrl: config['api-url'],
        token: config['api-token'],
        log: deps.log,
        describe: errorsOf,
        refused: 'the token was refused: it needs Zone.DNS edit permission on this zone (check the secret mapped to api-token)',
    });
    const zoneIds = new Map();
    /** Record ids we created, by name and value: cleanup deletes exactly these. */
    const created = new Map();
    /** The envelope's result; an answer of 2xx with `success: false` is an error too. */
    const call = async (req) => {
        const answer = await api.request(req);
        let envelope;
        try {
            envelope = JSON.parse(answer.text);
        }
        catch {
            envelope = undefined;
        }
        if (!envelope?.success) {
            throw api.fail(answer.status, `${req.method} ${req.path} answered HTTP ${answer.status} without success: ${errorsOf(envelope) || 'no errors given'}`);
        }
        return envelope.result;
    };
    const zoneId = (fqdn, signal) => {
        if (config['zone-id'])
            return Promise.resolve(config['zone-id']);
        const labels = fqdn.split('.');
        const key = labels.slice(-2).join('.');
        // Cache by the record's own name: different names may sit in different zones.
        let found = zoneIds.get(fqdn);
        if (found)
            return found;
        found = (async () => {
            for (let i = 0; i < labels.length - 1; i++) {
                const candidate = labels.slice(i).join('.');
                const zones = await call({
                    method: 'GET',
                    path: `/zones?name=${encodeURIComponent(candidate)}`,
                    signal,
                });
                const zone = zones.find((z) => z.name.toLowerCase() === candidate);
                if (zone)
                    return zone.id;
            }
            throw new provider/* DnsProviderError */.Rk(who, `no zone of this account contains ${fqdn} (looked up to ${key})`, 'give the token access to the zone, or set zone-id');
        })();
        found.catch(() => zoneIds.delete(fqdn));
        zoneIds.set(fqdn, found);
        return found;
    };
    return {
        ...common,
        async present(record, signal) {
            const zone = await zoneId(record.fqdn, signal);
            const result = await call({
                method: 'POST',
                path: `/zones/${zone}/dns_records`,
                body: { type: 'TXT', name: record.fqdn, content: record.value, ttl: cloudflareTtl(record.ttl) },
                signal,
            });
            created.set(`${record.fqdn}|${record.value}`, result.id);
        },
        async cleanup(record, signal) {
            const zone = await zoneId(record.fqdn, signal);
            let id = created.get(`${record.fqdn}|${record.value}`);
            if (!id) {
                // Not created by this process (a rerun after a crash): find it by name and content.
                const q = `type=TXT&name=${encodeURIComponent(record.fqdn)}&content=${encodeURIComponent(record.value)}`;
                const found = await call({
                    method: 'GET',
                    path: `/zones/${zone}/dns_records?${q}`,
                    signal,
                });
                id = found.find((r) => r.content.replace(/^"|"$/g, '') === record.value)?.id;
                if (!id)
                    return;
            }
            await call({ method: 'DELETE', path: `/zones/${zone}/dns_records/${id}`, signal });
            created.delete(`${record.fqdn}|${record.value}`);
        },
    };
}
const cloudflare_DOCS = `Each value is its own record (\`POST /zones/{id}/dns_records\`); cleanup deletes the record by id.

\`\`\`yaml
dns:
  cf:
    type: cloudflare
    api-token: \${CLOUDFLARE_API_TOKEN}
\`\`\``;
const cloudflare = (0,dns_define/* defineProvider */.Nj)({
    type: 'cloudflare',
    about: 'the Cloudflare API v4; each value is a record of its own',
    typeText: 'selects the Cloudflare API',
    fields: cloudflare_fields,
    starter: {
        lines: [
            `api-token: ${(0,dns_define/* envRef */.rV)('CLOUDFLARE_API_TOKEN')}`,
            '# zone-id: 0123456789abcdef0123456789abcdef   # optional: skips the zone lookup',
        ],
        secrets: [{ name: 'CLOUDFLARE_API_TOKEN', what: 'Cloudflare API token with Zone.DNS edit on the zone' }],
    },
    docs: { title: 'Cloudflare API v4', text: cloudflare_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: cloudflare_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/desec.ts
/**
 * desec: deSEC's REST API (desec.io) with a token. deSEC keeps one RRset per name and type, so
 * a value is added by reading the set and writing it back with ours added, and removed the same
 * way, one change per name at a time (an empty set is deleted). The domain is the one deSEC says
 * owns the name (`GET /domains/?owns_qname=`).
 */





const desec_fields = (f) => ({
    token: f.secret('token', 'deSEC API token (may be limited to the domain)'),
    'api-url': f
        .url()
        .default('https://desec.io/api/v1')
        .describe('deSEC API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
function desec_create(name, config, deps) {
    const who = { type: config.type, name };
    deps.log.secret(config.token);
    const api = httpClient({
        who,
        baseUrl: config['api-url'],
        headers: { Authorization: `Token ${config.token}` },
        secrets: [config.token],
        // deSEC throttles writes per domain and says how long to wait; waiting is the right answer.
        maxWaitMs: 60_000,
        describe: (body) => {
            if (!body || typeof body !== 'object')
                return undefined;
            const b = body;
            if (typeof b.detail === 'string')
                return b.detail;
            return Object.entries(b)
                .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`)
                .join('; ');
        },
        hint: (status) => status === 401 || status === 403
            ? 'the token was refused: check the secret mapped to token (and its domain policy, if it has one)'
            : status === 0
                ? 'check api-url'
                : undefined,
    });
    const domains = memo();
    const lock = new provider/* KeyedLock */.sk();
    const domainOf = (fqdn, signal) => domains(fqdn, async () => {
        const found = await api.json({
            method: 'GET',
            path: `/domains/?owns_qname=${encodeURIComponent(fqdn)}`,
            signal,
        });
        const domain = found[0];
        if (!domain)
            throw new provider/* DnsProviderError */.Rk(who, `no domain of this account contains ${fqdn}`, 'add the domain to deSEC, or use a token of the account that has it');
        return { name: domain.name.toLowerCase(), minimum_ttl: domain.minimum_ttl };
    });
    /** The set's values and TTL; undefined when there is none. */
    const read = async (path, signal) => {
        try {
            return await api.json({ method: 'GET', path, signal });
        }
        catch (error) {
            if (error instanceof HttpError && error.status === 404)
                return undefined;
            throw error;
        }
    };
    const change = async (fqdn, value, add, ttl, signal) => {
        const domain = await domainOf(fqdn, signal);
        const subname = relativeName(fqdn, domain.name, '');
        const path = `/domains/${encodeURIComponent(domain.name)}/rrsets/${encodeURIComponent(subname || '@')}/TXT/`;
        await lock.run(fqdn, async () => {
            const current = await read(path, signal);
            const values = current?.records ?? [];
            const has = values.includes(quoteTxt(value));
            if (add === has)
                return;
            if (!current) {
                await api.json({
                    method: 'POST',
                    path: `/domains/${encodeURIComponent(domain.name)}/rrsets/`,
                    body: { subname, type: 'TXT', ttl: Math.max(domain.minimum_ttl, ttl), records: [quoteTxt(value)] },
                    signal,
                });
                return;
            }
            const records = add ? [...values, quoteTxt(value)] : values.filter((v) => v !== quoteTxt(value));
            // PATCH with the whole list: an empty list deletes the set.
            await api.request({ method: 'PATCH', path, body: { records }, signal });
        });
    };
    return {
        ...commonFields(name, config),
        present: (record, signal) => change(record.fqdn, record.value, true, record.ttl, signal),
        cleanup: (record, signal) => change(record.fqdn, record.value, false, record.ttl, signal),
    };
}
const desec_DOCS = `deSEC keeps one RRset per name and type: certflow reads the TXT set, writes it back with its value
added, and later writes it back without it (deleting the set when nothing is left), one change per
name at a time inside a run. deSEC's minimum TTL (3600 s on most domains) applies. deSEC throttles
writes; certflow waits as long as deSEC asks, up to a minute.

\`\`\`yaml
dns:
  desec:
    type: desec
    token: \${DESEC_TOKEN}
\`\`\``;
const desec = (0,dns_define/* defineProvider */.Nj)({
    type: 'desec',
    about: "deSEC's REST API; the TXT set is read, changed by our one value and written back",
    typeText: "selects deSEC's API",
    fields: desec_fields,
    starter: {
        lines: [`token: ${(0,dns_define/* envRef */.rV)('DESEC_TOKEN')}`],
        secrets: [{ name: 'DESEC_TOKEN', what: 'deSEC API token' }],
    },
    docs: { title: 'deSEC', text: desec_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: desec_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/digitalocean.ts
/**
 * digitalocean: DigitalOcean's Domains API (v2) with a personal access token. Each TXT value is a
 * record of its own, so creating and deleting one never touches another. The domain is found with
 * `GET /domains/{name}` from the record's name upwards.
 */





const digitalocean_fields = (f) => ({
    token: f.secret('token', 'DigitalOcean personal access token with the domain read and update scopes'),
    'api-url': f
        .url()
        .default('https://api.digitalocean.com/v2')
        .describe('DigitalOcean API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
/** DigitalOcean refuses TTLs under 30 seconds. */
const MIN_TTL = 30;
const PER_PAGE = 200;
function digitalocean_create(name, config, deps) {
    const who = { type: config.type, name };
    const api = bearerClient({
        who,
        baseUrl: config['api-url'],
        token: config.token,
        log: deps.log,
        describe: (body) => body?.message,
        refused: 'the token was refused: it needs the domain read and update scopes (check the secret mapped to token)',
    });
    const zones = memo();
    const created = new Map();
    const zoneOf = (fqdn, signal) => zones(fqdn, async () => {
        for (const candidate of nameCandidates(fqdn)) {
            try {
                await api.json({ method: 'GET', path: `/domains/${encodeURIComponent(candidate)}`, signal });
                return candidate;
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
        }
        throw new provider/* DnsProviderError */.Rk(who, `no domain of this account contains ${fqdn}`, 'add the domain to DigitalOcean DNS, or use a token of the account that has it');
    });
    /** Our value's record, found by name and content (a rerun after a crash has no id). */
    const findRecord = async (zone, fqdn, value, signal) => {
        const q = `type=TXT&name=${encodeURIComponent(fqdn)}&per_page=${PER_PAGE}`;
        for (let page = 1;; page++) {
            const body = await api.json({
                method: 'GET',
                path: `/domains/${encodeURIComponent(zone)}/records?${q}&page=${page}`,
                signal,
            });
            const hit = body.domain_records.find((r) => r.type === 'TXT' && r.data.replace(/^"|"$/g, '') === value);
            if (hit)
                return hit.id;
            // The next page is counted here, not taken from the link: its URL is the server's to choose.
            if (!body.links?.pages?.next || page >= 1000)
                return undefined;
        }
    };
    return {
        ...commonFields(name, config),
        async present(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            const body = await api.json({
                method: 'POST',
                path: `/domains/${encodeURIComponent(zone)}/records`,
                body: {
                    type: 'TXT',
                    name: relativeName(record.fqdn, zone),
                    data: record.value,
                    ttl: Math.max(MIN_TTL, record.ttl),
                },
                signal,
            });
            created.set(`${record.fqdn}|${record.value}`, body.domain_record.id);
        },
        async cleanup(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            const key = `${record.fqdn}|${record.value}`;
            const id = created.get(key) ?? (await findRecord(zone, record.fqdn, record.value, signal));
            if (id === undefined)
                return;
            try {
                await api.request({
                    method: 'DELETE',
                    path: `/domains/${encodeURIComponent(zone)}/records/${id}`,
                    signal,
                });
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
            created.delete(key);
        },
    };
}
const digitalocean_DOCS = `Each value is its own record (\`POST /domains/{domain}/records\`); cleanup deletes that record by
id, or finds it by name and value after a crash. The domain is looked up from the record's name
upwards. Create the token under API > Tokens with the \`domain:read\` and \`domain:update\` scopes
(custom scopes), or full write access.

\`\`\`yaml
dns:
  do:
    type: digitalocean
    token: \${DIGITALOCEAN_TOKEN}
\`\`\``;
const digitalocean = (0,dns_define/* defineProvider */.Nj)({
    type: 'digitalocean',
    about: "DigitalOcean's Domains API; each value is a record of its own",
    typeText: "selects DigitalOcean's Domains API",
    fields: digitalocean_fields,
    starter: {
        lines: [`token: ${(0,dns_define/* envRef */.rV)('DIGITALOCEAN_TOKEN')}`],
        secrets: [
            {
                name: 'DIGITALOCEAN_TOKEN',
                what: 'DigitalOcean personal access token with the domain:read and domain:update scopes',
            },
        ],
    },
    docs: { title: 'DigitalOcean Domains API', text: digitalocean_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: digitalocean_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/dnsimple.ts
/**
 * dnsimple: DNSimple's API v2 with an account access token. Each TXT value is a record of its
 * own, so creating and deleting one never touches another. The account is `account-id` or the
 * token's own (`GET /whoami`); the zone is found with `GET /{account}/zones/{name}` from the
 * record's name upwards.
 */






const dnsimple_fields = (f) => ({
    token: f.secret('token', 'DNSimple account access token'),
    'account-id': schemas/* string */.YjP()
        .regex(/^\d+$/, 'the account id is a number')
        .optional()
        .describe("account id (default: the token's account; needed for a user token)"),
    'api-url': f
        .url()
        .default('https://api.dnsimple.com/v2')
        .describe('DNSimple API root; https://api.sandbox.dnsimple.com/v2 for the sandbox'),
    'insecure-http': f.insecureHttp(),
});
const dnsimple_PER_PAGE = 100;
function dnsimple_create(name, config, deps) {
    const who = { type: config.type, name };
    const api = bearerClient({
        who,
        baseUrl: config['api-url'],
        token: config.token,
        log: deps.log,
        describe: (body) => body?.message,
        refused: 'the token was refused: check the secret mapped to token (an account token of the account that has the zone)',
    });
    const accounts = memo();
    const zones = memo();
    const created = new Map();
    const accountOf = (signal) => accounts('me', async () => {
        if (config['account-id'])
            return config['account-id'];
        const { data } = await api.json({
            method: 'GET',
            path: '/whoami',
            signal,
        });
        if (!data.account)
            throw new provider/* DnsProviderError */.Rk(who, 'this is a user token: it names no account', 'set account-id, or use an account access token');
        return String(data.account.id);
    });
    const zoneOf = (account, fqdn, signal) => zones(fqdn, async () => {
        for (const candidate of nameCandidates(fqdn)) {
            try {
                await api.json({
                    method: 'GET',
                    path: `/${account}/zones/${encodeURIComponent(candidate)}`,
                    signal,
                });
                return candidate;
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
        }
        throw new provider/* DnsProviderError */.Rk(who, `no zone of account ${account} contains ${fqdn}`, 'add the zone in DNSimple, or set account-id to the account that has it');
    });
    return {
        ...commonFields(name, config),
        async present(record, signal) {
            const account = await accountOf(signal);
            const zone = await zoneOf(account, record.fqdn, signal);
            const { data } = await api.json({
                method: 'POST',
                path: `/${account}/zones/${encodeURIComponent(zone)}/records`,
                body: {
                    name: relativeName(record.fqdn, zone, ''),
                    type: 'TXT',
                    content: record.value,
                    ttl: record.ttl,
                },
                signal,
            });
            created.set(`${record.fqdn}|${record.value}`, { account, zone, id: data.id });
        },
        async cleanup(record, signal) {
            const key = `${record.fqdn}|${record.value}`;
            let mine = created.get(key);
            if (!mine) {
                // Not created by this process (a rerun after a crash): find it by name and value.
                const account = await accountOf(signal);
                const zone = await zoneOf(account, record.fqdn, signal);
                const q = `name=${encodeURIComponent(relativeName(record.fqdn, zone, ''))}&type=TXT&per_page=${dnsimple_PER_PAGE}`;
                for (let page = 1; page <= 100 && !mine; page++) {
                    const body = await api.json({
                        method: 'GET',
                        path: `/${account}/zones/${encodeURIComponent(zone)}/records?${q}&page=${page}`,
                        signal,
                    });
                    const hit = body.data.find((r) => r.type === 'TXT' && r.content.replace(/^"|"$/g, '') === record.value);
                    if (hit)
                        mine = { account, zone, id: hit.id };
                    if (page >= body.pagination.total_pages)
                        break;
                }
                if (!mine)
                    return;
            }
            try {
                await api.request({
                    method: 'DELETE',
                    path: `/${mine.account}/zones/${encodeURIComponent(mine.zone)}/records/${mine.id}`,
                    signal,
                });
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
            created.delete(key);
        },
    };
}
const dnsimple_DOCS = `Each value is its own record (\`POST /{account}/zones/{zone}/records\`); cleanup deletes that
record by id, or finds it by name and value after a crash. The account is the token's own (an
account access token, from Account > Access tokens); with a user token, set \`account-id\`.

\`\`\`yaml
dns:
  dnsimple:
    type: dnsimple
    token: \${DNSIMPLE_TOKEN}
\`\`\``;
const dnsimple = (0,dns_define/* defineProvider */.Nj)({
    type: 'dnsimple',
    about: "DNSimple's API v2; each value is a record of its own",
    typeText: "selects DNSimple's API",
    fields: dnsimple_fields,
    starter: {
        lines: [`token: ${(0,dns_define/* envRef */.rV)('DNSIMPLE_TOKEN')}`, '# account-id: "1234"   # only for a user token'],
        secrets: [{ name: 'DNSIMPLE_TOKEN', what: 'DNSimple account access token' }],
    },
    docs: { title: 'DNSimple API v2', text: dnsimple_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: dnsimple_create,
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/util/child-env.ts
var child_env = __webpack_require__(94132);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/dns/command.ts
/**
 * Runs a program for a DNS provider that drives another tool (exec, lexicon): no shell, a minimal
 * environment chosen by the caller (util/child-env.ts), a time limit, and its output kept short
 * for the error. A failure is a DnsProviderError naming the provider and what was run.
 */


/** Longest tail of the output kept for an error message. */
const TAIL = 2000;
/** Longest stdout kept for the caller (a listing of records). */
const MAX_STDOUT = 1024 * 1024;
/** Resolves with the program's stdout when it exits 0. */
function runCommand(run) {
    const mask = run.mask ?? ((t) => t);
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(run.file, run.args, {
            cwd: run.cwd,
            env: run.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: run.timeoutMs,
            signal: run.signal,
        });
        let output = '';
        let stdout = '';
        const keep = (chunk) => {
            output = (output + chunk.toString('utf8')).slice(-TAIL);
        };
        child.stdout.on('data', (chunk) => {
            if (stdout.length < MAX_STDOUT)
                stdout += chunk.toString('utf8');
            keep(chunk);
        });
        child.stderr.on('data', keep);
        child.on('error', (error) => reject(new provider/* DnsProviderError */.Rk(run.who, mask(`cannot run ${run.file}: ${error.message}`), run.missingHint)));
        child.on('close', (code, sig) => {
            if (code === 0)
                return resolve(stdout);
            const how = sig
                ? `was stopped by ${sig}${sig === 'SIGTERM' ? ' (timeout?)' : ''}`
                : `exited with ${code}`;
            const said = output.trim();
            reject(new provider/* DnsProviderError */.Rk(run.who, mask(`\`${run.display}\` ${how}${said ? `: ${said}` : ''}`)));
        });
    });
}

;// CONCATENATED MODULE: ./src/dns/providers/exec.ts
/**
 * exec: runs `<command> present|cleanup <record name> <value>` for any DNS host we have no
 * provider for (the lego "exec" convention, without the trailing dot). Exit 0 means done. The
 * command runs without a shell, in the repository root, with a timeout.
 */








const exec_fields = (f) => ({
    command: schemas/* string */.YjP()
        .min(1)
        .describe('run as `<command> present|cleanup <record name> <value>` (no shell; relative to the repository root); exit 0 on success; cleanup removes only that value'),
    timeout: f.duration('timeout').default('60s').describe('the command is stopped after this long'),
    env: f
        .envNames()
        .describe('names of variables the script gets from the job (it gets only PATH, HOME and these: list its own credential here)'),
});
/** Splits a command line on spaces, honouring simple single and double quotes. */
function splitCommand(command) {
    const out = [];
    const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
    for (let m = re.exec(command); m; m = re.exec(command))
        out.push(m[1] ?? m[2] ?? m[3] ?? '');
    return out;
}
function exec_create(name, config, deps) {
    const common = commonFields(name, config);
    const who = { type: config.type, name };
    const [program, ...fixedArgs] = splitCommand(config.command);
    if (!program)
        throw new provider/* DnsProviderError */.Rk(who, 'command is empty');
    const timeoutMs = (0,duration/* durationMs */.pc)(config.timeout);
    // A relative program path is relative to the repository, like every other path in certflow.yml.
    const file = program.includes('/') && !external_node_path_default().isAbsolute(program) ? external_node_path_default().join(deps.workspace, program) : program;
    // Not the job's environment: the script gets PATH, HOME and what its `env:` lists.
    const parent = deps.env ?? { PATH: process.env.PATH };
    const env = (0,child_env/* childEnvironment */.Qc)(parent, config.env ?? []);
    for (const value of (0,child_env/* listedValues */.uz)(parent, config.env ?? []))
        deps.log.secret(value);
    const run = async (action, fqdn, value, signal) => {
        await runCommand({
            who,
            file,
            args: [...fixedArgs, action, fqdn, value],
            display: `${config.command} ${action} ${fqdn} ...`,
            missingHint: 'check command: the program must exist and be executable',
            cwd: deps.workspace,
            env,
            timeoutMs,
            signal,
        });
    };
    return {
        ...common,
        present: (record, signal) => run('present', record.fqdn, record.value, signal),
        cleanup: (record, signal) => run('cleanup', record.fqdn, record.value, signal),
    };
}
const exec_DOCS = `\`cleanup\` must remove only that value. certflow checks propagation itself afterwards, so the
script may return as soon as the change is accepted. The script gets \`PATH\`, \`HOME\` and the names
listed in \`env\`; nothing else of the job's environment (its SSH key, TSIG secret, token) reaches it.

\`\`\`yaml
dns:
  hook:
    type: exec
    command: scripts/dns-hook.sh
    resolvers: [192.0.2.53]
\`\`\`

\`\`\`sh
#!/bin/sh
# scripts/dns-hook.sh present|cleanup <name> <value>
case "$1" in
  present) op="update add $2. 60 TXT \\"$3\\"" ;;
  cleanup) op="update delete $2. TXT \\"$3\\"" ;;
esac
printf 'server 192.0.2.53\\n%s\\nsend\\n' "$op" | nsupdate -k /etc/certflow/tsig.key
\`\`\``;
const exec = (0,dns_define/* defineProvider */.Nj)({
    type: 'exec',
    about: 'any other DNS host, through a script of yours that writes and removes the record',
    typeText: 'selects a script of yours',
    fields: exec_fields,
    starter: {
        lines: [
            `command: ./.github/certflow-dns-hook.sh  # ${dns_define/* CHANGE_ME */.E5}: run as <command> present|cleanup <record name> <value>`,
            'timeout: 60s',
        ],
        secrets: [],
    },
    docs: { title: 'any other DNS host, through your script', text: exec_DOCS },
    create: exec_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/gandi.ts
/**
 * gandi: Gandi's LiveDNS API v5 with a personal access token. LiveDNS keeps one RRset per name and
 * type, so a value is added by reading the set and writing it back with ours added (PUT), and
 * removed the same way, one change per name at a time (the set is deleted when nothing is left).
 * The domain is found with `GET /domains/{name}` from the record's name upwards.
 */





const gandi_fields = (f) => ({
    token: f.secret('token', 'Gandi personal access token with the "Manage domain name technical configurations" permission'),
    'api-url': f
        .url()
        .default('https://api.gandi.net/v5/livedns')
        .describe('LiveDNS API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
/** LiveDNS refuses TTLs under 300 seconds. */
const gandi_MIN_TTL = 300;
function gandi_create(name, config, deps) {
    const who = { type: config.type, name };
    const api = bearerClient({
        who,
        baseUrl: config['api-url'],
        token: config.token,
        log: deps.log,
        describe: (body) => body?.message,
        refused: "the token was refused: it needs the permission to manage the domain's technical configuration (check the secret mapped to token)",
    });
    const domains = memo();
    const lock = new provider/* KeyedLock */.sk();
    const domainOf = (fqdn, signal) => domains(fqdn, async () => {
        for (const candidate of nameCandidates(fqdn)) {
            try {
                await api.json({ method: 'GET', path: `/domains/${encodeURIComponent(candidate)}`, signal });
                return candidate;
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
        }
        throw new provider/* DnsProviderError */.Rk(who, `no LiveDNS domain of this account contains ${fqdn}`, 'check that the domain uses LiveDNS and that the token may manage it');
    });
    const change = async (fqdn, value, add, ttl, signal) => {
        const domain = await domainOf(fqdn, signal);
        const path = `/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(relativeName(fqdn, domain))}/TXT`;
        await lock.run(fqdn, async () => {
            let current;
            try {
                current = await api.json({ method: 'GET', path, signal });
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
            const values = current?.rrset_values ?? [];
            if (add === values.includes(quoteTxt(value)))
                return;
            const next = add ? [...values, quoteTxt(value)] : values.filter((v) => v !== quoteTxt(value));
            if (next.length === 0) {
                await api.request({ method: 'DELETE', path, signal });
                return;
            }
            await api.request({
                method: 'PUT',
                path,
                body: { rrset_values: next, rrset_ttl: current?.rrset_ttl ?? Math.max(gandi_MIN_TTL, ttl) },
                signal,
            });
        });
    };
    return {
        ...commonFields(name, config),
        present: (record, signal) => change(record.fqdn, record.value, true, record.ttl, signal),
        cleanup: (record, signal) => change(record.fqdn, record.value, false, record.ttl, signal),
    };
}
const gandi_DOCS = `LiveDNS keeps one RRset per name and type: certflow reads the TXT set, writes it back with its
value added (PUT), and later writes it back without it (DELETE when nothing is left), one change per
name at a time inside a run. Create a personal access token in the Gandi admin under Organizations >
Personal Access Tokens, limited to the domain, with "Manage domain name technical configurations".
LiveDNS's smallest TTL is 300 seconds.

\`\`\`yaml
dns:
  gandi:
    type: gandi
    token: \${GANDI_PAT}
\`\`\``;
const gandi = (0,dns_define/* defineProvider */.Nj)({
    type: 'gandi',
    about: "Gandi's LiveDNS API v5; the TXT set is read, changed by our one value and written back",
    typeText: "selects Gandi's LiveDNS API",
    fields: gandi_fields,
    starter: {
        lines: [`token: ${(0,dns_define/* envRef */.rV)('GANDI_PAT')}`],
        secrets: [{ name: 'GANDI_PAT', what: 'Gandi personal access token allowed to manage the domain' }],
    },
    docs: { title: 'Gandi LiveDNS', text: gandi_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: gandi_create,
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/dns/auth/jwt.ts
/**
 * The few JSON Web Token pieces the cloud logins need: signing an RS256 assertion (a Google
 * service-account key) and reading a token's claims without verifying it (to know when a token
 * we were given expires; the issuer verifies it, not us).
 */

const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A compact JWS signed with RS256 by `privateKeyPem` (PKCS#8 or PKCS#1). */
function signRs256(claims, privateKeyPem, keyId) {
    const header = keyId ? { alg: 'RS256', typ: 'JWT', kid: keyId } : { alg: 'RS256', typ: 'JWT' };
    const input = `${part(header)}.${part(claims)}`;
    const key = (0,external_node_crypto_.createPrivateKey)(privateKeyPem);
    return `${input}.${(0,external_node_crypto_.sign)('sha256', Buffer.from(input), key).toString('base64url')}`;
}
/** The claims of a compact JWT, unverified; undefined when it is not one. */
function jwtClaims(token) {
    const middle = token.split('.')[1];
    if (!middle)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(middle, 'base64url').toString('utf8'));
        return claims && typeof claims === 'object' && !Array.isArray(claims)
            ? claims
            : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/dns/auth/google.ts
/**
 * Google Application Default Credentials, from the file GOOGLE_APPLICATION_CREDENTIALS names
 * (or gcloud's well-known file). Three kinds of file, as Google's auth libraries read them:
 * - `external_account`: workload identity federation, as google-github-actions/auth writes it.
 *   A subject token (the GitHub OIDC token, fetched from `credential_source.url`, or read from
 *   `credential_source.file`) is exchanged at Google's STS (RFC 8693), then, when the file names
 *   `service_account_impersonation_url`, for a service account's access token.
 * - `service_account`: a key file; an RS256 assertion is exchanged at `token_uri` (RFC 7523).
 * - `authorized_user`: `gcloud auth application-default login`; its refresh token is redeemed.
 * The metadata server (a VM's own identity) is not used: a runner outside Google Cloud has none,
 * and probing for it costs seconds on every run.
 */






const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const NO_CREDENTIALS_HINT = 'in GitHub Actions run google-github-actions/auth before certflow (it sets GOOGLE_APPLICATION_CREDENTIALS); elsewhere point GOOGLE_APPLICATION_CREDENTIALS at a credentials file or run `gcloud auth application-default login`';
/** The ADC file: GOOGLE_APPLICATION_CREDENTIALS, else gcloud's well-known file if it exists. */
async function findFile(env) {
    const named = env.GOOGLE_APPLICATION_CREDENTIALS;
    if (named) {
        const text = await (0,promises_.readFile)(named, 'utf8').catch((e) => {
            throw new AuthError(`GOOGLE_APPLICATION_CREDENTIALS names ${named}, which cannot be read (${e.code ?? e.message})`, NO_CREDENTIALS_HINT);
        });
        return { file: named, text };
    }
    const configDir = env.CLOUDSDK_CONFIG || external_node_path_default().join(env.HOME || (0,external_node_os_.homedir)(), '.config', 'gcloud');
    const wellKnown = external_node_path_default().join(configDir, 'application_default_credentials.json');
    const text = await (0,promises_.readFile)(wellKnown, 'utf8').catch(() => undefined);
    if (text === undefined) {
        throw new AuthError('no Google credentials: GOOGLE_APPLICATION_CREDENTIALS is not set and there is no gcloud application-default file', NO_CREDENTIALS_HINT);
    }
    return { file: wellKnown, text };
}
async function googleCredentials(opts) {
    const { file, text } = await findFile(opts.env);
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        throw new AuthError(`${file}: not JSON; expected a Google credentials file`);
    }
    if (!data || typeof data !== 'object')
        throw new AuthError(`${file}: expected a JSON object`);
    const str = (name, required = true) => {
        const v = data[name];
        if (typeof v === 'string' && v !== '')
            return v;
        if (required)
            throw new AuthError(`${file}: "${name}" is missing (type ${String(data.type)})`);
        return undefined;
    };
    const url = (name, fallback) => {
        const v = str(name, fallback === undefined) ?? fallback;
        return checkCredentialUrl(v, `${file}: ${name}`).toString();
    };
    const tokenOverride = opts.tokenUrl ? checkCredentialUrl(opts.tokenUrl, 'token-url').toString() : undefined;
    const project = str('project_id', false) ?? str('quota_project_id', false);
    switch (data.type) {
        case 'service_account': {
            const email = str('client_email');
            const key = str('private_key');
            opts.secret(key);
            const tokenUri = tokenOverride ?? url('token_uri', DEFAULT_TOKEN_URI);
            const fetchToken = async (signal) => {
                const now = Math.floor(Date.now() / 1000);
                let assertion;
                try {
                    assertion = signRs256({ iss: email, scope: GOOGLE_SCOPE, aud: tokenUri, iat: now, exp: now + 3600 }, key, str('private_key_id', false));
                }
                catch (error) {
                    throw new AuthError(`${file}: private_key cannot sign (${error.message})`);
                }
                const answer = await tokenCall({
                    what: `signing in as ${email}`,
                    url: tokenUri,
                    form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
                    signal,
                    refusedHint: 'the service-account key was refused: it may be disabled or deleted (create a new key)',
                });
                return issued(answer, 'access_token', opts.secret);
            };
            return { kind: 'service_account', file, project, token: tokenCache(fetchToken) };
        }
        case 'authorized_user': {
            const clientId = str('client_id');
            const clientSecret = str('client_secret');
            const refresh = str('refresh_token');
            opts.secret(clientSecret);
            opts.secret(refresh);
            const tokenUri = tokenOverride ?? url('token_uri', DEFAULT_TOKEN_URI);
            const fetchToken = async (signal) => {
                const answer = await tokenCall({
                    what: 'redeeming the gcloud application-default refresh token',
                    url: tokenUri,
                    form: {
                        grant_type: 'refresh_token',
                        client_id: clientId,
                        client_secret: clientSecret,
                        refresh_token: refresh,
                    },
                    signal,
                    refusedHint: 'run `gcloud auth application-default login` again',
                });
                return issued(answer, 'access_token', opts.secret);
            };
            return { kind: 'authorized_user', file, project, token: tokenCache(fetchToken) };
        }
        case 'external_account':
            return externalAccount(file, data, str, url, tokenOverride, project, opts);
        default:
            throw new AuthError(`${file}: credentials of type ${JSON.stringify(data.type)} are not supported; expected external_account (workload identity federation), service_account or authorized_user`);
    }
}
function externalAccount(file, data, str, url, tokenOverride, project, opts) {
    const audience = str('audience');
    const subjectType = str('subject_token_type');
    const stsUrl = tokenOverride ?? url('token_url', 'https://sts.googleapis.com/v1/token');
    const impersonate = str('service_account_impersonation_url', false)
        ? url('service_account_impersonation_url')
        : undefined;
    const source = data.credential_source;
    if (!source || typeof source !== 'object')
        throw new AuthError(`${file}: "credential_source" is missing (type external_account)`);
    const subject = subjectTokenSource(file, source, opts);
    const fetchToken = async (signal) => {
        const subjectToken = await subject(signal);
        const sts = await tokenCall({
            what: 'exchanging the subject token at Google STS',
            url: stsUrl,
            form: {
                grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
                audience,
                scope: GOOGLE_SCOPE,
                requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
                subject_token: subjectToken,
                subject_token_type: subjectType,
            },
            signal,
            refusedHint: "the workload identity provider refused the token: check the provider's attribute condition and that the audience in the credentials file matches it",
        });
        const federated = issued(sts, 'access_token', opts.secret);
        if (!impersonate)
            return federated;
        const answer = await tokenCall({
            what: 'impersonating the service account',
            url: impersonate,
            headers: { Authorization: `Bearer ${federated.value}` },
            json: { scope: [GOOGLE_SCOPE], lifetime: '3600s' },
            signal,
            refusedHint: 'the federated identity may not impersonate this service account: grant it roles/iam.workloadIdentityUser on the service account',
        });
        const token = field(answer, 'accessToken', 'impersonating the service account');
        opts.secret(token);
        const expires = Date.parse(String(answer.expireTime));
        return { value: token, expiresAt: Number.isFinite(expires) ? expires : Date.now() + 3600_000 };
    };
    return { kind: 'external_account', file, project, token: tokenCache(fetchToken) };
}
/** Where an external account's subject token comes from: a URL (GitHub's OIDC service) or a file. */
function subjectTokenSource(file, source, opts) {
    const format = (source.format ?? { type: 'text' });
    const pick = (raw, from) => {
        let token = raw.trim();
        if (format.type === 'json') {
            const name = String(format.subject_token_field_name ?? '');
            let parsed;
            try {
                parsed = JSON.parse(raw);
            }
            catch {
                throw new AuthError(`${from}: expected JSON with the subject token in "${name}"`);
            }
            const v = parsed?.[name];
            if (typeof v !== 'string' || !v)
                throw new AuthError(`${from}: no "${name}" field with the subject token`);
            token = v;
        }
        if (!token)
            throw new AuthError(`${from}: the subject token is empty`);
        opts.secret(token);
        return token;
    };
    if (typeof source.file === 'string') {
        const tokenFile = source.file;
        return async () => {
            const raw = await (0,promises_.readFile)(tokenFile, 'utf8').catch((e) => {
                throw new AuthError(`${file}: credential_source.file ${tokenFile} cannot be read (${e.code})`);
            });
            return pick(raw, `credential_source.file ${tokenFile}`);
        };
    }
    if (typeof source.url === 'string') {
        const target = checkCredentialUrl(source.url, `${file}: credential_source.url`).toString();
        const headers = (source.headers ?? {});
        for (const v of Object.values(headers))
            if (typeof v === 'string')
                opts.secret(v.replace(/^Bearer\s+/i, ''));
        return async (signal) => {
            const res = await fetch(target, { headers, signal, redirect: 'error' }).catch((e) => {
                throw new AuthError(`fetching the subject token (credential_source.url): ${e.message}`);
            });
            const raw = await res.text();
            if (!res.ok) {
                throw new AuthError(`fetching the subject token (credential_source.url): HTTP ${res.status}`, 'in GitHub Actions the job needs `permissions: id-token: write`, and google-github-actions/auth must run in the same job');
            }
            return pick(raw, 'credential_source.url');
        };
    }
    if (typeof source.environment_id === 'string' || source.executable) {
        throw new AuthError(`${file}: this credential_source (AWS or executable) is not supported; use a file or url source (google-github-actions/auth writes a url source)`);
    }
    throw new AuthError(`${file}: credential_source needs "file" or "url"`);
}
/** A token answer's `field` and expiry, registered as a secret. */
function issued(answer, name, secret) {
    const value = field(answer, name, 'the token endpoint');
    secret(value);
    return { value, expiresAt: expiresAt(answer) };
}

;// CONCATENATED MODULE: ./src/dns/providers/google.ts
/**
 * google: Google Cloud DNS (API v1) with Application Default Credentials (dns/auth/google.ts),
 * so google-github-actions/auth with workload identity federation needs no stored key. A TXT
 * RRset holds every value of a name and a change replaces it whole, so each change names the set
 * it read as its `deletions`: Cloud DNS applies it only if the set is still exactly that (else
 * 412), and we read again and retry. The zone is `managed-zone`, or the public managed zone
 * whose DNS name is the longest suffix of the record's name.
 */










const google_fields = (f) => ({
    project: schemas/* string */.YjP()
        .optional()
        .describe("project that holds the managed zone (default: the credentials' project, else GOOGLE_CLOUD_PROJECT as google-github-actions/auth sets it)"),
    'managed-zone': schemas/* string */.YjP()
        .optional()
        .describe('managed zone name (default: the public zone whose DNS name is the longest suffix of the record)'),
    'api-url': f
        .url()
        .default('https://dns.googleapis.com')
        .describe('Cloud DNS API root, without /dns/v1; change it only for tests or proxies'),
    'token-url': f
        .url()
        .optional()
        .describe("token endpoint replacing the credentials file's (token_uri, or token_url of workload identity federation); for tests or proxies"),
    'insecure-http': f.insecureHttp(),
});
/** A TXT rrdata as one string: Cloud DNS may hand back `"a" "b"` for a value split in parts. */
const unquote = (rrdata) => [...rrdata.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('') || rrdata;
/** Times a change is retried when another writer changed the set between our read and write. */
const google_CONFLICT_RETRIES = 5;
function google_create(name, settings, deps) {
    const common = commonFields(name, settings);
    const who = { type: settings.type, name };
    const env = deps.env ?? process.env;
    const lock = new provider/* KeyedLock */.sk();
    const zones = new Map();
    let creds;
    let client;
    // Secrets are registered with the run's logger as they are read; error text passes its mask.
    const fail = (message, hint) => new provider/* DnsProviderError */.Rk(who, deps.log.redact(message), hint && deps.log.redact(hint));
    const credentials = () => {
        creds ??= googleCredentials({
            env,
            tokenUrl: settings['token-url'],
            secret: (v) => deps.log.secret(v),
        }).catch((error) => {
            creds = undefined;
            throw error;
        });
        return creds;
    };
    const project = async () => {
        const p = settings.project ??
            (await credentials()).project ??
            env.GOOGLE_CLOUD_PROJECT ??
            env.GCLOUD_PROJECT ??
            env.CLOUDSDK_CORE_PROJECT;
        if (!p)
            throw fail('no project: the credentials name none', 'set project (the project that holds the managed zone), or project_id in google-github-actions/auth');
        return p;
    };
    /** One API call; the answer's JSON, or undefined for the statuses in `quiet`. */
    /** The API client for the current access token (a new one when the token was renewed). */
    const api = async (signal) => {
        let token;
        try {
            token = await (await credentials()).token(signal);
        }
        catch (error) {
            throw error instanceof AuthError ? fail(error.message, error.hint) : fail((0,errors/* errorMessage */.g)(error));
        }
        if (client?.token !== token) {
            client = {
                token,
                http: httpClient({
                    who,
                    baseUrl: `${settings['api-url'].replace(/\/+$/, '')}/dns/v1`,
                    headers: { Authorization: `Bearer ${token}` },
                    secrets: [token],
                    describe: (body) => body?.error?.message,
                    hint: (status) => status === 401
                        ? 'the access token was refused: check the credentials google-github-actions/auth set up'
                        : status === 403
                            ? 'the identity may not change this zone: grant it roles/dns.admin (or a role with dns.changes.create and dns.resourceRecordSets.*) on the project'
                            : status === 404
                                ? 'check project and managed-zone'
                                : status === 0
                                    ? 'check api-url'
                                    : undefined,
                }),
            };
        }
        return client.http;
    };
    /** One API call; undefined data for a status in `quiet` (a conflict the caller handles). */
    const call = async (req, quiet = []) => {
        try {
            const http = await api(req.signal);
            return { status: 200, data: await http.json(req) };
        }
        catch (error) {
            if (error instanceof HttpError && quiet.includes(error.status))
                return { status: error.status };
            throw error;
        }
    };
    const zoneOf = (fqdn, signal) => {
        if (settings['managed-zone'])
            return Promise.resolve(settings['managed-zone']);
        let found = zones.get(fqdn);
        if (found)
            return found;
        found = (async () => {
            const p = encodeURIComponent(await project());
            for (const candidate of nameCandidates(fqdn)) {
                const dnsName = `${candidate}.`;
                const { data } = await call({
                    method: 'GET',
                    path: `/projects/${p}/managedZones?dnsName=${encodeURIComponent(dnsName)}`,
                    signal,
                });
                const zone = data?.managedZones?.find((z) => z.dnsName.toLowerCase() === dnsName && (z.visibility ?? 'public') === 'public');
                if (zone)
                    return zone.name;
            }
            throw fail(`no public managed zone of project ${await project()} contains ${fqdn}`, 'set managed-zone, or check project');
        })();
        found.catch(() => zones.delete(fqdn));
        zones.set(fqdn, found);
        return found;
    };
    const waitDone = async (path, change, signal) => {
        const deadline = Date.now() + common.propagationTimeoutMs;
        let status = change.status;
        for (let delay = 250; status !== 'done'; delay = Math.min(delay * 2, 5000)) {
            if (Date.now() + delay > deadline)
                throw fail(`change ${change.id} still ${status} after the propagation timeout`);
            await (0,propagation/* sleep */.y)(delay, signal);
            status =
                (await call({ method: 'GET', path: `${path}/${encodeURIComponent(change.id)}`, signal })).data
                    ?.status ?? status;
        }
    };
    const modify = async (fqdn, value, ttl, add, signal) => {
        const zone = await zoneOf(fqdn, signal);
        const zonePath = `/projects/${encodeURIComponent(await project())}/managedZones/${encodeURIComponent(zone)}`;
        const name = `${fqdn}.`;
        await lock.run(`${zone}|${fqdn}`, async () => {
            for (let attempt = 1;; attempt++) {
                const { data } = await call({
                    method: 'GET',
                    path: `${zonePath}/rrsets?name=${encodeURIComponent(name)}&type=TXT`,
                    signal,
                });
                const existing = data?.rrsets?.find((s) => s.name.toLowerCase() === name && s.type === 'TXT');
                const had = existing?.rrdatas ?? [];
                const others = had.filter((r) => unquote(r) !== value);
                if (add ? others.length < had.length : others.length === had.length)
                    return; // nothing to do
                const rrdatas = add ? [...others, quoteTxt(value)] : others;
                const change = {
                    kind: 'dns#change',
                    ...(existing
                        ? {
                            deletions: [
                                {
                                    kind: 'dns#resourceRecordSet',
                                    name: existing.name,
                                    type: 'TXT',
                                    ttl: existing.ttl,
                                    rrdatas: had,
                                },
                            ],
                        }
                        : {}),
                    ...(rrdatas.length
                        ? {
                            additions: [
                                { kind: 'dns#resourceRecordSet', name, type: 'TXT', ttl: existing?.ttl ?? ttl, rrdatas },
                            ],
                        }
                        : {}),
                };
                const out = await call({ method: 'POST', path: `${zonePath}/changes`, body: change, signal }, attempt < google_CONFLICT_RETRIES ? [409, 412] : []);
                if (!out.data)
                    continue; // someone else changed the set since we read it: read again
                if (add)
                    await waitDone(`${zonePath}/changes`, out.data, signal);
                return;
            }
        });
    };
    return {
        ...common,
        present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
        cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
    };
}
const google_DOCS = `Credentials are Google's Application Default Credentials, read from the file
\`GOOGLE_APPLICATION_CREDENTIALS\` names (or gcloud's \`application_default_credentials.json\`):

- **workload identity federation** (\`external_account\`), as \`google-github-actions/auth\` writes it:
  no stored key. The job's GitHub OIDC token is exchanged at Google STS, then, when the file names a
  service account, for that account's token. The job needs \`permissions: id-token: write\`, and
  certflow must run in the same job, after the auth step.
- a **service-account key** file (\`service_account\`): an RS256 assertion signed with the key.
- **gcloud's user credentials** (\`authorized_user\`), for a laptop.

The metadata server of a Compute Engine VM is not used. The identity needs \`roles/dns.admin\`, or
\`dns.managedZones.list\`, \`dns.resourceRecordSets.list\`, \`dns.changes.create\` and \`dns.changes.get\`.

A TXT record set holds every value of a name and a change replaces it whole. Each change therefore
names the set it read as its deletions, and Cloud DNS applies it only if the set is still exactly
that (412 or 409 otherwise: certflow reads again and retries), so a value written by someone else
in between is kept. certflow waits for the change to be \`done\`.

\`\`\`yaml
# .github/workflows/renew.yml (the job)
permissions: { contents: write, id-token: write }
steps:
  - uses: google-github-actions/auth@v2
    with:
      workload_identity_provider: projects/123456789/locations/global/workloadIdentityPools/github/providers/certflow
      service_account: certflow-dns@my-project.iam.gserviceaccount.com
      project_id: my-project
  - uses: certflow/certflow@v1
    with: { command: renew }
\`\`\`

\`\`\`yaml
# certflow.yml
dns:
  gcp:
    type: google
    project: my-project
\`\`\``;
const google = (0,dns_define/* defineProvider */.Nj)({
    type: 'google',
    about: 'Google Cloud DNS with Application Default Credentials (workload identity federation, no stored key)',
    typeText: 'selects Google Cloud DNS',
    fields: google_fields,
    starter: {
        lines: [
            `project: my-project  # ${dns_define/* CHANGE_ME */.E5}: the project that holds the managed zone`,
            '# credentials: run google-github-actions/auth before certflow (workload identity federation)',
        ],
        secrets: [],
    },
    docs: { title: 'Google Cloud DNS', text: google_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
        { field: 'token-url', url: config['token-url'], insecureHttp: config['insecure-http'] },
    ],
    create: google_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/hetzner.ts
/**
 * hetzner: Hetzner DNS through the Hetzner Cloud API (api.hetzner.cloud/v1, which took over from
 * the old DNS Console API), with a project API token. A value is added to and removed from its
 * RRSet one by one (`add_records` / `remove_records` actions), so other values of the name are
 * never rewritten; each action is followed until it has succeeded. The zone is found with
 * `GET /zones?name=` from the record's name upwards.
 */






const hetzner_fields = (f) => ({
    token: f.secret('token', 'Hetzner Cloud API token (Read & Write) of the project that holds the zone'),
    'api-url': f
        .url()
        .default('https://api.hetzner.cloud/v1')
        .describe('Hetzner Cloud API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
/** Hetzner refuses RRSet TTLs under 60 seconds. */
const hetzner_MIN_TTL = 60;
/** How long an action may run before we give up on it. */
const ACTION_LIMIT_MS = 60_000;
function hetzner_create(name, config, deps) {
    const who = { type: config.type, name };
    const api = bearerClient({
        who,
        baseUrl: config['api-url'],
        token: config.token,
        log: deps.log,
        describe: (body) => {
            const e = body?.error;
            return e ? `${e.message} (${e.code})` : undefined;
        },
        refused: 'the token was refused: it needs Read & Write on the project that holds the zone (check the secret mapped to token)',
    });
    const zones = memo();
    // Several values of one name in flight: read and change one at a time, so "is ours there" holds.
    const lock = new provider/* KeyedLock */.sk();
    const zoneOf = (fqdn, signal) => zones(fqdn, async () => {
        for (const candidate of nameCandidates(fqdn)) {
            const { zones: found } = await api.json({
                method: 'GET',
                path: `/zones?name=${encodeURIComponent(candidate)}`,
                signal,
            });
            const zone = found.find((z) => z.name.toLowerCase() === candidate);
            if (zone)
                return { id: zone.id, name: candidate };
        }
        throw new provider/* DnsProviderError */.Rk(who, `no zone of this project contains ${fqdn}`, 'use a token of the project that holds the zone (zones moved from the DNS Console must be migrated to the Cloud Console first)');
    });
    const rrsetPath = (zone, fqdn) => `/zones/${zone.id}/rrsets/${encodeURIComponent(relativeName(fqdn, zone.name))}/TXT`;
    const values = async (path, signal) => {
        try {
            const { rrset } = await api.json({
                method: 'GET',
                path,
                signal,
            });
            return rrset.records.map((r) => r.value);
        }
        catch (error) {
            if (error instanceof HttpError && error.status === 404)
                return [];
            throw error;
        }
    };
    /** Waits until the action has run; an action that failed is an error. */
    const settle = async (action, what, signal) => {
        const deadline = Date.now() + ACTION_LIMIT_MS;
        let current = action;
        for (let wait = 250; current.status === 'running'; wait = Math.min(wait * 2, 2000)) {
            if (Date.now() > deadline)
                throw new provider/* DnsProviderError */.Rk(who, `${what}: action ${current.id} still running after 60s`);
            await (0,propagation/* sleep */.y)(wait, signal);
            current = (await api.json({ method: 'GET', path: `/zones/actions/${current.id}`, signal })).action;
        }
        if (current.status !== 'success')
            throw api.fail(200, `${what}: action ${current.id} failed: ${current.error?.message ?? current.status}`);
    };
    return {
        ...commonFields(name, config),
        async present(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            const path = rrsetPath(zone, record.fqdn);
            await lock.run(record.fqdn, async () => {
                if ((await values(path, signal)).includes(quoteTxt(record.value)))
                    return;
                const { action } = await api.json({
                    method: 'POST',
                    path: `${path}/actions/add_records`,
                    body: { ttl: Math.max(hetzner_MIN_TTL, record.ttl), records: [{ value: quoteTxt(record.value) }] },
                    signal,
                });
                await settle(action, `adding a value to ${record.fqdn}`, signal);
            });
        },
        async cleanup(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            const path = rrsetPath(zone, record.fqdn);
            await lock.run(record.fqdn, async () => {
                if (!(await values(path, signal)).includes(quoteTxt(record.value)))
                    return;
                const { action } = await api.json({
                    method: 'POST',
                    path: `${path}/actions/remove_records`,
                    body: { records: [{ value: quoteTxt(record.value) }] },
                    signal,
                });
                await settle(action, `removing a value from ${record.fqdn}`, signal);
            });
        },
    };
}
const hetzner_DOCS = `Hetzner DNS through the Hetzner Cloud API, which replaced the DNS Console API: zones still in
the DNS Console must be moved to a Cloud project first. A value is added to its RRSet with the
\`add_records\` action and removed with \`remove_records\`, so other values of the name (the apex
and the wildcard of one order, another tool's) are never rewritten; certflow waits for each
action to finish. Create the token in the Cloud Console under Security > API tokens, with Read &
Write.

\`\`\`yaml
dns:
  hetzner:
    type: hetzner
    token: \${HETZNER_TOKEN}
\`\`\``;
const hetzner = (0,dns_define/* defineProvider */.Nj)({
    type: 'hetzner',
    about: 'Hetzner DNS through the Hetzner Cloud API; values are added and removed one by one',
    typeText: 'selects Hetzner DNS (Hetzner Cloud API)',
    fields: hetzner_fields,
    starter: {
        lines: [`token: ${(0,dns_define/* envRef */.rV)('HETZNER_TOKEN')}`],
        secrets: [
            { name: 'HETZNER_TOKEN', what: 'Hetzner Cloud API token (Read & Write) of the project with the zone' },
        ],
    },
    docs: { title: 'Hetzner DNS (Cloud API)', text: hetzner_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: hetzner_create,
});

// EXTERNAL MODULE: ./src/dns/resolve.ts
var resolve = __webpack_require__(19111);
;// CONCATENATED MODULE: ./src/dns/providers/lexicon.ts
/**
 * lexicon: any of DNS-Lexicon's providers (about a hundred DNS hosts) through its CLI:
 * `lexicon --delegated <zone> <provider> create|list|delete <zone> TXT --name <record> ...`.
 * The credentials go to lexicon as its own LEXICON_<PROVIDER>_* variables, never on the command
 * line (where `ps` shows them); the program gets PATH, HOME and those variables only, like the
 * exec provider. certflow finds the zone itself (`zones`, or SOA through `resolvers`) and passes
 * it as `--delegated`, so a sub-zone works and lexicon's own guess from the public suffix list is
 * not relied on. Lexicon providers that change a record set read, merge and write it back, so
 * two values of one name are written one after the other, never at once.
 */










/** Lexicon's provider names are its module names: lower-case letters and digits. */
const PROVIDER_NAME = /^[a-z][a-z0-9]*$/;
/** The variables lexicon reads its settings from. */
const LEXICON_VARIABLE = /^LEXICON_[A-Z0-9_]+$/;
const lexicon_fields = (f) => ({
    provider: schemas/* string */.YjP()
        .regex(PROVIDER_NAME, {
        message: 'expected a lexicon provider name like gandi or ovh (`lexicon --help` lists them)',
    })
        .describe("lexicon's provider name, as `lexicon --help` lists it (gandi, ovh, namecheap, hetzner...)"),
    env: schemas/* record */.g1P(schemas/* string */.YjP()
        .regex(LEXICON_VARIABLE, { message: 'expected a lexicon variable like LEXICON_GANDI_AUTH_TOKEN' }), f.secret('env', 'value of the lexicon variable'))
        .default({})
        .describe("lexicon's settings as its variables, LEXICON_<PROVIDER>_<OPTION> (e.g. LEXICON_GANDI_AUTH_TOKEN), each a secret $" +
        '{NAME}; lexicon gets these, PATH and HOME, nothing else of the job'),
    timeout: f.duration('timeout').default('60s').describe('each lexicon call is stopped after this long'),
});
/** The lexicon program, looked up in PATH (`pip install dns-lexicon` or the Debian package). */
const PROGRAM = 'lexicon';
function lexicon_create(name, config, deps) {
    const common = commonFields(name, config);
    const who = { type: config.type, name };
    const secrets = Object.values(config.env);
    for (const value of secrets)
        deps.log.secret(value);
    const mask = secretMask(secrets);
    const timeoutMs = (0,duration/* durationMs */.pc)(config.timeout);
    // Not the job's environment: PATH, HOME and lexicon's own variables.
    const env = (0,child_env/* childEnvironment */.Qc)(deps.env ?? { PATH: process.env.PATH }, [], config.env);
    const lock = new provider/* KeyedLock */.sk();
    const zones = new Map();
    const zoneOf = (fqdn, signal) => {
        const configured = (0,provider/* zoneFor */.wy)(fqdn, common.zones);
        if (configured)
            return Promise.resolve(configured);
        let found = zones.get(fqdn);
        if (!found) {
            found = (0,resolve/* findZone */._S)(fqdn, { resolvers: common.resolvers ?? (0,resolve/* systemResolvers */.Te)(), signal }).catch((error) => {
                zones.delete(fqdn);
                throw new provider/* DnsProviderError */.Rk(who, `cannot find the zone of ${fqdn}: ${(0,errors/* errorMessage */.g)(error)}`, 'set zones to the zone lexicon should change, or resolvers to servers that answer for it');
            });
            zones.set(fqdn, found);
        }
        return found;
    };
    const lexicon = (action, zone, args, signal) => runCommand({
        who,
        file: PROGRAM,
        args: ['--delegated', zone, config.provider, action, zone, 'TXT', ...args],
        display: `lexicon ${config.provider} ${action} ${zone} TXT ${args[0]} ${args[1]}`,
        missingHint: 'install lexicon on the runner: pip install dns-lexicon (or the Debian package lexicon)',
        cwd: deps.workspace,
        env,
        timeoutMs,
        signal,
        mask,
    });
    /** Whether the name has our value now (lexicon's JSON listing; TXT content with or without quotes). */
    const has = async (zone, fqdn, value, signal) => {
        const out = await lexicon('list', zone, ['--name', fqdn, '--output', 'JSON'], signal);
        let records;
        try {
            records = JSON.parse(out.trim() || '[]');
        }
        catch {
            throw new provider/* DnsProviderError */.Rk(who, mask(`lexicon list did not print JSON: ${out.slice(0, 300)}`));
        }
        return records.some((r) => r.type === 'TXT' && (r.content ?? '').replace(/^"|"$/g, '') === value && sameName(r.name, fqdn, zone));
    };
    return {
        ...common,
        async present(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            await lock.run(record.fqdn, () => lexicon('create', zone, ['--name', record.fqdn, '--content', record.value, '--ttl', String(record.ttl)], signal));
        },
        async cleanup(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            // Lexicon providers differ on deleting what is not there (some fail, some delete more):
            // delete only a value that is listed.
            await lock.run(record.fqdn, async () => {
                if (!(await has(zone, record.fqdn, record.value, signal)))
                    return;
                await lexicon('delete', zone, ['--name', record.fqdn, '--content', record.value], signal);
            });
        },
    };
}
/** Lexicon lists names with or without the final dot, some providers relative to the zone. */
function sameName(listed, fqdn, zone) {
    if (!listed)
        return true; // listed by --name, so it is that name
    const name = listed.toLowerCase().replace(/\.$/, '');
    return name === fqdn || `${name}.${zone}` === fqdn;
}
const lexicon_DOCS = `certflow runs \`lexicon --delegated <zone> <provider> create <zone> TXT --name <record> --content
<value>\`, and for cleanup lists the name and deletes the value only when it is there. The zone is
the longest of \`zones\` that holds the record, or found by SOA through \`resolvers\` (or the
machine's nameservers). Values of one name are written one after the other (lexicon providers read,
merge and write a record set back). The same propagation check and cleanup as every other provider
follow.

Lexicon reads its settings from \`LEXICON_<PROVIDER>_<OPTION>\` variables: the option names are
those of \`lexicon <provider> --help\`, upper case, \`-\` as \`_\` (\`--auth-token\` of \`gandi\` is
\`LEXICON_GANDI_AUTH_TOKEN\`). List each under \`env\` as a \`\${NAME}\` that the workflow maps from a
secret. lexicon gets those, \`PATH\` and \`HOME\`, nothing else of the job: no SSH key, no other token,
no proxy variable. On first use lexicon fetches the public suffix list (publicsuffix.org) and
caches it in \`~/.lexicon_tld_set\`.

\`\`\`yaml
dns:
  gandi:
    type: lexicon
    provider: gandi
    env:
      LEXICON_GANDI_AUTH_TOKEN: \${GANDI_TOKEN}
      LEXICON_GANDI_API_PROTOCOL: \${GANDI_PROTOCOL}   # a workflow variable holding "rest"
\`\`\`

In the workflow, \`pip install dns-lexicon\` (some providers need \`dns-lexicon[full]\`) before certflow runs.`;
const lexicon = (0,dns_define/* defineProvider */.Nj)({
    type: 'lexicon',
    about: "any of DNS-Lexicon's providers (about a hundred DNS hosts) through the lexicon CLI",
    typeText: 'selects the lexicon CLI',
    fields: lexicon_fields,
    starter: {
        lines: [
            `provider: gandi  # ${dns_define/* CHANGE_ME */.E5}: your DNS host's name in lexicon (lexicon --help lists them)`,
            'env:',
            `  LEXICON_GANDI_AUTH_TOKEN: ${(0,dns_define/* envRef */.rV)('LEXICON_TOKEN')}  # ${dns_define/* CHANGE_ME */.E5}: the variable lexicon <provider> --help names`,
        ],
        secrets: [{ name: 'LEXICON_TOKEN', what: "the DNS host's API credential, for lexicon" }],
    },
    docs: { title: 'about a hundred DNS hosts through DNS-Lexicon', text: lexicon_DOCS },
    create: lexicon_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/linode.ts
/**
 * linode: the Linode (Akamai Cloud) API v4 Domains, with a personal access token. Each TXT value
 * is a record of its own, so creating and deleting one never touches another. The domain is the
 * longest one of the account (every page of `GET /domains`) that contains the record.
 */





const linode_fields = (f) => ({
    token: f.secret('token', 'Linode personal access token with Domains read/write'),
    'api-url': f
        .url()
        .default('https://api.linode.com/v4')
        .describe('Linode API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
const PAGE_SIZE = 500;
function linode_create(name, config, deps) {
    const who = { type: config.type, name };
    const api = bearerClient({
        who,
        baseUrl: config['api-url'],
        token: config.token,
        log: deps.log,
        describe: (body) => body?.errors
            ?.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason))
            .join('; '),
        refused: 'the token was refused: it needs the Domains read/write scope (check the secret mapped to token)',
    });
    const domainList = memo();
    const created = new Map();
    /** Every item of a paged list (the page count is the server's; capped so a loop cannot run away). */
    const all = async (path, signal) => {
        const out = [];
        for (let page = 1; page <= 200; page++) {
            const sep = path.includes('?') ? '&' : '?';
            const body = await api.json({
                method: 'GET',
                path: `${path}${sep}page=${page}&page_size=${PAGE_SIZE}`,
                signal,
            });
            out.push(...body.data);
            if (page >= body.pages)
                break;
        }
        return out;
    };
    const domainOf = async (fqdn, signal) => {
        const domains = await domainList('all', () => all('/domains', signal));
        const best = (0,provider/* zoneFor */.wy)(fqdn, domains.map((d) => d.domain));
        const domain = domains.find((d) => d.domain.toLowerCase() === best);
        if (!domain)
            throw new provider/* DnsProviderError */.Rk(who, `no domain of this account contains ${fqdn} (it has ${domains.length})`, 'add the domain in Linode DNS Manager, or use a token of the account that has it');
        return { id: domain.id, domain: domain.domain.toLowerCase() };
    };
    return {
        ...commonFields(name, config),
        async present(record, signal) {
            const domain = await domainOf(record.fqdn, signal);
            const body = await api.json({
                method: 'POST',
                path: `/domains/${domain.id}/records`,
                body: {
                    type: 'TXT',
                    name: relativeName(record.fqdn, domain.domain, ''),
                    target: record.value,
                    ttl_sec: record.ttl,
                },
                signal,
            });
            created.set(`${record.fqdn}|${record.value}`, { domain: domain.id, id: body.id });
        },
        async cleanup(record, signal) {
            const key = `${record.fqdn}|${record.value}`;
            let mine = created.get(key);
            if (!mine) {
                // Not created by this process (a rerun after a crash): find it by name and value.
                const domain = await domainOf(record.fqdn, signal);
                const rel = relativeName(record.fqdn, domain.domain, '');
                const records = await all(`/domains/${domain.id}/records`, signal);
                const hit = records.find((r) => r.type === 'TXT' && r.name === rel && r.target === record.value);
                if (!hit)
                    return;
                mine = { domain: domain.id, id: hit.id };
            }
            try {
                await api.request({ method: 'DELETE', path: `/domains/${mine.domain}/records/${mine.id}`, signal });
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
            created.delete(key);
        },
    };
}
const linode_DOCS = `Each value is its own record (\`POST /domains/{id}/records\`); cleanup deletes that record by
id, or finds it by name and value after a crash. The domain is the longest one of the account that
contains the record. Linode rounds TTLs up to 300 seconds at least. Create the token under
Profile > API Tokens with Domains: Read/Write.

\`\`\`yaml
dns:
  linode:
    type: linode
    token: \${LINODE_TOKEN}
\`\`\``;
const linode = (0,dns_define/* defineProvider */.Nj)({
    type: 'linode',
    about: 'the Linode (Akamai Cloud) API v4 Domains; each value is a record of its own',
    typeText: 'selects the Linode (Akamai Cloud) Domains API',
    fields: linode_fields,
    starter: {
        lines: [`token: ${(0,dns_define/* envRef */.rV)('LINODE_TOKEN')}`],
        secrets: [{ name: 'LINODE_TOKEN', what: 'Linode personal access token with Domains read/write' }],
    },
    docs: { title: 'Linode (Akamai Cloud) Domains API', text: linode_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: linode_create,
});

;// CONCATENATED MODULE: ./src/dns/auth/ovh.ts
/**
 * OVHcloud's request signature. Every call carries the application key, the consumer key, a
 * timestamp in the API server's clock, and
 * `$1$` + hex SHA-1 of `applicationSecret+consumerKey+METHOD+fullURL+body+timestamp`.
 * The server's clock comes from the unauthenticated `GET /auth/time`, once per provider.
 */

function ovhSignature(keys, method, url, body, timestamp) {
    const input = [
        keys.applicationSecret,
        keys.consumerKey,
        method.toUpperCase(),
        url,
        body,
        String(timestamp),
    ];
    return `$1$${(0,external_node_crypto_.createHash)('sha1').update(input.join('+')).digest('hex')}`;
}
/** The headers of one signed call. */
function ovhHeaders(keys, method, url, body, timestamp) {
    return {
        'X-Ovh-Application': keys.applicationKey,
        'X-Ovh-Consumer': keys.consumerKey,
        'X-Ovh-Timestamp': String(timestamp),
        'X-Ovh-Signature': ovhSignature(keys, method, url, body, timestamp),
    };
}

;// CONCATENATED MODULE: ./src/dns/providers/ovh.ts
/**
 * ovh: the OVHcloud API v1 (/domain/zone), with an application key, application secret and
 * consumer key, every call signed (dns/auth/ovh.ts) with a timestamp in the API's clock (asked
 * once of `GET /auth/time`). Each TXT value is its own record, so creating and deleting one never
 * touches another; records reach the zone's servers only after `POST /domain/zone/{zone}/refresh`.
 * The zone is the longest zone of the account (`GET /domain/zone`) that contains the record.
 */







/** OVHcloud's API roots by endpoint name (as its own SDKs name them). */
const OVH_ENDPOINTS = {
    'ovh-eu': 'https://eu.api.ovh.com/1.0',
    'ovh-ca': 'https://ca.api.ovh.com/1.0',
    'ovh-us': 'https://api.us.ovhcloud.com/1.0',
};
const ovh_fields = (f) => ({
    endpoint: schemas/* enum */.k5n(Object.keys(OVH_ENDPOINTS))
        .default('ovh-eu')
        .describe('OVHcloud API region: ovh-eu, ovh-ca or ovh-us'),
    'application-key': f.secret('application-key', 'OVHcloud application key (AK)'),
    'application-secret': f.secret('application-secret', 'OVHcloud application secret (AS)'),
    'consumer-key': f.secret('consumer-key', 'OVHcloud consumer key (CK) granted GET /domain/zone, GET/POST/DELETE /domain/zone/*/record* and POST /domain/zone/*/refresh'),
    'api-url': f
        .url()
        .optional()
        .describe("API root replacing the endpoint's (with /1.0); for tests or proxies"),
    'insecure-http': f.insecureHttp(),
});
/** A TXT target as OVHcloud may give it back: quoted, or split in quoted parts. */
const ovh_unquote = (target) => [...target.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('') || target;
function ovh_create(name, config, deps) {
    const common = commonFields(name, config);
    const who = { type: config.type, name };
    const keys = {
        applicationKey: config['application-key'],
        applicationSecret: config['application-secret'],
        consumerKey: config['consumer-key'],
    };
    for (const s of Object.values(keys))
        deps.log.secret(s);
    const base = (config['api-url'] ?? OVH_ENDPOINTS[config.endpoint]).replace(/\/+$/, '');
    const api = httpClient({
        who,
        baseUrl: base,
        headers: {},
        secrets: Object.values(keys),
        describe: (body) => {
            const b = body;
            return b?.message ? `${b.message}${b.errorCode ? ` (${b.errorCode})` : ''}` : undefined;
        },
        hint: (status) => status === 401 || status === 403
            ? 'the keys were refused: check application-key, application-secret and consumer-key, and that the consumer key is granted GET /domain/zone, GET/POST/DELETE /domain/zone/*/record* and POST /domain/zone/*/refresh'
            : status === 400
                ? 'a refused signature means application-secret does not belong to application-key'
                : status === 0
                    ? 'check endpoint or api-url'
                    : undefined,
    });
    /** The API's clock minus ours, in seconds: the signature carries the API's time. */
    let skew;
    let zoneList;
    /** Record ids we created, by name and value: cleanup deletes exactly these. */
    const created = new Map();
    const signed = async (req) => {
        skew ??= api
            .json({ method: 'GET', path: '/auth/time', signal: req.signal })
            .then((t) => {
            if (!Number.isInteger(t))
                throw api.fail(200, `GET /auth/time answered ${JSON.stringify(t)}, not a time`);
            return t - Math.floor(Date.now() / 1000);
        })
            .catch((error) => {
            skew = undefined;
            throw error;
        });
        const timestamp = Math.floor(Date.now() / 1000) + (await skew);
        const body = req.body === undefined ? '' : JSON.stringify(req.body);
        return api.json({
            ...req,
            headers: ovhHeaders(keys, req.method, `${base}${req.path}`, body, timestamp),
        });
    };
    const zoneOf = async (fqdn, signal) => {
        zoneList ??= signed({ method: 'GET', path: '/domain/zone', signal }).catch((error) => {
            zoneList = undefined;
            throw error;
        });
        const zone = (0,provider/* zoneFor */.wy)(fqdn, await zoneList);
        if (!zone)
            throw new provider/* DnsProviderError */.Rk(who, `no zone of this account contains ${fqdn}`, 'check that the zone is managed in this OVHcloud account');
        return zone;
    };
    const refresh = (zone, signal) => signed({
        method: 'POST',
        path: `/domain/zone/${encodeURIComponent(zone)}/refresh`,
        signal,
        idempotent: true,
    });
    return {
        ...common,
        async present(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            const made = await signed({
                method: 'POST',
                path: `/domain/zone/${encodeURIComponent(zone)}/record`,
                body: {
                    fieldType: 'TXT',
                    subDomain: relativeName(record.fqdn, zone, ''),
                    target: record.value,
                    ttl: record.ttl,
                },
                signal,
            });
            created.set(`${record.fqdn}|${record.value}`, made.id);
            await refresh(zone, signal);
        },
        async cleanup(record, signal) {
            const zone = await zoneOf(record.fqdn, signal);
            const zonePath = `/domain/zone/${encodeURIComponent(zone)}`;
            const key = `${record.fqdn}|${record.value}`;
            let ids = created.has(key) ? [created.get(key)] : [];
            if (ids.length === 0) {
                // Not created by this process (a rerun after a crash): find it by name and value.
                const sub = encodeURIComponent(relativeName(record.fqdn, zone, ''));
                const all = await signed({
                    method: 'GET',
                    path: `${zonePath}/record?fieldType=TXT&subDomain=${sub}`,
                    signal,
                });
                ids = [];
                for (const id of all) {
                    const r = await signed({ method: 'GET', path: `${zonePath}/record/${id}`, signal });
                    if (r.fieldType === 'TXT' && ovh_unquote(r.target) === record.value)
                        ids.push(id);
                }
                if (ids.length === 0)
                    return;
            }
            for (const id of ids)
                await signed({ method: 'DELETE', path: `${zonePath}/record/${id}`, signal });
            created.delete(key);
            await refresh(zone, signal);
        },
    };
}
const ovh_DOCS = `Create the keys at \`https://eu.api.ovh.com/createToken/\` (or the ca/us console) with these
rights only: \`GET /domain/zone\`, \`GET /domain/zone/*/record*\`, \`POST /domain/zone/*/record\`,
\`DELETE /domain/zone/*/record/*\` and \`POST /domain/zone/*/refresh\`. OVHcloud has no keyless
sign-in for CI: keep the three values in a protected environment's secrets.

Every call is signed (\`X-Ovh-Signature\`) with a timestamp in the API's clock, taken from
\`GET /auth/time\`, so a runner whose clock is off still signs correctly. Each value is its own
record; certflow then asks for a zone refresh, without which OVHcloud does not serve the record.
Cleanup deletes the record by id (or, after a crash, by name and value) and refreshes again.

\`\`\`yaml
dns:
  ovh:
    type: ovh
    endpoint: ovh-eu
    application-key: \${OVH_APPLICATION_KEY}
    application-secret: \${OVH_APPLICATION_SECRET}
    consumer-key: \${OVH_CONSUMER_KEY}
\`\`\``;
const ovh = (0,dns_define/* defineProvider */.Nj)({
    type: 'ovh',
    about: 'the OVHcloud API (signed requests); each value is a record of its own',
    typeText: 'selects the OVHcloud API',
    fields: ovh_fields,
    starter: {
        lines: [
            `endpoint: ovh-eu  # ${dns_define/* CHANGE_ME */.E5}: ovh-eu, ovh-ca or ovh-us`,
            `application-key: ${(0,dns_define/* envRef */.rV)('OVH_APPLICATION_KEY')}`,
            `application-secret: ${(0,dns_define/* envRef */.rV)('OVH_APPLICATION_SECRET')}`,
            `consumer-key: ${(0,dns_define/* envRef */.rV)('OVH_CONSUMER_KEY')}`,
        ],
        secrets: [
            { name: 'OVH_APPLICATION_KEY', what: 'OVHcloud application key' },
            { name: 'OVH_APPLICATION_SECRET', what: 'OVHcloud application secret' },
            { name: 'OVH_CONSUMER_KEY', what: 'OVHcloud consumer key granted the /domain/zone record calls' },
        ],
    },
    docs: { title: 'OVHcloud API', text: ovh_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: ovh_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/porkbun.ts
/**
 * porkbun: Porkbun's API v3 with an API key pair (sent in each request's JSON body, as Porkbun
 * wants). Each TXT value is a record of its own, so creating and deleting one never touches
 * another. The domain is the longest one of the account (`domain/listAll`) that contains the name.
 */





const porkbun_fields = (f) => ({
    'api-key': f.secret('api-key', 'Porkbun API key (pk1_...)'),
    'secret-api-key': f.secret('secret-api-key', 'Porkbun secret API key (sk1_...)'),
    'api-url': f
        .url()
        .default('https://api.porkbun.com/api/json/v3')
        .describe('Porkbun API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
/** Porkbun's smallest TTL. */
const porkbun_MIN_TTL = 600;
function porkbun_create(name, config, deps) {
    const who = { type: config.type, name };
    const keys = { apikey: config['api-key'], secretapikey: config['secret-api-key'] };
    deps.log.secret(keys.apikey);
    deps.log.secret(keys.secretapikey);
    const api = httpClient({
        who,
        baseUrl: config['api-url'],
        headers: {},
        secrets: [keys.apikey, keys.secretapikey],
        describe: (body) => body?.message,
        hint: (status) => status === 400 || status === 401 || status === 403
            ? 'if the keys were refused: check the secrets mapped to api-key and secret-api-key, and that API access is on for the domain'
            : status === 0
                ? 'check api-url'
                : undefined,
    });
    const domainList = memo();
    const created = new Map();
    /** Every call is a POST with the keys in its body; `idempotent` says whether a retry is harmless. */
    const call = async (path, body, idempotent, signal) => {
        const answer = await api.json({
            method: 'POST',
            path,
            body: { ...keys, ...body },
            idempotent,
            signal,
        });
        if (answer?.status !== 'SUCCESS')
            throw api.fail(200, `POST ${path} answered ${answer?.status ?? 'nothing'}: ${answer?.message ?? ''}`);
        return answer;
    };
    const domainOf = async (fqdn, signal) => {
        const domains = await domainList('all', async () => {
            const out = [];
            // listAll hands out 1000 domains at a time.
            for (let start = 0; start < 100_000; start += 1000) {
                const page = await call('/domain/listAll', { start }, true, signal);
                out.push(...(page.domains ?? []).map((d) => d.domain.toLowerCase()));
                if ((page.domains ?? []).length < 1000)
                    break;
            }
            return out;
        });
        const best = (0,provider/* zoneFor */.wy)(fqdn, domains);
        if (!best)
            throw new provider/* DnsProviderError */.Rk(who, `no domain of this account contains ${fqdn} (it has ${domains.length})`, 'use the keys of the account that has the domain, and turn on API access for it');
        return best;
    };
    return {
        ...commonFields(name, config),
        async present(record, signal) {
            const domain = await domainOf(record.fqdn, signal);
            const { id } = await call(`/dns/create/${encodeURIComponent(domain)}`, {
                name: relativeName(record.fqdn, domain, ''),
                type: 'TXT',
                content: record.value,
                ttl: String(Math.max(porkbun_MIN_TTL, record.ttl)),
            }, false, signal);
            created.set(`${record.fqdn}|${record.value}`, { domain, id: String(id) });
        },
        async cleanup(record, signal) {
            const key = `${record.fqdn}|${record.value}`;
            let mine = created.get(key);
            if (!mine) {
                // Not created by this process (a rerun after a crash): find it by name and value.
                const domain = await domainOf(record.fqdn, signal);
                const sub = encodeURIComponent(relativeName(record.fqdn, domain, ''));
                const { records } = await call(`/dns/retrieveByNameType/${encodeURIComponent(domain)}/TXT/${sub}`, {}, true, signal);
                const hit = (records ?? []).find((r) => r.type === 'TXT' && r.content === record.value);
                if (!hit)
                    return;
                mine = { domain, id: String(hit.id) };
            }
            await call(`/dns/delete/${encodeURIComponent(mine.domain)}/${encodeURIComponent(mine.id)}`, {}, true, signal);
            created.delete(key);
        },
    };
}
const porkbun_DOCS = `Each value is its own record (\`dns/create\`); cleanup deletes that record by id, or finds it by
name and value after a crash. Both keys come from Account > API Access, and API access must be
turned on for each domain (Domain Management > Details). Porkbun's smallest TTL is 600 seconds.

\`\`\`yaml
dns:
  porkbun:
    type: porkbun
    api-key: \${PORKBUN_API_KEY}
    secret-api-key: \${PORKBUN_SECRET_API_KEY}
\`\`\``;
const porkbun = (0,dns_define/* defineProvider */.Nj)({
    type: 'porkbun',
    about: "Porkbun's API v3; each value is a record of its own",
    typeText: "selects Porkbun's API",
    fields: porkbun_fields,
    starter: {
        lines: [`api-key: ${(0,dns_define/* envRef */.rV)('PORKBUN_API_KEY')}`, `secret-api-key: ${(0,dns_define/* envRef */.rV)('PORKBUN_SECRET_API_KEY')}`],
        secrets: [
            { name: 'PORKBUN_API_KEY', what: 'Porkbun API key (pk1_...)' },
            { name: 'PORKBUN_SECRET_API_KEY', what: 'Porkbun secret API key (sk1_...)' },
        ],
    },
    docs: { title: 'Porkbun API v3', text: porkbun_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: porkbun_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/powerdns.ts
/**
 * powerdns: the PowerDNS Authoritative HTTP API (`/api/v1/servers/{server}/zones/{zone}`). An
 * RRset is replaced as a whole, so we read it, add or remove our one value and write it back,
 * one change per name at a time.
 */





const powerdns_fields = (f) => ({
    'api-url': f
        .url()
        .describe('PowerDNS API root without /api/v1, e.g. https://pdns.internal:8081 (https:// unless loopback or insecure-http)'),
    'api-key': f.secret('api-key', 'PowerDNS API key (X-API-Key)'),
    'server-id': schemas/* string */.YjP().default('localhost').describe('server id in /api/v1/servers/{server-id}'),
    'insecure-http': f.insecureHttp(),
});
function powerdns_create(name, config, deps) {
    const common = commonFields(name, config);
    const who = { type: config.type, name };
    deps.log.secret(config['api-key']);
    const api = httpClient({
        who,
        baseUrl: `${config['api-url'].replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(config['server-id'])}`,
        headers: { 'X-API-Key': config['api-key'] },
        secrets: [config['api-key']],
        describe: (body) => body.error?.toString(),
        hint: (status) => status === 401 || status === 403
            ? 'the API refused the key: check the secret mapped to api-key'
            : status === 404
                ? 'check server-id and that the zone exists on this server'
                : status === 0
                    ? 'check api-url: the API must be reachable from where certflow runs'
                    : undefined,
    });
    const lock = new provider/* KeyedLock */.sk();
    let zoneList;
    const zoneOf = async (fqdn, signal) => {
        zoneList ??= api
            .json({ method: 'GET', path: '/zones', signal })
            .catch((error) => {
            zoneList = undefined;
            throw error;
        });
        const zones = await zoneList;
        const best = (0,provider/* zoneFor */.wy)(fqdn, zones.map((z) => z.name));
        const zone = zones.find((z) => z.name.toLowerCase().replace(/\.$/, '') === best);
        if (!zone) {
            throw new provider/* DnsProviderError */.Rk(who, `no zone on server ${config['server-id']} contains ${fqdn} (it serves ${zones.map((z) => z.name).join(', ') || 'nothing'})`, `create the zone in PowerDNS, or use another provider for ${fqdn}`);
        }
        return zone;
    };
    const modify = async (fqdn, value, ttl, add, signal) => {
        const zone = await zoneOf(fqdn, signal);
        const rrName = `${fqdn}.`;
        const zonePath = `/zones/${encodeURIComponent(zone.id)}`;
        await lock.run(`${zone.id}|${fqdn}`, async () => {
            const query = `?rrsets=true&rrset_name=${encodeURIComponent(rrName)}&rrset_type=TXT`;
            const current = await api.json({
                method: 'GET',
                path: `${zonePath}${query}`,
                signal,
            });
            const existing = current.rrsets?.find((r) => r.name.toLowerCase() === rrName && r.type === 'TXT');
            const others = (existing?.records ?? []).filter((r) => r.content !== quoteTxt(value));
            const records = add ? [...others, { content: quoteTxt(value), disabled: false }] : others;
            if (!add && existing && others.length === existing.records.length)
                return; // already gone
            const rrset = records.length === 0
                ? { name: rrName, type: 'TXT', changetype: 'DELETE' }
                : { name: rrName, type: 'TXT', ttl: existing?.ttl ?? ttl, changetype: 'REPLACE', records };
            // REPLACE of the whole set under the lock: sending it twice leaves the same set.
            await api.request({ method: 'PATCH', path: zonePath, body: { rrsets: [rrset] }, signal });
        });
    };
    return {
        ...common,
        present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
        cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
    };
}
const powerdns_DOCS = `The zone is the longest zone of the server that contains the record name. The TXT RRset is read,
our value added or removed, and written back (\`PATCH\` with \`REPLACE\`, or \`DELETE\` when our value was
the last one), so other values survive.

\`\`\`yaml
dns:
  pdns:
    type: powerdns
    api-url: https://pdns.internal:8081
    api-key: \${PDNS_API_KEY}
\`\`\``;
const powerdns = (0,dns_define/* defineProvider */.Nj)({
    type: 'powerdns',
    about: 'the PowerDNS Authoritative HTTP API; other values of the record are kept',
    typeText: 'selects the PowerDNS HTTP API',
    fields: powerdns_fields,
    starter: {
        lines: [
            `api-url: https://pdns.example.com:8081  # ${dns_define/* CHANGE_ME */.E5}: PowerDNS HTTP API root`,
            `api-key: ${(0,dns_define/* envRef */.rV)('PDNS_API_KEY')}`,
            'server-id: localhost',
        ],
        secrets: [{ name: 'PDNS_API_KEY', what: 'PowerDNS API key (X-API-Key)' }],
    },
    docs: { title: 'PowerDNS Authoritative HTTP API', text: powerdns_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: powerdns_create,
});

// EXTERNAL MODULE: ./src/dns/wire.ts
var dns_wire = __webpack_require__(53970);
;// CONCATENATED MODULE: ./src/dns/tsig.ts
/**
 * TSIG (RFC 8945): HMAC signatures on DNS messages, for signed UPDATEs. Only the HMAC-SHA2
 * algorithms; names are always written lower case and uncompressed, as the MAC requires
 * (and as bind expects: an upper-case or unknown algorithm name gets BADKEY).
 */


const HASH = {
    'hmac-sha256': 'sha256',
    'hmac-sha384': 'sha384',
    'hmac-sha512': 'sha512',
};
/** Decodes a secret written in base64, as bind's key files and `tsig-keygen` print it. */
function decodeSecret(base64) {
    const clean = base64.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean))
        throw new Error('the TSIG secret is not base64');
    return Buffer.from(clean, 'base64');
}
function uint48(value) {
    const b = Buffer.alloc(6);
    b.writeUInt16BE(Math.floor(value / 2 ** 32), 0);
    b.writeUInt32BE(value % 2 ** 32, 2);
    return b;
}
/** The "TSIG variables" that follow the message in the MAC input (RFC 8945 section 4.3.3). */
function variables(key, timeSigned, fudge, error, other) {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt16BE(dns_wire/* CLASS */.tp.ANY, 0);
    fixed.writeUInt32BE(0, 2); // TTL
    const tail = Buffer.alloc(6);
    tail.writeUInt16BE(fudge, 0);
    tail.writeUInt16BE(error, 2);
    tail.writeUInt16BE(other.length, 4);
    return Buffer.concat([
        (0,dns_wire/* encodeName */.aA)((0,dns_wire/* normalizeName */.Pc)(key.name)),
        fixed,
        (0,dns_wire/* encodeName */.aA)(key.algorithm),
        uint48(timeSigned),
        tail,
        other,
    ]);
}
function hmac(key, ...parts) {
    const h = (0,external_node_crypto_.createHmac)(HASH[key.algorithm], key.secret);
    for (const p of parts)
        h.update(p);
    return h.digest();
}
/** Signs `message` (a complete message without TSIG); returns it with the TSIG RR appended. */
function signMessage(message, key, opts = {}) {
    const timeSigned = opts.timeSigned ?? Math.floor(Date.now() / 1000);
    const fudge = opts.fudge ?? 300;
    const prior = [];
    if (opts.requestMac) {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(opts.requestMac.length, 0);
        prior.push(len, opts.requestMac);
    }
    const mac = hmac(key, ...prior, message, variables(key, timeSigned, fudge, 0, Buffer.alloc(0)));
    const rdataHead = Buffer.alloc(10);
    uint48(timeSigned).copy(rdataHead, 0);
    rdataHead.writeUInt16BE(fudge, 6);
    rdataHead.writeUInt16BE(mac.length, 8);
    const rdataTail = Buffer.alloc(6);
    rdataTail.writeUInt16BE(message.readUInt16BE(0), 0); // original ID
    rdataTail.writeUInt16BE(0, 2); // error
    rdataTail.writeUInt16BE(0, 4); // other len
    const rdata = Buffer.concat([(0,dns_wire/* encodeName */.aA)(key.algorithm), rdataHead, mac, rdataTail]);
    const rrHead = Buffer.alloc(10);
    rrHead.writeUInt16BE(dns_wire/* TYPE */.ZE.TSIG, 0);
    rrHead.writeUInt16BE(dns_wire/* CLASS */.tp.ANY, 2);
    rrHead.writeUInt32BE(0, 4);
    rrHead.writeUInt16BE(rdata.length, 8);
    const wire = Buffer.concat([message, (0,dns_wire/* encodeName */.aA)((0,dns_wire/* normalizeName */.Pc)(key.name)), rrHead, rdata]);
    wire.writeUInt16BE(message.readUInt16BE(10) + 1, 10); // ARCOUNT
    return { wire, mac };
}
/** Reads the TSIG RDATA (RFC 8945 section 4.2), every field inside its RDLENGTH. */
function decodeTsigRdata(buf, start, end) {
    const alg = (0,dns_wire/* decodeName */.e4)(buf, start, end);
    let i = alg.next;
    const field = (bytes, what) => {
        if (i + bytes > end)
            throw new dns_wire/* DnsDecodeError */.es(`TSIG ${what} runs past its RDATA`);
        const at = i;
        i += bytes;
        return at;
    };
    const time = field(6, 'time');
    const timeSigned = buf.readUInt16BE(time) * 2 ** 32 + buf.readUInt32BE(time + 2);
    const fudge = buf.readUInt16BE(field(2, 'fudge'));
    const macLen = buf.readUInt16BE(field(2, 'MAC size'));
    const macAt = field(macLen, `MAC of ${macLen} bytes`);
    const mac = Buffer.from(buf.subarray(macAt, macAt + macLen));
    const originalId = buf.readUInt16BE(field(2, 'original ID'));
    const error = buf.readUInt16BE(field(2, 'error'));
    const otherLen = buf.readUInt16BE(field(2, 'other length'));
    const otherAt = field(otherLen, `other data of ${otherLen} bytes`);
    const other = Buffer.from(buf.subarray(otherAt, otherAt + otherLen));
    if (i !== end)
        throw new dns_wire/* DnsDecodeError */.es(`TSIG RDATA has ${end - i} bytes too many`);
    return { algorithm: alg.name.toLowerCase(), timeSigned, fudge, mac, originalId, error, other };
}
/**
 * Splits a message into the part before its TSIG RR and the decoded TSIG, when it ends with one.
 * Throws DnsDecodeError on a malformed message, or a TSIG that is not the last record.
 */
function extractTsig(buf) {
    const msg = (0,dns_wire/* decodeMessage */.Y8)(buf);
    const records = [...msg.answers, ...msg.authority, ...msg.additional];
    const last = msg.additional.at(-1);
    if (records.some((rr) => rr.type === dns_wire/* TYPE */.ZE.TSIG && rr !== last)) {
        throw new dns_wire/* DnsDecodeError */.es('a TSIG record that is not the last record');
    }
    if (!last || last.type !== dns_wire/* TYPE */.ZE.TSIG)
        return undefined;
    const start = last.rdata.byteOffset - buf.byteOffset;
    const tsig = decodeTsigRdata(buf, start, start + last.rdata.length);
    const unsigned = Buffer.from(buf.subarray(0, last.offset));
    unsigned.writeUInt16BE(buf.readUInt16BE(10) - 1, 10);
    unsigned.writeUInt16BE(tsig.originalId, 0);
    return { unsigned, tsig, keyName: last.name.toLowerCase() };
}
/**
 * Checks a response to a request we signed with `requestMac` (RFC 8945 section 5.2 and 5.3.2):
 * signed with our key name and algorithm, a MAC that verifies, and a time within the fudge of
 * our clock (so a genuine answer cannot be replayed years later). Returns the TSIG error the
 * server reported (BADSIG, BADKEY, BADTIME) or a local verdict.
 */
function verifyResponse(response, key, requestMac, opts = {}) {
    let found;
    try {
        found = extractTsig(response);
    }
    catch (error) {
        if (error instanceof dns_wire/* DnsDecodeError */.es)
            return { ok: false, reason: error.message };
        throw error;
    }
    if (!found)
        return { ok: false, reason: 'the response is not signed' };
    const { unsigned, tsig, keyName } = found;
    if (tsig.error !== 0)
        return { ok: false, reason: `TSIG error ${tsig.error}`, tsigError: tsig.error };
    if ((0,dns_wire/* normalizeName */.Pc)(keyName) !== (0,dns_wire/* normalizeName */.Pc)(key.name) || tsig.algorithm !== key.algorithm) {
        return {
            ok: false,
            reason: `the response is signed with key "${keyName}" (${tsig.algorithm}), not ours ("${(0,dns_wire/* normalizeName */.Pc)(key.name)}", ${key.algorithm})`,
        };
    }
    const macLen = Buffer.alloc(2);
    macLen.writeUInt16BE(requestMac.length, 0);
    const expected = hmac(key, macLen, requestMac, unsigned, variables(key, tsig.timeSigned, tsig.fudge, tsig.error, tsig.other));
    if (expected.length !== tsig.mac.length || !(0,external_node_crypto_.timingSafeEqual)(expected, tsig.mac)) {
        return { ok: false, reason: 'the response signature does not verify' };
    }
    // The time check comes after the MAC check (RFC 8945 5.2.3): only a genuine time is judged.
    const now = opts.now ?? Math.floor(Date.now() / 1000);
    const window = Math.min(tsig.fudge, opts.fudge ?? 300);
    if (Math.abs(now - tsig.timeSigned) > window) {
        const when = new Date(tsig.timeSigned * 1000).toISOString();
        return {
            ok: false,
            reason: `the response is signed at ${when}, more than ${window} s from our clock: check the clocks, or it is a replay`,
        };
    }
    return { ok: true };
}

;// CONCATENATED MODULE: ./src/dns/update.ts
/**
 * DNS UPDATE (RFC 2136) of TXT records, signed with TSIG (RFC 8945). Add one value; delete one
 * value (class NONE with the exact RDATA, so other values of the name stay).
 */





/** Builds the unsigned UPDATE message for `zone`. Exported for wire-format tests. */
function buildUpdate(id, zone, changes) {
    return (0,dns_wire/* encodeMessage */.mH)({
        id,
        opcode: dns_wire/* OPCODE */.jc.UPDATE,
        questions: [{ name: (0,dns_wire/* normalizeName */.Pc)(zone), type: dns_wire/* TYPE */.ZE.SOA, class: dns_wire/* CLASS */.tp.IN }],
        authority: changes.map((c) => ({
            name: (0,dns_wire/* normalizeName */.Pc)(c.fqdn),
            type: dns_wire/* TYPE */.ZE.TXT,
            class: c.op === 'add' ? dns_wire/* CLASS */.tp.IN : dns_wire/* CLASS */.tp.NONE,
            ttl: c.op === 'add' ? c.ttl : 0,
            rdata: (0,dns_wire/* encodeTxt */.B2)(c.value),
        })),
    });
}
class UpdateError extends Error {
    rcode;
    tsigError;
    constructor(message, rcode, tsigError) {
        super(message);
        this.name = 'UpdateError';
        this.rcode = rcode;
        this.tsigError = tsigError;
    }
}
/** Sends a signed UPDATE and checks the answer (rcode and the server's TSIG). */
async function sendUpdate(server, zone, key, changes, opts = {}) {
    const unsigned = buildUpdate((0,external_node_crypto_.randomInt)(0, 0x10000), zone, changes);
    const { wire, mac } = signMessage(unsigned, key);
    const raw = await (0,transport/* exchange */.cv)(server, wire, {
        timeoutMs: opts.timeoutMs ?? 3000,
        signal: opts.signal,
        tcp: opts.tcp,
    });
    const where = `${(0,transport/* formatServer */.xu)(server)} (zone ${(0,dns_wire/* normalizeName */.Pc)(zone)})`;
    let answer;
    try {
        answer = (0,dns_wire/* decodeMessage */.Y8)(raw);
    }
    catch (error) {
        throw new UpdateError(`${where} sent an answer we cannot read: ${(0,errors/* errorMessage */.g)(error)}`);
    }
    const verdict = verifyResponse(raw, key, mac);
    if (answer.rcode !== 0) {
        const tsigError = !verdict.ok && verdict.tsigError ? (0,dns_wire/* rcodeName */.Z$)(verdict.tsigError) : undefined;
        throw new UpdateError(`${where} refused the update: ${(0,dns_wire/* rcodeName */.Z$)(answer.rcode)}${tsigError ? ` (TSIG ${tsigError})` : ''}`, (0,dns_wire/* rcodeName */.Z$)(answer.rcode), tsigError);
    }
    // A NOERROR that we cannot verify did not come from the holder of the key.
    if (!verdict.ok)
        throw new UpdateError(`${where}: ${verdict.reason}`);
}

;// CONCATENATED MODULE: ./src/dns/providers/rfc2136.ts
/**
 * rfc2136: DNS UPDATE signed with TSIG, sent to the zone's primary (bind, Knot, PowerDNS with
 * dnsupdate, Windows DNS...). The zone is taken from `zones` or asked of the primary (SOA).
 */









const rfc2136_fields = (f) => ({
    server: f.hostPort().describe("the zone's primary server that takes signed updates, host or host:port"),
    'tsig-name': schemas/* string */.YjP().min(1).describe('TSIG key name, as the server knows it'),
    'tsig-algorithm': schemas/* enum */.k5n(['hmac-sha256', 'hmac-sha384', 'hmac-sha512'])
        .default('hmac-sha256')
        .describe('TSIG algorithm of the key'),
    'tsig-secret': f.secret('tsig-secret', 'TSIG key secret, base64 (as tsig-keygen prints it)'),
});
function hintFor(error, config, zone) {
    if (error instanceof UpdateError) {
        if (error.tsigError === 'BADSIG')
            return `tsig-secret does not match the secret of key "${config['tsig-name']}" on ${config.server}: check the secret mapped to tsig-secret`;
        if (error.tsigError === 'BADKEY')
            return `${config.server} has no key "${config['tsig-name']}" with algorithm ${config['tsig-algorithm']}: check tsig-name and tsig-algorithm`;
        if (error.tsigError === 'BADTIME')
            return "this machine's clock and the server's differ by more than 5 minutes";
        if (error.rcode === 'REFUSED')
            return `${config.server} does not let key "${config['tsig-name']}" update zone ${zone}: check allow-update / update-policy`;
        if (error.rcode === 'NOTAUTH' || error.rcode === 'NOTZONE')
            return `${config.server} is not the primary of zone ${zone}: point server at the primary, or set zones`;
    }
    if (error instanceof transport/* DnsTimeoutError */.BN)
        return `check that ${config.server} is reachable and answers DNS`;
    return undefined;
}
function rfc2136_create(name, config, deps) {
    const common = commonFields(name, config);
    const server = (0,transport/* parseServer */.ld)(config.server);
    const who = { type: config.type, name };
    deps.log.secret(config['tsig-secret']);
    let secret;
    try {
        secret = decodeSecret(config['tsig-secret']);
    }
    catch {
        throw new provider/* DnsProviderError */.Rk(who, 'tsig-secret is not base64', 'copy the secret exactly as tsig-keygen printed it');
    }
    const key = { name: config['tsig-name'], algorithm: config['tsig-algorithm'], secret };
    const zones = new Map();
    const zoneOf = (fqdn, signal) => {
        const configured = (0,provider/* zoneFor */.wy)(fqdn, common.zones);
        if (configured)
            return Promise.resolve(configured);
        let found = zones.get(fqdn);
        if (!found) {
            found = (0,resolve/* findZone */._S)(fqdn, { resolvers: [server], signal }).catch((error) => {
                zones.delete(fqdn);
                throw new provider/* DnsProviderError */.Rk(who, `cannot find the zone of ${fqdn} on ${(0,transport/* formatServer */.xu)(server)}: ${(0,errors/* errorMessage */.g)(error)}`, `${config.server} must serve the zone of ${fqdn}; otherwise use another provider for it, or set zones`);
            });
            zones.set(fqdn, found);
        }
        return found;
    };
    const change = async (op, fqdn, value, ttl, signal) => {
        const zone = await zoneOf(fqdn, signal);
        try {
            await sendUpdate(server, zone, key, [{ op, fqdn, value, ttl }], { signal });
        }
        catch (error) {
            throw new provider/* DnsProviderError */.Rk(who, `${op === 'add' ? 'adding' : 'removing'} TXT ${fqdn}: ${(0,errors/* errorMessage */.g)(error)}`, hintFor(error, config, zone));
        }
    };
    return {
        ...common,
        present: (record, signal) => change('add', record.fqdn, record.value, record.ttl, signal),
        cleanup: (record, signal) => change('delete', record.fqdn, record.value, record.ttl, signal),
    };
}
const rfc2136_DOCS = `Updates go over UDP, and over TCP when the answer is truncated. The answer's TSIG signature is
checked. Errors name the cause: \`NOTAUTH (TSIG BADSIG)\` means the secret is wrong, \`BADKEY\` an
unknown key name or algorithm, \`REFUSED\` a key the zone's \`update-policy\`/\`allow-update\` does not
allow, \`NOTAUTH\`/\`NOTZONE\` a server that is not the zone's primary.

\`\`\`yaml
dns:
  bind:
    type: rfc2136
    server: 192.0.2.53:53
    tsig-name: certflow-key
    tsig-algorithm: hmac-sha256
    tsig-secret: \${TSIG_SECRET}
    resolvers: [192.0.2.53, 198.51.100.53]
\`\`\`

bind: \`tsig-keygen -a hmac-sha256 certflow-key\`, then in the zone
\`update-policy { grant certflow-key name _acme-challenge.example.com. TXT; };\` (one grant per name,
or \`wildcard *.example.com.\` style rules).`;
const rfc2136 = (0,dns_define/* defineProvider */.Nj)({
    type: 'rfc2136',
    about: 'DNS UPDATE (RFC 2136) signed with TSIG: bind, Knot, PowerDNS, Windows DNS and others',
    typeText: 'selects DNS UPDATE with TSIG',
    fields: rfc2136_fields,
    starter: {
        lines: [
            `server: ns1.example.com:53  # ${dns_define/* CHANGE_ME */.E5}: primary name server that accepts DNS UPDATE`,
            `tsig-name: certflow-key.  # ${dns_define/* CHANGE_ME */.E5}: name of the TSIG key allowed to update the zone`,
            'tsig-algorithm: hmac-sha256',
            `tsig-secret: ${(0,dns_define/* envRef */.rV)('DNS_TSIG_SECRET')}`,
        ],
        secrets: [{ name: 'DNS_TSIG_SECRET', what: 'base64 TSIG key secret allowed to update the zone' }],
    },
    docs: { title: 'DNS UPDATE with TSIG (bind, Knot, PowerDNS, Windows DNS...)', text: rfc2136_DOCS },
    create: rfc2136_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/route53.ts





const route53_fields = (f) => ({
    'access-key-id': f
        .secret('access-key-id', "AWS access key id (default: the SDK's credential chain: environment, OIDC web identity, instance role)")
        .optional(),
    'secret-access-key': f.secret('secret-access-key', 'AWS secret access key, with access-key-id').optional(),
    'session-token': f.secret('session-token', 'AWS session token of temporary credentials').optional(),
    region: schemas/* string */.YjP()
        .default('us-east-1')
        .describe('AWS region; Route 53 is global, the region only picks the endpoint'),
    'hosted-zone-id': schemas/* string */.YjP()
        .optional()
        .describe('hosted zone id (default: the public hosted zone, looked up by name)'),
    endpoint: f
        .url()
        .optional()
        .describe('API endpoint override, for tests or other partitions (default: AWS)'),
    'insecure-http': f.insecureHttp(),
});
function route53_create(name, config, deps) {
    const common = commonFields(name, config);
    const who = { type: config.type, name };
    for (const s of [config['secret-access-key'], config['session-token']])
        if (s)
            deps.log.secret(s);
    const load = lazyClient(config);
    const lock = new provider/* KeyedLock */.sk();
    const zoneId = zoneFinder(who, config, load);
    const modify = async (fqdn, value, ttl, add, signal) => {
        const zone = await zoneId(fqdn, signal);
        const rrName = `${fqdn}.`;
        await lock.run(`${zone}|${fqdn}`, () => wrap(who, `${add ? 'adding' : 'removing'} TXT ${fqdn}`, async () => {
            const { sdk, client } = await load();
            const list = await client.send(new sdk.ListResourceRecordSetsCommand({
                HostedZoneId: zone,
                StartRecordName: rrName,
                StartRecordType: 'TXT',
                MaxItems: 1,
            }), { abortSignal: signal });
            const existing = list.ResourceRecordSets?.find((r) => r.Name?.toLowerCase() === rrName && r.Type === 'TXT');
            const change = txtChange(existing, rrName, value, ttl, add);
            if (!change)
                return;
            const out = await client.send(new sdk.ChangeResourceRecordSetsCommand({
                HostedZoneId: zone,
                ChangeBatch: { Comment: 'certflow DNS-01 challenge', Changes: [change] },
            }), { abortSignal: signal });
            // No need to wait for a removal to reach every server.
            if (add)
                await waitInsync(who, load, out.ChangeInfo, common.propagationTimeoutMs, signal);
        }));
    };
    return {
        ...common,
        present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
        cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
    };
}
/** Runs an SDK step, turning what it throws into the provider's error. */
async function wrap(who, what, fn) {
    try {
        return await fn();
    }
    catch (error) {
        throw providerError(who, what, error);
    }
}
/** `hosted-zone-id`, or the public hosted zone found by name from the record upwards (cached). */
function zoneFinder(who, config, load) {
    const zoneIds = new Map();
    return (fqdn, signal) => {
        if (config['hosted-zone-id'])
            return Promise.resolve(config['hosted-zone-id'].replace(/^\/hostedzone\//, ''));
        let found = zoneIds.get(fqdn);
        if (found)
            return found;
        found = wrap(who, `finding the hosted zone of ${fqdn}`, async () => {
            const { sdk, client } = await load();
            const labels = fqdn.split('.');
            for (let i = 0; i < labels.length - 1; i++) {
                const candidate = `${labels.slice(i).join('.')}.`;
                const out = await client.send(new sdk.ListHostedZonesByNameCommand({ DNSName: candidate, MaxItems: 1 }), { abortSignal: signal });
                const zone = out.HostedZones?.find((z) => z.Name?.toLowerCase() === candidate && !z.Config?.PrivateZone);
                if (zone?.Id)
                    return zone.Id.replace(/^\/hostedzone\//, '');
            }
            throw new provider/* DnsProviderError */.Rk(who, `no public hosted zone contains ${fqdn}`, 'set hosted-zone-id');
        });
        found.catch(() => zoneIds.delete(fqdn));
        zoneIds.set(fqdn, found);
        return found;
    };
}
/** Polls GetChange with a growing interval until the change is INSYNC, or the timeout passes. */
async function waitInsync(who, load, info, timeoutMs, signal) {
    const { sdk, client } = await load();
    const deadline = Date.now() + timeoutMs;
    let status = info?.Status;
    for (let delay = 250; status !== 'INSYNC'; delay = Math.min(delay * 2, 5000)) {
        if (Date.now() + delay > deadline) {
            throw new provider/* DnsProviderError */.Rk(who, `change ${info?.Id} still ${status} after the propagation timeout`);
        }
        await (0,propagation/* sleep */.y)(delay, signal);
        const got = await client.send(new sdk.GetChangeCommand({ Id: info?.Id }), { abortSignal: signal });
        status = got.ChangeInfo?.Status;
    }
}
/**
 * The SDK and its client, loaded on first use: the SDK costs ~0.3 s of start-up that runs without
 * Route 53 should not pay.
 */
function lazyClient(config) {
    let loaded;
    return () => {
        loaded ??= __webpack_require__.e(/* import() */ 621).then(__webpack_require__.t.bind(__webpack_require__, 8621, 19)).then((sdk) => ({
            sdk,
            client: new sdk.Route53Client({
                region: config.region,
                endpoint: config.endpoint,
                maxAttempts: 3,
                credentials: config['access-key-id'] && config['secret-access-key']
                    ? {
                        accessKeyId: config['access-key-id'],
                        secretAccessKey: config['secret-access-key'],
                        sessionToken: config['session-token'],
                    }
                    : undefined,
            }),
        }));
        return loaded;
    };
}
/** An SDK error as the provider's error, with what to check for the usual refusals. */
function providerError(who, what, error) {
    if (error instanceof provider/* DnsProviderError */.Rk)
        return error;
    const e = error;
    const hint = e.name === 'AccessDenied' || e.name === 'InvalidClientTokenId' || e.name === 'SignatureDoesNotMatch'
        ? 'the credentials were refused: they need route53:ChangeResourceRecordSets, ListResourceRecordSets, ListHostedZonesByName and GetChange'
        : e.name === 'NoSuchHostedZone'
            ? 'check hosted-zone-id'
            : undefined;
    return new provider/* DnsProviderError */.Rk(who, `${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, hint);
}
/**
 * The change that adds `value` to the name's TXT RRset (UPSERT, keeping the other values) or
 * removes it (UPSERT of the rest, DELETE when it was the last); undefined when there is nothing to
 * remove.
 */
function txtChange(existing, rrName, value, ttl, add) {
    const others = (existing?.ResourceRecords ?? []).filter((r) => r.Value !== quoteTxt(value));
    if (!add && (!existing || others.length === existing.ResourceRecords?.length))
        return undefined;
    const records = add ? [...others, { Value: quoteTxt(value) }] : others;
    if (records.length === 0)
        return { Action: 'DELETE', ResourceRecordSet: existing };
    return {
        Action: 'UPSERT',
        ResourceRecordSet: { Name: rrName, Type: 'TXT', TTL: existing?.TTL ?? ttl, ResourceRecords: records },
    };
}
const route53_DOCS = `The TXT set is read, merged and written with \`UPSERT\` (\`DELETE\` when our value was the last one);
certflow then waits for the change to be \`INSYNC\`. Permissions needed:
\`route53:ListHostedZonesByName\`, \`route53:ListResourceRecordSets\`,
\`route53:ChangeResourceRecordSets\`, \`route53:GetChange\`.

Without \`access-key-id\`, the SDK's default chain is used: the environment, a web identity token
file (\`AWS_ROLE_ARN\` + \`AWS_WEB_IDENTITY_TOKEN_FILE\`), shared config, instance roles. In GitHub
Actions, \`aws-actions/configure-aws-credentials\` with OIDC assumes a role with the job's OIDC token
and exports temporary credentials (\`AWS_ACCESS_KEY_ID\`, \`AWS_SECRET_ACCESS_KEY\`,
\`AWS_SESSION_TOKEN\`) to the following steps: leave the three key fields out and certflow uses them,
session token included, with no long-lived secret anywhere. (If you map the keys in the config
instead, map \`session-token\` too: temporary keys are refused without it.)

\`\`\`yaml
# .github/workflows/renew.yml (the job)
permissions: { contents: write, id-token: write }
steps:
  - uses: aws-actions/configure-aws-credentials@v4
    with:
      role-to-assume: arn:aws:iam::123456789012:role/certflow-dns
      aws-region: us-east-1
  - uses: certflow/certflow@v1
    with: { command: renew }
\`\`\`

\`\`\`yaml
dns:
  aws:
    type: route53
    hosted-zone-id: Z0123456789ABCDEFGHIJ
\`\`\``;
const route53 = (0,dns_define/* defineProvider */.Nj)({
    type: 'route53',
    about: 'Amazon Route 53, through the official AWS SDK; waits for the change to be INSYNC',
    typeText: 'selects Amazon Route 53',
    fields: route53_fields,
    starter: {
        lines: [
            `access-key-id: ${(0,dns_define/* envRef */.rV)('AWS_ACCESS_KEY_ID')}`,
            `secret-access-key: ${(0,dns_define/* envRef */.rV)('AWS_SECRET_ACCESS_KEY')}`,
            'region: us-east-1',
            '# hosted-zone-id: Z0123456789ABCDEFGHIJ   # optional: skips the zone lookup',
            '# with aws-actions/configure-aws-credentials (OIDC), leave the keys out: the SDK reads its credentials',
        ],
        secrets: [
            {
                name: 'AWS_ACCESS_KEY_ID',
                what: 'access key of an IAM user allowed route53:ChangeResourceRecordSets',
            },
            { name: 'AWS_SECRET_ACCESS_KEY', what: 'its secret access key' },
        ],
    },
    docs: { title: 'Amazon Route 53 (official AWS SDK)', text: route53_DOCS },
    endpoints: (config) => [{ field: 'endpoint', url: config.endpoint, insecureHttp: config['insecure-http'] }],
    create: route53_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/vultr.ts
/**
 * vultr: Vultr's API v2 DNS, with an API key. Each TXT value is a record of its own, so creating
 * and deleting one never touches another. The domain is the longest one of the account (every
 * page of `GET /domains`) that contains the record.
 */





const vultr_fields = (f) => ({
    'api-key': f.secret('api-key', 'Vultr API key (Account > API) allowed from the runner'),
    'api-url': f
        .url()
        .default('https://api.vultr.com/v2')
        .describe('Vultr API root; change it only for tests or proxies'),
    'insecure-http': f.insecureHttp(),
});
const vultr_PER_PAGE = 500;
function vultr_create(name, config, deps) {
    const who = { type: config.type, name };
    deps.log.secret(config['api-key']);
    const api = httpClient({
        who,
        baseUrl: config['api-url'],
        headers: { Authorization: `Bearer ${config['api-key']}` },
        secrets: [config['api-key']],
        describe: (body) => body?.error,
        hint: (status) => status === 401 || status === 403
            ? "the API key was refused: check the secret mapped to api-key and that the key's access control allows the runner's address"
            : status === 0
                ? 'check api-url'
                : undefined,
    });
    const domainList = memo();
    const created = new Map();
    /** Every item of a cursor-paged list (capped so a loop cannot run away). */
    const all = async (path, key, signal) => {
        const out = [];
        let cursor = '';
        for (let n = 0; n < 200; n++) {
            const q = `per_page=${vultr_PER_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
            const body = await api.json({
                method: 'GET',
                path: `${path}?${q}`,
                signal,
            });
            out.push(...(body[key] ?? []));
            cursor = body.meta?.links?.next ?? '';
            if (!cursor)
                break;
        }
        return out;
    };
    const domainOf = async (fqdn, signal) => {
        const domains = await domainList('all', async () => (await all('/domains', 'domains', signal)).map((d) => d.domain.toLowerCase()));
        const best = (0,provider/* zoneFor */.wy)(fqdn, domains);
        if (!best)
            throw new provider/* DnsProviderError */.Rk(who, `no domain of this account contains ${fqdn} (it has ${domains.length})`, 'add the domain in Vultr DNS, or use an API key of the account that has it');
        return best;
    };
    return {
        ...commonFields(name, config),
        async present(record, signal) {
            const domain = await domainOf(record.fqdn, signal);
            const { record: made } = await api.json({
                method: 'POST',
                path: `/domains/${encodeURIComponent(domain)}/records`,
                body: {
                    name: relativeName(record.fqdn, domain, ''),
                    type: 'TXT',
                    data: quoteTxt(record.value),
                    ttl: record.ttl,
                },
                signal,
            });
            created.set(`${record.fqdn}|${record.value}`, { domain, id: made.id });
        },
        async cleanup(record, signal) {
            const key = `${record.fqdn}|${record.value}`;
            let mine = created.get(key);
            if (!mine) {
                // Not created by this process (a rerun after a crash): find it by name and value.
                const domain = await domainOf(record.fqdn, signal);
                const rel = relativeName(record.fqdn, domain, '');
                const records = await all(`/domains/${encodeURIComponent(domain)}/records`, 'records', signal);
                const hit = records.find((r) => r.type === 'TXT' && r.name === rel && r.data.replace(/^"|"$/g, '') === record.value);
                if (!hit)
                    return;
                mine = { domain, id: hit.id };
            }
            try {
                await api.request({
                    method: 'DELETE',
                    path: `/domains/${encodeURIComponent(mine.domain)}/records/${encodeURIComponent(mine.id)}`,
                    signal,
                });
            }
            catch (error) {
                if (!(error instanceof HttpError && error.status === 404))
                    throw error;
            }
            created.delete(key);
        },
    };
}
const vultr_DOCS = `Each value is its own record (\`POST /domains/{domain}/records\`); cleanup deletes that record
by id, or finds it by name and value after a crash. The domain is the longest one of the account
that contains the record. Vultr API keys are limited to the addresses allowed under Account > API >
Access Control: GitHub-hosted runners have changing addresses, so allow them or use a self-hosted
runner.

\`\`\`yaml
dns:
  vultr:
    type: vultr
    api-key: \${VULTR_API_KEY}
\`\`\``;
const vultr = (0,dns_define/* defineProvider */.Nj)({
    type: 'vultr',
    about: "Vultr's API v2 DNS; each value is a record of its own",
    typeText: "selects Vultr's DNS API",
    fields: vultr_fields,
    starter: {
        lines: [`api-key: ${(0,dns_define/* envRef */.rV)('VULTR_API_KEY')}`],
        secrets: [{ name: 'VULTR_API_KEY', what: 'Vultr API key whose access control allows the runner' }],
    },
    docs: { title: 'Vultr DNS API', text: vultr_DOCS },
    endpoints: (config) => [
        { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    ],
    create: vultr_create,
});

;// CONCATENATED MODULE: ./src/dns/providers/index.ts



















/** In the order of the schema, the reference and the docs. */
const PROVIDERS = [
    rfc2136,
    powerdns,
    cloudflare,
    route53,
    google,
    azure,
    ovh,
    exec,
    acmeDns,
    digitalocean,
    hetzner,
    linode,
    vultr,
    desec,
    dnsimple,
    porkbun,
    gandi,
    lexicon,
];
const DNS_TYPES = PROVIDERS.map((p) => p.type);
function providerSchemas(kit) {
    // `map` loses the tuple's element types; the elements are exactly those of the type above.
    return PROVIDERS.map((p) => p.schema(kit));
}
/** The module of a type, or undefined (an own-property lookup: never `constructor`). */
function providerModule(type) {
    return PROVIDERS.find((p) => p.type === type);
}
/**
 * `create` of the entry's module. TypeScript cannot tie a union of configs to the union of
 * modules, so the module is found by the entry's own `type` and called through one erased
 * signature: the schema put that `type` there, so the entry has exactly that module's fields.
 */
function createProvider(name, config, deps) {
    const module = providerModule(config.type);
    if (!module)
        throw new provider/* DnsProviderError */.Rk({ type: String(config.type), name }, 'unknown provider type');
    return module.create(name, config, deps);
}
/** The endpoints of an entry that carry its credential (none for a type without an API URL). */
function credentialEndpoints(config) {
    const module = providerModule(config.type);
    return module?.endpoints?.(config) ?? [];
}
/** Every provider of the config, by name. Built once per run. */
function createProviders(configs, deps) {
    const out = new Map();
    for (const [name, config] of Object.entries(configs))
        out.set(name, createProvider(name, config, deps));
    return out;
}


/***/ }),

/***/ 5931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ query),
/* harmony export */   eO: () => (/* binding */ cnameTarget),
/* harmony export */   jw: () => (/* binding */ assertDefinite)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(99874);
/* harmony import */ var _wire_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53970);
/**
 * A small stub resolver over our own transport: one question to one named server. Used to find
 * zones, follow challenge CNAMEs, look up CAA and watch a TXT record appear. Never the system
 * resolver (its caches would hide what the authoritative servers say).
 */




async function query(server, name, type, opts = {}) {
    const id = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomInt)(0, 0x10000);
    const wire = (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .encodeMessage */ .mH)({
        id,
        rd: opts.rd ?? true,
        questions: [{ name: (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(name), type, class: _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .CLASS */ .tp.IN }],
    });
    const raw = await (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .exchange */ .cv)(server, wire, opts);
    let answer;
    try {
        answer = (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .decodeMessage */ .Y8)(raw);
    }
    catch (error) {
        throw new Error(`${(0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .formatServer */ .xu)(server)} sent an answer to ${name} we refuse: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`);
    }
    const q = answer.questions[0];
    // An answer to another question is a spoof or a bug: never act on it.
    if (answer.id !== id || (q && (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(q.name) !== (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(name))) {
        throw new Error(`${(0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .formatServer */ .xu)(server)} answered another question`);
    }
    return answer;
}
/** Throws unless the answer is NOERROR or NXDOMAIN (a definite answer). */
function assertDefinite(msg, server, what) {
    if (msg.rcode !== 0 && msg.rcode !== 3) {
        throw new Error(`${(0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .formatServer */ .xu)(server)} answered ${(0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .rcodeName */ .Z$)(msg.rcode)} for ${what}`);
    }
}
/** The CNAME target of `name` in an answer, if the answer has one. */
function cnameTarget(msg, name) {
    const want = (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(name);
    const rr = msg.answers.find((r) => r.type === _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.CNAME && (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(r.name) === want);
    return rr ? (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(rr.data) : undefined;
}



/***/ }),

/***/ 19111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Te: () => (/* binding */ systemResolvers),
/* harmony export */   U8: () => (/* binding */ followCname),
/* harmony export */   _S: () => (/* binding */ findZone),
/* harmony export */   bS: () => (/* binding */ serversToAsk),
/* harmony export */   ec: () => (/* binding */ describeServers),
/* harmony export */   jI: () => (/* binding */ CnameRefusedError)
/* harmony export */ });
/* unused harmony exports isValidRecordName, authoritativeServers */
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40610);
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_dns__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _query_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5931);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(99874);
/* harmony import */ var _wire_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53970);
/**
 * Where a challenge record lives and who must serve it: the zone of a name, the CNAME target of
 * `_acme-challenge.<name>`, and the servers to watch for propagation. Every question goes to
 * named servers (the provider's `resolvers`, or the machine's configured nameservers read once
 * as addresses), never through the system's resolver library.
 */




/** The machine's nameservers as addresses (no lookup is made to read them). */
function systemResolvers() {
    return (0,node_dns__WEBPACK_IMPORTED_MODULE_0__.getServers)().map((s) => (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .parseServer */ .ld)(s));
}
async function firstAnswer(ctx, ask) {
    let last;
    for (const server of ctx.resolvers) {
        try {
            return await ask(server);
        }
        catch (error) {
            last = error;
            if (ctx.signal?.aborted)
                throw error;
        }
    }
    throw last ?? new Error('no DNS resolvers configured');
}
/**
 * The zone (apex) that holds `name`: the owner of the SOA in the answer or the authority
 * section. A CNAME at `name` means its SOA answer is about the target, so we climb instead.
 */
async function findZone(name, ctx) {
    let candidate = (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(name);
    for (let depth = 0; depth < 16 && candidate.length > 0; depth++) {
        const current = candidate;
        const msg = await firstAnswer(ctx, async (server) => {
            const m = await (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .query */ .P)(server, current, _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.SOA, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
            (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .assertDefinite */ .jw)(m, server, `SOA ${current}`);
            return m;
        });
        const soa = msg.answers.find((r) => r.type === _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.SOA && (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(r.name) === current);
        if (soa)
            return current;
        if (!(0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .cnameTarget */ .eO)(msg, current)) {
            const auth = msg.authority.find((r) => r.type === _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.SOA);
            if (auth && current.endsWith((0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(auth.name)))
                return (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(auth.name);
        }
        candidate = current.split('.').slice(1).join('.');
    }
    throw new Error(`no zone found for ${name}: no SOA record above it`);
}
/**
 * A name we are willing to write a record at: letters, digits, "-" and "_" (for
 * `_acme-challenge`) in labels of 1-63 bytes, at most 253 characters, two labels or more. A CNAME
 * target comes from the network, and it reaches provider APIs and exec scripts as a name.
 */
function isValidRecordName(name) {
    if (name.length === 0 || name.length > 253)
        return false;
    const labels = name.split('.');
    if (labels.length < 2)
        return false;
    return labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
}
/** A CNAME target we will not use: not a DNS name, or outside the zones the config allows. */
class CnameRefusedError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CnameRefusedError';
    }
}
/**
 * Follows CNAMEs from `name` (at most 8) and returns the final name, where the TXT record must be
 * written. Each hop is asked again, so this works with resolvers and with authoritative servers
 * that do not chase targets outside their zones.
 */
async function followCname(name, ctx) {
    let current = (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(name);
    const seen = new Set([current]);
    for (let hop = 0; hop < 8; hop++) {
        const here = current;
        const msg = await firstAnswer(ctx, async (server) => {
            const m = await (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .query */ .P)(server, here, _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.TXT, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
            (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .assertDefinite */ .jw)(m, server, `TXT ${here}`);
            return m;
        });
        const target = (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .cnameTarget */ .eO)(msg, here);
        if (!target)
            return here;
        // Checked before it is asked for, written at, or handed to a script.
        if (!isValidRecordName(target)) {
            throw new CnameRefusedError(`${(0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(name)}: ${here} is a CNAME to ${JSON.stringify(target)}, which is not a valid DNS name; nothing was written. Fix or remove the CNAME`);
        }
        if (seen.has(target))
            throw new Error(`CNAME loop at ${here} -> ${target}`);
        seen.add(target);
        current = target;
    }
    throw new Error(`more than 8 CNAMEs from ${name}`);
}
/** The zone's authoritative servers as addresses (port 53), found through the resolvers. */
async function authoritativeServers(zone, ctx) {
    const ns = await firstAnswer(ctx, (server) => (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .query */ .P)(server, zone, _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.NS, { signal: ctx.signal, timeoutMs: ctx.timeoutMs }));
    const names = ns.answers.filter((r) => r.type === _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.NS).map((r) => (0,_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .normalizeName */ .Pc)(r.data));
    const servers = [];
    for (const host of names) {
        for (const type of [_wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.A, _wire_js__WEBPACK_IMPORTED_MODULE_3__/* .TYPE */ .ZE.AAAA]) {
            const msg = await firstAnswer(ctx, (server) => (0,_query_js__WEBPACK_IMPORTED_MODULE_1__/* .query */ .P)(server, host, type, { signal: ctx.signal, timeoutMs: ctx.timeoutMs })).catch(() => undefined);
            for (const rr of msg?.answers ?? []) {
                if (rr.type === type && typeof rr.data === 'string')
                    servers.push({ host: rr.data, port: 53 });
            }
        }
    }
    if (servers.length === 0) {
        throw new Error(`no address found for the name servers of ${zone} (${names.join(', ') || 'no NS records'})`);
    }
    return servers;
}
/**
 * Where to ask what a name serves: the configured resolvers, recursively; else the servers of its
 * zone, found through `ctx`, without recursion (what they say is the zone's own word, not a cache).
 */
async function serversToAsk(name, resolvers, ctx) {
    if (resolvers)
        return { servers: resolvers, rd: true };
    return { servers: await authoritativeServers(await findZone(name, ctx), ctx), rd: false };
}
function describeServers(servers) {
    return servers.map(_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .formatServer */ .xu).join(', ');
}


/***/ }),

/***/ 99874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BN: () => (/* binding */ DnsTimeoutError),
/* harmony export */   cv: () => (/* binding */ exchange),
/* harmony export */   ld: () => (/* binding */ parseServer),
/* harmony export */   xu: () => (/* binding */ formatServer)
/* harmony export */ });
/* harmony import */ var node_dgram__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41314);
/* harmony import */ var node_dgram__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_dgram__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Sends one DNS message to one server and returns the answer: UDP first, TCP when the answer
 * comes back truncated (or when asked). No system resolver is ever involved: callers name the
 * server by address.
 */


/** "host", "host:port", "[v6]:port" -> Server (port 53 by default). */
function parseServer(text, defaultPort = 53) {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text.trim());
    if (v6)
        return { host: v6[1], port: v6[2] ? Number(v6[2]) : defaultPort };
    const [host, port, extra] = text.trim().split(':');
    if (extra !== undefined)
        return { host: text.trim(), port: defaultPort }; // bare IPv6
    return { host: host, port: port ? Number(port) : defaultPort };
}
function formatServer(s) {
    return (0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}
class DnsTimeoutError extends Error {
    constructor(server, how) {
        super(`no answer from ${formatServer(server)} over ${how}`);
        this.name = 'DnsTimeoutError';
    }
}
function abortError(signal) {
    return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
function udpOnce(server, wire, timeoutMs, signal) {
    return new Promise((resolve, reject) => {
        const socket = (0,node_dgram__WEBPACK_IMPORTED_MODULE_0__.createSocket)((0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(server.host) === 6 ? 'udp6' : 'udp4');
        const id = wire.readUInt16BE(0);
        const done = (error, data) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            socket.close();
            if (error)
                reject(error);
            else
                resolve(data);
        };
        const onAbort = () => done(abortError(signal));
        const timer = setTimeout(() => done(new DnsTimeoutError(server, 'UDP')), timeoutMs);
        socket.on('error', (e) => done(e));
        // Anything that is not the answer to our ID is ignored (a late answer to an earlier try).
        socket.on('message', (msg) => {
            if (msg.length >= 12 && msg.readUInt16BE(0) === id)
                done(undefined, msg);
        });
        if (signal?.aborted)
            return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.connect(server.port, server.host, () => {
            socket.send(wire, (e) => {
                if (e)
                    done(e);
            });
        });
    });
}
function tcpOnce(server, wire, timeoutMs, signal) {
    return new Promise((resolve, reject) => {
        const socket = new node_net__WEBPACK_IMPORTED_MODULE_1__.Socket();
        let buf = Buffer.alloc(0);
        const done = (error, data) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            socket.destroy();
            if (error)
                reject(error);
            else
                resolve(data);
        };
        const onAbort = () => done(abortError(signal));
        const timer = setTimeout(() => done(new DnsTimeoutError(server, 'TCP')), timeoutMs);
        socket.on('error', (e) => done(e));
        socket.on('data', (chunk) => {
            buf = Buffer.concat([buf, chunk]);
            if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
                done(undefined, buf.subarray(2, 2 + buf.readUInt16BE(0)));
            }
        });
        socket.on('close', () => done(new Error(`${formatServer(server)} closed the TCP connection`)));
        if (signal?.aborted)
            return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.connect(server.port, server.host, () => {
            const len = Buffer.alloc(2);
            len.writeUInt16BE(wire.length, 0);
            socket.write(Buffer.concat([len, wire]));
        });
    });
}
/** Sends `wire` and returns the raw answer. Falls back to TCP when the UDP answer has TC set. */
async function exchange(server, wire, opts = {}) {
    const timeoutMs = opts.timeoutMs ?? 2000;
    if (opts.tcp || wire.length > 512)
        return tcpOnce(server, wire, timeoutMs * 2, opts.signal);
    const tries = opts.tries ?? 2;
    let last;
    for (let i = 0; i < tries; i++) {
        try {
            const answer = await udpOnce(server, wire, timeoutMs, opts.signal);
            const truncated = (answer.readUInt16BE(2) & 0x0200) !== 0;
            return truncated ? await tcpOnce(server, wire, timeoutMs * 2, opts.signal) : answer;
        }
        catch (error) {
            last = error;
            if (!(error instanceof DnsTimeoutError))
                throw error;
        }
    }
    throw last ?? new DnsTimeoutError(server, 'UDP');
}


/***/ }),

/***/ 53970:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ encodeTxt),
/* harmony export */   Pc: () => (/* binding */ normalizeName),
/* harmony export */   Y8: () => (/* binding */ decodeMessage),
/* harmony export */   Z$: () => (/* binding */ rcodeName),
/* harmony export */   ZE: () => (/* binding */ TYPE),
/* harmony export */   aA: () => (/* binding */ encodeName),
/* harmony export */   b9: () => (/* binding */ txtValues),
/* harmony export */   e4: () => (/* binding */ decodeName),
/* harmony export */   es: () => (/* binding */ DnsDecodeError),
/* harmony export */   jc: () => (/* binding */ OPCODE),
/* harmony export */   mH: () => (/* binding */ encodeMessage),
/* harmony export */   tp: () => (/* binding */ CLASS)
/* harmony export */ });
/* unused harmony exports RCODE_NAMES, encodeRecord, MAX_LABEL, MAX_NAME, MAX_QUESTIONS, MAX_RECORDS */
/**
 * The DNS wire format (RFC 1035), only as much as certflow needs: queries for TXT, SOA, NS,
 * CNAME, A, AAAA and CAA, and DNS UPDATE messages (RFC 2136). Small on purpose; the encoder
 * never compresses names (allowed everywhere, and TSIG wants them uncompressed anyway).
 */
const TYPE = {
    A: 1,
    NS: 2,
    CNAME: 5,
    SOA: 6,
    TXT: 16,
    AAAA: 28,
    OPT: 41,
    TSIG: 250,
    ANY: 255,
    CAA: 257,
};
const CLASS = { IN: 1, NONE: 254, ANY: 255 };
const OPCODE = { QUERY: 0, UPDATE: 5 };
const RCODE_NAMES = {
    0: 'NOERROR',
    1: 'FORMERR',
    2: 'SERVFAIL',
    3: 'NXDOMAIN',
    4: 'NOTIMP',
    5: 'REFUSED',
    6: 'YXDOMAIN',
    7: 'YXRRSET',
    8: 'NXRRSET',
    9: 'NOTAUTH',
    10: 'NOTZONE',
    16: 'BADSIG',
    17: 'BADKEY',
    18: 'BADTIME',
};
/** Lower-case, no trailing dot: the one spelling names are compared in. */
function normalizeName(name) {
    return name.trim().replace(/\.$/, '').toLowerCase();
}
/** Encodes a name as labels (no compression). Throws on labels longer than 63 bytes. */
function encodeName(name) {
    const norm = name.replace(/\.$/, '');
    const parts = [];
    if (norm.length > 0) {
        for (const label of norm.split('.')) {
            const bytes = Buffer.from(label, 'utf8');
            if (bytes.length === 0 || bytes.length > MAX_LABEL)
                throw new Error(`invalid DNS name: ${name}`);
            parts.push(Buffer.from([bytes.length]), bytes);
        }
    }
    parts.push(Buffer.from([0]));
    return Buffer.concat(parts);
}
/** TXT RDATA: one or more <character-string>s of at most 255 bytes each. */
function encodeTxt(value) {
    const bytes = Buffer.from(value, 'utf8');
    const parts = [];
    for (let i = 0; i < bytes.length || i === 0; i += 255) {
        const chunk = bytes.subarray(i, i + 255);
        parts.push(Buffer.from([chunk.length]), chunk);
        if (bytes.length === 0)
            break;
    }
    return Buffer.concat(parts);
}
function encodeRecord(rr) {
    const head = Buffer.alloc(10);
    head.writeUInt16BE(rr.type, 0);
    head.writeUInt16BE(rr.class, 2);
    head.writeUInt32BE(rr.ttl >>> 0, 4);
    head.writeUInt16BE(rr.rdata.length, 8);
    return Buffer.concat([encodeName(rr.name), head, rr.rdata]);
}
/**
 * Builds a message. For UPDATE the sections are named zone/prerequisite/update/additional
 * but laid out exactly like question/answer/authority/additional.
 */
function encodeMessage(m) {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(m.id, 0);
    const opcode = m.opcode ?? OPCODE.QUERY;
    header.writeUInt16BE(((opcode & 0xf) << 11) | (m.rd ? 0x0100 : 0), 2);
    header.writeUInt16BE(m.questions.length, 4);
    header.writeUInt16BE(m.answers?.length ?? 0, 6);
    header.writeUInt16BE(m.authority?.length ?? 0, 8);
    header.writeUInt16BE(m.additional?.length ?? 0, 10);
    const parts = [header];
    for (const q of m.questions) {
        const tail = Buffer.alloc(4);
        tail.writeUInt16BE(q.type, 0);
        tail.writeUInt16BE(q.class, 2);
        parts.push(encodeName(q.name), tail);
    }
    for (const rr of [...(m.answers ?? []), ...(m.authority ?? []), ...(m.additional ?? [])]) {
        parts.push(encodeRecord(rr));
    }
    return Buffer.concat(parts);
}
/**
 * A DNS message that breaks the wire format or our limits. Answers come from the network, so
 * every way a decoder can fail ends here, never in a RangeError from reading past the end.
 */
class DnsDecodeError extends Error {
    constructor(message) {
        super(`malformed DNS message: ${message}`);
        this.name = 'DnsDecodeError';
    }
}
/** RFC 1035 section 2.3.4: a label holds 63 bytes, a name 255 on the wire. */
const MAX_LABEL = 63;
const MAX_NAME = 255;
/**
 * What a sensible answer holds. One question (RFC 9619: QDCOUNT above 1 is invalid). Records:
 * a TXT set during a busy renewal, NS, SOA, OPT and TSIG fit with room to spare; more is an
 * attack on our memory, and refusing it costs nothing because we read nothing else.
 */
const MAX_QUESTIONS = 1;
const MAX_RECORDS = 256;
function u16(buf, at, end, what) {
    if (at + 2 > end)
        throw new DnsDecodeError(`${what} cut short at byte ${at}`);
    return buf.readUInt16BE(at);
}
/**
 * One label in presentation form: printable ASCII stays, anything else (dots and backslashes
 * inside a label, spaces, non-ASCII bytes) becomes \DDD, so a label can never pose as two
 * labels ("attacker.net" in one label is not the name attacker.net) and a name is plain text.
 */
function labelText(bytes) {
    let out = '';
    for (const b of bytes) {
        if (b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c)
            out += String.fromCharCode(b);
        else
            out += `\\${String(b).padStart(3, '0')}`;
    }
    return out;
}
/**
 * Reads a possibly compressed name at `offset`; returns the name and the offset after it.
 * The name's own bytes (up to its first pointer) must lie before `end` (the end of the RDATA
 * when the name is a field of one). Pointers must point backwards, to an earlier name (RFC
 * 1035 4.1.4 says "prior occurrence"), which rules out loops; labels of 64-191 bytes (length
 * bytes 0x40-0xBF) are reserved label types and refused, as are names over 255 bytes.
 */
function decodeName(buf, offset, end = buf.length) {
    const labels = [];
    let wireLength = 1; // the final zero byte
    let at = offset;
    let limit = end;
    let next = -1;
    let hops = 0;
    for (;;) {
        if (at >= limit)
            throw new DnsDecodeError(`name cut short at byte ${at}`);
        const len = buf[at];
        if (len === 0) {
            if (next < 0)
                next = at + 1;
            return { name: labels.join('.'), next };
        }
        const kind = len & 0xc0;
        if (kind === 0xc0) {
            if (at + 2 > limit)
                throw new DnsDecodeError(`compression pointer cut short at byte ${at}`);
            const target = ((len & 0x3f) << 8) | buf[at + 1];
            if (target >= at) {
                throw new DnsDecodeError(`compression pointer loop at byte ${at} (a pointer must point to an earlier name)`);
            }
            // A 255-byte name has at most 127 labels: more pointers than that is a chain to nowhere.
            if (++hops > 127)
                throw new DnsDecodeError(`more than 127 compression pointers in a name at byte ${offset}`);
            if (next < 0)
                next = at + 2;
            // Past a pointer the name may continue anywhere earlier in the message.
            limit = at;
            at = target;
            continue;
        }
        if (kind !== 0)
            throw new DnsDecodeError(`label type 0x${len.toString(16)} at byte ${at} is not supported`);
        if (at + 1 + len > limit)
            throw new DnsDecodeError(`label cut short at byte ${at}`);
        wireLength += 1 + len;
        if (wireLength > MAX_NAME)
            throw new DnsDecodeError(`name longer than ${MAX_NAME} bytes at byte ${offset}`);
        labels.push(labelText(buf.subarray(at + 1, at + 1 + len)));
        at += 1 + len;
    }
}
/** A name that must fill a field exactly (CNAME, NS: the whole RDATA). */
function nameField(buf, start, end, what) {
    const n = decodeName(buf, start, end);
    if (n.next !== end)
        throw new DnsDecodeError(`${what} does not fill its RDATA`);
    return n.name;
}
/** TXT RDATA: one or more <character-string>s, each inside the RDATA. */
function decodeTxt(rdata) {
    if (rdata.length === 0)
        throw new DnsDecodeError('TXT record with empty RDATA');
    const out = [];
    let i = 0;
    while (i < rdata.length) {
        const len = rdata[i];
        if (i + 1 + len > rdata.length) {
            throw new DnsDecodeError(`TXT string claims ${len} bytes but its RDATA holds ${rdata.length - i - 1}`);
        }
        out.push(rdata.toString('utf8', i + 1, i + 1 + len));
        i += 1 + len;
    }
    return out;
}
function decodeData(buf, type, start, rdata) {
    const end = start + rdata.length;
    switch (type) {
        case TYPE.TXT:
            return decodeTxt(rdata);
        case TYPE.NS:
            return nameField(buf, start, end, 'NS target');
        case TYPE.CNAME:
            return nameField(buf, start, end, 'CNAME target');
        case TYPE.A:
            if (rdata.length !== 4)
                throw new DnsDecodeError(`A record with ${rdata.length} bytes of RDATA`);
            return Array.from(rdata).join('.');
        case TYPE.AAAA: {
            if (rdata.length !== 16)
                throw new DnsDecodeError(`AAAA record with ${rdata.length} bytes of RDATA`);
            const groups = [];
            for (let i = 0; i < 16; i += 2)
                groups.push(rdata.readUInt16BE(i).toString(16));
            return groups.join(':');
        }
        case TYPE.SOA: {
            const m = decodeName(buf, start, end);
            const r = decodeName(buf, m.next, end);
            // serial, refresh, retry, expire, minimum: exactly 20 bytes left.
            if (r.next + 20 !== end)
                throw new DnsDecodeError('SOA fields do not fill its RDATA');
            return { mname: m.name, rname: r.name, serial: buf.readUInt32BE(r.next) };
        }
        case TYPE.CAA: {
            const tagLen = rdata[1] ?? 0;
            if (rdata.length < 2 || tagLen === 0 || 2 + tagLen > rdata.length) {
                throw new DnsDecodeError('CAA tag does not fit its RDATA');
            }
            return {
                flags: rdata[0],
                tag: rdata.toString('ascii', 2, 2 + tagLen).toLowerCase(),
                value: rdata.toString('utf8', 2 + tagLen),
            };
        }
        default:
            return undefined;
    }
}
/**
 * Decodes a message, within the limits above. Counts are checked against the header before
 * anything is read, and against the bytes there are (a question takes at least 5, a record
 * 11), so a lying header costs nothing.
 */
function decodeMessage(buf) {
    if (buf.length < 12)
        throw new DnsDecodeError(`${buf.length} bytes, shorter than a header`);
    const flags = buf.readUInt16BE(2);
    const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
    const [qd, an, ns, ar] = counts;
    if (qd > MAX_QUESTIONS)
        throw new DnsDecodeError(`${qd} questions (at most ${MAX_QUESTIONS})`);
    if (an + ns + ar > MAX_RECORDS)
        throw new DnsDecodeError(`${an + ns + ar} records (at most ${MAX_RECORDS})`);
    if (12 + qd * 5 + (an + ns + ar) * 11 > buf.length) {
        throw new DnsDecodeError(`the header counts more records than ${buf.length} bytes can hold`);
    }
    let at = 12;
    const questions = [];
    for (let i = 0; i < qd; i++) {
        const n = decodeName(buf, at);
        const type = u16(buf, n.next, buf.length, 'question');
        const klass = u16(buf, n.next + 2, buf.length, 'question');
        questions.push({ name: n.name, type, class: klass });
        at = n.next + 4;
    }
    const sections = [[], [], []];
    for (let s = 0; s < 3; s++) {
        for (let i = 0; i < counts[s + 1]; i++) {
            const offset = at;
            const n = decodeName(buf, at);
            const len = u16(buf, n.next + 8, buf.length, 'record header');
            const type = buf.readUInt16BE(n.next);
            const klass = buf.readUInt16BE(n.next + 2);
            const ttl = buf.readUInt32BE(n.next + 4);
            const start = n.next + 10;
            if (start + len > buf.length)
                throw new DnsDecodeError(`RDATA cut short at byte ${start}`);
            const rdata = buf.subarray(start, start + len);
            sections[s].push({
                name: n.name,
                type,
                class: klass,
                ttl,
                rdata,
                data: decodeData(buf, type, start, rdata),
                offset,
            });
            at = start + len;
        }
    }
    return {
        id: buf.readUInt16BE(0),
        response: (flags & 0x8000) !== 0,
        opcode: (flags >> 11) & 0xf,
        aa: (flags & 0x0400) !== 0,
        tc: (flags & 0x0200) !== 0,
        rd: (flags & 0x0100) !== 0,
        ra: (flags & 0x0080) !== 0,
        rcode: flags & 0xf,
        questions,
        answers: sections[0],
        authority: sections[1],
        additional: sections[2],
    };
}
function rcodeName(rcode) {
    return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}
/** TXT values of `name` in a message's answers (strings of one record joined, RFC 7208 style). */
function txtValues(msg, name) {
    const want = normalizeName(name);
    return msg.answers
        .filter((rr) => rr.type === TYPE.TXT && normalizeName(rr.name) === want)
        .map((rr) => rr.data.join(''));
}


/***/ }),

/***/ 30374:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ shardNames),
/* harmony export */   h: () => (/* binding */ MAX_SHARDS)
/* harmony export */ });
/**
 * Shards for the Actions matrix (issue 22). GitHub allows at most 256 jobs per matrix, so with
 * `shards: N` or `shard-size: K` the plan hands out groups of due certificates instead of one job
 * per certificate. Every due name lands in exactly one shard, shard sizes differ by at most one,
 * and the same plan always gives the same shards (the plan's order is the config's order).
 */
/** GitHub's limit on jobs in one matrix. */
const MAX_SHARDS = 256;
/**
 * Contiguous runs of the due names: the first (due mod count) shards get one name more. Never an
 * empty shard: with fewer names than shards there are as many shards as names. A size that would
 * need more than 256 shards gives 256 larger ones.
 */
function shardNames(names, request) {
    if (names.length === 0)
        return [];
    const wanted = 'shards' in request ? request.shards : Math.ceil(names.length / request.size);
    const count = Math.max(1, Math.min(wanted, MAX_SHARDS, names.length));
    const base = Math.floor(names.length / count);
    const extra = names.length % count;
    const entries = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
        const size = base + (i < extra ? 1 : 0);
        entries.push({ index: i + 1, of: count, names: names.slice(at, at + size) });
        at += size;
    }
    return entries;
}


/***/ }),

/***/ 71033:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ML: () => (/* binding */ describeRecipientsChange),
/* harmony export */   kT: () => (/* binding */ allRecipients),
/* harmony export */   sx: () => (/* binding */ recipientsFor),
/* harmony export */   xA: () => (/* binding */ recipientsChange)
/* harmony export */ });
/** The recipients `name` is sealed to, without duplicates, store's first (order is stable). */
function recipientsFor(config, name) {
    const cert = config.certificates[name];
    const all = [...config.store.recipients, ...(cert?.recipients ?? [])];
    for (const t of cert?.targets ?? []) {
        const target = Object.hasOwn(config.targets, t) ? config.targets[t] : undefined;
        all.push(...(target?.recipients ?? []));
    }
    return [...new Set(all)];
}
/** Every recipient the config names anywhere: what CERTFLOW_RECIPIENTS pins. */
function allRecipients(config) {
    const all = [...config.store.recipients];
    for (const c of Object.values(config.certificates))
        all.push(...(c.recipients ?? []));
    for (const t of Object.values(config.targets))
        all.push(...(t.recipients ?? []));
    return [...new Set(all)];
}
/** How the sealed set differs from the wanted one, or undefined when they are the same set. */
function recipientsChange(sealed, wanted) {
    const had = new Set(sealed);
    const want = new Set(wanted);
    const added = [...want].filter((r) => !had.has(r));
    const removed = [...had].filter((r) => !want.has(r));
    return added.length + removed.length === 0 ? undefined : { added, removed };
}
function describeRecipientsChange(change) {
    return [
        change.added.length > 0 ? `+${change.added.join(' +')}` : '',
        change.removed.length > 0 ? `-${change.removed.join(' -')}` : '',
    ]
        .filter(Boolean)
        .join(' ');
}


/***/ }),

/***/ 94132:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qc: () => (/* binding */ childEnvironment),
/* harmony export */   uz: () => (/* binding */ listedValues)
/* harmony export */ });
/* unused harmony exports BASE_VARIABLES, VARIABLE_NAME */
/** Always passed: where programs are and where their dotfiles live. */
const BASE_VARIABLES = ['PATH', 'HOME'];
/** A variable name a shell accepts, as `env:` lists take. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * The values a child gets through `env:`: a script asks for its own credential that way, so the
 * run's redactor must know them (short values, like a region, are not worth masking).
 */
function listedValues(parent, listed) {
    return listed
        .map((name) => (Object.hasOwn(parent, name) ? parent[name] : undefined))
        .filter((v) => v !== undefined && v.trim().length >= 8);
}
function childEnvironment(parent, listed, own = {}) {
    const out = {};
    for (const name of [...BASE_VARIABLES, ...listed]) {
        const value = Object.hasOwn(parent, name) ? parent[name] : undefined;
        if (value !== undefined)
            out[name] = value;
    }
    return { ...out, ...own };
}


/***/ }),

/***/ 26518:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   ft: () => (/* binding */ DURATION),
/* harmony export */   pc: () => (/* binding */ durationMs)
/* harmony export */ });
/** A duration: "90s", "5m", "2h", "1d"; a bare number is seconds. */
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** "90s" -> 90000. A bare number means seconds. The schema has already checked the form. */
function durationMs(value) {
    if (typeof value === 'number')
        return value * 1000;
    const match = DURATION.exec(value.trim());
    if (!match)
        throw new Error(`not a duration: ${value}`);
    return Number.parseFloat(match[1] ?? '0') * (UNIT_MS[match[2] ?? 's'] ?? 1000);
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 3_600_000)
        return `${Math.round(ms / 60_000)} min`;
    if (ms < 172_800_000)
        return `${Math.round(ms / 3_600_000)} h`;
    return `${Math.round(ms / 86_400_000)} days`;
}


/***/ }),

/***/ 70017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ UsageError),
/* harmony export */   g: () => (/* binding */ errorMessage)
/* harmony export */ });
class UsageError extends Error {
    problems;
    constructor(message, problems = []) {
        super(message);
        this.name = 'UsageError';
        this.problems = problems;
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ }),

/***/ 50767:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $u: () => (/* binding */ makeRedactor),
/* harmony export */   KL: () => (/* binding */ redactDeep),
/* harmony export */   dw: () => (/* binding */ notePublicPart),
/* harmony export */   g9: () => (/* binding */ escapeCommands),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony exports REDACTED, base64Forms, secretPieces */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Masking of secrets in text: the one Redactor each Logger holds, which every output of a run
 * passes through (log lines, summary, report, alerts, PR bodies, error text kept in the store).
 *
 * A secret leaks in more than one form. A multi-line secret (a PEM key) may be printed whole, one
 * line at a time, or joined into one base64 string; every such form contains its body lines, so
 * masking those lines too masks them all. Any secret may also be printed base64-encoded (a hook
 * that logs an Authorization header, `base64 -w0 key.pem`): its encodings are masked as well.
 */

const REDACTED = '***';
/** Shorter pieces are not masked on their own: they would match ordinary text. */
const MIN_PIECE = 16;
/**
 * The base64 text that encodes `value` wherever it sits in a longer encoded stream: for each of
 * the three alignments, the encoding of the value from its first aligned byte, cut before the
 * last group (which depends on what follows).
 */
function base64Forms(value) {
    const bytes = Buffer.from(value, 'utf8');
    const out = [];
    for (let skip = 0; skip < 3 && skip < bytes.length; skip++) {
        const rest = bytes.subarray(skip);
        const whole = rest.subarray(0, rest.length - (rest.length % 3));
        const encoded = whole.toString('base64');
        if (encoded.length >= MIN_PIECE)
            out.push(encoded);
    }
    // The value alone, padded, as `base64 <<< value` prints it.
    out.push(bytes.toString('base64'));
    return out;
}
/**
 * The public key (SPKI DER) of a private key PEM, else undefined. A private key's encoding ends with
 * its public key (EC keys carry the point, PKCS#8 may too); a body line made only of those bytes
 * is public, and the certificate holds the same bytes, so masking it would garble certificates in
 * reports while hiding nothing.
 */
function publicPartOf(pem) {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
        return undefined;
    const noted = publicParts.get(pem);
    if (noted) {
        publicParts.delete(pem);
        return noted;
    }
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(pem)).export({ type: 'spki', format: 'der' });
    }
    catch {
        return undefined; // encrypted or not a key after all: mask every line
    }
}
/**
 * Public keys of private keys certflow has just made, noted by whoever made them (acme/keys.ts)
 * so that registering the key as a secret need not parse the PEM again: OpenSSL takes ~0.35 ms
 * per parse, a millisecond per certificate with the public-key export (issue 22). Each note is
 * used once; a few hundred at most are kept, so notes nobody uses cannot pile up.
 */
const publicParts = new Map();
const MAX_NOTED = 256;
/** Notes `spkiDer` as the public key of the private key `pem` (for its next `secretPieces`). */
function notePublicPart(pem, spkiDer) {
    if (publicParts.size >= MAX_NOTED)
        publicParts.delete(publicParts.keys().next().value);
    publicParts.set(pem.trim(), spkiDer);
}
/** Whether a base64 body line decodes to bytes found as they are in `publicDer`. */
function onlyPublic(line, publicDer) {
    if (!publicDer || line.length % 4 !== 0)
        return false;
    return publicDer.includes(Buffer.from(line, 'base64'));
}
/** The pieces of a secret to mask: the value, each body line of a multi-line value, base64 forms. */
function secretPieces(value) {
    const trimmed = value.trim();
    const publicDer = publicPartOf(trimmed);
    const lines = trimmed
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length >= MIN_PIECE && !l.startsWith('-----') && !onlyPublic(l, publicDer));
    const encoded = trimmed.length >= 8 ? [...base64Forms(trimmed), ...base64Forms(`${trimmed}\n`)] : [];
    return [...new Set([value, trimmed, ...lines, ...encoded])].filter((p) => p.length > 0);
}
/**
 * The secrets of a run, and their removal from text. A renew of N certificates registers N keys,
 * each as a dozen pieces, and every log line passes through here: the pieces are indexed by their
 * first MIN_PIECE characters, so a line costs one lookup per character, not one search per piece
 * (issue 22: with 1,000 keys, a search per piece made every log line scan 12,000 strings).
 */
class Redactor {
    known = new Set();
    /** Secrets added whole -> their pieces, so that `forget` need not work them out again. */
    added = new Map();
    /** First MIN_PIECE characters -> pieces starting with them, longest first. */
    byPrefix = new Map();
    /** Pieces shorter than MIN_PIECE (short secrets given whole), longest first. */
    short = [];
    /** Registers a secret; returns false when it was already known (or empty). */
    add(value) {
        if (this.added.has(value))
            return false;
        const pieces = secretPieces(value);
        this.added.set(value, pieces);
        const fresh = pieces.filter((p) => !this.known.has(p));
        if (fresh.length === 0)
            return false;
        for (const piece of fresh) {
            this.known.add(piece);
            if (piece.length < MIN_PIECE) {
                this.short = [...this.short, piece].sort((a, b) => b.length - a.length);
                continue;
            }
            const key = piece.slice(0, MIN_PIECE);
            const list = this.byPrefix.get(key) ?? [];
            list.push(piece);
            list.sort((a, b) => b.length - a.length);
            this.byPrefix.set(key, list);
        }
        return true;
    }
    /**
     * Drops a secret registered with `add`, once nothing in the run holds it any more (a key sealed
     * and let go): N keys need not stay in memory for the sake of masking them. Pieces another
     * registered secret shares are dropped too; such sharing does not happen between keys.
     */
    forget(value) {
        const pieces = this.added.get(value) ?? secretPieces(value);
        this.added.delete(value);
        for (const piece of pieces) {
            if (!this.known.delete(piece))
                continue;
            if (piece.length < MIN_PIECE) {
                this.short = this.short.filter((p) => p !== piece);
                continue;
            }
            const key = piece.slice(0, MIN_PIECE);
            const list = (this.byPrefix.get(key) ?? []).filter((p) => p !== piece);
            if (list.length > 0)
                this.byPrefix.set(key, list);
            else
                this.byPrefix.delete(key);
        }
    }
    apply(text) {
        let out = text;
        if (this.byPrefix.size > 0 && out.length >= MIN_PIECE)
            out = this.maskIndexed(out);
        for (const piece of this.short)
            if (out.includes(piece))
                out = out.split(piece).join(REDACTED);
        return out;
    }
    /**
     * Every place where some piece starts is covered for that piece's length; each run of covered
     * text becomes one REDACTED. Overlapping secrets are masked whole, whichever is longer.
     */
    maskIndexed(text) {
        let out = '';
        let copied = 0;
        let coverEnd = -1;
        let runStart = -1;
        for (let i = 0; i + MIN_PIECE <= text.length; i++) {
            const list = this.byPrefix.get(text.slice(i, i + MIN_PIECE));
            const hit = list?.find((piece) => text.startsWith(piece, i));
            if (hit) {
                if (i > coverEnd) {
                    if (runStart >= 0) {
                        out += `${text.slice(copied, runStart)}${REDACTED}`;
                        copied = coverEnd;
                    }
                    runStart = i;
                }
                coverEnd = Math.max(coverEnd, i + hit.length);
            }
        }
        if (runStart < 0)
            return text;
        return `${out}${text.slice(copied, runStart)}${REDACTED}${text.slice(coverEnd)}`;
    }
}
/** A redactor for a fixed set of secrets. */
function makeRedactor(secrets) {
    const redactor = new Redactor();
    for (const s of secrets)
        redactor.add(s);
    return (text) => redactor.apply(text);
}
/** A copy of `value` (JSON-like data: a report) with `redact` applied to every string in it. */
function redactDeep(value, redact) {
    if (typeof value === 'string')
        return redact(value);
    if (Array.isArray(value))
        return value.map((v) => redactDeep(v, redact));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        const out = {};
        for (const [k, v] of Object.entries(value))
            out[k] = redactDeep(v, redact);
        return out;
    }
    return value;
}
/**
 * Text whose lines cannot be read as workflow commands. The runner takes any output line that
 * starts with `::` (after leading spaces) as a command, so a certificate name, a CA or DNS error
 * or a hook's output holding "\n::stop-commands::x" would switch off certflow's own `::error`.
 * Such lines get a backslash in front; `##[` (the older command syntax) likewise.
 */
function escapeCommands(text) {
    return text.replace(/^([ \t]*)(::|##\[)/gm, '$1\\$2');
}


/***/ }),

/***/ 71711:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OF: () => (/* binding */ STARTTLS_PROTOCOLS),
/* harmony export */   w1: () => (/* binding */ startTls)
/* harmony export */ });
/* unused harmony export StartTlsError */
const STARTTLS_PROTOCOLS = ['smtp', 'imap', 'pop3', 'ftp', 'postgres'];
/** Longest reply line accepted (RFC 5321 allows 512 octets; servers add a little). */
const MAX_LINE = 2048;
/** Most lines in one multi-line reply (an EHLO answer has a dozen). */
const MAX_LINES = 100;
class StartTlsError extends Error {
}
/**
 * Reads what the server sends, line by line, and fails on a close, an error, an overlong line or
 * a line count past the limit. `drained()` says whether anything was received beyond what was read.
 */
class LineReader {
    socket;
    protocol;
    buffer = Buffer.alloc(0);
    waiting;
    failure;
    onData = (chunk) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        this.wake();
    };
    onEnd = () => this.fail(new StartTlsError('the server closed the connection'));
    onError = (error) => this.fail(error);
    constructor(socket, protocol) {
        this.socket = socket;
        this.protocol = protocol;
        socket.on('data', this.onData);
        socket.on('end', this.onEnd);
        socket.on('error', this.onError);
    }
    wake() {
        const w = this.waiting;
        this.waiting = undefined;
        w?.();
    }
    fail(error) {
        this.failure ??= error;
        this.wake();
    }
    async more() {
        if (this.failure)
            throw this.failure;
        await new Promise((resolve) => {
            this.waiting = resolve;
        });
        if (this.failure)
            throw this.failure;
    }
    async line() {
        for (;;) {
            const end = this.buffer.indexOf(0x0a);
            if (end >= 0) {
                if (end > MAX_LINE)
                    break;
                const text = this.buffer.subarray(0, end).toString('latin1').replace(/\r$/, '');
                this.buffer = this.buffer.subarray(end + 1);
                return text;
            }
            if (this.buffer.length > MAX_LINE)
                break;
            await this.more();
        }
        throw new StartTlsError(`${this.protocol}: a reply line longer than ${MAX_LINE} bytes`);
    }
    async bytes(n) {
        while (this.buffer.length < n)
            await this.more();
        const out = this.buffer.subarray(0, n);
        this.buffer = this.buffer.subarray(n);
        return out;
    }
    /** Stops reading; returns how many bytes the server sent beyond what was read. */
    stop() {
        this.socket.off('data', this.onData);
        this.socket.off('end', this.onEnd);
        this.socket.off('error', this.onError);
        return this.buffer.length;
    }
}
/** Shows a server's words in an error: printable, short. */
function quote(text) {
    const clean = text.replace(/[^\x20-\x7e]/g, '?');
    return JSON.stringify(clean.length > 120 ? `${clean.slice(0, 120)}...` : clean);
}
/** A reply of numbered lines ("250-..." continued, "250 ..." last), as SMTP and FTP write them. */
async function numberedReply(r, what, protocol) {
    const lines = [];
    for (;;) {
        const line = await r.line();
        lines.push(line);
        const m = /^(\d{3})([ -])/.exec(line) ?? /^(\d{3})$/.exec(line);
        if (!m) {
            // FTP lets continuation lines of a multi-line reply be free text; SMTP does not.
            if (protocol === 'ftp' && lines.length > 1) {
                if (lines.length > MAX_LINES)
                    break;
                continue;
            }
            throw new StartTlsError(`${protocol}: ${what}: not a numbered reply: ${quote(line)}`);
        }
        const first = /^\d{3}/.exec(lines[0])?.[0];
        if (m[1] !== first) {
            throw new StartTlsError(`${protocol}: ${what}: reply code changed inside one reply (${quote(line)})`);
        }
        if (m[2] !== '-')
            return { code: m[1], lines };
        if (lines.length >= MAX_LINES)
            break;
    }
    throw new StartTlsError(`${protocol}: ${what}: more than ${MAX_LINES} lines in one reply`);
}
function expectCode(protocol, what, reply, want) {
    if (reply.code !== want) {
        throw new StartTlsError(`${protocol}: ${what}: expected ${want}, the server answered ${quote(reply.lines.join(' | '))}`);
    }
}
async function smtp(s, r) {
    expectCode('smtp', 'greeting', await numberedReply(r, 'greeting', 'smtp'), '220');
    s.write('EHLO certflow.invalid\r\n');
    const ehlo = await numberedReply(r, 'EHLO', 'smtp');
    expectCode('smtp', 'EHLO', ehlo, '250');
    if (!ehlo.lines.slice(1).some((l) => /^250[ -]STARTTLS\b/i.test(l))) {
        throw new StartTlsError('smtp: the server does not offer STARTTLS in its EHLO reply');
    }
    s.write('STARTTLS\r\n');
    expectCode('smtp', 'STARTTLS', await numberedReply(r, 'STARTTLS', 'smtp'), '220');
}
async function ftp(s, r) {
    expectCode('ftp', 'greeting', await numberedReply(r, 'greeting', 'ftp'), '220');
    s.write('AUTH TLS\r\n');
    expectCode('ftp', 'AUTH TLS', await numberedReply(r, 'AUTH TLS', 'ftp'), '234');
}
async function imap(s, r) {
    const greeting = await r.line();
    if (!/^\* OK\b/i.test(greeting)) {
        throw new StartTlsError(`imap: greeting: expected "* OK", the server said ${quote(greeting)}`);
    }
    s.write('C1 STARTTLS\r\n');
    // Untagged lines (capabilities, alerts) may come before the tagged answer.
    for (let i = 0; i < MAX_LINES; i++) {
        const line = await r.line();
        if (line.startsWith('* ')) {
            if (/^\* BYE\b/i.test(line))
                throw new StartTlsError(`imap: STARTTLS: the server said ${quote(line)}`);
            continue;
        }
        if (/^C1 OK\b/i.test(line))
            return;
        throw new StartTlsError(`imap: STARTTLS: expected "C1 OK", the server said ${quote(line)}`);
    }
    throw new StartTlsError(`imap: STARTTLS: no tagged answer within ${MAX_LINES} lines`);
}
async function pop3(s, r) {
    const greeting = await r.line();
    if (!/^\+OK\b/.test(greeting)) {
        throw new StartTlsError(`pop3: greeting: expected "+OK", the server said ${quote(greeting)}`);
    }
    s.write('STLS\r\n');
    const answer = await r.line();
    if (!/^\+OK\b/.test(answer))
        throw new StartTlsError(`pop3: STLS: expected "+OK", the server said ${quote(answer)}`);
}
/** SSLRequest: length 8, then the code 1234/5679 (80877103). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
async function postgres(s, r) {
    s.write(SSL_REQUEST);
    const answer = (await r.bytes(1)).toString('latin1');
    if (answer === 'N')
        throw new StartTlsError('postgres: the server refused TLS (answered N to SSLRequest)');
    if (answer !== 'S') {
        throw new StartTlsError(`postgres: expected S or N to SSLRequest, the server sent byte 0x${answer.charCodeAt(0).toString(16)}`);
    }
}
const PREAMBLES = {
    smtp,
    imap,
    pop3,
    ftp,
    postgres,
};
/**
 * Runs the preamble of `protocol` on a connected socket; resolves when the next byte on it is
 * the server's TLS. The caller owns the socket and the deadline (destroying the socket ends this).
 */
async function startTls(socket, protocol) {
    const reader = new LineReader(socket, protocol);
    let extra;
    try {
        await PREAMBLES[protocol](socket, reader);
    }
    finally {
        extra = reader.stop();
    }
    if (extra > 0) {
        throw new StartTlsError(`${protocol}: the server sent ${extra} bytes after agreeing to start TLS, before the handshake (refused: plaintext injected ahead of TLS)`);
    }
}


/***/ })

};
;