/**
 * A Microsoft Entra ID token for Azure Resource Manager, by the OAuth client-credentials grant
 * (v2.0 endpoint), with the credential Azure's own libraries look for, in this order:
 * - a client secret (`client-secret`, or AZURE_CLIENT_SECRET);
 * - a federated token in a file (AZURE_FEDERATED_TOKEN_FILE: AKS workload identity), read on
 *   every request because the file is rotated;
 * - the GitHub Actions OIDC token with the audience `api://AzureADTokenExchange`: the federated
 *   credential azure/login uses, so the app registration set up for it works unchanged.
 * The federated token is sent as a client assertion (RFC 7523); Entra checks it against the
 * app's federated identity credentials (issuer, subject, audience).
 */
import { readFile } from 'node:fs/promises';
import { type Env, githubIdToken, hasGithubOidc } from './github-oidc.js';
import { AuthError, checkCredentialUrl, expiresAt, field, tokenCall } from './oauth.js';
import { type Token, tokenCache } from './token-cache.js';

export const AZURE_OIDC_AUDIENCE = 'api://AzureADTokenExchange';
export const AZURE_AUTHORITY = 'https://login.microsoftonline.com';

export interface AzureAuthOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** The token endpoint; default `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`. */
  tokenUrl?: string;
  /** The resource's scope, `<Resource Manager URL>/.default`. */
  scope: string;
  env: Env;
  secret: (value: string) => void;
}

export type AzureCredentialKind = 'client-secret' | 'federated-token-file' | 'github-oidc';

/** Which credential a configuration will use; throws with what to set when there is none. */
export function azureCredentialKind(
  opts: Pick<AzureAuthOptions, 'clientSecret' | 'env'>,
): AzureCredentialKind {
  if (opts.clientSecret) return 'client-secret';
  if (opts.env.AZURE_FEDERATED_TOKEN_FILE) return 'federated-token-file';
  if (hasGithubOidc(opts.env)) return 'github-oidc';
  throw new AuthError(
    'no Azure credential: no client-secret, no AZURE_FEDERATED_TOKEN_FILE, and no GitHub OIDC token',
    'in GitHub Actions give the job `permissions: id-token: write` and add a federated credential for this repository to the app registration (as for azure/login); elsewhere set client-secret',
  );
}

export function azureToken(opts: AzureAuthOptions): (signal?: AbortSignal) => Promise<string> {
  if (!/^[A-Za-z0-9.-]+$/.test(opts.tenantId))
    throw new AuthError(`tenant-id "${opts.tenantId}" is not a tenant id or domain`);
  const url = checkCredentialUrl(
    opts.tokenUrl ?? `${AZURE_AUTHORITY}/${opts.tenantId}/oauth2/v2.0/token`,
    'token-url',
  ).toString();
  if (opts.clientSecret) opts.secret(opts.clientSecret);
  const kind = azureCredentialKind(opts);

  const credential = async (signal?: AbortSignal): Promise<Record<string, string>> => {
    if (kind === 'client-secret') return { client_secret: opts.clientSecret as string };
    let assertion: string;
    if (kind === 'federated-token-file') {
      const file = opts.env.AZURE_FEDERATED_TOKEN_FILE as string;
      assertion = (
        await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
          throw new AuthError(`AZURE_FEDERATED_TOKEN_FILE ${file} cannot be read (${e.code})`);
        })
      ).trim();
      opts.secret(assertion);
    } else {
      assertion = await githubIdToken(opts.env, AZURE_OIDC_AUDIENCE, opts.secret, signal);
    }
    return {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
  };

  const fetchToken = async (signal?: AbortSignal): Promise<Token> => {
    const answer = await tokenCall({
      what: `signing in to Entra ID as app ${opts.clientId} (${kind})`,
      url,
      form: {
        client_id: opts.clientId,
        scope: opts.scope,
        grant_type: 'client_credentials',
        ...(await credential(signal)),
      },
      signal,
      refusedHint:
        kind === 'client-secret'
          ? 'check tenant-id, client-id and that the client secret has not expired'
          : "check tenant-id and client-id, and that the app registration has a federated credential whose issuer, subject (e.g. repo:owner/name:environment:prod) and audience match this job's token",
    });
    const value = field(answer, 'access_token', 'the Entra ID token endpoint');
    opts.secret(value);
    return { value, expiresAt: expiresAt(answer) };
  };
  return tokenCache(fetchToken);
}
