// Content search through the real worker: progress streamed per chunk, cancellation, the match limit,
// ingest answered while a search runs, and a crash failing the search.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContentSearchProgress } from '../../../src/core/model/store-types';
import { WorkerUnavailableError } from '../../../src/receiver';
import { StoreWorker } from '../../../src/store-worker';
import { syntheticTraceRequest, tempDir } from '../receiver/helpers';
import { NEEDLE, SMALL_SEGMENT_BYTES, writeContentStore, type ContentStoreShape } from './content-search-helpers';

// Each trace is a segment of its own, so a scan has this many chunks: enough that a cancel or an ingest
// sent from this thread reaches the worker long before the last one, even on a busy machine.
const TRACES = 240;

describe('StoreWorker.searchContent', () => {
  const folder = tempDir('trace-lens-content-');
  let worker: StoreWorker;
  let shape: ContentStoreShape;

  before(async () => {
    shape = await writeContentStore(folder.dir, TRACES);
    worker = await StoreWorker.start({ dir: folder.dir, segmentMaxBytes: SMALL_SEGMENT_BYTES });
  });
  after(async () => {
    await worker.stop();
    folder.remove();
  });

  test('streams matches in several progress messages and scans every byte', async () => {
    const progress: ContentSearchProgress[] = [];
    const result = await worker.searchContent({ text: NEEDLE.toUpperCase() }, (p) => progress.push(p));
    assert.equal(result.complete, true);
    assert.ok(result.totalBytes > 0);
    assert.equal(result.scannedBytes, result.totalBytes);
    assert.ok(progress.length >= TRACES / 2, `one message per chunk (got ${progress.length})`);
    const scanned = progress.map((p) => p.scannedBytes);
    assert.deepEqual([...scanned].sort((a, b) => a - b), scanned, 'scannedBytes only grows');
    assert.ok(progress.filter((p) => p.matches.length > 0).length > 1, 'matches arrive over several messages');
    const matches = progress.flatMap((p) => p.matches);
    assert.equal(result.matchCount, matches.length);
    assert.deepEqual(matches.map((m) => m.span.traceId).sort(), [...shape.needleTraceIds].sort());
    for (const match of matches) {
      assert.equal(match.span.name, 'llm call 1');
      assert.ok(match.snippet.toLowerCase().includes(NEEDLE.toLowerCase()), match.snippet);
    }
  });

  test('the limit stops the scan early (complete false)', async () => {
    const matches: unknown[] = [];
    const result = await worker.searchContent({ text: NEEDLE, limit: 3 }, (p) => matches.push(...p.matches));
    assert.equal(result.matchCount, 3);
    assert.equal(matches.length, 3);
    assert.equal(result.complete, false);
  });

  test('a trace id narrows the search to that trace', async () => {
    const traceId = shape.needleTraceIds[1]!;
    const matches: string[] = [];
    const result = await worker.searchContent({ text: NEEDLE, traceId }, (p) => matches.push(...p.matches.map((m) => m.span.traceId)));
    assert.equal(result.complete, true);
    assert.deepEqual(matches, [traceId]);
  });

  test('aborting the signal stops the search: complete false, not everything scanned', async () => {
    const controller = new AbortController();
    let messages = 0;
    const result = await worker.searchContent({ text: 'no such text anywhere' }, () => {
      messages++;
      controller.abort();
    }, { signal: controller.signal });
    assert.equal(result.complete, false);
    assert.ok(result.scannedBytes < result.totalBytes, `${result.scannedBytes} of ${result.totalBytes} scanned`);
    assert.ok(messages < TRACES, `stopped before the last chunk (${messages} messages)`);
  });

  test('a signal aborted before the start ends the search before it scans', async () => {
    const controller = new AbortController();
    controller.abort();
    let messages = 0;
    const result = await worker.searchContent({ text: NEEDLE }, () => messages++, { signal: controller.signal });
    assert.equal(result.complete, false);
    assert.equal(result.matchCount, 0);
    assert.equal(messages, 0);
  });

  test('an ingest submitted during a long search is answered before the search ends', async () => {
    let searchEnded = false;
    let progressAfterIngest = 0;
    let ingestAnswered = false;
    const search = worker.searchContent({ text: 'no such text anywhere' }, () => {
      if (ingestAnswered) progressAfterIngest++;
    }).then((result) => {
      searchEnded = true;
      return result;
    });
    const { body, traceId } = syntheticTraceRequest(2, 4242);
    const ingest = await worker.submit(new TextEncoder().encode(body), 'traces', 'json');
    ingestAnswered = true;
    assert.equal(searchEnded, false, 'the search was still running when the ingest was answered');
    assert.equal(ingest.acceptedSpans, 2);
    assert.equal((await worker.getTraceSummary(traceId))?.spanCount, 2, 'queries are answered during the search too');
    const result = await search;
    assert.equal(result.complete, true);
    assert.ok(progressAfterIngest > 0, 'the scan went on after the ingest');
  });
});

describe('StoreWorker.searchContent when the worker dies', () => {
  const folder = tempDir('trace-lens-content-crash-');
  let worker: StoreWorker;

  before(async () => {
    await writeContentStore(folder.dir, TRACES);
    worker = await StoreWorker.start({ dir: folder.dir, segmentMaxBytes: SMALL_SEGMENT_BYTES });
    worker.onDidCrash(() => undefined);
  });
  after(async () => {
    await worker.stop();
    folder.remove();
  });

  test('the running search rejects with WorkerUnavailableError', async () => {
    let crashed: Promise<number> | null = null;
    const search = worker.searchContent({ text: 'no such text anywhere' }, () => {
      crashed ??= worker.simulateCrash();
    });
    await assert.rejects(search, WorkerUnavailableError);
    assert.ok(crashed, 'the search had started');
  });

  test('the restarted worker searches again', async () => {
    const matches: string[] = [];
    // Sent while the replacement may still be starting: it waits in the new worker's message queue.
    const result = await worker.searchContent({ text: NEEDLE }, (p) => matches.push(...p.matches.map((m) => m.span.spanId)));
    assert.equal(result.complete, true);
    assert.equal(matches.length, TRACES / 2);
  });
});
