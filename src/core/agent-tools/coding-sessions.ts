// list_coding_sessions / get_coding_session: Claude Code, Codex, Gemini CLI and Copilot sessions as one report
// each (src/core/agents/session-report.ts). Recorded text (prompts, answers, tool arguments and output, names)
// is quoted as data and cut to the answer budget.
import { AGENT_LABELS, type AgentName } from '../agents/dialects';
import { codingSessionReport, type CodingSessionReport } from '../agents/session-report';
import { MAX_TOKENS_PROPERTY, budgetArg, checkKnown, optEnum, optInt, reqString } from './args';
import { BoundedText } from './budget';
import { formatCost, isoTime, plural } from './format';
import { Quoter } from './quote';
import { ToolInputError, yieldToEventLoop, type AgentTool, type JsonSchema, type ToolContext, type ToolResult } from './types';

const AGENTS = Object.keys(AGENT_LABELS) as AgentName[];

const listSchema: JsonSchema = {
  type: 'object',
  properties: {
    agent: { type: 'string', enum: AGENTS, description: 'Only sessions of this coding agent.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, description: 'Most sessions listed, newest first (default 20).' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  additionalProperties: false,
};

const getSchema: JsonSchema = {
  type: 'object',
  properties: {
    sessionId: { type: 'string', description: 'The session id list_coding_sessions printed.' },
    offset: { type: 'integer', minimum: 0, maximum: 100000, description: 'Skip this many prompts of the transcript (to page).' },
    maxTokens: MAX_TOKENS_PROPERTY,
  },
  required: ['sessionId'],
  additionalProperties: false,
};

function totalsLine(r: CodingSessionReport): string {
  return `${plural(r.prompts, 'prompt')}, ${plural(r.modelCalls, 'model call')}, tokens in ${r.tokens.input} `
    + `(cache read ${r.tokens.cacheRead}, cache write ${r.tokens.cacheWrite}) out ${r.tokens.output} `
    + `(reasoning ${r.tokens.reasoning}), cost ${formatCost(r.costUsd) ?? '$0'} (${r.costSource}), `
    + `${plural(r.failedTools, 'failed tool call')}`;
}

async function list(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, listSchema);
  const agent = optEnum(input, 'agent', AGENTS);
  const limit = optInt(input, 'limit', 1, 100) ?? 20;
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  const q = new Quoter();
  const sessions = await ctx.store.listSessions({ limit: 500 });
  out.push(q.preamble());
  const rows: Array<Record<string, unknown>> = [];
  for (const s of sessions) {
    if (rows.length >= limit) break;
    const report = await codingSessionReport(ctx.store, s.sessionId);
    if (!report?.agent || (agent && report.agent !== agent)) continue;
    rows.push({ sessionId: s.sessionId, agent: report.agent, prompts: report.prompts, costUsd: report.costUsd, lastUnixNano: s.endTimeUnixNano });
    out.push(`- session ${q.inline(s.sessionId, 80).text} · ${AGENT_LABELS[report.agent]} · last ${isoTime(s.endTimeUnixNano)} · ${totalsLine(report)}`);
    await yieldToEventLoop();
  }
  if (rows.length === 0) out.push(agent ? `No ${AGENT_LABELS[agent]} sessions are stored.` : 'No coding-agent sessions are stored.');
  else out.push('Next: get_coding_session with a sessionId for its tools, decisions and transcript.');
  return { text: out.render(), data: { sessions: rows } };
}

async function get(ctx: ToolContext, input: Record<string, unknown>): Promise<ToolResult> {
  checkKnown(input, getSchema);
  const id = reqString(input, 'sessionId');
  if (id.length > 200) throw new ToolInputError('sessionId is at most 200 characters; copy it from list_coding_sessions');
  const offset = optInt(input, 'offset', 0, 100000) ?? 0;
  const report = await codingSessionReport(ctx.store, id);
  if (!report) throw new ToolInputError('no session with that id; list_coding_sessions shows the stored ones');
  const out = new BoundedText(budgetArg(input, ctx.maxTokens));
  const q = new Quoter();
  out.push(q.preamble());
  out.push(`Session ${q.inline(id, 80).text}: ${report.agentLabel ?? 'unknown agent'}${report.agentVersion ? ` ${q.inline(report.agentVersion, 40).text}` : ''}`);
  out.push(totalsLine(report));
  const figures = Object.entries(report.figures).map(([k, v]) => `${k} ${Number(v.toFixed(6))}`);
  if (figures.length) out.push(`From the agent's metrics: ${figures.join(', ')}`);
  for (const t of report.tools) {
    const by = Object.entries(t.decidedBy).map(([who, n]) => `${q.inline(who, 40).text} ${n}`).join(', ');
    out.push(`Tool ${q.inline(t.name, 60).text}: ${plural(t.calls, 'call')}, ${t.failed} failed, ${t.accepted} accepted, ${t.rejected} rejected${by ? `; decided by ${by}` : ''}`);
  }
  const prompts = report.transcript.slice(offset);
  if (offset > 0 && prompts.length === 0) out.push(`Offset ${offset} is past the last prompt (${report.prompts}).`);
  let shown = 0;
  for (const p of prompts) {
    const lines = [`Prompt ${offset + shown + 1} at ${isoTime(p.startTimeUnixNano)} (trace ${p.traceId}): ${p.prompt === null ? '(prompt text not recorded)' : q.inline(p.prompt, 600).text}`];
    for (const s of p.steps) {
      if (s.kind === 'llm') {
        lines.push(`  model call ${q.inline(s.model ?? '', 60).text}: in ${s.tokens?.input ?? 0} out ${s.tokens?.output ?? 0}${s.costUsd ? `, ${formatCost(s.costUsd)} ${s.costReported ? 'reported' : 'priced'}` : ''}${s.status === 'error' ? ', ERROR' : ''}`);
      } else {
        lines.push(`  tool ${q.inline(s.name, 60).text}${s.decision ? ` (decision ${q.inline(s.decision, 30).text}${s.decisionSource ? ` by ${q.inline(s.decisionSource, 30).text}` : ''})` : ''}${s.status === 'error' ? ', ERROR' : ''}`,
          `    arguments: ${s.arguments ? q.inline(s.arguments, 400).text : '(not recorded)'}`);
        if (s.output) lines.push(`    output: ${q.inline(s.output, 400).text}`);
      }
    }
    lines.push(`  answer: ${p.answer === null ? '(not recorded)' : q.inline(p.answer, 600).text}`);
    if (!lines.every((line) => out.fits(line)) || !lines.every((line) => out.push(line))) {
      out.omit(`prompts ${offset + shown + 1}–${report.prompts}: call get_coding_session again with offset ${offset + shown}`);
      break;
    }
    shown++;
  }
  return { text: out.render(), data: { report: { ...report, transcript: report.transcript.slice(offset, offset + shown) } } };
}

export const listCodingSessionsTool: AgentTool = {
  name: 'list_coding_sessions',
  title: 'List coding-agent sessions',
  description: 'Claude Code, Codex, Gemini CLI and Copilot sessions recorded here, newest first: prompts, model calls, '
    + 'tokens by kind, cost (reported by the agent or priced), failed tool calls.',
  inputSchema: listSchema,
  run: list,
};

export const getCodingSessionTool: AgentTool = {
  name: 'get_coding_session',
  title: 'Read a coding-agent session',
  description: 'One coding-agent session: totals, the agent\'s own metrics (active time, lines changed …), tool calls by '
    + 'name with accept/reject decisions and who made them, and the transcript per prompt (prompt, model calls, tool '
    + 'calls with arguments and output, answer). Pages with offset.',
  inputSchema: getSchema,
  run: get,
};
