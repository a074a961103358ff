/**
 * The one sticky comment `verify` keeps on a pull request: found again by a hidden marker and
 * edited on each rerun, so a busy PR holds one verdict, not one per push. A token that may not
 * write (the read-only token of a fork's pull request) skips it quietly: the job summary and the
 * exit code still carry the verdict.
 */
import type { GitHubSettings } from '../config/settings.js';
import { createGitHubClient, type GitHubClient, httpStatus } from '../publish/github-client.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';

export const COMMENT_MARKER = '<!-- certflow:verify -->';
/** GitHub refuses comment bodies past 65,536 characters. */
const MAX_BODY = 65_000;

export type CommentResult = 'created' | 'updated' | 'skipped';

/**
 * Ours only when a bot wrote it: anyone may type the marker into a comment of their own, and
 * certflow must not rewrite a person's words (nor be steered into editing them).
 */
function isOurs(comment: { body?: string | null; user?: { type?: string } | null }): boolean {
  return comment.user?.type === 'Bot' && (comment.body ?? '').startsWith(COMMENT_MARKER);
}

export function commentBody(markdown: string, runUrl?: string): string {
  const link = runUrl ? `\n\n<sub>[certflow verify run](${runUrl})</sub>` : '';
  const room = MAX_BODY - COMMENT_MARKER.length - link.length - 60;
  const text =
    markdown.length > room ? `${markdown.slice(0, room)}\n\n…cut: the job summary has the rest.` : markdown;
  return `${COMMENT_MARKER}\n${text}${link}`;
}

export async function upsertVerifyComment(
  github: GitHubSettings,
  pullRequest: number,
  body: string,
  log: Logger,
  given?: GitHubClient,
): Promise<CommentResult> {
  const client = given ?? (await createGitHubClient(github, log));
  const where = { owner: github.owner, repo: github.repo, issue_number: pullRequest };
  try {
    const comments = await client.paginate(client.rest.issues.listComments, { ...where, per_page: 100 });
    const mine = comments.find(isOurs);
    if (mine) {
      await client.rest.issues.updateComment({
        owner: github.owner,
        repo: github.repo,
        comment_id: mine.id,
        body,
      });
      log.info(`updated the verify comment on pull request #${pullRequest}`);
      return 'updated';
    }
    await client.rest.issues.createComment({ ...where, body });
    log.info(`commented the verdict on pull request #${pullRequest}`);
    return 'created';
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
      log.info(
        `no pull request comment: the token may not write to #${pullRequest} (HTTP ${status}), as on pull requests from forks; the job summary holds the verdict`,
      );
      return 'skipped';
    }
    log.warn(`could not comment on pull request #${pullRequest}: ${errorMessage(error)}`);
    return 'skipped';
  }
}
