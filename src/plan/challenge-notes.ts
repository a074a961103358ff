/**
 * What the plan says about how due certificates will be validated: a dns-persist-01 certificate
 * renews without any DNS credential (issue 23), which is worth telling whoever maps secrets into
 * the renew job; one with a dns-01 fallback still needs its provider's secret for that case.
 */
import type { Settings } from '../config/settings.js';
import type { RenewalDecision } from '../model.js';

export function challengeNotes(settings: Settings, decisions: readonly RenewalDecision[]): string[] {
  const notes: string[] = [];
  for (const d of decisions) {
    const cert = settings.config.certificates[d.name];
    if (d.action === 'skip' || cert?.challenge !== 'dns-persist-01') continue;
    notes.push(
      cert.fallback === 'dns-01'
        ? `${d.name}: dns-persist-01: no DNS credential needed while the CA offers it (fallback: dns-01 uses dns.${cert.dns})`
        : `${d.name}: dns-persist-01: no DNS credential needed`,
    );
  }
  return notes;
}
