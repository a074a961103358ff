/**
 * Host selection (`--hosts` / input `hosts`): deploy only to the hosts a selector names, e.g.
 * `tag:edge` (the hosts tagged edge) or `web1.example.com` / `10.0.3.21:2222` (a host as results
 * name it). Several selectors, comma separated, take the hosts any of them names. A selection that
 * names no host is an error rather than a deploy that silently does nothing.
 */
import type { SshTargetConfig } from '../config/schema.js';
import type { Problems } from '../config/values.js';
import { targetHosts } from './hosts.js';

export type HostSelector = { tag: string } | { host: string };

const WORD = /^[A-Za-z0-9._@[\]:-]{1,253}$/;

/** The selectors of an input, or undefined (with a problem naming the input) when one is malformed. */
export function parseHostSelectors(
  input: string,
  value: string,
  problems: Problems,
): HostSelector[] | undefined {
  const parts = value
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const out: HostSelector[] = [];
  for (const part of parts) {
    const tag = part.startsWith('tag:') ? part.slice(4) : undefined;
    if (tag !== undefined ? !/^[A-Za-z0-9._-]{1,100}$/.test(tag) : !WORD.test(part)) {
      problems.add(
        input,
        `'${part.slice(0, 80)}' is not a host selector: write tag:NAME (hosts with that tag) or a host as results name it (web1.example.com, 10.0.3.21:2222)`,
      );
      return undefined;
    }
    out.push(tag !== undefined ? { tag } : { host: part });
  }
  return out;
}

export function describeSelectors(selectors: HostSelector[]): string {
  return selectors.map((s) => ('tag' in s ? `tag:${s.tag}` : s.host)).join(', ');
}

/** The target with only its selected hosts, or undefined when none is selected. */
export function selectHosts(config: SshTargetConfig, selectors: HostSelector[]): SshTargetConfig | undefined {
  const hosts = targetHosts(config);
  const kept = config.hosts.filter((_, i) => {
    const th = hosts[i];
    if (!th) return false;
    return selectors.some((s) => ('tag' in s ? th.tags.includes(s.tag) : th.label === s.host));
  });
  return kept.length > 0 ? { ...config, hosts: kept } : undefined;
}

/** Every tag the given targets' hosts carry, for the message when a selection matches nothing. */
export function knownTags(targets: SshTargetConfig[]): string[] {
  return [...new Set(targets.flatMap((t) => targetHosts(t).flatMap((h) => h.tags)))].sort();
}
