// Not a benchmark (lib/ is not run by `npm run bench`): ingest N spans through ingestGroup for `node --cpu-prof`.
// Run: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/lib/profile-ingest.ts [spans] [dir|memory] [genai|codex|claude]
// genai (default): the bench's GenAI spans, 512-span protobuf requests. codex / claude: the recorded prompt of
// live-codex-spans-json / live-claude-code-events replayed as OTLP/JSON requests (lib/agent-day.ts) until at
// least N spans (codex) or N log events (claude) were sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeTracesProtobuf } from '../../../src/core/otlp';
import { TraceStore, type IngestItem } from '../../../src/core/store';
import { AgentDay } from './agent-day';
import { BATCH, SpanFactory } from './genai-spans';

const RECORDINGS = {
  codex: path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'otlp', 'live-codex-spans-json'),
  claude: path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'otlp', 'live-claude-code-events'),
} as const;

function items(total: number, kind: string): { items: IngestItem[]; counted: number } {
  if (kind === 'codex' || kind === 'claude') {
    const day = new AgentDay(RECORDINGS[kind], 10);
    const perPrompt = day.perPrompt(kind === 'codex' ? 'traces' : 'logs');
    const prompts = Math.ceil(total / perPrompt);
    const out: IngestItem[] = [];
    for (let p = 0; p < prompts; p++) {
      for (const request of day.prompt(p)) out.push({ body: request.body, signal: request.signal, encoding: 'json' });
    }
    return { items: out, counted: prompts * perPrompt };
  }
  const factory = new SpanFactory();
  const out: IngestItem[] = [];
  while (factory.produced < total) out.push({ body: encodeTracesProtobuf(factory.batch(BATCH)), signal: 'traces', encoding: 'protobuf' });
  return { items: out, counted: factory.produced };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const memory = process.argv[3] === 'memory';
  const kind = process.argv[4] ?? 'genai';
  const dir = memory ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'atl-prof-'));
  const { items: requests, counted } = items(total, kind);
  const store = await TraceStore.open({ dir, retention: { maxSpans: 0, maxBytes: 0 } });
  const start = performance.now();
  for (let i = 0; i < requests.length; i += 8) store.ingestGroup(requests.slice(i, i + 8));
  console.log(`${Math.round(counted / ((performance.now() - start) / 1000))} ${kind === 'claude' ? 'events' : 'spans'}/s`);
  await store.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

void main();
