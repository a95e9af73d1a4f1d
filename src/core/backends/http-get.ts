// GET with headers, a timeout and a size cap, for the remote trace backends.
import http from 'node:http';
import https from 'node:https';

export interface GetReply {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface GetOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Larger answers are cut off with an error rather than held in memory. */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/** A backend answered with something other than success (the message names the URL path and the reason). */
export class RemoteError extends Error {
  constructor(message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'RemoteError';
  }
}

export function httpGet(url: URL, options: GetOptions = {}): Promise<GetReply> {
  const lib = url.protocol === 'https:' ? https : http;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { headers: options.headers ?? {}, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (c: Buffer) => {
        total += c.length;
        if (total > maxBytes) {
          req.destroy(new RemoteError(`${url.host}${url.pathname}: answer larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? '').toLowerCase(),
        body: Buffer.concat(chunks),
      }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new RemoteError(`${url.host}${url.pathname}: no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RemoteError) reject(error);
      else reject(new RemoteError(`${url.host}: ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ')));
    });
  });
}

/** A short, printable reason from an error body (JSON `message`/`error.message`, or text). */
export function errorText(reply: GetReply): string {
  const text = reply.body.subarray(0, 2000).toString('utf8').trim();
  if (reply.contentType.includes('json') || text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } };
      const message = parsed.error?.message ?? parsed.message;
      if (typeof message === 'string') return message;
    } catch {
      // not JSON after all
    }
  }
  return text.slice(0, 300);
}

/** Joins a backend's base URL (which may carry a path prefix) and an API path. */
export function apiUrl(base: string, path: string, query: Record<string, string | undefined> = {}): URL {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  return url;
}
