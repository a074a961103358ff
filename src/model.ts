/**
 * The data that flows between pipeline stages. Each stage returns what happened and why; the
 * report is built from these and rendered without further I/O.
 */
import type { KeyType } from './config/schema.js';

/** ACME Renewal Information window (RFC 9773), as last fetched from the CA. */
export interface AriWindow {
  start: string; // ISO 8601
  end: string; // ISO 8601
  explanationUrl?: string;
  /** When it was fetched, and when the CA asked us to ask again (Retry-After). */
  checkedAt: string;
  retryAfter?: string;
}

/** One line of a certificate's issuance history, kept short (rate-limit guard, back-off). */
export interface IssuanceRecord {
  at: string; // ISO 8601
  result: 'issued' | 'failed';
  serial?: string;
  domains: string[];
  forced?: boolean;
  /** Whether the order carried ARI `replaces` inside the suggested window (exempt from limits). */
  ariReplacement?: boolean;
  error?: string;
}

/** One revocation certflow asked for, and what the CA answered. */
export interface RevocationRecord {
  /** Lower-case hex serial of the revoked certificate. */
  serial: string;
  /** RFC 5280 reason name (unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation). */
  reason: string;
  /** When the CA accepted it (ISO 8601). */
  at: string;
  /** `already-revoked`: the CA had it revoked before this request. */
  result: 'revoked' | 'already-revoked';
  /** Which key signed the request: the certificate's own (proves the key) or the ACME account's. */
  signedWith: 'certificate-key' | 'account-key';
}

/**
 * `certificates/<name>/certificate.json`: what a reviewer sees in clear, and what binds the
 * encrypted key to the certificate.
 */
export interface Manifest {
  version: 1;
  name: string;
  domains: string[];
  keyType: KeyType;
  profile?: string;
  /** Lower-case hex, no separators. */
  serial: string;
  notBefore: string;
  notAfter: string;
  issuer: string;
  /** SHA-256 (hex) of the leaf certificate's DER. */
  certificateSha256: string;
  /** SHA-256 (hex) of the leaf's SubjectPublicKeyInfo DER. */
  publicKeySha256: string;
  /** RFC 9773 certificate identifier: base64url(AKI keyIdentifier) "." base64url(serial DER bytes). */
  ariCertId?: string;
  ari?: AriWindow;
  issuedAt: string;
  /** Serial of the certificate this one replaced. */
  replaces?: string;
  recipients: string[];
  /** SHA-256 (hex) of privkey.pem.age exactly as stored. */
  privateKeySha256: string;
  history?: IssuanceRecord[];
  /**
   * `dane: true`: the pre-generated next key, sealed in nextkey.pem.age, and the TLSA 3 1 1 records
   * (SHA-256 of the SubjectPublicKeyInfo) of the current and the next key, to publish ahead.
   */
  dane?: { nextPublicKeySha256: string; nextKeySha256: string; tlsa: { current: string; next: string } };
  /** Revocations asked of the CA for this certificate or earlier ones of the bundle (certflow revoke). */
  revocations?: RevocationRecord[];
  /** Failed attempts since the last success: the next attempt waits until `notBefore`. */
  backoff?: { failures: number; lastError: string; lastAt: string; nextAttemptAt: string };
}

export type DecisionAction = 'issue' | 'renew' | 'skip';

/** The plan's verdict for one certificate. */
export interface RenewalDecision {
  name: string;
  domains: string[];
  action: DecisionAction;
  /** Why, in words a reviewer understands ("domains changed: +api.example.com"). */
  reason: string;
  /** Stable code for the reason, for machines. */
  code:
    | 'missing'
    | 'unreadable'
    | 'changed'
    | 'forced'
    | 'emergency'
    | 'expired'
    | 'ari-window'
    | 'fallback'
    | 'not-due'
    | 'backoff'
    | 'rate-limited'
    | 'pending-review';
  /** When the certificate becomes (or became) due. */
  dueAt?: string;
  /** The stored certificate's notAfter, when there is one. */
  expiresAt?: string;
  notBefore?: string;
  serial?: string;
  /** `pending-review`: the renewal waiting in the open pull request (see src/plan/pending.ts). */
  pending?: PendingReview;
}

/** A renewal already on certflow's pull request branch, waiting for a reviewer to merge it. */
export interface PendingReview {
  pullRequest: number;
  url: string;
  /** When the pull request was opened. */
  openedAt: string;
  /** The renewed certificate on the branch. */
  serial: string;
  notAfter: string;
  /** The base branch's (deployed) certificate is past its emergency point: merging is urgent. */
  urgent: boolean;
}

/** A certificate fresh from the CA, with its key still in memory. */
export interface IssuedCertificate {
  name: string;
  domains: string[];
  keyType: KeyType;
  profile?: string;
  /** PKCS#8 PEM. Never logged, never written in clear outside a 0600 file that is removed. */
  privateKeyPem: string;
  /** Leaf followed by intermediates. */
  fullchainPem: string;
  issuedAt: string;
  replaces?: string;
  ari?: AriWindow;
  /** Whether the order carried `replaces` inside the CA's window (rate-limit exempt). */
  ariReplacement?: boolean;
  /** challenge: dns-persist-01 only: how the names were validated (no credential, or dns-01 fallback). */
  validation?: string;
  /**
   * `dane: true`: the next key to seal beside the certificate's, either fresh (PKCS#8 PEM in memory)
   * or the one already sealed, carried unchanged (its armored age file and public-key SHA-256).
   */
  next?: { privateKeyPem: string } | { encrypted: string; publicKeySha256: string };
}

/** A CA or DNS failure in the CA's or provider's own words. */
export interface StageError {
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** ACME problem type (urn:ietf:params:acme:error:...), detail and subproblems when known. */
  acmeType?: string;
  detail?: string;
  status?: number;
  subproblems?: Array<{ type?: string; detail?: string; identifier?: string }>;
}

export type IssueResult =
  | { name: string; ok: true; certificate: IssuedCertificate; durationMs: number }
  | { name: string; ok: false; refused?: undefined; error: StageError; durationMs: number }
  /**
   * Never ordered: the rate-limit guard refused it. A failure of the run, but not a failed order,
   * so it adds nothing to the history or the back-off.
   */
  | { name: string; ok: false; refused: true; error: StageError; durationMs: 0 };

export interface PublishResult {
  action: 'none' | 'written' | 'committed' | 'pr-created' | 'pr-updated' | 'dry-run';
  /** Files written or changed, relative to the repository. */
  files: string[];
  commitSha?: string;
  branch?: string;
  pullRequest?: { number: number; url: string };
  message?: string;
  /** What went wrong after the commit or pull request existed (labels): reported, not fatal. */
  warnings?: string[];
}

export type DeployPhase =
  | 'connect'
  | 'check'
  | 'stage'
  | 'validate'
  | 'swap'
  | 'reload'
  | 'verify'
  | 'rollback'
  | 'hook'
  | 'done';

export interface DeployResult {
  target: string;
  host: string;
  certificates: string[];
  /** The last phase reached (the failing one when ok is false). */
  phase: DeployPhase;
  ok: boolean;
  skipped: boolean;
  rolledBack: boolean;
  dryRun?: boolean;
  /**
   * For a deploy that ended well: whether the host was proven over TLS to serve the certificate.
   * False when the target has `verify.enabled: false`: the files are in place, nothing more is known.
   */
  verified?: boolean;
  message?: string;
  /** Command output or CA/host words that explain a failure (never secret). */
  output?: string;
  durationMs: number;
  timings?: Partial<Record<DeployPhase, number>>;
}

export interface RunReport {
  command: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  plan: RenewalDecision[];
  issued: IssueResult[];
  publish?: PublishResult;
  deploys: DeployResult[];
  /** Problems that are not one certificate's or host's (config, publishing). */
  errors: StageError[];
  warnings: string[];
  /** `command: check`: one entry per certificate and host probed. */
  checks?: CheckResult[];
  /** renew: TLSA 3 1 1 records of the certificates sealed with `dane: true` (current and next key). */
  dane?: Array<{ name: string; current: string; next: string }>;
}

/** `command: check`: what one host served for one certificate, judged against the store. */
export interface CheckResult {
  certificate: string;
  target: string;
  /** SSH host as configured (the place the user knows). */
  host: string;
  /** Where the TLS probe went: address:port, and the SNI name sent. */
  address: string;
  port: number;
  servername: string;
  ok: boolean;
  /**
   * ok: fresh and the stored one. expiring: less than the emergency share left. expired: past
   * notAfter. mismatch: not the stored certificate. unreachable: no TLS answer. unstored: nothing
   * (readable) in the store to compare with, so only the expiry and the chain were judged.
   * untrusted: the served chain does not reach a trusted root. invalid: the stored bundle fails
   * verification (store/verify.ts), so nothing can be called ok against it.
   */
  status: 'ok' | 'expiring' | 'expired' | 'mismatch' | 'unreachable' | 'unstored' | 'untrusted' | 'invalid';
  /** Why, in words: "12 days left (4% of its lifetime), below the emergency share 5%". */
  message: string;
  served?: {
    serial: string;
    notBefore: string;
    notAfter: string;
    sha256: string;
    issuer: string;
    names: string[];
  };
  stored?: { serial: string; notAfter: string; sha256: string };
  /** Share of the served certificate's lifetime left at the time of the check (0..1). */
  remaining?: number;
  durationMs: number;
}
