"use strict";
exports.id = 828;
exports.ids = [828];
exports.modules = {

/***/ 52296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qg: () => (/* binding */ deployAdvice),
/* harmony export */   _C: () => (/* binding */ issueAdvice),
/* harmony export */   rC: () => (/* binding */ checkAdvice)
/* harmony export */ });
/** What a user can do about a failure, when the stage gave no hint of its own. */
function deployAdvice(d) {
    switch (d.phase) {
        case 'connect':
            return 'Check that the host is reachable, the user and key are right, and its host key is pinned in known-hosts.';
        case 'stage':
        case 'swap':
            return 'Check free space and permissions of the target folder on the host.';
        case 'validate':
            return "The server's config check refused the new files; its output is above. Live files were left unchanged.";
        case 'reload':
            return 'The reload command failed; fix the server config on the host and run deploy again.';
        case 'verify':
            return 'The host did not serve the new certificate after reload: check which files the server really uses and the TLS verify port and name.';
        case 'rollback':
            return 'Rolling back failed too: log in to the host and check what it serves now.';
        default:
            return 'Run deploy again once the cause above is fixed; hosts already serving the right certificate are skipped.';
    }
}
function issueAdvice(error) {
    if (error.hint)
        return error.hint;
    const type = error.acmeType?.replace('urn:ietf:params:acme:error:', '') ?? '';
    switch (type) {
        case 'rateLimited':
            return "The CA's rate limit was hit: wait until it resets (see the detail above) and do not force renewals meanwhile.";
        case 'unauthorized':
        case 'dns':
        case 'incorrectResponse':
        case 'connection':
            return 'The CA could not see the _acme-challenge TXT record: check the DNS provider settings, the zone delegation and any challenge-alias CNAME.';
        case 'rejectedIdentifier':
        case 'caa':
            return 'The CA will not issue for this name: check the CAA records of the domain and that the name is public.';
        case 'badCSR':
            return 'The CA refused the key or the request: check the key type of the certificate.';
        case 'accountDoesNotExist':
        case 'unauthorizedAccount':
        case 'externalAccountRequired':
            return 'The ACME account was refused: check acme.account-key and the external account binding.';
        default:
            return 'Run again once the cause above is fixed; the next run retries after a back-off.';
    }
}
function checkAdvice(c) {
    switch (c.status) {
        case 'expiring':
        case 'expired':
            return `Renew now (run renew with force: ${c.certificate}), then deploy; or deploy, if the store already holds a fresh one.`;
        case 'mismatch':
            return 'Run deploy to bring the host back to the stored certificate (it skips hosts that already serve it).';
        case 'unreachable':
            return "Check that the host is up and the target's verify port, address and servername are right.";
        case 'untrusted':
            return "The host serves a certificate no trusted CA signed: run deploy to restore the stored one; if it is a private CA's, add its root to store.trust.";
        case 'invalid':
            return 'Run `certflow verify` to see what is wrong with the stored bundle, then renew it (force) or restore it from git history.';
        default:
            return '';
    }
}


/***/ }),

/***/ 14031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AS: () => (/* binding */ pre),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   Zg: () => (/* binding */ scrubSecrets),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   md: () => (/* binding */ md),
/* harmony export */   pj: () => (/* binding */ plain)
/* harmony export */ });
/**
 * Escaping for the job summary. `@actions/core` writes markdown as given, and GitHub renders raw
 * HTML in it, so everything that came from a user, a CA or a host goes through here first.
 */
const HTML = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text) {
    return plain(text).replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}
/**
 * Text for a markdown paragraph or table cell: HTML escaped, markdown punctuation made literal,
 * pipes as an entity (a `\|` is still split by some table renderers), newlines as `<br>` so a
 * multi-line message cannot end a table row or start a block.
 */
function md(text) {
    // Backslashes first, so the `#` of the entities added after them is left alone.
    return plain(text)
        .replace(/[\\`*_[\]~#!]/g, (c) => `\\${c}`)
        .replace(/[&<>]/g, (c) => HTML[c] ?? c)
        .replace(/\|/g, '&#124;')
        .replace(/\r?\n/g, '<br>');
}
/** Names, hosts and serials as inline code when they are plain enough to need no escaping. */
const PLAIN = /^[A-Za-z0-9.*:@/_+=-]+$/;
function code(text) {
    return PLAIN.test(text) ? `\`${text}\`` : md(text);
}
/** Command output in a `<pre>` block: an HTML block, so blank lines inside do not end it. */
function pre(text) {
    return `<pre>${escapeHtml(text.replace(/\s+$/, ''))}</pre>`;
}
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;
const AGE_IDENTITY = /AGE-SECRET-KEY-1[0-9A-Z]+/g;
/**
 * Removes anything that looks like a private key. Reports carry none by construction; this is the
 * belt to those braces, applied to every string before it leaves the process.
 */
function scrubSecrets(text) {
    return text.replace(PRIVATE_KEY, '[private key removed]').replace(AGE_IDENTITY, '[age identity removed]');
}
/** ANSI CSI and OSC sequences, as commands like nginx or systemctl may colour their output. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g;
/**
 * Strips escape sequences and control characters (tab and newline stay): a host's output must not
 * repaint a terminal, nor put invisible bytes into a summary.
 */
function plain(text) {
    return text.replace(ANSI, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}


/***/ }),

/***/ 51349:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N4: () => (/* binding */ tally),
/* harmony export */   Nx: () => (/* binding */ deployWords),
/* harmony export */   Pl: () => (/* binding */ headline),
/* harmony export */   ZA: () => (/* binding */ reportOk),
/* harmony export */   nx: () => (/* binding */ OUTCOME_WORDS),
/* harmony export */   pq: () => (/* binding */ certificateRows),
/* harmony export */   qr: () => (/* binding */ footer),
/* harmony export */   sN: () => (/* binding */ failedNames)
/* harmony export */ });
/* unused harmony export nextDue */
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32656);

/** Codes of a skip that is a hold-off rather than "not due": the user may want to know. */
const HELD = new Set(['backoff', 'rate-limited']);
function issuedFacts(result) {
    if (!result.ok)
        return {};
    try {
        const facts = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_0__/* .leafFacts */ .kt)(result.certificate.fullchainPem);
        return { notAfter: facts.notAfter.toISOString(), serial: facts.serial };
    }
    catch {
        // A chain we cannot read is the issuer's problem to report; the table just shows less.
        return {};
    }
}
function certificateRows(report) {
    const issued = new Map(report.issued.map((r) => [r.name, r]));
    const rows = report.plan.map((d) => {
        const result = issued.get(d.name);
        issued.delete(d.name);
        const row = {
            name: d.name,
            domains: d.domains,
            action: d.action,
            reason: d.reason,
            oldExpiry: d.expiresAt,
            oldSerial: d.serial,
            outcome: outcomeOf(d, result, report.command),
        };
        return withResult(row, result);
    });
    // Results without a plan entry (a caller that skipped planning): still shown, never lost.
    for (const result of issued.values()) {
        rows.push(withResult({
            name: result.name,
            domains: [],
            action: 'unknown',
            reason: '',
            outcome: outcomeOf(undefined, result, ''),
        }, result));
    }
    return rows;
}
function withResult(row, result) {
    if (!result)
        return row;
    row.durationMs = result.durationMs;
    if (result.ok) {
        const facts = issuedFacts(result);
        row.newExpiry = facts.notAfter;
        row.newSerial = facts.serial;
        if (result.certificate.validation)
            row.validation = result.certificate.validation;
        if (row.domains.length === 0)
            row.domains = result.certificate.domains;
    }
    else {
        row.error = result.error;
    }
    return row;
}
function outcomeOf(d, result, command) {
    if (result) {
        if (!result.ok)
            return 'failed';
        return d?.action === 'issue' ? 'issued' : 'renewed';
    }
    if (!d)
        return 'not-attempted';
    if (d.action === 'skip') {
        if (d.code === 'pending-review')
            return 'pending';
        return HELD.has(d.code) ? 'held' : 'not-due';
    }
    // Due, but nothing was issued: `plan` only looks; other commands did not get that far.
    return command === 'plan' || command === 'deploy' || command === 'check' ? 'due' : 'not-attempted';
}
const unique = (items) => [...new Set(items)];
function tally(report) {
    const renewed = report.issued.filter((r) => r.ok).map((r) => r.name);
    const failedCertificates = report.issued.filter((r) => !r.ok).map((r) => r.name);
    const failedDeploys = report.deploys.filter((d) => !d.ok);
    const failedHosts = unique(failedDeploys.map((d) => d.host));
    const failedChecks = (report.checks ?? []).filter((c) => !c.ok);
    // A host counts as deployed when every deploy to it ended well (skipped = already serving).
    const deployedHosts = unique(report.deploys.filter((d) => d.ok && !d.dryRun && !failedHosts.includes(d.host)).map((d) => d.host));
    const unverifiedHosts = unique(report.deploys.filter((d) => d.verified === false && deployedHosts.includes(d.host)).map((d) => d.host));
    const rolledBack = unique(report.deploys.filter((d) => d.rolledBack).map((d) => d.host));
    return {
        renewed,
        failedCertificates,
        failedHosts,
        failedChecks,
        deployedHosts,
        unverifiedHosts,
        rolledBack,
        errors: report.errors,
        failures: failedCertificates.length + failedHosts.length + failedChecks.length + report.errors.length,
    };
}
/** True when nothing failed: no certificate, host, check or run-level error. */
function reportOk(report) {
    return tally(report).failures === 0;
}
/** What failed, as short names for outputs and alerts: certificates, hosts, "certificate@host" checks. */
function failedNames(report) {
    const t = tally(report);
    return unique([
        ...t.failedCertificates,
        ...t.failedHosts,
        ...t.failedChecks.map((c) => `${c.certificate}@${c.host}`),
    ]);
}
/** The earliest upcoming due date among certificates that were not due. */
function nextDue(report) {
    let best;
    for (const d of report.plan) {
        if (d.action !== 'skip' || !d.dueAt)
            continue;
        if (!best || Date.parse(d.dueAt) < Date.parse(best.at))
            best = { name: d.name, at: d.dueAt };
    }
    return best;
}
function plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}
/** One sentence that says how the run went, the same on every surface. */
function headline(report) {
    const t = tally(report);
    if (t.failures > 0) {
        const parts = [];
        if (t.failedCertificates.length)
            parts.push(plural(t.failedCertificates.length, 'certificate'));
        if (t.failedHosts.length)
            parts.push(plural(t.failedHosts.length, 'host'));
        if (t.failedChecks.length)
            parts.push(plural(t.failedChecks.length, 'check'));
        if (t.errors.length)
            parts.push(plural(t.errors.length, 'run error'));
        return { kind: 'failed', text: `${t.failures} failed (${parts.join(', ')})` };
    }
    const checks = report.checks ?? [];
    if (report.command === 'check') {
        if (checks.length === 0)
            return { kind: 'nothing-due', text: 'no hosts to check' };
        const unstored = checks.filter((c) => c.status === 'unstored').length;
        if (unstored === 0) {
            return { kind: 'ok', text: `all ${plural(checks.length, 'served certificate')} fresh and as stored` };
        }
        return {
            kind: 'ok',
            text: `all ${plural(checks.length, 'served certificate')} fresh; ${unstored} not compared (nothing readable in the store)`,
        };
    }
    const deployed = report.deploys.filter((d) => !d.skipped).length;
    if (report.dryRun && (t.renewed.length > 0 || deployed > 0)) {
        const parts = [];
        if (t.renewed.length)
            parts.push(`${plural(t.renewed.length, 'certificate')} issued by the staging CA`);
        if (deployed)
            parts.push(`${plural(deployed, 'host')} would be deployed`);
        return { kind: 'ok', text: `dry run: ${parts.join(', ')}` };
    }
    if (t.renewed.length === 0 && deployed === 0) {
        const due = report.plan.filter((d) => d.action !== 'skip').length;
        if (report.command === 'plan' && due > 0)
            return { kind: 'ok', text: `${plural(due, 'certificate')} due` };
        const next = nextDue(report);
        const inSync = report.deploys.length > 0 ? '; every host already serves the stored certificates' : '';
        return {
            kind: 'nothing-due',
            text: `nothing due${next ? ` (next: ${next.name} on ${next.at.slice(0, 10)})` : ''}${inSync}`,
        };
    }
    if (t.renewed.length > 0 && report.deploys.length > 0) {
        return {
            kind: 'ok',
            text: `all renewed and deployed (${plural(t.renewed.length, 'certificate')}, ${hostCount(t)})`,
        };
    }
    if (t.renewed.length > 0)
        return { kind: 'ok', text: `all renewed (${plural(t.renewed.length, 'certificate')})` };
    return { kind: 'ok', text: `all deployed (${hostCount(t)})` };
}
/** "3 hosts", or "3 hosts, 1 not verified" when a target has TLS verify disabled. */
function hostCount(t) {
    const n = plural(t.deployedHosts.length, 'host');
    return t.unverifiedHosts.length > 0 ? `${n}, ${t.unverifiedHosts.length} not verified` : n;
}
const OUTCOME_WORDS = {
    renewed: 'renewed',
    issued: 'issued',
    failed: 'failed',
    'not-due': 'not due',
    held: 'held back',
    pending: 'waiting for review',
    due: 'due',
    'not-attempted': 'not attempted',
};
function deployWords(d) {
    if (!d.ok)
        return d.dryRun ? 'failed (dry run)' : 'failed';
    // Never the same words as a proven deploy: nobody checked what the host serves.
    if (d.verified === false && !d.dryRun)
        return d.skipped ? 'files match, not verified' : 'deployed, not verified';
    if (d.skipped)
        return 'already serving';
    return d.dryRun ? 'would deploy (dry run)' : 'deployed';
}
/** Hosts deployed and verified, and apart from them those deployed but not verified. */
function deployedCounts(t) {
    const unverified = t.unverifiedHosts.length;
    if (unverified === 0)
        return [`${plural(t.deployedHosts.length, 'host')} deployed`];
    return [
        `${plural(t.deployedHosts.length - unverified, 'host')} deployed and verified`,
        `${plural(unverified, 'host')} deployed, not verified`,
    ];
}
/** The small print under the tables: counts that matter for this command, and the time taken. */
function footer(report, took) {
    const t = tally(report);
    const parts = report.command === 'check'
        ? [`${plural(report.checks?.length ?? 0, 'endpoint')} checked`]
        : [`${t.renewed.length} renewed`, ...deployedCounts(t)];
    if (took)
        parts.push(`took ${took}`);
    return parts.join(' · ');
}


/***/ }),

/***/ 98828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  nH: () => (/* reexport */ createTerminalLogger),
  bF: () => (/* binding */ renderTerminal)
});

// UNUSED EXPORTS: TerminalLogger, wantsColor

// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
// EXTERNAL MODULE: ./src/report/advice.ts
var advice = __webpack_require__(52296);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/report/facts.ts
var facts = __webpack_require__(51349);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
;// CONCATENATED MODULE: ./src/report/terminal-logger.ts
/**
 * The CLI's Logger. On a terminal it keeps one live progress line at the bottom ("issued 3/20 ·
 * deployed 1/3") and prints other lines above it; elsewhere (pipes, CI logs) it prints plain lines
 * and only a few progress steps. Colours only on a terminal, never with NO_COLOR.
 */


const sgr = (open, close) => (s) => `\x1b[${open}m${s}\x1b[${close}m`;
const COLORS = {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
};
const id = (s) => s;
const NO_COLORS = { bold: id, dim: id, red: id, green: id, yellow: id };
/** Colour when the stream is a terminal, TERM is not dumb, and NO_COLOR is unset or empty (no-color.org). */
function wantsColor(stream, env) {
    return stream.isTTY === true && env.TERM !== 'dumb' && !env.NO_COLOR;
}
/** "file:line:column: " before a message, as compilers write it (editors and CI logs link it). */
function where(place) {
    if (!place?.file)
        return '';
    return `${[place.file, place.line, place.column].filter((p) => p !== undefined).join(':')}: `;
}
/** Plain output prints a step only when it is worth a line: small totals, every tenth, the end. */
function worthALine(done, total) {
    if (done >= total || total <= 20)
        return true;
    return Math.floor((done * 10) / total) !== Math.floor(((done - 1) * 10) / total);
}
class TerminalLogger {
    stream;
    redactor = new redact/* Redactor */.pO();
    stages = new Map();
    live;
    paint;
    debugOn;
    liveShown = false;
    constructor(stream, env, options = {}) {
        this.stream = stream;
        this.live = stream.isTTY === true && env.TERM !== 'dumb';
        this.paint = wantsColor(stream, env) ? COLORS : NO_COLORS;
        this.debugOn = options.verbose === true || env.CERTFLOW_DEBUG === '1' || env.CERTFLOW_DEBUG === 'true';
    }
    /** Secrets masked; on a terminal, escape sequences in the message dropped before ours are added. */
    clean(text) {
        const out = (0,redact/* escapeCommands */.g9)(this.redactor.apply(text));
        return this.live ? (0,report_escape/* plain */.pj)(out) : out;
    }
    clearLive() {
        if (this.liveShown)
            this.stream.write('\r\x1b[2K');
        this.liveShown = false;
    }
    drawLive() {
        if (!this.live || this.stages.size === 0)
            return;
        const text = this.clean([...this.stages].map(([stage, p]) => `${stage} ${p.done}/${p.total}`).join(' · '));
        this.stream.write(`\r\x1b[2K${this.paint.dim('…')} ${text}`);
        this.liveShown = true;
    }
    line(text) {
        this.clearLive();
        this.stream.write(`${text}\n`);
        this.drawLive();
    }
    debug(message) {
        if (this.debugOn)
            this.line(this.paint.dim(`debug: ${this.clean(message)}`));
    }
    info(message) {
        this.line(this.clean(message));
    }
    warn(message, place) {
        this.line(`${this.paint.yellow('warning')}: ${this.clean(where(place) + message)}`);
    }
    error(message, place) {
        this.line(`${this.paint.red('error')}: ${this.clean(where(place) + message)}`);
    }
    async group(name, fn) {
        this.line(this.paint.bold(`▸ ${this.clean(name)}`));
        return fn();
    }
    progress(stage, done, total) {
        if (!this.live) {
            if (worthALine(done, total))
                this.line(this.clean(`${stage} ${done}/${total}`));
            return;
        }
        if (done >= total) {
            // A finished stage leaves one permanent line and gives the live line back to the others.
            this.stages.delete(stage);
            this.line(`${this.paint.green('✓')} ${this.clean(`${stage} ${done}/${total}`)}`);
            return;
        }
        this.stages.set(stage, { done, total });
        this.clearLive();
        this.drawLive();
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
    /** Clears the live line; call before printing the final tables. */
    finish() {
        this.stages.clear();
        this.clearLive();
    }
}
/** `verbose` (the CLI's -v) or CERTFLOW_DEBUG=1 shows debug lines. */
function createTerminalLogger(stream, env, options = {}) {
    return new TerminalLogger(stream, env, options);
}

;// CONCATENATED MODULE: ./src/report/terminal.ts






const width = (s) => [...s].length;
/** A multi-line entry keeps its indent on every line, so a CA's message cannot fall out of its block. */
function hanging(entry) {
    const indent = /^\s*/.exec(entry)?.[0] ?? '';
    return entry.replace(/\n+$/, '').split('\n').join(`\n${indent}`);
}
/** A cell is one line. */
const oneLine = (s) => s.replace(/\s*\n\s*/g, ' ');
function day(iso) {
    if (!iso)
        return '-';
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}
/** Columns padded to the widest cell; colour applied after padding so escapes do not skew it. */
function table(header, rows, p) {
    const all = [
        header.map((text) => ({ text })),
        ...rows.map((r) => r.map((c) => ({ ...c, text: oneLine(c.text) }))),
    ];
    const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i]?.text ?? ''))));
    const render = (r, head) => r
        .map((c, i) => {
        // The last column is not padded: trailing blanks (inside a colour) would only add noise.
        const pad = i === r.length - 1 ? 0 : (widths[i] ?? 0) - width(c.text);
        const padded = c.text + ' '.repeat(pad);
        if (head)
            return p.bold(padded);
        return c.paint ? c.paint(padded) : padded;
    })
        .join('  ')
        .trimEnd();
    return [render(all[0] ?? [], true), ...all.slice(1).map((r) => render(r, false))]
        .map((l) => `  ${l}`)
        .join('\n');
}
function names(values, max = 3) {
    const shown = values.slice(0, max);
    return shown.join(', ') + (values.length > max ? ` +${values.length - max}` : '') || '-';
}
function errorLines(e) {
    const out = [`    ${e.message}`];
    if (e.acmeType)
        out.push(`    problem: ${e.acmeType}${e.status ? ` (HTTP ${e.status})` : ''}`);
    if (e.detail && e.detail !== e.message)
        out.push(`    detail: ${e.detail}`);
    for (const s of e.subproblems ?? []) {
        out.push(`    - ${s.identifier ? `${s.identifier}: ` : ''}${s.type ? `${s.type} ` : ''}${s.detail ?? ''}`);
    }
    for (const s of e.skippedIssuers ?? [])
        out.push(`    passed over ${s.where} (${s.directory}): ${s.reason}`);
    if (e.skippedIssuers?.length && e.acmeDirectory)
        out.push(`    then failed at ${e.acmeDirectory}`);
    return out;
}
/** Every string of the report without control characters: a host's output cannot repaint the screen. */
function cleaned(report) {
    return JSON.parse(JSON.stringify(report, (_key, value) => (typeof value === 'string' ? (0,report_escape/* plain */.pj)(value) : value)));
}
function renderTerminal(input, options) {
    const report = cleaned(input);
    const p = options.color ? COLORS : NO_COLORS;
    const h = (0,facts/* headline */.Pl)(report);
    const mark = h.kind === 'failed' ? p.red('✗') : p.green('✓');
    const out = [`${mark} ${p.bold(`certflow ${report.command}: ${h.text}`)}`];
    if (report.dryRun)
        out.push(p.yellow('DRY RUN: staging CA, nothing published, hosts unchanged.'));
    const pub = report.publish;
    if (pub?.pullRequest)
        out.push(`pull request #${pub.pullRequest.number}: ${pub.pullRequest.url}`);
    else if (pub?.commitSha)
        out.push(`commit ${pub.commitSha.slice(0, 12)}${pub.branch ? ` on ${pub.branch}` : ''}`);
    const rows = (0,facts/* certificateRows */.pq)(report);
    const red = p.red;
    const green = p.green;
    if (rows.length > 0) {
        out.push('', p.bold('Certificates'));
        out.push(table(['NAME', 'NAMES', 'ACTION', 'EXPIRY', 'SERIAL', 'RESULT'], rows.map((r) => [
            { text: r.name },
            { text: names(r.domains) },
            { text: r.reason ? `${r.action}: ${r.reason}` : r.action },
            { text: r.newExpiry ? `${day(r.oldExpiry)} -> ${day(r.newExpiry)}` : day(r.oldExpiry) },
            { text: r.newSerial ?? r.oldSerial ?? '-' },
            {
                // The validation's head only ("dns-persist-01", "dns-01 fallback for www"): the log has the rest.
                text: `${facts/* OUTCOME_WORDS */.nx[r.outcome]}${r.validation ? ` (${r.validation.split(':')[0]})` : ''}`,
                paint: r.outcome === 'failed'
                    ? red
                    : r.outcome === 'renewed' || r.outcome === 'issued'
                        ? green
                        : undefined,
            },
        ]), p));
    }
    if (report.deploys.length > 0) {
        out.push('', p.bold('Deploys'));
        out.push(table(['HOST', 'CERTIFICATES', 'PHASE', 'RESULT', 'ROLLED BACK', 'TIME'], report.deploys.map((d) => [
            { text: d.host },
            { text: names(d.certificates) },
            { text: d.phase },
            { text: (0,facts/* deployWords */.Nx)(d), paint: !d.ok ? red : d.verified === false ? p.yellow : green },
            { text: d.rolledBack ? 'yes' : 'no', paint: d.rolledBack ? p.yellow : undefined },
            { text: (0,duration/* formatDuration */.a3)(d.durationMs) },
        ]), p));
    }
    const checks = report.checks ?? [];
    if (checks.length > 0) {
        out.push('', p.bold('Served certificates'));
        out.push(table(['HOST', 'CERTIFICATE', 'SERIAL', 'EXPIRES', 'LEFT', 'RESULT'], checks.map((c) => [
            { text: c.host },
            { text: c.certificate },
            { text: c.served?.serial ?? '-' },
            { text: day(c.served?.notAfter) },
            { text: c.remaining === undefined ? '-' : `${Math.max(0, Math.round(c.remaining * 100))}%` },
            { text: c.status, paint: c.ok ? green : red },
        ]), p));
    }
    const failures = [];
    for (const r of rows) {
        if (!r.error)
            continue;
        failures.push(`  ${red('✗')} certificate ${r.name}`, ...errorLines(r.error), `    what to do: ${(0,advice/* issueAdvice */._C)(r.error)}`);
    }
    for (const d of report.deploys) {
        if (d.ok)
            continue;
        failures.push(`  ${red('✗')} host ${d.host} at ${d.phase}${d.rolledBack ? ' (rolled back)' : ''}`);
        if (d.message)
            failures.push(`    ${d.message}`);
        if (d.output)
            failures.push(...d.output
                .trimEnd()
                .split('\n')
                .map((l) => `    | ${l}`));
        failures.push(`    what to do: ${(0,advice/* deployAdvice */.Qg)(d)}`);
    }
    for (const c of checks) {
        if (c.ok)
            continue;
        failures.push(`  ${red('✗')} ${c.certificate} on ${c.host}: ${c.status}`, `    ${c.message}`);
        failures.push(`    what to do: ${(0,advice/* checkAdvice */.rC)(c)}`);
    }
    for (const e of report.errors) {
        failures.push(`  ${red('✗')} ${e.message}`, ...errorLines(e).slice(1));
        if (e.hint)
            failures.push(`    what to do: ${e.hint}`);
    }
    if (failures.length > 0)
        out.push('', p.bold('What failed'), ...failures.map(hanging));
    if (report.warnings.length > 0) {
        out.push('', p.bold('Warnings'), ...report.warnings.map((w) => `  ${p.yellow('!')} ${w}`));
    }
    const took = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
    out.push('', p.dim((0,facts/* footer */.qr)(report, Number.isNaN(took) ? undefined : (0,duration/* formatDuration */.a3)(took))));
    return (0,report_escape/* scrubSecrets */.Zg)(`${out.join('\n')}\n`);
}


/***/ })

};
;