"use strict";
exports.id = 877;
exports.ids = [877];
exports.modules = {

/***/ 87495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ postWebhook)
/* harmony export */ });
/* harmony import */ var _util_body_head_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37813);
/**
 * POSTs the alert as JSON. The URL is a secret (a Slack hook's path is its token): only its origin
 * is ever named in messages.
 */

function origin(url) {
    try {
        return new URL(url).origin;
    }
    catch {
        return 'the webhook URL';
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Two attempts: a receiver that is restarting or answers 5xx/429 gets one more chance; a 4xx is
 * our mistake (or a revoked hook) and is not retried.
 */
async function postWebhook(url, payload, options = {}) {
    const where = origin(url);
    const body = JSON.stringify(payload);
    let last = { ok: false, attempts: 0 };
    for (let attempt = 1; attempt <= 2; attempt++) {
        try {
            const res = await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'user-agent': 'certflow' },
                body,
                redirect: 'error',
                signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
            });
            // Read (and release) the body; its start helps explain a refusal.
            const text = (await (0,_util_body_head_js__WEBPACK_IMPORTED_MODULE_0__/* .bodyHead */ .r)(res, 200)).replace(/\s+/g, ' ').trim();
            if (res.ok)
                return { ok: true, status: res.status, attempts: attempt };
            last = {
                ok: false,
                status: res.status,
                attempts: attempt,
                error: `POST to ${where} answered HTTP ${res.status}${text ? `: ${text}` : ''}`,
            };
            if (res.status < 500 && res.status !== 429)
                return last;
        }
        catch (error) {
            const e = error;
            const why = e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.cause?.message ?? e.message);
            last = { ok: false, attempts: attempt, error: `POST to ${where} failed: ${why}` };
        }
        if (attempt < 2)
            await sleep(options.retryDelayMs ?? 1000);
    }
    return last;
}


/***/ }),

/***/ 74477:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J: () => (/* binding */ finishRun),
  b: () => (/* binding */ newReport)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/report/facts.ts
var facts = __webpack_require__(51349);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/report/outputs.ts
/**
 * Action outputs and the JSON report file. Outputs are strings (GitHub stores them so); the lists
 * are JSON arrays so a workflow can `fromJSON` them.
 */




/**
 * renewed, failed, deployed (JSON arrays), plus commit-sha, pull-request-url and
 * pull-request-number when the run published, and `report` when a report file was written.
 */
function reportOutputs(report, extra = {}) {
    const t = (0,facts/* tally */.N4)(report);
    const outputs = {
        renewed: JSON.stringify(t.renewed),
        failed: JSON.stringify((0,facts/* failedNames */.sN)(report)),
        deployed: JSON.stringify(t.deployedHosts),
    };
    const p = report.publish;
    if (p?.commitSha)
        outputs['commit-sha'] = p.commitSha;
    if (p?.pullRequest) {
        outputs['pull-request-url'] = p.pullRequest.url;
        outputs['pull-request-number'] = String(p.pullRequest.number);
    }
    if (extra.reportPath)
        outputs['report'] = extra.reportPath;
    return outputs;
}
/**
 * The report as a machine reads it. Issued certificates carry their private key in memory
 * (`IssuedCertificate.privateKeyPem`): it is dropped here, and the text is scrubbed once more.
 */
function reportJson(report) {
    const text = JSON.stringify(report, (key, value) => (key === 'privateKeyPem' ? undefined : value), 2);
    return `${(0,report_escape/* scrubSecrets */.Zg)(text)}\n`;
}
/**
 * Writes the JSON report, 0600. Secrets are redacted from it, but it quotes CA, DNS and hook
 * output at length: only the job's own user (and the steps after it) read it.
 */
async function writeReportFile(report, path) {
    await (0,promises_.writeFile)(path, reportJson(report), { mode: 0o600 });
    // `mode` only applies when the file is created; an older report keeps its bits otherwise.
    await (0,promises_.chmod)(path, 0o600);
}

// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(26518);
// EXTERNAL MODULE: ./src/report/advice.ts
var advice = __webpack_require__(52296);
;// CONCATENATED MODULE: ./src/report/dane.ts

function renderDaneMarkdown(report) {
    const rows = report.dane ?? [];
    if (rows.length === 0)
        return [];
    return [
        '### DANE TLSA records',
        '',
        'Publish both at `_443._tcp.<name>` (and each port you serve), one TTL before the next rotation:',
        '',
        '| Certificate | Current key | Next key |',
        '| --- | --- | --- |',
        ...rows.map((r) => `| ${(0,report_escape/* code */.aY)(r.name)} | ${(0,report_escape.md)(r.current)} | ${(0,report_escape.md)(r.next)} |`),
        '',
    ];
}

;// CONCATENATED MODULE: ./src/report/summary.ts





const ICON = { failed: '❌', 'nothing-due': '💤', ok: '✅' };
/** "2025-06-01" from an ISO time; the day is what a reader plans by. */
function day(iso) {
    if (!iso)
        return '–';
    const t = Date.parse(iso);
    return Number.isNaN(t) ? (0,report_escape.md)(iso) : new Date(t).toISOString().slice(0, 10);
}
function table(header, rows) {
    const line = (cells) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
function list(values, max = 4) {
    const shown = values.slice(0, max).map(report_escape/* code */.aY);
    if (values.length > max)
        shown.push(`+${values.length - max} more`);
    return shown.join(', ') || '–';
}
function certificateTable(rows) {
    return table(['Certificate', 'Names', 'Action', 'Expiry (old → new)', 'Serial', 'Result'], rows.map((r) => [
        (0,report_escape/* code */.aY)(r.name),
        list(r.domains),
        r.reason ? `**${r.action}**: ${(0,report_escape.md)(r.reason)}` : `**${r.action}**`,
        r.newExpiry ? `${day(r.oldExpiry)} → ${day(r.newExpiry)}` : day(r.oldExpiry),
        r.newSerial ? (0,report_escape/* code */.aY)(r.newSerial) : r.oldSerial ? (0,report_escape/* code */.aY)(r.oldSerial) : '–',
        `${r.outcome === 'failed' ? '❌ ' : r.outcome === 'renewed' || r.outcome === 'issued' ? '✅ ' : ''}${facts/* OUTCOME_WORDS */.nx[r.outcome]}${r.validation ? `<br>${(0,report_escape.md)(r.validation)}` : ''}`,
    ]));
}
function deployTable(deploys) {
    return table(['Host', 'Certificates', 'Phase reached', 'Result', 'Rolled back', 'Time'], deploys.map((d) => [
        `${(0,report_escape/* code */.aY)(d.host)}${d.target ? ` (${(0,report_escape.md)(d.target)})` : ''}`,
        list(d.certificates),
        d.phase,
        `${!d.ok ? '❌' : d.verified === false ? '⚠️' : '✅'} ${(0,facts/* deployWords */.Nx)(d)}`,
        d.rolledBack ? '↩️ yes' : 'no',
        (0,duration/* formatDuration */.a3)(d.durationMs),
    ]));
}
function checkTable(checks) {
    return table(['Host', 'Certificate', 'Served serial', 'Expires', 'Lifetime left', 'Result'], checks.map((c) => [
        `${(0,report_escape/* code */.aY)(c.host)}${c.servername ? ` (SNI ${(0,report_escape/* code */.aY)(c.servername)})` : ''}`,
        (0,report_escape/* code */.aY)(c.certificate),
        c.served ? (0,report_escape/* code */.aY)(c.served.serial) : '–',
        day(c.served?.notAfter),
        c.remaining === undefined ? '–' : `${Math.max(0, Math.round(c.remaining * 100))}%`,
        `${c.ok ? '✅' : '❌'} ${c.status}`,
    ]));
}
function details(summary, body) {
    // One line: a newline inside <summary> would end the HTML block and spill the rest as markdown.
    return [
        '<details>',
        `<summary>${(0,report_escape/* escapeHtml */.ZD)(summary.replace(/\s+/g, ' '))}</summary>`,
        '',
        ...body,
        '',
        '</details>',
    ].join('\n');
}
function stageErrorLines(e) {
    const lines = [`**Error:** ${(0,report_escape.md)(e.message)}`];
    if (e.acmeType)
        lines.push(`**Problem type:** ${(0,report_escape/* code */.aY)(e.acmeType)}${e.status ? ` (HTTP ${e.status})` : ''}`);
    else if (e.status)
        lines.push(`**HTTP status:** ${e.status}`);
    if (e.detail && e.detail !== e.message)
        lines.push(`**Detail:** ${(0,report_escape.md)(e.detail)}`);
    // acme.issuers: the CAs passed over before the one the failure happened at.
    for (const s of e.skippedIssuers ?? []) {
        lines.push(`**Passed over:** ${(0,report_escape.md)(s.where)} (${(0,report_escape/* code */.aY)(s.directory)}): ${(0,report_escape.md)(s.reason)}`);
    }
    if (e.skippedIssuers?.length && e.acmeDirectory)
        lines.push(`**Failed at:** ${(0,report_escape/* code */.aY)(e.acmeDirectory)}`);
    // Hard breaks between the labelled lines; a list follows after a blank line.
    const out = [lines.join('<br>\n')];
    if (e.subproblems?.length) {
        out.push('', '**Subproblems:**', '');
        for (const s of e.subproblems) {
            const who = s.identifier ? `${(0,report_escape/* code */.aY)(s.identifier)}: ` : '';
            out.push(`- ${who}${s.type ? `${(0,report_escape/* code */.aY)(s.type)} ` : ''}${(0,report_escape.md)(s.detail ?? '')}`);
        }
    }
    return out;
}
function failureBlocks(report, rows) {
    const blocks = [];
    for (const r of rows) {
        if (!r.error)
            continue;
        blocks.push(details(`❌ certificate ${r.name}: ${r.error.message}`, [
            ...stageErrorLines(r.error),
            '',
            `**What to do:** ${(0,report_escape.md)((0,advice/* issueAdvice */._C)(r.error))}`,
        ]));
    }
    for (const d of report.deploys) {
        if (d.ok)
            continue;
        const body = [
            `**Failed at:** ${d.phase}${d.rolledBack ? ' (rolled back to the previous files)' : ''}<br>`,
            `**Host said:** ${(0,report_escape.md)(d.message ?? 'no message')}`,
        ];
        if (d.output)
            body.push('', (0,report_escape/* pre */.AS)(d.output));
        body.push('', `**What to do:** ${(0,report_escape.md)((0,advice/* deployAdvice */.Qg)(d))}`);
        blocks.push(details(`❌ host ${d.host}: ${d.message ?? `failed at ${d.phase}`}`, body));
    }
    for (const c of report.checks ?? []) {
        if (c.ok)
            continue;
        const body = [`**Found:** ${(0,report_escape.md)(c.message)}`];
        if (c.served && c.stored && c.served.sha256 !== c.stored.sha256) {
            body[0] += '<br>';
            body.push(`**Served:** serial ${(0,report_escape/* code */.aY)(c.served.serial)}, SHA-256 ${(0,report_escape/* code */.aY)(c.served.sha256)}<br>`, `**Stored:** serial ${(0,report_escape/* code */.aY)(c.stored.serial)}, SHA-256 ${(0,report_escape/* code */.aY)(c.stored.sha256)}`);
        }
        body.push('', `**What to do:** ${(0,report_escape.md)((0,advice/* checkAdvice */.rC)(c))}`);
        blocks.push(details(`❌ ${c.certificate} on ${c.host}: ${c.status}`, body));
    }
    for (const e of report.errors) {
        blocks.push(details(`❌ ${e.message}`, [
            ...stageErrorLines(e),
            ...(e.hint ? ['', `**What to do:** ${(0,report_escape.md)(e.hint)}`] : []),
        ]));
    }
    return blocks;
}
const SAFE_URL = /^https?:\/\/[^\s<>"'()[\]`|]+$/;
function publishLine(p) {
    if (!p || p.action === 'none')
        return undefined;
    const pr = p.pullRequest;
    const prText = pr ? (SAFE_URL.test(pr.url) ? `[#${pr.number}](${pr.url})` : `#${pr.number}`) : '';
    switch (p.action) {
        case 'pr-created':
            return `**Published:** opened pull request ${prText}${p.branch ? ` from ${(0,report_escape/* code */.aY)(p.branch)}` : ''}.`;
        case 'pr-updated':
            return `**Published:** updated pull request ${prText}${p.branch ? ` (${(0,report_escape/* code */.aY)(p.branch)})` : ''}.`;
        case 'committed':
            return `**Published:** commit ${p.commitSha ? (0,report_escape/* code */.aY)(p.commitSha.slice(0, 12)) : ''}${p.branch ? ` on ${(0,report_escape/* code */.aY)(p.branch)}` : ''}.`;
        case 'written':
            return `**Published:** ${p.files.length} files written to the working tree (not committed).`;
        case 'dry-run':
            return `**Dry run:** would publish ${p.files.length} files${p.message ? `: ${(0,report_escape.md)(p.message)}` : '.'}`;
    }
}
/** One line per ARI window the CA moved (issue 22); the URL was checked to be plain https. */
function renderAriMarkdown(report) {
    if (!report.ari?.length)
        return [];
    const lines = report.ari.map((m) => {
        const was = m.before ? ` (was ${(0,report_escape.md)(m.before.start)} .. ${(0,report_escape.md)(m.before.end)})` : '';
        const why = m.after.explanationUrl
            ? `; [the CA explains](${m.after.explanationUrl.replace(/[()]/g, (c) => encodeURIComponent(c))})`
            : '';
        return `- ARI window moved for ${(0,report_escape.md)(m.name)}: ${(0,report_escape.md)(m.after.start)} .. ${(0,report_escape.md)(m.after.end)}${was}${why}`;
    });
    return ['### Renewal windows (ARI)', '', ...lines, ''];
}
function renderSummary(report) {
    const h = (0,facts/* headline */.Pl)(report);
    const rows = (0,facts/* certificateRows */.pq)(report);
    const out = [`## ${ICON[h.kind]} certflow ${(0,report_escape.md)(report.command)}: ${(0,report_escape.md)(h.text)}`, ''];
    if (report.dryRun) {
        out.push('> **DRY RUN**: the staging CA was used and nothing was published or changed on hosts; the tables show what would have happened.', '');
    }
    const published = publishLine(report.publish);
    if (published)
        out.push(published, '');
    if (rows.length > 0)
        out.push('### Certificates', '', certificateTable(rows), '');
    out.push(...renderDaneMarkdown(report));
    out.push(...renderAriMarkdown(report));
    if (report.deploys.length > 0)
        out.push('### Deploys', '', deployTable(report.deploys), '');
    if (report.checks?.length)
        out.push('### Served certificates', '', checkTable(report.checks), '');
    const schedule = scheduleLine(report);
    if (schedule)
        out.push('### Schedule', '', schedule, '');
    const blocks = failureBlocks(report, rows);
    if (blocks.length > 0)
        out.push('### What failed', '', blocks.join('\n\n'), '');
    if (report.warnings.length > 0) {
        out.push('### Warnings', '', ...report.warnings.map((w) => `- ${(0,report_escape.md)(w)}`), '');
    }
    const took = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
    out.push(`<sub>${(0,report_escape/* escapeHtml */.ZD)((0,facts/* footer */.qr)(report, Number.isNaN(took) ? undefined : (0,duration/* formatDuration */.a3)(took)))}</sub>`, '');
    return (0,report_escape/* scrubSecrets */.Zg)(out.join('\n'));
}
/**
 * The renew workflow's line: for check when it passed (a failure is under "What failed" already),
 * for renew only when it was (or could not be) re-enabled.
 */
function scheduleLine(report) {
    const s = report.schedule;
    if (!s)
        return undefined;
    if (s.reenabled)
        return `${s.reenabled === 'enabled' ? ':arrows_counterclockwise:' : ':warning:'} ${(0,report_escape.md)(s.message)}`;
    return report.command === 'check' && s.ok ? `:white_check_mark: ${(0,report_escape.md)(s.message)}` : undefined;
}

;// CONCATENATED MODULE: ./src/alert/message.ts




const ALERT_LABEL = 'certflow-alert';
/** Only plain http(s) URLs become links; anything else is left out rather than escaped into a link. */
const message_SAFE_URL = /^https?:\/\/[^\s<>"'()[\]`|]+$/;
const message_link = (url) => (url && message_SAFE_URL.test(url) ? ` ([run](${url}))` : '');
const ALERT_TITLE = 'certflow: certificates need attention';
/** One line per thing that failed, with the words that explain it. */
function failureLines(report) {
    const lines = [];
    for (const r of report.issued) {
        if (!r.ok)
            lines.push(`certificate ${r.name}: ${r.error.message}`);
    }
    for (const d of report.deploys) {
        if (!d.ok)
            lines.push(`host ${d.host}${d.certificates.length ? ` (${d.certificates.join(', ')})` : ''}: ${d.phase} failed${d.message ? `: ${d.message}` : ''}${d.rolledBack ? ' (rolled back)' : ''}`);
    }
    for (const c of report.checks ?? []) {
        if (!c.ok)
            lines.push(`${c.certificate} on ${c.host}: ${c.message}`);
    }
    for (const e of report.errors)
        lines.push(e.message);
    return lines.map((l) => (0,report_escape/* scrubSecrets */.Zg)(l.replace(/\s+/g, ' ').trim()));
}
/** Slack-compatible `text`: mrkdwn, short; the structured report rides along for other receivers. */
function chatText(report, runUrl) {
    const h = (0,facts/* headline */.Pl)(report);
    const icon = h.kind === 'failed' ? ':x:' : ':white_check_mark:';
    const head = `${icon} ${report.dryRun ? '[dry run] ' : ''}certflow ${report.command}: ${h.text}`;
    const lines = failureLines(report)
        .slice(0, 10)
        .map((l) => `• ${l}`);
    const more = failureLines(report).length - lines.length;
    if (more > 0)
        lines.push(`• and ${more} more`);
    if (runUrl)
        lines.push(runUrl);
    // Slack treats <, > and & as markup: escape them as its docs ask.
    return [head, ...lines].join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function webhookPayload(report, ok, runUrl) {
    return { text: chatText(report, runUrl), ok, report: JSON.parse(reportJson(report)) };
}
/** GitHub limits an issue body or comment to 65536 characters. */
const MAX_BODY = 60_000;
function issueBody(report, runUrl) {
    const t = (0,facts/* tally */.N4)(report);
    const lines = [
        `**certflow ${(0,report_escape.md)(report.command)}** failed at ${(0,report_escape.md)(report.finishedAt)}${message_link(runUrl)}.`,
        '',
        `What failed (${t.failures}):`,
        '',
        ...failureLines(report).map((l) => `- ${(0,report_escape.md)(l)}`),
        '',
        'This issue is closed by the next run where everything succeeds.',
    ];
    const head = lines.join('\n');
    const summary = renderSummary(report);
    // Cutting markdown mid-table would garble it: too long a report is left to the job summary.
    if (head.length + summary.length > MAX_BODY)
        return `${head}\n\nThe full report is in the run's job summary.\n`;
    return `${head}\n\n<details>\n<summary>Run report</summary>\n\n${summary}\n</details>\n`;
}
function resolvedComment(report, runUrl) {
    return `Resolved: **certflow ${(0,report_escape.md)(report.command)}** succeeded at ${(0,report_escape.md)(report.finishedAt)}${message_link(runUrl)}: ${(0,report_escape.md)((0,facts/* headline */.Pl)(report).text)}. Closing.`;
}

// EXTERNAL MODULE: ./src/alert/webhook.ts
var alert_webhook = __webpack_require__(87495);
;// CONCATENATED MODULE: ./src/alert/index.ts





/** Commands whose outcome says something about the certificates; `plan` only looks. */
const ALERTING = new Set(['renew', 'deploy', 'check']);
async function sendAlerts(settings, report, log, options = {}) {
    const result = {};
    if (!ALERTING.has(report.command))
        return { skipped: `command ${report.command} sends no alerts` };
    const ok = (0,facts/* reportOk */.ZA)(report);
    if (settings.alertIssue)
        result.issue = await issueAlert(settings, report, ok, log, options);
    if (settings.webhookUrl && (!ok || settings.webhookAlways)) {
        log.secret(settings.webhookUrl);
        const webhook = await (0,alert_webhook/* postWebhook */.W)(settings.webhookUrl, webhookPayload(report, ok, options.runUrl), {
            timeoutMs: options.webhookTimeoutMs,
            retryDelayMs: options.webhookRetryDelayMs,
        });
        result.webhook = webhook;
        if (webhook.ok)
            log.info(`webhook: alert posted (HTTP ${webhook.status})`);
        else
            log.warn(`webhook: ${webhook.error}. The run's result is unchanged; check webhook-url.`);
    }
    return result;
}
async function issueAlert(settings, report, ok, log, options) {
    // A dry run changes nothing that matters, so it neither raises nor clears the alarm.
    if (report.dryRun) {
        log.info('alert-issue: dry run, the alert issue is left as it is');
        return { action: 'none' };
    }
    const gh = settings.github;
    if (!gh) {
        log.warn('alert-issue is on, but there is no GitHub repository or token to open the issue in (set github-token).');
        return undefined;
    }
    log.secret(gh.token);
    try {
        // Octokit is loaded only when an alert is sent (issue 22, start-up).
        const { alertClient, raiseAlert, resolveAlert } = await Promise.all(/* import() */[__webpack_require__.e(439), __webpack_require__.e(56), __webpack_require__.e(595)]).then(__webpack_require__.bind(__webpack_require__, 60595));
        const client = alertClient(gh, log);
        const outcome = ok
            ? await resolveAlert(client, gh, {
                comment: resolvedComment(report, options.runUrl),
                label: ALERT_LABEL,
            })
            : await raiseAlert(client, gh, {
                title: ALERT_TITLE,
                body: issueBody(report, options.runUrl),
                label: ALERT_LABEL,
            });
        if (outcome.issue)
            log.info(`alert-issue: ${outcome.action} #${outcome.issue.number} ${outcome.issue.url}`);
        return outcome;
    }
    catch (error) {
        const status = error.status;
        const advice = status === 403 || status === 404
            ? ' The token needs "issues: write" permission on the repository.'
            : '';
        log.warn(`alert-issue: could not update the ${ALERT_LABEL} issue in ${gh.owner}/${gh.repo}: ${(0,errors/* errorMessage */.g)(error)}.${advice}`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/report/terminal.ts + 1 modules
var terminal = __webpack_require__(98828);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(50767);
;// CONCATENATED MODULE: ./src/report/metrics.ts
function escapeLabel(value) {
    return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
function escapeHelp(text) {
    return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
function number(value) {
    if (Number.isNaN(value))
        return 'NaN';
    if (value === Number.POSITIVE_INFINITY)
        return '+Inf';
    if (value === Number.NEGATIVE_INFINITY)
        return '-Inf';
    return String(value);
}
function render(families) {
    const out = [];
    for (const f of families) {
        if (f.samples.length === 0)
            continue;
        out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`);
        // One sample per label set: a repeated set would make the whole exposition invalid.
        const seen = new Set();
        for (const s of f.samples) {
            const labels = Object.entries(s.labels)
                .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
                .join(',');
            if (seen.has(labels))
                continue;
            seen.add(labels);
            out.push(`${f.name}${labels ? `{${labels}}` : ''} ${number(s.value)}`);
        }
    }
    return out.length > 0 ? `${out.join('\n')}\n` : '';
}
const seconds = (iso, now) => Math.round((Date.parse(iso) - now.getTime()) / 1000);
function renderMetrics(report, now, ok) {
    const command = report.command;
    const served = {
        name: 'certflow_served_certificate_expiry_seconds',
        help: 'Seconds until the certificate a host serves expires (negative: expired), per certificate and host.',
        samples: [],
    };
    const stored = {
        name: 'certflow_stored_certificate_expiry_seconds',
        help: 'Seconds until the stored certificate expires (negative: expired), per certificate.',
        samples: [],
    };
    const matches = {
        name: 'certflow_served_matches_stored',
        help: 'Whether the host serves the stored certificate (1) or another or none (0).',
        samples: [],
    };
    const checkOk = {
        name: 'certflow_check_ok',
        help: 'Whether the check of a certificate on a host passed (1) or not (0); the status label says why.',
        samples: [],
    };
    for (const c of report.checks ?? []) {
        const where = { certificate: c.certificate, target: c.target, host: c.host, port: String(c.port) };
        if (c.served)
            served.samples.push({ labels: where, value: seconds(c.served.notAfter, now) });
        if (c.stored)
            stored.samples.push({ labels: { certificate: c.certificate }, value: seconds(c.stored.notAfter, now) });
        if (c.stored) {
            matches.samples.push({ labels: where, value: c.served?.sha256 === c.stored.sha256 ? 1 : 0 });
        }
        checkOk.samples.push({ labels: { ...where, status: c.status }, value: c.ok ? 1 : 0 });
    }
    const phases = {
        name: 'certflow_deploy_phase_duration_seconds',
        help: 'How long each phase of the last deploy to a host took.',
        samples: [],
    };
    const deployOk = {
        name: 'certflow_deploy_ok',
        help: 'Whether the last deploy to a host succeeded (1) or not (0).',
        samples: [],
    };
    for (const d of report.deploys) {
        const where = { target: d.target, host: d.host, certificate: d.certificates.join(',') };
        deployOk.samples.push({ labels: where, value: d.ok ? 1 : 0 });
        for (const [phase, ms] of Object.entries(d.timings ?? {})) {
            if (typeof ms === 'number')
                phases.samples.push({ labels: { ...where, phase }, value: ms / 1000 });
        }
    }
    // check with renew-workflow: whether the renew schedule still runs, and its last success.
    const schedule = report.command === 'check' ? report.schedule : undefined;
    const scheduleFamilies = schedule
        ? [
            {
                name: 'certflow_renew_workflow_ok',
                help: 'Whether the renew workflow is enabled and succeeded within twice its schedule interval (1) or not (0).',
                samples: [{ labels: { workflow: schedule.workflow }, value: schedule.ok ? 1 : 0 }],
            },
            {
                name: 'certflow_renew_workflow_last_success_timestamp_seconds',
                help: 'When the renew workflow last succeeded, in seconds since the Unix epoch.',
                samples: schedule.lastSuccessAt
                    ? [
                        {
                            labels: { workflow: schedule.workflow },
                            value: Math.round(Date.parse(schedule.lastSuccessAt) / 1000),
                        },
                    ]
                    : [],
            },
        ]
        : [];
    const finished = Date.parse(report.finishedAt || report.startedAt);
    const run = [
        {
            name: 'certflow_last_run_timestamp_seconds',
            help: 'When the last run of this command finished, in seconds since the Unix epoch.',
            samples: [{ labels: { command }, value: Math.round(finished / 1000) }],
        },
        {
            name: 'certflow_last_run_success',
            help: 'Whether the last run of this command succeeded (1) or failed (0).',
            samples: [{ labels: { command }, value: ok(report) ? 1 : 0 }],
        },
        {
            name: 'certflow_last_run_duration_seconds',
            help: 'How long the last run of this command took.',
            samples: [{ labels: { command }, value: (finished - Date.parse(report.startedAt)) / 1000 }],
        },
    ];
    return render([served, stored, matches, checkOk, phases, deployOk, ...scheduleFamilies, ...run]);
}

// EXTERNAL MODULE: ./src/util/body-head.ts
var body_head = __webpack_require__(37813);
;// CONCATENATED MODULE: ./src/report/pushgateway.ts
/**
 * Pushes the metrics to a Prometheus Pushgateway: PUT /metrics/job/certflow/command/<command>,
 * which replaces the group's metrics with this run's (a host that left the config does not linger).
 * Credentials in the URL (https://user:password@host) become a Basic Authorization header; the
 * URL is shown in messages without them.
 */


const PUSH_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** The URL as shown in messages: origin and path, never user or password. */
function shownUrl(url) {
    try {
        const u = new URL(url);
        return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
    }
    catch {
        return '(unparsable URL)';
    }
}
/** A grouping label value in the path; one with "/" (or empty) goes base64url-encoded, as the API says. */
function pathValue(value) {
    if (value === '' || value.includes('/'))
        return `${Buffer.from(value).toString('base64url')}@base64`;
    return encodeURIComponent(value);
}
function groupPath(command) {
    return `/metrics/job/certflow/command/${pathValue(command)}`;
}
async function pushMetrics(url, command, body, timeoutMs = 10_000) {
    const base = new URL(url);
    const headers = { 'content-type': PUSH_CONTENT_TYPE };
    if (base.username || base.password) {
        const user = decodeURIComponent(base.username);
        const password = decodeURIComponent(base.password);
        headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
        base.username = '';
        base.password = '';
    }
    const target = `${base.origin}${base.pathname.replace(/\/+$/, '')}${groupPath(command)}`;
    const where = shownUrl(url);
    try {
        const response = await fetch(target, {
            method: 'PUT',
            headers,
            body,
            redirect: 'error',
            signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.ok) {
            await response.body?.cancel();
            return { ok: true };
        }
        const text = (await (0,body_head/* bodyHead */.r)(response, 300)).replace(/[^\x20-\x7e]/g, ' ');
        return {
            ok: false,
            message: `pushgateway ${where} answered ${response.status}: ${text.trim() || '(empty body)'}`,
        };
    }
    catch (error) {
        return { ok: false, message: `pushgateway ${where}: ${(0,errors/* errorMessage */.g)(error)}` };
    }
}

;// CONCATENATED MODULE: ./src/pipeline/metrics.ts
/**
 * The metrics end of a run: write the exposition file and push it, when asked. A failure of either
 * is a run error (monitoring that silently stopped is worse than a red run), never a crash.
 */






async function publishMetrics(settings, report, log) {
    if (!settings.metricsPath && !settings.pushgatewayUrl)
        return;
    // Rendered as if nothing below fails: a failed push cannot be in the metrics it pushes.
    const text = renderMetrics(report, new Date(), facts/* reportOk */.ZA);
    if (settings.metricsPath) {
        const path = settings.metricsPath;
        try {
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
            // Written beside and renamed: a textfile collector never reads half a file.
            const tmp = `${path}.${process.pid}.tmp`;
            await (0,promises_.writeFile)(tmp, text, { mode: 0o644 });
            await (0,promises_.rename)(tmp, path);
            log.info(`metrics written to ${path}`);
        }
        catch (error) {
            report.errors.push({
                message: `could not write metrics to ${path}: ${(0,errors/* errorMessage */.g)(error)}`,
            });
        }
    }
    if (settings.pushgatewayUrl) {
        const pushed = await pushMetrics(settings.pushgatewayUrl, report.command, text);
        if (pushed.ok)
            log.info(`metrics pushed to ${shownUrl(settings.pushgatewayUrl)}`);
        else
            report.errors.push({
                message: log.redact(pushed.message),
                hint: 'check pushgateway-url (--pushgateway) and that the Pushgateway is up',
            });
    }
}

;// CONCATENATED MODULE: ./src/pipeline/finish.ts
/**
 * The end of every run that changes or checks certificates: the JSON report file, alerts, and the
 * outcome the entry point shows (outputs, job summary, terminal text, --json).
 */







async function finishRun(settings, whole, log) {
    whole.finishedAt = new Date().toISOString();
    // Everything below (report file, alerts, webhook, outputs, summary, terminal) is made from this
    // copy, in which no secret the run knows survives: errors of CAs, DNS APIs and hooks quote them.
    const report = (0,redact/* redactDeep */.KL)(whole, (text) => log.redact(text));
    await publishMetrics(settings, report, log);
    let reportPath;
    if (settings.reportPath) {
        reportPath = (0,external_node_path_.resolve)(settings.workspace, settings.reportPath);
        await writeReportFile(report, reportPath);
    }
    await sendAlerts(settings, report, log, { runUrl: settings.runUrl });
    return {
        ok: (0,facts/* reportOk */.ZA)(report),
        report,
        outputs: reportOutputs(report, { reportPath }),
        summary: renderSummary(report),
        text: (0,terminal/* renderTerminal */.bF)(report, { color: false }),
        json: report,
    };
}
function newReport(command, settings) {
    return {
        command,
        dryRun: settings.dryRun,
        startedAt: new Date().toISOString(),
        finishedAt: '',
        plan: [],
        issued: [],
        deploys: [],
        errors: [],
        warnings: [],
    };
}


/***/ }),

/***/ 67426:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LX: () => (/* binding */ createGitHubClient),
/* harmony export */   Pm: () => (/* binding */ explainGitHubError),
/* harmony export */   nG: () => (/* binding */ httpStatus)
/* harmony export */ });
/* harmony import */ var _octokit_request_error__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(31015);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70017);
/**
 * The GitHub REST client and the translation of GitHub's refusals into errors that say which
 * permission the token lacks. Octokit itself (src/publish/octokit.ts) is loaded on first use: a
 * plan or deploy that never talks to GitHub does not pay for compiling it (issue 22, start-up).
 */


/** Octokit with retry (5xx, network) and throttling (rate limits, one write a second) around it. */
async function createGitHubClient(gh, log, options = {}) {
    const { octokitClient } = await Promise.all(/* import() */[__webpack_require__.e(439), __webpack_require__.e(56), __webpack_require__.e(198)]).then(__webpack_require__.bind(__webpack_require__, 39198));
    return octokitClient(gh, log, options);
}
function httpStatus(error) {
    return error instanceof _octokit_request_error__WEBPACK_IMPORTED_MODULE_1__/* .RequestError */ .G ? error.status : undefined;
}
/**
 * An error for a failed GitHub call that says what was being done, where, and what to change.
 * `doing` reads like "create the commit", `needs` is the permission that step requires.
 */
function explainGitHubError(error, doing, gh, needs) {
    const where = `${gh.owner}/${gh.repo}`;
    if (!(error instanceof _octokit_request_error__WEBPACK_IMPORTED_MODULE_1__/* .RequestError */ .G)) {
        return new Error(`GitHub: could not ${doing} in ${where}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error)}`);
    }
    const said = githubMessage(error);
    if (error.status === 401) {
        return new Error(`GitHub rejected the token (401 ${said}) while trying to ${doing} in ${where}: check the github-token input / GITHUB_TOKEN`);
    }
    if (error.status === 403 && /not permitted to create or approve pull requests/i.test(said)) {
        return new Error(`GitHub refused to ${doing} in ${where}: ${said}. Enable "Allow GitHub Actions to create and approve pull requests" in the repository (or organization) settings under Actions > General, or use publish: commit`);
    }
    if (error.status === 403 || (error.status === 404 && needs !== 'contents: write')) {
        const accepted = error.response?.headers?.['x-accepted-github-permissions'];
        const permission = acceptedPermission(typeof accepted === 'string' ? accepted : undefined) ?? needs;
        return new Error(`GitHub refused to ${doing} in ${where} (${error.status} ${said}): the token lacks the \`${permission}\` permission. Add \`permissions: { ${permission} }\` to the workflow job (with \`contents: write\` and \`pull-requests: write\` for publish: pull-request), or use a token that has it`);
    }
    if (error.status === 404) {
        return new Error(`GitHub: could not ${doing}: ${where} was not found (404 ${said}). Check the repository name, or that the token can see it (\`contents: read\`)`);
    }
    return new Error(`GitHub: could not ${doing} in ${where} (${error.status} ${said})`);
}
function githubMessage(error) {
    const data = error.response?.data;
    const details = (data?.errors ?? []).map((e) => e.message ?? e.code).filter(Boolean);
    return [data?.message ?? error.message, ...details].join(': ');
}
/** `contents=write; pull_requests=write` -> `contents: write` (first entry, in workflow spelling). */
function acceptedPermission(header) {
    const first = header?.split(/[;,]/)[0]?.trim();
    const m = first ? /^([a-z_]+)=([a-z]+)$/.exec(first) : null;
    if (!m)
        return undefined;
    return `${(m[1] ?? '').replace(/_/g, '-')}: ${m[2]}`;
}


/***/ }),

/***/ 9751:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TF: () => (/* binding */ parseRoots),
/* harmony export */   lK: () => (/* binding */ loadTrustAnchors),
/* harmony export */   sz: () => (/* binding */ trustAnchorsOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(32656);
/**
 * The roots a stored certificate may chain to: Node's bundled roots, plus the PEM files listed in
 * `acme.trust` and `store.trust` (a private or test CA). Nothing else is trusted: a bundle that
 * anyone could make from the public age recipient must still be signed by one of these.
 */






let bundled;
/** Node's bundled roots, parsed once per process. */
function bundledRoots() {
    bundled ??= node_tls__WEBPACK_IMPORTED_MODULE_3__.rootCertificates.map((pem) => new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(pem));
    return bundled;
}
/** Parses every certificate of a PEM file; the error names the config field and the file. */
function parseRoots(pem, where) {
    const blocks = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .splitPemChain */ .mU)(pem);
    if (blocks.length === 0)
        throw new Error(`${where}: no PEM certificate in the file`);
    return blocks.map((block, i) => {
        try {
            return new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(block);
        }
        catch (error) {
            throw new Error(`${where}: certificate ${i + 1} does not parse (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)})`);
        }
    });
}
/** Bundled roots plus the extra ones of the config; throws naming the field when a file is unreadable. */
async function loadTrustAnchors(settings) {
    const roots = [...bundledRoots()];
    const sources = [];
    const fields = [
        ['acme.trust', settings.config.acme?.trust],
        ['store.trust', settings.config.store?.trust],
    ];
    for (const [field, files] of fields) {
        for (const file of files ?? []) {
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(settings.workspace, file);
            let text;
            try {
                text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(full, 'utf8');
            }
            catch (error) {
                throw new Error(`${field}: cannot read ${file} (${full}): ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)}; list PEM files relative to the repository root`);
            }
            roots.push(...parseRoots(text, `${field}: ${file}`));
            sources.push(`${field}: ${file}`);
        }
    }
    return { roots, sources };
}
/** Only Node's bundled roots plus the given PEM texts (tests, and callers that already hold the roots). */
function trustAnchorsOf(extraPems) {
    return {
        roots: [...bundledRoots(), ...extraPems.flatMap((pem, i) => parseRoots(pem, `extra root ${i + 1}`))],
        sources: [],
    };
}


/***/ }),

/***/ 37813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ bodyHead)
/* harmony export */ });
/**
 * The start of an HTTP answer's body, to quote in a message. Only as much is read as is shown,
 * and the rest is cancelled: the server on the other end (a Pushgateway, a webhook) may be
 * hostile or broken and answer gigabytes, which `response.text()` would hold whole.
 */
async function bodyHead(response, maxChars) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const parts = [];
    let size = 0;
    try {
        // UTF-8 takes at most 4 bytes a character.
        while (size < maxChars * 4) {
            const { done, value } = await reader.read();
            if (done)
                break;
            parts.push(value);
            size += value.length;
        }
    }
    finally {
        await reader.cancel().catch(() => { });
    }
    return Buffer.concat(parts).toString('utf8').slice(0, maxChars);
}


/***/ }),

/***/ 40704:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ mapAhead),
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * Runs `fn` over `items` with at most `limit` at once, keeping input order in the results.
 * `fn` should not throw: stages return failures as data. A throw is still caught per item so one
 * item never takes the others down; it is rethrown after all have settled.
 */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    const errors = [];
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = await fn(items[index], index);
            }
            catch (error) {
                errors.push(error);
            }
        }
    };
    const width = Math.max(1, Math.min(limit, items.length));
    await Promise.all(Array.from({ length: width }, worker));
    if (errors.length > 0)
        throw errors[0];
    return results;
}
/**
 * Runs each item through `prepare`, then `run`, keeping input order in the results. At most
 * `limit` items are in `run` at once, and at most `limit` more are in `prepare` or done with it
 * and waiting for a `run` slot: the first step of the next items overlaps the waits in the
 * second step of earlier ones. Meant for a first step that changes nothing (deploy: connecting
 * to a host), so `limit` still bounds what is changed at once. `run` must close whatever
 * `prepare` opened; neither should throw (a throw is rethrown once all items settled, as in
 * mapLimit).
 */
async function mapAhead(items, limit, prepare, run) {
    const width = Math.max(1, limit);
    const ahead = semaphore(width);
    const running = semaphore(width);
    return mapLimit(items, 2 * width, async (item, index) => {
        await ahead.acquire();
        let prepared;
        try {
            prepared = await prepare(item, index);
        }
        catch (error) {
            ahead.release();
            throw error;
        }
        // A prepared item keeps its ahead slot until it has a run slot, so at most `limit` wait.
        await running.acquire();
        ahead.release();
        try {
            return await run(prepared, item, index);
        }
        finally {
            running.release();
        }
    });
}
/** A counting semaphore; waiters are served first come, first served. */
function semaphore(size) {
    let free = size;
    const waiting = [];
    return {
        acquire: () => {
            if (free > 0) {
                free--;
                return Promise.resolve();
            }
            return new Promise((resolve) => waiting.push(resolve));
        },
        release: () => {
            const next = waiting.shift();
            if (next)
                next();
            else
                free++;
        },
    };
}


/***/ }),

/***/ 31015:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ RequestError)
/* harmony export */ });
class RequestError extends Error {
  name;
  /**
   * http status code
   */
  status;
  /**
   * Request options that lead to the error.
   */
  request;
  /**
   * Response object if a response was received
   */
  response;
  constructor(message, statusCode, options) {
    super(message, { cause: options.cause });
    this.name = "HttpError";
    this.status = Number.parseInt(statusCode);
    if (Number.isNaN(this.status)) {
      this.status = 0;
    }
    /* v8 ignore else -- @preserve -- Bug with vitest coverage where it sees an else branch that doesn't exist */
    if ("response" in options) {
      this.response = options.response;
    }
    const requestCopy = Object.assign({}, options.request);
    if (options.request.headers.authorization) {
      requestCopy.headers = Object.assign({}, options.request.headers, {
        authorization: options.request.headers.authorization.replace(
          /(?<! ) .*$/,
          " [REDACTED]"
        )
      });
    }
    requestCopy.url = requestCopy.url.replace(/\bclient_secret=\w+/g, "client_secret=[REDACTED]").replace(/\baccess_token=\w+/g, "access_token=[REDACTED]");
    this.request = requestCopy;
  }
}



/***/ })

};
;