// Kept apart from the store so the extension host can use it without bundling sql.js.

/** A TraceFilter limit that lists every stored trace. */
export const ALL_TRACES = 1_000_000_000;
