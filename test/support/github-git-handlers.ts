/**
 * The git data handlers of the local GitHub server (blobs, trees, commits, refs), on the real bare
 * repository. They refuse what GitHub refuses: 422 on a ref update that is not a fast forward or
 * lost a race, on a tree entry with both `sha` and `content`, on a tree too big to build in time,
 * and on a change a branch ruleset forbids.
 */
import type { Context, Reply } from './github-handlers.js';
import { commitJson, refJson, repoUrl, treeJson } from './github-json.js';
import { ruleViolation } from './github-rules.js';
import { notFound } from './github-server.js';

type Handler = (ctx: Context) => Promise<Reply>;
type Body = Record<string, unknown>;

const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

export function invalid(message: string, errors: unknown[] = []): Reply {
  return {
    status: 422,
    body: { message, errors, documentation_url: 'https://docs.github.com/rest', status: '422' },
  };
}

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

export const GIT_HANDLERS: Record<string, Handler> = {
  'git/create-blob': async ({ gh, body }) => {
    const b = body as Body;
    const encoding = (b['encoding'] as string | undefined) ?? 'utf-8';
    if (!['utf-8', 'utf8', 'base64'].includes(encoding))
      return invalid(`encoding ${encoding} is not supported`);
    const bytes = Buffer.from(b['content'] as string, encoding === 'base64' ? 'base64' : 'utf8');
    const sha = await gh.git.hashObject(bytes);
    return { status: 201, body: { sha, url: `${repoUrl(gh)}/git/blobs/${sha}` } };
  },

  'git/get-blob': async ({ gh, params }) => {
    const sha = params['file_sha'] ?? '';
    if ((await gh.git.objectType(sha)) !== 'blob') return { status: 404, body: notFound() };
    const bytes = await gh.git.readBlob(sha);
    const content = (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
    return {
      status: 200,
      body: {
        sha,
        node_id: `B_${sha.slice(0, 16)}`,
        size: bytes.length,
        url: `${repoUrl(gh)}/git/blobs/${sha}`,
        content: `${content}\n`,
        encoding: 'base64',
      },
    };
  },

  'git/create-tree': async ({ gh, body }) => {
    const b = body as { tree: Array<Body>; base_tree?: string };
    if (b.base_tree && (await gh.git.objectType(b.base_tree)) !== 'tree') {
      return invalid('Invalid tree info', [{ resource: 'Tree', field: 'base_tree', code: 'invalid' }]);
    }
    if (gh.maxTreeEntries !== undefined && b.tree.length > gh.maxTreeEntries) {
      // GitHub's words and status when a tree takes too long to build.
      return {
        status: 422,
        body: {
          message:
            "Sorry, your request timed out.  It's likely that your input was too large to process.  Consider building the tree incrementally, or building the commits you need in a local clone of the repository and then pushing them to GitHub.",
          documentation_url: 'https://docs.github.com/rest/git/trees#create-a-tree',
          status: '422',
        },
      };
    }
    for (const entry of b.tree) {
      const path = entry['path'] as string;
      if (entry['mode'] === undefined || entry['type'] === undefined) {
        return invalid('Must supply tree.mode and tree.type');
      }
      if (entry['sha'] !== undefined && entry['content'] !== undefined) {
        return invalid('Must supply either tree.sha or tree.content, not both');
      }
      if (
        !path ||
        path.startsWith('/') ||
        path.endsWith('/') ||
        path.split('/').some((p) => p === '' || p === '..')
      ) {
        return invalid(`tree.path ${JSON.stringify(path)} is invalid`);
      }
    }
    // Inline content: GitHub writes each blob (the UTF-8 bytes as sent) and uses its SHA for the
    // entry. One `git hash-object -w` for all of them keeps big trees fast.
    const inline = b.tree.filter((e) => e['content'] !== undefined);
    const written = await gh.git.hashObjects(inline.map((e) => Buffer.from(e['content'] as string, 'utf8')));
    const contentSha = new Map(inline.map((e, i) => [e, written[i]]));
    const changes = [];
    for (const entry of b.tree) {
      const type = entry['type'] as 'blob' | 'tree' | 'commit';
      let sha = entry['sha'] as string | null | undefined;
      let valid: boolean;
      if (contentSha.has(entry)) {
        sha = contentSha.get(entry);
        valid = type === 'blob';
      } else {
        valid =
          sha === null ||
          (sha !== undefined && (type === 'commit' || (await gh.git.objectType(sha)) === type));
      }
      if (!valid) return invalid('Invalid tree info', [{ resource: 'Tree', field: 'sha', code: 'invalid' }]);
      changes.push({ path: entry['path'] as string, mode: entry['mode'] as string, type, sha: sha ?? null });
    }
    const sha = await gh.git.buildTree(b.base_tree, changes);
    return { status: 201, body: await treeJson(gh, sha, false) };
  },

  'git/get-tree': async ({ gh, params, query }) => {
    const wanted = params['tree_sha'] ?? '';
    const sha = (
      await gh.git.git(['rev-parse', '--verify', '--quiet', `${wanted}^{tree}`]).catch(() => '')
    ).trim();
    if (!sha) return { status: 404, body: notFound() };
    return { status: 200, body: await treeJson(gh, sha, query.has('recursive')) };
  },

  'git/create-commit': async ({ gh, body }) => {
    const b = body as {
      message: string;
      tree: string;
      parents?: string[];
      author?: { name: string; email: string; date?: string };
    };
    if ((await gh.git.objectType(b.tree)) !== 'tree') return invalid('Tree SHA does not exist');
    for (const p of b.parents ?? []) {
      if ((await gh.git.objectType(p)) !== 'commit')
        return invalid('Parent SHA does not exist or is not a commit object');
    }
    const sha = await gh.git.commitTree(b.tree, b.parents ?? [], b.message, b.author ?? BOT);
    return { status: 201, body: await commitJson(gh, sha) };
  },

  'git/get-commit': async ({ gh, params }) => {
    const sha = params['commit_sha'] ?? '';
    if ((await gh.git.objectType(sha)) !== 'commit') return { status: 404, body: notFound() };
    return { status: 200, body: await commitJson(gh, sha) };
  },

  'git/get-ref': async ({ gh, params }) => {
    const ref = fullRef(params['ref'] ?? '');
    const sha = await gh.git.resolveRef(ref);
    if (!sha || !/^refs\/(heads|tags)\//.test(ref)) return { status: 404, body: notFound() };
    return { status: 200, body: refJson(gh, ref, sha) };
  },

  'git/create-ref': async ({ gh, body }) => {
    const b = body as { ref: string; sha: string };
    if (!/^refs\/[^/]+\/.+/.test(b.ref))
      return invalid('Reference name must start with refs/ and have at least two slashes');
    if ((await gh.git.objectType(b.sha)) !== 'commit') return invalid('Object does not exist');
    if (!(await gh.git.updateRef(b.ref, b.sha, ''))) return invalid('Reference already exists');
    return { status: 201, body: refJson(gh, b.ref, b.sha) };
  },

  'git/update-ref': async ({ gh, params, body, token }) => {
    const ref = fullRef(params['ref'] ?? '');
    const refused = ruleViolation(gh.rulesets, ref, token);
    if (refused) return refused;
    const b = body as { sha: string; force?: boolean };
    const current = await gh.git.resolveRef(ref);
    if (!current) return invalid('Reference does not exist');
    if ((await gh.git.objectType(b.sha)) !== 'commit') return invalid('Object does not exist');
    await gh.onBeforeRefUpdate?.(ref);
    const now = (await gh.git.resolveRef(ref)) as string;
    if (!b.force && !(await gh.git.isAncestor(now, b.sha))) return invalid('Update is not a fast forward');
    // The old-value check is what makes a race lose with 422 instead of overwriting a push.
    if (!(await gh.git.updateRef(ref, b.sha, current))) return invalid('Reference cannot be updated');
    return { status: 200, body: refJson(gh, ref, b.sha) };
  },

  'git/delete-ref': async ({ gh, params, token }) => {
    const ref = fullRef(params['ref'] ?? '');
    const refused = ruleViolation(gh.rulesets, ref, token);
    if (refused) return refused;
    if (!(await gh.git.resolveRef(ref))) return invalid('Reference does not exist');
    await gh.git.deleteRef(ref);
    return { status: 204 };
  },
};
