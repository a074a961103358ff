"use strict";
exports.id = 198;
exports.ids = [198,311];
exports.modules = {

/***/ 39198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   octokitClient: () => (/* binding */ octokitClient)
/* harmony export */ });
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86856);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(11267);
/* harmony import */ var _util_redact_requests_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(27782);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(311);
/**
 * Octokit with retry (5xx, network) and throttling (rate limits, one write per second as GitHub
 * asks) composed around every request. Only src/publish/github-client.ts loads this, on demand.
 */





const ThrottledOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_0__/* .Octokit */ .E.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_1__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_2__/* .throttling */ .A);
/** How many times a rate-limited request is retried before the error is surfaced. */
const RATE_LIMIT_RETRIES = 2;
function octokitClient(gh, log, options = {}) {
    log.secret(gh.token);
    const client = new ThrottledOctokit({
        auth: gh.token,
        baseUrl: gh.apiUrl.replace(/\/+$/, ''),
        userAgent: `certflow/${_version_js__WEBPACK_IMPORTED_MODULE_3__/* .VERSION */ .x}`,
        log: {
            // Octokit's own chatter goes to debug; its request URLs never contain the token.
            debug: () => { },
            info: (m) => log.debug(m),
            warn: (m) => log.debug(m),
            error: (m) => log.debug(m),
        },
        retry: { retries: 3 },
        throttle: {
            enabled: options.throttle ?? true,
            onRateLimit: (retryAfter, request, _o, retryCount) => {
                log.warn(`GitHub rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
                return retryCount < RATE_LIMIT_RETRIES;
            },
            onSecondaryRateLimit: (retryAfter, request, _o, retryCount) => {
                log.warn(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
                return retryCount < RATE_LIMIT_RETRIES;
            },
        },
    });
    return (0,_util_redact_requests_js__WEBPACK_IMPORTED_MODULE_4__/* .redactRequestText */ .y)(client, log);
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


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** The product version; test/unit/bundle.test.ts fails when it differs from package.json's. */
const VERSION = '0.1.0';


/***/ })

};
;