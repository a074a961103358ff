/**
 * Asks a TLS server which certificate it serves for a name (SNI). Trust is not checked here on
 * purpose (`rejectUnauthorized: false`): callers compare the SHA-256 of what is served with what
 * they deployed, and `check` verifies the presented chain against certflow's own trust anchors
 * (store/trust.ts), which may hold a private CA the system does not know.
 */
import { X509Certificate } from 'node:crypto';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { type StartTlsProtocol, startTls } from './starttls.js';
import { type CertificateFacts, certificateFacts, sha256Hex } from './x509.js';

export interface TlsProbe {
  /** Address to connect to (IP or host name). */
  host: string;
  port: number;
  /** SNI name; omitted when it is an IP address (TLS forbids IPs in SNI). */
  servername?: string;
  timeoutMs: number;
  /** Plain-text preamble before the handshake, for mail, FTP and PostgreSQL ports. */
  starttls?: StartTlsProtocol;
}

export interface ServedCertificate {
  /** The leaf the server presented, PEM. */
  pem: string;
  facts: CertificateFacts;
  /** Everything the server presented after the leaf (intermediates, maybe a root), PEM, in order. */
  chainPems: string[];
}

/** The certificates the peer sent after its leaf, walking issuerCertificate until it repeats. */
function presentedChain(socket: import('node:tls').TLSSocket): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true) as import('node:tls').DetailedPeerCertificate | undefined;
  if (cert?.fingerprint256) seen.add(cert.fingerprint256);
  cert = cert?.issuerCertificate;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(new X509Certificate(cert.raw).toString());
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
let probeContext: SecureContext | undefined;

/**
 * Runs one TLS handshake (after the STARTTLS preamble, when set) and hands the connected socket to
 * `read`, which takes what it needs before the socket is closed.
 */
function handshake<T>(probe: TlsProbe, read: (tls: TLSSocket, where: string) => T): Promise<T> {
  const where = `${probe.host}:${probe.port}${probe.starttls ? ` (STARTTLS ${probe.starttls})` : ''}${probe.servername ? ` (SNI ${probe.servername})` : ''}`;
  return new Promise((resolve, reject) => {
    const servername = probe.servername && isIP(probe.servername) === 0 ? probe.servername : undefined;
    let plain: Socket | undefined;
    let socket: TLSSocket | undefined;
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket?.destroy();
      plain?.destroy();
      reject(new Error(`TLS check of ${where}: ${error.message}`));
    };
    const timer = setTimeout(
      () => fail(new Error(`no handshake within ${probe.timeoutMs} ms`)),
      probe.timeoutMs,
    );
    const start = (over?: Socket) => {
      probeContext ??= createSecureContext({});
      socket = connect({
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
        } catch (error) {
          reject(error);
        } finally {
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
    const raw = netConnect({ host: probe.host, port: probe.port });
    plain = raw;
    raw.on('error', fail);
    raw.once('connect', () => {
      startTls(raw, protocol).then(() => start(raw), fail);
    });
  });
}

function presentedLeaf(tls: TLSSocket, where: string): X509Certificate {
  const cert = tls.getPeerX509Certificate();
  if (!cert) throw new Error(`TLS check of ${where}: the server presented no certificate`);
  return cert;
}

/** The served leaf with its facts and the rest of the presented chain (`certflow check`). */
export function fetchServedCertificate(probe: TlsProbe): Promise<ServedCertificate> {
  return handshake(probe, (tls, where) => {
    const cert = presentedLeaf(tls, where);
    return { pem: cert.toString(), facts: certificateFacts(cert.raw), chainPems: presentedChain(tls) };
  });
}

/**
 * SHA-256 (hex) of the served leaf's DER, and nothing else: what deploy's check and TLS proof
 * compare, as certificateFacts().sha256 would give, without parsing the certificate (a deploy
 * polls every host several times a second while it waits for the new certificate).
 */
export function fetchServedSha256(probe: TlsProbe): Promise<string> {
  return handshake(probe, (tls, where) => sha256Hex(presentedLeaf(tls, where).raw));
}
