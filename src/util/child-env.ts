/**
 * The environment of the programs certflow starts for the user (exec hooks, the exec DNS
 * provider). Not this process's environment: in a job that holds SSH keys, TSIG secrets and
 * tokens, a script that prints `env` to debug, or a compromised tool it calls, would get them all.
 * A child gets PATH and HOME, the variables certflow defines for it, and the names the user lists
 * in `env:` on that hook or provider, which is how a script asks for its own credential.
 */
type Env = Readonly<Record<string, string | undefined>>;

/** Always passed: where programs are and where their dotfiles live. */
export const BASE_VARIABLES = ['PATH', 'HOME'] as const;

/** A variable name a shell accepts, as `env:` lists take. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The values a child gets through `env:`: a script asks for its own credential that way, so the
 * run's redactor must know them (short values, like a region, are not worth masking).
 */
export function listedValues(parent: Env, listed: readonly string[]): string[] {
  return listed
    .map((name) => (Object.hasOwn(parent, name) ? parent[name] : undefined))
    .filter((v): v is string => v !== undefined && v.trim().length >= 8);
}

export function childEnvironment(
  parent: Env,
  listed: readonly string[],
  own: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...BASE_VARIABLES, ...listed]) {
    const value = Object.hasOwn(parent, name) ? parent[name] : undefined;
    if (value !== undefined) out[name] = value;
  }
  return { ...out, ...own };
}
