/**
 * The static import graph of the sources, as the bundler sees it: what a process loads before it
 * runs a line of its own. Type-only imports are erased by TypeScript and dynamic `import()` becomes
 * a chunk loaded on demand, so neither counts. Used by the start-up test (issue 22).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// import/export ... from '...' and bare `import '...'`; `s` so a multi-line list matches.
const STATEMENT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:([^;'"]*?)\s+from\s+)?['"]([^'"]+)['"]/gs;

/** Whether every name in `{ type A, type B }` is marked as a type (TypeScript erases the import). */
function onlyTypes(clause: string): boolean {
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = (braces[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The value imports of one source file: local files (absolute .ts paths) and package names. */
export function staticImports(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(STATEMENT)) {
    const [, typeOnly, clause, spec] = m;
    if (typeOnly || !spec || (clause !== undefined && onlyTypes(clause))) continue;
    if (spec.startsWith('.')) {
      const target = join(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!existsSync(target)) throw new Error(`${file}: import ${spec} names no source file`);
      files.push(target);
    } else if (!spec.startsWith('node:')) {
      const parts = spec.split('/');
      packages.push(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
    }
  }
  return { files, packages };
}

export interface Closure {
  /** Source files loaded, relative to `root`. */
  files: string[];
  /** package -> the first source file (relative) that imports it statically. */
  packages: Map<string, string>;
}

/** Everything `entry` loads statically, transitively. */
export function staticClosure(entry: string, root: string): Closure {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const found = staticImports(file);
    for (const p of found.packages) if (!packages.has(p)) packages.set(p, relative(root, file));
    queue.push(...found.files);
  }
  return { files: [...seen].map((f) => relative(root, f)).sort(), packages };
}
