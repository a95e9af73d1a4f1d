import type { NormalizeOptions, NormalizedSpan, PriceTable, RawLogRecord, RawSpan } from './types';

export declare const DEFAULT_PRICES: PriceTable;
export declare const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions;

/** Map one raw span (plus the log records that name it) onto the normalized model. Pure. */
export declare function normalizeSpan(raw: RawSpan, logs: RawLogRecord[], options: NormalizeOptions): NormalizedSpan;
