// The commands that open the store in this process: import (writes), ls / show / export (read-only).
// (search, also read-only, lives in search.ts.)
import { existsSync } from 'node:fs';
import { ALL_TRACES, TraceStore } from '../core/store';
import { ingestFiles } from '../store-worker/import-files';
import {
  ensureDir, existingDir, parseCommandArgs, positiveIntFlag, requireDb, traceIdArg,
} from './args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './io';
import type { RedactionConfig } from '../core/redaction';
import { REDACTION_FLAGS, redactionFromFlags, redactionLines } from './redaction-flags';
import { renderSpanTree, renderTraceTable, spanRecord, traceListRecord } from './output';
import { REMOTE_FLAGS, pullIntoStore, remoteSourceFrom } from './backend-source';

/** Open the store, run `use`, flush when writable, and close it again whatever happens. */
export async function withStore<T>(
  dir: string, readOnly: boolean, use: (store: TraceStore) => T | Promise<T>, redaction?: RedactionConfig,
): Promise<T> {
  const store = await TraceStore.open({ dir, readOnly, ...(redaction ? { redaction } : {}) });
  try {
    const result = await use(store);
    if (!readOnly) await store.flush();
    return result;
  } finally {
    await store.close();
  }
}

export async function runLs(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('ls', args, {
    db: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' },
  });
  if (parsed.positionals.length > 0) throw new UsageError(`ls: unexpected argument "${parsed.positionals[0]}"`);
  const dir = requireDb('ls', parsed);
  const limit = positiveIntFlag('ls', parsed, 'limit') ?? ALL_TRACES;
  existingDir(dir);
  const traces = await withStore(dir, true, (store) => store.listTraces({ limit }));
  const records = traces.map(traceListRecord);
  io.stdout(parsed.values.json ? `${JSON.stringify(records, null, 2)}\n` : renderTraceTable(records));
  return EXIT_OK;
}

export async function runShow(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('show', args, { db: { type: 'string' }, json: { type: 'boolean' } });
  const dir = requireDb('show', parsed);
  if (parsed.positionals.length !== 1) throw new UsageError('show: expected exactly one TRACE_ID');
  const traceId = traceIdArg('show', parsed.positionals[0]!);
  existingDir(dir);
  const spans = await withStore(dir, true, (store) => store.getTraceSpans(traceId));
  if (spans.length === 0) {
    io.stderr(`trace ${traceId} not found in ${dir}\n`);
    return EXIT_FAILURE;
  }
  if (parsed.values.json) io.stdout(`${JSON.stringify({ traceId, spans: spans.map(spanRecord) }, null, 2)}\n`);
  else io.stdout(renderSpanTree(traceId, spans));
  return EXIT_OK;
}

export async function runExport(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('export', args, { db: { type: 'string' } });
  const dir = requireDb('export', parsed);
  const traceIds = parsed.positionals.map((id) => traceIdArg('export', id));
  existingDir(dir);
  return withStore(dir, true, (store) => {
    const unknown = traceIds.filter((id) => store.getTraceSummary(id) === null);
    if (unknown.length > 0) {
      io.stderr(`trace${unknown.length > 1 ? 's' : ''} not found in ${dir}: ${unknown.join(', ')}\n`);
      return EXIT_FAILURE;
    }
    store.exportOtlpJsonLines(traceIds.length > 0 ? traceIds : undefined, (line) => io.stdout(`${line}\n`));
    return EXIT_OK;
  });
}

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('import', args, { db: { type: 'string' }, ...REDACTION_FLAGS, ...REMOTE_FLAGS });
  const dir = requireDb('import', parsed);
  const remote = remoteSourceFrom(parsed.values, (m) => new UsageError(`import: ${m}`));
  if (remote) {
    if (parsed.positionals.length > 0) throw new UsageError('import: give either FILEs or --tempo/--jaeger, not both');
    ensureDir(dir);
    const pulled = await withStore(dir, false, (store) => pullIntoStore(remote, store, (m) => io.stderr(`import: ${m}\n`)));
    io.stdout(`imported ${pulled.spans} spans in ${pulled.traces} traces from ${remote.client.kind} ${remote.client.url}\n`);
    return EXIT_OK;
  }
  if (parsed.positionals.length === 0) throw new UsageError('import: expected at least one FILE');
  const missing = parsed.positionals.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    io.stderr(`import: file not found: ${missing.join(', ')}\n`);
    return EXIT_FAILURE;
  }
  const redaction = redactionFromFlags('import', parsed);
  ensureDir(dir);
  const result = await withStore(dir, false, (store) => ingestFiles(store, parsed.positionals), redaction);
  if (result.redactions) for (const line of redactionLines(result.redactions)) io.stderr(`${line}\n`);
  const rejected = result.rejectedSpans > 0 ? `, rejected ${result.rejectedSpans} spans (${result.message ?? ''})` : '';
  io.stdout(
    `imported ${result.acceptedSpans} spans and ${result.acceptedLogs} logs in ${result.traceIds.length} traces${rejected}\n`,
  );
  return EXIT_OK;
}
