// One streamed call: build the provider's body, POST it, read the event stream as it arrives, and turn every way
// it can fail into a ReplayProviderError that names the endpoint and never the key.
import type { ReplayRequest } from '../types';
import { ReplayProviderError, endpointLabel, providerMessage, retryAfterSeconds, statusError, withoutKey } from './errors';
import { clientFor } from './clients';
import { readSse } from './sse';
import { BadEvent, StreamFailure, type BuiltBody, type ReplayAnswer, type ReplayEndpoint } from './types';

export interface RunOptions {
  /** The whole call, from sending to the last event. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Streamed text as it arrives. */
  onText?: (delta: string) => void;
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

export interface RunResult {
  answer: ReplayAnswer;
  built: Pick<BuiltBody, 'dropped' | 'defaulted'>;
}

/** The body a run would send (for showing it, and for tests). */
export function buildProviderRequest(request: ReplayRequest, endpoint: ReplayEndpoint): BuiltBody {
  return clientFor(endpoint.provider).build(request, endpoint);
}

async function readBody(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

export async function runOnProvider(request: ReplayRequest, endpoint: ReplayEndpoint, options: RunOptions = {}): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const client = clientFor(endpoint.provider);
  const built = client.build(request, endpoint);
  const label = endpointLabel(built.url);
  const scrub = (text: string): string => withoutKey(text, endpoint.apiKey);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const started = now();
  let firstChunkMs: number | null = null;
  let streamed = '';
  const failed = (error: unknown, cut: boolean): ReplayProviderError => {
    if (error instanceof ReplayProviderError) return error;
    if (timedOut) return new ReplayProviderError('timeout', label, `${label} did not finish within ${Math.round(timeoutMs / 1000)} s`);
    if (options.signal?.aborted) return new ReplayProviderError('network', label, `the call to ${label} was cancelled`);
    if (error instanceof BadEvent) return new ReplayProviderError('bad-response', label, `${label} sent ${error.message}`);
    if (error instanceof StreamFailure) return new ReplayProviderError('provider', label, `${label} reported an error in the stream: ${scrub(error.message)}`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = scrub(cause?.code ?? cause?.message ?? (error as Error).message ?? String(error));
    return cut
      ? new ReplayProviderError('stream-cut', label, `the stream from ${label} broke off before the answer was complete (${why})`)
      : new ReplayProviderError('network', label, `cannot reach ${label} (${why})`);
  };
  try {
    return await call();
  } catch (error) {
    const typed = failed(error, false);
    typed.latencyMs = now() - started;
    typed.partialText = streamed;
    throw typed;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }

  async function call(): Promise<RunResult> {
    let response: Response;
    try {
      response = await fetch(built.url, {
        method: 'POST', headers: built.headers, body: JSON.stringify(built.body), signal: controller.signal,
      });
    } catch (error) {
      throw failed(error, false);
    }
    if (!response.ok) {
      const text = scrub(providerMessage(await readBody(response)));
      throw statusError(response.status, label, text, retryAfterSeconds(response.headers.get('retry-after')));
    }
    if (!response.body) throw new ReplayProviderError('bad-response', label, `${label} answered without a body`);
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream')) {
      const text = scrub(providerMessage(await readBody(response)));
      throw new ReplayProviderError('bad-response', label, `${label} did not answer with an event stream (content-type ${type || 'none'}): ${text}`);
    }
    const parser = client.parser();
    try {
      for await (const event of readSse(response.body)) {
        const text = parser.onEvent(event);
        if (firstChunkMs === null && parser.sawOutput) firstChunkMs = now() - started;
        if (text) {
          streamed += text;
          options.onText?.(text);
        }
      }
    } catch (error) {
      throw failed(error, true);
    }
    if (!parser.complete) {
      throw new ReplayProviderError('stream-cut', label, `the stream from ${label} ended before the answer was complete`);
    }
    return { answer: { ...parser.answer(), latencyMs: now() - started, firstChunkMs }, built: { dropped: built.dropped, defaulted: built.defaulted } };
  }
}
