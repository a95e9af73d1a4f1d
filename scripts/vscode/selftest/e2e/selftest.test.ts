// Harness selftest for test/e2e/harness.ts against the throwaway extension.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixturesDir, launchVscode, type VscodeSession } from '../../../../test/e2e/harness';

let s: VscodeSession;
before(async () => {
  s = await launchVscode({ extensionPath: join(__dirname, '..', 'extension') });
});
after(async () => {
  await s?.close();
});

test('a palette command runs and its notification shows', async () => {
  await s.runCommand('Selftest: Hello');
  assert.match(await s.waitForNotification('hello from selftest'), /hello from selftest/);
});

test('the side-bar webview renders and posts back', async () => {
  await s.openViewContainer('Selftest Lens');
  const view = await s.webview({ contains: '#hello' });
  assert.equal((await view.locator('#hello').innerText()).trim(), `Hello webview ${s.httpPort}`);
  await view.locator('#ping').click();
  await s.waitForNotification('webview said ping');
  assert.match(await s.screenshot('harness-selftest-webview'), /harness-selftest-webview\.png$/);
});

test('the active editor and cursor are readable', async () => {
  await s.runCommand('Selftest: Open Agent Source');
  await s.waitForActiveEditor('agent.ts');
  assert.deepEqual(await s.cursorPosition(), { line: 3, column: 3 });
});

test('postFixture reaches the receiver on the harness-chosen port', async () => {
  await s.waitForReceiver();
  const fixture = 'openinference-openai/001-traces.json';
  const res = await s.postFixture(fixture);
  assert.equal(res.status, 200);
  const bytes = statSync(join(fixturesDir, 'otlp', fixture)).size;
  assert.deepEqual(JSON.parse(res.body.toString()), { bytes, url: '/v1/traces' });
});
