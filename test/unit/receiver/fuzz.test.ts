// Bounded, seeded fuzzing of the OTLP/HTTP receiver with mutated real captures (scripts/fuzz.ts runs longer).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OtlpReceiver } from '../../../src/receiver';
import { StoreWorker } from '../../../src/store-worker';
import { closeFuzzAgent, loadSeeds, makeCase, postCase, rng } from './fuzz-engine';
import { post, syntheticTraceRequest } from './helpers';

const CASES = 300;
const SEED = 20261121;

let worker: StoreWorker;
let receiver: OtlpReceiver;
let base: string;

before(async () => {
  worker = await StoreWorker.start({ dir: null });
  receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
  base = `http://127.0.0.1:${receiver.address.http.port}`;
});
after(async () => {
  closeFuzzAgent();
  await receiver.stop();
  await worker.stop();
});

test(`${CASES} mutated captures: each answer is a valid 2xx or a 4xx with a reason; the server keeps answering`, async () => {
  const seeds = loadSeeds();
  assert.ok(seeds.length >= 50, `found ${seeds.length} fixture requests`);
  const random = rng(SEED);
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  for (let i = 0; i < CASES; i++) {
    const c = makeCase(seeds, random, i);
    const outcome = await postCase(base, c);
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.problem) problems.push(`${c.label}: ${outcome.problem}`);
  }
  assert.deepEqual(problems, []);
  // The mutations must actually reach both outcomes, or the test proves nothing.
  assert.ok((statuses.get(200) ?? 0) > 0, `statuses: ${JSON.stringify([...statuses])}`);
  assert.ok((statuses.get(400) ?? 0) > 0, `statuses: ${JSON.stringify([...statuses])}`);
  const { body, traceId } = syntheticTraceRequest(3, 501);
  assert.equal((await post(`${base}/v1/traces`, body, 'application/json')).status, 200);
  assert.equal((await worker.getTraceSummary(traceId))?.spanCount, 3);
  const stats = await worker.stats();
  assert.ok(stats.spans >= 3);
});
