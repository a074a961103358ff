/**
 * The commit status certflow/verify that renew sets on its own pull requests (which start no
 * workflow), against the local GitHub server: every request, the status one included, is checked
 * against GitHub's OpenAPI description. The bundles are read back from the branch as GitHub holds
 * it, so a forged bundle on the branch gives a failure.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RenewalDecision } from '../../src/model.js';
import { publishBundles } from '../../src/publish/index.js';
import { sealBundle } from '../../src/store/seal.js';
import { MemoryLogger } from '../../src/util/log.js';
import { selfSigned } from '../fixtures/report/certs.js';
import { GitHubServer } from '../support/github-server.js';
import { publishSettings } from '../support/github-settings.js';
import { createTestCa, newAgeIdentity, type TestCa } from '../support/store-fixtures.js';

let ca: TestCa;
let recipient: string;
let gh: GitHubServer;
let workspace: string;
const fast = { client: { throttle: false }, verifyStatus: true };
const decisions: RenewalDecision[] = [
  { name: 'www', domains: ['www.certflow.test'], action: 'renew', reason: 'due', code: 'fallback' },
];

function settings(token: string) {
  const s = publishSettings(workspace, [recipient], { publish: 'pull-request' }, gh, token);
  s.config = {
    ...s.config,
    acme: {},
    store: { path: 'certificates', recipients: [recipient], trust: ['ca.pem'] },
    certificates: { www: { domains: ['www.certflow.test'] } },
  } as unknown as typeof s.config;
  s.runUrl = 'https://github.example/acme/infra/actions/runs/1';
  return s;
}

beforeAll(async () => {
  ca = await createTestCa();
  recipient = (await newAgeIdentity()).recipient;
});
afterAll(async () => {
  await ca.close();
});
beforeEach(async () => {
  gh = await GitHubServer.start();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-status-'));
  await writeFile(join(workspace, 'ca.pem'), ca.certPem);
});
afterEach(async () => {
  gh.assertNoViolations();
  await gh.close();
  await rm(workspace, { recursive: true, force: true });
});

const writer = () =>
  gh.addToken({ contents: 'write', pull_requests: 'write', issues: 'write', statuses: 'write' });

describe('commit status certflow/verify on renewal pull requests', () => {
  it('a valid renewal gets success on the PR head, with a link to the run', async () => {
    const bundle = await sealBundle(await ca.issue('www', ['www.certflow.test']), [recipient]);
    const result = await publishBundles(settings(writer()), [bundle], decisions, new MemoryLogger(), fast);
    expect(result.action).toBe('pr-created');
    const head = await gh.branchSha('certflow/renewal');
    expect(result.commitSha).toBe(head);
    expect(gh.statuses.get(head ?? '')).toEqual([
      {
        state: 'success',
        context: 'certflow/verify',
        description: 'all 1 bundles valid',
        target_url: 'https://github.example/acme/infra/actions/runs/1',
      },
    ]);
    expect(gh.requests.some((r) => r.operationId === 'repos/create-commit-status' && r.status === 201)).toBe(
      true,
    );
  });

  it('a forged bundle on the branch gets failure naming the problem', async () => {
    const forged = await selfSigned('www', ['www.certflow.test'], {
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date('2099-01-01T00:00:00Z'),
    });
    const bundle = await sealBundle(forged, [recipient]);
    const result = await publishBundles(settings(writer()), [bundle], decisions, new MemoryLogger(), fast);
    expect(result.action).toBe('pr-created');
    const [status] = gh.statuses.get(result.commitSha ?? '') ?? [];
    expect(status?.state).toBe('failure');
    expect(status?.description).toMatch(
      /^bundle www: chain: CN=www.certflow.test is self-signed and not a trusted root/,
    );
    expect((status?.description ?? '').length).toBeLessThanOrEqual(140);
  });

  it('without statuses: write the pull request is still published, and a warning says what to grant', async () => {
    const token = gh.addToken({ contents: 'write', pull_requests: 'write', issues: 'write' });
    const bundle = await sealBundle(await ca.issue('www', ['www.certflow.test']), [recipient]);
    const log = new MemoryLogger();
    const result = await publishBundles(settings(token), [bundle], decisions, log, fast);
    expect(result.action).toBe('pr-created');
    expect(gh.statuses.size).toBe(0);
    expect(log.lines.join('\n')).toContain('give the renew job `statuses: write`');
  });
});
