// Reading a tool's arguments: whatever a model sends is checked here and refused with a message it can act on.
import { MAX_MAX_TOKENS, MIN_MAX_TOKENS } from './budget';
import { safeLine } from '../text/safe-text';
import { nanosOfIso } from './format';
import { ToolInputError, type JsonSchema } from './types';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

export function checkKnown(input: Record<string, unknown>, schema: JsonSchema): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ToolInputError('arguments must be a JSON object');
  const known = Object.keys(schema.properties ?? {});
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw new ToolInputError(`unknown argument "${safeLine(key, 60)}" (expected: ${known.join(', ')})`);
  }
  for (const key of schema.required ?? []) {
    if (input[key] === undefined || input[key] === null) throw new ToolInputError(`missing argument "${key}"`);
  }
}

export function optString(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ToolInputError(`"${key}" must be a string`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

export function reqString(input: Record<string, unknown>, key: string): string {
  const v = optString(input, key);
  if (v === undefined) throw new ToolInputError(`"${key}" must be a non-empty string`);
  return v;
}

export function traceIdArg(input: Record<string, unknown>, key = 'traceId'): string {
  const raw = reqString(input, key).toLowerCase();
  if (!TRACE_ID.test(raw)) throw new ToolInputError(`"${key}" must be a trace id (32 hex characters), got "${safeLine(raw, 40)}"`);
  return raw;
}

export function optTraceId(input: Record<string, unknown>, key: string): string | undefined {
  return input[key] === undefined || input[key] === null ? undefined : traceIdArg(input, key);
}

export function spanIdArg(input: Record<string, unknown>, key = 'spanId'): string {
  const raw = reqString(input, key).toLowerCase();
  if (!SPAN_ID.test(raw)) throw new ToolInputError(`"${key}" must be a span id (16 hex characters), got "${safeLine(raw, 40)}"`);
  return raw;
}

export function optSpanId(input: Record<string, unknown>, key: string): string | undefined {
  return input[key] === undefined || input[key] === null ? undefined : spanIdArg(input, key);
}

export function optInt(input: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ToolInputError(`"${key}" must be an integer from ${min} to ${max}`);
  }
  return v;
}

export function optBool(input: Record<string, unknown>, key: string): boolean | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ToolInputError(`"${key}" must be true or false`);
  return v;
}

export function optEnum<T extends string>(input: Record<string, unknown>, key: string, values: readonly T[]): T | undefined {
  const v = optString(input, key);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw new ToolInputError(`"${key}" must be one of ${values.join(', ')}`);
  return v as T;
}

export function optEnumList<T extends string>(input: Record<string, unknown>, key: string, values: readonly T[]): T[] | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !(values as readonly string[]).includes(x))) {
    throw new ToolInputError(`"${key}" must be a list of: ${values.join(', ')}`);
  }
  return v as T[];
}

/** The furthest back an age may reach (and the earliest ISO time taken): 1970. */
const MIN_TIME_MS = 0;
/** The latest ISO time taken: the year 9999. */
const MAX_TIME_MS = 253_402_300_799_999;

/** An ISO 8601 time, or a span back from now: "15m", "2h", "7d". */
export function optTime(input: Record<string, unknown>, key: string, now = Date.now()): string | undefined {
  const v = optString(input, key);
  if (v === undefined) return undefined;
  const rel = /^(\d{1,15})\s*(s|m|h|d)$/.exec(v);
  let ms: number;
  if (rel) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    ms = now - Number(rel[1]) * unit;
    if (!Number.isSafeInteger(ms) || ms < MIN_TIME_MS) throw new ToolInputError(`"${key}" reaches back before 1970: use a shorter age (e.g. 30d) or an ISO time`);
  } else {
    if (/^\d+\s*[smhd]$/.test(v)) throw new ToolInputError(`"${key}" is too large an age: use a shorter one (e.g. 30d) or an ISO time`);
    const nanos = nanosOfIso(v);
    if (nanos === null) throw new ToolInputError(`"${key}" must be an ISO time (2026-01-31T12:00:00Z) or an age like 15m, 2h, 7d`);
    ms = Number(BigInt(nanos) / 1_000_000n);
    if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) throw new ToolInputError(`"${key}" must be a time between 1970 and 9999`);
  }
  return (BigInt(ms) * 1_000_000n).toString();
}

/** Both ends of a time range, refused when "since" comes after "until". */
export function timeRange(input: Record<string, unknown>): { since?: string; until?: string } {
  const since = optTime(input, 'since');
  const until = optTime(input, 'until');
  if (since !== undefined && until !== undefined && BigInt(since) > BigInt(until)) {
    throw new ToolInputError('"since" is later than "until", so no trace can match: swap them (since is the start of the range)');
  }
  return { ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

export function budgetArg(input: Record<string, unknown>, fallback: number): number {
  return optInt(input, 'maxTokens', MIN_MAX_TOKENS, MAX_MAX_TOKENS) ?? fallback;
}

export const MAX_TOKENS_PROPERTY: JsonSchema = {
  type: 'integer',
  minimum: MIN_MAX_TOKENS,
  maximum: MAX_MAX_TOKENS,
  description: 'Answer budget in estimated tokens (default about 8000). Longer answers are cut and say what was left out.',
};
