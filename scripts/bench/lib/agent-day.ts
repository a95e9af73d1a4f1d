// A coding agent's day, replayed from one recorded prompt (test/fixtures/otlp/live-*): every request of the
// recording, in its order and batching, once per prompt, with fresh trace and span ids (parent links and the
// events' trace/span ids rewritten alike), fresh prompt-scoped UUIDs (turn, prompt, submission ids), a fresh
// session UUID (conversation.id / session.id) every `promptsPerSession` prompts, and every time shifted by
// the prompt's place in the day (nanosecond strings and ISO timestamps). Shared by agents.ts and the profiler.
import fs from 'node:fs';
import path from 'node:path';
import type { OtlpSignal } from '../../../src/core/otlp';

export interface ReplayRequest {
  signal: OtlpSignal;
  body: Uint8Array;
  /** Spans (traces), log records (logs) or data points (metrics) in the body. */
  items: number;
}

type Token =
  | { kind: 'trace' | 'span' | 'prompt-uuid' | 'session-uuid'; index: number }
  | { kind: 'nanos'; value: bigint }
  | { kind: 'iso'; ms: number };

interface Template {
  file: string;
  signal: OtlpSignal;
  items: number;
  /** literals[i] token[i] literals[i + 1] … */
  literals: string[];
  tokens: Token[];
}

/** Attributes whose UUID names the session (a new one every `promptsPerSession` prompts). */
const SESSION_KEYS = new Set(['conversation.id', 'session.id', 'thread_id', 'thread.id']);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** UUIDs, 32/16-hex ids (only those the recording uses as trace/span ids are rewritten), quoted 19-digit nanos, ISO times. */
const TOKEN_RE = new RegExp(`(${UUID})|\\b([0-9a-f]{32}|[0-9a-f]{16})\\b|(?<=")(\\d{19})(?=")|(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)`, 'g');
/** One prompt every 144 s: 200 prompts over 8 hours. */
export const PROMPT_INTERVAL_MS = 144_000;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function uuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function walk(value: Json, visit: (object: { [key: string]: Json }) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (value !== null && typeof value === 'object') {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

function countItems(signal: OtlpSignal, json: Json): number {
  let n = 0;
  walk(json, (o) => {
    if (signal === 'traces' && Array.isArray(o.spans)) n += o.spans.length;
    if (signal === 'logs' && Array.isArray(o.logRecords)) n += o.logRecords.length;
    if (signal === 'metrics' && Array.isArray(o.dataPoints)) n += o.dataPoints.length;
  });
  return n;
}

export class AgentDay {
  readonly templates: Template[] = [];
  private readonly traceIndex = new Map<string, number>();
  private readonly rootNames = new Map<string, string>();

  /** `dir`: a recording folder (NNN-<signal>.json files, sent in name order). */
  constructor(dir: string, readonly promptsPerSession: number) {
    const files = fs.readdirSync(dir).filter((f) => /^\d+-(traces|logs|metrics)\.json$/.test(f)).sort();
    const parsed = files.map((file) => ({
      file, signal: /-(traces|logs|metrics)\.json$/.exec(file)![1] as OtlpSignal,
      json: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Json,
    }));
    const spanIndex = new Map<string, number>();
    const sessionUuids = new Set<string>();
    for (const { json } of parsed) {
      walk(json, (o) => {
        for (const [key, ids] of [['traceId', this.traceIndex], ['spanId', spanIndex], ['parentSpanId', spanIndex]] as const) {
          const id = o[key];
          if (typeof id === 'string' && id !== '' && !ids.has(id)) ids.set(id, ids.size);
        }
        if (typeof o.name === 'string' && typeof o.traceId === 'string' && !o.parentSpanId) this.rootNames.set(o.traceId, o.name);
        const value = o.value as { stringValue?: Json } | undefined;
        if (typeof o.key === 'string' && SESSION_KEYS.has(o.key) && typeof value?.stringValue === 'string'
          && new RegExp(`^${UUID}$`).test(value.stringValue)) sessionUuids.add(value.stringValue);
      });
    }
    const promptUuids = new Map<string, number>();
    const sessionIndex = new Map([...sessionUuids].map((u, i) => [u, i]));
    for (const { file, signal, json } of parsed) {
      // Sent as the agent sent it, minus the recording's pretty-printing.
      const text = JSON.stringify(json);
      const literals: string[] = [];
      const tokens: Token[] = [];
      let last = 0;
      for (const m of text.matchAll(TOKEN_RE)) {
        let token: Token | null = null;
        if (m[1]) {
          const session = sessionIndex.get(m[1]);
          if (session !== undefined) token = { kind: 'session-uuid', index: session };
          else {
            if (!promptUuids.has(m[1])) promptUuids.set(m[1], promptUuids.size);
            token = { kind: 'prompt-uuid', index: promptUuids.get(m[1])! };
          }
        } else if (m[2]) {
          const trace = this.traceIndex.get(m[2]);
          const span = spanIndex.get(m[2]);
          if (m[2].length === 32 && trace !== undefined) token = { kind: 'trace', index: trace };
          else if (m[2].length === 16 && span !== undefined) token = { kind: 'span', index: span };
        } else if (m[3]) token = { kind: 'nanos', value: BigInt(m[3]) };
        else if (m[4]) token = { kind: 'iso', ms: Date.parse(m[4]) };
        if (!token) continue;
        literals.push(text.slice(last, m.index));
        tokens.push(token);
        last = m.index + m[0].length;
      }
      literals.push(text.slice(last));
      this.templates.push({ file, signal, items: countItems(signal, json), literals, tokens });
    }
  }

  /** Items per prompt by signal. */
  perPrompt(signal: OtlpSignal): number {
    return this.templates.filter((t) => t.signal === signal).reduce((n, t) => n + t.items, 0);
  }

  /** The recorded trace whose root span has this name (first found). */
  recordedTrace(rootName: string): string | null {
    for (const [traceId, name] of this.rootNames) if (name === rootName) return traceId;
    return null;
  }

  /** The id a recorded trace gets in prompt `prompt`. */
  traceId(recorded: string, prompt: number): string {
    return `a6e0${hex(prompt, 8)}${hex(this.traceIndex.get(recorded)!, 20)}`;
  }

  private value(token: Token, prompt: number): string {
    switch (token.kind) {
      case 'trace': return `a6e0${hex(prompt, 8)}${hex(token.index, 20)}`;
      case 'span': return `${hex(prompt + 1, 6)}${hex(token.index + 1, 10)}`;
      case 'prompt-uuid': return uuid(`${hex(prompt + 1, 12)}${hex(token.index + 1, 8)}c0de${'0'.repeat(8)}`);
      case 'session-uuid': return uuid(`${hex(Math.floor(prompt / this.promptsPerSession) + 1, 12)}${hex(token.index + 1, 8)}5e55${'0'.repeat(8)}`);
      case 'nanos': return (token.value + BigInt(prompt) * BigInt(PROMPT_INTERVAL_MS) * 1_000_000n).toString();
      case 'iso': return new Date(token.ms + prompt * PROMPT_INTERVAL_MS).toISOString();
    }
  }

  /** The recording's requests for prompt number `prompt` (0-based), as OTLP/JSON bodies. */
  prompt(prompt: number): ReplayRequest[] {
    return this.templates.map((t) => {
      const parts: string[] = [t.literals[0]!];
      for (let i = 0; i < t.tokens.length; i++) parts.push(this.value(t.tokens[i]!, prompt), t.literals[i + 1]!);
      return { signal: t.signal, body: Buffer.from(parts.join(''), 'utf8'), items: t.items };
    });
  }
}
