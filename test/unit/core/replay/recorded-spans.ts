// The recorded producers' LLM spans, read back through the store as the panel and the CLI read them.
import type { NormalizedSpan } from '../../../../src/core/model/types';
import type { TraceStore } from '../../../../src/core/store';
import { storeWithRun } from '../agents/fixture-store';

const stores = new Map<string, Promise<TraceStore>>();

export function fixtureStore(run: string): Promise<TraceStore> {
  let store = stores.get(run);
  if (!store) {
    store = storeWithRun(run);
    stores.set(run, store);
  }
  return store;
}

/** The run's span with this id (wherever its trace is). */
export async function recordedSpan(run: string, spanId: string): Promise<NormalizedSpan> {
  const store = await fixtureStore(run);
  for (const t of store.listTraces()) {
    const span = store.getSpan(t.traceId, spanId);
    if (span) return span;
  }
  throw new Error(`${run} has no span ${spanId}`);
}

export async function closeFixtureStores(): Promise<void> {
  for (const store of stores.values()) await (await store).close();
  stores.clear();
}
