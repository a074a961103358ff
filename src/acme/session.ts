import acme from 'acme-client';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { type Directory, readTrust, resolveDirectoryUrl } from './directory.js';
import { IssueError } from './errors.js';
import { type AcmeHttpClient, AcmeTransport } from './http.js';

export { type Directory, readTrust, resolveDirectoryUrl } from './directory.js';

export interface AcmeSession {
  client: acme.Client;
  http: AcmeHttpClient;
  transport: AcmeTransport;
  directoryUrl: string;
  directory: Directory;
  /** Registers or finds the account (once; later calls share the first). */
  account(): Promise<void>;
  close(): void;
}

export interface SessionOptions {
  signal?: AbortSignal;
  maxRetryAfterMs: number;
}

export async function openSession(
  settings: Settings,
  log: Logger,
  opts: SessionOptions,
): Promise<AcmeSession> {
  const cfg = settings.config.acme;
  const url = resolveDirectoryUrl(settings);
  const accountKey = cfg['account-key'];
  log.secret(accountKey);
  const eab = cfg['external-account-binding'];
  if (eab) log.secret(eab['hmac-key']);
  const transport = new AcmeTransport({
    trust: await readTrust(settings),
    maxRetryAfterMs: opts.maxRetryAfterMs,
    signal: opts.signal,
    log,
  });
  let client: acme.Client;
  try {
    client = new acme.Client({
      directoryUrl: url,
      accountKey,
      externalAccountBinding: eab ? { kid: eab['key-id'], hmacKey: eab['hmac-key'] } : undefined,
    });
  } catch (error) {
    transport.close();
    throw new IssueError(
      `acme.account-key: ${errorMessage(error)}`,
      'the account key must be a PEM private key (RSA or ECDSA)',
    );
  }
  const http = (client as unknown as { http: AcmeHttpClient }).http;
  transport.install(http);
  let directory: Directory;
  try {
    directory = (await http.getDirectory()) as Directory;
  } catch (error) {
    transport.close();
    throw error;
  }
  if (!directory?.newOrder || !directory.newAccount) {
    transport.close();
    throw new IssueError(`${url} is not an ACME directory (no newOrder/newAccount)`, 'check acme.directory');
  }
  let registered: Promise<void> | undefined;
  const account = () => {
    registered ??= (async () => {
      if (directory.meta?.externalAccountRequired && !eab) {
        throw new IssueError(
          `${url} requires an external account binding`,
          'set acme.external-account-binding (key-id, hmac-key) from your CA account',
        );
      }
      await client.createAccount({
        termsOfServiceAgreed: true,
        contact: cfg.email ? [`mailto:${cfg.email}`] : undefined,
      });
      log.debug(`ACME account ${client.getAccountUrl()} at ${url}`);
    })();
    return registered;
  };
  return { client, http, transport, directoryUrl: url, directory, account, close: () => transport.close() };
}
