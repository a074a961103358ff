/**
 * What a user can do about a failure, when the stage gave no hint of its own. Short, and naming
 * the thing to change.
 */
import type { CheckResult, DeployResult, StageError } from '../model.js';

/** What a user can do about a failure, when the stage gave no hint of its own. */
export function deployAdvice(d: DeployResult): string {
  switch (d.phase) {
    case 'connect':
      return 'Check that the host is reachable, the user and key are right, and its host key is pinned in known-hosts.';
    case 'stage':
    case 'swap':
      return 'Check free space and permissions of the target folder on the host.';
    case 'validate':
      return "The server's config check refused the new files; its output is above. Live files were left unchanged.";
    case 'reload':
      return 'The reload command failed; fix the server config on the host and run deploy again.';
    case 'verify':
      return 'The host did not serve the new certificate after reload: check which files the server really uses and the TLS verify port and name.';
    case 'rollback':
      return 'Rolling back failed too: log in to the host and check what it serves now.';
    default:
      return 'Run deploy again once the cause above is fixed; hosts already serving the right certificate are skipped.';
  }
}

export function issueAdvice(error: StageError): string {
  if (error.hint) return error.hint;
  const type = error.acmeType?.replace('urn:ietf:params:acme:error:', '') ?? '';
  switch (type) {
    case 'rateLimited':
      return "The CA's rate limit was hit: wait until it resets (see the detail above) and do not force renewals meanwhile.";
    case 'unauthorized':
    case 'dns':
    case 'incorrectResponse':
    case 'connection':
      return 'The CA could not see the _acme-challenge TXT record: check the DNS provider settings, the zone delegation and any challenge-alias CNAME.';
    case 'rejectedIdentifier':
    case 'caa':
      return 'The CA will not issue for this name: check the CAA records of the domain and that the name is public.';
    case 'badCSR':
      return 'The CA refused the key or the request: check the key type of the certificate.';
    case 'accountDoesNotExist':
    case 'unauthorizedAccount':
    case 'externalAccountRequired':
      return 'The ACME account was refused: check acme.account-key and the external account binding.';
    default:
      return 'Run again once the cause above is fixed; the next run retries after a back-off.';
  }
}

export function checkAdvice(c: CheckResult): string {
  switch (c.status) {
    case 'expiring':
    case 'expired':
      return `Renew now (run renew with force: ${c.certificate}), then deploy; or deploy, if the store already holds a fresh one.`;
    case 'mismatch':
      return 'Run deploy to bring the host back to the stored certificate (it skips hosts that already serve it).';
    case 'unreachable':
      return "Check that the host is up and the target's verify port, address and servername are right.";
    case 'untrusted':
      return "The host serves a certificate no trusted CA signed: run deploy to restore the stored one; if it is a private CA's, add its root to store.trust.";
    case 'invalid':
      return 'Run `certflow verify` to see what is wrong with the stored bundle, then renew it (force) or restore it from git history.';
    default:
      return '';
  }
}
