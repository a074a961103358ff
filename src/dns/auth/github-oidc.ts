/**
 * The GitHub Actions OIDC token, which clouds accept instead of a stored secret (workload
 * identity federation). The runner gives a job with `permissions: id-token: write` a URL and a
 * bearer token to request it; the audience names the cloud that will check it.
 */
import { AuthError, checkCredentialUrl, field, tokenCall } from './oauth.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Whether this job can ask GitHub for an OIDC token. */
export function hasGithubOidc(env: Env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

export async function githubIdToken(
  env: Env,
  audience: string,
  secret: (value: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new AuthError(
      'no GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set',
      'give the job `permissions: id-token: write` (outside GitHub Actions, use another credential)',
    );
  }
  secret(bearer);
  const target = checkCredentialUrl(url, 'ACTIONS_ID_TOKEN_REQUEST_URL');
  target.searchParams.set('audience', audience);
  const data = await tokenCall({
    what: 'requesting the GitHub OIDC token',
    url: target.toString(),
    method: 'GET',
    headers: { Authorization: `Bearer ${bearer}` },
    signal,
  });
  const token = field(data, 'value', 'requesting the GitHub OIDC token');
  secret(token);
  return token;
}
