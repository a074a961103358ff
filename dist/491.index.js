"use strict";
exports.id = 491;
exports.ids = [491];
exports.modules = {

/***/ 63491:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rotateCommand: () => (/* binding */ rotateCommand),
  rotateHandler: () => (/* binding */ rotateHandler)
});

// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/pipeline/check.ts + 1 modules
var pipeline_check = __webpack_require__(83022);
// EXTERNAL MODULE: ./src/pipeline/renew.ts + 21 modules
var pipeline_renew = __webpack_require__(24337);
// EXTERNAL MODULE: ./src/pipeline/revoke.ts + 2 modules
var revoke = __webpack_require__(20286);
// EXTERNAL MODULE: ./src/pipeline/revoke-run.ts
var revoke_run = __webpack_require__(56846);
;// CONCATENATED MODULE: ./src/pipeline/rotate.ts






/** Why the rollout is not proven: a failed deploy, or a host whose probe does not show `sha256`. */
function rolloutProblem(name, deploys, checks, sha256) {
    const mine = deploys.filter((d) => d.certificates.includes(name));
    const failed = mine.filter((d) => !d.ok);
    if (failed.length > 0) {
        return `deploy failed on ${failed.map((d) => `${d.host} (${d.phase}${d.message ? `: ${d.message}` : ''})`).join(', ')}`;
    }
    const unproven = mine.filter((d) => d.ok && d.verified === false && !d.skipped);
    if (unproven.length > 0) {
        return `${unproven.map((d) => d.host).join(', ')} cannot be proven over TLS (verify is off for the target)`;
    }
    const probes = checks.filter((c) => c.certificate === name);
    const stale = probes.filter((c) => c.served?.sha256 !== sha256);
    if (stale.length > 0) {
        return `${stale.map((c) => `${c.host} (${c.served ? `serves serial ${c.served.serial}` : c.message})`).join(', ')} does not serve the new certificate`;
    }
    return undefined;
}
async function runRotate(settings, log, request, now = () => new Date()) {
    const { name } = request;
    const result = { name, checks: [], errors: [], warnings: [] };
    // The previous certificate, with its sealed key, read before the renewal replaces it.
    let old;
    try {
        old = await (0,revoke/* findRevocationTarget */.vS)(settings, name, undefined);
        result.oldSerial = old.serial;
    }
    catch (error) {
        if (request.revokeOld)
            result.warnings.push(`no previous certificate to revoke: ${(0,errors/* errorMessage */.g)(error)}`);
    }
    // A rotation always moves to another key: the dane next key if there is one, else a fresh one,
    // whatever key-policy says for the scheduled renewals.
    const cert = settings.config.certificates[name];
    const config = cert
        ? {
            ...settings.config,
            certificates: {
                ...settings.config.certificates,
                [name]: { ...cert, 'key-policy': 'rotate' },
            },
        }
        : settings.config;
    const renewSettings = {
        ...settings,
        config,
        command: 'renew',
        force: [name],
        only: [name],
        deploy: true,
    };
    const renew = await (0,pipeline_renew.renewCommand)(renewSettings, log);
    const issued = renew.report?.issued.find((r) => r.name === name);
    if (!issued?.ok) {
        result.held = `the renewal failed${issued && !issued.ok ? `: ${issued.error.message}` : ''}`;
        return { renew, result };
    }
    const stored = await (0,read/* readStoredCertificate */.ZK)((0,read/* storeDir */.rT)(settings), name);
    if (stored.state !== 'present' || stored.manifest.serial === old?.serial) {
        result.held = 'the new certificate is not in the store';
        return { renew, result };
    }
    result.newSerial = stored.manifest.serial;
    if (!request.revokeOld || !old)
        return { renew, result };
    if (settings.dryRun) {
        result.held = 'dry run';
        return { renew, result };
    }
    // The deploy said it went well; a fresh probe of every configured host is the proof.
    const check = await log.group('Prove the rollout', () => (0,pipeline_check/* runCheck */.k)({ ...settings, only: [name] }, log, { now }));
    result.checks = check.checks ?? [];
    const problem = rolloutProblem(name, renew.report?.deploys ?? [], result.checks, stored.manifest.certificateSha256);
    if (problem) {
        result.held = problem;
        return { renew, result };
    }
    if (result.checks.length === 0) {
        result.warnings.push(`${name} has no SSH target: no host to prove, revoking the old certificate now`);
    }
    const session = await (0,revoke/* revocationSession */.z0)(settings, log, old);
    try {
        result.revoke = await (0,revoke/* revokeBundle */.V$)(settings, log, old, request.reason, session, now);
    }
    finally {
        session.close();
    }
    result.warnings.push(...result.revoke.warnings);
    if (!result.revoke.ok) {
        result.errors.push(`revoking the old serial ${old.serial} failed: ${result.revoke.error?.message}`);
        return { renew, result };
    }
    try {
        const manifest = await (0,revoke/* recordRevocation */.Yn)(settings, result.revoke);
        if (manifest) {
            const message = `Record revocation: ${name} serial ${old.serial} (${request.reason})`;
            const published = await (0,revoke_run/* publishRevocationRecord */.J)(settings, name, manifest, message, log);
            result.revoke.recorded = true;
            if (published.warning)
                result.warnings.push(published.warning);
        }
    }
    catch (error) {
        result.errors.push(`revoked at the CA, but recording it failed: ${(0,errors/* errorMessage */.g)(error)}`);
    }
    return { renew, result };
}
/** The rotate part of the report, as lines (the renew report precedes it). */
function describeRotate(result, revokeOld) {
    const lines = [
        `rotate ${result.name}: serial ${result.oldSerial ?? '(none)'} -> ${result.newSerial ?? '(not renewed)'}`,
    ];
    if (result.revoke?.ok && result.revoke.outcome) {
        lines.push(`old serial ${result.revoke.serial} revoked (${result.revoke.reason}, signed with the ${result.revoke.outcome.signedWith}) at ${result.revoke.at}, after every host served the new certificate`);
    }
    else if (revokeOld && result.held) {
        const how = result.oldSerial
            ? ` Once every host serves the new certificate (fix the host, then certflow deploy), revoke the old one with: certflow revoke ${result.name} --serial ${result.oldSerial} --reason <reason>`
            : '';
        lines.push(`NOTHING REVOKED: ${result.held}. The old certificate stays valid.${how}`);
    }
    for (const e of result.errors)
        lines.push(`error: ${e}`);
    for (const w of result.warnings)
        lines.push(`warning: ${w}`);
    return lines;
}

// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
;// CONCATENATED MODULE: ./src/commands/rotate.ts



async function rotateCommand(settings, log) {
    const name = settings.only?.[0];
    if (!name || (settings.only?.length ?? 0) !== 1) {
        throw new errors/* UsageError */.e('rotate takes exactly one certificate name: certflow rotate <name> [--revoke-old [--reason R]]');
    }
    const revokeOld = settings.revoke?.revokeOld ?? false;
    const reason = settings.revoke?.reason ?? 'superseded';
    const { renew, result } = await runRotate(settings, log, { name, revokeOld, reason });
    const lines = describeRotate(result, revokeOld).map((l) => log.redact(l));
    for (const l of lines.slice(1)) {
        if (l.startsWith('NOTHING REVOKED') || l.startsWith('error:'))
            log.error(l);
    }
    const revoked = Boolean(result.revoke?.ok);
    const ok = renew.ok && result.errors.length === 0 && (!revokeOld || revoked || !result.oldSerial);
    const record = {
        name,
        oldSerial: result.oldSerial ?? null,
        newSerial: result.newSerial ?? null,
        revoked,
        held: result.held ?? null,
        revocation: result.revoke?.outcome ? { ...result.revoke.outcome, reason, at: result.revoke.at } : null,
    };
    return {
        ok,
        report: renew.report,
        outputs: { ...renew.outputs, rotated: JSON.stringify(record) },
        summary: `${renew.summary ?? ''}\n\n### certflow rotate: ${(0,report_escape.md)(name)}\n\n${lines.map((l) => `- ${(0,report_escape.md)(l)}`).join('\n')}\n`,
        text: `${renew.text ?? ''}\n${lines.join('\n')}\n`,
        json: {
            rotate: { ...record, checks: result.checks, errors: result.errors, warnings: result.warnings },
            renew: renew.json,
        },
    };
}
const rotateHandler = (settings, log) => rotateCommand(settings, log);


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
        const result = (0,store_verify/* chainToRoot */.j)(chain, trust, now);
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

/***/ 56846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ publishRevocationRecord),
/* harmony export */   M: () => (/* binding */ runRevoke)
/* harmony export */ });
/* harmony import */ var _publish_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63248);
/* harmony import */ var _store_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36233);
/* harmony import */ var _store_write_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(82170);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(70017);
/* harmony import */ var _revoke_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(20286);





/** Publishes the updated certificate.json of `name`; pull-request mode writes the working tree only. */
async function publishRevocationRecord(settings, name, manifestText, message, log) {
    if (settings.publish === 'pull-request') {
        await (0,_store_write_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Z)(`${(0,_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .storeDir */ .rT)(settings)}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.manifest}`, manifestText);
        return {
            warning: `the revocation record of ${name} is written to ${settings.config.store.path}/${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.manifest} in the working tree only (publish pull-request does not carry records); commit it, or run revoke with publish commit`,
        };
    }
    const publish = await (0,_publish_index_js__WEBPACK_IMPORTED_MODULE_0__/* .publishBundles */ .h)(settings, [], [], log, {
        extraFiles: [{ path: `${name}/${_store_read_js__WEBPACK_IMPORTED_MODULE_1__/* .BUNDLE_FILES */ .HJ.manifest}`, content: manifestText }],
        extraMessage: message,
    });
    return { publish };
}
async function runRevoke(settings, log, request) {
    const { name, reason } = request;
    const target = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .findRevocationTarget */ .vS)(settings, name, request.serial);
    const where = target.source === 'current' ? 'the current certificate' : `from commit ${target.source.commit}`;
    log.info(`${name}: revoking serial ${target.serial} (${where}), reason ${reason}`);
    if (settings.dryRun) {
        return {
            result: {
                name,
                serial: target.serial,
                reason,
                ok: true,
                source: 'dry run',
                recorded: false,
                warnings: [],
            },
            dryRun: true,
            errors: [],
            warnings: ['dry run: nothing was sent to the CA'],
        };
    }
    const session = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .revocationSession */ .z0)(settings, log, target);
    let result;
    try {
        result = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .revokeBundle */ .V$)(settings, log, target, reason, session);
    }
    finally {
        session.close();
    }
    const run = { result, errors: [], warnings: [...result.warnings] };
    if (!result.ok) {
        run.errors.push(`${name}: revocation of serial ${target.serial} failed: ${result.error?.message}`);
        return run;
    }
    const manifest = await (0,_revoke_js__WEBPACK_IMPORTED_MODULE_4__/* .recordRevocation */ .Yn)(settings, result);
    if (!manifest) {
        run.warnings.push(`${name}: revoked, but no readable bundle is stored to hold the record`);
        return run;
    }
    try {
        const message = `Record revocation: ${name} serial ${target.serial} (${reason})`;
        const published = await publishRevocationRecord(settings, name, manifest, message, log);
        result.recorded = true;
        run.publish = published.publish;
        if (published.warning)
            run.warnings.push(published.warning);
    }
    catch (error) {
        run.errors.push(`${name}: revoked at the CA, but recording it failed: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .g)(error)}; the certificate is revoked either way`);
    }
    return run;
}


/***/ }),

/***/ 20286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vS: () => (/* binding */ findRevocationTarget),
  Yn: () => (/* binding */ recordRevocation),
  z0: () => (/* binding */ revocationSession),
  V$: () => (/* binding */ revokeBundle)
});

// UNUSED EXPORTS: checkTarget

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/acme/errors.ts
var errors = __webpack_require__(27083);
// EXTERNAL MODULE: ./src/acme/issuers.ts
var issuers = __webpack_require__(40746);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/acme-client/src/index.js
var src = __webpack_require__(46907);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: ./src/acme/reasons.ts
var reasons = __webpack_require__(30131);
;// CONCATENATED MODULE: ./src/acme/revoke.ts
/**
 * Revocation (RFC 8555 section 7.6). A request is signed either by the account (kid), which the CA
 * accepts when the account ordered the certificate or holds authorizations for all its names, or by
 * the certificate's own key (jwk), which proves possession of that key: with reason keyCompromise
 * the CA can then block the key for future orders, which it cannot do on the account's word.
 */






const ALREADY_REVOKED = 'urn:ietf:params:acme:error:alreadyRevoked';
/** base64url of the leaf's DER, as the revokeCert payload wants it. */
function leafDerB64u(fullchainPem) {
    const [leaf] = (0,x509/* splitPemChain */.mU)(fullchainPem);
    if (!leaf)
        throw new errors/* IssueError */.uv('revoke: the chain holds no certificate', 'check fullchain.pem of the bundle');
    return new external_node_crypto_.X509Certificate(leaf).raw.toString('base64url');
}
function payloadOf(fullchainPem, reason) {
    // RFC 5280 says the reason extension is left out rather than set to unspecified (0).
    const code = reasons/* REVOCATION_REASONS */.z[reason];
    return { certificate: leafDerB64u(fullchainPem), ...(code === 0 ? {} : { reason: code }) };
}
async function send(http, payload, kid, signedWith) {
    const url = await http.getResourceUrl('revokeCert');
    try {
        const res = await http.signedRequest(url, payload, { kid });
        if (res.status !== 200) {
            throw new errors/* AcmeProblemError */._k({ type: 'certflow:protocol', detail: `revokeCert answered HTTP ${res.status}, expected 200` }, res.status, url);
        }
        return { result: 'revoked', signedWith };
    }
    catch (error) {
        if (error instanceof errors/* AcmeProblemError */._k && error.problem.type === ALREADY_REVOKED) {
            return { result: 'already-revoked', signedWith };
        }
        throw error;
    }
}
/**
 * Revokes the leaf of `fullchainPem` at the session's CA, signed by the account. The account must
 * already exist: a revocation never registers a new one.
 */
async function revokeWithAccount(session, fullchainPem, reason) {
    await session.client.createAccount({ onlyReturnExisting: true });
    return send(session.http, payloadOf(fullchainPem, reason), session.client.getAccountUrl(), 'account-key');
}
/**
 * Revokes the leaf of `fullchainPem` with a request signed by `privateKeyPem` (the certificate's
 * own key, as a JWK in the protected header), through the session's transport and trust.
 */
async function revokeWithCertificateKey(session, fullchainPem, reason, privateKeyPem) {
    let client;
    try {
        client = new src.Client({ directoryUrl: session.directoryUrl, accountKey: privateKeyPem });
    }
    catch (error) {
        throw new errors/* IssueError */.uv(`revoke: the certificate's key cannot sign an ACME request (${error.message})`, 'revoke with the account key instead (leave out the age identity)');
    }
    const http = client.http;
    session.transport.install(http);
    return send(http, payloadOf(fullchainPem, reason), null, 'certificate-key');
}

// EXTERNAL MODULE: ./src/acme/session.ts + 1 modules
var session = __webpack_require__(87186);
// EXTERNAL MODULE: ./src/publish/files.ts
var files = __webpack_require__(40172);
// EXTERNAL MODULE: ./src/util/git.ts
var git = __webpack_require__(13968);
// EXTERNAL MODULE: ./src/store/manifest.ts
var manifest = __webpack_require__(77544);
// EXTERNAL MODULE: ./src/store/read.ts
var read = __webpack_require__(36233);
;// CONCATENATED MODULE: ./src/store/history.ts
/**
 * Earlier versions of a bundle, from git history: `certflow revoke --serial` revokes a certificate
 * the store held before. Each commit that touched the bundle's manifest is read in turn (newest
 * first) until one holds the serial; the chain read there is checked against the serial by the
 * caller, since a manifest in history is as writable as any other.
 */



/** How many commits of one bundle are searched: years of twice-monthly renewals. */
const HISTORY_COMMITS = 500;
async function show(workspace, commit, path) {
    // `./` makes the path relative to the workspace rather than to the repository's top level.
    const r = await (0,git/* runGit */.E)(workspace, ['show', `${commit}:./${path}`]);
    if (r.code !== 0 || r.stdout.length > read/* MAX_BUNDLE_FILE */.rB)
        return undefined;
    return r.stdout;
}
/**
 * Searches the history of `<storeRel>/<name>/certificate.json` in the git repository at
 * `workspace` for the commit whose manifest states `serial`. Throws when git cannot be run there.
 */
async function findBundleInHistory(workspace, storeRel, name, serial) {
    const dir = `${storeRel}/${name}`;
    const log = await (0,git/* runGit */.E)(workspace, [
        'log',
        `--max-count=${HISTORY_COMMITS}`,
        '--format=%H',
        '--',
        `${dir}/${read/* BUNDLE_FILES */.HJ.manifest}`,
    ]);
    if (log.code !== 0) {
        throw new Error(`cannot read the git history of ${dir} in ${workspace}: ${log.stderr.trim() || `git exited ${log.code}`}`);
    }
    const serials = [];
    for (const commit of log.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l))) {
        const text = await show(workspace, commit, `${dir}/${read/* BUNDLE_FILES */.HJ.manifest}`);
        if (text === undefined)
            continue;
        let stated;
        try {
            stated = (0,manifest/* parseManifest */.Ng)(text, `${commit}:${dir}/${read/* BUNDLE_FILES */.HJ.manifest}`).serial;
        }
        catch {
            continue; // a broken manifest in history is no candidate
        }
        if (!serials.includes(stated))
            serials.push(stated);
        if (stated !== serial)
            continue;
        const [fullchain, key] = await Promise.all([
            show(workspace, commit, `${dir}/${read/* BUNDLE_FILES */.HJ.fullchain}`),
            show(workspace, commit, `${dir}/${read/* BUNDLE_FILES */.HJ.key}`),
        ]);
        if (fullchain === undefined)
            continue;
        return {
            found: {
                commit,
                files: {
                    [read/* BUNDLE_FILES */.HJ.manifest]: text,
                    [read/* BUNDLE_FILES */.HJ.fullchain]: fullchain,
                    [read/* BUNDLE_FILES */.HJ.key]: key ?? '',
                },
            },
            serials,
        };
    }
    return { serials };
}

// EXTERNAL MODULE: ./src/store/open.ts
var store_open = __webpack_require__(39717);
// EXTERNAL MODULE: ./src/store/write.ts
var write = __webpack_require__(82170);
// EXTERNAL MODULE: ./src/util/errors.ts
var util_errors = __webpack_require__(70017);
;// CONCATENATED MODULE: ./src/pipeline/revoke.ts
/**
 * Revoking a stored certificate: find it (the current bundle, or an earlier one from git history by
 * serial), check that it is one of ours, choose the signer, ask the CA, and record the answer in the
 * bundle's certificate.json. `rotate` revokes through `revokeBundle` once the new certificate is
 * served everywhere.
 */















/**
 * The certificate `serial` of bundle `name` (default: the current one). Throws with the serials the
 * store and its history hold when the serial is not there.
 */
async function findRevocationTarget(settings, name, serial) {
    const dir = (0,read/* storeDir */.rT)(settings);
    const stored = await (0,read/* readStoredCertificate */.ZK)(dir, name);
    if (stored.state === 'unreadable' && serial === undefined) {
        throw new Error(`bundle ${name} cannot be read (${stored.error}); name the serial to revoke with --serial`);
    }
    if (stored.state === 'present' && (serial === undefined || serial === stored.manifest.serial)) {
        const key = await (0,promises_.readFile)((0,external_node_path_.join)(stored.dir, read/* BUNDLE_FILES */.HJ.key), 'utf8').catch(() => '');
        return {
            name,
            serial: stored.manifest.serial,
            fullchainPem: stored.fullchainPem,
            source: 'current',
            acmeDirectory: stored.manifest.acmeDirectory,
            files: {
                'certificate.json': (0,manifest/* serializeManifest */.MZ)(stored.manifest),
                'fullchain.pem': stored.fullchainPem,
                'privkey.pem.age': key,
            },
        };
    }
    if (serial === undefined)
        throw new Error(`nothing is stored for ${name} under ${dir}/${name}: nothing to revoke`);
    const search = await findBundleInHistory(settings.workspace, (0,files/* storePathInRepo */.cU)(settings), name, serial);
    if (!search.found) {
        const known = search.serials.length > 0 ? search.serials.join(', ') : 'none';
        throw new Error(`serial ${serial} is not in the git history of ${(0,files/* storePathInRepo */.cU)(settings)}/${name}; serials found there (newest first): ${known}`);
    }
    return {
        name,
        serial,
        fullchainPem: search.found.files['fullchain.pem'],
        source: { commit: search.found.commit },
        files: search.found.files,
        acmeDirectory: recordedDirectory(search.found.files['certificate.json']),
    };
}
/** The CA an old manifest names, read leniently (an old bundle need not parse as today's manifest). */
function recordedDirectory(text) {
    try {
        const value = JSON.parse(text ?? '').acmeDirectory;
        return typeof value === 'string' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Refuses a certificate that is not what the store says or not ours to revoke: the serial comes from
 * the certificate (never the manifest), and every name in it must be one the config manages for
 * this certificate, so a bundle planted in history cannot make us revoke someone else's names.
 */
function checkTarget(settings, target) {
    let facts;
    try {
        facts = (0,x509/* leafFacts */.kt)(target.fullchainPem);
    }
    catch (error) {
        throw new Error(`bundle ${target.name}: fullchain.pem is not a certificate chain (${(0,util_errors/* errorMessage */.g)(error)})`);
    }
    if (facts.serial !== target.serial) {
        throw new Error(`bundle ${target.name}: the manifest says serial ${target.serial} but the certificate's serial is ${facts.serial}; refusing to revoke a certificate other than the one named`);
    }
    const configured = settings.config.certificates[target.name]?.domains ?? [];
    const foreign = facts.names.filter((n) => !configured.includes(n));
    if (foreign.length > 0) {
        throw new Error(`bundle ${target.name}: the certificate (serial ${facts.serial}) names ${foreign.join(', ')}, which the config does not list for ${target.name} (${configured.join(', ') || 'no names'}); refusing to revoke it. Revoke it by hand if it is yours`);
    }
}
/** The certificate's own key, opened and checked like any stored key; undefined (with why) if not. */
async function certificateKey(target, identity, log) {
    // openBundle checks the encrypted file's hash, decrypts and matches the key to the leaf. History
    // is opened from a private temp copy (public files and ciphertext only).
    const temp = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'certflow-revoke-'));
    try {
        await (0,write/* writeBundle */.M)(temp, { name: target.name, manifest: {}, files: target.files });
        const opened = await (0,store_open/* openBundle */.h)(temp, target.name, identity);
        log.secret(opened.privateKeyPem);
        return { key: opened.privateKeyPem };
    }
    catch (error) {
        return { why: (0,util_errors/* errorMessage */.g)(error) };
    }
    finally {
        await (0,promises_.rm)(temp, { recursive: true, force: true });
    }
}
/**
 * Revokes `target` at the CA. With keyCompromise and an identity, the request is signed with the
 * certificate's own key (the CA may then block the key); otherwise, or when that key cannot be
 * opened, with the account key. Never throws: the result says what happened.
 */
async function revokeBundle(settings, log, target, reason, session, now = () => new Date()) {
    const source = target.source === 'current' ? 'current' : `commit ${target.source.commit}`;
    const base = { name: target.name, serial: target.serial, reason, source, recorded: false };
    const warnings = [];
    try {
        checkTarget(settings, target);
        let key;
        if (reason === 'keyCompromise') {
            if (settings.ageIdentity) {
                const opened = await certificateKey(target, settings.ageIdentity, log);
                key = opened.key;
                if (!key)
                    warnings.push(`${target.name}: cannot use the certificate's own key (${opened.why}); signing with the account key, so the CA cannot block the key itself`);
            }
            else {
                warnings.push(`${target.name}: no age identity given: signing with the account key, so the CA revokes the certificate but cannot block the key; give the identity to sign with the certificate's key`);
            }
        }
        const outcome = key
            ? await revokeWithCertificateKey(session, target.fullchainPem, reason, key)
            : await revokeWithAccount(session, target.fullchainPem, reason);
        return { ...base, ok: true, outcome, at: now().toISOString(), warnings };
    }
    catch (error) {
        return { ...base, ok: false, error: (0,errors/* toStageError */.yE)(error), warnings };
    }
}
/**
 * Appends the revocation to the current certificate.json of the bundle, in the working tree.
 * Returns the new manifest text, or undefined when there is no readable bundle to hold it.
 */
async function recordRevocation(settings, result) {
    if (!result.ok || !result.outcome || !result.at)
        return undefined;
    const stored = await (0,read/* readStoredCertificate */.ZK)((0,read/* storeDir */.rT)(settings), result.name);
    if (stored.state !== 'present')
        return undefined;
    const record = {
        serial: result.serial,
        reason: result.reason,
        at: result.at,
        result: result.outcome.result,
        signedWith: result.outcome.signedWith,
    };
    const revocations = [...(stored.manifest.revocations ?? []), record].slice(-100);
    return (0,manifest/* serializeManifest */.MZ)({ ...stored.manifest, revocations });
}
/**
 * Opens one ACME session for revocations (no account is created), at the CA that issued `target`
 * (acme.issuers); without a target, or for a bundle that records no CA, the first configured CA.
 */
function revocationSession(settings, log, target) {
    const issuer = (0,issuers/* issuerOf */.xD)(settings, target, target ? `${target.name} serial ${target.serial}` : 'the certificate');
    if (target?.acmeDirectory)
        log.info(`${target.name}: revoking at ${issuer.directory}, the CA that issued it`);
    return (0,session/* openSession */.fA)(settings, log, { maxRetryAfterMs: 60_000 }, issuer);
}


/***/ })

};
;