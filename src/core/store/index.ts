import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_NORMALIZE_OPTIONS } from '../model/normalize';
import type { DecodedRequest, NormalizeOptions, NormalizedSpan, TraceSummary } from '../model/types';
import type {
  CodeLocationFilter, CodeLocationStat, IngestResult, SpanSearchQuery, SpanStructure, StoreStats, TraceFilter,
} from '../model/store-types';
import { OtlpDecodeError, decodeRequest, type OtlpEncoding, type OtlpSignal } from '../otlp';
import {
  SNAPSHOT_FILE, acquireWriterLock, currentSnapshotIdentity, fsyncDir, readSnapshot, writeSnapshot,
} from './files';
import { queryCodeLocationStats } from './code-stats';
import { RequestLogWriter, listLogGenerations, logFileName, readLogFile } from './request-log';
import { loadSqlJs } from './sqljs';
import { StoreDatabase } from './store-db';
import type { TraceStorage } from './api';

export { StoreLockedError } from './files';
export { ALL_TRACES } from './list-limit';
export type {
  CodeLocationFilter, CodeLocationStat, IngestResult, SpanSearchQuery, SpanStructure, StoreStats, TraceFilter,
} from '../model/store-types';

export type { RetentionOptions } from './retention';
export type { Answer, TraceStorage } from './api';

export interface StoreOptions {
  /** Folder for the snapshot and the append-only request log; null = memory only. */
  dir: string | null;
  /** Open another process's store without writing (snapshot + replay of its log). */
  readOnly?: boolean;
  normalize?: Partial<NormalizeOptions>;
  retention?: RetentionOptions;
  /** Snapshot after this long without ingest (ms). Default 2000. */
  snapshotIdleMs?: number;
  /**
   * Also snapshot once the request log since the last snapshot grows past this (bytes). Default 8 MiB:
   * the log is what a reopen after a crash replays (about 10k spans, half a second), while a snapshot of a
   * full default store takes about a second and a half.
   */
  snapshotMaxLogBytes?: number;
  /** Non-fatal problems (damaged log tail, unreadable record). Default: console.warn. */
  onWarning?: (message: string) => void;
}

export { DEFAULT_RETENTION, NO_RETENTION_LIMIT, resolveRetention } from './retention';
import { NO_RETENTION_LIMIT, resolveRetention, type RetentionOptions } from './retention';
const DEFAULT_SNAPSHOT_IDLE_MS = 2000;
export const DEFAULT_SNAPSHOT_MAX_LOG_BYTES = 8 * 1024 ** 2;
/** Meta key: the snapshot holds every log generation below this number. */
const COVERED_GENERATION = 'covered_generation';
const READ_ATTEMPTS = 5;

/**
 * Traces in sql.js, made durable by an append-only log of raw request bodies plus snapshots.
 * Folder layout: `snapshot.sqlite` (records the log generation it covers), `requests-<gen>.log`,
 * `writer.lock`. A snapshot rotates to a new generation and deletes older logs only after the new
 * snapshot is renamed in, so a concurrent reader always finds snapshot + newer logs complete.
 */
export class TraceStore implements TraceStorage<false> {
  private writer: RequestLogWriter | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private closed = false;
  /** Bytes of older log generations the snapshot does not cover yet (replayed at open). */
  private uncoveredLogBytes = 0;

  private constructor(
    private readonly data: StoreDatabase,
    private readonly options: StoreOptions,
    private readonly releaseLock: (() => void) | null,
    private generation: number,
  ) {}

  static async open(options: StoreOptions): Promise<TraceStore> {
    const SQL = await loadSqlJs();
    const normalize: NormalizeOptions = { ...DEFAULT_NORMALIZE_OPTIONS, ...options.normalize };
    // A reader replays what the writer kept; evicting there would only hide traces the writer still has.
    const retention = resolveRetention(options.readOnly ? NO_RETENTION_LIMIT : options.retention);
    const warn = options.onWarning ?? ((message: string) => console.warn(`[trace-store] ${message}`));
    const { dir } = options;
    const readOnly = options.readOnly === true;
    if (dir === null) return new TraceStore(new StoreDatabase(new SQL.Database(), normalize, retention), options, null, 0);
    if (!readOnly) fs.mkdirSync(dir, { recursive: true });
    const releaseLock = readOnly ? null : acquireWriterLock(dir);
    try {
      for (let attempt = 1; ; attempt++) {
        const loaded = TraceStore.load(dir, SQL, normalize, retention, warn);
        // A reader racing a snapshot may have missed a log that was deleted meanwhile: read again.
        if (readOnly && currentSnapshotIdentity(dir) !== loaded.snapshotIdentity && attempt < READ_ATTEMPTS) {
          loaded.data.close();
          continue;
        }
        const store = new TraceStore(loaded.data, options, releaseLock, loaded.lastGeneration + 1);
        store.uncoveredLogBytes = loaded.replayedBytes;
        if (!readOnly) {
          store.startGeneration(loaded.covered);
          if (loaded.replayed > 0) store.afterChange();
        }
        return store;
      }
    } catch (error) {
      releaseLock?.();
      throw error;
    }
  }

  /** Snapshot + replay of every log generation it does not cover. */
  private static load(
    dir: string, SQL: Awaited<ReturnType<typeof loadSqlJs>>, normalize: NormalizeOptions,
    retention: Required<RetentionOptions>, warn: (message: string) => void,
  ): {
    data: StoreDatabase; covered: number; lastGeneration: number; replayed: number; replayedBytes: number;
    snapshotIdentity: string | null;
  } {
    const snapshot = fs.existsSync(dir) ? readSnapshot(dir) : { data: null, identity: null };
    const data = new StoreDatabase(new SQL.Database(snapshot.data ?? undefined), normalize, retention);
    const covered = Number(data.getMeta(COVERED_GENERATION) ?? 0);
    let lastGeneration = covered - 1;
    let replayed = 0;
    let replayedBytes = 0;
    const generations = fs.existsSync(dir) ? listLogGenerations(dir) : [];
    for (const generation of generations) {
      lastGeneration = Math.max(lastGeneration, generation);
      if (generation < covered) continue;
      const file = path.join(dir, logFileName(generation));
      let read;
      try {
        read = readLogFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted by a concurrent snapshot
        throw error;
      }
      replayedBytes += read.bytes;
      for (const record of read.records) {
        try {
          data.ingest(decodeRequest(record.body, record.signal, record.encoding));
          replayed++;
        } catch (error) {
          // A record that fails now (a decoder or normalizer change) must not make the store unopenable.
          const reason = error instanceof OtlpDecodeError ? 'an undecodable' : 'a failing';
          warn(`skipped ${reason} request in ${logFileName(generation)}: ${(error as Error).message}`);
        }
      }
      if (read.corruptTailBytes > 0) {
        warn(`ignored ${read.corruptTailBytes} damaged byte(s) at the end of ${logFileName(generation)} `
          + '(an interrupted write; the request was never acknowledged)');
      }
    }
    return { data, covered, lastGeneration, replayed, replayedBytes, snapshotIdentity: snapshot.identity };
  }

  private get writable(): boolean {
    return this.options.dir !== null && this.options.readOnly !== true && !this.closed;
  }

  /** Open the log for `this.generation` and delete logs the snapshot already covers. */
  private startGeneration(covered: number): void {
    const dir = this.options.dir!;
    this.writer = new RequestLogWriter(dir, this.generation);
    fsyncDir(dir);
    for (const generation of listLogGenerations(dir)) {
      if (generation < covered) fs.rmSync(path.join(dir, logFileName(generation)), { force: true });
    }
  }

  /**
   * Log the request, then store it. `decoded`: the request already decoded from exactly these bytes
   * (the importer decodes protobuf files to tell traces from logs), so it is not decoded twice.
   */
  ingestRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding, decoded?: DecodedRequest): IngestResult {
    decoded ??= decodeRequest(body, signal, encoding);
    if (this.closed) throw new Error('The trace store is closed');
    if (this.options.readOnly) throw new Error('The trace store was opened read-only');
    this.writer?.append({ signal, encoding, body });
    const result = this.data.ingest(decoded);
    this.afterChange();
    return result;
  }

  ingestDecoded(request: DecodedRequest): IngestResult {
    if (this.closed) throw new Error('The trace store is closed');
    const result = this.data.ingest(request);
    this.afterChange();
    return result;
  }

  private afterChange(): void {
    if (!this.writable) return;
    this.dirty = true;
    // The whole unsnapshotted log counts, including a tail replayed at open: it is what the next open replays.
    const logBytes = this.uncoveredLogBytes + (this.writer?.bytesWritten ?? 0);
    if (this.writer && logBytes > (this.options.snapshotMaxLogBytes ?? DEFAULT_SNAPSHOT_MAX_LOG_BYTES)) {
      this.snapshot();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      try {
        this.snapshot();
      } catch (error) {
        (this.options.onWarning ?? console.warn)(`snapshot failed: ${(error as Error).message}`);
      }
    }, this.options.snapshotIdleMs ?? DEFAULT_SNAPSHOT_IDLE_MS);
    this.idleTimer.unref();
  }

  /** Export to the snapshot file, then continue in a new log generation and drop the covered logs. */
  private snapshot(): void {
    if (!this.writable) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const dir = this.options.dir!;
    const next = this.generation + 1;
    this.data.setMeta(COVERED_GENERATION, String(next));
    writeSnapshot(dir, this.data.export());
    this.writer?.close();
    this.generation = next;
    this.startGeneration(next);
    this.uncoveredLogBytes = 0;
    this.dirty = false;
  }

  listTraces(filter?: TraceFilter): TraceSummary[] {
    return this.data.listTraces(filter);
  }

  getTraceSummary(traceId: string): TraceSummary | null {
    return this.data.getTraceSummary(traceId);
  }

  getTraceStructure(traceId: string): SpanStructure[] {
    return this.data.getTraceStructure(traceId);
  }

  getTraceSpans(traceId: string): NormalizedSpan[] {
    return this.data.getTraceSpans(traceId);
  }

  getSpan(traceId: string, spanId: string): NormalizedSpan | null {
    return this.data.getSpan(traceId, spanId);
  }

  searchSpans(query: SpanSearchQuery): SpanStructure[] {
    return this.data.searchSpans(query);
  }

  /** Per (recorded file, line, span name): count, p95, errors, tokens, latest span (for CodeLens). */
  codeLocationStats(filter?: CodeLocationFilter): CodeLocationStat[] {
    return queryCodeLocationStats(this.data.db, filter);
  }

  exportOtlpJson(traceIds?: string[]): string {
    return this.data.exportOtlpJson(traceIds);
  }

  /** The same requests as `exportOtlpJson`, one line at a time (for stores too big for one string). */
  exportOtlpJsonLines(traceIds: string[] | undefined, write: (line: string) => void): void {
    this.data.exportOtlpJsonLines(traceIds, write);
  }

  stats(): StoreStats {
    return this.data.stats();
  }

  /** Payload bytes counted for retention (raw span and log JSON). */
  payloadBytes(): number {
    return this.data.payloadBytes();
  }

  /** Delete everything; a writable store snapshots at once so a replay cannot bring data back. */
  clear(): void {
    if (this.closed) throw new Error('The trace store is closed');
    if (this.options.readOnly) throw new Error('The trace store was opened read-only');
    this.data.clear();
    if (this.writable) {
      this.dirty = true;
      this.snapshot();
    }
  }

  async flush(): Promise<void> {
    if (this.writable && this.dirty) this.snapshot();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      if (this.writable && this.dirty) this.snapshot();
    } finally {
      this.closed = true;
      this.writer?.close();
      this.writer = null;
      this.releaseLock?.();
      this.data.close();
    }
  }
}

export { SNAPSHOT_FILE };
