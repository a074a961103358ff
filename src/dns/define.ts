/**
 * The shape of one DNS provider module (src/dns/providers/<type>.ts). A module is everything
 * certflow knows about a provider type, in one place: its config fields with their texts (from
 * which config/schema.ts builds the `dns` union, the JSON Schema and the reference are generated),
 * the starter block `certflow init --dns <type>` writes, its section of docs/dns-providers.md, and
 * `create`, typed by its own fields. The registry (providers/index.ts) is the only list of modules.
 */
import { z } from 'zod';
import { ABOUT } from '../config/schema-text.js';
import type { DnsProvider, ProviderDeps } from './provider.js';

/** `${NAME}` as written in certflow.yml, for starter lines (a plain string would read as a template). */
export const envRef = (name: string) => `\${${name}}`;

/** Marker on every starter line whose value the user must replace (init checks for it). */
export const CHANGE_ME = 'CHANGE ME';

/**
 * Field builders that depend on how the schema is used (config/schema.ts builds it twice): in the
 * file, secrets are `${NAME}` references and formatted fields may be references; once resolved,
 * the values themselves are checked. A module builds every such field through these.
 */
export interface FieldKit {
  /** A secret: only `${NAME}` in the file, so secrets never sit in the repository. */
  secret(what: string, about: string): z.ZodString;
  /** An http(s) URL (or `${NAME}` in the file). */
  url(): z.ZodType<string>;
  /** "host" or "host:port", "[v6]:port" for IPv6 (or `${NAME}` in the file). */
  hostPort(): z.ZodType<string>;
  /** Seconds, or a duration like "90s", "5m", "2h". */
  duration(what: string): z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>;
  /** Names of variables a child process may take from the job (util/child-env.ts). */
  envNames(): z.ZodOptional<z.ZodArray<z.ZodString>>;
  /** `insecure-http`: the opt-in to plain http:// to a host that is not loopback. */
  insecureHttp(): z.ZodDefault<z.ZodBoolean>;
}

/** The fields every provider has, after its own (texts in config/schema-text.ts). */
export function commonShape(kit: FieldKit) {
  return {
    resolvers: z.array(kit.hostPort()).optional().describe(ABOUT.dns.resolvers),
    zones: z.array(z.string()).optional().describe(ABOUT.dns.zones),
    'propagation-timeout': kit
      .duration('propagation-timeout')
      .default('120s')
      .describe(ABOUT.dns['propagation-timeout']),
    ttl: z.number().int().positive().default(60).describe(ABOUT.dns.ttl),
  };
}

type CommonShape = ReturnType<typeof commonShape>;

function objectSchema<T extends string, S extends z.ZodRawShape>(
  type: T,
  typeText: string,
  own: S,
  common: CommonShape,
) {
  return z.strictObject({ type: z.literal(type).describe(typeText), ...own, ...common });
}

/** The zod object of a provider type: `type`, its own fields, then the common ones. */
export type ProviderSchema<T extends string, S extends z.ZodRawShape> = ReturnType<typeof objectSchema<T, S>>;

/** The settings `create` gets: the provider's entry as validated, defaults filled. */
export type ProviderConfig<T extends string, S extends z.ZodRawShape> = z.output<ProviderSchema<T, S>>;

/** An endpoint that carries the credential; config/crosscheck.ts holds it to https://. */
export interface CredentialEndpoint {
  /** The field, as the user wrote it (`api-url`). */
  field: string;
  /** Its value; undefined when not set (the provider's default is https://). */
  url: string | undefined;
  /** Whether this entry says `insecure-http: true`. */
  insecureHttp: boolean;
}

export interface ProviderDefinition<T extends string, S extends z.ZodRawShape> {
  /** `type:` in certflow.yml. Public interface: never rename one. */
  type: T;
  /** One line for the schema and the reference: what this provider talks to. */
  about: string;
  /** The description of its `type` field. */
  typeText: string;
  /** Its own fields (the common ones are added after them), with `.describe()` texts. */
  fields(kit: FieldKit): S;
  /** What `certflow init --dns <type>` writes under `dns: main:`. */
  starter: {
    /** Lines after `type: <type>`, without indentation; `${NAME}` for each secret below. */
    lines: string[];
    /** The variables the lines read, and what the user must put in each. */
    secrets: Array<{ name: string; what: string }>;
  };
  /** Its section of docs/dns-providers.md (the field table is generated from `fields`). */
  docs: {
    /** Heading after the type: "Cloudflare API v4". */
    title: string;
    /** Markdown after the field table: how it works, what it needs, an example. */
    text: string;
  };
  /** Endpoints that carry the credential (config/crosscheck.ts holds them to https://). */
  endpoints?(config: ProviderConfig<T, S>): CredentialEndpoint[];
  /** Builds the provider from its validated, resolved settings; throws DnsProviderError. */
  create(name: string, config: ProviderConfig<T, S>, deps: ProviderDeps): DnsProvider;
}

export interface ProviderModule<T extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends ProviderDefinition<T, S> {
  /** The zod object of this type, built with the kit of the file or of resolved values. */
  schema(kit: FieldKit): ProviderSchema<T, S>;
}

/** A provider module: a definition plus its complete schema. */
export function defineProvider<T extends string, S extends z.ZodRawShape>(
  definition: ProviderDefinition<T, S>,
): ProviderModule<T, S> {
  return {
    ...definition,
    schema: (kit) =>
      objectSchema(definition.type, definition.typeText, definition.fields(kit), commonShape(kit)).describe(
        definition.about,
      ),
  };
}
