/** The `certflow` command line: the same pipeline as the Action, for laptops and other CI. */
import { VERSION } from '../version.js';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const HELP = `certflow ${VERSION}: renew TLS certificates with ACME DNS-01, keep them in git encrypted,
deploy them over SSH and prove they are served.

Usage: certflow <command> [options]

Commands:
  plan       show what is due for renewal, and why
  renew      issue what is due, seal it into the store, publish it (and deploy with --deploy)
  deploy     bring every target host to serve the stored certificates
  check      probe every host over TLS and fail when a served certificate is stale or wrong
  decrypt    print a stored private key (break-glass)
  init       write a starter config, an ACME account key and an age identity

Options:
  -h, --help      show this help
  -V, --version   show the version

Exit codes: 0 all good, 1 something failed, 2 bad config or usage.
`;

export async function runCli(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(HELP);
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  process.stderr.write(`certflow: unknown command '${first}'. Run 'certflow --help' for the commands.\n`);
  return EXIT.usage;
}
