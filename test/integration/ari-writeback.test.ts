/**
 * ARI windows written back (issue 22): renew asks the CA (the ARI front on the bed's Pebble) for
 * the window of every stored certificate; one that moved is committed in that certificate's
 * certificate.json through the publisher (`publish: commit`, local GitHub server), with a summary
 * line. A rerun that hears the same window writes nothing, and hostile answers (a window that ends
 * before it starts, one years away, an explanation URL with control characters) are refused with
 * a warning and never written.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCommand } from '../../src/commands/plan.js';
import type { Settings } from '../../src/config/settings.js';
import type { Manifest } from '../../src/model.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, label } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { asIssued, createTestCa } from '../support/certs.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const DAY = 86_400_000;
const tag = label('aw');
const [MOVED, BACKWARDS, FAR, CONTROL] = ['moved', 'backwards', 'far', 'control'].map(
  (n) => `${tag}-${n}`,
) as [string, string, string, string];
const PR = `${tag}-pr`;
const NAMES = [MOVED, BACKWARDS, FAR, CONTROL] as string[];
/** The pull-request test's store as the base branch holds it (no window yet). */
let prBase: string;
const temps: string[] = [];
let front: AriFront;
let gh: GitHubServer;
let workspace: string;
/** certificate name -> ARI certificate ID. */
const ids = new Map<string, string>();

function settings(names = NAMES, dir = workspace, publish: Settings['publish'] = 'commit'): Settings {
  const s = acmeSettings(bed, {
    directory: front.directory,
    dns: { bind: bindProvider(bed) },
    certificates: Object.fromEntries(names.map((n) => [n, { domains: [`${n}.certflow.test`], dns: 'bind' }])),
  });
  return {
    ...s,
    workspace: dir,
    configPath: join(dir, '.github', 'certflow.yml'),
    publish,
    github: {
      token: DEFAULT_TOKEN,
      owner: gh.owner,
      repo: gh.repo,
      apiUrl: gh.url,
      baseBranch: gh.defaultBranch,
    },
  };
}

const stored = (name: string) =>
  JSON.parse(readFileSync(join(workspace, 'certificates', name, 'certificate.json'), 'utf8')) as Manifest;
const writes = (from: number) => gh.requests.slice(from).filter((r) => r.method !== 'GET');

beforeAll(async () => {
  front = await startAriFront(bed);
  gh = await GitHubServer.start();
  workspace = mkdtempSync(join(tmpdir(), 'certflow-ari-writeback-'));
  const ca = await createTestCa('certflow ari writeback');
  // Sealed to the configured recipients: a bundle to re-seal would be a change of its own.
  const recipients = settings().config.store.recipients;
  const now = Date.now();
  prBase = mkdtempSync(join(tmpdir(), 'certflow-ari-pr-'));
  temps.push(prBase);
  for (const name of [...NAMES, PR]) {
    const cert = await ca.issue(name, [`${name}.certflow.test`], {
      validity: { notBefore: new Date(now - DAY), notAfter: new Date(now + 60 * DAY) },
    });
    const bundle = await sealBundle(asIssued(cert), recipients);
    ids.set(name, bundle.manifest.ariCertId ?? '');
    await writeBundle(join(name === PR ? prBase : workspace, 'certificates'), bundle);
  }
});
afterAll(async () => {
  gh?.assertNoViolations();
  await gh?.close();
  await front?.close();
  rmSync(workspace, { recursive: true, force: true });
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A fresh checkout of the pull-request test's base branch. */
function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-ari-pr-co-'));
  temps.push(dir);
  cpSync(prBase, dir, { recursive: true });
  return dir;
}

describe('renew writes moved ARI windows back', () => {
  const now = new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const moved = { start: at(20), end: at(22) };

  it('commits the moved window alone, refuses hostile answers, and says so in the summary', async () => {
    for (const name of NAMES) expect(ids.get(name)).toMatch(/\./);
    front.answers.set(ids.get(MOVED) as string, {
      window: moved,
      explanationURL: 'https://ca.example/incidents/7',
      retryAfter: '3600',
    });
    front.answers.set(ids.get(BACKWARDS) as string, { window: { start: at(22), end: at(20) } });
    front.answers.set(ids.get(FAR) as string, { window: { start: at(20), end: '9999-01-01T00:00:00Z' } });
    front.answers.set(ids.get(CONTROL) as string, {
      window: moved,
      explanationURL: 'https://ca.example/\u001b]8;;https://evil.example\u0007x',
    });
    const before = await gh.branchSha('main');
    const count = gh.requests.length;
    const log = new MemoryLogger();
    const outcome = await renewCommand(settings(), log, now);
    expect(outcome.ok, JSON.stringify(outcome.report?.errors)).toBe(true);
    expect(outcome.report?.plan.every((d) => d.action === 'skip')).toBe(true);

    // One commit, holding exactly the moved certificate's manifest.
    expect(writes(count).map((r) => r.operationId)).toEqual([
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
    const head = await gh.branchSha('main');
    const commit = await gh.git.readCommit(head ?? '');
    expect(commit.parents).toEqual([before]);
    expect(commit.message).toMatch(new RegExp(`^Record moved ARI window: ${MOVED}\\n`));
    const files = (await gh.git.lsTree(head ?? '', true)).filter((e) => e.type === 'blob').map((e) => e.path);
    expect(files.filter((f) => f.includes(tag))).toEqual([`certificates/${MOVED}/certificate.json`]);
    const committed = JSON.parse(
      (await gh.readFile('main', `certificates/${MOVED}/certificate.json`)) ?? '{}',
    ) as Manifest;
    expect(committed.ari).toMatchObject({
      start: moved.start,
      end: moved.end,
      explanationUrl: 'https://ca.example/incidents/7',
    });
    // The rest of the manifest is the stored one: only the window changed.
    expect({ ...committed, ari: undefined }).toEqual({ ...stored(MOVED), ari: undefined });
    expect(stored(MOVED).ari?.start).toBe(moved.start);

    // Hostile answers: a warning each, nothing stored.
    for (const name of [BACKWARDS, FAR, CONTROL]) {
      expect(stored(name).ari).toBeUndefined();
      expect(log.lines.some((l) => l.includes(`ARI for ${name}`) && l.includes('refused'))).toBe(true);
    }
    expect(log.lines.join('\n')).not.toContain('evil.example');
    expect(outcome.summary).toContain(`ARI window moved for ${MOVED}: ${moved.start} .. ${moved.end}`);
    for (const name of [BACKWARDS, FAR, CONTROL]) expect(outcome.summary).not.toContain(`moved for ${name}`);
    expect(outcome.report?.warnings.filter((w) => w.includes('recipients'))).toEqual([]);
    expect(outcome.summary).not.toContain('evil.example');
  }, 180_000);

  it('a rerun that hears the same window writes nothing', async () => {
    const count = gh.requests.length;
    const asked = front.asked.length;
    const head = await gh.branchSha('main');
    // Past the stored Retry-After, so the CA is asked again, and answers the same window.
    const later = new Date(now.getTime() + 2 * 3600_000);
    const outcome = await renewCommand(settings(), new MemoryLogger(), later);
    expect(outcome.ok, JSON.stringify(outcome.report?.errors)).toBe(true);
    expect(front.asked.slice(asked)).toContain(ids.get(MOVED));
    expect(outcome.report?.ari).toBeUndefined();
    expect(writes(count)).toEqual([]);
    expect(await gh.branchSha('main')).toBe(head);
  }, 180_000);
});

describe('pull-request mode keeps moved windows on the state branch', () => {
  const now = new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const window = { start: at(30), end: at(31) };

  it('writes state.json there, not into a pull request; the next checkout plans with it and writes nothing', async () => {
    front.answers.set(ids.get(PR) as string, { window, retryAfter: '3600' });
    const main = await gh.branchSha('main');
    const first = await renewCommand(settings([PR], checkout(), 'pull-request'), new MemoryLogger(), now);
    expect(first.ok, JSON.stringify(first.report?.errors)).toBe(true);
    expect(first.summary).toContain(`ARI window moved for ${PR}: ${window.start} .. ${window.end}`);
    expect(await gh.branchSha('main')).toBe(main);
    expect(gh.pulls()).toEqual([]);
    const stateHead = await gh.branchSha('certflow/state');
    const state = JSON.parse(
      (await gh.readFile('certflow/state', `certificates/${PR}/state.json`)) ?? '{}',
    ) as {
      history: unknown[];
      ari?: { certId: string; start: string; end: string };
    };
    expect(state.history).toEqual([]);
    expect(state.ari).toMatchObject({ certId: ids.get(PR), start: window.start, end: window.end });

    // A fresh checkout (the base branch has no window): the plan takes the state branch's window
    // as the cache (its Retry-After has not passed), so it does not ask the CA.
    const asked = front.asked.length;
    const soon = new Date(now.getTime() + 10 * 60_000);
    const planned = await planCommand(settings([PR], checkout(), 'pull-request'), new MemoryLogger(), soon);
    expect(planned.report?.plan[0]?.reason).toContain(window.start);
    expect(front.asked.length).toBe(asked);

    // Past the Retry-After the CA is asked again and says the same: nothing is written anywhere.
    const count = gh.requests.length;
    const later = new Date(now.getTime() + 2 * 3600_000);
    const rerun = await renewCommand(settings([PR], checkout(), 'pull-request'), new MemoryLogger(), later);
    expect(rerun.ok, JSON.stringify(rerun.report?.errors)).toBe(true);
    expect(front.asked.slice(asked)).toContain(ids.get(PR));
    expect(rerun.report?.ari).toBeUndefined();
    expect(writes(count)).toEqual([]);
    expect(await gh.branchSha('certflow/state')).toBe(stateHead);
  }, 180_000);
});
