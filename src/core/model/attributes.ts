// Cheap attribute lookups shared by the normalizers. Values may be AnyValue scalars/arrays/kvlists or JSON text.
//
// Hot-path design: every key the normalizer reads is compiled once (at module load) into an AttrKey that knows its
// namespace (the text before the first dot). Constructing an AttrReader walks the span's keys once, recording which
// namespaces are present (a bit mask, with the per-key classification memoized) and which indexed families exist.
// A lookup for a namespace the span does not use is then an integer test instead of a hash probe, so a plain
// HTTP span costs a handful of probes instead of ~150.
import { familyOf, emptyFamilies, type FlatFamilies, type FamilyName } from './flattened';
import type { AttrValue, Attributes } from './types';

export type Json = unknown;

/** Parse JSON text that looks structured ({ or [ first); anything else is returned unchanged. */
export function parseMaybeJson(value: unknown): Json {
  if (typeof value !== 'string') return value;
  const c = firstNonSpace(value);
  if (c !== 123 /* { */ && c !== 91 /* [ */) return value;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return value;
  }
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
  }
  return -1;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar as text; structured values become JSON text. null/undefined stay null. */
export function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Integer from a number or a decimal string ("12", "12.0"); anything else is null. */
export function asInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'string' && v.length > 0) {
    const n = Number(v);
    return Number.isFinite(n) ? Math.trunc(n) : null;
  }
  return null;
}

export function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.length > 0) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

// ---- namespaces ---------------------------------------------------------------------------------------------------

const NAMESPACE_BITS = new Map<string, number>();
const MAX_NAMESPACE_BITS = 30;

function namespaceOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

/** Bit for a namespace, allocated on first use by a compiled key (bits are shared past 30: only false positives). */
function registerNamespace(ns: string): number {
  let bit = NAMESPACE_BITS.get(ns);
  if (bit === undefined) {
    bit = 1 << (NAMESPACE_BITS.size % MAX_NAMESPACE_BITS);
    NAMESPACE_BITS.set(ns, bit);
    KEY_CLASS.clear();
  }
  return bit;
}

/** Memo: attribute key → [namespace bit (0 when no compiled key uses it), indexed family]. Bounded. */
const KEY_CLASS = new Map<string, readonly [number, FamilyName | null]>();
const KEY_CLASS_LIMIT = 20_000;

function classify(key: string): readonly [number, FamilyName | null] {
  let c = KEY_CLASS.get(key);
  if (c === undefined) {
    c = [NAMESPACE_BITS.get(namespaceOf(key)) ?? 0, familyOf(key)];
    if (KEY_CLASS.size < KEY_CLASS_LIMIT) KEY_CLASS.set(key, c);
  }
  return c;
}

/** A compiled attribute key. `a.b#c` reads field `c` of attribute `a.b` (a kvlist or JSON object text). */
export interface AttrKey {
  readonly name: string;
  readonly base: string;
  readonly field: string | null;
  readonly bit: number;
}

export function attrKey(name: string): AttrKey {
  const hash = name.indexOf('#');
  const base = hash < 0 ? name : name.slice(0, hash);
  return { name, base, field: hash < 0 ? null : name.slice(hash + 1), bit: registerNamespace(namespaceOf(base)) };
}

export function attrKeys(names: readonly string[]): readonly AttrKey[] {
  return names.map(attrKey);
}

// ---- reader -------------------------------------------------------------------------------------------------------

/** Per-span reader: first-present lookups over priority-ordered key lists; parsed JSON is cached per key. */
export class AttrReader {
  readonly families: FlatFamilies;
  private readonly mask: number;
  private parsed: Map<string, Json> | null = null;

  constructor(readonly attrs: Attributes) {
    let mask = 0;
    let families: FlatFamilies | null = null;
    for (const key in attrs) {
      const [bit, family] = classify(key);
      mask |= bit;
      if (family !== null) {
        families ??= emptyFamilies();
        (families[family] ??= []).push(key);
      }
    }
    this.mask = mask;
    this.families = families ?? emptyFamilies();
  }

  /** The attribute (or its `#field`), undefined when absent. */
  get(k: AttrKey): unknown {
    if ((this.mask & k.bit) === 0) return undefined;
    if (k.field === null) return this.attrs[k.base];
    if (this.attrs[k.base] === undefined) return undefined;
    const obj = this.json(k);
    return isRecord(obj) ? obj[k.field] : undefined;
  }

  /** Direct lookup for keys that are not known in advance (e.g. the configured workload key). */
  raw(name: string): AttrValue | undefined {
    return this.attrs[name];
  }

  /** The attribute's value with JSON text parsed (cached per key); the `#field` part is ignored. */
  json(k: AttrKey): Json {
    if ((this.mask & k.bit) === 0) return undefined;
    const raw = this.attrs[k.base];
    if (typeof raw !== 'string') return raw;
    if (!this.parsed) this.parsed = new Map();
    if (this.parsed.has(k.base)) return this.parsed.get(k.base);
    const v = parseMaybeJson(raw);
    this.parsed.set(k.base, v);
    return v;
  }

  has(k: AttrKey): boolean {
    return this.get(k) !== undefined;
  }

  /** First key whose value is a non-empty string or a number/boolean, as a string. */
  str(keys: readonly AttrKey[]): string | null {
    for (const k of keys) {
      if ((this.mask & k.bit) === 0) continue;
      const v = this.get(k);
      if (typeof v === 'string') {
        if (v.length > 0) return v;
      } else if (typeof v === 'number' || typeof v === 'boolean') {
        return String(v);
      }
    }
    return null;
  }

  /** First key with an integer-like value. */
  int(keys: readonly AttrKey[]): number | null {
    for (const k of keys) {
      if ((this.mask & k.bit) === 0) continue;
      const n = asInt(this.get(k));
      if (n !== null) return n;
    }
    return null;
  }

  num(keys: readonly AttrKey[]): number | null {
    for (const k of keys) {
      if ((this.mask & k.bit) === 0) continue;
      const n = asNumber(this.get(k));
      if (n !== null) return n;
    }
    return null;
  }
}
