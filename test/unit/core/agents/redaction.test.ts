// Redaction at ingest covers what coding agents send: a key in a prompt and in a tool's input is gone from the
// stored spans, events and the prompt trace built from them, and the messages show the mark.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_REDACTION } from '../../../../src/core/redaction';
import { TraceStore } from '../../../../src/core/store';
import { SECRETS } from '../redaction/helpers';
import { fixtureFiles } from './fixture-store';

test('a key in a Claude Code prompt and tool input never reaches the store', async () => {
  const store = await TraceStore.open({ dir: null, redaction: DEFAULT_REDACTION });
  for (const f of fixtureFiles('live-claude-code-events')) {
    let body = fs.readFileSync(f.file, 'utf8');
    if (f.signal === 'logs') body = body.replaceAll('echo hello-from-tool', `echo ${SECRETS.openai}`);
    store.ingestRequest(new TextEncoder().encode(body), f.signal, f.encoding);
  }
  const [trace] = store.listTraces({ limit: 5 });
  const spans = store.getTraceSpans(trace!.traceId);
  assert.ok(!JSON.stringify(spans).includes(SECRETS.openai.slice(3)), 'nothing raw in spans, attributes or events');
  assert.ok(!store.exportOtlpJson().includes(SECRETS.openai.slice(3)), 'nothing raw in what is stored');
  const root = spans.find((s) => s.parentSpanId === null)!;
  const prompt = root.inputMessages?.[0]?.parts[0];
  assert.ok(prompt?.type === 'text' && prompt.content.includes('[REDACTED:openai-key]'), JSON.stringify(prompt));
  const tool = spans.find((s) => s.kind === 'tool')!;
  assert.match(tool.toolArguments ?? '', /\[REDACTED:openai-key\]/);
  await store.close();
});
