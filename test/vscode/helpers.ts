// Shared by the extension-host suites: activating the extension, and polling for state that settles asynchronously.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
export const EXTENSION_ID = 'agent-trace-lens.agent-trace-lens';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value, which it resolves with; fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Activates the extension, waits for its receiver, and returns its test API and the receiver's HTTP port. */
export async function activateExtension(): Promise<{ api: AgentTraceLensApi; httpPort: number }> {
  const ext = vscode.extensions.getExtension<AgentTraceLensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  await api.whenStarted();
  return { api, httpPort: Number(process.env.AGENT_TRACE_LENS_HTTP_PORT) };
}
