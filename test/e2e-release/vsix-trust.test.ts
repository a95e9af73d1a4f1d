// The packaged .vsix as a user installs it (npm run release:check passes its path): a clean code-server profile
// with Workspace Trust on, opened on a folder not trusted yet. The panel works in Restricted Mode and says what
// waits for trust; Manage Workspace Trust from that line trusts the folder and the line goes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { fixturesDir, launchVscode, waitFor, type VscodeSession } from '../e2e/harness';

export const RELEASE_VSIX_ENV = 'AGENT_TRACE_LENS_RELEASE_VSIX';

let s: VscodeSession;
let view: FrameLocator;

before(async () => {
  const vsix = process.env[RELEASE_VSIX_ENV];
  if (!vsix) throw new Error(`${RELEASE_VSIX_ENV} names no .vsix: run this through npm run release:check`);
  s = await launchVscode({
    vsix,
    workspaceTrust: true,
    // No start-up question: the folder simply opens in Restricted Mode, as after answering "No".
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
  });
});
after(async () => {
  await s?.close();
});

test('untrusted folder: the panel shows a posted trace and the Restricted Mode line', async () => {
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: '.list-view' });
  const line = view.locator('.restricted-mode');
  await line.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await line.innerText(), /Restricted Mode: .*trust this folder/);
  await s.waitForReceiver();
  const runs = JSON.parse(readFileSync(join(fixturesDir, 'agent-tools', 'refund-demo-failing-run.json'), 'utf8')) as object;
  assert.equal((await s.postOtlp(runs)).status, 200);
  await waitFor(async () => (await view.locator('.trace-row').count()) === 2, 30_000);
  assert.deepEqual(await view.locator('.trace-row .root-name').allInnerTexts(), ['refund.answer', 'refund.answer']);
  // Saving a fixture writes into the workspace: not offered while untrusted.
  assert.equal(await view.locator('.trace-row .save-fixture').count(), 0);
  await s.screenshot('release-untrusted-panel');
});

test('Manage Workspace Trust from the line trusts the folder; the line goes and fixtures can be saved', async () => {
  await view.locator('.restricted-mode .manage-trust').click();
  const trust = s.page.locator('.workspace-trust-editor').getByRole('button', { name: 'Trust', exact: true });
  await trust.waitFor({ state: 'visible', timeout: 30_000 });
  await trust.click();
  await view.locator('.restricted-mode').waitFor({ state: 'detached', timeout: 30_000 });
  await waitFor(async () => (await view.locator('.trace-row .save-fixture').count()) === 2, 10_000);
  await s.screenshot('release-trusted-panel');
});
