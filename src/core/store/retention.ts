// Retention limits: a module of its own so the extension can read the defaults without loading the store.

export interface RetentionOptions {
  /** Keep at most this many spans (oldest healthy traces evicted first). Absent = default; 0 = no limit. */
  maxSpans?: number;
  /** Keep the stored span payload records under about this many bytes. Absent = default; 0 = no limit. */
  maxBytes?: number;
}

/**
 * The index keeps a few hundred bytes per span in memory; payloads stay on disk. The defaults bound the
 * folder at about 2 GiB and the ingest worker's memory at a few hundred megabytes.
 */
export const DEFAULT_RETENTION: Required<RetentionOptions> = { maxSpans: 1_000_000, maxBytes: 2 * 1024 ** 3 };

/** Keep everything (a reader of another process's store, or a one-off check of recorded files). */
export const NO_RETENTION_LIMIT: RetentionOptions = { maxSpans: 0, maxBytes: 0 };

/** Absent limits take the default; 0 (or less) means no limit. */
export function resolveRetention(options: RetentionOptions | undefined): Required<RetentionOptions> {
  const limit = (value: number | undefined, fallback: number): number =>
    value === undefined || Number.isNaN(value) ? fallback : value <= 0 ? Number.POSITIVE_INFINITY : value;
  return {
    maxSpans: limit(options?.maxSpans, DEFAULT_RETENTION.maxSpans),
    maxBytes: limit(options?.maxBytes, DEFAULT_RETENTION.maxBytes),
  };
}
