// Alert rules with an injected clock: spikes against rolling baselines, rules that break after holding, budgets,
// cooldowns and mutes; the batcher turns a burst into one delivery.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AlertBatcher, AlertRules, DEFAULT_ALERT_OPTIONS, batchMessage, type Alert, type CheckSample, type RunSample,
} from '../../../../src/core/quality';
import { FakeTimers } from '../contracts/fake-timers';

const HOUR = 3_600_000;
let n = 0;
const run = (at: number, over: Partial<RunSample> = {}): RunSample => ({
  traceId: `t${++n}`, workloadId: 'refund-bot', startMs: at, costUsd: 0.01, errorCount: 0, durationMs: 1000, totalTokens: 1000, ...over,
});

function rulesAt(clock: { time: number }, options = DEFAULT_ALERT_OPTIONS) {
  return new AlertRules(() => clock.time, options);
}

describe('cost spikes', () => {
  test('above 2× the rolling average fires once, below does not, and needs a baseline', () => {
    const clock = { time: 100 * HOUR };
    const rules = rulesAt(clock);
    assert.deepEqual(rules.observeRun(run(clock.time - 10, { costUsd: 1 })), [], 'no baseline yet');
    const fresh = rulesAt(clock);
    for (let i = 0; i < 10; i++) assert.deepEqual(fresh.observeRun(run(clock.time - 1000 + i)), []);
    assert.deepEqual(fresh.observeRun(run(clock.time - 500, { costUsd: 0.019 })), [], '1.9× is fine');
    const [alert] = fresh.observeRun(run(clock.time - 400, { costUsd: 0.05 }));
    assert.equal(alert!.kind, 'cost-spike');
    assert.match(alert!.message, /cost per run \$0\.05 is 4\.\d× the rolling average/);
    assert.deepEqual(fresh.observeRun(run(clock.time - 300, { costUsd: 0.05 })), [], 'cooldown');
    clock.time += DEFAULT_ALERT_OPTIONS.cooldownMs;
    assert.equal(fresh.observeRun(run(clock.time - 10, { costUsd: 0.08 }))[0]?.kind, 'cost-spike');
  });

  test('runs older than 24 h leave the baseline; other workloads do not count', () => {
    const clock = { time: 100 * HOUR };
    const rules = rulesAt(clock);
    rules.seed(Array.from({ length: 10 }, (_, i) => run(clock.time - 30 * HOUR + i)));
    rules.seed(Array.from({ length: 10 }, (_, i) => run(clock.time - HOUR + i, { workloadId: 'other' })));
    assert.deepEqual(rules.observeRun(run(clock.time, { costUsd: 5 })), [], 'the only baseline is a day old');
  });
});

describe('error spikes', () => {
  test('recent error rate above 3× the rolling rate fires', () => {
    const clock = { time: 10 * HOUR };
    const rules = rulesAt(clock);
    // 40 earlier runs with 2 errors (5%), then errors in a row.
    rules.seed(Array.from({ length: 40 }, (_, i) => run(clock.time - HOUR + i, { errorCount: i % 20 === 0 ? 1 : 0 })));
    const alerts: Alert[] = [];
    for (let i = 0; i < 4; i++) alerts.push(...rules.observeRun(run(clock.time - 1000 + i, { errorCount: 1 })));
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.kind, 'error-spike');
    assert.match(alerts[0]!.message, /error rate \d+% over the last 10 runs, against 6% before/);
  });

  test('a single error in a healthy workload is not a spike', () => {
    const clock = { time: 10 * HOUR };
    const rules = rulesAt(clock);
    rules.seed(Array.from({ length: 40 }, (_, i) => run(clock.time - HOUR + i)));
    assert.deepEqual(rules.observeRun(run(clock.time - 10, { errorCount: 1 })), []);
  });
});

describe('contract rules', () => {
  const check = (traceId: string, failed: string[], budgets: CheckSample['budgets'] = []): CheckSample =>
    ({ traceId, workloadId: 'refund-bot', errorRules: ['refund.v1/cite', 'refund.v1/usage'], failedRules: failed, budgets });

  test('a rule that held for the previous runs and now fails fires; one that keeps failing does not', () => {
    const clock = { time: 0 };
    const rules = rulesAt(clock);
    for (const id of ['a', 'b', 'c']) assert.deepEqual(rules.observeCheck(check(id, ['refund.v1/usage']), null), []);
    assert.deepEqual(rules.observeCheck(check('d', ['refund.v1/usage']), null), [], 'usage never held');
    assert.deepEqual(rules.observeCheck(check('e', ['refund.v1/cite', 'refund.v1/usage']), null).map((a) => a.rule), ['refund.v1/cite']);
    for (const id of ['f', 'g']) rules.observeCheck(check(id, ['refund.v1/usage']), null);
    assert.deepEqual(rules.observeCheck(check('h', ['refund.v1/cite', 'refund.v1/usage']), null), [], 'cite held only twice since it broke');
    const fresh = rulesAt(clock);
    for (const id of ['a', 'b', 'c', 'd']) fresh.observeCheck(check(id, []), null);
    const alerts = fresh.observeCheck(check('x', ['refund.v1/cite']), null);
    assert.deepEqual(alerts.map((a) => [a.kind, a.rule, a.traceId, a.workloadId]), [['contract-break', 'refund.v1/cite', 'x', 'refund-bot']]);
    assert.match(alerts[0]!.message, /refund\.v1\/cite failed; it held for the previous 4 runs/);
    assert.deepEqual(fresh.observeCheck(check('x', ['refund.v1/cite']), null), [], 'the same trace is seen once');
  });

  test('muting a rule for a workload silences it; switching the rule off too', () => {
    const clock = { time: 0 };
    const rules = rulesAt(clock);
    for (const id of ['a', 'b', 'c']) rules.observeCheck(check(id, []), null);
    rules.mute('refund-bot', 'refund.v1/cite');
    assert.deepEqual(rules.observeCheck(check('d', ['refund.v1/cite']), null), []);
    const off = rulesAt(clock, { ...DEFAULT_ALERT_OPTIONS, enabled: { ...DEFAULT_ALERT_OPTIONS.enabled, 'contract-break': false } });
    for (const id of ['a', 'b', 'c']) off.observeCheck(check(id, []), null);
    assert.deepEqual(off.observeCheck(check('d', ['refund.v1/cite']), null), []);
  });

  test('a run above 2× a budget limit fires budget-overrun', () => {
    const clock = { time: 0 };
    const rules = rulesAt(clock);
    const budgets = [{ rule: 'refund.v1/budget', maxTotalTokens: 1000, maxCostUsd: 0.01 }];
    assert.deepEqual(rules.observeCheck(check('a', [], budgets), { costUsd: 0.019, totalTokens: 1999, durationMs: 1 }), []);
    const [alert] = rules.observeCheck(check('b', [], budgets), { costUsd: 0.03, totalTokens: 2500, durationMs: 1 });
    assert.equal(alert!.kind, 'budget-overrun');
    assert.equal(alert!.rule, 'refund.v1/budget');
    assert.match(alert!.message, /cost \$0\.03 > 2× \$0\.01, 2500 tokens > 2× 1000/);
  });
});

describe('AlertBatcher', () => {
  const alert = (i: number): Alert => ({ kind: 'cost-spike', workloadId: 'w', traceId: `t${i}`, rule: null, message: `m${i}`, atMs: 0 });

  test('a burst is one delivery; a steady stream is cut at the maximum delay', () => {
    const timers = new FakeTimers();
    const batches: Alert[][] = [];
    const batcher = new AlertBatcher(timers, (b) => batches.push(b), 3000, 10_000);
    batcher.add([alert(1)]);
    timers.advance(1000);
    batcher.add([alert(2), alert(3)]);
    timers.advance(2999);
    assert.equal(batches.length, 0);
    timers.advance(1);
    assert.deepEqual(batches.map((b) => b.length), [3]);
    assert.equal(batchMessage(batches[0]!), 'w: m1 (+2 more alerts)');
    for (let i = 0; i < 6; i++) {
      batcher.add([alert(10 + i)]);
      timers.advance(2000);
    }
    assert.deepEqual(batches.map((b) => b.length), [3, 5], 'cut after 10 s although alerts kept coming');
    timers.advance(5000);
    assert.deepEqual(batches.map((b) => b.length), [3, 5, 1]);
  });
});
