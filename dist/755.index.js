"use strict";
exports.id = 755;
exports.ids = [755];
exports.modules = {

/***/ 35868:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployCommand: () => (/* binding */ deployCommand),
  deployHandler: () => (/* binding */ deployHandler)
});

// EXTERNAL MODULE: ./src/pipeline/deploy.ts + 7 modules
var deploy = __webpack_require__(44450);
// EXTERNAL MODULE: ./src/publish/github-client.ts
var github_client = __webpack_require__(67426);
;// CONCATENATED MODULE: ./src/deploy/github-deployment.ts

/**
 * The task of certflow's deployments. GitHub Actions creates deployments of its own for a job in
 * an environment (at job start, for whatever commit triggered it): the task tells ours apart.
 */
const DEPLOYMENT_TASK = 'deploy:certificates';
/** GitHub refuses a status description over 140 characters. */
const DESCRIPTION_MAX = 140;
/** How many of the newest deployments are searched for the last successful one. */
const SEARCH_PAGES = 3;
/**
 * The newest of certflow's deployments to `environment` that reached `success`. A later success
 * marks earlier ones `inactive` (GitHub's auto_inactive), so "ever had a success status" is the
 * test, not "the latest status is success".
 */
async function lastSuccessfulDeployment(client, gh, environment) {
    const repo = { owner: gh.owner, repo: gh.repo };
    try {
        for (let page = 1; page <= SEARCH_PAGES; page++) {
            const { data } = await client.rest.repos.listDeployments({
                ...repo,
                environment,
                task: DEPLOYMENT_TASK,
                per_page: 30,
                page,
            });
            for (const deployment of data) {
                const { data: statuses } = await client.rest.repos.listDeploymentStatuses({
                    ...repo,
                    deployment_id: deployment.id,
                    per_page: 100,
                });
                if (statuses.some((s) => s.state === 'success'))
                    return { id: deployment.id, sha: deployment.sha };
            }
            if (data.length < 30)
                break;
        }
        return undefined;
    }
    catch (error) {
        throw (0,github_client/* explainGitHubError */.Pm)(error, `read the deployments to ${environment}`, gh, 'deployments: write');
    }
}
/** Per target and host: whether everything succeeded, and which certificates it carried. */
function targetResults(deploys) {
    const targets = {};
    for (const d of deploys) {
        const t = targets[d.target] ?? { ok: true, hosts: {} };
        const h = t.hosts[d.host] ?? { ok: true, certificates: [] };
        h.ok &&= d.ok;
        h.certificates = [...new Set([...h.certificates, ...d.certificates])].sort();
        t.hosts[d.host] = h;
        t.ok &&= d.ok;
        targets[d.target] = t;
    }
    return targets;
}
/** "4 hosts on 2 targets deployed" / "1 of 4 hosts failed (web: web-2)", within 140 characters. */
function statusDescription(deploys, errors) {
    const failed = deploys.filter((d) => !d.ok);
    const targets = new Set(deploys.map((d) => d.target)).size;
    let text = failed.length === 0
        ? `${deploys.length} host(s) on ${targets} target(s) deployed`
        : `${failed.length} of ${deploys.length} host(s) failed: ${failed.map((d) => `${d.target}/${d.host}`).join(', ')}`;
    if (errors.length > 0)
        text += `; ${errors.length} other problem(s)`;
    return [...text].length <= DESCRIPTION_MAX ? text : `${[...text].slice(0, DESCRIPTION_MAX - 1).join('')}…`;
}
/**
 * Records this run as a deployment of `sha` to `environment`, `success` only when every host and
 * hook succeeded: a failed run must not become the next run's starting point, or its hooks would
 * not be retried.
 */
async function recordDeployment(client, gh, record, log) {
    const repo = { owner: gh.owner, repo: gh.repo };
    const ok = record.errors.length === 0 && record.deploys.every((d) => d.ok);
    const state = ok ? 'success' : 'failure';
    try {
        const { data, status } = await client.rest.repos.createDeployment({
            ...repo,
            ref: record.sha,
            task: DEPLOYMENT_TASK,
            environment: record.environment,
            // The commit is deployed as it is: no merge of the default branch into it, and no wait
            // for status checks (they ran, or not, before the merge that triggered this).
            auto_merge: false,
            required_contexts: [],
            payload: { certflow: { targets: targetResults(record.deploys) } },
            description: 'certflow: certificates deployed over SSH and exec hooks',
        });
        if (status !== 201 || !('id' in data))
            throw new Error(`GitHub answered ${status} without a deployment`);
        await client.rest.repos.createDeploymentStatus({
            ...repo,
            deployment_id: data.id,
            state,
            description: statusDescription(record.deploys, record.errors),
            ...(record.logUrl ? { log_url: record.logUrl } : {}),
        });
        log.info(`recorded deployment ${data.id} of ${record.sha.slice(0, 12)} to ${record.environment}: ${state}`);
        return { id: data.id, state };
    }
    catch (error) {
        throw (0,github_client/* explainGitHubError */.Pm)(error, `record the deployment to ${record.environment}`, gh, 'deployments: write');
    }
}

// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: ./src/util/git.ts
var git = __webpack_require__(13968);
;// CONCATENATED MODULE: ./src/pipeline/deployment-record.ts




async function deploymentBase(settings, log) {
    const environment = settings.deploymentEnvironment;
    const gh = settings.github;
    if (!environment)
        return { settings, warnings: [] };
    if (!gh) {
        return {
            settings,
            warnings: [
                `deployment-environment ${environment}: no GitHub token or repository, so this deploy is not recorded and exec hooks run for what the push changed`,
            ],
        };
    }
    const head = await (0,git/* runGit */.E)(settings.workspace, ['rev-parse', '--verify', 'HEAD^{commit}']);
    const sha = head.code === 0 ? head.stdout.trim() : undefined;
    const client = await (0,github_client/* createGitHubClient */.LX)(gh, log);
    try {
        const last = await lastSuccessfulDeployment(client, gh, environment);
        if (!last) {
            log.info(`no successful deployment to ${environment} yet: exec hooks run for what the push changed`);
            return { settings, warnings: [], client, sha };
        }
        log.info(`last successful deployment to ${environment}: ${last.sha.slice(0, 12)} (deployment ${last.id}); exec hooks run for certificates changed since then`);
        return { settings: { ...settings, changedSince: last.sha }, warnings: [], client, sha };
    }
    catch (error) {
        return {
            settings,
            warnings: [
                `${(0,errors/* errorMessage */.g)(error)}; exec hooks run for what the push changed (a run dropped by the concurrency group may have missed some: force them)`,
            ],
            client,
            sha,
        };
    }
}
/** Records the run as a deployment; returns warnings (never throws). */
async function recordRun(settings, base, report, log) {
    const environment = settings.deploymentEnvironment;
    if (!environment || !base.client || !settings.github)
        return [];
    if (!base.sha)
        return [`deployment-environment ${environment}: the workspace is not a git checkout; not recorded`];
    try {
        await recordDeployment(base.client, settings.github, { environment, sha: base.sha, deploys: report.deploys, errors: report.errors, logUrl: settings.runUrl }, log);
        return [];
    }
    catch (error) {
        return [`${(0,errors/* errorMessage */.g)(error)}; the next deploy runs exec hooks from an older commit`];
    }
}

// EXTERNAL MODULE: ./src/pipeline/finish.ts + 8 modules
var finish = __webpack_require__(74477);
;// CONCATENATED MODULE: ./src/commands/deploy.ts



async function deployCommand(settings, log) {
    const report = (0,finish/* newReport */.b)('deploy', settings);
    const base = await deploymentBase(settings, log);
    const hooks = await (0,deploy/* hooksDue */.R)(base.settings, log);
    const run = await (0,deploy/* deployFromStore */.B)(settings, log, { hookDue: hooks.due });
    report.deploys = run.deploys;
    report.errors = [...hooks.errors, ...run.errors];
    report.warnings = [...base.warnings, ...hooks.warnings, ...run.warnings];
    if (!settings.dryRun)
        report.warnings.push(...(await recordRun(settings, base, report, log)));
    for (const w of report.warnings)
        log.warn(w);
    return (0,finish/* finishRun */.J)(settings, report, log);
}
const deployHandler = (settings, log) => deployCommand(settings, log);


/***/ }),

/***/ 46125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   il: () => (/* binding */ HISTORY_MAX),
/* harmony export */   lj: () => (/* binding */ trimHistory)
/* harmony export */ });
/* unused harmony export HISTORY_KEEP_MS */
const DAY = 86_400_000;
/** Records older than this are dropped: the longest window of any policy is 7 days. */
const HISTORY_KEEP_MS = 8 * DAY;
/**
 * And at most this many, the newest. Sealing keeps the same number, so the count of the guard
 * (5 duplicates a week, 5 failures an hour) never runs short of records.
 */
const HISTORY_MAX = 20;
/** Keeps what the guard needs, oldest first: the last 8 days, at most 20 records. */
function trimHistory(history, now) {
    const nowMs = now.getTime();
    return history
        .filter((r) => {
        const t = Date.parse(r.at);
        return !Number.isNaN(t) && nowMs - t < HISTORY_KEEP_MS;
    })
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        .slice(-HISTORY_MAX);
}


/***/ }),

/***/ 39717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ openBundle),
/* harmony export */   r: () => (/* binding */ BundleError)
/* harmony export */ });
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(81539);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32656);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(36233);
/* harmony import */ var _seal_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(63652);
/**
 * Opening a bundle: the only place a stored private key is decrypted. Each way a bundle can be
 * wrong has its own error naming the bundle and what differs, because "decryption failed" tells an
 * operator nothing about whether to restore a file, fix a secret or re-issue.
 */





/** A bundle that cannot be opened; `problem` says which check failed, for callers that branch on it. */
class BundleError extends Error {
    bundle;
    problem;
    constructor(bundle, problem, message) {
        super(message);
        this.name = 'BundleError';
        this.bundle = bundle;
        this.problem = problem;
    }
}
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const BINARY_MAGIC = 'age-encryption.org/v1\n';
/**
 * Reads `<storeDir>/<name>`, checks privkey.pem.age against the manifest's SHA-256, decrypts it
 * with `identity` (AGE-SECRET-KEY-1...), and checks that the key belongs to the certificate.
 * Accepts armored and binary age files, so a key re-encrypted by hand with the `age` CLI opens too
 * (once the manifest's privateKeySha256 is updated to match).
 */
async function openBundle(storeDir, name, identity) {
    const stored = await (0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .readStoredCertificate */ .ZK)(storeDir, name);
    if (stored.state === 'missing') {
        throw new BundleError(name, 'missing', `bundle ${name}: nothing stored under ${(0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .bundlePaths */ .hX)(storeDir, name).dir}`);
    }
    if (stored.state === 'unreadable') {
        throw new BundleError(name, 'unreadable', `bundle ${name}: ${stored.error}`);
    }
    const { manifest, fullchainPem } = stored;
    const keyPath = (0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .bundlePaths */ .hX)(storeDir, name).key;
    let encrypted;
    try {
        encrypted = await (0,_read_js__WEBPACK_IMPORTED_MODULE_3__/* .readBundleFile */ .zi)(keyPath);
    }
    catch (error) {
        throw new BundleError(name, 'unreadable', `bundle ${name}: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`);
    }
    if (!encrypted)
        throw new BundleError(name, 'missing', `bundle ${name}: ${keyPath} is missing`);
    const actualSha = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256Hex */ .fg)(encrypted);
    if (actualSha !== manifest.privateKeySha256) {
        const truncation = truncationOf(encrypted);
        if (truncation) {
            throw new BundleError(name, 'truncated', `bundle ${name}: ${keyPath} is truncated (${truncation}, ${encrypted.length} bytes); restore it from git history`);
        }
        throw new BundleError(name, 'tampered', `bundle ${name}: ${keyPath} is not the file that was sealed: its SHA-256 is ${actualSha}, ${_read_js__WEBPACK_IMPORTED_MODULE_3__/* .BUNDLE_FILES */ .HJ.manifest} says ${manifest.privateKeySha256}. Restore it from git history, or if you re-encrypted it on purpose, put the new SHA-256 in the manifest`);
    }
    const decrypter = new age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .Decrypter */ .Hz();
    try {
        decrypter.addIdentity(identity.trim());
    }
    catch {
        // The library's message could echo the identity; say what is wrong without it.
        throw new BundleError(name, 'bad-identity', `bundle ${name}: the age identity is not valid (expected one line starting with AGE-SECRET-KEY-1)`);
    }
    let privateKeyPem;
    try {
        privateKeyPem = await decrypter.decrypt(ciphertextOf(encrypted), 'text');
    }
    catch (error) {
        const message = (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error);
        if (/no identity matched/i.test(message)) {
            throw new BundleError(name, 'wrong-identity', `bundle ${name}: the age identity does not open ${keyPath}; it was encrypted to ${manifest.recipients.join(', ')}. Use the identity of one of those recipients`);
        }
        const truncation = truncationOf(encrypted);
        throw new BundleError(name, truncation ? 'truncated' : 'tampered', `bundle ${name}: ${keyPath} cannot be decrypted (${truncation ?? message}); restore it from git history`);
    }
    let keySha;
    try {
        keySha = (0,_seal_js__WEBPACK_IMPORTED_MODULE_4__/* .publicKeySha256OfPrivateKey */ .jc)(privateKeyPem, `bundle ${name}`);
    }
    catch (error) {
        throw new BundleError(name, 'mismatched-key', (0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error));
    }
    // Compared with the certificate itself, never the manifest: anyone can write a manifest that
    // names the key they sealed.
    let leafKeySha;
    try {
        leafKeySha = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_2__/* .leafFacts */ .kt)(fullchainPem).publicKeySha256;
    }
    catch (error) {
        throw new BundleError(name, 'unreadable', `bundle ${name}: fullchain.pem: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`);
    }
    if (keySha !== leafKeySha) {
        throw new BundleError(name, 'mismatched-key', `bundle ${name}: key: the decrypted private key does not belong to the certificate: the key's public-key SHA-256 is ${keySha}, the certificate's is ${leafKeySha}`);
    }
    return { manifest, fullchainPem, privateKeyPem };
}
/** The raw age file, from armored or binary form. Armor errors surface as decryption errors. */
function ciphertextOf(file) {
    const text = file.toString('latin1');
    if (text.trimStart().startsWith(ARMOR_BEGIN))
        return age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .armor.decode */ .yE.decode(text);
    return new Uint8Array(file);
}
/** Why a file looks cut short, or undefined when its framing is complete. */
function truncationOf(file) {
    if (file.length === 0)
        return 'the file is empty';
    const text = file.toString('latin1');
    if (text.trimStart().startsWith(ARMOR_BEGIN)) {
        if (!text.includes(ARMOR_END))
            return `no "${ARMOR_END}" line`;
        try {
            age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .armor.decode */ .yE.decode(text);
        }
        catch (error) {
            return `the armor does not decode: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`;
        }
        return undefined;
    }
    if (BINARY_MAGIC.startsWith(text.slice(0, BINARY_MAGIC.length)) && file.length <= BINARY_MAGIC.length) {
        return 'it ends inside the age header';
    }
    if (text.startsWith(BINARY_MAGIC) && !text.includes('\n---'))
        return 'it ends inside the age header';
    return undefined;
}


/***/ }),

/***/ 63652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T1: () => (/* binding */ encryptKey),
/* harmony export */   YA: () => (/* binding */ normalizePem),
/* harmony export */   jc: () => (/* binding */ publicKeySha256OfPrivateKey),
/* harmony export */   u2: () => (/* binding */ sealBundle)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81539);
/* harmony import */ var _acme_ari_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(46484);
/* harmony import */ var _guard_history_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(46125);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(70017);
/* harmony import */ var _util_x509_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(32656);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(77544);
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(36233);
/* harmony import */ var _tlsa_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(79389);
/**
 * Sealing: turns a certificate fresh from the CA into the three files of a bundle. The private key
 * is encrypted with age to every recipient before anything leaves memory; the manifest binds that
 * ciphertext (by its SHA-256) and the key (by its public-key SHA-256) to the certificate.
 */









/**
 * Encrypts the key to `recipients` (armored, so the diff and the stock `age -d` both work) and
 * builds the manifest. `previous` is the manifest being replaced: its history is carried forward
 * (with this issuance appended) and its back-off is cleared, because this attempt succeeded.
 */
async function sealBundle(issued, recipients, previous) {
    if (recipients.length === 0) {
        throw new Error(`cannot seal ${issued.name}: store.recipients is empty, nobody could decrypt the key`);
    }
    const fullchainPem = normalizePem(issued.fullchainPem);
    const facts = (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .leafFacts */ .kt)(fullchainPem);
    const keyPublicSha = publicKeySha256OfPrivateKey(issued.privateKeyPem, issued.name);
    if (keyPublicSha !== facts.publicKeySha256) {
        // Storing this would give a bundle that can never be deployed; better to fail the issuance now.
        throw new Error(`cannot seal ${issued.name}: the private key does not belong to the certificate (key's public-key SHA-256 ${keyPublicSha}, certificate's ${facts.publicKeySha256})`);
    }
    const encryptedKey = await encryptKey(issued.name, issued.privateKeyPem, recipients);
    const next = await sealNextKey(issued, recipients);
    const record = {
        at: issued.issuedAt,
        result: 'issued',
        serial: facts.serial,
        domains: [...issued.domains],
        ...(issued.ariReplacement !== undefined ? { ariReplacement: issued.ariReplacement } : {}),
    };
    const history = [...(previous?.history ?? []), record].slice(-_guard_history_js__WEBPACK_IMPORTED_MODULE_3__/* .HISTORY_MAX */ .il);
    const replaces = issued.replaces ?? previous?.serial;
    const manifest = {
        version: 1,
        name: issued.name,
        domains: [...issued.domains],
        keyType: issued.keyType,
        ...(issued.profile ? { profile: issued.profile } : {}),
        serial: facts.serial,
        notBefore: facts.notBefore.toISOString(),
        notAfter: facts.notAfter.toISOString(),
        issuer: facts.issuer,
        ...(issued.acmeDirectory ? { acmeDirectory: issued.acmeDirectory } : {}),
        certificateSha256: facts.sha256,
        publicKeySha256: facts.publicKeySha256,
        ...(facts.authorityKeyId
            ? { ariCertId: (0,_acme_ari_js__WEBPACK_IMPORTED_MODULE_2__/* .ariCertificateIdFromParts */ .hI)(facts.authorityKeyId, facts.serial) }
            : {}),
        ...(issued.ari ? { ari: issued.ari } : {}),
        issuedAt: issued.issuedAt,
        // A serial never "replaces" itself (re-sealing the same certificate, e.g. new recipients).
        ...(replaces && replaces !== facts.serial ? { replaces } : {}),
        recipients: [...recipients],
        privateKeySha256: (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Hex */ .fg)(encryptedKey),
        history,
        ...(next
            ? {
                dane: {
                    nextPublicKeySha256: next.publicKeySha256,
                    nextKeySha256: (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Hex */ .fg)(next.encrypted),
                    tlsa: { current: (0,_tlsa_js__WEBPACK_IMPORTED_MODULE_8__/* .tlsa311 */ .c)(facts.publicKeySha256), next: (0,_tlsa_js__WEBPACK_IMPORTED_MODULE_8__/* .tlsa311 */ .c)(next.publicKeySha256) },
                },
            }
            : {}),
        // Revocations stay on record across renewals: they are about serials, not the current one.
        ...(previous?.revocations?.length ? { revocations: [...previous.revocations] } : {}),
    };
    return {
        name: issued.name,
        manifest,
        files: {
            [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.manifest]: (0,_manifest_js__WEBPACK_IMPORTED_MODULE_6__/* .serializeManifest */ .MZ)(manifest),
            [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.fullchain]: fullchainPem,
            [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.key]: encryptedKey,
            ...(next ? { [_read_js__WEBPACK_IMPORTED_MODULE_7__/* .BUNDLE_FILES */ .HJ.nextKey]: next.encrypted } : {}),
        },
    };
}
/** A DANE TLSA record's data for a key: usage 3 (DANE-EE), selector 1 (SPKI), matching type 1 (SHA-256). */

/** The key encrypted to every recipient, armored (so the diff and the stock `age -d` both work). */
async function encryptKey(name, privateKeyPem, recipients) {
    if (recipients.length === 0) {
        throw new Error(`cannot seal ${name}: no recipients, nobody could decrypt the key`);
    }
    const encrypter = new age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .Encrypter */ .T7();
    for (const recipient of recipients) {
        try {
            encrypter.addRecipient(recipient);
        }
        catch (error) {
            throw new Error(`cannot seal ${name}: recipient "${recipient}" is not a valid age recipient (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)})`);
        }
    }
    return age_encryption__WEBPACK_IMPORTED_MODULE_1__/* .armor.encode */ .yE.encode(await encrypter.encrypt(privateKeyPem));
}
/** The next key's sealed file and public-key SHA-256: a fresh key is encrypted, a sealed one kept as it is. */
async function sealNextKey(issued, recipients) {
    const next = issued.next;
    if (!next)
        return undefined;
    if ('encrypted' in next)
        return next;
    return {
        encrypted: await encryptKey(issued.name, next.privateKeyPem, recipients),
        publicKeySha256: publicKeySha256OfPrivateKey(next.privateKeyPem, `${issued.name} next key`),
    };
}
/** SHA-256 of the SubjectPublicKeyInfo derived from a private key PEM; the error never quotes the key. */
function publicKeySha256OfPrivateKey(privateKeyPem, name) {
    let spki;
    try {
        spki = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(privateKeyPem)).export({ type: 'spki', format: 'der' });
    }
    catch (error) {
        throw new Error(`${name}: the private key is not a readable PEM key (${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .g)(error)})`);
    }
    return (0,_util_x509_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Hex */ .fg)(spki);
}
/** LF line endings, one final newline: the same chain always gives the same bytes. */
function normalizePem(pem) {
    return `${pem.replace(/\r\n?/g, '\n').trim()}\n`;
}


/***/ }),

/***/ 79389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ tlsa311)
/* harmony export */ });
/**
 * The TLSA record data of a key (RFC 6698: usage 3 DANE-EE, selector 1 SPKI, matching 1 SHA-256).
 * Its own module so that verify, which only reads manifests, never loads the age library.
 */
function tlsa311(publicKeySha256) {
    return `3 1 1 ${publicKeySha256}`;
}


/***/ }),

/***/ 57954:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ verifyStoredBundle),
/* harmony export */   k: () => (/* binding */ describeFindings)
/* harmony export */ });
/* harmony import */ var _read_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36233);
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37008);


/**
 * Verifies `<storeDir>/<name>` against the config (its domains) and the trust anchors. Every use
 * checks the chain, names and manifest; all but decrypt (break-glass access to an old key) also
 * refuse an expired leaf.
 */
async function verifyStoredBundle(settings, dir, name, trust, use, now = new Date()) {
    const stored = await (0,_read_js__WEBPACK_IMPORTED_MODULE_0__/* .readStoredCertificate */ .ZK)(dir, name);
    if (stored.state !== 'present') {
        const actual = stored.state === 'missing' ? `nothing stored under ${dir}/${name}` : stored.error;
        return {
            name,
            ok: false,
            findings: [
                {
                    bundle: name,
                    field: 'bundle',
                    expected: 'a readable bundle',
                    actual,
                    message: `bundle ${name}: ${actual}`,
                },
            ],
        };
    }
    const verdict = (0,_verify_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyBundle */ .I)(name, stored.manifest, stored.fullchainPem, {
        domains: settings.config.certificates[name]?.domains,
        trust,
        now,
        requireUnexpired: use !== 'decrypt',
    });
    if (!settings.config.certificates[name]) {
        verdict.findings.push({
            bundle: name,
            field: 'names',
            expected: `a certificate named ${name} under certificates: in the config`,
            actual: 'none',
            message: `bundle ${name}: no certificate ${name} is configured, so its names cannot be checked`,
        });
        verdict.ok = false;
    }
    return { ...verdict, manifest: stored.manifest, fullchainPem: stored.fullchainPem };
}
/** The findings as one line, for errors and log lines. */
function describeFindings(verdict) {
    return verdict.findings.map((f) => f.message).join('; ');
}


/***/ }),

/***/ 75255:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K2: () => (/* binding */ sequence),
/* harmony export */   Pv: () => (/* binding */ nullValue),
/* harmony export */   gH: () => (/* binding */ utf16be),
/* harmony export */   hZ: () => (/* binding */ set),
/* harmony export */   jq: () => (/* binding */ oid),
/* harmony export */   nb: () => (/* binding */ bmpString),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   pc: () => (/* binding */ explicit),
/* harmony export */   t: () => (/* binding */ tlv),
/* harmony export */   tu: () => (/* binding */ octets)
/* harmony export */ });
/**
 * The few DER encodings a PKCS#12 file needs (ITU-T X.690). Encode only, a handful of lines; the
 * one thing certflow reads as DER itself, a stored leaf certificate, goes through the strict
 * reader in der-read.ts, and everything else is left to Node's crypto and to openssl.
 */
function lengthBytes(length) {
    if (length < 0x80)
        return Buffer.from([length]);
    const bytes = [];
    for (let n = length; n > 0; n = Math.floor(n / 256))
        bytes.unshift(n & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag, content) {
    return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}
const sequence = (...items) => tlv(0x30, Buffer.concat(items));
/** SET OF: DER sorts the encoded members. */
const set = (...items) => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
const octets = (data) => tlv(0x04, data);
const nullValue = () => Buffer.from([0x05, 0x00]);
/** [n] EXPLICIT, constructed. */
const explicit = (n, content) => tlv(0xa0 | n, content);
function integer(value) {
    if (!Number.isSafeInteger(value) || value < 0)
        throw new Error(`DER integer out of range: ${value}`);
    const bytes = [];
    for (let n = value; n > 0; n = Math.floor(n / 256))
        bytes.unshift(n & 0xff);
    if (bytes.length === 0 || bytes[0] & 0x80)
        bytes.unshift(0);
    return tlv(0x02, Buffer.from(bytes));
}
function oid(dotted) {
    const parts = dotted.split('.').map(Number);
    const [a, b, ...rest] = parts;
    if (a === undefined || b === undefined)
        throw new Error(`bad OID ${dotted}`);
    const out = [a * 40 + b];
    for (const part of rest) {
        const group = [part & 0x7f];
        for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128))
            group.unshift(0x80 | (n & 0x7f));
        out.push(...group);
    }
    return tlv(0x06, Buffer.from(out));
}
/** UTF-16 big-endian, the character encoding of BMPString and of PKCS#12 passwords. */
function utf16be(text) {
    const bytes = Buffer.from(text, 'utf16le');
    for (let i = 0; i + 1 < bytes.length; i += 2) {
        const low = bytes[i];
        bytes[i] = bytes[i + 1];
        bytes[i + 1] = low;
    }
    return bytes;
}
/** BMPString, what PKCS#12 friendly names are. */
const bmpString = (text) => tlv(0x1e, utf16be(text));


/***/ }),

/***/ 13968:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ runGit)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/** Plain git in a local repository, for the stages that use it (publish: git, changed bundles). */

/** Runs git in `cwd`; never rejects on a non-zero exit (check `code`). */
function runGit(cwd, args, input) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', args, 
        // No prompts: a push that needs credentials must fail, not hang a scheduled job.
        { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        });
        // git that exits before reading its input closes the pipe: its exit code says what happened.
        child.stdin?.on('error', () => { });
        child.stdin?.end(input ?? '');
    });
}


/***/ })

};
;