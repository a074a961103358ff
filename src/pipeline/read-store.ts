/** The first step of renew: every configured certificate's stored bundle, with fresh ARI windows. */
import { refreshStoredAriWindows } from '../acme/issue.js';
import { applyStateWindows } from '../guard/state.js';
import type { Manifest } from '../model.js';
import type { RunContext } from '../run.js';
import { readStoredCertificate, type StoredState } from '../store/read.js';
import { mapLimit } from '../util/pool.js';
import { type MovedWindow, windowMoved } from './ari-writeback.js';

export interface StoreSnapshot {
  stored: Map<string, StoredState>;
  /** The manifest of each certificate that has a readable bundle (undefined otherwise). */
  manifests: Map<string, Manifest | undefined>;
  /** Windows the CA moved since they were stored (src/pipeline/ari-writeback.ts writes them back). */
  ariMoved: MovedWindow[];
}

/** Reads the store; ARI windows are refreshed from the CA in memory only (the plan reads them). */
export async function readStore(run: RunContext, dir: string): Promise<StoreSnapshot> {
  const { settings, log } = run;
  const names = Object.keys(settings.config.certificates);
  const states = await mapLimit(names, 16, (name) => readStoredCertificate(dir, name));
  const stored = new Map(states.map((s) => [s.name, s]));
  const manifests = new Map<string, Manifest | undefined>(
    states.map((s) => [s.name, s.state === 'present' ? s.manifest : undefined]),
  );
  const ariMoved: MovedWindow[] = [];
  // Pull-request mode keeps the last windows on the state branch (loaded by renew first).
  await applyStateWindows(dir, manifests);
  // A matrix shard (settings.only) asks about its own certificates: the other shards ask about
  // theirs, and each writes back only what it asked (issue 22).
  const asked = new Map([...manifests].filter(([name]) => !settings.only || settings.only.includes(name)));
  if (settings.config.renewal.ari && [...asked.values()].some(Boolean)) {
    const windows = await log.group('ARI', () =>
      refreshStoredAriWindows(settings, asked, log, { now: run.now }),
    );
    for (const [name, window] of windows) {
      const m = manifests.get(name);
      if (!m || !window) continue;
      if (m.ariCertId && windowMoved(m.ari, window)) {
        const before = m.ari ? { start: m.ari.start, end: m.ari.end } : undefined;
        ariMoved.push({ name, certId: m.ariCertId, ...(before ? { before } : {}), after: window });
      }
      m.ari = window;
    }
  }
  return { stored, manifests, ariMoved };
}
