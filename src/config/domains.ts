/** Domain names as a CA will see them: lower-case A-labels, a wildcard only as the leftmost label. */
import { domainToASCII } from 'node:url';

export type DomainCheck = { ok: true; name: string } | { ok: false; reason: string };

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeDomain(input: string): DomainCheck {
  let text = input.trim();
  if (text.endsWith('.')) text = text.slice(0, -1);
  let wildcard = false;
  if (text.startsWith('*.')) {
    wildcard = true;
    text = text.slice(2);
  }
  if (text.includes('*')) {
    return {
      ok: false,
      reason: 'a wildcard is only allowed as the whole leftmost label, as in "*.example.com"',
    };
  }
  if (/^[0-9.]+$/.test(text) || text.includes(':')) {
    return { ok: false, reason: 'IP addresses cannot be validated with DNS-01; use a domain name' };
  }
  // domainToASCII lower-cases, applies IDNA (UTS #46) and returns '' for what cannot be a host.
  const ascii = domainToASCII(text);
  if (!ascii) return { ok: false, reason: 'not a valid domain name (IDNA conversion failed)' };
  const labels = ascii.split('.');
  if (labels.length < 2) {
    return {
      ok: false,
      reason: `needs at least two labels${wildcard ? ' after "*."' : ''}, as in "example.com"`,
    };
  }
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return {
      ok: false,
      reason: `label '${bad}' is not valid: letters, digits and inner hyphens, 1 to 63 characters`,
    };
  }
  const name = (wildcard ? '*.' : '') + ascii;
  if (name.length > 253) return { ok: false, reason: 'longer than 253 characters' };
  return { ok: true, name };
}

/** Whether `pattern` (maybe "*.x") covers `name`: one label for a wildcard, as in RFC 6125. */
export function domainCovers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const rest = name.slice(name.indexOf('.') + 1);
  return !name.startsWith('*.') && rest === pattern.slice(2);
}
