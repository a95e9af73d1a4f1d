// A store folder with many small segments (one content-search chunk each) and a known needle in it.
import { TraceStore } from '../../../src/core/store';

/** Past this a segment is sealed: every request below lands in a segment (a scan chunk) of its own. */
export const SMALL_SEGMENT_BYTES = 16 * 1024;

export const NEEDLE = 'Zebrafish-Ärger';

export interface ContentStoreShape {
  traces: number;
  spansPerTrace: number;
  /** Traces whose span 2 mentions the needle (every other one, from the first). */
  needleTraceIds: string[];
}

export function contentTraceId(n: number): string {
  return (0xc0de0000 + n).toString(16).padStart(32, '0');
}

const FILLER = 'the quick brown fox jumps over the lazy dog; '.repeat(60);

/** One OTLP/JSON request: a trace whose spans carry a few KB of prompt text each. */
export function contentTraceRequest(n: number, spansPerTrace: number, withNeedle: boolean): string {
  const traceId = contentTraceId(n);
  const start = 1_700_000_000_000_000_000n + BigInt(n) * 1_000_000_000n;
  const spans = Array.from({ length: spansPerTrace }, (_, i) => ({
    traceId,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? '' : '0000000000000001',
    name: i === 0 ? `agent run ${n}` : `llm call ${i}`,
    kind: 1,
    startTimeUnixNano: (start + BigInt(i) * 1000n).toString(),
    endTimeUnixNano: (start + BigInt(i) * 1000n + 500n).toString(),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: i === 0 ? 'invoke_agent' : 'chat' } },
      {
        key: 'gen_ai.prompt',
        value: { stringValue: `${FILLER}${withNeedle && i === 1 ? ` and then a ${NEEDLE} swam by. ` : ''}${FILLER}` },
      },
    ],
    status: { code: 0 },
  }));
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'content-search' } }] },
      scopeSpans: [{ scope: { name: 'test', version: '1' }, spans }],
    }],
  });
}

/** Write the store in this process (the worker opens it afterwards). */
export async function writeContentStore(dir: string, traces: number, spansPerTrace = 4): Promise<ContentStoreShape> {
  const store = await TraceStore.open({ dir, segmentMaxBytes: SMALL_SEGMENT_BYTES });
  const needleTraceIds: string[] = [];
  try {
    for (let n = 0; n < traces; n++) {
      const withNeedle = n % 2 === 0;
      if (withNeedle) needleTraceIds.push(contentTraceId(n));
      store.ingestRequest(new TextEncoder().encode(contentTraceRequest(n, spansPerTrace, withNeedle)), 'traces', 'json');
    }
    await store.flush();
  } finally {
    await store.close();
  }
  return { traces, spansPerTrace, needleTraceIds };
}
