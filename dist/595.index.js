"use strict";
exports.id = 595;
exports.ids = [595];
exports.modules = {

/***/ 60595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   alertClient: () => (/* binding */ alertClient),
/* harmony export */   raiseAlert: () => (/* binding */ raiseAlert),
/* harmony export */   resolveAlert: () => (/* binding */ resolveAlert)
/* harmony export */ });
/* unused harmony export findAlertIssue */
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86856);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11267);
/* harmony import */ var _util_redact_requests_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27782);
/**
 * The one issue labelled `certflow-alert`: opened (or commented on) when a run fails, closed with a
 * comment by the next green run. Retries and rate limits are the Octokit plugins' business.
 */




const AlertOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_0__/* .Octokit */ .E.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
function alertClient(github, log) {
    const client = new AlertOctokit({
        auth: github.token,
        baseUrl: github.apiUrl.replace(/\/+$/, ''),
        userAgent: 'certflow',
        // An alert is sent at the end of a run: two retries (1 s, 4 s) are patience enough.
        retry: { retries: 2 },
        // Octokit logs request failures itself at error level: keep that in debug, we report warnings.
        log: {
            debug: () => { },
            info: () => { },
            warn: (m) => log.debug(m),
            error: (m) => log.debug(m),
        },
        throttle: {
            onRateLimit: (after, _options, _octokit, retryCount) => {
                log.warn(`GitHub rate limit reached; ${retryCount < 2 ? `retrying in ${after} s` : 'giving up'}`);
                return retryCount < 2;
            },
            onSecondaryRateLimit: (after, _options, _octokit, retryCount) => {
                log.warn(`GitHub secondary rate limit; ${retryCount < 1 ? `retrying in ${after} s` : 'giving up'}`);
                return retryCount < 1;
            },
        },
    });
    return (0,_util_redact_requests_js__WEBPACK_IMPORTED_MODULE_3__/* .redactRequestText */ .y)(client, log);
}
/** The open alert issue, if any: the oldest, so a race that opened two converges on one. */
async function findAlertIssue(client, gh, label) {
    const issues = await client.paginate(client.rest.issues.listForRepo, {
        owner: gh.owner,
        repo: gh.repo,
        state: 'open',
        labels: label,
        per_page: 100,
    });
    const mine = issues
        .filter((i) => !i.pull_request)
        .filter((i) => i.labels.some((l) => (typeof l === 'string' ? l : l.name) === label))
        .sort((a, b) => a.number - b.number);
    const first = mine[0];
    return first ? { number: first.number, url: first.html_url } : undefined;
}
async function raiseAlert(client, gh, text) {
    const open = await findAlertIssue(client, gh, text.label);
    if (open) {
        await client.rest.issues.createComment({
            owner: gh.owner,
            repo: gh.repo,
            issue_number: open.number,
            body: text.body,
        });
        return { action: 'commented', issue: open };
    }
    const created = await client.rest.issues.create({
        owner: gh.owner,
        repo: gh.repo,
        title: text.title,
        body: text.body,
        labels: [text.label],
    });
    return { action: 'opened', issue: { number: created.data.number, url: created.data.html_url } };
}
async function resolveAlert(client, gh, text) {
    const open = await findAlertIssue(client, gh, text.label);
    if (!open)
        return { action: 'none' };
    await client.rest.issues.createComment({
        owner: gh.owner,
        repo: gh.repo,
        issue_number: open.number,
        body: text.comment,
    });
    await client.rest.issues.update({
        owner: gh.owner,
        repo: gh.repo,
        issue_number: open.number,
        state: 'closed',
        state_reason: 'completed',
    });
    return { action: 'closed', issue: open };
}


/***/ }),

/***/ 27782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ redactRequestText)
/* harmony export */ });
function redactRequestText(client, log) {
    client.hook.before('request', (options) => {
        const fields = options;
        for (const key of ['title', 'body', 'message'])
            if (typeof fields[key] === 'string')
                fields[key] = log.redact(fields[key]);
    });
    return client;
}


/***/ })

};
;