// Long-running receiver fuzzer: mutated real OTLP captures against a live receiver + ingest worker.
// Usage: node --import tsx scripts/fuzz.ts [--iterations N] [--seed S]
import { parseArgs } from 'node:util';
import { OtlpReceiver } from '../src/receiver';
import { StoreWorker } from '../src/store-worker';
import { closeFuzzAgent, loadSeeds, makeCase, postCase, rng } from '../test/unit/receiver/fuzz-engine';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { iterations: { type: 'string', default: '20000' }, seed: { type: 'string', default: String(Date.now() % 1e9) } },
  });
  const iterations = Number(values.iterations);
  const seed = Number(values.seed);
  const worker = await StoreWorker.start({ dir: null });
  const receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
  const base = `http://127.0.0.1:${receiver.address.http.port}`;
  const seeds = loadSeeds();
  const random = rng(seed);
  const statuses = new Map<number, number>();
  const problems: string[] = [];
  const started = Date.now();
  console.log(`fuzzing ${iterations} cases from ${seeds.length} captures, seed ${seed}`);
  for (let i = 0; i < iterations; i++) {
    const c = makeCase(seeds, random, i);
    const outcome = await postCase(base, c);
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.problem) {
      problems.push(`${c.label}: ${outcome.problem}`);
      console.error(`PROBLEM ${c.label}: ${outcome.problem}`);
    }
    if ((i + 1) % 1000 === 0) {
      const stats = await worker.stats();
      console.log(`${i + 1} cases, ${stats.spans} spans stored, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  console.log(`statuses: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}=${n}`).join(' ')}`);
  console.log(`${problems.length} problem(s)`);
  closeFuzzAgent();
  await receiver.stop();
  await worker.stop();
  return problems.length > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
