/**
 * `certflow account show|rollover|deactivate` / `command: account`: the ACME account behind
 * `acme.account-key`, as the CA has it.
 * - show: URL, status, contacts, the key's RFC 7638 thumbprint; with `acme.issuers`, each fallback
 *   CA's account too (a fallback account that is deactivated, or a CA that cannot be reached,
 *   is better found on a quiet day than during the outage it is there for).
 * - rollover: a new key, written to a new 0600 file (never over an existing file or through a
 *   symlink) before the CA is asked to change the key, then proven: the new key finds the same
 *   account. The key is never printed; the run names the secret to update with it.
 * - deactivate: permanent, so it needs consent: a prompt on a terminal, `--yes`, or in the Action
 *   `account-confirm` set to the account URL (the Action never prompts).
 */
import { lstat, unlink } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import {
  type AccountInfo,
  changeAccountKey,
  deactivateAccount,
  findAccount,
  jwkThumbprint,
  keyChangeState,
  lookupAccount,
} from '../acme/account.js';
import { AcmeProblemError } from '../acme/errors.js';
import { configuredIssuers, type Issuer, primaryIssuer } from '../acme/issuers.js';
import { type AcmeSession, openSession } from '../acme/session.js';
import type { Settings } from '../config/settings.js';
import { generateAccountKey } from '../init/keys.js';
import { writeSecretFile } from '../init/secrets.js';
import { code, md } from '../report/escape.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { runGit } from '../util/git.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export interface AccountOptions {
  /** Asks the person at the terminal; absent where nobody can answer (the Action, no TTY). */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * The account the commands act on: the first CA's (`acme.account-key`, or `acme.issuers[0]` when
 * the list stands alone). `key` swaps in another key for the same CA (rollover's proof).
 */
function accountIssuer(settings: Settings, key?: string): Issuer {
  const first = primaryIssuer(settings);
  return key === undefined ? first : { ...first, accountKey: key };
}

async function withSession<T>(
  settings: Settings,
  log: Logger,
  fn: (s: AcmeSession) => Promise<T>,
  issuer: Issuer = accountIssuer(settings),
): Promise<T> {
  const session = await openSession(settings, log, { maxRetryAfterMs: 60_000 }, issuer);
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

function infoRows(info: AccountInfo, directory: string): Array<[string, string]> {
  return [
    ['account', info.url],
    ['directory', directory],
    ['status', info.status],
    ['contacts', info.contact.join(', ') || '(none)'],
    ['key thumbprint', info.thumbprint],
    ...(info.createdAt ? ([['created', info.createdAt]] as Array<[string, string]>) : []),
  ];
}

function summaryOf(title: string, rows: Array<[string, string]>, notes: string[] = []): string {
  return [
    `### certflow account: ${md(title)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${md(k)} | ${code(v)} |`),
    '',
    ...notes.map((n) => `- ${md(n)}`),
  ].join('\n');
}

function outcome(
  log: Logger,
  ok: boolean,
  title: string,
  rows: Array<[string, string]>,
  notes: string[],
  json: Record<string, unknown>,
): CommandOutcome {
  const text = [table(rows), ...notes].join('\n');
  return {
    ok,
    outputs: { account: JSON.stringify(json) },
    summary: log.redact(summaryOf(title, rows, notes)),
    text: log.redact(text),
    json,
  };
}

/** A fallback CA's account as `show` reports it: found, not registered yet, or not reachable. */
interface FallbackAccount {
  where: string;
  directory: string;
  status: string;
  url?: string;
  thumbprint: string;
  note?: string;
}

async function fallbackAccount(settings: Settings, log: Logger, issuer: Issuer): Promise<FallbackAccount> {
  const base = {
    where: issuer.where,
    directory: issuer.directory,
    thumbprint: jwkThumbprint(issuer.accountKey),
  };
  try {
    const info = await withSession(settings, log, (s) => lookupAccount(s, issuer.accountKey), issuer);
    if (!info)
      return { ...base, status: 'none', note: 'no account yet: the first order sent there registers it' };
    return {
      ...base,
      status: info.status,
      url: info.url,
      ...(info.status === 'valid'
        ? {}
        : { note: `the account is ${info.status}: orders that fall back to this CA will be refused` }),
    };
  } catch (error) {
    // The CA answered, with a problem: it refuses the account (deactivated, revoked, unknown).
    if (error instanceof AcmeProblemError && error.problem.type.startsWith('urn:ietf:params:acme:error:')) {
      return {
        ...base,
        status: 'refused',
        note: `the CA refuses this account (${errorMessage(error)}): orders that fall back to this CA will fail`,
      };
    }
    return { ...base, status: 'unreachable', note: `cannot ask the CA: ${errorMessage(error)}` };
  }
}

async function show(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const accountKey = accountIssuer(settings).accountKey;
  const fallbacks = await Promise.all(
    configuredIssuers(settings)
      .slice(1)
      .map((issuer) => fallbackAccount(settings, log, issuer)),
  );
  return withSession(settings, log, async (session) => {
    const info = await findAccount(session, accountKey);
    const rows = infoRows(info, session.directoryUrl);
    for (const f of fallbacks) {
      rows.push([`fallback ${f.where}`, `${f.status}${f.url ? ` ${f.url}` : ''} at ${f.directory}`]);
    }
    const notes = fallbacks.flatMap((f) => (f.note ? [`${f.where}: ${f.note}`] : []));
    const json = { ...info, directory: session.directoryUrl, ...(fallbacks.length ? { fallbacks } : {}) };
    return outcome(log, true, 'show', rows, notes, json);
  });
}

/** Refuses a path that exists in any form (file, folder, symlink, even a dangling one). */
async function refuseExisting(path: string): Promise<void> {
  const there = await lstat(path).then(
    (s) => (s.isSymbolicLink() ? 'a symlink' : s.isDirectory() ? 'a folder' : 'a file'),
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    },
  );
  if (there) {
    throw new UsageError(
      `--out ${path} is ${there} already; rollover writes the new key only to a new file (it never overwrites or follows a link): name a path that does not exist`,
      [{ path: '--out', message: `${path} exists` }],
    );
  }
}

/**
 * Refuses a path in the repository that git would pick up: a `git add -A` (or a publish) would put
 * the account key into history. A git-ignored folder (certflow init's secrets folder) is fine.
 */
async function refuseTracked(path: string, workspace: string): Promise<void> {
  const rel = relative(workspace, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return;
  const r = await runGit(workspace, ['check-ignore', '-q', '--', rel]);
  if (r.code === 0) return;
  if (r.code === 128 && /not a git repository/i.test(r.stderr)) return;
  throw new UsageError(
    `--out ${path} is inside the repository ${workspace} and git does not ignore it; an account key must never reach git history: write it outside the repository or into a git-ignored folder`,
    [{ path: '--out', message: `${path} is not ignored by git` }],
  );
}

async function rollover(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const request = settings.account;
  const out = request?.out;
  if (!out) throw new UsageError('account rollover needs --out <file> for the new key');
  await refuseExisting(out);
  await refuseTracked(out, settings.workspace);
  const oldKey = accountIssuer(settings).accountKey;
  const oldThumbprint = jwkThumbprint(oldKey);
  const newKey = generateAccountKey();
  log.secret(newKey);
  const secret = request.keyVariable;
  // A separate session per key: what the CA binds the account to, asked with that key alone.
  const lookup = (key: string) =>
    withSession(settings, log, (s) => findAccount(s, key), accountIssuer(settings, key)).catch(
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
  let failed: unknown;
  const info = await withSession(settings, log, async (session) => {
    const found = await findAccount(session, oldKey);
    if (found.status !== 'valid') {
      throw new Error(`account ${found.url} is ${found.status}: only a valid account can change its key`);
    }
    // The file first: if it cannot be written, the CA has not been touched and the old key still works.
    await writeSecretFile(out, newKey, false);
    await changeAccountKey(session, found.url, newKey).catch((error: unknown) => {
      failed = error;
    });
    return found;
  });
  if (failed !== undefined) {
    // An error is not proof that nothing happened (a lost answer, a retried request): ask the CA
    // which key it holds before deleting the only copy of what may be the account's key now.
    const urlOf = (r: AccountInfo | Error) => (r instanceof Error ? undefined : r.url);
    const state = keyChangeState(info.url, urlOf(await lookup(oldKey)), urlOf(await lookup(newKey)));
    if (state === 'unchanged') {
      await unlink(out).catch(() => undefined);
      throw new Error(
        `the CA refused the key change of ${info.url}: ${errorMessage(failed)}; the old key is still the account's, and ${out} was removed`,
      );
    }
    if (state === 'unknown') {
      throw new Error(
        `the key change of ${info.url} failed (${errorMessage(failed)}) and neither key finds the account now; ${out} is kept (mode 0600): keep it and the old key until certflow account show finds the account with one of them`,
      );
    }
    log.warn(
      `the key change answered with an error (${errorMessage(failed)}), but the new key finds the account: it was applied`,
    );
  }
  // The proof: the new key alone finds the same account.
  const proof = await lookup(newKey);
  const proven = !(proof instanceof Error) && proof.url === info.url;
  const name = secret ?? 'the secret acme.account-key refers to';
  const notes = [
    `the CA now binds ${info.url} to the new key; the old key (thumbprint ${oldThumbprint}) no longer works there`,
    `wrote the new account key to ${out} (mode 0600)`,
    `update ${name} now, wherever it is set (repository and environments): gh secret set ${secret ?? '<NAME>'} < ${out}; then delete ${out}`,
    proven
      ? `checked: the new key finds ${info.url}`
      : `could not confirm that the new key finds the account: ${proof instanceof Error ? errorMessage(proof) : `it found ${proof.url}`}; keep ${out} and run certflow account show with it`,
  ];
  const rows: Array<[string, string]> = [
    ['account', info.url],
    ['old key thumbprint', oldThumbprint],
    ['new key thumbprint', jwkThumbprint(newKey)],
    ['new key file', out],
    ['secret to update', secret ?? '(acme.account-key names no variable)'],
  ];
  return outcome(log, proven, 'rollover', rows, notes, {
    url: info.url,
    oldThumbprint,
    newThumbprint: jwkThumbprint(newKey),
    out,
    secret: secret ?? null,
    proven,
  });
}

async function deactivate(settings: Settings, log: Logger, opts: AccountOptions): Promise<CommandOutcome> {
  const request = settings.account;
  const accountKey = accountIssuer(settings).accountKey;
  return withSession(settings, log, async (session) => {
    const info = await findAccount(session, accountKey);
    if (info.status !== 'valid') throw new Error(`account ${info.url} is ${info.status} already`);
    const what = `ACME account ${info.url} at ${session.directoryUrl}`;
    if (request?.confirmUrl !== undefined) {
      if (request.confirmUrl !== info.url) {
        throw new UsageError(
          `account-confirm does not name this account (${info.url}); nothing was changed`,
          [{ path: 'account-confirm', message: `set it to ${info.url} to deactivate that account` }],
        );
      }
    } else if (!request?.yes) {
      if (!opts.confirm) {
        throw new UsageError(
          `deactivating ${what} is permanent and needs consent: run it at a terminal to be asked, or pass --yes (in the Action: account-confirm: ${info.url})`,
          [{ path: '--yes', message: 'no consent given' }],
        );
      }
      const yes = await opts.confirm(
        `Deactivate ${what}? It can never order or revoke again, and this cannot be undone. Type "yes" to go on: `,
      );
      if (!yes) {
        return outcome(
          log,
          false,
          'deactivate',
          infoRows(info, session.directoryUrl),
          ['not deactivated: not confirmed'],
          {
            ...info,
            deactivated: false,
          },
        );
      }
    }
    const status = await deactivateAccount(session, info.url);
    const after = { ...info, status };
    return outcome(
      log,
      true,
      'deactivate',
      infoRows(after, session.directoryUrl),
      [
        `deactivated ${info.url}; certificates it ordered stay valid until they expire or are revoked with their own key`,
      ],
      { ...after, deactivated: true },
    );
  });
}

export async function accountCommand(
  settings: Settings,
  log: Logger,
  opts: AccountOptions = {},
): Promise<CommandOutcome> {
  switch (settings.account?.action) {
    case 'show':
      return show(settings, log);
    case 'rollover':
      return rollover(settings, log);
    case 'deactivate':
      return deactivate(settings, log, opts);
    default:
      throw new UsageError('account takes an action: certflow account show|rollover|deactivate');
  }
}

export const accountHandler: CommandHandler = (settings, log) => accountCommand(settings, log);
