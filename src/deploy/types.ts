/** The data shapes the deploy modules share, kept apart so that none of them imports the stage's entry. */

export interface DeployBundle {
  name: string;
  domains: string[];
  fullchainPem: string;
  /** Decrypted private key, PEM. Registered as a secret with the logger before any use. */
  privateKeyPem: string;
  /** SHA-256 (hex) of the leaf's DER: what the TLS check compares. */
  certificateSha256: string;
}
