/**
 * Where a field sits in the YAML file: turns a data path (`['certificates', 'www', 'domains', 1]`)
 * into the line and column a user should look at, and into the dotted form shown in messages.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type DataPath = ReadonlyArray<PropertyKey>;

export interface Position {
  line: number;
  column: number;
}

/** `certificates.www.domains[1]`; keys that are not plain words are quoted. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const text = String(key);
      out += /^[A-Za-z0-9_$-]+$/.test(text) ? (out ? `.${text}` : text) : `[${JSON.stringify(text)}]`;
    }
  }
  return out || '(top level)';
}

export interface Located {
  position: Position;
  /** How much of the path exists in the file (a missing field points at its parent). */
  found: number;
}

/**
 * Line/column of the deepest node of `path` that exists. With `atKey`, a map entry is located at
 * its key (where an unknown key or a missing child is best shown) rather than at its value.
 */
export function locate(doc: Document, counter: LineCounter, path: DataPath, atKey = false): Located {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  let found = 0;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && scalarValue(p.key) === String(key));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      offset = (last && atKey) || valueStart === undefined ? (keyStart ?? offset) : valueStart;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
    found++;
  }
  const pos = counter.linePos(offset);
  return { position: { line: pos.line, column: pos.col }, found };
}

function scalarValue(node: unknown): string | undefined {
  if (isScalar(node)) return String(node.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
