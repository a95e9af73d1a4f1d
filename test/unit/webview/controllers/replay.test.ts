import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplayController } from '../../../../webview/controllers/replay';
import type { ReplayRequest } from '../../../../src/core/replay/types';
import type { ReplayRunParams, ReplayRunView, ReplaySetup } from '../../../../src/protocol/messages';
import { FakeChannel, settle } from './fakes';

const ref = { traceId: 't1', spanId: 's1' };

const request: ReplayRequest = {
  source: {
    traceId: 't1', spanId: 's1', spanName: 'chat', service: 'bot', recordedProvider: 'openai',
    promptName: null, promptVersion: null, promptTemplate: null, promptVariables: null,
  },
  provider: 'openai', model: 'gpt-4o-mini', parameters: { temperature: 0.2 }, tools: [], system: ['Be kind.'],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], marks: [],
};

const setup: ReplaySetup = {
  request,
  answer: { text: 'Hello.', finishReason: 'stop', inputTokens: 5, outputTokens: 2, costUsd: null, latencyMs: 30 },
  endpoints: { openai: 'http://127.0.0.1:1/v1', 'openai-responses': 'x', anthropic: 'y', gemini: 'z' },
};

const runView = (run: number, text: string): ReplayRunView => ({
  run, traceId: `r${run}`, spanId: `rs${run}`, ok: true, text, toolCalls: [], error: null, finishReason: 'stop',
  inputTokens: 5, outputTokens: 3, costUsd: null, latencyMs: 20, comparison: null, notes: [],
});

function setupController() {
  const runs: ReplayRunParams[] = [];
  const channel = new FakeChannel({
    'replay/setup': () => setup,
    'replay/run': (params: ReplayRunParams) => {
      runs.push(params);
      return { ok: true, runs: [runView(1, 'Hey.')], spread: null, endpoint: 'http://127.0.0.1:1/v1/chat/completions', applied: ['system instructions replaced'] };
    },
  });
  const controller = new ReplayController({ requestUpdate: () => undefined, run: async (a) => void (await a) }, channel.send, channel.notify);
  return { controller, channel, runs };
}

test('entering loads the recorded call into the form; entering the same span again does not reload it', async () => {
  const { controller, channel } = setupController();
  controller.enter({ view: 'replay', ref });
  await settle();
  assert.equal(controller.shown.form?.system, 'Be kind.');
  assert.deepEqual(controller.shown.form?.messages, ['Hi']);
  controller.enter({ view: 'replay', ref });
  assert.equal(channel.count('replay/setup'), 1);
});

test('Run sends only the edits, under a run id; progress of that id streams into the run, the answer completes it', async () => {
  const { controller, channel, runs } = setupController();
  channel.hold('replay/run');
  controller.enter({ view: 'replay', ref });
  await settle();
  controller.edit((f) => ({ ...f, system: 'Be brief.' }));
  const done = controller.runTimes(1);
  await settle();
  assert.equal(controller.shown.running, true);
  const runId = controller.shown.runs.runId!;
  controller.onProgress({ runId, run: 1, runs: 1, type: 'start' });
  controller.onProgress({ runId, run: 1, runs: 1, type: 'text', delta: 'He' });
  controller.onProgress({ runId: 'another', run: 1, runs: 1, type: 'text', delta: 'XX' });
  assert.equal(controller.shown.runs.live[0]?.text, 'He');
  channel.release('replay/run');
  await done;
  assert.deepEqual(runs.map((r) => ({ ...r, runId: typeof r.runId })), [{ ref, runId: 'string', edits: { system: 'Be brief.' }, runs: 1 }]);
  assert.equal(controller.shown.running, false);
  assert.equal(controller.shown.runs.live[0]?.text, 'Hey.');
  assert.equal(controller.shown.outcome?.applied?.[0], 'system instructions replaced');
});

test('a field that is not a value stops the run and says why', async () => {
  const { controller, runs } = setupController();
  controller.enter({ view: 'replay', ref });
  await settle();
  controller.edit((f) => ({ ...f, parameters: { ...f.parameters, temperature: 'hot' } }));
  await controller.runTimes(1);
  assert.equal(runs.length, 0);
  assert.match(controller.shown.formErrors[0] ?? '', /temperature/);
});

test('a span that is not a stored model call says so', async () => {
  const channel = new FakeChannel({ 'replay/setup': () => null });
  const controller = new ReplayController({ requestUpdate: () => undefined, run: async () => undefined }, channel.send, channel.notify);
  controller.enter({ view: 'replay', ref });
  await settle();
  assert.match(controller.shown.error ?? '', /not a stored model call/);
});

test('"Use Prompt File…" puts the rendered version into the fields (run as text edits); Reset takes it back', async () => {
  const { controller, channel, runs } = setupController();
  channel.handlers['replay/pickPrompt'] = () => ({
    label: 'prompts/greet.md v3', system: 'Be kind, Ann.', messages: ['Hi'], applied: ['prompts/greet.md v3 → system; filled: name'], marks: [],
  });
  controller.enter({ view: 'replay', ref });
  await settle();
  await controller.usePromptFile();
  assert.equal(controller.shown.form?.system, 'Be kind, Ann.');
  assert.equal(controller.shown.prompt?.label, 'prompts/greet.md v3');
  await controller.runTimes(1);
  assert.deepEqual(runs[0]?.edits, { system: 'Be kind, Ann.' });
  controller.reset();
  assert.equal(controller.shown.form?.system, 'Be kind.');
  assert.equal(controller.shown.prompt, null);
});
