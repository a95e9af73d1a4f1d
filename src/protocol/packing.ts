// Compact, JSON-safe columnar form of a trace's span structure. A 100k-span trace as objects is ~39 MB of
// JSON (keys and trace ids repeated per span); columns with dictionaries and relative times are ~4x smaller,
// which is what crosses the webview channel (a websocket in remote/browser VS Code).
import type { CodeLocation, SpanKindLabel, SpanStatus } from '../core/model/types';
import type { Badge, TreeSpan } from './messages';

/** Values stored once and referenced by index. */
type Dict = string[];

export interface PackedSpans {
  format: 'atl-spans-1';
  traceId: string;
  /** Start of the earliest span (decimal ns); times below are offsets from it in ns. */
  baseNs: string;
  spanId: string[];
  /** Index of the parent in `spanId`; -1 = no parent; -2-k = `externalParents[k]` (parent not in this trace). */
  parent: number[];
  externalParents: string[];
  dict: Dict;
  name: number[];
  kind: number[];
  service: number[];
  status: number[];
  errorType: number[];
  requestModel: number[];
  toolName: number[];
  startOffsetNs: number[];
  endOffsetNs: number[];
  durationMs: number[];
  inputTokens: Array<number | null>;
  outputTokens: Array<number | null>;
  costUsd: Array<number | null>;
  /** Sparse: index → code location. */
  code: Record<number, CodeLocation>;
  /** Sparse: index → badges. */
  badges: Record<number, Badge[]>;
}

function toBig(ns: string): bigint {
  try {
    return BigInt(ns);
  } catch {
    return 0n;
  }
}

export function packSpans(traceId: string, spans: readonly TreeSpan[]): PackedSpans {
  let base: bigint | null = null;
  const starts = spans.map((s) => toBig(s.startTimeUnixNano));
  for (const b of starts) if (base === null || b < base) base = b;
  const baseNs = base ?? 0n;

  const dict: Dict = [];
  const dictIndex = new Map<string, number>();
  // -1 encodes null.
  const ref = (value: string | null): number => {
    if (value === null) return -1;
    let i = dictIndex.get(value);
    if (i === undefined) {
      i = dict.length;
      dict.push(value);
      dictIndex.set(value, i);
    }
    return i;
  };

  const indexOf = new Map<string, number>();
  spans.forEach((s, i) => { if (!indexOf.has(s.spanId)) indexOf.set(s.spanId, i); });
  const externalParents: string[] = [];
  const externalIndex = new Map<string, number>();

  const p: PackedSpans = {
    format: 'atl-spans-1', traceId, baseNs: baseNs.toString(), spanId: [], parent: [], externalParents, dict,
    name: [], kind: [], service: [], status: [], errorType: [], requestModel: [], toolName: [],
    startOffsetNs: [], endOffsetNs: [], durationMs: [], inputTokens: [], outputTokens: [], costUsd: [], code: {}, badges: {},
  };
  spans.forEach((s, i) => {
    p.spanId.push(s.spanId);
    let parent = -1;
    if (s.parentSpanId !== null) {
      const local = indexOf.get(s.parentSpanId);
      if (local !== undefined) parent = local;
      else {
        let k = externalIndex.get(s.parentSpanId);
        if (k === undefined) {
          k = externalParents.length;
          externalParents.push(s.parentSpanId);
          externalIndex.set(s.parentSpanId, k);
        }
        parent = -2 - k;
      }
    }
    p.parent.push(parent);
    p.name.push(ref(s.name));
    p.kind.push(ref(s.kind));
    p.service.push(ref(s.service));
    p.status.push(ref(s.status));
    p.errorType.push(ref(s.errorType));
    p.requestModel.push(ref(s.requestModel));
    p.toolName.push(ref(s.toolName));
    p.startOffsetNs.push(Number(starts[i]! - baseNs));
    p.endOffsetNs.push(Number(toBig(s.endTimeUnixNano) - baseNs));
    p.durationMs.push(s.durationMs);
    p.inputTokens.push(s.inputTokens);
    p.outputTokens.push(s.outputTokens);
    p.costUsd.push(s.costUsd);
    if (s.code) p.code[i] = s.code;
    if (s.badges?.length) p.badges[i] = s.badges;
  });
  return p;
}

export function unpackSpans(p: PackedSpans): TreeSpan[] {
  const base = toBig(p.baseNs);
  const str = (i: number | undefined): string | null => (i === undefined || i < 0 ? null : p.dict[i] ?? null);
  const out: TreeSpan[] = new Array(p.spanId.length);
  for (let i = 0; i < p.spanId.length; i++) {
    const parentRef = p.parent[i] ?? -1;
    const span: TreeSpan = {
      traceId: p.traceId,
      spanId: p.spanId[i]!,
      parentSpanId: parentRef >= 0 ? p.spanId[parentRef] ?? null : parentRef === -1 ? null : p.externalParents[-2 - parentRef] ?? null,
      name: str(p.name[i]) ?? '',
      kind: (str(p.kind[i]) ?? 'other') as SpanKindLabel,
      service: str(p.service[i]),
      startTimeUnixNano: (base + BigInt(p.startOffsetNs[i] ?? 0)).toString(),
      endTimeUnixNano: (base + BigInt(p.endOffsetNs[i] ?? 0)).toString(),
      durationMs: p.durationMs[i] ?? 0,
      status: (str(p.status[i]) ?? 'unset') as SpanStatus,
      errorType: str(p.errorType[i]),
      requestModel: str(p.requestModel[i]),
      inputTokens: p.inputTokens[i] ?? null,
      outputTokens: p.outputTokens[i] ?? null,
      costUsd: p.costUsd[i] ?? null,
      toolName: str(p.toolName[i]),
      code: p.code[i] ?? null,
    };
    const badges = p.badges[i];
    if (badges) span.badges = badges;
    out[i] = span;
  }
  return out;
}
