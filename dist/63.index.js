"use strict";
exports.id = 63;
exports.ids = [63];
exports.modules = {

/***/ 91314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Fw: () => (/* binding */ PREV_PREFIX),
  av: () => (/* binding */ STAGE_PREFIX),
  jP: () => (/* binding */ planFiles),
  Ue: () => (/* binding */ siblingName),
  fu: () => (/* binding */ targetDir),
  a6: () => (/* binding */ verifyServername)
});

// UNUSED EXPORTS: parseMode

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/util/der.ts
var util_der = __webpack_require__(75255);
;// CONCATENATED MODULE: ./src/deploy/pkcs12.ts
/**
 * PKCS#12 (RFC 7292) for Windows and Java consumers: the private key in a PBES2 shrouded key bag
 * (PBKDF2-HMAC-SHA256, AES-256-CBC), the leaf and intermediates in clear certificate bags (they are
 * public), and a SHA-256 integrity MAC. These are the algorithms OpenSSL 3 writes by default and
 * that Windows (since Server 2019) and Java (since 8u301) read.
 *
 * Deterministic on purpose: salts and IV are derived from the private key and the certificate, not
 * drawn at random, so the same bundle always gives the same bytes and the deploy's drift check
 * (byte comparison with what the host holds) does not redeploy on every run. Encrypting the same
 * plaintext under the same key to the same ciphertext shows only that nothing changed, which the
 * certificate bags say anyway. The derivation is keyed with the private key, so the salts reveal
 * nothing of it or of the password.
 */


const OID = {
    data: '1.2.840.113549.1.7.1',
    shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
    certBag: '1.2.840.113549.1.12.10.1.3',
    x509Certificate: '1.2.840.113549.1.9.22.1',
    friendlyName: '1.2.840.113549.1.9.20',
    localKeyId: '1.2.840.113549.1.9.21',
    pbes2: '1.2.840.113549.1.5.13',
    pbkdf2: '1.2.840.113549.1.5.12',
    hmacWithSha256: '1.2.840.113549.2.9',
    aes256Cbc: '2.16.840.1.101.3.4.1.42',
    sha256: '2.16.840.1.101.3.4.2.1',
};
/** PBKDF2 and MAC iterations. OpenSSL's default is 2048; more costs a guesser more. */
const PKCS12_ITERATIONS = 10000;
function buildPkcs12(input) {
    if (input.password.length === 0)
        throw new Error('PKCS#12 password is empty');
    const leaf = input.certificatesDer[0];
    if (!leaf)
        throw new Error('PKCS#12 needs at least the leaf certificate');
    const keyDer = (0,external_node_crypto_.createPrivateKey)(input.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    const derive = (label, length) => (0,external_node_crypto_.createHmac)('sha256', (0,external_node_crypto_.createHash)('sha256').update(keyDer).digest())
        .update(`certflow pkcs12 ${label}\0`)
        .update(leaf)
        .digest()
        .subarray(0, length);
    // Ties the key to its certificate, as every PKCS#12 writer does (Windows pairs them by it).
    const localKeyId = (0,external_node_crypto_.createHash)('sha1').update(leaf).digest();
    const keyAttributes = (0,util_der/* set */.hZ)(attribute(OID.friendlyName, (0,util_der/* bmpString */.nb)(input.friendlyName)), attribute(OID.localKeyId, (0,util_der/* octets */.tu)(localKeyId)));
    const keyBag = (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.shroudedKeyBag), (0,util_der/* explicit */.pc)(0, encryptPrivateKey(keyDer, input.password, derive('key-salt', 16), derive('key-iv', 16))), keyAttributes);
    const certBags = input.certificatesDer.map((der, i) => (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.certBag), (0,util_der/* explicit */.pc)(0, (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.x509Certificate), (0,util_der/* explicit */.pc)(0, (0,util_der/* octets */.tu)(der)))), ...(i === 0 ? [keyAttributes] : [])));
    const authSafe = (0,util_der/* sequence */.K2)(dataContent((0,util_der/* sequence */.K2)(...certBags)), dataContent((0,util_der/* sequence */.K2)(keyBag)));
    const macSalt = derive('mac-salt', 16);
    const macKey = pkcs12Kdf(input.password, macSalt, 3, PKCS12_ITERATIONS, 32);
    const mac = (0,external_node_crypto_.createHmac)('sha256', macKey).update(authSafe).digest();
    return (0,util_der/* sequence */.K2)((0,util_der/* integer */.nd)(3), (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.data), (0,util_der/* explicit */.pc)(0, (0,util_der/* octets */.tu)(authSafe))), (0,util_der/* sequence */.K2)((0,util_der/* sequence */.K2)((0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.sha256), (0,util_der/* nullValue */.Pv)()), (0,util_der/* octets */.tu)(mac)), (0,util_der/* octets */.tu)(macSalt), (0,util_der/* integer */.nd)(PKCS12_ITERATIONS)));
}
function attribute(id, value) {
    return (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(id), (0,util_der/* set */.hZ)(value));
}
function dataContent(content) {
    return (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.data), (0,util_der/* explicit */.pc)(0, (0,util_der/* octets */.tu)(content)));
}
/** EncryptedPrivateKeyInfo with PBES2 (RFC 8018). PBKDF2 takes the password as UTF-8, like OpenSSL. */
function encryptPrivateKey(keyDer, password, salt, iv) {
    const key = (0,external_node_crypto_.pbkdf2Sync)(Buffer.from(password, 'utf8'), salt, PKCS12_ITERATIONS, 32, 'sha256');
    const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(keyDer), cipher.final()]);
    const params = (0,util_der/* sequence */.K2)((0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.pbkdf2), (0,util_der/* sequence */.K2)((0,util_der/* octets */.tu)(salt), (0,util_der/* integer */.nd)(PKCS12_ITERATIONS), (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.hmacWithSha256), (0,util_der/* nullValue */.Pv)()))), (0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.aes256Cbc), (0,util_der/* octets */.tu)(iv)));
    return (0,util_der/* sequence */.K2)((0,util_der/* sequence */.K2)((0,util_der/* oid */.jq)(OID.pbes2), params), (0,util_der/* octets */.tu)(encrypted));
}
/**
 * The PKCS#12 key derivation (RFC 7292 appendix B.2) with SHA-256, which the MAC still uses: the
 * password as a NUL-terminated BMPString, salt and password each stretched to whole 64-byte blocks.
 */
function pkcs12Kdf(password, salt, id, iterations, length) {
    const u = 32;
    const v = 64;
    const raw = Buffer.concat([(0,util_der/* utf16be */.gH)(password), Buffer.alloc(2)]);
    const fill = (data) => {
        const size = v * Math.ceil(data.length / v);
        const out = Buffer.alloc(size);
        for (let i = 0; i < size; i++)
            out[i] = data[i % data.length];
        return out;
    };
    const d = Buffer.alloc(v, id);
    const i = Buffer.concat([fill(salt), fill(raw)]);
    const blocks = [];
    for (let produced = 0; produced < length; produced += u) {
        let a = (0,external_node_crypto_.createHash)('sha256').update(d).update(i).digest();
        for (let r = 1; r < iterations; r++)
            a = (0,external_node_crypto_.createHash)('sha256').update(a).digest();
        blocks.push(a);
        const b = fill(a);
        for (let j = 0; j < i.length; j += v) {
            // I_j = (I_j + B + 1) mod 2^(8v), big-endian.
            let carry = 1;
            for (let k = v - 1; k >= 0; k--) {
                const sum = i[j + k] + b[k] + carry;
                i[j + k] = sum & 0xff;
                carry = sum >> 8;
            }
        }
    }
    return Buffer.concat(blocks).subarray(0, length);
}

;// CONCATENATED MODULE: ./src/deploy/formats.ts
/**
 * The output formats besides PEM files, for servers that want something else: `combined` (key and
 * chain in one PEM file, HAProxy's way), `pfx` (PKCS#12 with a password, Windows and Java), `der`
 * (the leaf alone, DER) and `key-der` (the key as PKCS#8 DER). Anything holding the key gets
 * key-mode and is a secret; the others get cert-mode.
 */



const pemToDer = (pem) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
function withNewline(pem) {
    return pem.endsWith('\n') ? pem : `${pem}\n`;
}
function extraFormats(files, bundle, at) {
    const keyMode = Number.parseInt(files['key-mode'], 8);
    const certMode = Number.parseInt(files['cert-mode'], 8);
    const chainDer = () => (0,x509/* splitPemChain */.mU)(bundle.fullchainPem).map(pemToDer);
    const out = [];
    if (files.combined) {
        out.push({
            role: 'combined',
            path: at(files.combined),
            // Chain first, then the key: HAProxy reads either order, and this is the order its docs show.
            content: Buffer.from(withNewline(bundle.fullchainPem) + withNewline(bundle.privateKeyPem)),
            mode: keyMode,
            secret: true,
        });
    }
    if (files.pfx) {
        const password = files['pfx-password'];
        // The schema refuses pfx without a password; this guards a caller that built the config itself.
        if (!password)
            throw new Error(`files.pfx of ${bundle.name} needs files.pfx-password`);
        out.push({
            role: 'pfx',
            path: at(files.pfx),
            content: buildPkcs12({
                privateKeyPem: bundle.privateKeyPem,
                certificatesDer: chainDer(),
                password,
                friendlyName: bundle.name,
            }),
            mode: keyMode,
            secret: true,
        });
    }
    if (files.der) {
        const leaf = chainDer()[0];
        if (!leaf)
            throw new Error(`the chain of ${bundle.name} holds no certificate`);
        out.push({ role: 'der', path: at(files.der), content: leaf, mode: certMode, secret: false });
    }
    if (files['key-der']) {
        out.push({
            role: 'key-der',
            path: at(files['key-der']),
            content: (0,external_node_crypto_.createPrivateKey)(bundle.privateKeyPem).export({ type: 'pkcs8', format: 'der' }),
            mode: keyMode,
            secret: true,
        });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/deploy/files.ts
/**
 * Which files a certificate becomes on a host, with their content and mode. Pure: the per-host flow
 * and the tests share it, so what is checked for drift is exactly what is written.
 */



/** Prefixes of the temp names the deploy leaves next to live files (swept on every run). */
const STAGE_PREFIX = '.certflow-stage-';
const PREV_PREFIX = '.certflow-prev-';
function parseMode(mode) {
    return Number.parseInt(mode, 8);
}
function targetDir(files, certificate) {
    return files.dir.split('{certificate}').join(certificate);
}
function files_withNewline(pem) {
    return pem.endsWith('\n') ? pem : `${pem}\n`;
}
function planFiles(files, bundle) {
    const dir = targetDir(files, bundle.name);
    // The schema refuses a relative files.dir; posix.resolve would otherwise use our own cwd.
    if (!external_node_path_.posix.isAbsolute(dir))
        throw new Error(`files.dir '${dir}' is not an absolute path on the host`);
    const at = (name) => external_node_path_.posix.resolve(dir, name);
    const certMode = parseMode(files['cert-mode']);
    const chain = (0,x509/* splitPemChain */.mU)(bundle.fullchainPem);
    const planned = [
        {
            role: 'fullchain',
            path: at(files.fullchain),
            content: Buffer.from(files_withNewline(bundle.fullchainPem)),
            mode: certMode,
            secret: false,
        },
        {
            role: 'key',
            path: at(files.key),
            content: Buffer.from(files_withNewline(bundle.privateKeyPem)),
            mode: parseMode(files['key-mode']),
            secret: true,
        },
    ];
    if (files.cert) {
        planned.push({
            role: 'cert',
            path: at(files.cert),
            content: Buffer.from(chain[0] ?? ''),
            mode: certMode,
            secret: false,
        });
    }
    if (files.chain) {
        planned.push({
            role: 'chain',
            path: at(files.chain),
            content: Buffer.from(chain.slice(1).join('')),
            mode: certMode,
            secret: false,
        });
    }
    planned.push(...extraFormats(files, bundle, at));
    const paths = new Set(planned.map((f) => f.path));
    if (paths.size !== planned.length) {
        throw new Error(`files of ${bundle.name}: two roles point at the same path (${[...planned.map((f) => f.path)].join(', ')})`);
    }
    return planned;
}
/** Temp name next to `live`: same folder, so the final rename never crosses a filesystem. */
function siblingName(live, prefix, label) {
    return external_node_path_.posix.join(external_node_path_.posix.dirname(live), `${prefix}${label}-${external_node_path_.posix.basename(live)}`);
}
/**
 * SNI name to check a certificate with: configured, else its first name, with a wildcard's `*`
 * replaced by a label (any label matches a wildcard, and the server must pick the certificate).
 */
function verifyServername(configured, domains) {
    if (configured)
        return configured;
    const first = domains[0];
    return first?.startsWith('*.') ? `certflow-verify.${first.slice(2)}` : first;
}


/***/ }),

/***/ 66063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CQ: () => (/* binding */ againScript),
/* harmony export */   Ci: () => (/* binding */ steps),
/* harmony export */   Ey: () => (/* binding */ describeStep),
/* harmony export */   MR: () => (/* binding */ stepScript),
/* harmony export */   ZZ: () => (/* binding */ failedService),
/* harmony export */   vZ: () => (/* binding */ endpoints)
/* harmony export */ });
/* unused harmony export FAILED_MARK */
/* harmony import */ var _verify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14423);

/** The commands of one step across the services, in order (empty when none sets one). */
function steps(config, step) {
    if (!config.services) {
        const command = config[step];
        return command ? [{ name: 'server', command }] : [];
    }
    return config.services.flatMap((s) => (s[step] ? [{ name: s.name, command: s[step] }] : []));
}
/** Marker line a failing service's script prints to stderr, so the failure names the service. */
const FAILED_MARK = 'certflow: service failed: ';
/**
 * One shell script for a step. A single command stays as written (messages quote it); several run
 * one after the other, each in a subshell, and the first failure ends the script with its code.
 */
function stepScript(list) {
    if (list.length === 0)
        return undefined;
    if (list.length === 1)
        return list[0].command;
    return list
        .map((s) => `(\n${s.command}\n) </dev/null || { rc=$?; printf '%s\\n' '${FAILED_MARK}${s.name}' >&2; exit "$rc"; }`)
        .join('\n');
}
/**
 * The reload of a rollback: every service reloads, even after one fails, so that as many servers
 * as possible drop the new files; the script fails when any did.
 */
function againScript(list) {
    if (list.length <= 1)
        return list[0]?.command;
    return [
        'failed=0',
        ...list.map((s) => `(\n${s.command}\n) </dev/null || { failed=1; printf '%s\\n' '${FAILED_MARK}${s.name}' >&2; }`),
        'exit "$failed"',
    ].join('\n');
}
/** The service a failed step's stderr names, when several ran. */
function failedService(stderr) {
    const at = stderr.lastIndexOf(FAILED_MARK);
    if (at < 0)
        return undefined;
    return stderr.slice(at + FAILED_MARK.length).split('\n')[0];
}
/** How a step is shown in messages: the command itself, or the services' names. */
function describeStep(list) {
    if (list.length === 1)
        return `\`${list[0].command}\``;
    return `of ${list.map((s) => s.name).join(', ')}`;
}
/** Every TLS endpoint that must serve the certificate: the target's verify, then each service's. */
function endpoints(config, address, domains) {
    const list = [config.verify, ...(config.services ?? []).map((s) => s.verify)]
        .filter((v) => v?.enabled === true)
        .map((v) => (0,_verify_js__WEBPACK_IMPORTED_MODULE_0__/* .tlsEndpoint */ .rQ)(v, address, domains));
    // Two services checking the same port (a shared listener) need one check, not two.
    const seen = new Set();
    return list.filter((e) => {
        const key = `${e.address}|${e.port}|${e.starttls ?? ''}|${e.servername ?? ''}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}


/***/ }),

/***/ 14423:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  N2: () => (/* binding */ describeEndpoint),
  Ng: () => (/* binding */ describeWait),
  kT: () => (/* binding */ servedNow),
  JB: () => (/* binding */ servedSha256),
  rQ: () => (/* binding */ tlsEndpoint),
  K5: () => (/* binding */ waitForCertificate)
});

// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(70017);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(41692);
// EXTERNAL MODULE: ./src/util/starttls.ts
var starttls = __webpack_require__(71711);
// EXTERNAL MODULE: ./src/util/x509.ts + 2 modules
var x509 = __webpack_require__(32656);
;// CONCATENATED MODULE: ./src/util/tls.ts
/**
 * Asks a TLS server which certificate it serves for a name (SNI). Trust is not checked here on
 * purpose (`rejectUnauthorized: false`): callers compare the SHA-256 of what is served with what
 * they deployed, and `check` verifies the presented chain against certflow's own trust anchors
 * (store/trust.ts), which may hold a private CA the system does not know.
 */





/** The certificates the peer sent after its leaf, walking issuerCertificate until it repeats. */
function presentedChain(socket) {
    const out = [];
    const seen = new Set();
    let cert = socket.getPeerCertificate(true);
    if (cert?.fingerprint256)
        seen.add(cert.fingerprint256);
    cert = cert?.issuerCertificate;
    while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        out.push(new external_node_crypto_.X509Certificate(cert.raw).toString());
        cert = cert.issuerCertificate;
    }
    return out;
}
/**
 * Client context shared by every probe: building one per connection was a third of a probe's CPU.
 * It holds no trust (nothing is verified here) and no session: node's client contexts keep no
 * session cache of their own, and no probe passes `session`, so every handshake is a full one and
 * shows the certificate the server holds now.
 */
let probeContext;
/**
 * Runs one TLS handshake (after the STARTTLS preamble, when set) and hands the connected socket to
 * `read`, which takes what it needs before the socket is closed.
 */
function handshake(probe, read) {
    const where = `${probe.host}:${probe.port}${probe.starttls ? ` (STARTTLS ${probe.starttls})` : ''}${probe.servername ? ` (SNI ${probe.servername})` : ''}`;
    return new Promise((resolve, reject) => {
        const servername = probe.servername && (0,external_node_net_.isIP)(probe.servername) === 0 ? probe.servername : undefined;
        let plain;
        let socket;
        const fail = (error) => {
            clearTimeout(timer);
            socket?.destroy();
            plain?.destroy();
            reject(new Error(`TLS check of ${where}: ${error.message}`));
        };
        const timer = setTimeout(() => fail(new Error(`no handshake within ${probe.timeoutMs} ms`)), probe.timeoutMs);
        const start = (over) => {
            probeContext ??= (0,external_node_tls_.createSecureContext)({});
            socket = (0,external_node_tls_.connect)({
                ...(over ? { socket: over } : { host: probe.host, port: probe.port }),
                servername,
                rejectUnauthorized: false,
                secureContext: probeContext,
                // A fresh handshake every time: a resumed session could show a certificate from before a reload.
                session: undefined,
            });
            const tls = socket;
            tls.once('secureConnect', () => {
                clearTimeout(timer);
                try {
                    resolve(read(tls, where));
                }
                catch (error) {
                    reject(error);
                }
                finally {
                    tls.destroy();
                    plain?.destroy();
                }
            });
            // on, not once: a peer can make a socket emit a second error (an alert, then a reset), and
            // an error with no listener would crash the run mid-deploy. fail is safe to call twice.
            tls.on('error', fail);
        };
        const protocol = probe.starttls;
        if (!protocol) {
            start();
            return;
        }
        const raw = (0,external_node_net_.connect)({ host: probe.host, port: probe.port });
        plain = raw;
        raw.on('error', fail);
        raw.once('connect', () => {
            (0,starttls/* startTls */.w1)(raw, protocol).then(() => start(raw), fail);
        });
    });
}
function presentedLeaf(tls, where) {
    const cert = tls.getPeerX509Certificate();
    if (!cert)
        throw new Error(`TLS check of ${where}: the server presented no certificate`);
    return cert;
}
/** The served leaf with its facts and the rest of the presented chain (`certflow check`). */
function fetchServedCertificate(probe) {
    return handshake(probe, (tls, where) => {
        const cert = presentedLeaf(tls, where);
        return { pem: cert.toString(), facts: (0,x509/* certificateFacts */.lF)(cert.raw), chainPems: presentedChain(tls) };
    });
}
/**
 * SHA-256 (hex) of the served leaf's DER, and nothing else: what deploy's check and TLS proof
 * compare, as certificateFacts().sha256 would give, without parsing the certificate (a deploy
 * polls every host several times a second while it waits for the new certificate).
 */
function fetchServedSha256(probe) {
    return handshake(probe, (tls, where) => (0,x509/* sha256Hex */.fg)(presentedLeaf(tls, where).raw));
}

// EXTERNAL MODULE: ./src/deploy/files.ts + 2 modules
var files = __webpack_require__(91314);
;// CONCATENATED MODULE: ./src/deploy/verify.ts



function tlsEndpoint(verify, sshHost, domains) {
    return {
        address: verify.address ?? sshHost,
        port: verify.port,
        servername: (0,files/* verifyServername */.a6)(verify.servername, domains),
        starttls: verify.starttls,
    };
}
function describeEndpoint(e) {
    return `${e.address}:${e.port}${e.starttls ? ` (STARTTLS ${e.starttls})` : ''}${e.servername ? ` (SNI ${e.servername})` : ''}`;
}
/** What is served now, or the reason nothing could be read (refused, no handshake). */
async function servedNow(e, timeoutMs) {
    try {
        return { served: await fetchServedCertificate(probeOf(e, timeoutMs)) };
    }
    catch (error) {
        return { error: (0,errors/* errorMessage */.g)(error) };
    }
}
/** Like servedNow, but only the SHA-256 of the served leaf: all a deploy compares. */
async function servedSha256(e, timeoutMs) {
    try {
        return { sha256: await fetchServedSha256(probeOf(e, timeoutMs)) };
    }
    catch (error) {
        return { error: (0,errors/* errorMessage */.g)(error) };
    }
}
function probeOf(e, timeoutMs) {
    return { host: e.address, port: e.port, servername: e.servername, starttls: e.starttls, timeoutMs };
}
/**
 * Right after a reload, old and new nginx workers both accept for a moment (the master starts the
 * new ones, waits 100 ms, then tells the old ones to quit and close their listening sockets), so
 * one good answer can be followed by an old one. Success is this many good answers in a row,
 * spanning at least STABLE_MS, asked at most STREAK_GAP_MS apart.
 */
const IN_A_ROW = 3;
const STABLE_MS = 150;
const STREAK_GAP_MS = 50;
/**
 * Gap between probes while the old certificate (or nothing) is still served: a quarter of the
 * time waited so far, between 10 and 50 ms. On a quiet host the switch shows within a few tens of
 * ms and is seen soon after; on a busy one (many hosts reloading at once) it takes longer, and
 * the probes thin out instead of adding handshakes to the load. The proof itself (the streak)
 * is unchanged.
 */
function seekGap(waitedMs) {
    return Math.min(STREAK_GAP_MS, Math.max(10, Math.round(waitedMs / 4)));
}
/** Polls until the endpoint steadily serves the certificate with `sha256`, or `windowMs` has passed. */
async function waitForCertificate(e, sha256, windowMs) {
    const start = Date.now();
    const deadline = start + windowMs;
    let attempts = 0;
    let streak = 0;
    let streakStart = 0;
    for (;;) {
        attempts++;
        const now = await servedSha256(e, Math.max(500, Math.min(3000, deadline - Date.now())));
        const seen = now.sha256;
        if (seen === sha256) {
            if (streak++ === 0)
                streakStart = Date.now();
        }
        else {
            streak = 0;
        }
        const steady = streak >= IN_A_ROW && Date.now() - streakStart >= STABLE_MS;
        // In a streak: 50 ms apart, but no later than the moment the streak spans STABLE_MS, so the
        // probe that can complete the proof is not pushed past it by the probes' own durations.
        const gap = streak > 0
            ? Math.min(STREAK_GAP_MS, Math.max(0, streakStart + STABLE_MS - Date.now()))
            : seekGap(Date.now() - start);
        if (steady || Date.now() + gap > deadline) {
            // Out of time while the right certificate was showing but not yet steadily: call it served.
            return { ok: steady || streak > 0, lastSha256: seen, lastError: now.error, attempts };
        }
        await new Promise((resolve) => setTimeout(resolve, gap));
    }
}
function describeWait(e, want, r, windowMs) {
    const seen = r.lastSha256
        ? `it serves sha256 ${r.lastSha256}`
        : `no certificate read (${r.lastError ?? 'unknown'})`;
    return `${describeEndpoint(e)} did not serve sha256 ${want} within ${windowMs} ms (${r.attempts} checks): ${seen}`;
}


/***/ })

};
;