/**
 * The run report as Prometheus text exposition (format 0.0.4), for node_exporter's textfile
 * collector (`--metrics FILE`) or a Pushgateway (`--pushgateway URL`). Pure: made from the report
 * and a clock. Gauges only: every value is what the last run saw, not a count that grows.
 *
 * Label values come from the config (certificate, target and host names) and are escaped as the
 * format says (backslash, double quote, line feed), so no name can add a line or a metric.
 */
import type { RunReport } from '../model.js';

interface Family {
  name: string;
  help: string;
  samples: Array<{ labels: Record<string, string>; value: number }>;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function render(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`);
    // One sample per label set: a repeated set would make the whole exposition invalid.
    const seen = new Set<string>();
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      if (seen.has(labels)) continue;
      seen.add(labels);
      out.push(`${f.name}${labels ? `{${labels}}` : ''} ${number(s.value)}`);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

const seconds = (iso: string, now: Date) => Math.round((Date.parse(iso) - now.getTime()) / 1000);

/** Whether a report counts as a success (the same rule as the run's outcome). */
export type OkRule = (report: RunReport) => boolean;

export function renderMetrics(report: RunReport, now: Date, ok: OkRule): string {
  const command = report.command;
  const served: Family = {
    name: 'certflow_served_certificate_expiry_seconds',
    help: 'Seconds until the certificate a host serves expires (negative: expired), per certificate and host.',
    samples: [],
  };
  const stored: Family = {
    name: 'certflow_stored_certificate_expiry_seconds',
    help: 'Seconds until the stored certificate expires (negative: expired), per certificate.',
    samples: [],
  };
  const matches: Family = {
    name: 'certflow_served_matches_stored',
    help: 'Whether the host serves the stored certificate (1) or another or none (0).',
    samples: [],
  };
  const checkOk: Family = {
    name: 'certflow_check_ok',
    help: 'Whether the check of a certificate on a host passed (1) or not (0); the status label says why.',
    samples: [],
  };
  for (const c of report.checks ?? []) {
    const where = { certificate: c.certificate, target: c.target, host: c.host, port: String(c.port) };
    if (c.served) served.samples.push({ labels: where, value: seconds(c.served.notAfter, now) });
    if (c.stored)
      stored.samples.push({ labels: { certificate: c.certificate }, value: seconds(c.stored.notAfter, now) });
    if (c.stored) {
      matches.samples.push({ labels: where, value: c.served?.sha256 === c.stored.sha256 ? 1 : 0 });
    }
    checkOk.samples.push({ labels: { ...where, status: c.status }, value: c.ok ? 1 : 0 });
  }

  const phases: Family = {
    name: 'certflow_deploy_phase_duration_seconds',
    help: 'How long each phase of the last deploy to a host took.',
    samples: [],
  };
  const deployOk: Family = {
    name: 'certflow_deploy_ok',
    help: 'Whether the last deploy to a host succeeded (1) or not (0).',
    samples: [],
  };
  for (const d of report.deploys) {
    const where = { target: d.target, host: d.host, certificate: d.certificates.join(',') };
    deployOk.samples.push({ labels: where, value: d.ok ? 1 : 0 });
    for (const [phase, ms] of Object.entries(d.timings ?? {})) {
      if (typeof ms === 'number') phases.samples.push({ labels: { ...where, phase }, value: ms / 1000 });
    }
  }

  // check with renew-workflow: whether the renew schedule still runs, and its last success.
  const schedule = report.command === 'check' ? report.schedule : undefined;
  const scheduleFamilies: Family[] = schedule
    ? [
        {
          name: 'certflow_renew_workflow_ok',
          help: 'Whether the renew workflow is enabled and succeeded within twice its schedule interval (1) or not (0).',
          samples: [{ labels: { workflow: schedule.workflow }, value: schedule.ok ? 1 : 0 }],
        },
        {
          name: 'certflow_renew_workflow_last_success_timestamp_seconds',
          help: 'When the renew workflow last succeeded, in seconds since the Unix epoch.',
          samples: schedule.lastSuccessAt
            ? [
                {
                  labels: { workflow: schedule.workflow },
                  value: Math.round(Date.parse(schedule.lastSuccessAt) / 1000),
                },
              ]
            : [],
        },
      ]
    : [];

  const finished = Date.parse(report.finishedAt || report.startedAt);
  const run: Family[] = [
    {
      name: 'certflow_last_run_timestamp_seconds',
      help: 'When the last run of this command finished, in seconds since the Unix epoch.',
      samples: [{ labels: { command }, value: Math.round(finished / 1000) }],
    },
    {
      name: 'certflow_last_run_success',
      help: 'Whether the last run of this command succeeded (1) or failed (0).',
      samples: [{ labels: { command }, value: ok(report) ? 1 : 0 }],
    },
    {
      name: 'certflow_last_run_duration_seconds',
      help: 'How long the last run of this command took.',
      samples: [{ labels: { command }, value: (finished - Date.parse(report.startedAt)) / 1000 }],
    },
  ];
  return render([served, stored, matches, checkOk, phases, deployOk, ...scheduleFamilies, ...run]);
}
