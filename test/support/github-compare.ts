/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}` for the local GitHub server: the commits the
 * head has since the merge base (oldest first, as GitHub lists them) and the files the three-dot
 * diff changes. Refs may be branch names or commit SHAs, as on GitHub.
 */
import type { Context, Reply } from './github-handlers.js';
import { commitJson, repoUrl } from './github-json.js';
import { notFound } from './github-server.js';

const STATUS: Record<string, string> = { A: 'added', D: 'removed', M: 'modified', T: 'changed' };

export async function compareCommits({ gh, params }: Context): Promise<Reply> {
  // GitHub's description has both spellings of the path: {basehead} and {base}...{head}.
  const [baseRef = '', headRef = ''] =
    params['basehead'] !== undefined ? params['basehead'].split('...') : [params['base'], params['head']];
  const base = await gh.git.resolveRef(/^[0-9a-f]{40}$/.test(baseRef) ? baseRef : `refs/heads/${baseRef}`);
  const head = await gh.git.resolveRef(/^[0-9a-f]{40}$/.test(headRef) ? headRef : `refs/heads/${headRef}`);
  if (!base || !head) return { status: 404, body: notFound() };
  const mergeBase = (await gh.git.git(['merge-base', base, head])).trim();
  const ahead = (await gh.git.git(['rev-list', '--reverse', `${mergeBase}..${head}`]))
    .split('\n')
    .filter(Boolean);
  const behind = (await gh.git.git(['rev-list', `${mergeBase}..${base}`])).split('\n').filter(Boolean);
  const diff = (await gh.git.git(['diff', '--no-renames', '--name-status', '-z', mergeBase, head])).split(
    '\0',
  );
  // The head's blob SHAs in one listing, not a rev-parse per changed file.
  const headFiles = new Map((await gh.git.lsTree(head, true)).map((e) => [e.path, e.sha]));
  const files = [];
  for (let i = 0; i + 1 < diff.length; i += 2) {
    const status = STATUS[diff[i] ?? ''] ?? 'changed';
    const filename = Buffer.from(diff[i + 1] ?? '', 'latin1').toString('utf8');
    const sha = status === 'removed' ? '0'.repeat(40) : (headFiles.get(filename) ?? '0'.repeat(40));
    files.push({
      sha,
      filename,
      status,
      additions: 0,
      deletions: 0,
      changes: 0,
      blob_url: `https://github.test/${gh.owner}/${gh.repo}/blob/${head}/${filename}`,
      raw_url: `https://github.test/${gh.owner}/${gh.repo}/raw/${head}/${filename}`,
      contents_url: `${repoUrl(gh)}/contents/${filename}?ref=${head}`,
    });
  }
  const commit = async (sha: string) => {
    const c = await commitJson(gh, sha);
    return {
      url: `${repoUrl(gh)}/commits/${sha}`,
      sha,
      node_id: c.node_id,
      html_url: c.html_url,
      comments_url: `${repoUrl(gh)}/commits/${sha}/comments`,
      commit: {
        url: c.url,
        author: c.author,
        committer: c.committer,
        message: c.message,
        comment_count: 0,
        tree: c.tree,
      },
      author: null,
      committer: null,
      parents: c.parents,
    };
  };
  const web = `https://github.test/${gh.owner}/${gh.repo}/compare/${baseRef}...${headRef}`;
  return {
    status: 200,
    body: {
      url: `${repoUrl(gh)}/compare/${baseRef}...${headRef}`,
      html_url: web,
      permalink_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      base_commit: await commit(base),
      merge_base_commit: await commit(mergeBase),
      status:
        ahead.length === 0
          ? behind.length === 0
            ? 'identical'
            : 'behind'
          : behind.length === 0
            ? 'ahead'
            : 'diverged',
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: await Promise.all(ahead.map(commit)),
      files,
    },
  };
}
