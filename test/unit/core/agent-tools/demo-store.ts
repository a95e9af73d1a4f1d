// The refund-bot demo's traces in a store: the demo exports OTLP/protobuf to a local sink, the bodies
// are ingested as the receiver would. Seeded, so the same runs come out every time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runDemo, type DemoRun } from '../../../../examples/refund-bot/src/demo';
import { TraceStore } from '../../../../src/core/store';

export const REFUND_BOT_DIR = join(__dirname, '..', '..', '..', '..', 'examples', 'refund-bot');
export const REFUND_CONTRACTS = join(REFUND_BOT_DIR, 'trace-contracts.json');

export async function demoBodies(count: number, seed = 42): Promise<{ bodies: Buffer[]; runs: DemoRun[] }> {
  const bodies: Buffer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const runs = await runDemo({ count, intervalMs: 0, seed, endpoint });
    return { bodies, runs };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A store (in memory, or in `dir`) holding `count` demo runs. */
export async function demoStore(count = 6, dir: string | null = null): Promise<{ store: TraceStore; runs: DemoRun[] }> {
  const { bodies, runs } = await demoBodies(count);
  const store = await TraceStore.open({ dir });
  for (const body of bodies) store.ingestRequest(new Uint8Array(body), 'traces', 'protobuf');
  return { store, runs };
}
