/**
 * Google Application Default Credentials, from the file GOOGLE_APPLICATION_CREDENTIALS names
 * (or gcloud's well-known file). Three kinds of file, as Google's auth libraries read them:
 * - `external_account`: workload identity federation, as google-github-actions/auth writes it.
 *   A subject token (the GitHub OIDC token, fetched from `credential_source.url`, or read from
 *   `credential_source.file`) is exchanged at Google's STS (RFC 8693), then, when the file names
 *   `service_account_impersonation_url`, for a service account's access token.
 * - `service_account`: a key file; an RS256 assertion is exchanged at `token_uri` (RFC 7523).
 * - `authorized_user`: `gcloud auth application-default login`; its refresh token is redeemed.
 * The metadata server (a VM's own identity) is not used: a runner outside Google Cloud has none,
 * and probing for it costs seconds on every run.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Env } from './github-oidc.js';
import { signRs256 } from './jwt.js';
import { AuthError, checkCredentialUrl, expiresAt, field, tokenCall } from './oauth.js';
import { type Token, tokenCache } from './token-cache.js';

export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

export interface GoogleAuthOptions {
  env: Env;
  /** Replaces the file's first token endpoint (`token_uri`, or `token_url` of an external account). */
  tokenUrl?: string;
  /** Registers a value that must never be printed. */
  secret: (value: string) => void;
}

export interface GoogleCredentials {
  kind: 'service_account' | 'external_account' | 'authorized_user';
  /** Where the credentials came from, for messages. */
  file: string;
  /** The project named in the file (service-account keys and some others), if any. */
  project?: string;
  /** A bearer token for the Cloud Platform scope (cached until shortly before it expires). */
  token(signal?: AbortSignal): Promise<string>;
}

const NO_CREDENTIALS_HINT =
  'in GitHub Actions run google-github-actions/auth before certflow (it sets GOOGLE_APPLICATION_CREDENTIALS); elsewhere point GOOGLE_APPLICATION_CREDENTIALS at a credentials file or run `gcloud auth application-default login`';

/** The ADC file: GOOGLE_APPLICATION_CREDENTIALS, else gcloud's well-known file if it exists. */
async function findFile(env: Env): Promise<{ file: string; text: string }> {
  const named = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (named) {
    const text = await readFile(named, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new AuthError(
        `GOOGLE_APPLICATION_CREDENTIALS names ${named}, which cannot be read (${e.code ?? e.message})`,
        NO_CREDENTIALS_HINT,
      );
    });
    return { file: named, text };
  }
  const configDir = env.CLOUDSDK_CONFIG || path.join(env.HOME || homedir(), '.config', 'gcloud');
  const wellKnown = path.join(configDir, 'application_default_credentials.json');
  const text = await readFile(wellKnown, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new AuthError(
      'no Google credentials: GOOGLE_APPLICATION_CREDENTIALS is not set and there is no gcloud application-default file',
      NO_CREDENTIALS_HINT,
    );
  }
  return { file: wellKnown, text };
}

export async function googleCredentials(opts: GoogleAuthOptions): Promise<GoogleCredentials> {
  const { file, text } = await findFile(opts.env);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AuthError(`${file}: not JSON; expected a Google credentials file`);
  }
  if (!data || typeof data !== 'object') throw new AuthError(`${file}: expected a JSON object`);
  const str = (name: string, required = true): string | undefined => {
    const v = data[name];
    if (typeof v === 'string' && v !== '') return v;
    if (required) throw new AuthError(`${file}: "${name}" is missing (type ${String(data.type)})`);
    return undefined;
  };
  const url = (name: string, fallback?: string): string => {
    const v = str(name, fallback === undefined) ?? (fallback as string);
    return checkCredentialUrl(v, `${file}: ${name}`).toString();
  };
  const tokenOverride = opts.tokenUrl ? checkCredentialUrl(opts.tokenUrl, 'token-url').toString() : undefined;
  const project = str('project_id', false) ?? str('quota_project_id', false);

  switch (data.type) {
    case 'service_account': {
      const email = str('client_email') as string;
      const key = str('private_key') as string;
      opts.secret(key);
      const tokenUri = tokenOverride ?? url('token_uri', DEFAULT_TOKEN_URI);
      const fetchToken = async (signal?: AbortSignal): Promise<Token> => {
        const now = Math.floor(Date.now() / 1000);
        let assertion: string;
        try {
          assertion = signRs256(
            { iss: email, scope: GOOGLE_SCOPE, aud: tokenUri, iat: now, exp: now + 3600 },
            key,
            str('private_key_id', false),
          );
        } catch (error) {
          throw new AuthError(`${file}: private_key cannot sign (${(error as Error).message})`);
        }
        const answer = await tokenCall({
          what: `signing in as ${email}`,
          url: tokenUri,
          form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
          signal,
          refusedHint:
            'the service-account key was refused: it may be disabled or deleted (create a new key)',
        });
        return issued(answer, 'access_token', opts.secret);
      };
      return { kind: 'service_account', file, project, token: tokenCache(fetchToken) };
    }
    case 'authorized_user': {
      const clientId = str('client_id') as string;
      const clientSecret = str('client_secret') as string;
      const refresh = str('refresh_token') as string;
      opts.secret(clientSecret);
      opts.secret(refresh);
      const tokenUri = tokenOverride ?? url('token_uri', DEFAULT_TOKEN_URI);
      const fetchToken = async (signal?: AbortSignal): Promise<Token> => {
        const answer = await tokenCall({
          what: 'redeeming the gcloud application-default refresh token',
          url: tokenUri,
          form: {
            grant_type: 'refresh_token',
            client_id: clientId,
            client_secret: clientSecret,
            refresh_token: refresh,
          },
          signal,
          refusedHint: 'run `gcloud auth application-default login` again',
        });
        return issued(answer, 'access_token', opts.secret);
      };
      return { kind: 'authorized_user', file, project, token: tokenCache(fetchToken) };
    }
    case 'external_account':
      return externalAccount(file, data, str, url, tokenOverride, project, opts);
    default:
      throw new AuthError(
        `${file}: credentials of type ${JSON.stringify(data.type)} are not supported; expected external_account (workload identity federation), service_account or authorized_user`,
      );
  }
}

function externalAccount(
  file: string,
  data: Record<string, unknown>,
  str: (name: string, required?: boolean) => string | undefined,
  url: (name: string, fallback?: string) => string,
  tokenOverride: string | undefined,
  project: string | undefined,
  opts: GoogleAuthOptions,
): GoogleCredentials {
  const audience = str('audience') as string;
  const subjectType = str('subject_token_type') as string;
  const stsUrl = tokenOverride ?? url('token_url', 'https://sts.googleapis.com/v1/token');
  const impersonate = str('service_account_impersonation_url', false)
    ? url('service_account_impersonation_url')
    : undefined;
  const source = data.credential_source as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object')
    throw new AuthError(`${file}: "credential_source" is missing (type external_account)`);
  const subject = subjectTokenSource(file, source, opts);

  const fetchToken = async (signal?: AbortSignal): Promise<Token> => {
    const subjectToken = await subject(signal);
    const sts = await tokenCall({
      what: 'exchanging the subject token at Google STS',
      url: stsUrl,
      form: {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        audience,
        scope: GOOGLE_SCOPE,
        requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        subject_token: subjectToken,
        subject_token_type: subjectType,
      },
      signal,
      refusedHint:
        "the workload identity provider refused the token: check the provider's attribute condition and that the audience in the credentials file matches it",
    });
    const federated = issued(sts, 'access_token', opts.secret);
    if (!impersonate) return federated;
    const answer = await tokenCall({
      what: 'impersonating the service account',
      url: impersonate,
      headers: { Authorization: `Bearer ${federated.value}` },
      json: { scope: [GOOGLE_SCOPE], lifetime: '3600s' },
      signal,
      refusedHint:
        'the federated identity may not impersonate this service account: grant it roles/iam.workloadIdentityUser on the service account',
    });
    const token = field(answer, 'accessToken', 'impersonating the service account');
    opts.secret(token);
    const expires = Date.parse(String(answer.expireTime));
    return { value: token, expiresAt: Number.isFinite(expires) ? expires : Date.now() + 3600_000 };
  };
  return { kind: 'external_account', file, project, token: tokenCache(fetchToken) };
}

/** Where an external account's subject token comes from: a URL (GitHub's OIDC service) or a file. */
function subjectTokenSource(
  file: string,
  source: Record<string, unknown>,
  opts: GoogleAuthOptions,
): (signal?: AbortSignal) => Promise<string> {
  const format = (source.format ?? { type: 'text' }) as Record<string, unknown>;
  const pick = (raw: string, from: string): string => {
    let token = raw.trim();
    if (format.type === 'json') {
      const name = String(format.subject_token_field_name ?? '');
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new AuthError(`${from}: expected JSON with the subject token in "${name}"`);
      }
      const v = (parsed as Record<string, unknown> | null)?.[name];
      if (typeof v !== 'string' || !v)
        throw new AuthError(`${from}: no "${name}" field with the subject token`);
      token = v;
    }
    if (!token) throw new AuthError(`${from}: the subject token is empty`);
    opts.secret(token);
    return token;
  };
  if (typeof source.file === 'string') {
    const tokenFile = source.file;
    return async () => {
      const raw = await readFile(tokenFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new AuthError(`${file}: credential_source.file ${tokenFile} cannot be read (${e.code})`);
      });
      return pick(raw, `credential_source.file ${tokenFile}`);
    };
  }
  if (typeof source.url === 'string') {
    const target = checkCredentialUrl(source.url, `${file}: credential_source.url`).toString();
    const headers = (source.headers ?? {}) as Record<string, string>;
    for (const v of Object.values(headers))
      if (typeof v === 'string') opts.secret(v.replace(/^Bearer\s+/i, ''));
    return async (signal) => {
      const res = await fetch(target, { headers, signal, redirect: 'error' }).catch((e: Error) => {
        throw new AuthError(`fetching the subject token (credential_source.url): ${e.message}`);
      });
      const raw = await res.text();
      if (!res.ok) {
        throw new AuthError(
          `fetching the subject token (credential_source.url): HTTP ${res.status}`,
          'in GitHub Actions the job needs `permissions: id-token: write`, and google-github-actions/auth must run in the same job',
        );
      }
      return pick(raw, 'credential_source.url');
    };
  }
  if (typeof source.environment_id === 'string' || source.executable) {
    throw new AuthError(
      `${file}: this credential_source (AWS or executable) is not supported; use a file or url source (google-github-actions/auth writes a url source)`,
    );
  }
  throw new AuthError(`${file}: credential_source needs "file" or "url"`);
}

/** A token answer's `field` and expiry, registered as a secret. */
function issued(answer: Record<string, unknown>, name: string, secret: (v: string) => void): Token {
  const value = field(answer, name, 'the token endpoint');
  secret(value);
  return { value, expiresAt: expiresAt(answer) };
}
