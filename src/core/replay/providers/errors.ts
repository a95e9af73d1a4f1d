// Typed errors for a failed run. They name the endpoint (origin and path, never a query string) and the provider's
// own message, with the key cut out wherever it might appear.
export type ReplayErrorKind =
  | 'auth' // 401, 403
  | 'rate-limit' // 429
  | 'server' // 5xx
  | 'request' // another 4xx: the provider refused the request
  | 'network' // no connection
  | 'timeout'
  | 'stream-cut' // the stream ended before the provider said it finished
  | 'provider' // an error event inside the stream
  | 'bad-response'; // not a stream this client can read

export class ReplayProviderError extends Error {
  override name = 'ReplayProviderError';
  constructor(
    readonly kind: ReplayErrorKind,
    /** Origin and path of the request, without a query string. */
    readonly endpoint: string,
    message: string,
    readonly status: number | null = null,
    /** From a 429's (or 503's) Retry-After header. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** How long the call ran before it failed, and the text streamed until then (set by the runner). */
  latencyMs: number | null = null;
  partialText = '';
}

/** Origin + path: what an error may name. */
export function endpointLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Retry-After as seconds: a number of seconds, or an HTTP date (relative to `now`). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const at = Date.parse(t);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - now) / 1000));
}

const MESSAGE_LIMIT = 400;

/** The provider's own words from an error body (OpenAI, Anthropic, Gemini all use `{error: {message}}`), cut short. */
export function providerMessage(bodyText: string): string {
  let text = bodyText;
  try {
    const parsed = JSON.parse(bodyText) as { error?: { message?: unknown } | string; message?: unknown };
    const inner = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message ?? parsed.message;
    if (typeof inner === 'string') text = inner;
  } catch {
    // not JSON: the text as sent
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
}

/** Cut the key (and any 12+ character piece of it) out of a text that could echo it. */
export function withoutKey(text: string, key: string): string {
  if (key.length === 0) return text;
  let out = text.split(key).join('[key]');
  if (key.length >= 24) {
    // Some providers echo a key partly masked: cut every 12-character window of it too.
    for (let i = 0; i + 12 <= key.length; i += 6) out = out.split(key.slice(i, i + 12)).join('[key]');
  }
  return out;
}

export function statusError(status: number, endpoint: string, body: string, retryAfter: number | null): ReplayProviderError {
  const said = body ? `: ${body}` : '';
  if (status === 401 || status === 403) {
    return new ReplayProviderError('auth', endpoint, `${endpoint} refused the key (HTTP ${status})${said}`, status);
  }
  if (status === 429) {
    const wait = retryAfter !== null ? `; retry after ${retryAfter} s` : '';
    return new ReplayProviderError('rate-limit', endpoint, `${endpoint} is rate limiting (HTTP 429${wait})${said}`, status, retryAfter);
  }
  if (status >= 500) {
    return new ReplayProviderError('server', endpoint, `${endpoint} failed (HTTP ${status})${said}`, status, retryAfter);
  }
  return new ReplayProviderError('request', endpoint, `${endpoint} refused the request (HTTP ${status})${said}`, status);
}
