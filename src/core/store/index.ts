import fs from 'node:fs';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { DEFAULT_NORMALIZE_OPTIONS } from '../model/normalize';
import type { DecodedRequest, NormalizeOptions, NormalizedSpan, TraceSummary } from '../model/types';
import type {
  CodeLocationFilter, CodeLocationStat, ContentSearchProgress, ContentSearchQuery, ContentSearchResult,
  IngestResult, PromptRun, PromptRunFilter, RedactionReport, SessionFigures, SessionFilter, SessionSummary, SpanSearchQuery, SpanStructure,
  StoreStats, TraceFilter, TracePreview, TracePreviewLimits,
} from '../model/store-types';
import { isFigureMetric } from '../agents/metric-figures';
import { decodeRequest, type OtlpEncoding, type OtlpSignal } from '../otlp';
import { REDACTION_OFF, Redactor, redactRequest, storeRedactionKey, type RedactionConfig } from '../redaction';
import type { TraceStorage } from './api';
import { queryCodeLocationStats } from './code-stats';
import { queryPromptRuns } from './prompt-runs';
import { INDEX_FILE, acquireWriterLock } from './files';
import { DELTA_FILE, IndexSnapshotWriter } from './index-snapshots';
import { hasV2Store, readV2Store, removeV2Files } from './migrate-v2';
import { MemoryPayloads, SegmentPayloads, type PayloadStore } from './payload-io';
import { NO_RETENTION_LIMIT, resolveRetention, type RetentionOptions } from './retention';
import { StorageWriteError, listSegments, segmentFileName } from './segment-files';
import { replaySegments, type ReplayPosition } from './segment-replay';
import { loadSqlJs } from './sqljs';
import { StoreDatabase } from './store-db';
import { StoreReads } from './store-reads';
import { META_REPLAY_OFFSET, META_REPLAY_SEGMENT, loadFolder, type Loaded } from './store-open';
import { searchSpansAndContent, streamContentSearch } from './store-search';
import { SegmentMaintenance } from './segment-maintenance';
import { querySessions } from './sessions';
import { querySessionFigures } from './session-figures';

export { StoreLockedError } from './files';
export { StorageWriteError } from './segment-files';
export { ALL_TRACES } from './list-limit';
export type {
  CodeLocationFilter, CodeLocationStat, ContentMatch, ContentSearchProgress, ContentSearchQuery, ContentSearchResult,
  IngestResult, SessionFilter, SessionKey, SessionSummary, SpanSearchQuery, SpanStructure, StoreStats, TraceFilter,
  TracePreview, TracePreviewLimits,
} from '../model/store-types';
export type { Answer, TraceStorage } from './api';
export type { RetentionOptions } from './retention';
export { DEFAULT_RETENTION, NO_RETENTION_LIMIT, resolveRetention } from './retention';

export interface StoreOptions {
  /** Folder for the index snapshot and the payload segments; null = memory only. */
  dir: string | null;
  /** Open another process's store without writing (index snapshot + the segments after it). */
  readOnly?: boolean;
  normalize?: Partial<NormalizeOptions>;
  retention?: RetentionOptions;
  /** A new segment file starts past this size (bytes). Default 64 MiB. */
  segmentMaxBytes?: number;
  /**
   * Snapshot the index once this many record bytes were appended since the last snapshot (a snapshot
   * writes only the index pages that changed). Default 32 MiB: what a reopen after a crash replays.
   */
  snapshotTailBytes?: number;
  /**
   * Redaction applied to every request before anything of it is written (default: none). The hash-mode key
   * is kept in the folder (`redaction.key`).
   */
  redaction?: RedactionConfig;
  /** Non-fatal problems (torn segment tail, unreadable record). Default: console.warn. */
  onWarning?: (message: string) => void;
}

/** One request of a group commit. */
export interface IngestItem {
  body: Uint8Array;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  /** Already decoded from exactly these bytes (the importer decodes protobuf files to tell traces from logs). */
  decoded?: DecodedRequest;
}

const DEFAULT_SEGMENT_MAX_BYTES = 64 * 1024 ** 2;
export const DEFAULT_SNAPSHOT_TAIL_BYTES = 32 * 1024 ** 2;


/**
 * Traces in a slim sql.js index; span payloads in append-only segment files. Folder layout: `index.sqlite`
 * (the index as of a position in the segments), `segment-<id>.atl`, `writer.lock`. A request is durable once
 * its records are fsynced; the index is rebuilt from the records after the snapshot's position at open.
 */
export class TraceStore implements TraceStorage<false> {
  private closed = false;
  private snapshots: IndexSnapshotWriter | null = null;
  private reads: StoreReads;
  private readonly maintenance: SegmentMaintenance | null;
  private redactor: Redactor;
  private redactionKey: Uint8Array | null = null;

  private constructor(
    private data: StoreDatabase,
    private payloads: PayloadStore,
    private readonly options: StoreOptions,
    private readonly releaseLock: (() => void) | null,
    private position: ReplayPosition,
    private readonly SQL: SqlJsStatic,
  ) {
    this.reads = new StoreReads(data, this.warn);
    this.redactor = this.buildRedactor(options.redaction ?? REDACTION_OFF);
    this.maintenance = payloads instanceof SegmentPayloads && payloads.writer
      ? new SegmentMaintenance(data, payloads, payloads.writer, {
        snapshotTailBytes: options.snapshotTailBytes ?? DEFAULT_SNAPSHOT_TAIL_BYTES,
        maxBytes: resolveRetention(options.retention).maxBytes,
        snapshot: () => this.snapshot(),
        warn: this.warn,
      })
      : null;
  }

  private buildRedactor(config: RedactionConfig): Redactor {
    if (config.enabled && config.mode === 'hash' && !this.options.readOnly) {
      this.redactionKey ??= storeRedactionKey(this.options.dir);
    }
    return new Redactor(config, this.redactionKey ?? new Uint8Array(0));
  }


  /** New rules for the requests that come next (settings changed); throws on a bad rule, keeping the old ones. */
  setRedaction(config: RedactionConfig): void {
    this.redactor = this.buildRedactor(config);
  }

  private readonly warn = (message: string): void => {
    (this.options.onWarning ?? ((m: string) => console.warn(`[trace-store] ${m}`)))(message);
  };

  static async open(options: StoreOptions): Promise<TraceStore> {
    const SQL = await loadSqlJs();
    const normalize: NormalizeOptions = { ...DEFAULT_NORMALIZE_OPTIONS, ...options.normalize };
    // A reader shows what the writer kept; evicting there would only hide traces the writer still has.
    const retention = resolveRetention(options.readOnly ? NO_RETENTION_LIMIT : options.retention);
    const warn = options.onWarning ?? ((message: string) => console.warn(`[trace-store] ${message}`));
    const { dir } = options;
    if (dir === null) {
      const payloads = new MemoryPayloads();
      const data = new StoreDatabase(new SQL.Database(), normalize, retention, payloads);
      return new TraceStore(data, payloads, options, null, { seg: 0, off: 0 }, SQL);
    }
    const readOnly = options.readOnly === true;
    if (!readOnly) fs.mkdirSync(dir, { recursive: true });
    const releaseLock = readOnly ? null : acquireWriterLock(dir);
    try {
      if (fs.existsSync(dir) && hasV2Store(dir)) {
        return await TraceStore.convertV2(SQL, dir, options, normalize, retention, releaseLock, warn);
      }
      const loaded = TraceStore.load(SQL, dir, readOnly, normalize, retention, options, warn);
      const store = new TraceStore(loaded.data, loaded.payloads, options, releaseLock, loaded.position, SQL);
      store.maintenance?.opened(loaded.tailBytes);
      if (!readOnly) store.afterCommit();
      return store;
    } catch (error) {
      releaseLock?.();
      throw error;
    }
  }

  private static load(
    SQL: SqlJsStatic, dir: string, readOnly: boolean, normalize: NormalizeOptions,
    retention: Required<RetentionOptions>, options: StoreOptions, warn: (message: string) => void,
  ): Loaded {
    return loadFolder(SQL, dir, readOnly, normalize, retention, options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES, warn);
  }

  /**
   * A schema 2 folder: its requests go through today's ingest once (into memory for a reader), then the
   * writer snapshots the new index and only then deletes the old files, so a crash midway converts again.
   */
  private static async convertV2(
    SQL: SqlJsStatic, dir: string, options: StoreOptions, normalize: NormalizeOptions,
    retention: Required<RetentionOptions>, releaseLock: (() => void) | null, warn: (message: string) => void,
  ): Promise<TraceStore> {
    const readOnly = options.readOnly === true;
    if (!readOnly) {
      fs.rmSync(path.join(dir, INDEX_FILE), { force: true });
      fs.rmSync(path.join(dir, DELTA_FILE), { force: true });
      for (const seg of listSegments(dir)) fs.rmSync(path.join(dir, segmentFileName(seg)), { force: true });
    }
    const payloads = readOnly ? new MemoryPayloads() : null;
    const store = readOnly
      ? new TraceStore(new StoreDatabase(new SQL.Database(), normalize, NO_RETENTION_LIMIT as Required<RetentionOptions>,
        payloads!), payloads!, options, null, { seg: 0, off: 0 }, SQL)
      : TraceStore.fresh(SQL, dir, options, normalize, retention, releaseLock, warn);
    let converted = 0;
    for (const request of readV2Store(SQL, dir, warn)) {
      if (readOnly) store.indexInMemory(request);
      else store.ingestDecoded(request);
      converted += request.spans.length;
    }
    if (!readOnly) {
      store.snapshot();
      removeV2Files(dir);
      warn(`converted the trace store in ${dir} to the segment format (${converted} span(s))`);
    }
    return store;
  }

  private static fresh(
    SQL: SqlJsStatic, dir: string, options: StoreOptions, normalize: NormalizeOptions,
    retention: Required<RetentionOptions>, releaseLock: (() => void) | null, warn: (message: string) => void,
  ): TraceStore {
    const loaded = TraceStore.load(SQL, dir, false, normalize, retention, options, warn);
    return new TraceStore(loaded.data, loaded.payloads, options, releaseLock, loaded.position, SQL);
  }

  /** A read-only conversion: index a request into this store's memory (ingest refuses a read-only store). */
  private indexInMemory(request: DecodedRequest): void {
    this.data.begin();
    try {
      this.data.ingest(request);
      this.data.commit();
    } catch (error) {
      this.data.rollback();
      throw error;
    }
  }

  private get writable(): boolean {
    return this.options.dir !== null && this.options.readOnly !== true && !this.closed;
  }

  private checkWritable(): void {
    if (this.closed) throw new Error('The trace store is closed');
    if (this.options.readOnly) throw new Error('The trace store was opened read-only');
  }

  /**
   * Store a group of requests with one fsync (group commit). Each result is its request's answer: an
   * IngestResult, or the error that request met (a bad body; a write failure fails the whole group).
   */
  ingestGroup(
    items: readonly IngestItem[],
    /** Called with each request that redaction changed (what the store keeps; forwarding sends that). */
    onRedacted?: (index: number, request: DecodedRequest) => void,
  ): Array<IngestResult | Error> {
    this.checkWritable();
    const reports = new Map<number, RedactionReport>();
    // Redaction happens here, before the index or a segment sees the request.
    const decoded = items.map((item, i): DecodedRequest | Error => {
      try {
        const request = item.decoded ?? decodeRequest(item.body, item.signal, item.encoding, { keep: isFigureMetric });
        if (!this.redactor.enabled) return request;
        const outcome = redactRequest(request, this.redactor);
        if (outcome.spans.length > 0 || Object.keys(outcome.hits).length > 0) {
          reports.set(i, { hits: outcome.hits, spans: outcome.spans });
          onRedacted?.(i, outcome.request);
        }
        return outcome.request;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    const writer = this.payloads instanceof SegmentPayloads ? this.payloads.writer : null;
    this.data.begin();
    let results: Array<IngestResult | Error>;
    try {
      results = decoded.map((request, i) => {
        if (request instanceof Error) return request;
        const result = this.data.ingest(request);
        const report = reports.get(i);
        return report ? { ...result, redactions: report } : result;
      });
      if (writer) {
        const bytes = writer.commit();
        this.maintenance?.committed(bytes);
      }
      this.data.commit();
    } catch (error) {
      writer?.discardPending();
      this.data.rollback();
      throw error;
    }
    this.afterCommit();
    return results;
  }

  /** Decode, make durable and index one request body. */
  ingestRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding, decoded?: DecodedRequest): IngestResult {
    const [result] = this.ingestGroup([{ body, signal, encoding, ...(decoded ? { decoded } : {}) }]);
    if (result instanceof Error) throw result;
    return result!;
  }

  ingestDecoded(request: DecodedRequest): IngestResult {
    return this.ingestRequest(new Uint8Array(0), 'traces', 'json', request);
  }

  /** Retention, compaction and snapshots after a group landed. */
  private afterCommit(): void {
    if (this.options.readOnly) return;
    if (this.data.overRetention()) {
      this.data.begin();
      this.data.enforceRetention();
      this.data.commit();
    }
    if (this.payloads instanceof MemoryPayloads && this.data.payloadBytes() === 0) this.payloads.reset();
    try {
      this.maintenance?.run();
    } catch (error) {
      if (!(error instanceof StorageWriteError)) throw error;
      this.warn(`compaction or index snapshot postponed: ${error.message}`);
    }
  }

  /** Write the index snapshot (records up to the writer's position are in it), then drop retired segments. */
  private snapshot(): void {
    const dir = this.options.dir;
    const writer = this.payloads instanceof SegmentPayloads ? this.payloads.writer : null;
    if (!dir || !writer || this.closed) return;
    this.data.setMeta(META_REPLAY_SEGMENT, String(writer.activeSegment));
    this.data.setMeta(META_REPLAY_OFFSET, String(writer.activeBytes));
    this.maintenance!.recordSegments();
    this.snapshots ??= new IndexSnapshotWriter(dir);
    const db = this.data.sql.db;
    try {
      this.snapshots.write(() => this.data.export(), (baseId) => db.exec(`PRAGMA user_version = ${baseId}`));
    } catch (error) {
      // The records are durable in the segments already; a snapshot is tried again after the next commit.
      this.snapshots = null; // the next one writes a whole base
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      throw new StorageWriteError(dir, code, `index snapshot: ${(error as Error).message}`,
        'the spans are stored; the index snapshot is tried again later');
    }
    this.maintenance!.snapshotted();
  }

  /**
   * A read-only store: index what the writer appended since, without reloading the rest. A segment the
   * writer compacted away meanwhile makes it reload from the writer's newer snapshot. Returns the traces
   * that changed.
   */
  refresh(): string[] {
    if (!this.options.readOnly || this.options.dir === null || this.closed) return [];
    const dir = this.options.dir;
    if (this.outdated(dir)) return this.reload(dir);
    try {
      const replay = replaySegments(this.data, dir, this.position, false, this.warn);
      for (const [seg, bytes] of replay.sizes) (this.payloads as SegmentPayloads).sizes.set(seg, bytes);
      this.position = replay.position;
      return [...replay.traceIds];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return this.reload(dir);
    }
  }

  /**
   * The writer deleted a segment this reader knows (it compacted or retired it, after a snapshot that no
   * longer points into it), or converted the schema 2 folder this reader converted in memory.
   */
  private outdated(dir: string): boolean {
    if (!(this.payloads instanceof SegmentPayloads)) return !hasV2Store(dir);
    const present = new Set(listSegments(dir));
    for (const seg of this.payloads.sizes.keys()) if (!present.has(seg)) return true;
    return false;
  }

  /** Load the writer's newer snapshot and the segments after it; returns the traces present before or after. */
  private reload(dir: string): string[] {
    const all = { limit: 1_000_000_000 };
    const before = this.reads.listTraces(all).map((t) => t.traceId);
    const normalize = this.data.normalizeOptions;
    const loaded = TraceStore.load(this.SQL, dir, true, normalize, resolveRetention(NO_RETENTION_LIMIT), this.options, this.warn);
    this.data.close();
    this.payloads.close();
    this.data = loaded.data;
    this.payloads = loaded.payloads;
    this.reads = new StoreReads(loaded.data, this.warn);
    this.position = loaded.position;
    return [...new Set([...before, ...this.reads.listTraces(all).map((t) => t.traceId)])];
  }

  listTraces(filter?: TraceFilter): TraceSummary[] {
    return this.reads.listTraces(filter);
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    return this.reads.getTraceSummary(traceId);
  }

  getTraceStructure(traceId: string): SpanStructure[] {
    return this.reads.getTraceStructure(traceId);
  }

  getTracePreview(traceId: string, limits: TracePreviewLimits): TracePreview | null {
    return this.reads.getTracePreview(traceId, limits);
  }

  getTraceSpans(traceId: string): NormalizedSpan[] {
    return this.reads.getTraceSpans(traceId);
  }

  getSpan(traceId: string, spanId: string): NormalizedSpan | null {
    return this.reads.getSpan(traceId, spanId);
  }

  /** Spans by trace, kind or name; `text` matches their indexed fields and their stored content. */
  searchSpans(query: SpanSearchQuery): SpanStructure[] {
    return searchSpansAndContent(this.reads, this.payloads, query);
  }

  /**
   * Search span content (attributes, messages, tool arguments/results, events, attached logs), newest
   * segments first. Each step hands its matches to `onProgress`; `pause` is awaited between steps (a
   * worker passes a yield to its event loop) and `signal` stops the scan.
   */
  searchContent(
    query: ContentSearchQuery, onProgress: (progress: ContentSearchProgress) => void,
    options: { signal?: AbortSignal; pause?: () => Promise<void> } = {},
  ): Promise<ContentSearchResult> {
    return streamContentSearch(() => ({ reads: this.reads, payloads: this.payloads, closed: this.closed }), query,
      onProgress, options);
  }

  /** Per (recorded file, line, span name): count, p95, errors, tokens, latest span (for CodeLens). */
  codeLocationStats(filter?: CodeLocationFilter): CodeLocationStat[] {
    return queryCodeLocationStats(this.data.sql.db, filter);
  }

  listSessions(filter?: SessionFilter): SessionSummary[] {
    return querySessions(this.data.sql, filter);
  }

  sessionFigures(sessionIds: string[]): Map<string, SessionFigures> {
    return querySessionFigures(this.data.sql, sessionIds);
  }

  getUsageSpans(traceIds: string[]): NormalizedSpan[] {
    return traceIds.flatMap((id) => this.reads.getUsageSpans(id));
  }

  promptRuns(filter?: PromptRunFilter): PromptRun[] {
    return queryPromptRuns(this.data.sql.db, filter);
  }

  exportOtlpJson(traceIds?: string[]): string {
    const lines: string[] = [];
    this.reads.exportOtlpJsonLines(traceIds, (line) => lines.push(line));
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  /** The same requests as `exportOtlpJson`, one line at a time (for stores too big for one string). */
  exportOtlpJsonLines(traceIds: string[] | undefined, write: (line: string) => void): void {
    this.reads.exportOtlpJsonLines(traceIds, write);
  }

  stats(): StoreStats {
    return this.data.stats();
  }

  /** Payload record bytes the index refers to (spans and logs), as counted for retention. */
  payloadBytes(): number {
    return this.data.payloadBytes();
  }

  /** Delete everything; a writable store snapshots at once and drops every segment. */
  clear(): void {
    this.checkWritable();
    this.data.begin();
    this.data.clear();
    this.data.commit();
    if (this.payloads instanceof MemoryPayloads) this.payloads.reset();
    this.maintenance?.retireAll();
    if (this.writable) this.snapshot();
  }

  async flush(): Promise<void> {
    if (this.writable && this.maintenance?.dirty) this.snapshot();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.writable && this.maintenance?.dirty) this.snapshot();
    } finally {
      this.closed = true;
      this.payloads.close();
      this.releaseLock?.();
      this.data.close();
    }
  }
}
