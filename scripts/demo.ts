/**
 * The demo: runs the bundled Action as the runner would, on a fresh git repository, against the
 * local test bed: plan -> renew (Pebble + bind9) -> seal -> publish (commit) -> deploy to three SSH
 * hosts -> verify; prints the summary, shows one host's served certificate with openssl, then runs
 * again to show that nothing is due and nothing changes. Then the default mode, publish:
 * pull-request, on the local GitHub API server (scripts/demo-pull-request.ts). It uses the bed that
 * is up ($CERTFLOW_TESTBED_DIR) and never starts or stops it: scripts/demo.sh does that.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { runBundledAction } from '../test/support/action-runner.js';
import { loadTestbedEnv } from '../test/support/testbed.js';
import { createWorkspace, gitLog, gitStatus } from '../test/support/workspace.js';
import { pullRequestDemo } from './demo-pull-request.js';

const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);
const step = (s: string) => console.log(`\n${bold(`== ${s}`)}`);

async function main(): Promise<number> {
  const bed = loadTestbedEnv();
  const ws = await createWorkspace();
  console.log(`workspace: ${ws.dir} (a git repository with .github/certflow.yml)`);
  const inputs = {
    command: 'renew',
    config: '.github/certflow.yml',
    publish: 'git',
    deploy: 'true',
    'age-identity': ws.identity,
  };

  step('plan');
  const plan = await runBundledAction({
    workspace: ws.dir,
    inputs: { ...inputs, command: 'plan' },
    env: ws.env,
  });
  console.log(plan.summary);

  step('renew, seal, commit, deploy to three hosts, verify');
  const started = Date.now();
  const first = await runBundledAction({ workspace: ws.dir, inputs, env: ws.env });
  console.log(`(exit ${first.code}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(first.summary);
  console.log('outputs:', JSON.stringify(first.outputs, null, 2));
  if (first.code !== 0) {
    console.log(first.stdout);
    return 1;
  }
  console.log(`git log (pushed to origin): ${gitLog(ws.origin, 'main').join(' | ')}`);

  const host = (bed.SSH_HOSTS ?? '127.0.0.11').split(',')[0] ?? '127.0.0.11';
  step(`what ${host} serves now (openssl s_client -servername certflow.test)`);
  const served = spawnSync(
    'openssl',
    ['s_client', '-connect', `${host}:443`, '-servername', 'certflow.test'],
    {
      input: '',
      encoding: 'utf8',
    },
  ).stdout;
  console.log(
    execFileSync(
      'openssl',
      ['x509', '-noout', '-subject', '-issuer', '-serial', '-dates', '-ext', 'subjectAltName'],
      {
        input: served,
        encoding: 'utf8',
      },
    ),
  );

  step('second run: nothing due, no changes');
  const second = await runBundledAction({ workspace: ws.dir, inputs, env: ws.env });
  console.log(second.summary);
  const clean = gitStatus(ws.dir) === '' && gitLog(ws.dir).length === 2;
  console.log(`exit ${second.code}; working tree clean and no new commit: ${clean ? 'yes' : 'NO'}`);
  if (second.code !== 0 || !clean) return 1;

  const hosts = (bed.SSH_HOSTS ?? '127.0.0.11').split(',');
  const pr = await pullRequestDemo(ws, hosts, step);
  console.log(
    `\ndefault mode: ${pr ? 'pull request opened, pending while open, merged, deployed' : 'FAILED'}`,
  );
  return pr ? 0 : 1;
}

process.exitCode = await main();
