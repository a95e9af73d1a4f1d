// Pieces every provider shape needs: text of a message, tool-call argument parsing, tool-call accumulation, and
// the state each stream parser collects.
import type { ReplayContent, ReplayMessage, ReplayRequest } from '../types';
import { emptyUsage, type ReplayToolCall, type SseEvent, type StreamParser } from './types';

export function texts(content: readonly ReplayContent[]): string[] {
  return content.flatMap((c) => (c.type === 'text' ? [c.text] : []));
}

export type ToolCallContent = Extract<ReplayContent, { type: 'tool_call' }>;
export type ToolResultContent = Extract<ReplayContent, { type: 'tool_result' }>;

export function toolCalls(m: ReplayMessage): ToolCallContent[] {
  return m.content.filter((c): c is ToolCallContent => c.type === 'tool_call');
}

export function toolResults(m: ReplayMessage): ToolResultContent[] {
  return m.content.filter((c): c is ToolResultContent => c.type === 'tool_result');
}

/** Parsed arguments when they are a JSON object, else null. */
export function argumentsObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The name of the call a result answers, found by id among the earlier messages. */
export function callNameFor(request: ReplayRequest, id: string | null): string | null {
  if (id === null) return null;
  for (const m of request.messages) for (const c of toolCalls(m)) if (c.id === id) return c.name;
  return null;
}

/** Tool calls streamed in pieces, keyed by their index in the answer. */
export class ToolCallAccumulator {
  private readonly calls = new Map<number | string, ReplayToolCall>();

  start(key: number | string, id: string | null, name: string, args = ''): void {
    this.calls.set(key, { id, name, arguments: args });
  }

  append(key: number | string, piece: { id?: string | null; name?: string; arguments?: string }): void {
    const call = this.calls.get(key) ?? { id: null, name: '', arguments: '' };
    if (piece.id) call.id = piece.id;
    if (piece.name) call.name += piece.name;
    if (piece.arguments) call.arguments += piece.arguments;
    this.calls.set(key, call);
  }

  get size(): number {
    return this.calls.size;
  }

  list(): ReplayToolCall[] {
    return [...this.calls.values()];
  }
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

/** What every provider's stream parser collects while reading, and the answer made of it. */
export abstract class AnswerStream implements StreamParser {
  sawOutput = false;
  protected text = '';
  protected finishReason: string | null = null;
  protected readonly calls = new ToolCallAccumulator();
  protected readonly usage = emptyUsage();
  protected model: string | null = null;
  protected id: string | null = null;

  abstract readonly complete: boolean;
  abstract onEvent(event: SseEvent): string;

  answer(): ReturnType<StreamParser['answer']> {
    return {
      text: this.text, toolCalls: this.calls.list(), finishReason: this.finishReason, usage: this.usage,
      responseModel: this.model, responseId: this.id,
    };
  }
}
