"use strict";
exports.id = 678;
exports.ids = [678];
exports.modules = {

/***/ 37401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Yf: () => (/* binding */ activate),
  Vw: () => (/* binding */ done),
  _2: () => (/* binding */ hold),
  _r: () => (/* binding */ release),
  ru: () => (/* binding */ revert),
  dU: () => (/* binding */ rollback),
  wg: () => (/* binding */ swap),
  MX: () => (/* binding */ host_commit_verify)
});

// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/deploy/transport.ts + 1 modules
var transport = __webpack_require__(11819);
;// CONCATENATED MODULE: ./src/deploy/activate.ts
/**
 * Running `validate` then `reload` on a host. When both are set they go in ONE exec: a small sh
 * script runs validate, prints a marker with its exit code, and runs reload only when validate
 * passed. Same order and the same guarantee (nothing reloads after a failed validate), one channel
 * and one shell fewer: on a loaded host each exec costs a process spawn (measured 40-450 ms on the
 * bed), which was a third of a one-host deploy. The marker splits the output back into the two
 * steps, and its arrival time splits the timings.
 *
 * The script runs under `sh -c`, not the user's login shell, so it works for users whose shell is
 * not POSIX; validate and reload each run in a subshell, so an `exit` in them ends only that step.
 */

const MARK = '@@certflow-validate-exit:';
const MARK_LINE = new RegExp(`\\n*${MARK}(\\d+)@@\\n?`);
function combinedScript(validate, reload) {
    const mark = `printf '\\n${MARK}%d@@\\n' "$rc"`;
    return [
        `(\n${validate}\n) </dev/null`,
        'rc=$?',
        mark,
        `${mark} >&2`,
        '[ "$rc" -eq 0 ] || exit "$rc"',
        `(\n${reload}\n) </dev/null`,
    ].join('\n');
}
/** Splits one stream at the marker: [before, after, validate exit code]. */
function splitAtMarker(text) {
    const m = MARK_LINE.exec(text);
    if (!m)
        return { before: text, after: '' };
    return {
        before: text.slice(0, m.index),
        after: text.slice(m.index + m[0].length),
        code: Number(m[1]),
    };
}
async function single(session, command) {
    const t0 = Date.now();
    const r = await session.exec(command);
    return {
        ok: r.code === 0,
        code: r.code,
        timedOut: r.timedOut,
        stdout: r.stdout,
        stderr: r.stderr,
        ms: Date.now() - t0,
    };
}
async function validateAndReload(session, validate, reload) {
    if (!validate || !reload) {
        const v = validate ? await single(session, validate) : undefined;
        if (v && !v.ok)
            return { validate: v };
        return { validate: v, reload: reload ? await single(session, reload) : undefined };
    }
    const t0 = Date.now();
    let markedAt;
    let seen = '';
    const r = await session.exec(`sh -c ${(0,transport/* shellQuote */.ZL)(combinedScript(validate, reload))}`, {
        onStdout: (chunk) => {
            if (markedAt !== undefined)
                return;
            seen += chunk.toString();
            if (seen.includes(MARK))
                markedAt = Date.now();
        },
    });
    const end = Date.now();
    const out = splitAtMarker(r.stdout);
    const err = splitAtMarker(r.stderr);
    // A timed-out exec returns no output; what streamed in still tells whether validate finished.
    out.code ??= splitAtMarker(seen).code;
    if (out.code === undefined) {
        // validate never finished: timed out, killed or the connection dropped; reload did not start.
        return {
            validate: {
                ok: false,
                code: r.code,
                timedOut: r.timedOut,
                stdout: out.before,
                stderr: err.before,
                ms: end - t0,
            },
        };
    }
    const validateStep = {
        ok: out.code === 0,
        code: out.code,
        timedOut: false,
        stdout: out.before,
        stderr: err.before,
        ms: (markedAt ?? end) - t0,
    };
    if (!validateStep.ok)
        return { validate: validateStep };
    return {
        validate: validateStep,
        reload: {
            ok: r.code === 0,
            code: r.code,
            timedOut: r.timedOut,
            stdout: out.after,
            stderr: err.after,
            ms: end - (markedAt ?? end),
        },
    };
}

// EXTERNAL MODULE: ./src/deploy/files.ts + 2 modules
var files = __webpack_require__(91314);
// EXTERNAL MODULE: ./src/deploy/host-run.ts
var host_run = __webpack_require__(33757);
// EXTERNAL MODULE: ./src/deploy/services.ts
var services = __webpack_require__(66063);
// EXTERNAL MODULE: ./src/deploy/verify.ts + 1 modules
var verify = __webpack_require__(14423);
;// CONCATENATED MODULE: ./src/deploy/host-commit.ts






/**
 * Swap: each previous live file is kept as a hard link, then the staged file is renamed over the
 * live name. rename() is atomic, so the live path always names a whole file, old or new.
 * All links go out at once and must all exist before any rename; then all renames go out at once,
 * and the server applies them back to back, so the live files stay a mixed set (new certificate,
 * old key) for as short a time as possible.
 */
async function swap(run) {
    const { session, staged, swapped, label } = run;
    await (0,host_run/* timed */.ay)(run, 'swap', async () => {
        const plan = run.files.map((f) => {
            const exists = run.onDisk.find((s) => s.file === f)?.exists;
            return { file: f, prev: exists ? (0,files/* siblingName */.Ue)(f.path, files/* PREV_PREFIX */.Fw, label) : undefined };
        });
        const links = await Promise.allSettled(plan.map((p) => (p.prev ? session.link(p.file.path, p.prev) : undefined)));
        const linkFailed = links.find((r) => r.status === 'rejected');
        if (linkFailed) {
            // No live file changed: drop the links made, and there is nothing to roll back.
            await Promise.all(plan.map((p, i) => p.prev && links[i]?.status === 'fulfilled'
                ? session.unlink(p.prev).catch(() => undefined)
                : undefined));
            throw linkFailed.reason;
        }
        // Recorded before the renames: once they go out, any failure must go through the rollback,
        // even for a rename that seemed to fail (it may have happened; restoring its previous file
        // then puts it back, and is a no-op when it did not).
        swapped.push(...plan);
        const renames = await Promise.allSettled(plan.map((p) => session.rename(staged.get(p.file), p.file.path)));
        plan.forEach((p, i) => {
            if (renames[i]?.status === 'fulfilled')
                staged.delete(p.file);
        });
        const renameFailed = renames.find((r) => r.status === 'rejected');
        if (renameFailed)
            throw renameFailed.reason;
    });
}
/**
 * Activate: validate with the new files in place, then reload. On a failed validate nothing
 * reloads and the previous files go back at once, so the server never loads the new files.
 */
async function activate(run) {
    const { session, timings } = run;
    const validates = (0,services/* steps */.Ci)(run.ctx.config, 'validate');
    const reloads = (0,services/* steps */.Ci)(run.ctx.config, 'reload');
    const validate = (0,services/* stepScript */.MR)(validates);
    const reload = (0,services/* stepScript */.MR)(reloads);
    run.phase = validate ? 'validate' : 'reload';
    const done = await validateAndReload(session, validate, reload);
    if (done.validate)
        timings.validate = done.validate.ms;
    if (done.reload)
        timings.reload = done.reload.ms;
    const v = done.validate;
    if (v && !v.ok) {
        await restoreFiles(session, run.swapped);
        const which = (0,services/* failedService */.ZZ)(v.stderr);
        throw new host_run/* Failure */.HR('validate', `validate ${which ? `of ${which}` : (0,services/* describeStep */.Ey)(validates)} failed (${v.timedOut ? 'timed out' : `exit ${v.code}`}); previous files put back before any reload, live files unchanged`, (0,host_run/* output */.CG)(v));
    }
    if (v)
        (0,host_run/* say */.cv)(run, 'validate passed');
    const r = done.reload;
    if (r) {
        // Set even when the reload failed: it may have loaded the new files before failing.
        run.reloaded = true;
        run.phase = 'reload';
        if (!r.ok) {
            const which = (0,services/* failedService */.ZZ)(r.stderr);
            throw new host_run/* Failure */.HR('reload', `reload ${which ? `of ${which}` : (0,services/* describeStep */.Ey)(reloads)} failed (${r.timedOut ? 'timed out' : `exit ${r.code}`})`, (0,host_run/* output */.CG)(r));
        }
    }
}
/** Verify: the host must serve the new certificate over TLS within the window (when enabled). */
async function host_commit_verify(run) {
    if (!run.verifying)
        return;
    const { endpoints, bundle, ctx } = run;
    const want = bundle.certificateSha256;
    await (0,host_run/* timed */.ay)(run, 'verify', async () => {
        // In order, each with the full window: the services reloaded in this order too.
        for (const endpoint of endpoints) {
            const w = await (0,verify/* waitForCertificate */.K5)(endpoint, want, ctx.verifyWindowMs);
            if (!w.ok)
                throw new host_run/* Failure */.HR('verify', (0,verify/* describeWait */.Ng)(endpoint, want, w, ctx.verifyWindowMs));
            (0,host_run/* say */.cv)(run, `${(0,verify/* describeEndpoint */.N2)(endpoint)} serves the new certificate (${w.attempts} checks)`);
        }
    });
}
/** Done: the new files are proven (or verify is off), so the previous files are no longer needed. */
async function done(run) {
    const { session, verifying } = run;
    await Promise.all(run.swapped.map((s) => (s.prev ? session.unlink(s.prev) : undefined)));
    run.phase = 'done';
    return (0,host_run/* result */.Ke)(run, {
        ok: true,
        verified: verifying,
        message: verifying ? 'deployed and verified over TLS' : 'deployed, not verified (TLS verify disabled)',
    });
}
/** Done, but the previous files stay (on-failure: rollback-all) until release() or revert(). */
function hold(run) {
    run.phase = 'done';
    return (0,host_run/* result */.Ke)(run, {
        ok: true,
        verified: run.verifying,
        message: run.verifying
            ? 'deployed and verified over TLS'
            : 'deployed, not verified (TLS verify disabled)',
    });
}
/** The target succeeded everywhere: a held run's previous files are no longer needed. */
async function release(run) {
    await Promise.all(run.swapped.map((s) => (s.prev ? run.session.unlink(s.prev) : undefined)));
}
/**
 * Another host of the target failed (on-failure: rollback-all): puts this host back on its previous
 * files, reloads and proves the previous certificate is served again. Returns the new result.
 */
async function revert(run, why) {
    const back = await (0,host_run/* timed */.ay)(run, 'rollback', () => undo(run));
    run.phase = 'done';
    const message = `${why}; ${back.message}`;
    run.log.warn(`${run.ctx.host} ${run.bundle.name}: ${message}`);
    return (0,host_run/* result */.Ke)(run, { ok: false, rolledBack: back.ok, message });
}
/**
 * Rollback: the failed result for `error`, after removing staged temp files (they may hold the key)
 * and, when any live file was swapped, putting the previous files back and reloading.
 */
async function rollback(run, error) {
    const { session, ctx, bundle, log } = run;
    const failure = error instanceof host_run/* Failure */.HR ? error : new host_run/* Failure */.HR(run.phase, (0,errors/* errorMessage */.g)(error));
    const failedAt = failure.phase;
    await Promise.all([...run.staged.values()].map((p) => session.unlink(p).catch(() => undefined)));
    if (run.swapped.length === 0) {
        log.warn(`${ctx.host} ${bundle.name}: ${failedAt} failed: ${failure.message}`);
        return (0,host_run/* result */.Ke)(run, { ok: false, phase: failedAt, message: failure.message, output: failure.output });
    }
    const back = await (0,host_run/* timed */.ay)(run, 'rollback', () => undo(run));
    run.phase = failedAt;
    const message = `${failedAt} failed: ${failure.message}; ${back.message}`;
    log.warn(`${ctx.host} ${bundle.name}: ${message}`);
    return (0,host_run/* result */.Ke)(run, { ok: false, phase: failedAt, rolledBack: back.ok, message, output: failure.output });
}
/** Puts the previous files back, newest swap first; entries leave `swapped` as they are restored. */
async function restoreFiles(session, swapped) {
    while (swapped.length > 0) {
        const s = swapped[swapped.length - 1];
        // rename() of the hard link: the live path goes straight from the new file to the old one.
        if (s.prev) {
            await session.rename(s.prev, s.file.path);
            // When the swap's own rename had not happened, both names are the same file and rename()
            // leaves both: the extra name goes (it is gone already in the usual case).
            await session.unlink(s.prev).catch(() => undefined);
        }
        else
            await session.unlink(s.file.path);
        swapped.pop();
    }
}
/** Restores the files, reloads when a reload had run, and proves the old certificate is served. */
async function undo(run) {
    const { session, swapped, endpoints, befores, ctx } = run;
    try {
        await restoreFiles(session, swapped);
    }
    catch (error) {
        const kept = swapped.filter((s) => s.prev).map((s) => `${s.prev} -> ${s.file.path}`);
        return {
            ok: false,
            message: `ROLLBACK FAILED (${(0,errors/* errorMessage */.g)(error)}): live files may hold the new certificate. ` +
                `Previous files are kept on the host; restore them with mv: ${kept.join(', ') || '(none existed)'}`,
        };
    }
    const reload = (0,services/* againScript */.CQ)((0,services/* steps */.Ci)(ctx.config, 'reload'));
    if (!run.reloaded || !reload)
        return { ok: true, message: 'previous files restored (no reload had run)' };
    const r = await session.exec(reload);
    const reloadNote = r.code === 0 ? 'reloaded' : `reload after restore failed (exit ${r.code}): ${(0,host_run/* tail */.RT)(r.stderr)}`;
    // Each endpoint must serve again what it served before (one that served nothing is not checked).
    const checks = endpoints.flatMap((e, i) => (befores[i] ? [{ e, sha: befores[i] }] : []));
    if (checks.length === 0) {
        return { ok: r.code === 0, message: `rolled back: previous files restored, ${reloadNote}` };
    }
    for (const { e, sha } of checks) {
        const w = await (0,verify/* waitForCertificate */.K5)(e, sha, ctx.verifyWindowMs);
        if (!w.ok) {
            return {
                ok: false,
                message: `previous files restored and ${reloadNote}, but ${(0,verify/* describeWait */.Ng)(e, sha, w, ctx.verifyWindowMs)}`,
            };
        }
    }
    return {
        ok: true,
        message: `rolled back: previous files restored, ${reloadNote}, host serves the previous certificate again`,
    };
}


/***/ }),

/***/ 33757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* binding */ startRun),
/* harmony export */   CG: () => (/* binding */ output),
/* harmony export */   HR: () => (/* binding */ Failure),
/* harmony export */   Ke: () => (/* binding */ result),
/* harmony export */   RT: () => (/* binding */ tail),
/* harmony export */   ay: () => (/* binding */ timed),
/* harmony export */   cv: () => (/* binding */ say)
/* harmony export */ });
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91314);
/* harmony import */ var _services_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(66063);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(11819);



function startRun(session, ctx, bundle, log, connectMs) {
    return {
        session,
        ctx,
        bundle,
        log,
        started: Date.now() - connectMs,
        timings: { connect: connectMs },
        phase: 'check',
        endpoints: (0,_services_js__WEBPACK_IMPORTED_MODULE_1__/* .endpoints */ .vZ)(ctx.config, ctx.address, bundle.domains),
        verifying: (0,_services_js__WEBPACK_IMPORTED_MODULE_1__/* .endpoints */ .vZ)(ctx.config, ctx.address, bundle.domains).length > 0,
        files: (0,_files_js__WEBPACK_IMPORTED_MODULE_0__/* .planFiles */ .jP)(ctx.config.files, bundle),
        label: (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .randomLabel */ .yG)(),
        onDisk: [],
        staged: new Map(),
        swapped: [],
        reloaded: false,
        befores: [],
    };
}
/** Runs `fn` as phase `p`: sets the phase and adds the time spent to its timing. */
async function timed(run, p, fn) {
    run.phase = p;
    const t0 = Date.now();
    try {
        return await fn();
    }
    finally {
        run.timings[p] = (run.timings[p] ?? 0) + (Date.now() - t0);
    }
}
function result(run, fields) {
    return {
        target: run.ctx.target,
        host: run.ctx.host,
        certificates: [run.bundle.name],
        phase: run.phase,
        skipped: false,
        rolledBack: false,
        ...(run.ctx.dryRun ? { dryRun: true } : {}),
        durationMs: Date.now() - run.started,
        timings: run.timings,
        ...fields,
    };
}
function say(run, message) {
    run.log.info(`${run.ctx.host} ${run.bundle.name}: ${message}`);
}
/** A failure of a known phase, with the command output that explains it. */
class Failure extends Error {
    phase;
    output;
    constructor(phase, message, output) {
        super(message);
        this.phase = phase;
        this.output = output;
    }
}
const OUTPUT_LIMIT = 4000;
/** Keeps the end of command output (where the error is), bounded for reports. */
function tail(text) {
    const t = text.trim();
    return t.length > OUTPUT_LIMIT ? `...${t.slice(-OUTPUT_LIMIT)}` : t;
}
function output(r) {
    return tail([r.stdout, r.stderr].filter((s) => s.trim() !== '').join('\n'));
}


/***/ }),

/***/ 88678:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ deployBundlesToHost)
});

// EXTERNAL MODULE: ./src/deploy/host-commit.ts + 1 modules
var host_commit = __webpack_require__(37401);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: ./src/deploy/files.ts + 2 modules
var deploy_files = __webpack_require__(91314);
// EXTERNAL MODULE: ./src/deploy/host-run.ts
var host_run = __webpack_require__(33757);
// EXTERNAL MODULE: ./src/deploy/services.ts
var services = __webpack_require__(66063);
// EXTERNAL MODULE: ./src/deploy/transport.ts + 1 modules
var transport = __webpack_require__(11819);
// EXTERNAL MODULE: ./src/deploy/verify.ts + 1 modules
var verify = __webpack_require__(14423);
;// CONCATENATED MODULE: ./src/deploy/host-prepare.ts
/**
 * The phases before any live file changes: check (is there anything to do?), stage (write the new
 * files under temp names beside the live ones) and the dry run's end. A failure here needs no
 * rollback, only the removal of staged temp files, and a cancel is still honoured.
 */








/** Check: a skip result when the host already serves this certificate from matching files. */
async function check(run) {
    const { session, files, verifying, endpoints, bundle } = run;
    const servedAll = await (0,host_run/* timed */.ay)(run, 'check', async () => {
        // Independent reads, all in flight together; the sweep only removes temp names, never a
        // live file, so it may run beside the reads of the live files.
        const [served, onDisk] = await Promise.all([
            Promise.all(endpoints.map((e) => (0,verify/* servedSha256 */.JB)(e, 3000))),
            Promise.all(files.map((f) => liveState(session, f))),
            sweepTempFiles(run),
        ]);
        run.onDisk = onDisk;
        run.befores = served.map((s) => s.sha256);
        run.before = run.befores[0];
        return served;
    });
    const served = servedAll[0];
    const { before } = run;
    const drift = run.onDisk.filter((s) => !s.matches).map((s) => `${s.file.role} ${s.why}`);
    const servesIt = !verifying || run.befores.every((sha) => sha === bundle.certificateSha256);
    if (drift.length === 0 && servesIt) {
        (0,host_run/* say */.cv)(run, 'already served and files match: nothing to do');
        return (0,host_run/* result */.Ke)(run, {
            ok: true,
            skipped: true,
            phase: 'done',
            verified: verifying,
            message: verifying ? 'already up to date' : 'files already match (TLS verify disabled: not verified)',
        });
    }
    (0,host_run/* say */.cv)(run, [
        drift.length > 0 ? `files differ (${drift.join(', ')})` : 'files match',
        !verifying
            ? 'TLS check disabled'
            : before
                ? `serves sha256 ${before.slice(0, 16)}...`
                : `TLS check: ${served?.error ?? 'nothing served'}`,
    ].join('; '));
    return undefined;
}
/** Stage: new files under temp names beside the live ones, with their final mode from creation. */
async function stage(run) {
    const { session, files, staged } = run;
    const { owner } = run.ctx.config.files;
    await (0,host_run/* timed */.ay)(run, 'stage', async () => {
        await ensureDirs(session, files);
        if (session.writeNewFileOwned) {
            // become: sudo: root makes each file with its final owner and mode before the first byte.
            for (const f of files) {
                const tmp = (0,deploy_files/* siblingName */.Ue)(f.path, deploy_files/* STAGE_PREFIX */.av, run.label);
                staged.set(f, tmp);
                const live = run.onDisk.find((s) => s.file === f)?.stat;
                await session.writeNewFileOwned(tmp, f.content, f.mode, owner ?? (live && `${live.uid}:${live.gid}`));
            }
            return;
        }
        // All files at once (one SFTP channel, requests in flight together); every write settles
        // before a failure is raised, so the rollback's removal of staged files comes after them.
        const writes = files.map((f) => {
            const tmp = (0,deploy_files/* siblingName */.Ue)(f.path, deploy_files/* STAGE_PREFIX */.av, run.label);
            // Recorded before the write, so a write cut halfway still has its temp file removed.
            staged.set(f, tmp);
            return session.writeNewFile(tmp, f.content, f.mode);
        });
        const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
        if (failed)
            throw failed.reason;
        if (!owner) {
            // No owner configured: keep the replaced file's owner, so a server that reads its key as
            // another user (haproxy, postfix) still can. Only root may give files away; a refusal is
            // left for validate to judge.
            await Promise.all(run.onDisk.map((s) => {
                const tmp = staged.get(s.file);
                return s.stat && tmp
                    ? session.chown(tmp, s.stat.uid, s.stat.gid).catch(() => undefined)
                    : undefined;
            }));
        }
        else {
            const r = await session.exec(`chown -- ${(0,transport/* shellQuote */.ZL)(owner)} ${[...staged.values()].map(transport/* shellQuote */.ZL).join(' ')}`);
            if (r.code !== 0)
                throw new host_run/* Failure */.HR('stage', `chown ${owner} failed (exit ${r.code})`, (0,host_run/* output */.CG)(r));
        }
    });
    (0,host_run/* say */.cv)(run, `staged ${files.length} files`);
}
/**
 * Dry run's end: proves the files can be written with their modes and that validate runs on the
 * current config, then removes the staged files; no live file is touched.
 */
async function dryRunEnd(run) {
    const { session, staged } = run;
    const validate = (0,services/* stepScript */.MR)((0,services/* steps */.Ci)(run.ctx.config, 'validate'));
    const v = validate ? await (0,host_run/* timed */.ay)(run, 'validate', () => session.exec(validate)) : undefined;
    run.phase = 'validate';
    await Promise.all([...staged.values()].map((p) => session.unlink(p)));
    staged.clear();
    if (v && v.code !== 0) {
        return (0,host_run/* result */.Ke)(run, {
            ok: false,
            message: `validate failed on the current config (exit ${v.code})`,
            output: (0,host_run/* output */.CG)(v),
        });
    }
    return (0,host_run/* result */.Ke)(run, { ok: true, message: 'dry run: staged and validated; live files not touched' });
}
function abortIfAsked(run, phase) {
    // Only before the swap: once live files moved, the run finishes or rolls back whatever happens.
    if (run.ctx.signal?.aborted)
        throw new host_run/* Failure */.HR(phase, 'cancelled before any live file changed');
}
async function liveState(session, f) {
    const st = await session.fileState(f.path);
    if (!st)
        return { file: f, exists: false, matches: false, why: 'missing' };
    if (st.sha256 !== (0,x509/* sha256Hex */.fg)(f.content))
        return { file: f, exists: true, stat: st, matches: false, why: 'content' };
    if (st.mode !== f.mode) {
        return {
            file: f,
            exists: true,
            stat: st,
            matches: false,
            why: `mode ${st.mode.toString(8)} != ${f.mode.toString(8)}`,
        };
    }
    return { file: f, exists: true, stat: st, matches: true, why: '' };
}
/** Removes temp files a cut connection or a crash left behind (they may hold a private key). */
async function sweepTempFiles(run) {
    for (const dir of new Set(run.files.map((f) => external_node_path_.posix.dirname(f.path)))) {
        const names = (await run.session.readdir(dir)) ?? [];
        const stale = names.filter((n) => n.startsWith(deploy_files/* STAGE_PREFIX */.av) || n.startsWith(deploy_files/* PREV_PREFIX */.Fw));
        await Promise.all(stale.map((name) => run.session.unlink(external_node_path_.posix.join(dir, name))));
        if (stale.length > 0)
            (0,host_run/* say */.cv)(run, `removed ${stale.length} leftover temp files in ${dir}`);
    }
}
async function ensureDirs(session, files) {
    for (const dir of new Set(files.map((f) => external_node_path_.posix.dirname(f.path)))) {
        if (await session.stat(dir))
            continue;
        // 0755: the key file's own mode protects it; the folder must stay readable for the cert files.
        await session.makeDir(dir).catch((error) => {
            throw new host_run/* Failure */.HR('stage', `could not create ${dir}: ${(0,errors/* errorMessage */.g)(error)}`);
        });
    }
}

;// CONCATENATED MODULE: ./src/deploy/host.ts



/** Deploys each bundle to the host over `session`; one result per certificate. */
async function deployBundlesToHost(session, ctx, bundles, log, connectMs, 
/** Under ctx.holdPrevious: runs that succeeded and still keep their previous files. */
held = []) {
    const results = [];
    for (const bundle of bundles) {
        results.push(await deployBundle(session, ctx, bundle, log, connectMs, held));
    }
    return results;
}
async function deployBundle(session, ctx, bundle, log, connectMs, held) {
    const run = (0,host_run/* startRun */.AD)(session, ctx, bundle, log, connectMs);
    try {
        const upToDate = await check(run);
        if (upToDate)
            return upToDate;
        abortIfAsked(run, 'check');
        await stage(run);
        abortIfAsked(run, 'stage');
        if (ctx.dryRun)
            return await dryRunEnd(run);
        await (0,host_commit/* swap */.wg)(run);
        await (0,host_commit/* activate */.Yf)(run);
        await (0,host_commit/* verify */.MX)(run);
        if (ctx.holdPrevious) {
            held.push(run);
            return (0,host_commit/* hold */._2)(run);
        }
        return await (0,host_commit/* done */.Vw)(run);
    }
    catch (error) {
        // One exit for every failure: the run's state, not the failing phase, says what to undo.
        return await (0,host_commit/* rollback */.dU)(run, error);
    }
}


/***/ }),

/***/ 70014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $x: () => (/* binding */ preferredHostKeyAlgorithms),
/* harmony export */   Ex: () => (/* binding */ checkHostKey),
/* harmony export */   uJ: () => (/* binding */ parseKnownHosts)
/* harmony export */ });
/* unused harmony exports knownHostsName, hostsFieldMatches, blobKeyType, fingerprint */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * OpenSSH known_hosts, read well enough to pin host keys: plain and hashed (`|1|salt|hash`) host
 * patterns, `[host]:port` for non-standard ports, `*`/`?` wildcards, `!negation`, the `@revoked`
 * marker and any key type. ssh2 accepts any host key unless told otherwise, so this is the only
 * thing standing between a deploy and a man in the middle.
 *
 * `@cert-authority` lines are recognised and ignored: ssh2 does not give us the host certificate,
 * so a CA line can never prove a key. A host pinned only by CA therefore reads as "not pinned".
 */

function parseKnownHosts(text) {
    const entries = [];
    const problems = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            return;
        const fields = trimmed.split(/\s+/);
        let marker;
        if (fields[0]?.startsWith('@')) {
            const name = fields.shift();
            if (name === '@revoked')
                marker = 'revoked';
            else if (name === '@cert-authority')
                marker = 'cert-authority';
            else {
                problems.push({ line, message: `unknown marker ${name}` });
                return;
            }
        }
        const [hosts, keyType, keyB64] = fields;
        if (!hosts || !keyType || !keyB64) {
            problems.push({ line, message: 'expected "<hosts> <key type> <base64 key>"' });
            return;
        }
        const key = Buffer.from(keyB64, 'base64');
        // The blob starts with its own type name; a mismatch means a damaged or mis-pasted line.
        if (blobKeyType(key) !== keyType) {
            problems.push({ line, message: `key does not decode as ${keyType}` });
            return;
        }
        entries.push({ line, marker, hosts, keyType, key });
    });
    return { entries, problems };
}
/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
function knownHostsName(host, port) {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    return port === 22 ? bare : `[${bare}]:${port}`;
}
function wildcard(pattern, name) {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
    return new RegExp(`^${re}$`, 'i').test(name);
}
/** Whether an entry's host field names `name` (already in `[host]:port` form when needed). */
function hostsFieldMatches(hosts, name) {
    if (hosts.startsWith('|1|')) {
        const [, , salt, hash] = hosts.split('|');
        if (!salt || !hash)
            return false;
        const mac = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
        return mac === hash;
    }
    let matched = false;
    for (const pattern of hosts.split(',')) {
        if (pattern.startsWith('!')) {
            if (wildcard(pattern.slice(1), name))
                return false;
        }
        else if (wildcard(pattern, name)) {
            matched = true;
        }
    }
    return matched;
}
/** The key type a blob declares (its first SSH string), or undefined when it is not a blob. */
function blobKeyType(blob) {
    if (blob.length < 4)
        return undefined;
    const len = blob.readUInt32BE(0);
    if (len === 0 || len > 64 || blob.length < 4 + len)
        return undefined;
    return blob.subarray(4, 4 + len).toString('latin1');
}
/** OpenSSH fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
function fingerprint(blob) {
    return `SHA256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
/**
 * Decides whether `key` (the blob the server offered) is the pinned key of host:port, and when it
 * is not, says what was seen and how to pin it. A revoked key loses even when another line pins it.
 */
function checkHostKey(known, host, port, key) {
    const name = knownHostsName(host, port);
    const type = blobKeyType(key) ?? 'unknown-type';
    const seen = fingerprint(key);
    const pinLine = `${name} ${type} ${key.toString('base64')}`;
    const forHost = known.entries.filter((e) => hostsFieldMatches(e.hosts, name));
    const revoked = known.entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
    if (revoked) {
        return {
            ok: false,
            reason: 'revoked',
            message: `host key of ${name} (${type} ${seen}) is marked @revoked on known-hosts line ${revoked.line}: ` +
                'refusing to connect. Replace the host key on the server and pin the new one.',
        };
    }
    const pins = forHost.filter((e) => e.marker === undefined);
    const match = pins.find((e) => e.key.equals(key));
    if (match)
        return { ok: true, line: match.line };
    const scan = `ssh-keyscan ${port === 22 ? '' : `-p ${port} `}-t ${type} ${host.replace(/^\[(.*)\]$/, '$1')}`;
    if (pins.length === 0) {
        return {
            ok: false,
            reason: 'unknown',
            message: `host ${name} is not pinned in known-hosts; it offered ${type} ${seen}. ` +
                `If that fingerprint is right (check it on the host: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), ` +
                `add this line to known-hosts: ${pinLine}  (or collect it with: ${scan})`,
        };
    }
    const pinned = pins.map((e) => `${e.keyType} ${fingerprint(e.key)} (line ${e.line})`).join(', ');
    return {
        ok: false,
        reason: 'changed',
        message: `HOST KEY CHANGED for ${name}: known-hosts pins ${pinned} but the host offered ${type} ${seen}. ` +
            'Someone may be intercepting the connection, or the host was reinstalled. Only if the change is ' +
            `expected, replace the pinned line with: ${pinLine}`,
    };
}
/** ssh2 host-key algorithm names that can present a key of this type. */
function algorithmsFor(keyType) {
    if (keyType === 'ssh-rsa')
        return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
    return [keyType];
}
/** ssh2's default host-key algorithms (ssh2 1.17 with ed25519 support), in its order. */
const DEFAULT_HOST_KEY_ALGORITHMS = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa',
];
/**
 * Host-key algorithms to offer for host:port: pinned types first (like OpenSSH), so a host with
 * several keys shows the one we know instead of one we would have to refuse; the others after, so a
 * host whose key changed type still gets as far as showing its fingerprint.
 */
function preferredHostKeyAlgorithms(known, host, port) {
    const name = knownHostsName(host, port);
    const pinned = known.entries
        .filter((e) => e.marker === undefined && hostsFieldMatches(e.hosts, name))
        .flatMap((e) => algorithmsFor(e.keyType))
        .filter((a) => DEFAULT_HOST_KEY_ALGORITHMS.includes(a));
    return [...new Set([...pinned, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}


/***/ }),

/***/ 11819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  oZ: () => (/* binding */ HostKeyError),
  LZ: () => (/* binding */ connectSsh),
  yG: () => (/* binding */ randomLabel),
  ZL: () => (/* binding */ shellQuote)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: ./node_modules/node-ssh/lib/esm/index.mjs + 2 modules
var esm = __webpack_require__(19487);
// EXTERNAL MODULE: ./node_modules/ssh2/lib/index.js
var lib = __webpack_require__(63091);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/deploy/known-hosts.ts
var known_hosts = __webpack_require__(70014);
;// CONCATENATED MODULE: ./src/deploy/jump.ts
/**
 * Jump hosts (`jump:` on a target): the connection to the target goes through one or more SSH
 * hosts, each asked for a direct-tcpip channel to the next (what `ssh -J` does). Every hop's host
 * key is pinned from the target's known-hosts, like the target's own, and the target's key is still
 * checked at the end of the tunnel: a jump host sees only encrypted traffic and cannot stand in for
 * the target.
 */




/** Raised when a jump host's key is not the pinned one. */
class JumpHostKeyError extends Error {
}
function label(h) {
    return h.port === 22 ? h.host : `${h.host}:${h.port}`;
}
/** Opens the chain hop by hop; rejects naming the hop that failed and why. */
async function openTunnel(hops, destination, knownHosts, connectTimeoutMs) {
    const clients = [];
    const close = () => {
        for (const c of [...clients].reverse())
            c.end();
    };
    const first = hops[0];
    let stream = (0,external_node_net_.connect)({ host: first.host, port: first.port }).setNoDelay(true);
    try {
        for (const [i, hop] of hops.entries()) {
            const client = await connectHop(hop, stream, knownHosts, connectTimeoutMs);
            clients.push(client);
            const next = hops[i + 1] ?? destination;
            stream = await forward(client, hop, next, connectTimeoutMs);
        }
    }
    catch (error) {
        close();
        stream.destroy();
        throw error;
    }
    return { stream, close };
}
function connectHop(hop, sock, knownHosts, timeoutMs) {
    const client = new lib.Client();
    let refusedKey;
    return new Promise((resolve, reject) => {
        client.once('ready', () => {
            // An error after connect (a reset) must not crash the process: the tunnel's reader sees it.
            client.on('error', () => undefined);
            resolve(client);
        });
        client.once('error', (error) => {
            client.end();
            if (refusedKey)
                reject(new JumpHostKeyError(`jump host ${label(hop)}: ${refusedKey}`));
            else
                reject(new Error(`jump host ${hop.username}@${label(hop)}: ${describe(error, timeoutMs)}`));
        });
        client.connect({
            sock,
            username: hop.username,
            privateKey: hop.privateKey,
            passphrase: hop.passphrase,
            readyTimeout: timeoutMs,
            keepaliveInterval: 5000,
            keepaliveCountMax: 3,
            algorithms: {
                serverHostKey: (0,known_hosts/* preferredHostKeyAlgorithms */.$x)(knownHosts, hop.host, hop.port),
            },
            hostVerifier: (key) => {
                const verdict = (0,known_hosts/* checkHostKey */.Ex)(knownHosts, hop.host, hop.port, key);
                if (!verdict.ok)
                    refusedKey = verdict.message;
                return verdict.ok;
            },
        });
    });
}
function forward(client, hop, next, timeoutMs) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`jump host ${label(hop)}: no channel to ${label(next)} within ${timeoutMs} ms`)), timeoutMs);
        client.forwardOut('127.0.0.1', 0, next.host, next.port, (error, channel) => {
            clearTimeout(timer);
            if (error) {
                reject(new Error(`jump host ${label(hop)} could not open a connection to ${label(next)} (${(0,errors/* errorMessage */.g)(error)}): is the address right as seen from the jump host, and does its sshd allow forwarding there (AllowTcpForwarding, PermitOpen)?`));
            }
            else {
                resolve(channel);
            }
        });
    });
}
function describe(error, timeoutMs) {
    const message = (0,errors/* errorMessage */.g)(error);
    if (/All configured authentication methods failed/i.test(message)) {
        return "authentication failed: the jump host refused the key (check the hop's user and private-key)";
    }
    if (/Timed out while waiting for handshake/i.test(message)) {
        return `no SSH handshake within ${timeoutMs} ms (connect-timeout)`;
    }
    return message;
}

;// CONCATENATED MODULE: ./src/deploy/transport.ts
/**
 * The SSH side effects of a deploy, behind one small interface (HostSession) so the per-host flow
 * reads as the steps it takes. Built on node-ssh/ssh2, with what they lack added here (STACK.md):
 * host-key pinning, an error listener that outlives connect, timeouts on every command and SFTP
 * request, files created with their final mode, and atomic replace via posix-rename.
 */





/** Raised when the host key is not the pinned one: the message says what was seen and how to pin. */
class HostKeyError extends Error {
    verdict;
    constructor(verdict) {
        super(verdict.message);
        this.verdict = verdict;
        this.name = 'HostKeyError';
    }
}
const CHUNK = 32 * 1024;
/** Single quotes for a POSIX shell. */
function shellQuote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
function randomLabel() {
    return (0,external_node_crypto_.randomBytes)(6).toString('hex');
}
const connectSsh = async (params) => {
    const label = params.port === 22 ? params.host : `${params.host}:${params.port}`;
    const ssh = new esm/* NodeSSH */.H();
    let verdict;
    // Our own socket, with Nagle off from the first byte: sshd does not set TCP_NODELAY for exec and
    // SFTP sessions, and Nagle against delayed ACKs costs 40 ms per round trip (measured: a stat
    // took 43 ms with it, under 1 ms without).
    const host = params.host.replace(/^\[(.*)\]$/, '$1');
    const tunnel = params.jump?.length
        ? await openTunnel(params.jump, { host, port: params.port }, params.knownHosts, params.connectTimeoutMs)
        : undefined;
    const sock = tunnel?.stream ?? (0,external_node_net_.connect)({ host, port: params.port }).setNoDelay(true);
    try {
        await ssh.connect({
            sock,
            username: params.username,
            privateKey: params.privateKey,
            passphrase: params.passphrase,
            readyTimeout: params.connectTimeoutMs,
            // Keepalives notice a dead peer during a long validate/reload instead of waiting forever.
            keepaliveInterval: 5000,
            keepaliveCountMax: 3,
            algorithms: {
                serverHostKey: (0,known_hosts/* preferredHostKeyAlgorithms */.$x)(params.knownHosts, params.host, params.port),
            },
            hostVerifier: (key) => {
                verdict = (0,known_hosts/* checkHostKey */.Ex)(params.knownHosts, params.host, params.port, key);
                return verdict.ok;
            },
        });
    }
    catch (error) {
        ssh.dispose();
        sock.destroy();
        tunnel?.close();
        if (verdict && !verdict.ok)
            throw new HostKeyError(verdict);
        throw new Error(`ssh ${params.username}@${label}: ${describeConnectError(error, params.connectTimeoutMs)}`);
    }
    const session = new SshSession(ssh, label, params, tunnel?.close);
    // Every deploy reads and writes over SFTP: its channel opens now, with the connection, so a host
    // connected ahead of its turn has it ready (opening it changes nothing on the host). A failure
    // shows at the first SFTP request, as before.
    session.openSftpEarly();
    return session;
};
function describeConnectError(error, timeoutMs) {
    const message = error instanceof Error ? error.message : String(error);
    if (/All configured authentication methods failed/i.test(message)) {
        return 'authentication failed: the server refused private-key (check user and that the public key is in authorized_keys)';
    }
    if (/Timed out while waiting for handshake/i.test(message)) {
        return `no SSH handshake within ${timeoutMs} ms (connect-timeout): is the host up and the port right?`;
    }
    if (/passphrase|encrypted/i.test(message)) {
        return `private-key could not be opened (${message}): set passphrase to the key's passphrase`;
    }
    if (/Cannot parse privateKey/i.test(message)) {
        return `private-key could not be read (${message}): expected an ed25519, ECDSA or RSA private key in OpenSSH or PEM format`;
    }
    return message;
}
class SshSession {
    ssh;
    label;
    params;
    onClose;
    sftpPromise;
    closedBecause;
    constructor(ssh, label, params, onClose) {
        this.ssh = ssh;
        this.label = label;
        this.params = params;
        this.onClose = onClose;
        const connection = ssh.connection;
        // node-ssh drops its own error listener once connected; without ours a reset kills the process.
        connection?.on('error', (error) => {
            this.closedBecause = error.message;
        });
        connection?.on('close', () => {
            this.closedBecause ??= 'connection closed';
            // Requests in flight on a dead connection are never answered: fail them now, not at the timeout.
            for (const abort of this.pending)
                abort(new Error('connection lost'));
            this.pending.clear();
        });
    }
    pending = new Set();
    /** Runs `start` until it settles, the command timeout passes or the connection drops. */
    bounded(start) {
        return new Promise((resolve, reject) => {
            if (this.closedBecause) {
                reject(new Error('connection lost'));
                return;
            }
            const settle = () => {
                clearTimeout(timer);
                this.pending.delete(reject);
            };
            const timer = setTimeout(() => {
                settle();
                reject(new Error(`no answer within ${this.params.commandTimeoutMs} ms (command-timeout)`));
            }, this.params.commandTimeoutMs);
            this.pending.add(reject);
            try {
                start((v) => {
                    settle();
                    resolve(v);
                }, (e) => {
                    settle();
                    reject(e);
                });
            }
            catch (error) {
                // ssh2 throws at once when the channel is already gone.
                settle();
                reject(error);
            }
        });
    }
    fail(what, error) {
        const message = error instanceof Error ? error.message : String(error);
        const why = this.closedBecause ? ` (connection lost: ${this.closedBecause})` : '';
        return new Error(`${this.label}: ${what}: ${message}${why}`);
    }
    /** One SFTP request, bounded: an SFTP call on a stalled link never answers. */
    request(fn) {
        return this.bounded((resolve, reject) => {
            this.sftp().then((sftp) => {
                try {
                    fn(sftp, (err, value) => (err ? reject(err) : resolve(value)));
                }
                catch (error) {
                    reject(error);
                }
            }, (err) => reject(new Error(`opening SFTP: ${err instanceof Error ? err.message : String(err)}`)));
        });
    }
    sftp() {
        this.sftpPromise ??= this.ssh.requestSFTP();
        return this.sftpPromise;
    }
    /** Starts opening the SFTP channel without waiting; its outcome is seen by the first request. */
    openSftpEarly() {
        this.sftp().catch(() => undefined);
    }
    async exec(command, options = {}) {
        let channel;
        try {
            return await this.bounded((resolve, reject) => {
                this.ssh
                    .execCommand(command, { onChannel: (c) => (channel = c), onStdout: options.onStdout })
                    .then((r) => resolve({ code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: false }), reject);
            });
        }
        catch (error) {
            if (String(error).includes('command-timeout')) {
                // execCommand has no timeout of its own: stop the remote command and give up on it.
                channel?.signal('KILL');
                channel?.close();
                return { code: null, stdout: '', stderr: '', timedOut: true };
            }
            throw this.fail(`running ${command}`, error);
        }
    }
    async readFile(path) {
        try {
            return await this.request((sftp, done) => sftp.readFile(path, (err, data) => done(err, data)));
        }
        catch (error) {
            if (isNoSuchFile(error))
                return undefined;
            throw this.fail(`reading ${path}`, error);
        }
    }
    async fileState(path) {
        const [data, st] = await Promise.all([this.readFile(path), this.stat(path)]);
        if (!data || !st)
            return undefined;
        return { ...st, sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex') };
    }
    async makeDir(path) {
        const r = await this.exec(`mkdir -p -m 0755 -- ${shellQuote(path)}`);
        if (r.code !== 0) {
            throw this.fail(`creating ${path}`, `exit ${r.code}: ${(r.stderr || r.stdout).trim()}`);
        }
    }
    async stat(path) {
        try {
            return await this.request((sftp, done) => sftp.stat(path, (err, s) => done(err, s && { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size })));
        }
        catch (error) {
            if (isNoSuchFile(error))
                return undefined;
            throw this.fail(`stat ${path}`, error);
        }
    }
    async readdir(path) {
        try {
            return await this.request((sftp, done) => sftp.readdir(path, (err, list) => done(err, list?.map((e) => e.filename))));
        }
        catch (error) {
            if (isNoSuchFile(error))
                return undefined;
            throw this.fail(`listing ${path}`, error);
        }
    }
    async writeNewFile(path, data, mode) {
        const what = `writing ${path}`;
        try {
            // 'wx': O_CREAT|O_EXCL, so a stale file of the same name (or a planted symlink) is an error.
            const handle = await this.request((sftp, done) => sftp.open(path, 'wx', { mode }, (err, h) => done(err, h)));
            // fchmod, the writes and the fsync go out together: the server answers them in order, so
            // one round trip instead of one per request. All are awaited before the close, and any
            // failure fails the write.
            const sent = [
                this.request((sftp, done) => sftp.fchmod(handle, mode, (err) => done(err))),
            ];
            for (let at = 0; at < data.length; at += CHUNK) {
                const length = Math.min(CHUNK, data.length - at);
                sent.push(this.request((sftp, done) => sftp.write(handle, data, at, length, at, (err) => done(err))).then(() => this.params.hooks?.afterChunk?.(path, at + length, () => this.cut())));
            }
            // Durable before it can be renamed over a live file; not every server has fsync@openssh.com.
            sent.push(this.request((sftp, done) => sftp.ext_openssh_fsync(handle, (err) => done(err))).catch((err) => {
                if (!/not support/i.test(String(err)))
                    throw err;
            }));
            const failed = (await Promise.allSettled(sent)).find((r) => r.status === 'rejected');
            if (failed) {
                await this.request((sftp, done) => sftp.close(handle, () => done())).catch(() => undefined);
                throw failed.reason;
            }
            // A close that fails means the server may not have all the data: that is a failed write.
            await this.request((sftp, done) => sftp.close(handle, (err) => done(err)));
        }
        catch (error) {
            throw this.fail(what, error);
        }
    }
    async link(existing, newPath) {
        try {
            await this.request((sftp, done) => sftp.ext_openssh_hardlink(existing, newPath, (err) => done(err)));
        }
        catch (error) {
            if (!/not support/i.test(String(error)))
                throw this.fail(`linking ${existing} to ${newPath}`, error);
            const r = await this.exec(`ln -- ${shellQuote(existing)} ${shellQuote(newPath)}`);
            if (r.code !== 0)
                throw this.fail(`linking ${existing} to ${newPath}`, r.stderr.trim() || `exit ${r.code}`);
        }
    }
    async rename(from, to) {
        try {
            await this.request((sftp, done) => sftp.ext_openssh_rename(from, to, (err) => done(err)));
        }
        catch (error) {
            const hint = /not support/i.test(String(error))
                ? ' (the SFTP server lacks posix-rename@openssh.com, which atomic replace needs)'
                : '';
            throw this.fail(`renaming ${from} to ${to}${hint}`, error);
        }
    }
    async chown(path, uid, gid) {
        try {
            await this.request((sftp, done) => sftp.chown(path, uid, gid, (err) => done(err)));
        }
        catch (error) {
            throw this.fail(`chown ${uid}:${gid} ${path}`, error);
        }
    }
    async unlink(path) {
        try {
            await this.request((sftp, done) => sftp.unlink(path, (err) => done(err)));
        }
        catch (error) {
            if (!isNoSuchFile(error))
                throw this.fail(`removing ${path}`, error);
        }
    }
    lost() {
        return this.closedBecause !== undefined;
    }
    /** Drops the TCP connection without goodbye, as a network cut would. */
    cut() {
        this.closedBecause = 'cut by test hook';
        this.ssh.connection?.destroy();
    }
    async close() {
        this.ssh.dispose();
        this.onClose?.();
    }
}
function isNoSuchFile(error) {
    const code = error?.code;
    return code === 2 || /no such file/i.test(String(error));
}


/***/ })

};
;