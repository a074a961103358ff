/**
 * Alerts at the end of a run: the `certflow-alert` issue and the webhook. An alert that cannot be
 * sent is a warning: it never turns a run's result into something else.
 */
import type { Settings } from '../config/settings.js';
import type { RunReport } from '../model.js';
import { reportOk } from '../report/facts.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { IssueAlertResult } from './github.js';
import { ALERT_LABEL, ALERT_TITLE, issueBody, resolvedComment, webhookPayload } from './message.js';
import { postWebhook, type WebhookResult } from './webhook.js';

export { ALERT_LABEL } from './message.js';

/** Commands whose outcome says something about the certificates; `plan` only looks. */
const ALERTING = new Set(['renew', 'deploy', 'check']);

export interface AlertOptions {
  /** Link to the workflow run, shown in issues and messages. */
  runUrl?: string;
  webhookTimeoutMs?: number;
  webhookRetryDelayMs?: number;
}

export interface AlertResult {
  issue?: IssueAlertResult;
  webhook?: WebhookResult;
  /** Why nothing was sent, when nothing was. */
  skipped?: string;
}

export async function sendAlerts(
  settings: Settings,
  report: RunReport,
  log: Logger,
  options: AlertOptions = {},
): Promise<AlertResult> {
  const result: AlertResult = {};
  if (!ALERTING.has(report.command)) return { skipped: `command ${report.command} sends no alerts` };
  const ok = reportOk(report);
  if (settings.alertIssue) result.issue = await issueAlert(settings, report, ok, log, options);
  if (settings.webhookUrl && (!ok || settings.webhookAlways)) {
    log.secret(settings.webhookUrl);
    const webhook = await postWebhook(settings.webhookUrl, webhookPayload(report, ok, options.runUrl), {
      timeoutMs: options.webhookTimeoutMs,
      retryDelayMs: options.webhookRetryDelayMs,
    });
    result.webhook = webhook;
    if (webhook.ok) log.info(`webhook: alert posted (HTTP ${webhook.status})`);
    else log.warn(`webhook: ${webhook.error}. The run's result is unchanged; check webhook-url.`);
  }
  return result;
}

async function issueAlert(
  settings: Settings,
  report: RunReport,
  ok: boolean,
  log: Logger,
  options: AlertOptions,
): Promise<IssueAlertResult | undefined> {
  // A dry run changes nothing that matters, so it neither raises nor clears the alarm.
  if (report.dryRun) {
    log.info('alert-issue: dry run, the alert issue is left as it is');
    return { action: 'none' };
  }
  const gh = settings.github;
  if (!gh) {
    log.warn(
      'alert-issue is on, but there is no GitHub repository or token to open the issue in (set github-token).',
    );
    return undefined;
  }
  log.secret(gh.token);
  try {
    // Octokit is loaded only when an alert is sent (issue 22, start-up).
    const { alertClient, raiseAlert, resolveAlert } = await import('./github.js');
    const client = alertClient(gh, log);
    const outcome = ok
      ? await resolveAlert(client, gh, {
          comment: resolvedComment(report, options.runUrl),
          label: ALERT_LABEL,
        })
      : await raiseAlert(client, gh, {
          title: ALERT_TITLE,
          body: issueBody(report, options.runUrl),
          label: ALERT_LABEL,
        });
    if (outcome.issue)
      log.info(`alert-issue: ${outcome.action} #${outcome.issue.number} ${outcome.issue.url}`);
    return outcome;
  } catch (error) {
    const status = (error as { status?: number }).status;
    const advice =
      status === 403 || status === 404
        ? ' The token needs "issues: write" permission on the repository.'
        : '';
    log.warn(
      `alert-issue: could not update the ${ALERT_LABEL} issue in ${gh.owner}/${gh.repo}: ${errorMessage(error)}.${advice}`,
    );
    return undefined;
  }
}
