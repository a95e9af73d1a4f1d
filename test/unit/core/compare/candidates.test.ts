import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCandidates, sameWorkload } from '../../../../src/core/compare';

const t = (traceId: string, start: string, extra: { workloadId?: string | null; rootName?: string | null; service?: string | null } = {}) => ({
  traceId, startTimeUnixNano: start, workloadId: null, rootName: 'refund.answer', service: 'refund-bot', ...extra,
});

test('same workload first, newest first; the current trace is left out', () => {
  const current = t('cur', '1700000000000000050', { workloadId: 'refund-bot' });
  const traces = [
    t('other-new', '1700000000000000090', { workloadId: 'search-bot' }),
    current,
    t('same-old', '1700000000000000010', { workloadId: 'refund-bot' }),
    t('same-new', '1700000000000000080', { workloadId: 'refund-bot' }),
    t('other-old', '999999999999999999', { workloadId: 'search-bot' }),
  ];
  const out = compareCandidates(current, traces);
  assert.deepEqual(out.map((c) => c.traceId), ['same-new', 'same-old', 'other-new', 'other-old']);
  assert.deepEqual(out.map((c) => c.sameWorkload), [true, true, false, false]);
});

test('without a workload id, the same root span and service count as the same workload', () => {
  const current = t('cur', '1');
  assert.ok(sameWorkload(current, t('x', '2')));
  assert.ok(!sameWorkload(current, t('x', '2', { rootName: 'search' })));
  assert.ok(!sameWorkload(current, t('x', '2', { service: 'other' })));
  assert.ok(!sameWorkload(current, t('x', '2', { workloadId: 'refund-bot' })));
});
