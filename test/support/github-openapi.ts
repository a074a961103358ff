/**
 * GitHub's published OpenAPI description (from @octokit/openapi), used by the local GitHub server to
 * check every request it receives and every response it sends. A small validator for the subset
 * of OpenAPI 3.0 schema keywords GitHub's description uses; `$ref`s are resolved on the fly.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: Json };

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  spec: Schema;
  pathParams: Schema[];
  queryParams: Schema[];
  regex: RegExp;
  names: string[];
  /** Literal characters in the template: more literal = more specific match. */
  weight: number;
}

export interface Match {
  operation: Operation;
  params: Record<string, string>;
}

let cached: OpenApi | undefined;

export class OpenApi {
  readonly doc: Schema;
  private readonly operations: Operation[] = [];

  private constructor(doc: Schema) {
    this.doc = doc;
    const paths = doc['paths'] as Record<string, Record<string, Schema>>;
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, spec] of Object.entries(item)) {
        if (!spec || typeof spec !== 'object' || !('operationId' in spec)) continue;
        const params = ((spec['parameters'] as Schema[] | undefined) ?? []).map((p) => this.deref(p));
        const multi = new Set(params.filter((p) => p['x-multi-segment']).map((p) => p['name'] as string));
        const names: string[] = [];
        const pattern = template
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
            names.push(name);
            return multi.has(name) ? '(.+)' : '([^/]+)';
          });
        this.operations.push({
          method: method.toUpperCase(),
          template,
          operationId: spec['operationId'] as string,
          spec,
          pathParams: params.filter((p) => p['in'] === 'path'),
          queryParams: params.filter((p) => p['in'] === 'query'),
          regex: new RegExp(`^${pattern}$`),
          names,
          weight: template.replace(/\{\w+\}/g, '').length,
        });
      }
    }
  }

  /**
   * An OpenAPI document of our own (a DNS provider's subset, test/support/openapi/*.json), checked
   * with the same validator. Not cached: each fake loads its own once.
   */
  static fromFile(file: string): OpenApi {
    return new OpenApi(JSON.parse(readFileSync(file, 'utf8')));
  }

  static load(): OpenApi {
    if (!cached) {
      const require = createRequire(import.meta.url);
      const root = dirname(require.resolve('@octokit/openapi/package.json'));
      cached = new OpenApi(JSON.parse(readFileSync(join(root, 'generated', 'api.github.com.json'), 'utf8')));
    }
    return cached;
  }

  /** The operation for a method and a raw (still percent-encoded) path, most specific first. */
  match(method: string, rawPath: string): Match | undefined {
    let best: Match | undefined;
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const m = operation.regex.exec(rawPath);
      if (!m) continue;
      if (best && best.operation.weight >= operation.weight) continue;
      const params: Record<string, string> = {};
      operation.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      best = { operation, params };
    }
    return best;
  }

  deref(schema: Json | undefined): Schema {
    let current = schema as Schema;
    for (let depth = 0; current && typeof current['$ref'] === 'string'; depth++) {
      if (depth > 20) throw new Error(`$ref loop at ${current['$ref']}`);
      const parts = (current['$ref'] as string).replace(/^#\//, '').split('/');
      current = parts.reduce<Json>((node, part) => (node as Schema)[part] as Json, this.doc) as Schema;
    }
    return current;
  }

  /** Problems with a request's query string and JSON body. */
  validateRequest(match: Match, query: URLSearchParams, body: unknown, hasBody: boolean): string[] {
    const { operation } = match;
    const problems: string[] = [];
    for (const p of operation.pathParams) {
      const name = p['name'] as string;
      problems.push(...this.validateParam(`path parameter ${name}`, match.params[name] ?? '', p));
    }
    const known = new Map(operation.queryParams.map((p) => [p['name'] as string, p]));
    for (const [name, value] of query) {
      const p = known.get(name);
      if (!p) problems.push(`query parameter "${name}" is not defined for ${operation.operationId}`);
      else problems.push(...this.validateParam(`query parameter ${name}`, value, p));
    }
    for (const [name, p] of known) {
      if (p['required'] && !query.has(name)) problems.push(`required query parameter "${name}" is missing`);
    }
    const requestBody = this.deref(operation.spec['requestBody']);
    const schema = requestBody ? this.jsonSchema(requestBody) : undefined;
    if (!requestBody) {
      if (hasBody && operation.method !== 'GET')
        problems.push(`${operation.operationId} takes no request body`);
    } else if (!hasBody) {
      if (requestBody['required']) problems.push(`${operation.operationId} needs a request body`);
    } else if (schema) {
      problems.push(...this.validate(schema, body, 'body', true));
    }
    return problems;
  }

  /** Problems with a response: a status the operation does not declare, or a body off its schema. */
  validateResponse(operation: Operation, status: number, body: unknown): string[] {
    const responses = operation.spec['responses'] as Record<string, Json>;
    const declared = responses[String(status)];
    if (!declared) {
      // GitHub answers 401/403/404 on any endpoint without declaring them everywhere; those must
      // still look like GitHub's basic error. Any other undeclared status is a server bug.
      if ([401, 403, 404].includes(status)) {
        return this.validate(
          this.deref({ $ref: '#/components/schemas/basic-error' }),
          body,
          'response',
          false,
        );
      }
      return [`${operation.operationId} does not declare status ${status}`];
    }
    const schema = this.jsonSchema(this.deref(declared));
    // An error status declared without content (create-deployment's 409) still carries GitHub's
    // usual error object; only a success without content must be empty.
    if (!schema && status >= 400 && body !== undefined)
      return this.validate(this.deref({ $ref: '#/components/schemas/basic-error' }), body, 'response', false);
    if (!schema)
      return body === undefined || body === '' ? [] : [`${operation.operationId} ${status} has no body`];
    return this.validate(schema, body, 'response', false);
  }

  /**
   * The server's data completed to a full response: every property the schema requires and the
   * data leaves out gets a minimal valid value (null where allowed), at every depth.
   */
  fillResponse(operation: Operation, status: number, data: unknown): unknown {
    const responses = operation.spec['responses'] as Record<string, Json>;
    const declared = responses[String(status)];
    const schema = declared ? this.jsonSchema(this.deref(declared)) : undefined;
    return schema ? this.fill(schema, data, 0) : data;
  }

  private fill(schemaIn: Json, data: unknown, depth: number): unknown {
    const schema = this.deref(schemaIn);
    if (data === undefined) return this.example(schema, depth);
    if (!schema || depth > 12 || data === null) return data;
    if (schema['allOf']) {
      return (schema['allOf'] as Json[]).reduce<unknown>(
        (acc, part) => deepMerge(acc, this.fill(part, data, depth + 1)),
        {},
      );
    }
    const choice = (schema['oneOf'] ?? schema['anyOf']) as Json[] | undefined;
    if (choice) {
      // Fill towards the member the data already fits best (fewest problems once filled).
      let best: unknown = data;
      let bestCount = Number.POSITIVE_INFINITY;
      for (const option of choice) {
        const filled = this.fill(option, data, depth + 1);
        const count = this.validate(option, filled, '', false).length;
        if (count < bestCount) {
          best = filled;
          bestCount = count;
        }
      }
      return best;
    }
    if (Array.isArray(data)) {
      return schema['items'] ? data.map((item) => this.fill(schema['items'] as Json, item, depth + 1)) : data;
    }
    if (isPlainObject(data) && (schema['type'] === 'object' || schema['properties'])) {
      const properties = (schema['properties'] as Record<string, Json> | undefined) ?? {};
      const out: Record<string, unknown> = {};
      for (const name of (schema['required'] as string[] | undefined) ?? []) {
        out[name] = this.fill(properties[name] ?? {}, data[name], depth + 1);
      }
      for (const [name, v] of Object.entries(data)) {
        out[name] = name in properties ? this.fill(properties[name] ?? {}, v, depth + 1) : v;
      }
      return out;
    }
    return data;
  }

  private jsonSchema(holder: Schema): Schema | undefined {
    const content = holder['content'] as Record<string, Schema> | undefined;
    const json = content?.['application/json'];
    return json?.['schema'] ? this.deref(json['schema']) : undefined;
  }

  private validateParam(label: string, raw: string, param: Schema): string[] {
    const schema = this.deref(param['schema']);
    let value: unknown = raw;
    if (schema['type'] === 'integer' || schema['type'] === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) return [`${label}: "${raw}" is not a number`];
      value = Number(raw);
    } else if (schema['type'] === 'boolean') {
      if (raw !== 'true' && raw !== 'false') return [`${label}: "${raw}" is not true/false`];
      value = raw === 'true';
    }
    return this.validate(schema, value, label, false);
  }

  /**
   * Checks `value` against `schema`. `strict` (requests) also rejects properties the schema does
   * not name, so a misspelled field in a call fails the test instead of being ignored.
   */
  validate(schemaIn: Json, value: unknown, at: string, strict: boolean): string[] {
    const schema = this.deref(schemaIn);
    if (!schema || Object.keys(schema).length === 0) return [];
    if (value === null) {
      if (schema['nullable'] || (schema['enum'] as Json[] | undefined)?.includes(null)) return [];
      if (schema['anyOf'] || schema['oneOf'] || schema['allOf']) {
        // fall through: a member may be nullable
      } else return [`${at}: null is not allowed`];
    }
    const problems: string[] = [];
    if (schema['allOf']) {
      for (const part of schema['allOf'] as Json[]) problems.push(...this.validate(part, value, at, false));
    }
    if (schema['anyOf']) {
      const options = schema['anyOf'] as Json[];
      if (!options.some((o) => this.validate(o, value, at, strict).length === 0)) {
        problems.push(`${at}: matches none of anyOf (${this.firstProblems(options, value, at, strict)})`);
      }
    }
    if (schema['oneOf']) {
      const options = schema['oneOf'] as Json[];
      const hits = options.filter((o) => this.validate(o, value, at, strict).length === 0).length;
      if (hits !== 1) {
        problems.push(
          hits === 0
            ? `${at}: matches none of oneOf (${this.firstProblems(options, value, at, strict)})`
            : `${at}: matches ${hits} members of oneOf, exactly one expected`,
        );
      }
    }
    if (value === null) return problems;
    const type = schema['type'] as string | undefined;
    if (type && !typeMatches(type, value))
      return [...problems, `${at}: expected ${type}, got ${describe(value)}`];
    const enumValues = schema['enum'] as Json[] | undefined;
    if (enumValues && !enumValues.includes(value as Json)) {
      problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(enumValues)}`);
    }
    if (typeof value === 'string') {
      if (typeof schema['minLength'] === 'number' && value.length < schema['minLength'])
        problems.push(`${at}: shorter than ${schema['minLength']}`);
      if (typeof schema['maxLength'] === 'number' && value.length > schema['maxLength'])
        problems.push(`${at}: longer than ${schema['maxLength']}`);
      if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value))
        problems.push(`${at}: does not match /${schema['pattern']}/`);
      if (schema['format'] === 'date-time' && Number.isNaN(Date.parse(value)))
        problems.push(`${at}: "${value}" is not a date-time`);
      if (schema['format'] === 'uri' && value !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(value))
        problems.push(`${at}: "${value}" is not a URI`);
    }
    if (typeof value === 'number') {
      if (typeof schema['minimum'] === 'number' && value < schema['minimum'])
        problems.push(`${at}: below minimum`);
      if (typeof schema['maximum'] === 'number' && value > schema['maximum'])
        problems.push(`${at}: above maximum`);
    }
    if (Array.isArray(value)) {
      if (typeof schema['minItems'] === 'number' && value.length < schema['minItems'])
        problems.push(`${at}: fewer than ${schema['minItems']} items`);
      if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems'])
        problems.push(`${at}: more than ${schema['maxItems']} items`);
      if (schema['items']) {
        value.forEach((item, i) => {
          problems.push(...this.validate(schema['items'] as Json, item, `${at}[${i}]`, strict));
        });
      }
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const properties = (schema['properties'] as Record<string, Json> | undefined) ?? {};
      for (const name of (schema['required'] as string[] | undefined) ?? []) {
        if (!(name in record)) problems.push(`${at}.${name}: required property missing`);
      }
      const additional = schema['additionalProperties'];
      for (const [name, v] of Object.entries(record)) {
        if (name in properties)
          problems.push(...this.validate(properties[name] ?? {}, v, `${at}.${name}`, strict));
        else if (additional && typeof additional === 'object')
          problems.push(...this.validate(additional, v, `${at}.${name}`, strict));
        else if (additional === false || (strict && schema['properties'] && !additional))
          problems.push(`${at}.${name}: property not defined by the schema`);
      }
    }
    return problems;
  }

  private firstProblems(options: Json[], value: unknown, at: string, strict: boolean): string {
    return options
      .map((o) => this.validate(o, value, at, strict)[0])
      .filter(Boolean)
      .slice(0, 3)
      .join(' | ');
  }

  private example(schemaIn: Json, depth: number): unknown {
    const schema = this.deref(schemaIn);
    if (!schema || depth > 12) return null;
    if (schema['nullable']) return null;
    if (schema['allOf']) {
      return (schema['allOf'] as Json[]).reduce<unknown>(
        (acc, part) => deepMerge(acc, this.example(part, depth + 1)),
        {},
      );
    }
    const choice = (schema['oneOf'] ?? schema['anyOf']) as Json[] | undefined;
    if (choice?.[0] !== undefined) return this.example(choice[0], depth + 1);
    const enumValues = schema['enum'] as Json[] | undefined;
    if (enumValues?.length) return enumValues[0];
    switch (schema['type']) {
      case 'object': {
        const out: Record<string, unknown> = {};
        const properties = (schema['properties'] as Record<string, Json> | undefined) ?? {};
        for (const name of (schema['required'] as string[] | undefined) ?? []) {
          out[name] = this.example(properties[name] ?? {}, depth + 1);
        }
        return out;
      }
      case 'array':
        return [];
      case 'integer':
      case 'number':
        return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
      case 'boolean':
        return false;
      case 'string': {
        if (schema['format'] === 'date-time') return '2025-01-01T00:00:00Z';
        if (schema['format'] === 'uri') return 'https://github.test/';
        if (schema['format'] === 'email') return 'nobody@github.test';
        return 'x'.repeat(typeof schema['minLength'] === 'number' ? schema['minLength'] : 0);
      }
      default:
        return null;
    }
  }
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/** `over` laid on `base`: objects merge key by key, anything else in `over` wins. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
