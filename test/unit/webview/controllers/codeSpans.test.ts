import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeSpansController } from '../../../../webview/controllers/codeSpans';
import { span } from '../helpers';
import { FakeChannel, settle } from './fakes';

const filter = { spanName: 'llm', codeFiles: ['a.py'], codeLine: 3, latest: { traceId: 't1', spanId: 's1' } };

function setup(fail = false) {
  const channel = new FakeChannel({
    'code/spans': () => {
      if (fail) throw new Error('disk gone');
      return { spans: [span('s1', null, 0, 1), span('s2', null, 2, 1)], truncated: false };
    },
  });
  const opened: string[] = [];
  const controller = new CodeSpansController({
    requestUpdate: () => undefined, requestFrame: () => undefined, back: () => opened.push('back'),
    openTrace: (t, s) => opened.push(`${t}/${s}`),
  }, channel.send);
  return { controller, channel, opened };
}

test('opening lists the spans; returning with Back keeps them without a new request', async () => {
  const { controller, channel } = setup();
  controller.enter({ filter }, 'open');
  await settle();
  assert.equal(controller.state?.spans?.length, 2);
  controller.leave();
  controller.enter({ filter }, 'back');
  assert.equal(channel.count('code/spans'), 1);
  controller.enter({ filter }, 'open');
  assert.equal(controller.state?.spans, null, 'a new click loads afresh');
  await settle();
  assert.equal(channel.count('code/spans'), 2);
});

test('an answer that arrives after leaving is dropped', async () => {
  const { controller, channel } = setup();
  channel.hold('code/spans');
  controller.enter({ filter }, 'open');
  controller.leave();
  channel.release('code/spans');
  await settle();
  assert.equal(controller.state?.spans, null);
});

test('a failed request shows an error and Back reloads', async () => {
  const { controller, channel } = setup(true);
  controller.enter({ filter }, 'open');
  await settle();
  assert.match(controller.state?.error ?? '', /disk gone/);
  controller.enter({ filter }, 'back');
  await settle();
  assert.equal(channel.count('code/spans'), 2);
});
