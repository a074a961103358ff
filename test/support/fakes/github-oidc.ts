/**
 * The GitHub Actions OIDC token service as a job sees it: `GET <ACTIONS_ID_TOKEN_REQUEST_URL>
 * &audience=<aud>` with `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` answers
 * `{"value": "<JWT>"}`. The JWT is signed by this fake's issuer key with GitHub's claims (iss,
 * sub `repo:owner/name:ref:refs/heads/main`, aud, repository...). Fake token endpoints verify it
 * with `issuer.publicKey`.
 */
import { randomBytes } from 'node:crypto';
import { listen, sendJson } from './http.js';
import { type Issuer, makeIssuer } from './jwt.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface FakeGithubOidc {
  issuer: Issuer;
  /** The job's ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  subject: string;
  /** Audiences of the tokens handed out, in order. */
  audiences: string[];
  close(): Promise<void>;
}

export async function startFakeGithubOidc(
  subject = 'repo:acme/certs:ref:refs/heads/main',
): Promise<FakeGithubOidc> {
  const issuer = makeIssuer(GITHUB_ISSUER);
  const requestToken = randomBytes(24).toString('hex');
  const audiences: string[] = [];
  const server = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method !== 'GET' || url.pathname !== '/idtoken')
      return sendJson(res, 404, { message: 'Not Found' });
    if (req.headers.authorization !== `Bearer ${requestToken}`)
      return sendJson(res, 401, { message: 'Unauthorized' });
    const audience = url.searchParams.get('audience');
    if (!audience) return sendJson(res, 400, { message: 'audience is required' });
    audiences.push(audience);
    const [owner, repo] = /^repo:([^/]+)\/([^:]+)/.exec(subject)?.slice(1) ?? ['acme', 'certs'];
    sendJson(res, 200, {
      count: 1,
      value: issuer.mint({
        sub: subject,
        aud: audience,
        repository: `${owner}/${repo}`,
        repository_owner: owner,
        ref: 'refs/heads/main',
      }),
    });
  });
  return {
    issuer,
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${server.url}/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    },
    subject,
    audiences,
    close: server.close,
  };
}
