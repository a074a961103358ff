/** The data shapes the deploy modules share, kept apart so that none of them imports the stage's entry. */
import type { SshTargetConfig } from '../config/schema.js';

export interface DeployBundle {
  name: string;
  domains: string[];
  fullchainPem: string;
  /** Decrypted private key, PEM. Registered as a secret with the logger before any use. */
  privateKeyPem: string;
  /** SHA-256 (hex) of the leaf's DER: what the TLS check compares. */
  certificateSha256: string;
}

/**
 * How files are installed and proven on a host: the same fields for an SSH target and for the
 * agent's config, so both run the same phases.
 */
export type InstallConfig = Pick<SshTargetConfig, 'files' | 'validate' | 'reload' | 'verify' | 'services'>;

/** One host as the deploy stage reached it: what every phase of every certificate on it reads. */
export interface HostContext {
  target: string;
  config: InstallConfig;
  /** Host as written in the target (label in results). */
  host: string;
  /** Address without brackets, for SSH and the default TLS address. */
  address: string;
  dryRun: boolean;
  /** How long the TLS proof may take after a reload. */
  verifyWindowMs: number;
  signal?: AbortSignal;
  /**
   * on-failure: rollback-all. A host that succeeds keeps its previous files (held) until the whole
   * target is known to have succeeded, so it can still be put back.
   */
  holdPrevious?: boolean;
}
