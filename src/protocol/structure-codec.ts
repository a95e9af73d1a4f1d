// Columnar form of a trace's span structure, for both hops of opening a trace: worker thread → extension
// host (structured clone of 100k small objects costs the receiving thread hundreds of ms; typed arrays clone in a
// fraction of that) and extension host → webview (as objects, a 100k-span trace is ~39 MB of JSON with keys and
// ids repeated per span; VS Code's webview postMessage carries typed arrays as binary, which also crosses the
// websocket of remote and browser VS Code). Both hops use the wire form (`WireStructure`).
import type { CodeLocation, SpanKindLabel, SpanStatus } from '../core/model/types';
import type { Badge, TreeSpan } from './messages';

/** String-or-null fields, stored as indices into `dict` (-1 = null). */
const DICT_FIELDS = ['traceId', 'name', 'kind', 'service', 'status', 'errorType', 'requestModel', 'toolName'] as const;
type DictField = (typeof DICT_FIELDS)[number];

/** A number column: plain arrays in the JSON-safe form, typed arrays (null as NaN) in the transferable form. */
interface Column<T> { [index: number]: T; readonly length: number }

/**
 * The columnar layout; `TransferableStructure` fills it with typed arrays (they cross a thread or the webview
 * channel as one copy). `unpackStructure` reads any array-like columns.
 */
export type Columns<Ints extends Column<number>, Nums extends Column<number | null>> = { [F in DictField]: Ints } & {
  format: 'atl-structure-2';
  count: number;
  dict: string[];
  spanId: string[];
  /** Index of the parent in `spanId`; -1 = no parent; -2-k = `externalParents[k]` (parent not in this answer). */
  parent: Ints;
  externalParents: string[];
  /** Decimal ns the offsets count from (the earliest start). */
  baseNs: string;
  /** ns from `baseNs`; null (NaN) where the time is not an exact offset, then it is in `startTexts` / `endTexts`. */
  startOffsetNs: Nums;
  endOffsetNs: Nums;
  startTexts: Record<number, string>;
  endTexts: Record<number, string>;
  durationMs: Nums;
  inputTokens: Nums;
  outputTokens: Nums;
  costUsd: Nums;
  /** Sparse: span index → value. */
  code: Record<number, CodeLocation>;
  badges: Record<number, Badge[]>;
  /** Sparse: span index → the rules redaction at ingest applied to it. */
  redacted: Record<number, string[]>;
};
export type TransferableStructure = Columns<Int32Array, Float64Array>;

interface Containers<Ints, Nums> { ints(count: number): Ints; nums(count: number): Nums; none: null | number }
const TYPED: Containers<Int32Array, Float64Array> = {
  ints: (count) => new Int32Array(count), nums: (count) => new Float64Array(count), none: Number.NaN,
};

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function exactNs(text: string): bigint | null {
  return DECIMAL.test(text) ? BigInt(text) : null;
}

/** The same columns with typed arrays; a NaN number reads back as null. */
export function packTransferable(spans: readonly TreeSpan[]): TransferableStructure {
  return pack(spans, TYPED);
}

function pack<Ints extends Column<number>, Nums extends Column<number | null>>(
  spans: readonly TreeSpan[], containers: Containers<Ints, Nums>,
): Columns<Ints, Nums> {
  const count = spans.length;
  const { ints, nums, none } = containers;
  const dict: string[] = [];
  const dictIndex = new Map<string, number>();
  const ref = (value: string | null): number => {
    if (value === null) return -1;
    let k = dictIndex.get(value);
    if (k === undefined) {
      k = dict.push(value) - 1;
      dictIndex.set(value, k);
    }
    return k;
  };
  const starts = spans.map((s) => exactNs(s.startTimeUnixNano));
  let base: bigint | null = null;
  for (const start of starts) if (start !== null && (base === null || start < base)) base = start;
  base ??= 0n;
  const offset = (ns: bigint | null): number | null => {
    if (ns === null) return null;
    const delta = Number(ns - base);
    return Number.isSafeInteger(delta) ? delta : null;
  };

  const indexOf = new Map<string, number>();
  spans.forEach((s, i) => { if (!indexOf.has(s.spanId)) indexOf.set(s.spanId, i); });
  const externalIndex = new Map<string, number>();
  const c: Columns<Ints, Nums> = {
    format: 'atl-structure-2', count, dict, spanId: new Array<string>(count), parent: ints(count), externalParents: [],
    baseNs: base.toString(), startOffsetNs: nums(count), endOffsetNs: nums(count), startTexts: {}, endTexts: {},
    durationMs: nums(count), inputTokens: nums(count), outputTokens: nums(count), costUsd: nums(count), code: {}, badges: {}, redacted: {},
    traceId: ints(count), name: ints(count), kind: ints(count), service: ints(count), status: ints(count),
    errorType: ints(count), requestModel: ints(count), toolName: ints(count),
  };
  for (let i = 0; i < count; i++) {
    const s = spans[i]!;
    c.traceId[i] = ref(s.traceId);
    c.name[i] = ref(s.name);
    c.kind[i] = ref(s.kind);
    c.service[i] = ref(s.service);
    c.status[i] = ref(s.status);
    c.errorType[i] = ref(s.errorType);
    c.requestModel[i] = ref(s.requestModel);
    c.toolName[i] = ref(s.toolName);
    c.spanId[i] = s.spanId;
    c.parent[i] = parentRef(s.parentSpanId);
    const start = offset(starts[i]!);
    c.startOffsetNs[i] = start ?? none;
    if (start === null) c.startTexts[i] = s.startTimeUnixNano;
    const end = offset(exactNs(s.endTimeUnixNano));
    c.endOffsetNs[i] = end ?? none;
    if (end === null) c.endTexts[i] = s.endTimeUnixNano;
    c.durationMs[i] = s.durationMs;
    c.inputTokens[i] = s.inputTokens ?? none;
    c.outputTokens[i] = s.outputTokens ?? none;
    c.costUsd[i] = s.costUsd ?? none;
    if (s.code !== null) c.code[i] = s.code;
    if (s.badges?.length) c.badges[i] = s.badges;
    if (s.redacted?.length) c.redacted[i] = s.redacted;
  }
  return c;

  function parentRef(id: string | null): number {
    if (id === null) return -1;
    const local = indexOf.get(id);
    if (local !== undefined) return local;
    let k = externalIndex.get(id);
    if (k === undefined) {
      k = c.externalParents.push(id) - 1;
      externalIndex.set(id, k);
    }
    return -2 - k;
  }
}

/** A list of strings as one string and the end offset of each (a 100k-element string array clones slowly). */
export interface JoinedStrings { text: string; ends: Int32Array }

function joinStrings(list: readonly string[]): JoinedStrings {
  const ends = new Int32Array(list.length);
  let end = 0;
  list.forEach((item, i) => { end += item.length; ends[i] = end; });
  return { text: list.join(''), ends };
}

function splitStrings({ text, ends }: JoinedStrings): string[] {
  const out = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = text.slice(start, ends[i]!);
    start = ends[i]!;
  }
  return out;
}

/**
 * Host → webview form: the typed columns (VS Code's webview postMessage carries typed arrays as binary, where
 * 100k-element JSON arrays cost hundreds of ms to serialize, send and parse), with the span ids and the
 * dictionary (up to one name per span) as joined strings.
 */
export type WireStructure = Omit<TransferableStructure, 'spanId' | 'dict'> & { spanIds: JoinedStrings; dictStrings: JoinedStrings };

/** The worker's columns in the host → webview form, with `badges` replacing the sparse badges. */
export function toWire(t: TransferableStructure, badges: Record<number, Badge[]> = t.badges): WireStructure {
  const { spanId, dict, ...rest } = t;
  const wire: WireStructure = { ...rest, badges, spanIds: joinStrings(spanId), dictStrings: joinStrings(dict) };
  // A column with no value in any span (tokens and cost outside LLM spans, often errorType or toolName) is sent
  // empty; `fromWire` fills it back.
  for (const f of SPARSE_NUMS) if (wire[f].every(Number.isNaN)) wire[f] = new Float64Array(0);
  for (const f of DICT_FIELDS) if (wire[f].every((k) => k === -1)) wire[f] = new Int32Array(0);
  return wire;
}

const SPARSE_NUMS = ['inputTokens', 'outputTokens', 'costUsd'] as const;

export function packWire(spans: readonly TreeSpan[]): WireStructure {
  return toWire(packTransferable(spans));
}

export function fromWire(w: WireStructure): TransferableStructure {
  const { spanIds, dictStrings, ...rest } = w;
  const t: TransferableStructure = { ...rest, spanId: splitStrings(spanIds), dict: splitStrings(dictStrings) };
  for (const f of SPARSE_NUMS) if (t[f].length !== t.count) t[f] = new Float64Array(t.count).fill(Number.NaN);
  for (const f of DICT_FIELDS) if (t[f].length !== t.count) t[f] = new Int32Array(t.count).fill(-1);
  return t;
}

/** Reads either form. */
export function unpackStructure(c: Columns<Column<number>, Column<number | null>>): TreeSpan[] {
  const base = BigInt(c.baseNs);
  const str = (column: Column<number>, i: number): string | null => {
    const k = column[i]!;
    return k < 0 ? null : c.dict[k]!;
  };
  const num = (column: Column<number | null>, i: number): number | null => {
    const value = column[i]!;
    return value === null || Number.isNaN(value) ? null : value;
  };
  const time = (offsets: Column<number | null>, texts: Record<number, string>, i: number): string => {
    const delta = num(offsets, i);
    return delta === null ? texts[i]! : (base + BigInt(delta)).toString();
  };
  const out = new Array<TreeSpan>(c.count);
  for (let i = 0; i < c.count; i++) {
    const p = c.parent[i]!;
    // Keys in SpanStructure's declared order, as the store builds them (one object shape for all).
    const span: TreeSpan = {
      traceId: str(c.traceId, i)!,
      spanId: c.spanId[i]!,
      parentSpanId: p >= 0 ? c.spanId[p]! : p === -1 ? null : c.externalParents[-2 - p]!,
      name: str(c.name, i)!,
      kind: str(c.kind, i) as SpanKindLabel,
      service: str(c.service, i),
      startTimeUnixNano: time(c.startOffsetNs, c.startTexts, i),
      endTimeUnixNano: time(c.endOffsetNs, c.endTexts, i),
      durationMs: c.durationMs[i]!,
      status: str(c.status, i) as SpanStatus,
      errorType: str(c.errorType, i),
      requestModel: str(c.requestModel, i),
      inputTokens: num(c.inputTokens, i),
      outputTokens: num(c.outputTokens, i),
      costUsd: num(c.costUsd, i),
      toolName: str(c.toolName, i),
      code: c.code[i] ?? null,
    };
    const badges = c.badges[i];
    if (badges) span.badges = badges;
    const redacted = c.redacted?.[i];
    if (redacted) span.redacted = redacted;
    out[i] = span;
  }
  return out;
}
