/**
 * Asks a TLS server which certificate it serves for a name (SNI). Trust is not checked on purpose
 * (`rejectUnauthorized: false`): callers compare the SHA-256 of what is served with what they
 * deployed, which proves more than a chain check would, and works with test CAs and expired certs.
 */
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { type CertificateFacts, certificateFacts } from './x509.js';

export interface TlsProbe {
  /** Address to connect to (IP or host name). */
  host: string;
  port: number;
  /** SNI name; omitted when it is an IP address (TLS forbids IPs in SNI). */
  servername?: string;
  timeoutMs: number;
}

export interface ServedCertificate {
  /** The leaf the server presented, PEM. */
  pem: string;
  facts: CertificateFacts;
}

export function fetchServedCertificate(probe: TlsProbe): Promise<ServedCertificate> {
  const where = `${probe.host}:${probe.port}${probe.servername ? ` (SNI ${probe.servername})` : ''}`;
  return new Promise((resolve, reject) => {
    const servername = probe.servername && isIP(probe.servername) === 0 ? probe.servername : undefined;
    const socket = connect({
      host: probe.host,
      port: probe.port,
      servername,
      rejectUnauthorized: false,
      // A fresh handshake every time: a resumed session could show a certificate from before a reload.
      session: undefined,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`TLS check of ${where}: no handshake within ${probe.timeoutMs} ms`));
    }, probe.timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerX509Certificate();
      socket.destroy();
      if (!cert) {
        reject(new Error(`TLS check of ${where}: the server presented no certificate`));
        return;
      }
      resolve({ pem: cert.toString(), facts: certificateFacts(cert.raw) });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(`TLS check of ${where}: ${error.message}`));
    });
  });
}
