// Crash-test writer: opens the store with small settings and ingests traces as fast as it can until killed.
// stdout: `ready` once open, `acked <traceId>` after every request of a trace returned, `warning <message>`.
// Usage: node --import tsx scripts/crash-test/child.ts DIR FIRST_TRACE_NUMBER
import { TraceStore, type StoreOptions } from '../../src/core/store';
import { hasLog, logsRequest, SMALL_SETTINGS, traceIdOf, tracesRequest } from './traces';

async function main(dir: string, first: number): Promise<void> {
  const onWarning = (message: string): void => void process.stdout.write(`warning ${message.replace(/\n/g, ' ')}\n`);
  const store = await TraceStore.open({ dir, ...SMALL_SETTINGS, onWarning } as StoreOptions);
  process.stdout.write('ready\n');
  for (let n = first; ; n++) {
    store.ingestRequest(tracesRequest(n), 'traces', 'protobuf');
    if (hasLog(n)) store.ingestRequest(logsRequest(n), 'logs', 'json');
    // stdout to a pipe is synchronous on Linux: the ack is in the pipe before the next trace starts.
    process.stdout.write(`acked ${traceIdOf(n)}\n`);
    // Let the store's timers (idle snapshot, background work) run now and then.
    if (n % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

main(process.argv[2]!, Number(process.argv[3])).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
