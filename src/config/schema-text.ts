/**
 * The words of the config schema: one description per field, section and kind of `certflow.yml`.
 * Editors show them (schema/certflow.schema.json) and docs/config-reference.md is generated from
 * them (the fields of each DNS provider type have theirs in its module, src/dns/providers/). They live apart from src/config/schema.ts so the schema's shape stays readable there; keys
 * mirror the field names, and `about` describes the object itself. Plain text, lower-case start, no
 * final full stop: the generator adds what a table cell or a paragraph needs.
 */
export const ABOUT = {
  $schema: 'JSON Schema for editors; ignored by certflow',
  version: 'version of the file format; always 1',
  acme: {
    about: 'the ACME CA and the account certflow uses with it',
    'dry-run-directory':
      "directory used by dry runs; same forms as directory (default: the CA's staging one)",
    email: 'contact address of the ACME account',
    'account-key':
      'private key of the ACME account at acme.directory, PEM (certflow init makes one); required unless acme.issuers lists every CA with its own key',
    profile: 'ACME profile (draft-ietf-acme-profiles), e.g. tlsserver, for every certificate that sets none',
    'preferred-chain':
      'issuer common name of the top certificate of the chain to prefer among those the CA offers (Link rel="alternate"), e.g. "ISRG Root X1"; the default chain when none matches',
    'external-account-binding': 'external account binding, for CAs that require it (ZeroSSL, Google)',
    'key-id': 'EAB key id given by the CA',
    'hmac-key': 'EAB HMAC key given by the CA',
    trust: "extra trust anchors (PEM files, relative to the workspace) for the ACME server's HTTPS",
    issuers:
      "CAs to order from, in order: when one fails for a reason of the CA's (unreachable, HTTP 5xx, rate limit, serverInternal), the next is tried in the same run; a failure on your side (DNS, CAA, refused names, account) is not. With acme.account-key set, acme.directory is the first CA and these follow it; without, these are the whole list",
  },
  issuer: {
    about: 'a CA of acme.issuers, with its own account',
    directory: `the CA's ACME directory: a name like letsencrypt or zerossl, or an https:// URL`,
    'account-key': 'private key of the ACME account at this CA, PEM',
    'external-account-binding':
      'external account binding at this CA, for CAs that require it (ZeroSSL, Google)',
  },
  renewal: {
    about: 'when a certificate is renewed',
    ari: "follow the CA's renewal window (ARI, RFC 9773) kept in the manifest; it replaces renew-before",
    'renew-before':
      'without an ARI window: renew when this share of lifetime ("33%") or these days ("30d") are left; days are capped at half the lifetime',
    emergency:
      'renew whatever ARI says when this share of lifetime or these days are left; capped at renew-before',
  },
  store: {
    about: 'where the certificate bundles are kept in the repository',
    path: 'folder of the bundles, relative to the workspace',
    recipients: 'age recipients (age1...) the private keys are encrypted to; any one of them can decrypt',
    trust:
      "extra roots (PEM files, relative to the workspace) that stored certificates may chain to, for a private CA; Node's bundled roots and acme.trust are always trusted",
  },
  dns: {
    about: 'DNS providers by name (a lower-case slug); certificates name the one they use',
    provider: 'a DNS provider that writes the `_acme-challenge` TXT records; `type` chooses its fields',
    resolvers:
      "servers (host or host:port) that must serve the challenge record before the CA is told; also used for CNAME and CAA lookups (default: the zone's authoritative servers)",
    zones:
      'zones this provider serves; picks the provider that writes a CNAME-delegated challenge, and a CNAME on _acme-challenge is followed only into these zones or challenge-alias (rfc2136 also skips the zone lookup)',
    'propagation-timeout': 'how long to wait until every server answers with the challenge record',
    ttl: 'TTL of the challenge TXT record, in seconds (Cloudflare raises it to its minimum, 120)',
    'insecure-http':
      'accept a plain http:// endpoint on a non-loopback host (the credential then crosses the network in clear; a warning is printed each run)',
  },
  certificates: {
    about: 'certificates by name (a lower-case slug, their folder in the store)',
    certificate: 'a certificate: its names, key type, DNS provider and targets',
    domains:
      'names on the certificate; the first is the subject. IDNs are converted to A-labels, a wildcard "*." only as the whole leftmost label, no IP addresses',
    key: 'type of the private key',
    dns: 'name of the entry under dns that answers the DNS-01 challenges (not needed with challenge: dns-persist-01 unless fallback: dns-01)',
    challenge:
      'dns-01 (default): a TXT record written through the dns provider at every order. dns-persist-01: the CA checks a standing `_validation-persist` TXT record the DNS owner published once, so renewing needs no DNS credential',
    fallback:
      'with challenge: dns-persist-01, use dns-01 through the dns provider when the CA does not offer dns-persist-01 (otherwise the certificate fails)',
    'issuer-domain':
      'with challenge: dns-persist-01, the Issuer Domain Name the _validation-persist records name, when the CA offers several (default: the first of its directory). `certflow persist-record` shows which',
    resolvers:
      "with challenge: dns-persist-01, DNS servers (host[:port]) that persist-record --check and plan ask for the _validation-persist records (default: the dns provider's resolvers, else the zone's authoritative servers)",
    targets: 'names of entries under targets the certificate is deployed to',
    recipients:
      "extra age recipients (age1...) of this certificate's key, besides store.recipients and its targets' recipients",
    profile: 'ACME profile for this certificate (default: acme.profile)',
    'challenge-alias':
      'zone that the `_acme-challenge` names are delegated to by CNAME, when it cannot be discovered',
    'key-policy':
      'rotate (default): a new key at every renewal. reuse: renew with the stored key (the renew job then needs the age identity, which can open every stored key)',
    dane: 'keep a pre-generated next key sealed in the bundle and show TLSA 3 1 1 records for the current and next key; the next renewal with a new key uses that next key (needs the age identity in the renew job)',
  },
  targets: {
    about: 'deployment targets by name (a lower-case slug); certificates name theirs',
    target: 'where a certificate is deployed; `type` is ssh (the default), exec or agent',
    recipients:
      "age recipients (age1...) that stand for this target's hosts: every certificate deployed to the target is also sealed to them",
  },
  ssh: {
    about:
      'copies the files to hosts over SSH, validates, reloads, checks over TLS and rolls back on failure',
    type: 'selects deployment over SSH (the default)',
    hosts:
      'SSH hosts, "host" or "host:port" ("[::1]:2222" for IPv6), or { host, port, user, jump, files: { dir }, verify: { address }, tags } to override the target for one host',
    user: 'SSH user',
    become:
      "sudo: the SSH user is unprivileged; files change through /usr/local/sbin/certflow-sudo and validate/reload (and each service's) run as `sudo -n` (docs/deploy.md gives the sudoers line)",
    'private-key': 'SSH private key (OpenSSH or PEM)',
    passphrase: 'passphrase of the SSH private key',
    'known-hosts':
      'OpenSSH known_hosts text, usually $' +
      '{SSH_KNOWN_HOSTS}; host keys are pinned, an unknown or changed key stops that host',
    validate: 'command that checks the server config before the new files stay, e.g. "nginx -t"',
    reload: 'command that makes the server load the new files',
    rollout:
      'canary: one host, then the rest in parallel; parallel: all hosts, bounded by concurrency; serial: one by one',
    'on-failure':
      'when a host fails: continue (the other hosts go on), stop (hosts not started yet are not attempted), rollback-all (also put every host of the target that took the new certificate back on the previous one)',
    'connect-timeout': 'SSH connect timeout',
    'command-timeout': 'time limit of each remote command (validate, reload)',
  },
  host: {
    host: 'the host, "host" or "host:port"',
    port: 'SSH port for this host (instead of one written in host)',
    user: "SSH user for this host (default: the target's)",
    jump: "jump host(s) for this host (default: the target's jump)",
    files: "this host's files.dir (the other files settings are the target's)",
    verify: "this host's verify.address (the other verify settings are the target's)",
    tags: 'labels for this host, shown in the deploy log next to its name; `--hosts tag:NAME` (input hosts) deploys only to the hosts with that tag',
  },
  jump: {
    about:
      'jump host(s) the SSH connection goes through (what `ssh -J` does), first to last; each host key is pinned from known-hosts',
    hop: '"host[:port]", or { host, user, private-key, passphrase } when the jump host wants its own login',
    host: 'the jump host, "host" or "host:port"',
    user: "SSH user on the jump host (default: the target's user)",
    'private-key': "SSH private key for the jump host (default: the target's)",
    passphrase: 'passphrase of that private key',
  },
  files: {
    about: 'where the files go on each host, their names and modes',
    dir: 'absolute folder on the host; {certificate} is replaced by the certificate name; made when missing',
    fullchain: 'file name of the leaf and intermediates',
    key: 'file name of the private key',
    cert: 'file name of the leaf certificate alone, when the server wants it apart',
    chain: 'file name of the intermediates alone',
    combined: 'file name of the chain and the private key in one PEM file (HAProxy), with key-mode',
    pfx: 'file name of a PKCS#12 file (Windows, Java) holding the key and the chain, with key-mode; needs pfx-password',
    'pfx-password': 'password of the PKCS#12 file',
    der: 'file name of the leaf certificate in DER (Java, Windows)',
    'key-der': 'file name of the private key as PKCS#8 DER, with key-mode',
    'key-mode': 'octal mode of the key file, e.g. "0600"',
    'cert-mode': 'octal mode of the certificate files, e.g. "0644"',
    owner: '"user" or "user:group" of the new files (default: the replaced file\'s owner)',
  },
  verify: {
    about: 'the TLS check after the reload',
    enabled: 'prove over TLS that the host serves the new certificate (rolled back if not)',
    port: 'TLS port to check',
    servername: "SNI name (default: the certificate's first name)",
    address: 'address to connect to (default: the SSH host)',
    starttls:
      'plain-text preamble before TLS on this port: smtp (25, 587), imap (143), pop3 (110), ftp (21) or postgres (5432); without it TLS starts at once (443, 465, 993, 995)',
  },
  services: {
    about:
      'several servers on each host that use the certificate (nginx, then postfix, then dovecot): every validate runs, in order, before any reload; a failed one puts the previous files back; then each reloads in order and each verify must see the new certificate',
    service: 'one server on the host',
    name: 'name of the server, shown in messages (nginx, postfix, dovecot)',
    validate: 'command that checks this server\'s config with the new files, e.g. "postfix check"',
    reload: 'command that makes this server load the new files, e.g. "postfix reload"',
    verify: "this server's own TLS check (besides the target's verify), e.g. { port: 25, starttls: smtp }",
  },
  agentTarget: {
    about:
      'hosts that fetch and install their certificates themselves (`certflow agent`, pull mode); nothing is pushed to them',
    type: 'selects pull mode: each host runs `certflow agent` with its own age identity',
  },
  execTarget: {
    about:
      "a deploy hook like certbot's, for what SSH cannot reach (CDN, load balancer, cloud certificate store)",
    type: 'selects a hook command of yours',
    command:
      'run with /bin/sh -c in the repository root, with certbot-compatible RENEWED_LINEAGE and RENEWED_DOMAINS',
    timeout: 'the hook and everything it started is stopped after this',
    'needs-key': 'decrypt the private key into the hook folder (false: no privkey.pem, no identity needed)',
    env: 'names of variables the hook gets from the job, besides PATH, HOME, RENEWED_* and CERTFLOW_* (list its own credential here)',
  },
} as const;
