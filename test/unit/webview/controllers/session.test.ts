import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionController, SessionListController } from '../../../../webview/controllers/session';
import type { SessionRef } from '../../../../src/protocol/messages';
import { FakeChannel, settle } from './fakes';

const row = (sessionId: string, by: 'conversation' | 'user' = 'conversation') => ({
  sessionId, by, turns: 2, startTimeUnixNano: '1', endTimeUnixNano: '2', inputTokens: 1, outputTokens: 1, costUsd: 0,
  errorCount: 0, errorTurns: 0, traceIds: ['a', 'b'], contractFailures: null,
});

/** Read through a call: an assertion on a getter must not narrow later reads of it. */
const ids = (c: SessionListController): string[] | null => c.shownRows?.map((r) => r.sessionId) ?? null;
const shownId = (c: SessionController): string | null => c.shown?.session?.sessionId ?? null;

function listSetup() {
  const channel = new FakeChannel({
    'sessions/list': (q: { by: 'conversation' | 'user'; text?: string }) =>
      [row(q.by === 'user' ? 'ann' : 'c-1', q.by), row('c-2')].filter((r) => !q.text || r.sessionId.includes(q.text)),
  });
  const events: string[] = [];
  const controller = new SessionListController({
    requestUpdate: () => undefined,
    showTraces: () => events.push('traces'),
    setBy: (by) => events.push(`by:${by}`),
    openSession: (ref: SessionRef) => events.push(`open:${ref.sessionId}`),
  }, channel.send);
  return { controller, channel, events };
}

test('the Sessions list loads on open, regroups, filters, and keeps its rows on Back', async () => {
  const { controller, channel } = listSetup();
  controller.enter({ by: 'conversation' }, 'open');
  await settle();
  assert.deepEqual(ids(controller), ['c-1', 'c-2']);
  controller.leave();
  controller.enter({ by: 'conversation' }, 'back');
  assert.equal(ids(controller)?.length, 2, 'shown at once on Back');
  controller.enter({ by: 'user' }, 'back');
  assert.equal(ids(controller), null, 'another grouping starts empty');
  await settle();
  assert.deepEqual(ids(controller), ['ann', 'c-2']);
  assert.deepEqual(channel.requests.at(-1)?.params, { by: 'user', text: undefined });
  controller.setText('c-2');
  await settle(200);
  assert.deepEqual(ids(controller), ['c-2']);
});

test('an answer for a list that was left is dropped', async () => {
  const { controller, channel } = listSetup();
  channel.hold('sessions/list');
  controller.enter({ by: 'conversation' }, 'open');
  controller.leave();
  channel.release('sessions/list');
  await settle();
  assert.equal(ids(controller), null);
});

test('the session view loads its turns, opens a turn, and drops answers for a session it left', async () => {
  const details: Record<string, unknown> = {
    'c-1': { session: row('c-1'), turns: [], omittedTurns: 0, usage: { total: null, byModel: [] }, pricesAsOf: '2026-01-01' },
    'c-2': { session: row('c-2'), turns: [], omittedTurns: 0, usage: { total: null, byModel: [] }, pricesAsOf: '2026-01-01' },
  };
  const channel = new FakeChannel({ 'sessions/get': (ref: SessionRef) => details[ref.sessionId] });
  const opened: string[] = [];
  const controller = new SessionController({
    requestUpdate: () => undefined, backAction: () => null, openTrace: (t) => opened.push(t),
  }, channel.send);
  controller.enter({ ref: { sessionId: 'c-1', by: 'conversation' } }, 'open');
  await settle();
  assert.equal(shownId(controller), 'c-1');
  channel.hold('sessions/get');
  controller.enter({ ref: { sessionId: 'c-2', by: 'conversation' } }, 'open');
  assert.equal(shownId(controller), null, 'another session starts empty');
  controller.leave();
  channel.release('sessions/get');
  await settle();
  assert.equal(shownId(controller), null, 'the answer for a left view is dropped');
  controller.enter({ ref: { sessionId: 'c-2', by: 'conversation' } }, 'back');
  await settle();
  assert.equal(shownId(controller), 'c-2');
});
