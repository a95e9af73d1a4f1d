// search_span_content: the store's content search (attributes, messages, tool calls, events, logs), newest first.
import { MAX_SEARCH_TEXT_CHARS } from '../model/search-limits';
import type { ContentMatch, ContentSearchResult } from '../model/store-types';
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optInt, optTraceId, reqString } from './args';
import { BoundedText } from './budget';
import { isoTime, plural } from './format';
import { Quoter } from './quote';
import { nameText } from './trace-lines';
import { ToolInputError, yieldToEventLoop, type AgentTool, type JsonSchema, type ToolContext, type ToolResult } from './types';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    text: { type: 'string', description: `Text to find, case-insensitive, at most ${MAX_SEARCH_TEXT_CHARS} characters (e.g. an order id, an error phrase, a document id).` },
    traceId: { type: 'string', description: 'Search only this trace.' },
    limit: { type: 'integer', minimum: 1, maximum: 500, description: 'Most matching spans (default 30).' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  required: ['text'],
  additionalProperties: false,
};

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What was and was not searched, truthfully. */
export function coverageNote(result: ContentSearchResult, limit: number): string {
  const searched = `${megabytes(result.scannedBytes)} of ${megabytes(result.totalBytes)} of stored content searched`;
  if (result.complete) return `Searched all ${megabytes(result.totalBytes)} of stored content.`;
  if (result.stoppedAtLimit) {
    return `Stopped at limit ${limit}: these are the newest matches; older spans may match too (${searched}; raise "limit" or narrow with traceId).`;
  }
  return `The search was cancelled: ${searched}; older content was not searched.`;
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const text = reqString(input, 'text');
  if (text.length > MAX_SEARCH_TEXT_CHARS) {
    throw new ToolInputError(`"text" is ${text.length.toLocaleString('en-US')} characters long; search for at most ${MAX_SEARCH_TEXT_CHARS} (a short, distinctive part of it)`);
  }
  const traceId = optTraceId(input, 'traceId');
  const limit = optInt(input, 'limit', 1, 500) ?? 30;
  if (traceId && !(await ctx.store.getTraceSummary(traceId))) throw new ToolInputError(`trace ${traceId} is not in the store`);
  const matches: ContentMatch[] = [];
  const result = await ctx.store.searchContent({ text, limit, ...(traceId ? { traceId } : {}) }, (p) => {
    matches.push(...p.matches);
  }, { pause: yieldToEventLoop, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const q = new Quoter();
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  out.push(q.preamble());
  out.push(`${plural(result.matchCount, 'span')} contain ${q.inline(text, 200).text}${traceId ? ` in trace ${traceId}` : ''}, newest first (most recently recorded first).`);
  out.push(coverageNote(result, limit));
  let shown = 0;
  for (const m of matches) {
    const s = m.span;
    const line = `- ${isoTime(s.startTimeUnixNano)} trace ${s.traceId} span ${s.spanId} · ${nameText(q, s.name)} [${s.kind}]${s.status === 'error' ? ' · ERROR' : ''} · ${q.inline(m.snippet, 300).text}`;
    if (!out.push(line)) break;
    shown++;
  }
  if (shown < matches.length) out.omit(`${matches.length - shown} more matches: narrow with traceId or a more specific text.`);
  if (matches.length > 0 && !out.full) out.push('\nNext: get_span with a traceId/spanId for the full content.');
  return { text: out.render(), data: { matchCount: result.matchCount, complete: result.complete, stoppedAtLimit: result.stoppedAtLimit === true, scannedBytes: result.scannedBytes, totalBytes: result.totalBytes, matches: matches.map((m) => ({ traceId: m.span.traceId, spanId: m.span.spanId, name: m.span.name })) } };
}

export const searchSpanContentTool: AgentTool = {
  name: 'search_span_content',
  title: 'Search span content',
  description:
    'Find spans whose recorded content (attributes, chat messages, tool arguments and results, retrieval documents, events, logs) contains a text, '
    + `case-insensitively, newest first, with a snippet around the hit. The text is at most ${MAX_SEARCH_TEXT_CHARS} characters; the answer says what was not searched.`,
  inputSchema: schema,
  run,
};
