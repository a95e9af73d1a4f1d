// Run a (possibly edited) request N times, one after another, storing each run as a trace through `ingest`
// (the normal OTLP ingest path of whichever store the caller holds). A failed run is stored too.
import { ReplayProviderError } from './providers/errors';
import { runOnProvider } from './providers/run';
import type { ReplayAnswer, ReplayEndpoint } from './providers/types';
import { newSpanId, newTraceId, replayRequestBody, replaySpan, type RunRecord } from './record';
import type { ReplayRequest } from './types';

export interface ReplayRunOptions {
  request: ReplayRequest;
  /** The edits in words (EditedRequest.applied): stored as attributes. */
  applied: readonly string[];
  endpoint: ReplayEndpoint;
  runs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Store one run's trace (an OTLP/JSON trace request body). */
  ingest: (body: Uint8Array) => void | Promise<void>;
  onRunStart?: (run: number) => void;
  onText?: (run: number, delta: string) => void;
  /** After the run was stored. */
  onRunEnd?: (result: ReplayRunResult) => void | Promise<void>;
  /** The extension's or CLI's version, for the replay span's resource. */
  version?: string;
  wallClockMs?: () => number;
}

export type ReplayRunResult = {
  run: number;
  traceId: string;
  spanId: string;
} & (
  | { ok: true; answer: ReplayAnswer; dropped: string[]; defaulted: string[] }
  | { ok: false; error: ReplayProviderError }
);

export async function runReplay(options: ReplayRunOptions): Promise<ReplayRunResult[]> {
  const runs = options.runs ?? 1;
  const clock = options.wallClockMs ?? Date.now;
  const batchId = newSpanId();
  const results: ReplayRunResult[] = [];
  for (let run = 1; run <= runs; run++) {
    if (options.signal?.aborted) break;
    options.onRunStart?.(run);
    const ids = { traceId: newTraceId(), spanId: newSpanId() };
    const startedAtMs = clock();
    const base: Omit<RunRecord, 'outcome'> = {
      request: options.request, endpoint: options.endpoint, applied: options.applied, startedAtMs, ids,
      ...(runs > 1 ? { batch: { id: batchId, run, runs } } : {}),
    };
    let result: ReplayRunResult;
    let record: RunRecord;
    try {
      const { answer, built } = await runOnProvider(options.request, options.endpoint, {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onText: (delta) => options.onText?.(run, delta),
      });
      record = { ...base, outcome: { ok: true, answer, dropped: built.dropped, defaulted: built.defaulted } };
      result = { run, ...ids, ok: true, answer, dropped: built.dropped, defaulted: built.defaulted };
    } catch (error) {
      if (!(error instanceof ReplayProviderError)) throw error;
      record = {
        ...base,
        outcome: { ok: false, errorType: error.kind, message: error.message, latencyMs: error.latencyMs, partialText: error.partialText },
      };
      result = { run, ...ids, ok: false, error };
    }
    await options.ingest(replayRequestBody(replaySpan(record, options.version)));
    results.push(result);
    await options.onRunEnd?.(result);
  }
  return results;
}
