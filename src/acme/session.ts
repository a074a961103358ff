/**
 * One ACME session per run: the directory (dry runs go to the CA's staging one), our transport
 * installed into an acme-client Client, and the account, created or found once and shared by
 * every certificate issued concurrently.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import acme from 'acme-client';
import { DIRECTORY_NAMES, directoryByName } from '../config/schema.js';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { IssueError } from './errors.js';
import { type AcmeHttpClient, AcmeTransport } from './http.js';

export interface Directory {
  newNonce?: string;
  newAccount?: string;
  newOrder?: string;
  renewalInfo?: string;
  meta?: {
    termsOfService?: string;
    /** RFC 8555: hostnames the CA recognises in CAA "issue" records. */
    caaIdentities?: string[];
    externalAccountRequired?: boolean;
    /** draft-ietf-acme-profiles: profile name -> description. */
    profiles?: Record<string, string>;
  };
}

/** Production -> staging, for dry runs. CAs without staging keep their one directory. */
const STAGING: Record<string, string> = {
  [DIRECTORY_NAMES.letsencrypt]: DIRECTORY_NAMES['letsencrypt-staging'],
  [DIRECTORY_NAMES.google]: DIRECTORY_NAMES['google-staging'],
  [DIRECTORY_NAMES.buypass]: DIRECTORY_NAMES['buypass-staging'],
};

function directoryUrl(value: string): string {
  return directoryByName(value) ?? value;
}

/** The directory URL this run orders from. */
export function resolveDirectoryUrl(settings: Pick<Settings, 'config' | 'dryRun'>): string {
  const { acme: a } = settings.config;
  const main = directoryUrl(a.directory);
  if (!settings.dryRun) return main;
  if (a['dry-run-directory']) return directoryUrl(a['dry-run-directory']);
  return Object.hasOwn(STAGING, main) ? (STAGING[main] as string) : main;
}

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

export async function readTrust(settings: Pick<Settings, 'config' | 'workspace'>): Promise<string[]> {
  const out: string[] = [];
  for (const file of settings.config.acme.trust ?? []) {
    const full = path.resolve(settings.workspace, file);
    try {
      out.push(await readFile(full, 'utf8'));
    } catch (error) {
      throw new IssueError(
        `acme.trust: cannot read ${file} (${full}): ${errorMessage(error)}`,
        'list PEM files relative to the repository root',
      );
    }
  }
  return out;
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
      if (cfg.email) {
        await client.createAccount({ termsOfServiceAgreed: true, contact: [`mailto:${cfg.email}`] });
      } else {
        // acme-client follows a 200 (account exists) with an update carrying only
        // termsOfServiceAgreed, which Pebble refuses as an empty update; with nothing to update,
        // newAccount alone finds the account (RFC 8555 section 7.3.1). An existing account is the
        // rule with dns-persist-01, whose records name it.
        const api = (client as unknown as { api: { createAccount(d: object): Promise<unknown> } }).api;
        await api.createAccount({ termsOfServiceAgreed: true });
      }
      log.debug(`ACME account ${client.getAccountUrl()} at ${url}`);
    })();
    return registered;
  };
  return { client, http, transport, directoryUrl: url, directory, account, close: () => transport.close() };
}
