// UI test of span → source in a multi-root workspace (two folders opened through a .code-workspace file):
// spans recorded elsewhere (a Linux container path, an old-style Windows path) open the right file in the
// right folder, and the CodeLens over an emitting line in the second folder shows its spans.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { fixturesDir, launchVscode, type VscodeSession } from './harness';

const SPAN_LINE = 6; // the startActiveSpan line in both fixture files
let s: VscodeSession;
let view: FrameLocator;
const traceId = randomBytes(16).toString('hex');
const apiSpan = randomBytes(8).toString('hex');
const workerSpan = randomBytes(8).toString('hex');

function requestBody(): object {
  const t0 = BigInt(Date.now() - 2_000) * 1_000_000n;
  const at = (ms: number) => (t0 + BigInt(ms) * 1_000_000n).toString();
  const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
  const int = (key: string, v: number) => ({ key, value: { intValue: v } });
  return {
    resourceSpans: [{
      resource: { attributes: [str('service.name', 'refund-platform')] },
      scopeSpans: [{
        scope: { name: 'multi-root-test' },
        spans: [
          {
            traceId, spanId: apiSpan, name: 'api.refund', kind: 2, startTimeUnixNano: at(0), endTimeUnixNano: at(900),
            attributes: [str('code.file.path', '/srv/app/src/routes/refund.ts'), int('code.line.number', SPAN_LINE)],
          },
          {
            traceId, spanId: workerSpan, parentSpanId: apiSpan, name: 'worker.reindex', kind: 1,
            startTimeUnixNano: at(100), endTimeUnixNano: at(800),
            attributes: [str('code.filepath', 'C:\\build\\worker\\src\\jobs\\reindex.ts'), int('code.lineno', SPAN_LINE)],
          },
        ],
      }],
    }],
  };
}

before(async () => {
  s = await launchVscode({
    workspaceTemplate: join(fixturesDir, 'workspace-multiroot'),
    workspaceFile: 'multi.code-workspace',
    viewport: { width: 1400, height: 900 },
  });
  await s.waitForReceiver();
  assert.equal((await s.postOtlp(requestBody())).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  const row = view.locator(`.trace-row[data-trace-id="${traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await view.locator(`.tree-row[data-span-id="${workerSpan}"]`).waitFor({ state: 'visible', timeout: 10_000 });
});

after(async () => {
  await s?.close();
});

// The first test double-clicks a span right after the list row's click opened the trace: that double-click
// must open the source, not count as a double-click on the list row (which opens the trace's editor tab).
async function openSourceOf(spanId: string, fileName: string): Promise<void> {
  await view.locator(`.tree-row[data-span-id="${spanId}"]`).dblclick();
  await s.waitForActiveEditor(fileName);
  const deadline = Date.now() + 10_000;
  let position = await s.cursorPosition();
  while (position?.line !== SPAN_LINE && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    position = await s.cursorPosition();
  }
  assert.equal(position?.line, SPAN_LINE, `cursor in ${fileName}`);
}

test('a span recorded under a Windows path opens its file in the second workspace folder', async () => {
  await openSourceOf(workerSpan, 'reindex.ts');
});

test('a span recorded under a container path opens its file in the first workspace folder', async () => {
  await openSourceOf(apiSpan, 'refund.ts');
});

test('the CodeLens over the emitting line in the second folder counts its span', async () => {
  await openSourceOf(workerSpan, 'reindex.ts');
  const lens = s.page.locator('.codelens-decoration a', { hasText: 'worker.reindex' }).first();
  await lens.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await lens.innerText(), /^worker\.reindex · 1 run · /);
  await s.screenshot('multi-root-codelens');
});
