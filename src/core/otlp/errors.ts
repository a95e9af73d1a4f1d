/**
 * Thrown for malformed input; `message` is the reason given back to the client (HTTP 400).
 * `path` names where in the request it happened (`resourceSpans[0].scopeSpans[1].spans[2].traceId`).
 */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
  readonly reason: string;
  path: string;

  constructor(reason: string, path = '') {
    super(path ? `${path}: ${reason}` : reason);
    this.reason = reason;
    this.path = path;
  }

  /** Prepend an outer location (`spans[2]`, `resourceSpans[0]`) as the error travels up. */
  prependPath(segment: string): this {
    const joiner = this.path === '' || this.path.startsWith('[') ? '' : '.';
    this.path = segment + joiner + this.path;
    this.message = `${this.path}: ${this.reason}`;
    return this;
  }
}

/** Prefix the location of a nested failure; other errors pass through unchanged. */
export function atPath(segment: string, err: unknown): unknown {
  return err instanceof OtlpDecodeError ? err.prependPath(segment) : err;
}
