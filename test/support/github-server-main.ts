/**
 * `npm run github-server -- --repo DIR --port N [--owner acme --name infra --branch main]`: the local
 * GitHub API server of the tests, on 127.0.0.1, for trying certflow by hand (publish: commit or
 * pull-request, the state branch, the alert issue) without github.com. DIR is a git checkout or a
 * bare repository (created when missing); certflow's branches and commits land in it. Every request
 * is checked against GitHub's OpenAPI description, and anything off it is printed.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TOKEN, GitHubServer } from './github-server.js';

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    port: { type: 'string', default: '0' },
    owner: { type: 'string', default: 'acme' },
    name: { type: 'string', default: 'infra' },
    branch: { type: 'string', default: 'main' },
  },
});
if (!values.repo) {
  console.error(
    'usage: npm run github-server -- --repo DIR [--port N] [--owner acme] [--name infra] [--branch main]',
  );
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected a port number (0-65535), got "${values.port}"`);
  process.exit(2);
}
const gh = await GitHubServer.start({
  repoDir: values.repo,
  port,
  owner: values.owner,
  repo: values.name,
  defaultBranch: values.branch,
});
console.log(`local GitHub API for ${gh.owner}/${gh.repo}, backed by ${values.repo}`);
console.log(`URL:   ${gh.url}`);
console.log(`token: ${DEFAULT_TOKEN} (contents, pull-requests and issues: write)`);
console.log('');
console.log('export GITHUB_API_URL=' + gh.url);
console.log(`export GITHUB_REPOSITORY=${gh.owner}/${gh.repo}`);
console.log(`export GITHUB_TOKEN=${DEFAULT_TOKEN}`);
console.log('');
console.log(
  'Ctrl-C stops it. Pull requests and issues live in memory; branches and commits in the repository.',
);
let seen = 0;
setInterval(() => {
  for (const v of gh.violations.slice(seen)) console.error(`off GitHub's description: ${v}`);
  seen = gh.violations.length;
}, 1000).unref();
const stop = async () => {
  await gh.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
