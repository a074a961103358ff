/**
 * The commit status `certflow/verify` on certflow's own renewal pull requests. A pull request
 * opened with GITHUB_TOKEN starts no workflow, so review.yml never runs on it; the renew job
 * therefore verifies what it just published, read back from the branch as GitHub holds it (not
 * from its own working tree), and records the verdict on the branch's head commit, where branch
 * protection can require it.
 */
import type { Settings } from '../config/settings.js';
import { parseManifest } from '../store/manifest.js';
import { BUNDLE_FILES } from '../store/read.js';
import { loadTrustAnchors } from '../store/trust.js';
import { verifyBundle } from '../store/verify.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import type { GitData } from './commit.js';
import { storePathInRepo } from './files.js';
import { httpStatus } from './github-client.js';

export const VERIFY_CONTEXT = 'certflow/verify';

export interface VerifyStatus {
  sha: string;
  state: 'success' | 'failure';
  description: string;
}

/** GitHub cuts descriptions at 140 characters. */
const short = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

/** Verifies every configured bundle on `branch` as GitHub holds it, and sets the status on its head. */
export async function reportVerifyStatus(
  git: GitData,
  settings: Settings,
  branch: string,
  log: Logger,
  now: Date = new Date(),
): Promise<VerifyStatus | undefined> {
  const { owner, repo } = git.gh;
  const rest = git.client.rest;
  const sha = await git.branchHead(branch);
  if (!sha) return undefined;
  const commit = await rest.git.getCommit({ owner, repo, commit_sha: sha });
  const tree = await rest.git.getTree({ owner, repo, tree_sha: commit.data.tree.sha, recursive: 'true' });
  const blobs = new Map(tree.data.tree.filter((e) => e.type === 'blob').map((e) => [e.path, e.sha]));
  const read = async (path: string) => {
    const blobSha = blobs.get(path);
    if (!blobSha) return undefined;
    const blob = await rest.git.getBlob({ owner, repo, file_sha: blobSha });
    return Buffer.from(blob.data.content, 'base64').toString('utf8');
  };
  const trust = await loadTrustAnchors(settings);
  const store = storePathInRepo(settings);
  const problems: string[] = [];
  let checked = 0;
  const entries = Object.entries(settings.config.certificates ?? {});
  // Eight bundles at a time: one by one, a matrix run's 1,000 certificates are 2,000 round trips
  // in a row (issue 22).
  const texts = await mapLimit(entries, 8, async ([name]) => {
    const prefix = `${store ? `${store}/` : ''}${name}`;
    const [manifestText, fullchain] = await Promise.all([
      read(`${prefix}/${BUNDLE_FILES.manifest}`),
      read(`${prefix}/${BUNDLE_FILES.fullchain}`),
    ]);
    return { prefix, manifestText, fullchain };
  });
  for (const [i, [name, cert]] of entries.entries()) {
    const { prefix, manifestText, fullchain } = texts[i] ?? {};
    if (manifestText === undefined && fullchain === undefined) continue;
    checked++;
    try {
      if (manifestText === undefined || fullchain === undefined) throw new Error('a bundle file is missing');
      const manifest = parseManifest(manifestText, `${prefix}/${BUNDLE_FILES.manifest}`);
      const verdict = verifyBundle(name, manifest, fullchain, {
        domains: cert.domains,
        trust,
        now,
        requireUnexpired: true,
      });
      problems.push(...verdict.findings.map((f) => f.message));
    } catch (error) {
      problems.push(`bundle ${name}: ${errorMessage(error)}`);
    }
  }
  const status: VerifyStatus = {
    sha,
    state: problems.length === 0 ? 'success' : 'failure',
    description: short(problems.length === 0 ? `all ${checked} bundles valid` : problems.join('; ')),
  };
  try {
    await rest.repos.createCommitStatus({
      owner,
      repo,
      sha,
      state: status.state,
      context: VERIFY_CONTEXT,
      description: status.description,
      ...(settings.runUrl ? { target_url: settings.runUrl } : {}),
    });
    log.info(`${VERIFY_CONTEXT} on ${branch} (${sha.slice(0, 12)}): ${status.state}: ${status.description}`);
  } catch (error) {
    const code = httpStatus(error);
    if (code === 403 || code === 404) {
      log.warn(
        `cannot set the commit status ${VERIFY_CONTEXT} on ${branch} (HTTP ${code}): give the renew job \`statuses: write\` (renew.yml permissions) so branch protection can require it`,
      );
      return status;
    }
    throw error;
  }
  return status;
}
