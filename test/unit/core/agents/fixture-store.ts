// Loads a recorded coding-agent run (test/fixtures/otlp/live-<agent>-<mode>/NNN-<signal>.json|pb) into a store,
// and reads the run's own log events back independently of the code under test, for expectations.
import fs from 'node:fs';
import path from 'node:path';
import type { OtlpSignal } from '../../../../src/core/otlp';
import { TraceStore, type StoreOptions } from '../../../../src/core/store';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'otlp');

export function fixtureFiles(run: string): Array<{ file: string; signal: OtlpSignal; encoding: 'json' | 'protobuf' }> {
  const dir = path.join(FIXTURES, run);
  return fs.readdirSync(dir)
    .filter((f) => /^\d+-(traces|logs|metrics)\.(json|pb)$/.test(f))
    .sort()
    .map((f) => ({
      file: path.join(dir, f), signal: f.replace(/^\d+-/, '').replace(/\..*$/, '') as OtlpSignal,
      encoding: f.endsWith('.pb') ? 'protobuf' : 'json',
    }));
}

/** Feed a run's requests in the order they were received (or in `order`, a permutation of their indexes). */
export async function storeWithRun(run: string, options: Partial<StoreOptions> = {}, order?: number[]): Promise<TraceStore> {
  const store = await TraceStore.open({ dir: null, ...options });
  ingestRun(store, run, order);
  return store;
}

export function ingestRun(store: TraceStore, run: string, order?: number[]): void {
  const files = fixtureFiles(run);
  for (const i of order ?? files.map((_, k) => k)) {
    const f = files[i]!;
    store.ingestRequest(fs.readFileSync(f.file), f.signal, f.encoding);
  }
}

type JsonAttr = { key: string; value: Record<string, unknown> };

function attrValue(v: Record<string, unknown>): unknown {
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('boolValue' in v) return v.boolValue;
  return undefined;
}

/** The run's log events (JSON files only) as flat attribute maps, in the order they were sent. */
export function runEvents(run: string): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (const f of fixtureFiles(run)) {
    if (f.signal !== 'logs' || f.encoding !== 'json') continue;
    const request = JSON.parse(fs.readFileSync(f.file, 'utf8')) as {
      resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ attributes?: JsonAttr[] }> }> }>;
    };
    for (const rl of request.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const record of sl.logRecords) {
          const flat: Record<string, unknown> = {};
          for (const a of record.attributes ?? []) flat[a.key] = attrValue(a.value);
          events.push(flat);
        }
      }
    }
  }
  return events;
}

export function named(events: Array<Record<string, unknown>>, ...names: string[]): Array<Record<string, unknown>> {
  return events.filter((e) => names.includes(String(e['event.name'])));
}

export const n = (v: unknown): number => Number(v ?? 0);
