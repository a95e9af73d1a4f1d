// The "in span content" results in the webview: grouping streamed hits under traces, the progress line,
// snippet highlighting, and the controller's debounce and cancellation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  ContentSearchHit, ContentSearchOutcome, ContentSearchParams, ContentSearchProgressParams, TraceRow,
} from '../../../src/protocol/messages';
import { ContentSearchController } from '../../../webview/controllers/contentSearch';
import {
  highlightSplit, pendingResults, progressText, startedResults, withError, withOutcome, withProgress, type ContentResults,
} from '../../../webview/model/contentSearch';
import { formatBytes } from '../../../webview/model/format';

const hit = (traceId: string, spanId: string): ContentSearchHit => ({ traceId, spanId, name: `span ${spanId}`, kind: 'llm', snippet: 'x' });
const row = (traceId: string): TraceRow => ({ traceId, rootName: `root ${traceId}` }) as TraceRow;

function progress(searchId: number, hits: ContentSearchHit[], traces: TraceRow[], scannedBytes: number, matchCount: number): ContentSearchProgressParams {
  return { searchId, hits, traces, matchCount, scannedBytes, totalBytes: 1000 };
}

const shape = (r: ContentResults): Array<[string, string | null, string[]]> =>
  r.groups.map((g) => [g.traceId, g.trace?.rootName ?? null, g.hits.map((h) => h.spanId)]);

describe('content search results', () => {
  test('hits group under their traces in first-seen order; rows fill in when they arrive', () => {
    let r = startedResults(3, 'needle');
    r = withProgress(r, progress(3, [hit('t1', 'a'), hit('t2', 'b')], [row('t1')], 300, 2));
    assert.deepEqual(shape(r), [['t1', 'root t1', ['a']], ['t2', null, ['b']]]);
    r = withProgress(r, progress(3, [hit('t2', 'c'), hit('t1', 'd'), hit('t3', 'e'), hit('t1', 'd')], [row('t2'), row('t3')], 600, 5));
    assert.deepEqual(shape(r), [['t1', 'root t1', ['a', 'd']], ['t2', 'root t2', ['b', 'c']], ['t3', 'root t3', ['e']]]);
    assert.equal(r.matchCount, 5);
    assert.equal(progressText(r), 'searching… 60% · 5 matches');
  });

  test('progress of another search, or after the end, changes nothing', () => {
    const r = startedResults(3, 'needle');
    assert.equal(withProgress(r, progress(2, [hit('t1', 'a')], [], 10, 1)), r);
    const ended = withOutcome(r, 3, { matchCount: 0, scannedBytes: 1000, totalBytes: 1000, complete: true, cancelled: false });
    assert.equal(withProgress(ended, progress(3, [hit('t1', 'a')], [], 10, 1)), ended);
    assert.equal(withOutcome(r, 2, { matchCount: 9, scannedBytes: 1, totalBytes: 1, complete: true, cancelled: false }), r);
  });

  test('the progress line: typing, running, done, stopped at the limit, cancelled, failed', () => {
    const gb = 1.1 * 1024 ** 3;
    const base = startedResults(1, 'x');
    assert.equal(progressText(pendingResults('x')), 'searching…');
    assert.equal(progressText({ ...base, totalBytes: 0 }), 'searching… 0% · 0 matches');
    const end = (outcome: Partial<ContentSearchOutcome>): ContentResults => withOutcome(base, 1, {
      matchCount: 12, scannedBytes: gb, totalBytes: gb, complete: true, cancelled: false, ...outcome,
    });
    assert.equal(progressText(end({})), '12 matches · 1.1 GB searched');
    assert.equal(progressText(end({ matchCount: 1 })), '1 match · 1.1 GB searched');
    assert.equal(progressText(end({ complete: false, matchCount: 200 })), 'first 200 matches · 1.1 GB searched (more may match)');
    assert.equal(progressText(end({ complete: false, cancelled: true, scannedBytes: 300 * 1024 ** 2 })), 'cancelled · 12 matches · 300 MB searched');
    assert.equal(progressText(withError(base, 1, 'worker crashed')), 'search failed · 0 matches');
    assert.equal(withError(base, 1, 'worker crashed').error, 'worker crashed');
  });

  test('formatBytes picks a unit', () => {
    assert.deepEqual([0, 512, 34 * 1024, 1.5 * 1024 ** 2, 150 * 1024 ** 2, 1.1 * 1024 ** 3].map(formatBytes),
      ['0 B', '512 B', '34.0 KB', '1.5 MB', '150 MB', '1.1 GB']);
  });

  test('the snippet is split around the first case-insensitive hit', () => {
    assert.deepEqual(highlightSplit('say Hello there', 'hello'), { before: 'say ', hit: 'Hello', after: ' there' });
    assert.deepEqual(highlightSplit('ÄRGER im Teich', 'ärger'), { before: '', hit: 'ÄRGER', after: ' im Teich' });
    assert.equal(highlightSplit('nothing here', 'hello'), null);
    assert.equal(highlightSplit('İstanbul', 'i'), null, 'lowercasing changed the length: no mark rather than a wrong one');
  });
});

/** A host channel whose answers the test releases by hand. */
class ScriptedChannel {
  readonly started: ContentSearchParams[] = [];
  readonly cancelled: number[] = [];
  private readonly answers = new Map<number, { resolve(o: ContentSearchOutcome): void; reject(e: Error): void }>();

  search = (params: ContentSearchParams): Promise<ContentSearchOutcome> => {
    this.started.push(params);
    return new Promise((resolve, reject) => this.answers.set(params.searchId, { resolve, reject }));
  };

  cancel = (searchId: number): void => {
    this.cancelled.push(searchId);
  };

  answer(searchId: number, outcome: Partial<ContentSearchOutcome> = {}): void {
    this.answers.get(searchId)!.resolve({ matchCount: 0, scannedBytes: 10, totalBytes: 10, complete: true, cancelled: false, ...outcome });
  }

  fail(searchId: number, message: string): void {
    this.answers.get(searchId)!.reject(new Error(message));
  }
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ContentSearchController', () => {
  test('typing is debounced: only the text after the pause is searched', async () => {
    const channel = new ScriptedChannel();
    const controller = new ContentSearchController(() => undefined, channel);
    controller.query('ne', 20);
    controller.query('nee', 20);
    controller.query('needle ', 20);
    assert.equal(controller.results?.phase, 'typing');
    assert.deepEqual(channel.started, []);
    await wait(40);
    assert.deepEqual(channel.started, [{ searchId: 1, text: 'needle' }]);
    assert.equal(controller.results?.phase, 'running');
    channel.answer(1, { matchCount: 0 });
    await settle();
    assert.equal(controller.results?.phase, 'done');
  });

  test('a new query cancels the running search and ignores its late answer and progress', async () => {
    const channel = new ScriptedChannel();
    let updates = 0;
    const controller = new ContentSearchController(() => updates++, channel);
    controller.query('first', 0);
    await wait(5);
    controller.onProgress(progress(1, [hit('t1', 'a')], [row('t1')], 10, 1));
    assert.equal(controller.results?.groups.length, 1);
    controller.query('second', 0);
    assert.deepEqual(channel.cancelled, [1]);
    assert.equal(controller.results?.groups.length, 0, 'the old results are gone at once');
    await wait(5);
    channel.answer(1, { cancelled: true, complete: false });
    controller.onProgress(progress(1, [hit('t1', 'b')], [], 20, 2));
    await settle();
    assert.equal(controller.results?.searchId, 2);
    assert.equal(controller.results?.phase, 'running');
    assert.equal(controller.results?.groups.length, 0);
    assert.ok(updates > 0);
  });

  test('the cancel button asks the host to stop; the answer shows as cancelled', async () => {
    const channel = new ScriptedChannel();
    const controller = new ContentSearchController(() => undefined, channel);
    controller.query('x', 0);
    await wait(5);
    controller.cancel();
    assert.deepEqual(channel.cancelled, [1]);
    channel.answer(1, { cancelled: true, complete: false, matchCount: 3 });
    await settle();
    assert.equal(controller.results?.phase, 'cancelled');
    assert.equal(controller.results?.matchCount, 3);
  });

  test('switching the toggle off (stop) cancels the running search and clears the results', async () => {
    const channel = new ScriptedChannel();
    const controller = new ContentSearchController(() => undefined, channel);
    controller.query('x', 0);
    await wait(5);
    controller.stop();
    assert.deepEqual(channel.cancelled, [1]);
    assert.equal(controller.results, null);
    channel.answer(1, { cancelled: true });
    await settle();
    assert.equal(controller.results, null, 'a late answer does not bring the results back');
  });

  test('an empty query shows nothing and searches nothing; a pending one can be dropped before it starts', async () => {
    const channel = new ScriptedChannel();
    const controller = new ContentSearchController(() => undefined, channel);
    controller.query('   ', 0);
    assert.equal(controller.results, null);
    controller.query('abc', 10);
    controller.cancel();
    await wait(20);
    assert.deepEqual(channel.started, []);
    assert.deepEqual(channel.cancelled, [], 'nothing ran, so nothing to cancel on the host');
  });

  test('a failed search shows the error', async () => {
    const channel = new ScriptedChannel();
    const controller = new ContentSearchController(() => undefined, channel);
    controller.query('x', 0);
    await wait(5);
    channel.fail(1, 'ingest worker crashed');
    await settle();
    assert.equal(controller.results?.phase, 'error');
    assert.equal(controller.results?.error, 'ingest worker crashed');
  });
});
