/**
 * The hosts of an SSH target, each with the settings that apply to it: the target's, with the
 * host's own overrides (port, user, jump, files.dir, verify.address) laid over them. Pure, so the
 * deploy, the check and the reports name and treat each host the same way.
 */
import type { SshTargetConfig } from '../config/schema.js';

export interface HostAddress {
  host: string;
  port: number;
}

export interface TargetHost {
  /** The host as results and logs name it: "host" or "host:port". */
  label: string;
  address: HostAddress;
  /** The target's settings as they apply to this host. */
  config: SshTargetConfig;
  tags: string[];
}

/** "host", "host:port", "[v6]" or "[v6]:port" (the schema's host form). */
export function parseHostPort(value: string): HostAddress {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : 22 };
  const [host, port] = value.split(':');
  return { host: host as string, port: port ? Number(port) : 22 };
}

export function targetHosts(config: SshTargetConfig): TargetHost[] {
  return config.hosts.map((entry) => {
    if (typeof entry === 'string') {
      return { label: entry, address: parseHostPort(entry), config, tags: [] };
    }
    const written = parseHostPort(entry.host);
    const port = entry.port ?? written.port;
    const bare = written.host.includes(':') ? `[${written.host}]` : written.host;
    const label = port === 22 ? bare : `${bare}:${port}`;
    return {
      label,
      address: { host: written.host, port },
      tags: entry.tags ?? [],
      config: {
        ...config,
        user: entry.user ?? config.user,
        jump: entry.jump ?? config.jump,
        files: entry.files ? { ...config.files, dir: entry.files.dir } : config.files,
        verify: entry.verify ? { ...config.verify, address: entry.verify.address } : config.verify,
      },
    };
  });
}
