// One trace read as one turn of a conversation: what the user said, what the assistant answered, and the tools it
// called on the way. Span content is untrusted model output: this only extracts text, it never interprets it.
import type { ChatMessage, MessagePart, NormalizedSpan, SpanStatus } from '../model/types';
import { TraceIndex, compareStart } from '../contracts/spans';

/** Longest text kept per transcript entry (the whole text is in the trace). */
export const TRANSCRIPT_TEXT_LIMIT = 4000;

export interface TranscriptText {
  text: string;
  /** The text was cut at TRANSCRIPT_TEXT_LIMIT characters. */
  truncated: boolean;
}

export interface TranscriptToolCall {
  spanId: string | null;
  name: string;
  arguments: TranscriptText | null;
  result: TranscriptText | null;
  status: SpanStatus;
  durationMs: number | null;
}

export interface TurnTranscript {
  userInput: TranscriptText | null;
  assistantOutput: TranscriptText | null;
  toolCalls: TranscriptToolCall[];
}

function clip(text: string | null): TranscriptText | null {
  if (text === null) return null;
  const t = text.trim();
  if (t.length === 0) return null;
  return t.length > TRANSCRIPT_TEXT_LIMIT
    ? { text: t.slice(0, TRANSCRIPT_TEXT_LIMIT), truncated: true }
    : { text: t, truncated: false };
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}

function partsText(parts: readonly MessagePart[]): string | null {
  const texts = parts.filter((p): p is Extract<MessagePart, { type: 'text' }> => p.type === 'text').map((p) => p.content);
  return texts.length > 0 ? texts.join('\n') : null;
}

function lastOfRole(messages: readonly ChatMessage[] | null, roles: readonly string[]): string | null {
  if (!messages) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (!roles.includes(m.role.toLowerCase())) continue;
    const t = partsText(m.parts);
    if (t !== null) return t;
  }
  return null;
}

const USER_ROLES = ['user', 'human'];
const ASSISTANT_ROLES = ['assistant', 'model', 'ai'];

function endOf(s: NormalizedSpan): bigint {
  try {
    return BigInt(s.endTimeUnixNano);
  } catch {
    return 0n;
  }
}

/** The turn of one trace's spans. */
export function turnTranscript(spans: readonly NormalizedSpan[]): TurnTranscript {
  const index = new TraceIndex(spans);
  const ordered = [...spans].sort(compareStart);
  const llms = ordered.filter((s) => s.kind === 'llm');
  const root = index.root;
  // The user's words: the entry span's input, else the newest user message the first model call saw.
  let userInput = root ? lastOfRole(root.inputMessages, USER_ROLES) : null;
  for (const s of llms) {
    if (userInput !== null) break;
    userInput = lastOfRole(s.inputMessages, USER_ROLES);
  }
  // The answer: the entry span's output, else the last model call to finish.
  let assistantOutput = root ? lastOfRole(root.outputMessages, ASSISTANT_ROLES) : null;
  if (assistantOutput === null) {
    const byEnd = [...llms].sort((a, b) => (endOf(a) < endOf(b) ? 1 : endOf(a) > endOf(b) ? -1 : 0));
    for (const s of byEnd) {
      assistantOutput = lastOfRole(s.outputMessages, ASSISTANT_ROLES);
      if (assistantOutput !== null) break;
    }
  }
  const toolSpans = ordered.filter((s) => s.kind === 'tool');
  const toolCalls: TranscriptToolCall[] = toolSpans.map((s) => ({
    spanId: s.spanId,
    name: s.toolName ?? s.name,
    arguments: clip(s.toolArguments),
    result: clip(s.toolResult),
    status: s.status,
    durationMs: s.durationMs,
  }));
  if (toolCalls.length === 0) {
    // No tool spans: the calls the model asked for, as its output recorded them.
    for (const s of llms) {
      for (const m of s.outputMessages ?? []) {
        for (const p of m.parts) {
          if (p.type !== 'tool_call') continue;
          toolCalls.push({ spanId: null, name: p.name, arguments: clip(valueText(p.arguments)), result: null, status: 'unset', durationMs: null });
        }
      }
    }
  }
  return { userInput: clip(userInput), assistantOutput: clip(assistantOutput), toolCalls };
}
