/**
 * The metrics end of a run: write the exposition file and push it, when asked. A failure of either
 * is a run error (monitoring that silently stopped is worse than a red run), never a crash.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { RunReport } from '../model.js';
import { renderMetrics } from '../report/metrics.js';
import { reportOk } from '../report/outputs.js';
import { pushMetrics, shownUrl } from '../report/pushgateway.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';

export async function publishMetrics(settings: Settings, report: RunReport, log: Logger): Promise<void> {
  if (!settings.metricsPath && !settings.pushgatewayUrl) return;
  // Rendered as if nothing below fails: a failed push cannot be in the metrics it pushes.
  const text = renderMetrics(report, new Date(), reportOk);
  if (settings.metricsPath) {
    const path = settings.metricsPath;
    try {
      await mkdir(dirname(path), { recursive: true });
      // Written beside and renamed: a textfile collector never reads half a file.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o644 });
      await rename(tmp, path);
      log.info(`metrics written to ${path}`);
    } catch (error) {
      report.errors.push({
        message: `could not write metrics to ${path}: ${errorMessage(error)}`,
      });
    }
  }
  if (settings.pushgatewayUrl) {
    const pushed = await pushMetrics(settings.pushgatewayUrl, report.command, text);
    if (pushed.ok) log.info(`metrics pushed to ${shownUrl(settings.pushgatewayUrl)}`);
    else
      report.errors.push({
        message: log.redact(pushed.message),
        hint: 'check pushgateway-url (--pushgateway) and that the Pushgateway is up',
      });
  }
}
