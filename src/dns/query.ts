/**
 * A small stub resolver over our own transport: one question to one named server. Used to find
 * zones, follow challenge CNAMEs, look up CAA and watch a TXT record appear. Never the system
 * resolver (its caches would hide what the authoritative servers say).
 */
import { randomInt } from 'node:crypto';
import { errorMessage } from '../util/errors.js';
import { type ExchangeOptions, exchange, formatServer, type Server } from './transport.js';
import { CLASS, decodeMessage, encodeMessage, type Message, normalizeName, rcodeName, TYPE } from './wire.js';

export interface QueryOptions extends ExchangeOptions {
  /** Recursion desired: on for resolvers, off for authoritative servers. */
  rd?: boolean;
}

export async function query(
  server: Server,
  name: string,
  type: number,
  opts: QueryOptions = {},
): Promise<Message> {
  const id = randomInt(0, 0x10000);
  const wire = encodeMessage({
    id,
    rd: opts.rd ?? true,
    questions: [{ name: normalizeName(name), type, class: CLASS.IN }],
  });
  const raw = await exchange(server, wire, opts);
  let answer: Message;
  try {
    answer = decodeMessage(raw);
  } catch (error) {
    throw new Error(`${formatServer(server)} sent an answer to ${name} we refuse: ${errorMessage(error)}`);
  }
  const q = answer.questions[0];
  // An answer to another question is a spoof or a bug: never act on it.
  if (answer.id !== id || (q && normalizeName(q.name) !== normalizeName(name))) {
    throw new Error(`${formatServer(server)} answered another question`);
  }
  return answer;
}

/** Throws unless the answer is NOERROR or NXDOMAIN (a definite answer). */
export function assertDefinite(msg: Message, server: Server, what: string): void {
  if (msg.rcode !== 0 && msg.rcode !== 3) {
    throw new Error(`${formatServer(server)} answered ${rcodeName(msg.rcode)} for ${what}`);
  }
}

/** The CNAME target of `name` in an answer, if the answer has one. */
export function cnameTarget(msg: Message, name: string): string | undefined {
  const want = normalizeName(name);
  const rr = msg.answers.find((r) => r.type === TYPE.CNAME && normalizeName(r.name) === want);
  return rr ? normalizeName(rr.data as string) : undefined;
}

export { TYPE };
