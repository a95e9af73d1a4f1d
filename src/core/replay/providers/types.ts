// What a provider client takes and gives back. The key travels only in request headers: never in a URL, an
// answer, an error message or anything stored.
import type { ReplayProvider, ReplayRequest } from '../types';
import type { TokenUsage } from '../../model/types';

export interface ReplayEndpoint {
  provider: ReplayProvider;
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com/v1. */
  baseUrl: string;
  apiKey: string;
}

export interface ReplayToolCall {
  id: string | null;
  name: string;
  /** JSON text, as streamed. Shown, never executed. */
  arguments: string;
}

/** The answer's token counts, in the span model's buckets. */
export type ReplayUsage = TokenUsage;

export interface ReplayAnswer {
  text: string;
  toolCalls: ReplayToolCall[];
  /** As the provider names it (stop, length, tool_calls, end_turn, STOP, max_output_tokens …). */
  finishReason: string | null;
  usage: ReplayUsage;
  responseModel: string | null;
  responseId: string | null;
  latencyMs: number;
  /** Time to the first streamed text or tool call. */
  firstChunkMs: number | null;
}

/** The provider's body for a request, with the parameters its API has no place for and the values it required. */
export interface BuiltBody {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Parameters left out: the target API does not take them (topK for OpenAI), or not here (a tool choice without tools). */
  dropped: string[];
  /** Values the API requires that the request did not have, e.g. `maxTokens = 4096 (required by Anthropic)`. */
  defaulted: string[];
}

/** One parsed server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a provider's stream event by event; `complete` once the provider said it finished. */
export interface StreamParser {
  /** Returns text to show as it arrives ('' when the event carried none). Throws StreamFailure on an error event. */
  onEvent(event: SseEvent): string;
  readonly complete: boolean;
  readonly sawOutput: boolean;
  answer(): Omit<ReplayAnswer, 'latencyMs' | 'firstChunkMs'>;
}

export interface ProviderClient {
  build(request: ReplayRequest, endpoint: ReplayEndpoint): BuiltBody;
  parser(): StreamParser;
}

/** An error the provider reported inside the stream. */
export class StreamFailure extends Error {
  override name = 'StreamFailure';
}

/** An event this client cannot read (not JSON, or not the API's shape). */
export class BadEvent extends Error {
  override name = 'BadEvent';
}

export function parseEvent(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BadEvent(`an event that is not a JSON object (${data.length} characters)`);
}

/** A request that cannot be put in the target API's shape (e.g. tool arguments that are not an object for Anthropic). */
export class ReplayBuildError extends Error {
  override name = 'ReplayBuildError';
}

export function emptyUsage(): ReplayUsage {
  return { inputTokens: null, outputTokens: null, totalTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null };
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The API path under a base URL; a query the base carries (Azure's `?api-version=`) stays at the end. */
export function joinUrl(base: string, path: string): string {
  const q = base.indexOf('?');
  const root = q < 0 ? base : base.slice(0, q);
  const query = q < 0 ? '' : base.slice(q);
  return `${root.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}${query}`;
}
