/**
 * Which private key each renewal uses, by the certificate's `key-policy` and `dane`:
 * - rotate (default), no dane: a fresh key made during the order (nothing to do here);
 * - reuse: the stored key, opened and checked against the stored certificate;
 * - dane: the next key sealed in the bundle becomes the key (rotate), and a fresh next key is made;
 *   with reuse the next key is carried unchanged.
 * Opening a stored key needs the age identity in the renew job: a certificate that needs it and has
 * none fails with what to do, before anything is ordered.
 */
import { generatePrivateKey } from '../acme/keys.js';
import type { Settings } from '../config/settings.js';
import type { IssuedCertificate, IssueResult, Manifest, RenewalDecision } from '../model.js';
import { openNextKey } from '../store/next-key.js';
import { openBundle } from '../store/open.js';
import { storeDir } from '../store/read.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';

export interface KeyPlan {
  /** The key to order with (PKCS#8 PEM); undefined: a fresh one. */
  key?: string;
  /** dane: the next key to seal beside it. */
  next?: IssuedCertificate['next'];
}

export interface KeyPlans {
  plans: Map<string, KeyPlan>;
  /** Certificates that cannot be ordered as configured (no identity, a bundle that does not open). */
  failed: IssueResult[];
}

function fail(name: string, message: string, hint: string): IssueResult {
  // Never ordered: like a guard refusal, it adds nothing to the history or the back-off.
  return { name, ok: false, refused: true, error: { message, hint }, durationMs: 0 };
}

export async function planKeys(
  settings: Settings,
  decisions: RenewalDecision[],
  manifests: Map<string, Manifest | undefined>,
  log: Logger,
): Promise<KeyPlans> {
  const plans = new Map<string, KeyPlan>();
  const failed: IssueResult[] = [];
  for (const decision of decisions) {
    const { name } = decision;
    const cert = settings.config.certificates[name];
    if (!cert || decision.action === 'skip') continue;
    const reuse = cert['key-policy'] === 'reuse';
    const dane = cert.dane === true;
    if (!reuse && !dane) continue;
    const previous = manifests.get(name);
    const fresh = async (): Promise<IssuedCertificate['next']> => {
      const privateKeyPem = await generatePrivateKey(cert.key);
      log.secret(privateKeyPem);
      return { privateKeyPem };
    };
    if (!previous) {
      // First issuance: nothing to reuse; dane starts with a next key.
      plans.set(name, dane ? { next: await fresh() } : {});
      continue;
    }
    const needsIdentity = reuse || Boolean(previous.dane);
    if (needsIdentity && !settings.ageIdentity) {
      const what = reuse ? 'key-policy: reuse' : 'dane: true';
      failed.push(
        fail(
          name,
          `certificates.${name}.${reuse ? 'key-policy' : 'dane'}: ${what} renews with a stored key, and the renew job has no age identity to open it`,
          `give the renew job the age identity (age-identity input, CERTFLOW_AGE_IDENTITY or --identity), or set ${reuse ? 'key-policy: rotate' : 'dane: false'} (see docs/ca-operations.md for what each costs)`,
        ),
      );
      continue;
    }
    const identity = settings.ageIdentity as string;
    try {
      const plan: KeyPlan = {};
      if (reuse) {
        const opened = await openBundle(storeDir(settings), name, identity);
        log.secret(opened.privateKeyPem);
        plan.key = opened.privateKeyPem;
      }
      if (dane) {
        if (previous.dane) {
          const next = await openNextKey(storeDir(settings), name, previous, identity);
          log.secret(next.privateKeyPem);
          if (reuse) plan.next = { encrypted: next.encrypted, publicKeySha256: next.publicKeySha256 };
          else {
            plan.key = next.privateKeyPem;
            plan.next = await fresh();
          }
        } else {
          // dane just turned on: this certificate's key was never published ahead; the next one is.
          log.warn(`${name}: dane is new for this certificate: publish the TLSA records of the summary now`);
          plan.next = await fresh();
        }
      }
      plans.set(name, plan);
    } catch (error) {
      failed.push(
        fail(
          name,
          `${name}: cannot open the stored key for ${reuse ? 'key-policy: reuse' : 'dane'}: ${errorMessage(error)}`,
          'restore the bundle from git history, or set key-policy: rotate / dane: false to start from a fresh key',
        ),
      );
    }
  }
  return { plans, failed };
}

/** Puts each plan's next key on its issued certificate, for sealing. */
export function withNextKeys(results: IssueResult[], plans: Map<string, KeyPlan>): IssueResult[] {
  return results.map((r) => {
    const next = plans.get(r.name)?.next;
    return r.ok && next ? { ...r, certificate: { ...r.certificate, next } } : r;
  });
}
