"use strict";
exports.id = 892;
exports.ids = [892];
exports.modules = {

/***/ 27083:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _k: () => (/* binding */ AcmeProblemError),
/* harmony export */   uv: () => (/* binding */ IssueError),
/* harmony export */   yE: () => (/* binding */ toStageError)
/* harmony export */ });
const PREFIX = 'urn:ietf:params:acme:error:';
class AcmeProblemError extends Error {
    problem;
    status;
    url;
    retryAfterMs;
    constructor(problem, status, url, retryAfterMs) {
        const short = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
        // Our own kinds (certflow:network) are not the CA's words: no type suffix for them.
        const tagged = problem.type.startsWith('certflow:')
            ? ''
            : ` (${short}${status ? `, HTTP ${status}` : ''})`;
        super(`${problem.detail ?? 'no detail given'}${tagged}`);
        this.name = 'AcmeProblemError';
        this.problem = problem;
        this.status = status;
        this.url = url;
        this.retryAfterMs = retryAfterMs;
    }
}
/** An error of ours (not the CA's) with a hint, e.g. a profile the CA does not offer. */
class IssueError extends Error {
    hint;
    problem;
    /** `ca`: the CA's fault (e.g. it never finished an order), so another CA may be tried. */
    side;
    constructor(message, hint, problem, side) {
        super(message);
        this.name = 'IssueError';
        this.hint = hint;
        this.problem = problem;
        this.side = side;
    }
}
function hintFor(type, detail, retryAfterMs) {
    const t = type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
    switch (t) {
        case 'caa':
            return 'a CAA record forbids this CA: add a CAA "issue" record naming the CA (or remove the CAA record) at the name in the message';
        case 'dns':
        case 'unauthorized':
        case 'incorrectResponse':
            return 'the CA did not see the right TXT record: check the DNS provider settings, the challenge CNAME, and that the CA can reach your DNS servers';
        case 'rateLimited': {
            const when = retryAfterMs ? ` (after ${new Date(Date.now() + retryAfterMs).toISOString()})` : '';
            return `the CA's rate limit was hit: try again later${when}, or use a staging directory for tests`;
        }
        case 'rejectedIdentifier':
            return 'the CA will not issue for this name: check the domains of the certificate';
        case 'externalAccountRequired':
            return 'this CA needs an external account binding: set acme.external-account-binding (key-id and hmac-key)';
        case 'userActionRequired':
            return 'the CA wants you to act (e.g. accept new terms): see the instance link in the CA answer';
        case 'accountDoesNotExist':
            return 'the account key is not registered with this CA';
        case 'badCSR':
            return 'the CA refused the certificate request: check the key type and the domains';
        case 'invalidProfile':
            return 'choose a profile this CA offers (acme.profile or the certificate profile)';
        case 'unsupportedIdentifier':
            return 'this CA does not issue for this kind of name';
        case 'serverInternal':
            return 'the CA had an internal error: try again later';
        case 'certflow:network':
            if (/CERT_|_CERT|UNABLE_TO_VERIFY|SELF_SIGNED|self[- ]signed|certificate/.test(detail)) {
                return "the CA's HTTPS certificate is not trusted here: add its root (PEM file) to acme.trust";
            }
            return /ENOTFOUND|EAI_AGAIN/.test(detail)
                ? 'check acme.directory: the CA host name does not resolve'
                : 'check acme.directory and that this machine can reach the CA (firewall, proxy, acme.trust for a private CA)';
        default:
            if (/self.signed|unable to verify|certificate/i.test(detail))
                return "the CA's HTTPS certificate is not trusted: add its root to acme.trust";
            return undefined;
    }
}
function identifierOf(p) {
    return p.identifier ? `${p.identifier.type}:${p.identifier.value}` : undefined;
}
/** Turns anything thrown during issuance into data for the report. */
function toStageError(error) {
    if (error instanceof AcmeProblemError) {
        const p = error.problem;
        return {
            message: error.message,
            hint: hintFor(p.type, p.detail ?? '', error.retryAfterMs),
            acmeType: p.type.startsWith('certflow:') ? undefined : p.type,
            detail: p.detail,
            status: error.status || p.status,
            subproblems: p.subproblems?.map((s) => ({
                type: s.type,
                detail: s.detail,
                identifier: identifierOf(s),
            })),
        };
    }
    if (error instanceof IssueError) {
        const p = error.problem;
        return {
            message: error.message,
            hint: error.hint ?? (p ? hintFor(p.type, p.detail ?? '') : undefined),
            acmeType: p?.type,
            detail: p?.detail,
            status: p?.status,
            subproblems: p?.subproblems?.map((s) => ({
                type: s.type,
                detail: s.detail,
                identifier: identifierOf(s),
            })),
        };
    }
    const e = error;
    if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
        return {
            message: `interrupted: ${e.message ?? 'aborted'}`,
            hint: 'run again; records created were removed',
        };
    }
    return { message: e?.message ?? String(error), hint: e?.hint };
}


/***/ }),

/***/ 17304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aw: () => (/* binding */ AcmeTransport),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27083);
/**
 * The HTTP layer under acme-client. acme-client's own (a shared axios instance) trusts one
 * global agent, sleeps whatever Retry-After says, gives up on badNonce after 5 tries and turns
 * ACME problems into bare strings. We replace its `request`, `getNonce` and `signedRequest` on
 * our client instance only, so that:
 * - trust anchors are per client (extra PEM roots on top of the system's);
 * - badNonce is retried with the nonce the CA sent back;
 * - rateLimited / 5xx honour Retry-After, but never longer than a bound (or the job's signal);
 * - every other error keeps the CA's problem document (type, detail, subproblems, status);
 * - nonces from responses are reused instead of a HEAD newNonce before every request.
 */



const BAD_NONCE = 'urn:ietf:params:acme:error:badNonce';
const RATE_LIMITED = 'urn:ietf:params:acme:error:rateLimited';
const MAX_BAD_NONCE = 10;
const MAX_RETRIES = 4;
/** Retry-After as milliseconds from now (delta-seconds or an HTTP date). */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason ?? new Error('aborted'));
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason ?? new Error('aborted'));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
function isProblem(data) {
    return typeof data === 'object' && data !== null && typeof data.type === 'string';
}
class AcmeTransport {
    opts;
    agent;
    nonces = [];
    constructor(opts) {
        this.opts = opts;
        // One secure context for every connection: passing `ca` alone makes Node parse all the
        // roots again for each new connection (tens of ms each, which adds up at 20 at once).
        this.agent = new (node_https__WEBPACK_IMPORTED_MODULE_0___default().Agent)({
            keepAlive: true,
            maxSockets: 32,
            secureContext: opts.trust?.length
                ? (0,node_tls__WEBPACK_IMPORTED_MODULE_1__.createSecureContext)({ ca: [...node_tls__WEBPACK_IMPORTED_MODULE_1__.rootCertificates, ...opts.trust] })
                : undefined,
        });
    }
    close() {
        this.agent.destroy();
    }
    /** One HTTP exchange, no retries. Network errors say which URL could not be reached. */
    raw(url, method, body) {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise((resolve, reject) => {
            const req = node_https__WEBPACK_IMPORTED_MODULE_0___default().request(url, {
                method: method.toUpperCase(),
                agent: this.agent,
                signal: this.opts.signal,
                timeout: this.opts.timeoutMs ?? 30_000,
                headers: {
                    'User-Agent': 'certflow (acme-client)',
                    ...(payload ? { 'Content-Type': 'application/jose+json', 'Content-Length': payload.length } : {}),
                },
            }, (res) => {
                const chunks = [];
                res.on('data', (c) => chunks.push(c));
                res.on('error', reject);
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    const type = String(res.headers['content-type'] ?? '');
                    let data = text;
                    if (/json/.test(type) && text.length > 0) {
                        try {
                            data = JSON.parse(text);
                        }
                        catch {
                            data = text;
                        }
                    }
                    const headers = {};
                    for (const [k, v] of Object.entries(res.headers))
                        headers[k] = Array.isArray(v) ? v.join(', ') : v;
                    if (headers['replay-nonce'] && this.nonces.length < 64)
                        this.nonces.push(headers['replay-nonce']);
                    resolve({ status: res.statusCode ?? 0, headers, data });
                });
            });
            req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${this.opts.timeoutMs ?? 30_000} ms`)));
            req.on('error', (error) => {
                const code = error.code;
                reject(this.opts.signal?.aborted
                    ? (this.opts.signal.reason ?? error)
                    : new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k({
                        type: 'certflow:network',
                        detail: `cannot reach the CA at ${url}: ${code ? `${code} ` : ''}${error.message}`,
                    }, 0, url));
            });
            req.end(payload);
        });
    }
    /**
     * Decides what to do with a failed response: wait and retry (rateLimited / 5xx within the
     * bound), or throw the CA's problem. Returns the wait in ms when a retry is due.
     */
    retryDelay(url, res, attempt) {
        const problem = isProblem(res.data)
            ? res.data
            : {
                type: 'about:blank',
                detail: typeof res.data === 'string' ? res.data.slice(0, 300) : `HTTP ${res.status}`,
            };
        const retryable = res.status === 429 || res.status >= 500 || problem.type === RATE_LIMITED;
        const after = parseRetryAfter(res.headers['retry-after']);
        if (!retryable || attempt >= MAX_RETRIES)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k(problem, res.status, url, after);
        const wait = after ?? 250 * 2 ** attempt;
        if (wait > this.opts.maxRetryAfterMs)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k(problem, res.status, url, after);
        this.opts.log.warn(`CA answered HTTP ${res.status} (${problem.type}) for ${url}; retrying in ${Math.ceil(wait / 1000)} s`);
        return wait;
    }
    /** Unsigned GET/HEAD (directory, newNonce, renewalInfo) with the bounded retry. */
    async request(url, method) {
        for (let attempt = 0;; attempt++) {
            const res = await this.raw(url, method);
            if (res.status < 400)
                return res;
            await sleep(this.retryDelay(url, res, attempt), this.opts.signal);
        }
    }
    async nonce(http) {
        const pooled = this.nonces.pop();
        if (pooled)
            return pooled;
        const res = await this.request(await http.getResourceUrl('newNonce'), 'head');
        // raw() pooled the HEAD's nonce (or another request's meanwhile): any fresh one will do.
        const nonce = this.nonces.pop() ?? res.headers['replay-nonce'];
        if (!nonce) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AcmeProblemError */ ._k({ type: 'certflow:protocol', detail: 'the CA sent no nonce' }, res.status, http.directoryUrl);
        }
        return nonce;
    }
    /** Installs this transport into one acme-client HttpClient instance. */
    install(http) {
        http.request = (url, method, o) => o?.data === undefined ? this.request(url, method) : this.raw(url, method, o.data);
        http.getNonce = () => this.nonce(http);
        http.signedRequest = async (target, payload, o = {}) => {
            let badNonces = 0;
            for (let attempt = 0;;) {
                const body = payload === null || payload === undefined ? null : { ...payload };
                const eab = http.externalAccountBinding;
                if (o.includeExternalAccountBinding && eab?.kid && eab.hmacKey && body) {
                    body.externalAccountBinding = http.createSignedHmacBody(eab.hmacKey, target, http.getJwk(), { kid: eab.kid });
                }
                const nonce = await this.nonce(http);
                const res = await this.raw(target, 'post', http.createSignedBody(target, body, { nonce, kid: o.kid ?? null }));
                if (res.status < 400)
                    return res;
                if (isProblem(res.data) && res.data.type === BAD_NONCE && badNonces < MAX_BAD_NONCE) {
                    badNonces++;
                    this.opts.log.debug(`badNonce from ${target}, retrying (${badNonces}/${MAX_BAD_NONCE})`);
                    continue;
                }
                await sleep(this.retryDelay(target, res, attempt), this.opts.signal);
                attempt++;
            }
        };
    }
}


/***/ }),

/***/ 31043:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findWorkspace: () => (/* binding */ findWorkspace),
  initCommand: () => (/* binding */ initCommand),
  initHandler: () => (/* binding */ initHandler)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/config/schema.ts
var schema = __webpack_require__(90131);
// EXTERNAL MODULE: ./src/dns/providers/index.ts + 31 modules
var providers = __webpack_require__(25294);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/init/workflow-texts.ts
// Generated by scripts/gen-workflows.mjs from workflows-examples/: edit those files, then run
// `node scripts/gen-workflows.mjs`. test/unit/init-workflows.test.ts keeps the two in sync.
// biome-ignore format: generated
const WORKFLOW_TEXTS = {
    renew: "# Renew what is due twice a day and open (or update) one pull request with the new bundles.\n# Reviewers merge it; deploy.yml then rolls the certificates out.\n#\n# Before use: replace `your-org/certflow@0000000000000000000000000000000000000000` with the commit\n# of the certflow release you reviewed (docs/workflows.md), and create the secrets that\n# `certflow init` listed. This job never sees the age identity or the SSH key.\nname: Renew certificates\n\non:\n  schedule:\n    # Twice a day at an odd minute: off the top of the hour, when the CA and Actions are busiest.\n    - cron: \"17 5,17 * * *\"\n  workflow_dispatch:\n    inputs:\n      force:\n        description: Certificate names to renew now (comma separated), or \"all\"\n        required: false\n        default: \"\"\n        type: string\n\n# Least privilege: push the renewal branch, open the pull request and label it; nothing else.\n# Creating the label (pr-labels) needs issues: write; without it the pull request still opens and\n# the run warns that the label was not applied.\npermissions:\n  contents: write\n  pull-requests: write\n  issues: write\n  statuses: write # the commit status certflow/verify on the renewal PR's head (no workflow runs on it)\n  actions: write # turn this workflow back on when GitHub has disabled it for inactivity\n\n# One renewal at a time per repository: a second run waits for the first instead of ordering the\n# same certificates again. Never cancel a run that may be halfway through an order.\nconcurrency:\n  group: certflow-renew-\u0024{{ github.repository }}\n  cancel-in-progress: false\n\njobs:\n  renew:\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n    # The CA and DNS secrets live in this environment, limited to the default branch\n    # (docs/workflows.md): a run started by hand on another branch gets none of them.\n    environment: certflow-renew\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n\n      - name: Renew what is due\n        id: certflow\n        uses: your-org/certflow@0000000000000000000000000000000000000000 # v0.1.0\n        with:\n          command: renew\n          publish: pull-request\n          force: \u0024{{ inputs.force }}\n        env:\n          # Referenced from .github/certflow.yml as \u0024{ACME_ACCOUNT_KEY} and \u0024{DNS_TSIG_SECRET}.\n          ACME_ACCOUNT_KEY: \u0024{{ secrets.ACME_ACCOUNT_KEY }}\n          DNS_TSIG_SECRET: \u0024{{ secrets.DNS_TSIG_SECRET }}\n          # Other providers: PDNS_API_KEY, CLOUDFLARE_API_TOKEN, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.\n\n      - name: Show the result\n        if: always()\n        env:\n          RENEWED: \u0024{{ steps.certflow.outputs.renewed }}\n          PR_URL: \u0024{{ steps.certflow.outputs.pull-request-url }}\n        run: |\n          echo \"renewed: \u0024{RENEWED:-[]}\"\n          if [ -n \"\u0024PR_URL\" ]; then echo \"pull request: \u0024PR_URL\"; fi\n\n      # If publishing failed after the CA issued, the new bundles are still in the working tree\n      # (keys encrypted, so safe to keep as an artifact): keep them instead of ordering again.\n      - name: Keep issued bundles when publishing failed\n        if: failure()\n        uses: actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a # v7.0.1\n        with:\n          name: certflow-bundles-\u0024{{ github.run_id }}\n          path: certificates/\n          if-no-files-found: ignore\n          retention-days: 14\n",
    deploy: "# Roll the stored certificates out to every host when a renewal is merged (or on demand).\n# Runs in the protected environment `certflow-deploy`, which alone holds the age identity that\n# opens the private keys and the SSH key that reaches the hosts.\n#\n# Before use: replace `your-org/certflow@0000000000000000000000000000000000000000` with the commit\n# of the certflow release you reviewed (docs/workflows.md).\nname: Deploy certificates\n\non:\n  push:\n    branches: [main] # your default branch\n    paths:\n      - \"certificates/**\" # store.path in .github/certflow.yml\n  workflow_dispatch:\n    inputs:\n      certificates:\n        description: Limit to these certificate names (comma separated); empty for all\n        required: false\n        default: \"\"\n        type: string\n      force:\n        description: Run exec hook targets for these certificates (names or \"all\") although they did not change\n        required: false\n        default: \"\"\n        type: string\n\n# Deploy reads the repository and writes nothing to it; it records each deploy as a GitHub\n# Deployment (deployments: write), which is also where the next run's exec hooks start from.\npermissions:\n  contents: read\n  deployments: write\n\n# Deploys run one after the other: none is cut off midway. GitHub keeps one pending run per group\n# and cancels an older pending one, so a push's run can be dropped; the next run still runs the\n# exec hooks of that push, since it starts from the last successful deployment's commit.\nconcurrency:\n  group: certflow-deploy-\u0024{{ github.repository }}\n  cancel-in-progress: false\n\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n    # Protect it: Settings > Environments > certflow-deploy > required reviewers and\n    # \"Deployment branches and tags: Selected branches and tags\", rule: main. Private repositories\n    # on GitHub Free have no environments: see docs/workflows.md, \"Environments and your plan\".\n    environment: certflow-deploy\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n          # The last successful deployment's commit (or the push's `before`) must be present: exec\n          # hooks run only for the certificates whose bundle changed between it and HEAD.\n          fetch-depth: 0\n\n      - name: Deploy, verify over TLS, roll back on failure\n        uses: your-org/certflow@0000000000000000000000000000000000000000 # v0.1.0\n        with:\n          command: deploy\n          certificates: \u0024{{ inputs.certificates }}\n          force: \u0024{{ inputs.force }}\n          age-identity: \u0024{{ secrets.AGE_IDENTITY }}\n          # Recorded under its own task, apart from the deployments Actions makes for the job.\n          deployment-environment: certflow-deploy\n        env:\n          SSH_PRIVATE_KEY: \u0024{{ secrets.SSH_PRIVATE_KEY }}\n          SSH_KNOWN_HOSTS: \u0024{{ secrets.SSH_KNOWN_HOSTS }}\n",
    check: "# Every day, ask each host over TLS which certificate it serves, and open an issue (labelled\n# certflow-alert) when one is stale, wrong or about to expire; the issue is closed when all is well.\n# Catches what renewal cannot see: a host that was rebuilt, a reload that silently failed, and a\n# renew workflow that stopped: disabled by GitHub after 60 quiet days, or failing for days.\n#\n# Before use: replace `your-org/certflow@0000000000000000000000000000000000000000` with the commit\n# of the certflow release you reviewed (docs/workflows.md).\nname: Check served certificates\n\non:\n  schedule:\n    - cron: \"29 7 * * *\"\n  workflow_dispatch:\n\npermissions:\n  contents: read\n  issues: write # open, comment on and close the alert issue\n  actions: read # the renew workflow's state and its last successful run\n\nconcurrency:\n  group: certflow-check-\u0024{{ github.repository }}\n  cancel-in-progress: true # a newer check makes an older one pointless\n\njobs:\n  check:\n    runs-on: ubuntu-latest\n    timeout-minutes: 15\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n\n      - name: Probe every host over TLS\n        uses: your-org/certflow@0000000000000000000000000000000000000000 # v0.1.0\n        with:\n          command: check\n          alert-issue: true\n          # Fails when renew.yml is disabled or has not succeeded within twice its cron interval.\n          renew-workflow: renew.yml\n",
    review: "# On every pull request that touches the store or the config, prove each stored bundle (its chain\n# reaches a trusted root, its names are the configured ones, its manifest says what its certificate\n# says) and show the reviewer what changed per certificate, with sensitive config changes (age\n# recipients, hosts, commands, DNS endpoints, the CA, trust anchors) flagged on top.\n#\n# It uses no secret and checks out the PR's code without running it, so it is safe for pull\n# requests from forks. Make its job (\"verify\") a required status check of the default branch\n# (docs/workflows.md). Renewal PRs that certflow opens with GITHUB_TOKEN start no workflow: the\n# renew job reports those as the commit status certflow/verify instead.\n#\n# Before use: replace `your-org/certflow@0000000000000000000000000000000000000000` with the commit\n# of the certflow release you reviewed (docs/workflows.md), and the paths with your store.path and\n# config file if you moved them.\nname: Review certificate changes\n\non:\n  pull_request:\n    paths:\n      - \"certificates/**\"\n      - \".github/certflow.yml\"\n\npermissions:\n  contents: read\n  pull-requests: write # one sticky comment with the verdict; a fork's pull request gets a read-only token and none\n\nconcurrency:\n  group: certflow-review-\u0024{{ github.event.pull_request.number }}\n  cancel-in-progress: true\n\njobs:\n  verify:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n          fetch-depth: 0 # the base commit is compared with\n\n      - name: Verify the bundles and review what changed\n        uses: your-org/certflow@0000000000000000000000000000000000000000 # v0.1.0\n        with:\n          command: verify\n",
};

;// CONCATENATED MODULE: ./src/init/workflows.ts
/**
 * The workflows `certflow init --workflows` writes into `.github/workflows/`: the texts of
 * workflows-examples/, compiled into the bundle, with certflow's own `uses:` pointing at the
 * release that is running and the deploy environment the user chose.
 */



const WORKFLOW_NAMES = Object.keys(WORKFLOW_TEXTS);
const DEFAULT_WORKFLOWS = ['renew', 'deploy', 'review'];
/** Where certflow is published; the examples hold a placeholder that fails at "Set up job". */
const ACTION_REPOSITORY = 'certflow/certflow';
const PLACEHOLDER = 'your-org/certflow@0000000000000000000000000000000000000000';
/** The environment name the examples use (not the `certflow-deploy-…` concurrency group). */
const EXAMPLE_ENVIRONMENT = /\bcertflow-deploy\b(?!-)/g;
/** `--workflows renew,deploy` -> names; `none` -> nothing. Throws UsageError on an unknown name. */
function parseWorkflowList(values) {
    if (values === undefined)
        return [...DEFAULT_WORKFLOWS];
    const names = values
        .flatMap((v) => v.split(','))
        .map((v) => v
        .trim()
        .toLowerCase()
        .replace(/\.ya?ml$/, ''))
        .filter(Boolean);
    if (names.length === 1 && names[0] === 'none')
        return [];
    const unknown = names.filter((n) => !WORKFLOW_NAMES.includes(n));
    if (unknown.length || names.length === 0) {
        throw new errors/* UsageError */.e(`--workflows '${values.join(',')}': ${unknown.length ? `unknown ${unknown.map((u) => `'${u}'`).join(', ')}; ` : ''}` +
            `expected a comma-separated list of ${WORKFLOW_NAMES.join(', ')}, or none`);
    }
    return [...new Set(names)];
}
/** The file `name` as init writes it. */
function renderWorkflow(name, environment) {
    // A release tag, which never moves (docs/release.md); the header asks to pin its commit SHA.
    const text = WORKFLOW_TEXTS[name].replaceAll(PLACEHOLDER, `${ACTION_REPOSITORY}@v${version/* VERSION */.x}`);
    return text.replace(EXAMPLE_ENVIRONMENT, environment);
}
const workflowPath = (name) => `.github/workflows/${name}.yml`;

;// CONCATENATED MODULE: ./src/init/options.ts
/**
 * `certflow init` flags. init runs before any config exists, so it parses its own flags instead of
 * going through the config loader; everything it decides is in `InitOptions`.
 */





/** Every registered provider type has a starter (dns/providers/index.ts). */

const GITHUB_PLANS = ['public', 'free', 'pro', 'team', 'enterprise'];
const INIT_USAGE = `Usage: certflow init [options]

Writes a starter .github/certflow.yml, an ACME account key and an age identity, and prints the
repository secrets to create.

Options:
  --domain <name>        a name on the first certificate (repeat, or comma separated)
  --email <address>      ACME account contact
  --dns <type>           ${providers/* DNS_TYPES */.U_.join(' | ')} (default rfc2136)
  --challenge <type>     dns-01 (default) | dns-persist-01: no DNS provider and no DNS secret; init
                         registers the ACME account and prints the _validation-persist records
  --directory <ca>       ${Object.keys(schema/* DIRECTORY_NAMES */.JN).join(', ')} or an https:// URL
                         (default letsencrypt-staging: switch to letsencrypt after a good run)
  --name <slug>          certificate name (default from the first domain)
  --host <host[:port]>   an SSH host of the first target (repeat, or comma separated)
  --config <path>        where to write the config (default .github/certflow.yml)
  --out <dir>            folder for the secret files, mode 0700 (default .certflow-secrets)
  --print-secrets        print secret values on stdout instead of writing files
  --no-ssh-key           do not generate an SSH deploy key pair
  --environment <name>   GitHub environment of the deploy job (default certflow-deploy)
  --github-plan <plan>   public (any plan) | free | pro | team | enterprise (private repository):
                         decides whether environments and required reviewers exist
  --schema <url|path>    $schema reference written on the first line
  --trust <file>         extra trust anchor for the ACME server's HTTPS (repeatable)
  --workflows <list>     workflows to write into .github/workflows/: ${WORKFLOW_NAMES.join(', ')}
                         or none (default renew,deploy,review)
  --force                overwrite an existing config, secret files and workflows
  --json                 print the result as JSON
`;
const list = (values) => (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SLUG = /^[a-z0-9][a-z0-9._-]*$/;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/;
/** Parses init's flags (argv after `init`). Throws UsageError naming the flag on anything wrong. */
function parseInitArgs(argv) {
    let parsed;
    try {
        parsed = parse(argv);
    }
    catch (error) {
        throw new errors/* UsageError */.e(`init: ${(0,errors/* errorMessage */.g)(error)}\n\n${INIT_USAGE}`);
    }
    const v = parsed.values;
    if (parsed.positionals.length > 0) {
        throw new errors/* UsageError */.e(`init takes no arguments, got '${parsed.positionals.join(' ')}'. Use --domain for names.`);
    }
    const domains = list(v.domain).map((d) => d.toLowerCase());
    for (const d of domains) {
        if (!DOMAIN.test(d))
            throw new errors/* UsageError */.e(`--domain '${d}' is not a DNS name like www.example.com`);
    }
    if (v.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) {
        throw new errors/* UsageError */.e(`--email '${v.email}' is not an e-mail address`);
    }
    const challenge = v.challenge ?? 'dns-01';
    if (challenge !== 'dns-01' && challenge !== 'dns-persist-01') {
        throw new errors/* UsageError */.e(`--challenge '${challenge}': expected dns-01 or dns-persist-01`);
    }
    if (challenge === 'dns-persist-01' && v.dns !== undefined) {
        throw new errors/* UsageError */.e('--dns with --challenge dns-persist-01: that challenge needs no DNS provider (the DNS owner publishes a standing record once); leave out --dns');
    }
    const dns = v.dns ?? 'rfc2136';
    if (!providers/* DNS_TYPES */.U_.includes(dns)) {
        throw new errors/* UsageError */.e(`--dns '${dns}' is not supported: expected one of ${providers/* DNS_TYPES */.U_.join(', ')}`);
    }
    const directory = v.directory ?? 'letsencrypt-staging';
    if ((0,schema/* directoryByName */.IW)(directory) === undefined && !/^https:\/\/\S+$/.test(directory)) {
        throw new errors/* UsageError */.e(`--directory '${directory}': expected one of ${Object.keys(schema/* DIRECTORY_NAMES */.JN).join(', ')}, or an https:// URL`);
    }
    if (v.name !== undefined && !SLUG.test(v.name)) {
        throw new errors/* UsageError */.e(`--name '${v.name}': certificate names are lower-case slugs like www or api-eu`);
    }
    const hosts = list(v.host);
    for (const h of hosts) {
        if (!HOST.test(h))
            throw new errors/* UsageError */.e(`--host '${h}': expected "host" or "host:port"`);
    }
    const environment = v.environment ?? 'certflow-deploy';
    if (!/^[A-Za-z0-9._-]+$/.test(environment)) {
        throw new errors/* UsageError */.e(`--environment '${environment}': use letters, digits, '.', '_' or '-'`);
    }
    const plan = v['github-plan']?.trim().toLowerCase();
    if (plan !== undefined && !GITHUB_PLANS.includes(plan)) {
        throw new errors/* UsageError */.e(`--github-plan '${v['github-plan']}': expected ${GITHUB_PLANS.join(', ')} (public for a public repository on any plan)`);
    }
    return {
        ...(plan ? { plan: plan } : {}),
        domains,
        email: v.email,
        dns: dns,
        challenge,
        directory,
        name: v.name,
        hosts,
        config: v.config ?? '.github/certflow.yml',
        out: v.out ?? '.certflow-secrets',
        printSecrets: v['print-secrets'] ?? false,
        force: v.force ?? false,
        workflows: parseWorkflowList(v.workflows),
        sshKey: !(v['no-ssh-key'] ?? false),
        environment,
        schema: v.schema,
        trust: v.trust ?? [],
        json: v.json ?? false,
    };
}
function parse(argv) {
    return (0,external_node_util_.parseArgs)({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
            domain: { type: 'string', multiple: true },
            email: { type: 'string' },
            dns: { type: 'string' },
            challenge: { type: 'string' },
            directory: { type: 'string' },
            name: { type: 'string' },
            host: { type: 'string', multiple: true },
            config: { type: 'string' },
            out: { type: 'string' },
            'print-secrets': { type: 'boolean' },
            force: { type: 'boolean' },
            workflows: { type: 'string', multiple: true },
            'no-ssh-key': { type: 'boolean' },
            environment: { type: 'string' },
            'github-plan': { type: 'string' },
            schema: { type: 'string' },
            trust: { type: 'string', multiple: true },
            json: { type: 'boolean' },
        },
    });
}
/** Certificate name from the first domain: `www.example.com` -> `www`, `*.example.com` -> `example`. */
function certificateName(options) {
    if (options.name)
        return options.name;
    const first = options.domains[0];
    if (!first)
        return 'www';
    const labels = first.replace(/^\*\./, '').split('.');
    const slug = (labels[0] ?? 'www').replace(/[^a-z0-9._-]/g, '-');
    return SLUG.test(slug) ? slug : 'www';
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/util/fs.ts
var fs = __webpack_require__(21917);
// EXTERNAL MODULE: ./src/dns/define.ts
var dns_define = __webpack_require__(62072);
;// CONCATENATED MODULE: ./src/init/template.ts
/**
 * The starter `.github/certflow.yml`. Rendered as text (not through a YAML library) so the file
 * keeps its comments: a new user learns the format from them. Every value a user must replace
 * carries a `CHANGE ME` comment; `run.ts` checks the result against the schema before writing it.
 */



/** Marker on every line whose value is an example the user must replace. */

/** Environment variables the config reads secrets from; the workflows map secrets onto them. */
const ENV = {
    accountKey: 'ACME_ACCOUNT_KEY',
    sshKey: 'SSH_PRIVATE_KEY',
    knownHosts: 'SSH_KNOWN_HOSTS',
};
/** DNS credentials per provider type: variable name and what to put in it (from each module). */
const DNS_SECRETS = Object.fromEntries(providers/* PROVIDERS */.xq.map((p) => [p.type, p.starter.secrets]));
// JSON strings are valid YAML double-quoted scalars: user input can never break the structure.
const q = (value) => JSON.stringify(value);
const change = (why) => `  # ${dns_define/* CHANGE_ME */.E5}: ${why}`;
/** The provider's starter block, from its module, under `dns: main:`. */
function dnsBlock(type) {
    const module = (0,providers/* providerModule */.Qt)(type);
    if (!module)
        throw new Error(`no provider module for --dns ${type}`);
    return [`type: ${type}`, ...module.starter.lines].map((line) => `    ${line}`);
}
function renderStarterConfig(input) {
    const { options, recipient } = input;
    const name = certificateName(options);
    const domains = options.domains.length
        ? `[${options.domains.map(q).join(', ')}]`
        : `["example.com", "www.example.com"]${change('the names this certificate covers')}`;
    const email = options.email
        ? q(options.email)
        : `"admin@example.com"${change('where the CA writes about your account')}`;
    const hosts = options.hosts.length
        ? `[${options.hosts.map(q).join(', ')}]`
        : `["web1.example.com"]${change('SSH hosts (host or host:port) that serve the certificate')}`;
    const staging = options.directory.endsWith('-staging');
    const persist = options.challenge === 'dns-persist-01';
    const lines = [
        `# yaml-language-server: $schema=${input.schemaRef}`,
        `# certflow configuration, written by \`certflow init\` on ${input.date}.`,
        `# Lines marked "${dns_define/* CHANGE_ME */.E5}" hold example values: replace them before the first run.`,
        `# Secrets are never written here: \${NAME} is read from the environment variable NAME, which the`,
        '# workflow maps from a repository secret (init printed the `gh secret set` lines).',
        'version: 1',
        '',
        'acme:',
        staging
            ? '  # The staging CA issues untrusted certificates but has generous rate limits: once a run has gone\n  # through, switch to "letsencrypt" (or zerossl, google, buypass, or a directory URL).'
            : '  # A CA name (letsencrypt, zerossl, google, buypass, ...-staging) or a directory URL.',
        `  directory: ${q(options.directory)}`,
        `  email: ${email}`,
        `  account-key: \${${ENV.accountKey}}`,
        ...(options.trust.length
            ? [
                "  # Extra trust anchors for the CA's HTTPS (PEM files).",
                `  trust: [${options.trust.map(q).join(', ')}]`,
            ]
            : []),
        '',
        'renewal:',
        "  ari: true            # follow the CA's renewal window (ARI) when it offers one",
        '  renew-before: 33%    # otherwise renew when a third of the lifetime is left',
        '  emergency: 5%        # renew at once when this little is left, whatever ARI says',
        '',
        'store:',
        '  path: certificates',
        '  # Private keys are encrypted to these age recipients. The first is the identity init generated;',
        '  # add a second one kept offline as a backup if you like.',
        '  recipients:',
        `    - ${recipient}`,
        '',
        ...(persist
            ? [
                '# No dns: section. dns-persist-01 validates against standing _validation-persist TXT records',
                '# the DNS owner publishes once (`certflow persist-record` prints them), so renewing needs no',
                '# DNS credential at all.',
            ]
            : ['dns:', '  main:', ...dnsBlock(options.dns)]),
        '',
        'certificates:',
        `  ${name}:`,
        `    domains: ${domains}`,
        '    key: ecdsa-p256',
        ...(persist ? ['    challenge: dns-persist-01'] : ['    dns: main']),
        '    targets: [web]',
        '',
        'targets:',
        '  web:',
        `    hosts: ${hosts}`,
        `    user: root${change('a user that may write the files and reload the server')}`,
        `    private-key: \${${ENV.sshKey}}`,
        `    known-hosts: \${${ENV.knownHosts}}`,
        '    files:',
        '      dir: /etc/ssl/certflow/{certificate}',
        '      fullchain: fullchain.pem',
        '      key: privkey.pem',
        '    validate: nginx -t',
        '    reload: nginx -s reload',
        '    rollout: canary      # one host first, then the rest',
        '',
    ];
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/init/instructions.ts



function secretsToSet(options, where) {
    const env = options.environment;
    // A private repository on GitHub Free has no environments: deploy secrets become repository
    // secrets, guarded by branch rules instead (docs/workflows.md, "Environments and your plan").
    const deployScope = options.plan === 'free' ? 'repository' : 'environment';
    const file = (name) => (where.dir ? `${where.dir}/${name}` : undefined);
    // Without files, `gh secret set NAME` prompts for the value (kept out of shell history).
    const set = (name, scope, from) => `gh secret set ${name}${scope === 'environment' ? ` --env ${env}` : ''}${from ? ` < ${from}` : ''}`;
    const out = [];
    const accountKey = file(where.files.accountKey);
    out.push({
        name: ENV.accountKey,
        scope: 'repository',
        command: set(ENV.accountKey, 'repository', accountKey),
        what: 'ACME account key: renew jobs order certificates with it',
        file: accountKey,
    });
    // dns-persist-01 renews with no DNS credential: there is none to set.
    for (const d of options.challenge === 'dns-persist-01' ? [] : DNS_SECRETS[options.dns]) {
        out.push({
            name: d.name,
            scope: 'repository',
            command: set(d.name, 'repository'),
            what: `${d.what} (gh prompts for the value)`,
        });
    }
    const age = file(where.files.ageIdentity);
    out.push({
        name: 'AGE_IDENTITY',
        scope: deployScope,
        ...(deployScope === 'environment' ? { environment: env } : {}),
        command: set('AGE_IDENTITY', deployScope, age),
        what: 'age identity: decrypts stored private keys at deploy time; keep an offline copy',
        file: age,
    });
    const sshKey = options.sshKey ? file(where.files.sshKey) : '~/.ssh/certflow_deploy_key';
    out.push({
        name: ENV.sshKey,
        scope: deployScope,
        ...(deployScope === 'environment' ? { environment: env } : {}),
        command: set(ENV.sshKey, deployScope, sshKey),
        what: options.sshKey
            ? 'SSH deploy key generated by init: add its public key to each host'
            : 'your SSH deploy key (OpenSSH private key) for the target hosts',
        file: options.sshKey ? sshKey : undefined,
    });
    const hosts = options.hosts.length ? options.hosts : ['web1.example.com'];
    const knownHosts = where.dir ? `${where.dir}/known_hosts` : 'known_hosts';
    out.push({
        name: ENV.knownHosts,
        scope: deployScope,
        ...(deployScope === 'environment' ? { environment: env } : {}),
        command: set(ENV.knownHosts, deployScope, knownHosts),
        what: 'pinned host keys of every target host (deploy refuses unknown or changed keys)',
        before: hosts.map((h) => {
            const m = /^(.*?)(?::(\d+))?$/.exec(h);
            const host = (m?.[1] ?? h).replace(/^\[(.*)\]$/, '$1');
            return `ssh-keyscan${m?.[2] ? ` -p ${m[2]}` : ''} ${host} >> ${knownHosts}`;
        }),
    });
    return out;
}
function nextSteps(result, options, config) {
    const lines = [];
    lines.push(`certflow init wrote:`);
    for (const f of result.files) {
        lines.push(`  ${f.path}  (${f.mode.toString(8).padStart(4, '0')}${f.secret ? ', secret' : ''})  ${f.what}`);
    }
    lines.push('');
    lines.push(`1. Edit ${config}: replace every value marked "CHANGE ME".`);
    if (result.sshPublicKey) {
        lines.push("2. Authorize the deploy key on each target host (append to the SSH user's authorized_keys):");
        lines.push(`     ${result.sshPublicKey}`);
    }
    else {
        lines.push('2. Make sure your deploy key may log in to each target host as the configured user.');
    }
    lines.push(...protectionSteps(options));
    for (const s of result.secrets) {
        for (const b of s.before ?? [])
            lines.push(`     ${b}`);
        if (s.before?.length) {
            lines.push('     # compare with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` run on each host before trusting');
        }
        lines.push(`     ${s.command}`.padEnd(72) + `  # ${s.what}`);
    }
    if (result.printedSecrets) {
        lines.push('');
        lines.push('Secret values (--print-secrets): paste each when gh prompts, then clear your terminal.');
        for (const [name, value] of Object.entries(result.printedSecrets)) {
            lines.push(`----- ${name} -----`);
            lines.push(value.trimEnd());
        }
        lines.push('-----');
    }
    else if (result.secretsDir) {
        lines.push(`5. Keep a copy of the age identity somewhere safe and offline, then delete ${relativeDir(result)}/:`);
        lines.push('   without the identity, stored keys cannot be opened (certificates can always be reissued).');
    }
    lines.push('');
    const workflows = options.workflows.map(workflowPath);
    if (workflows.length) {
        lines.push(`Then review and commit ${workflows.join(', ')}. They use ${ACTION_REPOSITORY}@v${version/* VERSION */.x};`, '   pin the commit SHA of that release instead (docs/workflows.md, "Pin certflow").');
    }
    else {
        lines.push('No workflows written (--workflows none): docs/workflows.md describes them.');
    }
    return `${lines.join('\n')}\n`;
}
function relativeDir(result) {
    const secret = result.files.find((f) => f.secret);
    return secret ? secret.path.replace(/\/[^/]+$/, '') : (result.secretsDir ?? '');
}
/**
 * Step 3 and the head of step 4, for what the plan offers: environments with required reviewers
 * (public repositories, Enterprise), environments with branch rules only (private on Pro or
 * Team), or no environments (private on Free).
 */
function protectionSteps(options) {
    const env = options.environment;
    const api = `"repos/{owner}/{repo}/environments/${env}`;
    if (options.plan === 'free') {
        return [
            '3. A private repository on GitHub Free has no environments: the deploy secrets below are',
            '   repository secrets. Protect the default branch instead (Settings > Rules > Rulesets: require',
            '   a pull request, restrict who can push), and limit write access: anyone who can push a',
            '   workflow can read repository secrets. Remove `environment:` from deploy.yml, or keep the',
            '   deploy in a second private repository (docs/workflows.md, "Environments and your plan").',
            '4. Create the secrets (all repository secrets on this plan):',
        ];
    }
    const lines = [
        `3. Create the deploy environment, limited to the default branch ("Selected branches and tags", rule main):`,
        `     gh api --method PUT ${api}" -F "deployment_branch_policy[protected_branches]=false" -F "deployment_branch_policy[custom_branch_policies]=true"`,
        `     gh api --method POST ${api}/deployment-branch-policies" -f name=main -f type=branch`,
    ];
    if (options.plan === 'pro' || options.plan === 'team') {
        lines.push('   Required reviewers exist only for public repositories and Enterprise: on this plan the');
        lines.push('   merge of the renewal pull request is the approval.');
    }
    else if (options.plan === 'public' || options.plan === 'enterprise') {
        lines.push(`   Then add required reviewers: Settings > Environments > ${env} > Required reviewers.`);
    }
    else {
        lines.push(`   Public repository or Enterprise: add required reviewers (Settings > Environments > ${env}).`);
        lines.push('   Private on Pro or Team: no reviewers exist; private on Free: no environments at all,');
        lines.push('   rerun init with --github-plan free for the commands that work there.');
    }
    lines.push('4. Create the secrets (repository secrets reach renew and check jobs; environment secrets only');
    lines.push(`   the deploy job in "${env}"):`);
    return lines;
}

// EXTERNAL MODULE: ./src/init/keys.ts
var keys = __webpack_require__(48500);
// EXTERNAL MODULE: ./src/acme/session.ts
var acme_session = __webpack_require__(99946);
// EXTERNAL MODULE: ./src/persist/identity.ts
var identity = __webpack_require__(86200);
// EXTERNAL MODULE: ./src/persist/want.ts
var want = __webpack_require__(35336);
;// CONCATENATED MODULE: ./src/init/persist.ts
/**
 * `certflow init --challenge dns-persist-01`: the records to publish. A record names the ACME
 * account, which exists only once registered, so init registers the account of the key it just
 * generated (init is where that key is born; no other command creates an account silently) and
 * prints the records. Offline or refused: the files are still written, and the text says to run
 * `certflow persist-record` later.
 */






async function initPersistRecords(options, accountKey, workspace, log) {
    const name = certificateName(options);
    const domains = options.domains.length > 0 ? options.domains : ['example.com', 'www.example.com'];
    // Only what openSession and wantedRecords read: the acme section and the one certificate.
    const config = {
        acme: {
            directory: (0,schema/* directoryByName */.IW)(options.directory) ?? options.directory,
            email: options.email,
            'account-key': accountKey,
            trust: options.trust,
        },
        dns: {},
        certificates: { [name]: { domains, challenge: 'dns-persist-01' } },
    };
    try {
        const session = await (0,acme_session/* openSession */.fA)({ config, workspace, dryRun: false }, log, {
            maxRetryAfterMs: 10_000,
            signal: AbortSignal.timeout(60_000),
        });
        try {
            const ca = (0,identity/* caFacts */.Gy)(session);
            await session.account();
            const url = session.client.getAccountUrl();
            const records = (0,want/* wantedRecords */.I)(config, [name], ca, (0,identity/* accountOf */.XP)(url, accountKey));
            return { account: url, records: records.map((r) => r.zoneLine) };
        }
        finally {
            session.close();
        }
    }
    catch (error) {
        return { records: [], problem: (0,errors/* errorMessage */.g)(error) };
    }
}

;// CONCATENATED MODULE: ./src/init/schema-ref.ts
/**
 * What goes after `$schema=` on the config's first line. Editors resolve a relative path from the
 * config file, so a schema that exists inside the repository (the installed package, or certflow's
 * own checkout) is referenced by path; otherwise by the published URL of this version.
 */



/** Published schema of this version. The repository owner is settled at release time. */
const SCHEMA_URL = `https://raw.githubusercontent.com/certflow/certflow/v${version/* VERSION */.x}/schema/certflow.schema.json`;
const CANDIDATES = [
    ['node_modules', 'certflow', 'schema', 'certflow.schema.json'],
    ['schema', 'certflow.schema.json'],
];
async function resolveSchemaRef(workspace, configPath) {
    for (const parts of CANDIDATES) {
        const file = (0,external_node_path_.join)(workspace, ...parts);
        if (await (0,fs/* exists */.t)(file))
            return (0,external_node_path_.relative)((0,external_node_path_.dirname)(configPath), file).split(external_node_path_.sep).join('/');
    }
    return SCHEMA_URL;
}

// EXTERNAL MODULE: ./src/init/secrets.ts
var init_secrets = __webpack_require__(13087);
;// CONCATENATED MODULE: ./src/init/run.ts
/**
 * `certflow init`: first-run setup. Checks everything before writing anything, so a refused run
 * leaves no half-written state; returns what it wrote and which secrets to create, as data.
 */













/** File names inside the secrets folder. */
const SECRET_FILES = {
    accountKey: 'acme-account-key.pem',
    ageIdentity: 'age-identity.txt',
    sshKey: 'ssh-deploy-key',
    sshPublicKey: 'ssh-deploy-key.pub',
};
async function runInit(options, ctx) {
    const { workspace, log } = ctx;
    const abs = (p) => ((0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.resolve)(workspace, p));
    const shown = (p) => {
        const r = (0,external_node_path_.relative)(workspace, p);
        return r && !r.startsWith('..') && !(0,external_node_path_.isAbsolute)(r) ? r : p;
    };
    const configPath = abs(options.config);
    const secretsDir = options.printSecrets ? undefined : abs(options.out);
    const secretPaths = secretsDir
        ? {
            accountKey: (0,external_node_path_.join)(secretsDir, SECRET_FILES.accountKey),
            ageIdentity: (0,external_node_path_.join)(secretsDir, SECRET_FILES.ageIdentity),
            ...(options.sshKey
                ? {
                    sshKey: (0,external_node_path_.join)(secretsDir, SECRET_FILES.sshKey),
                    sshPublicKey: (0,external_node_path_.join)(secretsDir, SECRET_FILES.sshPublicKey),
                }
                : {}),
        }
        : undefined;
    const workflows = options.workflows.map((name) => ({ name, path: abs(workflowPath(name)) }));
    // Refuse before generating or writing anything.
    if (!options.force) {
        const existing = [];
        for (const p of [configPath, ...Object.values(secretPaths ?? {}), ...workflows.map((w) => w.path)])
            if (await (0,fs/* exists */.t)(p))
                existing.push(shown(p));
        if (existing.length) {
            throw new errors/* UsageError */.e(`init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written. ` +
                'Rerun with --force to replace them (a new age identity cannot open keys sealed to the old one), ' +
                'or use --config / --out / --workflows for other paths.', existing.map((file) => ({ file, message: 'exists' })));
        }
    }
    const accountKey = (0,keys/* generateAccountKey */.g5)();
    const age = await (0,keys/* generateAgeKeyPair */.Qv)();
    const ssh = options.sshKey
        ? (0,keys/* generateSshKeyPair */.d7)(`certflow-deploy@${ctx.now.toISOString().slice(0, 10)}`)
        : undefined;
    log.secret(accountKey);
    log.secret(age.identity);
    if (ssh)
        log.secret(ssh.privateKey);
    const text = renderStarterConfig({
        options,
        recipient: age.recipient,
        schemaRef: options.schema ?? (await resolveSchemaRef(workspace, configPath)),
        date: ctx.now.toISOString().slice(0, 10),
    });
    checkAgainstSchema(text, shown(configPath));
    const files = [];
    let printedSecrets;
    if (secretsDir && secretPaths) {
        await (0,init_secrets/* prepareSecretDir */.hT)(secretsDir);
        const write = async (path, content, what, secret = true) => {
            await (0,init_secrets/* writeSecretFile */.AK)(path, content, options.force);
            files.push({ path: shown(path), mode: init_secrets/* SECRET_MODE */.nj, secret, what });
        };
        await write(secretPaths.accountKey, accountKey, 'ACME account key (ECDSA P-256, PKCS#8 PEM)');
        await write(secretPaths.ageIdentity, `${age.identity}\n`, `age identity for ${age.recipient}`);
        if (ssh && secretPaths.sshKey && secretPaths.sshPublicKey) {
            await write(secretPaths.sshKey, ssh.privateKey, 'SSH deploy key (Ed25519, OpenSSH)');
            await write(secretPaths.sshPublicKey, `${ssh.publicKey}\n`, 'SSH deploy public key', false);
        }
        log.info(`Wrote secret files (mode 0600) to ${shown(secretsDir)}/; the folder ignores itself in git.`);
    }
    else {
        printedSecrets = { ACME_ACCOUNT_KEY: accountKey, AGE_IDENTITY: age.identity };
        if (ssh)
            printedSecrets.SSH_PRIVATE_KEY = ssh.privateKey;
    }
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(configPath), { recursive: true });
    await writeConfig(configPath, text, options.force);
    files.unshift({ path: shown(configPath), mode: 0o644, secret: false, what: 'starter configuration' });
    log.info(`Wrote ${shown(configPath)} (age recipient ${age.recipient}).`);
    for (const w of workflows) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(w.path), { recursive: true });
        await writeConfig(w.path, renderWorkflow(w.name, options.environment), options.force);
        files.push({ path: shown(w.path), mode: 0o644, secret: false, what: `${w.name} workflow` });
    }
    if (workflows.length)
        log.info(`Wrote ${workflows.map((w) => shown(w.path)).join(', ')}.`);
    const secrets = secretsToSet(options, {
        dir: secretsDir ? shown(secretsDir) : undefined,
        files: SECRET_FILES,
    });
    const result = {
        configPath,
        recipient: age.recipient,
        sshPublicKey: ssh?.publicKey,
        secretsDir,
        files,
        secrets,
        printedSecrets,
        text: '',
    };
    result.text = nextSteps(result, options, shown(configPath));
    if (options.challenge === 'dns-persist-01') {
        result.persist = await initPersistRecords(options, accountKey, workspace, log);
        result.text += persistText(result.persist, options.domains.length === 0);
    }
    return result;
}
/** The template is ours, but user input goes into it: prove it is a valid config before writing. */
function checkAgainstSchema(text, file) {
    const checked = schema/* configSchema */.Qn.safeParse((0,dist/* parse */.qg)(text));
    if (!checked.success) {
        const problems = checked.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message }));
        throw new errors/* UsageError */.e(`init: the config built from your flags does not validate (${problems
            .map((p) => `${p.path}: ${p.message}`)
            .join('; ')}); nothing was written.`, problems);
    }
}
async function writeConfig(path, text, replace) {
    if (replace)
        await (0,promises_.unlink)(path).catch((e) => e.code === 'ENOENT' ? undefined : Promise.reject(e));
    const handle = await (0,promises_.open)(path, 'wx', 0o644);
    try {
        await handle.writeFile(text);
    }
    finally {
        await handle.close();
    }
}
function persistText(p, placeholders) {
    const head = '\ndns-persist-01: publish these TXT records through your DNS change process (certflow never writes them;';
    if (p.records.length === 0) {
        return `${head} see docs/dns-persist.md).\nThe account could not be registered now (${p.problem}); once it exists, \`certflow persist-record\` prints them.\n`;
    }
    const note = placeholders
        ? 'These are for the placeholder names: after editing domains, run `certflow persist-record` again.\n'
        : '';
    return `${head} see docs/dns-persist.md).\nThey name the ACME account ${p.account}; keep its key: a new account does not match them.\n${note}${p.records.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/commands/init.ts
/**
 * `certflow init` as a command. init runs before a config exists, so the CLI calls `initCommand`
 * with init's own argv instead of loading Settings; the HANDLERS entry serves callers that already
 * hold Settings (it uses their workspace and config path with default flags).
 */




/** The repository root above `cwd` (where `.git` is), or `cwd` itself outside a repository. */
function findWorkspace(cwd) {
    for (let dir = (0,external_node_path_.resolve)(cwd);; dir = (0,external_node_path_.dirname)(dir)) {
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, '.git')))
            return dir;
        if ((0,external_node_path_.dirname)(dir) === dir)
            return (0,external_node_path_.resolve)(cwd);
    }
}
/** Runs init from command-line flags (argv after `init`). Throws UsageError on bad flags or refusal. */
async function initCommand(argv, cwd, log, now = new Date()) {
    const options = parseInitArgs(argv);
    const workspace = findWorkspace(cwd);
    if (workspace === (0,external_node_path_.resolve)(cwd) && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(workspace, '.git'))) {
        log.warn(`${workspace} is not inside a git repository: writing the config here anyway.`);
    }
    return toOutcome(await runInit(options, { workspace, now, log }), options);
}
const initHandler = async (settings, log) => {
    const options = parseInitArgs(['--config', settings.configPath]);
    return toOutcome(await runInit(options, { workspace: settings.workspace, now: new Date(), log }), options);
};
function toOutcome(result, options) {
    const { text, printedSecrets, ...rest } = result;
    return {
        ok: true,
        outputs: { config: result.configPath, recipient: result.recipient },
        text,
        // Secret values reach the JSON form only when the user asked for them on stdout.
        json: options.printSecrets ? { ...rest, printedSecrets } : rest,
    };
}


/***/ }),

/***/ 48500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qv: () => (/* binding */ generateAgeKeyPair),
/* harmony export */   d7: () => (/* binding */ generateSshKeyPair),
/* harmony export */   g5: () => (/* binding */ generateAccountKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81539);
/* harmony import */ var ssh2__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(63091);
/* harmony import */ var ssh2__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(ssh2__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The two secrets `certflow init` creates: the ACME account key and the age identity that opens
 * stored private keys. Optionally an SSH deploy key pair. Nothing here touches the disk.
 */



/** ECDSA P-256 private key, PKCS#8 PEM: what ACME CAs accept everywhere and acme-client reads. */
function generateAccountKey() {
    const { privateKey } = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPairSync)('ec', {
        namedCurve: 'P-256',
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    return privateKey;
}
/**
 * An X25519 identity, deliberately not `generateIdentity()`: that may become the post-quantum
 * hybrid kind, which the stock age 1.1 CLI refuses, and users must be able to decrypt with it.
 */
async function generateAgeKeyPair() {
    const identity = await (0,age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .generateX25519Identity */ .ou)();
    return { identity, recipient: await (0,age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .identityToRecipient */ .RE)(identity) };
}
/** An Ed25519 deploy key in OpenSSH formats, readable by ssh2 and OpenSSH alike. */
function generateSshKeyPair(comment) {
    const pair = ssh2__WEBPACK_IMPORTED_MODULE_2___default().utils.generateKeyPairSync('ed25519', { comment });
    return { privateKey: pair.private, publicKey: pair.public.trim() };
}


/***/ }),

/***/ 13087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AK: () => (/* binding */ writeSecretFile),
/* harmony export */   hT: () => (/* binding */ prepareSecretDir),
/* harmony export */   nj: () => (/* binding */ SECRET_MODE)
/* harmony export */ });
/* unused harmony export DIR_MODE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Secret files: one folder (0700) that ignores itself in git, files created 0600 from the start
 * (never written first and chmod-ed later), so no other user can read a secret even briefly.
 */



const DIR_MODE = 0o700;
const SECRET_MODE = 0o600;
/**
 * Creates the folder (0700) with a `.gitignore` of `*`: the folder keeps itself out of git
 * wherever it is, without touching the repository's own .gitignore.
 */
async function prepareSecretDir(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true, mode: DIR_MODE });
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(dir);
    if (!info.isDirectory())
        throw new Error(`${dir} exists and is not a folder; choose another with --out`);
    // mkdir applies the mode only when it creates the folder, and umask may have narrowed it anyway.
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.chmod)(dir, DIR_MODE);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, '.gitignore'), '# Secret files written by certflow init: never commit them.\n*\n', {
        mode: 0o644,
    });
}
/**
 * Writes `content` to a new file with mode 0600. An existing file is an error unless `replace`;
 * then it is removed first, so the new file is created with the right mode rather than inheriting
 * the old one's.
 */
async function writeSecretFile(path, content, replace) {
    if (replace)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(path).catch((e) => ignoreMissing(e));
    // O_EXCL: never follow a planted symlink or reuse a file someone else created.
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL, SECRET_MODE);
    try {
        await handle.chmod(SECRET_MODE); // umask can only remove bits, but be explicit about the contract
        await handle.writeFile(content);
    }
    finally {
        await handle.close();
    }
}
function ignoreMissing(error) {
    if (error.code !== 'ENOENT')
        throw error;
}


/***/ }),

/***/ 35336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ wantedRecords)
/* harmony export */ });
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92980);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86200);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62703);



function wantedRecords(config, names, ca, account) {
    const byKey = new Map();
    for (const cert of names) {
        const { issuer, why } = (0,_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .pickIssuer */ .JX)(ca, (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .configuredIssuer */ .eP)(config, cert));
        for (const domain of config.certificates[cert]?.domains ?? []) {
            const base = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .baseName */ .Fl)(domain);
            const key = `${base} ${issuer}`;
            let rec = byKey.get(key);
            if (!rec) {
                rec = {
                    name: (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .recordName */ .xD)(base),
                    base,
                    wildcard: false,
                    issuer,
                    issuerWhy: why,
                    accountUri: (0,_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .publishedUri */ .bt)(ca, account, base),
                    value: '',
                    zoneLine: '',
                    certificates: [],
                    domains: [],
                    accepted: (0,_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .acceptedUris */ .fc)(ca, account, base),
                };
                byKey.set(key, rec);
            }
            if (domain.startsWith('*.'))
                rec.wildcard = true;
            if (!rec.certificates.includes(cert))
                rec.certificates.push(cert);
            if (!rec.domains.includes(domain))
                rec.domains.push(domain);
        }
    }
    const out = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.issuer.localeCompare(b.issuer));
    for (const r of out) {
        r.value = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .recordValue */ .xK)({ issuer: r.issuer, accountUri: r.accountUri, wildcard: r.wildcard });
        r.zoneLine = (0,_record_js__WEBPACK_IMPORTED_MODULE_2__/* .zoneLine */ .N0)(r.name, r.value);
    }
    return out;
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