/**
 * Command line: node --import tsx examples/refund-bot/src/run-demo.ts [--interval 5] [--count 0] [--seed 42] [--latency 1]
 * Asks a refund question every --interval seconds (--count 0 = until Ctrl+C). SIGINT/SIGTERM finish
 * the current question, flush the exporter and exit 0.
 */
import { parseArgs } from 'node:util';
import { runDemo } from './demo';
import { tracesUrl } from './telemetry';

function main(): void {
  const { values } = parseArgs({
    options: {
      interval: { type: 'string', default: '5' },
      count: { type: 'string', default: '0' },
      seed: { type: 'string', default: '42' },
      latency: { type: 'string', default: '1' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const intervalMs = Math.max(0, Number(values.interval) * 1000);
  const count = Math.max(0, Math.floor(Number(values.count)));
  const seed = Math.floor(Number(values.seed));
  const latency = Number(values.latency);
  if (!Number.isFinite(intervalMs) || !Number.isFinite(count) || !Number.isFinite(seed) || !(latency >= 0)) {
    console.error('usage: run-demo.ts [--interval seconds] [--count n] [--seed n] [--latency scale]');
    process.exit(2);
  }

  const abort = new AbortController();
  const stop = (signal: string): void => {
    if (abort.signal.aborted) return;
    console.error(`refund-bot: ${signal}, finishing the current question and flushing spans…`);
    abort.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  console.error(`refund-bot: exporting to ${tracesUrl()} (interval ${intervalMs / 1000}s, ${count === 0 ? 'until stopped' : `${count} question(s)`})`);
  runDemo({ count, intervalMs, seed, modelLatencyScale: latency, signal: abort.signal, log: values.quiet ? undefined : (line) => console.log(line) }).then(
    (runs) => {
      console.error(`refund-bot: done, ${runs.length} question(s) asked`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error('refund-bot: failed', err);
      process.exit(1);
    },
  );
}

main();
