// spans_at_code_location: what a source file (or one line of it) emitted, with the store's per-location stats.
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optInt, reqString } from './args';
import { BoundedText } from './budget';
import { formatDurationMs, isoTime, plural } from './format';
import { Quoter } from './quote';
import { nameText } from './trace-lines';
import type { AgentTool, JsonSchema, ToolContext, ToolResult } from './types';
import { displayPath } from './workspace';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    file: { type: 'string', description: 'Source file: workspace-relative (src/agent.ts), absolute, or as the agent recorded it.' },
    line: { type: 'integer', minimum: 1, description: 'Only spans emitted at this 1-based line.' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  required: ['file'],
  additionalProperties: false,
};

function sameFile(ctx: ToolContext, recorded: string, wanted: string): boolean {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');
  const w = norm(wanted);
  const r = norm(recorded);
  if (r === w || r.endsWith(`/${w}`) || w.endsWith(`/${r}`)) return true;
  const resolved = ctx.workspace.resolveCodePath(recorded);
  return resolved !== null && (resolved.path === w || resolved.relPath === w || resolved.path.endsWith(`/${w}`));
}

async function run(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, schema);
  const file = reqString(input, 'file');
  const line = optInt(input, 'line', 1, 10_000_000);
  const q = new Quoter();
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  const stats = (await ctx.store.codeLocationStats()).filter((s) => sameFile(ctx, s.codeFile, file) && (line === undefined || s.codeLine === line));
  if (stats.length === 0) {
    return {
      text: `No stored span was emitted at ${nameText(q, file)}${line ? `:${line}` : ''}. Spans carry a code location when they set code.file.path and code.line.number.`,
      data: { locations: [] },
    };
  }
  stats.sort((x, y) => (x.codeLine ?? 0) - (y.codeLine ?? 0) || x.spanName.localeCompare(y.spanName));
  const total = stats.reduce((n, s) => n + s.count, 0);
  const errors = stats.reduce((n, s) => n + s.errorCount, 0);
  out.push(`${plural(total, 'span')} emitted at ${plural(stats.length, 'location')} of ${nameText(q, file)}${line ? `:${line}` : ''}, ${plural(errors, 'error')}:`);
  let shown = 0;
  for (const s of stats) {
    const resolved = ctx.workspace.resolveCodePath(s.codeFile);
    const where = `${resolved ? displayPath(resolved) : nameText(q, s.codeFile)}:${s.codeLine ?? '?'}`;
    const text = `- ${where} · ${nameText(q, s.spanName)} · ${plural(s.count, 'run')} · p95 ${formatDurationMs(s.p95DurationMs)} · ${plural(s.errorCount, 'error')} · ${s.totalTokens.toLocaleString('en-US')} tokens · latest ${isoTime(s.latest.startTimeUnixNano)} trace ${s.latest.traceId} span ${s.latest.spanId}`;
    if (!out.push(text)) break;
    shown++;
  }
  if (shown < stats.length) out.omit(`${stats.length - shown} more locations: ask for one "line".`);
  if (!out.full) out.push('\nNext: get_span with the latest traceId/spanId, or list_traces to find other runs.');
  return { text: out.render(), data: { locations: stats } };
}

export const spansAtCodeLocationTool: AgentTool = {
  name: 'spans_at_code_location',
  title: 'Spans emitted by a code location',
  description:
    'What a source file, or one line of it, emitted: per line and span name the number of runs, p95 duration, errors, tokens and the latest trace and span. '
    + 'Use it from the code side ("what did src/agent.ts:120 do at runtime?").',
  inputSchema: schema,
  run,
};
