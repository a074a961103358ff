/**
 * The commands a `become: sudo` target runs as root, spelled once so the config check, the
 * preflight and the docs' sudoers line agree.
 */

/** Where the helper must be installed on the host (docs/deploy.md). */
export const SUDO_HELPER = '/usr/local/sbin/certflow-sudo';

/** Shell syntax that would make `sudo -n <command>` apply to part of the command only. */
const SHELL_SYNTAX = /[;&|<>`$(){}\n\\*?[\]~#'"]/;

/** Why `command` cannot run as `sudo -n <command>`, or undefined when it can. */
export function sudoCommandProblem(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'sudo') {
    return 'with become: sudo, write the command without sudo: certflow runs it as `sudo -n <command>`';
  }
  if (SHELL_SYNTAX.test(command)) {
    return 'with become: sudo, give one plain command (no shell operators, quotes or variables): it runs as `sudo -n <command>`, and sudoers must grant it word for word';
  }
  return undefined;
}

/** The command line certflow runs for a configured validate or reload command. */
export function asRoot(command: string): string {
  return `sudo -n -- ${command.trim()}`;
}
