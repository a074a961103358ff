/**
 * The guard's book for one run: it loads each due certificate's history and back-off once, records
 * the failed orders, and says which of its files to publish in each mode.
 *
 * Guard state is published with the bundles in the `commit` and `git` modes, in a commit of its own
 * when nothing was renewed: CI starts from a fresh checkout, and state left in the working tree
 * would be gone by the next run. In `pull-request` mode it goes to the state branch instead
 * (src/guard/state-branch.ts, docs/store-and-publish.md); in `none` the working tree is all that is
 * published anyway.
 */
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { isForced } from '../config/settings.js';
import type { IssueResult, Manifest, RenewalDecision } from '../model.js';
import type { ExtraFile } from '../publish/files.js';
import type { RunContext } from '../run.js';
import { serializeManifest } from '../store/manifest.js';
import type { SealedBundle } from '../store/seal.js';
import { errorMessage } from '../util/errors.js';
import { recordFailure } from './backoff.js';
import { type GuardHistory, HISTORY_MAX } from './history.js';
import { clearGuardState, GUARD_STATE_FILE, readGuardState, saveFailure } from './state.js';
import { type StateWindows, saveStateBranch } from './state-branch.js';

interface RecordedFailure {
  name: string;
  /** Absolute path of the file holding the state (certificate.json or state.json). */
  file: string;
  nextAttemptAt?: string;
}

export class GuardLedger {
  private readonly recorded: RecordedFailure[] = [];

  private constructor(
    private readonly run: RunContext,
    private readonly dir: string,
    private readonly manifests: Map<string, Manifest | undefined>,
    private readonly states: Map<string, GuardHistory>,
  ) {}

  /** Loads the guard state of every certificate the plan wants ordered. */
  static async load(
    run: RunContext,
    dir: string,
    decisions: RenewalDecision[],
    manifests: Map<string, Manifest | undefined>,
  ): Promise<GuardLedger> {
    const states = new Map<string, GuardHistory>();
    for (const decision of decisions) {
      if (decision.action === 'skip') continue;
      const manifest = manifests.get(decision.name);
      try {
        states.set(decision.name, await readGuardState(dir, decision.name, manifest));
      } catch (error) {
        run.log.warn(`${decision.name}: guard state unreadable, ordering without it: ${errorMessage(error)}`);
        states.set(decision.name, { history: manifest?.history ?? [] });
      }
    }
    return new GuardLedger(run, dir, manifests, states);
  }

  /** The history and back-off of a certificate the plan wanted ordered. */
  state(name: string): GuardHistory | undefined {
    return this.states.get(name);
  }

  /**
   * The manifest a success is sealed on top of: the previous one with the guard's history, and no
   * back-off, because this attempt succeeded. Undefined for a first issuance.
   */
  sealBase(name: string): Manifest | undefined {
    const previous = this.manifests.get(name);
    if (!previous) return undefined;
    return { ...previous, history: this.states.get(name)?.history ?? previous.history, backoff: undefined };
  }

  /**
   * A first issuance has no previous manifest to carry history from; its failures (from state.json,
   * which this success deletes) go into the new manifest, so the guard still counts them. History
   * and back-off are outside the key's hash binding, so re-serializing keeps the bundle valid.
   */
  withFirstFailures(bundle: SealedBundle): SealedBundle {
    const failures = this.manifests.get(bundle.name) ? [] : (this.states.get(bundle.name)?.history ?? []);
    if (failures.length === 0) return bundle;
    const manifest: Manifest = {
      ...bundle.manifest,
      history: [...failures, ...(bundle.manifest.history ?? [])].slice(-HISTORY_MAX),
    };
    return {
      ...bundle,
      manifest,
      files: { ...bundle.files, 'certificate.json': serializeManifest(manifest) },
    };
  }

  /**
   * Remembers every failed order (history + back-off) so the next runs do not hammer the CA. Orders
   * the guard refused were never placed and count for nothing. Nothing is written in a dry run.
   */
  async recordFailures(
    results: IssueResult[],
    decisions: RenewalDecision[],
    warnings: string[],
  ): Promise<void> {
    if (this.run.settings.dryRun) return;
    for (const result of results) {
      if (result.ok || result.refused || !this.states.has(result.name)) continue;
      const decision = decisions.find((d) => d.name === result.name);
      try {
        const update = recordFailure(this.states.get(result.name), {
          domains: decision?.domains ?? [],
          // Kept in certificate.json / state.json and committed: no secret the error quotes.
          error: this.run.log.redact(result.error.message),
          forced: isForced(this.run.settings, result.name),
          now: this.run.now,
        });
        const saved = await saveFailure(this.dir, result.name, this.manifests.get(result.name), update);
        const next = update.backoff?.nextAttemptAt;
        this.recorded.push({ name: result.name, file: saved.file, ...(next ? { nextAttemptAt: next } : {}) });
        if (next) this.run.log.info(`${result.name}: next automatic attempt not before ${next}`);
      } catch (error) {
        warnings.push(`${result.name}: could not record the failure for back-off: ${errorMessage(error)}`);
      }
    }
  }

  /**
   * The guard state to publish: every file a failure was recorded in (changed or not: the working
   * tree may hold state an earlier run failed to publish; the publish compares with the branch), and
   * the removal of state.json for each renewed certificate (its history moved into the manifest).
   * None in none mode or a dry run; in pull-request mode they are written to the state branch here.
   */
  async filesToPublish(bundles: SealedBundle[], windows: StateWindows = []): Promise<ExtraFile[]> {
    const { settings, log } = this.run;
    if (settings.dryRun || settings.publish === 'none') return [];
    if (settings.publish === 'pull-request') {
      // The guard state goes to the state branch, not into the renewal pull request.
      try {
        await saveStateBranch(settings, this.recorded, bundles, log, undefined, windows);
      } catch (error) {
        log.warn(
          `${errorMessage(error)}; the failure history and back-off stay in the working tree only, so the next run from a fresh checkout retries without back-off`,
        );
      }
      return [];
    }
    const extras: ExtraFile[] = [];
    for (const f of this.recorded) {
      const content = await readFile(f.file, 'utf8').catch(() => undefined);
      if (content !== undefined)
        extras.push({ path: relative(this.dir, f.file).split(sep).join('/'), content });
    }
    for (const b of bundles) extras.push({ path: `${b.name}/${GUARD_STATE_FILE}`, content: null });
    return extras;
  }

  /** "Record failed renewal: www (next attempt after 2026-…)" for a commit holding only guard state. */
  commitMessage(): string | undefined {
    const failures = this.recorded;
    if (failures.length === 0) return undefined;
    const names = failures.map((f) =>
      f.nextAttemptAt ? `${f.name} (next attempt after ${f.nextAttemptAt})` : f.name,
    );
    return `Record failed renewal${failures.length > 1 ? 's' : ''}: ${names.join(', ')}`;
  }

  /** After publishing: the renewed certificates' state.json files are gone from the working tree too. */
  async clearPublished(bundles: SealedBundle[]): Promise<void> {
    if (this.run.settings.dryRun) return;
    for (const b of bundles) await clearGuardState(this.dir, b.name).catch(() => undefined);
  }
}
