/**
 * What goes after `$schema=` on the config's first line. Editors resolve a relative path from the
 * config file, so a schema that exists inside the repository (the installed package, or certflow's
 * own checkout) is referenced by path; otherwise by the published URL of this version.
 */

import { dirname, join, relative, sep } from 'node:path';
import { exists } from '../util/fs.js';
import { VERSION } from '../version.js';

/** Published schema of this version. The repository owner is settled at release time. */
export const SCHEMA_URL = `https://raw.githubusercontent.com/certflow/certflow/v${VERSION}/schema/certflow.schema.json`;

const CANDIDATES = [
  ['node_modules', 'certflow', 'schema', 'certflow.schema.json'],
  ['schema', 'certflow.schema.json'],
];

export async function resolveSchemaRef(workspace: string, configPath: string): Promise<string> {
  for (const parts of CANDIDATES) {
    const file = join(workspace, ...parts);
    if (await exists(file)) return relative(dirname(configPath), file).split(sep).join('/');
  }
  return SCHEMA_URL;
}
