/**
 * The inputs of `revoke` (and `rotate --revoke-old`): `--serial` / input `serial` and `--reason` /
 * input `reason`, shared by the CLI and the Action so both say the same about bad values.
 */
import { isRevocationReason, REVOCATION_REASONS, type RevocationReason } from '../acme/reasons.js';
import type { Command } from './settings.js';
import { didYouMean } from './suggest.js';
import type { Problems } from './values.js';

/** Upper-case, colons or a 0x prefix are accepted; the store writes lower-case hex without them. */
export function normalizeSerial(value: string): string | undefined {
  const hex = value.trim().replace(/^0x/i, '').replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{1,64}$/.test(hex) ? hex : undefined;
}

/**
 * `{serial, reason}` for revoke; undefined for other commands (a serial or reason given to them is
 * a problem, not silently ignored). `names` are how the user spells the two inputs.
 */
export function parseRevokeInputs(
  command: Command,
  serial: string | undefined,
  reason: string | undefined,
  problems: Problems,
  names: { serial: string; reason: string; revokeOld: string },
  revokeOld = false,
): { serial?: string; reason: RevocationReason; revokeOld?: boolean } | undefined {
  const s = serial?.trim() ?? '';
  const r = reason?.trim() ?? '';
  if (command !== 'revoke' && command !== 'rotate') {
    if (s) problems.add(names.serial, 'only makes sense with revoke');
    if (r) problems.add(names.reason, 'only makes sense with revoke or rotate');
    if (revokeOld) problems.add(names.revokeOld, 'only makes sense with rotate');
    return undefined;
  }
  if (command === 'revoke' && revokeOld) problems.add(names.revokeOld, 'only makes sense with rotate');
  if (command === 'rotate') {
    if (s)
      problems.add(names.serial, 'rotate revokes the certificate it replaces; use revoke for another serial');
    if (r && !revokeOld) problems.add(names.reason, `only makes sense with ${names.revokeOld}`);
  }
  let parsedSerial: string | undefined;
  if (s) {
    parsedSerial = normalizeSerial(s);
    if (!parsedSerial)
      problems.add(
        names.serial,
        `expected a certificate serial in hex (e.g. 03a1f4...), got '${s.slice(0, 80)}'`,
      );
  }
  // A rotation replaces the certificate: superseded, unless the user says the key was compromised.
  let parsedReason: RevocationReason = command === 'rotate' ? 'superseded' : 'unspecified';
  if (r) {
    if (isRevocationReason(r)) parsedReason = r;
    else {
      const known = Object.keys(REVOCATION_REASONS);
      problems.add(
        names.reason,
        `expected one of ${known.join(', ')} (RFC 5280 reasons), got '${r.slice(0, 80)}'${didYouMean(r, known)}`,
      );
    }
  }
  return command === 'rotate'
    ? { reason: parsedReason, revokeOld }
    : { serial: parsedSerial, reason: parsedReason };
}
