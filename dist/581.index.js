"use strict";
exports.id = 581;
exports.ids = [581,311];
exports.modules = {

/***/ 95581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12957);
// Entry of the `certflow` bin (dist/cli.cjs).

(0,_cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .ak)(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (error) => {
    process.stderr.write(`certflow: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});


/***/ }),

/***/ 12957:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ak: () => (/* binding */ runCli),
/* harmony export */   dc: () => (/* binding */ EXIT)
/* harmony export */ });
/* unused harmony export HELP */
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(311);
/**
 * The `certflow` command line: the same pipeline as the Action, for laptops and other CI.
 * This file answers --help and --version by itself and loads everything else (config, commands,
 * their libraries) only when a command runs: start-up is paid by every matrix job (issue 22).
 */

const EXIT = { ok: 0, failed: 1, usage: 2 };
const HELP = `certflow ${_version_js__WEBPACK_IMPORTED_MODULE_0__/* .VERSION */ .x}: renew TLS certificates with ACME DNS-01, keep them in git encrypted,
deploy them over SSH and prove they are served.

Usage: certflow <command> [certificate names...] [options]

Commands:
  plan       show what is due for renewal, and why (exit 0 even when something is due)
  renew      issue what is due, seal it into the store, publish it (and deploy with --deploy)
  deploy     bring every target host to serve the stored certificates
  check      probe every host over TLS and fail when a served certificate is stale or wrong
  verify     prove every stored bundle (chain, names, manifest; no secret needed), and with
             --base show what changed per certificate and flag sensitive config changes
  publish    take the bundles matrix shards renewed (--from <folder>), verify each, publish once
  decrypt    print a stored private key (break-glass)
  revoke     revoke a certificate at the CA (the current one, or --serial S from the bundle's
             history) and record it in certificate.json
  rotate     renew one certificate now with a new key, publish, deploy; with --revoke-old
             revoke the previous one once every host is proven to serve the new one
  account    the ACME account of acme.account-key: show (URL, status, contacts, key thumbprint),
             rollover --out <file> (RFC 8555 key change; the new key goes to a new 0600 file),
             deactivate (asks first; --yes skips the question)
  reseal     re-encrypt stored keys to the recipients the config names now (no order; --identity)
  persist-record
             print the _validation-persist TXT records the dns-persist-01 certificates need
             (zone-file lines; --json for IaC tools); with --check look them up read-only
             and fail when one is missing, for another account, or expires within 30 days
  agent      on a host: fetch the store from git, install this host's certificates (--config <file>)
  init       write a starter config, an ACME account key and an age identity

Options:
  -c, --config <file>          config file (default .github/certflow.yml here, else at the git top level)
      --force <names|all>      renew these now whatever the plan says (repeat, or comma separated)
      --force-unsafe           also skip the rate-limit guard and the back-off after failures
      --publish <mode>         none (default: write the working tree), git (commit locally),
                               commit or pull-request (GitHub API; needs GITHUB_TOKEN, GITHUB_REPOSITORY)
      --push                   with --publish git: push the commit
      --branch <name>          branch of renewal pull requests (default certflow/renewal)
      --state-branch <name>    branch keeping back-off in pull-request mode (default certflow/state)
      --labels <a,b>           labels of renewal pull requests (default certificates)
      --dry-run                staging CA, nothing published or changed on hosts
      --deploy                 with renew: deploy after publishing
      --concurrency <n>        certificates issued and hosts deployed at once (default 4)
      --identity <file>        age identity file (or CERTFLOW_AGE_IDENTITY with its content)
      --schedule-interval <h>  hours between scheduled runs, to warn when windows are too short
      --renew-workflow <f>     check: fail when this workflow (renew.yml) is disabled or has not
                               succeeded within twice its schedule; renew: re-enable it
      --repository <o/r>       GitHub repository (default GITHUB_REPOSITORY)
      --report <file>          write the JSON report of the run here
      --metrics <file>         write the run's Prometheus metrics here (textfile collector)
      --pushgateway <url>      push the same metrics to this Prometheus Pushgateway
      --hosts <sel>            with deploy: only these hosts: tag:NAME, or a host (web1, 10.0.3.21:2222)
      --changed-since <rev>    with deploy: run exec hooks for certificates changed since this commit
      --base <rev>             with verify: compare with this commit (a pull request's base)
      --serial <hex>           with revoke: the certificate to revoke (default the current one)
      --reason <r>             with revoke: unspecified (default), keyCompromise, superseded,
                               affiliationChanged, cessationOfOperation; keyCompromise signs with
                               the certificate's own key when --identity is given
      --revoke-old             with rotate: revoke the replaced certificate (reason superseded
                               unless --reason says otherwise) after every host serves the new one
  -y, --yes                    with account deactivate: do not ask (deactivation is permanent)
  -o, --out <file>             with decrypt: write the key to this file (0600); with account
                               rollover: the new key's file, which must not exist yet
      --shards <n>             with plan: the matrix as n shards of names (at most 256)
      --shard-size <k>         with plan: the matrix as shards of k names each
      --shard <json>           with renew: renew exactly this matrix entry's names
      --check                  with persist-record: look the records up and report each
      --from <folder>          with publish: a shard's store files (repeat, or a folder of them)
      --json                   machine-readable result on stdout
  -v, --verbose                debug output on stderr
  -h, --help                   show this help
  -V, --version                show the version

Exit codes: 0 all good, 1 something failed, 2 bad config or usage.
`;
/** A question on stderr, the answer from stdin; only when both are a terminal. */
async function askTerminal(question) {
    const { createInterface } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 26848, 23));
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
        return (await rl.question(question)).trim().toLowerCase() === 'yes';
    }
    finally {
        rl.close();
    }
}
const defaultIo = () => ({
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrStream: process.stderr,
    confirm: process.stdin.isTTY && process.stderr.isTTY ? askTerminal : undefined,
    env: process.env,
    cwd: process.cwd(),
});
async function runCli(argv, io = defaultIo()) {
    const [first] = argv;
    if (first === undefined || argv.includes('-h') || argv.includes('--help') || first === 'help') {
        io.stdout(HELP);
        return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '-V' || first === '--version') {
        io.stdout(`${_version_js__WEBPACK_IMPORTED_MODULE_0__/* .VERSION */ .x}\n`);
        return EXIT.ok;
    }
    const { runCommand } = await Promise.all(/* import() */[__webpack_require__.e(366), __webpack_require__.e(275), __webpack_require__.e(828), __webpack_require__.e(58), __webpack_require__.e(206)]).then(__webpack_require__.bind(__webpack_require__, 46206));
    return runCommand(argv, io);
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