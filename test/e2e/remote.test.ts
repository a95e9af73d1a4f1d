// UI test of the trace list's "Remote" source in a real workbench: the cloud button → search a Tempo
// (the fixture server of test/fixtures/remote) → pick the run without its citation check → it opens
// in the panel, read through into the local store, and its resource names where it came from.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, type VscodeSession } from './harness';
import { FixtureServer } from '../unit/core/backends/fixture-server';

const BAD = '00000000000000000000000000007a12';
let s: VscodeSession;
let view: FrameLocator;
const tempo = new FixtureServer();

before(async () => {
  await tempo.start();
  s = await launchVscode({
    viewport: { width: 1400, height: 900 },
    settings: { 'agentTraceLens.remote.connections': [{ kind: 'tempo', url: tempo.url, name: 'fixture tempo' }] },
  });
  await s.waitForReceiver();
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
});

after(async () => {
  await s?.close();
  await tempo.close();
});

test('Remote: search Tempo from the list, open a result, see its origin in the details', async () => {
  await s.widenSideBar(620);
  await view.locator('vscode-toolbar-button.search-remote').click();
  const input = s.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e: unknown) => {
    await s.screenshot('remote-debug');
    throw e;
  });
  await input.fill('service:refund-bot');
  await input.press('Enter');
  const range = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Last hour' }).first();
  await range.waitFor({ state: 'visible', timeout: 10_000 });
  await range.click();
  const hit = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: BAD }).first();
  await hit.waitFor({ state: 'visible', timeout: 15_000 });
  await hit.click();

  const search = tempo.requests.find((r) => r.path === '/api/search');
  assert.equal(search?.query.get('q'), '{ resource.service.name = "refund-bot" }');
  const root = view.locator('.span-tree .tree-row', { hasText: 'refund.answer' }).first();
  await root.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await view.locator('.span-tree .tree-row').count(), 3, 'the run without its citation check');
  await root.click();
  await view.locator('vscode-tab-header[data-tab="resource"]').click();
  const origin = view.locator('table.attributes tr[data-key="trace_lens.origin"] td').first();
  await origin.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal((await origin.innerText()).trim(), `tempo ${tempo.url}`);
  await s.screenshot('panel-remote-trace');
});
