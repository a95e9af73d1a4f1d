// Reading the coding agents' log events: short event name, time, and attribute values that arrive as strings
// or numbers ("282", 282, "true").
import { createHash } from 'node:crypto';
import type { AttrValue, Attributes, RawLogRecord } from '../model/types';
import { agentOf, type AgentName } from './dialects';

export interface AgentEvent {
  agent: AgentName;
  /** Without the agent's prefix: `user_prompt`, `api_request`, `tool_result` … */
  name: string;
  /** Nanoseconds since the epoch (decimal string). */
  time: string;
  attrs: Attributes;
  log: RawLogRecord;
}

const PREFIXES = ['claude_code.', 'codex.', 'gemini_cli.'];

function shortName(name: string): string {
  for (const prefix of PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

/** The record's time: its own, else the `event.timestamp` attribute (ISO, ms), else when it was observed. */
export function eventTime(log: RawLogRecord): string {
  if (log.timeUnixNano && log.timeUnixNano !== '0') return log.timeUnixNano;
  const iso = log.attributes['event.timestamp'];
  if (typeof iso === 'string') {
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) return `${BigInt(ms) * 1_000_000n}`;
  }
  return log.observedTimeUnixNano || '0';
}

export function agentEvent(log: RawLogRecord): AgentEvent | null {
  const agent = agentOf(log.resource, log.scope);
  if (!agent) return null;
  // The attribute first: Codex puts a source location ("event otel/src/…rs:1234") in the record's event_name.
  const attrName = log.attributes['event.name'];
  const body = typeof log.body === 'string' ? log.body : '';
  const name = (typeof attrName === 'string' && attrName) || log.eventName || body;
  if (!name) return null;
  return { agent, name: shortName(name), time: eventTime(log), attrs: log.attributes, log };
}

export function str(attrs: Attributes, key: string): string | null {
  const v = attrs[key];
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export function num(attrs: Attributes, key: string): number | null {
  const v: AttrValue | undefined = attrs[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function bool(attrs: Attributes, key: string): boolean | null {
  const v = attrs[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

/** `time` minus `ms` milliseconds (not before 0). */
export function minusMs(time: string, ms: number | null): string {
  if (!ms || ms <= 0) return time;
  const t = BigInt(time) - BigInt(Math.round(ms * 1e6));
  return t > 0n ? t.toString() : '0';
}

/** A deterministic id of `bytes` bytes (hex) from its parts: the same event always lands in the same span. */
export function derivedId(bytes: 8 | 16, ...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, bytes * 2);
}
