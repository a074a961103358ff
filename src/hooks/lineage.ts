/**
 * The hook's folder, laid out like certbot's `live/<name>` lineage so existing deploy hooks work
 * unchanged: cert.pem (leaf), chain.pem (intermediates), fullchain.pem, privkey.pem (when the
 * target needs the key). Private: the folder is 0700 and every file 0600, created with those modes
 * (never widened afterwards), and the whole folder is removed when the hook is done.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitPemChain } from '../util/x509.js';

export const LINEAGE_FILES = {
  cert: 'cert.pem',
  chain: 'chain.pem',
  fullchain: 'fullchain.pem',
  key: 'privkey.pem',
} as const;

export interface Lineage {
  dir: string;
  /** Removes the folder and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

export interface LineageContent {
  name: string;
  fullchainPem: string;
  /** Written only when given. */
  privateKeyPem?: string;
}

export async function writeLineage(content: LineageContent, parent: string = tmpdir()): Promise<Lineage> {
  const certs = splitPemChain(content.fullchainPem);
  if (certs.length === 0) {
    throw new Error(`${content.name}: the bundle's fullchain holds no PEM certificate`);
  }
  // mkdtemp creates the folder 0700; chmod again in case a platform honours the umask differently.
  const dir = await mkdtemp(join(parent, `certflow-hook-${content.name}-`));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await chmod(dir, 0o700);
    const write = (file: string, text: string) =>
      writeFile(join(dir, file), text, { mode: 0o600, flag: 'wx' });
    await write(LINEAGE_FILES.cert, certs[0] as string);
    await write(LINEAGE_FILES.chain, certs.slice(1).join(''));
    await write(LINEAGE_FILES.fullchain, content.fullchainPem);
    if (content.privateKeyPem !== undefined) await write(LINEAGE_FILES.key, content.privateKeyPem);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}
