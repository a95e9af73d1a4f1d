// Receiver fuzzing shared by the bounded unit test and scripts/fuzz.ts: mutate real captures,
// post them, and check every answer is a 2xx with a valid response body or a 4xx.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { OtlpEncoding, OtlpSignal } from '../../../src/core/otlp';
import { decodeStatusProtobuf } from '../../../src/receiver/status-body';
import { fixturesDir, httpRequest } from './helpers';

export interface Seed {
  name: string;
  body: Uint8Array;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
}

export function loadSeeds(root = fixturesDir): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of readdirSync(root).sort()) {
    const dir = join(root, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      const isPb = file.endsWith('.pb');
      if (!isPb && !/^\d+.*\.json$/.test(file)) continue;
      seeds.push({
        name: `${folder}/${file}`,
        body: readFileSync(join(dir, file)),
        signal: file.includes('logs') ? 'logs' : 'traces',
        encoding: isPb ? 'protobuf' : 'json',
      });
    }
  }
  return seeds;
}

/** mulberry32: small, seedable, good enough to pick mutations reproducibly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  label: string;
  body: Uint8Array;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  gzip: boolean;
}

const JSON_TOKENS = ['', '"', '{', '}', '[', ']', ',', ':', 'null', '-1', '1e309', '"\\u0000"', '18446744073709551616', 'true', '"AAAA"'];

export function makeCase(seeds: Seed[], random: () => number, index: number): FuzzCase {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number): number => Math.floor(random() * max);
  const seed = pick(seeds);
  let body = Uint8Array.from(seed.body);
  const ops: string[] = [];
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const op = pick(['bitflip', 'truncate', 'splice', 'random', 'insert', 'duplicate', 'token', 'byteset']);
    ops.push(op);
    switch (op) {
      case 'bitflip':
        for (let i = 0, n = 1 + int(8); i < n && body.length > 0; i++) body[int(body.length)]! ^= 1 << int(8);
        break;
      case 'truncate':
        body = body.slice(0, int(body.length + 1));
        break;
      case 'splice': {
        const other = pick(seeds).body;
        const cut = int(body.length + 1);
        const from = int(other.length + 1);
        body = Uint8Array.from([...body.subarray(0, cut), ...other.subarray(from)]);
        break;
      }
      case 'random':
        body = Uint8Array.from({ length: int(2048) }, () => int(256));
        break;
      case 'insert': {
        const at = int(body.length + 1);
        const extra = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
        body = Uint8Array.from([...body.subarray(0, at), ...extra, ...body.subarray(at)]);
        break;
      }
      case 'duplicate': {
        const start = int(body.length + 1);
        const end = Math.min(body.length, start + int(256));
        body = Uint8Array.from([...body.subarray(0, end), ...body.subarray(start, end), ...body.subarray(end)]);
        break;
      }
      case 'token': {
        const text = Buffer.from(body).toString('latin1');
        const at = int(text.length + 1);
        const len = int(8);
        body = Uint8Array.from(Buffer.from(text.slice(0, at) + pick(JSON_TOKENS) + text.slice(at + len), 'latin1'));
        break;
      }
      case 'byteset':
        for (let i = 0, n = 1 + int(4); i < n && body.length > 0; i++) body[int(body.length)] = pick([0, 0x7f, 0x80, 0xff, 0x0a, 0x22]);
        break;
    }
  }
  // Sometimes the other encoding or the other signal, to exercise cross-format confusion.
  const encoding = random() < 0.1 ? (seed.encoding === 'json' ? 'protobuf' : 'json') : seed.encoding;
  const signal = random() < 0.1 ? (seed.signal === 'logs' ? 'traces' : 'logs') : seed.signal;
  const gzip = random() < 0.25;
  return { label: `#${index} ${seed.name} ${ops.join('+')}${gzip ? ' gzip' : ''}`, body, signal, encoding, gzip };
}

export interface FuzzOutcome {
  status: number;
  problem: string | null;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export async function postCase(baseUrl: string, c: FuzzCase): Promise<FuzzOutcome> {
  const contentType = c.encoding === 'json' ? 'application/json' : 'application/x-protobuf';
  const headers: Record<string, string> = { 'Content-Type': contentType };
  let body = c.body;
  if (c.gzip) {
    body = gzipSync(body);
    headers['Content-Encoding'] = 'gzip';
  }
  let reply;
  try {
    reply = await httpRequest(`${baseUrl}/v1/${c.signal}`, { body, headers, agent });
  } catch (error) {
    return { status: 0, problem: `request failed: ${(error as Error).message}` };
  }
  const { status } = reply;
  if (status >= 200 && status < 300) {
    if (c.encoding === 'json') {
      try {
        JSON.parse(reply.body.toString('utf8'));
      } catch {
        return { status, problem: '2xx with a body that is not JSON' };
      }
    }
    return { status, problem: null };
  }
  if (status === 400 || status === 413 || status === 415) {
    const message = c.encoding === 'json'
      ? (JSON.parse(reply.body.toString('utf8')) as { message?: string }).message
      : decodeStatusProtobuf(reply.body)?.message;
    return { status, problem: message ? null : `${status} without a reason in the body` };
  }
  return { status, problem: `unexpected status ${status}: ${reply.body.toString('utf8').slice(0, 200)}` };
}

export function closeFuzzAgent(): void {
  agent.destroy();
}
