// Compact form of a trace's span structure for the hop from the worker thread to the caller's thread.
// Structured clone of 100k small objects costs the receiving thread hundreds of ms (every object's keys
// are written and read back one by one); typed arrays of dictionary indices plus plain string arrays
// clone in a fraction of that, and rebuilding the objects with one fixed shape is cheap. Lossless.
import type { CodeLocation, SpanKindLabel, SpanStatus } from '../core/model/types';
import type { SpanStructure } from '../core/store';

/** String-or-null fields stored as dictionary indices (-1 = null). */
const STRING_FIELDS = ['traceId', 'name', 'kind', 'service', 'status', 'errorType', 'requestModel', 'toolName'] as const;
/** Number-or-null fields (durationMs is never null, but one layout for all keeps this simple). */
const NUMBER_FIELDS = ['durationMs', 'inputTokens', 'outputTokens', 'costUsd'] as const;
const S = STRING_FIELDS.length;
const N = NUMBER_FIELDS.length;

export interface StructureColumns {
  format: 'atl-structure-columns-1';
  count: number;
  dict: string[];
  /** Row-major, S dictionary indices per span. */
  strings: Int32Array;
  /** Row-major, N numbers per span; `numberIsNull[k]` = 1 where the value is null. */
  numbers: Float64Array;
  numberIsNull: Uint8Array;
  spanId: string[];
  /** Index of the parent in `spanId`; -1 = null; -2-k = `externalParents[k]` (parent not in this answer). */
  parent: Int32Array;
  externalParents: string[];
  startTimeUnixNano: string[];
  endTimeUnixNano: string[];
  /** Sparse: [span index, code location]. */
  code: Array<[number, CodeLocation]>;
}

export function packStructure(spans: readonly SpanStructure[]): StructureColumns {
  const count = spans.length;
  const dict: string[] = [];
  const dictIndex = new Map<string, number>();
  const strings = new Int32Array(count * S);
  const numbers = new Float64Array(count * N);
  const numberIsNull = new Uint8Array(count * N);
  const spanId: string[] = new Array<string>(count);
  const parent = new Int32Array(count);
  const externalParents: string[] = [];
  const externalIndex = new Map<string, number>();
  const startTimeUnixNano: string[] = new Array<string>(count);
  const endTimeUnixNano: string[] = new Array<string>(count);
  const code: Array<[number, CodeLocation]> = [];

  const indexOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const id = spans[i]!.spanId;
    if (!indexOf.has(id)) indexOf.set(id, i);
  }
  for (let i = 0; i < count; i++) {
    const s = spans[i]!;
    for (let f = 0; f < S; f++) {
      const value = s[STRING_FIELDS[f]!];
      let ref = -1;
      if (value !== null) {
        const known = dictIndex.get(value);
        if (known === undefined) {
          ref = dict.length;
          dict.push(value);
          dictIndex.set(value, ref);
        } else ref = known;
      }
      strings[i * S + f] = ref;
    }
    for (let f = 0; f < N; f++) {
      const value = s[NUMBER_FIELDS[f]!];
      if (value === null) numberIsNull[i * N + f] = 1;
      else numbers[i * N + f] = value;
    }
    spanId[i] = s.spanId;
    parent[i] = parentRef(s.parentSpanId);
    startTimeUnixNano[i] = s.startTimeUnixNano;
    endTimeUnixNano[i] = s.endTimeUnixNano;
    if (s.code !== null) code.push([i, s.code]);
  }
  return {
    format: 'atl-structure-columns-1', count, dict, strings, numbers, numberIsNull, spanId, parent, externalParents,
    startTimeUnixNano, endTimeUnixNano, code,
  };

  function parentRef(id: string | null): number {
    if (id === null) return -1;
    const local = indexOf.get(id);
    if (local !== undefined && spanId[local] === id) return local;
    let k = externalIndex.get(id);
    if (k === undefined) {
      k = externalParents.length;
      externalParents.push(id);
      externalIndex.set(id, k);
    }
    return -2 - k;
  }
}

export function unpackStructure(c: StructureColumns): SpanStructure[] {
  const { dict, strings, numbers, numberIsNull } = c;
  const str = (k: number): string | null => {
    const ref = strings[k]!;
    return ref < 0 ? null : dict[ref]!;
  };
  const num = (k: number): number | null => (numberIsNull[k] === 1 ? null : numbers[k]!);
  const codeAt = new Map<number, CodeLocation>(c.code);
  const out: SpanStructure[] = new Array<SpanStructure>(c.count);
  for (let i = 0; i < c.count; i++) {
    const si = i * S;
    const ni = i * N;
    const p = c.parent[i]!;
    // Keys in SpanStructure's declared order, same as the store builds them.
    out[i] = {
      traceId: str(si) as string,
      spanId: c.spanId[i]!,
      parentSpanId: p >= 0 ? c.spanId[p]! : p === -1 ? null : c.externalParents[-2 - p]!,
      name: str(si + 1) as string,
      kind: str(si + 2) as SpanKindLabel,
      service: str(si + 3),
      startTimeUnixNano: c.startTimeUnixNano[i]!,
      endTimeUnixNano: c.endTimeUnixNano[i]!,
      durationMs: num(ni) as number,
      status: str(si + 4) as SpanStatus,
      errorType: str(si + 5),
      requestModel: str(si + 6),
      inputTokens: num(ni + 1),
      outputTokens: num(ni + 2),
      costUsd: num(ni + 3),
      toolName: str(si + 7),
      code: codeAt.get(i) ?? null,
    };
  }
  return out;
}
