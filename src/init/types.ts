/** What `init` hands back, kept apart so that run.ts and instructions.ts need not import each other. */

export interface SecretToSet {
  /** Secret name, also the environment variable the workflows map it to. */
  name: string;
  /** `repository`: every job; `environment`: only jobs in the deploy environment. */
  scope: 'repository' | 'environment';
  environment?: string;
  /** Shell line that creates it. */
  command: string;
  /** Where the value comes from and why it is needed. */
  what: string;
  /** Secret file written by init, when there is one. */
  file?: string;
  /** Shell lines to run first (e.g. to gather the value). */
  before?: string[];
}

export interface WrittenFile {
  /** Relative to the workspace when inside it, else absolute. */
  path: string;
  mode: number;
  secret: boolean;
  what: string;
}

export interface InitResult {
  /** Absolute path of the config written. */
  configPath: string;
  /** age recipient written into store.recipients. */
  recipient: string;
  /** One authorized_keys line, when a deploy key was generated. */
  sshPublicKey?: string;
  /** Absolute path of the secrets folder, unless secrets were printed. */
  secretsDir?: string;
  files: WrittenFile[];
  secrets: SecretToSet[];
  /** Secret values by variable name: only with --print-secrets. */
  printedSecrets?: Record<string, string>;
  /** What to do next, for a terminal. */
  text: string;
  /** With --challenge dns-persist-01: the account registered and the records to publish. */
  persist?: { account?: string; records: string[]; problem?: string };
}
