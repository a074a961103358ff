/**
 * The demo's second part: the default mode, `publish: pull-request`, against the local GitHub API
 * server of the tests (test/support/github-server.ts, what `npm run github-server` starts), backed
 * by a real git repository. Every run starts from a fresh clone of that repository's main, as a
 * scheduled workflow's checkout does. A config change makes `api` due; renew opens a pull request;
 * a second renew finds the renewal waiting there (`pending-review`) and orders nothing; the pull
 * request is merged; deploy (as deploy.yml on the merge's push) brings the hosts to the new one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../src/util/x509.js';
import { type ActionRun, runBundledAction } from '../test/support/action-runner.js';
import { DEFAULT_TOKEN, GitHubServer } from '../test/support/github-server.js';
import { servedCertificate } from '../test/support/testbed.js';
import type { Workspace } from '../test/support/workspace.js';

type Step = (title: string) => void;

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
const short = (sha: string | undefined) => (sha ?? '(none)').slice(0, 7);

/** The run's decisions from its JSON report (the `report` output), as `name  code: reason`. */
function planLines(run: ActionRun): string[] {
  const path = run.outputs.report;
  if (!path) return ['  (no report)'];
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    plan: { name: string; code: string; reason: string; pending?: { pullRequest: number } }[];
  };
  return report.plan.map((d) => `  ${d.name}  ${d.code}: ${d.reason}`);
}

/** Runs `run` and prints its exit code and duration. */
async function timed(run: () => Promise<ActionRun>): Promise<ActionRun> {
  const started = Date.now();
  const result = await run();
  console.log(`(exit ${result.code}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

export async function pullRequestDemo(ws: Workspace, hosts: string[], step: Step): Promise<boolean> {
  const gh = await GitHubServer.start();
  const scratch = mkdtempSync(join(tmpdir(), 'certflow-demo-pr-'));
  try {
    const ok = await story(gh, ws, hosts, scratch, step);
    // The server checks every request and answer against GitHub's OpenAPI description.
    for (const v of gh.violations) console.log(`off GitHub's description: ${v}`);
    return ok && gh.violations.length === 0;
  } finally {
    await gh.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function story(
  gh: GitHubServer,
  ws: Workspace,
  hosts: string[],
  scratch: string,
  step: Step,
): Promise<boolean> {
  let clones = 0;
  /** actions/checkout of main: a fresh clone of the server's repository. */
  const checkout = () => {
    const dir = join(scratch, `checkout-${++clones}`);
    execFileSync('git', ['clone', '-q', '-b', 'main', gh.git.dir, dir]);
    return dir;
  };
  const github = {
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
  };
  const renew = async () =>
    runBundledAction({
      workspace: checkout(),
      inputs: { command: 'renew', publish: 'pull-request', 'github-token': DEFAULT_TOKEN },
      env: { ...ws.env, ...github },
    });

  step('default mode (publish: pull-request) on the local GitHub API server');
  // The repository of part one (config and the bundles it committed) becomes the server's main,
  // and someone pushes a config change: api's key from rsa-2048 to the default, ecdsa-p256.
  git(ws.dir, 'push', '-q', '--force', gh.git.dir, 'main:main');
  const edit = checkout();
  git(edit, 'config', 'user.email', 'ops@certflow.test');
  git(edit, 'config', 'user.name', 'an operator');
  const configPath = join(edit, '.github', 'certflow.yml');
  writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('    key: rsa-2048\n', ''));
  git(edit, 'commit', '-q', '-am', 'api: use the default key type');
  git(edit, 'push', '-q', 'origin', 'main');
  const mainBefore = await gh.branchSha('main');
  console.log(`server: ${gh.url} (${gh.owner}/${gh.repo}, main at ${short(mainBefore)})`);
  console.log('pushed to main: "api: use the default key type" (rsa-2048 -> ecdsa-p256), so api is due');

  step('renew: opens a pull request');
  const first = await timed(renew);
  for (const line of planLines(first)) console.log(line);
  const pr = first.outputs['pull-request-number'];
  const branchHead = await gh.branchSha('certflow/renewal');
  console.log(
    `renewed ${first.outputs.renewed}; opened pull request #${pr ?? '?'}: ${first.outputs['pull-request-url']}`,
  );
  console.log(
    `branch certflow/renewal at ${short(branchHead)}; main still at ${short(await gh.branchSha('main'))}`,
  );
  if (first.code !== 0 || !pr || !branchHead) {
    console.log(first.stdout, first.stderr);
    return false;
  }

  step('renew again while the pull request waits: pending-review, nothing ordered');
  const writesBefore = gh.requests.filter((r) => r.method !== 'GET').length;
  const second = await timed(renew);
  const decisions = planLines(second);
  for (const line of decisions) console.log(line);
  const writes = gh.requests.filter((r) => r.method !== 'GET').length - writesBefore;
  const sameHead = (await gh.branchSha('certflow/renewal')) === branchHead;
  console.log(
    `renewed ${second.outputs.renewed}; requests that write to GitHub: ${writes}; certflow/renewal unchanged: ${sameHead ? 'yes' : 'NO'}`,
  );
  const pending = decisions.some((l) =>
    l.startsWith(`  api  pending-review: renewed in pull request #${pr},`),
  );
  if (second.code !== 0 || second.outputs.renewed !== '[]' || writes !== 0 || !sameHead || !pending) {
    console.log(second.stdout, second.stderr);
    return false;
  }

  step(`merge pull request #${pr}`);
  // The local server has no merge endpoint: main is fast-forwarded in its git repository (the
  // branch was built on main), and the pull request closed, as the merge button would.
  if (!(await gh.git.updateRef('refs/heads/main', branchHead, mainBefore ?? ''))) {
    console.log('main moved meanwhile: cannot fast-forward');
    return false;
  }
  const issue = gh.issues.get(Number(pr));
  if (issue) issue.state = 'closed';
  console.log(`main fast-forwarded ${short(mainBefore)} -> ${short(branchHead)}`);

  step('deploy (deploy.yml on the push of the merge)');
  const event = join(scratch, 'push.json');
  writeFileSync(
    event,
    JSON.stringify({
      before: mainBefore,
      after: branchHead,
      ref: 'refs/heads/main',
      repository: { default_branch: 'main', full_name: `${gh.owner}/${gh.repo}` },
    }),
  );
  const deployed = await timed(() =>
    runBundledAction({
      workspace: checkout(),
      inputs: { command: 'deploy', 'age-identity': ws.identity },
      env: { ...ws.env, ...github, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event },
    }),
  );
  console.log(`deployed to ${deployed.outputs.deployed}`);
  const manifest = JSON.parse((await gh.readFile('main', 'certificates/api/certificate.json')) ?? '{}') as {
    serial?: string;
    certificateSha256?: string;
    keyType?: string;
  };
  let served = deployed.code === 0;
  for (const host of hosts) {
    const cert = await servedCertificate(host, 443, 'api.certflow.test');
    const ok = sha256Hex(cert.raw) === manifest.certificateSha256;
    served &&= ok;
    console.log(
      `  ${host} serves api.certflow.test: serial ${cert.serialNumber.toLowerCase()}, ${cert.publicKey.asymmetricKeyType} key ${ok ? '(the merged one)' : '(NOT the merged one)'}`,
    );
  }
  if (!served) console.log(deployed.stdout, deployed.stderr);
  return served;
}
